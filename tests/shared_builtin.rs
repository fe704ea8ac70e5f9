//! The built-in gazetteer against the shared data (issue 5): the committed data is what
//! the generator makes, the seed article is tagged right, CoNLL-2003 dev precision holds.

use newsgaz::{tag_article, Article, Gazetteer, Matcher};
use newsgaz_conformance::{conll, repo_root, shared_data};

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

/// Byte offsets where `word` stands as a whole word.
fn whole_word_positions(text: &str, word: &str) -> Vec<usize> {
    text.match_indices(word)
        .filter(|&(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + word.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn seed_article_with_the_default_gazetteer_alone() {
    let Some(data) = shared_data() else { return };
    let path = data.join("seed/putin-li-shangfu.txt");
    let article = Article::parse_plain_bytes(&std::fs::read(&path).unwrap(), "seed").unwrap();
    let matcher = Matcher::new(Gazetteer::default());
    let tagged = tag_article(&matcher, &article, "seed");
    let text = &tagged.text;
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
    let found: Vec<(usize, String, String)> = tagged
        .mentions
        .iter()
        .map(|m| (m.start, m.text.clone(), m.entity.clone()))
        .collect();
    assert_eq!(found, wanted);
}

#[test]
fn conll_dev_precision_and_recall() {
    let Some(data) = shared_data() else { return };
    let content = std::fs::read_to_string(data.join("conll2003/eng.testa")).unwrap();
    let docs = conll::read_documents(&content);
    assert_eq!(docs.len(), 216);
    let score = conll::score(&Matcher::new(Gazetteer::default()), &docs);
    let loc = &score.by_type["LOC"];
    let org = &score.by_type["ORG"];
    eprintln!("LOC {loc:?} ORG {org:?}");
    // Floors under the measured values (docs/builtin-gazetteer.md), to catch regressions.
    assert!(
        loc.precision() > 0.75,
        "LOC precision {:.3}",
        loc.precision()
    );
    assert!(loc.recall() > 0.65, "LOC recall {:.3}", loc.recall());
    assert!(
        org.precision() > 0.40,
        "ORG precision {:.3}",
        org.precision()
    );
}
