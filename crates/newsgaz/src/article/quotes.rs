//! Quotations: pairing quote marks, quotes that run across paragraphs, scare quotes, and
//! the speech cue (`Putin said`, `”, he added`) that ties a quote to its speaker.

use super::cues::{
    according_to, appositive_speaker, may_be_cue, may_hold_cue, speaker_after, speaker_before,
    speech_lemma, tokens_into, Token, Tokens,
};
use super::{Quote, QuoteKind, SpeechCue};
use crate::lexicon::List;
use crate::span::Span;

/// Opening marks and closing marks of one family; straight marks are both.
struct Family {
    open: char,
    close: char,
    straight: char,
}

const DOUBLE: Family = Family {
    open: '“',
    close: '”',
    straight: '"',
};
const SINGLE: Family = Family {
    open: '‘',
    close: '’',
    straight: '\'',
};

/// Finds the quotations of the body, in text order, with their kinds and cues.
pub(crate) fn find_quotes(text: &str, paragraphs: &[Span], sentences: &[Span]) -> Vec<Quote> {
    let mut pairs = Vec::new();
    for family in [&DOUBLE, &SINGLE] {
        pair_marks(text, paragraphs, family, &mut pairs);
    }
    pairs.sort();
    let mut quotes = Vec::with_capacity(pairs.len());
    // Quotes of one sentence share its tokens.
    let mut cache: (Span, Vec<Token>) = (Span::new(0, 0), Vec::new());
    // The few tokens after each closing mark, in one buffer reused for every quote.
    let mut window = Vec::new();
    for &(open, close) in &pairs {
        let open_len = text[open..].chars().next().map_or(1, char::len_utf8);
        let close_len = text[close..].chars().next().map_or(1, char::len_utf8);
        let span = Span::new(open, close + close_len);
        let content = Span::new(open + open_len, close);
        if content.slice(text).trim().is_empty() {
            continue;
        }
        let cue = find_cue(text, sentences, span, &pairs, &mut cache, &mut window);
        let short = content.slice(text).split_whitespace().nth(2).is_none();
        let kind = if short && (cue.is_none() || attributive(text, span)) {
            QuoteKind::Scare
        } else {
            QuoteKind::Speech
        };
        let cue = match kind {
            QuoteKind::Speech => cue.or_else(|| carried_cue(sentences, &quotes, span)),
            _ => None,
        };
        quotes.push(Quote {
            span,
            content,
            kind,
            cue,
        });
    }
    quotes
}

/// The cue of the previous speech quote when this one follows it with no sentence between
/// (`... ,” said Rusedski. “Hopefully ...”`): the same speaker goes on.
fn carried_cue(sentences: &[Span], before: &[Quote], quote: Span) -> Option<SpeechCue> {
    let prev = before.iter().rev().find(|q| q.kind == QuoteKind::Speech)?;
    let cue = prev.cue.as_ref()?;
    let sentence_of = |at: usize| sentences.partition_point(|s| s.end <= at);
    let prev_end = sentence_of(prev.span.end.max(cue.span.end).saturating_sub(1));
    (sentence_of(quote.start) <= prev_end + 1).then(|| SpeechCue {
        carried: true,
        ..cue.clone()
    })
}

fn is_open_context(prev: Option<char>) -> bool {
    prev.is_none_or(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '(' | '[' | '{' | '—' | '–' | '-' | '/' | '“' | '‘' | '"' | '\''
            )
    })
}

/// Pairs the marks of `family`, paragraph by paragraph. A paragraph that ends inside a
/// quotation continues it when the next paragraph opens with a mark of the same family.
fn pair_marks(text: &str, paragraphs: &[Span], family: &Family, out: &mut Vec<(usize, usize)>) {
    let mut carried: Option<usize> = None;
    for (pi, p) in paragraphs.iter().enumerate() {
        let s = p.slice(text);
        let mut open: Option<usize> = carried.take();
        let mut skip_first = open.is_some();
        // Only the marks matter: jump from one to the next.
        for (i, c) in marks(s, family) {
            let mark_len = c.len_utf8();
            let before = s[..i].chars().next_back();
            let next = s[i + mark_len..].chars().next();
            let at = p.start + i;
            if skip_first {
                skip_first = false;
                if i == 0 && (c == family.open || c == family.straight) {
                    continue; // The reopening mark of a continued quotation.
                }
            }
            let letters_around = before.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric);
            let opening = (c == family.open || c == family.straight)
                && is_open_context(before)
                && next.is_some_and(|n| !n.is_whitespace());
            let closing = (c == family.close || c == family.straight)
                && !letters_around
                && before.is_some_and(|b| !b.is_whitespace())
                && next.is_none_or(|n| !n.is_alphanumeric());
            match open {
                Some(o) if closing => {
                    out.push((o, at));
                    open = None;
                }
                None if opening => open = Some(at),
                // A second curly opening mark before any close: the first was never closed.
                Some(_) if opening && c == family.open => open = Some(at),
                _ => {}
            }
        }
        if let Some(o) = open {
            let continues = paragraphs
                .get(pi + 1)
                .is_some_and(|n| n.slice(text).starts_with([family.open, family.straight]));
            if continues {
                carried = Some(o);
            }
        }
    }
}

/// The byte offsets and characters of the family's marks in `s`, found byte-wise
/// (curly marks are U+201C/D and U+2018/9: E2 80 9C/9D/98/99 in UTF-8).
fn marks<'s>(s: &'s str, family: &'s Family) -> impl Iterator<Item = (usize, char)> + 's {
    let b = s.as_bytes();
    let straight = family.straight as u8;
    memchr::memchr2_iter(straight, 0xE2, b).filter_map(move |i| {
        if b[i] == straight {
            return Some((i, family.straight));
        }
        if b.get(i + 1) != Some(&0x80) {
            return None;
        }
        let c = s[i..].chars().next()?;
        (c == family.open || c == family.close).then_some((i, c))
    })
}

/// A short quote inside a noun phrase: `a “no limits” partnership`.
fn attributive(text: &str, span: Span) -> bool {
    let before = text[..span.start].trim_end();
    let prev_word = before
        .rsplit(|c: char| !c.is_alphanumeric() && c != '-')
        .next()
        .unwrap_or("");
    let after = &text[span.end..];
    let next_word = after.strip_prefix(' ').map_or("", |a| {
        a.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("")
    });
    // `a “no limits” partnership`: a noun follows, not a function word.
    let followed_by_word =
        next_word.starts_with(char::is_lowercase) && !List::FunctionWords.contains(next_word);
    let determiner = List::ScareQuoteOpeners.contains(prev_word);
    // `“We won,” she said`: punctuation inside the marks, or a cue right after, is speech.
    let speech_shaped = text[..span.end]
        .trim_end_matches(['”', '"', '’', '\''])
        .ends_with([',', '.', '!', '?'])
        || speech_lemma(next_word).is_some()
        || List::Pronouns.contains(next_word);
    !speech_shaped && (determiner || (followed_by_word && !before.ends_with([',', ':'])))
}

/// The speech cue of a quotation, searched in the sentences holding it.
fn find_cue(
    text: &str,
    sentences: &[Span],
    quote: Span,
    pairs: &[(usize, usize)],
    cache: &mut (Span, Vec<Token>),
    window: &mut Vec<Token>,
) -> Option<SpeechCue> {
    let first = sentences.partition_point(|s| s.end <= quote.start);
    let last = sentences.partition_point(|s| s.end < quote.end);
    let region = match (
        sentences.get(first),
        sentences.get(last.min(sentences.len().saturating_sub(1))),
    ) {
        (Some(a), Some(b)) => Span::new(a.start.min(quote.start), b.end.max(quote.end)),
        _ => quote,
    };
    // 1. Right after the closing mark: most quotes end `,” he said`. Only a few words
    //    after the mark are needed, so only they are tokenised.
    let mut window_end = region.end.min(quote.end + 160);
    while window_end < region.end && !text.as_bytes()[window_end].is_ascii_whitespace() {
        window_end += 1;
    }
    window_tokens(text, Span::new(quote.end, window_end), window);
    if let Some(cue) = cue_after_close(text, window, quote) {
        return Some(cue);
    }
    // Nearly half the regions that get here hold no cue word at all: skip tokenising.
    if !may_hold_cue(region.slice(text)) {
        return None;
    }
    if cache.0 != region || region.is_empty() {
        cache.0 = region;
        tokens_into(text, region, &mut cache.1);
    }
    let toks = &cache.1;
    // Tokens inside any quotation are the speaker's words, not the reporter's.
    let from = pairs.partition_point(|&(_, c)| c < region.start);
    let near = &pairs[from..from + pairs[from..].partition_point(|&(o, _)| o < region.end)];
    let inside = |t: &Token| {
        near.iter()
            .any(|&(o, c)| o <= t.span.start && t.span.end <= c + 3)
    };
    let after_close = toks
        .iter()
        .position(|t| t.span.start >= quote.end)
        .unwrap_or(toks.len());
    let before_open = toks
        .iter()
        .position(|t| t.span.start >= quote.start)
        .unwrap_or(toks.len());

    // 2. The nearest speech verb outside quotations in the same sentences: before the
    //    quote first (`Putin said the ... “useful information”`), then after it.
    let cue_at = |j: usize| -> Option<SpeechCue> {
        let t = &toks[j];
        if !t.word || !may_be_cue(&text.as_bytes()[t.span.start..t.span.end]) {
            return None;
        }
        // Inside a quotation is checked last: most words are no cue at all.
        if according_to(text, toks, j) {
            if inside(t) {
                return None;
            }
            return Some(SpeechCue {
                span: Span::new(t.span.start, toks[j + 1].span.end),
                verb: "according to".into(),
                speaker: speaker_after(text, toks, j + 2),
                carried: false,
            });
        }
        let lemma = speech_lemma(t.span.slice(text))?;
        if inside(t) {
            return None;
        }
        let comma_before = j > 0 && toks[j - 1].span.slice(text) == ",";
        let speaker = speaker_before(text, toks, j)
            // `The minister, Ana Ferreira, said`: the name set off by commas speaks.
            .or_else(|| {
                comma_before
                    .then(|| appositive_speaker(text, toks, j - 1))
                    .flatten()
            })
            // `“...”, it went on, said Putin`: an inverted speaker only after the quote;
            // before it, `, said the terminal would` names what was said, not who.
            .or_else(|| {
                (j >= after_close && j > 0 && !toks[j - 1].word)
                    .then(|| speaker_after(text, toks, j + 1))
                    .flatten()
            });
        Some(SpeechCue {
            span: t.span,
            verb: lemma.into(),
            speaker,
            carried: false,
        })
    };
    (0..before_open)
        .rev()
        .find_map(cue_at)
        .or_else(|| (after_close..toks.len()).find_map(cue_at))
}

/// Punctuation `cue_after_close` skips before the cue: `,” said`, `” — he said`.
fn leading_punctuation(text: &str, t: &Token) -> bool {
    !t.word && matches!(t.span.slice(text), "," | "—" | "–" | "-")
}

/// The tokens `cue_after_close` can look at: the leading punctuation and then
/// `WINDOW_WORDS` tokens (it reads at most ten past the punctuation).
fn window_tokens(text: &str, span: Span, out: &mut Vec<Token>) {
    const WINDOW_WORDS: usize = 12;
    out.clear();
    let mut after_lead = 0;
    for t in Tokens::new(text, span) {
        if after_lead > 0 || !leading_punctuation(text, &t) {
            after_lead += 1;
        }
        out.push(t);
        if after_lead == WINDOW_WORDS {
            break;
        }
    }
}

/// The cue right after the closing mark: `,” said Putin`, `,” he added`,
/// `”, according to X`. `toks` are the tokens from the closing mark on.
fn cue_after_close(text: &str, toks: &[Token], quote: Span) -> Option<SpeechCue> {
    let mut i = 0;
    while toks.get(i).is_some_and(|t| leading_punctuation(text, t)) {
        i += 1;
    }
    if according_to(text, toks, i) {
        return Some(SpeechCue {
            span: Span::new(toks[i].span.start, toks[i + 1].span.end),
            verb: "according to".into(),
            speaker: speaker_after(text, toks, i + 2),
            carried: false,
        });
    }
    if let Some(lemma) = toks
        .get(i)
        .filter(|t| t.word)
        .and_then(|t| speech_lemma(t.span.slice(text)))
    {
        return Some(SpeechCue {
            span: toks[i].span,
            verb: lemma.into(),
            speaker: speaker_after(text, toks, i + 1),
            carried: false,
        });
    }
    for (j, t) in toks.iter().enumerate().take(i + 7).skip(i) {
        if !t.word {
            break;
        }
        if let Some(lemma) = speech_lemma(t.span.slice(text)) {
            return Some(SpeechCue {
                span: t.span,
                verb: lemma.into(),
                speaker: speaker_before(text, &toks[..j + 1], j).filter(|s| s.start >= quote.end),
                carried: false,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::Article;
    use super::*;

    struct Expect {
        quote: &'static str,
        kind: QuoteKind,
        verb: Option<&'static str>,
        speaker: Option<&'static str>,
    }

    fn q(
        quote: &'static str,
        kind: QuoteKind,
        verb: Option<&'static str>,
        speaker: Option<&'static str>,
    ) -> Expect {
        Expect {
            quote,
            kind,
            verb,
            speaker,
        }
    }

    fn check(body: &str, expected: &[Expect]) {
        let text = format!("Title\n\n{body}");
        let a = Article::parse_plain(text.as_str());
        let got: Vec<(&str, QuoteKind, Option<&str>, Option<&str>)> = a
            .quotes
            .iter()
            .map(|x| {
                assert_eq!(
                    x.content.start,
                    x.span.start + text[x.span.start..].chars().next().unwrap().len_utf8()
                );
                (
                    x.content.slice(&text),
                    x.kind,
                    x.cue.as_ref().map(|c| c.verb.as_str()),
                    x.cue
                        .as_ref()
                        .and_then(|c| c.speaker)
                        .map(|s| s.slice(&text)),
                )
            })
            .collect();
        let want: Vec<_> = expected
            .iter()
            .map(|e| (e.quote, e.kind, e.verb, e.speaker))
            .collect();
        assert_eq!(got, want, "{body}");
    }

    use QuoteKind::{Scare, Speech};

    #[test]
    fn speaker_before_the_verb_not_the_clause_after_it() {
        check(
            "The minister, Ana Ferreira, said the port would “double its trade” soon.",
            &[q(
                "double its trade",
                Speech,
                Some("say"),
                Some("Ana Ferreira"),
            )],
        );
        check(
            "Marc Gonsalves, an executive at Acme Mining, said the bid was “far too low for us” today.",
            &[q("far too low for us", Speech, Some("say"), Some("Marc Gonsalves"))],
        );
        check(
            "Told the figures, the minister said the plan “would work for everyone” soon.",
            &[q(
                "would work for everyone",
                Speech,
                Some("say"),
                Some("the minister"),
            )],
        );
        check(
            "Officials said the port would “double its trade” soon.",
            &[q(
                "double its trade",
                Speech,
                Some("say"),
                Some("Officials"),
            )],
        );
    }

    #[test]
    fn curly_straight_and_single_quotes_with_cues() {
        check(
            "“We will win,” he said.",
            &[q("We will win,", Speech, Some("say"), Some("he"))],
        );
        check(
            "\"We will win,\" said the minister, who left.",
            &[q("We will win,", Speech, Some("say"), Some("the minister"))],
        );
        check(
            "Mr Blair told reporters: ‘We are not going back on this.’",
            &[q(
                "We are not going back on this.",
                Speech,
                Some("tell"),
                Some("Mr Blair"),
            )],
        );
        check(
            "'It is over for them,' Smith added.",
            &[q(
                "It is over for them,",
                Speech,
                Some("add"),
                Some("Smith"),
            )],
        );
        check(
            "“Prices will rise,” according to Jane Doe of Acme.",
            &[q(
                "Prices will rise,",
                Speech,
                Some("according to"),
                Some("Jane Doe of Acme"),
            )],
        );
        check(
            "The Russian president described it as “another crucial area” for both.",
            &[q(
                "another crucial area",
                Speech,
                Some("describe"),
                Some("The Russian president"),
            )],
        );
        check(
            "Li vowed that “we shall overcome every obstacle together.”",
            &[q(
                "we shall overcome every obstacle together.",
                Speech,
                Some("vow"),
                Some("Li"),
            )],
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        check("The players’ union said Sunday’s game wasn't on. Fans' chants and 'a great day' followed.", &[q("a great day", Speech, None, None)]);
        check("Britain's 1990s boom and the '80s bust.", &[]);
    }

    #[test]
    fn scare_quotes_of_one_or_two_words() {
        check(
            "They declared a “no limits” partnership.",
            &[q("no limits", Scare, None, None)],
        );
        check(
            "The so-called \"dodgy dossier\" was cited.",
            &[q("dodgy dossier", Scare, None, None)],
        );
        check("Critics call it ‘spin’.", &[q("spin", Scare, None, None)]);
        check(
            "It happened. “We won,” she said.",
            &[q("We won,", Speech, Some("say"), Some("she"))],
        );
        check(
            "He said the talks were “useful” and fair.",
            &[q("useful", Speech, Some("say"), Some("He"))],
        );
        check(
            "Putin said they were exchanging “useful information” daily.",
            &[q("useful information", Scare, None, None)],
        );
        check(
            "Putin said they were exchanging “useful information”.",
            &[q("useful information", Speech, Some("say"), Some("Putin"))],
        );
    }

    #[test]
    fn a_following_quote_carries_the_speaker_on() {
        let body = "“We won,” said Rusedski. “Hopefully that is the end of it.”\n\n“Next,” he said. Then rain fell. “Nobody saw the match coming at all.”";
        let text = format!("Title\n\n{body}");
        let a = Article::parse_plain(text.as_str());
        let got: Vec<(&str, Option<&str>, bool)> = a
            .quotes
            .iter()
            .map(|q| {
                let cue = q.cue.as_ref();
                (
                    q.content.slice(&text),
                    cue.and_then(|c| c.speaker).map(|s| s.slice(&text)),
                    cue.is_some_and(|c| c.carried),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("We won,", Some("Rusedski"), false),
                ("Hopefully that is the end of it.", Some("Rusedski"), true),
                ("Next,", Some("he"), false),
                ("Nobody saw the match coming at all.", None, false),
            ]
        );
    }

    #[test]
    fn quotes_across_sentences_and_paragraphs() {
        check(
            "“We will win. They will lose,” he said.",
            &[q(
                "We will win. They will lose,",
                Speech,
                Some("say"),
                Some("he"),
            )],
        );
        let body = "She said: “The first part runs on.\n\n“And the second ends it,” she added.";
        let text = format!("Title\n\n{body}");
        let a = Article::parse_plain(text.as_str());
        assert_eq!(a.quotes.len(), 1);
        let x = &a.quotes[0];
        assert_eq!(
            x.span.slice(&text),
            "“The first part runs on.\n\n“And the second ends it,”"
        );
        assert_eq!(x.cue.as_ref().unwrap().span.slice(&text), "added");
        // The same with straight marks, as the BBC writes them.
        let body = "He said: \"The first part runs on.\n\n\"And the second ends it.\"\n\nNext.";
        let text = format!("Title\n\n{body}");
        let a = Article::parse_plain(text.as_str());
        assert_eq!(a.quotes.len(), 1);
        assert_eq!(
            a.quotes[0].content.slice(&text),
            "The first part runs on.\n\n\"And the second ends it."
        );
        assert_eq!(a.quotes[0].cue.as_ref().unwrap().verb, "say");
        // Unclosed with no continuation: no quote is invented.
        check("He said “this never ends.\n\nNext paragraph.", &[]);
    }
}
