//! A protocol's legend: the names of its message kinds, node states, node roles, commands and properties,
//! each with a style role, so shared views (network drawing, sequence diagram, event log, action list)
//! draw and label any protocol without naming its kinds. The UI finds each code's words in the panel's
//! strings, in both languages.
use super::ids::NodeId;

/// How a shared view draws an entry: a colour and shape from the app's palette, by meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StyleRole {
    /// A request or a probe (ping, prepare, acquire): blue circles.
    Request,
    /// A reply (pong, ack): orange squares.
    Reply,
    /// A periodic "I am alive": sky-blue, thin.
    Heartbeat,
    /// Something granted or agreed (vote-yes, lock granted, commit): green.
    Positive,
    /// Something refused (vote-no, lock busy, abort, a rejected write): vermilion.
    Negative,
    /// Neither: grey.
    Neutral,
    /// A state worth watching (waiting, in doubt): yellow.
    Caution,
}

impl StyleRole {
    /// The CSS class suffix: `role-request`, `role-reply`, ...
    pub fn class(self) -> &'static str {
        match self {
            StyleRole::Request => "role-request",
            StyleRole::Reply => "role-reply",
            StyleRole::Heartbeat => "role-heartbeat",
            StyleRole::Positive => "role-positive",
            StyleRole::Negative => "role-negative",
            StyleRole::Neutral => "role-neutral",
            StyleRole::Caution => "role-caution",
        }
    }
}

/// One named thing in a legend: its code (in the trace and in `data-kind` / `data-state`) and how to draw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LegendEntry {
    /// The code, e.g. `"ping"`, `"in-doubt"`; also the key of its words in the panel's strings.
    pub code: &'static str,
    /// How to draw it.
    pub role: StyleRole,
}

/// A command a user can issue, and what it takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommandSpec {
    /// The command's code in the run's actions (`"acquire"`); also the key of its words.
    pub code: &'static str,
    /// The node role that takes it (`"client"`); other nodes are not offered it.
    pub target_role: &'static str,
    /// The largest argument it takes, or `None` for a command without one.
    pub arg_max: Option<u64>,
}

/// Everything a protocol names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Legend {
    /// Message kinds (`Message::kind`).
    pub messages: &'static [LegendEntry],
    /// Node states (`Note::state`).
    pub states: &'static [LegendEntry],
    /// Node roles (`"node"`, `"client"`, `"coordinator"`).
    pub roles: &'static [&'static str],
    /// Commands users can issue.
    pub commands: &'static [CommandSpec],
    /// Properties checked (invariant and liveness names, as in `Violation::invariant`).
    pub properties: &'static [&'static str],
}

impl Legend {
    /// The entry of a message kind, if the legend has it.
    pub fn message(&self, code: &str) -> Option<&LegendEntry> {
        self.messages.iter().find(|e| e.code == code)
    }

    /// The entry of a node state, if the legend has it.
    pub fn state(&self, code: &str) -> Option<&LegendEntry> {
        self.states.iter().find(|e| e.code == code)
    }

    /// The spec of a command, if the legend has it.
    pub fn command(&self, code: &str) -> Option<&CommandSpec> {
        self.commands.iter().find(|c| c.code == code)
    }

    /// A message kind's style role (`Neutral` for a kind the legend lacks).
    pub fn message_role(&self, code: &str) -> StyleRole {
        self.message(code).map_or(StyleRole::Neutral, |e| e.role)
    }

    /// A state's style role (`Neutral` for a state the legend lacks).
    pub fn state_role(&self, code: &str) -> StyleRole {
        self.state(code).map_or(StyleRole::Neutral, |e| e.role)
    }
}

/// What a node is in a run: its role (a legend code) and its number among the nodes of that role, so the UI
/// can call it "client 2" or "participant 1" (in either language).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeRole {
    /// The node.
    pub node: NodeId,
    /// Its role, one of the legend's roles.
    pub role: &'static str,
    /// Its number among the nodes of this role, from 0 (or from 1, as the protocol's names do).
    pub ordinal: u32,
}

impl NodeRole {
    /// Roles for a run where every node plays the same part: `role` numbered by node id.
    pub fn uniform(node_count: u32, role: &'static str) -> Vec<NodeRole> {
        (0..node_count)
            .map(|id| NodeRole {
                node: NodeId(id),
                role,
                ordinal: id,
            })
            .collect()
    }
}
