//! The keys placed on the cluster: generated from a seed, hashed once.
use super::hash::{ketama_digest_points, key_hash_u64, HashMode};
use super::packed_sort;

/// `count` keys named `"key-{key_seed}-{i}"` for `i` in `0..count`.
///
/// The seed is in the name so that two seeds give two unrelated key sets, and the names stay readable in
/// the UI. Being plain strings, the same set is made in any language (the ketama vectors need that).
pub fn key_set(count: u32, key_seed: u64) -> Vec<String> {
    (0..count).map(|i| format!("key-{key_seed}-{i}")).collect()
}

/// A key's hashes: what every algorithm needs to place it without hashing the string again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyHash {
    /// [`key_hash_u64`]: what modulo, jump and rendezvous hashing use.
    pub hash_u64: u64,
    /// The key's point on the 2^32 ring under the chosen [`HashMode`] (see [`super::ring_point`]).
    pub point: u32,
}

impl KeyHash {
    /// Hashes one key. In xxh3 mode the point is the high half of `hash_u64`, so one xxh3 call does both.
    pub fn of(key: &str, mode: HashMode) -> KeyHash {
        let hash_u64 = key_hash_u64(key);
        let point = match mode {
            HashMode::Xxh3 => (hash_u64 >> 32) as u32,
            HashMode::Ketama => ketama_digest_points(key)[0],
        };
        KeyHash { hash_u64, point }
    }
}

/// The hashes of a key set, computed once, plus the keys' order around the ring.
///
/// Recomputing owners after a node toggles then costs no hashing at all, and the ring assigns every key in
/// one merge-like sweep over the sorted keys and sorted points instead of a binary search per key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyHashes {
    mode: HashMode,
    hashes: Vec<KeyHash>,
    by_point: Vec<u32>,
}

impl KeyHashes {
    /// Hashes `keys` under `mode` (use the ring's mode; the other algorithms read only `hash_u64`, which is
    /// the same in both modes).
    pub fn new(keys: &[String], mode: HashMode) -> KeyHashes {
        let hashes: Vec<KeyHash> = keys.iter().map(|k| KeyHash::of(k, mode)).collect();
        // Ties in point keep key order, so the sweep is deterministic.
        let mut keys: Vec<u64> = (0..hashes.len() as u32)
            .map(|i| packed_sort::pack(hashes[i as usize].point, i))
            .collect();
        packed_sort::sort_packed(&mut keys);
        let by_point: Vec<u32> = keys.into_iter().map(packed_sort::low).collect();
        KeyHashes {
            mode,
            hashes,
            by_point,
        }
    }

    /// The hash mode the points were made with.
    pub fn mode(&self) -> HashMode {
        self.mode
    }

    /// One entry per key, in key order.
    pub fn hashes(&self) -> &[KeyHash] {
        &self.hashes
    }

    /// Key indices sorted by ring point (ties by index).
    pub fn by_point(&self) -> &[u32] {
        &self.by_point
    }

    /// How many keys.
    pub fn len(&self) -> u32 {
        self.hashes.len() as u32
    }

    /// True when there are no keys.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }
}
