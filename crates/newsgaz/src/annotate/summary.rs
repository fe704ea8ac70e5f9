//! The document summary: one row per entity with a salience score, and the entity pairs
//! that share a sentence.

use std::collections::{BTreeMap, BTreeSet};

use crate::tag::Mention;

use super::{Cooccurrence, EntitySummary};

/// Weights of a mention for salience: `(in the title, in the first paragraph, elsewhere)`.
///
/// An entity's salience is the sum of its mentions' weights divided by the sum over every
/// mention of the article, so the scores of an article add up to 1: an entity mentioned once
/// in the title and once in the first paragraph, in an article with nine other mentions
/// outside both, scores `(3 + 2) / (3 + 2 + 9) ≈ 0.36`.
pub const SALIENCE_WEIGHTS: (f64, f64, f64) = (3.0, 2.0, 1.0);

fn weight(m: &Mention) -> f64 {
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
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for m in mentions {
        let i = *index.entry(&m.entity).or_insert_with(|| {
            rows.push(EntitySummary {
                id: m.entity.clone(),
                name: m.name.clone(),
                label: m.label.clone(),
                count: 0,
                first: m.start,
                char_first: m.char_start,
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

/// Pairs of distinct entities mentioned in the same sentence, most frequent first (ties:
/// by ids). Mentions outside any sentence count only when they lie in the title.
pub(crate) fn cooccurrences(mentions: &[Mention]) -> Vec<Cooccurrence> {
    // `None` is the title; body sentences are `Some(index)`.
    let mut sentences: BTreeMap<Option<usize>, BTreeSet<&str>> = BTreeMap::new();
    for m in mentions {
        if m.sentence.is_some() || m.in_title {
            sentences.entry(m.sentence).or_default().insert(&m.entity);
        }
    }
    let mut pairs: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for ids in sentences.values() {
        let ids: Vec<&str> = ids.iter().copied().collect();
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                *pairs.entry((a, b)).or_default() += 1;
            }
        }
    }
    let mut out: Vec<Cooccurrence> = pairs
        .into_iter()
        .map(|((a, b), count)| Cooccurrence {
            a: a.to_owned(),
            b: b.to_owned(),
            count,
        })
        .collect();
    out.sort_by_key(|c| std::cmp::Reverse(c.count));
    out
}
