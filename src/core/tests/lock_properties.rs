//! The lock's properties under random faults: the fenced lease and the queue lock never break mutual
//! exclusion (or progress) in ten thousand runs each with random pauses, delays, drops, duplicates, crashes,
//! partitions, clock jumps and drift; every broken variant's failure is found within a bounded number of
//! seeds and its shrunk counterexample replays; Redlock fails only with a pause or a clock fault; and
//! without faults every variant keeps making progress and the queue serves every client.
use distlab_core::lock::*;
use distlab_core::scenario::Scenario;
use distlab_core::sim::{
    explore, Counterexample, EventKind, ExploreResult, FaultBudget, NetworkConfig, Sim,
};
use proptest::prelude::*;

/// Five looping clients of `variant`, as the explorer searches them.
fn exploring(variant: Variant, drift_ppm: u32) -> LockSettings {
    LockSettings {
        variant,
        clients: 5,
        drift_ppm,
        retry: RetryPolicy::FullJitter,
        ..LockPreset::Custom.settings()
    }
}

fn build(settings: LockSettings) -> impl Fn(u64) -> Sim<LockNode> {
    let network = LockScenario.default_network(&settings);
    move |seed| LockScenario.build(&settings, &network, seed)
}

fn found(settings: LockSettings, budget: FaultBudget, seeds_max: u64) -> Counterexample {
    match explore(build(settings), 1, budget.clone(), seeds_max) {
        ExploreResult::Found(found) => {
            assert_replays(settings, &budget, &found);
            found
        }
        ExploreResult::NoneFound { runs } => {
            panic!("{:?}: nothing found in {runs} runs", settings.variant)
        }
    }
}

/// The shrunk counterexample, replayed from its seed and actions, fails the same way at the same point.
fn assert_replays(settings: LockSettings, budget: &FaultBudget, found: &Counterexample) {
    let mut replay = build(settings)(found.seed);
    for action in &found.actions {
        replay.schedule(action.clone());
    }
    replay.run_until(budget.horizon_ms);
    assert_eq!(replay.violation(), Some(&found.violation));
    assert_eq!(replay.trace().len(), found.trace_len);
    assert!(matches!(
        replay.trace().events.last().map(|e| &e.kind),
        Some(EventKind::Violation { .. })
    ));
    assert!(found.actions.len() <= found.actions_found as usize);
}

fn assert_none_found(settings: LockSettings, budget: FaultBudget, seeds: u64) {
    let result = explore(build(settings), 1, budget, seeds);
    assert_eq!(
        result,
        ExploreResult::NoneFound { runs: seeds },
        "{:?}",
        settings.variant
    );
}

/// The faults the properties are checked under, beyond the explorer's own: two crashes.
fn harsh(variant: Variant) -> FaultBudget {
    FaultBudget {
        crashes_max: 2,
        ..explore_budget(variant)
    }
}

#[test]
fn the_fenced_lease_never_breaks_mutual_exclusion_in_ten_thousand_faulty_runs() {
    assert_none_found(
        exploring(Variant::LeaseFencing, 50_000),
        harsh(Variant::LeaseFencing),
        10_000,
    );
}

#[test]
fn the_fenced_lease_with_its_watchdog_never_breaks_either() {
    let settings = LockSettings {
        watchdog: true,
        work_ms: 1_500,
        ..exploring(Variant::LeaseFencing, 50_000)
    };
    assert_none_found(settings, harsh(Variant::LeaseFencing), 2_000);
}

#[test]
fn the_queue_lock_never_breaks_mutual_exclusion_in_ten_thousand_faulty_runs() {
    assert_none_found(
        exploring(Variant::QueueLock, 50_000),
        harsh(Variant::QueueLock),
        10_000,
    );
}

#[test]
fn the_herd_is_safe_too() {
    assert_none_found(
        exploring(Variant::QueueHerd, 50_000),
        harsh(Variant::QueueHerd),
        2_000,
    );
}

#[test]
fn every_broken_variant_is_caught_within_a_few_hundred_seeds() {
    for variant in Variant::ALL.into_iter().filter(|v| v.is_broken()) {
        let counterexample = found(exploring(variant, 0), explore_budget(variant), 500);
        let expected = match variant.verdict() {
            Verdict::BrokenLiveness => PROGRESS,
            _ => MUTUAL_EXCLUSION,
        };
        assert_eq!(
            counterexample.violation.invariant, expected,
            "{variant:?}: {counterexample:?}"
        );
    }
}

#[test]
fn a_lease_breaks_only_when_a_pause_or_a_clock_outlasts_it() {
    let settings = exploring(Variant::Lease, 0);
    let calm = FaultBudget {
        pauses_max: 0,
        clock_jumps_max: 0,
        ..explore_budget(Variant::Lease)
    };
    assert_none_found(settings, calm.clone(), 2_000);
    let paused = FaultBudget {
        pauses_max: 2,
        ..calm
    };
    let counterexample = found(settings, paused, 1_000);
    assert!(counterexample
        .actions
        .iter()
        .any(|a| matches!(a.action, distlab_core::sim::Action::Pause { .. })));
}

#[test]
fn redlock_breaks_only_with_a_pause_or_a_clock_fault() {
    let settings = exploring(Variant::Redlock, 0);
    let calm = FaultBudget {
        pauses_max: 0,
        clock_jumps_max: 0,
        ..harsh(Variant::Redlock)
    };
    assert_none_found(settings, calm.clone(), 10_000);
    let with_pauses = FaultBudget {
        pauses_max: 2,
        ..calm.clone()
    };
    found(settings, with_pauses, 1_000);
    let with_clock_jumps = FaultBudget {
        clock_jumps_max: 2,
        ..calm.clone()
    };
    found(settings, with_clock_jumps, 1_000);
    // Drift beyond the 1 % Redlock allows for: the nodes' clocks run 30 % fast and client 1's 30 % slow, so
    // a hold that uses most of its validity outlives the nodes' leases.
    let drifting = LockSettings {
        lease_ms: 2_000,
        work_ms: 1_200,
        ..exploring(Variant::Redlock, 300_000)
    };
    found(drifting, calm, 1_000);
}

/// Fault-free runs with only the liveness properties (a broken variant's two holders do not stop them).
fn assert_live(settings: LockSettings, seeds: std::ops::Range<u64>, horizon_ms: u64) {
    let network = NetworkConfig::default();
    let checks = Checks {
        safety: false,
        liveness_until_ms: Some(horizon_ms),
    };
    for seed in seeds {
        let mut sim = lock_sim(&settings, &network, seed, checks);
        sim.run_until(horizon_ms);
        assert_eq!(
            sim.violation(),
            None,
            "{:?} {:?} seed {seed}",
            settings.variant,
            settings.retry
        );
    }
}

#[test]
fn without_faults_every_variant_keeps_making_progress() {
    for variant in Variant::ALL {
        for clients in [2, 5, 10] {
            let settings = LockSettings {
                clients,
                ..exploring(variant, 0)
            };
            assert_live(settings, 0..20, 20_000);
        }
    }
    for retry in [RetryPolicy::Fixed, RetryPolicy::Exponential] {
        let settings = LockSettings {
            retry,
            ..exploring(Variant::LeaseFencing, 0)
        };
        assert_live(settings, 0..50, 20_000);
    }
}

#[test]
fn without_faults_the_queue_serves_every_client_in_time() {
    for clients in [2, 5, 10] {
        let settings = LockSettings {
            clients,
            ..exploring(Variant::QueueLock, 0)
        };
        assert_live(settings, 0..50, 30_000);
    }
}

#[test]
fn a_stuck_lock_is_caught_by_the_progress_property() {
    // The checker can fail: SET NX without expiry and a holder that crashes for good.
    let settings = LockPreset::NoExpiryCrash.settings();
    let network = LockScenario.default_network(&settings);
    let mut sim = lock_sim(&settings, &network, 1, Checks::all(20_000));
    for action in preset_actions(&settings) {
        if !matches!(action.action, distlab_core::sim::Action::Recover { .. }) {
            sim.schedule(action);
        }
    }
    sim.run_until(20_000);
    let violation = sim.violation().expect("no progress");
    assert_eq!(violation.invariant, PROGRESS);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Whatever the settings, the fenced lease and the queue lock keep mutual exclusion under random
    /// faults.
    #[test]
    fn the_correct_variants_are_safe_for_any_settings(
        queue in any::<bool>(),
        clients in CLIENTS_MIN..=CLIENTS_MAX,
        lease_ms in 200u64..3_000,
        work_ms in WORK_MS_MIN..800,
        retry_ms in RETRY_MS_MIN..200,
        drift_ppm in 0u32..300_000,
        watchdog in any::<bool>(),
        policy in 0usize..3,
        first_seed in any::<u32>(),
    ) {
        let variant = if queue { Variant::QueueLock } else { Variant::LeaseFencing };
        let settings = LockSettings {
            variant,
            clients,
            lease_ms,
            work_ms,
            retry_ms,
            drift_ppm,
            watchdog,
            retry: RetryPolicy::ALL[policy],
            ..LockPreset::Custom.settings()
        };
        let network = NetworkConfig::default();
        let checks = Checks { safety: true, liveness_until_ms: None };
        let result = explore(
            |seed| lock_sim(&settings, &network, seed, checks),
            u64::from(first_seed),
            harsh(variant),
            20,
        );
        prop_assert_eq!(result, ExploreResult::NoneFound { runs: 20 });
    }
}
