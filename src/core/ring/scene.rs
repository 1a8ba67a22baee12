//! Everything a picture of the ring shows, computed from a typed description of it: owners and balance
//! per algorithm, what the last change moved (and what modulo hashing and the theoretical minimum would
//! have moved), ownership arcs and vnode markers, the looked-up key's preference list and walk, and which
//! keys are drawn as dots.
//!
//! Why here and not in the UI: all of it is algorithm (which node owns which arc, which keys moved), and
//! the UI holds none (the Architecture Invariant); here it is tested natively and benchmarked. The view only
//! turns a [`Scene`] into shapes.
//!
//! How to drive it: describe the picture as [`SceneSettings`] and call [`Scene::compute`], handing it the
//! previous scene. It reuses what still fits: the key hashes (unless the key count, seed or hash mode
//! changed), the previous ring (a node that only failed or recovered keeps its points, so its ring is copied
//! and toggled instead of rebuilt), and the previous owners as this change's owners "before" when the
//! previous scene showed exactly the cluster before the change. A change of only the looked-up key or of R
//! recomputes the lookup and nothing else. Whatever is reused, the scene equals a fresh computation.
//!
//! ```
//! use distlab_core::ring::{AlgorithmKind, Cluster, HashMode, NodeState, Scene, SceneSettings};
//! let cluster = Cluster::uniform(5, "cache");
//! let settings = SceneSettings::new(AlgorithmKind::Ring, cluster.clone());
//! let first = Scene::compute(settings.clone(), None);
//! // Node 2 fails: the cluster before the change travels with the settings.
//! let failed = SceneSettings {
//!     cluster: cluster.with_state(2, NodeState::Down).unwrap(),
//!     before: Some(cluster),
//!     ..settings
//! };
//! let second = Scene::compute(failed.clone(), Some(&first));
//! let diff = second.primary.diff.as_ref().unwrap();
//! assert!(diff.moves.iter().all(|m| m.from == Some(2)));
//! assert_eq!(second, Scene::compute(failed, None));
//! ```
use std::rc::Rc;

use super::algorithm::{Algorithm, AlgorithmKind};
use super::balance::{typical_max_over_mean, BalanceStats};
use super::bounded_loads::BoundedLoads;
use super::cluster::Cluster;
use super::hash::HashMode;
use super::hash_ring::{HashRing, RingConfig};
use super::jump::Jump;
use super::keys::{key_set, KeyHash, KeyHashes};
use super::migration::{minimum_keys_moved, KeyMove, MigrationDiff};
use super::modulo::Modulo;
use super::placement::Placement;
use super::rendezvous::Rendezvous;

/// How finely ownership arcs are resolved: one bin per half degree of a drawn circle. Finer would not show,
/// and the arcs cost one lookup per bin.
pub const ARC_BINS: u32 = 720;
/// More ring points than this are not listed as vnode markers (a drawing of them would be a solid band;
/// the arcs still show ownership).
pub const MARKERS_MAX: u32 = 6_000;
/// Slices of the circle over which the key density is counted, for key sets larger than the dots drawn.
pub const DENSITY_BINS: u32 = 180;
/// At most this many keys are drawn as dots; a larger key set is shown by an even sample of it.
pub const KEY_DOTS_MAX: u32 = 4_000;

/// The picture asked for: a cluster and every choice that shapes what is shown. Plain typed values, so any
/// front end (a link, a test, a benchmark) can describe one.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneSettings {
    /// The algorithm shown.
    pub algorithm: AlgorithmKind,
    /// A second algorithm shown beside the first, on the same cluster and keys.
    pub compare: Option<AlgorithmKind>,
    /// How ring points are hashed (ring kinds; the key hashes use it too).
    pub hash_mode: HashMode,
    /// Virtual nodes per unit of weight (ring kinds).
    pub vnodes: u32,
    /// Bounded loads' slack ε over the fair share.
    pub epsilon: f64,
    /// The cluster now.
    pub cluster: Cluster,
    /// The cluster before the last change, if there was one: the "keys moved" figures compare with it.
    pub before: Option<Cluster>,
    /// How many keys are placed ([`key_set`]).
    pub key_count: u32,
    /// Which key set ([`key_set`]).
    pub key_seed: u64,
    /// How many replicas the lookup lists (R).
    pub replicas: u32,
    /// The key looked up; empty for no lookup.
    pub lookup: String,
}

impl SceneSettings {
    /// `algorithm` on `cluster` with the panel's starting choices: xxh3, 100 vnodes, ε = 0.25, 2,000 keys
    /// of seed 1, R = 3, no comparison, no previous cluster, no lookup.
    pub fn new(algorithm: AlgorithmKind, cluster: Cluster) -> SceneSettings {
        SceneSettings {
            algorithm,
            compare: None,
            hash_mode: HashMode::Xxh3,
            vnodes: 100,
            epsilon: 0.25,
            cluster,
            before: None,
            key_count: 2_000,
            key_seed: 1,
            replicas: 3,
            lookup: String::new(),
        }
    }

    /// The ring both ring kinds build.
    pub fn ring_config(&self) -> RingConfig {
        RingConfig {
            hash_mode: self.hash_mode,
            vnodes: self.vnodes,
        }
    }

    /// `kind` configured with these settings.
    pub fn algorithm_for(&self, kind: AlgorithmKind) -> Algorithm {
        kind.with_settings(self.ring_config(), self.epsilon)
    }

    /// True when every algorithm places the same keys the same way under both settings, cluster aside.
    fn places_keys_like(&self, other: &SceneSettings) -> bool {
        self.hash_mode == other.hash_mode
            && self.vnodes == other.vnodes
            && self.epsilon == other.epsilon
            && self.key_count == other.key_count
            && self.key_seed == other.key_seed
    }

    /// True when the two differ at most in the looked-up key and R. Destructured, so that a new field
    /// must be considered here.
    fn same_but_lookup(&self, other: &SceneSettings) -> bool {
        let SceneSettings {
            algorithm,
            compare,
            hash_mode: _,
            vnodes: _,
            epsilon: _,
            cluster,
            before,
            key_count: _,
            key_seed: _,
            replicas: _,
            lookup: _,
        } = self;
        *algorithm == other.algorithm
            && *compare == other.compare
            && self.places_keys_like(other)
            && *cluster == other.cluster
            && *before == other.before
    }
}

/// The generated keys' hashes, kept until the key count, seed or hash mode changes: hashing 100,000 keys
/// is most of the cost of a fresh scene, and a node toggle needs none of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyCache {
    count: u32,
    seed: u64,
    hashes: KeyHashes,
}

impl KeyCache {
    /// Generates `count` keys of `seed` ([`key_set`]) and hashes them under `mode`.
    pub fn new(count: u32, seed: u64, mode: HashMode) -> KeyCache {
        KeyCache {
            count,
            seed,
            hashes: KeyHashes::new(&key_set(count, seed), mode),
        }
    }

    /// How many keys.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// The key set's seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The hash mode of the keys' ring points.
    pub fn mode(&self) -> HashMode {
        self.hashes.mode()
    }

    /// The hashes, in key order.
    pub fn hashes(&self) -> &KeyHashes {
        &self.hashes
    }

    fn fits(&self, settings: &SceneSettings) -> bool {
        self.count == settings.key_count
            && self.seed == settings.key_seed
            && self.mode() == settings.hash_mode
    }
}

/// A run of ownership bins with one owner: bins `start_bin..end_bin` of `bins` equal slices of the 2^32
/// circle, clockwise from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OwnershipArc {
    /// The first bin.
    pub start_bin: u32,
    /// One past the last bin.
    pub end_bin: u32,
    /// The live node owning the bins' midpoints; `None` when no node is live.
    pub owner: Option<u32>,
}

/// The ring point in the middle of bin `bin` of `bins` equal slices of the 2^32 circle.
pub fn bin_midpoint(bin: u32, bins: u32) -> u32 {
    ((u64::from(bin) * (1u64 << 32) + (1u64 << 31)) / u64::from(bins.max(1))) as u32
}

/// Who owns each of `bins` slices of the circle (the owner of its midpoint), adjacent slices of one owner
/// merged into one arc. The arcs cover `0..bins` exactly once, in order; the first and the last arc may
/// have the same owner (an arc across the top is cut there).
pub fn ownership_arcs(ring: &HashRing, bins: u32) -> Vec<OwnershipArc> {
    let mut arcs: Vec<OwnershipArc> = Vec::new();
    for bin in 0..bins {
        let owner = ring.owner_of_point(bin_midpoint(bin, bins));
        match arcs.last_mut() {
            Some(last) if last.owner == owner => last.end_bin = bin + 1,
            _ => arcs.push(OwnershipArc {
                start_bin: bin,
                end_bin: bin + 1,
                owner,
            }),
        }
    }
    arcs
}

/// Where a looked-up key lands and who holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lookup {
    /// The key, as typed.
    pub key: String,
    /// Where the key hashes to on the 2^32 circle.
    pub point: u32,
    /// The preference list: the owner, then the replicas, `min(R, live nodes)` distinct live nodes
    /// (indices into the cluster).
    pub preference: Vec<u32>,
    /// On a ring, where the clockwise walk found each holder, as `(node, point)`; empty otherwise.
    pub walk: Vec<(u32, u32)>,
}

/// One key drawn as a dot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyDot {
    /// The key's index in the key set.
    pub key: u32,
    /// Its point on the 2^32 circle (where it sits).
    pub point: u32,
    /// Eight other bits of its hash, to spread dots over a band so that neighbours do not hide each other.
    pub depth: u8,
    /// Its owner (index into the cluster); `None` when no node is live.
    pub owner: Option<u32>,
    /// Whether the last change moved it.
    pub moved: bool,
}

/// The placement built for a scene, kept whole: its ring draws arcs and markers, answers the lookup, and
/// is copied into the next scene instead of being rebuilt.
#[derive(Clone, Debug, PartialEq)]
enum Built {
    Modulo(Modulo),
    Ring(HashRing),
    Jump(Jump),
    Rendezvous(Rendezvous),
    Bounded(BoundedLoads),
}

impl Built {
    /// Builds `algorithm` on `cluster`. A ring whose nodes have the same names and weights as one of
    /// `rings` (each with the cluster it was built for) has the same points, so it is copied and its nodes'
    /// states set (O(nodes)) instead of hashing every point again, which is most of a toggle's cost.
    fn new(algorithm: Algorithm, cluster: &Cluster, rings: &[(&Cluster, &HashRing)]) -> Built {
        let ring_for = |config: RingConfig| {
            let same_points = |built_for: &Cluster| {
                built_for.len() == cluster.len()
                    && built_for
                        .nodes()
                        .iter()
                        .zip(cluster.nodes())
                        .all(|(a, b)| a.name == b.name && a.weight == b.weight)
            };
            match rings
                .iter()
                .find(|(built_for, ring)| ring.config() == config && same_points(built_for))
            {
                Some((_, ring)) => {
                    let mut ring = (*ring).clone();
                    for (index, node) in cluster.nodes().iter().enumerate() {
                        ring.set_state(index as u32, node.state);
                    }
                    ring
                }
                None => HashRing::new(cluster, config),
            }
        };
        match algorithm {
            Algorithm::Modulo => Built::Modulo(Modulo::new(cluster)),
            Algorithm::Ring(config) => Built::Ring(ring_for(config)),
            Algorithm::Jump => Built::Jump(Jump::new(cluster)),
            Algorithm::Rendezvous => Built::Rendezvous(Rendezvous::new(cluster)),
            Algorithm::BoundedLoads { ring, epsilon } => {
                Built::Bounded(BoundedLoads::on_ring(cluster, ring_for(ring), epsilon))
            }
        }
    }

    fn placement(&self) -> &dyn Placement {
        match self {
            Built::Modulo(modulo) => modulo,
            Built::Ring(ring) => ring,
            Built::Jump(jump) => jump,
            Built::Rendezvous(rendezvous) => rendezvous,
            Built::Bounded(bounded) => bounded,
        }
    }

    fn ring(&self) -> Option<&HashRing> {
        match self {
            Built::Ring(ring) => Some(ring),
            Built::Bounded(bounded) => Some(bounded.ring()),
            Built::Modulo(_) | Built::Jump(_) | Built::Rendezvous(_) => None,
        }
    }

    /// The lookup of `key` (none for an empty key). Bounded loads answer with the ring underneath: a single
    /// key's bounded owner depends on every other key.
    fn lookup(&self, key: &str, replicas: u32, mode: HashMode) -> Option<Lookup> {
        if key.is_empty() {
            return None;
        }
        let hash = KeyHash::of(key, mode);
        Some(Lookup {
            key: key.to_string(),
            point: hash.point,
            preference: self.placement().preference_list_of(hash, replicas),
            walk: self
                .ring()
                .map(|ring| ring.walk_points_from(hash.point, replicas))
                .unwrap_or_default(),
        })
    }
}

/// One algorithm's picture of the cluster.
#[derive(Clone, Debug, PartialEq)]
pub struct AlgorithmScene {
    /// The algorithm, configured.
    pub algorithm: Algorithm,
    /// The owner of every key, in key order.
    pub owners: Vec<Option<u32>>,
    /// Keys per node and their spread.
    pub stats: BalanceStats,
    /// The owners on the cluster before the last change, if there was one.
    pub before_owners: Option<Vec<Option<u32>>>,
    /// The keys the last change moved, if there was one.
    pub diff: Option<MigrationDiff>,
    /// Ownership arcs in [`ARC_BINS`] bins (ring kinds; empty otherwise).
    pub arcs: Vec<OwnershipArc>,
    /// Ring points as `(point, node)`, in point order; empty past [`MARKERS_MAX`] points or off a ring.
    pub markers: Vec<(u32, u32)>,
    /// How many ring points there are, listed or not.
    pub marker_total: u32,
    /// The largest node capacity (bounded loads only).
    pub capacity: Option<u32>,
    /// The rule of thumb for max/mean load, `1 + 1/√vnodes` (ring kinds only).
    pub typical_max_over_mean: Option<f64>,
    /// The looked-up key's placement, if a key is looked up.
    pub lookup: Option<Lookup>,
    /// The keys drawn as dots: all keys, or an even sample of at most [`KEY_DOTS_MAX`], in key order.
    pub dots: Vec<KeyDot>,
    /// The last change's moves of the keys among [`AlgorithmScene::dots`], in key order.
    pub drawn_moves: Vec<KeyMove>,
    built: Rc<Built>,
}

impl AlgorithmScene {
    /// Which algorithm this is.
    pub fn kind(&self) -> AlgorithmKind {
        self.algorithm.kind()
    }

    /// The ring the keys are placed on (ring kinds only).
    pub fn ring(&self) -> Option<&HashRing> {
        self.built.ring()
    }

    /// Computes `kind`'s picture; `known_before_owners` are its owners on the cluster before, when the
    /// caller already has them, and `rings` rings it may copy (see [`Built::new`]).
    fn compute(
        settings: &SceneSettings,
        kind: AlgorithmKind,
        keys: &KeyCache,
        known_before_owners: Option<Vec<Option<u32>>>,
        rings: &[(&Cluster, &HashRing)],
    ) -> AlgorithmScene {
        let algorithm = settings.algorithm_for(kind);
        let cluster = &settings.cluster;
        let built = Built::new(algorithm, cluster, rings);
        let owners = built.placement().owners(keys.hashes());
        let stats = BalanceStats::from_owners(cluster, &owners);
        let before_owners = settings.before.as_ref().map(|before| {
            known_before_owners.unwrap_or_else(|| algorithm.owners(before, keys.hashes()))
        });
        let diff =
            settings
                .before
                .as_ref()
                .zip(before_owners.as_ref())
                .map(|(before, before_owners)| {
                    MigrationDiff::between(before, before_owners, cluster, &owners)
                });
        let (arcs, markers, marker_total) = match built.ring() {
            Some(ring) => {
                let total = ring.points().len() as u32;
                let markers = if total <= MARKERS_MAX {
                    ring.points()
                        .iter()
                        .copied()
                        .zip(ring.point_nodes().iter().copied())
                        .collect()
                } else {
                    Vec::new()
                };
                (ownership_arcs(ring, ARC_BINS), markers, total)
            }
            None => (Vec::new(), Vec::new(), 0),
        };
        let capacity = match &built {
            Built::Bounded(bounded) => bounded.capacities(keys.count()).into_iter().max(),
            _ => None,
        };
        let (dots, drawn_moves) = key_dots(keys, &owners, diff.as_ref());
        AlgorithmScene {
            algorithm,
            lookup: built.lookup(&settings.lookup, settings.replicas, keys.mode()),
            owners,
            stats,
            before_owners,
            diff,
            arcs,
            markers,
            marker_total,
            capacity,
            typical_max_over_mean: kind
                .is_ring()
                .then(|| typical_max_over_mean(settings.vnodes)),
            dots,
            drawn_moves,
            built: Rc::new(built),
        }
    }
}

/// The keys drawn as dots (every `⌈K / KEY_DOTS_MAX⌉`-th key) and the moves among them. Both are in key
/// order, so one pass marks the moved dots. (The moves are collected rather than pushed one by one: a
/// second `push` of `KeyMove` beside the migration diff's makes the size-optimised build stop inlining it
/// there, which costs a modulo diff of 100,000 keys half a millisecond.)
fn key_dots(
    keys: &KeyCache,
    owners: &[Option<u32>],
    diff: Option<&MigrationDiff>,
) -> (Vec<KeyDot>, Vec<KeyMove>) {
    let step = keys.count().div_ceil(KEY_DOTS_MAX).max(1);
    let drawn_moves: Vec<KeyMove> = diff
        .map(|diff| {
            diff.moves
                .iter()
                .filter(|m| m.key % step == 0)
                .copied()
                .collect()
        })
        .unwrap_or_default();
    let hashes = keys.hashes().hashes();
    let mut moves = drawn_moves.iter().peekable();
    let dots = (0..keys.count())
        .step_by(step as usize)
        .map(|key| {
            let hash = hashes[key as usize];
            KeyDot {
                key,
                point: hash.point,
                depth: hash.hash_u64 as u8,
                owner: owners[key as usize],
                moved: moves.next_if(|m| m.key == key).is_some(),
            }
        })
        .collect();
    (dots, drawn_moves)
}

/// How many keys fall in each of [`DENSITY_BINS`] equal slices of the circle; empty when every key is
/// drawn as a dot anyway.
fn density_of(keys: &KeyCache) -> Vec<u32> {
    if keys.count() <= KEY_DOTS_MAX {
        return Vec::new();
    }
    let mut bins = vec![0u32; DENSITY_BINS as usize];
    for hash in keys.hashes().hashes() {
        bins[((u64::from(hash.point) * u64::from(DENSITY_BINS)) >> 32) as usize] += 1;
    }
    bins
}

/// Everything a picture of the ring shows, for [`SceneSettings`]; see the module documentation for how to
/// compute one cheaply from the previous one.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    /// What this scene shows.
    pub settings: SceneSettings,
    /// The keys' hashes, shared with the scenes before and after while they fit.
    pub keys: Rc<KeyCache>,
    /// The chosen algorithm's picture.
    pub primary: AlgorithmScene,
    /// The compared algorithm's picture, if one is compared.
    pub compared: Option<AlgorithmScene>,
    /// Modulo hashing's owners on this cluster.
    pub modulo_owners: Vec<Option<u32>>,
    /// What modulo hashing would have moved for the last change.
    pub modulo_diff: Option<MigrationDiff>,
    /// The fewest keys any placement must move for the last change ([`minimum_keys_moved`]).
    pub minimum_moved: Option<f64>,
    /// Keys per slice of [`DENSITY_BINS`] (all keys, not only the dots) when there are more keys than
    /// dots; empty otherwise.
    pub density: Vec<u32>,
}

impl Scene {
    /// Computes the scene for `settings`, reusing from `previous` whatever still fits (see the module
    /// documentation). The result is the same with or without `previous`.
    pub fn compute(settings: SceneSettings, previous: Option<&Scene>) -> Scene {
        if let Some(previous) = previous.filter(|p| p.settings.same_but_lookup(&settings)) {
            return previous.with_new_lookup(settings);
        }
        let keys = match previous {
            Some(previous) if previous.keys.fits(&settings) => previous.keys.clone(),
            _ => Rc::new(KeyCache::new(
                settings.key_count,
                settings.key_seed,
                settings.hash_mode,
            )),
        };
        // The previous scene showed exactly the cluster before this change, placing the same keys the
        // same way: its owners are this change's owners before (the common case, a node edit).
        let follows = previous.filter(|p| {
            settings.before.as_ref() == Some(&p.settings.cluster)
                && p.settings.places_keys_like(&settings)
        });
        let known_owners = |kind: AlgorithmKind| follows.and_then(|p| p.owners_of(kind));
        let mut rings: Vec<(&Cluster, &HashRing)> = previous
            .map(|p| {
                p.views()
                    .filter_map(|view| view.ring().map(|ring| (&p.settings.cluster, ring)))
                    .collect()
            })
            .unwrap_or_default();
        let primary = AlgorithmScene::compute(
            &settings,
            settings.algorithm,
            &keys,
            known_owners(settings.algorithm),
            &rings,
        );
        // Ring and bounded loads side by side build the same ring: the second copies the first's.
        if let Some(ring) = primary.ring() {
            rings.push((&settings.cluster, ring));
        }
        let compared = settings.compare.map(|kind| {
            AlgorithmScene::compute(&settings, kind, &keys, known_owners(kind), &rings)
        });
        let modulo_owners = [Some(&primary), compared.as_ref()]
            .into_iter()
            .flatten()
            .find(|view| view.kind() == AlgorithmKind::Modulo)
            .map(|view| view.owners.clone())
            .unwrap_or_else(|| Algorithm::Modulo.owners(&settings.cluster, keys.hashes()));
        let modulo_diff = settings.before.as_ref().map(|before| {
            let before_owners = known_owners(AlgorithmKind::Modulo)
                .unwrap_or_else(|| Algorithm::Modulo.owners(before, keys.hashes()));
            MigrationDiff::between(before, &before_owners, &settings.cluster, &modulo_owners)
        });
        let minimum_moved = settings
            .before
            .as_ref()
            .zip(primary.before_owners.as_ref())
            .map(|(before, before_owners)| {
                minimum_keys_moved(before, before_owners, &settings.cluster)
            });
        let density = density_of(&keys);
        Scene {
            settings,
            keys,
            primary,
            compared,
            modulo_owners,
            modulo_diff,
            minimum_moved,
            density,
        }
    }

    /// The cluster shown.
    pub fn cluster(&self) -> &Cluster {
        &self.settings.cluster
    }

    /// The cluster before the last change, if there was one.
    pub fn before(&self) -> Option<&Cluster> {
        self.settings.before.as_ref()
    }

    /// The compared algorithm's picture when `compared` is true and there is one, else the primary's.
    pub fn view(&self, compared: bool) -> &AlgorithmScene {
        match &self.compared {
            Some(view) if compared => view,
            _ => &self.primary,
        }
    }

    fn views(&self) -> impl Iterator<Item = &AlgorithmScene> {
        [Some(&self.primary), self.compared.as_ref()]
            .into_iter()
            .flatten()
    }

    /// This scene's owners under `kind`, if it computed them.
    fn owners_of(&self, kind: AlgorithmKind) -> Option<Vec<Option<u32>>> {
        match self.views().find(|view| view.kind() == kind) {
            Some(view) => Some(view.owners.clone()),
            None => (kind == AlgorithmKind::Modulo).then(|| self.modulo_owners.clone()),
        }
    }

    /// This scene with another lookup (key or R); everything else stays.
    fn with_new_lookup(&self, settings: SceneSettings) -> Scene {
        let relook = |view: &AlgorithmScene| AlgorithmScene {
            lookup: view
                .built
                .lookup(&settings.lookup, settings.replicas, self.keys.mode()),
            ..view.clone()
        };
        Scene {
            primary: relook(&self.primary),
            compared: self.compared.as_ref().map(relook),
            settings,
            keys: self.keys.clone(),
            modulo_owners: self.modulo_owners.clone(),
            modulo_diff: self.modulo_diff.clone(),
            minimum_moved: self.minimum_moved,
            density: self.density.clone(),
        }
    }
}
