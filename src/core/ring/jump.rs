//! Jump consistent hash (Lamping & Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm", 2014).
use super::cluster::Cluster;
use super::hash::rehash_u64;
use super::keys::KeyHash;
use super::placement::Placement;

/// The paper's function, line for line: a 64-bit linear congruential step and a floating-point jump.
///
/// ```c++
/// int32_t JumpConsistentHash(uint64_t key, int32_t num_buckets) {
///     int64_t b = -1, j = 0;
///     while (j < num_buckets) {
///         b = j;
///         key = key * 2862933555777941757ULL + 1;
///         j = (b + 1) * (double(1LL << 31) / double((key >> 33) + 1));
///     }
///     return b;
/// }
/// ```
///
/// Returns a bucket in `0..num_buckets`, or −1 when `num_buckets ≤ 0` (as the C++ does). Expected cost is
/// O(ln num_buckets) iterations. `+ − × ÷` on `f64` are exact IEEE operations, so wasm32 agrees.
pub fn jump_consistent_hash(mut key: u64, num_buckets: i32) -> i32 {
    let mut bucket: i64 = -1;
    let mut jump: i64 = 0;
    while jump < i64::from(num_buckets) {
        bucket = jump;
        key = key.wrapping_mul(2862933555777941757).wrapping_add(1);
        // C++ converts the double to int64_t by truncation; the value stays far below 2^63.
        jump = ((bucket + 1) as f64 * ((1i64 << 31) as f64 / ((key >> 33) + 1) as f64)) as i64;
    }
    bucket as i32
}

/// How many rehashed attempts jump placement makes before it falls back to scanning for live nodes.
const JUMP_ATTEMPTS_MAX: u64 = 64;

/// Jump hashing over all nodes of the cluster as buckets `0..N`, in cluster order.
///
/// A key's bucket is `jump_consistent_hash(hash_u64, N)`. Jump hashing has no way to drop an arbitrary
/// bucket: only appending or removing the **last** node moves the minimum. So a down node keeps its bucket
/// and its keys fail over: attempt `a = 1, 2, …` tries `jump_consistent_hash(rehash_u64(hash_u64, a), N)`
/// until it finds a live node not yet listed (after 64 attempts, the remaining live nodes follow in cluster
/// order from the last bucket). The same sequence gives the preference list. Each attempt is itself a jump
/// hash over the same N, so a failure moves only the failed node's keys and an append moves keys only onto
/// the new node. Weights are ignored (jump hashing has none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Jump {
    live: Vec<bool>,
    live_count: u32,
}

impl Jump {
    /// Buckets are all nodes of `cluster`, in order.
    pub fn new(cluster: &Cluster) -> Jump {
        let live: Vec<bool> = (0..cluster.len()).map(|i| cluster.is_live(i)).collect();
        Jump {
            live_count: cluster.live_count(),
            live,
        }
    }

    /// The bucket of attempt `attempt` (0 is the plain jump hash of the key).
    fn candidate(&self, hash_u64: u64, attempt: u64) -> u32 {
        let key = if attempt == 0 {
            hash_u64
        } else {
            rehash_u64(hash_u64, attempt)
        };
        jump_consistent_hash(key, self.live.len() as i32) as u32
    }
}

impl Placement for Jump {
    fn preference_list_of(&self, key: KeyHash, replicas: u32) -> Vec<u32> {
        let wanted = replicas.min(self.live_count) as usize;
        let mut found: Vec<u32> = Vec::with_capacity(wanted);
        let mut last = 0;
        for attempt in 0..JUMP_ATTEMPTS_MAX {
            if found.len() == wanted {
                return found;
            }
            last = self.candidate(key.hash_u64, attempt);
            if self.live[last as usize] && !found.contains(&last) {
                found.push(last);
            }
        }
        let count = self.live.len() as u32;
        for step in 1..=count {
            if found.len() == wanted {
                break;
            }
            let node = (last + step) % count;
            if self.live[node as usize] && !found.contains(&node) {
                found.push(node);
            }
        }
        found
    }

    fn owner_of(&self, key: KeyHash) -> Option<u32> {
        if self.live_count == 0 {
            return None;
        }
        let first = self.candidate(key.hash_u64, 0);
        if self.live[first as usize] {
            return Some(first);
        }
        self.preference_list_of(key, 1).first().copied()
    }
}
