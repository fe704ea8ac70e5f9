//! A gzip stream read member by member, going on after a corrupt one: WARC files are
//! gzipped a record to a member, so that one damaged member costs its record, not the
//! rest of the archive (`MultiGzDecoder` stops at the first bad one).

use std::io::{self, BufRead, Read};

use flate2::bufread::GzDecoder;

/// The gzip magic and the deflate method byte that start every member.
const MEMBER_START: [u8; 3] = [0x1f, 0x8b, 0x08];

/// The error a [`GzMembers`] returns, once, for a member it could not read; the next read
/// goes on from the next member.
#[derive(Debug)]
pub(crate) struct SkippedMember {
    /// What the decoder said.
    pub(crate) message: String,
    /// Where the next member starts in the compressed input (its length, at its end).
    pub(crate) resumed_at: u64,
}

impl std::fmt::Display for SkippedMember {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "corrupt gzip member ({}): reading resumed at the next member, byte {} of the compressed file",
            self.message, self.resumed_at
        )
    }
}

impl std::error::Error for SkippedMember {}

impl SkippedMember {
    /// The skipped member an I/O error stands for, if it is one.
    #[cfg_attr(not(feature = "html"), allow(dead_code))] // asked by the WARC reader
    pub(crate) fn of(error: &io::Error) -> Option<&SkippedMember> {
        error.get_ref()?.downcast_ref::<SkippedMember>()
    }
}

/// Counts the compressed bytes consumed.
struct Counted<R> {
    inner: R,
    consumed: u64,
}

impl<R: BufRead> Read for Counted<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(out)?;
        self.consumed += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.consumed += n as u64;
        self.inner.consume(n);
    }
}

/// The decompressed bytes of every readable member, in order.
pub(crate) struct GzMembers<R: BufRead> {
    /// The current member's decoder; `None` once the input ends.
    decoder: Option<GzDecoder<Counted<R>>>,
    /// Where the current member starts in the compressed input.
    member_start: u64,
}

impl<R: BufRead> GzMembers<R> {
    pub(crate) fn new(inner: R) -> GzMembers<R> {
        GzMembers {
            decoder: Some(GzDecoder::new(Counted { inner, consumed: 0 })),
            member_start: 0,
        }
    }
}

impl<R: BufRead> Read for GzMembers<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            let Some(decoder) = self.decoder.as_mut() else {
                return Ok(0);
            };
            match decoder.read(out) {
                Ok(0) if !out.is_empty() => {
                    // The member ended: another follows, or the input does.
                    let mut inner = self.decoder.take().expect("checked").into_inner();
                    if inner.fill_buf()?.is_empty() {
                        return Ok(0);
                    }
                    self.member_start = inner.consumed;
                    self.decoder = Some(GzDecoder::new(inner));
                }
                Ok(n) => return Ok(n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    // Resynchronise on the next member's start, past the bad one.
                    let mut inner = self.decoder.take().expect("checked").into_inner();
                    // A member read to its end (a bad checksum) leaves the next one's
                    // start here; one that failed at its start must be stepped past.
                    let stuck = inner.consumed == self.member_start;
                    skip_to_member(&mut inner, stuck)?;
                    let resumed_at = inner.consumed;
                    if !inner.fill_buf()?.is_empty() {
                        self.member_start = resumed_at;
                        self.decoder = Some(GzDecoder::new(inner));
                    }
                    return Err(io::Error::other(SkippedMember {
                        message: e.to_string(),
                        resumed_at,
                    }));
                }
            }
        }
    }
}

/// Consumes bytes up to the next [`MEMBER_START`] (or the end), past the first byte
/// when `step` (it starts the member that failed). A start cut by the end of the reader's
/// buffer is not seen (one member in tens of thousands lost with a 64 KiB buffer).
fn skip_to_member<R: BufRead>(inner: &mut R, step: bool) -> io::Result<()> {
    if step && !inner.fill_buf()?.is_empty() {
        inner.consume(1);
    }
    loop {
        let buf = inner.fill_buf()?;
        let len = buf.len();
        if len == 0 {
            return Ok(());
        }
        match memchr::memchr(MEMBER_START[0], buf) {
            Some(at) if buf[at..].starts_with(&MEMBER_START) => {
                inner.consume(at);
                return Ok(());
            }
            Some(at) if len - at >= MEMBER_START.len() => inner.consume(at + 1),
            _ => inner.consume(len),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn member(text: &str) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(text.as_bytes()).unwrap();
        gz.finish().unwrap()
    }

    /// Reads to the end, collecting text and the skipped members' messages.
    fn read_all(bytes: &[u8], buffer: usize) -> (String, Vec<String>) {
        let mut reader = GzMembers::new(io::BufReader::with_capacity(buffer, bytes));
        let (mut text, mut skipped) = (Vec::new(), Vec::new());
        let mut chunk = [0u8; 5];
        loop {
            match reader.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => text.extend_from_slice(&chunk[..n]),
                Err(e) => skipped.push(SkippedMember::of(&e).unwrap().message.clone()),
            }
        }
        (String::from_utf8_lossy(&text).into_owned(), skipped)
    }

    #[test]
    fn a_corrupt_member_is_skipped_and_the_next_ones_are_read() {
        let members: Vec<Vec<u8>> = (0..5).map(|i| member(&format!("record {i}.\n"))).collect();
        let whole = members.concat();
        for buffer in [4, 64, 1 << 16] {
            assert_eq!(
                read_all(&whole, buffer),
                (
                    (0..5).map(|i| format!("record {i}.\n")).collect::<String>(),
                    vec![]
                )
            );
        }
        // Member 2's compressed data damaged (its header left whole).
        let mut damaged = members.clone();
        let middle = damaged[2].len() / 2;
        damaged[2][middle] ^= 0xFF;
        damaged[2][middle + 1] ^= 0xFF;
        let bytes = damaged.concat();
        for buffer in [4, 64, 1 << 16] {
            let (text, skipped) = read_all(&bytes, buffer);
            assert!(text.starts_with("record 0.\nrecord 1.\n"), "{text:?}");
            assert!(text.ends_with("record 3.\nrecord 4.\n"), "{text:?}");
            assert_eq!(skipped.len(), 1, "{skipped:?}");
        }
        // Garbage between members, and a cut-off last member.
        let mut bytes = members[0].clone();
        bytes.extend_from_slice(b"garbage");
        bytes.extend_from_slice(&members[1]);
        bytes.extend_from_slice(&members[2][..members[2].len() - 4]);
        let (text, skipped) = read_all(&bytes, 64);
        assert!(text.starts_with("record 0.\n"), "{text:?}");
        assert!(!skipped.is_empty());
    }
}
