//! Rendezvous (highest random weight) hashing, Thaler & Ravishankar 1996; weighted per Schindelhauer &
//! Schomaker 2005 ("weighted distributed hash tables").
use std::cmp::Reverse;

use super::cluster::Cluster;
use super::hash::{key_hash_u64, rehash_u64};
use super::keys::KeyHash;
use super::placement::Placement;

/// Every key ranks every live node by a score and goes to the highest.
///
/// - `draw(key, node) = rehash_u64(key.hash_u64, key_hash_u64(node name))`: a 64-bit hash per pair.
/// - All weights equal: the score is `draw` itself (as an integer, no floating point).
/// - Otherwise: `score = weight / −ln(u)` with `u = (⌊draw / 2^11⌋ + 0.5) / 2^53` in (0, 1). Then node `i`
///   wins with probability `weight_i / Σ weight` exactly (the minimum of exponentials argument). `ln` is
///   `libm::log`, the same bits natively and in wasm.
/// - Ties (practically never) go to the lower node index. Down nodes are not ranked, so a failure moves
///   only the failed node's keys and a join moves keys only onto the new node.
///
/// Cost is O(nodes) per key: the price of needing no ring at all.
#[derive(Clone, Debug, PartialEq)]
pub struct Rendezvous {
    live_nodes: Vec<LiveNode>,
    uniform_weights: bool,
}

#[derive(Clone, Debug, PartialEq)]
struct LiveNode {
    index: u32,
    seed: u64,
    weight: f64,
}

impl Rendezvous {
    /// Ranks the live nodes of `cluster`.
    pub fn new(cluster: &Cluster) -> Rendezvous {
        let live_nodes: Vec<LiveNode> = cluster
            .live_indices()
            .into_iter()
            .map(|index| {
                let node = &cluster.nodes()[index as usize];
                LiveNode {
                    index,
                    seed: key_hash_u64(&node.name),
                    weight: f64::from(node.weight),
                }
            })
            .collect();
        let uniform_weights = live_nodes
            .windows(2)
            .all(|pair| pair[0].weight == pair[1].weight);
        Rendezvous {
            live_nodes,
            uniform_weights,
        }
    }

    /// The weighted score `weight / −ln(u)` of `node` for `key`.
    fn weighted_score(key: KeyHash, node: &LiveNode) -> f64 {
        let draw = rehash_u64(key.hash_u64, node.seed);
        let unit = ((draw >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
        node.weight / -libm::log(unit)
    }
}

impl Placement for Rendezvous {
    fn preference_list_of(&self, key: KeyHash, replicas: u32) -> Vec<u32> {
        let mut scored: Vec<(u64, u32)> = self
            .live_nodes
            .iter()
            .map(|n| {
                let rank = if self.uniform_weights {
                    rehash_u64(key.hash_u64, n.seed)
                } else {
                    total_order_key(Self::weighted_score(key, n))
                };
                (rank, n.index)
            })
            .collect();
        // Highest score first, the lower index on a tie. Picked one at a time rather than sorted: a lookup
        // asks for a few replicas, and a sort would add a whole sorting algorithm to the app.
        let mut ranked = Vec::new();
        while ranked.len() < replicas as usize {
            let best = (0..scored.len()).max_by_key(|&i| (scored[i].0, Reverse(scored[i].1)));
            let Some(best) = best else { break };
            ranked.push(scored.swap_remove(best).1);
        }
        ranked
    }

    fn owner_of(&self, key: KeyHash) -> Option<u32> {
        // Highest score, lowest index on a tie (`max_by` keeps the last maximum, hence the reversed index).
        if self.uniform_weights {
            self.live_nodes
                .iter()
                .max_by_key(|n| (rehash_u64(key.hash_u64, n.seed), Reverse(n.index)))
                .map(|n| n.index)
        } else {
            self.live_nodes
                .iter()
                .map(|n| (Self::weighted_score(key, n), n.index))
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
                .map(|s| s.1)
        }
    }
}

/// An integer that orders floats as [`f64::total_cmp`] does.
fn total_order_key(score: f64) -> u64 {
    let bits = score.to_bits() as i64;
    // Negative floats count down as their bits count up: flip all but the sign bit, then shift the range.
    let ordered = bits ^ ((((bits >> 63) as u64) >> 1) as i64);
    (ordered as u64) ^ (1 << 63)
}

#[cfg(test)]
mod tests {
    use super::total_order_key;

    #[test]
    fn total_order_keys_rank_floats_as_total_cmp_does() {
        let floats = [
            f64::NEG_INFINITY,
            -2.5,
            -0.0,
            0.0,
            1e-300,
            1.0,
            3.5e17,
            f64::INFINITY,
        ];
        for pair in floats.windows(2) {
            assert!(pair[0].total_cmp(&pair[1]).is_lt());
            assert!(
                total_order_key(pair[0]) < total_order_key(pair[1]),
                "{pair:?}"
            );
        }
    }
}
