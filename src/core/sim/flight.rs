//! Messages in the network: sent, not yet delivered or dropped.
use super::ids::{MsgId, NodeId, TimeMs};
use serde::{Deserialize, Serialize};

/// A message on the wire, as the UI draws it (an arrow from `sent_at_ms` to `deliver_at_ms`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InFlight {
    /// The message's id.
    pub msg: MsgId,
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// `Message::kind`.
    pub kind: String,
    /// When it left (for a duplicate, when the copy was made).
    pub sent_at_ms: TimeMs,
    /// When it is due; in the past while its receiver is paused.
    pub deliver_at_ms: TimeMs,
}

/// The kernel's record of an in-flight message, with the payload and the sequence number of the one queue
/// entry allowed to deliver it.
#[derive(Clone, Debug)]
pub(crate) struct Flight<M> {
    pub from: NodeId,
    pub to: NodeId,
    pub msg: M,
    pub sent_at_ms: TimeMs,
    pub deliver_at_ms: TimeMs,
    pub seq: u64,
}
