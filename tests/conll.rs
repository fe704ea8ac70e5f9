//! Scoring a matcher on CoNLL-2003 (IOB1 files such as `eng.testa`), span by span.

use std::collections::BTreeMap;

use newsgaz::{AliasKind, Matcher};

/// One document: its text (tokens joined by spaces, sentences by newlines) and the gold
/// entities as `(start, end, type)` byte spans.
#[derive(Debug, Default)]
pub struct Document {
    /// The reconstructed text.
    pub text: String,
    /// Gold entities.
    pub gold: Vec<(usize, usize, String)>,
}

/// Splits a CoNLL-2003 file into documents at `-DOCSTART-` lines.
pub fn read_documents(content: &str) -> Vec<Document> {
    let mut docs: Vec<Document> = Vec::new();
    let mut doc = Document::default();
    let mut open: Option<(usize, usize, String)> = None;
    let mut line_start = true;
    let close = |doc: &mut Document, open: &mut Option<(usize, usize, String)>| {
        if let Some(e) = open.take() {
            doc.gold.push(e);
        }
    };
    for line in content.lines() {
        if line.starts_with("-DOCSTART-") {
            close(&mut doc, &mut open);
            if !doc.text.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            line_start = true;
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.len() < 2 {
            close(&mut doc, &mut open);
            if !doc.text.is_empty() && !line_start {
                doc.text.push('\n');
                line_start = true;
            }
            continue;
        }
        let (token, tag) = (fields[0], fields[fields.len() - 1]);
        if !line_start {
            doc.text.push(' ');
        }
        line_start = false;
        let start = doc.text.len();
        doc.text.push_str(token);
        let end = doc.text.len();
        match tag.split_once('-') {
            Some((prefix, kind)) => {
                let continues = prefix == "I" && open.as_ref().is_some_and(|(_, _, k)| k == kind);
                if continues {
                    if let Some(e) = open.as_mut() {
                        e.1 = end;
                    }
                } else {
                    close(&mut doc, &mut open);
                    open = Some((start, end, kind.to_owned()));
                }
            }
            None => close(&mut doc, &mut open),
        }
    }
    close(&mut doc, &mut open);
    if !doc.text.is_empty() {
        docs.push(doc);
    }
    docs
}

/// The CoNLL type a match stands for: places are LOC, organisations ORG, a demonym
/// ("Chinese") is MISC in CoNLL's scheme, anything else is left out.
pub fn conll_type(label: &str, kind: AliasKind) -> Option<&'static str> {
    match (label, kind) {
        (_, AliasKind::Demonym) => Some("MISC"),
        ("COUNTRY" | "CITY" | "REGION", _) => Some("LOC"),
        ("ORG", _) => Some("ORG"),
        _ => None,
    }
}

/// Counts for one type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted spans that are gold spans of the type.
    pub true_positives: usize,
    /// Predicted spans of the type.
    pub predicted: usize,
    /// Gold spans of the type.
    pub gold: usize,
}

impl Counts {
    /// Precision (1 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.predicted)
    }

    /// Recall (1 when there is no gold span).
    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.gold)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// The scores, and every wrong prediction and missed span (`type`, text) for reading.
#[derive(Debug, Default)]
pub struct Score {
    /// Counts by type.
    pub by_type: BTreeMap<String, Counts>,
    /// Predictions that are not gold spans of their type: `(type, text, gold type there,
    /// entity id)`.
    pub false_positives: Vec<(String, String, String, String)>,
    /// Correct predictions: `(type, text, entity id)`.
    pub true_positives: Vec<(String, String, String)>,
    /// Gold spans not predicted with their type.
    pub false_negatives: Vec<(String, String)>,
}

/// Tags every document with `matcher` and scores exact spans by type.
pub fn score(matcher: &Matcher, docs: &[Document]) -> Score {
    score_with(matcher, docs, |_, _| true)
}

/// Like [`score`], keeping only the matches `keep(match, matched text)` accepts.
pub fn score_with(
    matcher: &Matcher,
    docs: &[Document],
    keep: impl Fn(&newsgaz::Match<'_>, &str) -> bool,
) -> Score {
    let gazetteer = matcher.gazetteer();
    let mut score = Score::default();
    for doc in docs {
        let mut predicted = Vec::new();
        for m in matcher.find_iter(&doc.text) {
            if !keep(&m, &doc.text[m.start()..m.end()]) {
                continue;
            }
            let first = m.candidates()[0];
            let entry = gazetteer.entry(first.entity);
            if let Some(kind) = conll_type(&entry.label, first.kind) {
                predicted.push((m.start(), m.end(), kind.to_owned(), entry.id.clone()));
            }
        }
        let spans: Vec<(usize, usize, String)> = predicted
            .iter()
            .map(|(s, e, k, _)| (*s, *e, k.clone()))
            .collect();
        for g in &doc.gold {
            score.by_type.entry(g.2.clone()).or_default().gold += 1;
            if !spans.contains(g) {
                score
                    .false_negatives
                    .push((g.2.clone(), doc.text[g.0..g.1].to_owned()));
            }
        }
        for (p, id) in spans.iter().zip(predicted.iter().map(|p| &p.3)) {
            let counts = score.by_type.entry(p.2.clone()).or_default();
            counts.predicted += 1;
            if doc.gold.contains(p) {
                counts.true_positives += 1;
                score
                    .true_positives
                    .push((p.2.clone(), doc.text[p.0..p.1].to_owned(), id.clone()));
            } else {
                let there = doc
                    .gold
                    .iter()
                    .find(|g| g.0 < p.1 && p.0 < g.1)
                    .map_or("O".to_owned(), |g| g.2.clone());
                score.false_positives.push((
                    p.2.clone(),
                    doc.text[p.0..p.1].to_owned(),
                    there,
                    id.clone(),
                ));
            }
        }
    }
    score
}

/// Whether a match respects the case mode of the form it matched, as the data asks
/// (`"case": "exact"` forms only as written, others in any case). For measuring with a
/// matcher that does not honour per-form case modes itself.
pub fn respects_form_case(
    gazetteer: &newsgaz::Gazetteer,
    m: &newsgaz::Match<'_>,
    text: &str,
) -> bool {
    m.candidates().iter().any(|c| {
        gazetteer
            .entry(c.entity)
            .surface_forms()
            .any(|f| match f.case {
                Some(newsgaz::CaseMode::Exact) => f.text == text,
                _ => f.text.to_lowercase() == text.to_lowercase(),
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_iob1_entities_and_documents() {
        let content = "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\ncall NN I-NP O\n\nNew NNP I-NP I-LOC\nYork NNP I-NP I-LOC\nParis NNP I-NP B-LOC\n-DOCSTART- -X- O O\n\nPeter NNP I-NP I-PER\n";
        let docs = read_documents(content);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].text, "EU rejects German call\nNew York Paris");
        let spans: Vec<(&str, &str)> = docs[0]
            .gold
            .iter()
            .map(|(s, e, k)| (&docs[0].text[*s..*e], k.as_str()))
            .collect();
        assert_eq!(
            spans,
            [
                ("EU", "ORG"),
                ("German", "MISC"),
                ("New York", "LOC"),
                ("Paris", "LOC")
            ]
        );
        assert_eq!(docs[1].text, "Peter");
    }
}
