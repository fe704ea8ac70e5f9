//! Folding text for matching, with a map from folded bytes back to the original text.
//!
//! Aliases and texts are folded the same way (case, apostrophes), the automaton runs over
//! the folded text, and every match is mapped back to exact byte offsets of the original.

/// How letters are compared.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum CaseMode {
    /// Unicode case-insensitive: both sides are lower-cased (full mapping) before matching.
    #[default]
    Insensitive,
    /// Letters must match exactly as written.
    Exact,
}

/// A folded copy of a text.
#[derive(Debug, Default)]
pub(crate) struct Folded {
    /// The folded text the automaton searches.
    pub(crate) text: String,
    /// For each byte of `text`, the byte offset in the original of the char that produced it.
    origin: Vec<u32>,
}

impl Folded {
    /// Folds `original`.
    pub(crate) fn new(original: &str, case: CaseMode) -> Folded {
        let mut folded = Folded {
            text: String::with_capacity(original.len()),
            origin: Vec::with_capacity(original.len()),
        };
        for (offset, c) in original.char_indices() {
            let before = folded.text.len();
            fold_char(c, case, &mut folded.text);
            let origin = u32::try_from(offset).expect("texts over 4 GiB are not supported");
            folded
                .origin
                .resize(folded.origin.len() + (folded.text.len() - before), origin);
        }
        folded
    }

    /// Maps a folded byte range back to the original, or `None` when either end falls
    /// inside the folding of a single original char (a match on half of "ß" → "ss").
    pub(crate) fn original_range(
        &self,
        original: &str,
        start: usize,
        end: usize,
    ) -> Option<(usize, usize)> {
        debug_assert!(start < end && end <= self.text.len());
        let first = self.origin[start];
        if start > 0 && self.origin[start - 1] == first {
            return None;
        }
        let last = self.origin[end - 1];
        if end < self.origin.len() && self.origin[end] == last {
            return None;
        }
        let last = last as usize;
        let last_len = original[last..].chars().next().map_or(0, char::len_utf8);
        Some((first as usize, last + last_len))
    }
}

/// Folds an alias the way texts are folded.
pub(crate) fn fold_str(s: &str, case: CaseMode) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, case, &mut out);
    }
    out
}

fn fold_char(c: char, case: CaseMode, out: &mut String) {
    // Typographic apostrophes are one character for matching: "O’Brien" == "O'Brien".
    let c = match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
        c => c,
    };
    match case {
        CaseMode::Insensitive if !c.is_ascii() => out.extend(c.to_lowercase()),
        CaseMode::Insensitive => out.push(c.to_ascii_lowercase()),
        CaseMode::Exact => out.push(c),
    }
}

/// True for characters that make up words: a mention may not start or end next to one.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_expansions_back_to_whole_chars() {
        // U+0130 lower-cases to two chars; offsets after it must still be exact.
        let original = "İx Big";
        let f = Folded::new(original, CaseMode::Insensitive);
        let at = f.text.find("big").unwrap();
        let (s, e) = f.original_range(original, at, at + 3).unwrap();
        assert_eq!(&original[s..e], "Big");
        // Half of the expansion of U+0130 is not a char of the original.
        assert_eq!(f.original_range(original, 0, 1), None);
    }
}
