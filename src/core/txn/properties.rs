//! The properties every correct variant keeps: atomicity, validity and durability (safety invariants,
//! checked after every event) and termination (liveness, checked at deadlines), plus the blocked states
//! the model checker counts.
//!
//! All of them read the nodes' durable logs (what each node did, as it will still say after a crash),
//! folded once per check into a [`Ledger`], so a check costs one pass over the logs.
use super::ids::{participant_index, participant_node, ParticipantSet, TxnId, CLIENT, COORDINATOR};
use super::log::{LogRecord, Outcome, TxnLog};
use super::node::TxnNode;
use super::note::TxnState;
use crate::sim::{
    DropReason, EventKind, Invariant, NodeId, NodeStatus, NodesView, TimeMs, Violation,
};

/// "No participant commits a transaction that another participant aborts."
pub const ATOMICITY: &str = "atomicity";
/// "A transaction commits only if every participant voted yes."
pub const VALIDITY: &str = "validity";
/// "The decision survives crashes: the coordinator's logged decision is the one everybody acted on."
pub const DURABILITY: &str = "durability";
/// "Once failed nodes have recovered and the network has healed, every transaction finishes."
pub const TERMINATION: &str = "termination";

/// Every property, in the legend's order.
pub const PROPERTIES: [&str; 4] = [ATOMICITY, VALIDITY, DURABILITY, TERMINATION];

/// What the logs say about one transaction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TxnFacts {
    /// Participants with a `prepared` record (they voted yes).
    pub prepared: ParticipantSet,
    /// Participants with a `commit` record.
    pub committed: ParticipantSet,
    /// Participants with an `abort` record.
    pub aborted: ParticipantSet,
    /// The participant set named by the coordinator's `begin` record.
    pub begun: ParticipantSet,
    /// The coordinator's first logged decision.
    pub coordinator: Option<Outcome>,
    /// A second, different decision the coordinator logged later (never, for a correct coordinator).
    pub coordinator_later: Option<Outcome>,
    /// The client's learned outcome.
    pub client: Option<Outcome>,
}

/// Per transaction (indexed by its number), what every node's log says, folded in one pass.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ledger {
    facts: Vec<TxnFacts>,
}

impl Ledger {
    /// Folds the logs of every node of `view`.
    pub fn of(view: &NodesView<'_, TxnNode>) -> Ledger {
        let expected = view.get(CLIENT).map_or(0, |(_, log, _)| log.begin_count());
        let mut ledger = Ledger {
            facts: Vec::with_capacity(expected as usize + 1),
        };
        for id in view.ids() {
            let index = participant_index(id);
            for record in &view.durable(id).records {
                let facts = ledger.facts_mut(record.txn());
                match (index, id, record) {
                    (Some(i), _, LogRecord::Prepared { .. }) => {
                        facts.prepared = facts.prepared.with(i)
                    }
                    (Some(i), _, LogRecord::Commit { .. }) => {
                        facts.committed = facts.committed.with(i)
                    }
                    (Some(i), _, LogRecord::Abort { .. }) => facts.aborted = facts.aborted.with(i),
                    (None, COORDINATOR, LogRecord::Begin { participants, .. }) => {
                        facts.begun = *participants
                    }
                    (None, COORDINATOR, _) => {
                        if let Some(outcome) = record.outcome() {
                            match facts.coordinator {
                                None => facts.coordinator = Some(outcome),
                                Some(first) if first != outcome => {
                                    facts.coordinator_later.get_or_insert(outcome);
                                }
                                Some(_) => {}
                            }
                        }
                    }
                    (None, CLIENT, _) => {
                        if let Some(outcome) = record.outcome() {
                            facts.client.get_or_insert(outcome);
                        }
                    }
                    _ => {}
                }
            }
        }
        ledger
    }

    fn facts_mut(&mut self, txn: TxnId) -> &mut TxnFacts {
        let slot = txn.0 as usize;
        if self.facts.len() <= slot {
            self.facts.resize(slot + 1, TxnFacts::default());
        }
        &mut self.facts[slot]
    }

    /// What the logs say about `txn`.
    pub fn facts(&self, txn: TxnId) -> TxnFacts {
        self.facts.get(txn.0 as usize).copied().unwrap_or_default()
    }

    /// Every transaction any node logged something about, with its facts, by number.
    pub fn txns(&self) -> impl Iterator<Item = (TxnId, &TxnFacts)> {
        self.facts
            .iter()
            .enumerate()
            .skip(1)
            .map(|(slot, facts)| (TxnId(slot as u32), facts))
    }

    /// The first atomicity violation, if any.
    pub fn atomicity(&self) -> Result<(), Violation> {
        for (txn, facts) in self.txns() {
            if !facts.committed.is_empty() && !facts.aborted.is_empty() {
                let (commits, aborts) = (first(facts.committed), first(facts.aborted));
                return Err(Violation {
                    invariant: ATOMICITY.to_string(),
                    nodes: vec![commits, aborts],
                    detail: format!("{txn} {commits} commit {aborts} abort"),
                });
            }
        }
        Ok(())
    }

    /// The first validity violation, if any.
    pub fn validity(&self) -> Result<(), Violation> {
        for (txn, facts) in self.txns() {
            let committer = if facts.coordinator == Some(Outcome::Commit)
                || facts.coordinator_later == Some(Outcome::Commit)
            {
                COORDINATOR
            } else if !facts.committed.is_empty() {
                first(facts.committed)
            } else {
                continue;
            };
            let missing = ParticipantSet(facts.begun.0 & !facts.prepared.0);
            if !missing.is_empty() {
                let missing = first(missing);
                return Err(Violation {
                    invariant: VALIDITY.to_string(),
                    nodes: vec![committer, missing],
                    detail: format!("{txn} {committer} commit {missing} no-vote-yes"),
                });
            }
        }
        Ok(())
    }

    /// The first durability violation, if any.
    pub fn durability(&self) -> Result<(), Violation> {
        for (txn, facts) in self.txns() {
            let Some(decided) = facts.coordinator else {
                continue;
            };
            let violation = |node: NodeId, other: Outcome| Violation {
                invariant: DURABILITY.to_string(),
                nodes: vec![COORDINATOR, node],
                detail: format!(
                    "{txn} {COORDINATOR} {} {node} {}",
                    code_of(decided),
                    code_of(other)
                ),
            };
            if let Some(other) = facts.coordinator_later {
                return Err(violation(COORDINATOR, other));
            }
            let contrary = match decided {
                Outcome::Commit => facts.aborted,
                Outcome::Abort => facts.committed,
            }
            .and(facts.prepared);
            if !contrary.is_empty() {
                return Err(violation(first(contrary), opposite(decided)));
            }
            if let Some(learned) = facts.client.filter(|o| *o != decided) {
                return Err(violation(CLIENT, learned));
            }
        }
        Ok(())
    }
}

fn first(set: ParticipantSet) -> NodeId {
    set.nodes().next().unwrap_or(COORDINATOR)
}

/// Atomicity: no transaction is committed at one participant and aborted at another.
#[derive(Clone, Copy, Debug, Default)]
pub struct Atomicity;

impl Invariant<TxnNode> for Atomicity {
    fn name(&self) -> &str {
        ATOMICITY
    }

    fn check(&self, view: &NodesView<'_, TxnNode>) -> Result<(), Violation> {
        Ledger::of(view).atomicity()
    }
}

/// Validity: a transaction is committed (decided by the coordinator, or applied by a participant) only if
/// every participant voted yes (has `prepared`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Validity;

impl Invariant<TxnNode> for Validity {
    fn name(&self) -> &str {
        VALIDITY
    }

    fn check(&self, view: &NodesView<'_, TxnNode>) -> Result<(), Violation> {
        Ledger::of(view).validity()
    }
}

/// Durability: a decision, once made, is the decision, crashes and recoveries included. The coordinator
/// logs one decision per transaction at most; every participant that voted yes and then decided, decided
/// that one; and the client learned that one. (A participant that aborted alone before voting yes acted
/// on no decision; validity covers a coordinator that commits over it.)
#[derive(Clone, Copy, Debug, Default)]
pub struct Durability;

impl Invariant<TxnNode> for Durability {
    fn name(&self) -> &str {
        DURABILITY
    }

    fn check(&self, view: &NodesView<'_, TxnNode>) -> Result<(), Violation> {
        Ledger::of(view).durability()
    }
}

/// Atomicity, validity and durability in one check (one fold of the logs per event instead of three), in
/// that order of priority: what the scenario's runs use. Its violations name the property that failed.
#[derive(Clone, Copy, Debug, Default)]
pub struct Safety;

impl Invariant<TxnNode> for Safety {
    fn name(&self) -> &str {
        ATOMICITY
    }

    fn check(&self, view: &NodesView<'_, TxnNode>) -> Result<(), Violation> {
        let ledger = Ledger::of(view);
        ledger.atomicity()?;
        ledger.validity()?;
        ledger.durability()
    }
}

fn code_of(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Commit => "commit",
        Outcome::Abort => "abort",
    }
}

fn opposite(outcome: Outcome) -> Outcome {
    match outcome {
        Outcome::Commit => Outcome::Abort,
        Outcome::Abort => Outcome::Commit,
    }
}

/// How long after the last fault (crash, recovery, pause, partition, heal, network change, clock jump, a
/// message dropped or delayed by hand) the
/// termination property waits before it demands that every transaction begun by then has finished: long
/// enough for the slowest path of a correct variant (a lock wait timeout, then a vote timeout, then a
/// resend) with room to spare.
pub const TERMINATION_SETTLE_MS: TimeMs = 4_000;

/// Termination (liveness): at its deadline, if every node is up, no partition is in force, the network
/// (as last changed) loses nothing and no fault happened in the last `settle_ms`, then every transaction the client began at
/// least `settle_ms` ago has finished: every participant of it decided (or never heard of it and holds
/// nothing for it) and the client learned the outcome. Otherwise it holds trivially: a protocol cannot be
/// asked to finish while its nodes are down, which is exactly when two-phase commit blocks.
#[derive(Clone, Copy, Debug)]
pub struct Termination {
    /// Quiet time required before the deadline.
    pub settle_ms: TimeMs,
}

impl Default for Termination {
    fn default() -> Self {
        Termination {
            settle_ms: TERMINATION_SETTLE_MS,
        }
    }
}

impl Termination {
    /// Whether the property applies now: every node up, no partition in force, the network (as last
    /// changed) loses nothing, and no fault for `settle_ms`. When it does not, the check passes.
    pub fn applies(&self, view: &NodesView<'_, TxnNode>) -> bool {
        if view.ids().any(|id| view.status(id) != NodeStatus::Up) {
            return false;
        }
        let mut last_fault_ms = 0;
        let mut partitioned = false;
        let mut lossy = false;
        for event in view.history() {
            match &event.kind {
                EventKind::Crash { .. }
                | EventKind::Recover { .. }
                | EventKind::Pause { .. }
                | EventKind::Resume { .. }
                | EventKind::ClockJump { .. }
                | EventKind::Drop {
                    reason: DropReason::Action,
                    ..
                }
                | EventKind::Delay { .. } => last_fault_ms = event.time_ms,
                EventKind::Partition { .. } => {
                    last_fault_ms = event.time_ms;
                    partitioned = true;
                }
                EventKind::Heal => {
                    last_fault_ms = event.time_ms;
                    partitioned = false;
                }
                EventKind::NetworkChange { network } => {
                    last_fault_ms = event.time_ms;
                    lossy = network.loss_probability > 0.0
                        || network.links.iter().any(|link| link.loss_probability > 0.0);
                }
                _ => {}
            }
        }
        !partitioned && !lossy && view.now() >= last_fault_ms.saturating_add(self.settle_ms)
    }
}

impl Invariant<TxnNode> for Termination {
    fn name(&self) -> &str {
        TERMINATION
    }

    fn check(&self, view: &NodesView<'_, TxnNode>) -> Result<(), Violation> {
        let now_ms = view.now();
        if !self.applies(view) {
            return Ok(());
        }
        let mut begun_at_ms: Vec<Option<TimeMs>> = Vec::new();
        for event in view.history() {
            let EventKind::State {
                node: CLIENT, note, ..
            } = &event.kind
            else {
                continue;
            };
            let Some(note) = view.notes().get(*note as usize) else {
                continue;
            };
            if let (Some(txn), TxnState::Working) = (note.txn, note.state) {
                let slot = txn.0 as usize;
                if begun_at_ms.len() <= slot {
                    begun_at_ms.resize(slot + 1, None);
                }
                begun_at_ms[slot].get_or_insert(event.time_ms);
            }
        }
        let client_log = view.durable(CLIENT);
        for record in &client_log.records {
            let LogRecord::Begin { txn, participants } = record else {
                continue;
            };
            let begun_ms = begun_at_ms.get(txn.0 as usize).copied().flatten();
            if begun_ms.is_none_or(|at| at.saturating_add(self.settle_ms) > now_ms) {
                continue;
            }
            let mut unfinished: Vec<NodeId> = participants
                .nodes()
                .filter(|node| !finished_at(view, *node, *txn))
                .collect();
            if client_log.decision(*txn).is_none() {
                unfinished.push(CLIENT);
            }
            if let Some(node) = unfinished.first() {
                let state = state_at(view, *node, *txn).code();
                return Err(Violation {
                    invariant: TERMINATION.to_string(),
                    nodes: unfinished.clone(),
                    detail: format!("{txn} {node} {state}"),
                });
            }
        }
        Ok(())
    }
}

/// Whether participant `node` is done with `txn`: decided, or never prepared it and holds nothing for it.
fn finished_at(view: &NodesView<'_, TxnNode>, node: NodeId, txn: TxnId) -> bool {
    let Some((state, log, _)) = view.get(node) else {
        return true;
    };
    if log.decision(txn).is_some() {
        return true;
    }
    let pending = state.as_participant().and_then(|p| p.txn(txn)).is_some();
    !pending && log.prepared(txn).is_none()
}

fn state_at(view: &NodesView<'_, TxnNode>, node: NodeId, txn: TxnId) -> TxnState {
    let Some((state, log, _)) = view.get(node) else {
        return TxnState::Idle;
    };
    match state.as_participant() {
        Some(participant) => participant.state_of(log, txn),
        None if log.decision(txn) == Some(Outcome::Commit) => TxnState::Committed,
        None if log.decision(txn) == Some(Outcome::Abort) => TxnState::Aborted,
        None => TxnState::Working,
    }
}

/// Every `(participant, transaction)` in doubt: prepared (voted yes) and not decided, whether the
/// participant is up or down.
pub fn in_doubt(view: &NodesView<'_, TxnNode>) -> Vec<(NodeId, TxnId)> {
    let mut found = Vec::new();
    for id in view.ids().filter(|id| participant_index(*id).is_some()) {
        found.extend(undecided_prepared(view.durable(id)).map(|txn| (id, txn)));
    }
    found
}

/// The in-doubt pairs whose participant is up and can do nothing but wait: the coordinator is down, and
/// (cooperative termination) no peer of the transaction can tell it the outcome either, because every
/// peer is in doubt too or down. This is the blocking of two-phase commit, made a number the model checker
/// can count.
pub fn blocked_in_doubt(view: &NodesView<'_, TxnNode>) -> Vec<(NodeId, TxnId)> {
    if view.status(COORDINATOR) == NodeStatus::Up {
        return Vec::new();
    }
    let asks_peers = view.node(COORDINATOR).config.variant.asks_peers();
    in_doubt(view)
        .into_iter()
        .filter(|(node, txn)| {
            if view.status(*node) != NodeStatus::Up {
                return false;
            }
            if !asks_peers {
                return true;
            }
            let participants = view.durable(*node).prepared(*txn).unwrap_or_default();
            participants
                .indices()
                .map(participant_node)
                .filter(|peer| peer != node)
                .all(|peer| {
                    view.status(peer) != NodeStatus::Up || {
                        let log = view.durable(peer);
                        log.decision(*txn).is_none() && log.prepared(*txn).is_some()
                    }
                })
        })
        .collect()
}

fn undecided_prepared(log: &TxnLog) -> impl Iterator<Item = TxnId> + '_ {
    log.records.iter().filter_map(move |r| match r {
        LogRecord::Prepared { txn, .. } if log.decision(*txn).is_none() => Some(*txn),
        _ => None,
    })
}
