//! Ring benchmarks: lookup against the `consistent_hash` and `hashring` crates (same keys, same run), jump
//! hash at several bucket counts, re-placing 100,000 keys after a node toggles, and the ring panel's whole
//! scene after a toggle (what one click costs before drawing).
//!
//! Run: `cargo bench --bench ring -- --warm-up-time 1 --measurement-time 3`
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use distlab_core::ring::{
    jump_consistent_hash, key_hash_u64, key_set, AlgorithmKind, Cluster, HashMode, HashRing,
    KeyHashes, NodeState, Placement, RingConfig, Scene, SceneSettings,
};

/// Keys looked up per iteration, so that the figures are per batch and cache effects are realistic.
const LOOKUP_BATCH: u32 = 1000;

/// A virtual node for the `hashring` crate, which has no vnodes of its own (this is its documented recipe).
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
struct VNode {
    id: u32,
    node: u32,
}

fn ring_lookup(c: &mut Criterion) {
    let keys = key_set(LOOKUP_BATCH, 42);
    let mut group = c.benchmark_group("ring_lookup");
    group.throughput(Throughput::Elements(u64::from(LOOKUP_BATCH)));
    for (nodes, vnodes) in [(15u32, 1000u32), (100, 200)] {
        let label = format!("{nodes}x{vnodes}");
        let cluster = Cluster::uniform(nodes, "node");

        let ours = HashRing::new(&cluster, RingConfig::xxh3(vnodes));
        group.bench_with_input(
            BenchmarkId::new("distlab_xxh3", &label),
            &keys,
            |b, keys| {
                b.iter(|| {
                    keys.iter()
                        .map(|k| ours.owner(k).unwrap())
                        .fold(0u32, |a, o| a ^ o)
                })
            },
        );
        let ketama = HashRing::new(
            &cluster,
            RingConfig {
                hash_mode: HashMode::Ketama,
                vnodes,
            },
        );
        group.bench_with_input(
            BenchmarkId::new("distlab_ketama_md5", &label),
            &keys,
            |b, keys| {
                b.iter(|| {
                    keys.iter()
                        .map(|k| ketama.owner(k).unwrap())
                        .fold(0u32, |a, o| a ^ o)
                })
            },
        );

        let static_ring = consistent_hash::StaticHashRing::new(
            consistent_hash::DefaultHash,
            (0..nodes).map(|n| consistent_hash::Node::new(n).quantity(vnodes as usize)),
        );
        group.bench_with_input(
            BenchmarkId::new("consistent_hash_0.1.4", &label),
            &keys,
            |b, keys| {
                b.iter(|| {
                    keys.iter()
                        .map(|k| static_ring.calc_candidates(k).next().unwrap().key)
                        .fold(0u32, |a, o| a ^ o)
                })
            },
        );

        let mut hashring = hashring::HashRing::new();
        for node in 0..nodes {
            for id in 0..vnodes {
                hashring.add(VNode { id, node });
            }
        }
        group.bench_with_input(
            BenchmarkId::new("hashring_0.3.6", &label),
            &keys,
            |b, keys| {
                b.iter(|| {
                    keys.iter()
                        .map(|k| hashring.get(k).unwrap().node)
                        .fold(0u32, |a, o| a ^ o)
                })
            },
        );
    }
    group.finish();
}

fn jump_lookup(c: &mut Criterion) {
    let hashes: Vec<u64> = key_set(LOOKUP_BATCH, 7)
        .iter()
        .map(|k| key_hash_u64(k))
        .collect();
    let mut group = c.benchmark_group("jump_consistent_hash");
    group.throughput(Throughput::Elements(u64::from(LOOKUP_BATCH)));
    for buckets in [10i32, 100, 1_000, 10_000, 100_000, 1_000_000] {
        group.bench_with_input(
            BenchmarkId::from_parameter(buckets),
            &hashes,
            |b, hashes| {
                b.iter(|| {
                    hashes
                        .iter()
                        .map(|&h| jump_consistent_hash(h, black_box(buckets)))
                        .fold(0i32, |a, o| a ^ o)
                })
            },
        );
    }
    group.finish();
}

fn remap_after_toggle(c: &mut Criterion) {
    let cluster = Cluster::uniform(100, "node");
    let keys = KeyHashes::new(&key_set(100_000, 1), HashMode::Xxh3);
    let mut ring = HashRing::new(&cluster, RingConfig::xxh3(200));
    let mut group = c.benchmark_group("remap_100k_keys_100x200");
    group.sample_size(30);
    let mut down = false;
    group.bench_function("toggle_then_sweep", |b| {
        b.iter(|| {
            down = !down;
            ring.set_state(17, if down { NodeState::Down } else { NodeState::Up });
            ring.owners(&keys)
        })
    });
    group.bench_function("toggle_then_binary_search_each", |b| {
        b.iter(|| {
            down = !down;
            ring.set_state(17, if down { NodeState::Down } else { NodeState::Up });
            keys.hashes()
                .iter()
                .map(|&k| ring.owner_of(k))
                .collect::<Vec<_>>()
        })
    });
    group.bench_function("rebuild_ring_then_sweep", |b| {
        b.iter(|| {
            down = !down;
            let changed = cluster
                .with_state(17, if down { NodeState::Down } else { NodeState::Up })
                .unwrap();
            HashRing::new(&changed, RingConfig::xxh3(200)).owners(&keys)
        })
    });
    group.finish();
}

/// The scene after node 17 of 100 (200 vnodes each, 100,000 keys) fails or recovers: from the previous
/// scene (key hashes, ring and owners reused, as the panel does) and from nothing.
fn scene_after_toggle(c: &mut Criterion) {
    let cluster = Cluster::uniform(100, "node");
    let settings = SceneSettings {
        vnodes: 200,
        key_count: 100_000,
        lookup: "user:42".into(),
        ..SceneSettings::new(AlgorithmKind::Ring, cluster)
    };
    let toggled = |settings: &SceneSettings| {
        let cluster = &settings.cluster;
        let state = if cluster.is_live(17) {
            NodeState::Down
        } else {
            NodeState::Up
        };
        SceneSettings {
            cluster: cluster.with_state(17, state).unwrap(),
            before: Some(cluster.clone()),
            ..settings.clone()
        }
    };
    let mut group = c.benchmark_group("scene_100k_keys_100x200");
    group.sample_size(20);
    let mut scene = Scene::compute(settings.clone(), None);
    group.bench_function("toggle_from_previous", |b| {
        b.iter(|| {
            let next = Scene::compute(toggled(&scene.settings), Some(&scene));
            scene = next;
        })
    });
    group.bench_function("toggle_from_nothing", |b| {
        b.iter(|| Scene::compute(toggled(&settings), None))
    });
    group.finish();
}

criterion_group!(
    benches,
    ring_lookup,
    jump_lookup,
    remap_after_toggle,
    scene_after_toggle
);
criterion_main!(benches);
