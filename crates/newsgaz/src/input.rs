//! Reading articles from files: `.txt` (plain layout), `.json` (one object or an array),
//! `.jsonl` (one object a line).
//!
//! A batch never loses a record silently: every record yields an article or an error, in
//! input order.

use std::path::Path;

use serde_json::Value;

use crate::article::{decode, Article, Decoding};
use crate::error::{ArticleError, Location};

/// The layout of an input.
///
/// ```
/// use newsgaz::{read_records, InputFormat};
/// let records = read_records(b"{\"title\": \"A\", \"text\": \"x\"}\n{}\n", "feed.jsonl", InputFormat::JsonLines);
/// assert_eq!(records.len(), 2);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputFormat {
    /// Plain text: title line, blank line, paragraphs.
    PlainText,
    /// One JSON object, or an array of them.
    Json,
    /// One JSON object per line.
    JsonLines,
}

impl std::str::FromStr for InputFormat {
    type Err = String;

    /// Parses the names the CLI uses: `txt`, `json`, `jsonl`.
    ///
    /// ```
    /// assert_eq!("jsonl".parse::<newsgaz::InputFormat>(), Ok(newsgaz::InputFormat::JsonLines));
    /// ```
    fn from_str(name: &str) -> Result<InputFormat, String> {
        match name {
            "txt" => Ok(InputFormat::PlainText),
            "json" => Ok(InputFormat::Json),
            "jsonl" => Ok(InputFormat::JsonLines),
            _ => Err(format!(
                "unknown input format {name:?}: expected txt, json or jsonl"
            )),
        }
    }
}

impl InputFormat {
    /// Guesses the format from a file extension (`.json`, `.jsonl`/`.ndjson`, else plain text).
    ///
    /// ```
    /// use newsgaz::InputFormat;
    /// assert_eq!(InputFormat::from_path("a.ndjson".as_ref()), InputFormat::JsonLines);
    /// assert_eq!(InputFormat::from_path("a.txt".as_ref()), InputFormat::PlainText);
    /// ```
    pub fn from_path(path: &Path) -> InputFormat {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("json") => InputFormat::Json,
            Some("jsonl" | "ndjson") => InputFormat::JsonLines,
            _ => InputFormat::PlainText,
        }
    }
}

/// One record of an input: where it came from, and the article or the error.
///
/// ```
/// use newsgaz::{read_records, InputFormat};
/// let records = read_records(b"[{\"text\": \"x\"}, 7]", "feed.json", InputFormat::Json);
/// assert_eq!((records[0].source.as_str(), records[1].article.is_err()), ("feed.json#0", true));
/// ```
#[derive(Debug)]
pub struct Record {
    /// `name`, `name:line` (JSONL) or `name#index` (JSON array).
    pub source: String,
    /// The parsed article, or why it could not be parsed.
    pub article: Result<Article, ArticleError>,
}

/// Parses the bytes of one input named `name` into records, in order; invalid UTF-8 is
/// an error naming the byte offset.
///
/// ```
/// use newsgaz::{read_records, InputFormat};
/// let records = read_records(b"{\"text\": \"ok\"}\nnot json\n", "feed.jsonl", InputFormat::JsonLines);
/// // Every record yields a result or an error, in order.
/// assert!(records[0].article.is_ok() && records[1].article.is_err());
/// assert_eq!(records[1].source, "feed.jsonl:2");
/// ```
pub fn read_records(bytes: &[u8], name: &str, format: InputFormat) -> Vec<Record> {
    read_records_with(bytes, name, format, Decoding::Strict)
}

/// Like [`read_records`], decoding bytes as `decoding` says (JSON Lines: line by line).
///
/// ```
/// use newsgaz::{read_records_with, Decoding, InputFormat};
/// let records = read_records_with(b"T\n\ncaf\xe9", "a.txt", InputFormat::PlainText, Decoding::Lossy);
/// assert!(records[0].article.as_ref().unwrap().text.ends_with('\u{fffd}'));
/// ```
pub fn read_records_with(
    bytes: &[u8],
    name: &str,
    format: InputFormat,
    decoding: Decoding,
) -> Vec<Record> {
    match format {
        InputFormat::PlainText => vec![Record {
            source: name.to_owned(),
            article: Article::parse_plain_bytes_with(bytes, name, decoding),
        }],
        InputFormat::Json => match decode(bytes, &Location::new(name), decoding) {
            Err(e) => vec![Record {
                source: name.to_owned(),
                article: Err(e),
            }],
            Ok((text, replaced)) => match serde_json::from_str::<Value>(&text) {
                Err(e) => vec![Record {
                    source: name.to_owned(),
                    article: Err(ArticleError::InvalidRecord {
                        at: Location::new(name).at_line(e.line()),
                        message: e.to_string(),
                    }),
                }],
                Ok(Value::Array(items)) => items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| Record {
                        source: format!("{name}#{i}"),
                        article: Article::from_json_value(v, &Location::new(format!("{name}#{i}")))
                            .map(|a| with_replaced(a, replaced)),
                    })
                    .collect(),
                Ok(v) => vec![Record {
                    source: name.to_owned(),
                    article: Article::from_json_value(v, &Location::new(name))
                        .map(|a| with_replaced(a, replaced)),
                }],
            },
        },
        InputFormat::JsonLines => {
            // Decode line by line so one bad line does not take the others with it.
            let mut records = Vec::new();
            for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
                let source = format!("{name}:{}", i + 1);
                let at = Location::new(name).at_line(i + 1);
                let article = match decode(line, &at, decoding) {
                    Err(e) => Err(e),
                    Ok((line, _)) if line.trim().is_empty() => continue,
                    Ok((line, replaced)) => {
                        serde_json::from_str::<Value>(line.trim_start_matches('\u{feff}'))
                            .map_err(|e| ArticleError::InvalidRecord {
                                at: at.clone(),
                                message: e.to_string(),
                            })
                            .and_then(|v| Article::from_json_value(v, &at))
                            .map(|a| with_replaced(a, replaced))
                    }
                };
                records.push(Record { source, article });
            }
            records
        }
    }
}

/// Records how many invalid sequences lossy decoding replaced in the input it came from.
fn with_replaced(mut article: Article, replaced: usize) -> Article {
    article.metadata.replaced_invalid_utf8 = replaced;
    article
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_keeps_every_record_in_order() {
        let input = b"{\"text\":\"a\"}\n\nnot json\n{\"title\":\"t\"}\n{\"text\":\"\xff\"}\n{\"text\":\"b\"}\n";
        let records = read_records(input, "in.jsonl", InputFormat::JsonLines);
        let summary: Vec<(String, bool)> = records
            .iter()
            .map(|r| (r.source.clone(), r.article.is_ok()))
            .collect();
        assert_eq!(
            summary,
            [
                ("in.jsonl:1".to_owned(), true),
                ("in.jsonl:3".to_owned(), false),
                ("in.jsonl:4".to_owned(), false),
                ("in.jsonl:5".to_owned(), false),
                ("in.jsonl:6".to_owned(), true),
            ]
        );
        assert_eq!(
            records[2].article.as_ref().unwrap_err().to_string(),
            "in.jsonl:4: field `text`: missing required field"
        );
    }

    #[test]
    fn lossy_decoding_replaces_and_counts_strict_names_the_offset() {
        let input = b"Title\n\nIt cost \xa315m.";
        let strict = read_records(input, "a.txt", InputFormat::PlainText);
        assert_eq!(
            strict[0].article.as_ref().unwrap_err().to_string(),
            "a.txt: invalid UTF-8 at byte 15"
        );
        let lossy = read_records_with(input, "a.txt", InputFormat::PlainText, Decoding::Lossy);
        let a = lossy[0].article.as_ref().unwrap();
        assert_eq!(a.text, "Title\n\nIt cost \u{fffd}15m.");
        assert_eq!(a.metadata.replaced_invalid_utf8, 1);
        let jsonl = b"{\"text\":\"a\xff\"}\n{\"text\":\"b\"}\n";
        let records = read_records_with(jsonl, "a.jsonl", InputFormat::JsonLines, Decoding::Lossy);
        let replaced: Vec<usize> = records
            .iter()
            .map(|r| r.article.as_ref().unwrap().metadata.replaced_invalid_utf8)
            .collect();
        assert_eq!(replaced, [1, 0]);
        let strict = read_records(jsonl, "a.jsonl", InputFormat::JsonLines);
        assert_eq!(
            strict[0].article.as_ref().unwrap_err().to_string(),
            "a.jsonl:1: invalid UTF-8 at byte 10"
        );
    }

    #[test]
    fn json_array_names_each_index() {
        let records = read_records(br#"[{"text":"a"},{"text":1}]"#, "a.json", InputFormat::Json);
        assert_eq!(records[1].source, "a.json#1");
        assert!(records[1].article.is_err());
    }
}
