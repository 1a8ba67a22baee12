//! Commit runs as the panel computes them: the longest presets (a stream of 40 transactions over seven
//! participants, calm and with a coordinator crash), reported as trace events per second, plus the
//! figures' fold over such a trace. The UI simulates a run once and then only draws it, so this is the
//! cost of a preset switch, not of a frame.
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use distlab_core::scenario::Scenario;
use distlab_core::sim::Sim;
use distlab_core::txn::{metrics, TxnNode, TxnPreset, TxnScenario, TxnSettings};
use std::time::Duration;

fn run(preset: TxnPreset, seed: u64) -> Sim<TxnNode> {
    let settings = TxnSettings::of_preset(preset);
    let network = TxnScenario.default_network(&settings);
    let actions = TxnScenario.preset_actions(&settings);
    let mut sim = TxnScenario.build(&settings, &network, seed);
    for action in &actions {
        sim.schedule(action.clone());
    }
    sim.run_until(TxnScenario.horizon_ms(&settings, &actions));
    sim
}

fn txn(c: &mut Criterion) {
    let mut group = c.benchmark_group("txn");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(5));
    for preset in [TxnPreset::Stream, TxnPreset::StreamCoordinatorCrash] {
        let events = run(preset, 7).trace().len();
        group.throughput(Throughput::Elements(events));
        group.bench_function(format!("simulate-{}", preset.code()), |b| {
            b.iter(|| {
                let sim = run(preset, black_box(7));
                assert_eq!(sim.trace().len(), events);
                sim
            })
        });
    }
    let sim = run(TxnPreset::StreamCoordinatorCrash, 7);
    group.throughput(Throughput::Elements(sim.trace().len()));
    group.bench_function("metrics-stream-coordinator-crash", |b| {
        b.iter(|| metrics(black_box(sim.trace()), black_box(sim.notes())))
    });
    group.finish();
}

criterion_group!(benches, txn);
criterion_main!(benches);
