//! Article parsing on the shared corpora (`../shared/data`): the seed article split by hand,
//! every BBC article, and 20 BBC articles whose sentences were counted by hand.
//! Skips without the data; fails when `CI` is set and the data is missing.

use std::path::{Path, PathBuf};

use newsgaz::article::{Decoding, QuoteKind};
use newsgaz::{Article, ArticleError};
use newsgaz_conformance::shared_data;

/// Checks what must hold for every parsed article: spans in bounds and on character
/// boundaries, sentences inside paragraphs and in order, quotes and cues inside the text.
fn check_invariants(a: &Article, name: &str) {
    let text = &a.text;
    let ok = |s: newsgaz::Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    for w in a.paragraphs.windows(2) {
        assert!(w[0].end < w[1].start, "{name}: paragraphs overlap");
    }
    for w in a.sentences.windows(2) {
        assert!(w[0].end <= w[1].start, "{name}: sentences overlap");
    }
    for s in &a.sentences {
        assert!(ok(*s) && !s.is_empty(), "{name}: bad sentence {s:?}");
        assert!(
            a.paragraphs.iter().any(|p| p.contains(*s)),
            "{name}: sentence outside paragraphs"
        );
    }
    for q in &a.quotes {
        assert!(
            ok(q.span) && q.span.contains(q.content),
            "{name}: bad quote"
        );
        if let Some(cue) = &q.cue {
            assert!(ok(cue.span), "{name}: bad cue");
            assert!(cue.speaker.is_none_or(ok), "{name}: bad speaker");
        }
    }
    for x in &a.attributions {
        assert!(ok(x.source) && ok(x.cue), "{name}: bad attribution");
    }
}

fn first_words(a: &Article, spans: &[newsgaz::Span]) -> Vec<String> {
    spans
        .iter()
        .map(|s| {
            s.slice(&a.text)
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_owned()
        })
        .collect()
}

#[test]
fn seed_article_is_split_exactly_and_its_quotes_have_speakers() {
    let Some(data) = shared_data() else { return };
    let path = data.join("seed/putin-li-shangfu.txt");
    let a = Article::parse_plain_bytes(&std::fs::read(&path).unwrap(), "seed").unwrap();
    check_invariants(&a, "seed");
    // Checked by hand: 12 paragraphs of one sentence each, except the fifth
    // (`Putin said ... cooperation.” He boasted ...`), which has two.
    let per_paragraph: Vec<usize> = a
        .paragraphs
        .iter()
        .map(|p| a.sentences.iter().filter(|s| p.contains(**s)).count())
        .collect();
    assert_eq!(per_paragraph, [1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1]);
    assert_eq!(
        first_words(&a, &a.sentences),
        [
            "Last", "China", "Last", "Footage", "Putin", "He", "The", "Speaking", "While", "In",
            "He", "China", "Last"
        ]
    );
    // Every sentence ends with its full stop (and the closing quote after it).
    for s in &a.sentences {
        let s = s.slice(&a.text);
        assert!(s.ends_with('.') || s.ends_with(".”"), "{s}");
    }
    assert!(a.sentences[4].slice(&a.text).ends_with("cooperation.”"));

    let quote = |content_start: &str| {
        a.quotes
            .iter()
            .find(|q| q.content.slice(&a.text).starts_with(content_start))
            .unwrap_or_else(|| panic!("no quote starting {content_start:?}"))
    };
    let scare = quote("no limits");
    assert_eq!(scare.kind, QuoteKind::Scare);
    assert_eq!(scare.span.slice(&a.text), "“no limits”");
    let putin_paragraph = a.paragraphs[4];
    let in_putin_paragraph: Vec<_> = a
        .quotes
        .iter()
        .filter(|q| putin_paragraph.contains(q.span))
        .collect();
    assert_eq!(in_putin_paragraph.len(), 2);
    for q in in_putin_paragraph {
        assert_eq!(q.kind, QuoteKind::Speech);
        let cue = q.cue.as_ref().unwrap();
        assert_eq!(cue.span.slice(&a.text), "said");
        assert_eq!(cue.verb, "say");
        assert_eq!(cue.speaker.unwrap().slice(&a.text), "Putin");
    }
    let described = quote("another crucial area").cue.as_ref().unwrap();
    assert_eq!(described.verb, "describe");
    assert_eq!(
        described.speaker.unwrap().slice(&a.text),
        "The Russian president"
    );
    let he_said = quote("military cooperation, military")
        .cue
        .as_ref()
        .unwrap();
    assert_eq!(he_said.speaker.unwrap().slice(&a.text), "He");
    assert_eq!(a.quotes.len(), 6);

    let attributions: Vec<(&str, &str)> = a
        .attributions
        .iter()
        .map(|x| (x.source.slice(&a.text), x.verb.as_str()))
        .collect();
    assert_eq!(
        attributions,
        [("Reuters", "report"), ("the Associated Press", "report")]
    );
}

fn bbc_files(data: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for category in ["business", "entertainment", "politics", "sport", "tech"] {
        let dir = data.join("bbc-news/bbc").join(category);
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_bbc_article_parses_with_a_title_and_round_trips() {
    let Some(data) = shared_data() else { return };
    let files = bbc_files(&data);
    assert_eq!(files.len(), 2225);
    let mut failures = Vec::new();
    let mut paragraphs = 0;
    for path in &files {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).unwrap();
        let article = match Article::parse_plain_bytes(&bytes, &name) {
            Ok(a) => a,
            Err(e) => {
                failures.push((name.clone(), e.to_string()));
                match e {
                    ArticleError::InvalidUtf8 { offset, .. } => assert_eq!(offset, 257),
                    other => panic!("{other}"),
                }
                Article::parse_plain_bytes_with(&bytes, &name, Decoding::Lossy).unwrap()
            }
        };
        check_invariants(&article, &name);
        assert!(
            article.title.as_deref().is_some_and(|t| !t.is_empty()),
            "{name}: no title"
        );
        assert!(!article.sentences.is_empty(), "{name}: no sentences");
        paragraphs += article.paragraphs.len();
        let json = serde_json::to_string(&article).unwrap();
        let back: Article = serde_json::from_str(&json).unwrap();
        assert_eq!(back, article, "{name}: serde round trip");
    }
    // SOURCE.md of the corpus counts 10,635 body paragraphs (one a line, list items too).
    assert_eq!(paragraphs, 10_635);
    // Only the Latin-1 file fails, with an error naming the file and the byte.
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(failures[0].0.ends_with("sport/199.txt"));
    assert!(
        failures[0]
            .1
            .ends_with("sport/199.txt: invalid UTF-8 at byte 257"),
        "{}",
        failures[0].1
    );
}

/// Corpus totals, pinned so that a change to the parser (a speed-up, say) that moves any
/// sentence boundary, quote, cue or attribution on the BBC corpus shows up here.
#[test]
fn bbc_corpus_totals_are_pinned() {
    let Some(data) = shared_data() else { return };
    #[derive(Debug, Default, PartialEq)]
    struct Totals {
        sentences: usize,
        quotes: usize,
        speech: usize,
        scare: usize,
        with_cue: usize,
        with_speaker: usize,
        carried: usize,
        attributions: usize,
    }
    let mut got = Totals::default();
    for path in bbc_files(&data) {
        let bytes = std::fs::read(&path).unwrap();
        let a = Article::parse_plain_bytes_with(&bytes, "bbc", Decoding::Lossy).unwrap();
        got.sentences += a.sentences.len();
        got.quotes += a.quotes.len();
        got.attributions += a.attributions.len();
        for q in &a.quotes {
            match q.kind {
                QuoteKind::Speech => got.speech += 1,
                _ => got.scare += 1,
            }
            if let Some(cue) = &q.cue {
                got.with_cue += 1;
                got.with_speaker += usize::from(cue.speaker.is_some());
                got.carried += usize::from(cue.carried);
            }
        }
    }
    let expected = Totals {
        sentences: 41_722,
        quotes: 9_552,
        speech: 8_320,
        scare: 1_232,
        with_cue: 7_610,
        with_speaker: 7_125,
        carried: 1_601,
        attributions: 1_002,
    };
    assert_eq!(got, expected);
}

/// Sentence counts of the body (title excluded) made by reading each article: a quoted
/// passage of several sentences counts as several; `"...," said X.` is one sentence.
const HAND_COUNTED: &[(&str, usize)] = &[
    ("business/006.txt", 9),
    ("business/108.txt", 10),
    ("business/321.txt", 8),
    ("business/433.txt", 10),
    ("entertainment/065.txt", 8),
    ("entertainment/186.txt", 8),
    ("entertainment/249.txt", 7),
    ("entertainment/344.txt", 8),
    ("politics/015.txt", 8),
    ("politics/235.txt", 8),
    ("politics/236.txt", 8),
    ("politics/249.txt", 7),
    ("sport/005.txt", 10),
    ("sport/019.txt", 7),
    ("sport/083.txt", 6),
    ("sport/262.txt", 6),
    ("tech/003.txt", 10),
    ("tech/025.txt", 10),
    ("tech/238.txt", 9),
    ("tech/284.txt", 8),
];

#[test]
fn sentence_counts_match_hand_counts_on_20_bbc_articles() {
    let Some(data) = shared_data() else { return };
    let mut report = Vec::new();
    let (mut ours, mut theirs) = (0, 0);
    for &(file, expected) in HAND_COUNTED {
        let path = data.join("bbc-news/bbc").join(file);
        let a = Article::parse_plain_bytes(&std::fs::read(&path).unwrap(), file).unwrap();
        let got = a.sentences.len();
        ours += got;
        theirs += expected;
        let off = got.abs_diff(expected) as f64 / expected as f64;
        if off > 0.10 {
            report.push(format!("{file}: {got} sentences, counted {expected}"));
        }
    }
    assert!(report.is_empty(), "{report:#?}");
    assert_eq!(theirs, 165);
    assert!(
        ours.abs_diff(theirs) * 10 <= theirs,
        "{ours} sentences, counted {theirs}"
    );
}
