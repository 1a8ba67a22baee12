//! The lock designs the panel compares ([`Variant`]) and how a client waits between attempts
//! ([`RetryPolicy`]).
use crate::sim::TimeMs;
use serde::Serialize;

/// One lock design: the seeds' broken ones and the correct ones, each named for what it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    /// Seed 000's Redis code: `GET lock`, then `SET lock` if it was empty, never an expiry, `DEL` to release.
    /// Two clients can both read "empty" before either writes: two holders.
    CheckThenSet,
    /// Seed 001's "distributed counter": `INCR` a counter and use the local clock as the lock's version; a
    /// requester whose timestamp is smaller than the stored version takes the lock ("the smaller version
    /// wins"). A client whose clock is behind wins while someone holds it: two holders.
    CounterTimestamp,
    /// Seed 004's lock: a `threading.Lock` chosen by `hash(key) % N` inside each process. It excludes the
    /// threads of one process and nobody else: no exclusion across processes at all.
    LocalHash,
    /// `SET lock value NX` without an expiry, released by compare-and-delete: safe, but a holder that crashes
    /// never releases, so everyone waits forever.
    SetNxNoExpiry,
    /// A lease: `SET lock value NX PX ttl`, released only if the value is still ours (the Redis
    /// documentation's single-instance lock), optionally renewed by a watchdog while alive (Redisson). Still
    /// unsafe: a holder paused past its lease wakes up and writes after someone else acquired.
    Lease,
    /// The lease plus a fencing token: every grant carries a strictly increasing number (`INCR` in the same
    /// atomic script as the `SET`), and the storage rejects a request whose token is lower than the highest
    /// it has seen (Kleppmann, "How to do distributed locking", 2016). Safe.
    LeaseFencing,
    /// Redlock over five independent lock nodes: a majority of `SET NX PX` within the validity time
    /// `ttl − elapsed − drift` (antirez, "Distributed locks with Redis"). No token, so a pause, a clock that
    /// drifts more than assumed or a clock jump breaks it (Kleppmann 2016).
    Redlock,
    /// The ZooKeeper / etcd recipe: each waiter creates an ephemeral sequential entry and watches only its
    /// predecessor; the lowest entry holds the lock; a dead holder's session expires and frees it. Its
    /// sequence number is its fencing token. Safe, and one notification per handover.
    QueueLock,
    /// The naive recipe: every waiter watches the one lock entry and all of them race to create it when it
    /// goes (the herd effect: n − 1 notifications per handover). Safe, with the same fencing, but costly.
    QueueHerd,
}

/// Whether a variant keeps its promise, and if not, which property its failure breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Never violates mutual exclusion, and every client gets the lock once faults end.
    Correct,
    /// Two clients' writes land inside overlapping holds (mutual exclusion as the storage sees it).
    BrokenSafety,
    /// A fault can leave everyone waiting forever.
    BrokenLiveness,
}

impl Variant {
    /// Every variant, in the panel's order.
    pub const ALL: [Variant; 9] = [
        Variant::CheckThenSet,
        Variant::CounterTimestamp,
        Variant::LocalHash,
        Variant::SetNxNoExpiry,
        Variant::Lease,
        Variant::LeaseFencing,
        Variant::Redlock,
        Variant::QueueLock,
        Variant::QueueHerd,
    ];

    /// The link's and the legend's word for it.
    pub fn code(self) -> &'static str {
        match self {
            Variant::CheckThenSet => "check-then-set",
            Variant::CounterTimestamp => "counter-timestamp",
            Variant::LocalHash => "local-hash",
            Variant::SetNxNoExpiry => "set-nx",
            Variant::Lease => "lease",
            Variant::LeaseFencing => "lease-fencing",
            Variant::Redlock => "redlock",
            Variant::QueueLock => "queue",
            Variant::QueueHerd => "queue-herd",
        }
    }

    /// Reads [`Variant::code`] back.
    pub fn from_code(code: &str) -> Option<Variant> {
        Variant::ALL.into_iter().find(|v| v.code() == code)
    }

    /// Correct, or which property it breaks (what the UI labels it).
    pub fn verdict(self) -> Verdict {
        match self {
            Variant::LeaseFencing | Variant::QueueLock | Variant::QueueHerd => Verdict::Correct,
            Variant::SetNxNoExpiry => Verdict::BrokenLiveness,
            _ => Verdict::BrokenSafety,
        }
    }

    /// True for the deliberately broken variants.
    pub fn is_broken(self) -> bool {
        self.verdict() != Verdict::Correct
    }

    /// How many lock nodes a run has: none for a process-local lock, five for Redlock, else one.
    pub fn lock_node_count(self) -> u32 {
        match self {
            Variant::LocalHash => 0,
            Variant::Redlock => REDLOCK_NODES,
            _ => 1,
        }
    }

    /// True when clients wait on a queue (a watch) instead of retrying on a timer.
    pub fn has_queue(self) -> bool {
        matches!(self, Variant::QueueLock | Variant::QueueHerd)
    }

    /// True when grants carry a fencing token that the storage checks.
    pub fn has_fencing(self) -> bool {
        matches!(
            self,
            Variant::LeaseFencing | Variant::QueueLock | Variant::QueueHerd
        )
    }

    /// True when the watchdog setting changes anything (the single-node leases: Redisson's watchdog).
    pub fn has_watchdog(self) -> bool {
        matches!(self, Variant::Lease | Variant::LeaseFencing)
    }

    /// True when some node reads its clock to decide (leases, Redlock's validity, the timestamp version,
    /// sessions), so clock jumps are worth exploring.
    pub fn reads_clocks(self) -> bool {
        !matches!(
            self,
            Variant::CheckThenSet | Variant::LocalHash | Variant::SetNxNoExpiry
        )
    }
}

/// Redlock's node count, as its description recommends.
pub const REDLOCK_NODES: u32 = 5;

/// How a client waits after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RetryPolicy {
    /// Always the base interval.
    Fixed,
    /// The base interval doubled after every failure, up to the cap.
    Exponential,
    /// A uniform draw between 0 and the exponential delay ("full jitter", Brooker, "Exponential Backoff And
    /// Jitter", AWS Architecture Blog 2015): clients that failed together do not retry together.
    FullJitter,
    /// No timer: wait on the lock's queue for a notification (only the queue variants have one).
    Queue,
}

impl RetryPolicy {
    /// Every policy, in the panel's order.
    pub const ALL: [RetryPolicy; 4] = [
        RetryPolicy::Fixed,
        RetryPolicy::Exponential,
        RetryPolicy::FullJitter,
        RetryPolicy::Queue,
    ];

    /// The link's word for it.
    pub fn code(self) -> &'static str {
        match self {
            RetryPolicy::Fixed => "fixed",
            RetryPolicy::Exponential => "exponential",
            RetryPolicy::FullJitter => "full-jitter",
            RetryPolicy::Queue => "queue",
        }
    }

    /// The policy a variant really runs: queue variants always wait on their queue; a variant without a
    /// queue asked to wait on one retries with full jitter instead.
    pub fn effective(self, variant: Variant) -> RetryPolicy {
        match (variant.has_queue(), self) {
            (true, _) => RetryPolicy::Queue,
            (false, RetryPolicy::Queue) => RetryPolicy::FullJitter,
            (false, policy) => policy,
        }
    }

    /// The delay before retry number `failures` (1 after the first failure). `draw(bound)` is a uniform
    /// draw from `0..bound` (the simulator's RNG), used only by full jitter. Queue waiting retries (after a
    /// lost session) use full jitter.
    pub fn delay_ms(
        self,
        failures: u32,
        base_ms: TimeMs,
        mut draw: impl FnMut(u64) -> u64,
    ) -> TimeMs {
        let cap_ms = retry_cap_ms(base_ms);
        let doubled = base_ms
            .saturating_mul(1u64 << failures.saturating_sub(1).min(20))
            .min(cap_ms);
        match self {
            RetryPolicy::Fixed => base_ms,
            RetryPolicy::Exponential => doubled,
            RetryPolicy::FullJitter | RetryPolicy::Queue => draw(doubled + 1).max(1),
        }
    }
}

/// The longest backoff: sixteen base intervals.
pub fn retry_cap_ms(base_ms: TimeMs) -> TimeMs {
    base_ms.saturating_mul(16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_its_cap_and_full_jitter_stays_below() {
        let never = |_| panic!("only full jitter draws");
        assert_eq!(RetryPolicy::Fixed.delay_ms(5, 50, never), 50);
        let delays: Vec<_> = (1..=7)
            .map(|n| RetryPolicy::Exponential.delay_ms(n, 50, never))
            .collect();
        assert_eq!(delays, [50, 100, 200, 400, 800, 800, 800]);
        assert_eq!(
            RetryPolicy::FullJitter.delay_ms(3, 50, |bound| bound - 1),
            200
        );
        assert_eq!(RetryPolicy::FullJitter.delay_ms(3, 50, |_| 0), 1);
        assert_eq!(RetryPolicy::Exponential.delay_ms(u32::MAX, 50, never), 800);
    }

    #[test]
    fn queue_waiting_belongs_to_the_queue_variants() {
        assert_eq!(
            RetryPolicy::Fixed.effective(Variant::QueueLock),
            RetryPolicy::Queue
        );
        assert_eq!(
            RetryPolicy::Queue.effective(Variant::Lease),
            RetryPolicy::FullJitter
        );
        for variant in Variant::ALL {
            assert_eq!(Variant::from_code(variant.code()), Some(variant));
        }
    }
}
