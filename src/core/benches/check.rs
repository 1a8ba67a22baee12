//! Model-checker throughput: states generated (fingerprinted and deduplicated) per second on Lamport's
//! TwoPhase with 5 and 6 resource managers, one thread (budget: at least 1,000,000 natively; the browser
//! budget is TwoPhase with 5 RMs fully checked in under a second), and the commit panel's own protocol.
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use distlab_core::check::two_phase::{self, CommitRule};
use distlab_core::check::{CheckOutcome, Checker};
use distlab_core::txn::check::TxnCheckSettings;

fn check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    for rm_count in [5u32, 6] {
        let report = Checker::new(two_phase::model(rm_count, CommitRule::AllPrepared)).run_to_end();
        assert_eq!(report.outcome, CheckOutcome::AllSatisfy);
        eprintln!(
            "two-phase, {rm_count} RMs: {} distinct states, {} generated, depth {}",
            report.distinct_states, report.states_generated, report.max_depth
        );
        // Throughput counts every state generated: each is fingerprinted and looked up.
        group.throughput(Throughput::Elements(report.states_generated));
        group.bench_function(format!("two-phase-{rm_count}-rms"), |b| {
            b.iter(|| {
                let model = two_phase::model(black_box(rm_count), CommitRule::AllPrepared);
                Checker::new(model).run_to_end().distinct_states
            })
        });
    }
    // The commit panel's own protocol: two-phase commit, 3 participants, a coordinator crash and its
    // recovery and a lost message (the browser budget: well under 5 s).
    let settings = TxnCheckSettings::default();
    let report = Checker::new(settings.model()).run_to_end();
    assert_eq!(report.outcome, CheckOutcome::AllSatisfy);
    eprintln!(
        "txn 2pc, 3 participants, small budget: {} distinct states, {} generated",
        report.distinct_states, report.states_generated
    );
    group.throughput(Throughput::Elements(report.states_generated));
    group.bench_function("txn-2pc-3-participants", |b| {
        b.iter(|| {
            Checker::new(black_box(settings).model())
                .run_to_end()
                .distinct_states
        })
    });
    group.finish();
}

criterion_group!(benches, check);
criterion_main!(benches);
