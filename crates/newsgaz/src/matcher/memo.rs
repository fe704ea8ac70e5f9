//! The radix tree position after a text's plain ASCII words, remembered for one search.
//!
//! A word that passes the first-word filters is walked from the root, and news repeats
//! its words: the walk down through a first word visits three or four nodes (the wide ones
//! near the root take three cache lines each), the same ones at every occurrence. A small
//! direct-mapped table, keyed by the word's folded bytes (compared whole, so a collision
//! only costs a miss), keeps where each walk stood after its first word, or that no key
//! begins with it; the walk resumes there.

use super::trie::{Position, Trie};

/// Slots in the table (a power of two): a few hundred distinct words carry most of the
/// walks of an article or a corpus.
const SLOTS: usize = 1024;

/// The longest word remembered, in bytes.
pub(super) const MAX_WORD: usize = 16;

/// Walks before the table is made: a short text repeats few words.
const WARM_UP: u32 = 16;

#[derive(Clone, Copy)]
struct Slot {
    /// The word's folded bytes, zero-padded; an empty word marks a free slot.
    word: [u8; MAX_WORD],
    len: u8,
    position: Option<Position>,
}

/// Positions after first words, for one search.
pub(super) struct FirstWordMemo {
    slots: Vec<Slot>,
    walks: u32,
}

impl FirstWordMemo {
    pub(super) fn new() -> FirstWordMemo {
        FirstWordMemo {
            slots: Vec::new(),
            walks: 0,
        }
    }

    /// Where `word` (plain ASCII, up to [`MAX_WORD`] bytes, whose folded bytes hash to
    /// `hash`) leads in `trie` from the root: `None` when no key begins with it. Folded,
    /// a plain ASCII word is its lower case.
    #[inline]
    pub(super) fn position(&mut self, trie: &Trie, word: &[u8], hash: u64) -> Option<Position> {
        debug_assert!(!word.is_empty() && word.len() <= MAX_WORD && word.is_ascii());
        let mut folded = [0u8; MAX_WORD];
        for (to, from) in folded.iter_mut().zip(word) {
            *to = from.to_ascii_lowercase();
        }
        let folded_word = &folded[..word.len()];
        if self.slots.is_empty() {
            self.walks += 1;
            if self.walks < WARM_UP {
                return trie.descend(folded_word);
            }
            self.slots = vec![
                Slot {
                    word: [0; MAX_WORD],
                    len: 0,
                    position: None,
                };
                SLOTS
            ];
        }
        // Bits the filters do not use (their blocks take the low bits, their bit
        // positions the top twelve), so that the slot is not tied to passing them.
        let slot = &mut self.slots[(hash >> 32) as usize % SLOTS];
        if slot.len as usize == word.len() && slot.word == folded {
            return slot.position;
        }
        let position = trie.descend(folded_word);
        *slot = Slot {
            word: folded,
            len: word.len() as u8,
            position,
        };
        position
    }
}
