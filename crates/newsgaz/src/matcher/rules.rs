//! Case rules: what a match of a case-folded pattern must also satisfy, per alias.
//!
//! The automaton runs over case-folded text, so one pattern stands for every alias that
//! folds to it. Each alias keeps a [`Rule`] saying which of those matches it accepts
//! (any, only in capitals, capitals at some word starts, exactly as written). Aliases of
//! one pattern with the same rule form one [`Variant`]. A match accepted by several
//! variants is one mention whose candidates are the union of theirs; every union that can
//! occur is computed at build time, so searching never allocates per match.

use std::collections::HashMap;

use crate::normalize::{
    folds_to, is_capital, is_mark, is_word_char, CaseMode, FoldCursor, Folded, Folding,
};

use super::Candidate;

/// The most variants with distinct capital positions kept apart for one pattern; beyond
/// it the extra ones are merged leniently (capitals required only where all require them).
const MAX_CAPITAL_VARIANTS: usize = 6;

/// What a match must satisfy besides folding to the pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Rule {
    /// Nothing more.
    Any,
    /// No lower-case letter in the matched text (a short all-capital alias).
    Acronym,
    /// The chars at these folded offsets (`pool.capitals[start..start + len]`) of the
    /// match are not lower case: the words that start with a capital in the alias.
    Capitals { start: u32, len: u32 },
    /// The matched text folds, case kept, to `pool.exact[start..start + len]`.
    Exact { start: u32, len: u32 },
}

impl Rule {
    fn is_exact(self) -> bool {
        matches!(self, Rule::Exact { .. })
    }
}

/// Backing storage for rules and candidate lists.
#[derive(Debug, Default)]
pub(super) struct Pool {
    pub(super) capitals: Vec<u32>,
    pub(super) exact: String,
    pub(super) candidates: Vec<Candidate>,
}

impl Pool {
    /// Bytes on the heap.
    pub(super) fn heap_bytes(&self) -> usize {
        self.capitals.capacity() * 4
            + self.exact.capacity()
            + self.candidates.capacity() * std::mem::size_of::<Candidate>()
    }

    fn capitals(&self, start: u32, len: u32) -> &[u32] {
        &self.capitals[start as usize..(start + len) as usize]
    }

    fn exact(&self, start: u32, len: u32) -> &str {
        &self.exact[start as usize..(start + len) as usize]
    }

    pub(super) fn candidates(&self, range: CandidateRange) -> &[Candidate] {
        &self.candidates[range.start as usize..(range.start + range.len) as usize]
    }

    fn push_candidates(&mut self, list: &[Candidate]) -> CandidateRange {
        let start = u32::try_from(self.candidates.len()).expect("under 2^32 candidates");
        self.candidates.extend_from_slice(list);
        CandidateRange {
            start,
            len: list.len() as u32,
        }
    }

    /// True when the match at original `text[start..end]`, folded at `folded_start`,
    /// satisfies `rule`.
    #[inline]
    pub(super) fn check(&self, rule: Rule, m: &RawMatch<'_>, exact_folding: Folding) -> bool {
        match rule {
            Rule::Any => true,
            Rule::Acronym => !m.text[m.start..m.end].chars().any(char::is_lowercase),
            Rule::Capitals { start, len } => self.capitals(start, len).iter().all(|&offset| {
                let at = m.origin(offset as usize);
                !m.text[at..].chars().next().is_some_and(char::is_lowercase)
            }),
            Rule::Exact { start, len } => folds_to(
                &m.text[m.start..m.end],
                exact_folding,
                self.exact(start, len),
            ),
        }
    }
}

/// A match of a pattern in folded text, mapped to the original.
pub(super) struct RawMatch<'t> {
    pub(super) text: &'t str,
    /// The folded text and the match's offset in it, when the engine made one.
    pub(super) folded: Option<(&'t Folded, usize)>,
    /// The automaton's folding, to fold the match again when there is no folded text.
    pub(super) folding: Folding,
    pub(super) start: usize,
    pub(super) end: usize,
}

impl RawMatch<'_> {
    /// The original offset of the char that produced byte `offset` of the folded match.
    fn origin(&self, offset: usize) -> usize {
        if let Some((folded, folded_start)) = self.folded {
            return folded.origin(folded_start + offset);
        }
        let mut cursor = FoldCursor::new(self.text, self.start, self.folding);
        for _ in 0..=offset {
            cursor.next_byte();
        }
        cursor.char_start()
    }
}

/// A half-open range of `Pool::candidates`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct CandidateRange {
    pub(super) start: u32,
    pub(super) len: u32,
}

/// The aliases of one pattern that share a rule.
#[derive(Clone, Copy, Debug)]
pub(super) struct Variant {
    pub(super) rule: Rule,
    pub(super) candidates: CandidateRange,
}

/// The rule for one alias form, given its case mode. `trimmed` is the alias without
/// surrounding white space; `lead` is how many folded bytes were trimmed off the front
/// of its folding (spaces left by chars folded away).
pub(super) fn rule_for(
    trimmed: &str,
    case: CaseMode,
    folding: Folding,
    acronym_max_len: usize,
    lead: usize,
    key_len: usize,
    pool: &mut Pool,
) -> Rule {
    match case {
        CaseMode::Insensitive => Rule::Any,
        CaseMode::Exact => {
            let exact = crate::normalize::fold_str(trimmed, folding.case_preserving());
            let exact = exact.trim_matches(' ');
            let start = pool.exact.len() as u32;
            pool.exact.push_str(exact);
            Rule::Exact {
                start,
                len: exact.len() as u32,
            }
        }
        CaseMode::Smart => {
            let letters = trimmed.chars().filter(|c| c.is_alphabetic()).count();
            if trimmed.chars().any(is_capital)
                && !trimmed.chars().any(char::is_lowercase)
                && letters <= acronym_max_len
            {
                return Rule::Acronym;
            }
            let offsets = capital_word_starts(trimmed, folding);
            let start = pool.capitals.len() as u32;
            pool.capitals.extend(
                offsets
                    .into_iter()
                    .filter_map(|o| o.checked_sub(lead))
                    .filter(|&o| o < key_len)
                    .map(|o| o as u32),
            );
            let len = pool.capitals.len() as u32 - start;
            if len == 0 {
                Rule::Any
            } else {
                Rule::Capitals { start, len }
            }
        }
    }
}

/// Folded byte offsets of the words of `alias` whose first char (marks aside) is a capital.
fn capital_word_starts(alias: &str, folding: Folding) -> Vec<usize> {
    let mut offsets = Vec::new();
    let mut folder = crate::normalize::Folder::new(folding);
    let mut folded_len = 0;
    let mut in_word = false;
    let mut word_start_pending = false;
    for c in alias.chars() {
        let word = is_word_char(c);
        if word && !in_word {
            word_start_pending = true;
        }
        if !word {
            word_start_pending = false;
        } else if word_start_pending && !is_mark(c) {
            word_start_pending = false;
            if is_capital(c) {
                offsets.push(folded_len);
            }
        }
        in_word = word;
        folder.push(c, &mut |x| folded_len += x.len_utf8());
    }
    offsets
}

/// One alias form of one entity, before grouping.
pub(super) struct FormRule {
    pub(super) rule: Rule,
    pub(super) candidate: Candidate,
}

/// The variants of all patterns plus the candidate unions of multi-variant patterns.
#[derive(Debug, Default)]
pub(super) struct Variants {
    pub(super) list: Vec<Variant>,
    /// `(pattern, acceptance key)` → candidates, for patterns with several variants.
    pub(super) unions: HashMap<(u32, u64), CandidateRange>,
}

impl Variants {
    /// Bytes on the heap (a hash table's entries and one control byte each).
    pub(super) fn heap_bytes(&self) -> usize {
        self.list.capacity() * std::mem::size_of::<Variant>()
            + self.unions.capacity() * (std::mem::size_of::<((u32, u64), CandidateRange)>() + 1)
    }

    /// Groups the forms of pattern `pattern` (in gazetteer order) into variants; returns
    /// the range of `self.list` they occupy.
    pub(super) fn add_pattern(
        &mut self,
        pattern: u32,
        forms: &[FormRule],
        pool: &mut Pool,
    ) -> (u32, u32) {
        // Group by rule, keeping first-appearance order; exact rules last.
        let mut groups: Vec<(Rule, Vec<Candidate>)> = Vec::new();
        for form in forms {
            let same = groups
                .iter_mut()
                .find(|(rule, _)| same_rule(pool, *rule, form.rule));
            match same {
                Some((_, list)) => {
                    if !list.iter().any(|c| c.entity == form.candidate.entity) {
                        list.push(form.candidate);
                    }
                }
                None => groups.push((form.rule, vec![form.candidate])),
            }
        }
        groups.sort_by_key(|(rule, _)| match rule {
            Rule::Any => 0,
            Rule::Acronym => 1,
            Rule::Capitals { .. } => 2,
            Rule::Exact { .. } => 3,
        });
        merge_surplus_capital_variants(&mut groups, pool);
        let first = self.list.len() as u32;
        for (rule, list) in &groups {
            let candidates = pool.push_candidates(list);
            self.list.push(Variant {
                rule: *rule,
                candidates,
            });
        }
        if groups.len() > 1 {
            let loose = groups.iter().filter(|(r, _)| !r.is_exact()).count();
            let exact = groups.len() - loose;
            for loose_mask in 0u64..(1 << loose) {
                for exact_choice in 0..=exact {
                    if loose_mask == 0 && exact_choice == 0 {
                        continue;
                    }
                    let mut union: Vec<Candidate> = Vec::new();
                    let chosen = (0..loose)
                        .filter(|i| loose_mask & (1 << i) != 0)
                        .chain((exact_choice > 0).then(|| loose + exact_choice - 1));
                    for i in chosen {
                        for c in &groups[i].1 {
                            if !union.iter().any(|u| u.entity == c.entity) {
                                union.push(*c);
                            }
                        }
                    }
                    union.sort_by_key(|c| c.entity);
                    let range = pool.push_candidates(&union);
                    self.unions
                        .insert((pattern, acceptance_key(loose_mask, exact_choice)), range);
                }
            }
        }
        (first, groups.len() as u32)
    }
}

/// Packs which loose variants accepted (bits) and which exact one did (1-based, 0: none).
#[inline]
pub(super) fn acceptance_key(loose_mask: u64, exact_choice: usize) -> u64 {
    loose_mask | ((exact_choice as u64) << 32)
}

fn same_rule(pool: &Pool, a: Rule, b: Rule) -> bool {
    match (a, b) {
        (Rule::Capitals { start: s1, len: l1 }, Rule::Capitals { start: s2, len: l2 }) => {
            pool.capitals(s1, l1) == pool.capitals(s2, l2)
        }
        (Rule::Exact { start: s1, len: l1 }, Rule::Exact { start: s2, len: l2 }) => {
            pool.exact(s1, l1) == pool.exact(s2, l2)
        }
        (a, b) => a == b,
    }
}

/// Keeps the number of capital variants of one pattern bounded, so that the unions stay
/// few: the surplus ones are merged into the last kept one, which then requires capitals
/// only where all of them did (it accepts more, never less).
fn merge_surplus_capital_variants(groups: &mut Vec<(Rule, Vec<Candidate>)>, pool: &mut Pool) {
    let capitals: Vec<usize> = (0..groups.len())
        .filter(|&i| matches!(groups[i].0, Rule::Capitals { .. }))
        .collect();
    if capitals.len() <= MAX_CAPITAL_VARIANTS {
        return;
    }
    let keep = capitals[MAX_CAPITAL_VARIANTS - 1];
    let surplus = &capitals[MAX_CAPITAL_VARIANTS - 1..];
    let mut common: Option<Vec<u32>> = None;
    let mut merged: Vec<Candidate> = Vec::new();
    for &i in surplus {
        let Rule::Capitals { start, len } = groups[i].0 else {
            unreachable!("filtered above")
        };
        let offsets = pool.capitals(start, len).to_vec();
        common = Some(match common {
            None => offsets,
            Some(c) => c.into_iter().filter(|o| offsets.contains(o)).collect(),
        });
        for c in &groups[i].1 {
            if !merged.iter().any(|m| m.entity == c.entity) {
                merged.push(*c);
            }
        }
    }
    let common = common.unwrap_or_default();
    let start = pool.capitals.len() as u32;
    pool.capitals.extend(&common);
    groups[keep] = (
        if common.is_empty() {
            Rule::Any
        } else {
            Rule::Capitals {
                start,
                len: common.len() as u32,
            }
        },
        merged,
    );
    for &i in surplus[1..].iter().rev() {
        groups.remove(i);
    }
}
