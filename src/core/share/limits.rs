//! Limits on shared runs: generous for any run a person makes, small enough that an absurd link or file
//! cannot make the simulator run for minutes or allocate without bound.
use super::error::ShareError;
use crate::sim::{Action, CommandSpec, NetworkConfig, NodeRole, ScheduledAction, TimeMs};

/// At most this many actions in one run.
pub const ACTIONS_MAX: u64 = 1_000;
/// Latest virtual time an action may be scheduled at (about 2.8 hours).
pub const TIME_MS_MAX: TimeMs = 10_000_000;
/// Longest pause or delay.
pub const DURATION_MS_MAX: TimeMs = 1_000_000;
/// Largest timer index a `FireTimer` action may name: far more timers than any node keeps at once.
pub const TIMER_INDEX_MAX: u64 = 1_000;
pub use crate::sim::LATENCY_MS_MAX;

/// What a run's actions may name: its nodes (with their roles) and its protocol's commands.
#[derive(Clone, Copy, Debug)]
pub struct ActionLimits<'a> {
    /// Nodes `0..node_count`.
    pub node_count: u32,
    /// Each node's role, for commands meant for one role.
    pub roles: &'a [NodeRole],
    /// The commands the protocol takes.
    pub commands: &'a [CommandSpec],
}

impl ActionLimits<'static> {
    /// A run of `node_count` nodes whose protocol takes no commands.
    pub fn nodes(node_count: u32) -> Self {
        Self {
            node_count,
            roles: &[],
            commands: &[],
        }
    }
}

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

fn check_network(network: &NetworkConfig) -> Result<(), ShareError> {
    network.check().map_err(|problem| ShareError::OutOfRange {
        what: problem.what,
        value: problem.value,
        limit: problem.limit,
    })
}

/// Checks an action list against the limits, the run's nodes and its protocol's commands.
pub fn validate_actions(
    actions: &[ScheduledAction],
    limits: &ActionLimits<'_>,
) -> Result<(), ShareError> {
    let node_count = limits.node_count;
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
            Action::Crash { node } | Action::Recover { node } | Action::Restart { node } => {
                node_check(node.0)?
            }
            Action::Pause { node, duration_ms } => {
                node_check(node.0)?;
                check("a pause (ms)", *duration_ms, DURATION_MS_MAX)?;
            }
            Action::Partition { groups } => {
                check(
                    "partition groups",
                    groups.len() as u64,
                    u64::from(node_count),
                )?;
                for node in groups.iter().flatten() {
                    node_check(node.0)?;
                }
            }
            Action::DelayMessage { by_ms, .. } => check("a delay (ms)", *by_ms, DURATION_MS_MAX)?,
            Action::SetNetwork { network } => check_network(network)?,
            Action::ClockJump { node, jump_ms } => {
                node_check(node.0)?;
                check("a clock jump (ms)", jump_ms.unsigned_abs(), DURATION_MS_MAX)?;
            }
            Action::Command { node, command } => {
                node_check(node.0)?;
                check_command(index as u32, node.0, command, limits)?;
            }
            Action::FireTimer { node, timer } => {
                node_check(node.0)?;
                check("a timer index", u64::from(*timer), TIMER_INDEX_MAX)?;
            }
            Action::Heal
            | Action::DropMessage { .. }
            | Action::DuplicateMessage { .. }
            | Action::ManualNetwork
            | Action::Deliver { .. } => {}
        }
    }
    Ok(())
}

fn check_command(
    action: u32,
    node: u32,
    command: &crate::sim::CommandRecord,
    limits: &ActionLimits<'_>,
) -> Result<(), ShareError> {
    let Some(spec) = limits.commands.iter().find(|c| c.code == command.code) else {
        return Err(ShareError::UnknownCommand {
            action,
            code: command.code.chars().take(32).collect(),
            known: limits
                .commands
                .iter()
                .map(|c| c.code)
                .collect::<Vec<_>>()
                .join(", "),
        });
    };
    let role = limits
        .roles
        .iter()
        .find(|r| r.node.0 == node)
        .map_or("", |r| r.role);
    if role != spec.target_role {
        return Err(ShareError::WrongCommandTarget {
            action,
            code: spec.code.to_string(),
            node,
            role: spec.target_role.to_string(),
        });
    }
    match (spec.arg_max, command.arg) {
        (None, None) => Ok(()),
        (Some(max), Some(arg)) => check("a command's argument", arg, max),
        _ => Err(ShareError::BadCommandArgument {
            action,
            code: spec.code.to_string(),
            takes_one: spec.arg_max.is_some(),
        }),
    }
}
