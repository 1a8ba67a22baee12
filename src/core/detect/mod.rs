//! Failure detection: every node heartbeats every other node and judges each peer with two detectors side by
//! side, a fixed timeout and phi accrual (Hayashibara et al. 2004), so a student can see which one a slow
//! network fools and how quickly each notices a crash.
//!
//! - [`HeartbeatNode`] is the protocol; [`DetectConfig`] its settings; [`Preset`] / [`preset`] the teaching
//!   runs; [`metrics`] the figures (detection time, false suspicions, heartbeats per second), computed from
//!   the trace alone; [`phi_series`] and [`views_at`] what the UI draws.
//! - [`FixedTimeout`] and [`PhiAccrual`] are the detectors on their own, time always an argument.
//!
//! A crash noticed by everyone:
//!
//! ```
//! use distlab_core::detect::*;
//! use distlab_core::sim::NodeId;
//!
//! let run = preset(Preset::CleanCrash, 4);
//! let mut sim = run.sim(7);
//! sim.run_until(run.horizon_ms);
//! let figures = metrics(sim.trace(), sim.notes(), &run.config);
//! let crash = &figures.fixed_timeout.detections[0];
//! assert_eq!(crash.node, NodeId(1));
//! assert!(crash.suspected_after_ms.unwrap() <= 500);
//! assert_eq!(figures.phi_accrual.false_suspicions, 0);
//! // n0's view of n1 at the end, as the UI reads it from the trace:
//! let view = distlab_core::sim::view_at(sim.trace(), sim.trace().len());
//! let n0 = &views_at(&view, sim.notes())[0];
//! assert_eq!(n0.peers[0].peer, NodeId(1));
//! assert_eq!(n0.peers[0].verdict(Detector::PhiAccrual), Verdict::Down);
//! ```
pub mod challenges;
mod config;
mod heartbeat;
mod metrics;
mod phi;
mod presets;
mod scenario;
mod timeout;
pub mod tour;
mod verdict;

pub use config::{DetectConfig, MAX_NODE_COUNT, MIN_NODE_COUNT};
pub use heartbeat::{
    Heartbeat, HeartbeatCounters, HeartbeatNode, HeartbeatTimer, PeerWatch, WatchNote,
    PHI_NOTE_EVERY_MS, WATCHING_STATE,
};
pub use metrics::{
    metrics, phi_series, views_at, CrashDetection, DetectMetrics, DetectorMetrics, FalseSuspicion,
    ObserverView, PeerView,
};
pub use phi::{phi, silence_for_phi_ms, PhiAccrual, PhiSettings, PhiVariant};
pub use presets::{preset, scenario, scenario_with_variant, slow_network, Preset, PresetRun};
pub use scenario::{
    FailureSettings, FailuresScenario, NODES_DEFAULT, THRESHOLD_MAX, THRESHOLD_MIN, TIMEOUT_MS_MAX,
    TIMEOUT_MS_MIN,
};
pub use timeout::FixedTimeout;
pub use verdict::{Detector, Judgement, Verdict};
