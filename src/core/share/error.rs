//! What went wrong reading a link or a file, in words a person can act on.
use std::fmt;

/// Why a shared run could not be read. Nothing is applied when this is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// A token of an action list could not be read.
    BadToken {
        index: u32,
        token: String,
        reason: String,
    },
    /// Too many actions to be a hand-made run.
    TooManyActions { count: u64, max: u64 },
    /// A value outside what the simulator accepts.
    OutOfRange {
        what: String,
        value: String,
        limit: String,
    },
    /// An action names a node the run does not have.
    NoSuchNode {
        action: u32,
        node: u32,
        node_count: u32,
    },
    /// The text is not JSON, or not the right shape.
    NotJson(String),
    /// JSON, but not a distlab run file.
    WrongFormat(String),
    /// A run file from a newer (or unknown) version.
    UnknownVersion { found: u32, supported: u32 },
    /// A run for another panel than the one it was opened in.
    WrongPanel { found: String, expected: String },
    /// A command the protocol does not take.
    UnknownCommand {
        action: u32,
        code: String,
        known: String,
    },
    /// A command sent to a node of the wrong role.
    WrongCommandTarget {
        action: u32,
        code: String,
        node: u32,
        role: String,
    },
    /// A command with an argument it does not take, or without the one it needs.
    BadCommandArgument {
        action: u32,
        code: String,
        takes_one: bool,
    },
    /// A setting that must be a whole number is not one.
    NotANumber {
        param: String,
        value: String,
        fallback: String,
    },
    /// A setting outside its range.
    SettingOutOfRange {
        param: String,
        value: String,
        min: String,
        max: String,
        fallback: String,
    },
    /// A setting that must be one of a few words is another.
    UnknownChoice {
        param: String,
        value: String,
        choices: String,
        fallback: String,
    },
    /// A setting that cannot be read, and why.
    BadSetting {
        param: String,
        value: String,
        reason: String,
    },
    /// A setting no part of the app reads.
    UnknownParam { param: String },
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::BadToken {
                index,
                token,
                reason,
            } => write!(
                f,
                "action {} (“{token}”) cannot be read: {reason}",
                index + 1
            ),
            ShareError::TooManyActions { count, max } => {
                write!(f, "{count} actions is more than the {max} a run may have")
            }
            ShareError::OutOfRange { what, value, limit } => {
                write!(f, "{what} is {value}, past the limit of {limit}")
            }
            ShareError::NoSuchNode {
                action,
                node,
                node_count,
            } => write!(
                f,
                "action {} names node n{node}, but the run has {node_count} nodes (n0–n{})",
                action + 1,
                node_count.saturating_sub(1)
            ),
            ShareError::NotJson(detail) => write!(f, "the file is not a valid run file: {detail}"),
            ShareError::WrongFormat(found) => {
                write!(f, "the file is not a distlab run (its format is “{found}”)")
            }
            ShareError::UnknownVersion { found, supported } => write!(
                f,
                "the file is version {found}; this app reads version {supported}"
            ),
            ShareError::WrongPanel { found, expected } => write!(
                f,
                "the file is a run of the “{found}” panel, not “{expected}”"
            ),
            ShareError::UnknownCommand {
                action,
                code,
                known,
            } => write!(
                f,
                "action {} is the command “{code}”, which this panel does not take (it takes: {known})",
                action + 1
            ),
            ShareError::WrongCommandTarget {
                action,
                code,
                node,
                role,
            } => write!(
                f,
                "action {} sends “{code}” to n{node}, but only a {role} takes it",
                action + 1
            ),
            ShareError::BadCommandArgument {
                action,
                code,
                takes_one,
            } => write!(
                f,
                "action {}: “{code}” {}",
                action + 1,
                if *takes_one {
                    "needs an argument"
                } else {
                    "takes no argument"
                }
            ),
            ShareError::NotANumber {
                param,
                value,
                fallback,
            } => write!(
                f,
                "{param} = “{value}” is not a number (default: {fallback})"
            ),
            ShareError::SettingOutOfRange {
                param,
                value,
                min,
                max,
                fallback,
            } => write!(
                f,
                "{param} = {value} is outside {min}–{max} (default: {fallback})"
            ),
            ShareError::UnknownChoice {
                param,
                value,
                choices,
                fallback,
            } => write!(
                f,
                "{param} = “{value}” is not one of {choices} (default: {fallback})"
            ),
            ShareError::BadSetting {
                param,
                value,
                reason,
            } => write!(f, "{param} = “{value}” cannot be used: {reason}"),
            ShareError::UnknownParam { param } => write!(f, "{param} is not a setting of this view"),
        }
    }
}

impl std::error::Error for ShareError {}
