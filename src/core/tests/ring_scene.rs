//! The ring scene: what the panel draws, checked against the placements it is made of. A scene computed
//! from the previous one (reusing key hashes, rings and owners) must equal a fresh one; arcs must cover the
//! circle once and agree with a brute-force owner; lookups must list R distinct live nodes; the dots, moves
//! and figures must be the ones the algorithms give.
use distlab_core::ring::{
    bin_midpoint, minimum_keys_moved, ownership_arcs, AlgorithmKind, Cluster, HashMode, HashRing,
    KeyHash, NodeSpec, NodeState, Placement, RingConfig, Scene, SceneSettings, DENSITY_BINS,
    KEY_DOTS_MAX,
};
use proptest::prelude::*;

fn cluster_of(weights: &[u32], down: &[bool]) -> Cluster {
    let mut cluster = Cluster::new(
        weights
            .iter()
            .enumerate()
            .map(|(i, &w)| NodeSpec::weighted(format!("n{i}"), w))
            .collect(),
    )
    .unwrap();
    for (i, &is_down) in down.iter().take(weights.len()).enumerate() {
        if is_down {
            cluster.set_state(i as u32, NodeState::Down).unwrap();
        }
    }
    cluster
}

fn kind() -> impl Strategy<Value = AlgorithmKind> {
    prop::sample::select(AlgorithmKind::ALL.to_vec())
}

/// One edit a user can make between two scenes.
#[derive(Clone, Debug)]
enum Change {
    Toggle(prop::sample::Index),
    Add(u32),
    Remove(prop::sample::Index),
    Weight(prop::sample::Index, u32),
    Lookup(String),
    Replicas(u32),
    Vnodes(u32),
    Algorithm(AlgorithmKind),
    Compare(Option<AlgorithmKind>),
    Keys(u32),
    HashMode,
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        4 => any::<prop::sample::Index>().prop_map(Change::Toggle),
        1 => (1u32..4).prop_map(Change::Add),
        1 => any::<prop::sample::Index>().prop_map(Change::Remove),
        1 => (any::<prop::sample::Index>(), 1u32..4).prop_map(|(i, w)| Change::Weight(i, w)),
        1 => "[a-z0-9:]{0,8}".prop_map(Change::Lookup),
        1 => (0u32..6).prop_map(Change::Replicas),
        1 => (1u32..60).prop_map(Change::Vnodes),
        1 => kind().prop_map(Change::Algorithm),
        1 => prop::option::of(kind()).prop_map(Change::Compare),
        1 => (10u32..3000).prop_map(Change::Keys),
        1 => Just(Change::HashMode),
    ]
}

/// `settings` after `change`; a change to the nodes makes the current cluster the one "before", as the
/// panel does.
fn apply(settings: &SceneSettings, change: &Change) -> SceneSettings {
    let mut next = settings.clone();
    let mut nodes = settings.cluster.nodes().to_vec();
    let count = nodes.len();
    match change {
        Change::Toggle(i) => {
            let node = &mut nodes[i.index(count)];
            node.state = match node.state {
                NodeState::Up => NodeState::Down,
                NodeState::Down => NodeState::Up,
            };
        }
        Change::Add(weight) => {
            let name = (0..)
                .map(|k| format!("joiner-{k}"))
                .find(|name| nodes.iter().all(|n| &n.name != name))
                .unwrap();
            nodes.push(NodeSpec::weighted(name, *weight));
        }
        Change::Remove(i) if count > 1 => {
            nodes.remove(i.index(count));
        }
        Change::Remove(_) => {}
        Change::Weight(i, weight) => nodes[i.index(count)].weight = *weight,
        Change::Lookup(key) => next.lookup = key.clone(),
        Change::Replicas(r) => next.replicas = *r,
        Change::Vnodes(v) => next.vnodes = *v,
        Change::Algorithm(kind) => next.algorithm = *kind,
        Change::Compare(kind) => next.compare = *kind,
        Change::Keys(count) => next.key_count = *count,
        Change::HashMode => {
            next.hash_mode = match settings.hash_mode {
                HashMode::Xxh3 => HashMode::Ketama,
                HashMode::Ketama => HashMode::Xxh3,
            }
        }
    }
    if nodes != settings.cluster.nodes() {
        next.before = Some(settings.cluster.clone());
        next.cluster = Cluster::new(nodes).unwrap();
    }
    next
}

fn settings_strategy() -> impl Strategy<Value = SceneSettings> {
    (
        (
            prop::collection::vec(1u32..4, 1..8),
            prop::collection::vec(prop::bool::weighted(0.25), 8),
        ),
        (kind(), prop::option::of(kind()), any::<bool>()),
        (1u32..60, 0.0f64..1.0, 0u32..6),
        prop_oneof![10u32..2000, KEY_DOTS_MAX - 5..KEY_DOTS_MAX * 2 + 10],
        (any::<u64>(), "[a-z0-9:]{0,8}"),
    )
        .prop_map(
            |(
                (weights, down),
                (algorithm, compare, ketama),
                (vnodes, epsilon, replicas),
                key_count,
                (key_seed, lookup),
            )| {
                SceneSettings {
                    algorithm,
                    compare,
                    hash_mode: if ketama {
                        HashMode::Ketama
                    } else {
                        HashMode::Xxh3
                    },
                    vnodes,
                    epsilon,
                    cluster: cluster_of(&weights, &down),
                    before: None,
                    key_count,
                    key_seed,
                    replicas,
                    lookup,
                }
            },
        )
}

/// Checks one scene against the algorithms it was made of, computed here without any reuse.
fn check_against_the_algorithms(scene: &Scene) -> Result<(), TestCaseError> {
    let settings = &scene.settings;
    let keys = scene.keys.hashes();
    prop_assert_eq!(keys.len(), settings.key_count);
    prop_assert_eq!(keys.mode(), settings.hash_mode);
    let views = [Some(&scene.primary), scene.compared.as_ref()];
    let kinds = [Some(settings.algorithm), settings.compare];
    for (view, kind) in views.into_iter().flatten().zip(kinds.into_iter().flatten()) {
        let algorithm = settings.algorithm_for(kind);
        prop_assert_eq!(view.algorithm, algorithm);
        prop_assert_eq!(&view.owners, &algorithm.owners(&settings.cluster, keys));
        match &settings.before {
            Some(before) => {
                let diff = algorithm.diff(before, &settings.cluster, keys);
                prop_assert_eq!(view.diff.as_ref(), Some(&diff));
            }
            None => prop_assert!(view.diff.is_none()),
        }
        prop_assert_eq!(view.ring().is_some(), kind.is_ring());
        prop_assert_eq!(view.arcs.is_empty(), !kind.is_ring());
        // Dots: an even sample in key order, with the owners and moves of their keys.
        let step = settings.key_count.div_ceil(KEY_DOTS_MAX);
        prop_assert!(view.dots.len() as u32 <= KEY_DOTS_MAX);
        prop_assert_eq!(view.dots.len() as u32, settings.key_count.div_ceil(step));
        let moves = view
            .diff
            .as_ref()
            .map(|d| d.moves.clone())
            .unwrap_or_default();
        for (i, dot) in view.dots.iter().enumerate() {
            prop_assert_eq!(dot.key, i as u32 * step);
            let hash = keys.hashes()[dot.key as usize];
            prop_assert_eq!((dot.point, dot.depth), (hash.point, hash.hash_u64 as u8));
            prop_assert_eq!(dot.owner, view.owners[dot.key as usize]);
            prop_assert_eq!(dot.moved, moves.iter().any(|m| m.key == dot.key));
        }
        let drawn: Vec<_> = moves
            .iter()
            .filter(|m| m.key % step == 0)
            .copied()
            .collect();
        prop_assert_eq!(&view.drawn_moves, &drawn);
        // The lookup: R distinct live nodes, led by the placement's owner (bounded loads answer with the
        // plain ring: one key's bounded owner depends on all the others).
        match &view.lookup {
            None => prop_assert!(settings.lookup.is_empty()),
            Some(lookup) => {
                let hash = KeyHash::of(&settings.lookup, settings.hash_mode);
                prop_assert_eq!(&lookup.key, &settings.lookup);
                prop_assert_eq!(lookup.point, hash.point);
                let owner = match kind {
                    AlgorithmKind::BoundedLoads => {
                        HashRing::new(&settings.cluster, settings.ring_config()).owner_of(hash)
                    }
                    _ => algorithm.placement(&settings.cluster).owner_of(hash),
                };
                check_preference_list(
                    &settings.cluster,
                    view.ring(),
                    &lookup.preference,
                    settings.replicas,
                    owner,
                )?;
                let walked: Vec<u32> = lookup.walk.iter().map(|&(node, _)| node).collect();
                if kind.is_ring() {
                    prop_assert_eq!(&walked, &lookup.preference);
                } else {
                    prop_assert!(walked.is_empty());
                }
            }
        }
    }
    let modulo = settings.algorithm_for(AlgorithmKind::Modulo);
    prop_assert_eq!(
        &scene.modulo_owners,
        &modulo.owners(&settings.cluster, keys)
    );
    let modulo_diff = settings
        .before
        .as_ref()
        .map(|b| modulo.diff(b, &settings.cluster, keys));
    prop_assert_eq!(&scene.modulo_diff, &modulo_diff);
    let minimum = settings.before.as_ref().map(|before| {
        let owners = settings
            .algorithm_for(settings.algorithm)
            .owners(before, keys);
        minimum_keys_moved(before, &owners, &settings.cluster)
    });
    prop_assert_eq!(scene.minimum_moved, minimum);
    if settings.key_count > KEY_DOTS_MAX {
        prop_assert_eq!(scene.density.len() as u32, DENSITY_BINS);
        prop_assert_eq!(scene.density.iter().sum::<u32>(), settings.key_count);
    } else {
        prop_assert!(scene.density.is_empty());
    }
    Ok(())
}

/// `list` holds `min(replicas, reachable live nodes)` distinct live nodes and starts with `owner`.
fn check_preference_list(
    cluster: &Cluster,
    ring: Option<&HashRing>,
    list: &[u32],
    replicas: u32,
    owner: Option<u32>,
) -> Result<(), TestCaseError> {
    // On a ring only live nodes with a point are reached (in ketama mode a light node can have none).
    let reachable = cluster
        .live_indices()
        .into_iter()
        .filter(|n| ring.is_none_or(|ring| ring.point_nodes().contains(n)))
        .count() as u32;
    prop_assert_eq!(list.len() as u32, replicas.min(reachable), "{:?}", list);
    for (i, node) in list.iter().enumerate() {
        prop_assert!(cluster.is_live(*node), "down node {} in {:?}", node, list);
        prop_assert!(!list[..i].contains(node), "{} twice in {:?}", node, list);
    }
    if replicas > 0 {
        prop_assert_eq!(list.first().copied(), owner);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Whatever the previous scene and whatever the edit, reusing it changes nothing in the result, and the
    /// result is what the algorithms say.
    #[test]
    fn a_scene_computed_from_the_previous_one_equals_a_fresh_one(
        first in settings_strategy(), changes in prop::collection::vec(change(), 1..4),
    ) {
        let mut settings = first;
        let mut scene = Scene::compute(settings.clone(), None);
        check_against_the_algorithms(&scene)?;
        for change in &changes {
            let next = apply(&settings, change);
            let reused = Scene::compute(next.clone(), Some(&scene));
            let fresh = Scene::compute(next.clone(), None);
            prop_assert_eq!(&reused, &fresh, "after {:?}", change);
            check_against_the_algorithms(&reused)?;
            // The key hashes are shared, not recomputed, while the key set is the same.
            let same_keys = (next.key_count, next.key_seed, next.hash_mode)
                == (settings.key_count, settings.key_seed, settings.hash_mode);
            prop_assert_eq!(std::rc::Rc::ptr_eq(&reused.keys, &scene.keys), same_keys);
            settings = next;
            scene = reused;
        }
    }

    /// The arcs cover the circle once, in order, and each bin's owner is what a linear scan of the live
    /// points finds for its midpoint; each node's bins add up to its arc share within one bin per run of
    /// the circle it owns.
    #[test]
    fn ownership_arcs_cover_the_circle_once_and_agree_with_the_owners(
        weights in prop::collection::vec(1u32..4, 1..8), down in prop::collection::vec(prop::bool::weighted(0.3), 8),
        vnodes in 1u32..40, ketama in any::<bool>(), bins in 1u32..1500,
    ) {
        let cluster = cluster_of(&weights, &down);
        let mode = if ketama { HashMode::Ketama } else { HashMode::Xxh3 };
        let ring = HashRing::new(&cluster, RingConfig { hash_mode: mode, vnodes });
        let arcs = ownership_arcs(&ring, bins);
        prop_assert_eq!(arcs.first().map(|a| a.start_bin), Some(0));
        prop_assert_eq!(arcs.last().map(|a| a.end_bin), Some(bins));
        for pair in arcs.windows(2) {
            prop_assert_eq!(pair[0].end_bin, pair[1].start_bin);
            prop_assert_ne!(pair[0].owner, pair[1].owner, "neighbouring arcs of one owner are merged");
        }
        // The brute force: among live points, the smallest (point, −node) at or after h; else the smallest.
        let live: Vec<(u32, u32)> = ring.points().iter().zip(ring.point_nodes())
            .filter(|(_, &n)| cluster.is_live(n)).map(|(&p, &n)| (p, n)).collect();
        let brute = |h: u32| {
            let order = |a: &&(u32, u32), b: &&(u32, u32)| a.0.cmp(&b.0).then(b.1.cmp(&a.1));
            live.iter().filter(|(p, _)| *p >= h).min_by(order)
                .or_else(|| live.iter().min_by(order)).map(|&(_, n)| n)
        };
        let mut bins_of = vec![0u32; cluster.len() as usize];
        for arc in &arcs {
            prop_assert!(arc.start_bin < arc.end_bin);
            for bin in arc.start_bin..arc.end_bin {
                prop_assert_eq!(arc.owner, brute(bin_midpoint(bin, bins)), "bin {}", bin);
            }
            if let Some(owner) = arc.owner {
                bins_of[owner as usize] += arc.end_bin - arc.start_bin;
            }
        }
        // A run of the circle with one owner holds its length in bins give or take one midpoint, so a
        // node's bins differ from its share by at most its number of runs.
        let shares = ring.arc_shares();
        let arc_owner = |i: usize| brute(ring.points()[i]);
        let count = ring.points().len();
        for node in 0..cluster.len() {
            let runs = (0..count)
                .filter(|&i| arc_owner(i) == Some(node) && arc_owner((i + count - 1) % count) != Some(node))
                .count()
                .max(1);
            let error = f64::from(bins_of[node as usize]) - shares[node as usize] * f64::from(bins);
            prop_assert!(error.abs() <= runs as f64 + 1e-9, "node {}: {} bins for share {}", node, bins_of[node as usize], shares[node as usize]);
        }
    }
}

#[test]
fn a_lookup_only_change_keeps_everything_else() {
    let mut settings = SceneSettings::new(AlgorithmKind::BoundedLoads, Cluster::uniform(6, "c"));
    settings.compare = Some(AlgorithmKind::Rendezvous);
    let first = Scene::compute(settings.clone(), None);
    settings.lookup = "user:42".into();
    settings.replicas = 4;
    let second = Scene::compute(settings.clone(), Some(&first));
    assert_eq!(second, Scene::compute(settings, None));
    assert!(std::rc::Rc::ptr_eq(&first.keys, &second.keys));
    assert_eq!(second.primary.owners, first.primary.owners);
    let lookup = second.primary.lookup.as_ref().expect("a lookup");
    assert_eq!(lookup.preference.len(), 4);
    assert_eq!(lookup.walk.len(), 4);
    let compared = second.compared.as_ref().and_then(|v| v.lookup.as_ref());
    assert_eq!(compared.map(|l| l.preference.len()), Some(4));
    assert_eq!(
        compared.map(|l| l.walk.len()),
        Some(0),
        "rendezvous has no ring to walk"
    );
}

#[test]
fn an_empty_lookup_or_no_live_node_gives_no_owner() {
    let cluster = Cluster::uniform(2, "c")
        .with_state(0, NodeState::Down)
        .unwrap()
        .with_state(1, NodeState::Down)
        .unwrap();
    for kind in AlgorithmKind::ALL {
        let mut settings = SceneSettings::new(kind, cluster.clone());
        let scene = Scene::compute(settings.clone(), None);
        assert!(scene.primary.lookup.is_none(), "{kind:?}");
        assert!(scene.primary.owners.iter().all(Option::is_none));
        settings.lookup = "k".into();
        let scene = Scene::compute(settings, Some(&scene));
        let lookup = scene.primary.lookup.as_ref().expect("a lookup");
        assert!(lookup.preference.is_empty(), "{kind:?}");
        assert!(scene.primary.arcs.iter().all(|arc| arc.owner.is_none()));
    }
}

#[test]
fn a_bin_midpoint_is_halfway_through_its_bin() {
    assert_eq!(bin_midpoint(0, 1), 1 << 31);
    assert_eq!(bin_midpoint(0, 2), 1 << 30);
    assert_eq!(bin_midpoint(1, 2), 3 << 30);
    for bins in [3u32, 720, 1_000] {
        for bin in [0, 1, bins / 2, bins - 1] {
            // Bin b spans [b·2^32/bins, (b+1)·2^32/bins); its midpoint is (b + ½)·2^32/bins, rounded down.
            let exact = (f64::from(bin) + 0.5) * 4_294_967_296.0 / f64::from(bins);
            assert!(
                (f64::from(bin_midpoint(bin, bins)) - exact).abs() < 1.0,
                "{bin}/{bins}"
            );
        }
    }
}
