//! A word-start prefilter: most word starts of a text begin no alias, and walking the
//! radix tree to find that out costs a few cache misses each. With word boundaries on, a
//! match must begin with the whole first word of its alias, so a small bit set of the
//! aliases' first words (two bits per word in one 64-bit block, a blocked Bloom filter)
//! rejects most starts with one hash of the word and one cache-resident load. It only ever says "maybe" or "no":
//! a "maybe" is walked as before, so results cannot change.
//!
//! "Word" here is a run of chars that `joins_word` joins (word chars outside the scripts
//! written without spaces), read in the folded text for the aliases and the text alike.
//! An alias that does not begin with such a run (`'s-Hertogenbosch`, Han names) marks
//! its first byte: starts at that byte are always walked.

use crate::normalize::{is_ascii_word_byte, is_unspaced, is_word_char, FoldCursor, Folding};

/// Bits per first word: with two bits each in one block, about 5% of absent words pass.
const BITS_PER_WORD: usize = 12;

#[derive(Debug)]
pub(super) struct FirstWords {
    /// Blocks of 64 bits; a word sets two bits of one block.
    blocks: Vec<u64>,
    /// The number of blocks less one (a power of two less one).
    mask: u64,
    always: Box<[bool; 256]>,
}

impl FirstWords {
    /// The filter of the folded `keys`.
    pub(super) fn new<K: AsRef<str>>(keys: &[K]) -> FirstWords {
        let words = keys.len().max(1);
        let size = (words * BITS_PER_WORD)
            .next_power_of_two()
            .clamp(1 << 12, 1 << 28);
        let mut filter = FirstWords {
            blocks: vec![0; size / 64],
            mask: (size / 64) as u64 - 1,
            always: Box::new([false; 256]),
        };
        for key in keys {
            let key = key.as_ref();
            let mut cursor = FoldedBytes(key.as_bytes().iter());
            match first_word(&mut cursor) {
                None => filter.always[key.as_bytes()[0] as usize] = true,
                Some(hash) => {
                    let (block, bits) = filter.positions(hash);
                    filter.blocks[block] |= bits;
                }
            }
        }
        filter
    }

    /// Bytes on the heap.
    pub(super) fn heap_bytes(&self) -> usize {
        self.blocks.capacity() * 8 + 256
    }

    /// The filter's bit blocks and its always-walked first bytes, for a compiled file.
    pub(super) fn parts(&self) -> (&[u64], &[bool; 256]) {
        (&self.blocks, &self.always)
    }

    /// The filter of [`FirstWords::parts`]; `None` unless the blocks are a power of two.
    pub(super) fn from_parts(blocks: Vec<u64>, always: Box<[bool; 256]>) -> Option<FirstWords> {
        blocks.len().is_power_of_two().then(|| FirstWords {
            mask: blocks.len() as u64 - 1,
            blocks,
            always,
        })
    }

    /// True when some alias begins with folded byte `first` but not with a word.
    #[inline]
    pub(super) fn always(&self, first: u8) -> bool {
        self.always[first as usize]
    }

    /// False when no alias begins with the word of this hash ([`WordHash`]).
    #[inline]
    pub(super) fn may_begin(&self, hash: u64) -> bool {
        let (block, bits) = self.positions(hash);
        self.blocks[block] & bits == bits
    }

    /// False when no alias can begin at byte `start` of `text`, folded by `folding`: the
    /// general case (the scan settles plain ASCII words and ASCII punctuation itself, with
    /// [`FirstWords::may_begin`] and [`FirstWords::always`]).
    pub(super) fn may_start(&self, text: &str, start: usize, folding: Folding) -> bool {
        let mut cursor = FoldCursor::new(text, start, folding);
        let Some(first) = cursor.next_byte() else {
            return false;
        };
        if self.always(first) {
            return true;
        }
        let mut bytes = std::iter::once(first).chain(std::iter::from_fn(|| cursor.next_byte()));
        first_word(&mut FoldedBytes(&mut bytes)).is_some_and(|hash| self.may_begin(hash))
    }

    /// The block of a word's hash and its two bits there (which may coincide).
    #[inline]
    fn positions(&self, hash: u64) -> (usize, u64) {
        let bits = (1 << ((hash >> 52) & 63)) | (1 << ((hash >> 58) & 63));
        ((hash & self.mask) as usize, bits)
    }
}

/// The hash of a word's folded bytes. The bytes are packed eight at a time into a
/// little-endian word, each full word is mixed in with one multiply, and the length last;
/// bytes can be fed one at a time ([`WordHash::push`], for keys and words other than
/// ASCII) or eight at a time ([`ascii_word`]), with the same result.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct WordHash {
    hash: u64,
    chunk: u64,
    len: usize,
}

impl WordHash {
    #[inline]
    pub(super) fn push(&mut self, byte: u8) {
        self.chunk |= u64::from(byte) << (8 * (self.len % 8));
        self.len += 1;
        if self.len % 8 == 0 {
            self.mix();
        }
    }

    /// Feeds `n` bytes (1 to 8) packed little-endian in `chunk`, the rest of which is
    /// zero, at a multiple of eight bytes into the word.
    #[inline]
    fn push_chunk(&mut self, chunk: u64, n: usize) {
        debug_assert!(self.len % 8 == 0 && (1..=8).contains(&n));
        self.chunk = chunk;
        self.len += n;
        if n == 8 {
            self.mix();
        }
    }

    #[inline]
    fn mix(&mut self) {
        self.hash = (self.hash ^ self.chunk)
            .wrapping_mul(0x517c_c1b7_2722_0a95)
            .rotate_left(29);
        self.chunk = 0;
    }

    #[inline]
    pub(super) fn finish(mut self) -> u64 {
        if self.len % 8 != 0 {
            self.mix();
        }
        let h = (self.hash ^ self.len as u64 ^ 0x9e37_79b9_7f4a_7c15)
            .wrapping_mul(0x517c_c1b7_2722_0a95);
        h ^ (h >> 29)
    }
}

/// `0x01` in every byte of a word.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The top bit of every byte.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The top bit of each byte of `x` that lies in `lo..=hi` (7-bit bounds), given `x7`, `x`
/// with the top bits cleared; bytes of `x` with their top bit set are not tested here.
#[inline]
fn in_range(x7: u64, lo: u8, hi: u8) -> u64 {
    let at_least_lo = x7.wrapping_add(ONES * u64::from(0x80 - lo));
    let above_hi = x7.wrapping_add(ONES * u64::from(0x7f - hi));
    at_least_lo & !above_hi & HIGH
}

/// The eight bytes of `bytes` from `at`, little-endian, zeros past the end.
#[inline]
fn load8(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().expect("eight bytes")),
        None => {
            let mut padded = [0u8; 8];
            let rest = bytes.get(at..).unwrap_or_default();
            padded[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(padded)
        }
    }
}

/// The ASCII word (letters, digits, `_`) that begins at `start` of `bytes`: its end, and
/// the [`WordHash`] of its lower case. Eight bytes are classified and folded at once, so a
/// word costs a few operations per eight bytes and no branch per byte.
#[inline]
pub(super) fn ascii_word(bytes: &[u8], start: usize) -> (usize, u64) {
    let mut hash = WordHash::default();
    let mut at = start;
    loop {
        let x = load8(bytes, at);
        let x7 = x & !HIGH;
        let upper = in_range(x7, b'A', b'Z');
        let word = (in_range(x7, b'0', b'9')
            | upper
            | in_range(x7, b'a', b'z')
            | in_range(x7, b'_', b'_'))
            & !x;
        // Bytes up to the first that is not a word byte (the bits are byte tops).
        let n = ((!word & HIGH).trailing_zeros() / 8) as usize;
        if n == 0 {
            break;
        }
        let keep = if n == 8 {
            u64::MAX
        } else {
            (1u64 << (8 * n)) - 1
        };
        // Lower case: 0x20 added to capitals (their top bit, shifted down two).
        hash.push_chunk((x | (upper >> 2)) & keep, n);
        at += n;
        if n < 8 {
            break;
        }
    }
    (at, hash.finish())
}

/// Folded bytes, in order (a key's, or a cursor's).
struct FoldedBytes<I>(I);

/// The hash of the run of joined word chars at the front of `bytes` (word chars outside
/// the scripts written without spaces), or `None` when there is none.
fn first_word<I: Iterator<Item = B>, B: std::borrow::Borrow<u8>>(
    bytes: &mut FoldedBytes<I>,
) -> Option<u64> {
    let mut hash = WordHash::default();
    let mut any = false;
    let mut buf = [0u8; 4];
    while let Some(byte) = bytes.0.next() {
        let byte = *byte.borrow();
        if byte.is_ascii() {
            if !is_ascii_word_byte(byte) {
                break;
            }
            hash.push(byte);
        } else {
            // A char other than ASCII: its lead byte says how many bytes follow.
            let len = match byte {
                0xF0.. => 4,
                0xE0.. => 3,
                _ => 2,
            };
            buf[0] = byte;
            for slot in &mut buf[1..len] {
                *slot = *bytes.0.next()?.borrow();
            }
            let c = std::str::from_utf8(&buf[..len])
                .ok()
                .and_then(|s| s.chars().next())?;
            if !is_word_char(c) || is_unspaced(c) {
                break;
            }
            buf[..len].iter().for_each(|&b| hash.push(b));
        }
        any = true;
    }
    any.then(|| hash.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_words_that_begin_no_alias_and_keeps_those_that_may() {
        let keys = ["new york", "york", "'s-hertogenbosch", "北京", "são paulo"];
        let filter = FirstWords::new(&keys);
        let folding = Folding {
            case: true,
            diacritics: false,
            punctuation: true,
            whitespace: true,
        };
        let text = "Newark NEW yorkshire 's-Hertogenbosch 北京 São x (";
        let may = |word: &str| filter.may_start(text, text.find(word).unwrap(), folding);
        assert!(!may("Newark"));
        // "new" begins "new york"; "yorkshire" is not "york" but passes only by chance.
        assert!(may("NEW "));
        assert!(may("'s"));
        assert!(may("北京"));
        assert!(may("São"));
        assert!(!may("x"));
        // Punctuation begins only the aliases that begin with it.
        assert!(!may("("));
        let mut ascii = WordHash::default();
        b"new".iter().for_each(|&b| ascii.push(b));
        assert!(filter.may_begin(ascii.finish()));
    }

    #[test]
    fn eight_bytes_at_a_time_as_one_by_one() {
        let text = "New_York2 x ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefgh ijklmnopq Zürich 9z@ `{[/:";
        let bytes = text.as_bytes();
        for start in 0..bytes.len() {
            let mut end = start;
            let mut hash = WordHash::default();
            while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                hash.push(bytes[end].to_ascii_lowercase());
                end += 1;
            }
            let (got_end, got_hash) = ascii_word(bytes, start);
            assert_eq!(got_end, end, "from {start}");
            if end > start {
                assert_eq!(got_hash, hash.finish(), "from {start}");
            }
        }
        // Every ASCII byte, alone and before a word byte.
        for b in 0u8..=255 {
            let one = [b, b'a'];
            let word = b.is_ascii_alphanumeric() || b == b'_';
            assert_eq!(ascii_word(&one, 0).0, usize::from(word) * 2, "{b:#x}");
        }
    }
}
