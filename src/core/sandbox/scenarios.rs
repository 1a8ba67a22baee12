//! Ready-made runs of the sandbox protocol: the teaching preset and the fixed golden run.
use super::invariants::PongsNeverExceedPings;
use super::ping_pong::{PingPong, Variant};
use crate::sim::{Action, NetworkConfig, NodeId, ScheduledAction, Sim, TimeMs};

/// How far the caller runs [`golden_scenario`] before taking its digest.
pub const GOLDEN_RUN_MS: TimeMs = 1000;

/// `node_count` ping-pong nodes of one variant, checked by [`PongsNeverExceedPings`].
pub fn scenario(
    node_count: u32,
    variant: Variant,
    network: NetworkConfig,
    seed: u64,
) -> Sim<PingPong> {
    let nodes = (0..node_count).map(|_| PingPong::new(variant)).collect();
    Sim::new(nodes, network, seed).with_invariant(PongsNeverExceedPings)
}

/// The golden run's network: the default latencies with a little loss and duplication.
pub fn golden_network() -> NetworkConfig {
    NetworkConfig {
        loss_probability: 0.05,
        duplicate_probability: 0.05,
        ..NetworkConfig::default()
    }
}

/// The fixed run whose trace digest is committed in `tests/golden/sandbox.digest` and checked natively and in
/// wasm: 4 correct nodes, seed 42, n1 crashes at 250 ms and recovers at 600 ms, {n0,n1} | {n2,n3} from 400 ms
/// to 700 ms. The caller runs it to [`GOLDEN_RUN_MS`].
pub fn golden_scenario() -> Sim<PingPong> {
    let mut sim = scenario(4, Variant::Correct, golden_network(), 42);
    let actions = [
        (250, Action::Crash { node: NodeId(1) }),
        (
            400,
            Action::Partition {
                groups: vec![vec![NodeId(0), NodeId(1)], vec![NodeId(2), NodeId(3)]],
            },
        ),
        (600, Action::Recover { node: NodeId(1) }),
        (700, Action::Heal),
    ];
    for (at_ms, action) in actions {
        sim.schedule(ScheduledAction { at_ms, action });
    }
    sim
}
