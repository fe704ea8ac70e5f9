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

use crate::normalize::{is_unspaced, is_word_char};

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
            match first_word(key, 0) {
                0 => filter.always[key.as_bytes()[0] as usize] = true,
                end => {
                    let (a, b) = filter.positions(&key.as_bytes()[..end]);
                    filter.bits[a / 64] |= 1 << (a % 64);
                    filter.bits[b / 64] |= 1 << (b % 64);
                }
            }
        }
        filter
    }

    /// False when no alias can begin at folded byte `start` of `text`.
    #[inline]
    pub(super) fn may_start(&self, text: &str, start: usize) -> bool {
        let Some(&first) = text.as_bytes().get(start) else {
            return false;
        };
        if self.always[first as usize] {
            return true;
        }
        let end = first_word(text, start);
        if end == start {
            return false;
        }
        let (a, b) = self.positions(&text.as_bytes()[start..end]);
        self.bits[a / 64] & (1 << (a % 64)) != 0 && self.bits[b / 64] & (1 << (b % 64)) != 0
    }

    #[inline]
    fn positions(&self, word: &[u8]) -> (usize, usize) {
        // FxHash-style mixing: cheap for the short words of news text.
        let mut h: u64 = 0;
        for &byte in word {
            h = (h.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        h ^= h >> 29;
        ((h & self.mask) as usize, ((h >> 32) & self.mask) as usize)
    }
}

/// The end of the run of joined word chars that begins at byte `from` of `text` (`from`
/// when there is none). ASCII is tested byte by byte; other chars are decoded.
#[inline]
fn first_word(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(&byte) = bytes.get(at) {
        if byte.is_ascii() {
            if !(byte.is_ascii_alphanumeric() || byte == b'_') {
                break;
            }
            at += 1;
        } else {
            let c = text[at..]
                .chars()
                .next()
                .expect("`at` lies on a char boundary");
            if !is_word_char(c) || is_unspaced(c) {
                break;
            }
            at += c.len_utf8();
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_words_that_begin_no_alias_and_keeps_those_that_may() {
        let keys = ["new york", "york", "'s-hertogenbosch", "北京", "são paulo"];
        let filter = FirstWords::new(&keys);
        let text = "newark new yorkshire 's-hertogenbosch 北京 são x";
        let at = |word: &str| text.find(word).unwrap();
        assert!(!filter.may_start(text, at("newark")));
        // "new" begins "new york"; "yorkshire" is not "york" but passes only by chance.
        assert!(filter.may_start(text, at("new ")));
        assert!(filter.may_start(text, at("'s")));
        assert!(filter.may_start(text, at("北京")));
        assert!(filter.may_start(text, at("são")));
        assert!(!filter.may_start(text, at("x")));
        assert_eq!(first_word("são paulo", 0), "são".len());
        assert_eq!(first_word("北京", 0), 0);
    }
}
