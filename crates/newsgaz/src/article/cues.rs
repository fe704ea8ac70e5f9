//! Words and phrases around quotations and attributions: tokens, speech verbs, and the
//! phrase naming a speaker or a source (`Putin`, `he`, `the Russian president`).

use aho_corasick::AhoCorasick;
use once_cell::sync::Lazy;

use crate::lexicon::{kinds_any_case, Kinds, List};
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

/// What a cue's first word can be: its first letter (a bit for each of `a`..=`z`) and its
/// length, over every speech verb and `according`.
struct CueShape {
    letters: u32,
    lengths: std::ops::RangeInclusive<usize>,
}

static CUE_SHAPE: Lazy<CueShape> = Lazy::new(|| {
    let words = || cue_words().map(str::as_bytes);
    CueShape {
        letters: words().fold(0, |bits, w| {
            bits | (1 << (w[0].to_ascii_lowercase() - b'a'))
        }),
        lengths: words().map(<[u8]>::len).min().unwrap_or(0)
            ..=words().map(<[u8]>::len).max().unwrap_or(0),
    }
});

/// Every speech verb form and `according`.
fn cue_words() -> impl Iterator<Item = &'static str> {
    List::QuoteCueVerbs
        .entries()
        .map(|(form, _)| form)
        .chain(["according"])
}

/// Whether `word` can be a speech verb or `according`: the cheap test, by length and
/// first letter, that rejects most words before any lookup.
pub(crate) fn may_be_cue(word: &[u8]) -> bool {
    let shape = &*CUE_SHAPE;
    shape.lengths.contains(&word.len())
        && word[0].is_ascii_alphabetic()
        && shape.letters & (1 << (word[0].to_ascii_lowercase() - b'a')) != 0
}

/// The lemma of a speech verb (`said` → `say`), case-insensitively.
pub(crate) fn speech_lemma(word: &str) -> Option<&'static str> {
    // Cheap rejections first: this runs on every word near a quotation.
    if !may_be_cue(word.as_bytes()) {
        return None;
    }
    List::QuoteCueVerbs.value(word)
}

/// Every speech verb form and `according`, in any case, in one automaton.
static CUE_FORMS: Lazy<AhoCorasick> = Lazy::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(cue_words())
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

/// The speaker-phrase lists token `t` is in, in any case.
fn kinds_of(text: &str, t: &Token) -> Kinds {
    if !t.word {
        return Kinds::default();
    }
    kinds_any_case(t.span.slice(text))
}

fn capitalised(text: &str, t: &Token) -> bool {
    t.word && t.span.slice(text).starts_with(char::is_uppercase)
}

/// The phrase ending just before token `verb` (`Putin` in `Putin also said`), at most
/// six words, not crossing punctuation or clause words.
pub(crate) fn speaker_before(text: &str, toks: &[Token], verb: usize) -> Option<Span> {
    let mut j = verb;
    while j > 0
        && kinds_of(text, &toks[j - 1]).is(List::SpeakerAuxiliaries)
        && !capitalised(text, &toks[j - 1])
    {
        j -= 1;
    }
    // Weekday and time words are auxiliaries only between a name and the verb.
    while j > 0 && kinds_of(text, &toks[j - 1]).is(List::SpeakerAuxiliaries) {
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
        let kinds = kinds_of(text, t);
        if kinds.is(List::Pronouns) {
            if start == end {
                start -= 1;
            }
            break;
        }
        if kinds.is(List::Determiners) {
            start -= 1;
            break;
        }
        let w = t.span.slice(text);
        let between_names = w == "of"
            && start >= 2
            && capitalised(text, &toks[start - 2])
            && start < end
            && capitalised(text, &toks[start]);
        if !between_names && kinds.is(List::ClauseStops) {
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
    if kinds_of(text, first).is(List::Pronouns) {
        return Some(first.span);
    }
    let mut end = from;
    while end < toks.len() && end - from < 7 {
        let t = &toks[end];
        let connector = matches!(t.span.slice(text), "of" | "for" | "and")
            && end > from
            && capitalised(text, &toks[end - 1])
            && toks.get(end + 1).is_some_and(|n| capitalised(text, n));
        if !t.word || (end > from && kinds_of(text, t).is(List::ClauseStops) && !connector) {
            break;
        }
        if end == from && kinds_of(text, t).is(List::ClauseStops) {
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
    fn every_cue_word_passes_the_cheap_test() {
        for w in cue_words() {
            for w in [w.to_owned(), w.to_ascii_uppercase()] {
                assert!(may_be_cue(w.as_bytes()), "{w}");
                assert!(may_hold_cue(&w), "{w}");
            }
        }
        for (form, lemma) in List::QuoteCueVerbs.entries() {
            assert_eq!(speech_lemma(&form.to_ascii_uppercase()), lemma, "{form}");
        }
        assert!(may_hold_cue("x, ACCORDING to") && may_hold_cue("“No,” she Said."));
        assert!(!may_hold_cue("“No,” she shouted."));
        assert_eq!(speech_lemma("sad"), None);
        assert_eq!(speech_lemma("saidx"), None);
        assert!(!may_be_cue(b"") && !may_be_cue(b"1234"));
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
