//! The properties over many seeds with crashes, recoveries, pauses, partitions, message loss, duplication,
//! slow links and clock jumps: the correct variants keep atomicity, validity, durability and termination;
//! three-phase commit does not block when its coordinator crashes and breaks under a partition; each broken
//! variant is caught within a bounded number of seeds, and its shrunk counterexample replays.
use distlab_core::sim::*;
use distlab_core::txn::*;
use proptest::prelude::*;

/// Runs last until the first termination deadline, as the explorer's do.
const HORIZON_MS: TimeMs = TERMINATION_FIRST_CHECK_MS;

/// A small stream, varied by seed: 2-4 participants, five transactions 150 ms apart (so they contend for
/// locks), 15 % no votes.
fn config(variant: Variant, seed: u64) -> TxnConfig {
    TxnConfig {
        variant,
        participants: 2 + (seed % 3) as u32,
        vote_no_percent: 15,
        workload: Workload {
            first_begin_ms: 100,
            stream: true,
            stream_every_ms: 150,
            stream_txns: 5,
        },
        ..TxnConfig::default()
    }
}

fn build(variant: Variant) -> impl Fn(u64) -> Sim<TxnNode> {
    move |seed| build_sim(&config(variant, seed), &NetworkConfig::default(), seed)
}

/// Everything the kernel can do to a run, one or two of each.
fn every_fault() -> FaultBudget {
    FaultBudget {
        crashes_max: 2,
        pauses_max: 1,
        partitions_max: 1,
        message_faults_max: 2,
        clock_jumps_max: 1,
        horizon_ms: HORIZON_MS,
    }
}

/// What three-phase commit assumes: nodes crash (and recover), the network stays synchronous.
fn crashes_only() -> FaultBudget {
    FaultBudget {
        crashes_max: 3,
        pauses_max: 0,
        partitions_max: 0,
        message_faults_max: 0,
        clock_jumps_max: 0,
        horizon_ms: HORIZON_MS,
    }
}

#[test]
fn two_phase_commit_keeps_every_property_over_ten_thousand_faulty_runs() {
    let result = explore(build(Variant::TwoPhase), 1, every_fault(), 10_000);
    assert_eq!(result, ExploreResult::NoneFound { runs: 10_000 });
}

#[test]
fn cooperative_termination_keeps_every_property_over_ten_thousand_faulty_runs() {
    let result = explore(build(Variant::Cooperative), 1, every_fault(), 10_000);
    assert_eq!(result, ExploreResult::NoneFound { runs: 10_000 });
}

#[test]
fn three_phase_commit_keeps_every_property_when_nodes_only_crash() {
    let result = explore(build(Variant::ThreePhase), 1, crashes_only(), 10_000);
    assert_eq!(result, ExploreResult::NoneFound { runs: 10_000 });
}

/// The termination check is not vacuous: in a sizeable share of the faulty runs every fault is over early
/// enough for it to apply at the deadline (about one run in eleven with this budget, so the 10,000-seed
/// tests above check termination in about 900 runs each).
#[test]
fn the_termination_deadline_applies_in_a_sizeable_share_of_runs() {
    let mut applies = 0;
    for seed in 1..=1_000 {
        let build = build(Variant::TwoPhase);
        let mut sim = build(seed);
        for action in random_faults(
            seed,
            sim.node_count(),
            &NetworkConfig::default(),
            &every_fault(),
        ) {
            sim.schedule(action);
        }
        sim.run_until(HORIZON_MS);
        if Termination::default().applies(&sim.view()) {
            applies += 1;
        }
    }
    assert!(
        applies >= 60,
        "only {applies} of 1,000 runs are quiet at the deadline"
    );
}

#[test]
fn termination_is_reported_when_a_transaction_outlives_the_deadline() {
    // The prepare to participant 0 is lost, and the coordinator waits ten seconds for votes: at the
    // deadline the run has been quiet for long enough, and the two others are still in doubt.
    let slow = TxnConfig {
        timing: Timing {
            vote_timeout_ms: 10_000,
            ..Timing::default()
        },
        ..TxnConfig::default()
    };
    let network = NetworkConfig::default();
    let mut reference = build_sim(&slow, &network, 1);
    reference.run_until(1_000);
    let (msg, sent_ms) = reference
        .trace()
        .events
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::Send {
                msg,
                kind: "prepare",
                to,
                ..
            } if *to == participant_node(0) => Some((*msg, e.time_ms)),
            _ => None,
        })
        .expect("a prepare to participant 0");
    // One millisecond after it left, it is on the wire (an action at the send's own millisecond would come
    // before the send).
    let drop = ScheduledAction {
        at_ms: sent_ms + 1,
        action: Action::DropMessage { msg },
    };
    let mut sim = build_sim(&slow, &network, 1);
    sim.schedule(drop.clone());
    sim.run_until(HORIZON_MS);
    let violation = sim.violation().expect("termination fails");
    assert_eq!(violation.invariant, TERMINATION);
    assert_eq!(
        violation.nodes,
        vec![participant_node(1), participant_node(2), CLIENT]
    );
    assert_eq!(violation.detail, "#1 n3 in-doubt");
    // With the usual one-second vote timeout the coordinator aborts, and the deadline passes.
    let mut sim = build_sim(&TxnConfig::default(), &network, 1);
    sim.schedule(drop);
    sim.run_until(HORIZON_MS);
    assert!(sim.violation().is_none(), "{:?}", sim.violation());
    assert_eq!(
        sim.view().durable(CLIENT).decision(TxnId(1)),
        Some(Outcome::Abort)
    );
}

/// Crash-stop: the coordinator crashes at a random moment of the stream and never returns. Three-phase
/// commit finishes every transaction without it; two-phase commit leaves participants blocked in doubt
/// in a good share of the same runs.
#[test]
fn three_phase_commit_does_not_block_when_the_coordinator_stays_down() {
    let mut blocked_runs = [0u32; 2];
    for seed in 1..=2_000u64 {
        for (slot, variant) in [Variant::ThreePhase, Variant::TwoPhase]
            .into_iter()
            .enumerate()
        {
            let mut sim = build(variant)(seed);
            sim.schedule(ScheduledAction {
                at_ms: 100 + (seed * 7_919) % 900,
                action: Action::Crash { node: COORDINATOR },
            });
            sim.run_until(HORIZON_MS);
            assert!(
                sim.violation().is_none(),
                "{variant:?} seed {seed}: {:?}",
                sim.violation()
            );
            if !in_doubt(&sim.view()).is_empty() {
                blocked_runs[slot] += 1;
            }
        }
    }
    assert_eq!(blocked_runs[0], 0, "three-phase commit never blocks");
    assert!(
        blocked_runs[1] > 500,
        "two-phase commit blocked in {} runs",
        blocked_runs[1]
    );
}

/// Finds `variant`'s failure within `seeds_max` seeds, checks which property failed, replays the shrunk
/// counterexample, and shrinks the run's original faults again with `shrink` to the same violation.
fn caught(
    variant: Variant,
    budget: FaultBudget,
    seeds_max: u64,
    properties: &[&str],
) -> Counterexample {
    let build = build(variant);
    let ExploreResult::Found(found) = explore(&build, 1, budget.clone(), seeds_max) else {
        panic!("{variant:?} not caught within {seeds_max} seeds");
    };
    assert!(
        properties.contains(&found.violation.invariant.as_str()),
        "{variant:?}: {:?}",
        found.violation
    );
    let mut replay = build(found.seed);
    for action in &found.actions {
        replay.schedule(action.clone());
    }
    replay.run_until(budget.horizon_ms);
    assert_eq!(
        replay.violation(),
        Some(&found.violation),
        "{variant:?} replays"
    );
    assert_eq!(replay.trace().len(), found.trace_len);
    let original = random_faults(
        found.seed,
        build(found.seed).node_count(),
        &NetworkConfig::default(),
        &budget,
    );
    assert_eq!(original.len() as u32, found.actions_found);
    let again = shrink(&build, found.seed, original, budget.horizon_ms).expect("still fails");
    assert_eq!(again.violation.invariant, found.violation.invariant);
    assert!(again.actions.len() <= found.actions_found as usize);
    found
}

#[test]
fn committing_without_every_vote_is_caught_within_twenty_seeds() {
    let found = caught(
        Variant::CommitsWithoutAllVotes,
        every_fault(),
        20,
        &[VALIDITY],
    );
    // A no vote the coordinator did not wait for is enough: no fault needed.
    assert!(found.actions.is_empty(), "{:?}", found.actions);
}

#[test]
fn aborting_in_doubt_on_a_timeout_is_caught_within_a_thousand_seeds() {
    caught(
        Variant::AbortsInDoubtOnTimeout,
        every_fault(),
        1_000,
        &[ATOMICITY, DURABILITY],
    );
}

#[test]
fn sending_the_decision_before_logging_it_is_caught_within_three_thousand_seeds() {
    let found = caught(
        Variant::SendsDecisionBeforeLogging,
        every_fault(),
        3_000,
        &[ATOMICITY, DURABILITY],
    );
    // It takes a coordinator crash in the moment between sending and logging.
    assert!(found
        .actions
        .iter()
        .any(|a| matches!(a.action, Action::Crash { node } | Action::Restart { node } if node == COORDINATOR)));
}

#[test]
fn a_partition_breaks_three_phase_commit_within_five_hundred_seeds() {
    let partitions = FaultBudget {
        crashes_max: 0,
        partitions_max: 1,
        ..crashes_only()
    };
    let found = caught(
        Variant::ThreePhase,
        partitions,
        500,
        &[ATOMICITY, DURABILITY],
    );
    assert!(
        matches!(
            found.actions[..],
            [ScheduledAction {
                action: Action::Partition { .. },
                ..
            }]
        ),
        "{:?}",
        found.actions
    );
}

/// A fault plan a test writes by hand: who crashes when, for how long; an optional partition; a
/// duplicating network.
#[derive(Clone, Debug)]
struct Plan {
    crashes: Vec<(u32, TimeMs, TimeMs)>,
    partition: Option<(u8, TimeMs, TimeMs)>,
    duplicate_percent: u32,
}

fn plan() -> impl Strategy<Value = Plan> {
    (
        prop::collection::vec((0u32..6, 0u64..3_000, 1u64..1_500), 0..4),
        prop::option::of((any::<u8>(), 0u64..3_000, 1u64..1_000)),
        0u32..40,
    )
        .prop_map(|(crashes, partition, duplicate_percent)| Plan {
            crashes,
            partition,
            duplicate_percent,
        })
}

fn schedule(plan: &Plan, nodes: u32) -> Vec<ScheduledAction> {
    let mut actions = Vec::new();
    for (node, at_ms, down_ms) in &plan.crashes {
        let node = NodeId(node % nodes);
        actions.push(ScheduledAction {
            at_ms: *at_ms,
            action: Action::Crash { node },
        });
        actions.push(ScheduledAction {
            at_ms: at_ms + down_ms,
            action: Action::Recover { node },
        });
    }
    if let Some((sides, at_ms, lasts_ms)) = plan.partition {
        let side: Vec<NodeId> = (0..nodes)
            .filter(|n| sides & (1 << n) != 0)
            .map(NodeId)
            .collect();
        actions.push(ScheduledAction {
            at_ms,
            action: Action::Partition { groups: vec![side] },
        });
        actions.push(ScheduledAction {
            at_ms: at_ms + lasts_ms,
            action: Action::Heal,
        });
    }
    actions
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Hand-shaped faults (crashes of any node at any step, a partition, duplication) never break the
    /// correct two-phase variants, and everything has finished by the deadline.
    #[test]
    fn hand_written_faults_never_break_two_phase_commit(plan in plan(), seed in 0u64..1_000, cooperative in any::<bool>()) {
        let variant = if cooperative { Variant::Cooperative } else { Variant::TwoPhase };
        let config = config(variant, seed);
        let network = NetworkConfig { duplicate_probability: f64::from(plan.duplicate_percent) / 100.0, ..NetworkConfig::default() };
        let mut sim = build_sim(&config, &network, seed);
        for action in schedule(&plan, 2 + config.participants) {
            sim.schedule(action);
        }
        sim.run_until(HORIZON_MS);
        prop_assert!(sim.violation().is_none(), "{:?}", sim.violation());
        prop_assert!(in_doubt(&sim.view()).is_empty());
    }
}
