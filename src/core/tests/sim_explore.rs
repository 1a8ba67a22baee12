//! The explorer finds the planted bug, its counterexample replays, and the correct variant passes.
use distlab_core::sandbox::{scenario, Variant};
use distlab_core::sim::*;

fn budget() -> FaultBudget {
    FaultBudget {
        crashes_max: 2,
        pauses_max: 2,
        partitions_max: 2,
        message_faults_max: 2,
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
    assert!(
        found.actions.iter().any(|a| matches!(&a.action, FaultAction::SetNetwork { network } if network.duplicate_probability > 0.0)),
        "only duplication can break it: {:?}",
        found.actions
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
fn the_correct_variant_survives_two_hundred_seeds() {
    let result = explore(build(Variant::Correct), 1, budget(), 200);
    assert_eq!(result, ExploreResult::NoneFound { runs: 200 });
}

#[test]
fn the_explorer_works_in_slices_and_stops_at_the_first_violation() {
    let mut explorer = Explorer::new(build(Variant::CountsDuplicatePongs), 1, budget());
    let mut found = None;
    for _ in 0..100 {
        match explorer.run_batch(3) {
            ExploreProgress::Searching { runs_done } => assert_eq!(runs_done, explorer.runs_done()),
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
        let count =
            |f: fn(&FaultAction) -> bool| actions.iter().filter(|a| f(&a.action)).count() as u32;
        assert!(
            count(|a| matches!(a, FaultAction::Crash { .. } | FaultAction::Restart { .. }))
                <= budget.crashes_max
        );
        assert!(count(|a| matches!(a, FaultAction::Pause { .. })) <= budget.pauses_max);
        assert!(count(|a| matches!(a, FaultAction::Partition { .. })) <= budget.partitions_max);
        assert!(
            count(|a| matches!(a, FaultAction::SetNetwork { .. })) <= 2 * budget.message_faults_max
        );
        assert!(actions.iter().all(|a| a.at_ms < 2 * budget.horizon_ms));
    }
    assert!(random_faults(1, 0, &NetworkConfig::default(), &budget).is_empty());
}
