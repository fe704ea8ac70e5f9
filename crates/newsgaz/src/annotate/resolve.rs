//! Ambiguous aliases: which of several candidates a mention means.
//!
//! In order: a candidate that the same article mentions unambiguously elsewhere (the most
//! such mentions wins; with `document_rules` only), else the candidate the article's focus
//! picks (see [`Geography::pick`](super::focus::Geography::pick); with `focus` only), else
//! the candidate with the higher prior, else the matcher's order. Every candidate is kept,
//! the chosen one first.

use std::collections::HashMap;

use crate::gazetteer::EntityIndex;

use super::Found;

pub(crate) fn resolve(
    found: &mut [Found],
    document_rules: bool,
    focus: impl Fn(&Found, usize) -> Option<usize>,
    prior: &[Option<f64>],
) {
    let mut unambiguous: HashMap<EntityIndex, usize> = HashMap::new();
    if document_rules {
        for f in found.iter().filter(|f| f.candidates.len() == 1) {
            *unambiguous.entry(f.entity()).or_default() += 1;
        }
    }
    for f in found.iter_mut() {
        // Partial names are already ranked by the nearest full mention.
        if f.candidates.len() < 2 || f.partial {
            continue;
        }
        let evidence = |e: EntityIndex| unambiguous.get(&e).copied().unwrap_or(0);
        let prior = |e: EntityIndex| prior.get(e.as_usize()).copied().flatten();
        let best = (0..f.candidates.len())
            .max_by(|&a, &b| {
                let (ea, eb) = (f.candidates[a].entity, f.candidates[b].entity);
                evidence(ea)
                    .cmp(&evidence(eb))
                    .then_with(|| {
                        let (pa, pb) = (prior(ea), prior(eb));
                        pa.partial_cmp(&pb).unwrap_or(std::cmp::Ordering::Equal)
                    })
                    // Equal so far: the earlier candidate (the matcher's order) wins.
                    .then(b.cmp(&a))
            })
            .expect("at least two candidates");
        let decided = evidence(f.candidates[best].entity) > 0;
        let best = if decided {
            best
        } else {
            focus(f, best).unwrap_or(best)
        };
        if best != 0 {
            let chosen = f.candidates.remove(best);
            f.candidates.insert(0, chosen);
        }
    }
}
