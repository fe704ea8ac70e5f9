//! Typed news articles: text with title, paragraph and sentence spans, and metadata.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{ArticleError, Location};
use crate::span::Span;

/// Facts about an article that are not its text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// Where the article was published online.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The publisher or site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Publication date as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Authors, in the order given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Fields of the input record that newsgaz does not interpret, kept as given.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
}

/// Whether a quotation reports speech or only marks a phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum QuoteKind {
    /// Reported speech: `Putin said “...”`.
    Speech,
    /// Scare quotes around one or two words: `a “no limits” partnership`.
    Scare,
}

/// The words that tie a quotation to its speaker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeechCue {
    /// The cue as written (`said`, `told`, `according to`, `described`).
    pub span: Span,
    /// The cue normalised to a lemma (`say`, `tell`, `according to`, `describe`).
    pub verb: String,
    /// The phrase naming the speaker as written (`Putin`, `he`, `the Russian president`).
    pub speaker: Option<Span>,
}

/// A quotation in the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// From the opening mark to the closing mark, both included.
    pub span: Span,
    /// Between the marks.
    pub content: Span,
    /// Speech or scare quotes.
    pub kind: QuoteKind,
    /// The speech cue, when one was found.
    pub cue: Option<SpeechCue>,
}

/// A source the article credits: `Reuters reported`, `according to the ministry`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// The source as written (`Reuters`, `the Associated Press`).
    pub source: Span,
    /// The cue as written (`reported`, `according to`, `said in a statement`).
    pub cue: Span,
    /// The cue normalised (`report`, `according to`, `say`).
    pub verb: String,
}

/// A parsed news article. All spans are byte offsets into `text`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Identifier from the input, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The title, if the article has one (also present in `text` at `title_span`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The full text: the title line (if any), a blank line, then the body.
    pub text: String,
    /// Where the title lies in `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_span: Option<Span>,
    /// Body paragraphs, in order (the title is not a paragraph).
    pub paragraphs: Vec<Span>,
    /// Body sentences, in order; each lies inside one paragraph.
    pub sentences: Vec<Span>,
    /// Quotations, in text order (filled by the quote finder).
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// Source attributions, in text order.
    #[serde(default)]
    pub attributions: Vec<Attribution>,
    /// Everything else known about the article.
    #[serde(default)]
    pub metadata: Metadata,
}

impl Article {
    /// Parses the plain-text layout: the first line is the title when a blank line
    /// follows it; blank lines separate paragraphs.
    pub fn parse_plain(text: impl Into<String>) -> Article {
        Article::parse_layout(text.into(), true)
    }

    /// Splits `text` into title (when `may_have_title`), paragraphs and sentences.
    fn parse_layout(text: String, may_have_title: bool) -> Article {
        let lines = line_spans(&text);
        let is_blank = |s: &Span| s.slice(&text).trim().is_empty();
        let mut title_span = None;
        let mut body_from = 0;
        if may_have_title && lines.len() >= 2 && !is_blank(&lines[0]) && is_blank(&lines[1]) {
            title_span = Some(trim_span(&text, lines[0]));
            body_from = 1;
        }
        let mut paragraphs = Vec::new();
        let mut current: Option<Span> = None;
        for line in &lines[body_from..] {
            if is_blank(line) {
                paragraphs.extend(current.take());
            } else {
                let line = trim_span(&text, *line);
                current = Some(match current {
                    Some(p) => Span::new(p.start, line.end),
                    None => line,
                });
            }
        }
        paragraphs.extend(current);
        let sentences = paragraphs
            .iter()
            .flat_map(|p| split_sentences(&text, *p))
            .collect();
        Article {
            id: None,
            title: title_span.map(|s: Span| s.slice(&text).to_owned()),
            title_span,
            paragraphs,
            sentences,
            text,
            quotes: Vec::new(),
            attributions: Vec::new(),
            metadata: Metadata::default(),
        }
    }

    /// Parses bytes in the plain-text layout; invalid UTF-8 is an error naming the offset.
    pub fn parse_plain_bytes(bytes: &[u8], source: &str) -> Result<Article, ArticleError> {
        let text = std::str::from_utf8(bytes).map_err(|e| ArticleError::InvalidUtf8 {
            at: Location::new(source),
            offset: e.valid_up_to(),
        })?;
        Ok(Article::parse_plain(
            text.strip_prefix('\u{feff}').unwrap_or(text),
        ))
    }

    /// Builds an article from a JSON object with `title` and `text` (and optional `id`,
    /// `url`, `source`, `published`, `authors`); other fields are kept in metadata.
    ///
    /// The article's `text` is the title, a blank line, then the body, so that one offset
    /// space covers both.
    pub fn from_json_value(value: Value, at: &Location) -> Result<Article, ArticleError> {
        let Value::Object(mut object) = value else {
            return Err(ArticleError::InvalidRecord {
                at: at.clone(),
                message: "expected a JSON object".into(),
            });
        };
        let mut take_text = |name: &str| -> Result<Option<String>, ArticleError> {
            match object.remove(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s)),
                Some(Value::Number(n)) if name == "id" => Ok(Some(n.to_string())),
                Some(_) => Err(ArticleError::InvalidRecord {
                    at: at.clone().field(name),
                    message: "expected a string".into(),
                }),
            }
        };
        let id = take_text("id")?;
        let title = take_text("title")?;
        let body = take_text("text")?.ok_or_else(|| ArticleError::MissingField {
            at: at.clone().field("text"),
        })?;
        let url = take_text("url")?;
        let source = take_text("source")?;
        let published = take_text("published")?;
        let authors = match object.remove("authors") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::String(s)) => vec![s],
            Some(Value::Array(items)) => items
                .into_iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s),
                    _ => Err(ArticleError::InvalidRecord {
                        at: at.clone().field("authors"),
                        message: "expected a string or a list of strings".into(),
                    }),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => {
                return Err(ArticleError::InvalidRecord {
                    at: at.clone().field("authors"),
                    message: "expected a string or a list of strings".into(),
                })
            }
        };
        let title = title.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
        let text = match &title {
            Some(t) => format!("{t}\n\n{body}"),
            None => body,
        };
        // Without a title field, the first line is body even when a blank line follows it.
        let mut article = Article::parse_layout(text, title.is_some());
        article.id = id;
        article.metadata = Metadata {
            url,
            source,
            published,
            authors,
            extra: object,
        };
        Ok(article)
    }

    /// The index of the paragraph holding byte `offset`, if any.
    pub fn paragraph_at(&self, offset: usize) -> Option<usize> {
        index_at(&self.paragraphs, offset)
    }

    /// The index of the sentence holding byte `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        index_at(&self.sentences, offset)
    }
}

fn index_at(spans: &[Span], offset: usize) -> Option<usize> {
    let i = spans.partition_point(|s| s.end <= offset);
    (i < spans.len() && spans[i].start <= offset).then_some(i)
}

/// Line spans without their terminators (`\n` or `\r\n`).
fn line_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            let end = if i > start && text.as_bytes()[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            spans.push(Span::new(start, end));
            start = i + 1;
        }
    }
    if start < text.len() {
        spans.push(Span::new(start, text.len()));
    }
    spans
}

fn trim_span(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    Span::new(span.start + lead, span.end - trail)
}

/// Splits a paragraph at `.`, `!` or `?` (and any closing quotes) followed by white space
/// and an upper-case letter, digit or opening quote, except after a few abbreviations.
fn split_sentences(text: &str, paragraph: Span) -> Vec<Span> {
    const ABBREVIATIONS: &[&str] = &[
        "Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Sen", "Gov", "Prof", "U.S", "U.K", "No",
    ];
    let p = paragraph.slice(text);
    let mut sentences = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = p.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if matches!(c, '.' | '!' | '?') {
            let mut j = i + 1;
            while j < chars.len()
                && matches!(chars[j].1, '"' | '\u{201d}' | '\'' | '\u{2019}' | ')')
            {
                j += 1;
            }
            let end = chars.get(j).map_or(p.len(), |&(o, _)| o);
            let mut k = j;
            while k < chars.len() && chars[k].1.is_whitespace() {
                k += 1;
            }
            let next_starts = chars.get(k).is_some_and(|&(_, n)| {
                n.is_uppercase()
                    || n.is_numeric()
                    || matches!(n, '"' | '\u{201c}' | '\'' | '\u{2018}')
            });
            let word = p[start..at]
                .rsplit(|ch: char| ch.is_whitespace())
                .next()
                .unwrap_or("");
            let abbreviation = c == '.'
                && (ABBREVIATIONS.contains(&word)
                    || (word.chars().count() == 1 && word.chars().all(char::is_uppercase)));
            if k > j && next_starts && !abbreviation {
                sentences.push(Span::new(paragraph.start + start, paragraph.start + end));
                start = chars[k].0;
                i = k;
                continue;
            }
        }
        i += 1;
    }
    if start < p.len() {
        sentences.push(trim_span(
            text,
            Span::new(paragraph.start + start, paragraph.end),
        ));
    }
    sentences
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_layout_title_paragraphs_sentences() {
        let text = "The Title\n\nFirst one. Mr. Smith went.\r\nStill para one.\n\n\nSecond para!";
        let a = Article::parse_plain(text);
        assert_eq!(a.title.as_deref(), Some("The Title"));
        let paras: Vec<&str> = a.paragraphs.iter().map(|s| s.slice(text)).collect();
        assert_eq!(
            paras,
            [
                "First one. Mr. Smith went.\r\nStill para one.",
                "Second para!"
            ]
        );
        let sents: Vec<&str> = a.sentences.iter().map(|s| s.slice(text)).collect();
        assert_eq!(
            sents,
            [
                "First one.",
                "Mr. Smith went.",
                "Still para one.",
                "Second para!"
            ]
        );
        assert_eq!(a.paragraph_at(text.find("Second").unwrap()), Some(1));
        assert_eq!(a.sentence_at(0), None);
    }

    #[test]
    fn no_title_when_no_blank_line_follows() {
        let a = Article::parse_plain("Line one\nline two");
        assert_eq!(a.title, None);
        assert_eq!(a.paragraphs.len(), 1);
    }

    #[test]
    fn json_title_and_body_share_one_offset_space() {
        let v: Value =
            serde_json::from_str(r#"{"id":7,"title":"T","text":"Body here.","lang":"en"}"#)
                .unwrap();
        let a = Article::from_json_value(v, &Location::new("x")).unwrap();
        assert_eq!(a.text, "T\n\nBody here.");
        assert_eq!(a.id.as_deref(), Some("7"));
        assert_eq!(a.paragraphs[0].slice(&a.text), "Body here.");
        assert_eq!(a.metadata.extra["lang"], "en");

        let v: Value = serde_json::from_str(r#"{"text":"Only body\n\nsecond"}"#).unwrap();
        let a = Article::from_json_value(v, &Location::new("x")).unwrap();
        assert_eq!(a.title, None);
        let paras: Vec<&str> = a.paragraphs.iter().map(|s| s.slice(&a.text)).collect();
        assert_eq!(paras, ["Only body", "second"]);
    }

    #[test]
    fn invalid_utf8_names_offset() {
        let err = Article::parse_plain_bytes(b"ab\xe9cd", "f.txt").unwrap_err();
        assert_eq!(err.to_string(), "f.txt: invalid UTF-8 at byte 2");
    }
}
