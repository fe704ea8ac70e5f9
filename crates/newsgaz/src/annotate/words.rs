//! The words of a text as name-finding sees them: capitalised tokens and the gaps between
//! them. What a word is (a title, a role, never a name) is the lexicon's to say
//! (`crate::lexicon`).

use crate::bytes8::{load8, HIGH, ONES};
use crate::span::Span;

/// A word of the text: letters and digits, with inner hyphens and apostrophes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Word {
    pub(crate) span: Span,
    /// Where the word ends without its possessive ending ("Blair" of "Blair's").
    pub(crate) stem_end: usize,
    /// Its stem is written like a name (see [`is_capitalised_name`]).
    pub(crate) name_like: bool,
}

impl Word {
    /// The word without its possessive ending.
    pub(crate) fn stem<'t>(&self, text: &'t str) -> &'t str {
        &text[self.span.start..self.stem_end]
    }

    /// Whether it has a possessive ending.
    pub(crate) fn is_possessive(&self) -> bool {
        self.stem_end < self.span.end
    }
}

/// The words of `text` that begin with a capital letter, in order: the only ones a name
/// is made of. Only bytes that may begin such a word (A-Z, or a multi-byte character)
/// are looked at closely: lower-case text costs one test a byte.
pub(crate) fn capitalised_words(text: &str) -> Vec<Word> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 40);
    let is_word_char = |c: char| c.is_alphanumeric();
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time to the next byte that may begin a capitalised word.
        while let Some(chunk) = bytes.get(i..i + 8) {
            let mask = capital_mask(load8(chunk));
            if mask != 0 {
                // Little-endian: the lowest flagged bit is the first such byte.
                i += (mask.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        let Some(&b) = bytes.get(i) else { break };
        let upper = if b.is_ascii_uppercase() {
            true
        } else if b >= 0xc0 {
            text[i..].chars().next().is_some_and(char::is_uppercase)
        } else {
            i += 1;
            continue;
        };
        // A word starts here unless a letter, a digit or an inner mark runs into it.
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let starts = upper
            && match before {
                None => true,
                // The common case, a space or punctuation before: no character decoding.
                Some(p) if p < 0x80 && !p.is_ascii_alphanumeric() && !matches!(p, b'-' | b'\'') => {
                    true
                }
                Some(p) if p < 0x80 && p.is_ascii_alphanumeric() => false,
                _ => text[..i].chars().next_back().is_none_or(|c| {
                    let inner_mark = matches!(c, '-' | '\'' | '\u{2019}');
                    let after_word = || {
                        text[..i - c.len_utf8()]
                            .chars()
                            .next_back()
                            .is_some_and(is_word_char)
                    };
                    !is_word_char(c) && (!inner_mark || !after_word())
                }),
            };
        // Each word's end, stem and shape in one pass over its bytes when it is ASCII
        // (name finding asks for them many times), else character by character.
        let (end, stem_end, name_like) = match ascii_word(bytes, i) {
            Some(found) => found,
            None => {
                let end = word_end(text, i);
                let word = &text[i..end];
                let stem = possessive_stem(word).unwrap_or(word);
                (end, i + stem.len(), is_capitalised_name(stem))
            }
        };
        if starts {
            out.push(Word {
                span: Span::new(i, end),
                stem_end,
                name_like,
            });
        }
        i = end.max(i + 1);
    }
    out
}

/// The word of ASCII letters and digits (inner hyphens and apostrophes) that starts at
/// `start`: its end, the end of its stem (without `'s`), and whether the stem is written
/// like a name (as [`is_capitalised_name`] says). `None` when a byte past ASCII comes
/// before its end: such a word goes character by character.
fn ascii_word(bytes: &[u8], start: usize) -> Option<(usize, usize, bool)> {
    let mut j = start;
    let mut letters_only = true;
    while let Some(&b) = bytes.get(j) {
        if b.is_ascii_alphanumeric() {
            letters_only &= b.is_ascii_alphabetic();
        } else if b >= 0x80 {
            return None;
        } else if matches!(b, b'-' | b'\'') {
            match bytes.get(j + 1) {
                Some(n) if n.is_ascii_alphanumeric() => {}
                // "Jean-Émile": what follows the mark is past ASCII.
                Some(&n) if n >= 0x80 => return None,
                _ => break,
            }
        } else {
            break;
        }
        j += 1;
    }
    let word = &bytes[start..j];
    let stem = match word.strip_suffix(b"'s") {
        Some(stem) if !stem.is_empty() => stem,
        _ => word,
    };
    let name_like = letters_only
        && stem.first().is_some_and(u8::is_ascii_uppercase)
        && stem.iter().any(u8::is_ascii_lowercase);
    Some((j, start + stem.len(), name_like))
}

/// The high bit of each byte of `chunk` (little-endian) that is an ASCII capital or not
/// ASCII (a capital in another script begins with such a byte): eight bytes tested at
/// once, exactly (no carry or borrow crosses a byte), no branch per byte.
fn capital_mask(chunk: u64) -> u64 {
    let low = chunk & !HIGH;
    // Bytes below 0x80 strictly between 0x40 and 0x5b ('A'..='Z'), the classic
    // has-between test.
    let capitals = (ONES * (127 + 0x5b) - low) & !chunk & (low + ONES * (127 - 0x40)) & HIGH;
    capitals | (chunk & HIGH)
}

/// Where the word that starts at `start` ends: letters and digits, with inner hyphens
/// and apostrophes.
fn word_end(text: &str, start: usize) -> usize {
    // ASCII letters and digits first, a byte at a time; the rest by characters.
    let bytes = text.as_bytes();
    let mut ascii = start;
    while bytes.get(ascii).is_some_and(u8::is_ascii_alphanumeric) {
        ascii += 1;
    }
    match bytes.get(ascii) {
        None => return ascii,
        Some(&b) if b < 0x80 && !matches!(b, b'-' | b'\'') => return ascii,
        _ => {}
    }
    let mut end = start;
    let mut chars = text[start..].char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c.is_alphanumeric() {
            end = start + at + c.len_utf8();
        } else if matches!(c, '-' | '\'' | '\u{2019}')
            && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric())
        {
            continue;
        } else {
            break;
        }
    }
    end
}

/// One capital letter: an initial ("J" of "J. Adams").
pub(crate) fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
}

/// Whether words `from..to` lie inside `title` (a headline, capitalised throughout).
pub(crate) fn words_in(title: Option<Span>, words: &[Word], from: usize, to: usize) -> bool {
    title.is_some_and(|t| t.contains(Span::new(words[from].span.start, words[to - 1].span.end)))
}

/// The word that ends one space before byte `at`, if any ("coach" of "coach Arsene").
pub(crate) fn word_before(text: &str, at: usize) -> Option<(usize, &str)> {
    let head = text[..at].strip_suffix(' ')?;
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || matches!(c, '-' | '\'' | '\u{2019}'))
        .last()
        .map(|(i, _)| i)?;
    Some((start, &head[start..])).filter(|(_, w)| w.starts_with(char::is_alphanumeric))
}

/// A word with an English possessive ending (`China’s`, `Blair's`): its stem.
pub(crate) fn possessive_stem(word: &str) -> Option<&str> {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
        .filter(|s| !s.is_empty())
}

/// Capitalised and written like a name: an upper-case letter, then at least one more
/// letter, some lower case (not an acronym), letters, hyphens and apostrophes only.
pub(crate) fn is_capitalised_name(word: &str) -> bool {
    // ASCII words (nearly all) in one pass over the bytes.
    if word.is_ascii() {
        let bytes = word.as_bytes();
        return bytes.first().is_some_and(u8::is_ascii_uppercase)
            && bytes.iter().any(u8::is_ascii_lowercase)
            && bytes
                .iter()
                .all(|&b| b.is_ascii_alphabetic() || matches!(b, b'-' | b'\''));
    }
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.chars().any(char::is_lowercase)
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '\u{2019}'))
}

/// All capitals, two letters or more (`BLAIR` in a headline).
pub(crate) fn is_all_capitals(word: &str) -> bool {
    let mut chars = word.chars();
    if !chars.next().is_some_and(char::is_uppercase)
        || !chars.next().is_some_and(char::is_uppercase)
    {
        return false;
    }
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && word
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, '-' | '\'' | '\u{2019}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_inner_marks_and_drop_outer_ones() {
        let text = "China’s Li-Shangfu met O'Neill's 'team' -- 2022.";
        let got: Vec<&str> = capitalised_words(text)
            .iter()
            .map(|w| w.span.slice(text))
            .collect();
        assert_eq!(got, ["China’s", "Li-Shangfu", "O'Neill's"]);
        assert_eq!(word_before(text, 10), Some((0, "China’s")));
        assert_eq!(word_before("said -- Li", 8), None);
        assert_eq!(word_before("Li", 0), None);
        assert_eq!(possessive_stem("China’s"), Some("China"));
        assert_eq!(possessive_stem("Boris"), None);
    }

    #[test]
    fn the_ascii_pass_agrees_with_the_character_pass() {
        let text = "Blair's BBC's O'Neill Smith-Jones X Ab1 Mr. Jean-Émile Zoë China’s Li- A's End";
        for (i, _) in text.char_indices() {
            let Some((end, stem_end, name_like)) = ascii_word(text.as_bytes(), i) else {
                continue;
            };
            let word = &text[i..word_end(text, i)];
            let stem = possessive_stem(word).unwrap_or(word);
            assert_eq!(end, i + word.len(), "{word}");
            assert_eq!(
                (stem_end, name_like),
                (i + stem.len(), is_capitalised_name(stem)),
                "{word}"
            );
        }
    }

    #[test]
    fn the_eight_byte_mask_flags_exactly_capitals_and_non_ascii() {
        for position in 0..8 {
            for b in 0..=255u8 {
                let mut chunk = *b"abcd  z.";
                chunk[position] = b;
                // Exact byte by byte (the scan jumps to the lowest flagged byte).
                let want = chunk.iter().enumerate().fold(0u64, |mask, (k, &c)| {
                    let flagged = c.is_ascii_uppercase() || c >= 0x80;
                    mask | (u64::from(flagged) << (8 * k + 7))
                });
                let got = capital_mask(u64::from_le_bytes(chunk));
                assert_eq!(got, want, "byte {b:#x} at {position}");
            }
        }
        // Across the skipped stretches the words are those found byte by byte.
        let text = "a long lower-case stretch then Li and Ömer, ZIP and Zoë at the end Xi";
        let got: Vec<&str> = capitalised_words(text)
            .iter()
            .map(|w| w.span.slice(text))
            .collect();
        assert_eq!(got, ["Li", "Ömer", "ZIP", "Zoë", "Xi"]);
    }

    #[test]
    fn name_shapes() {
        for (word, name, capitals) in [
            ("Putin", true, false),
            ("PUTIN", false, true),
            ("NATO", false, true),
            ("putin", false, false),
            ("O'Neill", true, false),
            ("A", false, false),
            ("Élodie", true, false),
        ] {
            assert_eq!(is_capitalised_name(word), name, "{word}");
            assert_eq!(is_all_capitals(word), capitals, "{word}");
        }
    }
}
