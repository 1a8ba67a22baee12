//! What every placement algorithm answers: who owns a key, and who holds its replicas.
use super::hash::HashMode;
use super::keys::{KeyHash, KeyHashes};

/// A placement of keys on a cluster's nodes (named by their `u32` index in the [`super::Cluster`]).
///
/// Implementors answer from a [`KeyHash`]; the `&str` methods hash the key and delegate. `None` / an empty
/// list means no node is live.
pub trait Placement {
    /// Which hash mode the key points must be made with (only rings care; the rest read `hash_u64`).
    fn hash_mode(&self) -> HashMode {
        HashMode::Xxh3
    }

    /// The preference list of an already hashed key: the first `replicas` distinct live nodes in the
    /// algorithm's order (Dynamo style). It holds `min(replicas, live nodes)` entries and starts with the
    /// owner; when the owner fails, reads go to the next entry.
    fn preference_list_of(&self, key: KeyHash, replicas: u32) -> Vec<u32>;

    /// The live node that owns an already hashed key.
    fn owner_of(&self, key: KeyHash) -> Option<u32> {
        self.preference_list_of(key, 1).first().copied()
    }

    /// The live node that owns `key`.
    fn owner(&self, key: &str) -> Option<u32> {
        self.owner_of(KeyHash::of(key, self.hash_mode()))
    }

    /// The first `replicas` distinct live nodes for `key`; see [`Placement::preference_list_of`].
    fn preference_list(&self, key: &str, replicas: u32) -> Vec<u32> {
        self.preference_list_of(KeyHash::of(key, self.hash_mode()), replicas)
    }

    /// The owner of every key, in key order. Algorithms override this with a faster sweep when they can.
    fn owners(&self, keys: &KeyHashes) -> Vec<Option<u32>> {
        keys.hashes().iter().map(|&k| self.owner_of(k)).collect()
    }
}
