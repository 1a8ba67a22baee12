//! The failures panel's challenges: fool the fixed timeout but not φ accrual with one pause (on a network
//! whose jitter φ has learned), and make φ accrual declare a running node down with one partition.
//!
//! Both goals are [`Observation`]s: read off the observers' notes and the kernel's crash events, so a
//! reader's run wins exactly when the verdict grid it shows says so.
use super::heartbeat::WatchNote;
use super::verdict::Verdict;
use crate::scenario::{Challenge, FaultCounts, Goal, Observation, RunRecord};
use crate::sim::EventKind;

/// Some observer's fixed timeout suspects a peer that never crashed, and trusts it again, while its φ accrual
/// trusts it throughout.
pub const TIMEOUT_ALONE: Observation = Observation {
    code: "timeout-alone",
    seen: timeout_alone,
};

/// Some observer's φ accrual declares down a peer that is not crashed.
pub const DOWN_BUT_RUNNING: Observation = Observation {
    code: "down-but-running",
    seen: down_but_running,
};

pub const CHALLENGES: [Challenge; 2] = [
    // A GC pause longer than the timeout and shorter than what φ, used to late heartbeats, waits for.
    Challenge {
        id: "timeout-alone",
        start: &[
            ("preset", "clean-crash"),
            ("a", ""),
            ("nodes", "4"),
            ("lat", "10-190"),
            ("seed", "1"),
        ],
        budget: FaultCounts {
            pauses: 1,
            ..FaultCounts::NONE
        },
        goal: Goal::Observed(TIMEOUT_ALONE),
    },
    // No detector can tell a cut link from a crash: the far side of a partition is declared down.
    Challenge {
        id: "down-but-running",
        start: &[
            ("preset", "clean-crash"),
            ("a", ""),
            ("nodes", "4"),
            ("seed", "1"),
        ],
        budget: FaultCounts {
            partitions: 1,
            ..FaultCounts::NONE
        },
        goal: Goal::Observed(DOWN_BUT_RUNNING),
    },
];

/// Whether some observer's fixed timeout suspected a peer and trusted it again while its φ accrual trusted
/// that peer the whole time, and the peer never crashed meanwhile: a suspicion of the timeout's alone (not
/// merely the moment before φ agrees, which every long enough silence has).
fn timeout_alone(run: &dyn RunRecord) -> bool {
    let trace = run.trace();
    let notes = run.notes::<WatchNote>();
    let n = trace.node_count as usize;
    // Per (observer, peer): `Some(clean)` while the timeout suspects, `clean` while φ has not and the peer
    // has not crashed.
    let mut episodes: Vec<Option<bool>> = vec![None; n * n];
    for event in &trace.events {
        match &event.kind {
            EventKind::Crash { node } => {
                // A crashed observer's views die with it; a crashed peer's silence is no false suspicion.
                let row = (node.0 as usize * n).min(n * n);
                for episode in &mut episodes[row..(row + n).min(n * n)] {
                    *episode = None;
                }
                for observer in 0..n {
                    if let Some(Some(clean)) = episodes.get_mut(observer * n + node.0 as usize) {
                        *clean = false;
                    }
                }
            }
            EventKind::State { node, note, .. } => {
                let Some(note) = notes.get(*note as usize) else {
                    continue;
                };
                for view in &note.peers {
                    let Some(episode) =
                        episodes.get_mut(node.0 as usize * n + view.peer.0 as usize)
                    else {
                        continue;
                    };
                    let phi_trusts = view.phi == Verdict::Up;
                    match (*episode, view.timeout == Verdict::Up) {
                        (None, false) => *episode = Some(phi_trusts),
                        (Some(clean), false) => *episode = Some(clean && phi_trusts),
                        (Some(true), true) => return true,
                        (_, true) => *episode = None,
                    }
                }
            }
            _ => {}
        }
    }
    false
}

/// Whether some observer's φ accrual declared down a peer that was not crashed then.
fn down_but_running(run: &dyn RunRecord) -> bool {
    let trace = run.trace();
    let notes = run.notes::<WatchNote>();
    let mut crashed = vec![false; trace.node_count as usize];
    for event in &trace.events {
        match &event.kind {
            EventKind::Crash { node } | EventKind::Recover { node } => {
                if let Some(slot) = crashed.get_mut(node.0 as usize) {
                    *slot = matches!(event.kind, EventKind::Crash { .. });
                }
            }
            EventKind::State { note, .. } => {
                let Some(note) = notes.get(*note as usize) else {
                    continue;
                };
                if note.peers.iter().any(|view| {
                    view.phi == Verdict::Down && crashed.get(view.peer.0 as usize) == Some(&false)
                }) {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}
