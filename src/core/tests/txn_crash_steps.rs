//! The crash-at-step tool lands where it says, and the classic cases play out as the textbooks tell them:
//! two-phase commit blocks while the coordinator is down and finishes when it recovers; cooperative
//! termination helps when a peer knows and cannot when nobody does; three-phase commit does not block
//! under a coordinator crash and breaks atomicity under a partition.
use distlab_core::scenario::Scenario;
use distlab_core::sim::*;
use distlab_core::txn::*;

const TXN: TxnId = TxnId(1);

fn settings(preset: TxnPreset) -> TxnSettings {
    TxnSettings::of_preset(preset)
}

fn recover_at(at_ms: TimeMs, node: NodeId) -> ScheduledAction {
    ScheduledAction {
        at_ms,
        action: Action::Recover { node },
    }
}

/// A run of the settings (no preset faults) with `actions`, stepped until the crash in them has happened.
fn until_crash(
    settings: &TxnSettings,
    network: &NetworkConfig,
    seed: u64,
    actions: &[ScheduledAction],
) -> Sim<TxnNode> {
    let mut sim = TxnScenario.build(settings, network, seed);
    for action in actions {
        sim.schedule(action.clone());
    }
    while sim.step() {
        if matches!(
            sim.trace().events.last().map(|e| &e.kind),
            Some(EventKind::Crash { .. })
        ) {
            break;
        }
    }
    sim
}

/// How many `kind` messages about the first transaction reached (were delivered to) participants, and
/// how many are still on the wire to them.
fn to_participants(sim: &Sim<TxnNode>, kind: &str) -> (usize, usize) {
    let delivered = sim
        .trace()
        .events
        .iter()
        .filter(|e| {
            matches!(&e.kind, EventKind::Deliver { kind: k, to, .. }
                if *k == kind && participant_index(*to).is_some())
        })
        .count();
    let flying = sim
        .view()
        .in_flight()
        .filter(|(_, _, to, msg)| {
            participant_index(*to).is_some()
                && msg.txn() == TXN
                && distlab_core::sim::Message::kind(*msg) == kind
        })
        .count();
    (delivered, flying)
}

#[test]
fn crashing_after_logging_commit_leaves_commit_on_disk_and_nothing_sent() {
    let settings = TxnSettings {
        preset: TxnPreset::Custom,
        ..settings(TxnPreset::AllCommit)
    };
    let network = NetworkConfig::default();
    let mut landed = 0;
    for seed in 0..40 {
        let Some(crash) = crash_at_step(
            &settings,
            &network,
            seed,
            CrashStep::CoordinatorAfterLoggingDecision,
        ) else {
            continue;
        };
        landed += 1;
        let sim = until_crash(&settings, &network, seed, std::slice::from_ref(&crash));
        assert_eq!(sim.view().status(COORDINATOR), NodeStatus::Down);
        assert_eq!(
            sim.view().durable(COORDINATOR).decision(TXN),
            Some(Outcome::Commit),
            "seed {seed}: the commit record is on disk"
        );
        assert_eq!(
            to_participants(&sim, "commit"),
            (0, 0),
            "seed {seed}: and nobody has it"
        );
        // Recovery resends it and everyone commits.
        let mut sim = sim;
        sim.schedule(recover_at(crash.at_ms + 2_000, COORDINATOR));
        sim.run_until(crash.at_ms + 3_000);
        assert!(sim.violation().is_none());
        for p in 0..3 {
            let log = sim.view().durable(participant_node(p));
            assert_eq!(log.decision(TXN), Some(Outcome::Commit), "seed {seed}");
        }
        assert!(sim.view().durable(COORDINATOR).ended(TXN));
    }
    // With 10-50 ms links two events rarely share the millisecond the step needs.
    assert!(landed >= 35, "only {landed} of 40 seeds");
}

#[test]
fn crashing_after_k_sends_tells_exactly_k_participants() {
    let settings = TxnSettings {
        participants: 5,
        ..settings(TxnPreset::AllCommit)
    };
    let network = TxnScenario.default_network(&settings);
    for k in 0..=5 {
        let crash = crash_at_step(
            &settings,
            &network,
            1,
            CrashStep::CoordinatorAfterSendingDecision(k),
        )
        .expect("steady links: every step is an instant of its own");
        let mut sim = until_crash(&settings, &network, 1, &[crash]);
        let (delivered, flying) = to_participants(&sim, "commit");
        assert_eq!(delivered + flying, k as usize, "k = {k}");
        sim.run_until(2_500);
        let committed = (0..5)
            .filter(|p| {
                sim.view().durable(participant_node(*p)).decision(TXN) == Some(Outcome::Commit)
            })
            .count();
        assert_eq!(committed, k as usize, "k = {k}: the others wait in doubt");
        assert_eq!(in_doubt(&sim.view()).len(), 5 - k as usize);
    }
}

#[test]
fn crashing_after_k_votes_or_before_prepare_lands_there() {
    let settings = TxnSettings {
        participants: 4,
        ..settings(TxnPreset::AllCommit)
    };
    let network = TxnScenario.default_network(&settings);
    let before =
        crash_at_step(&settings, &network, 2, CrashStep::CoordinatorBeforePrepare).unwrap();
    let sim = until_crash(&settings, &network, 2, &[before]);
    assert_eq!(
        sim.view().durable(COORDINATOR).begun(TXN),
        Some(ParticipantSet(0b1111))
    );
    assert_eq!(to_participants(&sim, "prepare"), (0, 0));
    for k in 0..=4u32 {
        let crash =
            crash_at_step(&settings, &network, 2, CrashStep::CoordinatorAfterVotes(k)).unwrap();
        let sim = until_crash(&settings, &network, 2, &[crash]);
        let votes = sim
            .trace()
            .events
            .iter()
            .filter(|e| matches!(&e.kind, EventKind::Deliver { kind: "vote-yes", to, .. } if *to == COORDINATOR))
            .count();
        assert_eq!(votes, k as usize);
        let (delivered, flying) = to_participants(&sim, "prepare");
        assert_eq!(delivered + flying, 4, "k = {k}: every prepare had left");
        // Even with every vote in, the commit record was still being written: presumed abort follows.
        assert_eq!(
            sim.view().durable(COORDINATOR).decision(TXN),
            None,
            "k = {k}"
        );
    }
}

#[test]
fn participant_steps_land_before_and_after_the_vote() {
    let settings = settings(TxnPreset::AllCommit);
    let network = TxnScenario.default_network(&settings);
    let before =
        crash_at_step(&settings, &network, 4, CrashStep::ParticipantBeforeVote(1)).unwrap();
    assert_eq!(
        before.action,
        Action::Crash {
            node: participant_node(1)
        }
    );
    let mut sim = until_crash(&settings, &network, 4, &[before]);
    sim.run_until(3_000);
    // No vote from it: the coordinator aborted on its timeout.
    assert_eq!(
        sim.view().durable(COORDINATOR).decision(TXN),
        Some(Outcome::Abort)
    );
    let after = crash_at_step(&settings, &network, 4, CrashStep::ParticipantAfterVote(1)).unwrap();
    let mut sim = until_crash(&settings, &network, 4, std::slice::from_ref(&after));
    // Its yes left, so the coordinator commits; the participant recovers in doubt, asks, and commits.
    assert!(sim
        .view()
        .durable(participant_node(1))
        .prepared(TXN)
        .is_some());
    sim.schedule(recover_at(after.at_ms + 1_000, participant_node(1)));
    sim.run_until(3_000);
    assert!(sim.violation().is_none());
    for p in 0..3 {
        assert_eq!(
            sim.view().durable(participant_node(p)).decision(TXN),
            Some(Outcome::Commit)
        );
    }
}

#[test]
fn a_step_the_run_never_reaches_gives_no_crash() {
    // Two-phase commit has no pre-commit to crash after.
    let refusing = settings(TxnPreset::OneVotesNo);
    let network = TxnScenario.default_network(&refusing);
    assert_eq!(
        crash_at_step(
            &refusing,
            &network,
            1,
            CrashStep::CoordinatorAfterSendingPreCommit(1)
        ),
        None,
        "no pre-commit in two-phase commit"
    );
    // The broken coordinator sends before it logs: there is never a moment with the record and no send.
    let broken = settings(TxnPreset::BrokenSendBeforeLog);
    assert_eq!(
        crash_at_step(
            &broken,
            &network,
            1,
            CrashStep::CoordinatorAfterLoggingDecision
        ),
        None
    );
}

/// The scenario: the coordinator crashes after every participant voted yes (and after it logged
/// commit); every participant stays in doubt, holding its lock, for as long as it is down; when it recovers
/// it resends the commit and all commit.
#[test]
fn participants_stay_in_doubt_holding_their_locks_until_the_coordinator_recovers() {
    for participants in [2, 4, 7] {
        let settings = TxnSettings {
            participants,
            ..settings(TxnPreset::CoordinatorCrashAfterLoggingCommit)
        };
        let network = TxnScenario.default_network(&settings);
        let actions = TxnScenario.preset_actions(&settings);
        let mut sim = TxnScenario.build(&settings, &network, 3);
        for action in &actions {
            sim.schedule(action.clone());
        }
        let crash_ms = actions[0].at_ms;
        let mut t = crash_ms;
        while t < 3_000 {
            sim.run_until(t);
            let view = sim.view();
            assert_eq!(view.status(COORDINATOR), NodeStatus::Down);
            let blocked = blocked_in_doubt(&view);
            assert_eq!(blocked.len(), participants as usize, "at {t} ms");
            for p in 0..participants {
                let node = view.node(participant_node(p)).as_participant().unwrap();
                assert_eq!(node.lock_held_by, Some(TXN), "at {t} ms");
                assert_eq!(
                    node.state_of(view.durable(participant_node(p)), TXN),
                    TxnState::InDoubt
                );
            }
            t += 250;
        }
        sim.run_until(3_500);
        assert!(sim.violation().is_none());
        for p in 0..participants {
            let view = sim.view();
            assert_eq!(
                view.durable(participant_node(p)).decision(TXN),
                Some(Outcome::Commit)
            );
            assert_eq!(
                view.node(participant_node(p))
                    .as_participant()
                    .unwrap()
                    .lock_held_by,
                None
            );
        }
        let figures = metrics(sim.trace(), sim.notes());
        assert!(
            figures.max_blocked_ms >= 3_000 - crash_ms,
            "{}",
            figures.max_blocked_ms
        );
    }
}

#[test]
fn a_coordinator_that_crashes_before_logging_commit_aborts_after_recovery() {
    let sim = {
        let settings = settings(TxnPreset::CoordinatorCrashAfterPrepare);
        let network = TxnScenario.default_network(&settings);
        let mut sim = TxnScenario.build(&settings, &network, 3);
        for action in TxnScenario.preset_actions(&settings) {
            sim.schedule(action);
        }
        sim.run_until(2_900);
        assert_eq!(
            blocked_in_doubt(&sim.view()).len(),
            3,
            "blocked while it is down"
        );
        sim.run_until(5_000);
        sim
    };
    assert!(sim.violation().is_none());
    for p in 0..3 {
        assert_eq!(
            sim.view().durable(participant_node(p)).decision(TXN),
            Some(Outcome::Abort)
        );
    }
    assert_eq!(
        sim.view().durable(CLIENT).decision(TXN),
        Some(Outcome::Abort)
    );
}

#[test]
fn cooperative_termination_finishes_without_the_coordinator_when_a_peer_knows() {
    let settings = settings(TxnPreset::CooperativeHelps);
    let network = TxnScenario.default_network(&settings);
    let actions = TxnScenario.preset_actions(&settings);
    assert_eq!(actions[0].action, Action::Crash { node: COORDINATOR });
    let mut sim = TxnScenario.build(&settings, &network, 1);
    for action in &actions {
        sim.schedule(action.clone());
    }
    // Before the coordinator recovers (at 4 s): the one that learned commit told the others.
    sim.run_until(2_000);
    assert_eq!(sim.view().status(COORDINATOR), NodeStatus::Down);
    for p in 0..3 {
        assert_eq!(
            sim.view().durable(participant_node(p)).decision(TXN),
            Some(Outcome::Commit)
        );
    }
    assert!(blocked_in_doubt(&sim.view()).is_empty());
    // Plain two-phase commit in the same spot: the two that did not hear stay blocked.
    let plain = TxnSettings {
        variant: Variant::TwoPhase,
        ..settings
    };
    let mut sim = TxnScenario.build(&plain, &network, 1);
    for action in &actions {
        sim.schedule(action.clone());
    }
    sim.run_until(2_000);
    assert_eq!(blocked_in_doubt(&sim.view()).len(), 2);
}

#[test]
fn cooperative_termination_still_blocks_when_every_participant_is_in_doubt() {
    let settings = settings(TxnPreset::CooperativeBlocks);
    let network = TxnScenario.default_network(&settings);
    let mut sim = TxnScenario.build(&settings, &network, 1);
    for action in TxnScenario.preset_actions(&settings) {
        sim.schedule(action);
    }
    sim.run_until(2_900);
    // They asked each other, again and again, and nobody knew.
    let queries = sim
        .trace()
        .events
        .iter()
        .filter(|e| {
            matches!(&e.kind, EventKind::Send { kind: "decision-query", from, to, .. }
            if participant_index(*from).is_some() && participant_index(*to).is_some())
        })
        .count();
    assert!(queries >= 30, "{queries}");
    assert_eq!(blocked_in_doubt(&sim.view()).len(), 3);
    sim.run_until(5_000);
    for p in 0..3 {
        assert_eq!(
            sim.view().durable(participant_node(p)).decision(TXN),
            Some(Outcome::Commit)
        );
    }
}

#[test]
fn cooperative_peers_that_have_not_voted_abort_and_say_so() {
    // The coordinator crashes once its prepares are out and participant 2 is down before it votes: the two
    // others are in doubt, ask participant 2 when it is back, and it (never prepared) answers abort.
    let settings = TxnSettings {
        variant: Variant::Cooperative,
        ..settings(TxnPreset::AllCommit)
    };
    let network = TxnScenario.default_network(&settings);
    let before_vote =
        crash_at_step(&settings, &network, 1, CrashStep::ParticipantBeforeVote(2)).unwrap();
    let coordinator = crash_at_step_with(
        &settings,
        &network,
        1,
        std::slice::from_ref(&before_vote),
        TXN,
        CrashStep::CoordinatorAfterVotes(0),
    )
    .unwrap();
    let mut sim = TxnScenario.build(&settings, &network, 1);
    for action in [
        before_vote,
        coordinator,
        recover_at(1_000, participant_node(2)),
    ] {
        sim.schedule(action);
    }
    sim.run_until(3_000);
    assert!(sim.violation().is_none());
    assert_eq!(sim.view().status(COORDINATOR), NodeStatus::Down);
    for p in 0..3 {
        assert_eq!(
            sim.view().durable(participant_node(p)).decision(TXN),
            Some(Outcome::Abort),
            "p{p}"
        );
    }
}

#[test]
fn three_phase_commit_does_not_block_when_the_coordinator_crashes() {
    for step in [
        CrashStep::CoordinatorAfterVotes(3),
        CrashStep::CoordinatorAfterSendingPreCommit(0),
        CrashStep::CoordinatorAfterSendingPreCommit(1),
        CrashStep::CoordinatorAfterSendingPreCommit(3),
        CrashStep::CoordinatorAfterLoggingDecision,
        CrashStep::CoordinatorAfterSendingDecision(1),
    ] {
        // One transaction on three participants, with no faults of its own (the preset's crash is one of
        // the steps here).
        let settings = TxnSettings {
            variant: Variant::ThreePhase,
            ..settings(TxnPreset::AllCommit)
        };
        let network = TxnScenario.default_network(&settings);
        let crash = crash_at_step(&settings, &network, 1, step)
            .unwrap_or_else(|| panic!("{step:?} is reachable"));
        let mut sim = TxnScenario.build(&settings, &network, 1);
        sim.schedule(crash);
        sim.run_until(4_000);
        assert!(sim.violation().is_none(), "{step:?}: {:?}", sim.violation());
        assert_eq!(sim.view().status(COORDINATOR), NodeStatus::Down);
        assert!(
            in_doubt(&sim.view()).is_empty(),
            "{step:?}: nobody waits for the coordinator"
        );
        // Whoever was pre-committed made the backup commit; if nobody was, it aborted.
        let expected = match step {
            CrashStep::CoordinatorAfterVotes(_)
            | CrashStep::CoordinatorAfterSendingPreCommit(0) => Outcome::Abort,
            _ => Outcome::Commit,
        };
        for p in 0..3 {
            assert_eq!(
                sim.view().durable(participant_node(p)).decision(TXN),
                Some(expected),
                "{step:?}"
            );
        }
        // The coordinator recovers, asks, and adopts what they decided.
        sim.schedule(recover_at(4_000, COORDINATOR));
        sim.run_until(6_000);
        assert!(sim.violation().is_none(), "{step:?}: {:?}", sim.violation());
        assert_eq!(
            sim.view().durable(COORDINATOR).decision(TXN),
            Some(expected)
        );
        assert_eq!(sim.view().durable(CLIENT).decision(TXN), Some(expected));
    }
}

#[test]
fn three_phase_commit_breaks_atomicity_under_a_partition() {
    let settings = settings(TxnPreset::ThreePhasePartition);
    let network = TxnScenario.default_network(&settings);
    let actions = TxnScenario.preset_actions(&settings);
    let Action::Partition { groups } = &actions[0].action else {
        panic!("{actions:?}");
    };
    assert_eq!(groups[0], vec![CLIENT, COORDINATOR, participant_node(0)]);
    let mut sim = TxnScenario.build(&settings, &network, 1);
    for action in &actions {
        sim.schedule(action.clone());
    }
    sim.run_until(5_000);
    let violation = sim.violation().expect("atomicity breaks");
    assert_eq!(violation.invariant, ATOMICITY);
    let view = sim.view();
    // The coordinator's side committed (participant 1 was pre-committed); the other side, all uncertain,
    // elected a backup that aborted.
    assert_eq!(
        view.durable(participant_node(0)).decision(TXN),
        Some(Outcome::Commit)
    );
    assert_eq!(
        view.durable(participant_node(1)).decision(TXN),
        Some(Outcome::Abort)
    );
    assert!(violation.nodes.contains(&participant_node(0)));
    // Two-phase commit in the same partition blocks instead, and stays correct.
    let blocking = TxnSettings {
        variant: Variant::TwoPhase,
        ..settings
    };
    let step = CrashStep::CoordinatorAfterVotes(3);
    let at_ms = step_instant(&blocking, &network, 1, &[], TXN, step).unwrap();
    let mut sim = TxnScenario.build(&blocking, &network, 1);
    sim.schedule(ScheduledAction {
        at_ms,
        action: actions[0].action.clone(),
    });
    sim.schedule(actions[1].clone());
    sim.run_until(5_000);
    assert!(sim.violation().is_none());
    for p in 0..3 {
        assert_eq!(
            sim.view().durable(participant_node(p)).decision(TXN),
            Some(Outcome::Commit)
        );
    }
}

#[test]
fn each_broken_preset_shows_its_failure() {
    for (preset, property) in [
        (TxnPreset::BrokenEarlyCommit, VALIDITY),
        (TxnPreset::BrokenTimeoutAbort, ATOMICITY),
        (TxnPreset::BrokenSendBeforeLog, DURABILITY),
    ] {
        let settings = settings(preset);
        assert!(settings.variant.is_broken());
        let network = TxnScenario.default_network(&settings);
        let actions = TxnScenario.preset_actions(&settings);
        let mut sim = TxnScenario.build(&settings, &network, 1);
        for action in &actions {
            sim.schedule(action.clone());
        }
        sim.run_until(TxnScenario.horizon_ms(&settings, &actions));
        let violation = sim
            .violation()
            .unwrap_or_else(|| panic!("{}", preset.code()));
        assert_eq!(
            violation.invariant,
            property,
            "{}: {violation:?}",
            preset.code()
        );
        // The same faults under the correct protocol break nothing.
        let correct = TxnSettings {
            variant: Variant::TwoPhase,
            ..settings
        };
        let mut sim = TxnScenario.build(&correct, &network, 1);
        for action in &actions {
            sim.schedule(action.clone());
        }
        sim.run_until(TxnScenario.horizon_ms(&correct, &actions));
        assert!(
            sim.violation().is_none(),
            "{}: {:?}",
            preset.code(),
            sim.violation()
        );
    }
}

#[test]
fn every_correct_preset_finishes_cleanly() {
    for preset in TxnPreset::ALL {
        let settings = settings(preset);
        if settings.variant.is_broken() || preset == TxnPreset::ThreePhasePartition {
            continue;
        }
        let network = TxnScenario.default_network(&settings);
        let actions = TxnScenario.preset_actions(&settings);
        let expected_steps = preset.steps(settings.participants).len();
        let crashes_and_recoveries = actions.len();
        assert!(
            crashes_and_recoveries >= expected_steps,
            "{}: every step landed",
            preset.code()
        );
        for seed in 0..5 {
            let mut sim = TxnScenario.build(&settings, &network, seed);
            for action in &actions {
                sim.schedule(action.clone());
            }
            sim.run_until(TxnScenario.horizon_ms(&settings, &actions));
            assert!(
                sim.violation().is_none(),
                "{} seed {seed}: {:?}",
                preset.code(),
                sim.violation()
            );
            assert!(
                in_doubt(&sim.view()).is_empty(),
                "{} seed {seed}",
                preset.code()
            );
            let figures = metrics(sim.trace(), sim.notes());
            assert_eq!(
                figures.committed + figures.aborted,
                figures.transactions.len() as u32,
                "{} seed {seed}: every transaction finished",
                preset.code()
            );
        }
    }
}
