//! Tagging: matches turned into self-contained mention records with byte and char offsets.
//!
//! These records are the contract the CLI prints and the Python binding returns; their
//! field names are stable.

use serde::{Deserialize, Serialize};

use crate::article::Article;
use crate::gazetteer::{AliasKind, Gazetteer};
use crate::matcher::{Candidate, Matcher};
use crate::offsets::CharOffsets;
use crate::span::Span;

/// How a mention names its entity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum MentionForm {
    /// A listed name or alias of the entity.
    #[default]
    Name,
    /// One capitalised token of a person's name (`Putin` for Vladimir Putin), linked in
    /// context by the annotator.
    Partial,
    /// A demonym or adjectival alias (`Chinese` → China).
    Demonym,
}

impl MentionForm {
    /// The form of a match of an alias of `kind`.
    pub fn of_kind(kind: AliasKind) -> MentionForm {
        match kind {
            AliasKind::Demonym => MentionForm::Demonym,
            _ => MentionForm::Name,
        }
    }
}

/// One mention of an entity, with everything a consumer needs and no reference back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Byte offset of the first byte in the text.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Code point offset of the first character (a Python `str` index).
    pub char_start: usize,
    /// Code point offset one past the last character.
    pub char_end: usize,
    /// The text as it appears (`text[start..end]`).
    pub text: String,
    /// Id of the preferred entity.
    pub entity: String,
    /// Name of the preferred entity.
    pub name: String,
    /// Label of the preferred entity.
    pub label: String,
    /// Ids of every entity with this alias, preferred first.
    pub candidates: Vec<String>,
    /// Index of the body paragraph holding the mention (`None` in the title or plain text).
    pub paragraph: Option<usize>,
    /// Index of the body sentence holding the mention (`None` in the title or plain text).
    pub sentence: Option<usize>,
    /// True when the mention lies in the article's title.
    #[serde(default)]
    pub in_title: bool,
    /// True when the mention lies inside a quotation (between its marks).
    #[serde(default)]
    pub in_quote: bool,
    /// How the mention names the preferred entity.
    #[serde(default)]
    pub form: MentionForm,
}

/// An article with its mentions: one line of `newsgaz tag` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaggedArticle {
    /// The article's id, if it has one.
    pub id: Option<String>,
    /// Where the article was read from (`path`, `path:line` for JSONL, `path#index` for
    /// JSON arrays, `-` for standard input).
    pub source: String,
    /// The title, if any.
    pub title: Option<String>,
    /// The full text all offsets refer to.
    pub text: String,
    /// Mentions in text order.
    pub mentions: Vec<Mention>,
}

/// Finds mentions in plain text (no paragraph or sentence indices).
///
/// Leftmost-longest non-overlapping mentions, or every one when the matcher's
/// `overlapping` option is set.
pub fn find_mentions(matcher: &Matcher, text: &str) -> Vec<Mention> {
    mentions_with(matcher, text, matcher.options().overlapping, |_, _| {
        Place::default()
    })
}

/// Finds every mention in plain text, overlapping ones included, whatever the options.
pub fn find_overlapping_mentions(matcher: &Matcher, text: &str) -> Vec<Mention> {
    mentions_with(matcher, text, true, |_, _| Place::default())
}

/// Where a mention lies in its article.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Place {
    pub(crate) paragraph: Option<usize>,
    pub(crate) sentence: Option<usize>,
    pub(crate) in_title: bool,
    pub(crate) in_quote: bool,
}

impl Place {
    /// The place of the mention covering `start..end` in `article`.
    pub(crate) fn in_article(article: &Article, start: usize, end: usize) -> Place {
        Place {
            paragraph: article.paragraph_at(start),
            sentence: article.sentence_at(start),
            in_title: article
                .title_span
                .is_some_and(|t| t.start <= start && end <= t.end),
            in_quote: article
                .quotes
                .iter()
                .any(|q| q.content.start <= start && end <= q.content.end),
        }
    }
}

/// Tags an article: every mention with its paragraph and sentence.
pub fn tag_article(
    matcher: &Matcher,
    article: &Article,
    source: impl Into<String>,
) -> TaggedArticle {
    let overlapping = matcher.options().overlapping;
    let mentions = mentions_with(matcher, &article.text, overlapping, |start, end| {
        Place::in_article(article, start, end)
    });
    TaggedArticle {
        id: article.id.clone(),
        source: source.into(),
        title: article.title.clone(),
        text: article.text.clone(),
        mentions,
    }
}

fn mentions_with(
    matcher: &Matcher,
    text: &str,
    overlapping: bool,
    locate: impl Fn(usize, usize) -> Place,
) -> Vec<Mention> {
    let gazetteer = matcher.gazetteer();
    let mut chars = CharOffsets::new(text);
    let found = if overlapping {
        matcher.find_overlapping_iter(text)
    } else {
        matcher.find_iter(text)
    };
    found
        .map(|m| {
            let place = locate(m.start(), m.end());
            let form = MentionForm::of_kind(m.candidates()[0].kind);
            Mention::build(
                gazetteer,
                text,
                &mut chars,
                m.span(),
                m.candidates(),
                place,
                form,
            )
        })
        .collect()
}

impl Mention {
    /// The record of a mention of `candidates[0]` (the preferred one) at `span` of `text`;
    /// `chars` converts offsets of `text`.
    pub(crate) fn build(
        gazetteer: &Gazetteer,
        text: &str,
        chars: &mut CharOffsets<'_>,
        span: Span,
        candidates: &[Candidate],
        place: Place,
        form: MentionForm,
    ) -> Mention {
        let entry = gazetteer.entry(candidates[0].entity);
        Mention {
            start: span.start,
            end: span.end,
            char_start: chars.char_offset(span.start),
            char_end: chars.char_offset(span.end),
            text: span.slice(text).to_owned(),
            entity: entry.id.clone(),
            name: entry.name.clone(),
            label: entry.label.clone(),
            candidates: candidates
                .iter()
                .map(|c| gazetteer.entry(c.entity).id.clone())
                .collect(),
            paragraph: place.paragraph,
            sentence: place.sentence,
            in_title: place.in_title,
            in_quote: place.in_quote,
            form,
        }
    }
}
