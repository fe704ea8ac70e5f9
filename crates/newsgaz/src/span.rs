//! Spans into a text: [`Span`] in bytes (what Rust slices with), [`TextSpan`] in bytes and
//! code points (what every record carries, so Python and JSON consumers need no conversion).

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into a text.
///
/// Both ends always lie on UTF-8 character boundaries of the text they refer to.
///
/// ```
/// use newsgaz::Span;
///
/// let span = Span::new(4, 9);
/// assert_eq!(span.slice("The Kremlin said"), "Kreml");
/// assert!(span.contains(Span::new(5, 9)) && span.len() == 5);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// Creates a span; `start` must not exceed `end`.
    ///
    /// ```
    /// assert_eq!(newsgaz::Span::new(1, 3), newsgaz::Span::from(1..3));
    /// ```
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span start {start} > end {end}");
        Span { start, end }
    }

    /// Length in bytes.
    ///
    /// ```
    /// assert_eq!(newsgaz::Span::new(2, 7).len(), 5);
    /// ```
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    ///
    /// ```
    /// assert!(newsgaz::Span::new(3, 3).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies entirely inside this span.
    ///
    /// ```
    /// use newsgaz::Span;
    /// assert!(Span::new(0, 10).contains(Span::new(2, 10)));
    /// assert!(!Span::new(0, 10).contains(Span::new(8, 11)));
    /// ```
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The slice of `text` this span covers.
    ///
    /// ```
    /// assert_eq!(newsgaz::Span::new(0, 3).slice("São"), "Sã");
    /// ```
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

/// A span in both units: UTF-8 bytes (`start`, `end`) and code points (`char_start`,
/// `char_end`, Python `str` indices). Records carry it flattened, so their JSON has the
/// four fields side by side.
///
/// ```
/// use newsgaz::Span;
/// use newsgaz::offsets::CharIndex;
///
/// let text = "£5 for Lisbon";
/// let span = CharIndex::new(text).text_span(Span::new(8, 14));
/// assert_eq!((span.start, span.end, span.char_start, span.char_end), (8, 14, 7, 13));
/// assert_eq!(span.slice(text), "Lisbon");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TextSpan {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Code point offset of the first character.
    pub char_start: usize,
    /// Code point offset one past the last character.
    pub char_end: usize,
}

impl TextSpan {
    /// The byte span.
    ///
    /// ```
    /// use newsgaz::Span;
    /// use newsgaz::offsets::CharIndex;
    /// assert_eq!(CharIndex::new("ab").text_span(Span::new(0, 1)).bytes(), Span::new(0, 1));
    /// ```
    pub fn bytes(&self) -> Span {
        Span::new(self.start, self.end)
    }

    /// The slice of `text` this span covers.
    ///
    /// ```
    /// use newsgaz::Span;
    /// use newsgaz::offsets::CharIndex;
    /// assert_eq!(CharIndex::new("é!").text_span(Span::new(2, 3)).slice("é!"), "!");
    /// ```
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}
