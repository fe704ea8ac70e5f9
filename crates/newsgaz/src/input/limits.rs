//! Limits on what one input may make newsgaz hold: a record's size, the bytes a gzipped
//! input may inflate to, and a page's elements and nesting. Defaults no real article
//! reaches. A record past a size becomes an error record in its place, naming the limit,
//! the byte where it was passed and how to raise it, and the run goes on; a page past a
//! nesting or element bound keeps its text, its extra tags replaced and counted.

use std::io::{self, Read};

/// Bounds on one input's records, named as the CLI flags and Python options that set
/// them (`max_record_bytes` is `--max-record-bytes`).
///
/// ```
/// use newsgaz::input::{read_records_limited, InputFormat, Limits};
/// let limits = Limits::default().max_record_bytes(16);
/// let records = read_records_limited(b"{\"text\": \"short\"}\n{\"text\": \"a line past sixteen bytes\"}\n",
///     "feed.jsonl", InputFormat::JsonLines, newsgaz::article::Decoding::Strict, limits);
/// assert!(records[0].article.is_err());
/// assert!(records[0].article.as_ref().unwrap_err().to_string().contains("max_record_bytes"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The largest record, in bytes as read (after gzip): a JSON Lines line, a JSON array
    /// element, a whole plain-text, JSON or HTML input, a WARC record's block, an HTTP
    /// body once its `Content-Encoding` is undone. Default 64 MiB.
    pub max_record_bytes: u64,
    /// The most bytes one gzipped input may inflate to. Default 64 GiB (a WARC file of a
    /// crawl inflates to about 5 GiB).
    pub max_decompressed_bytes: u64,
    /// HTML tags nested deeper are replaced by a space, their text kept (browsers
    /// flatten past 512), and counted in the article's `metadata.extra["limits"]`.
    /// Default 256: past 511 levels the extractor repeats a page's text once a level.
    pub max_html_depth: usize,
    /// The tags of a page's elements past this many are replaced the same way (large
    /// real pages have tens of thousands). Default 100,000 (a page's DOM costs about 2.6 KB an element).
    pub max_html_elements: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_record_bytes: 64 << 20,
            max_decompressed_bytes: 64 << 30,
            max_html_depth: 256,
            max_html_elements: 100_000,
        }
    }
}

impl Limits {
    /// The same limits with `max_record_bytes` set.
    ///
    /// ```
    /// assert_eq!(newsgaz::input::Limits::default().max_record_bytes(10).max_record_bytes, 10);
    /// ```
    pub fn max_record_bytes(mut self, bytes: u64) -> Limits {
        self.max_record_bytes = bytes;
        self
    }

    /// The same limits with `max_decompressed_bytes` set.
    ///
    /// ```
    /// assert_eq!(newsgaz::input::Limits::default().max_decompressed_bytes(10).max_decompressed_bytes, 10);
    /// ```
    pub fn max_decompressed_bytes(mut self, bytes: u64) -> Limits {
        self.max_decompressed_bytes = bytes;
        self
    }

    /// The same limits with `max_html_depth` set.
    ///
    /// ```
    /// assert_eq!(newsgaz::input::Limits::default().max_html_depth(64).max_html_depth, 64);
    /// ```
    pub fn max_html_depth(mut self, depth: usize) -> Limits {
        self.max_html_depth = depth;
        self
    }

    /// The same limits with `max_html_elements` set.
    ///
    /// ```
    /// assert_eq!(newsgaz::input::Limits::default().max_html_elements(9).max_html_elements, 9);
    /// ```
    pub fn max_html_elements(mut self, elements: usize) -> Limits {
        self.max_html_elements = elements;
        self
    }
}

/// Which limit a record passed.
///
/// ```
/// use newsgaz::input::Limit;
/// assert_eq!(Limit::RecordBytes.name(), "max_record_bytes");
/// assert_eq!(Limit::RecordBytes.flag(), "--max-record-bytes");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Limit {
    /// [`Limits::max_record_bytes`].
    RecordBytes,
    /// [`Limits::max_decompressed_bytes`].
    DecompressedBytes,
}

impl Limit {
    /// The option's name, in Rust ([`Limits`]) and Python alike.
    pub fn name(self) -> &'static str {
        match self {
            Limit::RecordBytes => "max_record_bytes",
            Limit::DecompressedBytes => "max_decompressed_bytes",
        }
    }

    /// The CLI flag that raises it.
    pub fn flag(self) -> &'static str {
        match self {
            Limit::RecordBytes => "--max-record-bytes",
            Limit::DecompressedBytes => "--max-decompressed-bytes",
        }
    }
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The error a [`CappedReader`] returns once its input passes the cap, carried inside an
/// [`io::Error`] so that readers above it pass it on; the record reader turns it into
/// [`crate::ArticleError::LimitExceeded`].
#[derive(Debug)]
pub(crate) struct Passed {
    pub(crate) limit: Limit,
    pub(crate) value: u64,
}

impl std::fmt::Display for Passed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "more than {} bytes (the limit {}; raise it with {})",
            self.value,
            self.limit.name(),
            self.limit.flag()
        )
    }
}

impl std::error::Error for Passed {}

impl Passed {
    /// The limit an I/O error stands for, if it is one.
    pub(crate) fn of(error: &io::Error) -> Option<&Passed> {
        error.get_ref()?.downcast_ref::<Passed>()
    }
}

/// A reader that fails with [`Passed`] once more than `cap` bytes have come through
/// (the decompressed side of a gzip stream).
pub(crate) struct CappedReader<R> {
    inner: R,
    read: u64,
    cap: u64,
    limit: Limit,
}

impl<R> CappedReader<R> {
    pub(crate) fn new(inner: R, cap: u64, limit: Limit) -> CappedReader<R> {
        CappedReader {
            inner,
            read: 0,
            cap,
            limit,
        }
    }
}

impl<R: Read> Read for CappedReader<R> {
    /// The bytes up to the cap come through; a read past it fails.
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let remaining = self.cap - self.read;
        if remaining == 0 {
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::other(Passed {
                    limit: self.limit,
                    value: self.cap,
                })),
            };
        }
        let len = buf
            .len()
            .min(usize::try_from(remaining).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..len])?;
        self.read += n as u64;
        Ok(n)
    }
}

/// Reads all of `reader` into `out`, at most `cap` bytes: `Ok(true)` when it all fit,
/// `Ok(false)` when more followed (what fit is in `out`, the rest unread).
pub(crate) fn read_capped(reader: impl Read, cap: u64, out: &mut Vec<u8>) -> io::Result<bool> {
    reader.take(cap.saturating_add(1)).read_to_end(out)?;
    Ok(out.len() as u64 <= cap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capped_reader_fails_past_its_cap_naming_the_limit() {
        let mut out = Vec::new();
        let mut r = CappedReader::new(&b"0123456789"[..], 10, Limit::DecompressedBytes);
        assert_eq!(r.read_to_end(&mut out).unwrap(), 10);
        // The bytes up to the cap are read before the error.
        let mut r = CappedReader::new(&b"0123456789"[..], 9, Limit::DecompressedBytes);
        let mut first = [0u8; 64];
        assert_eq!(r.read(&mut first).unwrap(), 9);
        let e = r.read_to_end(&mut Vec::new()).unwrap_err();
        let passed = Passed::of(&e).unwrap();
        assert_eq!((passed.limit, passed.value), (Limit::DecompressedBytes, 9));
        assert_eq!(
            e.to_string(),
            "more than 9 bytes (the limit max_decompressed_bytes; raise it with --max-decompressed-bytes)"
        );
        let mut out = Vec::new();
        assert!(!read_capped(&b"0123456789"[..], 4, &mut out).unwrap());
        assert_eq!(out.len(), 5);
        out.clear();
        assert!(read_capped(&b"0123"[..], 4, &mut out).unwrap());
    }
}
