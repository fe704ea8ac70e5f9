//! The matcher against the naive reference (`tests/reference.rs`): random texts, gazetteers
//! and options mixing scripts, case, diacritics, white space and punctuation must give the
//! same mentions with the same offsets and candidates. `fuzz/` runs the same check.

use newsgaz_conformance::reference::{check, scenario};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn matcher_agrees_with_the_reference(bytes in proptest::collection::vec(any::<u8>(), 0..160)) {
        if let Some(s) = scenario(&bytes) {
            if let Err(e) = check(&s) {
                prop_assert!(false, "{}", e);
            }
        }
    }
}

/// Scenarios spelled out, so that the reference itself is seen to do what it says.
#[test]
fn reference_finds_the_documented_mentions() {
    use newsgaz::{Entry, Gazetteer, MatcherOptions};
    use newsgaz_conformance::reference::find;
    let gazetteer = Gazetteer::from_entries(
        [
            Entry::new("cn", "China", "X"),
            Entry::new("sp", "São Paulo", "X"),
            Entry::new("us", "US", "X"),
        ],
        "t",
    )
    .unwrap();
    let text = "china CHINA’s Sao\nPaulo us US Chinatown";
    let found: Vec<(&str, Vec<u32>)> = find(&gazetteer, &MatcherOptions::default(), text, false)
        .into_iter()
        .map(|m| (&text[m.start..m.end], m.entities))
        .collect();
    assert_eq!(
        found,
        [("CHINA", vec![0]), ("Sao\nPaulo", vec![1]), ("US", vec![2])]
    );
}
