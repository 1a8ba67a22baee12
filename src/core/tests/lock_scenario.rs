//! The lock panel's seam: settings round-trip through links with limits, roles and commands, the legend
//! names everything a run shows, the explorer is offered only where it can find something, and the state
//! types stay ready for the model checker.
use distlab_core::lock::*;
use distlab_core::scenario::{read_run, write_run, RunSpec, Scenario};
use distlab_core::share::{validate_actions, ActionLimits, Params, ShareError};
use distlab_core::sim::{
    Action, Command, CommandRecord, EventKind, NetworkConfig, NodeId, ScheduledAction,
};
use proptest::prelude::*;
use std::collections::BTreeSet;

fn params(pairs: &[(&str, &str)]) -> Params {
    Params(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

#[test]
fn a_link_names_the_preset_and_overrides_its_values() {
    let link = params(&[
        ("preset", "gc-pause"),
        ("variant", "lease-fencing"),
        ("pause", "2500"),
        ("watchdog", "on"),
    ]);
    let (spec, problems) = read_run(&LockScenario, &link, &[]);
    assert!(problems.is_empty(), "{problems:?}");
    let expected = LockSettings {
        variant: Variant::LeaseFencing,
        pause_ms: 2_500,
        watchdog: true,
        ..LockPreset::GcPause.settings()
    };
    assert_eq!(spec.settings, expected);
    // The preset's actions follow the settings: client 1 pauses for 2.5 s.
    assert!(spec.actions.iter().any(|a| matches!(
        a.action,
        Action::Pause {
            duration_ms: 2_500,
            ..
        }
    )));
    let (again, _) = read_run(&LockScenario, &write_run(&LockScenario, &spec), &[]);
    assert_eq!(again, spec);
}

#[test]
fn bad_values_fall_back_with_a_problem_each() {
    let link = params(&[
        ("clients", "11"),
        ("variant", "zookeeper"),
        ("lease", "abc"),
        ("drift", "600000"),
        ("loop", "maybe"),
    ]);
    let (spec, problems) = read_run(&LockScenario, &link, &[]);
    assert_eq!(spec.settings, LockSettings::default());
    assert_eq!(problems.len(), 5, "{problems:?}");
    assert!(problems
        .iter()
        .any(|p| matches!(p, ShareError::SettingOutOfRange { param, .. } if param == "clients")));
    assert!(problems
        .iter()
        .any(|p| matches!(p, ShareError::UnknownChoice { param, .. } if param == "variant")));
}

#[test]
fn the_layout_puts_lock_nodes_first_then_the_storage_then_the_clients() {
    let redlock = LockSettings {
        variant: Variant::Redlock,
        clients: 3,
        ..LockSettings::default()
    };
    let roles = LockScenario.roles(&redlock);
    let names: Vec<_> = roles.iter().map(|r| (r.role, r.ordinal)).collect();
    assert_eq!(
        names,
        [
            ("redlock-node", 1),
            ("redlock-node", 2),
            ("redlock-node", 3),
            ("redlock-node", 4),
            ("redlock-node", 5),
            ("storage", 1),
            ("client", 1),
            ("client", 2),
            ("client", 3),
        ]
    );
    let local = LockSettings {
        variant: Variant::LocalHash,
        ..redlock
    };
    assert_eq!(LockScenario.roles(&local)[0].role, "storage");
    let single = LockSettings {
        variant: Variant::Lease,
        ..redlock
    };
    assert_eq!(LockScenario.roles(&single)[0].role, "service");
    assert_eq!(single.layout().client_ordinal(NodeId(2)), Some(1));
    assert_eq!(single.layout().client_ordinal(NodeId(1)), None);
}

#[test]
fn acquire_is_a_client_command() {
    let record = LockCommand::Acquire.to_record();
    assert_eq!(
        LockCommand::from_record(&record),
        Some(LockCommand::Acquire)
    );
    assert_eq!(
        LockCommand::from_record(&CommandRecord::with_arg("acquire", 1)),
        None
    );
    let settings = LockSettings::default();
    let roles = LockScenario.roles(&settings);
    let limits = ActionLimits {
        node_count: LockScenario.node_count(&settings),
        roles: &roles,
        commands: LockScenario.legend().commands,
    };
    let command = |node| {
        vec![ScheduledAction {
            at_ms: 10,
            action: Action::Command {
                node: NodeId(node),
                command: record.clone(),
            },
        }]
    };
    assert_eq!(validate_actions(&command(2), &limits), Ok(()));
    assert!(matches!(
        validate_actions(&command(0), &limits),
        Err(ShareError::WrongCommandTarget { .. })
    ));
}

#[test]
fn client_3_acquires_when_told() {
    let settings = LockSettings {
        clients: 3,
        looping: false,
        ..LockPreset::Custom.settings()
    };
    let network = NetworkConfig::default();
    let mut sim = lock_sim(&settings, &network, 1, Checks::all(5_000));
    let three = settings.layout().client(3);
    sim.schedule(ScheduledAction {
        at_ms: 500,
        action: Action::Command {
            node: three,
            command: LockCommand::Acquire.to_record(),
        },
    });
    sim.run_until(5_000);
    let log = &sim.view().durable(settings.layout().storage()).storage;
    let holds: BTreeSet<_> = log.entries.iter().map(|e| e.hold.client).collect();
    assert_eq!(holds, BTreeSet::from([three]), "only client 3 asked");
    assert_eq!(log.value, 1);
}

#[test]
fn the_legend_names_every_message_state_role_and_property_a_run_shows() {
    let legend = LockScenario.legend();
    let mut kinds = BTreeSet::new();
    let mut states = BTreeSet::new();
    let mut variants_seen = BTreeSet::new();
    let runs = LockPreset::ALL
        .into_iter()
        .map(|p| p.settings())
        .chain(Variant::ALL.map(|variant| LockSettings {
            variant,
            watchdog: true,
            ..LockPreset::Custom.settings()
        }));
    for settings in runs {
        variants_seen.insert(settings.variant);
        let network = LockScenario.default_network(&settings);
        let mut sim = LockScenario.build(&settings, &network, 5);
        for action in LockScenario.preset_actions(&settings) {
            sim.schedule(action);
        }
        // A crash and a pause too, so sessions expire and leases lapse.
        let client = settings.layout().client(1);
        sim.schedule(ScheduledAction {
            at_ms: 1_000,
            action: Action::Pause {
                node: client,
                duration_ms: 2_500,
            },
        });
        sim.run_until(LockScenario.horizon_ms(&settings, &[]) + 4_000);
        for event in &sim.trace().events {
            match &event.kind {
                EventKind::Send { kind, .. } => {
                    kinds.insert(*kind);
                }
                EventKind::State { state, .. } => {
                    states.insert(*state);
                }
                EventKind::Violation { invariant, .. } => {
                    assert!(legend.properties.contains(&invariant.as_str()))
                }
                _ => {}
            }
        }
        for role in LockScenario.roles(&settings) {
            assert!(legend.roles.contains(&role.role));
        }
    }
    // A holder paused before its grant arrives reads after the next holder: its read is refused.
    let settings = LockPreset::GcPauseFencing.settings();
    let network = LockScenario.default_network(&settings);
    let mut sim = LockScenario.build(&settings, &network, 5);
    for mut action in LockScenario.preset_actions(&settings) {
        if matches!(action.action, Action::Pause { .. }) {
            action.at_ms = 30;
        }
        sim.schedule(action);
    }
    sim.run_until(5_000);
    let refused = sim.trace().events.iter().any(|e| {
        matches!(
            e.kind,
            EventKind::Send {
                kind: "read-rejected",
                ..
            }
        )
    });
    assert!(refused);
    kinds.insert("read-rejected");
    assert_eq!(variants_seen.len(), Variant::ALL.len());
    for kind in &kinds {
        assert!(
            legend.message(kind).is_some(),
            "message kind {kind} not in the legend"
        );
    }
    for state in &states {
        assert!(
            legend.state(state).is_some(),
            "state {state} not in the legend"
        );
    }
    let shown: BTreeSet<_> = legend.messages.iter().map(|e| e.code).collect();
    let unseen: Vec<_> = shown.difference(&kinds).collect();
    assert!(unseen.is_empty(), "legend kinds never sent: {unseen:?}");
    for state in ClientState::ALL {
        assert!(legend.state(state.code()).is_some());
    }
}

#[test]
fn the_explorer_is_offered_to_looping_clients_and_searches_the_variants_clocks() {
    let story = LockPreset::GcPause.settings();
    assert_eq!(LockScenario.explore_plan(&story), None);
    let plan = LockScenario
        .explore_plan(&story.exploring())
        .expect("looping clients are explored");
    assert!(plan.budget.pauses_max > 0 && plan.budget.clock_jumps_max > 0);
    let check_then_set = LockSettings {
        variant: Variant::CheckThenSet,
        ..story.exploring()
    };
    let plan = LockScenario.explore_plan(&check_then_set).expect("a plan");
    assert_eq!(plan.budget.clock_jumps_max, 0, "nobody reads a clock");
    let erased = distlab_core::scenario::AnySettings::new(story.exploring());
    let (mut job, _) = distlab_core::scenario::DynScenario::explorer(&LockScenario, &erased, 1)
        .expect("an explorer");
    assert!(matches!(
        job.run_batch(500),
        distlab_core::sim::ExploreProgress::Found(_)
            | distlab_core::sim::ExploreProgress::Shrinking { .. }
    ));
}

#[test]
fn a_run_through_the_erased_seam_carries_its_typed_notes() {
    let (spec, _) = distlab_core::scenario::DynScenario::read(
        &LockScenario,
        &params(&[("preset", "gc-pause")]),
        &[],
    );
    let run = distlab_core::scenario::DynScenario::run(&LockScenario, &spec, 3);
    assert_eq!(
        run.violation.as_ref().map(|v| v.invariant.as_str()),
        Some(MUTUAL_EXCLUSION)
    );
    let notes = run.notes::<LockNote>();
    assert!(notes.iter().any(|n| n.storage().is_some()));
    let figures = metrics(&run.trace, notes);
    assert_eq!(figures.safety_violations, 1);
    assert_eq!(figures.lost_updates, 1);
}

/// The model checker will need every state type to be `Clone + Hash + Eq` (and messages and timers `Ord`).
#[test]
fn state_types_are_ready_for_the_model_checker() {
    fn checkable<T: Clone + std::hash::Hash + Eq + Ord>() {}
    checkable::<LockNode>();
    checkable::<LockMsg>();
    checkable::<LockTimer>();
    checkable::<LockDurable>();
}

fn any_settings() -> impl Strategy<Value = LockSettings> {
    (
        0..LockPreset::ALL.len(),
        0..Variant::ALL.len(),
        CLIENTS_MIN..=CLIENTS_MAX,
        0..RetryPolicy::ALL.len(),
        LEASE_MS_MIN..=LEASE_MS_MAX,
        WORK_MS_MIN..=WORK_MS_MAX,
        RETRY_MS_MIN..=RETRY_MS_MAX,
        0..=PAUSE_MS_MAX,
        0..=DRIFT_MAX_PPM,
        any::<(bool, bool)>(),
    )
        .prop_map(
            |(preset, variant, clients, retry, lease, work, backoff, pause, drift, (w, l))| {
                LockSettings {
                    preset: LockPreset::ALL[preset],
                    variant: Variant::ALL[variant],
                    clients,
                    retry: RetryPolicy::ALL[retry],
                    lease_ms: lease,
                    work_ms: work,
                    retry_ms: backoff,
                    pause_ms: pause,
                    drift_ppm: drift,
                    watchdog: w,
                    looping: l,
                }
            },
        )
}

proptest! {
    /// Any settings in range write a link that reads back as the same settings, without a problem.
    #[test]
    fn settings_round_trip_through_a_link(settings in any_settings(), seed in any::<u64>()) {
        let network = LockScenario.default_network(&settings);
        let spec = RunSpec { settings, seed: Some(seed), network, actions: LockScenario.preset_actions(&settings) };
        let (again, problems) = read_run(&LockScenario, &write_run(&LockScenario, &spec), &[]);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        prop_assert_eq!(again, spec);
    }
}
