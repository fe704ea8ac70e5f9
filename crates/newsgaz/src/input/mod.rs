//! Reading articles from files: `.txt` (plain layout), `.json` (one object or an array),
//! `.jsonl` (one object a line), `.html` (a page) and `.warc` (an archive of pages).
//!
//! A batch never loses a record silently: every record yields an article or an error, in
//! input order.

use std::path::Path;

use serde_json::Value;

mod gz_members;
mod json_array;
mod limits;
#[cfg(feature = "html")]
mod warc;

pub(crate) use limits::{read_capped, CappedReader, Passed};
pub use limits::{Limit, Limits};

use crate::article::{decode, Article, Decoding};
use crate::error::{ArticleError, Location};
use json_array::{ArraySplitter, Step};

/// The layout of an input.
///
/// ```
/// use newsgaz::input::{read_records, InputFormat};
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
    /// An HTML page (`.html`, `.htm`): its main text and metadata
    /// ([`Article::from_html_bytes`]).
    #[cfg(feature = "html")]
    Html,
    /// A WARC archive (`.warc`): each HTML response a page, other records skipped
    /// ([`RawRecord::skipped`]), a broken record an error in its place.
    #[cfg(feature = "html")]
    Warc,
}

impl std::str::FromStr for InputFormat {
    type Err = String;

    /// Parses the names the CLI uses: `txt`, `json`, `jsonl`, `html`, `warc`.
    ///
    /// ```
    /// assert_eq!("jsonl".parse::<newsgaz::input::InputFormat>(), Ok(newsgaz::input::InputFormat::JsonLines));
    /// ```
    fn from_str(name: &str) -> Result<InputFormat, String> {
        match name {
            "txt" => Ok(InputFormat::PlainText),
            "json" => Ok(InputFormat::Json),
            "jsonl" => Ok(InputFormat::JsonLines),
            #[cfg(feature = "html")]
            "html" => Ok(InputFormat::Html),
            #[cfg(feature = "html")]
            "warc" => Ok(InputFormat::Warc),
            _ => Err(format!(
                "unknown input format {name:?}: expected txt, json, jsonl, html or warc"
            )),
        }
    }
}

impl InputFormat {
    /// Guesses the format from an input's first bytes, for an input with no name (standard
    /// input): `WARC/1.` a WARC archive, `[` a JSON array, `{` with the first line one
    /// whole object JSON Lines (else one JSON object), `<!doctype html` or `<html` a page;
    /// `None` for anything else (plain text, most likely).
    ///
    /// ```
    /// use newsgaz::input::InputFormat;
    /// assert_eq!(InputFormat::sniff(b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n"), Some(InputFormat::JsonLines));
    /// assert_eq!(InputFormat::sniff(b" [{\"text\": \"a\"}]"), Some(InputFormat::Json));
    /// assert_eq!(InputFormat::sniff(b"Title\n\nBody."), None);
    /// ```
    pub fn sniff(head: &[u8]) -> Option<InputFormat> {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
        let head = &head[start..];
        let lower = |n: usize| head[..head.len().min(n)].to_ascii_lowercase();
        #[cfg(feature = "html")]
        if head.starts_with(b"WARC/1.") {
            return Some(InputFormat::Warc);
        }
        #[cfg(feature = "html")]
        if lower(64).starts_with(b"<!doctype html") || lower(64).starts_with(b"<html") {
            return Some(InputFormat::Html);
        }
        let _ = lower;
        match head[0] {
            b'[' => Some(InputFormat::Json),
            b'{' => {
                // One object on the first line: JSON Lines.
                let line = head.split(|&b| b == b'\n').next().unwrap_or(head);
                let one =
                    serde_json::from_slice::<serde_json::Value>(line).is_ok_and(|v| v.is_object());
                Some(if one {
                    InputFormat::JsonLines
                } else {
                    InputFormat::Json
                })
            }
            _ => None,
        }
    }

    /// The name the CLI uses (`txt`, `json`, `jsonl`, `html`, `warc`).
    ///
    /// ```
    /// assert_eq!(newsgaz::input::InputFormat::JsonLines.name(), "jsonl");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::PlainText => "txt",
            InputFormat::Json => "json",
            InputFormat::JsonLines => "jsonl",
            #[cfg(feature = "html")]
            InputFormat::Html => "html",
            #[cfg(feature = "html")]
            InputFormat::Warc => "warc",
        }
    }

    /// Guesses the format from a file extension (`.json`, `.jsonl`/`.ndjson`, `.html`/`.htm`,
    /// `.warc`, else plain text).
    ///
    /// ```
    /// use newsgaz::input::InputFormat;
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
            #[cfg(feature = "html")]
            Some("html" | "htm" | "xhtml") => InputFormat::Html,
            #[cfg(feature = "html")]
            Some("warc") => InputFormat::Warc,
            _ => InputFormat::PlainText,
        }
    }
}

/// One record of an input: where it came from, and the article or the error.
///
/// ```
/// use newsgaz::input::{read_records, InputFormat};
/// let records = read_records(b"[{\"text\": \"x\"}, 7]", "feed.json", InputFormat::Json);
/// assert_eq!((records[0].source.as_str(), records[1].article.is_err()), ("feed.json#0", true));
/// ```
#[derive(Debug)]
pub struct Record {
    /// `name`, `name:line` (JSONL) or `name#index` (JSON array, WARC archive).
    pub source: String,
    /// The parsed article, or why it could not be parsed.
    pub article: Result<Article, ArticleError>,
}

/// Parses the bytes of one input named `name` into records, in order; invalid UTF-8 is
/// an error naming the byte offset.
///
/// ```
/// use newsgaz::input::{read_records, InputFormat};
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
/// use newsgaz::article::Decoding;
/// use newsgaz::input::{read_records_with, InputFormat};
/// let records = read_records_with(b"T\n\ncaf\xe9", "a.txt", InputFormat::PlainText, Decoding::Lossy);
/// assert!(records[0].article.as_ref().unwrap().text.ends_with('\u{fffd}'));
/// ```
pub fn read_records_with(
    bytes: &[u8],
    name: &str,
    format: InputFormat,
    decoding: Decoding,
) -> Vec<Record> {
    read_records_limited(bytes, name, format, decoding, Limits::default())
}

/// Like [`read_records_with`], under `limits`: a record past one is an error record in
/// its place.
///
/// ```
/// use newsgaz::article::Decoding;
/// use newsgaz::input::{read_records_limited, InputFormat, Limits};
/// let records = read_records_limited(b"0123456789", "a.txt", InputFormat::PlainText, Decoding::Strict, Limits::default().max_record_bytes(4));
/// assert_eq!(records[0].article.as_ref().unwrap_err().to_string(),
///     "a.txt: more than 4 bytes from byte 0 (the limit max_record_bytes; raise it with --max-record-bytes)");
/// ```
pub fn read_records_limited(
    bytes: &[u8],
    name: &str,
    format: InputFormat,
    decoding: Decoding,
    limits: Limits,
) -> Vec<Record> {
    RecordReader::with_limits(bytes, name, format, limits)
        .filter_map(|raw| raw.parse(decoding))
        .collect()
}

/// A record read from an input but not parsed yet: a reader splits an input into these
/// cheaply, one at a time, and the threads of a batch parse them
/// ([`RawRecord::parse`]).
///
/// ```
/// use newsgaz::article::Decoding;
/// use newsgaz::input::{InputFormat, RecordReader};
/// let mut reader = RecordReader::new(&b"{\"text\": \"a\"}\n"[..], "f.jsonl", InputFormat::JsonLines);
/// let raw = reader.next().unwrap();
/// assert_eq!((raw.source(), raw.len()), ("f.jsonl:1", 13));
/// assert_eq!(raw.parse(Decoding::Strict).unwrap().article.unwrap().text, "a");
/// ```
#[derive(Debug)]
pub struct RawRecord {
    source: String,
    payload: Payload,
    /// The page limits its parsing keeps to.
    limits: Limits,
}

#[derive(Debug)]
enum Payload {
    /// A whole plain-text input.
    Plain(Vec<u8>),
    /// A whole HTML page.
    #[cfg(feature = "html")]
    Html(Vec<u8>),
    /// A page of a WARC archive, with what its record says about it.
    #[cfg(feature = "html")]
    Page {
        bytes: Vec<u8>,
        page: crate::article::PageInfo,
    },
    /// A WARC record that is no page, why, and its size.
    #[cfg(feature = "html")]
    Skipped { reason: String, bytes: u64 },
    /// One line of JSON Lines, and where it is.
    Line { bytes: Vec<u8>, at: Location },
    /// One element of a JSON array, and where it is (an empty one is an error).
    Element { bytes: Vec<u8>, at: Location },
    /// What went wrong where the record should have been.
    Failed(ArticleError),
}

impl RawRecord {
    /// A record that stands for an input that could not be read at all (a file that does
    /// not exist, say), so that a batch reports it in its place.
    ///
    /// ```
    /// use newsgaz::article::Decoding;
    /// use newsgaz::input::RawRecord;
    /// let missing = newsgaz::input::open_input("no/such/file.txt".as_ref()).err().unwrap();
    /// let record = RawRecord::failed("no/such/file.txt", missing).parse(Decoding::Strict).unwrap();
    /// assert!(record.article.unwrap_err().to_string().starts_with("no/such/file.txt: "));
    /// ```
    pub fn failed(source: impl Into<String>, error: ArticleError) -> RawRecord {
        RawRecord {
            source: source.into(),
            payload: Payload::Failed(error),
            limits: Limits::default(),
        }
    }

    /// `name`, `name:line` (JSON Lines) or `name#index` (JSON array, WARC archive).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Why a record of a WARC archive is no article (`warcinfo`, `request`,
    /// `response: image/png`, `response: HTTP 404`), or `None` for a record that is one
    /// (or an error): such a record parses to nothing, and is there to be counted.
    ///
    /// ```
    /// # #[cfg(feature = "html")] {
    /// use newsgaz::input::{InputFormat, RecordReader};
    /// let archive = b"WARC/1.1\r\nWARC-Type: warcinfo\r\nContent-Length: 2\r\n\r\nhi\r\n\r\n";
    /// let raw = RecordReader::new(&archive[..], "a.warc", InputFormat::Warc).next().unwrap();
    /// assert_eq!(raw.skipped(), Some("warcinfo"));
    /// assert!(raw.parse(newsgaz::article::Decoding::Strict).is_none());
    /// # }
    /// ```
    pub fn skipped(&self) -> Option<&str> {
        match &self.payload {
            #[cfg(feature = "html")]
            Payload::Skipped { reason, .. } => Some(reason),
            _ => None,
        }
    }

    /// The bytes read for it (0 for a record of a JSON input, read as a whole).
    pub fn len(&self) -> usize {
        match &self.payload {
            Payload::Plain(bytes)
            | Payload::Line { bytes, .. }
            | Payload::Element { bytes, .. } => bytes.len(),
            #[cfg(feature = "html")]
            Payload::Html(bytes) | Payload::Page { bytes, .. } => bytes.len(),
            #[cfg(feature = "html")]
            Payload::Skipped { bytes, .. } => usize::try_from(*bytes).unwrap_or(usize::MAX),
            Payload::Failed(_) => 0,
        }
    }

    /// True when [`RawRecord::len`] is 0.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The article, or the error in its place; `None` for a blank line of JSON Lines or a
    /// skipped WARC record ([`RawRecord::skipped`]), which are no records.
    pub fn parse(self, decoding: Decoding) -> Option<Record> {
        let RawRecord {
            source,
            payload,
            limits,
        } = self;
        #[cfg(not(feature = "html"))]
        let _ = limits; // only pages have limits of their own
        let article = match payload {
            Payload::Plain(bytes) => Article::parse_plain_bytes_with(&bytes, &source, decoding),
            #[cfg(feature = "html")]
            Payload::Html(bytes) => crate::article::html::from_page_bytes(
                &bytes,
                &crate::article::PageInfo::new(),
                &source,
                decoding,
                &limits,
            ),
            #[cfg(feature = "html")]
            Payload::Page { bytes, page } => {
                crate::article::html::from_page_bytes(&bytes, &page, &source, decoding, &limits)
            }
            #[cfg(feature = "html")]
            Payload::Skipped { .. } => return None,
            Payload::Line { bytes, at } => match decode(&bytes, &at, decoding) {
                Err(e) => Err(e),
                Ok((line, _)) if line.trim().is_empty() => return None,
                Ok((line, replaced)) => json_article(&line, replaced, &at, decoding),
            },
            Payload::Element { bytes, at } => match decode(&bytes, &at, decoding) {
                Err(e) => Err(e),
                Ok((element, _)) if element.trim().is_empty() => Err(ArticleError::InvalidRecord {
                    at,
                    message: "no JSON value here".into(),
                }),
                Ok((element, replaced)) => json_article(&element, replaced, &at, decoding),
            },
            Payload::Failed(error) => Err(error),
        };
        Some(Record { source, article })
    }
}

/// The article of one JSON record's text. A lone UTF-16 surrogate escape (`"\ud800"`) is
/// an error naming the escape, or, lossy, replaced by U+FFFD and counted.
fn json_article(
    text: &str,
    mut replaced: usize,
    at: &Location,
    decoding: Decoding,
) -> Result<Article, ArticleError> {
    let text = text.trim_start_matches('\u{feff}');
    let mut parsed = serde_json::from_str::<Value>(text);
    // Lossy, a record that fails is read again with its lone surrogates replaced.
    if decoding == Decoding::Lossy && parsed.is_err() {
        let (repaired, lone) = replace_lone_surrogates(text);
        if lone > 0 {
            replaced += lone;
            parsed = serde_json::from_str::<Value>(&repaired);
        }
    }
    parsed
        .map_err(|e| ArticleError::InvalidRecord {
            // A whole input's error is placed by line; a JSON Lines record has its own.
            at: match at.line {
                Some(_) => at.clone(),
                None => at.clone().at_line(e.line()),
            },
            message: with_escape(text, &e),
        })
        .and_then(|v| Article::from_json_value(v, at))
        .map(|a| with_replaced(a, replaced))
}

/// serde_json's message, and for an escape error the escape itself (`unexpected end of
/// hex escape` says nothing of `\ud800`).
fn with_escape(text: &str, e: &serde_json::Error) -> String {
    let message = e.to_string();
    if !message.contains("escape") {
        return message;
    }
    let Some(line) = text.split('\n').nth(e.line().saturating_sub(1)) else {
        return message;
    };
    let before = &line.as_bytes()[..e.column().min(line.len())];
    let Some(slash) = before.iter().rposition(|&b| b == b'\\') else {
        return message;
    };
    let escape: String = line[slash..].chars().take(6).collect();
    let lone = u32::from_str_radix(escape.get(2..6).unwrap_or(""), 16)
        .is_ok_and(|c| (0xD800..0xE000).contains(&c));
    let what = if lone {
        "a lone UTF-16 surrogate (--lossy replaces it)"
    } else {
        "not a JSON escape"
    };
    format!("{message}: `{escape}` is {what}")
}

/// `text` with every `\uXXXX` escape of a lone surrogate replaced by `\ufffd`, and how
/// many there were; pairs, and escaped backslashes before a `u`, are left alone.
fn replace_lone_surrogates(text: &str) -> (String, usize) {
    let bytes = text.as_bytes();
    let unit = |at: usize| -> Option<u32> {
        if bytes.get(at..at + 2)? != b"\\u" {
            return None;
        }
        u32::from_str_radix(text.get(at + 2..at + 6)?, 16).ok()
    };
    let mut out = String::with_capacity(text.len());
    let (mut from, mut at, mut lone) = (0, 0, 0);
    while let Some(i) = memchr::memchr(b'\\', &bytes[at..]) {
        let i = at + i;
        match unit(i) {
            Some(0xD800..=0xDBFF)
                if unit(i + 6).is_some_and(|low| (0xDC00..0xE000).contains(&low)) =>
            {
                at = i + 12;
            }
            Some(0xD800..=0xDFFF) => {
                out.push_str(&text[from..i]);
                out.push_str("\\ufffd");
                lone += 1;
                at = i + 6;
                from = at;
            }
            // Any other escape, `\\` included: both bytes are passed over.
            _ => at = i + 2,
        }
        if at >= bytes.len() {
            break;
        }
    }
    out.push_str(&text[from.min(text.len())..]);
    (out, lone)
}

/// Reads the records of one input as a stream, in order: JSON Lines a line at a time and
/// a JSON array an element at a time, so that memory does not grow with the input; a
/// plain-text input or a JSON object as a whole (it is one record). A read error (a truncated gzip stream, say) becomes an
/// error record naming the input and line, and ends the input.
///
/// ```
/// use newsgaz::article::Decoding;
/// use newsgaz::input::{InputFormat, RecordReader};
/// let input = &b"{\"text\": \"a\"}\n\n{\"text\": \"b\"}\n"[..];
/// let sources: Vec<String> = RecordReader::new(input, "f.jsonl", InputFormat::JsonLines)
///     .map(|raw| raw.source().to_owned())
///     .collect();
/// assert_eq!(sources, ["f.jsonl:1", "f.jsonl:2", "f.jsonl:3"]);
/// ```
pub struct RecordReader<R> {
    reader: R,
    name: String,
    format: InputFormat,
    limits: Limits,
    /// Lines read so far (JSON Lines).
    line: usize,
    /// Bytes read so far (JSON Lines), or before a JSON array's first element: where
    /// the next record starts.
    offset: u64,
    /// The elements of a JSON array input, once its `[` is read.
    array: Option<ArraySplitter>,
    /// The records of a WARC archive.
    #[cfg(feature = "html")]
    warc: Option<warc::WarcSplitter>,
    done: bool,
}

impl<R: std::io::BufRead> RecordReader<R> {
    /// A reader of `reader`, an input named `name` in `format` (records are decoded and
    /// parsed by [`RawRecord::parse`], on any thread), under the default [`Limits`].
    pub fn new(reader: R, name: &str, format: InputFormat) -> RecordReader<R> {
        RecordReader::with_limits(reader, name, format, Limits::default())
    }

    /// A reader under `limits`: a record past one is an error record in its place, and
    /// the records after it are read.
    ///
    /// ```
    /// use newsgaz::input::{InputFormat, Limits, RecordReader};
    /// let input = &b"{\"text\": \"a line too long\"}\n{\"text\": \"b\"}\n"[..];
    /// let reader = RecordReader::with_limits(input, "f.jsonl", InputFormat::JsonLines, Limits::default().max_record_bytes(20));
    /// let ok: Vec<bool> = reader.filter_map(|raw| raw.parse(newsgaz::article::Decoding::Strict)).map(|r| r.article.is_ok()).collect();
    /// assert_eq!(ok, [false, true]);
    /// ```
    pub fn with_limits(
        reader: R,
        name: &str,
        format: InputFormat,
        limits: Limits,
    ) -> RecordReader<R> {
        RecordReader {
            reader,
            name: name.to_owned(),
            format,
            limits,
            line: 0,
            offset: 0,
            array: None,
            #[cfg(feature = "html")]
            warc: (format == InputFormat::Warc).then(|| warc::WarcSplitter::new(limits)),
            done: false,
        }
    }

    fn record(&self, source: String, payload: Payload) -> RawRecord {
        RawRecord {
            source,
            payload,
            limits: self.limits,
        }
    }

    /// A read error ends the input: its error record (a limit passed, or the I/O error).
    fn failed(&mut self, error: std::io::Error) -> RawRecord {
        self.done = true;
        let mut at = Location::new(self.name.clone());
        if self.format == InputFormat::JsonLines {
            at = at.at_line(self.line + 1);
        }
        let error = match Passed::of(&error) {
            Some(passed) => ArticleError::LimitExceeded {
                at,
                limit: passed.limit,
                value: passed.value,
                offset: passed.value,
            },
            None => ArticleError::Io { at, source: error },
        };
        self.record(self.name.clone(), Payload::Failed(error))
    }

    /// A record past `max_record_bytes` at `offset`, in its place.
    fn too_large(&self, source: String, at: Location, offset: u64) -> RawRecord {
        let error = ArticleError::LimitExceeded {
            at,
            limit: Limit::RecordBytes,
            value: self.limits.max_record_bytes,
            offset,
        };
        self.record(source, Payload::Failed(error))
    }

    /// The next line of JSON Lines, at most `max_record_bytes` of it kept: `Ok(None)` at
    /// the end, else the line (newline dropped) and whether it fit.
    fn line(&mut self) -> std::io::Result<Option<(Vec<u8>, bool)>> {
        let cap = self.limits.max_record_bytes;
        let mut bytes = Vec::new();
        let read = std::io::BufRead::read_until(
            &mut std::io::Read::take(&mut self.reader, cap.saturating_add(1)),
            b'\n',
            &mut bytes,
        )?;
        if read == 0 {
            return Ok(None);
        }
        self.offset += read as u64;
        if bytes.last() == Some(&b'\n') {
            bytes.pop();
            return Ok(Some((bytes, true)));
        }
        if (bytes.len() as u64) <= cap {
            return Ok(Some((bytes, true))); // the last line, without a newline
        }
        // Too long: the rest of the line is skipped, never held.
        drop(bytes);
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            let (used, ended) = match memchr::memchr(b'\n', buf) {
                Some(at) => (at + 1, true),
                None => (buf.len(), false),
            };
            self.reader.consume(used);
            self.offset += used as u64;
            if ended {
                break;
            }
        }
        Ok(Some((Vec::new(), false)))
    }

    /// Skips white space and a byte order mark at the start of a JSON input; true when
    /// an array begins there (its `[` is consumed).
    fn opens_array(&mut self) -> std::io::Result<bool> {
        if self.reader.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
            self.reader.consume(3);
            self.offset += 3;
        }
        loop {
            let buf = self.reader.fill_buf()?;
            match buf.first() {
                Some(b'[') => {
                    self.reader.consume(1);
                    self.offset += 1;
                    return Ok(true);
                }
                Some(b) if b.is_ascii_whitespace() => {
                    let blank = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
                    self.reader.consume(blank);
                    self.offset += blank as u64;
                }
                _ => return Ok(false),
            }
        }
    }

    /// The next element of a JSON array input.
    fn array_element(&mut self) -> Option<RawRecord> {
        let index = self.array.as_ref().map_or(0, ArraySplitter::elements);
        let source = format!("{}#{index}", self.name);
        let cap = self.limits.max_record_bytes;
        let step = self.array.as_mut()?.next(&mut self.reader, cap);
        match step {
            Err(e) => Some(self.failed(e)),
            Ok(None) => {
                self.done = true;
                None
            }
            Ok(Some(Step::Element(bytes))) => {
                let at = Location::new(source.clone());
                Some(self.record(source, Payload::Element { bytes, at }))
            }
            Ok(Some(Step::TooLarge { offset })) => {
                let offset = self.offset + offset;
                Some(self.too_large(source.clone(), Location::new(source), offset))
            }
            Ok(Some(Step::Malformed(message))) => {
                let at = Location::new(source.clone());
                let error = ArticleError::InvalidRecord { at, message };
                Some(self.record(source, Payload::Failed(error)))
            }
        }
    }
}

#[cfg(feature = "html")]
impl<R: std::io::BufRead> RecordReader<R> {
    /// The next record of a WARC archive, named `archive#index` (every record counts).
    fn warc_record(&mut self) -> Option<RawRecord> {
        let splitter = self.warc.as_mut()?;
        let source = format!("{}#{}", self.name, splitter.records());
        let payload = match splitter.next(&mut self.reader) {
            Err(e) if gz_members::SkippedMember::of(&e).is_some() => {
                // A corrupt gzip member: its record is this error, and the archive goes
                // on with the next member (a record of its own).
                splitter.restart();
                Payload::Failed(ArticleError::Io {
                    at: Location::new(source.clone()),
                    source: e,
                })
            }
            Err(e) => return Some(self.failed(e)),
            Ok(None) => {
                self.done = true;
                return None;
            }
            Ok(Some(warc::WarcStep::Page { page, body })) => Payload::Page { bytes: body, page },
            Ok(Some(warc::WarcStep::Skipped { reason, bytes })) => {
                Payload::Skipped { reason, bytes }
            }
            Ok(Some(warc::WarcStep::TooLarge { offset })) => {
                return Some(self.too_large(source.clone(), Location::new(source), offset));
            }
            Ok(Some(warc::WarcStep::Broken { offset, message })) => {
                Payload::Failed(ArticleError::InvalidWarc {
                    at: Location::new(source.clone()),
                    offset,
                    message,
                })
            }
        };
        Some(self.record(source, payload))
    }
}

impl<R: std::io::BufRead> Iterator for RecordReader<R> {
    type Item = RawRecord;

    fn next(&mut self) -> Option<RawRecord> {
        if self.done {
            return None;
        }
        if self.array.is_some() {
            return self.array_element();
        }
        #[cfg(feature = "html")]
        if self.warc.is_some() {
            return self.warc_record();
        }
        if self.format == InputFormat::JsonLines {
            let start = self.offset;
            return match self.line() {
                Err(e) => Some(self.failed(e)),
                Ok(None) => {
                    self.done = true;
                    None
                }
                Ok(Some((bytes, fits))) => {
                    self.line += 1;
                    let source = format!("{}:{}", self.name, self.line);
                    let at = Location::new(self.name.clone()).at_line(self.line);
                    if !fits {
                        return Some(self.too_large(source, at, start));
                    }
                    Some(self.record(source, Payload::Line { bytes, at }))
                }
            };
        }
        if self.format == InputFormat::Json {
            match self.opens_array() {
                Err(e) => return Some(self.failed(e)),
                Ok(true) => {
                    self.array = Some(ArraySplitter::default());
                    return self.array_element();
                }
                Ok(false) => {}
            }
        }
        // A plain-text or HTML input, or a JSON one that is not an array, is one record.
        self.done = true;
        let mut bytes = Vec::new();
        match read_capped(&mut self.reader, self.limits.max_record_bytes, &mut bytes) {
            Err(e) => return Some(self.failed(e)),
            Ok(false) => {
                let name = self.name.clone();
                return Some(self.too_large(name.clone(), Location::new(name), 0));
            }
            Ok(true) => {}
        }
        let payload = match self.format {
            InputFormat::Json => Payload::Element {
                bytes,
                at: Location::new(self.name.clone()),
            },
            #[cfg(feature = "html")]
            InputFormat::Html => Payload::Html(bytes),
            _ => Payload::Plain(bytes),
        };
        Some(self.record(self.name.clone(), payload))
    }
}

/// The records of the input file at `path` ([`open_input`], then [`RecordReader`]); a
/// file that cannot be opened is one error record naming it, so a batch over many paths
/// still has a result for each.
///
/// ```
/// let records: Vec<_> = newsgaz::input::path_records(std::path::Path::new("/no/such.jsonl")).collect();
/// assert_eq!(records.len(), 1);
/// let error = records.into_iter().next().unwrap().parse(newsgaz::article::Decoding::Strict).unwrap().article.unwrap_err();
/// assert!(error.to_string().starts_with("/no/such.jsonl"));
/// ```
pub fn path_records(path: &Path) -> Box<dyn Iterator<Item = RawRecord> + Send> {
    path_records_limited(path, Limits::default())
}

/// Like [`path_records`], under `limits` (a gzipped input inflating past
/// `max_decompressed_bytes` ends in an error record naming the limit).
///
/// ```
/// let records: Vec<_> = newsgaz::input::path_records_limited("/no/such.jsonl".as_ref(), newsgaz::input::Limits::default()).collect();
/// assert_eq!(records.len(), 1);
/// ```
pub fn path_records_limited(
    path: &Path,
    limits: Limits,
) -> Box<dyn Iterator<Item = RawRecord> + Send> {
    let name = path.display().to_string();
    match open_input_limited(path, limits) {
        Ok((reader, format)) => Box::new(RecordReader::with_limits(reader, &name, format, limits)),
        Err(e) => Box::new(std::iter::once(RawRecord::failed(name, e))),
    }
}

/// An input file opened for [`RecordReader`]: read through a buffer, and through gzip
/// when its name ends in `.gz`; with the format its name gives (`a.jsonl.gz` is JSON
/// Lines).
///
/// ```
/// let dir = std::env::temp_dir().join("newsgaz-open-input-doc");
/// std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("a.jsonl");
/// std::fs::write(&path, "{\"text\": \"x\"}\n").unwrap();
/// let (reader, format) = newsgaz::input::open_input(&path).unwrap();
/// assert_eq!(format, newsgaz::input::InputFormat::JsonLines);
/// assert_eq!(newsgaz::input::RecordReader::new(reader, "a.jsonl", format).count(), 1);
/// ```
pub fn open_input(
    path: &Path,
) -> Result<(Box<dyn std::io::BufRead + Send>, InputFormat), ArticleError> {
    open_input_limited(path, Limits::default())
}

/// Like [`open_input`]; a gzipped input fails to read (with an error that
/// [`RecordReader`] reports as [`ArticleError::LimitExceeded`]) past
/// `limits.max_decompressed_bytes`.
///
/// ```
/// let missing = newsgaz::input::open_input_limited("/no/such.txt.gz".as_ref(), newsgaz::input::Limits::default());
/// assert!(missing.is_err());
/// ```
pub fn open_input_limited(
    path: &Path,
    limits: Limits,
) -> Result<(Box<dyn std::io::BufRead + Send>, InputFormat), ArticleError> {
    let file = std::fs::File::open(path).map_err(|source| ArticleError::Io {
        at: Location::new(path.display().to_string()),
        source,
    })?;
    let gzipped = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    if gzipped {
        let inner = path.with_extension("");
        let format = InputFormat::from_path(&inner);
        let compressed = std::io::BufReader::with_capacity(1 << 16, file);
        // A WARC file is gzipped a record to a member: a corrupt one costs its record.
        let decoded: Box<dyn std::io::Read + Send> = if is_warc(format) {
            Box::new(gz_members::GzMembers::new(compressed))
        } else {
            Box::new(flate2::read::MultiGzDecoder::new(compressed))
        };
        let reader = CappedReader::new(
            decoded,
            limits.max_decompressed_bytes,
            Limit::DecompressedBytes,
        );
        return Ok((
            Box::new(std::io::BufReader::with_capacity(1 << 16, reader)),
            format,
        ));
    }
    Ok((
        Box::new(std::io::BufReader::with_capacity(1 << 16, file)),
        InputFormat::from_path(path),
    ))
}

fn is_warc(format: InputFormat) -> bool {
    #[cfg(feature = "html")]
    return format == InputFormat::Warc;
    #[cfg(not(feature = "html"))]
    return {
        let _ = format;
        false
    };
}

/// Records how many invalid sequences lossy decoding replaced in the input it came from.
fn with_replaced(mut article: Article, replaced: usize) -> Article {
    article.metadata.replaced_invalid_utf8 = replaced;
    article
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "html")]
    #[test]
    fn html_inputs_are_pages() {
        assert_eq!(InputFormat::from_path("a.HTM".as_ref()), InputFormat::Html);
        let page = b"<html><head><title>Floods</title></head><body><nav>Home</nav>\
            <article><p>Floods closed the main road into the valley on Monday, officials said.</p></article></body></html>";
        let records = read_records(page, "p.html", InputFormat::Html);
        let article = records[0].article.as_ref().unwrap();
        assert_eq!(article.title.as_deref(), Some("Floods"));
        assert_eq!(article.paragraphs.len(), 1);
        assert!(!article.text.contains("Home"));
        // An empty page is an article with no text, not an error.
        let records = read_records(b"", "empty.html", InputFormat::Html);
        assert!(records[0].article.as_ref().unwrap().paragraphs.is_empty());
    }

    #[cfg(feature = "html")]
    #[test]
    fn a_corrupt_gzip_member_of_a_warc_costs_its_record_only() {
        use std::io::Write;
        let record = |i: usize| {
            let http = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Page {i} from Lima.</p>"
            );
            let warc = format!(
                "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/{i}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
                http.len()
            );
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(warc.as_bytes()).unwrap();
            gz.finish().unwrap()
        };
        let mut members: Vec<Vec<u8>> = (0..10).map(record).collect();
        let middle = members[5].len() / 2;
        for byte in &mut members[5][middle..middle + 8] {
            *byte = 0xFF;
        }
        let dir = std::env::temp_dir().join(format!("newsgaz-gz-members-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("crawl.warc.gz");
        std::fs::write(&path, members.concat()).unwrap();
        let outcomes: Vec<String> = path_records(&path)
            .filter_map(|raw| raw.parse(Decoding::Lossy))
            .map(|r| match r.article {
                Ok(a) => a.text,
                Err(e) => format!("error {e}"),
            })
            .collect();
        let pages = outcomes.iter().filter(|o| o.starts_with("Page")).count();
        let errors: Vec<&String> = outcomes.iter().filter(|o| o.starts_with("error")).collect();
        // The nine whole members are read (the broken one too, when only its checksum
        // tells), and the broken one is an error in its place; nothing after it is lost.
        assert!(pages >= 9, "{outcomes:?}");
        assert!(
            outcomes[..5].iter().all(|o| o.starts_with("Page")),
            "{outcomes:?}"
        );
        assert!(
            outcomes.last().unwrap().starts_with("Page 9"),
            "{outcomes:?}"
        );
        assert!(
            !errors.is_empty() && errors[0].contains("corrupt gzip member"),
            "{errors:?}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

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
    fn json_escape_errors_name_the_escape_and_lossy_replaces_lone_surrogates() {
        let input = "{\"text\":\"ok\"}\n{\"text\":\"a \\ud800 b\"}\n{\"text\":\"c \\udc00\"}\n{\"text\":\"x \\u12\"}\n{\"text\":\"pair \\ud83c\\udf27 \\\\ud800\"}\n";
        let strict: Vec<String> = read_records(input.as_bytes(), "e.jsonl", InputFormat::JsonLines)
            .into_iter()
            .map(|r| r.article.map_or_else(|e| e.to_string(), |a| a.text))
            .collect();
        assert_eq!(strict[0], "ok");
        assert!(
            strict[1]
                .starts_with("e.jsonl:2: invalid article record: unexpected end of hex escape"),
            "{}",
            strict[1]
        );
        assert!(
            strict[1].ends_with("`\\ud800` is a lone UTF-16 surrogate (--lossy replaces it)"),
            "{}",
            strict[1]
        );
        assert!(
            strict[2].ends_with("`\\udc00` is a lone UTF-16 surrogate (--lossy replaces it)"),
            "{}",
            strict[2]
        );
        assert!(
            strict[3].ends_with("`\\u12\"}` is not a JSON escape"),
            "{}",
            strict[3]
        );
        assert_eq!(strict[4], "pair \u{1f327} \\ud800");
        let lossy: Vec<(String, usize)> = read_records_with(
            input.as_bytes(),
            "e.jsonl",
            InputFormat::JsonLines,
            Decoding::Lossy,
        )
        .into_iter()
        .map(|r| {
            r.article.map_or_else(
                |e| (e.to_string(), 0),
                |a| (a.text, a.metadata.replaced_invalid_utf8),
            )
        })
        .collect();
        assert_eq!(lossy[1], ("a \u{fffd} b".to_owned(), 1));
        assert_eq!(lossy[2], ("c \u{fffd}".to_owned(), 1));
        assert!(lossy[3].0.contains("is not a JSON escape"));
        assert_eq!(lossy[4], ("pair \u{1f327} \\ud800".to_owned(), 0));
    }

    #[test]
    fn utf16_text_with_a_byte_order_mark_is_decoded() {
        let text = "Título\n\nTalks in São Paulo 🌧.";
        for (bom, unit) in [
            ([0xFF, 0xFE], u16::to_le_bytes as fn(u16) -> [u8; 2]),
            ([0xFE, 0xFF], u16::to_be_bytes as fn(u16) -> [u8; 2]),
        ] {
            let mut bytes = bom.to_vec();
            bytes.extend(text.encode_utf16().flat_map(unit));
            let records = read_records(&bytes, "u.txt", InputFormat::PlainText);
            let article = records[0].article.as_ref().unwrap();
            assert_eq!(article.text, text);
            assert_eq!(article.title.as_deref(), Some("Título"));
            // An unpaired surrogate: named by its byte, or replaced.
            let mut broken = bytes.clone();
            broken.extend(unit(0xD800));
            broken.extend(unit(u16::from(b'x')));
            let strict = read_records(&broken, "u.txt", InputFormat::PlainText);
            let at = bytes.len();
            assert_eq!(
                strict[0].article.as_ref().unwrap_err().to_string(),
                format!("u.txt: invalid UTF-16 at byte {at}")
            );
            let lossy =
                read_records_with(&broken, "u.txt", InputFormat::PlainText, Decoding::Lossy);
            let article = lossy[0].article.as_ref().unwrap();
            assert!(article.text.ends_with(".\u{fffd}x"));
            assert_eq!(article.metadata.replaced_invalid_utf8, 1);
        }
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
    fn json_arrays_stream_element_by_element() {
        // The first elements come out before the rest of the input is read: here the rest
        // fails to read, and is an error record after them.
        struct Broken;
        impl std::io::Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk gone"))
            }
        }
        let start = &b"\xEF\xBB\xBF \n[{\"text\": \"a, [b]\"}, {\"text\": \"c\"},"[..];
        let reader = std::io::BufReader::with_capacity(8, std::io::Read::chain(start, Broken));
        let records: Vec<Record> = RecordReader::new(reader, "a.json", InputFormat::Json)
            .filter_map(|raw| raw.parse(Decoding::Strict))
            .collect();
        let sources: Vec<&str> = records.iter().map(|r| r.source.as_str()).collect();
        assert_eq!(sources, ["a.json#0", "a.json#1", "a.json"]);
        assert_eq!(records[0].article.as_ref().unwrap().text, "a, [b]");
        assert!(records[2]
            .article
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("disk gone"));

        let cases: [(&str, &[&str]); 4] = [
            ("[]", &[]),
            (" [ ] ", &[]),
            (
                r#"[1,,{"text":"b"}]"#,
                &[
                    "a.json#0: invalid article record",
                    "a.json#1: invalid article record: no JSON value here",
                    "ok",
                ],
            ),
            (
                r#"[{"text":"b"}] [2]"#,
                &[
                    "ok",
                    "a.json#1: invalid article record: text after the array's closing `]`",
                ],
            ),
        ];
        for (input, want) in cases {
            let got: Vec<String> = read_records(input.as_bytes(), "a.json", InputFormat::Json)
                .into_iter()
                .map(|r| r.article.map_or_else(|e| e.to_string(), |_| "ok".into()))
                .collect();
            assert_eq!(got.len(), want.len(), "{input}: {got:?}");
            for (g, w) in got.iter().zip(want) {
                assert!(g.starts_with(w), "{input}: {g} vs {w}");
            }
        }
    }

    #[test]
    fn json_array_names_each_index() {
        let records = read_records(br#"[{"text":"a"},{"text":1}]"#, "a.json", InputFormat::Json);
        assert_eq!(records[1].source, "a.json#1");
        assert!(records[1].article.is_err());
    }
}
