//! A word-start prefilter: most word starts of a text begin no alias, and walking the
//! radix tree to find that out costs a few cache misses each. With word boundaries on, a
//! match must begin with the whole first word of its alias, so a small bit set of the
//! aliases' first words (two bits per word, a Bloom filter) rejects most starts with one
//! hash of the word and two cache-resident lookups. It only ever says "maybe" or "no":
//! a "maybe" is walked as before, so results cannot change.
//!
//! "Word" here is a run of chars that `joins_word` joins (word chars outside the scripts
//! written without spaces), read in the folded text for the aliases and the text alike.
//! An alias that does not begin with such a run (`'s-Hertogenbosch`, Han names) marks
//! its first byte: starts at that byte are always walked.

use crate::normalize::{is_unspaced, is_word_char, FoldCursor};

/// Bits per first word: with two bits each, about 5% of absent words pass.
const BITS_PER_WORD: usize = 8;

#[derive(Debug)]
pub(super) struct FirstWords {
    bits: Vec<u64>,
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
            bits: vec![0; size / 64],
            mask: size as u64 - 1,
            always: Box::new([false; 256]),
        };
        for key in keys {
            let key = key.as_ref();
            let mut cursor = FoldedBytes(key.as_bytes().iter());
            match first_word(&mut cursor) {
                None => filter.always[key.as_bytes()[0] as usize] = true,
                Some(hash) => {
                    let (a, b) = filter.positions(hash);
                    filter.bits[a / 64] |= 1 << (a % 64);
                    filter.bits[b / 64] |= 1 << (b % 64);
                }
            }
        }
        filter
    }

    /// True when some alias begins with folded byte `first` but not with a word.
    #[inline]
    pub(super) fn always(&self, first: u8) -> bool {
        self.always[first as usize]
    }

    /// False when no alias begins with the word of this hash ([`WordHash`]).
    #[inline]
    pub(super) fn may_begin(&self, hash: u64) -> bool {
        let (a, b) = self.positions(hash);
        self.bits[a / 64] & (1 << (a % 64)) != 0 && self.bits[b / 64] & (1 << (b % 64)) != 0
    }

    /// False when no alias can begin where `cursor` stands (the cursor is consumed):
    /// the general case, for starts whose word is not plain ASCII.
    pub(super) fn may_start(&self, mut cursor: FoldCursor<'_>) -> bool {
        let Some(first) = cursor.next_byte() else {
            return false;
        };
        if self.always(first) {
            return true;
        }
        let mut bytes = std::iter::once(first).chain(std::iter::from_fn(|| cursor.next_byte()));
        first_word(&mut FoldedBytes(&mut bytes)).is_some_and(|hash| self.may_begin(hash))
    }

    #[inline]
    fn positions(&self, hash: u64) -> (usize, usize) {
        (
            (hash & self.mask) as usize,
            ((hash >> 32) & self.mask) as usize,
        )
    }
}

/// The hash of a word's folded bytes, fed one at a time: two cheap operations a byte, one
/// multiply at the end.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct WordHash(u64);

impl WordHash {
    #[inline]
    pub(super) fn push(&mut self, byte: u8) {
        self.0 = self.0.rotate_left(8) ^ u64::from(byte);
    }

    #[inline]
    pub(super) fn finish(self) -> u64 {
        let h = (self.0 ^ 0x9e37_79b9_7f4a_7c15).wrapping_mul(0x517c_c1b7_2722_0a95);
        h ^ (h >> 29)
    }
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
            if !(byte.is_ascii_alphanumeric() || byte == b'_') {
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
    use crate::normalize::Folding;

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
        let text = "Newark NEW yorkshire 's-Hertogenbosch 北京 São x";
        let may =
            |word: &str| filter.may_start(FoldCursor::new(text, text.find(word).unwrap(), folding));
        assert!(!may("Newark"));
        // "new" begins "new york"; "yorkshire" is not "york" but passes only by chance.
        assert!(may("NEW "));
        assert!(may("'s"));
        assert!(may("北京"));
        assert!(may("São"));
        assert!(!may("x"));
        let mut ascii = WordHash::default();
        b"new".iter().for_each(|&b| ascii.push(b));
        assert!(filter.may_begin(ascii.finish()));
    }
}
