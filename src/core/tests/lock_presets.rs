//! Each lock preset shows what its teaching text will promise, for every seed the UI might draw (checked
//! over sixteen): the broken variants' failures, the GC pause corrupting storage without fencing and being
//! refused with it, the queue's single notification per handover against the herd, and the backoff
//! policies side by side.
use distlab_core::lock::*;
use distlab_core::scenario::Scenario;
use distlab_core::sim::{Action, EventKind, NodeId, Sim, Violation};

const SEEDS: std::ops::Range<u64> = 0..16;

/// The run the panel shows for these settings: the preset's network, actions and length.
fn run(settings: &LockSettings, seed: u64) -> Sim<LockNode> {
    run_with(settings, seed, |_| true)
}

/// The same, keeping only the preset's actions `keep` accepts.
fn run_with(settings: &LockSettings, seed: u64, keep: impl Fn(&Action) -> bool) -> Sim<LockNode> {
    let scenario = LockScenario;
    let network = scenario.default_network(settings);
    let mut sim = scenario.build(settings, &network, seed);
    let actions: Vec<_> = scenario
        .preset_actions(settings)
        .into_iter()
        .filter(|a| keep(&a.action))
        .collect();
    for action in &actions {
        sim.schedule(action.clone());
    }
    sim.run_until(scenario.horizon_ms(settings, &actions));
    sim
}

fn client(settings: &LockSettings, ordinal: u32) -> NodeId {
    settings.layout().client(ordinal)
}

fn storage<'a>(sim: &'a Sim<LockNode>, settings: &LockSettings) -> &'a StorageLog {
    &sim.view().durable(settings.layout().storage()).storage
}

/// The run broke mutual exclusion: `late` wrote inside a hold of `other`'s.
fn assert_overlap(
    violation: Option<&Violation>,
    late: NodeId,
    other: NodeId,
    settings: &LockSettings,
) {
    let violation = violation.expect("mutual exclusion is broken");
    assert_eq!(violation.invariant, MUTUAL_EXCLUSION, "{violation:?}");
    assert_eq!(
        violation.nodes,
        vec![late, other, settings.layout().storage()],
        "{violation:?}"
    );
    assert!(
        violation.detail.starts_with("write-inside-hold"),
        "{violation:?}"
    );
}

/// Client states as noted, in order, for one client.
fn states(sim: &Sim<LockNode>, node: NodeId) -> Vec<ClientState> {
    sim.trace()
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::State { node: n, note, .. } if *n == node => {
                sim.notes()[*note as usize].client().map(|c| c.state)
            }
            _ => None,
        })
        .collect()
}

/// Both clients, racing, overlap either way round: the second writer is caught.
fn assert_two_holders(sim: &Sim<LockNode>, settings: &LockSettings) {
    let (one, two) = (client(settings, 1), client(settings, 2));
    let violation = sim.violation().expect("two holders");
    assert_eq!(violation.invariant, MUTUAL_EXCLUSION);
    assert!(
        violation.nodes == vec![one, two, settings.layout().storage()]
            || violation.nodes == vec![two, one, settings.layout().storage()],
        "{violation:?}"
    );
    for node in [one, two] {
        assert!(states(sim, node).contains(&ClientState::Holding));
    }
}

#[test]
fn check_then_set_lets_two_clients_read_empty_and_both_hold() {
    let settings = LockPreset::CheckThenSet.settings();
    for seed in SEEDS {
        assert_two_holders(&run(&settings, seed), &settings);
    }
}

#[test]
fn the_timestamp_version_breaks_when_a_clock_runs_slow_and_holds_when_clocks_agree() {
    let skewed = LockPreset::TimestampSkew.settings();
    let in_step = LockSettings {
        drift_ppm: 0,
        ..skewed
    };
    for seed in SEEDS {
        // Client 1 asks at 2.15 s, but its clock says 1.72 s: smaller than client 2's version, so it wins.
        assert_overlap(
            run(&skewed, seed).violation(),
            client(&skewed, 1),
            client(&skewed, 2),
            &skewed,
        );
        let fair = run(&in_step, seed);
        assert_eq!(fair.violation(), None, "seed {seed}");
        assert_eq!(storage(&fair, &in_step).value, 2, "both increments kept");
    }
}

#[test]
fn a_process_local_lock_excludes_nobody_else() {
    let settings = LockPreset::LocalLock.settings();
    for seed in SEEDS {
        let sim = run(&settings, seed);
        assert_overlap(
            sim.violation(),
            client(&settings, 2),
            client(&settings, 1),
            &settings,
        );
    }
}

#[test]
fn set_nx_without_expiry_blocks_everyone_after_its_holder_crashes() {
    let settings = LockPreset::NoExpiryCrash.settings();
    for seed in SEEDS {
        let sim = run(&settings, seed);
        let violation = sim.violation().expect("no progress");
        assert_eq!(violation.invariant, PROGRESS, "{violation:?}");
        assert_eq!(
            violation.nodes,
            vec![client(&settings, 2), client(&settings, 3)]
        );
        assert!(storage(&sim, &settings)
            .entries
            .iter()
            .all(|e| e.hold.client == client(&settings, 1)));
        // Without the crash, all three get their turn.
        let calm = run_with(&settings, seed, |a| !matches!(a, Action::Crash { .. }));
        assert_eq!(calm.violation(), None, "seed {seed}");
        assert_eq!(storage(&calm, &settings).value, 3);
    }
}

#[test]
fn the_gc_pause_corrupts_the_storage_without_fencing_and_is_refused_with_it() {
    let lease = LockPreset::GcPause.settings();
    let fenced = LockSettings {
        variant: Variant::LeaseFencing,
        ..lease
    };
    assert_eq!(
        LockSettings {
            preset: LockPreset::GcPause,
            ..LockPreset::GcPauseFencing.settings()
        },
        fenced,
        "the fencing preset is the same story with tokens"
    );
    for seed in SEEDS {
        // Client 1 pauses past its lease, client 2 acquires and writes, client 1 wakes and writes.
        let corrupted = run(&lease, seed);
        assert_overlap(
            corrupted.violation(),
            client(&lease, 1),
            client(&lease, 2),
            &lease,
        );
        let log = storage(&corrupted, &lease);
        assert_eq!(
            (log.accepted_writes(), log.value),
            (2, 1),
            "an increment lost"
        );

        let safe = run(&fenced, seed);
        assert_eq!(safe.violation(), None, "seed {seed}");
        let log = storage(&safe, &fenced);
        let late = log.entries.last().expect("client 1's write");
        assert_eq!(late.hold.client, client(&fenced, 1));
        assert_eq!(late.token, Some(1));
        assert_eq!(late.outcome, Outcome::Rejected { highest: 2 });
        assert_eq!((log.accepted_writes(), log.value), (1, 1));
        assert_eq!(
            states(&safe, client(&fenced, 1)).last(),
            Some(&ClientState::Rejected)
        );
        let figures = metrics(safe.trace(), safe.notes());
        assert_eq!((figures.writes_rejected, figures.safety_violations), (1, 0));
        assert_eq!(figures.lease_expirations, 1);
    }
    // A pause shorter than the lease is harmless, even without fencing.
    let short = LockSettings {
        pause_ms: 300,
        ..lease
    };
    for seed in SEEDS {
        let sim = run(&short, seed);
        assert_eq!(sim.violation(), None, "seed {seed}");
        assert_eq!(storage(&sim, &short).value, 2);
    }
}

#[test]
fn the_watchdog_renews_through_long_work_but_not_through_a_pause() {
    let settings = LockPreset::WatchdogPause.settings();
    assert!(settings.work_ms > settings.lease_ms);
    for seed in SEEDS {
        let sim = run(&settings, seed);
        assert_overlap(
            sim.violation(),
            client(&settings, 2),
            client(&settings, 1),
            &settings,
        );
        // Without the pause the renewals carry client 1 through work longer than its lease.
        let calm = run_with(&settings, seed, |a| !matches!(a, Action::Pause { .. }));
        assert_eq!(calm.violation(), None, "seed {seed}");
        assert_eq!(storage(&calm, &settings).value, 2);
        let renewals = calm
            .trace()
            .events
            .iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    EventKind::Send {
                        kind: "extended",
                        ..
                    }
                )
            })
            .count();
        assert!(renewals >= 6, "{renewals} renewals");
    }
}

#[test]
fn redlock_breaks_when_a_nodes_clock_jumps_and_holds_without_the_jump() {
    let settings = LockPreset::RedlockClockJump.settings();
    for seed in SEEDS {
        let sim = run(&settings, seed);
        assert_overlap(
            sim.violation(),
            client(&settings, 2),
            client(&settings, 1),
            &settings,
        );
        // Without the jump, node 3 stays client 1's and client 2 never has a majority while client 1 holds.
        let calm = run_with(&settings, seed, |a| !matches!(a, Action::ClockJump { .. }));
        assert_eq!(calm.violation(), None, "seed {seed}");
        assert_eq!(storage(&calm, &settings).value, 2);
    }
}

#[test]
fn redlock_breaks_under_the_gc_pause_too() {
    let settings = LockPreset::RedlockPause.settings();
    for seed in SEEDS {
        let sim = run(&settings, seed);
        assert_overlap(
            sim.violation(),
            client(&settings, 1),
            client(&settings, 2),
            &settings,
        );
    }
}

#[test]
fn the_queue_wakes_one_waiter_per_handover_and_the_herd_wakes_them_all() {
    let queue = LockPreset::Queue.settings();
    let herd = LockPreset::Herd.settings();
    for seed in SEEDS {
        let queued = run(&queue, seed);
        let herded = run(&herd, seed);
        assert_eq!(queued.violation(), None);
        assert_eq!(herded.violation(), None);
        let q = metrics(queued.trace(), queued.notes());
        let h = metrics(herded.trace(), herded.notes());
        let per_handover = |m: &LockMetrics| m.notifications_per_handover.expect("handovers");
        assert!(per_handover(&q) <= 1.05, "queue: {q:?}");
        assert!(per_handover(&h) >= 3.0, "herd: {h:?}");
        assert!(h.messages_per_acquisition > q.messages_per_acquisition);
        assert!(
            q.fairness.expect("waits") < 1.6,
            "the queue is first come, first served"
        );
        assert_eq!(q.retries, 0);
        for figures in &q.clients {
            assert!(figures.acquisitions >= 2, "{figures:?}");
        }
    }
}

#[test]
fn contention_compares_the_backoff_policies_side_by_side() {
    let settings = LockPreset::Contention.settings();
    assert_eq!(settings.clients, 8);
    for seed in 0..4 {
        let columns = compare_policies(&settings, seed, 10_000);
        let by = |policy| {
            &columns
                .iter()
                .find(|c| c.policy == policy)
                .expect("every policy")
                .metrics
        };
        let (fixed, exponential, jitter, queue) = (
            by(RetryPolicy::Fixed),
            by(RetryPolicy::Exponential),
            by(RetryPolicy::FullJitter),
            by(RetryPolicy::Queue),
        );
        for spin in [fixed, exponential, jitter] {
            // The lock is the bottleneck: throughput is about the same however clients wait ...
            let ratio = spin.acquisitions_per_second / queue.acquisitions_per_second;
            assert!((0.8..1.3).contains(&ratio), "{ratio}");
            // ... but racing is unfair: someone waits far longer than in the queue.
            assert!(spin.wait_ms_p99 > queue.wait_ms_p99);
            assert!(spin.fairness > queue.fairness);
            assert_eq!(spin.safety_violations, 0);
        }
        // Backing off saves messages; polling at a fixed interval costs the most.
        let messages = |m: &LockMetrics| m.messages_per_acquisition.expect("acquisitions");
        assert!(messages(fixed) > 2.0 * messages(exponential));
        assert!(messages(fixed) > messages(jitter));
        assert_eq!(queue.retries, 0);
    }
}

#[test]
fn the_custom_preset_has_no_story_and_every_preset_replays_exactly() {
    assert!(preset_actions(&LockPreset::Custom.settings()).is_empty());
    for preset in LockPreset::ALL {
        let settings = preset.settings();
        assert_eq!(settings.preset, preset);
        let first = run(&settings, 7);
        assert_eq!(first.digest(), run(&settings, 7).digest(), "{preset:?}");
    }
    let custom = run(&LockPreset::Custom.settings(), 3);
    assert_eq!(custom.violation(), None);
    assert!(metrics(custom.trace(), custom.notes()).acquisitions > 10);
}

#[test]
fn every_variant_has_its_preset() {
    for variant in Variant::ALL {
        assert_eq!(LockPreset::for_variant(variant).settings().variant, variant);
    }
}
