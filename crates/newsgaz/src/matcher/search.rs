//! Searching: the scan over a text's word starts, the walks, and the filters each match
//! passes.

use crate::normalize::{
    folds_to_nothing, is_ascii_word_byte, is_mark, is_unspaced, is_word_char, joins_word,
    FoldCursor, Folded, Folder,
};
use crate::span::Span;
use aho_corasick::AhoCorasick;

use super::memo::{self, FirstWordMemo};
use super::prefilter::PlainWords;
use super::rules::{acceptance_key, RawMatch, Rule};
use super::trie::Trie;
use super::{Candidate, Engine, Match, Matcher};

impl Matcher {
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

/// How much text an interruptible search reads between two questions to its caller: a
/// millisecond or two of work.
pub(super) const SEARCH_STEP: usize = 1 << 20;

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
