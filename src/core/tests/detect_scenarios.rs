//! The failure-detection protocol in whole runs: detection bounds, false suspicions (and a checker that can
//! fail), partitions, GC pauses, the slow network, determinism and trace size.
use distlab_core::detect::*;
use distlab_core::sim::{view_at, Action, NetworkConfig, NodeId, ScheduledAction, Sim, TimeMs};
use proptest::prelude::*;

fn run(sim: &mut Sim<HeartbeatNode>, until_ms: TimeMs) -> &Sim<HeartbeatNode> {
    sim.run_until(until_ms);
    sim
}

fn figures(sim: &Sim<HeartbeatNode>, config: &DetectConfig) -> DetectMetrics {
    metrics(sim.trace(), sim.notes(), config)
}

fn preset_metrics(kind: Preset, node_count: u32, seed: u64, variant: PhiVariant) -> DetectMetrics {
    let plan = preset(kind, node_count);
    let mut sim = plan.sim_with_variant(seed, variant);
    figures(run(&mut sim, plan.horizon_ms), &plan.config)
}

/// Every observer's verdicts after the events up to and including `time_ms`.
fn views_at_time(sim: &Sim<HeartbeatNode>, time_ms: TimeMs) -> Vec<ObserverView> {
    let trace = sim.trace();
    let cursor = trace.events.partition_point(|e| e.time_ms <= time_ms) as u64;
    views_at(&view_at(trace, cursor), sim.notes())
}

fn verdict(views: &[ObserverView], observer: u32, peer: u32, detector: Detector) -> Verdict {
    views[observer as usize]
        .peers
        .iter()
        .find(|p| p.peer == NodeId(peer))
        .map(|p| p.verdict(detector))
        .unwrap_or_else(|| panic!("n{observer} has no view of n{peer}"))
}

/// Worst case for phi on a calm network: heartbeats every `h` with one-way latency in `[lo, hi]` arrive
/// `h ± (hi − lo)` apart (the bootstrap samples `h ± h/4` fall inside too when `h/4 ≤ hi − lo`), so the
/// window's mean is at most `h + (hi − lo)` and its deviation at most `hi − lo`. φ grows with
/// (silence − mean) / deviation, so the largest mean and deviation give the latest crossing. The last
/// heartbeat reaches an observer at most `hi` after the crash, and the verdict is taken at the next check.
fn phi_detection_bound_ms(config: &DetectConfig, network: &NetworkConfig) -> TimeMs {
    let spread_ms =
        (network.latency_ms_max - network.latency_ms_min).max(config.heartbeat_every_ms / 4);
    let mean_ms = (config.heartbeat_every_ms + spread_ms + config.acceptable_pause_ms) as f64;
    let std_dev_ms = (spread_ms.max(config.phi_min_std_dev_ms)) as f64;
    let crossing_ms =
        silence_for_phi_ms(config.phi_threshold, mean_ms, std_dev_ms).ceil() as TimeMs;
    network.latency_ms_max + crossing_ms + config.check_every_ms
}

/// The brief's bound for the fixed timeout: timeout + heartbeat interval + max latency + check interval.
fn fixed_detection_bound_ms(config: &DetectConfig, network: &NetworkConfig) -> TimeMs {
    config.timeout_ms + config.heartbeat_every_ms + network.latency_ms_max + config.check_every_ms
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A node crashing on a calm network is suspected by every live observer within the bounds, by both
    /// detectors, then marked down by all of them; nobody else is ever suspected.
    #[test]
    fn a_clean_crash_is_detected_within_bounds(
        seed in any::<u64>(),
        node_count in 3u32..=12,
        crashed in 0u32..12,
        crash_at_ms in 500u64..3_000,
    ) {
        let crashed = NodeId(crashed % node_count);
        let config = DetectConfig { node_count, ..DetectConfig::default() };
        let network = NetworkConfig::default();
        let mut sim = scenario(&config, network.clone(), seed);
        sim.schedule(ScheduledAction { at_ms: crash_at_ms, action: Action::Crash { node: crashed } });
        let figures = figures(run(&mut sim, crash_at_ms + 3_000), &config);
        let bounds = [
            (Detector::FixedTimeout, fixed_detection_bound_ms(&config, &network)),
            (Detector::PhiAccrual, phi_detection_bound_ms(&config, &network)),
        ];
        for (detector, bound_ms) in bounds {
            let figures = figures.detector(detector);
            prop_assert_eq!(figures.detections.len(), 1);
            let detection = &figures.detections[0];
            prop_assert_eq!(detection.node, crashed);
            let suspected_ms = detection.suspected_after_ms;
            prop_assert!(
                suspected_ms.is_some_and(|ms| ms <= bound_ms),
                "{:?}: suspected after {:?}, bound {} ms", detector, suspected_ms, bound_ms
            );
            let down_ms = detection.down_after_ms;
            prop_assert!(
                down_ms.is_some_and(|ms| ms <= bound_ms + config.confirm_ms + config.check_every_ms),
                "{:?}: down after {:?}", detector, down_ms
            );
            prop_assert_eq!(figures.false_suspicions, 0, "{:?}: {:?}", detector, figures.false_suspicion_list);
            // Only the crashed node was ever suspected, once by each other node.
            prop_assert_eq!(figures.suspicions, u64::from(node_count - 1));
        }
    }

    /// Same (config, seed, actions) gives the same trace, for every preset.
    #[test]
    fn the_same_seed_gives_the_same_trace(seed in any::<u64>(), which in 0usize..5, node_count in 3u32..=12) {
        let plan = preset(Preset::ALL[which], node_count);
        let horizon_ms = plan.horizon_ms.min(6_000);
        let mut first = plan.sim(seed);
        let mut second = plan.sim(seed);
        let first_digest = run(&mut first, horizon_ms).digest();
        prop_assert_eq!(first_digest, run(&mut second, horizon_ms).digest());
        let mut other = plan.sim(seed.wrapping_add(1));
        prop_assert_ne!(first_digest, run(&mut other, horizon_ms).digest());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// With no faults and no loss, neither detector ever suspects anyone.
    #[test]
    fn a_calm_network_gives_no_suspicion_at_all(seed in any::<u64>(), node_count in 3u32..=12) {
        let config = DetectConfig { node_count, ..DetectConfig::default() };
        let mut sim = scenario(&config, NetworkConfig::default(), seed);
        let figures = figures(run(&mut sim, 5_000), &config);
        for detector in Detector::ALL {
            prop_assert_eq!(figures.detector(detector).suspicions, 0, "{:?}", detector);
            prop_assert_eq!(figures.detector(detector).false_suspicions, 0, "{:?}", detector);
        }
        let expected = figures.heartbeats_per_second_expected;
        prop_assert!((figures.heartbeats_per_second - expected).abs() <= 0.05 * expected,
            "{} heartbeats/s, expected about {}", figures.heartbeats_per_second, expected);
    }
}

#[test]
fn a_partition_makes_both_sides_suspect_each_other_until_it_heals() {
    for seed in 0..12u64 {
        for node_count in [4u32, 5, 9] {
            let plan = preset(Preset::Partition, node_count);
            let mut sim = plan.sim(seed);
            let trace = run(&mut sim, plan.horizon_ms);
            let half = node_count / 2;
            let side = |node: u32| node < half;
            let before_heal = views_at_time(trace, 5_990);
            let at_end = views_at_time(trace, plan.horizon_ms);
            for observer in 0..node_count {
                for peer in (0..node_count).filter(|p| *p != observer) {
                    for detector in Detector::ALL {
                        let during = verdict(&before_heal, observer, peer, detector);
                        if side(observer) == side(peer) {
                            assert_eq!(during, Verdict::Up, "seed {seed}: n{observer} on n{peer}");
                        } else {
                            assert_eq!(
                                during,
                                Verdict::Down,
                                "seed {seed}: n{observer} on n{peer}"
                            );
                        }
                        assert_eq!(
                            verdict(&at_end, observer, peer, detector),
                            Verdict::Up,
                            "seed {seed}: n{observer} on n{peer} after the heal ({detector:?})"
                        );
                    }
                }
            }
            let figures = figures(trace, &plan.config);
            let cut_pairs = u64::from(2 * half * (node_count - half));
            for detector in Detector::ALL {
                assert_eq!(figures.detector(detector).suspicions, cut_pairs);
                assert_eq!(figures.detector(detector).false_suspicions, 0);
            }
        }
    }
}

#[test]
fn a_gc_pause_longer_than_the_timeout_is_suspected_then_forgiven() {
    for seed in 0..16u64 {
        let plan = preset(Preset::GcPause, 5);
        let mut sim = plan.sim(seed);
        let trace = run(&mut sim, plan.horizon_ms).clone();
        let paused = 2u32;
        for observer in (0..5).filter(|o| *o != paused) {
            let mut seen = Vec::new();
            for time_ms in (1_900..=plan.horizon_ms).step_by(50) {
                seen.push((
                    time_ms,
                    verdict(
                        &views_at_time(&trace, time_ms),
                        observer,
                        paused,
                        Detector::FixedTimeout,
                    ),
                ));
            }
            let suspected_while_paused = seen
                .iter()
                .any(|(t, v)| (2_000..3_000).contains(t) && *v == Verdict::Suspected);
            assert!(
                suspected_while_paused,
                "seed {seed}: n{observer} saw {seen:?}"
            );
            assert!(
                seen.iter().all(|(_, v)| *v != Verdict::Down),
                "a 1 s pause is shorter than timeout + confirm"
            );
            assert_eq!(seen.last().map(|(_, v)| *v), Some(Verdict::Up));
        }
        let figures = figures(&trace, &plan.config);
        for detector in Detector::ALL {
            // Four observers suspected the paused node; the paused node, thanks to its local-pause guard,
            // suspected nobody when it woke up.
            assert_eq!(figures.detector(detector).suspicions, 4, "seed {seed}");
            assert_eq!(
                figures.detector(detector).false_suspicions,
                0,
                "seed {seed}"
            );
        }
    }
}

#[test]
fn the_slow_network_fools_the_fixed_timeout_more_than_phi() {
    let (mut fixed_total, mut phi_total) = (0, 0);
    for seed in 0..10u64 {
        let figures = preset_metrics(Preset::SlowNetwork, 5, seed, PhiVariant::Standard);
        let fixed = figures.fixed_timeout.false_suspicions;
        let phi = figures.phi_accrual.false_suspicions;
        assert!(fixed > phi, "seed {seed}: fixed {fixed}, phi {phi}");
        fixed_total += fixed;
        phi_total += phi;
    }
    assert!(
        fixed_total >= 3 * phi_total,
        "fixed {fixed_total}, phi {phi_total} over 10 seeds"
    );
}

#[test]
fn the_checker_catches_a_phi_detector_that_ignores_variance() {
    for seed in 0..10u64 {
        let correct = preset_metrics(Preset::SlowNetwork, 5, seed, PhiVariant::Standard);
        let broken = preset_metrics(Preset::SlowNetwork, 5, seed, PhiVariant::IgnoresVariance);
        assert!(
            broken.phi_accrual.false_suspicions > 2 * correct.phi_accrual.false_suspicions.max(1),
            "seed {seed}: broken {}, correct {}",
            broken.phi_accrual.false_suspicions,
            correct.phi_accrual.false_suspicions
        );
        // The fixed timeout did not change: both runs saw the same heartbeats.
        assert_eq!(
            broken.fixed_timeout.false_suspicions,
            correct.fixed_timeout.false_suspicions
        );
    }
}

#[test]
fn the_checker_catches_a_timeout_shorter_than_the_heartbeat_interval() {
    let config = DetectConfig {
        timeout_ms: 80,
        ..DetectConfig::default()
    };
    assert!(config.validate().is_err(), "the settings check refuses it");
    for seed in 0..5u64 {
        let mut sim = scenario(&config, NetworkConfig::default(), seed);
        let figures = figures(run(&mut sim, 3_000), &config);
        let list = &figures.fixed_timeout.false_suspicion_list;
        assert!(
            figures.fixed_timeout.false_suspicions >= 20,
            "seed {seed}: {list:?}"
        );
        assert_eq!(list.len() as u64, figures.fixed_timeout.false_suspicions);
        assert_eq!(figures.phi_accrual.false_suspicions, 0);
    }
}

#[test]
fn a_flapping_node_is_suspected_at_every_crash() {
    for seed in 0..10u64 {
        let figures = preset_metrics(Preset::FlappingNode, 5, seed, PhiVariant::Standard);
        for detector in Detector::ALL {
            let figures = figures.detector(detector);
            assert_eq!(figures.detections.len(), 4);
            for detection in &figures.detections {
                // A new incarnation resets phi's history, so the outage gaps do not blunt it.
                assert!(
                    detection.suspected_after_ms.is_some_and(|ms| ms <= 500),
                    "seed {seed} {detector:?}: {detection:?}"
                );
                assert!(detection.recovered_at_ms.is_some());
            }
            // Crashes of 1.8 s and 1.5 s are confirmed; those of 0.6 s and 0.5 s are not.
            let confirmed: Vec<bool> = figures
                .detections
                .iter()
                .map(|d| d.down_after_ms.is_some())
                .collect();
            assert_eq!(
                confirmed,
                [true, false, true, false],
                "seed {seed} {detector:?}"
            );
            assert!(figures.mean_detection_ms.is_some());
            assert_eq!(
                figures.false_suspicions, 0,
                "{:?}",
                figures.false_suspicion_list
            );
        }
    }
}

#[test]
fn phi_climbs_after_a_crash_and_the_chart_shows_it() {
    let plan = preset(Preset::CleanCrash, 4);
    let mut sim = plan.sim(3);
    let trace = run(&mut sim, plan.horizon_ms);
    let series = phi_series(trace.trace(), trace.notes(), NodeId(0), NodeId(1));
    assert!(series.len() > 30, "{} points", series.len());
    assert!(series.windows(2).all(|w| w[0].0 <= w[1].0));
    let before: Vec<f64> = series
        .iter()
        .filter(|(t, _)| *t < 2_000)
        .map(|(_, v)| *v)
        .collect();
    assert!(before.iter().all(|v| *v < plan.config.phi_threshold));
    let after: Vec<f64> = series
        .iter()
        .filter(|(t, _)| *t >= 2_100)
        .map(|(_, v)| *v)
        .collect();
    assert!(after.windows(2).all(|w| w[1] >= w[0]), "{after:?}");
    assert!(after.last().is_some_and(|v| *v > plan.config.phi_threshold));
    // The notes as the UI reads them: n0's last note names its peers in id order.
    let end = view_at(trace.trace(), trace.trace().len());
    let n0 = &end.nodes[0];
    assert_eq!(n0.state, WATCHING_STATE);
    let note = &trace.notes()[n0.note.expect("n0 noted") as usize];
    let peers: Vec<NodeId> = note.peers.iter().map(|p| p.peer).collect();
    assert_eq!(peers, [NodeId(1), NodeId(2), NodeId(3)]);
    assert!(note.peers[0].phi_value > plan.config.phi_threshold);
    let views = views_at(&end, trace.notes());
    assert!(views[1].peers.is_empty(), "a crashed node has no view");
    assert_eq!(verdict(&views, 0, 1, Detector::FixedTimeout), Verdict::Down);
    assert_eq!(verdict(&views, 3, 2, Detector::PhiAccrual), Verdict::Up);
}

#[test]
fn twelve_nodes_for_twenty_seconds_stay_under_100000_events() {
    for seed in [1u64, 2] {
        let config = DetectConfig {
            node_count: 12,
            ..DetectConfig::default()
        };
        let mut calm = scenario(&config, NetworkConfig::default(), seed);
        let calm_events = run(&mut calm, 20_000).trace().len();
        assert!(calm_events < 100_000, "{calm_events} events");
        // The busiest preset: verdicts flip often, so notes are more frequent.
        let plan = preset(Preset::SlowNetwork, 12);
        let mut slow = plan.sim(seed);
        let slow_events = run(&mut slow, 20_000).trace().len();
        assert!(slow_events < 100_000, "{slow_events} events");
    }
}

/// Ten thousand seeded runs with random crashes, recoveries, restarts and partitions on a calm network: no
/// detector ever suspects a peer that nothing stood between (no false suspicion), and every crash that lasts
/// longer than a detector's bound (the run's only crash, before any partition) is suspected within it. (The broken φ variant is caught by
/// `phi_that_ignores_variance_is_caught` on the slow network.)
#[test]
fn ten_thousand_faulty_runs_never_suspect_a_healthy_peer() {
    use distlab_core::sim::{random_faults, FaultBudget};
    let config = DetectConfig {
        node_count: 5,
        ..DetectConfig::default()
    };
    let network = NetworkConfig::default();
    let budget = FaultBudget {
        crashes_max: 2,
        pauses_max: 0,
        partitions_max: 1,
        message_faults_max: 0,
        clock_jumps_max: 0,
        horizon_ms: 3_000,
    };
    let bounds = [
        (
            Detector::FixedTimeout,
            fixed_detection_bound_ms(&config, &network),
        ),
        (
            Detector::PhiAccrual,
            phi_detection_bound_ms(&config, &network),
        ),
    ];
    let mut crashes_timed = 0u32;
    for seed in 0..10_000u64 {
        let mut sim = scenario(&config, network.clone(), seed);
        let actions = random_faults(seed, config.node_count, &network, &budget);
        // φ's bound assumes a history of regular heartbeats: a partition before the crash leaves long gaps in
        // it (φ then widens its estimate, by design), so only crashes before any partition are timed.
        let first_partition_ms = actions
            .iter()
            .filter(|a| matches!(a.action, Action::Partition { .. }))
            .map(|a| a.at_ms)
            .min()
            .unwrap_or(TimeMs::MAX);
        // An observer that itself restarts near the crash has heard nothing from the crashed node since it
        // started, so the bounds hold for runs with one crash.
        let one_crash = actions
            .iter()
            .filter(|a| matches!(a.action, Action::Crash { .. } | Action::Restart { .. }))
            .count()
            == 1;
        for action in actions {
            sim.schedule(action);
        }
        let figures = figures(run(&mut sim, budget.horizon_ms), &config);
        for (detector, bound_ms) in bounds {
            let figures = figures.detector(detector);
            assert_eq!(
                figures.false_suspicions, 0,
                "seed {seed} {detector:?}: {:?}",
                figures.false_suspicion_list
            );
            for crash in &figures.detections {
                let down_for_ms = crash
                    .recovered_at_ms
                    .unwrap_or(budget.horizon_ms)
                    .saturating_sub(crash.crashed_at_ms);
                if one_crash && down_for_ms > bound_ms && crash.crashed_at_ms < first_partition_ms {
                    crashes_timed += 1;
                    assert!(
                        crash.suspected_after_ms.is_some_and(|ms| ms <= bound_ms),
                        "seed {seed} {detector:?}: {crash:?} (bound {bound_ms} ms)"
                    );
                }
            }
        }
    }
    assert!(
        crashes_timed > 500,
        "only {crashes_timed} crashes were timed"
    );
}
