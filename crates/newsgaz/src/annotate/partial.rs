//! Partial person names: "Putin" for Vladimir Putin, "Li" for Li Shangfu.
//!
//! At build time the family name of each of a person's multi-word names and aliases (the
//! last word, or the first for names written family name first: "Li Shangfu"; every
//! capitalised word with `partial_given_names`) goes into a second matcher (smart case, so
//! "PUTIN" in a headline counts). In an article, a token counts only for persons that the
//! article also names in full, and only where it does not stand beside another
//! capitalised name ("Tony Martin", "Lionel Blair"); the person whose full mention is
//! nearest before the token wins (else the nearest after), and the others stay as
//! candidates.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::gazetteer::{AliasKind, EntityIndex, Entry, Gazetteer};
use crate::matcher::{Candidate, Matcher, MatcherOptions};
use crate::normalize::CaseMode;

use super::people::family_index;
use super::words::{is_capitalised_name, possessive_stem};
use super::{AnnotateOptions, Found};
use crate::lexicon::List;

/// The partial-name machinery, built once per annotator.
#[derive(Clone, Debug)]
pub(crate) struct PartialNames {
    /// Matches the tokens; entry `i` of its gazetteer is token `i`.
    matcher: Option<Matcher>,
    /// For token `i`, the persons whose names contain it.
    persons: Vec<Vec<EntityIndex>>,
    /// Is entity `i` a person?
    is_person: Vec<bool>,
    /// The listed persons by family name (for "Mr Blair" in an article that never names
    /// Tony Blair in full).
    by_family: FxHashMap<String, Vec<EntityIndex>>,
}

/// True when `token` may stand for a whole person: capitalised, two letters or more,
/// letters (and inner hyphens or apostrophes) only.
fn is_name_token(token: &str) -> bool {
    let mut chars = token.chars();
    chars.next().is_some_and(char::is_uppercase)
        && token.chars().count() >= 2
        && token
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '\u{2019}')
        && token.chars().next_back().is_some_and(char::is_alphabetic)
        && !List::NotAloneNames.contains(token)
}

impl PartialNames {
    pub(crate) fn build(gazetteer: &Gazetteer, options: &AnnotateOptions) -> PartialNames {
        let is_person: Vec<bool> = gazetteer
            .entries()
            .iter()
            .map(|e| options.person_labels.contains(&e.label))
            .collect();
        let mut tokens: BTreeMap<&str, Vec<EntityIndex>> = BTreeMap::new();
        let mut by_family: FxHashMap<String, Vec<EntityIndex>> = FxHashMap::default();
        fn add<'g>(
            map: &mut BTreeMap<&'g str, Vec<EntityIndex>>,
            word: &'g str,
            entity: EntityIndex,
        ) {
            let persons = map.entry(word).or_default();
            if !persons.contains(&entity) {
                persons.push(entity);
            }
        }
        // Only `is_person` is needed when neither partial names nor people are on.
        let wanted = options.partial_names || options.people;
        let entries = gazetteer
            .entries()
            .iter()
            .take(if wanted { usize::MAX } else { 0 });
        for (i, entry) in entries.enumerate() {
            if !is_person[i] {
                continue;
            }
            let entity = EntityIndex::from_usize(i).expect("over 4 billion entries");
            for form in entry.surface_forms() {
                if form.kind == AliasKind::Demonym {
                    continue;
                }
                let words: Vec<&str> = form.text.split_whitespace().collect();
                if words.len() < 2 {
                    continue;
                }
                let family = words[family_index(&words)];
                if is_name_token(family) {
                    add(&mut tokens, family, entity);
                    let persons = by_family.entry(family.to_owned()).or_default();
                    if !persons.contains(&entity) {
                        persons.push(entity);
                    }
                }
                if options.partial_given_names {
                    for word in words.into_iter().filter(|w| is_name_token(w)) {
                        add(&mut tokens, word, entity);
                    }
                }
            }
        }
        if tokens.is_empty() || !options.partial_names {
            return PartialNames {
                matcher: None,
                persons: Vec::new(),
                is_person,
                by_family,
            };
        }
        let entries = tokens.keys().enumerate().map(|(i, token)| {
            let mut entry = Entry::new(i.to_string(), *token, "PARTIAL");
            entry.case = Some(CaseMode::Smart);
            entry
        });
        let token_gazetteer = Gazetteer::from_entries(entries, "<partial names>")
            .expect("token entries are non-empty with unique ids");
        let options = MatcherOptions {
            case: CaseMode::Smart,
            ..MatcherOptions::default()
        };
        let matcher = Matcher::with_options(token_gazetteer, options);
        PartialNames {
            matcher: Some(matcher),
            persons: tokens.into_values().collect(),
            is_person,
            by_family,
        }
    }

    /// The listed persons whose family name is `word`.
    pub(crate) fn by_family(&self, word: &str) -> &[EntityIndex] {
        self.by_family.get(word).map_or(&[], Vec::as_slice)
    }

    /// True when `entity` has one of the person labels; the article's people (indices
    /// past the gazetteer's) are persons.
    pub(crate) fn is_person(&self, entity: EntityIndex) -> bool {
        self.is_person
            .get(entity.as_usize())
            .copied()
            .unwrap_or(true)
    }

    /// Adds partial-name mentions to `found` (full matches, in text order) and returns all
    /// mentions in text order; `title` is the article's headline, where neighbouring
    /// capitals say nothing. With `claim_aliases`, a full single-token alias that is also
    /// a name token of a person named in full gains that person as a candidate.
    pub(crate) fn link(
        &self,
        gazetteer: &Gazetteer,
        text: &str,
        title: Option<crate::span::Span>,
        mut found: Vec<Found>,
        claim_aliases: bool,
    ) -> Vec<Found> {
        let Some(matcher) = &self.matcher else {
            return found;
        };
        // Full mentions of each person: the spans of matches listing them by name or alias.
        let mut full: BTreeMap<EntityIndex, Vec<usize>> = BTreeMap::new();
        for f in &found {
            for c in &f.candidates {
                if self.is_person[c.entity.as_usize()] && c.kind != AliasKind::Demonym {
                    full.entry(c.entity).or_default().push(f.span.start);
                }
            }
        }
        if full.is_empty() {
            return found;
        }
        let mut added = Vec::new();
        for m in matcher.find_iter(text) {
            let persons = &self.persons[m.entity().as_usize()];
            let present: Vec<EntityIndex> = persons
                .iter()
                .copied()
                .filter(|p| full.contains_key(p))
                .collect();
            if present.is_empty() {
                continue;
            }
            let names = |p: &EntityIndex| {
                let entry = gazetteer.entry(*p);
                std::iter::once(entry.name.as_str())
                    .chain(entry.aliases.iter().map(|a| a.text.as_str()))
                    .flat_map(str::split_whitespace)
                    .collect::<Vec<&str>>()
            };
            let own: Vec<&str> = present.iter().flat_map(names).collect();
            // Headlines capitalise every word: there, neighbours say nothing.
            let in_title = title.is_some_and(|t| t.contains(m.span()));
            if !in_title && beside_another_name(text, m.span(), &own) {
                continue;
            }
            let ranked = rank_by_nearest(&present, &full, m.start());
            let at = found.partition_point(|f| f.span.end <= m.start());
            match found.get_mut(at) {
                // A full match covers the token exactly: maybe claim it.
                Some(f) if f.span == m.span() => {
                    if claim_aliases && f.span.slice(text).split_whitespace().count() == 1 {
                        for p in ranked {
                            if !f.candidates.iter().any(|c| c.entity == p) {
                                f.candidates.push(Candidate {
                                    entity: p,
                                    kind: AliasKind::Alias,
                                });
                                f.claimed.push(p);
                            }
                        }
                    }
                }
                // Part of a longer full match, or overlapping one: the full match wins.
                Some(f) if f.span.start < m.end() => {}
                _ => {
                    let mut candidates: smallvec::SmallVec<[Candidate; 3]> = ranked
                        .into_iter()
                        .map(|entity| Candidate {
                            entity,
                            kind: AliasKind::Alias,
                        })
                        .collect();
                    for &p in persons {
                        if !present.contains(&p) {
                            candidates.push(Candidate {
                                entity: p,
                                kind: AliasKind::Alias,
                            });
                        }
                    }
                    added.push(Found {
                        span: m.span(),
                        candidates,
                        claimed: Vec::new(),
                        partial: true,
                        titled: false,
                    });
                }
            }
        }
        if !added.is_empty() {
            found.extend(added);
            found.sort_by_key(|f| f.span.start);
        }
        found
    }
}

/// True when the word just before or just after `span` (one space away) is a
/// capitalised name that is not one of `own` (the person's name words): the token then
/// names someone else ("Tony Martin", "Lionel Blair"). Titles ("President Putin"),
/// possessives before it ("China's Li") and sentence-opening words do not count.
pub(crate) fn beside_another_name(text: &str, span: crate::span::Span, own: &[&str]) -> bool {
    let is_other = |word: &str| {
        is_capitalised_name(word)
            && !own.contains(&word)
            && !List::NotNames.contains(word)
            && !List::TitleHeads.contains(word)
            && !List::TitleModifiers.contains(word)
    };
    let before = text[..span.start]
        .strip_suffix(' ')
        .and_then(|t| t.rsplit([' ', '\n', '\t']).next())
        .filter(|w| possessive_stem(w).is_none())
        .is_some_and(|w| !w.ends_with(|c: char| !c.is_alphabetic()) && is_other(w));
    let after = text[span.end..]
        .strip_prefix(' ')
        .and_then(|t| t.split([' ', '\n', '\t']).next())
        .map(|w| w.trim_end_matches(|c: char| !c.is_alphabetic()))
        .map(|w| possessive_stem(w).unwrap_or(w))
        .is_some_and(|w| !w.is_empty() && is_other(w));
    before || after
}

/// `present` ordered by the distance of their nearest full mention before `at` (closest
/// first), then those only mentioned after `at` (closest first).
fn rank_by_nearest(
    present: &[EntityIndex],
    full: &BTreeMap<EntityIndex, Vec<usize>>,
    at: usize,
) -> Vec<EntityIndex> {
    let mut keyed: Vec<((bool, usize), EntityIndex)> = present
        .iter()
        .map(|p| {
            // Starts are in text order: the nearest before is the last one below `at`.
            let starts = &full[p];
            let below = starts.partition_point(|&s| s < at);
            let key = match below.checked_sub(1) {
                Some(i) => (false, at - starts[i]),
                None => (
                    true,
                    starts[below..]
                        .iter()
                        .find(|&&s| s > at)
                        .map_or(usize::MAX, |&s| s - at),
                ),
            };
            (key, *p)
        })
        .collect();
    keyed.sort();
    keyed.into_iter().map(|(_, p)| p).collect()
}
