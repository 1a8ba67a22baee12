//! The Redis-style attempts: check-then-set's `GET` then `SET`, seed 001's counter and version, and `SET NX`
//! (with or without a lease and a fencing token).
use super::{Attempt, Client, ClientIo, Phase};
use crate::lock::message::{HoldId, LockMsg, Ticket};
use crate::lock::node::LockTimer;
use crate::lock::note::Cause;
use crate::lock::variant::Variant;
use crate::sim::NodeId;

impl Client {
    /// Check-then-set, after `GET lock`: empty means "mine", so `SET` it (the race: someone else may be
    /// doing the same).
    pub(super) fn on_value(
        &mut self,
        io: ClientIo<'_, '_>,
        ticket: Ticket,
        holder: Option<HoldId>,
    ) {
        if !self.is_current(io, ticket) || self.phase != Phase::Acquiring(Attempt::Get) {
            return;
        }
        match holder {
            None => {
                io.send(self.config.service(), LockMsg::Set { ticket });
                self.phase = Phase::Acquiring(Attempt::Set);
                io.set_timer(LockTimer::ReplyTimeout, self.config.reply_timeout_ms);
            }
            Some(_) => self.fail_attempt(io, Cause::Busy),
        }
    }

    /// Check-then-set's `SET`, or seed 001's `SET version`, is done: the client holds the lock.
    pub(super) fn on_ok(&mut self, io: ClientIo<'_, '_>, ticket: Ticket) {
        let done = matches!(
            self.phase,
            Phase::Acquiring(Attempt::Set | Attempt::SetVersion { .. })
        );
        if self.is_current(io, ticket) && done {
            self.begin_hold(io, ticket, None, None, None);
        }
    }

    /// Seed 001, after `INCR`: "if the counter is 1 the lock was free; otherwise compare versions".
    pub(super) fn on_counter(&mut self, io: ClientIo<'_, '_>, ticket: Ticket, value: u64) {
        let stamp = match self.phase {
            Phase::Acquiring(Attempt::Incr { stamp }) if self.is_current(io, ticket) => stamp,
            _ => return,
        };
        let service = self.config.service();
        self.phase = if value == 1 {
            io.send(
                service,
                LockMsg::SetVersion {
                    ticket,
                    version: stamp,
                },
            );
            Phase::Acquiring(Attempt::SetVersion { stamp })
        } else {
            io.send(service, LockMsg::GetVersion { ticket });
            Phase::Acquiring(Attempt::GetVersion { stamp })
        };
        io.set_timer(LockTimer::ReplyTimeout, self.config.reply_timeout_ms);
    }

    /// Seed 001, after `GET version`: "the smaller version wins". A requester whose timestamp is smaller
    /// than the stored version takes the lock; with clocks in step that never happens while someone holds
    /// it, since the holder stamped it earlier.
    pub(super) fn on_version(
        &mut self,
        io: ClientIo<'_, '_>,
        ticket: Ticket,
        version: Option<u64>,
    ) {
        let stamp = match self.phase {
            Phase::Acquiring(Attempt::GetVersion { stamp }) if self.is_current(io, ticket) => stamp,
            _ => return,
        };
        let service = self.config.service();
        if version.is_some_and(|stored| stamp < stored) {
            io.send(
                service,
                LockMsg::SetVersion {
                    ticket,
                    version: stamp,
                },
            );
            self.phase = Phase::Acquiring(Attempt::SetVersion { stamp });
            io.set_timer(LockTimer::ReplyTimeout, self.config.reply_timeout_ms);
        } else {
            io.send(service, LockMsg::Decr { ticket });
            self.fail_attempt(io, Cause::Busy);
        }
    }

    pub(super) fn on_granted(
        &mut self,
        io: ClientIo<'_, '_>,
        from: NodeId,
        ticket: Ticket,
        token: Option<u64>,
    ) {
        if self.is_current(io, ticket) {
            if let Phase::Acquiring(Attempt::SetNx { sent_clock_ms }) = self.phase {
                let lease_until = (self.config.variant != Variant::SetNxNoExpiry)
                    .then(|| (sent_clock_ms + self.config.lease_ms) as i64);
                return self.begin_hold(io, ticket, token, lease_until, None);
            }
            if let Phase::Acquiring(Attempt::Redlock {
                granted, answered, ..
            }) = &mut self.phase
            {
                *granted |= 1 << from.0;
                *answered |= 1 << from.0;
                return self.decide_redlock_if_all_answered(io);
            }
        }
        if self.hold().is_some_and(|h| h.ticket == ticket) {
            return;
        }
        // A grant for an attempt given up on: it is ours on that node, so let it go at once.
        io.send(from, LockMsg::Release { ticket });
    }

    pub(super) fn on_busy(&mut self, io: ClientIo<'_, '_>, from: NodeId, ticket: Ticket) {
        if !self.is_current(io, ticket) {
            return;
        }
        match &mut self.phase {
            Phase::Acquiring(Attempt::Redlock { answered, .. }) => {
                *answered |= 1 << from.0;
                self.decide_redlock_if_all_answered(io);
            }
            Phase::Acquiring(Attempt::Create) => self.on_lock_exists(io, ticket),
            _ => self.fail_attempt(io, Cause::Busy),
        }
    }
}
