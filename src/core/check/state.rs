//! One state of the untimed semantics and the steps out of it.
//!
//! A state is every node's volatile state, durable state and status, the messages in flight (sorted, with
//! ids that are their positions, so the same multiset is the same state whatever order it was sent in), the
//! active timers (sorted `(node, timer)` pairs), the partition in force and the faults used so far.
use super::model::{CheckModel, Checkable, NetworkKind, TimerFiring};
use crate::sim::{Effect, EffectOf, Io, MsgId, NodeId, NodeStatus, NodesView, Protocol};
use crate::sim::{NodeCell, Wire};
use crate::stable_hash::StableHasher;
use std::hash::{Hash, Hasher};

/// Most immediate timers fired after one step ([`CheckModel::immediate_timers`]).
const IMMEDIATE_FIRES_MAX: u32 = 4_096;

/// A message on the wire: `(position, from, to, message)`, the form [`NodesView::in_flight`] reads.
pub(crate) type Envelope<M> = (MsgId, NodeId, NodeId, M);

/// Faults used along the path to a state (part of the state: the same nodes with budget left are a
/// different state from the same nodes with none).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct BudgetUsed {
    pub drops: u32,
    pub duplicates: u32,
    pub crashes: u32,
    pub recoveries: u32,
    pub partitions: u32,
    pub commands: u32,
}

/// One state of the untimed semantics.
pub(crate) struct CheckState<P: Protocol> {
    pub cells: Vec<NodeCell<P>>,
    /// Each node's status, by id.
    pub statuses: Vec<NodeStatus>,
    /// Sorted by `(from, to, message)`; ids are positions.
    pub wire: Vec<Envelope<P::Msg>>,
    /// Sorted, each pair at most once (setting an active timer again changes nothing, as in the kernel).
    pub timers: Vec<(NodeId, P::Timer)>,
    /// The partition in force: bit `n` set for the nodes cut off from node 0's side; 0 when healed.
    pub cut: u64,
    pub used: BudgetUsed,
}

impl<P: Checkable> Clone for CheckState<P> {
    fn clone(&self) -> Self {
        CheckState {
            cells: self.cells.clone(),
            statuses: self.statuses.clone(),
            wire: self.wire.clone(),
            timers: self.timers.clone(),
            cut: self.cut,
            used: self.used,
        }
    }
}

impl<P: Checkable> PartialEq for CheckState<P> {
    fn eq(&self, other: &Self) -> bool {
        self.cut == other.cut
            && self.used == other.used
            && self.timers == other.timers
            && self.wire.len() == other.wire.len()
            && self
                .wire
                .iter()
                .zip(&other.wire)
                .all(|(a, b)| a.1 == b.1 && a.2 == b.2 && a.3 == b.3)
            && self.cells.len() == other.cells.len()
            && self
                .cells
                .iter()
                .zip(&other.cells)
                .all(|(a, b)| a.state == b.state && a.durable == b.durable)
            && self.statuses == other.statuses
    }
}

impl<P: Checkable> Hash for CheckState<P> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.cells.len() as u64);
        for (cell, status) in self.cells.iter().zip(&self.statuses) {
            status.hash(state);
            cell.state.hash(state);
            cell.durable.hash(state);
        }
        state.write_u64(self.wire.len() as u64);
        for (_, from, to, msg) in &self.wire {
            from.hash(state);
            to.hash(state);
            msg.hash(state);
        }
        self.timers.hash(state);
        state.write_u64(self.cut);
        self.used.hash(state);
    }
}

/// One enabled step out of a state, by position in that state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Choice {
    Deliver(u32),
    Fire(u32),
    Drop(u32),
    Duplicate(u32),
    Crash(u32),
    Recover(u32),
    Partition(u64),
    Heal,
    Command(u32),
}

impl<P: Checkable> CheckState<P> {
    /// The fingerprint, with `buffer` as scratch.
    pub fn fingerprint(&self, buffer: &mut Vec<u8>) -> u64 {
        let mut hasher = StableHasher::new(buffer);
        self.hash(&mut hasher);
        hasher.finish()
    }

    /// What properties see.
    pub fn view(&self) -> NodesView<'_, P> {
        NodesView {
            cells: &self.cells,
            statuses: &self.statuses,
            now_ms: 0,
            wire: Wire::List(&self.wire),
            events: &[],
            notes: &[],
        }
    }

    /// True when a partition cuts `from` off from `to`.
    pub fn is_cut(&self, from: NodeId, to: NodeId) -> bool {
        bit(self.cut, from.0) != bit(self.cut, to.0)
    }

    fn is_up(&self, node: NodeId) -> bool {
        self.statuses.get(node.0 as usize) == Some(&NodeStatus::Up)
    }

    /// The state before any step: every node up, then `on_start` of every node in id order.
    pub fn initial(model: &CheckModel<P>, outbox: &mut Vec<EffectOf<P>>) -> Self {
        let mut state = CheckState {
            cells: model
                .nodes
                .iter()
                .map(|node| NodeCell {
                    state: node.clone(),
                    durable: P::Durable::default(),
                })
                .collect(),
            statuses: vec![NodeStatus::Up; model.nodes.len()],
            wire: Vec::new(),
            timers: Vec::new(),
            cut: 0,
            used: BudgetUsed::default(),
        };
        for node in 0..model.node_count() {
            state.run_handler(model, node, outbox, |p, io| p.on_start(io));
        }
        state.fire_immediate(model, outbox, &mut Vec::new());
        state.forget_bookkeeping(model);
        state.number_wire();
        state
    }

    /// Every step enabled here, in a fixed order: deliveries, timers, then faults and commands within the
    /// budget. Copies of one message in a multiset give one step, not one per copy.
    pub fn choices(&self, model: &CheckModel<P>, out: &mut Vec<Choice>) {
        out.clear();
        let budget = &model.budget;
        let used = &self.used;
        let distinct = |i: usize| i == 0 || !same_message(&self.wire[i - 1], &self.wire[i]);
        for (i, (_, from, to, _)) in self.wire.iter().enumerate() {
            if distinct(i) && self.is_up(*to) && !self.is_cut(*from, *to) {
                out.push(Choice::Deliver(i as u32));
            }
        }
        match &model.guard {
            None => out.extend((0..self.timers.len() as u32).map(Choice::Fire)),
            Some(guard) => {
                let view = self.view();
                for (i, (node, timer)) in self.timers.iter().enumerate() {
                    let firing = TimerFiring {
                        view: &view,
                        node: *node,
                        timer,
                        cut: self.cut,
                    };
                    if guard(&firing) {
                        out.push(Choice::Fire(i as u32));
                    }
                }
            }
        }
        if used.drops < budget.drops_max {
            for i in 0..self.wire.len() {
                if distinct(i) {
                    out.push(Choice::Drop(i as u32));
                }
            }
        }
        if model.network == NetworkKind::Multiset && used.duplicates < budget.duplicates_max {
            for i in 0..self.wire.len() {
                if distinct(i) {
                    out.push(Choice::Duplicate(i as u32));
                }
            }
        }
        let node_count = self.cells.len() as u32;
        if used.crashes < budget.crashes_max {
            for node in 0..node_count {
                if self.is_up(NodeId(node)) && model.may_crash(node) {
                    out.push(Choice::Crash(node));
                }
            }
        }
        if used.recoveries < budget.recoveries_max {
            for node in 0..node_count {
                if self.statuses[node as usize] == NodeStatus::Down {
                    out.push(Choice::Recover(node));
                }
            }
        }
        // Two sides, node 0 always on the first: every split once. Up to 16 nodes (32,767 splits).
        if self.cut == 0
            && used.partitions < budget.partitions_max
            && (2..=16).contains(&node_count)
        {
            for half in 1..(1u64 << (node_count - 1)) {
                out.push(Choice::Partition(half << 1));
            }
        }
        if self.cut != 0 {
            out.push(Choice::Heal);
        }
        if used.commands < budget.commands_max {
            for (i, (node, _)) in model.commands.iter().enumerate() {
                if self.is_up(*node) {
                    out.push(Choice::Command(i as u32));
                }
            }
        }
    }

    /// Takes step `choice` (one of [`CheckState::choices`]), running the protocol's handler and applying its
    /// effects as the kernel does, then the immediate timers it set; the state stays canonical.
    pub fn apply(&mut self, model: &CheckModel<P>, choice: Choice, outbox: &mut Vec<EffectOf<P>>) {
        self.apply_traced(model, choice, outbox, &mut Vec::new());
    }

    /// [`CheckState::apply`], also listing in `fired` the immediate timers that fired, in order.
    pub fn apply_traced(
        &mut self,
        model: &CheckModel<P>,
        choice: Choice,
        outbox: &mut Vec<EffectOf<P>>,
        fired: &mut Vec<(NodeId, P::Timer)>,
    ) {
        self.take(model, choice, outbox);
        self.fire_immediate(model, outbox, fired);
        self.forget_bookkeeping(model);
        self.number_wire();
    }

    fn forget_bookkeeping(&mut self, model: &CheckModel<P>) {
        if let Some(clear) = &model.bookkeeping {
            for cell in &mut self.cells {
                clear(&mut cell.state);
            }
        }
    }

    /// Fires the model's immediate timers until none is active (at most [`IMMEDIATE_FIRES_MAX`], so a
    /// protocol that re-arms one for ever cannot hang the search).
    fn fire_immediate(
        &mut self,
        model: &CheckModel<P>,
        outbox: &mut Vec<EffectOf<P>>,
        fired: &mut Vec<(NodeId, P::Timer)>,
    ) {
        let Some(immediate) = &model.immediate else {
            return;
        };
        for _ in 0..IMMEDIATE_FIRES_MAX {
            let Some(i) = self.timers.iter().position(|(_, timer)| immediate(timer)) else {
                return;
            };
            let (node, timer) = self.timers.remove(i);
            fired.push((node, timer.clone()));
            self.run_handler(model, node.0, outbox, |p, io| p.on_timer(io, timer));
        }
    }

    fn take(&mut self, model: &CheckModel<P>, choice: Choice, outbox: &mut Vec<EffectOf<P>>) {
        match choice {
            Choice::Deliver(i) => {
                let (_, from, to, msg) = match model.network {
                    NetworkKind::Multiset => self.wire.remove(i as usize),
                    NetworkKind::SentSet => self.wire[i as usize].clone(),
                };
                self.run_handler(model, to.0, outbox, |p, io| p.on_message(io, from, msg));
            }
            Choice::Fire(i) => {
                let (node, timer) = self.timers.remove(i as usize);
                self.run_handler(model, node.0, outbox, |p, io| p.on_timer(io, timer));
            }
            Choice::Drop(i) => {
                self.wire.remove(i as usize);
                self.used.drops += 1;
            }
            Choice::Duplicate(i) => {
                let copy = self.wire[i as usize].clone();
                self.wire.insert(i as usize, copy);
                self.used.duplicates += 1;
            }
            Choice::Crash(node) => {
                self.statuses[node as usize] = NodeStatus::Down;
                self.cells[node as usize].state = model.nodes[node as usize].clone();
                self.timers.retain(|(n, _)| n.0 != node);
                self.used.crashes += 1;
            }
            Choice::Recover(node) => {
                self.statuses[node as usize] = NodeStatus::Up;
                self.used.recoveries += 1;
                self.run_handler(model, node, outbox, |p, io| p.on_recover(io));
            }
            Choice::Partition(cut) => {
                self.cut = cut;
                self.used.partitions += 1;
            }
            Choice::Heal => self.cut = 0,
            Choice::Command(i) => {
                let (node, command) = model.commands[i as usize].clone();
                self.used.commands += 1;
                self.run_handler(model, node.0, outbox, |p, io| p.on_command(io, command));
            }
        }
    }

    /// Runs one handler of `node` with the untimed `Io` and applies its effects in order.
    fn run_handler(
        &mut self,
        model: &CheckModel<P>,
        node: u32,
        outbox: &mut Vec<EffectOf<P>>,
        handler: impl FnOnce(&mut P, &mut Io<'_, P>),
    ) {
        let node_count = self.cells.len() as u32;
        let cell = &mut self.cells[node as usize];
        let mut io = Io::untimed(NodeId(node), node_count, &mut cell.durable, outbox);
        handler(&mut cell.state, &mut io);
        for effect in outbox.drain(..) {
            self.apply_effect(model, NodeId(node), effect);
        }
    }

    fn apply_effect(&mut self, model: &CheckModel<P>, node: NodeId, effect: EffectOf<P>) {
        match effect {
            Effect::Send { to, msg } => {
                // As in the kernel: a send to an unknown node or across a partition is lost at once.
                if to.0 as usize >= self.cells.len() || self.is_cut(node, to) {
                    return;
                }
                let envelope = (MsgId(0), node, to, msg);
                let at = self
                    .wire
                    .binary_search_by(|e| message_order(e, &envelope))
                    .unwrap_or_else(|at| at);
                let present = self
                    .wire
                    .get(at)
                    .is_some_and(|e| same_message(e, &envelope));
                if !(present && model.network == NetworkKind::SentSet) {
                    self.wire.insert(at, envelope);
                }
            }
            Effect::SetTimer { timer, .. } => {
                let entry = (node, timer);
                if let Err(at) = self.timers.binary_search(&entry) {
                    self.timers.insert(at, entry);
                }
            }
            Effect::CancelTimer { timer } => {
                if let Ok(at) = self.timers.binary_search(&(node, timer)) {
                    self.timers.remove(at);
                }
            }
            Effect::Note(_) => {}
        }
    }

    /// Ids are positions in the sorted wire.
    pub fn number_wire(&mut self) {
        for (i, envelope) in self.wire.iter_mut().enumerate() {
            envelope.0 = MsgId(i as u64);
        }
    }
}

fn bit(mask: u64, node: u32) -> bool {
    node < 64 && (mask >> node) & 1 == 1
}

/// The wire's order: by sender, receiver, then message (never by id).
pub(crate) fn message_order<M: Ord>(a: &Envelope<M>, b: &Envelope<M>) -> std::cmp::Ordering {
    (a.1, a.2, &a.3).cmp(&(b.1, b.2, &b.3))
}

fn same_message<M: PartialEq>(a: &Envelope<M>, b: &Envelope<M>) -> bool {
    a.1 == b.1 && a.2 == b.2 && a.3 == b.3
}
