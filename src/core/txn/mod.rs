//! Distributed transactions: two-phase commit with presumed abort, its cooperative termination,
//! three-phase commit, and three named broken variants to find (issue 11; the seed article's "send a
//! request and the others update their state" is the broken early-commit variant taken to its end).
//!
//! - [`TxnNode`] is the one protocol type for the client (node 0), the coordinator (node 1) and the
//!   participants (nodes 2..); its durable state is a write-ahead [`TxnLog`] of [`LogRecord`]s, its
//!   messages [`TxnMsg`], its notes [`TxnNote`] (state, log, lock, waiters, in doubt since).
//! - Log writes take time and messages leave one at a time (see [`TxnNode`]), so [`crash_at_step`] can
//!   crash a node exactly "after logging the decision, before sending it".
//! - [`Atomicity`], [`Validity`], [`Durability`] are checked after every event; [`Termination`] at
//!   deadlines; [`blocked_in_doubt`] names the states in which two-phase commit blocks.
//! - [`TxnScenario`] (slug `2pc`) with [`TxnSettings`] and [`TxnPreset`]s is what the app runs;
//!   [`metrics`] computes its figures.
//!
//! The classic blocking case, and its end:
//!
//! ```
//! use distlab_core::scenario::Scenario;
//! use distlab_core::sim::{Action, NodeId, ScheduledAction};
//! use distlab_core::txn::*;
//!
//! let settings = TxnSettings::of_preset(TxnPreset::AllCommit);
//! let network = TxnScenario.default_network(&settings);
//! // Crash the coordinator when commit is on its disk and nobody has heard it.
//! let crash = crash_at_step(&settings, &network, 7, CrashStep::CoordinatorAfterLoggingDecision).unwrap();
//! let mut sim = TxnScenario.build(&settings, &network, 7);
//! sim.schedule(crash.clone());
//! sim.schedule(ScheduledAction { at_ms: 3_000, action: Action::Recover { node: COORDINATOR } });
//! sim.run_until(2_000);
//! // Every participant is in doubt, holding its lock, and cannot do anything about it.
//! assert_eq!(blocked_in_doubt(&sim.view()).len(), 3);
//! sim.run_until(5_000);
//! // The coordinator read its log, resent commit, and everyone committed.
//! for p in 0..3 {
//!     assert_eq!(sim.view().durable(participant_node(p)).decision(TxnId(1)), Some(Outcome::Commit));
//! }
//! assert!(sim.violation().is_none());
//! ```
pub mod challenges;
pub mod check;
mod client;
mod config;
mod coordinator;
mod crash_step;
mod ids;
mod log;
mod messages;
mod metrics;
mod node;
mod note;
mod participant;
mod presets;
mod properties;
mod scenario;
pub mod tour;

pub use client::ClientState;
pub use config::{Timing, TxnConfig, Variant, Workload};
pub use coordinator::{CoordinatorPhase, CoordinatorState, CoordinatorTxn};
pub use crash_step::{crash_at_step, crash_at_step_with, step_instant, CrashStep};
pub use ids::{
    participant_index, participant_node, ParticipantSet, TxnId, CLIENT, COORDINATOR,
    FIRST_PARTICIPANT, PARTICIPANTS_MAX, PARTICIPANTS_MIN,
};
pub use log::{LogRecord, Outcome, TxnLog};
pub use messages::{Acked, TxnMsg};
pub use metrics::{metrics, BlockedSpan, LockWait, TxnMetrics, TxnTiming};
pub use node::{Outgoing, RoleState, TxnCommand, TxnNode, TxnTimer, SEND_GAP_MS};
pub use note::{Role, TxnNote, TxnState};
pub use participant::{
    ParticipantPhase, ParticipantState, ParticipantTxn, TerminationRun, TerminationStage,
};
pub use presets::{PresetSettings, PresetStep, TxnPreset};
pub use properties::{
    blocked_in_doubt, in_doubt, Atomicity, Durability, Ledger, Safety, Termination, TxnFacts,
    Validity, ATOMICITY, DURABILITY, PROPERTIES, TERMINATION, TERMINATION_SETTLE_MS, VALIDITY,
};
pub use scenario::{
    build_sim, TxnScenario, TxnSettings, HORIZON_MS_MAX, LOG_WRITE_MS_MAX, LOG_WRITE_MS_MIN,
    TERMINATION_CHECK_EVERY_MS, TERMINATION_FIRST_CHECK_MS, TIMEOUT_MS_MAX, TIMEOUT_MS_MIN,
    VOTE_NO_PERCENT_MAX,
};
