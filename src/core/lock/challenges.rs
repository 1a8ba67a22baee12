//! The lock panel's challenges: break a lease with one pause, and block everyone with one crash of a lock
//! that never expires.
use super::properties::{MUTUAL_EXCLUSION, PROGRESS};
use crate::scenario::{Challenge, FaultCounts, Goal};

pub const CHALLENGES: [Challenge; 2] = [
    // The GC-pause story, found by the student: a holder frozen past its lease.
    Challenge {
        id: "two-holders",
        start: &[
            ("preset", "custom"),
            ("variant", "lease"),
            ("clients", "2"),
            ("seed", "1"),
        ],
        budget: FaultCounts {
            pauses: 1,
            ..FaultCounts::NONE
        },
        goal: Goal::Breaks(MUTUAL_EXCLUSION),
    },
    // SET NX without an expiry: the key outlives its holder.
    Challenge {
        id: "stuck-forever",
        start: &[
            ("preset", "custom"),
            ("variant", "set-nx"),
            ("clients", "2"),
            ("seed", "1"),
        ],
        budget: FaultCounts {
            crashes: 1,
            ..FaultCounts::NONE
        },
        goal: Goal::Breaks(PROGRESS),
    },
];
