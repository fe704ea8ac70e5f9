//! The built-in gazetteer against the shared data (issue 5): the committed data is what
//! the generator makes, the seed article is tagged right, CoNLL-2003 dev precision holds.

use newsgaz::{AnnotateOptions, Annotator, Article, Gazetteer, Matcher};
use newsgaz_conformance::{repo_root, shared_data, tagged, whole_word_positions};
use newsgaz_eval::{ConllDocument, ConllScores, LabelMap};

#[test]
fn committed_data_is_what_the_generator_makes() {
    let Some(data) = shared_data() else { return };
    let generated = newsgaz_gazetteer_gen::generate(&data).unwrap();
    let path = repo_root().join("crates/newsgaz/data/gazetteer.jsonl.gz");
    let committed = newsgaz_gazetteer_gen::decompress(&std::fs::read(&path).unwrap()).unwrap();
    assert!(
        committed == generated.jsonl,
        "{} is out of date: run `cargo run --release -p newsgaz-gazetteer-gen`",
        path.display()
    );
    // And it is what the library embeds.
    assert_eq!(Gazetteer::builtin().len(), generated.entries);
}

#[test]
fn seed_article_with_the_default_gazetteer_alone() {
    let Some(data) = shared_data() else { return };
    let path = data.join("seed/putin-li-shangfu.txt");
    let article = Article::parse_plain_bytes(&std::fs::read(&path).unwrap(), "seed").unwrap();
    let matcher = Matcher::new(Gazetteer::default());
    let plain = Annotator::with_options(matcher.clone(), AnnotateOptions::plain());
    let matches = tagged(&plain.annotate(&article, "seed"));
    let text = &matches.text;
    let expected = [
        ("China", "country:CN"),
        ("Chinese", "country:CN"),
        ("Russia", "country:RU"),
        ("Russian", "country:RU"),
        ("Ukraine", "country:UA"),
        ("US", "country:US"),
        ("Moscow", "geonames:524901"),
        ("Beijing", "geonames:1816670"),
        ("Reuters", "org:reuters"),
        ("Associated Press", "org:associated-press"),
        ("NATO", "org:nato"),
        ("Far East", "region:far-east"),
        ("Europe", "geonames:6255148"),
    ];
    let mut wanted = Vec::new();
    for (word, entity) in expected {
        let at = whole_word_positions(text, word);
        assert!(!at.is_empty(), "{word} is in the article");
        wanted.extend(
            at.into_iter()
                .map(|start| (start, word.to_owned(), entity.to_owned())),
        );
    }
    // "Russian" inside "Russian/Chinese" etc.: every occurrence, and nothing else.
    wanted.sort();
    let found: Vec<(usize, String, String)> = matches
        .mentions
        .iter()
        .map(|m| (m.start, m.text.clone(), m.entity.clone()))
        .collect();
    assert_eq!(found, wanted);
    // The annotator (what `newsgaz tag` runs) keeps every one of them; it adds the people
    // found in the text (pinned in `shared_annotate.rs`).
    let annotated = tagged(&Annotator::new(matcher).annotate(&article, "seed"));
    let found: Vec<(usize, String, String)> = annotated
        .mentions
        .iter()
        .filter(|m| !m.entity.starts_with("person:~"))
        .map(|m| (m.start, m.text.clone(), m.entity.clone()))
        .collect();
    assert_eq!(found, wanted);
}

#[test]
fn conll_dev_precision_and_recall() {
    let Some(data) = shared_data() else { return };
    let docs = ConllDocument::read_path(data.join("conll2003/eng.testa")).unwrap();
    assert_eq!(docs.len(), 216);
    let annotator = Annotator::new(Matcher::new(Gazetteer::default()));
    let scores = ConllScores::evaluate(&annotator, &docs, &LabelMap::builtin_conll());
    let (loc, org, per) = (
        scores.labels["LOC"],
        scores.labels["ORG"],
        scores.labels["PER"],
    );
    eprintln!("LOC {loc:?} ORG {org:?} PER {per:?}");
    // Floors under the measured values (docs/builtin-gazetteer.md,
    // docs/organisations-check.md), to catch regressions.
    assert!(
        loc.precision() > 90.0,
        "LOC precision {:.1}",
        loc.precision()
    );
    assert!(loc.recall() > 65.0, "LOC recall {:.1}", loc.recall());
    // Issue 29's bars (docs/organisations-check.md): organisations and people found in
    // the text, with no training.
    assert!(
        org.precision() > 85.0 && org.recall() > 55.0,
        "ORG precision {:.1} recall {:.1}",
        org.precision(),
        org.recall()
    );
    assert!(
        per.precision() > 93.0 && per.recall() > 75.0,
        "PER precision {:.1} recall {:.1}",
        per.precision(),
        per.recall()
    );
    let overall = scores.overall();
    assert!(overall.f1() > 78.0, "overall F1 {:.1}", overall.f1());
}
