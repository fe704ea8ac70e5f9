use super::search::SEARCH_STEP;
use super::*;
use crate::gazetteer::Entry;
use crate::normalize::CaseMode;

fn matcher(entries: Vec<Entry>) -> Matcher {
    Matcher::new(Gazetteer::from_entries(entries, "test").unwrap())
}

fn spans(m: &Matcher, text: &str) -> Vec<(String, String)> {
    m.find_iter(text)
        .map(|x| {
            (
                x.span().slice(text).to_owned(),
                m.gazetteer().entry(x.entity()).id.clone(),
            )
        })
        .collect()
}

#[test]
fn matcher_is_send_sync_and_cheap_to_clone() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<Matcher>();
    // A clone shares the compiled matcher: nothing is copied.
    let m = matcher(vec![Entry::new("cn", "China", "COUNTRY")]);
    let clone = m.clone();
    assert!(Arc::ptr_eq(&m.inner, &clone.inner));
    let text = "China";
    let found = std::thread::scope(|s| s.spawn(|| clone.find_iter(text).count()).join());
    assert_eq!(found.unwrap(), 1);
}

#[test]
fn first_words_remembered_over_a_long_text_change_nothing() {
    // Enough walks to fill the table of first words (and make words share slots),
    // repeated words in every case, words over its 16 bytes, aliases that share their
    // first word: the word-start engine agrees with the unanchored one.
    let names = [
        "New York",
        "New York City",
        "York",
        "New",
        "Newcastle upon Tyne",
        "Internationalisation Board",
        "internationalisation",
        "St. Louis",
        "A Coruna",
        "Ab",
    ];
    let mut entries: Vec<Entry> = names
        .iter()
        .enumerate()
        .map(|(i, n)| Entry::new(format!("e{i}"), *n, "X"))
        .collect();
    entries.extend((0..600).map(|i| Entry::new(format!("w{i}"), format!("word{i} tail"), "X")));
    let gazetteer = Arc::new(Gazetteer::from_entries(entries, "t").unwrap());
    let words = [
        "new",
        "New",
        "NEW",
        "york",
        "York",
        "city",
        "newcastle",
        "upon",
        "Tyne",
        "internationalisation",
        "Internationalisation",
        "board",
        "st.",
        "louis",
        "a",
        "coruna",
        "ab",
        "abc",
        "tail",
        "the",
    ];
    let mut text = String::new();
    let mut state = 7u64;
    for i in 0..20_000 {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let pick = (state >> 33) as usize;
        if pick % 3 == 0 {
            text.push_str(&format!("word{} ", pick % 700));
        } else {
            text.push_str(words[pick % words.len()]);
        }
        text.push_str([" ", " ", ", ", "\n", "  "][i % 5]);
    }
    for case in [CaseMode::Insensitive, CaseMode::Smart] {
        let options = MatcherOptions::with_case(case);
        let anchored = Matcher::with_options(gazetteer.clone(), options.clone());
        let unanchored = Matcher::with_unanchored_search(gazetteer.clone(), options);
        for overlapping in [false, true] {
            let spans = |m: &Matcher| -> Vec<(Span, EntityIndex)> {
                let found = if overlapping {
                    m.find_overlapping_iter(&text)
                } else {
                    m.find_iter(&text)
                };
                found.map(|m| (m.span(), m.entity())).collect()
            };
            let want = spans(&unanchored);
            assert!(want.len() > 2_000, "{} matches", want.len());
            assert_eq!(
                spans(&anchored),
                want,
                "{case:?}, overlapping: {overlapping}"
            );
        }
    }
}

#[test]
fn both_engines_ask_to_go_on_every_step_and_stop_when_told() {
    let gazetteer = Arc::new(
        Gazetteer::from_entries(
            [
                Entry::new("a", "Lisbon", "X"),
                Entry::new("b", "Porto", "X"),
            ],
            "t",
        )
        .unwrap(),
    );
    // 3.6 MB of prose, and as many bytes of white space and accented words (no
    // match, no start: read a char at a time).
    let prose = "Rain in Lisbon and Porto, said Rui. ".repeat(100_000);
    let blank = "  \n éé ".repeat(prose.len() / 8);
    for unanchored in [false, true] {
        let options = MatcherOptions::default();
        let m = if unanchored {
            Matcher::with_unanchored_search(gazetteer.clone(), options)
        } else {
            Matcher::with_options(gazetteer.clone(), options)
        };
        let want: Vec<Span> = m.find_iter(&prose).map(|m| m.span()).collect();
        let mut asked = 0;
        let mut count = || {
            asked += 1;
            true
        };
        let got = m.search(&prose, false, &mut count).unwrap();
        assert_eq!(got.iter().map(|m| m.span()).collect::<Vec<_>>(), want);
        assert_eq!(asked, prose.len() / SEARCH_STEP, "unanchored: {unanchored}");
        assert_eq!(
            m.search(&prose, true, &mut || false).err(),
            Some(Interrupted)
        );
        if !unanchored {
            // The word-start engine asks even where nothing starts.
            assert_eq!(
                m.search(&blank, false, &mut || false).err(),
                Some(Interrupted)
            );
        }
    }
}

#[test]
fn boundary_filter_comes_before_leftmost_longest() {
    let m = matcher(vec![
        Entry::new("the", "the", "X"),
        Entry::new("them", "them", "X"),
        Entry::new("dc", "District of Columbia", "X"),
        Entry::new("col", "Columbia", "X"),
        Entry::new("dis", "District", "X"),
    ]);
    // "them" is longer but ends inside "themarket"; "the" respects no boundary either.
    assert_eq!(spans(&m, "of the market"), [("the".into(), "the".into())]);
    assert_eq!(
        spans(&m, "the District of Columbia."),
        [
            ("the".into(), "the".into()),
            ("District of Columbia".into(), "dc".into())
        ]
    );
}

#[test]
fn curly_apostrophe_possessive_matches_and_smart_case_skips_lower_case() {
    let m = matcher(vec![Entry::new("cn", "China", "COUNTRY")]);
    // "china" (porcelain) is not China in the default smart mode; "CHINA" is.
    assert_eq!(
        spans(&m, "China’s CHINA china"),
        [("China".into(), "cn".into()), ("CHINA".into(), "cn".into())]
    );
    assert!(spans(&m, "Chinatown").is_empty());
}

#[test]
fn case_rules_per_matcher_entry_and_alias() {
    let entries = || {
        let mut us = Entry::new("us", "US", "COUNTRY");
        us.aliases.push(crate::gazetteer::Alias {
            text: "America".into(),
            kind: AliasKind::Alias,
            case: Some(CaseMode::Exact),
        });
        let mut who = Entry::new("who", "WHO", "ORG");
        who.case = Some(CaseMode::Insensitive);
        vec![us, who, Entry::new("nato", "NATO", "ORG")]
    };
    let text = "us US Us America AMERICA who Who nato Nato NATO";
    let table: [(CaseMode, &[&str]); 3] = [
        // Smart: acronyms up to 3 letters only in capitals, longer ones need a capital
        // start; the exact alias and the insensitive entry keep their own modes.
        (
            CaseMode::Smart,
            &["US", "America", "who", "Who", "Nato", "NATO"],
        ),
        (
            CaseMode::Insensitive,
            &[
                "us", "US", "Us", "America", "who", "Who", "nato", "Nato", "NATO",
            ],
        ),
        (CaseMode::Exact, &["US", "America", "who", "Who", "NATO"]),
    ];
    for (case, want) in table {
        let options = MatcherOptions {
            case,
            ..MatcherOptions::default()
        };
        let m = Matcher::with_options(Gazetteer::from_entries(entries(), "t").unwrap(), options);
        let got: Vec<&str> = m.find_iter(text).map(|x| x.span().slice(text)).collect();
        assert_eq!(got, want, "{case:?}");
    }
}

#[test]
fn same_surface_under_two_case_variants_is_one_mention() {
    let mut apple = Entry::new("org:apple", "Apple", "ORG");
    apple.case = Some(CaseMode::Exact);
    let fruit = Entry::new("fruit:apple", "apple", "FOOD");
    let m = matcher(vec![apple, fruit]);
    let text = "Apple apple APPLE";
    let got: Vec<(&str, Vec<u32>)> = m
        .find_iter(text)
        .map(|x| {
            (
                x.span().slice(text),
                x.candidates().iter().map(|c| c.entity.as_u32()).collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Apple", vec![0, 1]),
            ("apple", vec![1]),
            ("APPLE", vec![1])
        ]
    );
}

#[test]
fn alias_may_begin_with_white_space_when_it_is_not_folded() {
    // The mark folds away, leaving "\nsao": a start at a newline must be walked.
    let options = MatcherOptions {
        fold_whitespace: false,
        word_boundaries: false,
        ..MatcherOptions::default()
    };
    let g = Gazetteer::from_entries([Entry::new("sp", "\u{301}\nSao", "X")], "t").unwrap();
    let m = Matcher::with_options(g, options);
    let text = "\u{301}\nSAO";
    let got: Vec<&str> = m.find_iter(text).map(|x| x.span().slice(text)).collect();
    assert_eq!(got, ["\nSAO"]);
}

#[test]
fn a_key_past_the_walk_limit_is_found_by_the_unanchored_scan() {
    let long = vec!["a"; 700].join(" ") + " b";
    assert!(long.len() > MAX_WALK);
    let m = matcher(vec![
        Entry::new("long", &long, "X"),
        Entry::new("a", "a", "X"),
    ]);
    assert!(matches!(m.inner.engine, Engine::Unanchored(_)));
    let text = format!("a {long} a");
    let got: Vec<(usize, usize)> = m.find_iter(&text).map(|x| (x.start(), x.end())).collect();
    assert_eq!(
        got,
        [(0, 1), (2, 2 + long.len()), (text.len() - 1, text.len())]
    );
    // The compiled file rebuilds the same engine.
    let loaded = Matcher::from_compiled(&m.to_compiled(), "long.ngz").unwrap();
    assert!(matches!(loaded.inner.engine, Engine::Unanchored(_)));
    let again: Vec<(usize, usize)> = loaded
        .find_iter(&text)
        .map(|x| (x.start(), x.end()))
        .collect();
    assert_eq!(again, got);
}

#[test]
fn overlapping_reports_every_match() {
    let m = matcher(vec![
        Entry::new("vp", "Vladimir Putin", "PERSON"),
        Entry::new("p", "Putin", "PERSON"),
        Entry::new("v", "Vladimir", "PERSON"),
    ]);
    let text = "Vladimir Putin spoke.";
    let all: Vec<&str> = m
        .find_overlapping_iter(text)
        .map(|x| x.span().slice(text))
        .collect();
    assert_eq!(all, ["Vladimir", "Vladimir Putin", "Putin"]);
    let one: Vec<&str> = m.find_iter(text).map(|x| x.span().slice(text)).collect();
    assert_eq!(one, ["Vladimir Putin"]);
}
