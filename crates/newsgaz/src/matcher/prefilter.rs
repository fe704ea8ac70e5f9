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

use crate::bytes8::{load8_padded, HIGH, ONES};
use crate::normalize::{is_ascii_word_byte, is_unspaced, is_word_char, FoldCursor, Folding};

/// Bits per first word: with two bits each in one block, about 5% of absent words pass.
const BITS_PER_WORD: usize = 12;

/// A blocked Bloom filter: a hash sets two bits of one 64-bit block.
#[derive(Debug)]
struct Bloom {
    blocks: Vec<u64>,
    /// The number of blocks less one (a power of two less one).
    mask: u64,
}

impl Bloom {
    /// A filter sized for `items`.
    fn for_items(items: usize) -> Bloom {
        let size = (items.max(1) * BITS_PER_WORD)
            .next_power_of_two()
            .clamp(1 << 12, 1 << 28);
        Bloom::from_blocks(vec![0; size / 64]).expect("a power of two")
    }

    /// `None` unless the blocks are a power of two.
    fn from_blocks(blocks: Vec<u64>) -> Option<Bloom> {
        blocks.len().is_power_of_two().then(|| Bloom {
            mask: blocks.len() as u64 - 1,
            blocks,
        })
    }

    fn insert(&mut self, hash: u64) {
        let (block, bits) = self.positions(hash);
        self.blocks[block] |= bits;
    }

    #[inline]
    fn may_contain(&self, hash: u64) -> bool {
        let (block, bits) = self.positions(hash);
        self.blocks[block] & bits == bits
    }

    /// The block of a hash and its two bits there (which may coincide).
    #[inline]
    fn positions(&self, hash: u64) -> (usize, u64) {
        let bits = (1 << ((hash >> 52) & 63)) | (1 << ((hash >> 58) & 63));
        ((hash & self.mask) as usize, bits)
    }
}

/// What may come after an alias's first word, as the second filter holds it: the
/// frequent short words (`to`, `a`, `in`, `that`) begin some long alias (`To Kwa Wan`,
/// `A Coruña`) and pass the first filter, but the word after them almost never continues
/// one, so most of their walks are saved by one more hash and load.
#[derive(Clone, Copy)]
enum Follow {
    /// The alias is the first word alone (or goes on in a way the scan does not test):
    /// every start with this word is walked.
    Alone,
    /// A space, then this word's hash.
    Word(u64),
    /// This ASCII byte other than a space.
    Byte(u8),
}

/// The second filter's hash of a first word's hash and what follows it.
#[inline]
fn follow_hash(first: u64, follow: Follow) -> u64 {
    let tag = match follow {
        Follow::Alone => 1,
        Follow::Byte(b) => 2 + u64::from(b),
        Follow::Word(hash) => hash.rotate_left(23) ^ 0x2545_f491_4f6c_dd1d,
    };
    let h = (first ^ tag.wrapping_mul(0x9e37_79b9_7f4a_7c15)).wrapping_mul(0x517c_c1b7_2722_0a95);
    h ^ (h >> 31)
}

/// A plain ASCII word the scan has read: its bytes and [`WordHash`].
#[derive(Clone, Copy)]
struct PlainWord {
    start: usize,
    end: usize,
    hash: u64,
}

/// Where [`FirstWords::skip_plain_words`] stopped.
pub(super) enum PlainWords {
    /// The plain ASCII word `start..end`, of [`WordHash`] `hash`, may begin an alias:
    /// walk from `start`.
    Passed { start: usize, end: usize, hash: u64 },
    /// The word at `start` goes on past ASCII: the general case decides.
    NotPlain { start: usize },
    /// Every word was rejected: the scan resumes at `at`, and the byte before it joins a
    /// word (`prev_joins`) unless it is white space.
    Resume { at: usize, prev_joins: bool },
}

#[derive(Debug)]
pub(super) struct FirstWords {
    /// The aliases' first words.
    first: Bloom,
    /// What follows each first word ([`Follow`]).
    follows: Bloom,
    always: Box<[bool; 256]>,
}

impl FirstWords {
    /// The filter of the folded `keys`.
    pub(super) fn new<K: AsRef<str>>(keys: &[K]) -> FirstWords {
        let mut filter = FirstWords {
            first: Bloom::for_items(keys.len()),
            follows: Bloom::for_items(keys.len()),
            always: Box::new([false; 256]),
        };
        for key in keys {
            let key = key.as_ref();
            let mut cursor = FoldedBytes(key.as_bytes().iter());
            match first_word(&mut cursor) {
                None => filter.always[key.as_bytes()[0] as usize] = true,
                Some(hash) => {
                    filter.first.insert(hash);
                    if let Some(follow) = follow_of(key) {
                        filter.follows.insert(follow_hash(hash, follow));
                    }
                }
            }
        }
        filter
    }

    /// Bytes on the heap.
    pub(super) fn heap_bytes(&self) -> usize {
        (self.first.blocks.capacity() + self.follows.blocks.capacity()) * 8 + 256
    }

    /// The filter's bit blocks (first words, then what follows them) and its
    /// always-walked first bytes, for a compiled file.
    pub(super) fn parts(&self) -> (&[u64], &[u64], &[bool; 256]) {
        (&self.first.blocks, &self.follows.blocks, &self.always)
    }

    /// The filter of [`FirstWords::parts`]; `None` unless the blocks are powers of two.
    pub(super) fn from_parts(
        first: Vec<u64>,
        follows: Vec<u64>,
        always: Box<[bool; 256]>,
    ) -> Option<FirstWords> {
        Some(FirstWords {
            first: Bloom::from_blocks(first)?,
            follows: Bloom::from_blocks(follows)?,
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
        self.first.may_contain(hash)
    }

    /// False when no alias that begins with the plain ASCII word of hash `first`, which
    /// ends at byte `end` of `bytes` (the byte there, if any, is ASCII), can go on as the
    /// text does after it: the text ends there, or the next ASCII word (past a space, or a
    /// run of ASCII white space when `fold_whitespace`), or the next ASCII byte, follows
    /// that word in no alias. Anything else (a char other than ASCII, two spaces without
    /// white-space folding) says "maybe". With it, the plain ASCII word read after the
    /// first one, when one was, for the scan to reuse.
    #[inline(always)]
    fn may_continue(
        &self,
        bytes: &[u8],
        end: usize,
        first: u64,
        fold_whitespace: bool,
    ) -> (bool, Option<PlainWord>) {
        let follows = &self.follows;
        if follows.may_contain(follow_hash(first, Follow::Alone)) {
            return (true, None);
        }
        let (follow, next) = match bytes.get(end) {
            None => return (false, None),
            Some(&b) if b == b' ' || (fold_whitespace && b.is_ascii_whitespace()) => {
                let mut at = end + 1;
                if fold_whitespace {
                    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
                        at += 1;
                    }
                }
                match bytes.get(at) {
                    Some(&c) if is_ascii_word_byte(c) => {
                        let (next_end, hash) = ascii_word(bytes, at);
                        if bytes.get(next_end).is_some_and(|b| !b.is_ascii()) {
                            return (true, None);
                        }
                        let word = PlainWord {
                            start: at,
                            end: next_end,
                            hash,
                        };
                        (Follow::Word(hash), Some(word))
                    }
                    _ => return (true, None),
                }
            }
            Some(&b) => (Follow::Byte(b), None),
        };
        (follows.may_contain(follow_hash(first, follow)), next)
    }

    /// From `start`, where a plain ASCII word begins that does not continue a word,
    /// skips every word that the filters reject, and the white space after it, as long
    /// as the next one is also a plain ASCII word after white space and begins before
    /// `until`: the scan's inner loop over ordinary prose, each word read and hashed once.
    /// With word boundaries on.
    #[inline(always)]
    pub(super) fn skip_plain_words(
        &self,
        bytes: &[u8],
        mut start: usize,
        fold_whitespace: bool,
        until: usize,
    ) -> PlainWords {
        let mut known: Option<PlainWord> = None;
        loop {
            let (end, hash) = match known {
                Some(word) if word.start == start => (word.end, word.hash),
                _ => ascii_word(bytes, start),
            };
            if bytes.get(end).is_some_and(|b| !b.is_ascii()) {
                // The word goes on past ASCII.
                return PlainWords::NotPlain { start };
            }
            if self.may_begin(hash) {
                let (may, next) = self.may_continue(bytes, end, hash, fold_whitespace);
                if may {
                    return PlainWords::Passed { start, end, hash };
                }
                known = next;
            }
            // Rejected: on past the white space after it.
            let mut at = end;
            if fold_whitespace {
                while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
                    at += 1;
                }
            }
            match bytes.get(at) {
                Some(&b) if at > end && at < until && is_ascii_word_byte(b) => start = at,
                _ => {
                    return PlainWords::Resume {
                        at,
                        prev_joins: at == end,
                    }
                }
            }
        }
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
}

/// What follows the first word of a folded key, as [`FirstWords::may_continue`] asks it;
/// `None` when the scan never asks (a char other than ASCII follows: such starts are
/// walked).
fn follow_of(key: &str) -> Option<Follow> {
    let first_end = word_end(key, 0);
    let bytes = key.as_bytes();
    match bytes.get(first_end) {
        None => Some(Follow::Alone),
        Some(b' ') => match bytes.get(first_end + 1) {
            Some(&c) if is_ascii_word_byte(c) => {
                let next_end = word_end(key, first_end + 1);
                let mut hash = WordHash::default();
                bytes[first_end + 1..next_end]
                    .iter()
                    .for_each(|&b| hash.push(b));
                Some(Follow::Word(hash.finish()))
            }
            // Two spaces, a space before punctuation or another script, or a space at
            // the end: walked whenever the first word is seen.
            _ => Some(Follow::Alone),
        },
        Some(&b) if b.is_ascii() => Some(Follow::Byte(b)),
        Some(_) => None,
    }
}

/// The end of the run of joined word chars that starts at byte `start` of `key`, as
/// [`first_word`] reads it.
fn word_end(key: &str, start: usize) -> usize {
    key[start..]
        .char_indices()
        .find(|&(_, c)| {
            if c.is_ascii() {
                !is_ascii_word_byte(c as u8)
            } else {
                !is_word_char(c) || is_unspaced(c)
            }
        })
        .map_or(key.len(), |(i, _)| start + i)
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

/// The top bit of each byte of `x` that lies in `lo..=hi` (7-bit bounds), given `x7`, `x`
/// with the top bits cleared; bytes of `x` with their top bit set are not tested here.
#[inline]
fn in_range(x7: u64, lo: u8, hi: u8) -> u64 {
    let at_least_lo = x7.wrapping_add(ONES * u64::from(0x80 - lo));
    let above_hi = x7.wrapping_add(ONES * u64::from(0x7f - hi));
    at_least_lo & !above_hi & HIGH
}

/// The ASCII word (letters, digits, `_`) that begins at `start` of `bytes`: its end, and
/// the [`WordHash`] of its lower case. Eight bytes are classified and folded at once, so a
/// word costs a few operations per eight bytes and no branch per byte.
#[inline(always)]
fn ascii_word(bytes: &[u8], start: usize) -> (usize, u64) {
    let mut hash = WordHash::default();
    let mut at = start;
    loop {
        let x = load8_padded(bytes, at);
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
    fn what_follows_a_first_word_rejects_starts_no_alias_continues() {
        let keys = [
            "to kwa wan",
            "a coruña",
            "guinea-bissau",
            "new york",
            "york",
            "st. louis",
        ];
        let filter = FirstWords::new(&keys);
        // (text, start of the word, fold white space, may an alias begin there?)
        let cases: &[(&str, &str, bool, bool)] = &[
            ("went to the", "to", true, false),
            ("To Kwa Wan", "To", true, true),
            ("to  kwa", "to", false, true), // two spaces unfolded: walked
            (
                "to
	KWA", "to", true, true,
            ),
            ("to	kwa", "to", false, false), // a tab is no space unfolded
            ("a Coruña", "a", true, true),  // not plain ASCII after the word: walked
            ("a case", "a", true, false),
            ("Guinea-Bissau", "Guinea", true, true),
            ("Guinea, Bissau", "Guinea", true, false),
            ("new york", "new", true, true),
            ("New Yorkers", "New", true, false),
            ("New York’s", "New", true, true),
            ("New", "New", true, false), // the text ends: no alias is "new"
            ("york.", "york", true, true), // "york" alone is an alias
            ("St. Louis", "St", true, true),
            ("St Louis", "St", true, false),
        ];
        for &(text, word, fold, want) in cases {
            let bytes = text.as_bytes();
            let start = text.find(word).unwrap();
            let (end, hash) = ascii_word(bytes, start);
            let got = filter.may_begin(hash) && filter.may_continue(bytes, end, hash, fold).0;
            assert_eq!(got, want, "{text:?} at {word:?}");
        }
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
