//! Who is who in a commit run, and how transactions and participant sets are numbered.
use crate::sim::NodeId;
use serde::Serialize;
use std::fmt;

/// The client: it begins transactions and learns their outcome.
pub const CLIENT: NodeId = NodeId(0);
/// The coordinator (the transaction manager of the textbooks).
pub const COORDINATOR: NodeId = NodeId(1);
/// Participant `i` (from 0) is node `FIRST_PARTICIPANT + i`.
pub const FIRST_PARTICIPANT: u32 = 2;
/// The fewest participants a run may have.
pub const PARTICIPANTS_MIN: u32 = 2;
/// The most participants a run may have (a [`ParticipantSet`] is one byte, and seven keeps the drawing
/// readable).
pub const PARTICIPANTS_MAX: u32 = 7;

/// A transaction's number, given by the client (1, 2, ...) and counted from the client's own log, so a
/// client that crashes never reuses one. Shown as `#3`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct TxnId(pub u32);

impl fmt::Display for TxnId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// A set of participants as a bitmask: bit `i` is participant `i` (node `FIRST_PARTICIPANT + i`). It is
/// also the argument of the client's `begin` command, so a link says which participants a transaction
/// touches in one number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct ParticipantSet(pub u8);

impl ParticipantSet {
    /// No participant.
    pub const EMPTY: ParticipantSet = ParticipantSet(0);

    /// Participants `0..count` (count clamped to [`PARTICIPANTS_MAX`]).
    pub fn first(count: u32) -> Self {
        let count = count.min(PARTICIPANTS_MAX);
        ParticipantSet(((1u32 << count) - 1) as u8)
    }

    /// Whether participant `index` is in the set.
    pub fn contains(self, index: u32) -> bool {
        index < 8 && self.0 & (1 << index) != 0
    }

    /// The set with participant `index` added.
    pub fn with(self, index: u32) -> Self {
        if index < 8 {
            ParticipantSet(self.0 | (1 << index))
        } else {
            self
        }
    }

    /// How many participants the set holds.
    pub fn len(self) -> u32 {
        self.0.count_ones()
    }

    /// True when the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether every member of `other` is in this set.
    pub fn covers(self, other: ParticipantSet) -> bool {
        other.0 & !self.0 == 0
    }

    /// The members both sets have.
    pub fn and(self, other: ParticipantSet) -> Self {
        ParticipantSet(self.0 & other.0)
    }

    /// The participant indices in the set, in increasing order.
    pub fn indices(self) -> impl Iterator<Item = u32> {
        (0..8u32).filter(move |i| self.contains(*i))
    }

    /// The participants' node ids, in increasing order.
    pub fn nodes(self) -> impl Iterator<Item = NodeId> {
        self.indices().map(participant_node)
    }

    /// Where participant `index` stands among the set's members (0 for the lowest), if it is one.
    pub fn rank_of(self, index: u32) -> Option<u32> {
        self.contains(index)
            .then(|| ParticipantSet(self.0 & ((1u16 << index) - 1) as u8).len())
    }
}

/// The node of participant `index`.
pub fn participant_node(index: u32) -> NodeId {
    NodeId(FIRST_PARTICIPANT + index)
}

/// The participant index of a node, if it is a participant's.
pub fn participant_index(node: NodeId) -> Option<u32> {
    node.0
        .checked_sub(FIRST_PARTICIPANT)
        .filter(|i| *i < PARTICIPANTS_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_count_rank_and_list_their_members() {
        let set = ParticipantSet(0b1011);
        assert_eq!(set.len(), 3);
        assert_eq!(set.indices().collect::<Vec<_>>(), vec![0, 1, 3]);
        assert_eq!(set.rank_of(3), Some(2));
        assert_eq!(set.rank_of(2), None);
        assert_eq!(ParticipantSet::first(3), ParticipantSet(0b111));
        assert!(ParticipantSet::first(7).covers(set));
        assert_eq!(participant_index(participant_node(4)), Some(4));
        assert_eq!(participant_index(COORDINATOR), None);
    }
}
