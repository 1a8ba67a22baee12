//! The lock panel's tour: the seeds' three locks fail, a lock without expiry after a crash, leases, the GC
//! pause, fencing tokens, Redlock's critique, contention and backoff. Every step is one of the panel's
//! stories (a link the share bar could write); every answer is read from the step's run.
use super::metrics::metrics;
use super::note::LockNote;
use crate::sim::{EventKind, NodeId};
use crate::tour::{ask, step, Answer, Question, QuestionForm, StepPoint, StepRun, Tour, TourStep};

/// Options of a yes-or-no question.
pub const YES_NO_OPTIONS: &[&str] = &["yes", "no"];
/// Failed attempts per acquisition, in ranges.
pub const RETRY_OPTIONS: &[&str] = &["retries-few", "retries-some", "retries-many"];

const HOLDERS: Option<Question<StepRun>> =
    ask("q-holders", QuestionForm::Number, most_holders_at_once);
const TAKES_OVER: Option<Question<StepRun>> = ask(
    "q-takes-over",
    QuestionForm::Choice(YES_NO_OPTIONS),
    another_client_acquires_after_crash,
);
const CORRUPTED: Option<Question<StepRun>> = ask(
    "q-corrupted",
    QuestionForm::Choice(YES_NO_OPTIONS),
    two_holders_written,
);
const RETRIES: Option<Question<StepRun>> = ask(
    "q-retries",
    QuestionForm::Choice(RETRY_OPTIONS),
    retries_per_acquisition,
);
const TIMELINE: Option<&str> = Some("contention-timeline");
use StepPoint::{End, Start};

/// The steps, as data.
static STEPS: [TourStep<StepRun>; 10] = [
    step(
        "check-then-set",
        "preset=check-then-set&seed=1",
        Start,
        End,
        TIMELINE,
        HOLDERS,
    ),
    step(
        "timestamp-skew",
        "preset=timestamp-skew&seed=1",
        Start,
        End,
        TIMELINE,
        None,
    ),
    step(
        "local-lock",
        "preset=local-lock&seed=1",
        Start,
        End,
        None,
        HOLDERS,
    ),
    step(
        "no-expiry",
        "preset=no-expiry-crash&seed=1",
        Start,
        End,
        None,
        TAKES_OVER,
    ),
    step(
        "lease",
        "preset=no-expiry-crash&variant=lease&seed=1",
        Start,
        End,
        TIMELINE,
        TAKES_OVER,
    ),
    step(
        "gc-pause",
        "preset=gc-pause&seed=1",
        Start,
        End,
        TIMELINE,
        CORRUPTED,
    ),
    step(
        "fencing",
        "preset=gc-pause-fencing&seed=1",
        Start,
        End,
        Some("metric-writes"),
        CORRUPTED,
    ),
    step(
        "redlock",
        "preset=redlock-clock-jump&seed=1",
        Start,
        End,
        None,
        HOLDERS,
    ),
    step(
        "contention",
        "preset=contention&retry=fixed&seed=1",
        Start,
        End,
        Some("metric-wait"),
        RETRIES,
    ),
    step(
        "backoff",
        "preset=contention&retry=exponential&seed=1",
        Start,
        End,
        Some("compare-policies"),
        RETRIES,
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

/// The most clients that believed at one moment that they held the lock, up to the step's end.
fn most_holders_at_once(run: &StepRun, cursor: u64) -> Answer {
    let notes = run.notes::<LockNote>();
    let trace = run.trace();
    let mut holding = vec![false; trace.node_count as usize];
    let mut most = 0;
    for event in trace.events.iter().take(cursor as usize) {
        if let EventKind::State { node, note, .. } = &event.kind {
            if let Some(client) = notes.get(*note as usize).and_then(LockNote::client) {
                holding[node.0 as usize] = client.state.believes_it_holds();
                most = most.max(holding.iter().filter(|h| **h).count() as u64);
            }
        }
        if let EventKind::Crash { node } = &event.kind {
            // A crashed client holds nothing any more, whatever it last believed.
            holding[node.0 as usize] = false;
        }
    }
    Answer::Number(most)
}

/// Whether a client other than the first one to crash came to hold the lock after that crash.
fn another_client_acquires_after_crash(run: &StepRun, cursor: u64) -> Answer {
    let notes = run.notes::<LockNote>();
    let events = &run.trace().events[..cursor as usize];
    let mut crashed: Option<NodeId> = None;
    let mut acquired = false;
    for event in events {
        match &event.kind {
            EventKind::Crash { node } if crashed.is_none() => crashed = Some(*node),
            EventKind::State { node, note, .. } if crashed.is_some_and(|c| c != *node) => {
                acquired |= notes
                    .get(*note as usize)
                    .and_then(LockNote::client)
                    .is_some_and(|c| c.state.believes_it_holds());
            }
            _ => {}
        }
    }
    Answer::Choice(if acquired { 0 } else { 1 })
}

/// Whether the storage accepted a write made while another client also held the lock (the panel's
/// "violations" figure, from the storage's own log).
fn two_holders_written(run: &StepRun, _cursor: u64) -> Answer {
    let figures = metrics(run.trace(), run.notes::<LockNote>());
    Answer::Choice(if figures.safety_violations > 0 { 0 } else { 1 })
}

/// Failed attempts per acquisition: under 2, 2 to 10, over 10.
fn retries_per_acquisition(run: &StepRun, _cursor: u64) -> Answer {
    let figures = metrics(run.trace(), run.notes::<LockNote>());
    let acquisitions = u64::from(figures.acquisitions.max(1));
    let retries = u64::from(figures.retries);
    Answer::Choice(if retries < 2 * acquisitions {
        0
    } else if retries <= 10 * acquisitions {
        1
    } else {
        2
    })
}
