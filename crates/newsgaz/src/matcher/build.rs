//! Building a matcher: the tables a gazetteer compiles to, and the engine over their keys.

use std::sync::Arc;

use aho_corasick::{AhoCorasickBuilder, MatchKind};

use crate::gazetteer::{EntityIndex, Gazetteer};
use crate::normalize::fold_str;

use super::prefilter::FirstWords;
use super::rules::{self, FormRule, Pool, Variants};
use super::trie::Trie;
use super::{Candidate, Engine, Inner, Matcher, MatcherOptions, Pattern};

/// What a gazetteer compiles to under some options, before the engine is built from it:
/// the folded keys, sorted and distinct (pattern `i` is key `i`), and what each pattern
/// accepts. A compiled gazetteer file stores these; the engine is rebuilt from the keys.
#[derive(Debug, Default)]
pub(super) struct Tables {
    /// Where the keys' text is; key `i` is `arena[keys[i]]`.
    pub(super) arena: String,
    pub(super) keys: Vec<std::ops::Range<u32>>,
    pub(super) patterns: Vec<Pattern>,
    pub(super) variants: Variants,
    pub(super) pool: Pool,
}

impl Tables {
    /// The keys, each a slice of the arena.
    pub(super) fn keys(&self) -> Vec<&str> {
        self.keys
            .iter()
            .map(|r| &self.arena[r.start as usize..r.end as usize])
            .collect()
    }

    /// Folds every surface form of `gazetteer` and groups the forms by folded key.
    pub(super) fn new(gazetteer: &Gazetteer, options: &MatcherOptions) -> Tables {
        let folding = options.folding();
        let mut pool = Pool::default();
        // (folded key, rule, candidate) for every form; sorting by key then groups the
        // forms of each pattern, in gazetteer order (the sort is stable), and numbers the
        // patterns in key order, as the radix tree wants them.
        // The keys live in one arena (a range each), not one allocation each: a build of a
        // million aliases would otherwise leave tens of megabytes of freed small blocks that
        // the allocator keeps resident. The tables keep the arena; a pattern's key is the
        // range of its first form.
        let mut arena = String::new();
        let mut forms: Vec<(std::ops::Range<usize>, FormRule)> = Vec::new();
        for (i, entry) in gazetteer.entries().iter().enumerate() {
            let entity = EntityIndex::from_usize(i).expect("over 4 billion entries");
            for form in entry.surface_forms() {
                let trimmed = form.text.trim();
                let folded = fold_str(trimmed, folding);
                let key = folded.trim_matches(' ');
                if key.is_empty() {
                    // Only marks or spaces: nothing a text could be matched on.
                    continue;
                }
                let lead = folded.len() - folded.trim_start_matches(' ').len();
                let rule = rules::rule_for(
                    trimmed,
                    form.case.unwrap_or(options.case),
                    folding,
                    options.acronym_max_len,
                    lead,
                    key.len(),
                    &mut pool,
                );
                let candidate = Candidate {
                    entity,
                    kind: form.kind,
                };
                let at = arena.len();
                arena.push_str(key);
                forms.push((at..arena.len(), FormRule { rule, candidate }));
            }
        }
        forms.sort_by(|a, b| arena[a.0.clone()].cmp(&arena[b.0.clone()]));
        let mut tables = Tables {
            pool,
            ..Tables::default()
        };
        let mut group: Vec<FormRule> = Vec::new();
        let mut rest = forms.into_iter().peekable();
        while let Some((range, form)) = rest.next() {
            group.push(form);
            let key = &arena[range.clone()];
            if !matches!(rest.peek(), Some((next, _)) if arena[next.clone()] == *key) {
                let pattern = u32::try_from(tables.patterns.len()).expect("under 2^32 patterns");
                let (first, len) = tables
                    .variants
                    .add_pattern(pattern, &group, &mut tables.pool);
                tables.patterns.push(Pattern {
                    first_variant: first,
                    variant_count: len,
                });
                let end = u32::try_from(range.end).expect("keys under 4 GiB");
                tables.keys.push(range.start as u32..end);
                group.clear();
            }
        }
        tables.arena = arena;
        tables
    }
}

/// Compiles a matcher: `unanchored` selects the engine kept for comparison.
pub(super) fn build(
    gazetteer: Arc<Gazetteer>,
    options: MatcherOptions,
    unanchored: bool,
) -> Matcher {
    let tables = Tables::new(&gazetteer, &options);
    assemble(gazetteer, options, tables, unanchored)
}

/// Builds the engine over the keys of `tables` and joins it to the gazetteer.
pub(super) fn assemble(
    gazetteer: Arc<Gazetteer>,
    options: MatcherOptions,
    tables: Tables,
    unanchored: bool,
) -> Matcher {
    Search::new(&options, tables, unanchored, None).with(gazetteer, options)
}

/// The longest key (folded bytes) the word-start engine takes. A walk from a start reads
/// at most this much of the text, so with every key within it a search costs at most this
/// many steps per byte (a few in practice); a gazetteer with a longer key (an adversarial
/// one: an alias of 10,000 words sharing its prefix with the text would cost a walk of
/// the whole alias at every word) is searched by the unanchored scan instead, linear in
/// the text plus its matches. Results are the same either way.
pub(super) const MAX_WALK: usize = 1024;

/// Everything a matcher searches with but its gazetteer.
pub(super) struct Search {
    pub(super) engine: Engine,
    pub(super) first_words: Option<FirstWords>,
    pub(super) patterns: Vec<Pattern>,
    pub(super) variants: Variants,
    pub(super) pool: Pool,
}

impl Search {
    /// The engine over the keys of `tables`; `filter` is the first-word filter of those
    /// keys when it is at hand already (from a compiled file).
    pub(super) fn new(
        options: &MatcherOptions,
        tables: Tables,
        unanchored: bool,
        filter: Option<FirstWords>,
    ) -> Search {
        let keys = tables.keys();
        let unanchored = unanchored || keys.iter().any(|k| k.len() > MAX_WALK);
        // Every match is reported, not only the leftmost-longest one: the choice is made
        // after the boundary and case filters (hence standard semantics for aho-corasick).
        // A match begins with its alias's whole first word only when boundaries are required.
        let first_words = (!unanchored && options.word_boundaries)
            .then(|| filter.unwrap_or_else(|| FirstWords::new(&keys)));
        let engine = if unanchored {
            Engine::Unanchored(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .build(keys.iter().map(|k| k.as_bytes()))
                    .expect("aho-corasick build failed for gazetteer aliases"),
            )
        } else {
            Engine::WordStarts(Trie::new(&keys))
        };
        drop(keys);
        Search {
            engine,
            first_words,
            patterns: tables.patterns,
            variants: tables.variants,
            pool: tables.pool,
        }
    }

    /// The word-start engine of a compiled file: its radix tree and filter as stored (the
    /// filter only serves searches that require word boundaries).
    pub(super) fn loaded(
        options: &MatcherOptions,
        tables: Tables,
        trie: Trie,
        filter: Option<FirstWords>,
    ) -> Search {
        Search {
            engine: Engine::WordStarts(trie),
            first_words: filter.filter(|_| options.word_boundaries),
            patterns: tables.patterns,
            variants: tables.variants,
            pool: tables.pool,
        }
    }

    pub(super) fn with(self, gazetteer: Arc<Gazetteer>, options: MatcherOptions) -> Matcher {
        Matcher {
            inner: Arc::new(Inner {
                gazetteer,
                engine: self.engine,
                patterns: self.patterns,
                variants: self.variants,
                pool: self.pool,
                folding: options.folding(),
                first_words: self.first_words,
                options,
            }),
        }
    }
}
