//! [`StateTable`]: an open-addressing set of explored states keyed by their 64-bit fingerprints.
//!
//! No std hash map: its iteration order is not ours to fix, and the purity test bans it from core. The
//! table only answers "which state index has this fingerprint", probing linearly from the fingerprint's
//! low bits; the caller compares the whole state, so a fingerprint collision costs a probe, never a state.

/// Slot value meaning "empty".
const EMPTY: u32 = u32::MAX;

/// Indexes of explored states by fingerprint, with linear probing; grows at half load.
#[derive(Clone, Debug)]
pub(crate) struct StateTable {
    /// State indexes (`EMPTY` where free); the length is a power of two.
    slots: Vec<u32>,
    /// The fingerprint of each slot's state, next to it so a probe touches one cache line.
    keys: Vec<u64>,
    len: u32,
}

impl Default for StateTable {
    fn default() -> Self {
        StateTable {
            slots: vec![EMPTY; 1024],
            keys: vec![0; 1024],
            len: 0,
        }
    }
}

impl StateTable {
    /// Number of states in the table.
    #[cfg(test)]
    pub fn len(&self) -> u32 {
        self.len
    }

    /// The index of the state with fingerprint `key` for which `same(index)` holds, if any.
    pub fn find(&self, key: u64, mut same: impl FnMut(u32) -> bool) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut slot = (key as usize) & mask;
        loop {
            let index = self.slots[slot];
            if index == EMPTY {
                return None;
            }
            if self.keys[slot] == key && same(index) {
                return Some(index);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Adds state `index` under fingerprint `key` (the caller has checked it is new).
    pub fn insert(&mut self, key: u64, index: u32) {
        if (self.len as usize + 1) * 2 > self.slots.len() {
            self.grow();
        }
        self.place(key, index);
        self.len += 1;
    }

    fn place(&mut self, key: u64, index: u32) {
        let mask = self.slots.len() - 1;
        let mut slot = (key as usize) & mask;
        while self.slots[slot] != EMPTY {
            slot = (slot + 1) & mask;
        }
        self.slots[slot] = index;
        self.keys[slot] = key;
    }

    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let slots = std::mem::replace(&mut self.slots, vec![EMPTY; size]);
        let keys = std::mem::replace(&mut self.keys, vec![0; size]);
        for (index, key) in slots.into_iter().zip(keys) {
            if index != EMPTY {
                self.place(key, index);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_inserted_through_collisions_and_growth() {
        let mut table = StateTable::default();
        // Keys that share their low bits collide on purpose.
        for index in 0..5_000u32 {
            let key = u64::from(index % 2_500) << 20 | u64::from(index % 7);
            assert_eq!(table.find(key, |i| i == index), None);
            table.insert(key, index);
        }
        assert_eq!(table.len(), 5_000);
        for index in 0..5_000u32 {
            let key = u64::from(index % 2_500) << 20 | u64::from(index % 7);
            assert_eq!(table.find(key, |i| i == index), Some(index));
        }
        assert_eq!(table.find(12345, |_| true), None);
    }
}
