//! Statistics over many seeds: modulo's churn, the ring's balance against theory, bounded loads' spread.
//! The seeds are fixed, so each test is deterministic; the tolerances are set from the theory, with margin,
//! so that a correct implementation passes for any seeds.
use distlab_core::ring::{
    expected_arc_share_relative_std_dev, expected_key_count_relative_std_dev,
    expected_keys_moved_on_join, expected_modulo_keys_moved, key_set, minimum_keys_moved,
    typical_max_over_mean, Algorithm, BalanceStats, BoundedLoads, Cluster, HashMode, HashRing,
    KeyHashes, NodeSpec, NodeState, RingConfig,
};

const SEEDS: u64 = 40;

/// Modulo moves about `(N−1)/N` of the keys on a join and on a failure. One run has binomial noise of
/// `√(p(1−p)/K) ≤ 0.011` for K = 2000; we allow 0.05 per run and 0.01 on the mean over all runs.
#[test]
fn modulo_moves_about_n_minus_1_over_n_of_the_keys() {
    let keys_total = 2000;
    let mut errors = Vec::new();
    for seed in 0..SEEDS {
        let nodes = 3 + (seed % 18) as u32;
        let before = Cluster::uniform(nodes, &format!("m{seed}"));
        let keys = KeyHashes::new(&key_set(keys_total, seed), HashMode::Xxh3);
        let joined = before.with_node(NodeSpec::up("joiner")).unwrap();
        let failed = before
            .with_state((seed % u64::from(nodes)) as u32, NodeState::Down)
            .unwrap();
        for (after, live_after) in [(joined, nodes + 1), (failed, nodes - 1)] {
            let moved = Algorithm::Modulo.diff(&before, &after, &keys).keys_moved();
            let expected = expected_modulo_keys_moved(keys_total, nodes, live_after);
            let error = (f64::from(moved) - expected) / f64::from(keys_total);
            assert!(error.abs() < 0.05, "seed {seed}, {nodes} → {live_after} nodes: moved {moved}, expected ≈ {expected:.0}");
            errors.push(error);
        }
    }
    let mean_error = errors.iter().sum::<f64>() / errors.len() as f64;
    assert!(mean_error.abs() < 0.01, "mean error {mean_error}");
}

/// A ring join moves about `K/(N+1)` keys; the relative spread of that count is about
/// `√(1/(vnodes·(N+1)) + 1/K·(N+1))`-ish, far below the 30 % we allow.
#[test]
fn a_ring_join_moves_about_k_over_n_plus_one() {
    let keys_total = 20_000;
    for seed in 0..SEEDS / 4 {
        let nodes = 4 + (seed % 8) as u32;
        let before = Cluster::uniform(nodes, &format!("j{seed}"));
        let after = before.with_node(NodeSpec::up("joiner")).unwrap();
        let keys = KeyHashes::new(&key_set(keys_total, seed), HashMode::Xxh3);
        let algorithm = Algorithm::Ring(RingConfig::xxh3(100));
        let before_owners = algorithm.owners(&before, &keys);
        let moved = algorithm.diff(&before, &after, &keys).keys_moved();
        let expected = expected_keys_moved_on_join(keys_total, nodes);
        assert!((minimum_keys_moved(&before, &before_owners, &after) - expected).abs() < 1e-6);
        let ratio = f64::from(moved) / expected;
        assert!(
            (0.7..1.3).contains(&ratio),
            "seed {seed}: moved {moved}, expected ≈ {expected:.0}"
        );
    }
}

/// With 100 vnodes per node, a node's arc share has relative standard deviation `1/√100 = 0.1`, and key
/// counts add binomial noise: `σ = √(1/V + N/K)`.
///
/// Per seed: the sample standard deviation of N = 10 shares exceeds twice σ with probability
/// P(χ²₉ > 36) ≈ 4·10⁻⁵; the largest node exceeds `1 + 4.5σ` with probability about 10 × 10⁻⁵ (the Gamma
/// tail is a little heavier than the normal one). Over all seeds: the mean of the sample standard
/// deviations estimates `c·σ` with c ≈ √(9/10)·0.97 ≈ 0.92 (population formula, and the shares sum to 1), to
/// within about ±0.04σ; we allow [0.75σ, 1.1σ].
#[test]
fn ring_balance_with_100_vnodes_matches_theory() {
    let vnodes = 100;
    let nodes = 10;
    let keys_total = 50_000;
    let sigma_arc = expected_arc_share_relative_std_dev(vnodes);
    let sigma_keys = expected_key_count_relative_std_dev(vnodes, nodes, keys_total);
    assert!((sigma_arc - 0.1).abs() < 1e-12);
    assert!((typical_max_over_mean(vnodes) - 1.1).abs() < 1e-12);
    let mut arc_spreads = Vec::new();
    let mut key_spreads = Vec::new();
    for seed in 0..SEEDS {
        let cluster = Cluster::uniform(nodes, &format!("b{seed}"));
        let ring = HashRing::new(&cluster, RingConfig::xxh3(vnodes));
        let shares = ring.arc_shares();
        let mean = 1.0 / f64::from(nodes);
        let spread = (shares.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / f64::from(nodes))
            .sqrt()
            / mean;
        assert!(
            spread < 2.0 * sigma_arc,
            "seed {seed}: arc share spread {spread}"
        );
        arc_spreads.push(spread);

        let keys = KeyHashes::new(&key_set(keys_total, seed), HashMode::Xxh3);
        let stats = BalanceStats::from_owners(
            &cluster,
            &Algorithm::Ring(RingConfig::xxh3(vnodes)).owners(&cluster, &keys),
        );
        assert_eq!(stats.unassigned_keys, 0);
        assert!(
            stats.relative_std_dev() < 2.0 * sigma_keys,
            "seed {seed}: key spread {}",
            stats.relative_std_dev()
        );
        assert!(
            stats.max_over_mean < 1.0 + 4.5 * sigma_keys,
            "seed {seed}: max/mean {}",
            stats.max_over_mean
        );
        key_spreads.push(stats.relative_std_dev());
    }
    let mean_arc = arc_spreads.iter().sum::<f64>() / arc_spreads.len() as f64;
    let mean_keys = key_spreads.iter().sum::<f64>() / key_spreads.len() as f64;
    assert!(
        (0.75 * sigma_arc..1.1 * sigma_arc).contains(&mean_arc),
        "mean arc spread {mean_arc} vs σ {sigma_arc}"
    );
    assert!(
        (0.75 * sigma_keys..1.1 * sigma_keys).contains(&mean_keys),
        "mean key spread {mean_keys} vs σ {sigma_keys}"
    );
}

/// Weights work: on a ring with weights 1, 2 and 4 the shares approach 1/7, 2/7 and 4/7.
#[test]
fn ring_weights_scale_the_share() {
    let cluster = Cluster::new(vec![
        NodeSpec::weighted("a", 1),
        NodeSpec::weighted("b", 2),
        NodeSpec::weighted("c", 4),
    ])
    .unwrap();
    for config in [
        RingConfig::xxh3(300),
        RingConfig {
            hash_mode: HashMode::Ketama,
            vnodes: 600,
        },
    ] {
        let shares = HashRing::new(&cluster, config).arc_shares();
        for (share, weight) in shares.iter().zip([1.0, 2.0, 4.0]) {
            let fair = weight / 7.0;
            assert!(
                (share / fair - 1.0).abs() < 0.2,
                "{config:?}: share {share} vs fair {fair}"
            );
        }
    }
}

/// Bounded loads caps the largest node at `⌈(1+ε)K/N⌉` even with a badly balanced ring (few vnodes).
#[test]
fn bounded_loads_flatten_a_lumpy_ring() {
    let cluster = Cluster::uniform(10, "lumpy");
    let keys = key_set(20_000, 3);
    let ring_stats = BalanceStats::from_owners(
        &cluster,
        &Algorithm::Ring(RingConfig::xxh3(2))
            .owners(&cluster, &KeyHashes::new(&keys, HashMode::Xxh3)),
    );
    let bounded = BoundedLoads::new(&cluster, RingConfig::xxh3(2), 0.1);
    let bounded_stats = BalanceStats::from_owners(&cluster, &bounded.assign_all(&keys));
    assert!(
        ring_stats.max_over_mean > 1.3,
        "the plain ring should be lumpy: {}",
        ring_stats.max_over_mean
    );
    assert!(
        bounded_stats.max_keys <= 2200,
        "max {}",
        bounded_stats.max_keys
    );
    assert_eq!(bounded_stats.unassigned_keys, 0);
}
