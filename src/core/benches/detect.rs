//! Failure detection throughput: 12 heartbeating nodes for 20 s of virtual time (about 62,000 trace events),
//! reported as trace events per second, plus the metrics fold over that trace.
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use distlab_core::detect::{metrics, preset, scenario, DetectConfig, Preset};
use distlab_core::sim::NetworkConfig;
use std::time::Duration;

const NODES: u32 = 12;
const RUN_MS: u64 = 20_000;

fn config() -> DetectConfig {
    DetectConfig {
        node_count: NODES,
        ..DetectConfig::default()
    }
}

fn detect(c: &mut Criterion) {
    let config = config();
    let events = {
        let mut sim = scenario(&config, NetworkConfig::default(), 7);
        sim.run_until(RUN_MS);
        sim.trace().len()
    };
    let mut group = c.benchmark_group("detect");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(8));
    group.throughput(Throughput::Elements(events));
    group.bench_function("simulate-12-nodes-20s", |b| {
        b.iter(|| {
            let mut sim = scenario(&config, NetworkConfig::default(), black_box(7));
            sim.run_until(RUN_MS);
            assert_eq!(sim.trace().len(), events);
            sim
        })
    });
    let plan = preset(Preset::SlowNetwork, NODES);
    let mut slow = plan.sim(7);
    slow.run_until(RUN_MS);
    group.throughput(Throughput::Elements(slow.trace().len()));
    group.bench_function("metrics-slow-network-12-nodes-20s", |b| {
        b.iter(|| metrics(black_box(slow.trace()), slow.notes(), &plan.config))
    });
    group.finish();
}

criterion_group!(benches, detect);
criterion_main!(benches);
