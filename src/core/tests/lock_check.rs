//! The model checker on the lock protocol, over the simulator's own handlers: two clients that each acquire
//! once (a command), every interleaving of deliveries and timers (a lease may run out at any point, which is
//! what a pause past the lease does), a dropped message and a crash. The fenced lease is safe in every state;
//! the same lease without fencing and the seeds' check-then-set lock give shortest counterexamples, which
//! replay in the simulator.
use distlab_core::check::{
    replay_actions, CheckBudget, CheckModel, CheckOutcome, Checker, NetworkKind,
};
use distlab_core::lock::{
    lock_nodes, LockCommand, LockNode, LockScenario, LockSettings, MutualExclusion, Variant,
    MUTUAL_EXCLUSION,
};
use distlab_core::scenario::Scenario;
use distlab_core::sim::NodesView;

/// Failed attempts a client may make per round before the model stops following it (TLC's `CONSTRAINT`):
/// a waiting client retries for ever, so without a bound the state space is infinite.
const ATTEMPTS_MAX: u32 = 1;

fn settings(variant: Variant) -> LockSettings {
    LockSettings {
        variant,
        clients: 2,
        looping: false,
        ..LockSettings::default()
    }
}

fn model(variant: Variant, budget: CheckBudget) -> CheckModel<LockNode> {
    let settings = settings(variant);
    let network = LockScenario.default_network(&settings);
    let layout = settings.layout();
    let commands = layout
        .client_ids()
        .into_iter()
        .map(|client| (client, LockCommand::Acquire))
        .collect();
    CheckModel::new(lock_nodes(&settings, &network), NetworkKind::Multiset)
        .budget(CheckBudget {
            commands_max: 2,
            ..budget
        })
        .commands(commands)
        .invariant(MutualExclusion {
            storage: layout.storage(),
        })
        .state_constraint(|view: &NodesView<'_, LockNode>| {
            view.ids().all(|id| match view.node(id) {
                LockNode::Client(client) => client.attempt <= ATTEMPTS_MAX,
                _ => true,
            })
        })
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
