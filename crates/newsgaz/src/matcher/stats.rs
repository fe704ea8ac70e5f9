//! What a matcher holds: counts for `newsgaz gazetteer stats` and for sizing decisions.

use std::collections::BTreeMap;

use super::{Engine, Matcher};

/// Counts of a matcher's gazetteer and tables (see [`Matcher::stats`]).
///
/// ```
/// use newsgaz::{Entry, Gazetteer, Matcher};
/// let g = Gazetteer::from_entries(
///     [Entry::new("a", "Paris", "CITY").alias("Paname"), Entry::new("b", "Paris", "CITY")],
///     "g",
/// )?;
/// let stats = Matcher::new(g).stats();
/// assert_eq!((stats.entries, stats.forms, stats.keys, stats.ambiguous_keys), (2, 3, 2, 1));
/// assert_eq!(stats.labels["CITY"], 2);
/// # Ok::<(), newsgaz::GazetteerError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct MatcherStats {
    /// Entries in the gazetteer.
    pub entries: usize,
    /// Surface forms (names and aliases, each text once per entry).
    pub forms: usize,
    /// Distinct folded keys the automaton holds (forms that fold alike share one).
    pub keys: usize,
    /// Keys that can refer to more than one entity.
    pub ambiguous_keys: usize,
    /// Entries per label.
    pub labels: BTreeMap<String, usize>,
    /// Bytes the search tables take on the heap (the gazetteer's entries not included).
    pub table_bytes: usize,
}

impl Matcher {
    /// Counts of this matcher's gazetteer and tables.
    ///
    /// ```
    /// # use newsgaz::{Gazetteer, Matcher};
    /// let stats = Matcher::new(Gazetteer::builtin().clone()).stats();
    /// assert!(stats.keys > 10_000 && stats.table_bytes > 0);
    /// ```
    pub fn stats(&self) -> MatcherStats {
        let inner = &*self.inner;
        let gazetteer = &inner.gazetteer;
        let mut labels = BTreeMap::new();
        for entry in gazetteer.entries() {
            *labels.entry(entry.label.clone()).or_insert(0) += 1;
        }
        let ambiguous_keys = inner
            .patterns
            .iter()
            .filter(|p| {
                let first = p.first_variant as usize;
                let mut entities = inner.variants.list[first..first + p.variant_count as usize]
                    .iter()
                    .flat_map(|v| inner.pool.candidates(v.candidates))
                    .map(|c| c.entity);
                let one = entities.next();
                entities.any(|e| Some(e) != one)
            })
            .count();
        let engine = match &inner.engine {
            Engine::WordStarts(trie) => trie.heap_bytes(),
            Engine::Unanchored(automaton) => automaton.memory_usage(),
        };
        let table_bytes = engine
            + inner.first_words.as_ref().map_or(0, |f| f.heap_bytes())
            + inner.patterns.capacity() * std::mem::size_of::<super::Pattern>()
            + inner.variants.heap_bytes()
            + inner.pool.heap_bytes();
        MatcherStats {
            entries: gazetteer.len(),
            forms: gazetteer
                .entries()
                .iter()
                .map(|e| e.surface_forms().count())
                .sum(),
            keys: inner.patterns.len(),
            ambiguous_keys,
            labels,
            table_bytes,
        }
    }
}
