//! A gazetteer built from the entities of training documents.

use std::collections::{BTreeMap, HashMap, HashSet};

use newsgaz::{CaseMode, Entry, Gazetteer, GazetteerError, Matcher, MatcherOptions};
use serde_json::Value;

use crate::reader::{ConllDocument, TokenIndex};

/// A gazetteer of the entities of `documents`: one entry per distinct (phrase, label),
/// id `LABEL:phrase`, exact case, with the number of times it was seen as attribute
/// `count` (a prior for [`newsgaz::AnnotateOptions::prior`]). A phrase seen with several
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
    let matcher = Matcher::with_options(all, MatcherOptions::with_case(CaseMode::Exact));
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
