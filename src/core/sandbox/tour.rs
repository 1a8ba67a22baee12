//! The sandbox's short tour: the ping-pong protocol, its invariant, duplicated messages against the correct
//! and the broken variant, finding the bug, and being the network. Every answer is read from the run.
use super::ping_pong::PingPongNote;
use super::scenario::PONGS_NEVER_EXCEED_PINGS;
use crate::tour::{
    ask, notes_at, step, Answer, Question, QuestionForm, StepPoint, StepRun, Tour, TourStep,
};

/// Options of a yes-or-no question.
pub const YES_NO_OPTIONS: &[&str] = &["yes", "no"];

const HOLDS: Option<Question<StepRun>> = ask(
    "q-holds",
    QuestionForm::Choice(YES_NO_OPTIONS),
    invariant_holds,
);
use StepPoint::{End, Start, TimeMs};

/// The steps, as data.
static STEPS: [TourStep<StepRun>; 5] = [
    step(
        "ping-pong",
        "nodes=4&variant=correct&seed=1",
        Start,
        TimeMs(1_000),
        Some("sandbox-diagram"),
        ask("q-pings", QuestionForm::Number, pings_sent),
    ),
    step(
        "duplicates",
        "nodes=4&variant=correct&dup=20&seed=1",
        Start,
        End,
        Some("invariant"),
        HOLDS,
    ),
    step(
        "broken",
        "nodes=4&variant=broken&dup=20&seed=1",
        Start,
        End,
        Some("invariant"),
        HOLDS,
    ),
    step(
        "find-a-bug",
        "nodes=4&variant=broken&seed=1",
        Start,
        TimeMs(1_000),
        Some("explore"),
        None,
    ),
    step(
        "be-network",
        "nodes=3&variant=correct&seed=1",
        Start,
        TimeMs(500),
        Some("be-network"),
        None,
    ),
];

static TOURS: [Tour<StepRun>; 1] = [Tour {
    id: "basics",
    steps: &STEPS,
}];

/// The sandbox's tours.
pub fn tours() -> &'static [Tour<StepRun>] {
    &TOURS
}

/// Pings all nodes have sent up to the step's end, as their notes count them.
fn pings_sent(run: &StepRun, cursor: u64) -> Answer {
    Answer::Number(
        notes_at::<PingPongNote>(run, cursor)
            .iter()
            .flatten()
            .map(|note| note.pings_sent)
            .sum(),
    )
}

/// Whether the run kept "pongs never exceed pings".
fn invariant_holds(run: &StepRun, _cursor: u64) -> Answer {
    let broken = run
        .violation()
        .is_some_and(|v| v.invariant == PONGS_NEVER_EXCEED_PINGS);
    Answer::Choice(if broken { 1 } else { 0 })
}
