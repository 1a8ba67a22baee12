use distlab_core::check::{CheckOutcome, CheckProgress, Checker};
use distlab_core::txn::check::{TxnCheckSettings, TxnFaults};
use distlab_core::txn::Variant;
use std::time::Instant;

#[test]
fn explore() {
    let variants: Vec<Variant> = match std::env::var("TXN_VARIANTS") {
        Ok(v) => Variant::ALL.into_iter().filter(|x| v.split(',').any(|c| c == x.code())).collect(),
        Err(_) => Variant::ALL.to_vec(),
    };
    for variant in variants {
        for participants in [2, 3] {
            for faults in [TxnFaults::NONE, TxnFaults::SMALL] {
                let settings = TxnCheckSettings {
                    variant,
                    participants,
                    faults,
                    ..TxnCheckSettings::default()
                };
                let start = Instant::now();
                let mut checker = Checker::new(settings.model());
                let report = loop {
                    match checker.run_batch(10_000) {
                        CheckProgress::Done(r) => break Some(r),
                        CheckProgress::Running { distinct_states, max_depth, .. } if distinct_states > 1_000_000 => {
                            eprintln!("{variant:?} n={participants} {}: >1M states, depth {max_depth}", faults.drops_max);
                            break None;
                        }
                        _ => {}
                    }
                };
                let Some(report) = report else { continue };
                let secs = start.elapsed().as_secs_f64();
                let verdict = match &report.outcome {
                    CheckOutcome::AllSatisfy => "ok".to_string(),
                    CheckOutcome::Violation { path, violation } => {
                        format!("{} len {}", violation.invariant, path.len())
                    }
                    CheckOutcome::Stuck { .. } => "stuck".into(),
                };
                eprintln!(
                    "{:?} n={} faults={:?}: {} states, {} gen, depth {}, blocked {}, {:.3}s ({:.0}/s) {}",
                    variant, participants, faults.drops_max, report.distinct_states, report.states_generated,
                    report.max_depth, report.counts[0].states, secs, report.states_generated as f64 / secs, verdict
                );
            }
        }
    }
}
