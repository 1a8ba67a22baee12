//! Consistent hashing and its relatives: where a key lives, and what moves when the cluster changes.
//!
//! A [`Cluster`] is an ordered list of named, weighted nodes, each up or down. A [`Placement`] answers
//! who owns a key and which live nodes hold its replicas; five algorithms implement it:
//!
//! | algorithm | what a change moves |
//! | --- | --- |
//! | [`Modulo`]: `hash % live nodes` | about `(N−1)/N` of all keys, on any change |
//! | [`HashRing`]: virtual nodes on a 2^32 ring, xxh3 or libketama's MD5 | only the keys of the node that left / onto the node that came |
//! | [`Jump`]: Lamping & Veach's jump hash | the minimum for appends; failures fail over by rehashing |
//! | [`Rendezvous`]: highest random weight | the minimum, at O(nodes) per lookup |
//! | [`BoundedLoads`]: the ring with a capacity per node | a little more than the minimum, never over capacity |
//!
//! Keys come from [`key_set`] and are hashed once into [`KeyHashes`], so re-placing every key after a
//! change costs no hashing. [`MigrationDiff`] compares two placements; [`BalanceStats`] and the
//! `expected_*` functions compare a spread with theory. [`Scene`] computes everything a picture of the ring
//! shows (owners, moves, arcs, the lookup, the keys drawn) from [`SceneSettings`], reusing the previous one.
//!
//! ```
//! use distlab_core::ring::{key_set, Algorithm, Cluster, KeyHashes, NodeState, RingConfig};
//! let keys = key_set(10_000, 7);
//! let algorithm = Algorithm::Ring(RingConfig::xxh3(100));
//! let hashes = KeyHashes::new(&keys, algorithm.hash_mode());
//! let before = Cluster::uniform(10, "node");
//! let after = before.with_state(3, NodeState::Down).unwrap();
//! let diff = algorithm.diff(&before, &after, &hashes);
//! // Only node 3's keys move.
//! assert!(diff.moves.iter().all(|m| m.from == Some(3)));
//! ```
//!
//! **Architecture Invariant:** nothing here hashes through `usize`, iterates a hash map or reads a clock:
//! the same cluster and keys give the same owners natively and in wasm32.
mod algorithm;
mod balance;
mod bounded_loads;
pub mod challenge;
mod cluster;
mod hash;
mod hash_ring;
mod jump;
pub mod ketama;
mod keys;
mod migration;
mod modulo;
mod packed_sort;
mod placement;
mod rendezvous;
mod scene;
pub mod tour;

pub use algorithm::{Algorithm, AlgorithmKind};
pub use balance::{
    expected_arc_share_relative_std_dev, expected_key_count_relative_std_dev,
    expected_keys_moved_on_join, expected_max_over_mean, expected_modulo_keys_moved,
    typical_max_over_mean, BalanceStats,
};
pub use bounded_loads::BoundedLoads;
pub use cluster::{Cluster, ClusterError, NodeSpec, NodeState};
pub use hash::{ketama_digest_points, key_hash_u64, rehash_u64, ring_point, HashMode};
pub use hash_ring::{HashRing, RingConfig};
pub use jump::{jump_consistent_hash, Jump};
pub use keys::{key_set, KeyHash, KeyHashes};
pub use migration::{minimum_keys_moved, Flow, KeyMove, MigrationDiff};
pub use modulo::Modulo;
pub use placement::Placement;
pub use rendezvous::Rendezvous;
pub use scene::{
    bin_midpoint, ownership_arcs, AlgorithmScene, KeyCache, KeyDot, Lookup, OwnershipArc, Scene,
    SceneSettings, ARC_BINS, DENSITY_BINS, KEY_DOTS_MAX, MARKERS_MAX,
};
