//! The exhaustive model checker: "can this ever happen?", over the same protocol code the simulator runs.
//!
//! The simulator answers "what happens in this run"; the checker explores every run of an untimed
//! semantics of a [`crate::sim::Protocol`]. From a state, the enabled steps are: deliver an in-flight
//! message, fire an active timer, and, within a [`CheckBudget`], drop or duplicate a message, crash or
//! recover a node, partition the network in two or heal it, or hand a node a client command. A protocol's
//! spontaneous choices (a participant deciding to abort on its own) are timers, which under the untimed
//! semantics may fire at any point.
//!
//! - The handlers are the protocol's own (`on_start`, `on_message`, `on_timer`, `on_recover`,
//!   `on_command`), driven through the same `Io`, with two differences: **`clock_ms()` always reads 0 and
//!   `random_below` always returns 0**. A protocol whose behaviour depends on time or randomness is checked
//!   as if both stood still; its timers' delays mean nothing ("fires at some point") and notes are ignored.
//! - The initial state is every node after `on_start`, in id order. A crash resets the node's volatile state
//!   to its initial value and cancels its timers; its durable state is kept; messages to it stay in flight
//!   (a delivery to a node that is down, or across a partition, is not a step until it is up or healed; the
//!   budget's drops lose messages). A send to a node across a partition is lost at once, as in the kernel.
//! - A state is the nodes' volatile and durable state and status, the messages in flight (sorted: a
//!   multiset, or a set, by [`NetworkKind`]), the active timers (sorted), the partition and the faults used.
//!   It is fingerprinted with xxh3 through a hasher that writes `usize` as 64 bits, so the fingerprint is
//!   the same in wasm32; deduplication is exact (an open-addressing table keyed by fingerprint, then the
//!   whole state compared), so a fingerprint collision cannot hide a state.
//! - Breadth-first by default, so a counterexample is a shortest path; depth-first and a depth bound are
//!   options, and so are TLC-style state constraints and symmetry reduction ([`CheckModel::symmetric`]).
//! - Properties are the simulator's [`crate::sim::Invariant`]s, checked on every distinct state; a goal
//!   ([`CheckModel::goal`]) is a liveness property: the report names the states that cannot reach it.
//! - A counterexample becomes an ordinary run with [`replay_actions`]: an `Action::ManualNetwork` and
//!   one `Deliver`/`FireTimer`/fault action per step, which the timeline, sequence diagram and share link
//!   replay like any other run.
//!
//! [`two_phase`] is Lamport's TwoPhase.tla as a protocol of the platform; its state counts equal TLC's.
//!
//! **Architecture Invariant:** no clock and no std hash map: the same model explores the same states in
//! the same order and gives the same report on every target. States per second are measured by the caller.
mod checker;
mod liveness;
mod model;
mod replay;
mod state;
mod step;
mod symmetry;
mod table;
pub mod two_phase;

pub use checker::{CheckOutcome, CheckProgress, CheckReport, Checker, ReportOf, StateCount};
pub use model::{
    CheckBudget, CheckModel, Checkable, NetworkKind, Rename, SearchOrder, TimerFiring,
};
pub use replay::replay_actions;
pub use step::{CheckStep, StepOf};
