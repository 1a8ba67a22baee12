//! `hash(key) % N`: the baseline that the seeds called consistent hashing.
use super::cluster::Cluster;
use super::keys::KeyHash;
use super::placement::Placement;

/// Modulo placement over the **live** nodes: `live[hash_u64 % live_count]`.
///
/// N is the number of live nodes because that is what a naive client does: it hashes over the servers it
/// can reach. So any change — a join, a removal, a failure or a recovery — changes N, and a key keeps its
/// node only when `h % N_old` and `h % N_new` name the same node: about `(N−1)/N` of the keys move. Weights
/// are ignored, as in the naive scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Modulo {
    live: Vec<u32>,
}

impl Modulo {
    /// Takes the live nodes of `cluster`, in order.
    pub fn new(cluster: &Cluster) -> Modulo {
        Modulo {
            live: cluster.live_indices(),
        }
    }
}

impl Placement for Modulo {
    /// The owner, then the next live nodes in cluster order (wrapping).
    fn preference_list_of(&self, key: KeyHash, replicas: u32) -> Vec<u32> {
        let live_count = self.live.len() as u64;
        if live_count == 0 {
            return Vec::new();
        }
        let first = key.hash_u64 % live_count;
        let wanted = u64::from(replicas).min(live_count);
        (0..wanted)
            .map(|step| self.live[((first + step) % live_count) as usize])
            .collect()
    }

    fn owner_of(&self, key: KeyHash) -> Option<u32> {
        let live_count = self.live.len() as u64;
        (live_count > 0).then(|| self.live[(key.hash_u64 % live_count) as usize])
    }
}
