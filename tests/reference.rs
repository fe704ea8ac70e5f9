//! A naive reference implementation of the matcher's semantics, written for clarity, not
//! speed: it tries every span of the text against every alias. The property test and the
//! fuzz target check that [`newsgaz::Matcher`] finds exactly what this finds.
//!
//! It shares no code with the matcher: folding is done on whole strings with the Unicode
//! crates' own iterators, and case rules are checked word by word.

use caseless::Caseless;
use newsgaz::gazetteer::{Alias, AliasKind};
use newsgaz::{CaseMode, Entry, Gazetteer, Matcher, MatcherOptions};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A mention as the reference reports it: byte span and candidate entity indices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefMatch {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Indices of the candidate entries, in gazetteer order.
    pub entities: Vec<u32>,
}

/// The diacritics folding removes (combining diacritical marks, Hebrew points, Arabic
/// vowel marks).
fn is_diacritic(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
        | 0x0591..=0x05BD | 0x05BF | 0x05C1..=0x05C2 | 0x05C4..=0x05C5 | 0x05C7
        | 0x064B..=0x065F | 0x0670)
}

/// Folds a whole string: punctuation, then diacritics (canonical decomposition, marks
/// removed, stroked letters replaced), then case, then white space runs.
pub fn fold(s: &str, options: &MatcherOptions, case: bool) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    if options.fold_punctuation {
        for c in &mut chars {
            *c = match *c {
                '’' | '‘' | '‛' | '＇' => '\'',
                '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '﹘' | '﹣' | '－' => {
                    '-'
                }
                c => c,
            };
        }
    }
    if options.fold_diacritics {
        let stroked: Vec<char> = chars
            .iter()
            .map(|&c| match c {
                'ł' => 'l',
                'Ł' => 'L',
                'ø' => 'o',
                'Ø' => 'O',
                'đ' => 'd',
                'Đ' => 'D',
                'ħ' => 'h',
                'Ħ' => 'H',
                'ı' => 'i',
                c => c,
            })
            .collect();
        chars = stroked
            .into_iter()
            .nfd()
            .filter(|&c| !is_diacritic(c))
            .collect();
    }
    if case {
        chars = chars.into_iter().default_case_fold().collect();
        if options.fold_diacritics {
            chars.retain(|&c| !is_diacritic(c));
        }
    }
    let mut out = String::new();
    for c in chars {
        if options.fold_whitespace && c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_combining_mark(c)
}

fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0x19E0..=0x19FF
        | 0x2E80..=0x2FDF | 0x3005..=0x3007 | 0x3021..=0x3029 | 0x3038..=0x303B
        | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA9E0..=0xA9FF | 0xAA60..=0xAA7F | 0xF900..=0xFAFF | 0xFF66..=0xFF9F
        | 0x20000..=0x3134F)
}

/// A capital: a letter that is not lower case but has a lower-case form.
fn is_capital(c: char) -> bool {
    !c.is_lowercase() && c.to_lowercase().next() != Some(c)
}

/// The first char (marks aside) of each word of `s`; words made only of marks are skipped.
fn word_initials(s: &str) -> Vec<char> {
    let mut initials = Vec::new();
    let mut in_word = false;
    let mut pending = false;
    for c in s.chars() {
        if is_word(c) {
            if !in_word {
                pending = true;
            }
            if pending && !is_combining_mark(c) {
                initials.push(c);
                pending = false;
            }
            in_word = true;
        } else {
            in_word = false;
            pending = false;
        }
    }
    initials
}

/// Whether `span` of the text may be a mention of `alias` under `case`.
fn alias_matches(span: &str, alias: &str, case: CaseMode, options: &MatcherOptions) -> bool {
    let alias = alias.trim();
    let key = fold(alias, options, true);
    let key = key.trim_matches(' ');
    if key.is_empty() || fold(span, options, true) != key {
        return false;
    }
    match case {
        CaseMode::Insensitive => true,
        CaseMode::Exact => {
            fold(span, options, false) == fold(alias, options, false).trim_matches(' ')
        }
        _ => {
            let letters = alias.chars().filter(|c| c.is_alphabetic()).count();
            let acronym = alias.chars().any(is_capital)
                && !alias.chars().any(char::is_lowercase)
                && letters <= options.acronym_max_len;
            if acronym {
                return !span.chars().any(char::is_lowercase);
            }
            let want = word_initials(alias);
            let have = word_initials(span);
            want.len() == have.len()
                && want
                    .iter()
                    .zip(&have)
                    .all(|(w, h)| !is_capital(*w) || !h.is_lowercase())
        }
    }
}

/// Whether `text[start..end]` keeps chars with their marks and, if asked, whole words.
fn span_allowed(text: &str, start: usize, end: usize, options: &MatcherOptions) -> bool {
    let first = text[start..end].chars().next().unwrap();
    let last = text[start..end].chars().next_back().unwrap();
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    if is_combining_mark(first) || after.is_some_and(is_combining_mark) {
        return false;
    }
    let joins = |a: char, b: char| is_word(a) && is_word(b) && !is_unspaced(a) && !is_unspaced(b);
    !options.word_boundaries
        || !(before.is_some_and(|b| joins(b, first)) || after.is_some_and(|a| joins(last, a)))
}

/// Every mention of the gazetteer in `text`: all of them when `overlapping`, else the
/// leftmost-longest non-overlapping ones.
pub fn find(
    gazetteer: &Gazetteer,
    options: &MatcherOptions,
    text: &str,
    overlapping: bool,
) -> Vec<RefMatch> {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let mut found = Vec::new();
    for (a, &start) in bounds.iter().enumerate() {
        for &end in &bounds[a + 1..] {
            if !span_allowed(text, start, end, options) {
                continue;
            }
            let span = &text[start..end];
            let mut entities = Vec::new();
            for (i, entry) in gazetteer.entries().iter().enumerate() {
                let hit = entry.surface_forms().any(|form| {
                    alias_matches(span, form.text, form.case.unwrap_or(options.case), options)
                });
                if hit {
                    entities.push(i as u32);
                }
            }
            if !entities.is_empty() {
                found.push(RefMatch {
                    start,
                    end,
                    entities,
                });
            }
        }
    }
    if overlapping {
        return found;
    }
    // Leftmost, then longest, then skip whatever overlaps what was kept.
    found.sort_by(|x, y| x.start.cmp(&y.start).then(y.end.cmp(&x.end)));
    let mut kept: Vec<RefMatch> = Vec::new();
    for m in found {
        if kept.last().is_none_or(|k| m.start >= k.end) {
            kept.push(m);
        }
    }
    kept
}

/// What the real matcher reports, in the reference's terms.
pub fn actual(matcher: &Matcher, text: &str, overlapping: bool) -> Vec<RefMatch> {
    let convert = |m: newsgaz::Match<'_>| RefMatch {
        start: m.start(),
        end: m.end(),
        entities: m
            .candidates()
            .iter()
            .map(|c| c.entity.as_usize() as u32)
            .collect(),
    };
    if overlapping {
        matcher.find_overlapping_iter(text).map(convert).collect()
    } else {
        matcher.find_iter(text).map(convert).collect()
    }
}

/// Pieces texts and aliases are made of: several scripts, cases, diacritics (composed and
/// decomposed), apostrophes, dashes, white space and punctuation.
pub const PIECES: &[&str] = &[
    "Sao",
    "São",
    "SAO",
    "sao",
    "Paulo",
    "PAULO",
    "US",
    "us",
    "Us",
    "it",
    "IT",
    "Who",
    "WHO",
    "头疼",
    "头",
    "晕",
    "กรุง",
    "เทพ",
    "Zu\u{308}rich",
    "Zürich",
    "zurich",
    "Straße",
    "STRASSE",
    "ss",
    "ß",
    "İ",
    "i",
    "ı",
    "Ł",
    "l",
    "O’",
    "O'",
    "Brien",
    "-",
    "–",
    "—",
    " ",
    "\n",
    "\u{a0}",
    "  ",
    ".",
    ",",
    "’s",
    "\u{301}",
    "1",
    "2",
    "_",
    "Москва",
    "МОСКВА",
    "ǅ",
    "ﬁ",
    "Ὀ",
    "ς",
    "σ",
    "Σ",
    "か",
    "\u{3099}",
    "が",
    "a",
    "A",
    "é",
    "E\u{301}",
    "de",
    "De",
];

/// Reads choices from fuzz or property-test bytes; past the end it reads zeros.
pub struct Choices<'b>(&'b [u8]);

impl Choices<'_> {
    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        let (&b, rest) = self.0.split_first().unwrap_or((&0, &[]));
        self.0 = rest;
        b as usize % n
    }

    fn piece_string(&mut self, max_pieces: usize) -> String {
        let n = 1 + self.below(max_pieces);
        (0..n).map(|_| PIECES[self.below(PIECES.len())]).collect()
    }

    fn case(&mut self) -> Option<CaseMode> {
        [
            None,
            None,
            Some(CaseMode::Smart),
            Some(CaseMode::Insensitive),
            Some(CaseMode::Exact),
        ][self.below(5)]
    }
}

/// A text, a gazetteer and options, all drawn from `bytes`.
pub struct Scenario {
    /// The text searched.
    pub text: String,
    /// The gazetteer.
    pub gazetteer: Gazetteer,
    /// Matcher options.
    pub options: MatcherOptions,
    /// Whether the search reports overlapping matches.
    pub overlapping: bool,
}

/// Draws a scenario from arbitrary bytes; `None` when the gazetteer drawn is invalid (an
/// alias of white space only).
pub fn scenario(bytes: &[u8]) -> Option<Scenario> {
    let mut c = Choices(bytes);
    let mut options = MatcherOptions::default();
    options.case = c.case().unwrap_or_default();
    options.acronym_max_len = c.below(5);
    options.fold_diacritics = c.below(4) != 0;
    options.fold_punctuation = c.below(4) != 0;
    options.fold_whitespace = c.below(4) != 0;
    options.word_boundaries = c.below(4) != 0;
    let overlapping = c.below(2) != 0;
    let entries = (0..1 + c.below(4))
        .map(|i| {
            let mut entry = Entry::new(format!("e{i}"), c.piece_string(3), "X");
            entry.case = c.case();
            for _ in 0..c.below(3) {
                let text = c.piece_string(3);
                entry.aliases.push(Alias {
                    text,
                    kind: AliasKind::Alias,
                    case: c.case(),
                });
            }
            entry
        })
        .collect::<Vec<_>>();
    // The text mixes pieces with the forms of the gazetteer, as written, in upper or in
    // lower case, so that most scenarios have mentions to find.
    let forms: Vec<String> = entries
        .iter()
        .flat_map(|e| {
            std::iter::once(e.name.clone()).chain(e.aliases.iter().map(|a| a.text.clone()))
        })
        .collect();
    let mut text = String::new();
    for _ in 0..1 + c.below(8) {
        if c.below(3) == 0 {
            let form = &forms[c.below(forms.len())];
            match c.below(4) {
                0 => text.push_str(&form.to_uppercase()),
                1 => text.push_str(&form.to_lowercase()),
                _ => text.push_str(form),
            }
        } else {
            text.push_str(PIECES[c.below(PIECES.len())]);
        }
    }
    let gazetteer = Gazetteer::from_entries(entries, "scenario").ok()?;
    Some(Scenario {
        text,
        gazetteer,
        options,
        overlapping,
    })
}

/// Runs the matcher (both search engines) and the reference on a scenario; `Err`
/// describes a disagreement.
pub fn check(s: &Scenario) -> Result<(), String> {
    let overlapping = s.overlapping;
    let want = find(&s.gazetteer, &s.options, &s.text, overlapping);
    for unanchored in [false, true] {
        let (gazetteer, options) = (s.gazetteer.clone(), s.options.clone());
        let matcher = if unanchored {
            Matcher::with_unanchored_search(gazetteer, options)
        } else {
            Matcher::with_options(gazetteer, options)
        };
        let got = actual(&matcher, &s.text, overlapping);
        if got != want {
            let forms: Vec<Vec<(&str, Option<CaseMode>)>> = s
                .gazetteer
                .entries()
                .iter()
                .map(|e| e.surface_forms().map(|f| (f.text, f.case)).collect())
                .collect();
            return Err(format!(
                "text {:?}\nforms {forms:?}\noptions {:?} (overlapping: {overlapping}, unanchored engine: {unanchored})\nmatcher   {got:?}\nreference {want:?}",
                s.text, s.options
            ));
        }
    }
    Ok(())
}
