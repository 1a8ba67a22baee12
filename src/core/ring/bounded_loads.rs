//! Consistent hashing with bounded loads (Mirrokni, Thorup & Zadimoghaddam, "Consistent Hashing with
//! Bounded Loads", 2018).
use super::cluster::Cluster;
use super::hash::HashMode;
use super::hash_ring::{HashRing, RingConfig};
use super::keys::{KeyHash, KeyHashes};
use super::placement::Placement;

/// A ring where no live node takes more than its capacity; a key whose node is full walks on clockwise to
/// the next node with room.
///
/// - Capacity of live node `i`: `⌈(1 + ε) · K · wᵢ / W⌉` for `K` keys and `W` the total live weight
///   (a node with no ring point, possible in ketama mode, gets none and does not count in `W`) —
///   with equal weights, the paper's `⌈(1 + ε) · K / N⌉`. Computed in `f64` (exact IEEE `+ × ÷`); if
///   rounding ever left the capacities summing below `K`, one is added to nodes in order until they do, so
///   every key is always placed.
/// - Keys are placed in key order (index 0 first): the result depends on that order, as in the paper.
/// - The walk skips full and down nodes with a "next free point" table (union–find with path halving),
///   so placing `K` keys costs O(K log P + P) however full the ring gets.
/// - A single key's owner depends on all the others: [`Placement::owner`] and the preference lists answer
///   with the unbounded ring; [`Placement::owners`] and [`BoundedLoads::assign_all`] give the bounded
///   assignment.
#[derive(Clone, Debug, PartialEq)]
pub struct BoundedLoads {
    ring: HashRing,
    weights: Vec<u32>,
    epsilon: f64,
}

impl BoundedLoads {
    /// A bounded-loads ring over `cluster`; a negative or NaN `epsilon` counts as 0.
    pub fn new(cluster: &Cluster, config: RingConfig, epsilon: f64) -> BoundedLoads {
        BoundedLoads::on_ring(cluster, HashRing::new(cluster, config), epsilon)
    }

    /// A bounded-loads ring over an already built `ring` of `cluster` (what [`HashRing::new`] gives for it,
    /// live states included), so that a caller holding the plain ring need not build it again.
    pub(super) fn on_ring(cluster: &Cluster, ring: HashRing, epsilon: f64) -> BoundedLoads {
        assert_eq!(
            ring.node_count(),
            cluster.len(),
            "bounded loads: the ring was built for another cluster"
        );
        let epsilon = if epsilon > 0.0 { epsilon } else { 0.0 };
        let mut has_points = vec![false; cluster.len() as usize];
        for &node in ring.point_nodes() {
            has_points[node as usize] = true;
        }
        // Capacity goes only to nodes a walk can reach: live, and with at least one point.
        let weights = cluster
            .nodes()
            .iter()
            .enumerate()
            .map(|(i, n)| {
                if cluster.is_live(i as u32) && has_points[i] {
                    n.weight
                } else {
                    0
                }
            })
            .collect();
        BoundedLoads {
            ring,
            weights,
            epsilon,
        }
    }

    /// The ring underneath.
    pub fn ring(&self) -> &HashRing {
        &self.ring
    }

    /// The slack ε: capacity is `(1 + ε)` times the fair share.
    pub fn epsilon(&self) -> f64 {
        self.epsilon
    }

    /// Each node's capacity for `key_count` keys (0 for down nodes).
    pub fn capacities(&self, key_count: u32) -> Vec<u32> {
        let live_weight: u64 = self.weights.iter().map(|&w| u64::from(w)).sum();
        if live_weight == 0 {
            return vec![0; self.weights.len()];
        }
        let scaled = (1.0 + self.epsilon) * f64::from(key_count);
        let mut capacities: Vec<u32> = self
            .weights
            .iter()
            .map(|&w| {
                if w == 0 {
                    0
                } else {
                    let share = (scaled * f64::from(w) / live_weight as f64).ceil();
                    if share >= f64::from(key_count) {
                        key_count
                    } else {
                        share as u32
                    }
                }
            })
            .collect();
        let mut total: u64 = capacities.iter().map(|&c| u64::from(c)).sum();
        let mut node = 0;
        while total < u64::from(key_count) {
            if self.weights[node] > 0 {
                capacities[node] += 1;
                total += 1;
            }
            node = (node + 1) % self.weights.len();
        }
        capacities
    }

    /// Hashes `keys` with the ring's mode and places them; see [`BoundedLoads::assign`].
    pub fn assign_all(&self, keys: &[String]) -> Vec<Option<u32>> {
        self.assign(&KeyHashes::new(keys, self.ring.config().hash_mode))
    }

    /// The bounded assignment of every key (`None` only when no node is live).
    pub fn assign(&self, keys: &KeyHashes) -> Vec<Option<u32>> {
        assert_eq!(
            keys.mode(),
            self.ring.config().hash_mode,
            "bounded loads: keys were hashed with another hash mode"
        );
        let point_count = self.ring.points().len();
        let mut result = vec![None; keys.len() as usize];
        if point_count == 0 || self.weights.iter().all(|&w| w == 0) {
            return result;
        }
        let point_nodes = self.ring.point_nodes();
        let mut capacities = self.capacities(keys.len());
        let mut points_of_node: Vec<Vec<u32>> = vec![Vec::new(); self.weights.len()];
        for (point, &node) in point_nodes.iter().enumerate() {
            points_of_node[node as usize].push(point as u32);
        }
        let mut free = FreePoints::new(point_count);
        for (node, capacity) in capacities.iter().enumerate() {
            if *capacity == 0 {
                for &point in &points_of_node[node] {
                    free.take(point);
                }
            }
        }
        for (index, hash) in keys.hashes().iter().enumerate() {
            let start = self.ring.first_point_at_or_after(hash.point) as u32;
            let Some(point) = free.next_free(start) else {
                break;
            };
            let node = point_nodes[point as usize];
            result[index] = Some(node);
            capacities[node as usize] -= 1;
            if capacities[node as usize] == 0 {
                for &point in &points_of_node[node as usize] {
                    free.take(point);
                }
            }
        }
        result
    }
}

/// Which ring points still belong to a node with room: `next[i]` leads to the first free point at or after
/// `i`; index `len` is a sentinel meaning "past the top".
struct FreePoints {
    next: Vec<u32>,
}

impl FreePoints {
    fn new(len: usize) -> FreePoints {
        FreePoints {
            next: (0..=len as u32).collect(),
        }
    }

    fn find(&mut self, mut i: u32) -> u32 {
        while self.next[i as usize] != i {
            let parent = self.next[i as usize];
            self.next[i as usize] = self.next[parent as usize];
            i = parent;
        }
        i
    }

    fn take(&mut self, point: u32) {
        self.next[point as usize] = point + 1;
    }

    /// The first free point at or after `start`, wrapping once.
    fn next_free(&mut self, start: u32) -> Option<u32> {
        let end = (self.next.len() - 1) as u32;
        let found = self.find(start);
        let found = if found == end { self.find(0) } else { found };
        (found != end).then_some(found)
    }
}

impl Placement for BoundedLoads {
    fn hash_mode(&self) -> HashMode {
        self.ring.config().hash_mode
    }

    fn preference_list_of(&self, key: KeyHash, replicas: u32) -> Vec<u32> {
        self.ring.preference_list_of(key, replicas)
    }

    fn owners(&self, keys: &KeyHashes) -> Vec<Option<u32>> {
        self.assign(keys)
    }
}
