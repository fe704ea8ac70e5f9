//! Scoring an annotator on CoNLL documents the way `conlleval` does: an entity counts as
//! correct only when its token span and its label are both exact.

use std::collections::BTreeMap;

use newsgaz::Annotator;

use crate::labels::LabelMap;
use crate::reader::{ConllDocument, ConllEntity, TokenIndex};

/// Entity counts for one label (or all): gold, predicted, and correct (exact span and label).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ConllCounts {
    /// Entities in the gold standard.
    pub gold: usize,
    /// Entities predicted.
    pub predicted: usize,
    /// Predicted entities with exactly the gold span and label.
    pub correct: usize,
}

impl ConllCounts {
    /// Correct / predicted, in percent (0 when nothing was predicted), as conlleval.
    pub fn precision(&self) -> f64 {
        percent(self.correct, self.predicted)
    }

    /// Correct / gold, in percent (0 when there is no gold entity).
    pub fn recall(&self) -> f64 {
        percent(self.correct, self.gold)
    }

    /// The harmonic mean of precision and recall (0 when both are 0).
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// Entity-level scores per label.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConllScores {
    /// ConllCounts per label, by label.
    pub labels: BTreeMap<String, ConllCounts>,
    /// Number of documents scored.
    pub documents: usize,
}

impl ConllScores {
    /// Adds one document's gold and predicted entities.
    pub fn add(&mut self, gold: &[ConllEntity], predicted: &[ConllEntity]) {
        self.documents += 1;
        for e in gold {
            self.labels.entry(e.label.clone()).or_default().gold += 1;
        }
        for e in predicted {
            let counts = self.labels.entry(e.label.clone()).or_default();
            counts.predicted += 1;
            if gold.contains(e) {
                counts.correct += 1;
            }
        }
    }

    /// The counts summed over every label.
    pub fn overall(&self) -> ConllCounts {
        self.labels
            .values()
            .fold(ConllCounts::default(), |a, c| ConllCounts {
                gold: a.gold + c.gold,
                predicted: a.predicted + c.predicted,
                correct: a.correct + c.correct,
            })
    }
}

impl ConllDocument {
    /// The entities `annotator` finds in this document: mentions that cover whole tokens,
    /// labelled by `labels` (mentions that start or end inside a token are dropped, as a
    /// token-level tagger could not express them; so are those `labels` leaves out).
    pub fn predict(&self, annotator: &Annotator, labels: &LabelMap) -> Vec<ConllEntity> {
        self.predict_linked(annotator, labels)
            .into_iter()
            .map(|p| p.entity)
            .collect()
    }

    /// Like [`ConllDocument::predict`], with the gazetteer entry behind each prediction.
    pub fn predict_linked(&self, annotator: &Annotator, labels: &LabelMap) -> Vec<Prediction> {
        let (article, token_spans) = self.to_article();
        let tokens = TokenIndex::new(&token_spans);
        let annotated = annotator.annotate_owned(article, String::new());
        annotated
            .mentions
            .iter()
            .filter_map(|m| {
                let (start, end) = tokens.range(m.span.start, m.span.end)?;
                let entry = annotated.entry(m.entity());
                Some(Prediction {
                    entity: ConllEntity {
                        start,
                        end,
                        label: labels.label(m, entry)?,
                    },
                    id: entry.id.clone(),
                    label: entry.label.clone(),
                })
            })
            .collect()
    }
}

/// A predicted entity and the gazetteer entry its mention was resolved to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prediction {
    /// The entity as scored.
    pub entity: ConllEntity,
    /// The entry's id.
    pub id: String,
    /// The entry's own label (before mapping).
    pub label: String,
}

impl ConllScores {
    /// Scores `annotator` on `documents`, labelling mentions with `labels`.
    pub fn evaluate(
        annotator: &Annotator,
        documents: &[ConllDocument],
        labels: &LabelMap,
    ) -> ConllScores {
        let mut scores = ConllScores::default();
        for doc in documents {
            scores.add(&doc.entities(), &doc.predict(annotator, labels));
        }
        scores
    }
}
