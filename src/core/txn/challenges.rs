//! The 2PC panel's challenges: make a participant block in doubt with one crash, and split three-phase
//! commit's decision with one partition.
use super::properties::ATOMICITY;
use crate::scenario::{Challenge, FaultCounts, Goal};

pub const CHALLENGES: [Challenge; 2] = [
    // The coordinator dies after the votes and before the decision reaches anyone.
    Challenge {
        id: "block-in-doubt",
        start: &[
            ("preset", "custom"),
            ("variant", "2pc"),
            ("participants", "3"),
            ("seed", "1"),
        ],
        budget: FaultCounts {
            crashes: 1,
            ..FaultCounts::NONE
        },
        goal: Goal::StateFor {
            state: "in-doubt",
            ms: 2_000,
        },
    },
    // Each side of a partition runs the termination rule and decides on its own.
    Challenge {
        id: "split-3pc",
        start: &[
            ("preset", "custom"),
            ("variant", "3pc"),
            ("participants", "3"),
            ("seed", "1"),
        ],
        budget: FaultCounts {
            partitions: 1,
            ..FaultCounts::NONE
        },
        goal: Goal::Breaks(ATOMICITY),
    },
];
