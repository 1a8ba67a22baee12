//! [`DetectConfig`]: every knob of the failure-detection run, as plain data the UI can put in a link.
use crate::sim::TimeMs;
use serde::{Deserialize, Serialize};

/// The smallest cluster the failures panel runs: fewer than three nodes cannot show "both sides suspect".
pub const MIN_NODE_COUNT: u32 = 3;
/// The largest cluster: twelve nodes keep 20 s of heartbeats well under 100,000 trace events.
pub const MAX_NODE_COUNT: u32 = 12;

/// Settings of one failure-detection run: the heartbeat protocol and both detectors.
///
/// Both detectors see exactly the same heartbeats, so any difference in their verdicts comes from the
/// detectors alone. Check with [`DetectConfig::validate`] before running user input; the protocol never
/// panics on odd values, but they make runs meaningless (a timeout shorter than the heartbeat interval
/// suspects everyone all the time).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DetectConfig {
    /// How many nodes watch each other (3..=12); every node watches every other node.
    pub node_count: u32,
    /// Each node sends a heartbeat to every other node this often.
    pub heartbeat_every_ms: TimeMs,
    /// Each node re-evaluates both detectors for every peer this often.
    pub check_every_ms: TimeMs,
    /// Fixed-timeout detector: a peer is suspected after this long without a heartbeat.
    pub timeout_ms: TimeMs,
    /// Phi accrual detector: a peer is suspected once φ reaches this (8 ≈ one chance in 10⁸ of being wrong
    /// if inter-arrival times were really normally distributed).
    pub phi_threshold: f64,
    /// Phi accrual detector: how many recent inter-arrival times each observer keeps per peer.
    pub phi_window: u32,
    /// Phi accrual detector: floor of the standard deviation, so a very regular network does not make φ
    /// explode at the first late heartbeat (Akka's `min-std-deviation`).
    pub phi_min_std_dev_ms: TimeMs,
    /// Phi accrual detector: extra delay tolerated on top of the mean interval (Akka's
    /// `acceptable-heartbeat-pause`), added to the mean before computing φ.
    pub acceptable_pause_ms: TimeMs,
    /// A suspected peer is declared down after being suspected continuously this long.
    pub confirm_ms: TimeMs,
}

impl Default for DetectConfig {
    /// Five nodes on a LAN-like network: 100 ms heartbeats checked every 50 ms, a 300 ms timeout, φ ≥ 8 over
    /// the last 100 intervals with a 10 ms deviation floor and 100 ms of acceptable pause, and 1 s to confirm.
    fn default() -> Self {
        Self {
            node_count: 5,
            heartbeat_every_ms: 100,
            check_every_ms: 50,
            timeout_ms: 300,
            phi_threshold: 8.0,
            phi_window: 100,
            phi_min_std_dev_ms: 10,
            acceptable_pause_ms: 100,
            confirm_ms: 1_000,
        }
    }
}

impl DetectConfig {
    /// Checks the settings and says what is wrong in words a person can act on.
    pub fn validate(&self) -> Result<(), String> {
        if !(MIN_NODE_COUNT..=MAX_NODE_COUNT).contains(&self.node_count) {
            return Err(format!(
                "nodes: {} is not between {MIN_NODE_COUNT} and {MAX_NODE_COUNT}",
                self.node_count
            ));
        }
        if !(10..=10_000).contains(&self.heartbeat_every_ms) {
            return Err(format!(
                "heartbeat interval: {} ms is not between 10 ms and 10,000 ms",
                self.heartbeat_every_ms
            ));
        }
        if self.check_every_ms == 0 || self.check_every_ms > self.heartbeat_every_ms {
            return Err(format!(
                "check interval: {} ms must be at least 1 ms and at most the heartbeat interval ({} ms)",
                self.check_every_ms, self.heartbeat_every_ms
            ));
        }
        if self.timeout_ms <= self.heartbeat_every_ms {
            return Err(format!(
                "timeout: {} ms is not longer than the heartbeat interval ({} ms), so every node would be \
                 suspected between two heartbeats",
                self.timeout_ms, self.heartbeat_every_ms
            ));
        }
        if !(self.phi_threshold.is_finite()
            && self.phi_threshold > 0.0
            && self.phi_threshold <= 100.0)
        {
            return Err(format!(
                "phi threshold: {} is not a number above 0 and at most 100",
                self.phi_threshold
            ));
        }
        if !(2..=10_000).contains(&self.phi_window) {
            return Err(format!(
                "phi window: {} intervals is not between 2 and 10,000",
                self.phi_window
            ));
        }
        if self.phi_min_std_dev_ms == 0 {
            return Err("phi minimum standard deviation: must be at least 1 ms".to_string());
        }
        if self.acceptable_pause_ms > 60_000 {
            return Err(format!(
                "acceptable pause: {} ms is above 60,000 ms",
                self.acceptable_pause_ms
            ));
        }
        if self.confirm_ms > 60_000 {
            return Err(format!(
                "confirm time: {} ms is above 60,000 ms",
                self.confirm_ms
            ));
        }
        Ok(())
    }
}
