//! Limits on shared runs: generous for any run a person makes, small enough that an absurd link or file
//! cannot make the simulator run for minutes or allocate without bound.
use super::error::ShareError;
use crate::sim::{FaultAction, NetworkConfig, ScheduledAction, TimeMs};

/// At most this many actions in one run.
pub const ACTIONS_MAX: u64 = 1_000;
/// Latest virtual time an action may be scheduled at (about 2.8 hours).
pub const TIME_MS_MAX: TimeMs = 10_000_000;
/// Longest pause or delay.
pub const DURATION_MS_MAX: TimeMs = 1_000_000;
/// Largest latency a network setting may have.
pub const LATENCY_MS_MAX: TimeMs = 60_000;

fn check(what: &str, value: u64, limit: u64) -> Result<(), ShareError> {
    if value > limit {
        return Err(ShareError::OutOfRange {
            what: what.to_string(),
            value: value.to_string(),
            limit: limit.to_string(),
        });
    }
    Ok(())
}

fn check_probability(what: &str, p: f64) -> Result<(), ShareError> {
    if !(p.is_finite() && (0.0..=1.0).contains(&p)) {
        return Err(ShareError::OutOfRange {
            what: what.to_string(),
            value: p.to_string(),
            limit: "0–1".to_string(),
        });
    }
    Ok(())
}

fn check_network(network: &NetworkConfig) -> Result<(), ShareError> {
    check("latency", network.latency_ms_max, LATENCY_MS_MAX)?;
    check("latency", network.latency_ms_min, network.latency_ms_max)?;
    check_probability("loss probability", network.loss_probability)?;
    check_probability("duplication probability", network.duplicate_probability)?;
    check("link overrides", network.links.len() as u64, 256)?;
    for link in &network.links {
        check("link latency", link.latency_ms_max, LATENCY_MS_MAX)?;
        check("link latency", link.latency_ms_min, link.latency_ms_max)?;
        check_probability("link loss probability", link.loss_probability)?;
    }
    Ok(())
}

/// Checks an action list against the limits and the run's node count.
pub fn validate_actions(actions: &[ScheduledAction], node_count: u32) -> Result<(), ShareError> {
    check("the number of actions", actions.len() as u64, ACTIONS_MAX)?;
    for (index, scheduled) in actions.iter().enumerate() {
        check("an action's time (ms)", scheduled.at_ms, TIME_MS_MAX)?;
        let node_check = |node: u32| {
            if node >= node_count {
                Err(ShareError::NoSuchNode {
                    action: index as u32,
                    node,
                    node_count,
                })
            } else {
                Ok(())
            }
        };
        match &scheduled.action {
            FaultAction::Crash { node }
            | FaultAction::Recover { node }
            | FaultAction::Restart { node } => node_check(node.0)?,
            FaultAction::Pause { node, duration_ms } => {
                node_check(node.0)?;
                check("a pause (ms)", *duration_ms, DURATION_MS_MAX)?;
            }
            FaultAction::Partition { groups } => {
                check(
                    "partition groups",
                    groups.len() as u64,
                    u64::from(node_count),
                )?;
                for node in groups.iter().flatten() {
                    node_check(node.0)?;
                }
            }
            FaultAction::DelayMessage { by_ms, .. } => {
                check("a delay (ms)", *by_ms, DURATION_MS_MAX)?
            }
            FaultAction::SetNetwork { network } => check_network(network)?,
            FaultAction::Heal
            | FaultAction::DropMessage { .. }
            | FaultAction::DuplicateMessage { .. } => {}
        }
    }
    Ok(())
}
