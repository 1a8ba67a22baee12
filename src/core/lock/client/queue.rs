//! The queue lock's client side (ZooKeeper's lock recipe, etcd's `concurrency.Mutex`): a session kept
//! alive, an entry in the queue, a watch on the entry ahead (or, for the herd, on the lock itself).
use super::{Attempt, Client, ClientIo, Phase};
use crate::lock::message::{LockMsg, SessionId, Ticket, WatchTarget};
use crate::lock::node::LockTimer;
use crate::lock::note::{Cause, ClientState};
use crate::sim::TimeMs;

impl Client {
    /// The herd, after `create` found the lock entry: watch it and race again when it goes.
    pub(super) fn on_lock_exists(&mut self, io: ClientIo<'_, '_>, ticket: Ticket) {
        let Some(session) = self.session else {
            return;
        };
        io.cancel_timer(&LockTimer::ReplyTimeout);
        self.retries += 1;
        io.send(
            self.config.service(),
            LockMsg::Watch {
                ticket,
                session,
                target: WatchTarget::Lock,
            },
        );
        self.phase = Phase::Queued {
            seq: None,
            ahead: None,
        };
        io.set_timer(LockTimer::Recheck, self.recheck_after_ms());
        self.note(io, ClientState::Queued, Some(Cause::Busy), None);
    }

    /// Every third of the session timeout: the keep-alive, and again any delete not yet acknowledged.
    pub(super) fn on_keep_alive_tick(&mut self, io: ClientIo<'_, '_>) {
        if let Some(session) = self.session {
            let service = self.config.service();
            io.send(service, LockMsg::KeepAlive { session });
            if let Some((ticket, seq)) = self.unacknowledged_delete {
                let delete = LockMsg::Delete {
                    ticket,
                    session,
                    seq,
                };
                io.send(service, delete);
            }
        }
        io.set_timer(LockTimer::KeepAlive, self.keep_alive_every_ms());
    }

    /// The service deleted the entry.
    pub(super) fn on_deleted(&mut self, ticket: Ticket) {
        if self.unacknowledged_delete.is_some_and(|(t, _)| t == ticket) {
            self.unacknowledged_delete = None;
        }
    }

    pub(super) fn keep_alive_every_ms(&self) -> TimeMs {
        (self.config.lease_ms / 3).max(1)
    }

    pub(super) fn session_or_open(&mut self, io: ClientIo<'_, '_>) -> SessionId {
        if let Some(session) = self.session {
            return session;
        }
        let me = io.me();
        let record = &mut io.durable().client;
        record.sessions += 1;
        let session = SessionId {
            client: me,
            epoch: record.sessions,
        };
        self.session = Some(session);
        session
    }

    /// A queued waiter that has heard nothing for a while asks again, so a lost watch or notification
    /// cannot leave it waiting forever (ZooKeeper gets this from TCP and its reconnecting sessions).
    pub(super) fn recheck(&mut self, io: ClientIo<'_, '_>) {
        let Phase::Queued { seq, .. } = self.phase else {
            return;
        };
        match (seq, self.session) {
            (Some(seq), Some(session)) => {
                let ticket = self.ticket(io.me());
                let check = LockMsg::Check {
                    ticket,
                    session,
                    seq,
                };
                io.send(self.config.service(), check);
                io.set_timer(LockTimer::Recheck, self.recheck_after_ms());
            }
            _ => self.try_attempt(io),
        }
    }

    pub(super) fn recheck_after_ms(&self) -> TimeMs {
        self.config.lease_ms.max(1) * 2
    }

    pub(super) fn on_queued(
        &mut self,
        io: ClientIo<'_, '_>,
        ticket: Ticket,
        seq: u64,
        ahead: u32,
        predecessor: Option<u64>,
    ) {
        let waiting = matches!(
            self.phase,
            Phase::Acquiring(Attempt::Create) | Phase::Queued { .. }
        );
        if !waiting || ticket != self.ticket(io.me()) {
            return;
        }
        let Some(session) = self.session else {
            return;
        };
        match predecessor {
            None => self.begin_hold(io, ticket, Some(seq), None, Some(seq)),
            Some(predecessor) => {
                // The recipe: watch only the entry just ahead, so one waiter wakes per handover.
                io.cancel_timer(&LockTimer::ReplyTimeout);
                io.send(
                    self.config.service(),
                    LockMsg::Watch {
                        ticket,
                        session,
                        target: WatchTarget::Entry(predecessor),
                    },
                );
                self.phase = Phase::Queued {
                    seq: Some(seq),
                    ahead: Some(ahead),
                };
                io.set_timer(LockTimer::Recheck, self.recheck_after_ms());
                self.note(io, ClientState::Queued, None, None);
            }
        }
    }

    pub(super) fn on_notify(&mut self, io: ClientIo<'_, '_>, ticket: Ticket) {
        let Phase::Queued { seq, .. } = self.phase else {
            return;
        };
        if ticket != self.ticket(io.me()) {
            return;
        }
        match (seq, self.session) {
            (Some(seq), Some(session)) => {
                io.send(
                    self.config.service(),
                    LockMsg::Check {
                        ticket,
                        session,
                        seq,
                    },
                );
                io.set_timer(LockTimer::ReplyTimeout, self.config.reply_timeout_ms);
            }
            // The herd: the lock entry went; everyone races to create it again.
            _ => self.try_attempt(io),
        }
    }

    pub(super) fn on_session_expired(&mut self, io: ClientIo<'_, '_>, session: SessionId) {
        if self.session != Some(session) {
            return;
        }
        self.session = None;
        match self.phase {
            Phase::Holding(_) | Phase::Writing(_) => {
                self.end_hold(io, ClientState::Lost, Some(Cause::SessionExpired))
            }
            Phase::Acquiring(_) | Phase::Queued { .. } => {
                self.fail_attempt(io, Cause::SessionExpired)
            }
            Phase::Idle | Phase::Backoff => {}
        }
    }
}
