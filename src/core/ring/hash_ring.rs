//! The consistent-hashing ring with virtual nodes.
use super::cluster::{Cluster, NodeState};
use super::hash::{ring_point, HashMode};
use super::ketama::ketama_points;
use super::keys::{KeyHash, KeyHashes};
use super::packed_sort;
use super::placement::Placement;
use serde::{Deserialize, Serialize};

/// Marks "no live node" in the per-point owner tables.
const NO_NODE: u32 = u32::MAX;

/// How a ring is built.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RingConfig {
    /// How points are computed.
    pub hash_mode: HashMode,
    /// Virtual nodes (ring points) per node of weight 1.
    ///
    /// - Xxh3: a node of weight `w` gets `vnodes × w` points, at `ring_point("{name}-{i}")` for
    ///   `i in 0..vnodes×w`; raising one node's weight only adds its points, so only keys onto it move.
    /// - Ketama: libketama's rule with `vnodes / 4` (rounded up) digests in place of its 40, so
    ///   `vnodes = 160` is exactly libketama; the server's share is `weight / total weight` of
    ///   `vnodes × server count` points (see [`super::ketama`]).
    pub vnodes: u32,
}

impl RingConfig {
    /// The fast ring: xxh3 points, `vnodes` per unit of weight.
    pub fn xxh3(vnodes: u32) -> RingConfig {
        RingConfig {
            hash_mode: HashMode::Xxh3,
            vnodes,
        }
    }

    /// Exactly libketama: MD5 points, 160 per server at average weight.
    pub fn ketama() -> RingConfig {
        RingConfig {
            hash_mode: HashMode::Ketama,
            vnodes: 160,
        }
    }
}

/// A ring of points sorted on `0..2^32`; a key belongs to the first point at or after its own point
/// (clockwise), wrapping past the top to the first point.
///
/// - **Ties:** points are sorted by (point, node index *descending*), so among equal points the node later
///   in the cluster wins. That is what uhashring's ketama ring does (its later node overwrites the earlier
///   one's entry); libketama's `qsort` leaves it unspecified.
/// - **Down nodes** keep their points; lookups skip them and walk on clockwise. So a failure moves only
///   the failed node's keys, and [`HashRing::set_state`] is O(1): nothing is rebuilt.
/// - Lookup is a binary search (`partition_point`) narrowed first by a table of where each range of the
///   top bits of a point starts (about one point per range), so a lookup touches two or three cache lines
///   instead of ~15. Assigning a whole key set is one sweep over the keys sorted by point
///   ([`KeyHashes::by_point`]) and the points, O(keys + points).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HashRing {
    config: RingConfig,
    points: Vec<u32>,
    point_nodes: Vec<u32>,
    live: Vec<bool>,
    /// `range_starts[r]` is the index of the first point whose top `range_bits` bits are ≥ `r`.
    range_starts: Vec<u32>,
    range_bits: u32,
}

impl HashRing {
    /// Builds the ring of `cluster` (all nodes, down ones included, so that recovering needs no rebuild).
    pub fn new(cluster: &Cluster, config: RingConfig) -> HashRing {
        let pairs: Vec<(u32, u32)> = match config.hash_mode {
            HashMode::Ketama => ketama_points(cluster, config.vnodes),
            HashMode::Xxh3 => {
                let mut pairs = Vec::new();
                for (index, node) in cluster.nodes().iter().enumerate() {
                    let count = u64::from(config.vnodes) * u64::from(node.weight);
                    for i in 0..count {
                        pairs.push((
                            ring_point(&format!("{}-{i}", node.name), HashMode::Xxh3),
                            index as u32,
                        ));
                    }
                }
                pairs
            }
        };
        // By point; on a shared point the higher node index first (its complement sorts low).
        let mut keys: Vec<u64> = pairs
            .iter()
            .map(|&(point, node)| packed_sort::pack(point, !node))
            .collect();
        drop(pairs);
        packed_sort::sort_packed(&mut keys);
        let points: Vec<u32> = keys.iter().map(|&k| packed_sort::high(k)).collect();
        // About one point per range: the bit count of the point count, at most 2^20 ranges.
        let range_bits = (u32::BITS - (points.len() as u32).leading_zeros()).min(20);
        let mut range_starts = Vec::with_capacity((1usize << range_bits) + 1);
        let mut index = 0;
        for range in 0..=(1u64 << range_bits) {
            while index < points.len() && u64::from(points[index]) >> (32 - range_bits) < range {
                index += 1;
            }
            range_starts.push(index as u32);
        }
        HashRing {
            config,
            points,
            range_starts,
            range_bits,
            point_nodes: keys.iter().map(|&k| !packed_sort::low(k)).collect(),
            live: cluster
                .nodes()
                .iter()
                .map(|n| n.state == NodeState::Up)
                .collect(),
        }
    }

    /// How the ring was built.
    pub fn config(&self) -> RingConfig {
        self.config
    }

    /// The sorted points (for drawing vnode markers).
    pub fn points(&self) -> &[u32] {
        &self.points
    }

    /// The node of each point, parallel to [`HashRing::points`].
    pub fn point_nodes(&self) -> &[u32] {
        &self.point_nodes
    }

    /// How many nodes the ring was built for.
    pub fn node_count(&self) -> u32 {
        self.live.len() as u32
    }

    /// Marks a node up or down without rebuilding (its points stay and are skipped while down).
    /// An index past the end is ignored.
    pub fn set_state(&mut self, node: u32, state: NodeState) {
        if let Some(live) = self.live.get_mut(node as usize) {
            *live = state == NodeState::Up;
        }
    }

    /// Index of the first point at or after `point`, wrapping to 0 past the top.
    pub fn first_point_at_or_after(&self, point: u32) -> usize {
        let range = (u64::from(point) >> (32 - self.range_bits)) as usize;
        let low = self.range_starts[range] as usize;
        let high = self.range_starts[range + 1] as usize;
        let index = low + self.points[low..high].partition_point(|&p| p < point);
        if index == self.points.len() {
            0
        } else {
            index
        }
    }

    /// For every point, the live node that owns the arc ending there: its own node if live, else the node
    /// of the next live point clockwise. `NO_NODE` everywhere when no point is live.
    fn next_live_owners(&self) -> Vec<u32> {
        let count = self.points.len();
        let mut owners = vec![NO_NODE; count];
        let mut next = NO_NODE;
        // Two passes from the top down: the second carries the first live point round the wrap.
        for _ in 0..2 {
            for i in (0..count).rev() {
                let node = self.point_nodes[i];
                if self.live[node as usize] {
                    next = node;
                }
                owners[i] = next;
            }
        }
        owners
    }

    /// The fraction of the 2^32 ring each node owns (the arcs ending at its points, plus those of down
    /// nodes' points it inherits). Sums to 1 when any node is live; all zero otherwise.
    pub fn arc_shares(&self) -> Vec<f64> {
        let mut lengths = vec![0u64; self.live.len()];
        let owners = self.next_live_owners();
        let count = self.points.len();
        for i in 0..count {
            if owners[i] == NO_NODE {
                continue;
            }
            let previous = self.points[(i + count - 1) % count];
            // The arc (previous, point]; with a single point it is the whole ring.
            let length = if count == 1 {
                1u64 << 32
            } else {
                u64::from(self.points[i].wrapping_sub(previous))
            };
            lengths[owners[i] as usize] += length;
        }
        if owners.iter().all(|&o| o == NO_NODE) {
            return vec![0.0; self.live.len()];
        }
        // Distinct points telescope to exactly 2^32; only a ring of all-equal points has no length at all,
        // and then the one owner has the whole circle.
        if lengths.iter().all(|&l| l == 0) {
            lengths[owners[0] as usize] = 1u64 << 32;
        }
        lengths
            .iter()
            .map(|&l| l as f64 / (1u64 << 32) as f64)
            .collect()
    }

    /// The first `replicas` distinct live nodes clockwise from `point` (fewer when fewer live nodes have
    /// points: in ketama mode a light server can get none).
    pub fn walk_from(&self, point: u32, replicas: u32) -> Vec<u32> {
        let wanted = replicas.min(self.live.iter().filter(|&&l| l).count() as u32) as usize;
        let mut found = Vec::with_capacity(wanted);
        if wanted == 0 || self.points.is_empty() {
            return found;
        }
        let start = self.first_point_at_or_after(point);
        let count = self.points.len();
        for step in 0..count {
            let node = self.point_nodes[(start + step) % count];
            if self.live[node as usize] && !found.contains(&node) {
                found.push(node);
                if found.len() == wanted {
                    break;
                }
            }
        }
        found
    }

    /// The walk a lookup makes: clockwise from `point`, the first point of each of the first `replicas`
    /// distinct live nodes, as `(node, point)`. The same nodes as [`HashRing::walk_from`], with where on the
    /// ring each was found, so a view can draw the walk.
    pub fn walk_points_from(&self, point: u32, replicas: u32) -> Vec<(u32, u32)> {
        let wanted = replicas.min(self.live.iter().filter(|&&l| l).count() as u32) as usize;
        let mut found: Vec<(u32, u32)> = Vec::with_capacity(wanted);
        if wanted == 0 || self.points.is_empty() {
            return found;
        }
        let start = self.first_point_at_or_after(point);
        let count = self.points.len();
        for step in 0..count {
            let index = (start + step) % count;
            let node = self.point_nodes[index];
            if self.live[node as usize] && !found.iter().any(|(n, _)| *n == node) {
                found.push((node, self.points[index]));
                if found.len() == wanted {
                    break;
                }
            }
        }
        found
    }

    /// The live owner of the arc containing `point`.
    pub fn owner_of_point(&self, point: u32) -> Option<u32> {
        if self.points.is_empty() {
            return None;
        }
        let start = self.first_point_at_or_after(point);
        let node = self.point_nodes[start];
        if self.live[node as usize] {
            return Some(node);
        }
        let count = self.points.len();
        (1..count)
            .map(|step| self.point_nodes[(start + step) % count])
            .find(|&node| self.live[node as usize])
    }
}

impl Placement for HashRing {
    fn hash_mode(&self) -> HashMode {
        self.config.hash_mode
    }

    fn preference_list_of(&self, key: KeyHash, replicas: u32) -> Vec<u32> {
        self.walk_from(key.point, replicas)
    }

    fn owner_of(&self, key: KeyHash) -> Option<u32> {
        self.owner_of_point(key.point)
    }

    /// One sweep: keys in point order against points in order, reading each arc's live owner from a
    /// table built in O(points). `keys` must be hashed with this ring's mode.
    fn owners(&self, keys: &KeyHashes) -> Vec<Option<u32>> {
        assert_eq!(
            keys.mode(),
            self.config.hash_mode,
            "ring: keys were hashed with another hash mode"
        );
        let mut result = vec![None; keys.len() as usize];
        if self.points.is_empty() {
            return result;
        }
        let owners = self.next_live_owners();
        let hashes = keys.hashes();
        let mut index = 0;
        for &key in keys.by_point() {
            let point = hashes[key as usize].point;
            while index < self.points.len() && self.points[index] < point {
                index += 1;
            }
            let owner = owners[if index == self.points.len() { 0 } else { index }];
            result[key as usize] = (owner != NO_NODE).then_some(owner);
        }
        result
    }
}
