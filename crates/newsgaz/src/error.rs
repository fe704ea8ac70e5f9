//! The error types of newsgaz.
//!
//! Every error says where the problem is: the source (a file path or a name the caller
//! gave), the 1-based line for line-oriented input, and the field when one is to blame.

use std::fmt;

/// Where in the input an error was found.
///
/// ```
/// let at = newsgaz::Location::new("people.jsonl").at_line(3).field("aliases");
/// assert_eq!(at.to_string(), "people.jsonl:3: field `aliases`");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// The file path or the name the caller gave the input (`<records>`, `<stdin>`...).
    pub source: String,
    /// 1-based line (JSONL) or record index + 1 (arrays), when known.
    pub line: Option<usize>,
    /// The field to blame, when one is.
    pub field: Option<String>,
}

impl Location {
    /// A location naming only the source.
    ///
    /// ```
    /// assert_eq!(newsgaz::Location::new("<records>").to_string(), "<records>");
    /// ```
    pub fn new(source: impl Into<String>) -> Location {
        Location {
            source: source.into(),
            line: None,
            field: None,
        }
    }

    /// The same location at 1-based `line`.
    ///
    /// ```
    /// assert_eq!(newsgaz::Location::new("a.jsonl").at_line(2).line, Some(2));
    /// ```
    pub fn at_line(mut self, line: usize) -> Location {
        self.line = Some(line);
        self
    }

    /// The same location blaming `field`.
    ///
    /// ```
    /// assert_eq!(newsgaz::Location::new("a").field("id").field.as_deref(), Some("id"));
    /// ```
    pub fn field(mut self, field: impl Into<String>) -> Location {
        self.field = Some(field.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        Ok(())
    }
}

/// An error from loading a gazetteer.
///
/// ```
/// let err = newsgaz::Gazetteer::from_jsonl_str("{\"id\": \"x\", \"name\": \"X\"}", "g.jsonl").unwrap_err();
/// assert!(matches!(err, newsgaz::GazetteerError::MissingField { .. }), "{err}");
/// assert!(err.to_string().starts_with("g.jsonl:1"), "{err}");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GazetteerError {
    /// A line or record is not valid JSON, or a field has the wrong type.
    #[error("{at}: invalid record: {message}")]
    InvalidRecord {
        /// Where.
        at: Location,
        /// What the parser said.
        message: String,
    },
    /// A required field is absent.
    #[error("{at}: missing required field")]
    MissingField {
        /// Where, with the field named.
        at: Location,
    },
    /// A field that must hold text is empty or only white space.
    #[error("{at}: empty value")]
    EmptyValue {
        /// Where, with the field named.
        at: Location,
    },
    /// A name or alias holds no letter and no digit (`"."`, `"---"`, a lone zero-width
    /// joiner): it would match punctuation or nothing visible everywhere.
    #[error("{at}: {value:?} has no letter or digit")]
    NoLetterOrDigit {
        /// Where, with the field named.
        at: Location,
        /// The value.
        value: String,
    },
    /// Two entries share an id.
    #[error("{at}: duplicate id `{id}` (first defined at line {first_line})")]
    DuplicateId {
        /// Where the second definition is.
        at: Location,
        /// The id.
        id: String,
        /// 1-based line or record of the first definition.
        first_line: usize,
    },
    /// Reading the input failed.
    #[error("{at}: {source}")]
    Io {
        /// Which input.
        at: Location,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A compiled gazetteer file cannot be used.
    #[error("{at}: {problem}")]
    Compiled {
        /// Which file.
        at: Location,
        /// What is wrong with it.
        problem: CompiledProblem,
    },
}

/// Why a compiled gazetteer file was refused (see [`Matcher::from_compiled`](crate::Matcher::from_compiled)).
///
/// ```
/// let err = newsgaz::Matcher::from_compiled(b"{}", "g.ngz").unwrap_err();
/// assert!(matches!(
///     err,
///     newsgaz::GazetteerError::Compiled { problem: newsgaz::gazetteer::CompiledProblem::NotCompiled, .. }
/// ));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CompiledProblem {
    /// The file does not begin with the magic bytes of a compiled gazetteer.
    #[error("not a compiled newsgaz gazetteer (no magic bytes); compile one with `newsgaz gazetteer compile`")]
    NotCompiled,
    /// The file was written in another format version.
    #[error("written in compiled format version {found}, and this newsgaz reads version {supported}: compile it again with this version's `newsgaz gazetteer compile`")]
    Version {
        /// The file's version.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// The file is shorter than its header says.
    #[error("truncated: {found} bytes of {expected}")]
    Truncated {
        /// The length the header announces (or the header's own length).
        expected: u64,
        /// The file's length.
        found: u64,
    },
    /// The payload does not match its checksum.
    #[error("checksum mismatch: the file is corrupted")]
    Checksum,
    /// A value in the payload is out of range or inconsistent.
    #[error("corrupted at byte {offset}: {what}")]
    Corrupt {
        /// Byte offset in the file.
        offset: u64,
        /// What is wrong there.
        what: String,
    },
}

/// An error from parsing an article.
///
/// ```
/// let err = newsgaz::Article::parse_plain_bytes(b"\xff", "a.txt").unwrap_err();
/// assert!(matches!(err, newsgaz::ArticleError::InvalidUtf8 { offset: 0, .. }));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ArticleError {
    /// The bytes are not valid UTF-8.
    #[error("{at}: invalid UTF-8 at byte {offset}")]
    InvalidUtf8 {
        /// Which input.
        at: Location,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// Text that begins with a UTF-16 byte order mark holds an unpaired surrogate or an
    /// odd last byte.
    #[error("{at}: invalid UTF-16 at byte {offset}")]
    InvalidUtf16 {
        /// Which input.
        at: Location,
        /// Byte offset of the first invalid unit (the mark counted).
        offset: usize,
    },
    /// A JSON record could not be parsed or has the wrong shape.
    #[error("{at}: invalid article record: {message}")]
    InvalidRecord {
        /// Where.
        at: Location,
        /// What was wrong.
        message: String,
    },
    /// A required field is absent or empty.
    #[error("{at}: missing required field")]
    MissingField {
        /// Where, with the field named.
        at: Location,
    },
    /// An HTML page's bytes are not valid in the encoding its header, its `<meta>` or
    /// detection chose.
    #[error("{at}: cannot decode as {encoding} at byte {offset}")]
    Undecodable {
        /// Which input.
        at: Location,
        /// The encoding's name (`Shift_JIS`, `windows-1252`).
        encoding: String,
        /// Byte offset of the first byte that could not be decoded.
        offset: usize,
    },
    /// A record of a WARC archive breaks the format (its header, its length, its HTTP
    /// message); the records after it are read all the same.
    #[error("{at}: invalid WARC record at byte {offset}: {message}")]
    InvalidWarc {
        /// Which record (`archive.warc#3`).
        at: Location,
        /// Where the record starts in the archive (decompressed, for `.warc.gz`).
        offset: u64,
        /// What is wrong.
        message: String,
    },
    /// A record passed one of the [`Limits`](crate::input::Limits); the records after it
    /// are read all the same.
    #[error("{at}: more than {value} bytes from byte {offset} (the limit {limit}; raise it with {})", limit.flag())]
    LimitExceeded {
        /// Which record.
        at: Location,
        /// Which limit.
        limit: crate::input::Limit,
        /// The limit's value.
        value: u64,
        /// Where the record (or, for an input's decompressed size, the input) passed it:
        /// a byte offset into the input as read (decompressed) or into the page.
        offset: u64,
    },
    /// Annotating a large record may need more memory than can be reserved: it is not
    /// annotated (a smaller `max_record_bytes` turns such records away as they are read).
    #[error("{at}: annotating its {bytes} bytes of text may need {needed} bytes of memory, which cannot be reserved (--max-record-bytes sets the largest record read)")]
    OutOfMemory {
        /// Which record.
        at: Location,
        /// The text's size.
        bytes: u64,
        /// The memory asked for.
        needed: u64,
    },
    /// Reading the input failed.
    #[error("{at}: {source}")]
    Io {
        /// Which input.
        at: Location,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Any error newsgaz returns.
///
/// ```
/// fn load() -> Result<newsgaz::Gazetteer, newsgaz::Error> {
///     Ok(newsgaz::Gazetteer::from_jsonl_str("not json", "g.jsonl")?)
/// }
/// assert!(matches!(load(), Err(newsgaz::Error::Gazetteer(_))));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Loading a gazetteer failed.
    #[error(transparent)]
    Gazetteer(#[from] GazetteerError),
    /// Parsing an article failed.
    #[error(transparent)]
    Article(#[from] ArticleError),
    /// Bytes given to [`AnnotatedArticle::from_snapshot`](crate::AnnotatedArticle::from_snapshot)
    /// are not a snapshot this build wrote, or are damaged.
    #[error("invalid annotation snapshot: {problem}")]
    InvalidSnapshot {
        /// What does not fit.
        problem: String,
    },
}
