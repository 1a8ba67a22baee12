//! The detectors on their own: phi accrual's shape and determinism, the fixed timeout, verdicts, settings
//! and preset names.
use distlab_core::detect::*;

fn settings() -> PhiSettings {
    PhiSettings {
        threshold: 8.0,
        window: 100,
        min_std_dev_ms: 10,
        acceptable_pause_ms: 0,
        expected_interval_ms: 100,
        variant: PhiVariant::Standard,
    }
}

/// A detector that has seen heartbeats every 90..=110 ms, the last one at 2,000 ms.
fn trained() -> PhiAccrual {
    let mut detector = PhiAccrual::new(settings(), 0);
    let mut arrival_ms = 0;
    for step in 0..20u64 {
        arrival_ms += 90 + (step * 7) % 21;
        detector.heartbeat(arrival_ms);
    }
    detector.heartbeat(2_000);
    detector
}

#[test]
fn phi_rises_monotonically_while_no_heartbeat_arrives() {
    let detector = trained();
    let mut previous = detector.phi(2_000);
    for now_ms in 2_001..6_000 {
        let value = detector.phi(now_ms);
        assert!(
            value >= previous,
            "phi fell from {previous} to {value} at {now_ms} ms"
        );
        assert!(value.is_finite(), "phi is {value} at {now_ms} ms");
        previous = value;
    }
    assert!(detector.phi(2_150) > detector.phi(2_100));
    assert!(detector.phi(2_300) > 8.0, "a 300 ms silence is suspicious");
    assert!(detector.is_suspect(2_300));
}

#[test]
fn phi_is_about_zero_right_after_an_arrival() {
    let mut detector = trained();
    assert!(detector.phi(2_000) < 1e-6, "phi = {}", detector.phi(2_000));
    assert!(detector.phi(2_090) > detector.phi(2_000));
    detector.heartbeat(2_095);
    assert!(detector.phi(2_095) < 1e-6, "phi = {}", detector.phi(2_095));
    // After a long silence the gap joins the window, so φ right after the next arrival is higher than
    // usual, but still far below any sensible threshold.
    assert!(detector.phi(5_000) > 8.0);
    detector.heartbeat(5_000);
    assert!(detector.phi(5_000) < 1.0, "phi = {}", detector.phi(5_000));
    assert!(!detector.is_suspect(5_000));
}

#[test]
fn phi_matches_the_logistic_formula_and_is_a_golden_value() {
    // Akka's direct form with the host's float functions, for comparison only.
    let reference = |silence: f64, mean: f64, std_dev: f64| {
        let y = (silence - mean) / std_dev;
        let e = (-y * (1.5976 + 0.070566 * y * y)).exp();
        if silence > mean {
            -(e / (1.0 + e)).log10()
        } else {
            -(1.0 - 1.0 / (1.0 + e)).log10()
        }
    };
    for (silence, mean, std_dev) in [
        (0.0, 100.0, 25.0),
        (100.0, 100.0, 25.0),
        (180.0, 100.0, 25.0),
        (250.0, 100.0, 25.0),
        (400.0, 200.0, 40.0),
    ] {
        let ours = phi(silence, mean, std_dev);
        let theirs = reference(silence, mean, std_dev);
        assert!(
            (ours - theirs).abs() <= 1e-9 * theirs.abs().max(1.0),
            "phi({silence}, {mean}, {std_dev}) = {ours}, Akka's form gives {theirs}"
        );
    }
    // phi is the same bit for bit on every target (libm only); if this changes, the detector changed.
    let value = phi(250.0, 100.0, 25.0);
    assert_eq!(
        value.to_bits(),
        GOLDEN_PHI_250_100_25_BITS,
        "phi(250, 100, 25) = {value} ({:#x})",
        value.to_bits()
    );
    assert_eq!(format!("{:.2}", phi(100.0, 100.0, 25.0)), "0.30");
}

const GOLDEN_PHI_250_100_25_BITS: u64 = 0x402590b10f486736;

#[test]
fn silence_for_phi_is_where_the_detector_starts_suspecting() {
    let detector = trained();
    let silence_ms = detector.suspect_after_ms();
    assert!(!detector.is_suspect(2_000 + silence_ms.floor() as u64 - 1));
    assert!(detector.is_suspect(2_000 + silence_ms.ceil() as u64));
}

#[test]
fn a_wider_spread_of_arrivals_makes_phi_more_patient() {
    let mut steady = PhiAccrual::new(settings(), 0);
    let mut jittery = PhiAccrual::new(settings(), 0);
    for step in 0..50u64 {
        steady.heartbeat(step * 100);
        jittery.heartbeat(step * 100 + (step * 37) % 90);
    }
    assert!(jittery.std_dev_ms() > steady.std_dev_ms());
    assert!(jittery.suspect_after_ms() > steady.suspect_after_ms());
    let broken = {
        let mut detector = PhiAccrual::new(
            PhiSettings {
                variant: PhiVariant::IgnoresVariance,
                ..settings()
            },
            0,
        );
        for step in 0..50u64 {
            detector.heartbeat(step * 100 + (step * 37) % 90);
        }
        detector
    };
    assert!(broken.suspect_after_ms() < jittery.suspect_after_ms());
}

#[test]
fn a_peer_never_heard_from_is_suspected_by_both_detectors() {
    let phi_detector = PhiAccrual::new(settings(), 1_000);
    let fixed = FixedTimeout::new(300, 1_000);
    assert!(!phi_detector.is_suspect(1_100) && !fixed.is_suspect(1_100));
    assert!(phi_detector.is_suspect(1_600) && fixed.is_suspect(1_600));
}

#[test]
fn judgement_goes_up_suspected_down_and_back_up() {
    let mut judgement = Judgement::default();
    assert!(!judgement.update(false, 0, 1_000));
    assert!(judgement.update(true, 300, 1_000));
    assert_eq!(judgement.verdict, Verdict::Suspected);
    assert!(!judgement.update(true, 1_299, 1_000));
    assert!(judgement.update(true, 1_300, 1_000));
    assert_eq!(judgement.verdict, Verdict::Down);
    assert!(judgement.update(false, 1_400, 1_000));
    assert_eq!(judgement.verdict, Verdict::Up);
    for verdict in [Verdict::Up, Verdict::Suspected, Verdict::Down] {
        assert_eq!(Verdict::parse(verdict.as_str()), Some(verdict));
    }
    assert_eq!(Verdict::parse("alive"), None);
}

#[test]
fn config_validation_names_the_setting_at_fault() {
    assert_eq!(DetectConfig::default().validate(), Ok(()));
    for preset_kind in Preset::ALL {
        for node_count in [3, 7, 12] {
            assert_eq!(preset(preset_kind, node_count).config.validate(), Ok(()));
            assert_eq!(preset(preset_kind, node_count).network.validate(), Ok(()));
        }
    }
    let cases: [(DetectConfig, &str); 7] = [
        (
            DetectConfig {
                node_count: 2,
                ..DetectConfig::default()
            },
            "nodes",
        ),
        (
            DetectConfig {
                node_count: 13,
                ..DetectConfig::default()
            },
            "nodes",
        ),
        (
            DetectConfig {
                timeout_ms: 80,
                ..DetectConfig::default()
            },
            "timeout",
        ),
        (
            DetectConfig {
                check_every_ms: 0,
                ..DetectConfig::default()
            },
            "check interval",
        ),
        (
            DetectConfig {
                phi_threshold: f64::NAN,
                ..DetectConfig::default()
            },
            "phi threshold",
        ),
        (
            DetectConfig {
                phi_window: 1,
                ..DetectConfig::default()
            },
            "phi window",
        ),
        (
            DetectConfig {
                heartbeat_every_ms: 0,
                ..DetectConfig::default()
            },
            "heartbeat interval",
        ),
    ];
    for (config, field) in cases {
        let message = config.validate().expect_err(field);
        assert!(
            message.starts_with(field),
            "{message:?} should name {field}"
        );
    }
}

#[test]
fn preset_codes_round_trip() {
    for preset_kind in Preset::ALL {
        assert_eq!(Preset::from_code(preset_kind.code()), Some(preset_kind));
    }
    assert_eq!(Preset::from_code("gc"), None);
    let codes: Vec<&str> = Preset::ALL.iter().map(|p| p.code()).collect();
    assert_eq!(
        codes,
        [
            "clean-crash",
            "slow-network",
            "partition",
            "flapping",
            "gc-pause"
        ]
    );
}
