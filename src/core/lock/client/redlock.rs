//! Redlock's decision: a majority of nodes within the validity time (antirez, "Distributed locks with
//! Redis").
use super::{Attempt, Client, ClientIo, Phase};
use crate::lock::message::LockMsg;
use crate::lock::note::Cause;
use crate::sim::NodeId;

impl Client {
    pub(super) fn decide_redlock_if_all_answered(&mut self, io: ClientIo<'_, '_>) {
        let everyone = (1u32 << self.config.lock_nodes) - 1;
        if matches!(self.phase, Phase::Acquiring(Attempt::Redlock { answered, .. }) if answered == everyone)
        {
            self.decide_redlock(io);
        }
    }

    /// Redlock's decision once every node answered or the wait ran out: a majority granted and enough
    /// validity left (`ttl − elapsed − drift`, by the client's clock) to finish, or release everywhere.
    pub(super) fn decide_redlock(&mut self, io: ClientIo<'_, '_>) {
        let Phase::Acquiring(Attempt::Redlock {
            started_clock_ms,
            granted,
            ..
        }) = self.phase
        else {
            return;
        };
        let ticket = self.ticket(io.me());
        let clock_ms = io.clock_ms();
        let elapsed_ms = clock_ms.saturating_sub(started_clock_ms);
        let validity_ms = self.config.lease_ms as i64
            - elapsed_ms as i64
            - self.config.drift_allowance_ms() as i64;
        let granted = granted.count_ones();
        if granted >= self.config.majority() && validity_ms >= self.config.validity_needed_ms() {
            let until = clock_ms as i64 + validity_ms;
            return self.begin_hold(io, ticket, None, Some(until), None);
        }
        for node in 0..self.config.lock_nodes {
            io.send(NodeId(node), LockMsg::Release { ticket });
        }
        let cause = if granted < self.config.majority() {
            Cause::NoMajority { granted }
        } else {
            Cause::ValidityTooShort { validity_ms }
        };
        self.fail_attempt(io, cause);
    }
}
