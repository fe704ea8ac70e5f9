//! Speakers of quotations and entities of credited sources.
//!
//! The article parser finds the quotation, its speech cue and the speaker phrase as
//! written; here the phrase is linked to an entity:
//! - a person mention inside the phrase ("Putin said"), or a mention that ends the phrase
//!   and is not a demonym ("the Kremlin said", but not the "Russian" of "the Russian
//!   president");
//! - a pronoun (he, she) → the last person mentioned before it;
//! - a role phrase ("the Russian president") → unlinked, unless the role rule is on: then
//!   the last person mention directly preceded by the phrase's last word ("President
//!   Vladimir Putin").
//!
//! Reported speech with no speaker phrase of its own keeps the speaker of the quotation
//! before it when that lies in the same or the previous sentence.

use crate::article::{Article, QuoteKind};
use crate::offsets::CharOffsets;
use crate::span::Span;
use crate::tag::{Mention, MentionForm};

use super::{AnnotateOptions, AttributionRecord, QuoteRecord, Speaker, SpeakerLink};

const PRONOUNS: &[&str] = &["he", "she"];

pub(crate) fn quotes(
    article: &Article,
    mentions: &[Mention],
    options: &AnnotateOptions,
) -> Vec<QuoteRecord> {
    let text = &article.text;
    let is_person = |m: &Mention| options.person_labels.contains(&m.label);
    let mut chars = CharOffsets::new(text);
    let mut out: Vec<QuoteRecord> = Vec::with_capacity(article.quotes.len());
    // The last speaker named, and the sentence of its quotation.
    let mut last: Option<(Speaker, Option<usize>)> = None;
    for q in &article.quotes {
        let sentence = article.sentence_at(q.span.start);
        let named = q.cue.as_ref().and_then(|c| c.speaker).map(|span| {
            let (mention, link) = link_speaker(text, span, mentions, &is_person, options);
            let mut chars = CharOffsets::new(text);
            Speaker {
                start: span.start,
                end: span.end,
                char_start: chars.char_offset(span.start),
                char_end: chars.char_offset(span.end),
                text: span.slice(text).to_owned(),
                entity: mention.map(|m| m.entity.clone()),
                name: mention.map(|m| m.name.clone()),
                link,
            }
        });
        // Reported speech without a speaker of its own continues the last one when that
        // was in the same or the previous sentence ("said ... “a” “b”").
        let speaker = match named {
            Some(s) => {
                last = Some((s.clone(), sentence));
                Some(s)
            }
            None if q.kind == QuoteKind::Speech => last
                .as_ref()
                .filter(|(_, at)| match (at, sentence) {
                    (Some(at), Some(now)) => now == *at || now == at + 1,
                    _ => false,
                })
                .map(|(s, _)| s.clone()),
            None => None,
        };
        out.push(QuoteRecord {
            start: q.span.start,
            end: q.span.end,
            char_start: chars.char_offset(q.span.start),
            char_end: chars.char_offset(q.span.end),
            text: q.content.slice(text).to_owned(),
            kind: q.kind,
            verb: q.cue.as_ref().map(|c| c.verb.clone()),
            speaker,
        });
    }
    out
}

fn overlaps(m: &Mention, span: Span) -> bool {
    m.start < span.end && span.start < m.end
}

/// The mention a speaker phrase refers to, and how it was found.
fn link_speaker<'m>(
    text: &str,
    span: Span,
    mentions: &'m [Mention],
    is_person: &impl Fn(&Mention) -> bool,
    options: &AnnotateOptions,
) -> (Option<&'m Mention>, SpeakerLink) {
    let phrase = span.slice(text).trim();
    let phrase_end = span.start + span.slice(text).trim_end().len();
    let inside = mentions.iter().filter(|m| overlaps(m, span));
    if let Some(m) = inside.clone().find(|m| is_person(m)) {
        return (Some(m), SpeakerLink::Mention);
    }
    if let Some(m) = inside
        .rev()
        .find(|m| m.end == phrase_end && m.form != MentionForm::Demonym)
    {
        return (Some(m), SpeakerLink::Mention);
    }
    let before = || {
        mentions
            .iter()
            .rev()
            .filter(|m| m.end <= span.start && is_person(m))
    };
    if PRONOUNS.iter().any(|p| phrase.eq_ignore_ascii_case(p)) {
        return match before().next() {
            Some(m) => (Some(m), SpeakerLink::Pronoun),
            None => (None, SpeakerLink::Unlinked),
        };
    }
    if options.role_rule {
        let role = phrase
            .rsplit(|c: char| !c.is_alphabetic())
            .find(|w| !w.is_empty())
            .unwrap_or("");
        if !role.is_empty() {
            let titled = before().find(|m| {
                text[..m.start]
                    .trim_end()
                    .rsplit(|c: char| !c.is_alphabetic())
                    .next()
                    .is_some_and(|w| w.eq_ignore_ascii_case(role))
            });
            if let Some(m) = titled {
                return (Some(m), SpeakerLink::Role);
            }
        }
    }
    (None, SpeakerLink::Unlinked)
}

pub(crate) fn attributions(article: &Article, mentions: &[Mention]) -> Vec<AttributionRecord> {
    let text = &article.text;
    let mut chars = CharOffsets::new(text);
    article
        .attributions
        .iter()
        .map(|a| {
            let entity = mentions
                .iter()
                .rev()
                .find(|m| overlaps(m, a.source) && m.form != MentionForm::Demonym)
                .map(|m| m.entity.clone());
            AttributionRecord {
                start: a.source.start,
                end: a.source.end,
                char_start: chars.char_offset(a.source.start),
                char_end: chars.char_offset(a.source.end),
                text: a.source.slice(text).to_owned(),
                verb: a.verb.clone(),
                entity,
            }
        })
        .collect()
}
