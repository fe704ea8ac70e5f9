//! Tagging: matches turned into self-contained mention records with byte and char offsets.
//!
//! These records are the contract the CLI prints and the Python binding returns; their
//! field names are stable.

use serde::{Deserialize, Serialize};

use crate::article::Article;
use crate::matcher::Matcher;
use crate::offsets::CharOffsets;

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
    mentions_with(matcher, text, matcher.options().overlapping, |_| {
        (None, None)
    })
}

/// Finds every mention in plain text, overlapping ones included, whatever the options.
pub fn find_overlapping_mentions(matcher: &Matcher, text: &str) -> Vec<Mention> {
    mentions_with(matcher, text, true, |_| (None, None))
}

/// Tags an article: every mention with its paragraph and sentence.
pub fn tag_article(
    matcher: &Matcher,
    article: &Article,
    source: impl Into<String>,
) -> TaggedArticle {
    let overlapping = matcher.options().overlapping;
    let mentions = mentions_with(matcher, &article.text, overlapping, |start| {
        (article.paragraph_at(start), article.sentence_at(start))
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
    locate: impl Fn(usize) -> (Option<usize>, Option<usize>),
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
            let entry = gazetteer.entry(m.entity());
            let (paragraph, sentence) = locate(m.start());
            Mention {
                start: m.start(),
                end: m.end(),
                char_start: chars.char_offset(m.start()),
                char_end: chars.char_offset(m.end()),
                text: text[m.start()..m.end()].to_owned(),
                entity: entry.id.clone(),
                name: entry.name.clone(),
                label: entry.label.clone(),
                candidates: m
                    .candidates()
                    .iter()
                    .map(|c| gazetteer.entry(c.entity).id.clone())
                    .collect(),
                paragraph,
                sentence,
            }
        })
        .collect()
}
