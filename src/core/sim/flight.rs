//! Messages in the network: sent, not yet delivered or dropped.
use super::ids::{MsgId, NodeId, TimeMs};
use serde::Serialize;

/// A message on the wire, as the UI draws it (an arrow from `sent_at_ms` to `deliver_at_ms`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InFlight {
    /// The message's id.
    pub msg: MsgId,
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// `Message::kind`.
    pub kind: &'static str,
    /// When it left (for a duplicate, when the copy was made).
    pub sent_at_ms: TimeMs,
    /// When it is due; in the past while its receiver is paused.
    pub deliver_at_ms: TimeMs,
}

/// The kernel's record of an in-flight message, with the sequence number of the one queue entry allowed to
/// deliver it. Its payload, a protocol's message, is kept by the `Sim` in the message's slot.
#[derive(Clone, Debug)]
pub(crate) struct Flight {
    pub from: NodeId,
    pub to: NodeId,
    /// `Message::kind`.
    pub kind: &'static str,
    pub sent_at_ms: TimeMs,
    pub deliver_at_ms: TimeMs,
    pub seq: u64,
}

/// The kernel's messages in flight by id, iterated in id order.
///
/// Ids are handed out in increasing order, so `slots_by_id` (sorted by id) is the map: a new id is
/// appended, a lookup is a binary search. No B-tree is needed (each `BTreeMap` key and value type compiles
/// one, about 3 kB of WebAssembly). The slot of a message numbers its payload, which the protocol's half of
/// the run keeps, so this table and the engine around it are compiled once, not once per message type.
/// Freed slots are reused.
#[derive(Clone, Debug, Default)]
pub(crate) struct FlightTable {
    slots_by_id: Vec<(MsgId, u32)>,
    slots: Vec<Option<Flight>>,
    free: Vec<u32>,
}

impl FlightTable {
    /// Where `id` is in `slots_by_id`, or where it would go.
    fn position(&self, id: &MsgId) -> Result<usize, usize> {
        self.slots_by_id.binary_search_by_key(id, |(id, _)| *id)
    }

    /// The slot of message `id`, if in flight.
    pub fn slot_of(&self, id: &MsgId) -> Option<u32> {
        let position = self.position(id).ok()?;
        Some(self.slots_by_id[position].1)
    }

    /// The message `id`, if in flight.
    pub fn get(&self, id: &MsgId) -> Option<&Flight> {
        self.slots[self.slot_of(id)? as usize].as_ref()
    }

    /// The message `id`, if in flight, to change.
    pub fn get_mut(&mut self, id: &MsgId) -> Option<&mut Flight> {
        let slot = self.slot_of(id)?;
        self.slots[slot as usize].as_mut()
    }

    /// Puts `flight` in flight as `id`, replacing any message with that id; returns its slot.
    pub fn insert(&mut self, id: MsgId, flight: Flight) -> u32 {
        let position = match self.position(&id) {
            Ok(position) => {
                let slot = self.slots_by_id[position].1;
                self.slots[slot as usize] = Some(flight);
                return slot;
            }
            Err(position) => position,
        };
        let slot = match self.free.pop() {
            Some(slot) => {
                self.slots[slot as usize] = Some(flight);
                slot
            }
            None => {
                self.slots.push(Some(flight));
                (self.slots.len() - 1) as u32
            }
        };
        self.slots_by_id.insert(position, (id, slot));
        slot
    }

    /// Takes the message `id` out of flight; its slot is free from now on.
    pub fn remove(&mut self, id: &MsgId) -> Option<(u32, Flight)> {
        let position = self.position(id).ok()?;
        let (_, slot) = self.slots_by_id.remove(position);
        self.free.push(slot);
        Some((slot, self.slots[slot as usize].take()?))
    }

    /// Every message in flight with its slot, by increasing id.
    pub fn iter(&self) -> impl Iterator<Item = (MsgId, u32, &Flight)> {
        self.slots_by_id
            .iter()
            .filter_map(|&(id, slot)| Some((id, slot, self.slots[slot as usize].as_ref()?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flight(seq: u64) -> Flight {
        Flight {
            from: NodeId(0),
            to: NodeId(1),
            kind: "ping",
            sent_at_ms: 0,
            deliver_at_ms: 10,
            seq,
        }
    }

    #[test]
    fn the_table_behaves_like_a_map_by_id() {
        let mut table = FlightTable::default();
        for id in [5, 1, 9, 3] {
            table.insert(MsgId(id), flight(id));
        }
        table.insert(MsgId(9), flight(90));
        assert_eq!(table.get(&MsgId(9)).map(|f| f.seq), Some(90));
        table.get_mut(&MsgId(3)).unwrap().seq = 30;
        assert_eq!(table.remove(&MsgId(1)).map(|(_, f)| f.seq), Some(1));
        assert!(table.remove(&MsgId(1)).is_none());
        assert!(table.get(&MsgId(2)).is_none());
        let slot_of_one = 1;
        assert_eq!(
            table.insert(MsgId(12), flight(12)),
            slot_of_one,
            "the freed slot is reused"
        );
        assert_eq!(table.slots.len(), 4);
        let left: Vec<(u64, u64)> = table.iter().map(|(id, _, f)| (id.0, f.seq)).collect();
        assert_eq!(left, [(3, 30), (5, 5), (9, 90), (12, 12)]);
    }
}
