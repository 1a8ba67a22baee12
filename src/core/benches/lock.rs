//! Lock explorer throughput: one explored run of five looping clients (the explorer's fault budget, its
//! 6 s horizon, both properties), per variant family. The browser's explorer wants at least 1,000 runs/s
//! over all its workers, so a run should take well under a millisecond natively.
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use distlab_core::lock::{explore_budget, LockPreset, LockScenario, LockSettings, Variant};
use distlab_core::scenario::Scenario;
use distlab_core::sim::{random_faults, NetworkConfig};
use std::time::Duration;

fn settings(variant: Variant) -> LockSettings {
    LockSettings {
        variant,
        clients: 5,
        ..LockPreset::Custom.settings()
    }
}

/// One explored run, as the explorer makes it: build, draw the seed's faults, run to the horizon.
fn explored_run(settings: &LockSettings, network: &NetworkConfig, seed: u64) -> u64 {
    let budget = explore_budget(settings.variant);
    let mut sim = LockScenario.build(settings, network, seed);
    for action in random_faults(seed, sim.node_count(), sim.network(), &budget) {
        sim.schedule(action);
    }
    sim.run_until(budget.horizon_ms);
    sim.trace().len()
}

fn lock(c: &mut Criterion) {
    let mut group = c.benchmark_group("lock");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(100));
    for variant in [Variant::LeaseFencing, Variant::QueueLock, Variant::Redlock] {
        let settings = settings(variant);
        let network = LockScenario.default_network(&settings);
        group.bench_function(
            format!("explore-100-runs-5-clients-{}", variant.code()),
            |b| {
                b.iter(|| {
                    (0..100u64)
                        .map(|seed| explored_run(&settings, &network, black_box(seed)))
                        .sum::<u64>()
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, lock);
criterion_main!(benches);
