//! The contention comparison: the same run under each way of waiting, figures side by side.
use super::metrics::{metrics, LockMetrics};
use super::presets::preset_network;
use super::scenario::{lock_sim, Checks};
use super::settings::LockSettings;
use super::variant::{RetryPolicy, Variant};
use crate::sim::TimeMs;
use serde::Serialize;

/// One column of the comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PolicyFigures {
    /// The variant run (the settings' own for the retry policies, the queue lock for waiting on a queue).
    pub variant: Variant,
    /// How clients waited.
    pub policy: RetryPolicy,
    /// The run's figures.
    pub metrics: LockMetrics,
}

/// Runs `settings` (clients looping, no faults) for `horizon_ms` once per retry policy on the settings'
/// variant, and once with the queue lock, and returns the figures in [`RetryPolicy::ALL`]'s order: what the
/// contention preset shows side by side (throughput, p99 wait, messages per acquisition).
pub fn compare_policies(
    settings: &LockSettings,
    seed: u64,
    horizon_ms: TimeMs,
) -> Vec<PolicyFigures> {
    RetryPolicy::ALL
        .into_iter()
        .map(|policy| {
            let variant = match policy {
                RetryPolicy::Queue => Variant::QueueLock,
                _ if settings.variant.has_queue() => Variant::LeaseFencing,
                _ => settings.variant,
            };
            let run = LockSettings {
                variant,
                retry: policy,
                looping: true,
                ..*settings
            };
            let network = preset_network(&run);
            let mut sim = lock_sim(&run, &network, seed, Checks::NONE);
            sim.run_until(horizon_ms);
            PolicyFigures {
                variant,
                policy,
                metrics: metrics(sim.trace(), sim.notes()),
            }
        })
        .collect()
}
