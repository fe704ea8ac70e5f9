//! The index from entry ids to entries: an open-addressing table of entry indices, probed
//! by a hash of the id and checked against the entry itself, so no id is stored twice (a
//! `HashMap<String, _>` would copy every id and cost about 50 bytes per entry more).

use std::hash::{BuildHasher, RandomState};

use super::{EntityIndex, Entry};

/// A slot that holds no entry.
const EMPTY: u32 = u32::MAX;

/// Entry indices by id. The hasher is randomly keyed (SipHash), so crafted ids cannot
/// make lookups slow.
#[derive(Clone, Debug, Default)]
pub(super) struct IdIndex {
    /// A power-of-two number of slots, at most half full.
    slots: Vec<u32>,
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
        self.probe(entries, id).ok()
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
        match self.probe(entries, &entries[index.0 as usize].id) {
            Ok(existing) => Err(existing),
            Err(slot) => {
                self.slots[slot] = index.0;
                Ok(())
            }
        }
    }

    /// The index of the entry with `id`, or the empty slot where it would go.
    fn probe(&self, entries: &[Entry], id: &str) -> Result<EntityIndex, usize> {
        if self.slots.is_empty() {
            return Err(0);
        }
        let mask = self.slots.len() - 1;
        let mut slot = self.hasher.hash_one(id) as usize & mask;
        loop {
            match self.slots[slot] {
                EMPTY => return Err(slot),
                i if entries[i as usize].id == id => return Ok(EntityIndex(i)),
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// Doubles the table (or sizes an empty one) and re-inserts what it holds.
    fn grow(&mut self, entries: &[Entry]) {
        let old = std::mem::take(&mut self.slots);
        self.slots = vec![EMPTY; (old.len() * 2).max(16)];
        for i in old.into_iter().filter(|&i| i != EMPTY) {
            let slot = self
                .probe(entries, &entries[i as usize].id)
                .expect_err("ids in the old table are distinct");
            self.slots[slot] = i;
        }
    }
}
