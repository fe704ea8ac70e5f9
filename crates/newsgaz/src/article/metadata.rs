//! Facts about an article that are not its text, and reading them from JSON records with
//! the field names real feeds use.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::date::PublishedDate;
use super::layout::{Byline, Dateline};
use crate::error::{ArticleError, Location};

/// Facts about an article that are not its text.
///
/// ```
/// let a = newsgaz::Article::from_json_value(
///     serde_json::json!({"title": "T", "body": "Rain.", "link": "https://x.example/a", "author": "Amy Roe"}),
///     &newsgaz::Location::new("<record>"),
/// )?;
/// assert_eq!((a.metadata.url.as_deref(), a.metadata.authors.as_slice()), (Some("https://x.example/a"), &["Amy Roe".to_owned()][..]));
/// # Ok::<(), newsgaz::ArticleError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// Where the article was published online (`url` or `link`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The publisher or site (`source`, `publisher` or `site`); without one, the agency a
    /// byline names after its authors (`By Jane Doe, Reuters`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Publication date as given (`published`, `date` or `publish_date`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// `published` as a typed date, when it is ISO 8601 or RFC 2822.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_date: Option<PublishedDate>,
    /// Authors, in the order given (`authors` or `author`, else the byline's names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Language tag as given (`language` or `lang`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The dateline at the start of the body, if any (not part of any paragraph).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dateline: Option<Dateline>,
    /// The byline at the start of the body, if any (not part of any paragraph).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<Byline>,
    /// When the article was last changed, as given (HTML: `dateModified`,
    /// `article:modified_time`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    /// `modified` as a typed date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_date: Option<PublishedDate>,
    /// The page's summary (HTML: JSON-LD `description`, `og:description`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The section the article was published in (HTML: `articleSection`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Keywords or tags the publisher gave (HTML: JSON-LD `keywords`, `news_keywords`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// How sure language detection was (0 to 1), when `language` was detected from the
    /// text rather than given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_confidence: Option<f64>,
    /// Where each field above came from, by field name (`title`, `published`, `authors`,
    /// ...), for articles read from HTML.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub provenance: BTreeMap<String, MetadataSource>,
    /// How many invalid UTF-8 sequences lossy decoding replaced with U+FFFD.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub replaced_invalid_utf8: usize,
    /// Fields of the input record that newsgaz does not interpret, kept as given.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
}

/// Where a metadata field's value came from.
///
/// ```
/// assert_eq!(serde_json::to_string(&newsgaz::article::MetadataSource::JsonLd).unwrap(), "\"json-ld\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum MetadataSource {
    /// The input record's own field (JSON).
    Record,
    /// A schema.org object in a `<script type="application/ld+json">`.
    JsonLd,
    /// An OpenGraph or `article:` property (`og:title`, `article:published_time`).
    #[serde(rename = "opengraph")]
    OpenGraph,
    /// Another `<meta>` tag (`author`, `description`, `parsely-pub-date`).
    Meta,
    /// An element of the page: `<title>`, `<time datetime>`, `<html lang>`, the canonical link.
    Html,
    /// The page's URL (a date in its path).
    Url,
    /// The byline at the start of the text.
    Byline,
    /// Detected from the text (language).
    Detected,
    /// The WARC record that held the page (its target URI).
    Warc,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The fields of a JSON record, each with the names feeds use for it, first name preferred.
pub(crate) struct RecordFields {
    pub(crate) id: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) body: String,
    pub(crate) metadata: Metadata,
}

const ID: &[&str] = &["id", "guid"];
const TITLE: &[&str] = &["title", "headline"];
const BODY: &[&str] = &["text", "body", "content", "article"];
const URL: &[&str] = &["url", "link"];
const SOURCE: &[&str] = &["source", "publisher", "site"];
const PUBLISHED: &[&str] = &["published", "date", "publish_date"];
const AUTHORS: &[&str] = &["authors", "author"];
const LANGUAGE: &[&str] = &["language", "lang"];

/// Takes the known fields out of a JSON object; what remains goes to `metadata.extra`.
pub(crate) fn record_fields(value: Value, at: &Location) -> Result<RecordFields, ArticleError> {
    let Value::Object(mut object) = value else {
        return Err(ArticleError::InvalidRecord {
            at: at.clone(),
            message: "expected a JSON object".into(),
        });
    };
    let mut take = |names: &[&str]| -> Result<Option<(String, Value)>, ArticleError> {
        let mut found = None;
        for &name in names {
            if let Some(v) = object.remove(name) {
                if v.is_null() {
                    continue;
                }
                match &found {
                    None => found = Some((name.to_owned(), v)),
                    Some((first, _)) => {
                        return Err(ArticleError::InvalidRecord {
                            at: at.clone().field(name),
                            message: format!("gives the same field as `{first}`"),
                        })
                    }
                }
            }
        }
        Ok(found)
    };
    let text = |field: Option<(String, Value)>, allow_number: bool| match field {
        None => Ok(None),
        Some((_, Value::String(s))) => Ok(Some(s)),
        Some((_, Value::Number(n))) if allow_number => Ok(Some(n.to_string())),
        Some((name, _)) => Err(ArticleError::InvalidRecord {
            at: at.clone().field(name),
            message: "expected a string".into(),
        }),
    };
    let id = text(take(ID)?, true)?;
    let title = text(take(TITLE)?, false)?;
    let body = text(take(BODY)?, false)?.ok_or_else(|| ArticleError::MissingField {
        at: at.clone().field("text"),
    })?;
    let url = text(take(URL)?, false)?;
    let source = text(take(SOURCE)?, false)?;
    let published = text(take(PUBLISHED)?, false)?;
    let language = text(take(LANGUAGE)?, false)?;
    let authors = match take(AUTHORS)? {
        None => Vec::new(),
        Some((_, Value::String(s))) => vec![s],
        Some((name, Value::Array(items))) => items
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(s),
                _ => Err(ArticleError::InvalidRecord {
                    at: at.clone().field(name.as_str()),
                    message: "expected a string or a list of strings".into(),
                }),
            })
            .collect::<Result<_, _>>()?,
        Some((name, _)) => {
            return Err(ArticleError::InvalidRecord {
                at: at.clone().field(name),
                message: "expected a string or a list of strings".into(),
            })
        }
    };
    let published_date = published.as_deref().and_then(PublishedDate::parse);
    Ok(RecordFields {
        id,
        title,
        body,
        metadata: Metadata {
            url,
            source,
            published,
            published_date,
            authors,
            language,
            extra: object,
            ..Metadata::default()
        },
    })
}
