//! The sandbox tour: every step reads cleanly, and each answer (from the nodes' notes, the run's
//! violation) agrees with the trace alone (ping send events, the violation event). Changing the run
//! changes the answer.
use distlab_core::sandbox::{tour::tours, SandboxScenario};
use distlab_core::scenario::AnyRun;
use distlab_core::sim::EventKind;
use distlab_core::tour::{self, Answer};

fn trace_reading(key: &str, run: &AnyRun, cursor: u64) -> Answer {
    let events = &run.trace.events[..cursor as usize];
    match key {
        "q-pings" => Answer::Number(
            events
                .iter()
                .filter(|e| matches!(e.kind, EventKind::Send { kind: "ping", .. }))
                .count() as u64,
        ),
        "q-holds" => {
            let broken = events
                .iter()
                .any(|e| matches!(e.kind, EventKind::Violation { .. }));
            Answer::Choice(if broken { 1 } else { 0 })
        }
        other => panic!("no second reading for {other}"),
    }
}

#[test]
fn every_step_reads_cleanly_and_every_answer_agrees_with_the_trace() {
    for tour in tours() {
        assert!((5..=10).contains(&tour.steps.len()));
        for step in tour.steps {
            let (run, cursor) = tour::simulate(&SandboxScenario, step).unwrap();
            let Some(question) = &step.question else {
                continue;
            };
            assert_eq!(
                question.answer(&run, cursor),
                trace_reading(question.key, &run, cursor),
                "{}",
                step.key
            );
        }
    }
    let answers: Vec<_> = tours()[0]
        .steps
        .iter()
        .map(|s| tour::answer(&SandboxScenario, s))
        .collect();
    // Duplicates are harmless to the correct variant and break the broken one.
    assert_eq!(answers[1], Some(Answer::Choice(0)));
    assert_eq!(answers[2], Some(Answer::Choice(1)));
}

#[test]
fn changing_a_steps_run_changes_its_answer() {
    let mut first = tours()[0].steps[0];
    let Some(Answer::Number(four)) = tour::answer(&SandboxScenario, &first) else {
        panic!()
    };
    first.link = "nodes=2&variant=correct&seed=1";
    let Some(Answer::Number(two)) = tour::answer(&SandboxScenario, &first) else {
        panic!()
    };
    assert!(
        four > two && two > 0,
        "{four} pings from four nodes, {two} from two"
    );
}
