//! The matcher: finds gazetteer aliases in text as whole words.
//!
//! One pass over the text finds each position where a mention may start (a word start, or
//! any char of a script written without spaces), so mid-word matches are never even
//! produced. A filter of the aliases' first words rejects most starts; from the others a
//! radix tree of the folded aliases is walked, anchored, over the text folded lazily (only
//! as far as the walk goes). Each match ends on whole chars of the original and is filtered
//! by the boundary rules and by its aliases' case rules. `find_iter` keeps the longest
//! accepted match at each start and skips the starts it covers (leftmost-longest);
//! `find_overlapping_iter` keeps them all.
//!
//! The parts: `options` (what a matcher is built with), `build` (the tables a gazetteer
//! compiles to, and the engine over their keys), `search` (the scan, the walks and the
//! filters), `compiled` (the compiled file), and here the public types.
//!
//! The engine this replaced, one unanchored overlapping aho-corasick scan of the whole
//! folded text followed by the same filters and a sort, is kept behind a hidden
//! constructor so that the benchmarks and the reference test can compare the two. (Anchored
//! walks of an aho-corasick NFA were tried too: as fast to search, but building its
//! failure transitions, useless to anchored walks, took most of the build time.)

mod build;
mod compiled;
mod memo;
mod options;
mod prefilter;
mod rules;
mod search;
mod stats;
mod trie;

use std::sync::Arc;

pub use options::MatcherOptions;
pub use search::Interrupted;
pub use stats::MatcherStats;

use build::{build, Search, Tables, MAX_WALK};

use aho_corasick::AhoCorasick;

use crate::gazetteer::{AliasKind, EntityIndex, Gazetteer};
use crate::normalize::Folding;
use crate::span::Span;

use prefilter::FirstWords;
use rules::{Pool, Variants};
use trie::Trie;

/// An entity an alias may refer to, and what kind of form the alias is for it.
///
/// ```
/// use newsgaz::{Entry, Gazetteer, Matcher};
/// use newsgaz::gazetteer::AliasKind;
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

/// The matches of one search, in text order (see [`Matcher::find_iter`]): a finished
/// list, made before the first is yielded.
///
/// ```
/// # use newsgaz::{Gazetteer, Matcher};
/// let matcher = Matcher::new(Gazetteer::builtin().clone());
/// let matches: newsgaz::matcher::Matches<'_> = matcher.find_iter("Peru and Chile");
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
    /// Eager: the whole of `text` is searched before the first match is yielded, and the
    /// iterator walks the finished list (so `.len()` is exact, and the matches do not
    /// borrow the text). A caller that wants only the first match still pays for the
    /// whole search.
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
}

#[cfg(test)]
mod tests;
