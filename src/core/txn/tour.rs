//! The commit panel's tour: the happy path, a no vote, in doubt and blocking, recovery from the log,
//! cooperative termination (when it helps and when it cannot), three-phase commit under a crash and under a
//! partition. Every step is one of the panel's presets (a link the share bar could write); every answer is
//! read from the step's run.
use super::ids::{COORDINATOR, FIRST_PARTICIPANT};
use super::note::{Role, TxnNote, TxnState};
use crate::sim::{EventKind, NodeId};
use crate::tour::{ask, notes_at, step, Answer, QuestionForm, StepPoint, StepRun, Tour, TourStep};

/// Options of a commit-or-abort question, in answer order.
pub const OUTCOME_OPTIONS: &[&str] = &["commit", "abort"];
/// Options of a yes-or-no question.
pub const YES_NO_OPTIONS: &[&str] = &["yes", "no"];

const OUTCOME: QuestionForm = QuestionForm::Choice(OUTCOME_OPTIONS);
const YES_NO: QuestionForm = QuestionForm::Choice(YES_NO_OPTIONS);
use StepPoint::{End, Start, TimeMs};

/// The steps, as data.
static STEPS: [TourStep<StepRun>; 9] = [
    step(
        "happy",
        "preset=all-commit&participants=3&seed=1",
        Start,
        End,
        None,
        ask("q-messages", QuestionForm::Number, protocol_messages),
    ),
    step(
        "no-vote",
        "preset=one-votes-no&participants=3&seed=1",
        Start,
        End,
        None,
        ask("q-decision", OUTCOME, coordinator_decision),
    ),
    step(
        "in-doubt",
        "preset=coordinator-crash-after-prepare&participants=3&seed=1",
        Start,
        TimeMs(2_000),
        None,
        ask(
            "q-in-doubt",
            QuestionForm::Nodes("participant"),
            in_doubt_now,
        ),
    ),
    step(
        "blocking",
        "preset=coordinator-crash-after-prepare&participants=3&seed=1",
        TimeMs(2_000),
        End,
        Some("blocked-ms"),
        ask("q-recovered-decision", OUTCOME, participants_outcome),
    ),
    step(
        "recovery",
        "preset=coordinator-crash-after-logging&participants=3&seed=1",
        Start,
        End,
        Some("log-record"),
        ask("q-recovered-decision", OUTCOME, participants_outcome),
    ),
    step(
        "cooperative-helps",
        "preset=cooperative-helps&participants=3&seed=1",
        Start,
        End,
        None,
        ask(
            "q-before-recovery",
            YES_NO,
            decided_before_coordinator_recovers,
        ),
    ),
    step(
        "cooperative-blocks",
        "preset=cooperative-blocks&participants=3&seed=1",
        Start,
        End,
        None,
        ask(
            "q-before-recovery",
            YES_NO,
            decided_before_coordinator_recovers,
        ),
    ),
    step(
        "3pc-crash",
        "preset=3pc-crash&participants=3&seed=1",
        Start,
        End,
        None,
        ask(
            "q-before-recovery",
            YES_NO,
            decided_before_coordinator_recovers,
        ),
    ),
    step(
        "3pc-partition",
        "preset=3pc-partition&participants=3&seed=1",
        Start,
        End,
        Some("invariant"),
        ask("q-atomic", YES_NO, atomicity_holds),
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

/// Protocol messages of the whole run (prepare, votes, decisions, acknowledgements, and the participants'
/// questions to each other): the panel's own metric, asked of a step that plays to the end.
fn protocol_messages(run: &StepRun, _cursor: u64) -> Answer {
    let notes = run.notes::<TxnNote>();
    Answer::Number(super::metrics::metrics(run.trace(), notes).protocol_messages)
}

fn outcome(state: TxnState) -> Option<Answer> {
    match state {
        TxnState::Committed => Some(Answer::Choice(0)),
        TxnState::Aborted => Some(Answer::Choice(1)),
        _ => None,
    }
}

/// What the coordinator decided, as its last note says.
fn coordinator_decision(run: &StepRun, cursor: u64) -> Answer {
    let now = notes_at::<TxnNote>(run, cursor);
    now.get(COORDINATOR.0 as usize)
        .copied()
        .flatten()
        .and_then(|note| outcome(note.state))
        .unwrap_or(Answer::Choice(u32::MAX))
}

/// The outcome every participant reached (an impossible option if they disagree or one is undecided).
fn participants_outcome(run: &StepRun, cursor: u64) -> Answer {
    let now = notes_at::<TxnNote>(run, cursor);
    let outcomes: Vec<Option<Answer>> = participants(&now)
        .map(|(_, note)| outcome(note.state))
        .collect();
    match outcomes.first() {
        Some(Some(first)) if outcomes.iter().all(|o| o.as_ref() == Some(first)) => first.clone(),
        _ => Answer::Choice(u32::MAX),
    }
}

/// The participants in doubt at the step's end.
fn in_doubt_now(run: &StepRun, cursor: u64) -> Answer {
    let now = notes_at::<TxnNote>(run, cursor);
    Answer::Nodes(
        participants(&now)
            .filter(|(_, note)| note.state == TxnState::InDoubt)
            .map(|(node, _)| node)
            .collect(),
    )
}

/// Whether every participant had committed or aborted before the coordinator came back (yes if it never
/// crashed and they all decided).
fn decided_before_coordinator_recovers(run: &StepRun, cursor: u64) -> Answer {
    let events = &run.trace().events;
    let recovered = events
        .iter()
        .position(|e| matches!(e.kind, EventKind::Recover { node } if node == COORDINATOR))
        .map_or(cursor, |i| i as u64);
    let then = notes_at::<TxnNote>(run, recovered.min(cursor));
    let mut all = participants(&then).peekable();
    let decided = all.peek().is_some()
        && all.all(|(_, note)| matches!(note.state, TxnState::Committed | TxnState::Aborted));
    Answer::Choice(if decided { 0 } else { 1 })
}

/// Whether the run kept atomicity (no violation halted it).
fn atomicity_holds(run: &StepRun, _cursor: u64) -> Answer {
    let broken = run
        .violation()
        .is_some_and(|v| v.invariant == super::properties::ATOMICITY);
    Answer::Choice(if broken { 1 } else { 0 })
}

/// The participants among each node's last note, with their node ids.
fn participants<'a>(
    now: &'a [Option<&'a TxnNote>],
) -> impl Iterator<Item = (NodeId, &'a TxnNote)> + 'a {
    now.iter().enumerate().filter_map(|(i, note)| {
        let note = (*note)?;
        (note.role == Role::Participant && i as u32 >= FIRST_PARTICIPANT)
            .then_some((NodeId(i as u32), note))
    })
}
