//! Speakers of quotations and entities of credited sources.
//!
//! The article parser finds the quotation, its speech cue and the speaker phrase as
//! written; here the phrase is linked to an entity:
//! - a person mention inside the phrase ("Putin said"), or a mention that ends the phrase
//!   and is not a demonym ("the Kremlin said", but not the "Russian" of "the Russian
//!   president"); a place speaks only as the whole phrase ("Moscow said"): in "a
//!   spokesperson in Brussels" the speaker is an organisation the phrase names, or
//!   unlinked;
//! - a pronoun (he, she) → the last person mentioned before it;
//! - a role phrase ("the Russian president") → unlinked, unless the role rule is on: then
//!   the last person mention directly preceded by the phrase's last word ("President
//!   Vladimir Putin").
//!
//! Reported speech with no speaker phrase of its own keeps the speaker of the quotation
//! before it when that lies in the same or the previous sentence.

use crate::article::{Article, QuoteKind};
use crate::gazetteer::EntityIndex;
use crate::lexicon::List;
use crate::offsets::CharBlocks;
use crate::span::Span;

use super::records::{Mention, MentionForm, Speaker, SpeakerLink};
use super::AnnotateOptions;

/// The speaker of each quotation of `article`, in the same order.
pub(crate) fn speakers(
    article: &Article,
    chars: &CharBlocks,
    mentions: &[Mention],
    is_person: impl Fn(EntityIndex) -> bool,
    is_place: impl Fn(EntityIndex) -> bool,
    options: &AnnotateOptions,
) -> Vec<Option<Speaker>> {
    let text = &article.text;
    let is_person = |m: &Mention| is_person(m.entity());
    let is_place = |m: &Mention| is_place(m.entity());
    // Pronouns and roles look back for a person: searched among these only, so that an
    // article with many mentions and no person costs no scan per quotation.
    let persons: Vec<&Mention> = mentions.iter().filter(|m| is_person(m)).collect();
    let mut out = Vec::with_capacity(article.quotes.len());
    // The last speaker named, and the sentence of its quotation.
    let mut last: Option<(Speaker, Option<usize>)> = None;
    for q in &article.quotes {
        let sentence = article.sentence_at(q.span.start);
        let named = q.cue.as_ref().and_then(|c| c.speaker).map(|span| {
            let kinds = EntityKinds {
                is_person: &is_person,
                is_place: &is_place,
            };
            let (mention, link) = link_speaker(text, span, mentions, &persons, &kinds, options);
            Speaker {
                span: chars.text_span(text, span),
                entity: mention.map(Mention::entity),
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
        out.push(speaker);
    }
    out
}

/// The mentions that overlap `span`, found by binary search: mentions ascend, so no
/// quotation costs a scan of the whole article. (With overlapping mentions on, the ends
/// no longer ascend and a match nested in a longer one may be passed over; the longer
/// one is still found.)
fn overlapping(mentions: &[Mention], span: Span) -> &[Mention] {
    let from = mentions.partition_point(|m| m.span.end <= span.start);
    let to = from + mentions[from..].partition_point(|m| m.span.start < span.end);
    &mentions[from..to]
}

/// What a mention's entity is, as far as speaking goes.
struct EntityKinds<'k> {
    is_person: &'k dyn Fn(&Mention) -> bool,
    is_place: &'k dyn Fn(&Mention) -> bool,
}

/// The mention a speaker phrase refers to, and how it was found.
fn link_speaker<'m>(
    text: &str,
    span: Span,
    mentions: &'m [Mention],
    persons: &[&'m Mention],
    kinds: &EntityKinds<'_>,
    options: &AnnotateOptions,
) -> (Option<&'m Mention>, SpeakerLink) {
    let phrase = span.slice(text).trim();
    let phrase_start = span.end - span.slice(text).trim_start().len();
    let phrase_end = span.start + span.slice(text).trim_end().len();
    let inside = overlapping(mentions, span).iter();
    if let Some(m) = inside.clone().find(|m| (kinds.is_person)(m)) {
        return (Some(m), SpeakerLink::Mention);
    }
    if let Some(m) = inside
        .clone()
        .rev()
        .find(|m| m.span.end == phrase_end && m.form != MentionForm::Demonym)
    {
        // The phrase may stop at "in" ("a spokesperson in Brussels said"): the place
        // is where the speaker is, not who.
        let located = text[..phrase_start]
            .trim_end()
            .rsplit(' ')
            .next()
            .is_some_and(|w| matches!(w, "in" | "at" | "from" | "near"));
        if !(kinds.is_place)(m) || (m.span.start == phrase_start && !located) {
            return (Some(m), SpeakerLink::Mention);
        }
        // "a spokesperson for the EU in Brussels": the organisation, if one is named.
        let organisation = inside
            .rev()
            .find(|m| m.form != MentionForm::Demonym && !(kinds.is_place)(m));
        return match organisation {
            Some(m) => (Some(m), SpeakerLink::Mention),
            None => (None, SpeakerLink::Unlinked),
        };
    }
    let before = || {
        let until = persons.partition_point(|m| m.span.start < span.start);
        persons[..until]
            .iter()
            .rev()
            .copied()
            .filter(move |m| m.span.end <= span.start)
    };
    if List::PersonPronouns.contains(phrase) {
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
                text[..m.span.start]
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

/// The entity each attribution of `article` credits, in the same order.
pub(crate) fn attribution_entities(
    article: &Article,
    mentions: &[Mention],
) -> Vec<Option<EntityIndex>> {
    article
        .attributions
        .iter()
        .map(|a| {
            overlapping(mentions, a.source)
                .iter()
                .rev()
                .find(|m| m.form != MentionForm::Demonym)
                .map(Mention::entity)
        })
        .collect()
}
