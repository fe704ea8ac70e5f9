//! Articles from HTML pages: one parse of the page, read by the metadata cascade (see
//! `metadata`) and by the body's extractor (see `extract`); the body's blocks
//! (paragraphs, headings, list items) become paragraphs, then the plain-text parsing
//! (sentences, quotes, attributions) runs as for any text.

mod authors;
mod charset;
mod extract;
mod language;
mod metadata;
mod nesting;

use dom_query::Document;

use super::{Article, Decoding, MetadataSource};
use crate::error::{ArticleError, Location};
use crate::input::Limits;
use crate::span::Span;
use metadata::{collapse_space, PageMetadata};

/// What is known about a page besides its bytes: where it was fetched from, the HTTP
/// `Content-Type` it came with, and when (a WARC record's date).
///
/// ```
/// let page = newsgaz::PageInfo::new().url("https://news.example/2024/05/01/rain");
/// let a = newsgaz::Article::from_html_bytes(b"<p>It rained all day in the city.</p>", &page, "page.html", newsgaz::article::Decoding::Strict)?;
/// assert_eq!(a.metadata.published_date.unwrap().ymd(), (2024, 5, 1));
/// # Ok::<(), newsgaz::ArticleError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageInfo {
    /// The URL the page was fetched from.
    pub url: Option<String>,
    /// The HTTP `Content-Type` header (its charset is honoured first).
    pub content_type: Option<String>,
    /// When the page was fetched (a WARC record's `WARC-Date`), kept as given.
    pub fetched: Option<String>,
}

impl PageInfo {
    /// Nothing known.
    ///
    /// ```
    /// assert_eq!(newsgaz::PageInfo::new().url, None);
    /// ```
    pub fn new() -> PageInfo {
        PageInfo::default()
    }

    /// With the page's URL.
    ///
    /// ```
    /// assert_eq!(newsgaz::PageInfo::new().url("https://x.example/a").url.as_deref(), Some("https://x.example/a"));
    /// ```
    pub fn url(mut self, url: impl Into<String>) -> PageInfo {
        self.url = Some(url.into());
        self
    }

    /// With the HTTP `Content-Type` header.
    ///
    /// ```
    /// let page = newsgaz::PageInfo::new().content_type("text/html; charset=ISO-8859-1");
    /// let a = newsgaz::Article::from_html_bytes(b"<p>Caf\xe9 society returns to the old town.</p>", &page, "p", newsgaz::article::Decoding::Strict)?;
    /// assert!(a.text.contains("Café"));
    /// # Ok::<(), newsgaz::ArticleError>(())
    /// ```
    pub fn content_type(mut self, content_type: impl Into<String>) -> PageInfo {
        self.content_type = Some(content_type.into());
        self
    }

    /// With the time the page was fetched.
    ///
    /// ```
    /// assert!(newsgaz::PageInfo::new().fetched("2024-05-01T10:00:00Z").fetched.is_some());
    /// ```
    pub fn fetched(mut self, fetched: impl Into<String>) -> PageInfo {
        self.fetched = Some(fetched.into());
        self
    }
}

impl Article {
    /// Parses an HTML page: its main text (boilerplate, navigation, scripts and styles
    /// left out) with its blocks as paragraphs, and its metadata (title, dates, authors,
    /// publisher, language, description, section, keywords, URL) with where each came
    /// from in `metadata.provenance`. The article's `text` is the title, a blank line,
    /// then the body, as for JSON records. A page with no article text gives an article
    /// with no paragraphs (its title and metadata kept).
    ///
    /// ```
    /// let html = r#"<html lang="en"><head><title>Rain | Example News</title>
    ///   <meta property="og:title" content="Rain returns">
    ///   <meta property="article:published_time" content="2024-05-01T10:00:00+02:00">
    ///   <meta name="author" content="Jane Doe"></head>
    ///   <body><nav><a href="/">Home</a></nav><article><h1>Rain returns</h1>
    ///   <p>Rain fell on Lisbon for the first time in months, officials said on Tuesday.</p>
    ///   <p>“We needed it,” said a farmer.</p></article></body></html>"#;
    /// let a = newsgaz::Article::from_html(html, None);
    /// assert_eq!(a.title.as_deref(), Some("Rain returns"));
    /// assert_eq!(a.paragraphs.len(), 2);
    /// assert_eq!(a.metadata.authors, ["Jane Doe"]);
    /// assert_eq!(a.metadata.published_date.unwrap().to_string(), "2024-05-01T10:00:00+02:00");
    /// assert_eq!(a.metadata.provenance["published"], newsgaz::article::MetadataSource::OpenGraph);
    /// assert_eq!(a.metadata.language.as_deref(), Some("en"));
    /// ```
    pub fn from_html(html: &str, url: Option<&str>) -> Article {
        let page = PageInfo {
            url: url.map(str::to_owned),
            ..PageInfo::default()
        };
        article_of_page(html, &page, &Limits::default())
    }

    /// Parses an HTML page's bytes, decoded by the charset of `page.content_type`, else
    /// the page's `<meta charset>`, else detection (a declared charset the bytes are not
    /// valid in is detected instead); bytes the chosen encoding cannot decode (a stray
    /// byte in UTF-8) are an error naming `source` and the byte (or replaced, with
    /// [`Decoding::Lossy`]).
    ///
    /// ```
    /// use newsgaz::{Article, PageInfo};
    /// use newsgaz::article::Decoding;
    /// let err = Article::from_html_bytes(b"<p>S\xc3\xa3o Paulo \x93</p>", &PageInfo::new(), "page.html", Decoding::Strict).unwrap_err();
    /// assert_eq!(err.to_string(), "page.html: cannot decode as UTF-8 at byte 14");
    /// ```
    pub fn from_html_bytes(
        bytes: &[u8],
        page: &PageInfo,
        source: &str,
        decoding: Decoding,
    ) -> Result<Article, ArticleError> {
        from_page_bytes(bytes, page, source, decoding, &Limits::default())
    }
}

/// [`Article::from_html_bytes`] under `limits` (a page's nesting and element count).
pub(crate) fn from_page_bytes(
    bytes: &[u8],
    page: &PageInfo,
    source: &str,
    decoding: Decoding,
    limits: &Limits,
) -> Result<Article, ArticleError> {
    let at = Location::new(source);
    let decoded = charset::decode_page(bytes, page.content_type.as_deref(), &at, decoding)?;
    let mut article = article_of_page(&decoded.text, page, limits);
    article.metadata.replaced_invalid_utf8 = decoded.replaced;
    // Said when it is news: another encoding than UTF-8, or UTF-8 kept over stray bytes.
    let extra = &mut article.metadata.extra;
    if decoded.encoding != encoding_rs::UTF_8 || decoded.source == charset::Chosen::MostlyUtf8 {
        extra.insert("encoding".into(), decoded.encoding.name().into());
        extra.insert("encoding_source".into(), decoded.source.to_string().into());
    }
    Ok(article)
}

/// The article of a JSON record holding a page (`html`, and no body field); `None` for
/// other records.
pub(crate) fn from_html_record(
    value: &serde_json::Value,
    at: &Location,
) -> Option<Result<Article, ArticleError>> {
    let object = value.as_object()?;
    let has_body = ["text", "body", "content", "article"]
        .iter()
        .any(|k| object.get(*k).is_some_and(|v| !v.is_null()));
    if has_body || !object.contains_key("html") {
        return None;
    }
    let mut object = object.clone();
    let Some(serde_json::Value::String(html)) = object.remove("html") else {
        return Some(Err(ArticleError::InvalidRecord {
            at: at.clone().field("html"),
            message: "expected a string".into(),
        }));
    };
    let url = ["url", "link"]
        .iter()
        .find_map(|k| object.get(*k)?.as_str().map(str::to_owned));
    let id = ["id", "guid"]
        .iter()
        .find_map(|k| match object.remove(*k)? {
            serde_json::Value::String(s) => Some(s),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
    object.remove("url");
    object.remove("link");
    let mut article = Article::from_html(&html, url.as_deref());
    article.id = id;
    article.metadata.extra.extend(object);
    Some(Ok(article))
}

/// The article of a decoded page, its nesting and element count bounded first.
fn article_of_page(html: &str, page: &PageInfo, limits: &Limits) -> Article {
    let (html, flattened) =
        nesting::bound_nesting(html, limits.max_html_depth, limits.max_html_elements);
    let html = html.as_ref();
    // One parse: the metadata cascade and the body read the same tree.
    let doc = Document::from(html);
    let found = PageMetadata::read(&doc, page.url.as_deref());
    let body = extract::body_blocks(&doc);
    drop(doc);
    let title = found.title.as_ref().map(|(t, _)| t.as_str());
    let blocks = without_repeated_title(body, title);
    let body_len: usize = blocks.iter().map(|b| b.len() + 2).sum();

    let mut text = String::with_capacity(body_len + title.map_or(0, str::len) + 2);
    let mut title_span = None;
    if let Some(title) = title {
        text.push_str(title);
        title_span = Some(Span::new(0, title.len()));
    }
    let body_from = if title_span.is_some() && !blocks.is_empty() {
        text.push_str("\n\n");
        text.len()
    } else {
        text.len()
    };
    text.push_str(&blocks.join("\n\n"));
    let mut article = Article::build(text, body_from, title_span, false);

    let meta = &mut article.metadata;
    let mut provenance = std::collections::BTreeMap::new();
    let mut note = |field: &str, source: MetadataSource| {
        provenance.insert(field.to_owned(), source);
    };
    if let Some((_, source)) = &found.title {
        note("title", *source);
    }
    match (&page.url, found.url) {
        (Some(url), _) => {
            meta.url = Some(url.clone());
            if page.fetched.is_some() {
                note("url", MetadataSource::Warc);
            }
        }
        (None, Some((url, source))) => {
            meta.url = Some(url);
            note("url", source);
        }
        (None, None) => {}
    }
    if let Some((given, date, source)) = found.published {
        meta.published = Some(given);
        meta.published_date = Some(date);
        note("published", source);
    }
    if let Some((given, date, source)) = found.modified {
        meta.modified = Some(given);
        meta.modified_date = Some(date);
        note("modified", source);
    }
    match found.authors {
        Some((names, source)) => {
            meta.authors = names;
            note("authors", source);
        }
        None if !meta.authors.is_empty() => note("authors", MetadataSource::Byline),
        None => {}
    }
    match found.publisher {
        Some((publisher, source)) => {
            // The publisher's name is no author's.
            meta.authors.retain(|a| !a.eq_ignore_ascii_case(&publisher));
            meta.source = Some(publisher);
            note("source", source);
        }
        None if meta.source.is_some() => note("source", MetadataSource::Byline),
        None => {}
    }
    match found.language {
        Some((language, source)) => {
            meta.language = Some(language);
            note("language", source);
        }
        None => {
            let body = &article.text[body_from.min(article.text.len())..];
            if let Some((code, confidence)) = language::detect_language(body) {
                meta.language = Some(code.to_owned());
                meta.language_confidence = Some(confidence);
                note("language", MetadataSource::Detected);
            }
        }
    }
    for (field, slot, value) in [
        ("description", &mut meta.description, found.description),
        ("section", &mut meta.section, found.section),
    ] {
        if let Some((value, source)) = value {
            *slot = Some(value);
            note(field, source);
        }
    }
    if let Some((keywords, source)) = found.keywords {
        meta.keywords = keywords;
        note("keywords", source);
    }
    if let Some(fetched) = &page.fetched {
        meta.extra.insert("fetched".into(), fetched.clone().into());
    }
    if found.is_article || article.paragraphs.len() >= 3 {
        meta.extra.insert("page_type".into(), "article".into());
    }
    meta.provenance = provenance;
    if let Some(first_at) = flattened.first_at {
        let mut hit = serde_json::Map::new();
        for (limit, value, tags) in [
            ("max_html_depth", limits.max_html_depth, flattened.too_deep),
            (
                "max_html_elements",
                limits.max_html_elements,
                flattened.past_elements,
            ),
        ] {
            if tags > 0 {
                let report = serde_json::json!({"value": value, "tags_replaced": tags, "first_at_byte": first_at});
                hit.insert(limit.into(), report);
            }
        }
        meta.extra.insert("limits".into(), hit.into());
    }
    article
}

/// The body's blocks, white space collapsed, the title left out when the page repeats it
/// as the body's first block.
fn without_repeated_title(blocks: Vec<String>, title: Option<&str>) -> Vec<String> {
    let mut blocks: Vec<String> = blocks
        .iter()
        .flat_map(|b| b.lines())
        .map(collapse_space)
        .filter(|b| !b.is_empty())
        .collect();
    if let (Some(first), Some(title)) = (blocks.first(), title) {
        if first.eq_ignore_ascii_case(title.trim()) {
            blocks.remove(0);
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str =
        "<p>The river rose above its banks on Monday night, flooding the lower town and \
        closing the bridge, the mayor's office said in a statement.</p>\
        <p>Residents were moved to the school on the hill, where volunteers served soup.</p>";

    #[test]
    fn pages_without_an_article_give_no_paragraphs() {
        for page in ["", "   \n", "<html></html>", "<html><head><title>Index</title></head><body><ul><li><a href='/a'>A</a></li><li><a href='/b'>B</a></li><li><a href='/c'>C</a></li></ul></body></html>"] {
            let a = Article::from_html(page, None);
            assert!(a.paragraphs.is_empty(), "{page:?}: {:?}", a.text);
            assert!(a.sentences.is_empty() && a.quotes.is_empty());
        }
        assert_eq!(
            Article::from_html("<title>Index</title><a href='/a'>A</a>", None)
                .title
                .as_deref(),
            Some("Index")
        );
    }

    #[test]
    fn plain_text_given_as_html_is_its_text_once() {
        let a = Article::from_html("not html at all, just text about Paris.", None);
        assert_eq!(a.text, "not html at all, just text about Paris.");
        assert_eq!(a.paragraphs.len(), 1);
    }

    #[test]
    fn paragraphs_outside_an_article_element_stay_paragraphs() {
        let page = format!("<html><body><div class=\"wrap\">{BODY}<p>A third paragraph says the bridge will reopen on Friday, the council said.</p></div></body></html>");
        let a = Article::from_html(&page, None);
        let paragraphs: Vec<&str> = a
            .paragraphs
            .iter()
            .map(|p| &a.text[p.start..p.end])
            .collect();
        assert_eq!(paragraphs.len(), 3, "{paragraphs:?}");
        assert!(
            paragraphs[0].starts_with("The river rose") && paragraphs[2].starts_with("A third")
        );
    }

    #[test]
    fn a_news_article_is_an_article_page() {
        let said = "<meta property=\"og:type\" content=\"article\">";
        let page = format!("<html><head>{said}</head><body><div>{BODY}</div></body></html>");
        assert_eq!(
            Article::from_html(&page, None).metadata.extra["page_type"],
            "article"
        );
        // Three paragraphs of prose make an article without being told.
        let page = format!("<body><main>{BODY}<p>And a third paragraph of the story, which says more.</p></main></body>");
        assert_eq!(
            Article::from_html(&page, None).metadata.extra["page_type"],
            "article"
        );
        // A page of links is no article.
        let links = "<ul><li><a href='/a'>A story</a></li><li><a href='/b'>B story</a></li></ul>";
        assert!(!Article::from_html(links, None)
            .metadata
            .extra
            .contains_key("page_type"));
    }

    #[test]
    fn boilerplate_around_the_story_is_left_out() {
        let page = format!(
            "<html><body><header class=\"site-header\"><a href=\"/\">Home</a> <a href=\"/world\">World</a></header>\
             <div class=\"share-bar\"><a href=\"#\">Share on social media</a></div>\
             <div class=\"story-body\"><h1>Floods</h1>{BODY}\
             <p>Officials said the water would fall by the weekend, and that the road would reopen.</p>\
             <div class=\"related-stories\"><ul><li><a href=\"/1\">Another story about the weather</a></li>\
             <li><a href=\"/2\">Yet another story about the river</a></li></ul></div></div>\
             <div class=\"comments\"><p>I think the council should have done more, and sooner, frankly.</p></div>\
             <footer>Copyright the newspaper, all rights reserved.</footer></body></html>"
        );
        let a = Article::from_html(&page, None);
        assert!(a.text.contains("The river rose") && a.text.contains("would fall by the weekend"));
        for scrap in [
            "Home",
            "Share on",
            "Another story",
            "Yet another",
            "I think the council",
            "Copyright",
        ] {
            assert!(!a.text.contains(scrap), "{scrap}: {:?}", a.text);
        }
    }

    #[test]
    fn json_records_with_a_page() {
        let record = serde_json::json!({"id": 7, "url": "https://x.example/2024/01/02/a", "html": format!("<title>T</title>{BODY}"), "feed": "f"});
        let a = Article::from_json_value(record, &Location::new("r.jsonl")).unwrap();
        assert_eq!(
            (a.id.as_deref(), a.title.as_deref()),
            (Some("7"), Some("T"))
        );
        assert_eq!(a.paragraphs.len(), 2);
        assert_eq!(a.metadata.published_date.unwrap().ymd(), (2024, 1, 2));
        assert_eq!(a.metadata.extra["feed"], "f");
        let bad = serde_json::json!({"html": 3});
        let err = Article::from_json_value(bad, &Location::new("r.jsonl")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "r.jsonl: field `html`: invalid article record: expected a string"
        );
        // A body field wins: the record is read as text, `html` kept in `extra`.
        let both = serde_json::json!({"text": "Body.", "html": "<p>x</p>"});
        let a = Article::from_json_value(both, &Location::new("r.jsonl")).unwrap();
        assert_eq!(
            (a.text.as_str(), a.metadata.extra["html"].as_str()),
            ("Body.", Some("<p>x</p>"))
        );
    }

    #[test]
    fn broken_markup_still_gives_the_text() {
        // Unclosed tags, a stray closing tag, an unterminated attribute at the very end.
        let page = format!("<html><body><div><article>{BODY}</div></span><p>Late <b>bold");
        let a = Article::from_html(&page, None);
        assert!(a.text.contains("The river rose"), "{:?}", a.text);
        assert!(a.paragraphs.len() >= 2);
        for s in &a.sentences {
            assert!(a.text.is_char_boundary(s.start) && a.text.is_char_boundary(s.end));
        }
    }

    #[test]
    fn scripts_and_styles_are_not_text() {
        let page = format!(
            "<html><head><style>p {{ color: red }} .x:before {{ content: 'The mayor said' }}</style></head>\
             <body><script>var story = \"The mayor said the bridge would reopen on Friday morning.\";</script>\
             <article>{BODY}</article><noscript>Enable scripts to read the article.</noscript></body></html>"
        );
        let a = Article::from_html(&page, None);
        assert!(a.text.contains("Residents were moved"));
        assert!(!a.text.contains("var story") && !a.text.contains("reopen on Friday"));
        assert!(!a.text.contains("color"));
    }

    #[test]
    fn metadata_cascade_prefers_json_ld_and_drops_organisations() {
        let page = format!(
            r#"<html lang="pt"><head><title>Cheias | Jornal</title>
            <meta property="og:title" content="Cheias no vale">
            <meta property="article:published_time" content="2024-02-01T09:00:00Z">
            <meta name="author" content="Redação">
            <script type="application/ld+json">{{"@graph": [{{"@type": "WebSite", "name": "Jornal"}},
              {{"@type": "NewsArticle", "headline": "Cheias no vale do Tejo", "datePublished": "2024-02-01T10:00:00+01:00",
                "author": [{{"@type": "Person", "name": "Ana Ferreira"}}, {{"@type": "Organization", "name": "Lusa"}}],
                "keywords": "cheias, Tejo", "articleSection": "País"}}]}}</script></head>
            <body><article>{BODY}</article></body></html>"#
        );
        let a = Article::from_html(&page, Some("https://jornal.example/2024/02/01/cheias"));
        let m = &a.metadata;
        assert_eq!(a.title.as_deref(), Some("Cheias no vale do Tejo"));
        assert_eq!(
            m.published_date.unwrap().to_string(),
            "2024-02-01T10:00:00+01:00"
        );
        assert_eq!(m.authors, ["Ana Ferreira"]);
        assert_eq!((m.keywords.len(), m.section.as_deref()), (2, Some("País")));
        assert_eq!(m.language.as_deref(), Some("pt"));
        assert_eq!(
            m.url.as_deref(),
            Some("https://jornal.example/2024/02/01/cheias")
        );
        for field in ["title", "published", "authors", "keywords", "section"] {
            assert_eq!(m.provenance[field], MetadataSource::JsonLd, "{field}");
        }
        assert_eq!(m.provenance["language"], MetadataSource::Html);
        // Without JSON-LD: OpenGraph, then the URL's date; a desk is no author.
        let page = format!(
            r#"<meta name="author" content="Redação Staff"><meta property="og:title" content="Cheias">{BODY}"#
        );
        let a = Article::from_html(&page, Some("https://jornal.example/2024/02/01/cheias"));
        assert_eq!(a.metadata.provenance["published"], MetadataSource::Url);
        assert_eq!(a.metadata.published_date.unwrap().ymd(), (2024, 2, 1));
        assert!(a.metadata.authors.is_empty());
        assert_eq!(a.metadata.provenance["language"], MetadataSource::Detected);
        assert_eq!(a.metadata.language.as_deref(), Some("en"));
        assert!(a.metadata.language_confidence.unwrap() > 0.0);
    }

    #[test]
    fn json_ld_authors_by_reference_in_any_case_and_in_sloppy_json() {
        let cases = [
            // Yoast: the article names its author by `@id`, the person is elsewhere.
            r#"{"@context": "https://schema.org", "@graph": [
                {"@type": "Article", "headline": "H", "author": {"@id": "https://s.example/#/schema/person/1"}},
                {"@type": ["Person"], "@id": "https://s.example/#/schema/person/1", "name": "Ana Ferreira"}]}"#,
            // `@type` in lower case, the name with a byline's dressing.
            r#"{"@type": "NewsArticle", "author": [{"@type": "person", "name": "By Ana Ferreira, AP Writer"}]}"#,
            // A trailing comma and a raw line break inside a string.
            "{\"@type\": \"NewsArticle\", \"headline\": \"Two\nlines\", \"author\": \"Ana Ferreira\",}",
        ];
        for json in cases {
            let page = format!(
                r#"<head><script type="application/ld+json">{json}</script></head><body><article>{BODY}</article></body>"#
            );
            let a = Article::from_html(&page, None);
            assert_eq!(a.metadata.authors, ["Ana Ferreira"], "{json}");
            assert_eq!(a.metadata.provenance["authors"], MetadataSource::JsonLd);
        }
        // A reference to no person of the page, or to an organisation, is no author.
        let page = format!(
            r##"<script type="application/ld+json">{{"@graph": [{{"@type": "Article", "author": {{"@id": "#org"}}}},
              {{"@type": "Organization", "@id": "#org", "name": "Jornal News"}}]}}</script>{BODY}"##
        );
        assert!(Article::from_html(&page, None).metadata.authors.is_empty());
    }
}
