//! The model checker on the lock protocol, over the simulator's own handlers: two clients that each acquire
//! once (a command), every interleaving of deliveries and timers (a lease may run out at any point, which is
//! what a pause past the lease does), a dropped message and a crash. The fenced lease is safe in every state;
//! the same lease without fencing and the seeds' check-then-set lock give shortest counterexamples, which
//! replay in the simulator.
use distlab_core::check::{replay_actions, CheckBudget, CheckModel, CheckOutcome, Checker};
use distlab_core::lock::{
    check_model, check_settings, checkable, LockNode, LockScenario, LockSettings, Variant, Verdict,
    CHECK_BUDGET, MUTUAL_EXCLUSION,
};
use distlab_core::scenario::{AnySettings, CheckStatus, CheckVerdict, Scenario, REPLAY_STEP_MS};

fn settings(variant: Variant) -> LockSettings {
    check_settings(&LockSettings {
        variant,
        ..LockSettings::default()
    })
}

fn model(variant: Variant, budget: CheckBudget) -> CheckModel<LockNode> {
    check_model(&settings(variant), budget)
}

#[test]
fn the_fenced_lease_is_safe_in_every_state() {
    let budget = CheckBudget {
        drops_max: 1,
        crashes_max: 1,
        ..CheckBudget::NONE
    };
    let report = Checker::new(model(Variant::LeaseFencing, budget)).run_to_end();
    assert!(
        matches!(report.outcome, CheckOutcome::AllSatisfy),
        "{:?}",
        report.outcome
    );
    assert_eq!(
        (report.distinct_states, report.max_depth),
        (20_994, 21),
        "the state space changed: update the count only for an intended change"
    );
}

#[test]
fn the_same_lease_without_fencing_is_broken_by_a_late_write() {
    let report = Checker::new(model(Variant::Lease, CheckBudget::NONE)).run_to_end();
    let CheckOutcome::Violation { path, violation } = &report.outcome else {
        panic!("a lease without fencing must fail: {:?}", report.outcome);
    };
    assert_eq!(violation.invariant, MUTUAL_EXCLUSION);
    // The shortest way is not the GC pause but a slow network: a hold's write is still in flight when its
    // reply timeout gives the lock up; the next hold (here the same client's second round) reads the old
    // value, and the late write lands between its read and its write. A fencing token refuses it.
    assert_eq!(path.len(), 16, "{path:?}");
}

#[test]
fn check_then_set_has_a_shortest_counterexample_that_replays() {
    let report = Checker::new(model(Variant::CheckThenSet, CheckBudget::NONE)).run_to_end();
    let CheckOutcome::Violation { path, violation } = &report.outcome else {
        panic!("check-then-set must fail: {:?}", report.outcome);
    };
    assert_eq!(violation.invariant, MUTUAL_EXCLUSION);
    // Both clients GET an empty key before either SETs it, then both read and write.
    assert_eq!(path.len(), 18, "{path:?}");
    // The path as a run of the panel's own scenario: the same violation, whatever the seed.
    let checker = Checker::new(model(Variant::CheckThenSet, CheckBudget::NONE));
    let actions = replay_actions(checker.model(), path, 10);
    let settings = settings(Variant::CheckThenSet);
    let network = LockScenario.default_network(&settings);
    for seed in [1, 7, 42] {
        let mut sim = LockScenario.build(&settings, &network, seed);
        for action in &actions {
            sim.schedule(action.clone());
        }
        sim.run_until(LockScenario.horizon_ms(&settings, &actions));
        let found = sim.violation().expect("the replay breaks mutual exclusion");
        assert_eq!(found.invariant, MUTUAL_EXCLUSION);
    }
}

/// The panel's card runs the check through the scenario seam, in slices: every checkable variant ends,
/// the correct ones with every state safe, the broken ones with a counterexample whose actions replay the
/// violation in the panel's scenario under the settings the check names.
#[test]
fn the_panel_check_covers_every_checkable_variant_and_its_counterexamples_replay() {
    for variant in Variant::ALL {
        let panel = AnySettings::new(LockSettings {
            variant,
            looping: true,
            clients: 5,
            ..LockSettings::default()
        });
        let plan = distlab_core::scenario::DynScenario::check_plan(&LockScenario, &panel);
        assert_eq!(plan.is_some(), checkable(variant), "{variant:?}");
        let Some(mut job) = distlab_core::scenario::DynScenario::check_job(&LockScenario, &panel)
        else {
            continue;
        };
        assert_eq!(plan.unwrap().budget, CHECK_BUDGET);
        let summary = loop {
            if let CheckStatus::Done(summary) = job.run_batch(500) {
                break summary;
            }
        };
        // Correct variants keep every state safe; variants broken for safety are caught. `SET NX` without
        // expiry, broken for liveness, is caught for safety too: a holder whose write is slow gives up,
        // releases, and its write lands inside the next hold (what fencing tokens exist for).
        let expect_violation = variant.verdict() != Verdict::Correct;
        match &summary.verdict {
            CheckVerdict::AllSatisfy => assert!(!expect_violation, "{variant:?} must be caught"),
            CheckVerdict::Violation {
                property,
                settings,
                actions,
                steps,
            } => {
                assert!(expect_violation, "{variant:?} is correct");
                assert_eq!(property, MUTUAL_EXCLUSION);
                assert!(
                    *steps > 0 && actions.len() as u32 <= steps + 1 + 8,
                    "{variant:?}"
                );
                let settings = settings.get::<LockSettings>().expect("the lock's settings");
                assert_eq!((settings.clients, settings.looping), (2, false));
                let network = LockScenario.default_network(settings);
                let mut sim = LockScenario.build(settings, &network, 3);
                for action in actions {
                    sim.schedule(action.clone());
                }
                sim.run_until(LockScenario.horizon_ms(settings, actions) + REPLAY_STEP_MS);
                let found = sim
                    .violation()
                    .unwrap_or_else(|| panic!("{variant:?}: the replay breaks mutual exclusion"));
                assert_eq!(found.invariant, MUTUAL_EXCLUSION, "{variant:?}");
            }
        }
    }
}
