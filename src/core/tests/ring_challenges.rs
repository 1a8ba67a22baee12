//! The ring's challenges, judged on scenes built the way the panel builds them (each change remembers the
//! cluster before it): each starts open; a search over changes within the budget (additions, then one
//! failure; the free settings on a grid) finds a won ring; one change too many, or a kept setting changed,
//! is refused though the goal is met.
use distlab_core::ring::challenge::{RingChallenge, RingGoal, RingSetting, CHALLENGES};
use distlab_core::ring::{AlgorithmKind, NodeSpec, NodeState, Scene, SceneSettings};
use distlab_core::scenario::ChallengeStatus;

/// `settings` after `nodes` are added one by one and then node `fail` fails, as the panel records it.
fn after_changes(settings: &SceneSettings, added: u32, fail: u32) -> SceneSettings {
    let mut s = settings.clone();
    for i in 0..added {
        let grown = s
            .cluster
            .with_node(NodeSpec::up(format!("extra-{i}")))
            .unwrap();
        s.before = Some(std::mem::replace(&mut s.cluster, grown));
    }
    let failed = s.cluster.with_state(fail, NodeState::Down).unwrap();
    s.before = Some(std::mem::replace(&mut s.cluster, failed));
    s
}

/// Every picture the search tries: the free settings on a grid, additions up to `additions`, one failure.
fn candidates(challenge: &RingChallenge, additions: u32) -> Vec<SceneSettings> {
    let start = challenge.start_settings();
    let algorithms: &[AlgorithmKind] = if challenge.free.contains(&RingSetting::Algorithm) {
        &AlgorithmKind::ALL
    } else {
        &[start.algorithm]
    };
    let epsilons: &[f64] = if challenge.free.contains(&RingSetting::Epsilon) {
        &[0.05, 0.1, 0.25, 0.5]
    } else {
        &[start.epsilon]
    };
    let mut out = Vec::new();
    for &algorithm in algorithms {
        for &epsilon in epsilons {
            let tuned = SceneSettings {
                algorithm,
                epsilon,
                ..start.clone()
            };
            for added in 0..=additions {
                for fail in 0..start.cluster.len() + added {
                    out.push(after_changes(&tuned, added, fail));
                }
            }
        }
    }
    out
}

fn won(challenge: &RingChallenge) -> Option<SceneSettings> {
    let start = challenge.start_settings();
    candidates(challenge, challenge.budget.additions)
        .into_iter()
        .find(|s| {
            challenge
                .judge(&start, &Scene::compute(s.clone(), None))
                .status
                == ChallengeStatus::Won
        })
}

#[test]
fn every_ring_challenge_starts_open_and_is_won_within_its_budget() {
    assert!(CHALLENGES.len() >= 2);
    for challenge in &CHALLENGES {
        let start = challenge.start_settings();
        let judged = challenge.judge(&start, &Scene::compute(start.clone(), None));
        assert_eq!(judged.status, ChallengeStatus::Open, "{}", challenge.id);
        assert!(!judged.goal_met);

        let winning = won(challenge).unwrap_or_else(|| panic!("nothing wins {}", challenge.id));
        let scene = Scene::compute(winning.clone(), None);
        let judged = challenge.judge(&start, &scene);
        assert!(judged.goal_met && judged.used.within(&challenge.budget));
        // The goal read again from the scene's own figures.
        let moved = scene.primary.diff.as_ref().unwrap();
        let moved_pct = 100.0 * moved.moves.len() as f64 / f64::from(moved.keys_total);
        match challenge.goal {
            RingGoal::FailureMovesFew {
                moved_pct_below,
                modulo_pct_above,
            } => {
                let modulo = scene.modulo_diff.as_ref().unwrap();
                assert!(moved_pct < moved_pct_below);
                assert!(
                    100.0 * modulo.moves.len() as f64 / f64::from(modulo.keys_total)
                        > modulo_pct_above
                );
            }
            RingGoal::EvenAfterFailure {
                max_over_mean,
                moved_pct_below,
            } => {
                let live = scene.cluster().live_count();
                let mean = f64::from(scene.keys.count()) / f64::from(live);
                let max = *scene.primary.stats.key_counts.iter().max().unwrap();
                assert!(f64::from(max) <= max_over_mean * mean + 1e-6);
                assert!(moved_pct < moved_pct_below);
            }
        }

        // One change too many: a second failure (of a node not failed yet), or one addition more.
        let mut over = winning.clone();
        let up = over
            .cluster
            .nodes()
            .iter()
            .position(|n| n.state == NodeState::Up)
            .unwrap() as u32;
        let mut twice = over.cluster.clone();
        twice.set_state(up, NodeState::Down).unwrap();
        over.before = Some(std::mem::replace(&mut over.cluster, twice));
        assert_eq!(
            challenge.judge(&start, &Scene::compute(over, None)).status,
            ChallengeStatus::OverBudget,
            "{}",
            challenge.id
        );

        // A kept setting changed (more virtual nodes) does not count.
        let other = SceneSettings {
            vnodes: winning.vnodes * 2,
            ..winning.clone()
        };
        let other_scene = Scene::compute(other, None);
        assert_eq!(
            challenge.judge(&start, &other_scene).status,
            ChallengeStatus::SettingsChanged
        );
    }
}

#[test]
fn small_failure_needs_a_node_whose_share_is_small() {
    // On the five starting nodes no single failure wins: each owns about a fifth of the keys.
    let challenge = &CHALLENGES[0];
    let start = challenge.start_settings();
    for settings in candidates(challenge, 0) {
        let judged = challenge.judge(&start, &Scene::compute(settings, None));
        assert_eq!(judged.status, ChallengeStatus::Open);
    }
    // Over budget: three additions.
    let three = after_changes(&start, 3, 0);
    assert_eq!(
        challenge.judge(&start, &Scene::compute(three, None)).status,
        ChallengeStatus::OverBudget
    );
}

#[test]
fn even_after_failure_is_not_won_by_the_small_ring_or_by_modulo() {
    // The starting ring (10 virtual nodes) piles the failed node's keys on its neighbours; modulo hashing
    // is even but moves most keys. Neither wins, whichever node fails.
    let challenge = &CHALLENGES[1];
    let start = challenge.start_settings();
    for algorithm in [AlgorithmKind::Ring, AlgorithmKind::Modulo] {
        for fail in 0..start.cluster.len() {
            let settings = after_changes(
                &SceneSettings {
                    algorithm,
                    ..start.clone()
                },
                0,
                fail,
            );
            let judged = challenge.judge(&start, &Scene::compute(settings, None));
            assert_eq!(judged.status, ChallengeStatus::Open, "{algorithm:?} {fail}");
        }
    }
}
