//! Kernel throughput: steps per second on a many-node gossip workload (budget: at least 1,000,000 natively).
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use distlab_core::sim::{Io, Label, Message, NetworkConfig, NoCommand, NodeId, Protocol, Sim};

const NODES: u32 = 64;
const STEPS: u64 = 50_000;
const GOSSIP_EVERY_MS: u64 = 10;

/// "My counter is this high."
#[derive(Clone, Debug)]
struct Rumour(u64);

impl Message for Rumour {
    fn kind(&self) -> &'static str {
        "rumour"
    }
}

/// Each node bumps its counter on a timer and tells a random peer; peers keep the highest value heard.
#[derive(Clone, Debug)]
struct Gossip {
    highest: u64,
}

#[derive(Clone, Debug, PartialEq)]
struct Tick;

impl Protocol for Gossip {
    type Msg = Rumour;
    type Timer = Tick;
    type Durable = ();
    type Note = Label;
    type Command = NoCommand;

    fn on_start(&mut self, io: &mut Io<'_, Self>) {
        let first_ms = 1 + io.random_below(GOSSIP_EVERY_MS);
        io.set_timer(Tick, first_ms);
    }

    fn on_message(&mut self, _io: &mut Io<'_, Self>, _from: NodeId, msg: Rumour) {
        self.highest = self.highest.max(msg.0);
    }

    fn on_timer(&mut self, io: &mut Io<'_, Self>, _timer: Tick) {
        self.highest += 1;
        let peer = NodeId(io.random_below(u64::from(io.node_count())) as u32);
        io.send(peer, Rumour(self.highest));
        io.set_timer(Tick, GOSSIP_EVERY_MS);
    }
}

fn gossip_sim(seed: u64) -> Sim<Gossip> {
    let nodes = (0..NODES).map(|_| Gossip { highest: 0 }).collect();
    let network = NetworkConfig {
        loss_probability: 0.01,
        duplicate_probability: 0.01,
        ..NetworkConfig::default()
    };
    Sim::new(nodes, network, seed)
}

fn kernel(c: &mut Criterion) {
    let mut group = c.benchmark_group("kernel");
    group.throughput(Throughput::Elements(STEPS));
    group.bench_function("gossip-64-nodes", |b| {
        b.iter(|| {
            let mut sim = gossip_sim(black_box(7));
            let steps = sim.run_steps(STEPS);
            assert_eq!(steps, STEPS);
            sim
        })
    });
    group.finish();
}

criterion_group!(benches, kernel);
criterion_main!(benches);
