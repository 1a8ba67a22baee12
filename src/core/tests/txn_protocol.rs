//! Two-phase commit as a student sees it run: the messages of a commit and of an abort, presumed abort,
//! locks held from prepare to the decision and the transactions that wait for them, a run that survives
//! duplication, the legend, the link codec and the size of every preset's trace.
use distlab_core::scenario::{read_run, write_run, RunSpec, Scenario};
use distlab_core::sim::*;
use distlab_core::txn::*;

fn settings(preset: TxnPreset) -> TxnSettings {
    TxnSettings::of_preset(preset)
}

/// Runs the settings' preset (its network and faults, plus `extra`) to its horizon.
fn run(settings: &TxnSettings, seed: u64, extra: &[ScheduledAction]) -> Sim<TxnNode> {
    let network = TxnScenario.default_network(settings);
    let mut actions = TxnScenario.preset_actions(settings);
    actions.extend_from_slice(extra);
    let mut sim = TxnScenario.build(settings, &network, seed);
    for action in &actions {
        sim.schedule(action.clone());
    }
    sim.run_until(TxnScenario.horizon_ms(settings, &actions));
    sim
}

fn decision(sim: &Sim<TxnNode>, node: NodeId, txn: u32) -> Option<Outcome> {
    sim.view().durable(node).decision(TxnId(txn))
}

fn sent_kinds(sim: &Sim<TxnNode>) -> Vec<&'static str> {
    sim.trace()
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Send { kind, from, to, .. } if *from != CLIENT && *to != CLIENT => {
                Some(*kind)
            }
            _ => None,
        })
        .collect()
}

fn count(kinds: &[&str], kind: &str) -> usize {
    kinds.iter().filter(|k| **k == kind).count()
}

#[test]
fn a_commit_takes_four_messages_per_participant_and_everyone_logs_it() {
    for participants in PARTICIPANTS_MIN..=PARTICIPANTS_MAX {
        let settings = TxnSettings {
            participants,
            ..settings(TxnPreset::AllCommit)
        };
        let sim = run(&settings, 3, &[]);
        assert!(sim.violation().is_none(), "{:?}", sim.violation());
        let kinds = sent_kinds(&sim);
        let n = participants as usize;
        for kind in ["prepare", "vote-yes", "commit", "ack"] {
            assert_eq!(count(&kinds, kind), n, "{kind} with {n} participants");
        }
        assert_eq!(kinds.len(), 4 * n, "{kinds:?}");
        let coordinator = &sim.view().durable(COORDINATOR).records;
        assert_eq!(
            coordinator.iter().map(LogRecord::code).collect::<Vec<_>>(),
            ["begin", "commit", "end"]
        );
        for p in 0..participants {
            let log = &sim.view().durable(participant_node(p)).records;
            assert_eq!(
                log.iter().map(LogRecord::code).collect::<Vec<_>>(),
                ["prepared", "commit"]
            );
        }
        assert_eq!(decision(&sim, CLIENT, 1), Some(Outcome::Commit));
    }
}

#[test]
fn one_no_vote_aborts_everyone_and_presumed_abort_sends_no_acknowledgements() {
    let sim = run(&settings(TxnPreset::OneVotesNo), 1, &[]);
    assert!(sim.violation().is_none());
    for p in 0..3 {
        assert_eq!(decision(&sim, participant_node(p), 1), Some(Outcome::Abort));
    }
    assert_eq!(decision(&sim, CLIENT, 1), Some(Outcome::Abort));
    let kinds = sent_kinds(&sim);
    assert_eq!(count(&kinds, "vote-no"), 1);
    assert_eq!(count(&kinds, "vote-yes"), 2);
    // The refuser is not told (it aborted already), nobody acknowledges an abort, and the refuser never
    // logged `prepared`: it aborted alone, before voting.
    assert_eq!(count(&kinds, "abort"), 2);
    assert_eq!(count(&kinds, "ack"), 0);
    assert_eq!(
        sim.view().durable(participant_node(2)).records,
        vec![LogRecord::Abort { txn: TxnId(1) }]
    );
    // The coordinator's abort is not forced: no `end`, and nothing waits for it.
    assert!(!sim.view().durable(COORDINATOR).ended(TxnId(1)));
}

#[test]
fn a_participant_that_crashes_before_voting_is_presumed_to_abort() {
    let sim = run(&settings(TxnPreset::ParticipantCrashBeforeVote), 1, &[]);
    assert!(sim.violation().is_none());
    // The coordinator gave up waiting for its vote and aborted the others.
    for p in 0..2 {
        assert_eq!(decision(&sim, participant_node(p), 1), Some(Outcome::Abort));
    }
    // It recovered with nothing in its log: no `prepared`, so nothing to ask about and nothing locked.
    let crashed = participant_node(2);
    assert!(sim.view().durable(crashed).records.is_empty());
    let state = sim.view().node(crashed).as_participant().unwrap().clone();
    assert_eq!(state.lock_held_by, None);
}

#[test]
fn a_second_transaction_on_a_locked_key_waits_in_line_then_runs() {
    // Transaction 1 touches every participant; transaction 2 (participant 0 only) arrives while
    // participant 0 holds the lock for transaction 1.
    let settings = settings(TxnPreset::AllCommit);
    let begin_second = ScheduledAction {
        at_ms: 110,
        action: Action::Command {
            node: CLIENT,
            command: CommandRecord::with_arg("begin", 0b001),
        },
    };
    let sim = run(&settings, 1, &[begin_second]);
    assert!(sim.violation().is_none());
    let p0 = participant_node(0);
    let waited = sim.trace().events.iter().any(|e| match &e.kind {
        EventKind::State { node, note, .. } if *node == p0 => {
            let note = &sim.notes()[*note as usize];
            note.lock_held_by == Some(TxnId(1)) && note.lock_waiters == vec![TxnId(2)]
        }
        _ => false,
    });
    assert!(waited, "transaction 2 never waited behind transaction 1");
    assert_eq!(decision(&sim, p0, 1), Some(Outcome::Commit));
    assert_eq!(decision(&sim, p0, 2), Some(Outcome::Commit));
    // Transaction 2 was prepared only after transaction 1 committed at participant 0.
    let log = &sim.view().durable(p0).records;
    let commit_1 = log
        .iter()
        .position(|r| *r == LogRecord::Commit { txn: TxnId(1) });
    let prepared_2 = log
        .iter()
        .position(|r| matches!(r, LogRecord::Prepared { txn, .. } if *txn == TxnId(2)));
    assert!(commit_1 < prepared_2, "{log:?}");
    let figures = metrics(sim.trace(), sim.notes());
    assert_eq!(figures.lock_waits.len(), 1);
    assert!(figures.lock_waits[0].until_ms.is_some());
}

#[test]
fn a_transaction_waiting_too_long_for_a_lock_votes_no() {
    // The coordinator is down from just after it logged commit until 3 s: participants hold their locks
    // in doubt, and transaction 2, whose prepare got out before the crash, waits, gives up and votes no.
    let settings = settings(TxnPreset::CoordinatorCrashAfterLoggingCommit);
    let begin_second = ScheduledAction {
        at_ms: 120,
        action: Action::Command {
            node: CLIENT,
            command: CommandRecord::with_arg("begin", 0b011),
        },
    };
    let network = TxnScenario.default_network(&settings);
    let crash = crash_at_step_with(
        &settings,
        &network,
        1,
        std::slice::from_ref(&begin_second),
        TxnId(1),
        CrashStep::CoordinatorAfterLoggingDecision,
    )
    .expect("the crash lands after the commit record");
    let mut sim = TxnScenario.build(&settings, &network, 1);
    for action in [
        begin_second,
        crash,
        ScheduledAction {
            at_ms: 3_000,
            action: Action::Recover { node: COORDINATOR },
        },
    ] {
        sim.schedule(action);
    }
    sim.run_until(5_000);
    assert!(sim.violation().is_none(), "{:?}", sim.violation());
    for p in 0..3 {
        assert_eq!(
            decision(&sim, participant_node(p), 1),
            Some(Outcome::Commit)
        );
    }
    for p in 0..2 {
        let log = &sim.view().durable(participant_node(p)).records;
        assert_eq!(decision(&sim, participant_node(p), 2), Some(Outcome::Abort));
        assert!(
            log.iter()
                .all(|r| !matches!(r, LogRecord::Prepared { txn, .. } if *txn == TxnId(2))),
            "transaction 2 never got the lock, so it never prepared: {log:?}"
        );
    }
    let figures = metrics(sim.trace(), sim.notes());
    let waits: Vec<_> = figures
        .lock_waits
        .iter()
        .filter(|w| w.txn == TxnId(2))
        .collect();
    assert_eq!(waits.len(), 2);
    for wait in waits {
        let waited_ms = wait.until_ms.unwrap() - wait.from_ms;
        assert!((790..=810).contains(&waited_ms), "{wait:?}");
    }
}

#[test]
fn duplicated_and_reordered_messages_change_no_outcome() {
    let mut settings = settings(TxnPreset::Stream);
    settings.participants = 4;
    for variant in [Variant::TwoPhase, Variant::Cooperative, Variant::ThreePhase] {
        settings.variant = variant;
        let network = NetworkConfig {
            latency_ms_min: 5,
            latency_ms_max: 80,
            duplicate_probability: 0.3,
            ..NetworkConfig::default()
        };
        for seed in 0..20 {
            let mut sim = TxnScenario.build(&settings, &network, seed);
            sim.run_until(TxnScenario.horizon_ms(&settings, &[]));
            assert!(
                sim.violation().is_none(),
                "{variant:?} seed {seed}: {:?}",
                sim.violation()
            );
            let figures = metrics(sim.trace(), sim.notes());
            assert_eq!(figures.transactions.len(), 40);
            assert_eq!(
                figures.committed + figures.aborted,
                40,
                "{variant:?} seed {seed}"
            );
        }
    }
}

#[test]
fn the_same_run_gives_the_same_trace() {
    for preset in TxnPreset::ALL {
        let digest = |seed| run(&settings(preset), seed, &[]).digest();
        assert_eq!(digest(11), digest(11), "{}", preset.code());
    }
}

#[test]
fn every_preset_stays_under_a_hundred_thousand_events_and_speaks_the_legend() {
    let legend = TxnScenario.legend();
    for preset in TxnPreset::ALL {
        let sim = run(&settings(preset), 5, &[]);
        assert!(
            sim.trace().len() < 100_000,
            "{}: {} events",
            preset.code(),
            sim.trace().len()
        );
        for event in &sim.trace().events {
            match &event.kind {
                EventKind::Send { kind, detail, .. } => {
                    assert!(legend.message(kind).is_some(), "{kind}");
                    assert!(
                        detail.starts_with('#') && detail[1..].parse::<u32>().is_ok(),
                        "{detail}"
                    );
                }
                EventKind::State { state, .. } => assert!(legend.state(state).is_some(), "{state}"),
                EventKind::Violation { invariant, .. } => {
                    assert!(
                        legend.properties.contains(&invariant.as_str()),
                        "{invariant}"
                    )
                }
                _ => {}
            }
        }
    }
    // The longest run a link can ask for: seven participants, the cooperative variant (the chattiest
    // in doubt), a stream, and the coordinator down for the whole run after the first transaction.
    let settings = TxnSettings {
        variant: Variant::Cooperative,
        ..settings(TxnPreset::Stream)
    };
    let crash = ScheduledAction {
        at_ms: 300,
        action: Action::Crash { node: COORDINATOR },
    };
    let late = ScheduledAction {
        at_ms: HORIZON_MS_MAX,
        action: Action::Recover { node: COORDINATOR },
    };
    let sim = run(&settings, 5, &[crash, late]);
    assert_eq!(sim.now(), HORIZON_MS_MAX);
    assert!(sim.trace().len() < 100_000, "{} events", sim.trace().len());
}

#[test]
fn the_legend_names_every_kind_state_role_command_and_property() {
    let legend = TxnScenario.legend();
    let kinds: Vec<_> = legend.messages.iter().map(|e| e.code).collect();
    for kind in [
        "begin",
        "prepare",
        "vote-yes",
        "vote-no",
        "pre-commit",
        "commit",
        "abort",
        "ack",
        "decision-query",
        "decision-reply",
    ] {
        assert!(kinds.contains(&kind), "{kind}");
    }
    let states: Vec<_> = legend.states.iter().map(|e| e.code).collect();
    assert_eq!(states, TxnState::ALL.map(TxnState::code));
    assert_eq!(legend.roles, ["client", "coordinator", "participant"]);
    assert_eq!(
        legend.commands.iter().map(|c| c.code).collect::<Vec<_>>(),
        ["begin", "stream", "refuse"]
    );
    assert_eq!(legend.properties, PROPERTIES);
    let roles = TxnScenario.roles(&settings(TxnPreset::Stream));
    assert_eq!(roles.len(), 9);
    assert_eq!((roles[0].role, roles[1].role), ("client", "coordinator"));
    assert!(roles[2..]
        .iter()
        .enumerate()
        .all(|(i, r)| r.role == "participant" && r.ordinal == i as u32 + 1));
}

#[test]
fn settings_round_trip_through_a_link_and_fall_back_to_the_preset() {
    let spec = RunSpec {
        settings: TxnSettings {
            variant: Variant::Cooperative,
            participants: 5,
            stream: true,
            vote_no_percent: 25,
            log_write_ms: 30,
            vote_timeout_ms: 700,
            in_doubt_timeout_ms: 900,
            ..settings(TxnPreset::CooperativeHelps)
        },
        seed: Some(9),
        network: NetworkConfig::default(),
        actions: vec![ScheduledAction {
            at_ms: 500,
            action: Action::Command {
                node: CLIENT,
                command: TxnCommand::Begin {
                    participants: ParticipantSet(0b10110),
                }
                .to_record(),
            },
        }],
    };
    let params = write_run(&TxnScenario, &spec);
    let (again, problems) = read_run(&TxnScenario, &params, &[]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(again, spec);
    // A link naming only a preset gets the preset's own settings and faults.
    let link = distlab_core::share::Params(vec![
        ("preset".into(), "3pc-partition".into()),
        ("participants".into(), "12".into()),
    ]);
    let (read, problems) = read_run(&TxnScenario, &link, &[]);
    assert_eq!(
        problems.len(),
        1,
        "participants 12 is out of range: {problems:?}"
    );
    assert_eq!(read.settings, settings(TxnPreset::ThreePhasePartition));
    assert_eq!(read.settings.variant, Variant::ThreePhase);
    assert!(matches!(read.actions[0].action, Action::Partition { .. }));
    // Commands for the wrong role, or out of range, are refused.
    for (node, command) in [
        (COORDINATOR, CommandRecord::with_arg("begin", 3)),
        (CLIENT, CommandRecord::with_arg("begin", 300)),
        (CLIENT, CommandRecord::new("refuse")),
    ] {
        let bad = RunSpec {
            actions: vec![ScheduledAction {
                at_ms: 1,
                action: Action::Command { node, command },
            }],
            ..spec.clone()
        };
        let (_, problems) = read_run(&TxnScenario, &write_run(&TxnScenario, &bad), &[]);
        assert_eq!(problems.len(), 1, "{node}");
    }
}

#[test]
fn commands_begin_refuse_and_switch_the_stream() {
    let settings = settings(TxnPreset::AllCommit);
    let command = |at_ms, node, command: TxnCommand| ScheduledAction {
        at_ms,
        action: Action::Command {
            node,
            command: command.to_record(),
        },
    };
    let sim = run(
        &settings,
        2,
        &[
            command(400, participant_node(1), TxnCommand::Refuse),
            command(
                500,
                CLIENT,
                TxnCommand::Begin {
                    participants: ParticipantSet(0b1111_1110),
                },
            ),
            command(1_000, CLIENT, TxnCommand::Stream { on: true }),
            command(1_450, CLIENT, TxnCommand::Stream { on: false }),
        ],
    );
    assert!(sim.violation().is_none());
    let client = sim.view().durable(CLIENT);
    // Transaction 2 touched participants 1 and 2 only (the bits past the third participant are dropped)
    // and participant 1 refused it.
    assert_eq!(client.begun(TxnId(2)), Some(ParticipantSet(0b110)));
    assert_eq!(client.decision(TxnId(2)), Some(Outcome::Abort));
    // The stream began one transaction every 100 ms from 1,100 ms until it was switched off at 1,450 ms.
    assert_eq!(client.begin_count(), 2 + 4);
}

#[test]
fn before_the_first_event_every_node_is_idle_with_an_empty_log() {
    let sim = run(&settings(TxnPreset::AllCommit), 7, &[]);
    let at_start = view_at(sim.trace(), 0);
    assert_eq!(at_start.nodes.len() as u32, sim.trace().node_count);
    for node in &at_start.nodes {
        let note = node
            .note
            .and_then(|i| sim.notes().get(i as usize))
            .expect("every node has a note at event 0");
        assert_eq!(node.state, "idle");
        assert_eq!(note.state, TxnState::Idle);
        assert!(note.log.is_empty() && note.lock_held_by.is_none());
    }
    // Roles as the layout gives them: one client, one coordinator, the participants.
    let roles: Vec<Role> = at_start
        .nodes
        .iter()
        .map(|node| sim.notes()[node.note.unwrap() as usize].role)
        .collect();
    assert_eq!(roles.iter().filter(|r| **r == Role::Coordinator).count(), 1);
    assert_eq!(roles.iter().filter(|r| **r == Role::Client).count(), 1);
    // The same picture from the index the UI scrubs with.
    assert_eq!(
        ViewIndex::build(sim.trace()).view_at(sim.trace(), 0),
        at_start
    );
}
