//! Typed news articles: the text as given, title, paragraph and sentence spans, quotations
//! with their speech cues, source attributions, and metadata.

mod attributions;
mod cues;
mod date;
#[cfg(feature = "html")]
pub(crate) mod html;
mod json;
mod layout;
mod metadata;
mod quotes;
mod sentences;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ArticleError, Location};
use crate::span::Span;

pub use date::PublishedDate;
#[cfg(feature = "html")]
pub use html::PageInfo;
pub(crate) use json::{check_span, check_spans};
pub use layout::{Byline, Dateline};
pub use metadata::{Metadata, MetadataSource};

use layout::layout;
use metadata::record_fields;

/// Whether a quotation reports speech or only marks a phrase.
///
/// ```
/// use newsgaz::Article;
/// use newsgaz::article::QuoteKind;
/// let a = Article::parse_plain("T\n\nA “no limits” deal.");
/// assert_eq!(a.quotes[0].kind, QuoteKind::Scare);
/// ```
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
///
/// ```
/// let a = newsgaz::Article::parse_plain("T\n\n“We agreed,” Putin told reporters.");
/// let cue = a.quotes[0].cue.as_ref().unwrap();
/// assert_eq!((cue.verb.as_str(), cue.speaker.unwrap().slice(&a.text)), ("tell", "Putin"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeechCue {
    /// The cue as written (`said`, `told`, `according to`, `described`).
    pub span: Span,
    /// The cue normalised to a lemma (`say`, `tell`, `according to`, `describe`).
    pub verb: String,
    /// The phrase naming the speaker as written (`Putin`, `he`, `the Russian president`).
    pub speaker: Option<Span>,
    /// True when the cue is that of the previous quotation, which this one continues with
    /// no sentence between (`“...,” said Rusedski. “Hopefully ...”`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub carried: bool,
}

/// A quotation in the text.
///
/// ```
/// let a = newsgaz::Article::parse_plain("T\n\n“We agreed,” Putin said.");
/// let q = &a.quotes[0];
/// assert_eq!((q.span.slice(&a.text), q.content.slice(&a.text)), ("“We agreed,”", "We agreed,"));
/// ```
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
///
/// ```
/// let a = newsgaz::Article::parse_plain("T\n\nTalks failed, Reuters reported.");
/// let x = &a.attributions[0];
/// assert_eq!((x.source.slice(&a.text), x.verb.as_str()), ("Reuters", "report"));
/// ```
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
///
/// ```
/// let a = newsgaz::Article::parse_plain("Title\n\nOne. Two.\n\nThree.");
/// assert_eq!((a.title.as_deref(), a.paragraphs.len(), a.sentences.len()), (Some("Title"), 2, 3));
/// ```
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
    /// follows it; blank lines separate paragraphs. A leading byte order mark is dropped.
    ///
    /// ```
    /// let a = newsgaz::Article::parse_plain("\u{feff}Title\n\nBody.");
    /// assert_eq!(a.title.as_deref(), Some("Title"));
    /// ```
    pub fn parse_plain(text: impl Into<String>) -> Article {
        let mut text: String = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        Article::build(text, 0, None, true)
    }

    /// Parses bytes in the plain-text layout; invalid UTF-8 is an error naming the offset.
    ///
    /// ```
    /// let err = newsgaz::Article::parse_plain_bytes(b"T\n\ncaf\xe9", "a.txt").unwrap_err();
    /// assert!(err.to_string().contains("byte 6"), "{err}");
    /// ```
    pub fn parse_plain_bytes(bytes: &[u8], source: &str) -> Result<Article, ArticleError> {
        Article::parse_plain_bytes_with(bytes, source, Decoding::Strict)
    }

    /// Parses bytes in the plain-text layout, decoding them as `decoding` says.
    ///
    /// ```
    /// use newsgaz::Article;
    /// use newsgaz::article::Decoding;
    /// let a = Article::parse_plain_bytes_with(b"T\n\ncaf\xe9", "a.txt", Decoding::Lossy)?;
    /// assert_eq!((a.metadata.replaced_invalid_utf8, a.text.ends_with('\u{fffd}')), (1, true));
    /// # Ok::<(), newsgaz::ArticleError>(())
    /// ```
    pub fn parse_plain_bytes_with(
        bytes: &[u8],
        source: &str,
        decoding: Decoding,
    ) -> Result<Article, ArticleError> {
        let (text, replaced) = decode(bytes, &Location::new(source), decoding)?;
        let mut article = Article::parse_plain(text);
        article.metadata.replaced_invalid_utf8 = replaced;
        Ok(article)
    }

    /// Builds an article from a JSON object. Field names real feeds use are understood
    /// (`title`/`headline`, `text`/`body`/`content`/`article`, `url`/`link`,
    /// `source`/`publisher`/`site`, `published`/`date`/`publish_date`, `authors`/`author`,
    /// `language`/`lang`, `id`/`guid`); other fields are kept in `metadata.extra`.
    ///
    /// The article's `text` is the title, a blank line, then the body, so that one offset
    /// space covers both. With the `html` feature, a record with an `html` field (a page)
    /// and no body field is parsed as that page (`Article::from_html`), its `url`/`link`
    /// as the page's URL, its `id` kept and its other fields in `metadata.extra`.
    ///
    /// ```
    /// let record = serde_json::json!({"headline": "Rain", "content": "It rained.", "pubDate": "kept"});
    /// let a = newsgaz::Article::from_json_value(record, &newsgaz::Location::new("<record>"))?;
    /// assert_eq!((a.text.as_str(), a.metadata.extra["pubDate"].as_str()), ("Rain\n\nIt rained.", Some("kept")));
    /// # Ok::<(), newsgaz::ArticleError>(())
    /// ```
    pub fn from_json_value(value: Value, at: &Location) -> Result<Article, ArticleError> {
        #[cfg(feature = "html")]
        if let Some(article) = html::from_html_record(&value, at) {
            return article;
        }
        let fields = record_fields(value, at)?;
        let title = fields
            .title
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty());
        let (text, body_from) = match &title {
            Some(t) => (format!("{t}\n\n{}", fields.body), t.len() + 2),
            None => (fields.body, 0),
        };
        // Without a title field, the first line is body even when a blank line follows it.
        let title_span = title.as_ref().map(|t| Span::new(0, t.len()));
        let mut article = Article::build(text, body_from, title_span, false);
        article.id = fields.id;
        let byline_authors = std::mem::take(&mut article.metadata.authors);
        let byline_agency = article.metadata.source.take();
        article.metadata = Metadata {
            dateline: article.metadata.dateline.take(),
            byline: article.metadata.byline.take(),
            ..fields.metadata
        };
        if article.metadata.authors.is_empty() {
            article.metadata.authors = byline_authors;
        }
        if article.metadata.source.is_none() {
            article.metadata.source = byline_agency;
        }
        Ok(article)
    }

    /// Lays out `text[body_from..]` (looking for a title line when `find_title`), then
    /// finds sentences, quotes and attributions.
    pub(crate) fn build(
        text: String,
        body_from: usize,
        title: Option<Span>,
        find_title: bool,
    ) -> Article {
        let layout = layout(&text, body_from, find_title);
        let title_span = title.or(layout.title);
        // News sentences average over 100 bytes: one allocation for most articles.
        let mut sentences = Vec::with_capacity(text.len() / 64 + 1);
        for &p in &layout.paragraphs {
            sentences::split_into(&text, p, &mut sentences);
        }
        let quotes = quotes::find_quotes(&text, &layout.paragraphs, &sentences);
        let attributions = attributions::find_attributions(&text, &sentences);
        let authors = layout.byline.as_ref().map_or_else(Vec::new, |b| {
            b.authors
                .iter()
                .map(|s| s.slice(&text).to_owned())
                .collect()
        });
        Article {
            id: None,
            title: title_span.map(|s| s.slice(&text).to_owned()),
            title_span,
            paragraphs: layout.paragraphs,
            sentences,
            quotes,
            attributions,
            metadata: Metadata {
                authors,
                source: layout.byline_agency.map(|s| s.slice(&text).to_owned()),
                dateline: layout.dateline,
                byline: layout.byline,
                ..Metadata::default()
            },
            text,
        }
    }

    /// The index of the paragraph holding byte `offset`, if any.
    ///
    /// ```
    /// let a = newsgaz::Article::parse_plain("T\n\nOne.\n\nTwo.");
    /// assert_eq!((a.paragraph_at(a.text.find("Two").unwrap()), a.paragraph_at(0)), (Some(1), None));
    /// ```
    pub fn paragraph_at(&self, offset: usize) -> Option<usize> {
        index_at(&self.paragraphs, offset)
    }

    /// The index of the sentence holding byte `offset`, if any.
    ///
    /// ```
    /// let a = newsgaz::Article::parse_plain("T\n\nOne. Two.");
    /// assert_eq!(a.sentence_at(a.text.find("Two").unwrap()), Some(1));
    /// ```
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        index_at(&self.sentences, offset)
    }
}

/// How bytes that are not valid UTF-8 are treated.
///
/// ```
/// assert_eq!(newsgaz::article::Decoding::default(), newsgaz::article::Decoding::Strict);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decoding {
    /// Invalid UTF-8 is an error naming the byte offset.
    #[default]
    Strict,
    /// Each invalid sequence becomes U+FFFD; the count is kept in
    /// `Metadata::replaced_invalid_utf8`.
    Lossy,
}

/// Decodes `bytes` as UTF-8, returning the text and how many sequences were replaced.
pub(crate) fn decode(
    bytes: &[u8],
    at: &Location,
    decoding: Decoding,
) -> Result<(String, usize), ArticleError> {
    // UTF-16 with its byte order mark (Windows editors save "Unicode" text so).
    let utf16 = match bytes {
        [0xFF, 0xFE, rest @ ..] => Some((rest, u16::from_le_bytes as fn([u8; 2]) -> u16)),
        [0xFE, 0xFF, rest @ ..] => Some((rest, u16::from_be_bytes as fn([u8; 2]) -> u16)),
        _ => None,
    };
    if let Some((rest, unit)) = utf16 {
        return decode_utf16(rest, unit, at, decoding);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_owned(), 0)),
        Err(e) if decoding == Decoding::Strict => Err(ArticleError::InvalidUtf8 {
            at: at.clone(),
            offset: e.valid_up_to(),
        }),
        Err(_) => {
            let replaced = bytes
                .utf8_chunks()
                .filter(|c| !c.invalid().is_empty())
                .count();
            Ok((String::from_utf8_lossy(bytes).into_owned(), replaced))
        }
    }
}

/// UTF-16 text after its byte order mark: an unpaired surrogate or an odd last byte is
/// an error naming its byte (counting the mark), or, lossy, replaced and counted.
fn decode_utf16(
    bytes: &[u8],
    unit: fn([u8; 2]) -> u16,
    at: &Location,
    decoding: Decoding,
) -> Result<(String, usize), ArticleError> {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut text = String::with_capacity(bytes.len());
    let mut replaced = 0;
    let mut offset = 2;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                text.push(c);
                offset += c.len_utf16() * 2;
            }
            Err(_) if decoding == Decoding::Strict => {
                return Err(ArticleError::InvalidUtf16 {
                    at: at.clone(),
                    offset,
                })
            }
            Err(_) => {
                text.push('\u{fffd}');
                replaced += 1;
                offset += 2;
            }
        }
    }
    if bytes.len() % 2 == 1 {
        if decoding == Decoding::Strict {
            return Err(ArticleError::InvalidUtf16 {
                at: at.clone(),
                offset: bytes.len() + 1,
            });
        }
        text.push('\u{fffd}');
        replaced += 1;
    }
    Ok((text, replaced))
}

fn index_at(spans: &[Span], offset: usize) -> Option<usize> {
    let i = spans.partition_point(|s| s.end <= offset);
    (i < spans.len() && spans[i].start <= offset).then_some(i)
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
            serde_json::from_str(r#"{"id":7,"title":"T","text":"Body here.","section":"world"}"#)
                .unwrap();
        let a = Article::from_json_value(v, &Location::new("x")).unwrap();
        assert_eq!(a.text, "T\n\nBody here.");
        assert_eq!(a.id.as_deref(), Some("7"));
        assert_eq!(a.paragraphs[0].slice(&a.text), "Body here.");
        assert_eq!(a.metadata.extra["section"], "world");

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

    fn json(s: &str) -> Result<Article, ArticleError> {
        Article::from_json_value(serde_json::from_str(s).unwrap(), &Location::new("r.json"))
    }

    #[test]
    fn json_field_aliases_real_feeds_use() {
        let records = [
            r#"{"guid":"g1","headline":"H","body":"B.","link":"u","publisher":"P","date":"2023-04-18","author":"A","lang":"en"}"#,
            r#"{"id":"g1","title":"H","content":"B.","url":"u","site":"P","publish_date":"2023-04-18","authors":["A"],"language":"en"}"#,
            r#"{"id":"g1","title":"H","article":"B.","url":"u","source":"P","published":"2023-04-18","authors":"A","language":"en"}"#,
        ];
        for r in records {
            let a = json(r).unwrap();
            assert_eq!(a.id.as_deref(), Some("g1"), "{r}");
            assert_eq!(a.title.as_deref(), Some("H"), "{r}");
            assert_eq!(a.text, "H\n\nB.", "{r}");
            let m = &a.metadata;
            assert_eq!(
                (m.url.as_deref(), m.source.as_deref()),
                (Some("u"), Some("P")),
                "{r}"
            );
            assert_eq!(m.published.as_deref(), Some("2023-04-18"), "{r}");
            assert_eq!(m.published_date.unwrap().ymd(), (2023, 4, 18), "{r}");
            assert_eq!(m.authors, ["A"], "{r}");
            assert_eq!(m.language.as_deref(), Some("en"), "{r}");
            assert!(m.extra.is_empty(), "{r}");
        }
        // RFC 2822 dates are typed too; an unreadable date is kept as given, untyped.
        let a = json(r#"{"text":"x","pubDate":1,"published":"Tue, 18 Apr 2023 10:05:00 +0300"}"#)
            .unwrap();
        assert_eq!(
            a.metadata.published_date.unwrap().unix_seconds(),
            Some(1_681_801_500)
        );
        assert_eq!(a.metadata.extra["pubDate"], 1);
        let a = json(r#"{"text":"x","date":"last Tuesday"}"#).unwrap();
        assert_eq!(a.metadata.published.as_deref(), Some("last Tuesday"));
        assert_eq!(a.metadata.published_date, None);
    }

    #[test]
    fn json_errors_name_the_field() {
        let cases = [
            (r#"{"title":"t"}"#, "r.json: field `text`: missing required field"),
            (r#"{"text":"a","body":"b"}"#, "r.json: field `body`: invalid article record: gives the same field as `text`"),
            (r#"{"headline":3,"text":"a"}"#, "r.json: field `headline`: invalid article record: expected a string"),
            (r#"{"text":"a","author":[1]}"#, "r.json: field `author`: invalid article record: expected a string or a list of strings"),
            (r#"[1]"#, "r.json: invalid article record: expected a JSON object"),
        ];
        for (input, message) in cases {
            assert_eq!(json(input).unwrap_err().to_string(), message, "{input}");
        }
    }

    #[test]
    fn json_body_dateline_and_byline_become_metadata() {
        let a = json(r#"{"title":"T","text":"By Jane Doe\n\nLONDON, March 3 (AP) — It began. “We won,” he said."}"#).unwrap();
        assert_eq!(a.metadata.authors, ["Jane Doe"]);
        let d = a.metadata.dateline.as_ref().unwrap();
        assert_eq!(d.span.slice(&a.text), "LONDON, March 3 (AP) —");
        assert_eq!(
            a.paragraphs[0].slice(&a.text),
            "It began. “We won,” he said."
        );
        assert_eq!(a.sentences.len(), 2);
        // An agency after the byline's names is the source, unless the record names one.
        let a = json(r#"{"text":"By Jane Doe, Reuters\n\nBody."}"#).unwrap();
        assert_eq!(a.metadata.authors, ["Jane Doe"]);
        assert_eq!(a.metadata.source.as_deref(), Some("Reuters"));
        let a = json(r#"{"text":"By Jane Doe, Reuters\n\nBody.","source":"Acme"}"#).unwrap();
        assert_eq!(a.metadata.source.as_deref(), Some("Acme"));
        let a = Article::parse_plain("T\n\nBy Jane Doe, AFP\n\nBody.");
        assert_eq!(a.metadata.authors, ["Jane Doe"]);
        assert_eq!(a.metadata.source.as_deref(), Some("AFP"));
        // Authors given by the record win over the byline's.
        let a = json(r#"{"text":"By Jane Doe\n\nBody.","authors":["Amy Roe"]}"#).unwrap();
        assert_eq!(a.metadata.authors, ["Amy Roe"]);
        assert_eq!(
            a.metadata.byline.unwrap().span.slice(&a.text),
            "By Jane Doe"
        );
    }

    #[test]
    fn serde_round_trip_of_every_field() {
        let a = json(
            r#"{"id":"9","title":"T","text":"By Jane Doe\n\nMOSCOW (Reuters) - “We will win,” Putin said. A “no limits” deal, according to the ministry.","url":"u","published":"2023-04-18T10:05:00+03:00","language":"en","x":{"y":[1,2]}}"#,
        )
        .unwrap();
        assert_eq!(a.quotes.len(), 2);
        assert_eq!(a.attributions.len(), 1);
        assert!(a.metadata.dateline.is_some() && a.metadata.byline.is_some());
        let text = serde_json::to_string(&a).unwrap();
        let back: Article = serde_json::from_str(&text).unwrap();
        assert_eq!(back, a);
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            value["metadata"]["published_date"],
            "2023-04-18T10:05:00+03:00"
        );
        assert_eq!(value["quotes"][0]["kind"], "speech");
        assert_eq!(value["quotes"][1]["kind"], "scare");
        assert_eq!(value["quotes"][0]["cue"]["verb"], "say");
        assert_eq!(value["attributions"][0]["verb"], "according to");
    }

    #[test]
    fn bom_is_dropped_and_offsets_refer_to_the_text() {
        let a = Article::parse_plain("\u{feff}T\n\nBody.");
        assert_eq!(a.text, "T\n\nBody.");
        assert_eq!(a.title_span.unwrap().slice(&a.text), "T");
        let a = Article::parse_plain_bytes(b"\xef\xbb\xbfT\r\n\r\nBody.  \r\n", "f").unwrap();
        assert_eq!(a.sentences[0].slice(&a.text), "Body.");
    }
}
