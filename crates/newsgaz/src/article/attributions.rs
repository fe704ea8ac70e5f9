//! Source attributions: `Reuters reported`, `the Associated Press reported`,
//! `according to X`, `X said in a statement`, `told X`.

use super::cues::{according_to, speaker_after, speaker_before, tokens_into, Token};
use super::Attribution;
use crate::lexicon::List;
use crate::span::Span;

use memchr::memmem::Finder;
use once_cell::sync::Lazy;

/// Words every attribution pattern holds, searched for first.
static CUE_WORDS: Lazy<[Finder<'static>; 4]> =
    Lazy::new(|| ["reported", "ccording to", "statement", "told"].map(Finder::new));

/// Finds the attributions of the body, in text order.
pub(crate) fn find_attributions(text: &str, sentences: &[Span]) -> Vec<Attribution> {
    let mut out = Vec::new();
    // The sentences holding a cue word, found with one memmem pass per word.
    let mut holding: Vec<usize> = CUE_WORDS
        .iter()
        .flat_map(|w| w.find_iter(text.as_bytes()))
        .filter_map(|at| {
            let i = sentences.partition_point(|s| s.end <= at);
            (i < sentences.len() && sentences[i].start <= at).then_some(i)
        })
        .collect();
    holding.sort_unstable();
    holding.dedup();
    let mut toks = Vec::new();
    for sentence in holding.into_iter().map(|i| sentences[i]) {
        tokens_into(text, sentence, &mut toks);
        let word = |i: usize| toks.get(i).filter(|t| t.word).map(|t| t.span.slice(text));
        for i in 0..toks.len() {
            match word(i) {
                Some("reported") => {
                    if let Some(source) =
                        speaker_before(text, &toks, i).filter(|&src| names_outlet(text, &toks, src))
                    {
                        out.push(Attribution {
                            source,
                            cue: toks[i].span,
                            verb: "report".into(),
                        });
                    }
                }
                Some("according" | "According") if according_to(text, &toks, i) => {
                    if let Some(source) = speaker_after(text, &toks, i + 2) {
                        out.push(Attribution {
                            source,
                            cue: Span::new(toks[i].span.start, toks[i + 1].span.end),
                            verb: "according to".into(),
                        });
                    }
                }
                Some("said" | "says")
                    if word(i + 1) == Some("in")
                        && matches!(
                            word(i + 2),
                            Some("a" | "its" | "their" | "his" | "her" | "the")
                        )
                        && word(i + 3) == Some("statement") =>
                {
                    if let Some(source) = speaker_before(text, &toks, i) {
                        out.push(Attribution {
                            source,
                            cue: Span::new(toks[i].span.start, toks[i + 3].span.end),
                            verb: "say".into(),
                        });
                    }
                }
                Some("told") => {
                    if let Some(source) = told_source(text, &toks, i + 1) {
                        out.push(Attribution {
                            source,
                            cue: toks[i].span,
                            verb: "tell".into(),
                        });
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// A reporting source names an organisation or outlet: a capitalised word that is not
/// a pronoun, or an outlet noun (`state media`).
fn names_outlet(text: &str, toks: &[Token], source: Span) -> bool {
    toks.iter()
        .filter(|t| t.word && source.contains(t.span))
        .any(|t| {
            let w = t.span.slice(text);
            let is_pronoun = List::Pronouns.contains(w);
            (w.starts_with(char::is_uppercase) && !is_pronoun && w != "The" && w != "A")
                || List::OutletNouns.contains(w)
        })
}

/// `told Reuters.`, `told the BBC on Monday`: a capitalised recipient ending the clause.
/// `Li told Putin that ...` reports speech to a person and is not an attribution.
fn told_source(text: &str, toks: &[Token], from: usize) -> Option<Span> {
    let phrase = speaker_after(text, toks, from)?;
    let end = toks
        .iter()
        .position(|t| t.span.start >= phrase.end)
        .unwrap_or(toks.len());
    let ends_clause = match toks.get(end) {
        None => true,
        Some(t) if !t.word => !matches!(t.span.slice(text), "'" | "’"),
        Some(t) => List::AfterTold.contains(t.span.slice(text)),
    };
    let has_name = toks[from..end]
        .iter()
        .any(|t| t.span.slice(text).starts_with(char::is_uppercase));
    (ends_clause && has_name).then_some(phrase)
}

#[cfg(test)]
mod tests {
    use super::super::Article;

    #[test]
    fn every_attribution_pattern() {
        type Found = (&'static str, &'static str, &'static str);
        let cases: &[(&str, &[Found])] = &[
            (
                "He met Putin, Reuters reported.",
                &[("Reuters", "reported", "report")],
            ),
            (
                "Li vowed to act, the Associated Press reported.",
                &[("the Associated Press", "reported", "report")],
            ),
            (
                "State media reported the deal.",
                &[("State media", "reported", "report")],
            ),
            ("The reported attack was denied.", &[]),
            (
                "Sales fell 5%, according to the Office for National Statistics.",
                &[(
                    "the Office for National Statistics",
                    "according to",
                    "according to",
                )],
            ),
            (
                "According to police, two men fled.",
                &[("police", "According to", "according to")],
            ),
            (
                "The ministry said in a statement that talks had ended.",
                &[("The ministry", "said in a statement", "say")],
            ),
            (
                "A spokesman told Reuters on Monday that it was over.",
                &[("Reuters", "told", "tell")],
            ),
            ("The minister told the BBC.", &[("the BBC", "told", "tell")]),
            ("Li told Putin that ties were good.", &[]),
            ("She told reporters: no.", &[]),
        ];
        for &(body, expected) in cases {
            let text = format!("Title\n\n{body}");
            let a = Article::parse_plain(text.as_str());
            let got: Vec<(&str, &str, &str)> = a
                .attributions
                .iter()
                .map(|x| (x.source.slice(&text), x.cue.slice(&text), x.verb.as_str()))
                .collect();
            assert_eq!(got, expected, "{body}");
        }
    }
}
