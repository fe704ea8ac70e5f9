use newsgaz::{AnnotateOptions, Annotator, CaseMode, Matcher, MatcherOptions};

use super::*;

fn exact_matcher(gazetteer: newsgaz::Gazetteer) -> Matcher {
    Matcher::with_options(gazetteer, MatcherOptions::with_case(CaseMode::Exact))
}

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
    let matcher = exact_matcher(gazetteer_from_conll(&train, 0.0, "t").unwrap());
    let with = ConllScores::evaluate(
        &Annotator::new(matcher.clone()),
        &docs[..1],
        &LabelMap::new(),
    );
    // Anna Berg, New Town, Berg; not Carl nor the lone Town.
    assert_eq!(
        (
            with.overall().correct,
            with.overall().predicted,
            with.overall().gold
        ),
        (3, 3, 5)
    );
    let mut options = AnnotateOptions::default();
    options.partial_names = false;
    let without = Annotator::with_options(matcher, options);
    assert_eq!(
        ConllScores::evaluate(&without, &docs[..1], &LabelMap::new())
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
    let matcher = exact_matcher(strict);
    let scores = ConllScores::evaluate(&Annotator::new(matcher), &dev, &LabelMap::new());
    assert_eq!(scores.overall().correct, 1);
}
