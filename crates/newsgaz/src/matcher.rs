//! The matcher: finds gazetteer aliases in text as whole words.

use std::collections::HashMap;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};

use crate::gazetteer::{AliasKind, EntityIndex, Gazetteer};
use crate::normalize::{fold_str, is_word_char, CaseMode, Folded};
use crate::span::Span;

/// The options a matcher is built with. Serialisable, so that the CLI, the Python
/// binding and the conformance cases all parse options in one place; unknown keys are
/// an error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct MatcherOptions {
    /// How letters are compared.
    pub case: CaseMode,
}

/// Builds a [`Matcher`] with chosen options.
#[derive(Clone, Debug, Default)]
pub struct MatcherBuilder {
    options: MatcherOptions,
}

impl MatcherBuilder {
    /// A builder with the default options.
    pub fn new() -> MatcherBuilder {
        MatcherBuilder::default()
    }

    /// A builder with the given options.
    pub fn with_options(options: MatcherOptions) -> MatcherBuilder {
        MatcherBuilder { options }
    }

    /// How letters are compared (default: [`CaseMode::Insensitive`]).
    pub fn case_mode(&mut self, case: CaseMode) -> &mut MatcherBuilder {
        self.options.case = case;
        self
    }

    /// Compiles the matcher for `gazetteer`.
    pub fn build(&self, gazetteer: impl Into<Arc<Gazetteer>>) -> Matcher {
        let gazetteer = gazetteer.into();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut folded_aliases: Vec<String> = Vec::new();
        let mut by_folded: HashMap<String, usize> = HashMap::new();
        for (i, entry) in gazetteer.entries().iter().enumerate() {
            let entity = EntityIndex(i as u32);
            for form in entry.surface_forms() {
                // Per-entry and per-alias case modes are honoured by the matcher of issue 3;
                // this skeleton applies the matcher's mode to every form.
                let folded = fold_str(form.text.trim(), self.options.case);
                if folded.is_empty() {
                    continue;
                }
                let id = *by_folded.entry(folded.clone()).or_insert_with(|| {
                    folded_aliases.push(folded.clone());
                    patterns.push(Pattern {
                        candidates: Vec::new(),
                        needs_start_boundary: folded.chars().next().is_some_and(is_word_char),
                        needs_end_boundary: folded.chars().next_back().is_some_and(is_word_char),
                    });
                    patterns.len() - 1
                });
                let candidates = &mut patterns[id].candidates;
                if !candidates.iter().any(|c| c.entity == entity) {
                    candidates.push(Candidate {
                        entity,
                        kind: form.kind,
                    });
                }
            }
        }
        // Standard semantics so that overlapping search can report every match; the
        // leftmost-longest choice is made after the word-boundary filter, not before it.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&folded_aliases)
            .expect("aho-corasick build failed for gazetteer aliases");
        Matcher {
            inner: Arc::new(Inner {
                gazetteer,
                automaton,
                patterns,
                options: self.options.clone(),
            }),
        }
    }
}

/// An entity an alias may refer to, and what kind of form the alias is for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Candidate {
    /// The entity.
    pub entity: EntityIndex,
    /// The kind of the matched form for this entity (name, alias, demonym).
    pub kind: AliasKind,
}

#[derive(Debug)]
struct Pattern {
    candidates: Vec<Candidate>,
    needs_start_boundary: bool,
    needs_end_boundary: bool,
}

#[derive(Debug)]
struct Inner {
    gazetteer: Arc<Gazetteer>,
    automaton: AhoCorasick,
    patterns: Vec<Pattern>,
    options: MatcherOptions,
}

/// An immutable, compiled matcher over a gazetteer. Cloning it is cheap (an `Arc`).
#[derive(Clone, Debug)]
pub struct Matcher {
    inner: Arc<Inner>,
}

/// One mention of a gazetteer alias in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match<'m> {
    span: Span,
    candidates: &'m [Candidate],
}

impl<'m> Match<'m> {
    /// Byte offsets into the searched text.
    pub fn span(&self) -> Span {
        self.span
    }

    /// Byte offset of the first byte.
    pub fn start(&self) -> usize {
        self.span.start
    }

    /// Byte offset one past the last byte.
    pub fn end(&self) -> usize {
        self.span.end
    }

    /// The preferred entity: the first candidate.
    pub fn entity(&self) -> EntityIndex {
        self.candidates[0].entity
    }

    /// Every entity that has this alias, preferred first.
    pub fn candidates(&self) -> &'m [Candidate] {
        self.candidates
    }
}

impl Matcher {
    /// Builds a matcher with the default options.
    pub fn new(gazetteer: impl Into<Arc<Gazetteer>>) -> Matcher {
        MatcherBuilder::new().build(gazetteer)
    }

    /// A builder to set options.
    pub fn builder() -> MatcherBuilder {
        MatcherBuilder::new()
    }

    /// The options this matcher was built with.
    pub fn options(&self) -> &MatcherOptions {
        &self.inner.options
    }

    /// The gazetteer this matcher was built from.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.inner.gazetteer
    }

    /// The shared gazetteer, for callers that keep it beyond the matcher.
    pub fn gazetteer_arc(&self) -> &Arc<Gazetteer> {
        &self.inner.gazetteer
    }

    /// Finds whole-word mentions: among the matches that respect word boundaries, the
    /// leftmost-longest, non-overlapping ones, in text order.
    pub fn find_iter<'m>(&'m self, text: &str) -> std::vec::IntoIter<Match<'m>> {
        let mut found = self.boundary_matches(text);
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
        found.into_iter()
    }

    /// Every match that respects word boundaries, overlapping or not, ordered by start.
    fn boundary_matches<'m>(&'m self, text: &str) -> Vec<Match<'m>> {
        let folded = Folded::new(text, self.inner.options.case);
        let mut found = Vec::new();
        for m in self.inner.automaton.find_overlapping_iter(&folded.text) {
            let pattern = &self.inner.patterns[m.pattern().as_usize()];
            let Some((start, end)) = folded.original_range(text, m.start(), m.end()) else {
                continue;
            };
            if pattern.needs_start_boundary
                && text[..start].chars().next_back().is_some_and(is_word_char)
            {
                continue;
            }
            if pattern.needs_end_boundary && text[end..].chars().next().is_some_and(is_word_char) {
                continue;
            }
            found.push(Match {
                span: Span::new(start, end),
                candidates: &pattern.candidates,
            });
        }
        found
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
    fn curly_apostrophe_possessive_matches() {
        let m = matcher(vec![Entry::new("cn", "China", "COUNTRY")]);
        assert_eq!(
            spans(&m, "China’s CHINA china"),
            [
                ("China".into(), "cn".into()),
                ("CHINA".into(), "cn".into()),
                ("china".into(), "cn".into())
            ]
        );
        assert!(spans(&m, "Chinatown").is_empty());
    }
}
