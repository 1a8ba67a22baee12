//! The explorer finds the planted bug, shrinks it, its counterexample replays, and the correct variant
//! survives ten thousand faulty runs.
use distlab_core::sandbox::{scenario, Variant};
use distlab_core::sim::*;

fn budget() -> FaultBudget {
    FaultBudget {
        crashes_max: 2,
        pauses_max: 2,
        partitions_max: 2,
        message_faults_max: 2,
        clock_jumps_max: 0,
        horizon_ms: 2000,
    }
}

fn build(variant: Variant) -> impl Fn(u64) -> Sim<distlab_core::sandbox::PingPong> {
    move |seed| scenario(4, variant, NetworkConfig::default(), seed)
}

#[test]
fn the_explorer_finds_the_duplicate_pong_bug_and_it_replays() {
    let ExploreResult::Found(found) =
        explore(build(Variant::CountsDuplicatePongs), 1, budget(), 200)
    else {
        panic!("the planted bug was not found in 200 seeds");
    };
    assert_eq!(found.violation.invariant, "pongs-never-exceed-pings");
    // Only duplication can break it, and shrinking leaves just that: one burst of duplication, not undone.
    assert_eq!(found.actions.len(), 1, "{:?}", found.actions);
    assert!(
        matches!(&found.actions[0].action, Action::SetNetwork { network } if network.duplicate_probability > 0.0),
        "{:?}",
        found.actions
    );
    assert!(
        found.actions_found as usize > found.actions.len(),
        "it had more before shrinking"
    );
    let mut replay = build(Variant::CountsDuplicatePongs)(found.seed);
    for action in &found.actions {
        replay.schedule(action.clone());
    }
    replay.run_until(budget().horizon_ms);
    assert_eq!(replay.violation(), Some(&found.violation));
    assert_eq!(replay.trace().len(), found.trace_len);
    assert!(matches!(
        replay.trace().events.last().map(|e| &e.kind),
        Some(EventKind::Violation { .. })
    ));
}

#[test]
fn the_correct_variant_survives_ten_thousand_faulty_runs() {
    let result = explore(build(Variant::Correct), 1, budget(), 10_000);
    assert_eq!(result, ExploreResult::NoneFound { runs: 10_000 });
}

#[test]
fn shrinking_keeps_the_violation_and_drops_what_it_does_not_need() {
    let broken = build(Variant::CountsDuplicatePongs);
    let duplicating = NetworkConfig {
        duplicate_probability: 0.5,
        ..NetworkConfig::default()
    };
    let noise = vec![
        ScheduledAction {
            at_ms: 100,
            action: Action::Crash { node: NodeId(3) },
        },
        ScheduledAction {
            at_ms: 200,
            action: Action::SetNetwork {
                network: duplicating,
            },
        },
        ScheduledAction {
            at_ms: 300,
            action: Action::Pause {
                node: NodeId(2),
                duration_ms: 50,
            },
        },
        ScheduledAction {
            at_ms: 900,
            action: Action::Heal,
        },
    ];
    let found = shrink(&broken, 4, noise.clone(), 2_000).expect("the run fails");
    assert_eq!(found.actions_found, 4);
    assert_eq!(found.actions.len(), 1, "{:?}", found.actions);
    assert!(matches!(found.actions[0].action, Action::SetNetwork { .. }));
    // Moved later, but not past where it still breaks the run.
    assert!(found.actions[0].at_ms >= 200, "{:?}", found.actions);
    let mut replay = broken(4);
    replay.schedule(found.actions[0].clone());
    replay.run_until(2_000);
    assert_eq!(replay.violation(), Some(&found.violation));
    // A run that does not fail has nothing to shrink.
    assert_eq!(shrink(build(Variant::Correct), 4, noise, 2_000), None);
}

#[test]
fn the_explorer_works_in_slices_and_stops_at_the_first_violation() {
    let mut explorer = Explorer::new(build(Variant::CountsDuplicatePongs), 1, budget());
    let mut found = None;
    for _ in 0..100 {
        match explorer.run_batch(3) {
            ExploreProgress::Searching { runs_done }
            | ExploreProgress::Shrinking { runs_done, .. } => {
                assert_eq!(runs_done, explorer.runs_done())
            }
            ExploreProgress::Found(counterexample) => {
                found = Some(counterexample);
                break;
            }
        }
    }
    let found = found.expect("found within 300 runs");
    let runs = explorer.runs_done();
    assert_eq!(
        explorer.run_batch(10),
        ExploreProgress::Found(found.clone()),
        "no more runs after a find"
    );
    assert_eq!(explorer.runs_done(), runs);
    assert_eq!(explorer.outcome(), Some(&found));
    let ExploreResult::Found(same) =
        explore(build(Variant::CountsDuplicatePongs), 1, budget(), 300)
    else {
        panic!("explore disagrees with Explorer");
    };
    assert_eq!(same, found, "slicing does not change the result");
}

#[test]
fn random_faults_respect_the_budget_and_are_reproducible() {
    let budget = budget();
    for seed in 0..50 {
        let actions = random_faults(seed, 4, &NetworkConfig::default(), &budget);
        assert_eq!(
            actions,
            random_faults(seed, 4, &NetworkConfig::default(), &budget)
        );
        let count = |f: fn(&Action) -> bool| actions.iter().filter(|a| f(&a.action)).count() as u32;
        assert!(
            count(|a| matches!(a, Action::Crash { .. } | Action::Restart { .. }))
                <= budget.crashes_max
        );
        assert!(count(|a| matches!(a, Action::Pause { .. })) <= budget.pauses_max);
        assert!(count(|a| matches!(a, Action::Partition { .. })) <= budget.partitions_max);
        assert!(count(|a| matches!(a, Action::SetNetwork { .. })) <= 2 * budget.message_faults_max);
        assert!(actions.iter().all(|a| a.at_ms < 2 * budget.horizon_ms));
    }
    assert!(random_faults(1, 0, &NetworkConfig::default(), &budget).is_empty());
    // Clock jumps come only when the budget allows them, and then within it.
    let with_jumps = FaultBudget {
        clock_jumps_max: 3,
        ..budget.clone()
    };
    let mut jumps_seen = 0;
    for seed in 0..50 {
        let actions = random_faults(seed, 4, &NetworkConfig::default(), &with_jumps);
        let jumps = actions
            .iter()
            .filter(|a| matches!(a.action, Action::ClockJump { .. }))
            .count();
        assert!(jumps <= 3);
        jumps_seen += jumps;
        let without: Vec<_> = actions
            .iter()
            .filter(|a| !matches!(a.action, Action::ClockJump { .. }))
            .cloned()
            .collect();
        assert_eq!(
            without,
            random_faults(seed, 4, &NetworkConfig::default(), &budget),
            "the rest is unchanged"
        );
    }
    assert!(jumps_seen > 0);
}
