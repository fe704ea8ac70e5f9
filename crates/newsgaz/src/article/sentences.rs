//! Sentence splitting inside a paragraph.
//!
//! A sentence ends at `.`, `!`, `?`, `…` or `...` (with any closing quotes or brackets
//! after it) when white space and then a capital, a digit or an opening quote follow,
//! unless the full stop ends an abbreviation that does not end sentences there: titles
//! (`Mr.`, `Gen.`), initials (`J.R.R. Tolkien`), `No. 10`, `Jan. 5`, or `U.S.`, `Inc.`,
//! `a.m.` before a word that does not usually start a sentence. Decimals and money
//! (`3.5%`, `$4.2bn`) never split because no white space follows their point.

use crate::span::Span;

/// Precede a name or a number: never end a sentence when a capital follows.
#[rustfmt::skip]
fn is_title(word: &str) -> bool {
    matches!(word,
        "Adm" | "Brig" | "Capt" | "Cllr" | "Col" | "Cpl" | "Det" | "Dr" | "Ft" | "Gen" | "Gov" |
        "Hon" | "Insp" | "Lt" | "Maj" | "Messrs" | "Mme" | "Mr" | "Mrs" | "Ms" | "Mt" | "Pres" |
        "Prof" | "Rep" | "Rev" | "Sen" | "Sgt" | "St" | "Supt" | "cf" | "approx" | "v" | "vs")
}
/// Precede a number: `No. 10`, `Jan. 5`.
#[rustfmt::skip]
fn is_before_number(word: &str) -> bool {
    matches!(word,
        "No" | "Nos" | "Vol" | "Art" | "Fig" | "pp" | "p" | "Jan" | "Feb" | "Mar" | "Apr" |
        "Jun" | "Jul" | "Aug" | "Sep" | "Sept" | "Oct" | "Nov" | "Dec")
}
/// May end a sentence: end it only when a usual sentence opener follows.
#[rustfmt::skip]
fn is_suffix(word: &str) -> bool {
    matches!(word,
        "Inc" | "Ltd" | "Corp" | "Co" | "Plc" | "plc" | "Bros" | "LLC" | "Jr" | "Sr" | "etc" |
        "Jan" | "Feb" | "Mar" | "Apr" | "Jun" | "Jul" | "Aug" | "Sep" | "Sept" | "Oct" | "Nov" |
        "Dec")
}
/// Words that usually open a sentence (the tie-breaker after `U.S.`, `Inc.`, `a.m.`).
#[rustfmt::skip]
fn is_opener(word: &str) -> bool {
    matches!(word,
        "A" | "After" | "Also" | "Although" | "An" | "And" | "As" | "At" | "Before" | "Both" |
        "But" | "By" | "Despite" | "During" | "Earlier" | "Even" | "For" | "From" | "He" | "Her"
        | "His" | "How" | "However" | "I" | "If" | "In" | "It" | "Its" | "Last" | "Later" |
        "Many" | "Meanwhile" | "More" | "Most" | "Mr" | "Mrs" | "Ms" | "No" | "Not" | "On" |
        "One" | "Only" | "Our" | "Over" | "She" | "Since" | "So" | "Some" | "That" | "The" |
        "Their" | "There" | "These" | "They" | "This" | "Those" | "Under" | "Until" | "We" |
        "What" | "When" | "Where" | "While" | "Who" | "Why" | "With" | "Yet" | "You" | "Among" |
        "Another" | "Any" | "Besides" | "Each" | "Every" | "Former" | "Here" | "Indeed" |
        "Instead" | "Much" | "Now" | "Such" | "Still" | "Then")
}

/// Whether `b` holds `…` (U+2026, E2 80 A6 in UTF-8).
fn has_ellipsis(b: &[u8]) -> bool {
    memchr::memchr_iter(0xE2, b).any(|i| b.get(i + 1..i + 3) == Some(&[0x80, 0xA6]))
}

/// Appends the sentences of `paragraph` (a span of `text`) to `out`.
pub(crate) fn split_into(text: &str, paragraph: Span, out: &mut Vec<Span>) {
    let p = paragraph.slice(text);
    let b = p.as_bytes();
    let mut start = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    // Candidate terminators, found with memchr; the scan resumes after each sentence.
    let has_ellipsis_char = has_ellipsis(b);
    let next_candidate = |from: usize| -> Option<usize> {
        let rest = b.get(from..)?;
        let found = if has_ellipsis_char {
            rest.iter()
                .position(|&c| matches!(c, b'.' | b'!' | b'?' | 0xE2))
        } else {
            memchr::memchr3(b'.', b'!', b'?', rest)
        };
        found.map(|k| from + k)
    };
    let mut i = start;
    while let Some(found) = next_candidate(i) {
        i = found;
        let ellipsis_char =
            b[i] == 0xE2 && b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0xA6);
        if !(matches!(b[i], b'.' | b'!' | b'?') || ellipsis_char) {
            i += 1;
            continue;
        }
        let mark = i;
        // The run of terminators: `.`, `...`, `?!`, `…`.
        let mut end = i;
        let mut dots = 0;
        while end < b.len() {
            if matches!(b[end], b'.' | b'!' | b'?') {
                dots += usize::from(b[end] == b'.');
                end += 1;
            } else if b[end] == 0xE2
                && b.get(end + 1) == Some(&0x80)
                && b.get(end + 2) == Some(&0xA6)
            {
                dots += 3;
                end += 3;
            } else {
                break;
            }
        }
        i = end;
        // Closing quotes and brackets belong to the sentence they close.
        loop {
            match b.get(end) {
                Some(b'"' | b'\'' | b')' | b']') => end += 1,
                Some(0xE2)
                    if b.get(end + 1) == Some(&0x80)
                        && matches!(b.get(end + 2), Some(0x9D | 0x99)) =>
                {
                    end += 3
                }
                _ => break,
            }
        }
        let mut k = end;
        while k < b.len() && b[k].is_ascii_whitespace() {
            k += 1;
        }
        if k == end || k == b.len() {
            continue;
        }
        let next = &p[k..];
        if !opens_sentence(next) {
            continue;
        }
        if b[mark] == b'.' && dots == 1 && !ends_sentence(&p[..mark], next) {
            continue;
        }
        out.push(Span::new(paragraph.start + start, paragraph.start + end));
        start = k;
        i = k;
    }
    let rest = p[start..].trim_end();
    if !rest.is_empty() && rest.chars().all(|c| !c.is_alphanumeric()) {
        // Stray closing marks: they end the sentence before.
        if let Some(last) = out.last_mut().filter(|l| l.start >= paragraph.start) {
            last.end = paragraph.start + start + rest.len();
            return;
        }
    }
    if !rest.is_empty() {
        out.push(Span::new(
            paragraph.start + start,
            paragraph.start + start + rest.len(),
        ));
    }
}

/// A capital, a digit, or an opening quote or bracket.
/// A quote mark followed by white space closes a quotation (`years... " Hailey`): no.
fn opens_sentence(next: &str) -> bool {
    let mut chars = next.chars();
    chars.next().is_some_and(|c| {
        c.is_uppercase()
            || c.is_numeric()
            || (matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[')
                && chars.next().is_some_and(|n| !n.is_whitespace()))
    })
}

/// Where the last word of `s` starts: after the last white space or opening mark
/// (`(`, `"`, `“`, `‘`, `[`). ASCII is read byte by byte, going backwards.
fn last_word_start(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = b.len();
    while i > 0 {
        let c = b[i - 1];
        if c < 0x80 {
            if char::from(c).is_whitespace() || matches!(c, b'(' | b'"' | b'[') {
                return i;
            }
            i -= 1;
            continue;
        }
        // A non-ASCII character ends at `i`: decode it.
        let Some((at, ch)) = s[..i].char_indices().next_back() else {
            break;
        };
        if ch.is_whitespace() || matches!(ch, '“' | '‘') {
            return i;
        }
        i = at;
    }
    0
}

/// Whether the full stop after `before` (the paragraph up to the stop) ends a sentence
/// when `next` (starting with a capital, digit or quote) follows.
fn ends_sentence(before: &str, next: &str) -> bool {
    let word = &before[last_word_start(before)..];
    if word.is_empty() {
        return true;
    }
    let next_is_digit = next.starts_with(|c: char| c.is_ascii_digit());
    // Whether the next word usually opens a sentence: needed only by some cases below.
    let opener = || {
        let w = next.trim_start_matches(['"', '\'', '“', '‘', '(', '[']);
        let len = w.find(|c: char| !c.is_alphabetic()).unwrap_or(w.len());
        is_opener(&w[..len])
    };
    if is_title(word) {
        return false;
    }
    if is_before_number(word) && next_is_digit {
        return false;
    }
    if is_suffix(word) {
        return opener();
    }
    let mut chars = word.chars();
    let first = chars.next();
    if first.is_some_and(char::is_uppercase) && chars.next().is_none() {
        // An initial (`George W. Bush`), unless an opener follows (`World War I. But`).
        return opener();
    }
    // A byte test: `str::contains` sets up a memchr search, slow on such short words.
    if word.bytes().any(|b| b == b'.') {
        // Dotted abbreviations: `U.S`, `J.R.R`, `a.m`, `e.g`.
        let segments_short = word
            .split('.')
            .all(|s| (1..=2).contains(&s.chars().count()) && s.chars().all(char::is_alphabetic));
        if segments_short {
            return match word {
                "e.g" | "i.e" | "cf" => false,
                _ => opener(),
            };
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(p: &str) -> Vec<&str> {
        let mut out = Vec::new();
        split_into(p, Span::new(0, p.len()), &mut out);
        out.iter().map(|s| s.slice(p)).collect()
    }

    #[test]
    fn last_word_after_space_or_opening_mark() {
        let cases = [
            ("He met Mr", "Mr"),
            ("(Gen", "Gen"),
            ("“U.S", "U.S"),
            ("said ‘A", "A"),
            ("x\u{a0}No", "No"),
            ("x\u{2003}Dr", "Dr"),
            ("\u{b}v", "v"),
            ("Café", "Café"),
            ("", ""),
            ("end ", ""),
        ];
        for (s, word) in cases {
            assert_eq!(&s[last_word_start(s)..], word, "{s:?}");
            let reference = s
                .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '‘' | '['))
                .next()
                .unwrap_or("");
            assert_eq!(&s[last_word_start(s)..], reference, "{s:?}");
        }
        assert!(has_ellipsis("a…".as_bytes()) && !has_ellipsis("a—”".as_bytes()));
    }

    #[test]
    fn abbreviations_initials_numbers_quotes() {
        let cases: &[(&str, &[&str])] = &[
            ("Mr. Smith met Mrs. Jones. Dr. Lee agreed.", &["Mr. Smith met Mrs. Jones.", "Dr. Lee agreed."]),
            ("Gen. Ray, Sen. Ames and Gov. Low spoke. Prof. Ng wrote.", &["Gen. Ray, Sen. Ames and Gov. Low spoke.", "Prof. Ng wrote."]),
            ("The U.S. President flew to the U.K. Government offices. He left.", &["The U.S. President flew to the U.K. Government offices.", "He left."]),
            ("Sales rose in the U.S. The U.K. lagged.", &["Sales rose in the U.S.", "The U.K. lagged."]),
            ("J.R.R. Tolkien and George W. Bush met. They talked.", &["J.R.R. Tolkien and George W. Bush met.", "They talked."]),
            ("It fell on Jan. 5 and Dec. 12 at No. 10 Downing St. Officials said so.", &["It fell on Jan. 5 and Dec. 12 at No. 10 Downing St. Officials said so."]),
            ("He arrived in Sept. But nobody came.", &["He arrived in Sept.", "But nobody came."]),
            ("Acme Inc. Chief Executive Al Roe quit. Acme Ltd. The rival firm rose. Big Corp. said no.", &["Acme Inc. Chief Executive Al Roe quit.", "Acme Ltd.", "The rival firm rose.", "Big Corp. said no."]),
            ("We met at 9 a.m. Monday and left at 5 p.m. The talks failed.", &["We met at 9 a.m. Monday and left at 5 p.m.", "The talks failed."]),
            ("Growth was 3.5% and profit $4.2bn. It paid £1.5m. Shares rose 0.5 points.", &["Growth was 3.5% and profit $4.2bn.", "It paid £1.5m.", "Shares rose 0.5 points."]),
            ("He paused... Then he spoke. She waited… And left.", &["He paused...", "Then he spoke.", "She waited…", "And left."]),
            ("It was... well, odd. Fine.", &["It was... well, odd.", "Fine."]),
            ("… cooperation.” He boasted of it.", &["… cooperation.”", "He boasted of it."]),
            ("He said: \"We will win.\" Then he left.", &["He said: \"We will win.\"", "Then he left."]),
            ("“Why?” he asked. “Because!” She left.", &["“Why?” he asked.", "“Because!”", "She left."]),
            ("It rained (heavily.) Then it stopped! Really? Yes.", &["It rained (heavily.)", "Then it stopped!", "Really?", "Yes."]),
            ("Prices rose, e.g. Fuel and food. Ok.", &["Prices rose, e.g. Fuel and food.", "Ok."]),
            ("It ended in 2004. 2005 was better.", &["It ended in 2004.", "2005 was better."]),
            ("He said.He left.", &["He said.He left."]),
            ("She quoted ‘A. N. Other’. Then she sat.", &["She quoted ‘A. N. Other’.", "Then she sat."]),
            ("  Lead space. Trailing space.  ", &["Lead space.", "Trailing space."]),
            ("He served in World War I. But he lived. Malcolm X. Besides, it ended.", &["He served in World War I.", "But he lived.", "Malcolm X.", "Besides, it ended."]),
            ("It renamed itself MCI Inc. Former staff left.", &["It renamed itself MCI Inc.", "Former staff left."]),
            ("It flew... \" Hailey recalled. A stray mark. '", &["It flew... \" Hailey recalled.", "A stray mark. '"]),
        ];
        for &(p, expected) in cases {
            assert_eq!(split(p), expected, "{p}");
        }
    }
}
