//! Determinism guard: the owners of a fixed key set under every algorithm, folded into one digest per
//! algorithm. The same numbers must come out natively and in wasm32 (nothing hashes through `usize`); a
//! change here means every existing share link would show different owners, so it must be deliberate.
use distlab_core::ring::{
    key_set, Algorithm, Cluster, HashMode, KeyHashes, NodeSpec, NodeState, RingConfig,
};
use xxhash_rust::xxh3::xxh3_64;

fn owners_digest(algorithm: Algorithm) -> u64 {
    let mut cluster = Cluster::new(vec![
        NodeSpec::weighted("alpha", 1),
        NodeSpec::weighted("beta", 2),
        NodeSpec::weighted("gamma", 1),
        NodeSpec::weighted("delta", 3),
        NodeSpec::weighted("epsilon", 1),
    ])
    .unwrap();
    cluster.set_state(2, NodeState::Down).unwrap();
    let keys = KeyHashes::new(&key_set(1000, 2024), algorithm.hash_mode());
    let bytes: Vec<u8> = algorithm
        .owners(&cluster, &keys)
        .iter()
        .map(|o| o.map_or(255, |n| n as u8))
        .collect();
    xxh3_64(&bytes)
}

#[test]
fn owners_are_the_same_as_when_this_was_written() {
    let algorithms = [
        Algorithm::Modulo,
        Algorithm::Ring(RingConfig::xxh3(100)),
        Algorithm::Ring(RingConfig::ketama()),
        Algorithm::Jump,
        Algorithm::Rendezvous,
        Algorithm::BoundedLoads {
            ring: RingConfig::xxh3(100),
            epsilon: 0.02,
        },
    ];
    let digests: Vec<String> = algorithms
        .iter()
        .map(|&a| format!("{:016x}", owners_digest(a)))
        .collect();
    assert_eq!(digests, GOLDEN, "owners changed: {digests:?}");
    assert_eq!(
        Algorithm::Ring(RingConfig::ketama()).hash_mode(),
        HashMode::Ketama
    );
}

const GOLDEN: [&str; 6] = [
    "4bf25ff37aad4092",
    "7c48afd77fc38082",
    "7276b8f0088deb50",
    "2e487589e813af58",
    "987d981170f8c971",
    "29dc75e7b6d6beec",
];
