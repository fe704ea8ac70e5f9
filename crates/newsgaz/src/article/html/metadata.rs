//! An HTML page's metadata by a cascade: JSON-LD (`NewsArticle` and kin), then OpenGraph
//! and `<meta>` tags, then `<time datetime>`, `<html lang>` and `<title>`, then the URL.
//! Each field keeps the first source that gives a usable value, and says which it was.

use dom_query::Document;
use serde_json::Value;

use super::authors::person_names;
use crate::article::{MetadataSource, PublishedDate};

/// What the cascade found; each value with where it came from.
#[derive(Debug, Default)]
pub(super) struct PageMetadata {
    pub title: Option<(String, MetadataSource)>,
    pub published: Option<(String, PublishedDate, MetadataSource)>,
    pub modified: Option<(String, PublishedDate, MetadataSource)>,
    pub authors: Option<(Vec<String>, MetadataSource)>,
    pub publisher: Option<(String, MetadataSource)>,
    pub language: Option<(String, MetadataSource)>,
    pub description: Option<(String, MetadataSource)>,
    pub section: Option<(String, MetadataSource)>,
    pub keywords: Option<(Vec<String>, MetadataSource)>,
    pub url: Option<(String, MetadataSource)>,
    /// The page says it is an article (a JSON-LD article, `og:type` `article`).
    pub is_article: bool,
}

/// JSON-LD types that describe the article itself.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
    "TechArticle",
    "ScholarlyArticle",
];

/// `<meta>` names and properties, each field's in order of preference.
const META_TITLE: &[&str] = &["og:title", "twitter:title", "dc.title", "headline"];
const META_PUBLISHED: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "citation_publication_date",
    "article.published",
    "og:published_time",
];
const META_MODIFIED: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
    "dcterms.modified",
];
const META_AUTHOR: &[&str] = &[
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "byl",
    "twitter:creator",
];
const META_PUBLISHER: &[&str] = &[
    "og:site_name",
    "application-name",
    "publisher",
    "dc.publisher",
];
const META_DESCRIPTION: &[&str] = &["og:description", "description", "twitter:description"];
const META_SECTION: &[&str] = &["article:section", "section", "parsely-section"];
const META_KEYWORDS: &[&str] = &["news_keywords", "keywords", "article:tag"];
const META_LANGUAGE: &[&str] = &["og:locale", "content-language", "language", "dc.language"];

impl PageMetadata {
    /// The cascade over `doc`, the page at `url` (if known).
    pub(super) fn read(doc: &Document, url: Option<&str>) -> PageMetadata {
        let mut found = PageMetadata::default();
        let (articles, persons) = json_ld_articles(doc);
        found.is_article = !articles.is_empty();
        for object in articles {
            found.json_ld(&object, &persons);
        }
        found.meta_tags(doc);
        found.html_elements(doc);
        let page_url = url.or(found.url.as_ref().map(|(u, _)| u.as_str()));
        if let Some((title, _)) = &mut found.title {
            let site = found.publisher.as_ref().map(|(p, _)| p.as_str());
            if let Some(trimmed) = without_site_suffix(title, site, page_url) {
                *title = trimmed;
            }
        }
        if let Some(url) = page_url {
            if found.published.is_none() {
                if let Some(date) = date_in_url(url) {
                    found.published = Some((date.to_string(), date, MetadataSource::Url));
                }
            }
        }
        found
    }

    fn json_ld(&mut self, object: &serde_json::Map<String, Value>, persons: &Persons) {
        let source = MetadataSource::JsonLd;
        let text = |key: &str| object.get(key).and_then(plain_text);
        fill(
            &mut self.title,
            text("headline").or_else(|| text("name")),
            source,
        );
        fill_date(
            &mut self.published,
            text("datePublished").or_else(|| text("dateCreated")),
            source,
        );
        fill_date(&mut self.modified, text("dateModified"), source);
        if self.authors.is_none() {
            let mut names = Vec::new();
            if let Some(author) = object.get("author").or_else(|| object.get("creator")) {
                author_values(author, persons, &mut names);
            }
            let names = person_names(names.iter().map(String::as_str));
            if !names.is_empty() {
                self.authors = Some((names, source));
            }
        }
        let publisher = object.get("publisher").and_then(|p| match p {
            Value::Object(o) => o.get("name").and_then(plain_text),
            other => plain_text(other),
        });
        fill(&mut self.publisher, publisher, source);
        let language = object.get("inLanguage").and_then(|l| match l {
            Value::Object(o) => o.get("name").and_then(plain_text),
            other => plain_text(other),
        });
        fill(&mut self.language, language, source);
        fill(&mut self.description, text("description"), source);
        let section = object.get("articleSection").and_then(|s| match s {
            Value::Array(items) => items.iter().find_map(plain_text),
            other => plain_text(other),
        });
        fill(&mut self.section, section, source);
        if self.keywords.is_none() {
            let keywords = match object.get("keywords") {
                Some(Value::Array(items)) => items.iter().filter_map(plain_text).collect(),
                Some(other) => plain_text(other).map_or_else(Vec::new, |k| split_keywords(&k)),
                None => Vec::new(),
            };
            if !keywords.is_empty() {
                self.keywords = Some((keywords, source));
            }
        }
        let url = text("url").or_else(|| match object.get("mainEntityOfPage") {
            Some(Value::Object(o)) => o.get("@id").and_then(plain_text),
            Some(other) => plain_text(other),
            None => None,
        });
        fill(&mut self.url, url.filter(|u| u.starts_with("http")), source);
    }

    fn meta_tags(&mut self, doc: &Document) {
        // (key, content, is OpenGraph-style property) of every <meta>, in page order.
        let mut tags: Vec<(String, String)> = Vec::new();
        for node in doc.select("meta").nodes() {
            let Some(content) = node.attr("content") else {
                continue;
            };
            let content = collapse_space(&content);
            if content.is_empty() {
                continue;
            }
            for key in ["property", "name", "itemprop", "http-equiv"] {
                if let Some(k) = node.attr(key) {
                    tags.push((k.trim().to_ascii_lowercase(), content.clone()));
                }
            }
        }
        let first = |keys: &[&str]| -> Option<(String, MetadataSource)> {
            keys.iter().find_map(|&key| {
                tags.iter()
                    .find(|(k, _)| k == key)
                    .map(|(k, v)| (v.clone(), meta_source(k)))
            })
        };
        if self.title.is_none() {
            self.title = first(META_TITLE);
        }
        if self.published.is_none() {
            self.published = dated(META_PUBLISHED, &tags);
        }
        if self.modified.is_none() {
            self.modified = dated(META_MODIFIED, &tags);
        }
        if self.authors.is_none() {
            for &key in META_AUTHOR {
                let values = tags
                    .iter()
                    .filter(|(k, _)| k == key)
                    .map(|(_, v)| v.as_str());
                let names = person_names(values);
                if !names.is_empty() {
                    self.authors = Some((names, meta_source(key)));
                    break;
                }
            }
        }
        if self.publisher.is_none() {
            self.publisher = first(META_PUBLISHER);
        }
        if self.description.is_none() {
            self.description = first(META_DESCRIPTION);
        }
        if self.section.is_none() {
            self.section = first(META_SECTION);
        }
        if self.keywords.is_none() {
            for &key in META_KEYWORDS {
                let keywords: Vec<String> = tags
                    .iter()
                    .filter(|(k, _)| k == key)
                    .flat_map(|(_, v)| split_keywords(v))
                    .collect();
                if !keywords.is_empty() {
                    self.keywords = Some((keywords, meta_source(key)));
                    break;
                }
            }
        }
        if self.language.is_none() {
            self.language = first(META_LANGUAGE).map(|(l, s)| (l.replace('_', "-"), s));
        }
        if self.url.is_none() {
            self.url = first(&["og:url"]).filter(|(u, _)| u.starts_with("http"));
        }
        self.is_article |=
            first(&["og:type"]).is_some_and(|(t, _)| t.eq_ignore_ascii_case("article"));
    }

    fn html_elements(&mut self, doc: &Document) {
        if self.url.is_none() {
            for node in doc.select("link[rel=canonical]").nodes() {
                if let Some(href) = node.attr("href").filter(|h| h.starts_with("http")) {
                    self.url = Some((href.trim().to_owned(), MetadataSource::Html));
                    break;
                }
            }
        }
        if self.published.is_none() {
            // The article's own <time>: one marked as the publication date, else the first.
            let marked = "time[itemprop=datePublished], time[pubdate], time[datetime]";
            for node in doc.select(marked).nodes() {
                let value = node
                    .attr("datetime")
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| node.text().to_string());
                if let Some(date) = PublishedDate::parse(&value) {
                    self.published = Some((value.trim().to_owned(), date, MetadataSource::Html));
                    break;
                }
            }
        }
        if self.language.is_none() {
            if let Some(lang) = doc
                .select("html")
                .nodes()
                .first()
                .and_then(|n| n.attr("lang"))
            {
                let lang = lang.trim().replace('_', "-");
                if !lang.is_empty() {
                    self.language = Some((lang, MetadataSource::Html));
                }
            }
        }
        if self.title.is_none() {
            if let Some(title) = doc.select("title").nodes().first() {
                let title = collapse_space(&title.text());
                if !title.is_empty() {
                    self.title = Some((title, MetadataSource::Html));
                }
            }
        }
    }
}

/// A title without the site's name after it (`Rain returns | Example News`, `... -
/// Entermedia`): the part after the last separator is dropped when it is the site's name
/// (`og:site_name` or the publisher) or, letters only, a label of the page's host
/// (`entermedia.co.kr`). `None` when there is nothing to drop.
fn without_site_suffix(title: &str, site: Option<&str>, url: Option<&str>) -> Option<String> {
    let letters = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let host = url
        .and_then(|u| u.split("://").nth(1))
        .and_then(|rest| rest.split(['/', '?', '#', ':']).next())
        .unwrap_or("");
    let (at, separator) = [" | ", " - ", " – ", " — ", " :: ", " · "]
        .iter()
        .filter_map(|sep| title.rfind(sep).map(|at| (at, *sep)))
        .max_by_key(|&(at, _)| at)?;
    let (head, tail) = (title[..at].trim(), title[at + separator.len()..].trim());
    let tail_letters = letters(tail);
    if head.is_empty() || tail_letters.is_empty() {
        return None;
    }
    let is_site = site.is_some_and(|s| letters(s) == tail_letters)
        || host
            .split('.')
            .any(|label| label.len() > 3 && letters(label) == tail_letters);
    is_site.then(|| head.to_owned())
}

/// Sets `slot` to `value` (with its source) unless it has one.
fn fill(
    slot: &mut Option<(String, MetadataSource)>,
    value: Option<String>,
    source: MetadataSource,
) {
    if slot.is_none() {
        if let Some(v) = value.map(|v| collapse_space(&v)).filter(|v| !v.is_empty()) {
            *slot = Some((v, source));
        }
    }
}

/// Sets a date slot from a value that parses as a date.
fn fill_date(
    slot: &mut Option<(String, PublishedDate, MetadataSource)>,
    value: Option<String>,
    source: MetadataSource,
) {
    if slot.is_none() {
        if let Some(value) = value {
            if let Some(date) = PublishedDate::parse(&value) {
                *slot = Some((value.trim().to_owned(), date, source));
            }
        }
    }
}

/// The first of `keys` among `tags` whose value parses as a date.
fn dated(
    keys: &[&str],
    tags: &[(String, String)],
) -> Option<(String, PublishedDate, MetadataSource)> {
    keys.iter().find_map(|&key| {
        tags.iter()
            .filter(|(k, _)| k == key)
            .find_map(|(k, v)| PublishedDate::parse(v).map(|d| (v.clone(), d, meta_source(k))))
    })
}

/// OpenGraph (and Facebook's `article:`) properties, or other `<meta>` tags.
fn meta_source(key: &str) -> MetadataSource {
    if key.starts_with("og:") || key.starts_with("article:") {
        MetadataSource::OpenGraph
    } else {
        MetadataSource::Meta
    }
}

/// The names of the JSON-LD `Person` nodes of a page by `@id`: Yoast and kin write an
/// article's author as `{"@id": "https://site/#/schema/person/..."}` and the person
/// elsewhere in the graph.
type Persons = std::collections::HashMap<String, String>;

/// The JSON-LD objects of the page that describe an article, in page order (objects
/// nested in `@graph` arrays included), and the page's persons.
fn json_ld_articles(doc: &Document) -> (Vec<serde_json::Map<String, Value>>, Persons) {
    let mut found = Vec::new();
    let mut persons = Persons::new();
    for node in doc.select(r#"script[type="application/ld+json"]"#).nodes() {
        let text = node.text();
        // Pages leave HTML comment markers, trailing commas and raw line breaks in strings.
        let text = text
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->");
        let value = match serde_json::from_str::<Value>(text.trim()) {
            Ok(value) => value,
            Err(_) => match serde_json::from_str::<Value>(&lenient_json(text.trim())) {
                Ok(value) => value,
                Err(_) => continue,
            },
        };
        collect_articles(value, &mut found, &mut persons, 0);
    }
    (found, persons)
}

/// JSON as pages write it made valid: a comma before `}` or `]` dropped, control
/// characters inside strings made spaces.
fn lenient_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escape) = (false, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            match c {
                _ if escape => escape = false,
                '\\' => escape = true,
                '"' => in_string = false,
                c if c.is_control() => {
                    out.push(' ');
                    continue;
                }
                _ => {}
            }
            out.push(c);
            continue;
        }
        match c {
            '"' => in_string = true,
            ',' => {
                let rest = chars.clone().find(|c| !c.is_whitespace());
                if matches!(rest, Some('}' | ']')) {
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// True when a JSON-LD node's `@type` is (or lists) one of `types`, in any case.
fn has_type(object: &serde_json::Map<String, Value>, types: &[&str]) -> bool {
    let is = |t: &str| types.iter().any(|want| want.eq_ignore_ascii_case(t));
    match object.get("@type") {
        Some(Value::String(t)) => is(t),
        Some(Value::Array(ts)) => ts.iter().any(|t| t.as_str().is_some_and(is)),
        _ => false,
    }
}

fn collect_articles(
    value: Value,
    out: &mut Vec<serde_json::Map<String, Value>>,
    persons: &mut Persons,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                collect_articles(item, out, persons, depth + 1);
            }
        }
        Value::Object(mut object) => {
            if let Some(graph) = object.remove("@graph") {
                collect_articles(graph, out, persons, depth + 1);
            }
            if has_type(&object, &["Person"]) {
                let id = object.get("@id").and_then(plain_text);
                let name = object.get("name").and_then(plain_text);
                if let (Some(id), Some(name)) = (id, name) {
                    persons.entry(id).or_insert(name);
                }
            }
            if has_type(&object, ARTICLE_TYPES) {
                out.push(object);
            }
        }
        _ => {}
    }
}

/// A string value (numbers too), trimmed, not empty.
fn plain_text(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let text = collapse_space(&text);
    (!text.is_empty()).then_some(text)
}

/// The names of JSON-LD `author` values: strings, `{"name": ...}` objects, `{"@id": ...}`
/// references to a person of the page, lists of these.
fn author_values(value: &Value, persons: &Persons, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Object(o) => {
            // Organisations are not authors (`@type` is written in any case).
            if o.get("@type").is_some() && !has_type(o, &["Person"]) {
                return;
            }
            match o.get("name") {
                Some(name) => author_values(name, persons, out),
                None => {
                    let person = o.get("@id").and_then(plain_text);
                    if let Some(name) = person.and_then(|id| persons.get(&id)) {
                        out.push(name.clone());
                    }
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| author_values(v, persons, out)),
        _ => {}
    }
}

fn split_keywords(text: &str) -> Vec<String> {
    text.split([',', ';'])
        .map(collapse_space)
        .filter(|k| !k.is_empty())
        .collect()
}

/// Runs of white space as one space, trimmed.
pub(super) fn collapse_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A date written in a URL's path: `/2019/11/19/`, `/2019-11-19/`, `/20191119/`.
pub(super) fn date_in_url(url: &str) -> Option<PublishedDate> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let parts: Vec<&str> = path.split('/').collect();
    let number = |s: &str, digits: usize| {
        (s.len() == digits && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())?
    };
    let day = |y: u32, m: u32, d: u32| {
        ((1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
            .then(|| PublishedDate::parse(&format!("{y:04}-{m:02}-{d:02}")))?
    };
    for (i, part) in parts.iter().enumerate() {
        if let (Some(y), Some(m), Some(d)) = (
            number(part, 4),
            parts.get(i + 1).and_then(|p| number(p, 2)),
            parts
                .get(i + 2)
                .and_then(|p| number(&p[..p.len().min(2)], 2)),
        ) {
            if let Some(date) = day(y, m, d) {
                return Some(date);
            }
        }
        // 2019-11-19 or 20191119 as one segment (or the start of one: `20191119-slug`).
        let head: String = part.chars().take(10).collect();
        let digits: String = head.chars().filter(char::is_ascii_digit).collect();
        let dashed = head.len() == 10 && head.as_bytes()[4] == b'-' && head.as_bytes()[7] == b'-';
        let packed = part.len() >= 8
            && part.bytes().take(8).all(|b| b.is_ascii_digit())
            && part.as_bytes().get(8).is_none_or(|b| !b.is_ascii_digit());
        if (dashed && digits.len() == 8) || packed {
            let digits = if packed { &part[..8] } else { digits.as_str() };
            let (y, m, d) = (&digits[..4], &digits[4..6], &digits[6..8]);
            if let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) {
                if let Some(date) = day(y, m, d) {
                    return Some(date);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names_after_titles_are_dropped() {
        // (title, site name, URL, the title without the suffix)
        type Case<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);
        let cases: &[Case<'_>] = &[
            (
                "Rain returns | Example News",
                Some("Example News"),
                None,
                Some("Rain returns"),
            ),
            (
                "비 - Entermedia",
                None,
                Some("http://entermedia.co.kr/news/1"),
                Some("비"),
            ),
            (
                "Rain returns - BBC News",
                Some("BBC"),
                Some("https://www.bbc.com/news/1"),
                None,
            ),
            (
                "Rain – the return",
                None,
                Some("https://news.example/a"),
                None,
            ),
            ("Example News", Some("Example News"), None, None),
            (
                "Storms: a guide - Part 2 | Post",
                Some("The Post"),
                None,
                None,
            ),
        ];
        for &(title, site, url, want) in cases {
            assert_eq!(
                without_site_suffix(title, site, url).as_deref(),
                want,
                "{title}"
            );
        }
    }

    #[test]
    fn dates_in_urls() {
        let cases = [
            (
                "https://x.example/2019/11/19/some-story",
                Some((2019, 11, 19)),
            ),
            (
                "https://x.example/news/2019-11-19-some-story",
                Some((2019, 11, 19)),
            ),
            (
                "https://x.example/20191119/story.html",
                Some((2019, 11, 19)),
            ),
            ("https://x.example/2019/11/story", None),
            ("https://x.example/1234/56/78/story", None),
            ("https://x.example/article/123456789012", None),
            ("https://x.example/a?d=2019/11/19", None),
        ];
        for (url, want) in cases {
            assert_eq!(date_in_url(url).map(|d| d.ymd()), want, "{url}");
        }
    }
}
