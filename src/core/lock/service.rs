//! A lock node: a single Redis-like server (the lock key, the fencing counter, seed 001's counter and
//! version) that also keeps a ZooKeeper-like queue of ephemeral sequential entries with sessions and watches.
//! Redlock runs five of them, independent of each other.
//!
//! Releases (`DEL`, compare-and-delete, `DECR`) are sent without waiting for an answer, as lock clients
//! usually do, so they get none here.
//!
//! Everything it knows is durable (Redis with `appendfsync always`, ZooKeeper's transaction log), so a
//! crash makes it unavailable but forgets nothing; its timers (lease and session expiry) are set again on
//! recovery. Expiry is measured by its own clock: a lease ends when this node's clock says so, checked by a
//! timer and again on every access (Redis's active and lazy expiry).
use super::message::{HoldId, LockMsg, SessionId, Ticket, WatchTarget};
use super::node::{LockNode, LockTimer};
use super::note::{LockNote, ServiceChange, ServiceNote};
use crate::sim::{Io, NodeId, TimeMs};
use std::collections::BTreeMap;

/// The lock key: who stored it, until when, with which token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LockEntry {
    /// The value stored: the holder's attempt.
    pub owner: Ticket,
    /// When it expires, by this node's clock; `None`: never.
    pub expires_at_clock_ms: Option<TimeMs>,
    /// The fencing token handed out with it.
    pub token: Option<u64>,
}

/// One entry of the queue (an ephemeral sequential znode).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QueueEntry {
    /// Its sequence number: strictly increasing, the holder's fencing token.
    pub seq: u64,
    /// The attempt that created it.
    pub ticket: Ticket,
    /// The session it lives with.
    pub session: SessionId,
}

/// A client session as the service tracks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Session {
    /// When the service last heard from it, by its own clock.
    pub last_heard_clock_ms: TimeMs,
    /// Expired sessions stay expired: nothing they ask is done.
    pub expired: bool,
}

/// A watch waiting to fire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WatchEntry {
    /// Who to notify.
    pub watcher: NodeId,
    /// The watcher's attempt, echoed in the notification.
    pub ticket: Ticket,
    /// The watcher's session: the watch goes when it expires.
    pub session: SessionId,
    /// What it watches.
    pub target: WatchTarget,
}

/// Everything a lock node keeps (all durable).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ServiceData {
    /// The lock key.
    pub lock: Option<LockEntry>,
    /// The fencing counter (`INCR fence`): tokens handed out so far.
    pub tokens_issued: u64,
    /// Seed 001's counter.
    pub counter: u64,
    /// Seed 001's version (a client's timestamp).
    pub version: Option<u64>,
    /// The queue's next sequence number, minus one.
    pub seqs_issued: u64,
    /// The queue, in sequence order; the first entry holds the lock.
    pub queue: Vec<QueueEntry>,
    /// Sessions heard of.
    pub sessions: BTreeMap<SessionId, Session>,
    /// Watches waiting to fire, in the order they were set.
    pub watches: Vec<WatchEntry>,
}

/// A lock node's volatile part: only its configuration.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Service {
    /// A session expires after this long without hearing from its client, by this node's clock.
    pub session_timeout_ms: TimeMs,
}

/// What handling one event decided, applied to the node's `Io` afterwards.
#[derive(Default)]
struct Out {
    sends: Vec<(NodeId, LockMsg)>,
    timers: Vec<(LockTimer, TimeMs)>,
    cancels: Vec<LockTimer>,
    changes: Vec<ServiceChange>,
}

impl Service {
    /// A lock node whose sessions time out after `session_timeout_ms`.
    pub fn new(session_timeout_ms: TimeMs) -> Self {
        Self { session_timeout_ms }
    }

    /// Handles a request from `from`.
    pub(super) fn on_message(&self, io: &mut Io<'_, LockNode>, from: NodeId, msg: LockMsg) {
        let clock_ms = io.clock_ms();
        let mut out = Out::default();
        let data = &mut io.durable().service;
        expire_lease_if_due(data, clock_ms, &mut out);
        self.handle(data, clock_ms, from, msg, &mut out);
        self.flush(io, out);
    }

    /// Handles a lease or session timer.
    pub(super) fn on_timer(&self, io: &mut Io<'_, LockNode>, timer: LockTimer) {
        let clock_ms = io.clock_ms();
        let mut out = Out::default();
        let data = &mut io.durable().service;
        match timer {
            LockTimer::LeaseExpiry => expire_lease_if_due(data, clock_ms, &mut out),
            LockTimer::SessionExpiry { session } => {
                self.expire_session_if_due(data, session, clock_ms, &mut out)
            }
            _ => {}
        }
        self.flush(io, out);
    }

    /// After a crash the node's timers are gone: set them again from what it kept.
    pub(super) fn on_recover(&self, io: &mut Io<'_, LockNode>) {
        let clock_ms = io.clock_ms();
        let data = &io.durable().service;
        let lease = data
            .lock
            .and_then(|lock| lock.expires_at_clock_ms)
            .map(|at| at.saturating_sub(clock_ms));
        let sessions: Vec<(SessionId, TimeMs)> = data
            .sessions
            .iter()
            .filter(|(_, s)| !s.expired)
            .map(|(id, s)| {
                let due = s.last_heard_clock_ms + self.session_timeout_ms;
                (*id, due.saturating_sub(clock_ms))
            })
            .collect();
        if let Some(after_ms) = lease {
            io.set_timer(LockTimer::LeaseExpiry, after_ms);
        }
        for (session, after_ms) in sessions {
            io.set_timer(LockTimer::SessionExpiry { session }, after_ms);
        }
    }

    fn handle(
        &self,
        data: &mut ServiceData,
        clock_ms: TimeMs,
        from: NodeId,
        msg: LockMsg,
        out: &mut Out,
    ) {
        let reply = |out: &mut Out, msg: LockMsg| out.sends.push((from, msg));
        match msg {
            LockMsg::Get { ticket } => {
                let holder = data.lock.map(|lock| lock.owner.hold);
                reply(out, LockMsg::Value { ticket, holder });
            }
            LockMsg::Set { ticket } => {
                data.lock = Some(LockEntry {
                    owner: ticket,
                    expires_at_clock_ms: None,
                    token: None,
                });
                out.changes.push(ServiceChange::Granted);
                reply(out, LockMsg::Ok { ticket });
            }
            LockMsg::Del { .. } if data.lock.take().is_some() => {
                out.changes.push(ServiceChange::Released);
            }
            LockMsg::SetNx {
                ticket,
                ttl_ms,
                fencing,
            } => {
                if data.lock.is_some() {
                    return reply(out, LockMsg::Busy { ticket });
                }
                let token = fencing.then(|| {
                    data.tokens_issued += 1;
                    data.tokens_issued
                });
                data.lock = Some(LockEntry {
                    owner: ticket,
                    expires_at_clock_ms: ttl_ms.map(|ttl| clock_ms.saturating_add(ttl)),
                    token,
                });
                if let Some(ttl) = ttl_ms {
                    out.timers.push((LockTimer::LeaseExpiry, ttl));
                }
                out.changes.push(ServiceChange::Granted);
                reply(out, LockMsg::Granted { ticket, token });
            }
            LockMsg::Release { ticket } if data.lock.is_some_and(|lock| lock.owner == ticket) => {
                data.lock = None;
                out.cancels.push(LockTimer::LeaseExpiry);
                out.changes.push(ServiceChange::Released);
            }
            LockMsg::Extend { ticket, ttl_ms } => match &mut data.lock {
                Some(lock) if lock.owner == ticket => {
                    lock.expires_at_clock_ms = Some(clock_ms.saturating_add(ttl_ms));
                    out.timers.push((LockTimer::LeaseExpiry, ttl_ms));
                    out.changes.push(ServiceChange::Extended);
                    reply(out, LockMsg::Extended { ticket });
                }
                _ => reply(out, LockMsg::NotOwner { ticket }),
            },
            LockMsg::Incr { ticket } => {
                data.counter += 1;
                out.changes.push(ServiceChange::Counter);
                let value = data.counter;
                reply(out, LockMsg::Integer { ticket, value });
            }
            LockMsg::Decr { .. } => {
                data.counter = data.counter.saturating_sub(1);
                out.changes.push(ServiceChange::Counter);
            }
            LockMsg::GetVersion { ticket } => {
                let version = data.version;
                reply(out, LockMsg::Version { ticket, version });
            }
            LockMsg::SetVersion { ticket, version } => {
                data.version = Some(version);
                out.changes.push(ServiceChange::Counter);
                reply(out, LockMsg::Ok { ticket });
            }
            LockMsg::Create {
                ticket,
                session,
                sequential,
            } => {
                if !self.touch_session(data, session, clock_ms, from, out) {
                    return;
                }
                let existing = data
                    .queue
                    .iter()
                    .find(|e| e.ticket.hold == ticket.hold && e.session == session)
                    .map(|e| e.seq);
                let seq = match existing {
                    Some(seq) => seq,
                    None if sequential || data.queue.is_empty() => {
                        data.seqs_issued += 1;
                        let seq = data.seqs_issued;
                        data.queue.push(QueueEntry {
                            seq,
                            ticket,
                            session,
                        });
                        out.changes.push(if data.queue.len() == 1 {
                            ServiceChange::Granted
                        } else {
                            ServiceChange::Enqueued
                        });
                        seq
                    }
                    None => return reply(out, LockMsg::Busy { ticket }),
                };
                reply(out, queued(data, ticket, seq));
            }
            LockMsg::Check {
                ticket,
                session,
                seq,
            } => {
                if !self.touch_session(data, session, clock_ms, from, out) {
                    return;
                }
                if data.queue.iter().any(|e| e.seq == seq) {
                    reply(out, queued(data, ticket, seq));
                } else {
                    // Only its owner deletes an entry, and only an expiry deletes it behind its back.
                    reply(out, LockMsg::SessionExpired { session });
                }
            }
            LockMsg::Watch {
                ticket,
                session,
                target,
            } => {
                if !self.touch_session(data, session, clock_ms, from, out) {
                    return;
                }
                let present = match target {
                    WatchTarget::Entry(seq) => data.queue.iter().any(|e| e.seq == seq),
                    WatchTarget::Lock => !data.queue.is_empty(),
                };
                if present {
                    data.watches.push(WatchEntry {
                        watcher: from,
                        ticket,
                        session,
                        target,
                    });
                } else {
                    let seq = match target {
                        WatchTarget::Entry(seq) => seq,
                        WatchTarget::Lock => data.seqs_issued,
                    };
                    reply(out, LockMsg::Notify { ticket, seq });
                }
            }
            LockMsg::Delete {
                ticket,
                session,
                seq,
            } => {
                if !self.touch_session(data, session, clock_ms, from, out) {
                    return;
                }
                let position = data
                    .queue
                    .iter()
                    .position(|e| e.seq == seq && e.ticket.hold == ticket.hold);
                if let Some(position) = position {
                    remove_entry(data, position, out);
                    out.changes.push(ServiceChange::Released);
                }
                reply(out, LockMsg::Deleted { ticket });
            }
            LockMsg::KeepAlive { session } => {
                self.touch_session(data, session, clock_ms, from, out);
            }
            _ => {}
        }
    }

    /// Marks a session alive (opening it on first contact) and restarts its expiry timer; answers
    /// `session-expired` and returns false if it has already expired.
    fn touch_session(
        &self,
        data: &mut ServiceData,
        session: SessionId,
        clock_ms: TimeMs,
        from: NodeId,
        out: &mut Out,
    ) -> bool {
        let state = data.sessions.entry(session).or_insert(Session {
            last_heard_clock_ms: clock_ms,
            expired: false,
        });
        if state.expired {
            out.sends.push((from, LockMsg::SessionExpired { session }));
            return false;
        }
        state.last_heard_clock_ms = clock_ms;
        out.timers.push((
            LockTimer::SessionExpiry { session },
            self.session_timeout_ms,
        ));
        true
    }

    fn expire_session_if_due(
        &self,
        data: &mut ServiceData,
        session: SessionId,
        clock_ms: TimeMs,
        out: &mut Out,
    ) {
        let Some(state) = data.sessions.get_mut(&session) else {
            return;
        };
        if state.expired || clock_ms < state.last_heard_clock_ms + self.session_timeout_ms {
            return;
        }
        state.expired = true;
        while let Some(position) = data.queue.iter().position(|e| e.session == session) {
            remove_entry(data, position, out);
        }
        data.watches.retain(|w| w.session != session);
        out.changes.push(ServiceChange::SessionExpired);
    }

    fn flush(&self, io: &mut Io<'_, LockNode>, out: Out) {
        for timer in out.cancels {
            io.cancel_timer(&timer);
        }
        for (timer, after_ms) in out.timers {
            io.set_timer(timer, after_ms);
        }
        for (to, msg) in out.sends {
            io.send(to, msg);
        }
        let clock_ms = io.clock_ms();
        for change in out.changes {
            let note = service_note(&io.durable().service, change, clock_ms);
            io.note(LockNote::Service(note));
        }
    }
}

/// Deletes the lease if this node's clock has passed its expiry (Redis's lazy expiry, and the timer's).
fn expire_lease_if_due(data: &mut ServiceData, clock_ms: TimeMs, out: &mut Out) {
    let due = data
        .lock
        .and_then(|lock| lock.expires_at_clock_ms)
        .is_some_and(|at| clock_ms >= at);
    if due {
        data.lock = None;
        out.cancels.push(LockTimer::LeaseExpiry);
        out.changes.push(ServiceChange::Expired);
    }
}

/// The `queued` reply for the entry `seq`.
fn queued(data: &ServiceData, ticket: Ticket, seq: u64) -> LockMsg {
    let position = data.queue.iter().position(|e| e.seq == seq).unwrap_or(0);
    LockMsg::Queued {
        ticket,
        seq,
        ahead: position as u32,
        predecessor: position.checked_sub(1).map(|p| data.queue[p].seq),
    }
}

/// Removes a queue entry and fires the watches it triggers: its own watchers, and everyone watching the
/// lock when it was the holder.
fn remove_entry(data: &mut ServiceData, position: usize, out: &mut Out) {
    let entry = data.queue.remove(position);
    let was_holder = position == 0;
    let mut kept = Vec::with_capacity(data.watches.len());
    for watch in std::mem::take(&mut data.watches) {
        let fires = match watch.target {
            WatchTarget::Entry(seq) => seq == entry.seq,
            WatchTarget::Lock => was_holder,
        };
        if fires {
            out.sends.push((
                watch.watcher,
                LockMsg::Notify {
                    ticket: watch.ticket,
                    seq: entry.seq,
                },
            ));
        } else {
            kept.push(watch);
        }
    }
    data.watches = kept;
}

/// The note after a change: who holds the lock now (the key's owner, or the queue's first entry).
fn service_note(data: &ServiceData, change: ServiceChange, clock_ms: TimeMs) -> ServiceNote {
    let (holder, token): (Option<HoldId>, Option<u64>) = match (data.lock, data.queue.first()) {
        (Some(lock), _) => (Some(lock.owner.hold), lock.token),
        (None, Some(head)) => (Some(head.ticket.hold), Some(head.seq)),
        (None, None) => (None, None),
    };
    ServiceNote {
        change,
        holder,
        token,
        lease_left_ms: data
            .lock
            .and_then(|lock| lock.expires_at_clock_ms)
            .map(|at| at.saturating_sub(clock_ms)),
        counter: data.counter,
        queue_length: data.queue.len() as u32,
        watchers: data.watches.len() as u32,
        clock_ms,
    }
}
