//! Tests that read `../shared/data` (present for developers and CI, not for end users).
//! They skip with a message when the data is absent, and fail when `CI` is set.

use newsgaz::{AnnotateOptions, Annotator, Article, Entry, Gazetteer, Matcher};
use newsgaz_conformance::tagged;
use newsgaz_conformance::{shared_data, whole_word_positions};

#[test]
fn seed_article_every_china_russia_putin_is_found() {
    let Some(data) = shared_data() else { return };
    let path = data.join("seed/putin-li-shangfu.txt");
    let bytes = std::fs::read(&path).unwrap();
    let article = Article::parse_plain_bytes(&bytes, &path.display().to_string()).unwrap();
    let gazetteer = Gazetteer::from_entries(
        [
            Entry::new("country:CN", "China", "COUNTRY"),
            Entry::new("country:RU", "Russia", "COUNTRY"),
            Entry::new("person:putin", "Vladimir Putin", "PERSON").alias("Putin"),
        ],
        "seed",
    )
    .unwrap();
    let matcher = Matcher::new(gazetteer);
    let plain = Annotator::with_options(matcher, AnnotateOptions::plain());
    let tagged = tagged(&plain.annotate(&article, "seed"));
    let text = &tagged.text;
    for m in &tagged.mentions {
        assert_eq!(&text[m.start..m.end], m.text);
        assert_eq!(
            text.chars()
                .skip(m.char_start)
                .take(m.char_end - m.char_start)
                .collect::<String>(),
            m.text
        );
    }
    for (word, entity) in [
        ("China", "country:CN"),
        ("Russia", "country:RU"),
        ("Putin", "person:putin"),
    ] {
        let expected = whole_word_positions(text, word);
        assert!(!expected.is_empty());
        for start in expected {
            assert!(
                tagged
                    .mentions
                    .iter()
                    .any(|m| m.entity == entity && m.start <= start && start < m.end),
                "{word} at byte {start} not covered by a mention of {entity}"
            );
        }
    }
    // "China’s" with a curly apostrophe is China, and the title is tagged too.
    assert!(tagged
        .mentions
        .iter()
        .any(|m| m.text == "China" && text[m.end..].starts_with('’')));
    assert!(tagged
        .mentions
        .iter()
        .any(|m| m.paragraph.is_none() && m.entity == "person:putin"));
    assert_eq!(
        article.title.as_deref(),
        Some("Putin Meets China’s Defense Minister In Moscow")
    );
}
