//! Byte offsets to code point offsets.
//!
//! Rust speaks bytes; Python and JSON consumers speak code points. The core converts every
//! span it hands out, so no face recomputes them. An index keeps the code point count at
//! the start of every 64-byte block (4 bytes per 64 of text, none for ASCII text) and counts
//! the rest of a block on demand, so a lookup costs at most 63 byte tests in any order.

use crate::bytes8::{load8, HIGH};
use crate::span::{Span, TextSpan};

const BLOCK: usize = 64;

/// Code point counts at block starts: what [`CharIndex`] keeps, without the text, so that a
/// record holding its text can keep it too.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct CharBlocks {
    /// Empty for ASCII text (code points are bytes).
    starts: Vec<u32>,
}

impl CharBlocks {
    pub(crate) fn new(text: &str) -> CharBlocks {
        if text.is_ascii() {
            return CharBlocks::default();
        }
        let mut starts = Vec::with_capacity(text.len() / BLOCK + 2);
        let mut chars = 0u32;
        for block in text.as_bytes().chunks(BLOCK) {
            starts.push(chars);
            chars += count_chars(block) as u32;
        }
        // The end of a text whose length is a multiple of the block size starts a block too.
        starts.push(chars);
        CharBlocks { starts }
    }

    /// The code point offset of `byte` in `text` (the text the blocks were built from).
    pub(crate) fn offset(&self, text: &str, byte: usize) -> usize {
        assert!(
            text.is_char_boundary(byte),
            "byte offset {byte} is not a char boundary"
        );
        if self.starts.is_empty() {
            return byte;
        }
        let block = byte / BLOCK;
        self.starts[block] as usize + count_chars(&text.as_bytes()[block * BLOCK..byte])
    }

    pub(crate) fn text_span(&self, text: &str, span: Span) -> TextSpan {
        TextSpan {
            start: span.start,
            end: span.end,
            char_start: self.offset(text, span.start),
            char_end: self.offset(text, span.end),
        }
    }
}

/// Converts byte offsets of one text to code point offsets, in any order.
///
/// ```
/// use newsgaz::Span;
/// use newsgaz::offsets::CharIndex;
///
/// let text = "aé😀b";
/// let index = CharIndex::new(text);
/// assert_eq!(index.char_offset(7), 3);
/// assert_eq!(index.text_span(Span::new(1, 7)).char_start, 1);
/// ```
#[derive(Clone, Debug)]
pub struct CharIndex<'t> {
    text: &'t str,
    blocks: CharBlocks,
}

impl<'t> CharIndex<'t> {
    /// Indexes `text` (nothing to store when it is ASCII).
    ///
    /// ```
    /// assert_eq!(newsgaz::offsets::CharIndex::new("abc").char_offset(2), 2);
    /// ```
    pub fn new(text: &'t str) -> CharIndex<'t> {
        CharIndex {
            text,
            blocks: CharBlocks::new(text),
        }
    }

    /// The code point offset of byte offset `byte`.
    ///
    /// # Panics
    /// When `byte` is past the end of the text or not on a char boundary.
    ///
    /// ```
    /// assert_eq!(newsgaz::offsets::CharIndex::new("£1").char_offset(2), 1);
    /// ```
    pub fn char_offset(&self, byte: usize) -> usize {
        self.blocks.offset(self.text, byte)
    }

    /// A byte span with its code point offsets.
    ///
    /// ```
    /// use newsgaz::Span;
    /// use newsgaz::offsets::CharIndex;
    /// let span = CharIndex::new("£1 x").text_span(Span::new(4, 5));
    /// assert_eq!((span.char_start, span.char_end), (3, 4));
    /// ```
    pub fn text_span(&self, span: Span) -> TextSpan {
        self.blocks.text_span(self.text, span)
    }
}

/// Converts ascending byte offsets of one text to code point offsets in one pass, with no
/// index to build: for spans in text order (mentions), each start is counted from the
/// previous one and each end from its start. Starts must not decrease; ends may.
///
/// ```
/// use newsgaz::Span;
/// use newsgaz::offsets::CharCursor;
///
/// let mut cursor = CharCursor::new("£1 and €2");
/// assert_eq!(cursor.text_span(Span::new(0, 3)).char_end, 2);
/// let euro = cursor.text_span(Span::new(8, 12));
/// assert_eq!((euro.char_start, euro.char_end), (7, 9));
/// ```
#[derive(Clone, Debug)]
pub struct CharCursor<'t> {
    text: &'t str,
    ascii: bool,
    byte: usize,
    char: usize,
}

impl<'t> CharCursor<'t> {
    /// A cursor at the start of `text`.
    ///
    /// ```
    /// let mut cursor = newsgaz::offsets::CharCursor::new("abc");
    /// assert_eq!(cursor.text_span(newsgaz::Span::new(1, 2)).char_start, 1);
    /// ```
    pub fn new(text: &'t str) -> CharCursor<'t> {
        CharCursor {
            text,
            ascii: text.is_ascii(),
            byte: 0,
            char: 0,
        }
    }

    /// `span` with its code point offsets; moves the cursor to its start.
    ///
    /// # Panics
    /// When `span.start` is before the previous span's start, or either end is not on a
    /// char boundary of the text.
    ///
    /// ```
    /// use newsgaz::Span;
    /// use newsgaz::offsets::CharCursor;
    /// let mut cursor = CharCursor::new("é x");
    /// assert_eq!(cursor.text_span(Span::new(3, 4)).char_start, 2);
    /// ```
    #[inline]
    pub fn text_span(&mut self, span: Span) -> TextSpan {
        if self.ascii {
            return TextSpan {
                start: span.start,
                end: span.end,
                char_start: span.start,
                char_end: span.end,
            };
        }
        assert!(span.start >= self.byte, "spans must come in text order");
        let bytes = self.text.as_bytes();
        assert!(
            self.text.is_char_boundary(span.start) && self.text.is_char_boundary(span.end),
            "span {span:?} does not lie on char boundaries"
        );
        self.char += count_chars_in(bytes, self.byte, span.start);
        self.byte = span.start;
        TextSpan {
            start: span.start,
            end: span.end,
            char_start: self.char,
            char_end: self.char + count_chars_in(bytes, span.start, span.end),
        }
    }
}

/// The top bit of every continuation byte (10xxxxxx) of the eight bytes `x`: every code
/// point has exactly one byte that is not one.
#[inline]
fn continuation_bits(x: u64) -> u64 {
    // Bit 6 of each byte shifted onto its bit 7: set and clear there is a continuation.
    x & !(x << 1) & HIGH
}

/// The number of continuation bytes among the eight bytes `x`: none for ASCII (most
/// text), tested first because a bit count is a dozen instructions on baseline x86-64.
#[inline]
fn continuations(x: u64) -> usize {
    if x & HIGH == 0 {
        0
    } else {
        continuation_bits(x).count_ones() as usize
    }
}

/// Number of code points in a UTF-8 byte slice that starts on a char boundary, counted
/// eight bytes at a time (the last, partial eight read as the slice's last eight bytes).
fn count_chars(bytes: &[u8]) -> usize {
    let n = bytes.len();
    if n < 8 {
        return bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
    }
    let words = bytes.chunks_exact(8);
    let rest = words.remainder().len();
    let mut skipped: usize = words.map(|w| continuations(load8(w))).sum();
    if rest > 0 {
        // The last eight bytes, less those the chunks counted.
        skipped += continuations(load8(&bytes[n - 8..]) >> (8 * (8 - rest)));
    }
    n - skipped
}

/// Number of code points in `bytes[from..to]`, a stretch that starts on a char boundary.
/// A stretch shorter than eight bytes (most mentions, and the gaps between close ones) is
/// read as the eight bytes of the text around it: one load, no byte tested alone.
#[inline]
fn count_chars_in(bytes: &[u8], from: usize, to: usize) -> usize {
    let len = to - from;
    if len == 0 {
        return 0;
    }
    if len < 8 && bytes.len() >= 8 {
        let window = from.min(bytes.len() - 8);
        let x = load8(&bytes[window..]) >> (8 * (from - window));
        return len - continuations(x & ((1u64 << (8 * len)) - 1));
    }
    count_chars(&bytes[from..to])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_code_points_not_bytes() {
        let text = "aé😀b";
        let index = CharIndex::new(text);
        for (byte, chars) in [(0, 0), (1, 1), (3, 2), (7, 3), (8, 4)] {
            assert_eq!(index.char_offset(byte), chars);
        }
    }

    #[test]
    fn counts_chars_eight_bytes_at_a_time_as_one_by_one() {
        // Short texts too: a stretch under eight bytes is read from the text around it.
        let unit = "a£€😀bé\u{308}头 x";
        let texts = (0..=unit.len())
            .filter(|&i| unit.is_char_boundary(i))
            .map(|i| unit[..i].to_string())
            .chain([unit.repeat(9)]);
        for text in texts {
            for start in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                for end in (start..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                    let slice = &text[start..end];
                    let want = slice.chars().count();
                    assert_eq!(count_chars(slice.as_bytes()), want, "{slice:?}");
                    assert_eq!(
                        count_chars_in(text.as_bytes(), start, end),
                        want,
                        "{slice:?} in {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn cursor_agrees_with_the_index() {
        let text = "£ab é\u{308}😀 头 x y".repeat(20);
        let index = CharIndex::new(&text);
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let mut cursor = CharCursor::new(&text);
        for (i, &start) in bounds.iter().enumerate().step_by(3) {
            // Nested spans share a start; ends need not ascend.
            for &end in bounds[i..].iter().take(5).rev() {
                let span = Span::new(start, end);
                assert_eq!(cursor.text_span(span), index.text_span(span));
            }
        }
    }

    #[test]
    fn agrees_with_char_indices_across_blocks() {
        // Lengths around block multiples, ending exactly on one, in any order.
        for n in [0, 1, 21, 22, 63, 64, 65, 128] {
            let text: String = "£ab".repeat(n);
            let index = CharIndex::new(&text);
            let mut want: Vec<(usize, usize)> = text
                .char_indices()
                .enumerate()
                .map(|(c, (b, _))| (b, c))
                .collect();
            want.push((text.len(), text.chars().count()));
            want.reverse();
            for (byte, chars) in want {
                assert_eq!(index.char_offset(byte), chars, "n={n} byte={byte}");
            }
        }
    }
}
