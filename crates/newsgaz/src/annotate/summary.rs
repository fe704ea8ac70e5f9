//! The document summary: one row per entity with a salience score, and the entity pairs
//! that share a sentence.

use std::collections::{BTreeMap, BTreeSet};

use crate::gazetteer::{EntityIndex, Entry};

use super::records::{Cooccurrence, EntitySummary, Mention};

/// Weights of a mention for salience: `(in the title, in the first paragraph, elsewhere)`.
///
/// An entity's salience is the sum of its mentions' weights divided by the sum over every
/// mention of the article, so the scores of an article add up to 1: an entity mentioned once
/// in the title and once in the first paragraph, in an article with nine other mentions
/// outside both, scores `(3 + 2) / (3 + 2 + 9) ≈ 0.36`.
///
/// ```
/// let (title, first_paragraph, elsewhere) = newsgaz::annotate::SALIENCE_WEIGHTS;
/// assert!(title > first_paragraph && first_paragraph > elsewhere);
/// ```
pub const SALIENCE_WEIGHTS: (f64, f64, f64) = (3.0, 2.0, 1.0);

/// The salience weight of one mention.
pub(crate) fn weight(m: &Mention) -> f64 {
    let (title, first, other) = SALIENCE_WEIGHTS;
    if m.in_title {
        title
    } else if m.paragraph == Some(0) {
        first
    } else {
        other
    }
}

/// One row per resolved entity, most salient first (ties: first mentioned first).
pub(crate) fn entities(mentions: &[Mention]) -> Vec<EntitySummary> {
    let mut rows: Vec<EntitySummary> = Vec::new();
    let mut weights: Vec<f64> = Vec::new();
    let mut index: BTreeMap<EntityIndex, usize> = BTreeMap::new();
    for m in mentions {
        let i = *index.entry(m.entity()).or_insert_with(|| {
            rows.push(EntitySummary {
                entity: m.entity(),
                count: 0,
                first: m.span.start,
                char_first: m.span.char_start,
                in_title: false,
                salience: 0.0,
            });
            weights.push(0.0);
            rows.len() - 1
        });
        rows[i].count += 1;
        rows[i].in_title |= m.in_title;
        weights[i] += weight(m);
    }
    let total: f64 = weights.iter().sum();
    for (row, w) in rows.iter_mut().zip(&weights) {
        row.salience = if total > 0.0 { w / total } else { 0.0 };
    }
    rows.sort_by(|a, b| {
        b.salience
            .total_cmp(&a.salience)
            .then(a.first.cmp(&b.first))
    });
    rows
}

/// An entity keyed by its id, so that pairs sort as their ids do.
type Keyed<'g> = (&'g str, EntityIndex);

/// Pairs of distinct entities mentioned in the same sentence, most frequent first (ties:
/// by ids). Mentions outside any sentence count only when they lie in the title.
/// `entry` gives the entry of an entity index (the gazetteer's, or the article's people).
pub(crate) fn cooccurrences<'g>(
    entry: impl Fn(EntityIndex) -> &'g Entry,
    mentions: &[Mention],
) -> Vec<Cooccurrence> {
    // `None` is the title; body sentences are `Some(index)`. Ids order the pairs.
    let mut sentences: BTreeMap<Option<usize>, BTreeSet<(&str, EntityIndex)>> = BTreeMap::new();
    for m in mentions {
        if m.sentence.is_some() || m.in_title {
            let entity = m.entity();
            let id = entry(entity).id.as_str();
            sentences
                .entry(m.sentence)
                .or_default()
                .insert((id, entity));
        }
    }
    let mut pairs: BTreeMap<(Keyed<'_>, Keyed<'_>), usize> = BTreeMap::new();
    for ids in sentences.values() {
        let ids: Vec<(&str, EntityIndex)> = ids.iter().copied().collect();
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                *pairs.entry((*a, *b)).or_default() += 1;
            }
        }
    }
    let mut out: Vec<Cooccurrence> = pairs
        .into_iter()
        .map(|(((_, a), (_, b)), count)| Cooccurrence { a, b, count })
        .collect();
    out.sort_by_key(|c| std::cmp::Reverse(c.count));
    out
}
