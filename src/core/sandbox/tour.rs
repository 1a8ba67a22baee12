//! The sandbox's short tour: the ping-pong protocol, its invariant, duplicated messages against the correct
//! and the broken variant, finding the bug, and being the network. Every answer is read from the run.
use super::ping_pong::PingPongNote;
use super::scenario::PONGS_NEVER_EXCEED_PINGS;
use crate::tour::{
    link, notes_at, Answer, Question, QuestionForm, StepPoint, StepRun, Tour, TourStep,
};

/// Options of a yes-or-no question.
pub const YES_NO_OPTIONS: &[&str] = &["yes", "no"];

/// The sandbox's tours.
pub fn tours() -> Vec<Tour<StepRun>> {
    let step = |key, text: &str, play_to, highlight, question| TourStep {
        key,
        link: link(text),
        open_at: StepPoint::Start,
        play_to,
        highlight,
        question,
    };
    let holds = || {
        Some(Question {
            key: "q-holds",
            form: QuestionForm::Choice(YES_NO_OPTIONS),
            answer: invariant_holds,
        })
    };
    vec![Tour {
        id: "basics",
        steps: vec![
            step(
                "ping-pong",
                "nodes=4&variant=correct&seed=1",
                StepPoint::TimeMs(1_000),
                Some("sandbox-diagram"),
                Some(Question {
                    key: "q-pings",
                    form: QuestionForm::Number,
                    answer: pings_sent,
                }),
            ),
            step(
                "duplicates",
                "nodes=4&variant=correct&dup=20&seed=1",
                StepPoint::End,
                Some("invariant"),
                holds(),
            ),
            step(
                "broken",
                "nodes=4&variant=broken&dup=20&seed=1",
                StepPoint::End,
                Some("invariant"),
                holds(),
            ),
            step(
                "find-a-bug",
                "nodes=4&variant=broken&seed=1",
                StepPoint::TimeMs(1_000),
                Some("explore"),
                None,
            ),
            step(
                "be-network",
                "nodes=3&variant=correct&seed=1",
                StepPoint::TimeMs(500),
                Some("be-network"),
                None,
            ),
        ],
    }]
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
