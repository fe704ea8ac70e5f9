//! WARC archives (`.warc`, `.warc.gz`, WARC 1.0 and 1.1) read one record at a time.
//!
//! Each record is a version line, header lines, a blank line, `Content-Length` bytes of
//! block and a blank line. A `response` record whose HTTP response is a 2xx HTML page, or
//! a `resource` record holding HTML, becomes a page; every other record is skipped with a
//! reason, so that callers can count them. A record that breaks the format is an error
//! in its place, and reading resumes at the next line that starts a record (`WARC/1.`):
//! a wrong `Content-Length` costs that record, not the rest of the archive. (The `warc`
//! crate reads a block line by line and loses its place after a bad record; gzip members
//! and the HTTP message are handled here with flate2 and httparse.)

use std::io::{self, BufRead, Read};

use crate::article::PageInfo;

/// The longest header line, and the most header bytes, a record may have.
const MAX_HEADER_BYTES: u64 = 64 * 1024;

/// What the next record of an archive is.
#[derive(Debug)]
pub(super) enum WarcStep {
    /// An HTML page, with what the record says about it.
    Page { page: PageInfo, body: Vec<u8> },
    /// A record that is no page; `reason` says what it is (`request`, `warcinfo`,
    /// `response: image/png`, `response: HTTP 404`).
    Skipped { reason: String, bytes: u64 },
    /// A record that breaks the format at byte `offset` of the (decompressed) archive.
    Broken { offset: u64, message: String },
    /// A page whose block, or whose HTTP body once decoded, passes `max_record_bytes`
    /// (larger skipped records are read past without being kept).
    TooLarge { offset: u64 },
}

/// Reads the records of an archive from a reader positioned at its start.
#[derive(Debug)]
pub(super) struct WarcSplitter {
    /// The largest block or decoded body kept in memory.
    max_record_bytes: u64,
    /// Bytes given back after a record overran into the next one, read before the input.
    carry: Vec<u8>,
    carry_at: usize,
    /// Bytes of the archive consumed so far.
    consumed: u64,
    /// Records read so far (pages, skipped and broken).
    records: usize,
    done: bool,
}

/// The archive as the splitter reads it: the carried bytes, then the input.
struct Source<'a, R> {
    carry: &'a mut Vec<u8>,
    carry_at: &'a mut usize,
    consumed: &'a mut u64,
    reader: &'a mut R,
}

impl<R: BufRead> Read for Source<'_, R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Source<'_, R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if *self.carry_at < self.carry.len() {
            return Ok(&self.carry[*self.carry_at..]);
        }
        self.reader.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        *self.consumed += n as u64;
        if *self.carry_at < self.carry.len() {
            *self.carry_at += n;
            if *self.carry_at >= self.carry.len() {
                self.carry.clear();
                *self.carry_at = 0;
            }
        } else {
            self.reader.consume(n);
        }
    }
}

impl<R: BufRead> Source<'_, R> {
    /// One line, newline kept, of at most `MAX_HEADER_BYTES` (a longer one comes in
    /// pieces); empty at the end of the input.
    fn line(&mut self) -> io::Result<Vec<u8>> {
        let mut line = Vec::new();
        self.take(MAX_HEADER_BYTES).read_until(b'\n', &mut line)?;
        Ok(line)
    }

    /// Reads and drops up to `n` bytes; how many there were.
    fn skip(&mut self, n: u64) -> io::Result<u64> {
        io::copy(&mut self.take(n), &mut io::sink())
    }

    /// Gives `bytes` back: they are read again next.
    fn give_back(&mut self, bytes: &[u8]) {
        let rest = self.carry.split_off(*self.carry_at);
        self.carry.clear();
        self.carry.extend_from_slice(bytes);
        self.carry.extend_from_slice(&rest);
        *self.carry_at = 0;
        *self.consumed -= bytes.len() as u64;
    }

    /// Reads up to the next line that starts a record and gives it back; false when the
    /// input ends first.
    fn resync(&mut self) -> io::Result<bool> {
        let mut at_line_start = true;
        loop {
            let line = self.line()?;
            if line.is_empty() {
                return Ok(false);
            }
            if at_line_start && line.starts_with(b"WARC/1.") {
                self.give_back(&line);
                return Ok(true);
            }
            at_line_start = line.ends_with(b"\n");
        }
    }
}

/// The named fields of a record's header.
#[derive(Debug, Default)]
struct Header {
    kind: Option<String>,
    target_uri: Option<String>,
    date: Option<String>,
    content_type: Option<String>,
    content_length: Option<String>,
}

impl Header {
    fn set(&mut self, name: &str, value: String) {
        let slot = match name.to_ascii_lowercase().as_str() {
            "warc-type" => &mut self.kind,
            "warc-target-uri" => &mut self.target_uri,
            "warc-date" => &mut self.date,
            "content-type" => &mut self.content_type,
            "content-length" => &mut self.content_length,
            _ => return,
        };
        // WARC 1.0 writes the URI in angle brackets.
        *slot = Some(
            value
                .trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_owned(),
        );
    }
}

/// A record's fault: a message, and whether reading can go on after it.
struct Fault {
    message: String,
    /// The input ended inside the record: nothing follows.
    truncated: bool,
    /// The page passes `max_record_bytes` (the message is empty).
    too_large: bool,
}

fn fault(message: impl Into<String>) -> Fault {
    Fault {
        message: message.into(),
        truncated: false,
        too_large: false,
    }
}

fn truncated(message: impl Into<String>) -> Fault {
    Fault {
        truncated: true,
        ..fault(message)
    }
}

fn too_large() -> Fault {
    Fault {
        too_large: true,
        ..fault("")
    }
}

impl WarcSplitter {
    pub(super) fn new(limits: super::Limits) -> WarcSplitter {
        WarcSplitter {
            max_record_bytes: limits.max_record_bytes,
            carry: Vec::new(),
            carry_at: 0,
            consumed: 0,
            records: 0,
            done: false,
        }
    }

    /// Forgets what was read of a record cut short (a corrupt gzip member): the next
    /// record starts afresh.
    pub(super) fn restart(&mut self) {
        self.carry.clear();
        self.carry_at = 0;
        self.records += 1;
    }

    /// Records read so far.
    pub(super) fn records(&self) -> usize {
        self.records
    }

    /// The next record; `None` at the end of the archive.
    pub(super) fn next<R: BufRead>(&mut self, reader: &mut R) -> io::Result<Option<WarcStep>> {
        if self.done {
            return Ok(None);
        }
        let mut source = Source {
            carry: &mut self.carry,
            carry_at: &mut self.carry_at,
            consumed: &mut self.consumed,
            reader,
        };
        // Blank lines between records are tolerated.
        let (first, offset) = loop {
            let offset = *source.consumed;
            let line = source.line()?;
            if line.is_empty() {
                self.done = true;
                return Ok(None);
            }
            if !line.iter().all(u8::is_ascii_whitespace) {
                break (line, offset);
            }
        };
        let step = match read_record(&mut source, &first, self.max_record_bytes) {
            Ok(step) => step,
            Err(Fault {
                message,
                truncated,
                too_large,
            }) => {
                if truncated || !too_large && !source.resync()? {
                    self.done = true;
                }
                match too_large {
                    true => WarcStep::TooLarge { offset },
                    false => WarcStep::Broken { offset, message },
                }
            }
        };
        self.records += 1;
        Ok(Some(step))
    }
}

/// One record, from its first line on; after a fault the source is somewhere inside it.
fn read_record<R: BufRead>(
    source: &mut Source<'_, R>,
    first: &[u8],
    max_record_bytes: u64,
) -> Result<WarcStep, Fault> {
    let io_fault = |e: io::Error| truncated(format!("reading failed: {e}"));
    if !first.starts_with(b"WARC/") {
        return Err(fault(format!(
            "expected a record's version line (WARC/1.0 or WARC/1.1), found {:?}",
            preview(first)
        )));
    }
    let header = read_header(source)?;
    let length: u64 = match &header.content_length {
        None => return Err(fault("no Content-Length header")),
        Some(value) => value
            .parse()
            .map_err(|_| fault(format!("Content-Length {value:?} is not a number")))?,
    };
    let kind = match header.kind.as_deref() {
        None | Some("") => "no WARC-Type".to_owned(),
        Some(kind) => kind.to_owned(),
    };
    let wanted = matches!(kind.as_str(), "response" | "resource");
    if length > max_record_bytes {
        // Its start says whether it is a page at all (a video is skipped, not an error).
        let mut head = Vec::new();
        let head_len = length.min(MAX_HEADER_BYTES);
        source
            .take(head_len)
            .read_to_end(&mut head)
            .map_err(io_fault)?;
        let read = head.len() as u64 + source.skip(length - head_len).map_err(io_fault)?;
        if read < length {
            return Err(truncated(format!(
                "truncated: Content-Length is {length} bytes, the input ends after {read}"
            )));
        }
        check_end(source, &[])?;
        let block_type = header.content_type.as_deref().unwrap_or_default();
        let no_page = if !wanted {
            Some(kind.clone())
        } else if kind == "response" && is_http(block_type) {
            http_head(&head).and_then(|(status, content_type)| {
                if !(200..300).contains(&status) {
                    Some(format!("response: HTTP {status}"))
                } else {
                    content_type
                        .filter(|t| !is_html(t))
                        .map(|t| format!("{kind}: {}", media_type(&t)))
                }
            })
        } else {
            Some(block_type)
                .filter(|t| !t.is_empty() && !is_html(t))
                .map(|t| format!("{kind}: {}", media_type(t)))
        };
        return match no_page {
            Some(reason) => Ok(WarcStep::Skipped {
                reason,
                bytes: length,
            }),
            None => Err(too_large()),
        };
    }
    let mut block = Vec::new();
    source
        .take(length)
        .read_to_end(&mut block)
        .map_err(io_fault)?;
    if (block.len() as u64) < length {
        let message = format!(
            "truncated: Content-Length is {length} bytes, the input ends after {}",
            block.len()
        );
        // A length too large swallows the records after it: they are read again.
        if let Some(at) = memchr::memmem::find(&block, b"\nWARC/1.") {
            source.give_back(&block[at + 1..]);
            return Err(fault(message));
        }
        return Err(truncated(message));
    }
    check_end(source, &block)?;
    let skipped = |reason: String| {
        Ok(WarcStep::Skipped {
            reason,
            bytes: length,
        })
    };
    if !wanted {
        return skipped(kind);
    }
    let mut page = PageInfo::new();
    page.url = header.target_uri;
    page.fetched = header.date;
    let block_type = header.content_type.unwrap_or_default();
    let body = if kind == "response" && is_http(&block_type) {
        let response = http_response(&block, max_record_bytes)?;
        if !(200..300).contains(&response.status) {
            return skipped(format!("response: HTTP {}", response.status));
        }
        page.content_type = response.content_type;
        response.body
    } else {
        page.content_type = Some(block_type).filter(|t| !t.is_empty());
        block
    };
    match &page.content_type {
        Some(t) if !is_html(t) => skipped(format!("{kind}: {}", media_type(t))),
        None if !looks_like_html(&body) => skipped(format!("{kind}: no content type, not HTML")),
        _ => Ok(WarcStep::Page { page, body }),
    }
}

/// The header lines after the version line, up to the blank line.
fn read_header<R: BufRead>(source: &mut Source<'_, R>) -> Result<Header, Fault> {
    let mut header = Header::default();
    let mut total = 0u64;
    let mut last: Option<(String, String)> = None;
    loop {
        let line = source
            .line()
            .map_err(|e| truncated(format!("reading failed: {e}")))?;
        if line.is_empty() {
            return Err(truncated("truncated inside the record's header"));
        }
        total += line.len() as u64;
        if total > MAX_HEADER_BYTES || !line.ends_with(b"\n") {
            return Err(fault(format!(
                "the header is longer than {MAX_HEADER_BYTES} bytes"
            )));
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if let Some((name, value)) = last.take() {
                header.set(&name, value);
            }
            return Ok(header);
        }
        if text.starts_with([' ', '\t']) {
            // A continuation of the previous field's value.
            match &mut last {
                Some((_, value)) => value.push_str(text),
                None => return Err(fault("a header continuation line with no field before it")),
            }
            continue;
        }
        let Some((name, value)) = text.split_once(':') else {
            return Err(fault(format!(
                "header line {:?} has no colon",
                preview(text.as_bytes())
            )));
        };
        if let Some((name, value)) = last.take() {
            header.set(&name, value);
        }
        last = Some((name.trim().to_owned(), value.to_owned()));
    }
}

/// Checks the blank line that ends a record after its block. When it is missing, the
/// `Content-Length` was wrong: if the block holds the start of a next record, that
/// record's bytes are given back to be read again.
fn check_end<R: BufRead>(source: &mut Source<'_, R>, block: &[u8]) -> Result<(), Fault> {
    let mut end = Vec::with_capacity(4);
    source
        .take(4)
        .read_to_end(&mut end)
        .map_err(|e| truncated(format!("reading failed: {e}")))?;
    // The input may end right after the last block.
    if end.is_empty() || end == b"\r\n\r\n" || end == b"\n\n" {
        return Ok(());
    }
    let mut after = Vec::new();
    if let Some(at) = memchr::memmem::find(block, b"\nWARC/1.") {
        after.extend_from_slice(&block[at + 1..]);
    }
    after.extend_from_slice(&end);
    source.give_back(&after);
    Err(fault(
        "the block does not end where Content-Length says (no blank line after it)",
    ))
}

/// True for `application/http` (the block is an HTTP message).
fn is_http(content_type: &str) -> bool {
    media_type(content_type) == "application/http"
}

fn is_html(content_type: &str) -> bool {
    matches!(
        media_type(content_type).as_str(),
        "text/html" | "application/xhtml+xml"
    )
}

/// The media type of a `Content-Type`, lower case, without parameters.
fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// True when a body with no content type starts like an HTML document.
fn looks_like_html(body: &[u8]) -> bool {
    let start = &body[..body.len().min(1024)];
    let start = String::from_utf8_lossy(start).to_ascii_lowercase();
    let start = start.trim_start_matches('\u{feff}').trim_start();
    start.starts_with("<!doctype html") || start.starts_with("<html") || start.contains("<body")
}

/// The first bytes of a bad line, for a message.
fn preview(line: &[u8]) -> String {
    let text = String::from_utf8_lossy(&line[..line.len().min(40)]);
    text.trim_end().to_owned()
}

/// What a page's HTTP response says.
#[derive(Debug)]
struct HttpResponse {
    status: u16,
    content_type: Option<String>,
    body: Vec<u8>,
}

/// The status and `Content-Type` of the HTTP response whose start is `head`, when its
/// header is whole there.
fn http_head(head: &[u8]) -> Option<(u16, Option<String>)> {
    let mut headers = vec![httparse::EMPTY_HEADER; 256];
    let mut response = httparse::Response::new(&mut headers);
    response.parse(head).ok()?.is_complete().then_some(())?;
    let content_type = response
        .headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("content-type"))
        .map(|h| String::from_utf8_lossy(h.value).trim().to_owned());
    Some((response.code?, content_type))
}

/// Parses the HTTP response in a block: status, `Content-Type`, and the body with its
/// chunked transfer coding and gzip/deflate content coding undone.
fn http_response(block: &[u8], max_body_bytes: u64) -> Result<HttpResponse, Fault> {
    let mut capacity = 64;
    loop {
        let mut headers = vec![httparse::EMPTY_HEADER; capacity];
        let mut response = httparse::Response::new(&mut headers);
        match response.parse(block) {
            Err(httparse::Error::TooManyHeaders) if capacity < 4096 => capacity *= 4,
            Err(e) => return Err(fault(format!("invalid HTTP response: {e}"))),
            Ok(httparse::Status::Partial) => {
                return Err(fault("invalid HTTP response: its header does not end"))
            }
            Ok(httparse::Status::Complete(header_len)) => {
                let header = |name: &str| {
                    response
                        .headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case(name))
                        .map(|h| String::from_utf8_lossy(h.value).trim().to_owned())
                };
                let mut body = block[header_len..].to_vec();
                if header("transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) {
                    // Some archives keep the header but store the body decoded.
                    if let Some(dechunked) = dechunk(&body) {
                        body = dechunked;
                    }
                }
                if let Some(coding) = header("content-encoding") {
                    body = decode_content(body, &coding.to_ascii_lowercase(), max_body_bytes)?;
                }
                return Ok(HttpResponse {
                    status: response.code.unwrap_or(0),
                    content_type: header("content-type"),
                    body,
                });
            }
        }
    }
}

/// The body of a chunked message, or `None` when it is not one.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let line_end = memchr::memchr(b'\n', body)?;
        let size = std::str::from_utf8(&body[..line_end]).ok()?;
        let size = size.split(';').next()?.trim();
        let size = usize::from_str_radix(size, 16).ok()?;
        body = &body[line_end + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size..)?;
        body = body
            .strip_prefix(b"\r\n")
            .or_else(|| body.strip_prefix(b"\n"))?;
    }
}

/// Undoes a `Content-Encoding`, keeping at most `cap` bytes (a body that inflates past
/// it is [`too_large`]).
fn decode_content(body: Vec<u8>, coding: &str, cap: u64) -> Result<Vec<u8>, Fault> {
    let mut out = Vec::new();
    let result = match coding {
        "" | "identity" => return Ok(body),
        "gzip" | "x-gzip" => {
            super::read_capped(flate2::read::MultiGzDecoder::new(&body[..]), cap, &mut out)
        }
        "deflate" => super::read_capped(flate2::read::ZlibDecoder::new(&body[..]), cap, &mut out)
            .or_else(|_| {
                out.clear();
                super::read_capped(flate2::read::DeflateDecoder::new(&body[..]), cap, &mut out)
            }),
        other => {
            return Err(fault(format!(
                "unsupported HTTP Content-Encoding {other:?}"
            )))
        }
    };
    match result {
        Ok(true) => Ok(out),
        Ok(false) => Err(too_large()),
        Err(e) => Err(fault(format!(
            "HTTP body in Content-Encoding {coding}: {e}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, extra: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:1>\r\n{extra}Content-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn steps(archive: &[u8]) -> Vec<String> {
        steps_capped(archive, super::super::Limits::default().max_record_bytes)
    }

    fn steps_capped(archive: &[u8], max_record_bytes: u64) -> Vec<String> {
        let mut reader = io::BufReader::with_capacity(7, archive);
        let limits = super::super::Limits::default().max_record_bytes(max_record_bytes);
        let mut splitter = WarcSplitter::new(limits);
        let mut out = Vec::new();
        while let Some(step) = splitter.next(&mut reader).unwrap() {
            out.push(match step {
                WarcStep::Page { page, body } => format!(
                    "page {} {} {}",
                    page.url.unwrap_or_default(),
                    page.content_type.unwrap_or_default(),
                    String::from_utf8_lossy(&body)
                ),
                WarcStep::Skipped { reason, .. } => format!("skipped {reason}"),
                WarcStep::Broken { offset, message } => format!("broken@{offset} {message}"),
                WarcStep::TooLarge { offset } => format!("too large@{offset}"),
            });
        }
        out
    }

    #[test]
    fn chunked_and_gzipped_http_bodies_are_decoded() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, b"<p>zipped</p>").unwrap();
        let zipped = gz.finish().unwrap();
        let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
        http.extend_from_slice(format!("{:x}\r\n", zipped.len()).as_bytes());
        http.extend_from_slice(&zipped);
        http.extend_from_slice(b"\r\n0\r\n\r\n");
        let archive = record(
            "response",
            "WARC-Target-URI: <https://a.example/x>\r\nContent-Type: application/http; msgtype=response\r\n",
            &http,
        );
        assert_eq!(
            steps(&archive),
            ["page https://a.example/x text/html <p>zipped</p>"]
        );
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n").unwrap(),
            b"abcde"
        );
        assert_eq!(dechunk(b"<html>"), None);
    }

    #[test]
    fn a_page_past_the_record_limit_is_too_large_and_the_next_is_read() {
        let response = "Content-Type: application/http; msgtype=response\r\n";
        let page = |body: &[u8], coding: &str| {
            let mut http =
                format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n{coding}\r\n").into_bytes();
            http.extend_from_slice(body);
            record("response", response, &http)
        };
        // A body that inflates 1,000-fold: past the cap once decoded, not before.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut gz, &vec![b'a'; 100_000]).unwrap();
        let bomb = page(&gz.finish().unwrap(), "Content-Encoding: gzip\r\n");
        let big = page(&[b'x'; 5_000], "");
        let small = page(b"<p>ok</p>", "");
        let mut archive = bomb.clone();
        archive.extend_from_slice(&big);
        archive.extend_from_slice(&small);
        let at_big = bomb.len();
        let got = steps_capped(&archive, 4_000);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0], "too large@0");
        assert_eq!(got[1], format!("too large@{at_big}"));
        assert!(got[2].ends_with("<p>ok</p>"), "{got:?}");
        // A record that holds no page is skipped whatever its size, its HTTP header read.
        let request = record("request", "", b"GET / HTTP/1.1\r\nHost: a.example\r\n\r\n");
        assert_eq!(steps_capped(&request, 8), ["skipped request"]);
        let video = record(
            "response",
            response,
            b"HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\n\r\nxxxxxxxxxxxxxxxxxxxx",
        );
        assert_eq!(steps_capped(&video, 30), ["skipped response: video/mp4"]);
        let missing = record(
            "response",
            response,
            b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\nxxxxxxxxxxxxxxxxxxxx",
        );
        assert_eq!(steps_capped(&missing, 30), ["skipped response: HTTP 404"]);
        let image = record("resource", "Content-Type: image/png\r\n", &[0u8; 50]);
        assert_eq!(steps_capped(&image, 30), ["skipped resource: image/png"]);
    }

    #[test]
    fn records_are_pages_skipped_or_broken_in_order() {
        let http = |status: &str, ty: &str, body: &str| {
            format!("HTTP/1.1 {status}\r\nContent-Type: {ty}\r\n\r\n{body}").into_bytes()
        };
        let response = "Content-Type: application/http;msgtype=response\r\nWARC-Target-URI: https://a.example/p\r\n";
        let mut archive = record("warcinfo", "", b"software: test\r\n");
        archive.extend(record(
            "response",
            response,
            &http("200 OK", "text/html", "<p>one</p>"),
        ));
        archive.extend(record("request", "", b"GET / HTTP/1.1\r\n\r\n"));
        archive.extend(record(
            "response",
            response,
            &http("200 OK", "image/png", "PNG"),
        ));
        archive.extend(record(
            "response",
            response,
            &http("404 Not Found", "text/html", "gone"),
        ));
        // A Content-Length 50 bytes too long swallows the start of the next record: it is
        // broken, and the next one is read all the same.
        let block = http("200 OK", "text/html", "<p>bad</p>");
        let bad = String::from_utf8(record("response", response, &block))
            .unwrap()
            .replace(
                &format!("Content-Length: {}", block.len()),
                &format!("Content-Length: {}", block.len() + 50),
            );
        let bad_at = archive.len();
        archive.extend(bad.as_bytes());
        archive.extend(record(
            "resource",
            "Content-Type: text/html\r\n",
            b"<p>two</p>",
        ));
        archive.extend(b"garbage line\r\n");
        archive.extend(record("response", response, b"not http at all"));
        archive.extend(record("metadata", "", b"x"));
        // The archive ends inside the last record.
        let last = record("resource", "Content-Type: text/html\r\n", b"<p>three</p>");
        archive.extend(&last[..last.len() - 8]);
        let got = steps(&archive);
        let want = [
            "skipped warcinfo".to_owned(),
            "page https://a.example/p text/html <p>one</p>".into(),
            "skipped request".into(),
            "skipped response: image/png".into(),
            "skipped response: HTTP 404".into(),
            format!("broken@{bad_at} the block does not end where Content-Length says (no blank line after it)"),
            "page  text/html <p>two</p>".into(),
        ];
        assert_eq!(got[..want.len()], want, "{got:#?}");
        assert!(
            got[7].starts_with("broken@") && got[7].contains("expected a record's version line"),
            "{}",
            got[7]
        );
        assert!(got[8].contains("invalid HTTP response"), "{}", got[8]);
        assert_eq!(got[9], "skipped metadata");
        assert!(
            got[10].contains("truncated: Content-Length is 12 bytes, the input ends after 8"),
            "{}",
            got[10]
        );
        assert_eq!(got.len(), 11);
    }

    #[test]
    fn header_faults_are_named() {
        let cases: [(&[u8], &str); 4] = [
            (
                b"WARC/1.0\r\nWARC-Type: resource\r\n\r\nx\r\n\r\n",
                "no Content-Length header",
            ),
            (
                b"WARC/1.0\r\nContent-Length: ten\r\n\r\n",
                "Content-Length \"ten\" is not a number",
            ),
            (
                b"WARC/1.0\r\nno colon here\r\n\r\n",
                "header line \"no colon here\" has no colon",
            ),
            (
                b"WARC/1.0\r\nWARC-Type: resource\r\n",
                "truncated inside the record's header",
            ),
        ];
        for (archive, want) in cases {
            let got = steps(archive);
            assert_eq!(got.len(), 1, "{got:?}");
            assert_eq!(got[0], format!("broken@0 {want}"));
        }
        // A length that runs past the end of the input is truncation, unless another
        // record starts inside it: that one is read again.
        let mut long = record("resource", "Content-Type: text/html\r\n", b"<p>a</p>");
        long = String::from_utf8(long)
            .unwrap()
            .replace("Content-Length: 8", "Content-Length: 900")
            .into_bytes();
        long.extend(record(
            "resource",
            "Content-Type: text/html\r\n",
            b"<p>b</p>",
        ));
        let got = steps(&long);
        assert!(
            got[0].starts_with("broken@0 truncated: Content-Length is 900"),
            "{got:?}"
        );
        assert_eq!(got[1..], ["page  text/html <p>b</p>"]);
        assert!(steps(b"").is_empty());
        assert!(steps(b"\r\n\r\n").is_empty());
    }
}
