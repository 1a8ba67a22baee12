//! The sandbox's challenges, on a quiet network (no random loss or duplication, so nothing happens by
//! itself): break the broken variant's property with one duplicated message, and keep a node waiting for its
//! pong for over a second with one pause and no crash.
use super::scenario::PONGS_NEVER_EXCEED_PINGS;
use crate::scenario::{Challenge, FaultCounts, Goal};

pub const CHALLENGES: [Challenge; 2] = [
    // A handler that is not idempotent, and a network that delivers twice.
    Challenge {
        id: "count-twice",
        start: &[
            ("nodes", "3"),
            ("variant", "broken"),
            ("loss", "0"),
            ("dup", "0"),
            ("seed", "1"),
        ],
        budget: FaultCounts {
            message_faults: 1,
            ..FaultCounts::NONE
        },
        goal: Goal::Breaks(PONGS_NEVER_EXCEED_PINGS),
    },
    // A paused neighbour looks exactly like a dead one to the node waiting for its answer.
    Challenge {
        id: "wait-a-second",
        start: &[
            ("nodes", "3"),
            ("variant", "correct"),
            ("loss", "0"),
            ("dup", "0"),
            ("seed", "1"),
        ],
        budget: FaultCounts {
            pauses: 1,
            ..FaultCounts::NONE
        },
        goal: Goal::StateFor {
            state: "waiting",
            ms: 1_000,
        },
    },
];
