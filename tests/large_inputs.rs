//! Inputs at the sizes and shapes that break tools: a 100 MB text on one line, JSON nested
//! 100,000 deep, an alias of 10,000 characters, a million gazetteer entries. Each has a
//! documented outcome (`docs/bad-input.md`) and none may panic or lose a record (about 75 s
//! in a debug build, 11 s in release).

use newsgaz::article::Decoding;
use newsgaz::input::{read_records_with, InputFormat};
use newsgaz::{Annotator, Article, Entry, Gazetteer, Matcher};

#[test]
fn a_100_mb_text_on_one_line_is_one_paragraph_annotated_in_full() {
    let unit = "Talks in Paris and Lima went on, ";
    let repeats = 100_000_000 / unit.len();
    let text = unit.repeat(repeats);
    let article = Article::parse_plain(text);
    // A lone line is body: one paragraph of the whole text, no title.
    assert_eq!(article.title_span, None);
    assert_eq!(article.paragraphs.len(), 1);
    assert_eq!(article.paragraphs[0].end, article.text.trim_end().len());
    let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
    let annotated = annotator.annotate_owned(article, "long.txt".into());
    assert_eq!(annotated.mentions.len(), 2 * repeats);
    let text = annotated.text();
    let mut chars = 0;
    let mut at = 0;
    for m in annotated.mentions.iter().step_by(9_973) {
        let span = m.span;
        assert!(["Paris", "Lima"].contains(&&text[span.start..span.end]));
        chars += text[at..span.start].chars().count();
        at = span.start;
        assert_eq!(span.char_start, chars, "char offsets stay exact");
    }
}

#[test]
fn json_nested_100_000_deep_is_an_error_record_not_a_stack_overflow() {
    let depth = 100_000;
    let nested = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let record = format!("{{\"title\": \"T\", \"text\": {nested}}}");
    for format in [InputFormat::Json, InputFormat::JsonLines] {
        let jsonl = format!("{{\"text\": \"first\"}}\n{record}\n{{\"text\": \"last\"}}\n");
        let input = if format == InputFormat::Json {
            record.clone()
        } else {
            jsonl
        };
        let records = read_records_with(input.as_bytes(), "deep.json", format, Decoding::Strict);
        let errors: Vec<String> = records
            .iter()
            .filter_map(|r| r.article.as_ref().err().map(|e| e.to_string()))
            .collect();
        assert_eq!(errors.len(), 1, "{format:?}");
        assert!(
            errors[0].contains("recursion limit exceeded"),
            "{}",
            errors[0]
        );
        let expected = if format == InputFormat::Json { 1 } else { 3 };
        assert_eq!(records.len(), expected, "every record answered");
    }
}

#[test]
fn an_alias_of_10_000_characters_is_accepted_and_found() {
    let long: String = (0..1_112)
        .map(|i| format!("w{:07} ", i))
        .collect::<String>();
    let long = long.trim_end().to_owned();
    assert!(long.len() >= 9_999);
    let g = Gazetteer::from_entries(
        [
            Entry::new("long", long.clone(), "X"),
            Entry::new("w", "w0000001", "X"),
        ],
        "long.jsonl",
    )
    .unwrap();
    let matcher = Matcher::new(g);
    let text = format!("before {long} after w0000001.");
    let found: Vec<&str> = matcher
        .find_iter(&text)
        .map(|m| m.span().slice(&text))
        .collect();
    assert_eq!(found, [long.as_str(), "w0000001"]);
}

#[test]
fn a_million_entries_load_from_csv_and_match() {
    let mut csv = String::from("\u{feff}id,name,label,aliases\r\n");
    for i in 0..1_000_000 {
        csv.push_str(&format!("e{i},Name{i} Place,CITY,N{i}\r\n"));
    }
    let g = Gazetteer::from_delimited(csv.as_bytes(), b',', "million.csv").unwrap();
    assert_eq!(g.len(), 1_000_000);
    assert_eq!(g.get("e999999").unwrap().aliases[0].text, "N999999");
    let matcher = Matcher::new(g);
    let text = "From Name42 Place to N999999 and Name7";
    let ids: Vec<&str> = matcher
        .find_iter(text)
        .map(|m| matcher.gazetteer().entry(m.entity()).id.as_str())
        .collect();
    assert_eq!(ids, ["e42", "e999999"]);
    // Compiled and loaded back, the same.
    let loaded = Matcher::from_compiled(&matcher.to_compiled(), "million.ngz").unwrap();
    assert_eq!(loaded.find_iter(text).count(), 2);
    // A duplicate at the end is found and named by line.
    csv.push_str("e5,Again,CITY,\r\n");
    let err = Gazetteer::from_delimited(csv.as_bytes(), b',', "million.csv").unwrap_err();
    assert_eq!(
        err.to_string(),
        "million.csv:1000002: field `id`: duplicate id `e5` (first defined at line 7)"
    );
}

#[test]
fn jsonl_gazetteers_with_a_bom_and_crlf_load() {
    let text = "\u{feff}{\"id\":\"a\",\"name\":\"Alpha\",\"label\":\"L\"}\r\n\r\n{\"id\":\"b\",\"name\":\"Beta\",\"label\":\"L\"}\r\n";
    let g = Gazetteer::from_jsonl_str(text, "g.jsonl").unwrap();
    assert_eq!((g.len(), g.get("b").unwrap().name.as_str()), (2, "Beta"));
}

#[test]
fn a_50_mb_html_page_is_extracted_in_full() {
    // 50 MB of article paragraphs, non-ASCII included, in one page: every paragraph's
    // text is there (no cut at 1 MB, no panic inside a multi-byte character), mentions
    // found.
    let paragraph = "<p>Officials in Lisbon said on Monday that the harbour would reopen after the storm, and that ferries to São Miguel would resume.</p>\n";
    let repeats = 50_000_000 / paragraph.len();
    let page = format!(
        "<html><head><title>Storm</title></head><body><nav><a href=\"/\">Home</a></nav><article>{}</article></body></html>",
        paragraph.repeat(repeats)
    );
    assert!(page.len() > 50_000_000);
    let record = read_records_with(
        page.as_bytes(),
        "big.html",
        InputFormat::Html,
        Decoding::Strict,
    )
    .pop()
    .unwrap();
    let article = record.article.unwrap();
    assert_eq!(article.title.as_deref(), Some("Storm"));
    // The first `max_html_elements` (100,000) elements stay paragraphs; past the limit
    // their tags are flattened and their text joins the last paragraph, none of it lost.
    let limit = newsgaz::input::Limits::default().max_html_elements;
    assert!(
        article.paragraphs.len() >= limit - 10 && article.paragraphs.len() < repeats,
        "{}",
        article.paragraphs.len()
    );
    assert_eq!(
        article.text.matches("Officials in Lisbon said").count(),
        repeats
    );
    assert!(!article.text.contains("Home"));
    let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
    let annotated = annotator.annotate_owned(article, record.source);
    let lisbon = annotated
        .mentions
        .iter()
        .filter(|m| &annotated.text()[m.span.start..m.span.end] == "Lisbon")
        .count();
    assert_eq!(lisbon, repeats);
}
