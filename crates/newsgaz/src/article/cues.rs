//! Words and phrases around quotations and attributions: tokens, speech verbs, and the
//! phrase naming a speaker or a source (`Putin`, `he`, `the Russian president`).

use aho_corasick::AhoCorasick;
use once_cell::sync::Lazy;

use crate::span::Span;

/// A word (letters and digits, with inner apostrophes, hyphens and dots) or one
/// punctuation character.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    pub(crate) span: Span,
    pub(crate) word: bool,
}

/// Character classes for tokenising: white space, letters and digits, the marks that
/// join a word when a letter or digit follows (`China’s`, `well-known`, `U.S`, `AT&T`),
/// and everything else (punctuation, one token each).
const SPACE: u8 = 0;
const ALNUM: u8 = 1;
const JOINER: u8 = 2;
const OTHER: u8 = 3;

/// The class of each ASCII byte: this runs on every byte near a quotation.
static ASCII_CLASS: [u8; 128] = {
    let mut table = [OTHER; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_whitespace() {
            SPACE
        } else if c.is_ascii_alphanumeric() {
            ALNUM
        } else if matches!(c, b'\'' | b'-' | b'.' | b'&') {
            JOINER
        } else {
            OTHER
        };
        b += 1;
    }
    table
};

/// The class and UTF-8 length of the character at byte `i` of `s`.
#[inline]
fn class_at(s: &str, i: usize) -> (u8, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        return (ASCII_CLASS[usize::from(b)], 1);
    }
    let c = s[i..].chars().next().unwrap_or(' ');
    // Most non-ASCII characters in news text are General Punctuation (quotes, dashes,
    // `…`): classify those without the Unicode tables.
    let class = match c {
        '\u{2000}'..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' => SPACE,
        '’' => JOINER,
        '\u{200b}'..='\u{206f}' => OTHER,
        _ if c.is_whitespace() => SPACE,
        _ if c.is_alphanumeric() => ALNUM,
        _ => OTHER,
    };
    (class, c.len_utf8())
}

/// Tokens of `span` in `text`.
#[cfg(test)]
pub(crate) fn tokens(text: &str, span: Span) -> Vec<Token> {
    let mut out = Vec::new();
    tokens_into(text, span, &mut out);
    out
}

/// Replaces the contents of `out` (a buffer kept from call to call) with the tokens of
/// `span` in `text`.
pub(crate) fn tokens_into(text: &str, span: Span, out: &mut Vec<Token>) {
    out.clear();
    out.reserve(span.len() / 4);
    // ASCII (most of English news) is tokenised byte by byte: there bytes are characters
    // and the only joiners are `'`, `-`, `.` and `&`. A token that starts at, or may run
    // into, a non-ASCII character is left to `Tokens`, which decodes.
    let s = span.slice(text);
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let class = if b[i] < 0x80 {
            ASCII_CLASS[usize::from(b[i])]
        } else {
            OTHER
        };
        let mut decode = b[i] >= 0x80;
        match class {
            SPACE if !decode => {
                i += 1;
                continue;
            }
            ALNUM => {
                i += 1;
                loop {
                    while i < b.len() && b[i].is_ascii_alphanumeric() {
                        i += 1;
                    }
                    if i == b.len() {
                        break;
                    }
                    let joiner = b[i] < 0x80 && ASCII_CLASS[usize::from(b[i])] == JOINER;
                    if b[i] >= 0x80 || (joiner && i + 1 < b.len() && b[i + 1] >= 0x80) {
                        decode = true;
                        break;
                    }
                    let joined = joiner && i + 1 < b.len() && b[i + 1].is_ascii_alphanumeric();
                    if !joined {
                        break;
                    }
                    i += 2;
                }
            }
            _ => i += 1,
        }
        if decode {
            let mut general = Tokens {
                s,
                base: span.start,
                i: start,
            };
            out.extend(general.next());
            i = general.i;
            continue;
        }
        out.push(Token {
            span: Span::new(span.start + start, span.start + i),
            word: class == ALNUM,
        });
    }
}

/// The tokens of `span` in `text`, one at a time.
pub(crate) struct Tokens<'t> {
    s: &'t str,
    base: usize,
    i: usize,
}

impl<'t> Tokens<'t> {
    pub(crate) fn new(text: &'t str, span: Span) -> Tokens<'t> {
        Tokens {
            s: span.slice(text),
            base: span.start,
            i: 0,
        }
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    #[inline]
    fn next(&mut self) -> Option<Token> {
        let (s, base) = (self.s, self.base);
        let b = s.as_bytes();
        let mut i = self.i;
        while i < b.len() {
            let (class, n) = class_at(s, i);
            if class == SPACE {
                i += n;
                continue;
            }
            let start = i;
            i += n;
            if class != ALNUM {
                self.i = i;
                return Some(Token {
                    span: Span::new(base + start, base + i),
                    word: false,
                });
            }
            let mut end = i;
            while i < b.len() {
                // Runs of ASCII letters and digits first, without decoding.
                if b[i].is_ascii_alphanumeric() {
                    i += 1;
                    end = i;
                    continue;
                }
                let (class, m) = class_at(s, i);
                if class == ALNUM {
                    i += m;
                    end = i;
                } else if class == JOINER && i + m < b.len() && class_at(s, i + m).0 == ALNUM {
                    i += m;
                } else {
                    break;
                }
            }
            self.i = end;
            return Some(Token {
                span: Span::new(base + start, base + end),
                word: true,
            });
        }
        self.i = i;
        None
    }
}

/// Speech verbs as written, and their lemma.
const SPEECH_VERBS: &[(&str, &str)] = &[
    ("said", "say"),
    ("says", "say"),
    ("say", "say"),
    ("saying", "say"),
    ("told", "tell"),
    ("tells", "tell"),
    ("telling", "tell"),
    ("added", "add"),
    ("adds", "add"),
    ("adding", "add"),
    ("vowed", "vow"),
    ("vows", "vow"),
    ("described", "describe"),
    ("describes", "describe"),
    ("describing", "describe"),
    ("stated", "state"),
    ("asked", "ask"),
    ("asks", "ask"),
    ("explained", "explain"),
    ("explains", "explain"),
    ("insisted", "insist"),
    ("insists", "insist"),
    ("warned", "warn"),
    ("warns", "warn"),
    ("claimed", "claim"),
    ("argued", "argue"),
    ("argues", "argue"),
    ("noted", "note"),
    ("wrote", "write"),
    ("writes", "write"),
    ("announced", "announce"),
    ("replied", "reply"),
    ("admitted", "admit"),
    ("urged", "urge"),
    ("stressed", "stress"),
    ("commented", "comment"),
    ("suggested", "suggest"),
    ("remarked", "remark"),
    ("boasted", "boast"),
    ("acknowledged", "acknowledge"),
    ("confirmed", "confirm"),
    ("predicted", "predict"),
    ("promised", "promise"),
    ("pledged", "pledge"),
    ("tweeted", "tweet"),
    ("joked", "joke"),
    ("recalled", "recall"),
    ("conceded", "concede"),
    ("cautioned", "caution"),
    ("responded", "respond"),
    ("called", "call"),
    ("calls", "call"),
    ("declared", "declare"),
];

/// A word folded to ASCII lower case and packed, with its length, into one integer: list
/// lookups then compare integers instead of strings. `None` for words of 16 bytes or more
/// (no listed word is that long).
pub(crate) fn word_key(word: &[u8]) -> Option<u128> {
    if word.len() >= 16 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..word.len()].copy_from_slice(word);
    buf[..word.len()].make_ascii_lowercase();
    buf[15] = word.len() as u8;
    Some(u128::from_be_bytes(buf))
}

/// `SPEECH_VERBS` by key, sorted for binary search.
static SPEECH_VERB_KEYS: Lazy<Vec<(u128, &'static str)>> = Lazy::new(|| {
    let mut keys: Vec<(u128, &'static str)> = SPEECH_VERBS
        .iter()
        .filter_map(|&(form, lemma)| Some((word_key(form.as_bytes())?, lemma)))
        .collect();
    keys.sort_unstable();
    keys
});

/// Whether `word` can be a speech verb or `according`: the cheap test, by length and
/// first letter, that rejects most words before any lookup.
pub(crate) fn may_be_cue(word: &[u8]) -> bool {
    (3..=12).contains(&word.len())
        && matches!(
            word[0].to_ascii_lowercase(),
            b'a' | b'b'
                | b'c'
                | b'd'
                | b'e'
                | b'i'
                | b'j'
                | b'n'
                | b'p'
                | b'r'
                | b's'
                | b't'
                | b'u'
                | b'v'
                | b'w'
        )
}

/// The lemma of a speech verb (`said` → `say`), case-insensitively.
pub(crate) fn speech_lemma(word: &str) -> Option<&'static str> {
    // Cheap rejections first: this runs on every word near a quotation.
    if !may_be_cue(word.as_bytes()) {
        return None;
    }
    let key = word_key(word.as_bytes())?;
    SPEECH_VERB_KEYS
        .binary_search_by_key(&key, |&(k, _)| k)
        .ok()
        .map(|i| SPEECH_VERB_KEYS[i].1)
}

/// Every speech verb form and `according`, in any case, in one automaton.
static CUE_FORMS: Lazy<AhoCorasick> = Lazy::new(|| {
    let forms = SPEECH_VERBS.iter().map(|&(form, _)| form);
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(forms.chain(["according"]))
        .expect("short literal patterns always build")
});

/// Whether `s` holds, as a substring in any case, a speech verb or `according`: when it
/// does not, none of its tokens can be a cue, and it need not be tokenised.
pub(crate) fn may_hold_cue(s: &str) -> bool {
    CUE_FORMS.is_match(s)
}

/// `according to` starting at token `i`.
pub(crate) fn according_to(text: &str, toks: &[Token], i: usize) -> bool {
    toks.get(i)
        .is_some_and(|t| t.word && t.span.slice(text).eq_ignore_ascii_case("according"))
        && toks
            .get(i + 1)
            .is_some_and(|t| t.word && t.span.slice(text) == "to")
}

/// Words between a speaker and the verb: `Putin also said`, `he has told`.
const AUXILIARIES: &[&str] = &[
    "also",
    "later",
    "then",
    "previously",
    "once",
    "again",
    "recently",
    "earlier",
    "has",
    "have",
    "had",
    "was",
    "is",
    "reportedly",
    "separately",
    "further",
    "repeatedly",
    "simply",
    "just",
    "has",
    "had",
    "would",
    "will",
    "had",
    "last",
    "week",
    "night",
    "on",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "yesterday",
    "today",
];
/// Words a speaker phrase never crosses.
const STOPS: &[&str] = &[
    "that", "and", "but", "which", "who", "whom", "when", "while", "as", "where", "because",
    "after", "before", "if", "to", "in", "on", "at", "with", "for", "from", "by", "than", "so",
    "said", "says", "told", "added", "what", "how", "why", "not", "also", "has", "have", "had",
    "is", "was", "were", "are", "be", "been", "will", "would", "could", "should", "can", "may",
    "it's", "there", "this", "these", "those", "then", "into", "about", "over", "under", "during",
];
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "one", "another",
];
pub(crate) const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you"];

const AUX: u8 = 1;
const STOP: u8 = 2;
const DET: u8 = 4;
const PRON: u8 = 8;

/// Every listed word, by `word_key`, with the lists it is in, sorted for binary search.
static WORD_LISTS: Lazy<Vec<(u128, u8)>> = Lazy::new(|| {
    let mut words: Vec<(u128, u8)> = Vec::new();
    for (list, flag) in [
        (AUXILIARIES, AUX),
        (STOPS, STOP),
        (DETERMINERS, DET),
        (PRONOUNS, PRON),
    ] {
        for w in list {
            let Some(key) = word_key(w.as_bytes()) else {
                continue;
            };
            match words.iter_mut().find(|(x, _)| *x == key) {
                Some((_, flags)) => *flags |= flag,
                None => words.push((key, flag)),
            }
        }
    }
    words.sort_unstable();
    words
});

/// The lists (`AUX`, `STOP`, `DET`, `PRON`) token `t` is in, in any case.
fn lists_of(text: &str, t: &Token) -> u8 {
    let w = t.span.slice(text).as_bytes();
    if !t.word || w.len() > 12 {
        return 0;
    }
    let Some(key) = word_key(w) else { return 0 };
    WORD_LISTS
        .binary_search_by_key(&key, |&(k, _)| k)
        .map_or(0, |i| WORD_LISTS[i].1)
}

macro_rules! is_word {
    ($text:expr, $t:expr, AUXILIARIES) => {
        lists_of($text, $t) & AUX != 0
    };
    ($text:expr, $t:expr, STOPS) => {
        lists_of($text, $t) & STOP != 0
    };
    ($text:expr, $t:expr, DETERMINERS) => {
        lists_of($text, $t) & DET != 0
    };
    ($text:expr, $t:expr, PRONOUNS) => {
        lists_of($text, $t) & PRON != 0
    };
}

fn capitalised(text: &str, t: &Token) -> bool {
    t.word && t.span.slice(text).starts_with(char::is_uppercase)
}

/// The phrase ending just before token `verb` (`Putin` in `Putin also said`), at most
/// six words, not crossing punctuation or clause words.
pub(crate) fn speaker_before(text: &str, toks: &[Token], verb: usize) -> Option<Span> {
    let mut j = verb;
    while j > 0 && is_word!(text, &toks[j - 1], AUXILIARIES) && !capitalised(text, &toks[j - 1]) {
        j -= 1;
    }
    // Weekday and time words are auxiliaries only between a name and the verb.
    while j > 0 && is_word!(text, &toks[j - 1], AUXILIARIES) {
        j -= 1;
    }
    let end = j;
    let mut start = end;
    while start > 0 && end - start < 6 {
        let t = &toks[start - 1];
        if !t.word {
            break;
        }
        // One lookup for the three lists below.
        let lists = lists_of(text, t);
        if lists & PRON != 0 {
            if start == end {
                start -= 1;
            }
            break;
        }
        if lists & DET != 0 {
            start -= 1;
            break;
        }
        let w = t.span.slice(text);
        let between_names = w == "of"
            && start >= 2
            && capitalised(text, &toks[start - 2])
            && start < end
            && capitalised(text, &toks[start]);
        if !between_names && lists & STOP != 0 {
            break;
        }
        start -= 1;
    }
    (start < end).then(|| Span::new(toks[start].span.start, toks[end - 1].span.end))
}

/// The name set off by commas before a speech verb whose own subject is not a name:
/// `Rob McIvor, FSA spokesman, told`, `Mourinho, trying to stay upbeat, said`.
/// `comma` is the index of the comma just before the verb. The phrase before that comma
/// is taken when it is a name (first and last words capitalised, nothing before it in its
/// clause); else the phrase before
/// the comma that opens the aside, at most twelve tokens back, when that is a name.
pub(crate) fn appositive_speaker(text: &str, toks: &[Token], comma: usize) -> Option<Span> {
    // A name, and the whole of its clause: `an executive at Xstrata` is not `Xstrata`.
    let is_name = |span: Span| {
        let first = toks.iter().position(|t| t.span.start == span.start);
        let last = toks.iter().rposition(|t| t.span.end == span.end);
        first.zip(last).is_some_and(|(f, l)| {
            capitalised(text, &toks[f])
                && capitalised(text, &toks[l])
                && (f == 0 || !toks[f - 1].word)
        })
    };
    let phrase = speaker_before(text, toks, comma)?;
    if is_name(phrase) {
        return Some(phrase);
    }
    let opening = (comma.saturating_sub(12)..comma)
        .rev()
        .find(|&k| !toks[k].word)
        .filter(|&k| toks[k].span.slice(text) == ",")?;
    speaker_before(text, toks, opening).filter(|&p| is_name(p))
}

/// The phrase starting at token `from` (`the minister` in `said the minister, who`),
/// at most seven words, not crossing punctuation or clause words.
pub(crate) fn speaker_after(text: &str, toks: &[Token], from: usize) -> Option<Span> {
    let first = toks.get(from)?;
    if is_word!(text, first, PRONOUNS) {
        return Some(first.span);
    }
    let mut end = from;
    while end < toks.len() && end - from < 7 {
        let t = &toks[end];
        let connector = matches!(t.span.slice(text), "of" | "for" | "and")
            && end > from
            && capitalised(text, &toks[end - 1])
            && toks.get(end + 1).is_some_and(|n| capitalised(text, n));
        if !t.word || (end > from && is_word!(text, t, STOPS) && !connector) {
            break;
        }
        if end == from && is_word!(text, t, STOPS) {
            return None;
        }
        end += 1;
    }
    (end > from).then(|| Span::new(toks[from].span.start, toks[end - 1].span.end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn before(s: &str, verb: &str) -> Option<String> {
        let toks = tokens(s, Span::new(0, s.len()));
        let i = toks.iter().position(|t| t.span.slice(s) == verb).unwrap();
        speaker_before(s, &toks, i).map(|sp| sp.slice(s).to_owned())
    }

    #[test]
    fn speaker_phrases_before_the_verb() {
        let cases = [
            ("Putin said the", "said", Some("Putin")),
            (
                "Speaking through an interpreter, Li told Putin",
                "told",
                Some("Li"),
            ),
            (
                "The Russian president described this",
                "described",
                Some("The Russian president"),
            ),
            ("He said", "said", Some("He")),
            (
                "Russian President Vladimir Putin also said",
                "said",
                Some("Russian President Vladimir Putin"),
            ),
            (
                "the Associated Press reported",
                "reported",
                Some("the Associated Press"),
            ),
            (
                "Last weekend, he met Putin, Reuters reported",
                "reported",
                Some("Reuters"),
            ),
            (
                "The Bank of England said",
                "said",
                Some("The Bank of England"),
            ),
            (
                "It is what Mr Brown on Monday said",
                "said",
                Some("Mr Brown"),
            ),
            ("and that, said", "said", None),
        ];
        for (s, verb, expected) in cases {
            assert_eq!(before(s, verb).as_deref(), expected, "{s}");
        }
    }

    #[test]
    fn every_listed_word_is_found_in_any_case() {
        assert!(may_be_cue(b"According"));
        for &(form, lemma) in SPEECH_VERBS {
            for w in [form.to_owned(), form.to_ascii_uppercase()] {
                assert_eq!(speech_lemma(&w), Some(lemma), "{w}");
            }
        }
        for (list, flag) in [
            (AUXILIARIES, AUX),
            (STOPS, STOP),
            (DETERMINERS, DET),
            (PRONOUNS, PRON),
        ] {
            for w in list {
                let upper = w.to_ascii_uppercase();
                for w in [*w, upper.as_str()] {
                    let t = Token {
                        span: Span::new(0, w.len()),
                        word: true,
                    };
                    assert_ne!(lists_of(w, &t) & flag, 0, "{w}");
                }
            }
        }
        assert!(may_hold_cue("x, ACCORDING to") && may_hold_cue("“No,” she Said."));
        assert!(!may_hold_cue("“No,” she shouted."));
        assert_eq!(speech_lemma("sad"), None);
        assert_eq!(speech_lemma("saidx"), None);
    }

    #[test]
    fn ascii_fast_path_gives_the_same_tokens() {
        let cases = [
            "Mr O'Neill's well-known U.S. firm, AT&T, said: \"no\" -- 3.5% (up) & -x- 'a' b.",
            "China’s “no limits” café-é naïve x-’ £1.5m—and… Zoë’s\u{a0}a\u{2003}b ’",
            "é",
            "a’",
            "a-",
            "a-é",
            "end.",
            "x' y- z. &q a&",
            "  \t\n ",
            "",
        ];
        for s in cases {
            let mut fast = Vec::new();
            tokens_into(s, Span::new(0, s.len()), &mut fast);
            let general: Vec<Token> = Tokens::new(s, Span::new(0, s.len())).collect();
            let show = |t: &[Token]| -> Vec<(String, bool)> {
                t.iter()
                    .map(|t| (t.span.slice(s).to_owned(), t.word))
                    .collect()
            };
            assert_eq!(show(&fast), show(&general), "{s}");
        }
    }

    #[test]
    fn tokens_keep_inner_marks() {
        let s = "China’s well-known “no limits” plan";
        let toks = tokens(s, Span::new(0, s.len()));
        let words: Vec<&str> = toks.iter().map(|t| t.span.slice(s)).collect();
        assert_eq!(
            words,
            ["China’s", "well-known", "“", "no", "limits", "”", "plan"]
        );
    }
}
