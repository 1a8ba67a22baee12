//! What the ring panel shows, computed by the core from the settings: owners, balance, the migration of
//! the last change, arcs and markers to draw, and the lookup's preference list. Key hashes are cached
//! across changes, so toggling a node costs no hashing.
use std::rc::Rc;

use crate::core::ring::{
    key_set, minimum_keys_moved, Algorithm, BalanceStats, BoundedLoads, Cluster, HashMode,
    HashRing, KeyHash, KeyHashes, MigrationDiff, NodeSpec, Placement,
};

use super::settings::{AlgoKind, RingSettings};

/// How finely ownership arcs are drawn: one bin per half degree.
pub const ARC_BINS: u32 = 720;
/// More vnode markers than this are not drawn one by one (the arcs still show ownership).
pub const MARKERS_MAX: usize = 6_000;
/// Slices of the circle in the key-density band drawn for large key sets.
pub const DENSITY_BINS: u32 = 180;
/// At most this many key dots are drawn; larger key sets show an even sample.
pub const KEY_DOTS_MAX: u32 = 4_000;

/// The generated keys and their hashes, reused until the key count, seed or hash mode changes.
pub struct KeyCache {
    pub count: u32,
    pub seed: u64,
    pub mode: HashMode,
    pub hashes: KeyHashes,
}

impl KeyCache {
    pub fn new(count: u32, seed: u64, mode: HashMode) -> KeyCache {
        let keys = key_set(count, seed);
        let hashes = KeyHashes::new(&keys, mode);
        KeyCache {
            count,
            seed,
            mode,
            hashes,
        }
    }

    fn fits(&self, settings: &RingSettings) -> bool {
        self.count == settings.key_count
            && self.seed == settings.key_seed
            && self.mode == settings.hash_mode
    }
}

/// A run of ownership bins with one owner, drawn as an arc.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arc {
    pub start_bin: u32,
    pub end_bin: u32,
    pub owner: Option<u32>,
}

/// A key's placement, for the lookup box.
#[derive(Clone, Debug, PartialEq)]
pub struct Lookup {
    pub key: String,
    /// Where the key hashes to on the 2^32 circle.
    pub point: u32,
    /// The preference list: owner first, then replicas (indices into the cluster).
    pub preference: Vec<u32>,
    /// On a ring, where the clockwise walk found each of them: `(node, point)`.
    pub walk: Vec<(u32, u32)>,
}

/// One algorithm's picture of the cluster.
#[derive(Clone)]
pub struct AlgoView {
    pub kind: AlgoKind,
    /// The plain ring, kept so that the next toggle can reuse it.
    pub ring: Option<Rc<HashRing>>,
    pub owners: Vec<Option<u32>>,
    pub stats: BalanceStats,
    /// Owners on the cluster before the last change, if there was one.
    pub before_owners: Option<Vec<Option<u32>>>,
    /// Keys moved by the last change, if there was one.
    pub diff: Option<MigrationDiff>,
    /// Ownership arcs (ring kinds only).
    pub arcs: Vec<Arc>,
    /// Vnode markers as (point, node), empty when there are too many to draw or the kind has none.
    pub markers: Vec<(u32, u32)>,
    pub marker_total: usize,
    /// Per-node capacity (bounded loads only).
    pub capacity: Option<u32>,
    pub lookup: Option<Lookup>,
}

/// Everything the panel draws.
pub struct RingModel {
    /// The settings this picture was computed from.
    pub settings: RingSettings,
    pub cluster: Cluster,
    pub before: Option<Cluster>,
    pub keys: Rc<KeyCache>,
    pub primary: AlgoView,
    pub secondary: Option<AlgoView>,
    /// Modulo hashing's owners on this cluster.
    pub modulo_owners: Option<Vec<Option<u32>>>,
    /// What modulo hashing would have moved for the same change.
    pub modulo_diff: Option<MigrationDiff>,
    /// The fewest keys any placement must move for the change.
    pub minimum_moved: Option<f64>,
    /// Indices of the keys drawn as dots.
    pub sample: Vec<u32>,
    /// Keys per bin of the circle (all keys, not the sample), when there are more keys than dots.
    pub density: Vec<u32>,
}

/// A cluster from settings; invalid node lists were already rejected by the link parser and the editing
/// actions, so a failure here falls back to the default cluster rather than panicking.
pub fn cluster_of(nodes: &[NodeSpec]) -> Cluster {
    Cluster::new(nodes.to_vec()).unwrap_or_else(|_| Cluster::uniform(5, "cache"))
}

/// A placement built once per recomputation, kept whole so its ring can also draw arcs and markers.
enum Built {
    Ring(HashRing),
    Bounded(BoundedLoads),
    Other(Box<dyn Placement>),
}

impl Built {
    /// Builds the placement; a plain ring whose nodes only changed state is copied from `previous` and
    /// toggled (O(1) per node) instead of being rebuilt, which is most of a failure's cost.
    fn new_reusing(
        algorithm: Algorithm,
        cluster: &Cluster,
        previous: Option<(&Cluster, &HashRing)>,
    ) -> Built {
        if let (Algorithm::Ring(config), Some((old_cluster, old_ring))) = (algorithm, previous) {
            let same_nodes = old_ring.config() == config
                && old_cluster.len() == cluster.len()
                && old_cluster
                    .nodes()
                    .iter()
                    .zip(cluster.nodes())
                    .all(|(a, b)| a.name == b.name && a.weight == b.weight);
            if same_nodes {
                let mut ring = old_ring.clone();
                for (index, node) in cluster.nodes().iter().enumerate() {
                    if old_cluster.nodes()[index].state != node.state {
                        ring.set_state(index as u32, node.state);
                    }
                }
                return Built::Ring(ring);
            }
        }
        Built::new(algorithm, cluster)
    }

    fn new(algorithm: Algorithm, cluster: &Cluster) -> Built {
        match algorithm {
            Algorithm::Ring(config) => Built::Ring(HashRing::new(cluster, config)),
            Algorithm::BoundedLoads { ring, epsilon } => {
                Built::Bounded(BoundedLoads::new(cluster, ring, epsilon))
            }
            other => Built::Other(other.placement(cluster)),
        }
    }

    fn placement(&self) -> &dyn Placement {
        match self {
            Built::Ring(ring) => ring,
            Built::Bounded(bounded) => bounded,
            Built::Other(placement) => placement.as_ref(),
        }
    }

    fn ring(&self) -> Option<&HashRing> {
        match self {
            Built::Ring(ring) => Some(ring),
            Built::Bounded(bounded) => Some(bounded.ring()),
            Built::Other(_) => None,
        }
    }
}

/// How many keys fall in each of [`DENSITY_BINS`] equal slices of the circle; empty when every key is
/// drawn as a dot anyway.
fn density_of(keys: &KeyCache) -> Vec<u32> {
    if keys.count <= KEY_DOTS_MAX {
        return Vec::new();
    }
    let mut bins = vec![0u32; DENSITY_BINS as usize];
    for hash in keys.hashes.hashes() {
        bins[((u64::from(hash.point) * u64::from(DENSITY_BINS)) >> 32) as usize] += 1;
    }
    bins
}

/// Where the looked-up key lands and who holds it.
fn lookup_of(built: &Built, settings: &RingSettings, mode: HashMode) -> Lookup {
    let hash = KeyHash::of(&settings.lookup, mode);
    Lookup {
        key: settings.lookup.clone(),
        point: hash.point,
        preference: built
            .placement()
            .preference_list_of(hash, settings.replicas),
        walk: built
            .ring()
            .map(|ring| ring.walk_points_from(hash.point, settings.replicas))
            .unwrap_or_default(),
    }
}

fn arcs_of(ring: &HashRing) -> Vec<Arc> {
    let mut arcs: Vec<Arc> = Vec::new();
    for bin in 0..ARC_BINS {
        let mid = ((u64::from(bin) * (1u64 << 32) + (1u64 << 31)) / u64::from(ARC_BINS)) as u32;
        let owner = ring.owner_of_point(mid);
        match arcs.last_mut() {
            Some(last) if last.owner == owner => last.end_bin = bin + 1,
            _ => arcs.push(Arc {
                start_bin: bin,
                end_bin: bin + 1,
                owner,
            }),
        }
    }
    arcs
}

fn algo_view(
    settings: &RingSettings,
    kind: AlgoKind,
    cluster: &Cluster,
    before: Option<&Cluster>,
    keys: &KeyCache,
    known_before_owners: Option<Vec<Option<u32>>>,
    previous_ring: Option<(&Cluster, &HashRing)>,
) -> AlgoView {
    let algorithm = settings.algorithm_for(kind);
    let built = Built::new_reusing(algorithm, cluster, previous_ring);
    let placement = built.placement();
    let owners = placement.owners(&keys.hashes);
    let stats = BalanceStats::from_owners(cluster, &owners);
    let before_owners = before.map(|before| {
        known_before_owners.unwrap_or_else(|| algorithm.owners(before, &keys.hashes))
    });
    let diff = before
        .zip(before_owners.as_ref())
        .map(|(before, before_owners)| {
            MigrationDiff::between(before, before_owners, cluster, &owners)
        });
    let (arcs, markers, marker_total) = match built.ring() {
        Some(ring) => {
            let total = ring.points().len();
            let markers = if total <= MARKERS_MAX {
                ring.points()
                    .iter()
                    .copied()
                    .zip(ring.point_nodes().iter().copied())
                    .collect()
            } else {
                Vec::new()
            };
            (arcs_of(ring), markers, total)
        }
        None => (Vec::new(), Vec::new(), 0),
    };
    let capacity = match &built {
        Built::Bounded(bounded) => bounded.capacities(keys.count).into_iter().max(),
        _ => None,
    };
    let lookup = (!settings.lookup.is_empty()).then(|| lookup_of(&built, settings, keys.mode));
    let ring = match built {
        Built::Ring(ring) => Some(Rc::new(ring)),
        _ => None,
    };
    AlgoView {
        kind,
        ring,
        owners,
        stats,
        before_owners,
        diff,
        arcs,
        markers,
        marker_total,
        capacity,
        lookup,
    }
}

/// Models are compared by identity: a new one is computed only when something changed.
impl PartialEq for RingModel {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl RingModel {
    /// Computes the picture, reusing `previous`'s key hashes when they still fit, and its owners as the
    /// "before" owners when the only difference is the node edit just made (the common case, which keeps a
    /// toggle at 100,000 keys cheap).
    pub fn compute(settings: &RingSettings, previous: Option<&RingModel>) -> RingModel {
        if let Some(previous) = previous {
            if let Some(model) = previous.with_new_lookup(settings) {
                return model;
            }
        }
        let keys = match previous {
            Some(model) if model.keys.fits(settings) => model.keys.clone(),
            _ => Rc::new(KeyCache::new(
                settings.key_count,
                settings.key_seed,
                settings.hash_mode,
            )),
        };
        let cluster = cluster_of(&settings.nodes);
        let before = settings.before.as_deref().map(cluster_of);
        // The previous picture was of exactly the "before" cluster with the same algorithms and keys.
        let reusable = previous.filter(|model| {
            let old = &model.settings;
            settings.before.as_ref() == Some(&old.nodes)
                && old.hash_mode == settings.hash_mode
                && old.vnodes == settings.vnodes
                && old.epsilon == settings.epsilon
                && old.key_count == settings.key_count
                && old.key_seed == settings.key_seed
        });
        let reuse = |kind: AlgoKind| {
            reusable.and_then(|model| {
                [Some(&model.primary), model.secondary.as_ref()]
                    .into_iter()
                    .flatten()
                    .find(|view| view.kind == kind)
                    .map(|view| view.owners.clone())
                    .or_else(|| {
                        (kind == AlgoKind::Modulo)
                            .then(|| model.modulo_owners.clone())
                            .flatten()
                    })
            })
        };
        let previous_ring = |kind: AlgoKind| {
            reusable.and_then(|model| {
                [Some(&model.primary), model.secondary.as_ref()]
                    .into_iter()
                    .flatten()
                    .find(|view| view.kind == kind)
                    .and_then(|view| view.ring.as_deref())
                    .map(|ring| (&model.cluster, ring))
            })
        };
        let primary = algo_view(
            settings,
            settings.algorithm,
            &cluster,
            before.as_ref(),
            &keys,
            reuse(settings.algorithm),
            previous_ring(settings.algorithm),
        );
        let secondary = settings.compare.map(|kind| {
            algo_view(
                settings,
                kind,
                &cluster,
                before.as_ref(),
                &keys,
                reuse(kind),
                previous_ring(kind),
            )
        });
        // Modulo's owners, for the "what hash % N would move" figure (shared with a modulo view if any).
        let modulo_owners = [Some(&primary), secondary.as_ref()]
            .into_iter()
            .flatten()
            .find(|view| view.kind == AlgoKind::Modulo)
            .map(|view| view.owners.clone())
            .unwrap_or_else(|| Algorithm::Modulo.owners(&cluster, &keys.hashes));
        let modulo_diff = before.as_ref().map(|before| {
            let before_owners = reuse(AlgoKind::Modulo)
                .unwrap_or_else(|| Algorithm::Modulo.owners(before, &keys.hashes));
            MigrationDiff::between(before, &before_owners, &cluster, &modulo_owners)
        });
        let minimum_moved = before
            .as_ref()
            .zip(primary.before_owners.as_ref())
            .map(|(before, before_owners)| minimum_keys_moved(before, before_owners, &cluster));
        let step = keys.count.div_ceil(KEY_DOTS_MAX).max(1);
        let sample = (0..keys.count).step_by(step as usize).collect();
        let density = density_of(&keys);
        RingModel {
            settings: settings.clone(),
            cluster,
            before,
            keys,
            primary,
            secondary,
            modulo_owners: Some(modulo_owners),
            modulo_diff,
            minimum_moved,
            sample,
            density,
        }
    }

    /// When only the looked-up key or the replication factor changed, everything but the lookup stays.
    fn with_new_lookup(&self, settings: &RingSettings) -> Option<RingModel> {
        let mut same = self.settings.clone();
        same.lookup = settings.lookup.clone();
        same.replicas = settings.replicas;
        if same != *settings {
            return None;
        }
        let relook = |view: &AlgoView| {
            let mut view = view.clone();
            view.lookup = (!settings.lookup.is_empty()).then(|| {
                let built = Built::new(settings.algorithm_for(view.kind), &self.cluster);
                lookup_of(&built, settings, self.keys.mode)
            });
            view
        };
        Some(RingModel {
            settings: settings.clone(),
            cluster: self.cluster.clone(),
            before: self.before.clone(),
            keys: self.keys.clone(),
            primary: relook(&self.primary),
            secondary: self.secondary.as_ref().map(relook),
            modulo_owners: self.modulo_owners.clone(),
            modulo_diff: self.modulo_diff.clone(),
            minimum_moved: self.minimum_moved,
            sample: self.sample.clone(),
            density: self.density.clone(),
        })
    }
}
