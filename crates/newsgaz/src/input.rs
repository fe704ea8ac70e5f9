//! Reading articles from files: `.txt` (plain layout), `.json` (one object or an array),
//! `.jsonl` (one object a line).
//!
//! A batch never loses a record silently: every record yields an article or an error, in
//! input order.

use std::path::Path;

use serde_json::Value;

use crate::article::Article;
use crate::error::{ArticleError, Location};

/// The layout of an input.
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

impl InputFormat {
    /// Guesses the format from a file extension (`.json`, `.jsonl`/`.ndjson`, else plain text).
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
#[derive(Debug)]
pub struct Record {
    /// `name`, `name:line` (JSONL) or `name#index` (JSON array).
    pub source: String,
    /// The parsed article, or why it could not be parsed.
    pub article: Result<Article, ArticleError>,
}

/// Parses the bytes of one input named `name` into records, in order.
pub fn read_records(bytes: &[u8], name: &str, format: InputFormat) -> Vec<Record> {
    match format {
        InputFormat::PlainText => vec![Record {
            source: name.to_owned(),
            article: Article::parse_plain_bytes(bytes, name),
        }],
        InputFormat::Json => match decode(bytes, name) {
            Err(e) => vec![Record {
                source: name.to_owned(),
                article: Err(e),
            }],
            Ok(text) => match serde_json::from_str::<Value>(text) {
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
                        article: Article::from_json_value(v, &Location::new(format!("{name}#{i}"))),
                    })
                    .collect(),
                Ok(v) => vec![Record {
                    source: name.to_owned(),
                    article: Article::from_json_value(v, &Location::new(name)),
                }],
            },
        },
        InputFormat::JsonLines => {
            // Decode line by line so one bad line does not take the others with it.
            let mut records = Vec::new();
            for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
                let source = format!("{name}:{}", i + 1);
                let at = Location::new(name).at_line(i + 1);
                let article = match std::str::from_utf8(line) {
                    Err(e) => Err(ArticleError::InvalidUtf8 {
                        at,
                        offset: e.valid_up_to(),
                    }),
                    Ok(line) if line.trim().is_empty() => continue,
                    Ok(line) => serde_json::from_str::<Value>(line.trim_start_matches('\u{feff}'))
                        .map_err(|e| ArticleError::InvalidRecord {
                            at: at.clone(),
                            message: e.to_string(),
                        })
                        .and_then(|v| Article::from_json_value(v, &at)),
                };
                records.push(Record { source, article });
            }
            records
        }
    }
}

fn decode<'b>(bytes: &'b [u8], name: &str) -> Result<&'b str, ArticleError> {
    std::str::from_utf8(bytes).map_err(|e| ArticleError::InvalidUtf8 {
        at: Location::new(name),
        offset: e.valid_up_to(),
    })
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
    fn json_array_names_each_index() {
        let records = read_records(br#"[{"text":"a"},{"text":1}]"#, "a.json", InputFormat::Json);
        assert_eq!(records[1].source, "a.json#1");
        assert!(records[1].article.is_err());
    }
}
