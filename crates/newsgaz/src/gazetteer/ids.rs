//! The index from entry ids to entries: an open-addressing table of entry indices, probed
//! by a hash of the id and checked against the entry itself, so no id is stored twice (a
//! `HashMap<String, _>` would copy every id and cost about 50 bytes per entry more). Each
//! slot keeps the top half of its id's hash beside the index, so a probe compares the
//! ids themselves (a cache miss each) only when the hashes agree.

use std::hash::{BuildHasher, RandomState};

use super::{EntityIndex, Entry};

/// A slot that holds no entry.
const EMPTY: u64 = u64::MAX;

/// Entry indices by id. The hasher is randomly keyed (SipHash), so crafted ids cannot
/// make lookups slow.
#[derive(Clone, Debug, Default)]
pub(super) struct IdIndex {
    /// A power-of-two number of slots, at most half full: the top 32 bits of the id's
    /// hash, then the entry's index.
    slots: Vec<u64>,
    hasher: RandomState,
}

impl IdIndex {
    /// An empty index sized for `entries` entries.
    pub(super) fn with_capacity(entries: usize) -> IdIndex {
        IdIndex {
            slots: vec![EMPTY; (entries * 2).next_power_of_two().max(16)],
            hasher: RandomState::new(),
        }
    }

    /// The index of the entry with `id`.
    pub(super) fn get(&self, entries: &[Entry], id: &str) -> Option<EntityIndex> {
        self.probe(entries, id, self.hasher.hash_one(id)).ok()
    }

    /// Adds entry `index` (whose id is `entries[index].id`) unless an entry with its id
    /// is there already; then returns that entry's index instead.
    pub(super) fn insert(
        &mut self,
        entries: &[Entry],
        index: EntityIndex,
    ) -> Result<(), EntityIndex> {
        // `entries` holds the new entry already.
        if entries.len() * 2 > self.slots.len() {
            self.grow(entries);
        }
        let hash = self.hasher.hash_one(&entries[index.as_usize()].id);
        match self.probe(entries, &entries[index.as_usize()].id, hash) {
            Ok(existing) => Err(existing),
            Err(slot) => {
                self.slots[slot] = slot_value(hash, index.as_u32());
                Ok(())
            }
        }
    }

    /// The index of the entry with `id` (of hash `hash`), or the empty slot where it
    /// would go.
    fn probe(&self, entries: &[Entry], id: &str, hash: u64) -> Result<EntityIndex, usize> {
        if self.slots.is_empty() {
            return Err(0);
        }
        let mask = self.slots.len() - 1;
        let tag = hash >> 32;
        let mut slot = hash as usize & mask;
        loop {
            match self.slots[slot] {
                EMPTY => return Err(slot),
                value if value >> 32 == tag && entries[value as u32 as usize].id == id => {
                    return Ok(EntityIndex::from_u32(value as u32));
                }
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// Doubles the table (or sizes an empty one) and re-inserts what it holds.
    fn grow(&mut self, entries: &[Entry]) {
        let old = std::mem::take(&mut self.slots);
        self.slots = vec![EMPTY; (old.len() * 2).max(16)];
        let mask = self.slots.len() - 1;
        for value in old.into_iter().filter(|&v| v != EMPTY) {
            let index = value as u32;
            let hash = self.hasher.hash_one(&entries[index as usize].id);
            let mut slot = hash as usize & mask;
            while self.slots[slot] != EMPTY {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = slot_value(hash, index);
        }
    }
}

/// A slot's value: the hash's top half, then the index (never `EMPTY`: an index is under
/// 2^32 - 1, as entries are counted in a u32).
fn slot_value(hash: u64, index: u32) -> u64 {
    (hash & !0xffff_ffff) | u64::from(index)
}
