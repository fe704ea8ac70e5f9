//! Conversion of byte offsets to Unicode code point offsets.
//!
//! Rust speaks bytes; Python and JSON consumers speak code points. Converting each offset
//! from scratch costs O(n), so conversions walk forward from the last position.

/// Converts ascending byte offsets of one text into code point offsets in a single pass.
///
/// Offsets may be asked in any order, but ascending order is O(n) in total; a step
/// backwards restarts from the beginning of the text.
#[derive(Debug)]
pub struct CharOffsets<'t> {
    text: &'t str,
    byte: usize,
    chars: usize,
}

impl<'t> CharOffsets<'t> {
    /// Starts a converter over `text`.
    pub fn new(text: &'t str) -> CharOffsets<'t> {
        CharOffsets {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The code point offset of byte offset `byte`, which must be a char boundary.
    ///
    /// # Panics
    /// When `byte` is past the end of the text or not on a char boundary.
    pub fn char_offset(&mut self, byte: usize) -> usize {
        assert!(
            self.text.is_char_boundary(byte),
            "byte offset {byte} is not a char boundary"
        );
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += count_chars(&self.text.as_bytes()[self.byte..byte]);
        self.byte = byte;
        self.chars
    }
}

/// Code point offsets of every byte boundary of a text, for conversions in any order
/// (one `usize` per byte: use [`CharOffsets`] when offsets come in ascending order).
#[derive(Clone, Debug)]
pub struct CharIndex(Vec<usize>);

impl CharIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> CharIndex {
        let mut table = Vec::with_capacity(text.len() + 1);
        let mut chars = 0;
        for b in text.bytes() {
            // Bytes inside a character map to the next character's index; spans never end there.
            table.push(chars);
            if (b as i8) >= -0x40 {
                chars += 1;
            }
        }
        table.push(chars);
        CharIndex(table)
    }

    /// The code point offset of byte offset `byte` (a char boundary).
    pub fn char_offset(&self, byte: usize) -> usize {
        self.0[byte]
    }

    /// A byte span as `(char_start, char_end)`.
    pub fn span(&self, span: crate::Span) -> (usize, usize) {
        (self.0[span.start], self.0[span.end])
    }
}

/// Number of code points in a UTF-8 byte slice that starts and ends on char boundaries.
fn count_chars(bytes: &[u8]) -> usize {
    // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_code_points_not_bytes() {
        let text = "aé😀b";
        let mut c = CharOffsets::new(text);
        assert_eq!(c.char_offset(0), 0);
        assert_eq!(c.char_offset(1), 1);
        assert_eq!(c.char_offset(3), 2);
        assert_eq!(c.char_offset(7), 3);
        assert_eq!(c.char_offset(8), 4);
        // Going backwards restarts and stays correct.
        assert_eq!(c.char_offset(3), 2);
        let index = CharIndex::new(text);
        for (byte, chars) in [(0, 0), (1, 1), (3, 2), (7, 3), (8, 4)] {
            assert_eq!(index.char_offset(byte), chars);
        }
        assert_eq!(index.span(crate::Span::new(1, 7)), (1, 3));
    }
}
