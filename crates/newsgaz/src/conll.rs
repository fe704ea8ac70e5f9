//! CoNLL-2003 style files: reading them, building a gazetteer from their entities, and
//! scoring an [`Annotator`] on them the way `conlleval` does (an entity counts as correct
//! only when its token span and its label are both exact).
//!
//! A file has one token a line, columns separated by white space, the entity tag in the
//! last column (IOB1 as in CoNLL-2003, or IOB2); a blank line ends a sentence and a
//! `-DOCSTART-` line starts a document.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use crate::annotate::Annotator;
use crate::article::Article;
use crate::error::{ConllError, GazetteerError, Location};
use crate::gazetteer::{Entry, Gazetteer};
use crate::matcher::MatcherBuilder;
use crate::normalize::CaseMode;
use crate::span::Span;
use crate::tag::Mention;

/// One token and its entity tag (`O`, `I-PER`, `B-LOC`...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConllToken {
    /// The token as written.
    pub text: String,
    /// The entity tag.
    pub tag: String,
}

/// An entity: tokens `start..end` of a document, with a label.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConllEntity {
    /// Index of the first token.
    pub start: usize,
    /// Index one past the last token.
    pub end: usize,
    /// The label (`PER`, `LOC`, `ORG`, `MISC`).
    pub label: String,
}

/// One document: its tokens and where its sentences lie.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConllDocument {
    /// Every token, in order.
    pub tokens: Vec<ConllToken>,
    /// Token ranges of the sentences.
    pub sentences: Vec<std::ops::Range<usize>>,
}

impl ConllDocument {
    /// The entities the tags mark: a run of `I-X` (or `B-X` then `I-X`) tags within one
    /// sentence; `B-X` always starts a new entity, as in IOB1 and IOB2.
    pub fn entities(&self) -> Vec<ConllEntity> {
        let mut out = Vec::new();
        for sentence in &self.sentences {
            let mut open: Option<ConllEntity> = None;
            for i in sentence.clone() {
                let tag = &self.tokens[i].tag;
                let (prefix, label) = tag.split_once('-').unwrap_or(("O", ""));
                let continues = prefix == "I" && open.as_ref().is_some_and(|e| e.label == label);
                if continues {
                    if let Some(e) = open.as_mut() {
                        e.end = i + 1;
                    }
                    continue;
                }
                out.extend(open.take());
                if prefix != "O" {
                    open = Some(ConllEntity {
                        start: i,
                        end: i + 1,
                        label: label.to_owned(),
                    });
                }
            }
            out.extend(open);
        }
        out
    }

    /// The tokens of `entity` joined by spaces.
    pub fn phrase(&self, entity: &ConllEntity) -> String {
        let words: Vec<&str> = self.tokens[entity.start..entity.end]
            .iter()
            .map(|t| t.text.as_str())
            .collect();
        words.join(" ")
    }

    /// The document as an article (tokens joined by spaces, sentences by line breaks; each
    /// sentence is also a paragraph; no title) and the byte span of every token.
    pub fn to_article(&self) -> (Article, Vec<Span>) {
        let mut text = String::new();
        let mut token_spans = vec![Span::new(0, 0); self.tokens.len()];
        let mut sentence_spans = Vec::with_capacity(self.sentences.len());
        for (n, sentence) in self.sentences.iter().enumerate() {
            if n > 0 {
                text.push('\n');
            }
            let start = text.len();
            for i in sentence.clone() {
                if i > sentence.start {
                    text.push(' ');
                }
                let at = text.len();
                text.push_str(&self.tokens[i].text);
                token_spans[i] = Span::new(at, text.len());
            }
            sentence_spans.push(Span::new(start, text.len()));
        }
        let article = Article {
            text,
            paragraphs: sentence_spans.clone(),
            sentences: sentence_spans,
            ..Article::default()
        };
        (article, token_spans)
    }
}

impl ConllDocument {
    /// Reads CoNLL text; `source` names it in errors.
    pub fn read(text: &str, source: &str) -> Result<Vec<ConllDocument>, ConllError> {
        let mut documents = Vec::new();
        let mut doc = ConllDocument::default();
        let mut sentence_start = 0;
        let end_sentence = |doc: &mut ConllDocument, start: &mut usize| {
            if doc.tokens.len() > *start {
                doc.sentences.push(*start..doc.tokens.len());
            }
            *start = doc.tokens.len();
        };
        for (i, line) in text.lines().enumerate() {
            let at = || Location::new(source).at_line(i + 1);
            let columns: Vec<&str> = line.split_whitespace().collect();
            if columns.is_empty() {
                end_sentence(&mut doc, &mut sentence_start);
                continue;
            }
            if columns[0] == "-DOCSTART-" {
                end_sentence(&mut doc, &mut sentence_start);
                if !doc.tokens.is_empty() {
                    documents.push(std::mem::take(&mut doc));
                }
                sentence_start = 0;
                continue;
            }
            if columns.len() < 2 {
                return Err(ConllError::InvalidLine {
                    at: at(),
                    message: format!("expected a token and a tag, found {line:?}"),
                });
            }
            let tag = columns[columns.len() - 1];
            let valid = tag == "O"
                || tag
                    .split_once('-')
                    .is_some_and(|(p, l)| matches!(p, "I" | "B") && !l.is_empty());
            if !valid {
                return Err(ConllError::InvalidLine {
                    at: at().field("tag"),
                    message: format!("expected O, I-LABEL or B-LABEL, found {tag:?}"),
                });
            }
            doc.tokens.push(ConllToken {
                text: columns[0].to_owned(),
                tag: tag.to_owned(),
            });
        }
        end_sentence(&mut doc, &mut sentence_start);
        if !doc.tokens.is_empty() {
            documents.push(doc);
        }
        Ok(documents)
    }

    /// Reads a CoNLL file.
    pub fn read_path(path: impl AsRef<Path>) -> Result<Vec<ConllDocument>, ConllError> {
        let path = path.as_ref();
        let source = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConllError::Io {
            at: Location::new(&source),
            source: e,
        })?;
        ConllDocument::read(&text, &source)
    }
}

/// A gazetteer of the entities of `documents`: one entry per distinct (phrase, label),
/// id `LABEL:phrase`, exact case, with the number of times it was seen as attribute
/// `count` (a prior for [`crate::AnnotateOptions::prior`]). A phrase seen with several
/// labels gets several entries, so its matches stay ambiguous. Each phrase also matches
/// in capitals (headlines and datelines are written so).
///
/// Annotation slips make common words entities once in a while ("The" tagged LOC): a
/// phrase is kept only when at least `min_ratio` of its whole-token occurrences in
/// `documents` (as the longest match) are tagged as an entity; its ratio is kept as
/// attribute `ratio`. `0.0` keeps every phrase.
pub fn gazetteer_from_conll(
    documents: &[ConllDocument],
    min_ratio: f64,
    source: &str,
) -> Result<Gazetteer, GazetteerError> {
    let mut counts: BTreeMap<(String, String), u64> = BTreeMap::new();
    for doc in documents {
        for e in doc.entities() {
            *counts.entry((doc.phrase(&e), e.label)).or_default() += 1;
        }
    }
    let entries: Vec<Entry> = counts
        .into_iter()
        .map(|((phrase, label), count)| {
            let upper = phrase.to_uppercase();
            let mut entry = Entry::new(format!("{label}:{phrase}"), phrase, label);
            if upper != entry.name {
                entry = entry.alias(upper);
            }
            entry.case = Some(CaseMode::Exact);
            entry.attributes.insert("count".into(), Value::from(count));
            entry
        })
        .collect();
    let all = Gazetteer::from_entries(entries, source)?;
    // How often each phrase occurs as the longest match, and how often as an entity. A
    // match reports the phrase's first entry: every entry of a phrase shares its counts.
    let matcher = MatcherBuilder::new().case_mode(CaseMode::Exact).build(all);
    let mut seen: HashMap<&str, (u64, u64)> = HashMap::new();
    let gazetteer = matcher.gazetteer();
    for doc in documents {
        let (article, token_spans) = doc.to_article();
        let tokens = TokenIndex::new(&token_spans);
        let gold: HashSet<(usize, usize)> =
            doc.entities().iter().map(|e| (e.start, e.end)).collect();
        for m in matcher.find_iter(&article.text) {
            let Some(span) = tokens.range(m.start(), m.end()) else {
                continue;
            };
            let counts = seen
                .entry(gazetteer.entry(m.entity()).name.as_str())
                .or_default();
            counts.0 += 1;
            counts.1 += u64::from(gold.contains(&span));
        }
    }
    let kept: Vec<Entry> = gazetteer
        .entries()
        .iter()
        .filter_map(|entry| {
            let (occurrences, entities) = seen.get(entry.name.as_str()).copied().unwrap_or((0, 0));
            let ratio = if occurrences == 0 {
                1.0
            } else {
                entities as f64 / occurrences as f64
            };
            (ratio >= min_ratio).then(|| {
                let mut entry = entry.clone();
                entry.attributes.insert("ratio".into(), Value::from(ratio));
                entry
            })
        })
        .collect();
    Gazetteer::from_entries(kept, source)
}

/// Maps byte offsets of token starts and ends to token indices.
struct TokenIndex {
    starts: HashMap<usize, usize>,
    ends: HashMap<usize, usize>,
}

impl TokenIndex {
    fn new(token_spans: &[Span]) -> TokenIndex {
        TokenIndex {
            starts: token_spans
                .iter()
                .enumerate()
                .map(|(i, s)| (s.start, i))
                .collect(),
            ends: token_spans
                .iter()
                .enumerate()
                .map(|(i, s)| (s.end, i))
                .collect(),
        }
    }

    /// The token range `start..end` covers, if it starts and ends on token boundaries.
    fn range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        Some((*self.starts.get(&start)?, *self.ends.get(&end)? + 1))
    }
}

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
    /// with the label of their resolved entity (mentions that start or end inside a token
    /// are dropped, as a token-level tagger could not express them).
    pub fn predict(&self, annotator: &Annotator) -> Vec<ConllEntity> {
        self.predict_with(annotator, |m| Some(m.label.clone()))
    }

    /// Like [`ConllDocument::predict`], with the CoNLL label of each mention chosen by
    /// `label` (`None` leaves the mention out): to score `COUNTRY` as `LOC`, or a demonym
    /// ("Chinese", CoNLL's `MISC`) apart from its country.
    pub fn predict_with(
        &self,
        annotator: &Annotator,
        label: impl Fn(&Mention) -> Option<String>,
    ) -> Vec<ConllEntity> {
        let (article, token_spans) = self.to_article();
        let tokens = TokenIndex::new(&token_spans);
        annotator
            .annotate(&article, "")
            .mentions
            .iter()
            .filter_map(|m| {
                let (start, end) = tokens.range(m.start, m.end)?;
                Some(ConllEntity {
                    start,
                    end,
                    label: label(m)?,
                })
            })
            .collect()
    }
}

impl ConllScores {
    /// Scores `annotator` on `documents`.
    pub fn evaluate(annotator: &Annotator, documents: &[ConllDocument]) -> ConllScores {
        ConllScores::evaluate_with(annotator, documents, |m| Some(m.label.clone()))
    }

    /// Scores `annotator` on `documents`, labelling mentions with `label` (see
    /// [`ConllDocument::predict_with`]).
    pub fn evaluate_with(
        annotator: &Annotator,
        documents: &[ConllDocument],
        label: impl Fn(&Mention) -> Option<String>,
    ) -> ConllScores {
        let mut scores = ConllScores::default();
        for doc in documents {
            scores.add(&doc.entities(), &doc.predict_with(annotator, &label));
        }
        scores
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::AnnotateOptions;
    use crate::matcher::MatcherBuilder;

    const SAMPLE: &str = "-DOCSTART- -X- O O

Anna NNP I-NP I-PER
Berg NNP I-NP I-PER
met VBD I-VP O
Carl NNP I-NP B-PER
in IN I-PP O
New NNP I-NP I-LOC
Town NNP I-NP I-LOC
. . O O

Berg NNP I-NP I-PER
left VBD I-VP O
Town NNP I-NP B-LOC

-DOCSTART- -X- -X- O

Town NNP I-NP I-ORG
Anna NNP I-NP I-PER
";

    #[test]
    fn reads_documents_sentences_and_iob_entities() {
        let docs = ConllDocument::read(SAMPLE, "s").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences, [0..8, 8..11]);
        let got: Vec<(String, String)> = docs[0]
            .entities()
            .iter()
            .map(|e| (docs[0].phrase(e), e.label.clone()))
            .collect();
        let want = [
            ("Anna Berg", "PER"),
            ("Carl", "PER"),
            ("New Town", "LOC"),
            ("Berg", "PER"),
            ("Town", "LOC"),
        ];
        assert_eq!(got.len(), want.len());
        for ((g, gl), (w, wl)) in got.iter().zip(want) {
            assert_eq!((g.as_str(), gl.as_str()), (w, wl));
        }
        // A change of type ends an entity even without B-.
        assert_eq!(docs[1].entities().len(), 2);
        let (article, spans) = docs[0].to_article();
        assert_eq!(
            article.text,
            "Anna Berg met Carl in New Town .\nBerg left Town"
        );
        assert_eq!(spans[9].slice(&article.text), "left");
    }

    #[test]
    fn bad_lines_are_errors_naming_the_line() {
        let err = ConllDocument::read("a O\nb X-PER\n", "f.conll").unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.conll:2: field `tag`: invalid CoNLL line: expected O, I-LABEL or B-LABEL, found \"X-PER\""
        );
        let err = ConllDocument::read("\nlonely\n", "f.conll").unwrap_err();
        assert!(
            err.to_string().starts_with("f.conll:2: invalid CoNLL line"),
            "{err}"
        );
    }

    #[test]
    fn scores_count_exact_span_and_label() {
        let e = |start, end, label: &str| ConllEntity {
            start,
            end,
            label: label.into(),
        };
        let mut s = ConllScores::default();
        s.add(
            &[e(0, 2, "PER"), e(3, 4, "LOC"), e(5, 6, "ORG")],
            // Right; wrong label; wrong span.
            &[e(0, 2, "PER"), e(3, 4, "ORG"), e(5, 7, "ORG")],
        );
        let all = s.overall();
        assert_eq!((all.gold, all.predicted, all.correct), (3, 3, 1));
        assert!((all.f1() - 100.0 / 3.0).abs() < 1e-9);
        assert_eq!(s.labels["LOC"].precision(), 0.0);
        assert_eq!(s.labels["PER"].f1(), 100.0);
        assert!((s.labels["ORG"].precision() - 0.0).abs() < 1e-9);
        assert_eq!(s.labels["ORG"].predicted, 2);
    }

    #[test]
    fn gazetteer_from_training_entities_and_partial_names_in_evaluation() {
        let docs = ConllDocument::read(SAMPLE, "s").unwrap();
        let gazetteer = gazetteer_from_conll(&docs, 0.0, "s").unwrap();
        // "Town" is LOC once and ORG once: two entries, ambiguous; "Berg" is PER.
        assert_eq!(gazetteer.get("LOC:Town").unwrap().attributes["count"], 1);
        assert!(gazetteer.get("ORG:Town").is_some());
        assert_eq!(gazetteer.len(), 7);

        // Train on the full name only: "Berg" alone is found by the partial-name rule.
        let train =
            ConllDocument::read("Anna I-PER\nBerg I-PER\nNew I-LOC\nTown I-LOC\n", "t").unwrap();
        let matcher = MatcherBuilder::new()
            .case_mode(CaseMode::Exact)
            .build(gazetteer_from_conll(&train, 0.0, "t").unwrap());
        let with = ConllScores::evaluate(&Annotator::new(matcher.clone()), &docs[..1]);
        // Anna Berg, New Town, Berg; not Carl nor the lone Town.
        assert_eq!(
            (
                with.overall().correct,
                with.overall().predicted,
                with.overall().gold
            ),
            (3, 3, 5)
        );
        let without = Annotator::with_options(
            matcher,
            AnnotateOptions {
                partial_names: false,
                ..AnnotateOptions::default()
            },
        );
        assert_eq!(
            ConllScores::evaluate(&without, &docs[..1])
                .overall()
                .correct,
            2
        );
    }

    #[test]
    fn rare_entity_readings_are_dropped_and_capitals_match() {
        // "The" is tagged LOC once in four occurrences: a slip, dropped at 0.5.
        let train = "The I-LOC\nend O\n\nThe O\nOslo I-LOC\n\nThe O\nend O\n\nThe O\nend O\n";
        let docs = ConllDocument::read(train, "t").unwrap();
        let strict = gazetteer_from_conll(&docs, 0.5, "t").unwrap();
        assert!(strict.get("LOC:The").is_none());
        assert_eq!(strict.get("LOC:Oslo").unwrap().attributes["ratio"], 1.0);
        let loose = gazetteer_from_conll(&docs, 0.0, "t").unwrap();
        assert_eq!(loose.get("LOC:The").unwrap().attributes["ratio"], 0.25);
        // Headlines in capitals still match.
        let dev = ConllDocument::read("OSLO I-LOC\nwins O\n", "d").unwrap();
        let matcher = MatcherBuilder::new()
            .case_mode(CaseMode::Exact)
            .build(strict);
        let scores = ConllScores::evaluate(&Annotator::new(matcher), &dev);
        assert_eq!(scores.overall().correct, 1);
    }
}
