//! Quote speakers on the seed article (issue 6). Needs the article parser of issue 4,
//! which fills `Article::quotes`: register this file in tests/Cargo.toml once that parser
//! is on main. Skips without `../shared/data`; required when `CI` is set.

use newsgaz::annotate::SpeakerLink;
use newsgaz::article::QuoteKind;
use newsgaz::{Annotator, Article, Gazetteer, Matcher};
use newsgaz_conformance::{repo_root, shared_data};

#[test]
fn putin_speaks_the_quotes_of_the_paragraph_that_begins_putin_said() {
    let Some(data) = shared_data() else { return };
    let path = data.join("seed/putin-li-shangfu.txt");
    let bytes = std::fs::read(&path).unwrap();
    let article = Article::parse_plain_bytes(&bytes, &path.display().to_string()).unwrap();
    let gazetteer =
        Gazetteer::from_jsonl_path(repo_root().join("tests/fixtures/seed-people.jsonl")).unwrap();
    let a = Annotator::new(Matcher::new(gazetteer)).annotate(&article, "seed");
    let paragraph = article
        .paragraphs
        .iter()
        .find(|p| p.slice(&article.text).starts_with("Putin said"))
        .expect("a paragraph begins with \"Putin said\"");
    let in_paragraph: Vec<_> = a
        .quotes()
        .filter(|q| paragraph.contains(q.quote.span))
        .collect();
    // "useful information" may count as scare quotes (two words); the speech quotes of the
    // paragraph, and any quote with a speaker, are Putin's.
    assert!(
        in_paragraph
            .iter()
            .any(|q| q.quote.kind == QuoteKind::Speech),
        "the parser finds the speech quotes of the paragraph: {:?}",
        article.quotes
    );
    for q in in_paragraph {
        if q.quote.kind != QuoteKind::Speech && q.speaker.is_none() {
            continue;
        }
        let speaker = q.speaker.unwrap_or_else(|| panic!("{q:?} has a speaker"));
        let entity = speaker.entity.map(|e| a.entry(e).id.as_str());
        assert_eq!(entity, Some("person:putin"), "{q:?}");
        assert_ne!(speaker.link, SpeakerLink::Unlinked);
    }
}
