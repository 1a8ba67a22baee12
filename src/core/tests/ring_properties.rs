//! Property tests of the placement algorithms: what a change may move, preference lists, ring lookup
//! against a brute-force scan, bounded loads' cap.
use distlab_core::ring::{
    key_set, minimum_keys_moved, Algorithm, BoundedLoads, Cluster, HashMode, HashRing, KeyHash,
    KeyHashes, MigrationDiff, NodeSpec, NodeState, Placement, RingConfig,
};
use proptest::prelude::*;

const KEYS: u32 = 1500;

/// A cluster of `weights.len()` nodes named after `seed`, with the given weights, all up.
fn weighted_cluster(seed: u64, weights: &[u32]) -> Cluster {
    Cluster::new(
        weights
            .iter()
            .enumerate()
            .map(|(i, &w)| NodeSpec::weighted(format!("n{seed}-{i}"), w))
            .collect(),
    )
    .unwrap()
}

fn name_of(cluster: &Cluster, owner: Option<u32>) -> Option<&str> {
    owner.map(|i| cluster.nodes()[i as usize].name.as_str())
}

/// Every key that changed owner went onto `new_name`.
fn assert_moves_only_onto(
    before: &Cluster,
    after: &Cluster,
    algorithm: Algorithm,
    keys: &KeyHashes,
    new_name: &str,
) {
    let diff = algorithm.diff(before, after, keys);
    for m in &diff.moves {
        assert_eq!(
            name_of(after, m.to),
            Some(new_name),
            "{algorithm:?}: key {} moved elsewhere",
            m.key
        );
    }
}

/// Every key that changed owner was on `old_name` before.
fn assert_moves_only_from(
    before: &Cluster,
    after: &Cluster,
    algorithm: Algorithm,
    keys: &KeyHashes,
    old_name: &str,
) {
    let before_owners = algorithm.owners(before, keys);
    let diff = MigrationDiff::between(
        before,
        &before_owners,
        after,
        &algorithm.owners(after, keys),
    );
    for m in &diff.moves {
        assert_eq!(
            name_of(before, m.from),
            Some(old_name),
            "{algorithm:?}: key {} moved from elsewhere",
            m.key
        );
    }
    // Every key of the node that left had to move, and nothing else did: the theoretical minimum exactly.
    assert_eq!(
        f64::from(diff.keys_moved()),
        minimum_keys_moved(before, &before_owners, after),
        "{algorithm:?}"
    );
}

fn minimal_algorithms(vnodes: u32, equal_weights: bool) -> Vec<Algorithm> {
    let mut algorithms = vec![
        Algorithm::Ring(RingConfig::xxh3(vnodes)),
        Algorithm::Rendezvous,
    ];
    if equal_weights {
        // libketama re-divides points by total weight and server count: with unequal weights a join or
        // removal shifts points between the other servers too, as real ketama clients do.
        algorithms.push(Algorithm::Ring(RingConfig {
            hash_mode: HashMode::Ketama,
            vnodes,
        }));
    }
    algorithms
}

fn weights_strategy() -> impl Strategy<Value = (Vec<u32>, bool)> {
    prop_oneof![
        (1usize..12).prop_map(|n| (vec![1; n], true)),
        prop::collection::vec(1u32..5, 1..12).prop_map(|w| (w, false)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn a_join_moves_keys_only_onto_the_new_node(
        seed in any::<u64>(), (weights, equal) in weights_strategy(), vnodes in 1u32..120, new_weight in 1u32..4,
    ) {
        let before = weighted_cluster(seed, &weights);
        let new_weight = if equal { 1 } else { new_weight };
        let after = before.with_node(NodeSpec::weighted("joiner", new_weight)).unwrap();
        let keys = key_set(KEYS, seed);
        let mut algorithms = minimal_algorithms(vnodes, equal);
        if equal {
            algorithms.push(Algorithm::Jump); // jump has no weights
        }
        for algorithm in algorithms {
            let hashes = KeyHashes::new(&keys, algorithm.hash_mode());
            assert_moves_only_onto(&before, &after, algorithm, &hashes, "joiner");
        }
    }

    #[test]
    fn a_failure_moves_only_the_failed_nodes_keys_and_recovery_brings_them_back(
        seed in any::<u64>(), (weights, _) in weights_strategy(), vnodes in 1u32..120, victim in any::<prop::sample::Index>(),
        already_down in any::<prop::sample::Index>(),
    ) {
        prop_assume!(weights.len() >= 2);
        let mut before = weighted_cluster(seed, &weights);
        let victim = victim.index(weights.len()) as u32;
        let other = already_down.index(weights.len()) as u32;
        if other != victim {
            before.set_state(other, NodeState::Down).unwrap(); // failures on top of failures
        }
        let after = before.with_state(victim, NodeState::Down).unwrap();
        let victim_name = before.nodes()[victim as usize].name.clone();
        let keys = key_set(KEYS, seed);
        let mut algorithms = minimal_algorithms(vnodes, false);
        algorithms.push(Algorithm::Ring(RingConfig { hash_mode: HashMode::Ketama, vnodes }));
        algorithms.push(Algorithm::Jump);
        for algorithm in algorithms {
            let hashes = KeyHashes::new(&keys, algorithm.hash_mode());
            assert_moves_only_from(&before, &after, algorithm, &hashes, &victim_name);
            prop_assert_eq!(algorithm.diff(&before, &before.clone(), &hashes).keys_moved(), 0);
            // Recovering restores the exact placement before the failure.
            prop_assert_eq!(algorithm.owners(&before, &hashes), algorithm.owners(&after.with_state(victim, NodeState::Up).unwrap(), &hashes));
        }
    }

    #[test]
    fn a_removal_moves_only_the_removed_nodes_keys(
        seed in any::<u64>(), (weights, equal) in weights_strategy(), vnodes in 1u32..120, victim in any::<prop::sample::Index>(),
    ) {
        prop_assume!(weights.len() >= 2);
        let before = weighted_cluster(seed, &weights);
        let victim = victim.index(weights.len()) as u32;
        let after = before.without_node(victim).unwrap();
        let victim_name = before.nodes()[victim as usize].name.clone();
        let keys = key_set(KEYS, seed);
        for algorithm in minimal_algorithms(vnodes, equal) {
            let hashes = KeyHashes::new(&keys, algorithm.hash_mode());
            assert_moves_only_from(&before, &after, algorithm, &hashes, &victim_name);
        }
        // Jump hashing can only drop its last bucket.
        let last = before.len() - 1;
        let hashes = KeyHashes::new(&keys, HashMode::Xxh3);
        let last_name = before.nodes()[last as usize].name.clone();
        assert_moves_only_from(&before, &before.without_node(last).unwrap(), Algorithm::Jump, &hashes, &last_name);
    }

    #[test]
    fn preference_lists_hold_distinct_live_nodes_led_by_the_owner(
        seed in any::<u64>(), (weights, _) in weights_strategy(), vnodes in 1u32..60, replicas in 0u32..7,
        down in prop::collection::vec(any::<bool>(), 12),
    ) {
        let mut cluster = weighted_cluster(seed, &weights);
        for (i, &is_down) in down.iter().take(weights.len()).enumerate() {
            if is_down {
                cluster.set_state(i as u32, NodeState::Down).unwrap();
            }
        }
        let live = cluster.live_count();
        let algorithms = [
            Algorithm::Modulo,
            Algorithm::Ring(RingConfig::xxh3(vnodes)),
            Algorithm::Ring(RingConfig { hash_mode: HashMode::Ketama, vnodes }),
            Algorithm::Jump,
            Algorithm::Rendezvous,
            Algorithm::BoundedLoads { ring: RingConfig::xxh3(vnodes), epsilon: 0.25 },
        ];
        for algorithm in algorithms {
            let placement = algorithm.placement(&cluster);
            // On a ring, a live node with no point owns nothing: libketama gives a light server
            // ⌊w/W·digests·N⌋ = 0 digests when few vnodes are asked for.
            let live = match algorithm {
                Algorithm::Ring(config) | Algorithm::BoundedLoads { ring: config, .. } => {
                    let ring = HashRing::new(&cluster, config);
                    cluster.live_indices().into_iter().filter(|n| ring.point_nodes().contains(n)).count() as u32
                }
                _ => live,
            };
            for key in key_set(60, seed) {
                let list = placement.preference_list(&key, replicas);
                prop_assert_eq!(list.len() as u32, replicas.min(live), "{:?}", algorithm);
                let mut sorted = list.clone();
                sorted.sort_unstable();
                sorted.dedup();
                prop_assert_eq!(sorted.len(), list.len(), "duplicates in {:?}", list);
                prop_assert!(list.iter().all(|&n| cluster.is_live(n)), "{:?}: down node in {:?}", algorithm, list);
                let owner = placement.owner(&key);
                prop_assert_eq!(owner.is_some(), live > 0);
                if replicas > 0 {
                    prop_assert_eq!(list.first().copied(), owner, "{:?}", algorithm);
                }
                // A failed owner's reads go to the next replica.
                if let (Some(owner), true) = (owner, list.len() >= 2) {
                    let failed = cluster.with_state(owner, NodeState::Down).unwrap();
                    if !matches!(algorithm, Algorithm::Modulo | Algorithm::BoundedLoads { .. }) {
                        prop_assert_eq!(algorithm.placement(&failed).owner(&key), Some(list[1]), "{:?}", algorithm);
                    }
                }
            }
        }
    }

    #[test]
    fn ring_lookup_agrees_with_a_linear_scan(
        seed in any::<u64>(), (weights, _) in weights_strategy(), vnodes in 1u32..40,
        down in prop::collection::vec(any::<bool>(), 12), ketama in any::<bool>(),
    ) {
        let mut cluster = weighted_cluster(seed, &weights);
        for (i, &is_down) in down.iter().take(weights.len()).enumerate() {
            if is_down {
                cluster.set_state(i as u32, NodeState::Down).unwrap();
            }
        }
        let mode = if ketama { HashMode::Ketama } else { HashMode::Xxh3 };
        let ring = HashRing::new(&cluster, RingConfig { hash_mode: mode, vnodes });
        // The brute force: among live points, the smallest (point, −node) with point ≥ h; else the smallest.
        let live_points: Vec<(u32, u32)> = ring
            .points()
            .iter()
            .zip(ring.point_nodes())
            .filter(|(_, &n)| cluster.is_live(n))
            .map(|(&p, &n)| (p, n))
            .collect();
        let brute = |h: u32| -> Option<u32> {
            let order = |a: &&(u32, u32), b: &&(u32, u32)| a.0.cmp(&b.0).then(b.1.cmp(&a.1));
            live_points.iter().filter(|(p, _)| *p >= h).min_by(order)
                .or_else(|| live_points.iter().min_by(order))
                .map(|&(_, n)| n)
        };
        let keys = key_set(300, seed);
        let hashes = KeyHashes::new(&keys, mode);
        let swept = ring.owners(&hashes);
        for (i, key) in keys.iter().enumerate() {
            let point = KeyHash::of(key, mode).point;
            prop_assert_eq!(ring.owner(key), brute(point));
            prop_assert_eq!(swept[i], brute(point));
        }
        // Edges: exactly on a point, just after it, 0 and the top.
        for &p in ring.points().iter().take(20) {
            for h in [p, p.wrapping_add(1), p.wrapping_sub(1), 0, u32::MAX] {
                prop_assert_eq!(ring.owner_of_point(h), brute(h), "h = {}", h);
            }
        }
        // Arc shares sum to 1 when anything is live.
        let total: f64 = ring.arc_shares().iter().sum();
        let expected = if live_points.is_empty() { 0.0 } else { 1.0 };
        prop_assert!((total - expected).abs() < 1e-9, "arc shares sum to {}", total);
    }

    #[test]
    fn bounded_loads_never_exceed_capacity_and_place_every_key(
        seed in any::<u64>(), (weights, _) in weights_strategy(), vnodes in 1u32..80,
        epsilon in 0.0f64..1.5, key_count in 1u32..3000, victim in any::<prop::sample::Index>(),
    ) {
        let mut cluster = weighted_cluster(seed, &weights);
        if weights.len() > 1 {
            cluster.set_state(victim.index(weights.len()) as u32, NodeState::Down).unwrap();
        }
        let bounded = BoundedLoads::new(&cluster, RingConfig::xxh3(vnodes), epsilon);
        let keys = key_set(key_count, seed);
        let owners = bounded.assign_all(&keys);
        let capacities = bounded.capacities(key_count);
        let mut loads = vec![0u32; cluster.len() as usize];
        for owner in &owners {
            let owner = owner.expect("every key is placed");
            prop_assert!(cluster.is_live(owner));
            loads[owner as usize] += 1;
        }
        for (node, (&load, &capacity)) in loads.iter().zip(&capacities).enumerate() {
            prop_assert!(load <= capacity, "node {} holds {} > capacity {}", node, load, capacity);
        }
        // With equal weights the capacity is the paper's ⌈(1 + ε)·K/N⌉.
        if weights.iter().all(|&w| w == weights[0]) {
            let expected = ((1.0 + epsilon) * f64::from(key_count) / f64::from(cluster.live_count())).ceil() as u32;
            for node in cluster.live_indices() {
                prop_assert!(capacities[node as usize] == expected.min(key_count));
            }
        }
        // With room to spare everywhere it is just the ring.
        let roomy = BoundedLoads::new(&cluster, RingConfig::xxh3(vnodes), 1e6);
        let ring = HashRing::new(&cluster, RingConfig::xxh3(vnodes));
        prop_assert_eq!(roomy.assign_all(&keys), ring.owners(&KeyHashes::new(&keys, HashMode::Xxh3)));
    }

    #[test]
    fn migration_flows_add_up(seed in any::<u64>(), nodes in 2u32..10, vnodes in 1u32..50) {
        let before = Cluster::uniform(nodes, &format!("s{seed}"));
        let after = before.with_node(NodeSpec::up("new")).unwrap().with_state(0, NodeState::Down).unwrap();
        let keys = KeyHashes::new(&key_set(KEYS, seed), HashMode::Xxh3);
        for algorithm in [Algorithm::Modulo, Algorithm::Ring(RingConfig::xxh3(vnodes)), Algorithm::Jump, Algorithm::Rendezvous] {
            let diff = algorithm.diff(&before, &after, &keys);
            prop_assert_eq!(diff.flows.iter().map(|f| f.keys).sum::<u32>(), diff.keys_moved());
            prop_assert!(diff.flows.iter().all(|f| f.keys > 0));
            prop_assert_eq!(diff.keys_total, KEYS);
            prop_assert!((diff.percent_moved() - 100.0 * f64::from(diff.keys_moved()) / f64::from(KEYS)).abs() < 1e-9);
        }
    }
}

#[test]
fn cluster_rejects_duplicate_names_and_zero_weights_with_a_message() {
    let duplicate = Cluster::new(vec![
        NodeSpec::up("a"),
        NodeSpec::up("b"),
        NodeSpec::up("a"),
    ])
    .unwrap_err();
    assert!(duplicate.to_string().contains("'a'"), "{duplicate}");
    let zero = Cluster::new(vec![NodeSpec::weighted("z", 0)]).unwrap_err();
    assert!(zero.to_string().contains("weight 0"), "{zero}");
    assert!(Cluster::uniform(3, "n").without_node(5).is_err());
}

#[test]
fn names_with_markup_are_just_strings() {
    let cluster = Cluster::new(vec![
        NodeSpec::up("<script>alert(1)</script>"),
        NodeSpec::up("a&b"),
    ])
    .unwrap();
    let ring = HashRing::new(&cluster, RingConfig::xxh3(50));
    assert!(ring.owner("any key").is_some());
}

#[test]
fn an_empty_or_all_down_cluster_owns_nothing() {
    let empty = Cluster::default();
    let down = Cluster::uniform(3, "n")
        .with_state(0, NodeState::Down)
        .unwrap()
        .with_state(1, NodeState::Down)
        .unwrap()
        .with_state(2, NodeState::Down)
        .unwrap();
    for cluster in [empty, down] {
        for algorithm in [
            Algorithm::Modulo,
            Algorithm::Ring(RingConfig::xxh3(10)),
            Algorithm::Ring(RingConfig::ketama()),
            Algorithm::Jump,
            Algorithm::Rendezvous,
            Algorithm::BoundedLoads {
                ring: RingConfig::xxh3(10),
                epsilon: 0.1,
            },
        ] {
            let placement = algorithm.placement(&cluster);
            assert_eq!(placement.owner("k"), None, "{algorithm:?}");
            assert!(placement.preference_list("k", 3).is_empty());
            let keys = KeyHashes::new(&key_set(10, 1), algorithm.hash_mode());
            assert!(placement.owners(&keys).iter().all(Option::is_none));
        }
    }
}

#[test]
fn key_sets_are_deterministic_and_seeded() {
    assert_eq!(key_set(3, 9), vec!["key-9-0", "key-9-1", "key-9-2"]);
    assert_ne!(key_set(5, 1), key_set(5, 2));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// The drawn walk visits the same nodes as the lookup, each at one of its own points, in clockwise
    /// order from the key.
    #[test]
    fn the_walk_drawn_for_a_lookup_matches_the_preference_list(
        seed in any::<u64>(), nodes in 2u32..12, vnodes in 1u32..60, replicas in 1u32..5, key in "[a-z0-9:]{1,12}",
    ) {
        use distlab_core::ring::{ring_point, Cluster, HashMode, HashRing, RingConfig};
        let mut cluster = Cluster::uniform(nodes, &format!("s{seed}"));
        cluster.set_state((seed % u64::from(nodes)) as u32, distlab_core::ring::NodeState::Down).unwrap();
        let ring = HashRing::new(&cluster, RingConfig::xxh3(vnodes));
        let point = ring_point(&key, HashMode::Xxh3);
        let walk = ring.walk_points_from(point, replicas);
        let nodes_walked: Vec<u32> = walk.iter().map(|(n, _)| *n).collect();
        prop_assert_eq!(nodes_walked, ring.walk_from(point, replicas));
        // Clockwise distance from the key grows along the walk.
        let distances: Vec<u32> = walk.iter().map(|(_, p)| p.wrapping_sub(point)).collect();
        prop_assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{:?}", distances);
        for (node, p) in &walk {
            prop_assert!(ring.point_nodes().iter().zip(ring.points()).any(|(n, x)| n == node && x == p), "point {} is not node {}'s", p, node);
        }
    }
}
