//! The container of a compiled gazetteer file and the little-endian encoding of its
//! contents.
//!
//! A file is a 32-byte header, then the payload:
//!
//! | bytes | what |
//! |---|---|
//! | 0..8 | magic: `\x89NGZ\r\n\x1a\n` (a text-mode transfer or a text file fails it) |
//! | 8..12 | format version (u32) |
//! | 12..16 | reserved, zero |
//! | 16..24 | payload length in bytes (u64) |
//! | 24..28 | CRC-32 of the payload (u32) |
//! | 28..32 | reserved, zero |
//!
//! Every problem (not a compiled file, another version, truncated, checksum, a value out of
//! range inside a payload whose checksum is right) is a [`CompiledProblem`]: the reader
//! never panics and never returns what it did not fully check.

use crate::error::{CompiledProblem, GazetteerError, Location};

/// The first bytes of every compiled gazetteer.
pub(crate) const MAGIC: [u8; 8] = *b"\x89NGZ\r\n\x1a\n";
/// The format this build writes and reads. Bump it whenever the payload's layout changes.
pub(crate) const FORMAT_VERSION: u32 = 2;
const HEADER: usize = 32;

/// True when `bytes` begin like a compiled gazetteer.
pub(crate) fn is_compiled(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC)
}

/// The file: header, then `payload`.
pub(crate) fn seal(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The bytes before a compiled file's payload.
pub(crate) const HEADER_LEN: usize = HEADER;

/// What a file's header says of its payload, once magic, version and length are checked
/// against the file's length.
pub(crate) struct Header {
    /// The payload's CRC-32.
    pub(crate) checksum: u32,
}

/// Checks the header at the start of `head` (a whole file, or its first bytes) against
/// the file's length `file_len`.
pub(crate) fn header(head: &[u8], file_len: u64, source: &str) -> Result<Header, GazetteerError> {
    let fail = |problem| GazetteerError::Compiled {
        at: Location::new(source),
        problem,
    };
    if !is_compiled(head) {
        return Err(fail(CompiledProblem::NotCompiled));
    }
    if head.len() < HEADER {
        return Err(fail(CompiledProblem::Truncated {
            expected: HEADER as u64,
            found: file_len,
        }));
    }
    let u32_at = |at: usize| u32::from_le_bytes(head[at..at + 4].try_into().expect("4 bytes"));
    let version = u32_at(8);
    if version != FORMAT_VERSION {
        return Err(fail(CompiledProblem::Version {
            found: version,
            supported: FORMAT_VERSION,
        }));
    }
    let length = u64::from_le_bytes(head[16..24].try_into().expect("8 bytes"));
    let expected = (HEADER as u64).saturating_add(length);
    if file_len < expected {
        return Err(fail(CompiledProblem::Truncated {
            expected,
            found: file_len,
        }));
    }
    if file_len > expected {
        return Err(fail(CompiledProblem::Corrupt {
            offset: expected,
            what: format!("{} bytes after the payload", file_len - expected),
        }));
    }
    Ok(Header {
        checksum: u32_at(24),
    })
}

/// The error of a payload whose CRC-32 is not the header's.
pub(crate) fn checksum_mismatch(source: &str) -> GazetteerError {
    GazetteerError::Compiled {
        at: Location::new(source),
        problem: CompiledProblem::Checksum,
    }
}

/// The payload of a file, once its header, length and checksum are checked.
pub(crate) fn open<'b>(bytes: &'b [u8], source: &str) -> Result<&'b [u8], GazetteerError> {
    let header = header(bytes, bytes.len() as u64, source)?;
    let payload = &bytes[HEADER..];
    if crc32fast::hash(payload) != header.checksum {
        return Err(checksum_mismatch(source));
    }
    Ok(payload)
}

/// Appends values to a payload.
#[derive(Default)]
pub(crate) struct Writer {
    pub(crate) bytes: Vec<u8>,
}

impl Writer {
    pub(crate) fn u8(&mut self, value: u8) {
        self.bytes.push(value);
    }

    pub(crate) fn u64(&mut self, value: u64) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    /// A number in LEB128 (seven bits a byte): most counts, lengths and indices are small.
    pub(crate) fn var(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.bytes.push(value as u8 | 0x80);
            value >>= 7;
        }
        self.bytes.push(value as u8);
    }

    /// A count of items (entries, aliases, table rows).
    pub(crate) fn len(&mut self, len: usize) {
        self.var(len as u64);
    }

    /// Length-prefixed bytes.
    pub(crate) fn bytes(&mut self, value: &[u8]) {
        self.var(value.len() as u64);
        self.bytes.extend_from_slice(value);
    }

    pub(crate) fn str(&mut self, value: &str) {
        self.bytes(value.as_bytes());
    }

    /// Numbers that each fit a u32, as varints.
    pub(crate) fn u32s(&mut self, values: &[u32]) {
        self.len(values.len());
        for &v in values {
            self.var(u64::from(v));
        }
    }
}

/// Reads values back from a payload, each checked, each failure naming its byte offset
/// in the file.
pub(crate) struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
    /// Where `bytes` begin in the payload (a section's reader starts past the others).
    base: usize,
    source: &'b str,
}

impl<'b> Reader<'b> {
    pub(crate) fn new(payload: &'b [u8], source: &'b str) -> Reader<'b> {
        Reader {
            bytes: payload,
            at: 0,
            base: 0,
            source,
        }
    }

    /// A reader of bytes that begin at payload offset `base` (a part of a payload read
    /// apart from the rest), so that errors name their place in the file.
    pub(crate) fn at_offset(bytes: &'b [u8], base: usize, source: &'b str) -> Reader<'b> {
        Reader {
            bytes,
            at: 0,
            base,
            source,
        }
    }

    /// Reads the length of the section that comes next, but not its bytes (they may not
    /// be at hand): where it begins in the payload and how long it is.
    pub(crate) fn section_extent(&mut self, what: &str) -> Result<(usize, usize), GazetteerError> {
        let at = self.at;
        let len = self.var(what)?;
        let len = usize::try_from(len)
            .map_err(|_| self.corrupt_at(at, format!("{what}: length {len}")))?;
        Ok((self.base + self.at, len))
    }

    /// A reader of the length-prefixed section that comes next (sections can be read
    /// apart, on other threads).
    pub(crate) fn section(&mut self, what: &str) -> Result<Reader<'b>, GazetteerError> {
        let bytes = self.bytes(what)?;
        Ok(Reader {
            bytes,
            at: 0,
            base: self.base + self.at - bytes.len(),
            source: self.source,
        })
    }

    /// The error for a bad value that began at payload offset `at`.
    pub(crate) fn corrupt_at(&self, at: usize, what: impl Into<String>) -> GazetteerError {
        GazetteerError::Compiled {
            at: Location::new(self.source),
            problem: CompiledProblem::Corrupt {
                offset: (HEADER + self.base + at) as u64,
                what: what.into(),
            },
        }
    }

    /// The error for a bad value just read.
    pub(crate) fn corrupt(&self, what: impl Into<String>) -> GazetteerError {
        self.corrupt_at(self.at, what)
    }

    /// Where the next value starts in the payload.
    pub(crate) fn position(&self) -> usize {
        self.at
    }

    pub(crate) fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }

    #[inline]
    fn take(&mut self, n: usize, what: &str) -> Result<&'b [u8], GazetteerError> {
        if self.bytes.len() - self.at < n {
            return Err(self.past_end(what));
        }
        let out = &self.bytes[self.at..self.at + n];
        self.at += n;
        Ok(out)
    }

    #[cold]
    fn past_end(&self, what: &str) -> GazetteerError {
        self.corrupt(format!("{what} runs past the end"))
    }

    #[inline]
    pub(crate) fn u8(&mut self, what: &str) -> Result<u8, GazetteerError> {
        match self.bytes.get(self.at) {
            Some(&byte) => {
                self.at += 1;
                Ok(byte)
            }
            None => Err(self.past_end(what)),
        }
    }

    pub(crate) fn u64(&mut self, what: &str) -> Result<u64, GazetteerError> {
        Ok(u64::from_le_bytes(
            self.take(8, what)?.try_into().expect("8 bytes"),
        ))
    }

    #[inline]
    pub(crate) fn var(&mut self, what: &str) -> Result<u64, GazetteerError> {
        // Most numbers are under 128: one byte.
        if let Some(&byte) = self.bytes.get(self.at) {
            if byte < 0x80 {
                self.at += 1;
                return Ok(u64::from(byte));
            }
        }
        self.var_long(what)
    }

    fn var_long(&mut self, what: &str) -> Result<u64, GazetteerError> {
        let at = self.at;
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.u8(what)?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                if shift == 63 && byte > 1 {
                    break;
                }
                return Ok(value);
            }
        }
        Err(self.corrupt_at(at, format!("{what}: a number over 64 bits")))
    }

    /// A varint that must fit a u32.
    #[inline]
    pub(crate) fn var32(&mut self, what: &str) -> Result<u32, GazetteerError> {
        let at = self.at;
        let value = self.var(what)?;
        u32::try_from(value)
            .map_err(|_| self.corrupt_at(at, format!("{what}: {value} is over 2^32")))
    }

    /// A count of items of at least `item_bytes` bytes each, refused when the rest of the
    /// payload could not hold them (so a corrupt count cannot make a huge allocation).
    pub(crate) fn len(&mut self, item_bytes: usize, what: &str) -> Result<usize, GazetteerError> {
        let at = self.at;
        let len = self.var(what)?;
        let rest = (self.bytes.len() - self.at) as u64;
        if len.saturating_mul(item_bytes.max(1) as u64) > rest {
            return Err(self.corrupt_at(at, format!("{what}: {len} items cannot fit")));
        }
        Ok(len as usize)
    }

    #[inline]
    pub(crate) fn bytes(&mut self, what: &str) -> Result<&'b [u8], GazetteerError> {
        let at = self.at;
        let len = self.var(what)?;
        match usize::try_from(len) {
            Ok(len) if len <= self.bytes.len() - self.at => self.take(len, what),
            _ => Err(self.corrupt_at(at, format!("{what}: length {len} runs past the end"))),
        }
    }

    #[inline]
    pub(crate) fn str(&mut self, what: &str) -> Result<&'b str, GazetteerError> {
        let at = self.at;
        let bytes = self.bytes(what)?;
        std::str::from_utf8(bytes).map_err(|_| self.corrupt_at(at, format!("{what} is not UTF-8")))
    }

    pub(crate) fn u32s(&mut self, what: &str) -> Result<Vec<u32>, GazetteerError> {
        let len = self.len(1, what)?;
        (0..len).map(|_| self.var32(what)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(bytes: &[u8]) -> CompiledProblem {
        match open(bytes, "g.ngz").unwrap_err() {
            GazetteerError::Compiled { problem, .. } => problem,
            other => panic!("{other}"),
        }
    }

    #[test]
    fn header_is_checked_before_the_payload_is_read() {
        let file = seal(b"payload");
        assert_eq!(open(&file, "g.ngz").unwrap(), b"payload");
        assert_eq!(problem(b"{\"id\": 1}"), CompiledProblem::NotCompiled);
        assert!(matches!(
            problem(&file[..20]),
            CompiledProblem::Truncated {
                expected: 32,
                found: 20
            }
        ));
        assert!(matches!(
            problem(&file[..35]),
            CompiledProblem::Truncated {
                expected: 39,
                found: 35
            }
        ));
        let mut earlier = file.clone();
        earlier[8] = 1;
        assert_eq!(
            problem(&earlier),
            CompiledProblem::Version {
                found: 1,
                supported: FORMAT_VERSION
            }
        );
        for i in 32..file.len() {
            let mut flipped = file.clone();
            flipped[i] ^= 0x10;
            assert_eq!(problem(&flipped), CompiledProblem::Checksum, "byte {i}");
        }
        let mut longer = file.clone();
        longer.push(0);
        assert!(matches!(
            problem(&longer),
            CompiledProblem::Corrupt { offset: 39, .. }
        ));
    }

    #[test]
    fn reader_refuses_lengths_past_the_end() {
        let mut w = Writer::default();
        w.str("héllo");
        w.u64(7);
        let mut r = Reader::new(&w.bytes, "g");
        assert_eq!(r.str("name").unwrap(), "héllo");
        assert_eq!(r.u64("n").unwrap(), 7);
        assert!(r.is_done());
        let mut huge = Writer::default();
        huge.var(u64::MAX);
        let err = Reader::new(&huge.bytes, "g").str("name").unwrap_err();
        assert_eq!(
            err.to_string(),
            "g: corrupted at byte 32: name: length 18446744073709551615 runs past the end"
        );
        let mut count = Writer::default();
        count.var(1_000_000);
        assert!(Reader::new(&count.bytes, "g").len(4, "entries").is_err());
        let mut numbers = Writer::default();
        for n in [0, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            numbers.var(n);
        }
        let mut r = Reader::new(&numbers.bytes, "g");
        for n in [0, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(r.var("n").unwrap(), n);
        }
        let overlong = [0xffu8; 11];
        assert!(Reader::new(&overlong, "g").var("n").is_err());
    }
}
