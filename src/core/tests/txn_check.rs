//! The model checker on the commit panel's own protocol ([`TxnNode`], through `txn::check`): one
//! transaction, every interleaving of deliveries, log writes and timeouts, a coordinator crash and its
//! recovery, and a lost message. Correct two-phase commit is atomic in every state and blocks in a counted
//! number of them; each broken variant has a shortest counterexample that replays in the panel's own run;
//! three-phase commit breaks under a partition; cooperative termination stays atomic.
//!
//! `cargo test -p distlab-core --test txn_check -- --nocapture` prints each check's figures; its speed is
//! measured by `cargo bench -p distlab-core --bench check`, not here.
use distlab_core::check::{CheckOutcome, Checker, ReportOf, StepOf};
use distlab_core::scenario::Scenario;
use distlab_core::sim::Sim;
use distlab_core::txn::check::{TxnCheckSettings, TxnFaults, BLOCKED_IN_DOUBT};
use distlab_core::txn::{
    blocked_in_doubt, Atomicity, TxnNode, TxnScenario, Validity, Variant, ATOMICITY, DURABILITY,
    VALIDITY,
};

fn settings(variant: Variant, participants: u32, faults: TxnFaults) -> TxnCheckSettings {
    TxnCheckSettings {
        variant,
        participants,
        faults,
        ..TxnCheckSettings::default()
    }
}

/// Checks to the end, printing the figures.
fn check(settings: &TxnCheckSettings) -> ReportOf<TxnNode> {
    let report = Checker::new(settings.model()).run_to_end();
    eprintln!(
        "{} with {} participants, {:?}: {} distinct states, {} generated, depth {}, {} blocked",
        settings.variant.code(),
        settings.participants,
        settings.faults,
        report.distinct_states,
        report.states_generated,
        report.max_depth,
        report.counts[0].states,
    );
    report
}

fn blocked(report: &ReportOf<TxnNode>) -> u64 {
    let count = &report.counts[0];
    assert_eq!(count.name, BLOCKED_IN_DOUBT);
    count.states
}

/// The path as a run of the panel's own scenario: a violation shows there too, whatever the seed. The
/// panel checks atomicity, validity and durability after every event and stops at the first that fails,
/// which on an atomicity path may be durability a step earlier (a yes-voter acted against the logged
/// decision before the other committed); the same actions on the same nodes checked for `invariant` alone
/// end in exactly the checker's violation.
fn replays_in_the_panel(settings: &TxnCheckSettings, path: &[StepOf<TxnNode>], invariant: &str) {
    let actions = settings.replay(path);
    let panel = settings.panel_settings();
    let network = TxnScenario.default_network(&panel);
    let horizon_ms = settings.replay_horizon_ms(&actions);
    for seed in [1, 7, 42] {
        let mut sim = TxnScenario.build(&panel, &network, seed);
        let mut alone = Sim::new(TxnNode::all(panel.config()), network.clone(), seed);
        alone = match invariant {
            ATOMICITY => alone.with_invariant(Atomicity),
            _ => alone.with_invariant(Validity),
        };
        for action in &actions {
            sim.schedule(action.clone());
            alone.schedule(action.clone());
        }
        sim.run_until(horizon_ms);
        alone.run_until(horizon_ms);
        let found = sim
            .violation()
            .expect("the replay breaks a property in the panel");
        assert!(
            [ATOMICITY, VALIDITY, DURABILITY].contains(&found.invariant.as_str()),
            "{found:?}"
        );
        let exact = alone
            .violation()
            .expect("the replay breaks the checked property");
        assert_eq!(exact.invariant, invariant, "{path:?}");
    }
}

#[test]
fn two_phase_commit_is_atomic_in_every_state_and_blocks_in_some() {
    // (participants, distinct states, blocked states, exploration digest): the digest is what a wasm run
    // must reproduce.
    for (participants, states, blocked_states) in [(2, 1_952, 179), (3, 9_301, 893)] {
        let settings = settings(Variant::TwoPhase, participants, TxnFaults::SMALL);
        let report = check(&settings);
        assert_eq!(report.outcome, CheckOutcome::AllSatisfy);
        assert_eq!(
            (report.distinct_states, blocked(&report)),
            (states, blocked_states),
            "the state space changed: update the counts only for an intended change"
        );
        // The same model explores the same states in the same order.
        let again = Checker::new(settings.model()).run_to_end();
        assert_eq!(again.exploration_digest, report.exploration_digest);
        // A blocked state is one a run reaches: its example path replays into one.
        let example = report.counts[0].example.as_ref().expect("a blocked state");
        let actions = settings.replay(example);
        let panel = settings.panel_settings();
        let mut sim = TxnScenario.build(&panel, &TxnScenario.default_network(&panel), 3);
        for action in &actions {
            sim.schedule(action.clone());
        }
        sim.run_until(actions.last().map_or(0, |a| a.at_ms));
        assert!(!blocked_in_doubt(&sim.view()).is_empty());
    }
}

#[test]
fn without_faults_two_phase_commit_never_blocks() {
    let report = check(&settings(Variant::TwoPhase, 3, TxnFaults::NONE));
    assert_eq!(report.outcome, CheckOutcome::AllSatisfy);
    assert_eq!((report.distinct_states, blocked(&report)), (782, 0));
}

#[test]
fn symmetry_reduction_changes_the_count_not_the_verdict() {
    let full = check(&TxnCheckSettings {
        symmetry: false,
        ..settings(Variant::TwoPhase, 2, TxnFaults::SMALL)
    });
    assert_eq!(full.outcome, CheckOutcome::AllSatisfy);
    assert!(full.distinct_states > 1_952, "{}", full.distinct_states);
    let broken = check(&TxnCheckSettings {
        symmetry: false,
        ..settings(Variant::SendsDecisionBeforeLogging, 2, TxnFaults::SMALL)
    });
    let CheckOutcome::Violation { path, .. } = &broken.outcome else {
        panic!("{:?}", broken.outcome);
    };
    let reduced = check(&settings(
        Variant::SendsDecisionBeforeLogging,
        2,
        TxnFaults::SMALL,
    ));
    let CheckOutcome::Violation {
        path: reduced_path, ..
    } = &reduced.outcome
    else {
        panic!("{:?}", reduced.outcome);
    };
    assert_eq!(path.len(), reduced_path.len(), "shortest either way");
}

/// A broken variant's shortest counterexample: its property, its length, and that it replays.
fn broken(variant: Variant, participants: u32, faults: TxnFaults, invariant: &str, length: usize) {
    let settings = settings(variant, participants, faults);
    let report = check(&settings);
    let CheckOutcome::Violation { path, violation } = &report.outcome else {
        panic!("{} must fail: {:?}", variant.code(), report.outcome);
    };
    assert_eq!(violation.invariant, invariant, "{path:?}");
    assert_eq!(path.len(), length, "{path:?}");
    replays_in_the_panel(&settings, path, invariant);
}

#[test]
fn committing_without_all_votes_commits_what_a_participant_never_prepared() {
    // No fault needed: the coordinator logs commit on the first yes while the other `prepared` is still
    // being written.
    broken(
        Variant::CommitsWithoutAllVotes,
        2,
        TxnFaults::NONE,
        VALIDITY,
        13,
    );
    broken(
        Variant::CommitsWithoutAllVotes,
        3,
        TxnFaults::NONE,
        VALIDITY,
        15,
    );
    // With a participant that refuses, and atomicity alone, the same bug splits the outcome.
    let settings = TxnCheckSettings {
        validity: false,
        ..settings(
            Variant::CommitsWithoutAllVotes,
            2,
            TxnFaults {
                refusals_max: 1,
                ..TxnFaults::NONE
            },
        )
    };
    let report = check(&settings);
    let CheckOutcome::Violation { path, violation } = &report.outcome else {
        panic!("{:?}", report.outcome);
    };
    assert_eq!(violation.invariant, ATOMICITY);
    replays_in_the_panel(&settings, path, ATOMICITY);
}

#[test]
fn a_yes_voter_that_aborts_on_timeout_breaks_atomicity() {
    broken(
        Variant::AbortsInDoubtOnTimeout,
        2,
        TxnFaults::SMALL,
        ATOMICITY,
        22,
    );
    broken(
        Variant::AbortsInDoubtOnTimeout,
        3,
        TxnFaults::SMALL,
        ATOMICITY,
        28,
    );
}

#[test]
fn sending_the_decision_before_logging_it_breaks_atomicity_after_a_crash() {
    broken(
        Variant::SendsDecisionBeforeLogging,
        2,
        TxnFaults::SMALL,
        ATOMICITY,
        26,
    );
    broken(
        Variant::SendsDecisionBeforeLogging,
        3,
        TxnFaults::SMALL,
        ATOMICITY,
        33,
    );
    // Without the crash it is safe.
    let report = check(&settings(
        Variant::SendsDecisionBeforeLogging,
        3,
        TxnFaults::NONE,
    ));
    assert_eq!(report.outcome, CheckOutcome::AllSatisfy);
}

#[test]
fn three_phase_commit_is_atomic_until_the_network_partitions() {
    let calm = check(&settings(Variant::ThreePhase, 2, TxnFaults::NONE));
    assert_eq!(calm.outcome, CheckOutcome::AllSatisfy);
    let partition = TxnFaults {
        partitions_max: 1,
        ..TxnFaults::NONE
    };
    let settings = settings(Variant::ThreePhase, 2, partition);
    let report = check(&settings);
    let CheckOutcome::Violation { path, violation } = &report.outcome else {
        panic!(
            "three-phase commit must fail under a partition: {:?}",
            report.outcome
        );
    };
    assert_eq!(violation.invariant, ATOMICITY);
    replays_in_the_panel(&settings, path, ATOMICITY);
}

#[test]
fn cooperative_termination_stays_atomic() {
    let settings = settings(Variant::Cooperative, 2, TxnFaults::SMALL);
    let report = check(&settings);
    assert_eq!(report.outcome, CheckOutcome::AllSatisfy);
    eprintln!("cooperative: {} blocked", blocked(&report));
}

/// The panel's card runs each variant's check through the scenario seam: the correct two-phase variants
/// keep every state atomic and count the blocked ones; three-phase commit under a partition and every
/// broken variant give a path that, replayed in the panel's scenario under the settings the check names,
/// ends in a violation.
#[test]
fn the_panel_check_of_every_variant_ends_and_its_counterexamples_replay() {
    use distlab_core::scenario::{AnySettings, CheckStatus, CheckVerdict, DynScenario};
    use distlab_core::txn::{TxnPreset, TxnSettings};
    for variant in Variant::ALL {
        let panel = AnySettings::new(TxnSettings {
            variant,
            ..TxnSettings::of_preset(TxnPreset::AllCommit)
        });
        let plan =
            DynScenario::check_plan(&TxnScenario, &panel).expect("every variant has a check");
        let mut job = DynScenario::check_job(&TxnScenario, &panel).expect("and its job");
        let summary = loop {
            if let CheckStatus::Done(summary) = job.run_batch(1_000) {
                break summary;
            }
        };
        assert_eq!(summary.settings, plan.settings, "{variant:?}");
        let expect_violation = variant.is_broken() || variant == Variant::ThreePhase;
        match &summary.verdict {
            CheckVerdict::AllSatisfy => {
                assert!(!expect_violation, "{variant:?} must be caught");
                assert!(
                    summary.counted.unwrap_or(0) > 0,
                    "{variant:?}: a crashed coordinator blocks someone"
                );
            }
            CheckVerdict::Violation {
                settings, actions, ..
            } => {
                assert!(expect_violation, "{variant:?} is correct");
                let settings = settings.get::<TxnSettings>().expect("the 2PC settings");
                let network = Scenario::default_network(&TxnScenario, settings);
                let mut sim = Scenario::build(&TxnScenario, settings, &network, 5);
                for action in actions {
                    sim.schedule(action.clone());
                }
                sim.run_until(Scenario::horizon_ms(&TxnScenario, settings, actions));
                assert!(
                    sim.violation().is_some(),
                    "{variant:?}: the replay ends in a violation"
                );
            }
        }
    }
    // The figure the card shows for correct 2PC, as the model's own test counts it.
    let panel = AnySettings::new(TxnSettings::of_preset(TxnPreset::AllCommit));
    let mut job = DynScenario::check_job(&TxnScenario, &panel).unwrap();
    let summary = loop {
        if let CheckStatus::Done(summary) = job.run_batch(1_000) {
            break summary;
        }
    };
    assert_eq!(
        (summary.distinct_states, summary.counted),
        (9_301, Some(893))
    );
}
