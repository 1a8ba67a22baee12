//! Identifiers and the unit of virtual time.
//!
//! Every identifier is a fixed-width integer (never `usize`) so that traces serialize and hash the same way
//! natively and in wasm32.
use serde::{Deserialize, Serialize};
use std::fmt;

/// Virtual time in milliseconds: the one unit of time used everywhere in the simulator.
///
/// No wall clock is ever read; time only moves when the kernel processes an event.
pub type TimeMs = u64;

/// A node's identity: its index in the `Vec` of nodes given to [`crate::sim::Sim::new`].
///
/// Displayed as `n0`, `n1`, ... so traces and the UI use one spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NodeId(pub u32);

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "n{}", self.0)
    }
}

/// A message's identity, unique within one run; a duplicate gets its own id.
///
/// Fault actions (`DropMessage`, `DelayMessage`, `DuplicateMessage`) name messages by this id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MsgId(pub u64);

impl fmt::Display for MsgId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "m{}", self.0)
    }
}
