//! The model checker on Lamport's TwoPhase.tla: state counts against TLC's and against an independent
//! enumeration of the spec's own variables, the planted bug's shortest counterexample, symmetry reduction,
//! liveness under a crash, determinism, and the counterexample replayed in the simulator.
use distlab_core::check::two_phase::{
    self, CommitRule, TcConsistent, EVERY_RM_DECIDES, TC_CONSISTENT,
};
use distlab_core::check::{
    replay_actions, CheckBudget, CheckOutcome, CheckProgress, CheckStep, Checker, SearchOrder,
};
use distlab_core::sim::{NetworkConfig, NodeId, Sim};
use std::collections::BTreeSet;

/// TLC's distinct states for TwoPhase.tla (TLA+ examples, `specifications/transaction_commit`) with
/// `RM` of 2, 3, 4 and 5 elements. 288 (3 RMs) and 8,832 (5 RMs) are the figures Stateright's 2pc example
/// asserts for the same spec; 1,568 (4 RMs, "5378 states generated, 1568 distinct states found ... depth
/// 14") is a published TLC run; all four equal [`spec_state_count`], the enumeration below.
const TLC_DISTINCT_STATES: [(u32, u64); 4] = [(2, 56), (3, 288), (4, 1_568), (5, 8_832)];

/// The spec's variables, enumerated straight from its actions (no platform code): `rmState`, `tmState`,
/// `tmPrepared` and `msgs` (bit 0: Commit, bit 1: Abort, bit 2 + rm: Prepared from rm).
fn spec_state_count(rm_count: usize) -> (u64, u32) {
    type SpecState = (Vec<u8>, u8, u32, u32);
    let (working, prepared, committed, aborted) = (0u8, 1u8, 2u8, 3u8);
    let (init, tm_committed, tm_aborted) = (0u8, 1u8, 2u8);
    let all = (1u32 << rm_count) - 1;
    let start: SpecState = (vec![working; rm_count], init, 0, 0);
    let mut seen = BTreeSet::from([start.clone()]);
    let mut level = vec![start];
    let mut depth = 0;
    while !level.is_empty() {
        let mut next_level = Vec::new();
        for (rm_state, tm_state, tm_prepared, msgs) in &level {
            let mut next: Vec<SpecState> = Vec::new();
            if *tm_state == init && *tm_prepared == all {
                next.push((rm_state.clone(), tm_committed, *tm_prepared, msgs | 1));
            }
            if *tm_state == init {
                next.push((rm_state.clone(), tm_aborted, *tm_prepared, msgs | 2));
            }
            for rm in 0..rm_count {
                let with = |value: u8| {
                    let mut s = rm_state.clone();
                    s[rm] = value;
                    s
                };
                if *tm_state == init && msgs & (4 << rm) != 0 {
                    next.push((rm_state.clone(), *tm_state, tm_prepared | 1 << rm, *msgs));
                }
                if rm_state[rm] == working {
                    next.push((with(prepared), *tm_state, *tm_prepared, msgs | 4 << rm));
                    next.push((with(aborted), *tm_state, *tm_prepared, *msgs));
                }
                if msgs & 1 != 0 {
                    next.push((with(committed), *tm_state, *tm_prepared, *msgs));
                }
                if msgs & 2 != 0 {
                    next.push((with(aborted), *tm_state, *tm_prepared, *msgs));
                }
            }
            for state in next {
                if seen.insert(state.clone()) {
                    next_level.push(state);
                }
            }
        }
        if !next_level.is_empty() {
            depth += 1;
        }
        level = next_level;
    }
    (seen.len() as u64, depth)
}

#[test]
fn distinct_states_equal_tlc_for_two_to_five_resource_managers() {
    for (rm_count, tlc) in TLC_DISTINCT_STATES {
        let (spec_count, spec_depth) = spec_state_count(rm_count as usize);
        assert_eq!(
            spec_count, tlc,
            "the enumeration of the spec, {rm_count} RMs"
        );
        let report = Checker::new(two_phase::model(rm_count, CommitRule::AllPrepared)).run_to_end();
        assert_eq!(report.distinct_states, tlc, "{rm_count} RMs");
        assert_eq!(report.max_depth, spec_depth, "{rm_count} RMs");
        assert_eq!(report.outcome, CheckOutcome::AllSatisfy, "{rm_count} RMs");
        assert_eq!(report.states_at_depth_bound, 0);
    }
    // TLC's "depth of the complete state graph search" counts the initial state: 14 for 4 RMs.
    assert_eq!(spec_state_count(4).1 + 1, 14);
}

#[test]
fn depth_first_search_finds_the_same_states() {
    let model = two_phase::model(4, CommitRule::AllPrepared).search(SearchOrder::DepthFirst);
    let report = Checker::new(model).run_to_end();
    assert_eq!(report.distinct_states, 1_568);
    assert_eq!(report.outcome, CheckOutcome::AllSatisfy);
}

#[test]
fn committing_on_one_vote_is_caught_by_a_shortest_counterexample_of_five_steps() {
    // RMPrepare(r1), TMRcvPrepared(r1), TMCommit, then r2 aborts on its own and r1 receives Commit (in
    // some order): no shorter path commits one RM and aborts another.
    for rm_count in [2, 3, 4] {
        let report = Checker::new(two_phase::model(rm_count, CommitRule::AnyPrepared)).run_to_end();
        let CheckOutcome::Violation { path, violation } = report.outcome else {
            panic!(
                "{rm_count} RMs: the bug was not caught: {:?}",
                report.outcome
            );
        };
        assert_eq!(violation.invariant, TC_CONSISTENT);
        assert_eq!(path.len(), 5, "{rm_count} RMs: {path:?}");
        assert!(path.contains(&CheckStep::FireTimer {
            node: NodeId(0),
            timer: two_phase::TwoPhaseTimer::Commit
        }));
    }
}

#[test]
fn the_counterexample_replays_in_the_simulator_to_the_same_violation() {
    let mut checker = Checker::new(two_phase::model(3, CommitRule::AnyPrepared));
    let CheckOutcome::Violation { path, violation } = checker.run_to_end().outcome else {
        panic!("not caught");
    };
    let actions = replay_actions(checker.model(), &path, 10);
    for seed in [0, 7, 12_345] {
        let mut sim = Sim::new(
            two_phase::nodes(3, CommitRule::AnyPrepared),
            NetworkConfig::default(),
            seed,
        )
        .with_invariant(TcConsistent);
        for action in &actions {
            sim.schedule(action.clone());
        }
        sim.run_until(10 * (path.len() as u64 + 1));
        assert_eq!(
            sim.violation(),
            Some(&violation),
            "seed {seed}: {actions:?}"
        );
        assert_eq!(
            sim.now(),
            10 * path.len() as u64,
            "it fails at the last step"
        );
    }
    // The correct protocol under the same actions does not fail.
    let mut sim = Sim::new(
        two_phase::nodes(3, CommitRule::AllPrepared),
        NetworkConfig::default(),
        0,
    )
    .with_invariant(TcConsistent);
    for action in &actions {
        sim.schedule(action.clone());
    }
    sim.run_until(1_000);
    assert_eq!(sim.violation(), None);
}

#[test]
fn symmetry_reduction_counts_classes_of_states() {
    for rm_count in [2u32, 3, 4, 5] {
        let full = Checker::new(two_phase::model(rm_count, CommitRule::AllPrepared)).run_to_end();
        let reduced = Checker::new(
            two_phase::model(rm_count, CommitRule::AllPrepared).symmetric(NodeId(1), rm_count),
        )
        .run_to_end();
        assert_eq!(
            reduced.distinct_states,
            spec_class_count(rm_count as usize),
            "{rm_count} RMs"
        );
        assert!(reduced.distinct_states < full.distinct_states);
        assert_eq!(reduced.max_depth, full.max_depth);
        assert_eq!(reduced.outcome, CheckOutcome::AllSatisfy);
    }
    // The bug is still found, as short, and its path is a real run.
    let model = two_phase::model(4, CommitRule::AnyPrepared).symmetric(NodeId(1), 4);
    let report = Checker::new(model).run_to_end();
    let CheckOutcome::Violation { path, .. } = report.outcome else {
        panic!("not caught");
    };
    assert_eq!(path.len(), 5);
    let model = two_phase::model(4, CommitRule::AnyPrepared);
    let mut sim =
        Sim::new(model.nodes().to_vec(), NetworkConfig::default(), 0).with_invariant(TcConsistent);
    for action in replay_actions(&model, &path, 10) {
        sim.schedule(action);
    }
    sim.run_until(100);
    assert!(sim.violation().is_some());
}

/// The spec's states up to permutations of the RMs: each class counted once, by its sorted form (the
/// RMs' (state, prepared at the TM, Prepared sent) triples sorted; Commit, Abort and the TM's state apart).
fn spec_class_count(rm_count: usize) -> u64 {
    let mut classes = BTreeSet::new();
    // Reuse the enumeration by walking it again, keeping the states this time.
    type SpecState = (Vec<u8>, u8, u32, u32);
    let all = (1u32 << rm_count) - 1;
    let start: SpecState = (vec![0; rm_count], 0, 0, 0);
    let mut seen = BTreeSet::from([start.clone()]);
    let mut todo = vec![start];
    while let Some((rm_state, tm_state, tm_prepared, msgs)) = todo.pop() {
        let mut triples: Vec<(u8, bool, bool)> = (0..rm_count)
            .map(|rm| {
                (
                    rm_state[rm],
                    tm_prepared >> rm & 1 == 1,
                    msgs & 4 << rm != 0,
                )
            })
            .collect();
        triples.sort();
        classes.insert((triples, tm_state, msgs & 3));
        let mut next: Vec<SpecState> = Vec::new();
        if tm_state == 0 && tm_prepared == all {
            next.push((rm_state.clone(), 1, tm_prepared, msgs | 1));
        }
        if tm_state == 0 {
            next.push((rm_state.clone(), 2, tm_prepared, msgs | 2));
        }
        for rm in 0..rm_count {
            let with = |value: u8| {
                let mut s = rm_state.clone();
                s[rm] = value;
                s
            };
            if tm_state == 0 && msgs & (4 << rm) != 0 {
                next.push((rm_state.clone(), tm_state, tm_prepared | 1 << rm, msgs));
            }
            if rm_state[rm] == 0 {
                next.push((with(1), tm_state, tm_prepared, msgs | 4 << rm));
                next.push((with(3), tm_state, tm_prepared, msgs));
            }
            if msgs & 1 != 0 {
                next.push((with(2), tm_state, tm_prepared, msgs));
            }
            if msgs & 2 != 0 {
                next.push((with(3), tm_state, tm_prepared, msgs));
            }
        }
        for state in next {
            if seen.insert(state.clone()) {
                todo.push(state);
            }
        }
    }
    classes.len() as u64
}

#[test]
fn a_tm_that_crashes_for_good_leaves_prepared_resource_managers_in_doubt() {
    let budget = CheckBudget {
        crashes_max: 1,
        ..CheckBudget::NONE
    };
    let model = two_phase::model(3, CommitRule::AllPrepared)
        .budget(budget)
        .goal(EVERY_RM_DECIDES, two_phase::every_rm_decided);
    let report = Checker::new(model).run_to_end();
    let CheckOutcome::Stuck {
        goal,
        stuck_states,
        path,
    } = report.outcome
    else {
        panic!("expected blocked participants: {:?}", report.outcome);
    };
    assert_eq!(goal, EVERY_RM_DECIDES);
    assert!(stuck_states > 0);
    // An RM prepares and the TM crashes (in either order): that RM can never learn the outcome.
    assert_eq!(path.len(), 2, "{path:?}");
    assert!(path.contains(&CheckStep::Crash { node: NodeId(0) }));
    // With a recovery allowed too, the model's volatile RMs break atomicity instead: an RM that voted yes,
    // crashed and came back has forgotten its vote and aborts on its own while the TM commits on it. The
    // shortest way: three votes reach the TM (6 steps), it commits and one RM learns it (2), another
    // crashes, recovers and aborts (3). Real RMs log their vote before sending it.
    let budget = CheckBudget {
        crashes_max: 1,
        recoveries_max: 1,
        ..CheckBudget::NONE
    };
    let model = two_phase::model(3, CommitRule::AllPrepared)
        .budget(budget)
        .goal(EVERY_RM_DECIDES, two_phase::every_rm_decided);
    let report = Checker::new(model).run_to_end();
    let CheckOutcome::Violation { path, violation } = report.outcome else {
        panic!("a forgetful RM was not caught: {:?}", report.outcome);
    };
    assert_eq!(violation.invariant, TC_CONSISTENT);
    assert_eq!(path.len(), 11, "{path:?}");
    let recovered = path.iter().find_map(|step| match step {
        CheckStep::Recover { node } => Some(*node),
        _ => None,
    });
    assert!(recovered.is_some_and(|rm| rm != NodeId(0)), "{path:?}");
    assert!(path.contains(&CheckStep::Crash {
        node: recovered.unwrap()
    }));
    // Without crashes every state can still reach a decision.
    let model = two_phase::model(3, CommitRule::AllPrepared)
        .goal(EVERY_RM_DECIDES, two_phase::every_rm_decided);
    assert_eq!(
        Checker::new(model).run_to_end().outcome,
        CheckOutcome::AllSatisfy
    );
}

#[test]
fn the_same_model_gives_the_same_answer_in_the_same_order_in_any_slicing() {
    let run = |batch: u32| {
        let mut checker = Checker::new(two_phase::model(4, CommitRule::AnyPrepared));
        let mut progress = Vec::new();
        loop {
            match checker.run_batch(batch) {
                CheckProgress::Done(report) => return (report, progress),
                running => progress.push(running),
            }
        }
    };
    let (whole, _) = run(u32::MAX);
    let (sliced, steps) = run(7);
    assert_eq!(whole, sliced);
    assert!(steps.len() > 1, "it ran in slices");
    let (again, steps_again) = run(7);
    assert_eq!(again, sliced);
    assert_eq!(steps_again, steps, "the same progress after every slice");
    let states = |p: &CheckProgress<_>| match p {
        CheckProgress::Running {
            distinct_states, ..
        } => *distinct_states,
        CheckProgress::Done(r) => r.distinct_states,
    };
    assert!(steps.windows(2).all(|w| states(&w[0]) <= states(&w[1])));
}

#[test]
fn a_depth_bound_stops_the_search_there() {
    let model = two_phase::model(3, CommitRule::AllPrepared).depth_max(3);
    let report = Checker::new(model).run_to_end();
    assert_eq!(report.max_depth, 3);
    assert!(report.states_at_depth_bound > 0);
    assert!(report.distinct_states < 288);
    // The planted bug needs five steps: a bound of four cannot see it.
    let model = two_phase::model(3, CommitRule::AnyPrepared).depth_max(4);
    assert_eq!(
        Checker::new(model).run_to_end().outcome,
        CheckOutcome::AllSatisfy
    );
}

/// The order of exploration is part of the answer: these digests of the fingerprints in discovery order
/// were computed natively; the same model in wasm32 must give them too (fingerprints write `usize` as 64
/// bits and every integer little-endian).
#[test]
fn the_exploration_order_is_pinned() {
    let digest = |rm_count, rule| {
        Checker::new(two_phase::model(rm_count, rule))
            .run_to_end()
            .exploration_digest
    };
    let pinned = [
        digest(3, CommitRule::AllPrepared),
        digest(5, CommitRule::AllPrepared),
        digest(4, CommitRule::AnyPrepared),
    ];
    assert_eq!(
        pinned,
        [0x892506bb2730a683, 0x8a6a7e2756c02049, 0x5f510982fb88e513]
    );
}
