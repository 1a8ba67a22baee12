//! The failures panel's tour: a fixed timeout against φ accrual (a clean crash, a slow network), a GC pause
//! against a crash, and a partition that looks like a crash from both sides. Every step is one of the
//! panel's presets (a link the share bar could write); every answer is read from the observers' notes.
use super::heartbeat::WatchNote;
use super::verdict::{Detector, Verdict};
use crate::sim::{EventKind, NodeId};
use crate::tour::{ask, notes_at, step, Answer, QuestionForm, StepPoint, StepRun, Tour, TourStep};

/// Options of a "which detector" question, in answer order.
pub const DETECTOR_OPTIONS: &[&str] = &["detector-timeout", "detector-phi", "detector-same"];
/// Options of a yes-or-no question.
pub const YES_NO_OPTIONS: &[&str] = &["yes", "no"];

/// The node the GC-pause preset freezes, and the observer the partition questions ask about.
const PAUSED: NodeId = NodeId(2);
const OBSERVER: NodeId = NodeId(0);

const DETECTOR: QuestionForm = QuestionForm::Choice(DETECTOR_OPTIONS);
const NODES: QuestionForm = QuestionForm::Nodes("node");
const MATRIX: Option<&str> = Some("matrix-timeout");
use StepPoint::{End, Start, TimeMs};

/// The steps, as data.
static STEPS: [TourStep<StepRun>; 6] = [
    step(
        "clean-crash",
        "preset=clean-crash&seed=1",
        Start,
        End,
        MATRIX,
        ask("q-first", DETECTOR, first_to_suspect_everywhere),
    ),
    step(
        "slow-network",
        "preset=slow-network&seed=1",
        Start,
        End,
        Some("metric-false-timeout"),
        ask("q-false", DETECTOR, more_false_suspicions),
    ),
    step(
        "gc-pause",
        "preset=gc-pause&seed=1",
        Start,
        TimeMs(2_900),
        MATRIX,
        ask("q-suspect-paused", NODES, suspecting_the_paused_node),
    ),
    step(
        "pause-or-crash",
        "preset=gc-pause&seed=1",
        TimeMs(2_900),
        End,
        None,
        ask(
            "q-up-again",
            QuestionForm::Choice(YES_NO_OPTIONS),
            paused_node_up_again,
        ),
    ),
    step(
        "partition",
        "preset=partition&seed=1",
        Start,
        TimeMs(4_000),
        MATRIX,
        ask("q-observer-suspects", NODES, suspected_by_observer),
    ),
    step(
        "heal",
        "preset=partition&seed=1",
        TimeMs(4_000),
        End,
        None,
        ask("q-observer-suspects", NODES, suspected_by_observer),
    ),
];

static TOURS: [Tour<StepRun>; 1] = [Tour {
    id: "basics",
    steps: &STEPS,
}];

/// The panel's tours.
pub fn tours() -> &'static [Tour<StepRun>] {
    &TOURS
}

/// Each observer's latest note of its peers, at each State event up to `cursor`: `(time, observer, note)`.
fn watch_events(run: &StepRun, cursor: u64) -> impl Iterator<Item = (u64, NodeId, &WatchNote)> {
    let notes = run.notes::<WatchNote>();
    run.trace()
        .events
        .iter()
        .take(cursor as usize)
        .filter_map(move |event| match &event.kind {
            EventKind::State { node, note, .. } => {
                notes.get(*note as usize).map(|n| (event.time_ms, *node, n))
            }
            _ => None,
        })
}

/// When every observer that is still up first held `peer` suspected or down by `detector`, after the
/// first crash; `None` if that never happened.
fn everyone_suspects_at(run: &StepRun, cursor: u64, detector: Detector) -> Option<u64> {
    let trace = run.trace();
    let (crash_ms, crashed) = trace.events.iter().find_map(|e| match e.kind {
        EventKind::Crash { node } => Some((e.time_ms, node)),
        _ => None,
    })?;
    let n = trace.node_count as usize;
    let mut suspects = vec![false; n];
    suspects[crashed.0 as usize] = true;
    for (time_ms, observer, note) in watch_events(run, cursor) {
        if time_ms < crash_ms {
            continue;
        }
        suspects[observer.0 as usize] = note
            .peers
            .iter()
            .any(|p| p.peer == crashed && p.verdict(detector) != Verdict::Up);
        if suspects.iter().all(|s| *s) {
            return Some(time_ms);
        }
    }
    None
}

fn compare(timeout: Option<u64>, phi: Option<u64>, smaller_wins: bool) -> Answer {
    let (a, b) = (timeout.unwrap_or(u64::MAX), phi.unwrap_or(u64::MAX));
    let first_is_timeout = if smaller_wins { a < b } else { a > b };
    Answer::Choice(if a == b {
        2
    } else if first_is_timeout {
        0
    } else {
        1
    })
}

/// Which detector had every live observer suspecting the crashed node first.
fn first_to_suspect_everywhere(run: &StepRun, cursor: u64) -> Answer {
    compare(
        everyone_suspects_at(run, cursor, Detector::FixedTimeout),
        everyone_suspects_at(run, cursor, Detector::PhiAccrual),
        true,
    )
}

/// Times an observer's verdict of a peer left `up` by `detector` (in a run without crashes, pauses or
/// partitions every one of them is a false suspicion).
fn suspicions(run: &StepRun, cursor: u64, detector: Detector) -> u64 {
    let n = run.trace().node_count as usize;
    let mut up = vec![true; n * n];
    let mut count = 0;
    for (_, observer, note) in watch_events(run, cursor) {
        for peer in &note.peers {
            let slot = &mut up[observer.0 as usize * n + peer.peer.0 as usize];
            let now = peer.verdict(detector) == Verdict::Up;
            count += u64::from(*slot && !now);
            *slot = now;
        }
    }
    count
}

/// Which detector suspected live nodes more often.
fn more_false_suspicions(run: &StepRun, cursor: u64) -> Answer {
    compare(
        Some(suspicions(run, cursor, Detector::FixedTimeout)),
        Some(suspicions(run, cursor, Detector::PhiAccrual)),
        false,
    )
}

/// Who, by the fixed timeout, holds `peer` suspected or down at `cursor`.
fn suspecting(run: &StepRun, cursor: u64, peer: NodeId) -> Vec<NodeId> {
    notes_at::<WatchNote>(run, cursor)
        .iter()
        .enumerate()
        .filter(|(_, note)| {
            note.is_some_and(|n| {
                n.peers
                    .iter()
                    .any(|p| p.peer == peer && p.verdict(Detector::FixedTimeout) != Verdict::Up)
            })
        })
        .map(|(i, _)| NodeId(i as u32))
        .collect()
}

fn suspecting_the_paused_node(run: &StepRun, cursor: u64) -> Answer {
    Answer::Nodes(suspecting(run, cursor, PAUSED))
}

/// Whether, at the step's end, every observer holds the paused node up again by both detectors.
fn paused_node_up_again(run: &StepRun, cursor: u64) -> Answer {
    let up = notes_at::<WatchNote>(run, cursor)
        .iter()
        .flatten()
        .all(|n| {
            n.peers
                .iter()
                .filter(|p| p.peer == PAUSED)
                .all(|p| p.timeout == Verdict::Up && p.phi == Verdict::Up)
        });
    Answer::Choice(if up { 0 } else { 1 })
}

/// The peers the observer holds suspected or down by the fixed timeout at `cursor`.
fn suspected_by_observer(run: &StepRun, cursor: u64) -> Answer {
    let now = notes_at::<WatchNote>(run, cursor);
    Answer::Nodes(
        now.get(OBSERVER.0 as usize)
            .copied()
            .flatten()
            .map(|n| {
                n.peers
                    .iter()
                    .filter(|p| p.verdict(Detector::FixedTimeout) != Verdict::Up)
                    .map(|p| p.peer)
                    .collect()
            })
            .unwrap_or_default(),
    )
}
