use distlab_core::check::{CheckOutcome, Checker};
use distlab_core::txn::check::{TxnCheckSettings, TxnFaults};
use distlab_core::txn::Variant;
use std::time::Instant;

#[test]
fn explore() {
    for variant in Variant::ALL {
        for participants in [2, 3] {
            for faults in [TxnFaults::NONE, TxnFaults::SMALL] {
                let settings = TxnCheckSettings {
                    variant,
                    participants,
                    faults,
                    ..TxnCheckSettings::default()
                };
                let start = Instant::now();
                let report = Checker::new(settings.model()).run_to_end();
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
