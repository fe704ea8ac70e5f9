//! The matcher: finds gazetteer aliases in text as whole words.
//!
//! One pass over the text finds each position where a mention may start (a word start, or
//! any char of a script written without spaces), so mid-word matches are never even
//! produced. A filter of the aliases' first words rejects most starts; from the others a
//! radix tree of the folded aliases is walked, anchored, over the text folded lazily (only
//! as far as the walk goes). Each match ends on whole chars of the original and is filtered
//! by the boundary rules and by its aliases' case rules. `find_iter` keeps the longest accepted match at each start and skips the
//! starts it covers (leftmost-longest); `find_overlapping_iter` keeps them all.
//!
//! The engine this replaced, one unanchored overlapping aho-corasick scan of the whole
//! folded text followed by the same filters and a sort, is kept behind a hidden
//! constructor so that the benchmarks and the reference test can compare the two. (Anchored
//! walks of an aho-corasick NFA were tried too: as fast to search, but building its
//! failure transitions, useless to anchored walks, took most of the build time.)

mod compiled;
mod memo;
mod prefilter;
mod rules;
mod stats;
mod trie;

use std::sync::Arc;

pub(crate) use compiled::read_gazetteer as read_compiled_gazetteer;
pub use stats::MatcherStats;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};

use crate::gazetteer::{AliasKind, EntityIndex, Gazetteer};
use crate::normalize::{
    fold_str, folds_to_nothing, is_ascii_word_byte, is_mark, is_unspaced, is_word_char, joins_word,
    CaseMode, FoldCursor, Folded, Folder, Folding,
};
use crate::span::Span;

use memo::FirstWordMemo;
use prefilter::{FirstWords, PlainWords};
use rules::{acceptance_key, FormRule, Pool, RawMatch, Rule, Variants};
use trie::Trie;

/// The options a matcher is built with: the one way to configure it. Serialisable, so
/// that the CLI, the Python binding and the conformance cases all parse options in one
/// place; unknown keys are an error.
///
/// ```
/// use newsgaz::{CaseMode, Entry, Gazetteer, Matcher, MatcherOptions};
///
/// let mut options = MatcherOptions::default();
/// options.case = CaseMode::Exact;
/// let g = Gazetteer::from_entries([Entry::new("c:cn", "China", "COUNTRY")], "example")?;
/// let matcher = Matcher::with_options(g, options);
/// assert_eq!(matcher.find_iter("CHINA and China").count(), 1);
/// let parsed: MatcherOptions = serde_json::from_str(r#"{"case": "exact"}"#).unwrap();
/// assert_eq!(&parsed, matcher.options());
/// # Ok::<(), newsgaz::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct MatcherOptions {
    /// How letters are compared, for forms whose entry or alias sets no case of its own
    /// (default: [`CaseMode::Smart`]).
    pub case: CaseMode,
    /// In [`CaseMode::Smart`], an all-capital alias with at most this many letters is an
    /// acronym and matches only in capitals (default: 3, for `US`, `IT`, `WHO`).
    pub acronym_max_len: usize,
    /// Fold diacritics: "Sao Paulo" matches "São Paulo" (default: true).
    pub fold_diacritics: bool,
    /// Fold apostrophes (’ ‘ ') and dashes (‐ – — -) to one each (default: true).
    pub fold_punctuation: bool,
    /// Any run of white space, newlines and no-break spaces included, matches one space
    /// (default: true).
    pub fold_whitespace: bool,
    /// A mention may not start or end inside a word (default: true). Scripts written
    /// without spaces (Han, kana, Thai, Lao, Khmer, Myanmar) need no boundary.
    pub word_boundaries: bool,
}

impl Default for MatcherOptions {
    fn default() -> MatcherOptions {
        MatcherOptions {
            case: CaseMode::Smart,
            acronym_max_len: 3,
            fold_diacritics: true,
            fold_punctuation: true,
            fold_whitespace: true,
            word_boundaries: true,
        }
    }
}

impl MatcherOptions {
    /// The default options with letters compared by `case`, the option most often set.
    ///
    /// ```
    /// use newsgaz::{CaseMode, MatcherOptions};
    /// assert_eq!(MatcherOptions::with_case(CaseMode::Exact).case, CaseMode::Exact);
    /// ```
    pub fn with_case(case: CaseMode) -> MatcherOptions {
        MatcherOptions {
            case,
            ..MatcherOptions::default()
        }
    }

    fn folding(&self) -> Folding {
        Folding {
            case: true,
            diacritics: self.fold_diacritics,
            punctuation: self.fold_punctuation,
            whitespace: self.fold_whitespace,
        }
    }
}

/// What a gazetteer compiles to under some options, before the engine is built from it:
/// the folded keys, sorted and distinct (pattern `i` is key `i`), and what each pattern
/// accepts. A compiled gazetteer file stores these; the engine is rebuilt from the keys.
#[derive(Debug, Default)]
struct Tables {
    /// Where the keys' text is; key `i` is `arena[keys[i]]`.
    arena: String,
    keys: Vec<std::ops::Range<u32>>,
    patterns: Vec<Pattern>,
    variants: Variants,
    pool: Pool,
}

impl Tables {
    /// The keys, each a slice of the arena.
    fn keys(&self) -> Vec<&str> {
        self.keys
            .iter()
            .map(|r| &self.arena[r.start as usize..r.end as usize])
            .collect()
    }

    /// Folds every surface form of `gazetteer` and groups the forms by folded key.
    fn new(gazetteer: &Gazetteer, options: &MatcherOptions) -> Tables {
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
            let entity = EntityIndex(i as u32);
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
fn build(gazetteer: Arc<Gazetteer>, options: MatcherOptions, unanchored: bool) -> Matcher {
    let tables = Tables::new(&gazetteer, &options);
    assemble(gazetteer, options, tables, unanchored)
}

/// Builds the engine over the keys of `tables` and joins it to the gazetteer.
fn assemble(
    gazetteer: Arc<Gazetteer>,
    options: MatcherOptions,
    tables: Tables,
    unanchored: bool,
) -> Matcher {
    Search::new(&options, tables, unanchored, None).with(gazetteer, options)
}

/// How much text an interruptible search reads between two questions to its caller: a
/// millisecond or two of work.
const SEARCH_STEP: usize = 1 << 20;

/// A search or an annotation stopped early because its caller asked it to (see
/// [`Annotator::text_mentions_interruptible`](crate::Annotator::text_mentions_interruptible)).
///
/// ```
/// use newsgaz::{Annotator, Gazetteer, Interrupted, Matcher};
///
/// let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
/// let text = "Chile and Peru. ".repeat(200_000);
/// assert_eq!(annotator.text_mentions_interruptible(&text, || false), Err(Interrupted));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interrupted;

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted by its caller")
    }
}

impl std::error::Error for Interrupted {}

/// The longest key (folded bytes) the word-start engine takes. A walk from a start reads
/// at most this much of the text, so with every key within it a search costs at most this
/// many steps per byte (a few in practice); a gazetteer with a longer key (an adversarial
/// one: an alias of 10,000 words sharing its prefix with the text would cost a walk of
/// the whole alias at every word) is searched by the unanchored scan instead, linear in
/// the text plus its matches. Results are the same either way.
const MAX_WALK: usize = 1024;

/// Everything a matcher searches with but its gazetteer.
struct Search {
    engine: Engine,
    first_words: Option<FirstWords>,
    patterns: Vec<Pattern>,
    variants: Variants,
    pool: Pool,
}

impl Search {
    /// The engine over the keys of `tables`; `filter` is the first-word filter of those
    /// keys when it is at hand already (from a compiled file).
    fn new(
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
    fn loaded(
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

    fn with(self, gazetteer: Arc<Gazetteer>, options: MatcherOptions) -> Matcher {
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

/// An entity an alias may refer to, and what kind of form the alias is for it.
///
/// ```
/// use newsgaz::{AliasKind, Entry, Gazetteer, Matcher};
/// let g = Gazetteer::from_entries(
///     [Entry::new("c:cn", "China", "COUNTRY").alias_of_kind("Chinese", AliasKind::Demonym)],
///     "example",
/// )?;
/// let matcher = Matcher::new(g);
/// let m = matcher.find_iter("Chinese ships").next().unwrap();
/// assert_eq!(m.candidates()[0].kind, AliasKind::Demonym);
/// # Ok::<(), newsgaz::GazetteerError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Candidate {
    /// The entity.
    pub entity: EntityIndex,
    /// The kind of the matched form for this entity (name, alias, demonym).
    pub kind: AliasKind,
}

/// One folded key of the automaton: its variants are
/// `variants.list[first_variant..first_variant + variant_count]`.
#[derive(Debug)]
struct Pattern {
    first_variant: u32,
    variant_count: u32,
}

/// How the automaton is run over the folded text.
#[derive(Debug)]
enum Engine {
    /// Anchored walks of a radix tree from each position where a mention may start.
    WordStarts(Trie),
    /// One unanchored overlapping scan of the whole text.
    Unanchored(AhoCorasick),
}

#[derive(Debug)]
struct Inner {
    gazetteer: Arc<Gazetteer>,
    engine: Engine,
    patterns: Vec<Pattern>,
    variants: Variants,
    pool: Pool,
    folding: Folding,
    /// Rejects word starts that begin no alias (word-start engine, boundaries on).
    first_words: Option<FirstWords>,
    options: MatcherOptions,
}

/// An immutable, compiled matcher over a gazetteer. Cloning it is cheap (an `Arc`), and
/// it can be shared between threads.
///
/// ```
/// use newsgaz::{Entry, Gazetteer, Matcher};
/// let g = Gazetteer::from_entries([Entry::new("city:dc", "District of Columbia", "REGION")], "example")?;
/// let matcher = Matcher::new(g);
/// let text = "the District of Columbia";
/// let found: Vec<&str> = matcher.find_iter(text).map(|m| m.span().slice(text)).collect();
/// assert_eq!(found, ["District of Columbia"]);
/// # Ok::<(), newsgaz::GazetteerError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Matcher {
    inner: Arc<Inner>,
}

/// The matches of one search, in text order (see [`Matcher::find_iter`]).
///
/// ```
/// # use newsgaz::{Gazetteer, Matcher};
/// let matcher = Matcher::new(Gazetteer::builtin().clone());
/// let matches: newsgaz::Matches<'_> = matcher.find_iter("Peru and Chile");
/// assert_eq!(matches.len(), 2);
/// ```
#[derive(Clone, Debug)]
pub struct Matches<'m>(std::vec::IntoIter<Match<'m>>);

impl<'m> From<Vec<Match<'m>>> for Matches<'m> {
    fn from(found: Vec<Match<'m>>) -> Matches<'m> {
        Matches(found.into_iter())
    }
}

impl<'m> Iterator for Matches<'m> {
    type Item = Match<'m>;

    fn next(&mut self) -> Option<Match<'m>> {
        self.0.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl ExactSizeIterator for Matches<'_> {}

impl<'m> DoubleEndedIterator for Matches<'m> {
    fn next_back(&mut self) -> Option<Match<'m>> {
        self.0.next_back()
    }
}

impl std::iter::FusedIterator for Matches<'_> {}

/// One mention of a gazetteer alias in a text.
///
/// ```
/// # use newsgaz::{Gazetteer, Matcher};
/// let matcher = Matcher::new(Gazetteer::builtin().clone());
/// let m = matcher.find_iter("in Peru").next().unwrap();
/// assert_eq!((m.start(), m.end(), m.span().slice("in Peru")), (3, 7, "Peru"));
/// assert_eq!(matcher.gazetteer().entry(m.entity()).id, "country:PE");
/// assert_eq!(m.candidates()[0].entity, m.entity());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match<'m> {
    span: Span,
    candidates: &'m [Candidate],
}

impl<'m> Match<'m> {
    /// Byte offsets into the searched text.
    ///
    /// ```
    /// # use newsgaz::{Gazetteer, Matcher};
    /// let matcher = Matcher::new(Gazetteer::builtin().clone());
    /// assert_eq!(matcher.find_iter("to Peru").next().unwrap().span(), newsgaz::Span::new(3, 7));
    /// ```
    pub fn span(&self) -> Span {
        self.span
    }

    /// Byte offset of the first byte.
    ///
    /// ```
    /// # use newsgaz::{Gazetteer, Matcher};
    /// let matcher = Matcher::new(Gazetteer::builtin().clone());
    /// assert_eq!(matcher.find_iter("to Peru").next().unwrap().start(), 3);
    /// ```
    pub fn start(&self) -> usize {
        self.span.start
    }

    /// Byte offset one past the last byte.
    ///
    /// ```
    /// # use newsgaz::{Gazetteer, Matcher};
    /// let matcher = Matcher::new(Gazetteer::builtin().clone());
    /// assert_eq!(matcher.find_iter("to Peru").next().unwrap().end(), 7);
    /// ```
    pub fn end(&self) -> usize {
        self.span.end
    }

    /// The preferred entity: the first candidate.
    ///
    /// ```
    /// # use newsgaz::{Gazetteer, Matcher};
    /// let matcher = Matcher::new(Gazetteer::builtin().clone());
    /// let m = matcher.find_iter("to Peru").next().unwrap();
    /// assert_eq!(matcher.gazetteer().entry(m.entity()).id, "country:PE");
    /// ```
    pub fn entity(&self) -> EntityIndex {
        self.candidates[0].entity
    }

    /// Every entity that has this alias, preferred (first in the gazetteer) first.
    ///
    /// ```
    /// # use newsgaz::{Entry, Gazetteer, Matcher};
    /// let g = Gazetteer::from_entries([Entry::new("a", "Paris", "CITY"), Entry::new("b", "Paris", "CITY")], "x")?;
    /// let matcher = Matcher::new(g);
    /// assert_eq!(matcher.find_iter("Paris").next().unwrap().candidates().len(), 2);
    /// # Ok::<(), newsgaz::GazetteerError>(())
    /// ```
    pub fn candidates(&self) -> &'m [Candidate] {
        self.candidates
    }
}

impl Matcher {
    /// Compiles a matcher with the default options.
    ///
    /// ```
    /// use newsgaz::{Entry, Gazetteer, Matcher};
    /// let g = Gazetteer::from_entries([Entry::new("c:cn", "China", "COUNTRY")], "example")?;
    /// assert_eq!(Matcher::new(g).find_iter("China's navy").count(), 1);
    /// # Ok::<(), newsgaz::Error>(())
    /// ```
    pub fn new(gazetteer: impl Into<Arc<Gazetteer>>) -> Matcher {
        Matcher::with_options(gazetteer, MatcherOptions::default())
    }

    /// Compiles a matcher with `options`.
    ///
    /// ```
    /// use newsgaz::{Entry, Gazetteer, Matcher, MatcherOptions};
    /// let mut options = MatcherOptions::default();
    /// options.word_boundaries = false;
    /// let g = Gazetteer::from_entries([Entry::new("c:cn", "China", "COUNTRY")], "example")?;
    /// assert_eq!(Matcher::with_options(g, options).find_iter("IndoChina").count(), 1);
    /// # Ok::<(), newsgaz::Error>(())
    /// ```
    pub fn with_options(gazetteer: impl Into<Arc<Gazetteer>>, options: MatcherOptions) -> Matcher {
        let gazetteer = gazetteer.into();
        if let Some(builtin) = Matcher::builtin_for(&gazetteer, &options) {
            return builtin;
        }
        build(gazetteer, options, false)
    }

    /// True when both are clones of one compiled matcher.
    #[cfg(test)]
    pub(crate) fn shares_tables_with(&self, other: &Matcher) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }

    /// A matcher that searches with one unanchored overlapping scan of the whole text
    /// instead of anchored walks from word starts. Same results, slower; for benchmarks
    /// and tests.
    #[doc(hidden)]
    pub fn with_unanchored_search(
        gazetteer: impl Into<Arc<Gazetteer>>,
        options: MatcherOptions,
    ) -> Matcher {
        build(gazetteer.into(), options, true)
    }

    /// The options this matcher was built with.
    ///
    /// ```
    /// # use newsgaz::{Gazetteer, Matcher, MatcherOptions};
    /// let matcher = Matcher::new(Gazetteer::builtin().clone());
    /// assert_eq!(matcher.options(), &MatcherOptions::default());
    /// ```
    pub fn options(&self) -> &MatcherOptions {
        &self.inner.options
    }

    /// The gazetteer this matcher was built from, shared.
    ///
    /// ```
    /// # use newsgaz::{Gazetteer, Matcher};
    /// let matcher = Matcher::new(Gazetteer::builtin().clone());
    /// assert_eq!(matcher.gazetteer().len(), Gazetteer::builtin().len());
    /// ```
    pub fn gazetteer(&self) -> &Arc<Gazetteer> {
        &self.inner.gazetteer
    }

    /// Finds whole-word mentions: among the matches that respect word boundaries and case
    /// rules, the leftmost-longest, non-overlapping ones, in text order.
    ///
    /// ```
    /// use newsgaz::{Entry, Gazetteer, Matcher};
    /// let g = Gazetteer::from_entries(
    ///     [Entry::new("p:putin", "Vladimir Putin", "PERSON"), Entry::new("p:v", "Vladimir", "PERSON")],
    ///     "example",
    /// )?;
    /// let spans: Vec<_> = Matcher::new(g).find_iter("Vladimir Putin").map(|m| (m.start(), m.end())).collect();
    /// assert_eq!(spans, [(0, 14)]);
    /// # Ok::<(), newsgaz::Error>(())
    /// ```
    pub fn find_iter<'m>(&'m self, text: &str) -> Matches<'m> {
        self.search(text, false, &mut || true)
            .expect("a search that keeps going is never interrupted")
            .into()
    }

    /// Every match that respects word boundaries and case rules, overlapping or not,
    /// ordered by start, then end.
    ///
    /// ```
    /// use newsgaz::{Entry, Gazetteer, Matcher};
    /// let g = Gazetteer::from_entries(
    ///     [Entry::new("p:putin", "Vladimir Putin", "PERSON"), Entry::new("p:p", "Putin", "PERSON")],
    ///     "example",
    /// )?;
    /// let spans: Vec<_> = Matcher::new(g).find_overlapping_iter("Vladimir Putin").map(|m| (m.start(), m.end())).collect();
    /// assert_eq!(spans, [(0, 14), (9, 14)]);
    /// # Ok::<(), newsgaz::Error>(())
    /// ```
    pub fn find_overlapping_iter<'m>(&'m self, text: &str) -> Matches<'m> {
        self.search(text, true, &mut || true)
            .expect("a search that keeps going is never interrupted")
            .into()
    }

    /// [`Matcher::find_iter`] (or with `overlapping`, [`Matcher::find_overlapping_iter`])
    /// that asks `keep_going` after each [`SEARCH_STEP`] bytes of text searched (a plain
    /// ASCII word is read whole first), and stops when it says no. The unanchored engine
    /// (gazetteers with an alias over `MAX_WALK` bytes) asks between the matches of its one
    /// scan.
    pub(crate) fn search<'m>(
        &'m self,
        text: &str,
        overlapping: bool,
        keep_going: &mut dyn FnMut() -> bool,
    ) -> Result<Vec<Match<'m>>, Interrupted> {
        let automaton = match &self.inner.engine {
            Engine::WordStarts(trie) => {
                return self.walk_from_starts(trie, text, overlapping, keep_going)
            }
            Engine::Unanchored(automaton) => automaton,
        };
        let mut found = self.scan(automaton, text, keep_going)?;
        if overlapping {
            found.sort_unstable_by_key(|m| (m.span.start, m.span.end));
            return Ok(found);
        }
        found.sort_unstable_by(|a, b| {
            a.span
                .start
                .cmp(&b.span.start)
                .then(b.span.end.cmp(&a.span.end))
        });
        let mut last_end = 0;
        found.retain(|m| {
            let keep = m.span.start >= last_end;
            if keep {
                last_end = m.span.end;
            }
            keep
        });
        Ok(found)
    }

    /// Walks the radix tree, anchored, from every position of `text` where a mention may
    /// start, folding lazily. Matches come out ordered by start, then end. Unless
    /// `overlapping`, only the longest accepted match of a start is kept and starts inside
    /// it are skipped.
    ///
    /// One pass over the original: a start is a char that is not a combining mark and,
    /// with word boundaries on, does not continue the word of the char before it. Plain
    /// ASCII words (most of news) are read once, hashed for the first-word filter as they
    /// are read, and skipped whole when no alias begins with them.
    fn walk_from_starts<'m>(
        &'m self,
        trie: &Trie,
        text: &str,
        overlapping: bool,
        keep_going: &mut dyn FnMut() -> bool,
    ) -> Result<Vec<Match<'m>>, Interrupted> {
        let inner = &*self.inner;
        let folding = inner.folding;
        let word_boundaries = inner.options.word_boundaries;
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        let mut covered_until = 0;
        let mut word_positions = FirstWordMemo::new();
        let mut prev_joins = false;
        let mut at = 0;
        let mut ask_at = SEARCH_STEP;
        while at < bytes.len() {
            if at >= ask_at {
                if !keep_going() {
                    return Err(Interrupted);
                }
                ask_at = at + SEARCH_STEP;
            }
            let byte = bytes[at];
            let (len, joins, decoded) = if byte.is_ascii() {
                (1, is_ascii_word_byte(byte), None)
            } else {
                let c = text[at..].chars().next().expect("a char boundary");
                (c.len_utf8(), is_word_char(c) && !is_unspaced(c), Some(c))
            };
            let mut start = at;
            let continues_word = word_boundaries && prev_joins && joins;
            prev_joins = joins;
            at += len;
            if continues_word || (!overlapping && start < covered_until) {
                continue;
            }
            let may_start = match decoded {
                // Folded white space is a space, and no folded alias begins with one.
                None => !(folding.whitespace && byte.is_ascii_whitespace()),
                Some(c) => !is_mark(c) && !folds_to_nothing(c, Folder::new(folding)),
            };
            if !may_start {
                continue;
            }
            // With the filter (word boundaries on), the end and hash of a plain ASCII word
            // starting here: no match starts inside it, so the scan goes on from there.
            let mut word_end = None;
            if let Some(filter) = &inner.first_words {
                if joins && byte.is_ascii() {
                    // Plain ASCII words: most are rejected in this inner loop, and the
                    // scan goes on from where it stopped.
                    match filter.skip_plain_words(bytes, start, folding.whitespace, ask_at) {
                        PlainWords::Resume {
                            at: resume,
                            prev_joins: joins,
                        } => {
                            at = resume;
                            prev_joins = joins;
                            continue;
                        }
                        PlainWords::Passed {
                            start: word,
                            end,
                            hash,
                        } => {
                            // No match starts inside the word: the scan goes on from its end.
                            (start, at, prev_joins) = (word, word + 1, true);
                            word_end = Some((end, hash));
                        }
                        PlainWords::NotPlain { start: word } => {
                            // The word goes on past ASCII: the general case.
                            (start, at, prev_joins) = (word, word + 1, true);
                            if !filter.may_start(text, start, folding) {
                                continue;
                            }
                        }
                    }
                } else if byte.is_ascii() && !byte.is_ascii_whitespace() {
                    // ASCII punctuation folds to itself and begins no word.
                    if !filter.always(byte) {
                        continue;
                    }
                } else if !filter.may_start(text, start, folding) {
                    continue;
                }
            }
            let mut longest = None;
            let accept = |pattern, cursor: &mut FoldCursor<'_>| {
                let Some(end) = cursor.match_end() else {
                    return;
                };
                if let Some(m) = self.accept_match(text, None, pattern, start, end) {
                    if overlapping {
                        found.push(m);
                    } else {
                        longest = Some(m);
                    }
                }
            };
            match word_end {
                Some((end, hash)) if end - start <= memo::MAX_WORD => {
                    // A plain ASCII word: no key ends inside it (it would end mid-word), so
                    // the walk resumes where the word leads, remembered per word.
                    if let Some(position) = word_positions.position(trie, &bytes[start..end], hash)
                    {
                        trie.walk_from(position, &mut FoldCursor::new(text, end, folding), accept);
                    }
                }
                _ => trie.walk(&mut FoldCursor::new(text, start, folding), accept),
            }
            if let Some(m) = longest {
                covered_until = m.span.end;
                found.push(m);
            }
            if let Some((end, _)) = word_end {
                at = end;
            }
        }
        Ok(found)
    }

    /// Every raw match of one unanchored overlapping scan that passes the filters;
    /// `keep_going` is asked after each match that ends [`SEARCH_STEP`] bytes past the last
    /// time it was.
    fn scan<'m>(
        &'m self,
        automaton: &AhoCorasick,
        text: &str,
        keep_going: &mut dyn FnMut() -> bool,
    ) -> Result<Vec<Match<'m>>, Interrupted> {
        let folded = Folded::new(text, self.inner.folding);
        let mut found = Vec::new();
        let mut ask_at = SEARCH_STEP;
        for m in automaton.find_overlapping_iter(&folded.text) {
            if m.end() >= ask_at {
                if !keep_going() {
                    return Err(Interrupted);
                }
                ask_at = m.end() + SEARCH_STEP;
            }
            let Some((start, end)) = folded.original_range(text.len(), m.start(), m.end()) else {
                continue;
            };
            let origins = (&folded, m.start());
            found.extend(self.accept_match(text, Some(origins), m.pattern().as_u32(), start, end));
        }
        Ok(found)
    }

    /// The match of `pattern` at original `start..end`, if it respects the boundaries and
    /// is accepted by a case rule. `folded` is the folded text and the match's offset in
    /// it, when there is one (else the case rules fold again what they need).
    #[inline]
    fn accept_match<'m>(
        &'m self,
        text: &str,
        folded: Option<(&Folded, usize)>,
        pattern: u32,
        start: usize,
        end: usize,
    ) -> Option<Match<'m>> {
        if !self.respects_boundaries(text, start, end) {
            return None;
        }
        let raw = RawMatch {
            text,
            folded,
            folding: self.inner.folding,
            start,
            end,
        };
        let candidates = self.accept(pattern, &raw)?;
        Some(Match {
            span: Span::new(start, end),
            candidates,
        })
    }

    /// A mention never splits a char from its combining marks, and, with word boundaries
    /// on, neither starts nor ends inside a word.
    #[inline]
    fn respects_boundaries(&self, text: &str, start: usize, end: usize) -> bool {
        let bytes = text.as_bytes();
        let (first, last) = (bytes[start], bytes[end - 1]);
        let after = bytes.get(end).copied().unwrap_or(b' ');
        if first.is_ascii() && last.is_ascii() && after.is_ascii() {
            // The common case without decoding: ASCII has no marks, and its word chars
            // are letters, digits and `_`.
            if !self.inner.options.word_boundaries {
                return true;
            }
            let word = is_ascii_word_byte;
            let joins_before = start > 0 && word(first) && {
                let before = text[..start].chars().next_back().expect("a char before");
                is_word_char(before) && !is_unspaced(before)
            };
            let joins_after = word(last) && word(after);
            return !(joins_before || joins_after);
        }
        let (Some(first), Some(last)) = (
            text[start..end].chars().next(),
            text[..end].chars().next_back(),
        ) else {
            return false;
        };
        let after = text[end..].chars().next();
        if is_mark(first) || after.is_some_and(is_mark) {
            return false;
        }
        if self.inner.options.word_boundaries {
            let before = text[..start].chars().next_back();
            if before.is_some_and(|b| joins_word(b, first))
                || after.is_some_and(|a| joins_word(last, a))
            {
                return false;
            }
        }
        true
    }

    /// The candidates of the variants of `pattern` whose case rules accept the match.
    #[inline]
    fn accept<'m>(&'m self, pattern: u32, m: &RawMatch<'_>) -> Option<&'m [Candidate]> {
        let inner = &*self.inner;
        let p = &inner.patterns[pattern as usize];
        let first = p.first_variant as usize;
        let variants = &inner.variants.list[first..first + p.variant_count as usize];
        let exact_folding = inner.folding.case_preserving();
        if let [only] = variants {
            return inner
                .pool
                .check(only.rule, m, exact_folding)
                .then(|| inner.pool.candidates(only.candidates));
        }
        let mut loose_mask = 0u64;
        let mut exact_choice = 0;
        let (mut loose, mut exact) = (0, 0);
        for v in variants {
            if matches!(v.rule, Rule::Exact { .. }) {
                exact += 1;
                // At most one exact variant can accept: they differ in their text.
                if exact_choice == 0 && inner.pool.check(v.rule, m, exact_folding) {
                    exact_choice = exact;
                }
            } else {
                if inner.pool.check(v.rule, m, exact_folding) {
                    loose_mask |= 1 << loose;
                }
                loose += 1;
            }
        }
        if loose_mask == 0 && exact_choice == 0 {
            return None;
        }
        let range = inner.variants.unions[&(pattern, acceptance_key(loose_mask, exact_choice))];
        Some(inner.pool.candidates(range))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Entry;

    fn matcher(entries: Vec<Entry>) -> Matcher {
        Matcher::new(Gazetteer::from_entries(entries, "test").unwrap())
    }

    fn spans(m: &Matcher, text: &str) -> Vec<(String, String)> {
        m.find_iter(text)
            .map(|x| {
                (
                    x.span().slice(text).to_owned(),
                    m.gazetteer().entry(x.entity()).id.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn matcher_is_send_sync_and_cheap_to_clone() {
        fn assert_send_sync<T: Send + Sync + Clone>() {}
        assert_send_sync::<Matcher>();
        // A clone shares the compiled matcher: nothing is copied.
        let m = matcher(vec![Entry::new("cn", "China", "COUNTRY")]);
        let clone = m.clone();
        assert!(Arc::ptr_eq(&m.inner, &clone.inner));
        let text = "China";
        let found = std::thread::scope(|s| s.spawn(|| clone.find_iter(text).count()).join());
        assert_eq!(found.unwrap(), 1);
    }

    #[test]
    fn first_words_remembered_over_a_long_text_change_nothing() {
        // Enough walks to fill the table of first words (and make words share slots),
        // repeated words in every case, words over its 16 bytes, aliases that share their
        // first word: the word-start engine agrees with the unanchored one.
        let names = [
            "New York",
            "New York City",
            "York",
            "New",
            "Newcastle upon Tyne",
            "Internationalisation Board",
            "internationalisation",
            "St. Louis",
            "A Coruna",
            "Ab",
        ];
        let mut entries: Vec<Entry> = names
            .iter()
            .enumerate()
            .map(|(i, n)| Entry::new(format!("e{i}"), *n, "X"))
            .collect();
        entries.extend((0..600).map(|i| Entry::new(format!("w{i}"), format!("word{i} tail"), "X")));
        let gazetteer = Arc::new(Gazetteer::from_entries(entries, "t").unwrap());
        let words = [
            "new",
            "New",
            "NEW",
            "york",
            "York",
            "city",
            "newcastle",
            "upon",
            "Tyne",
            "internationalisation",
            "Internationalisation",
            "board",
            "st.",
            "louis",
            "a",
            "coruna",
            "ab",
            "abc",
            "tail",
            "the",
        ];
        let mut text = String::new();
        let mut state = 7u64;
        for i in 0..20_000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let pick = (state >> 33) as usize;
            if pick % 3 == 0 {
                text.push_str(&format!("word{} ", pick % 700));
            } else {
                text.push_str(words[pick % words.len()]);
            }
            text.push_str([" ", " ", ", ", "\n", "  "][i % 5]);
        }
        for case in [CaseMode::Insensitive, CaseMode::Smart] {
            let options = MatcherOptions::with_case(case);
            let anchored = Matcher::with_options(gazetteer.clone(), options.clone());
            let unanchored = Matcher::with_unanchored_search(gazetteer.clone(), options);
            for overlapping in [false, true] {
                let spans = |m: &Matcher| -> Vec<(Span, EntityIndex)> {
                    let found = if overlapping {
                        m.find_overlapping_iter(&text)
                    } else {
                        m.find_iter(&text)
                    };
                    found.map(|m| (m.span(), m.entity())).collect()
                };
                let want = spans(&unanchored);
                assert!(want.len() > 2_000, "{} matches", want.len());
                assert_eq!(
                    spans(&anchored),
                    want,
                    "{case:?}, overlapping: {overlapping}"
                );
            }
        }
    }

    #[test]
    fn both_engines_ask_to_go_on_every_step_and_stop_when_told() {
        let gazetteer = Arc::new(
            Gazetteer::from_entries(
                [
                    Entry::new("a", "Lisbon", "X"),
                    Entry::new("b", "Porto", "X"),
                ],
                "t",
            )
            .unwrap(),
        );
        // 3.6 MB of prose, and as many bytes of white space and accented words (no
        // match, no start: read a char at a time).
        let prose = "Rain in Lisbon and Porto, said Rui. ".repeat(100_000);
        let blank = "  \n éé ".repeat(prose.len() / 8);
        for unanchored in [false, true] {
            let options = MatcherOptions::default();
            let m = if unanchored {
                Matcher::with_unanchored_search(gazetteer.clone(), options)
            } else {
                Matcher::with_options(gazetteer.clone(), options)
            };
            let want: Vec<Span> = m.find_iter(&prose).map(|m| m.span()).collect();
            let mut asked = 0;
            let mut count = || {
                asked += 1;
                true
            };
            let got = m.search(&prose, false, &mut count).unwrap();
            assert_eq!(got.iter().map(|m| m.span()).collect::<Vec<_>>(), want);
            assert_eq!(asked, prose.len() / SEARCH_STEP, "unanchored: {unanchored}");
            assert_eq!(
                m.search(&prose, true, &mut || false).err(),
                Some(Interrupted)
            );
            if !unanchored {
                // The word-start engine asks even where nothing starts.
                assert_eq!(
                    m.search(&blank, false, &mut || false).err(),
                    Some(Interrupted)
                );
            }
        }
    }

    #[test]
    fn boundary_filter_comes_before_leftmost_longest() {
        let m = matcher(vec![
            Entry::new("the", "the", "X"),
            Entry::new("them", "them", "X"),
            Entry::new("dc", "District of Columbia", "X"),
            Entry::new("col", "Columbia", "X"),
            Entry::new("dis", "District", "X"),
        ]);
        // "them" is longer but ends inside "themarket"; "the" respects no boundary either.
        assert_eq!(spans(&m, "of the market"), [("the".into(), "the".into())]);
        assert_eq!(
            spans(&m, "the District of Columbia."),
            [
                ("the".into(), "the".into()),
                ("District of Columbia".into(), "dc".into())
            ]
        );
    }

    #[test]
    fn curly_apostrophe_possessive_matches_and_smart_case_skips_lower_case() {
        let m = matcher(vec![Entry::new("cn", "China", "COUNTRY")]);
        // "china" (porcelain) is not China in the default smart mode; "CHINA" is.
        assert_eq!(
            spans(&m, "China’s CHINA china"),
            [("China".into(), "cn".into()), ("CHINA".into(), "cn".into())]
        );
        assert!(spans(&m, "Chinatown").is_empty());
    }

    #[test]
    fn case_rules_per_matcher_entry_and_alias() {
        let entries = || {
            let mut us = Entry::new("us", "US", "COUNTRY");
            us.aliases.push(crate::gazetteer::Alias {
                text: "America".into(),
                kind: AliasKind::Alias,
                case: Some(CaseMode::Exact),
            });
            let mut who = Entry::new("who", "WHO", "ORG");
            who.case = Some(CaseMode::Insensitive);
            vec![us, who, Entry::new("nato", "NATO", "ORG")]
        };
        let text = "us US Us America AMERICA who Who nato Nato NATO";
        let table: [(CaseMode, &[&str]); 3] = [
            // Smart: acronyms up to 3 letters only in capitals, longer ones need a capital
            // start; the exact alias and the insensitive entry keep their own modes.
            (
                CaseMode::Smart,
                &["US", "America", "who", "Who", "Nato", "NATO"],
            ),
            (
                CaseMode::Insensitive,
                &[
                    "us", "US", "Us", "America", "who", "Who", "nato", "Nato", "NATO",
                ],
            ),
            (CaseMode::Exact, &["US", "America", "who", "Who", "NATO"]),
        ];
        for (case, want) in table {
            let options = MatcherOptions {
                case,
                ..MatcherOptions::default()
            };
            let m =
                Matcher::with_options(Gazetteer::from_entries(entries(), "t").unwrap(), options);
            let got: Vec<&str> = m.find_iter(text).map(|x| x.span().slice(text)).collect();
            assert_eq!(got, want, "{case:?}");
        }
    }

    #[test]
    fn same_surface_under_two_case_variants_is_one_mention() {
        let mut apple = Entry::new("org:apple", "Apple", "ORG");
        apple.case = Some(CaseMode::Exact);
        let fruit = Entry::new("fruit:apple", "apple", "FOOD");
        let m = matcher(vec![apple, fruit]);
        let text = "Apple apple APPLE";
        let got: Vec<(&str, Vec<u32>)> = m
            .find_iter(text)
            .map(|x| {
                (
                    x.span().slice(text),
                    x.candidates().iter().map(|c| c.entity.0).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Apple", vec![0, 1]),
                ("apple", vec![1]),
                ("APPLE", vec![1])
            ]
        );
    }

    #[test]
    fn alias_may_begin_with_white_space_when_it_is_not_folded() {
        // The mark folds away, leaving "\nsao": a start at a newline must be walked.
        let options = MatcherOptions {
            fold_whitespace: false,
            word_boundaries: false,
            ..MatcherOptions::default()
        };
        let g = Gazetteer::from_entries([Entry::new("sp", "\u{301}\nSao", "X")], "t").unwrap();
        let m = Matcher::with_options(g, options);
        let text = "\u{301}\nSAO";
        let got: Vec<&str> = m.find_iter(text).map(|x| x.span().slice(text)).collect();
        assert_eq!(got, ["\nSAO"]);
    }

    #[test]
    fn a_key_past_the_walk_limit_is_found_by_the_unanchored_scan() {
        let long = vec!["a"; 700].join(" ") + " b";
        assert!(long.len() > MAX_WALK);
        let m = matcher(vec![
            Entry::new("long", &long, "X"),
            Entry::new("a", "a", "X"),
        ]);
        assert!(matches!(m.inner.engine, Engine::Unanchored(_)));
        let text = format!("a {long} a");
        let got: Vec<(usize, usize)> = m.find_iter(&text).map(|x| (x.start(), x.end())).collect();
        assert_eq!(
            got,
            [(0, 1), (2, 2 + long.len()), (text.len() - 1, text.len())]
        );
        // The compiled file rebuilds the same engine.
        let loaded = Matcher::from_compiled(&m.to_compiled(), "long.ngz").unwrap();
        assert!(matches!(loaded.inner.engine, Engine::Unanchored(_)));
        let again: Vec<(usize, usize)> = loaded
            .find_iter(&text)
            .map(|x| (x.start(), x.end()))
            .collect();
        assert_eq!(again, got);
    }

    #[test]
    fn overlapping_reports_every_match() {
        let m = matcher(vec![
            Entry::new("vp", "Vladimir Putin", "PERSON"),
            Entry::new("p", "Putin", "PERSON"),
            Entry::new("v", "Vladimir", "PERSON"),
        ]);
        let text = "Vladimir Putin spoke.";
        let all: Vec<&str> = m
            .find_overlapping_iter(text)
            .map(|x| x.span().slice(text))
            .collect();
        assert_eq!(all, ["Vladimir", "Vladimir Putin", "Putin"]);
        let one: Vec<&str> = m.find_iter(text).map(|x| x.span().slice(text)).collect();
        assert_eq!(one, ["Vladimir Putin"]);
    }
}
