//! The commit tour: every step's run reads cleanly through the panel's codec, and every question's answer,
//! computed from typed notes, agrees with a second reading of the same run from the trace alone (the
//! generic view's state codes, the send events, the violation event). Changing a step's run changes the
//! answer.
use distlab_core::sim::{view_at, EventKind, NodeId};
use distlab_core::tour::{self, Answer};
use distlab_core::txn::{tour::tours, TxnScenario};

fn trace_reading(key: &str, run: &distlab_core::scenario::AnyRun, cursor: u64) -> Answer {
    let view = view_at(&run.trace, cursor);
    let participant = |n: &&distlab_core::sim::NodeSnapshot| n.id.0 >= 2;
    match key {
        "q-messages" => Answer::Number(
            run.trace
                .events
                .iter()
                .take(cursor as usize)
                .filter(|e| matches!(e.kind, EventKind::Send { from, to, .. } if from != NodeId(0) && to != NodeId(0)))
                .count() as u64,
        ),
        "q-decision" => match view.nodes[1].state {
            "committed" => Answer::Choice(0),
            "aborted" => Answer::Choice(1),
            _ => Answer::Choice(u32::MAX),
        },
        "q-recovered-decision" => {
            let states: Vec<&str> = view.nodes.iter().filter(participant).map(|n| n.state).collect();
            if states.iter().all(|s| *s == "committed") {
                Answer::Choice(0)
            } else if states.iter().all(|s| *s == "aborted") {
                Answer::Choice(1)
            } else {
                Answer::Choice(u32::MAX)
            }
        }
        "q-in-doubt" => Answer::Nodes(
            view.nodes.iter().filter(participant).filter(|n| n.state == "in-doubt").map(|n| n.id).collect(),
        ),
        "q-before-recovery" => {
            let recover = run
                .trace
                .events
                .iter()
                .position(|e| matches!(e.kind, EventKind::Recover { node: NodeId(1) }))
                .map_or(cursor, |i| i as u64);
            let then = view_at(&run.trace, recover);
            let decided = then
                .nodes
                .iter()
                .filter(participant)
                .all(|n| n.state == "committed" || n.state == "aborted");
            Answer::Choice(if decided { 0 } else { 1 })
        }
        "q-atomic" => {
            let broken = run
                .trace
                .events
                .iter()
                .any(|e| matches!(&e.kind, EventKind::Violation { invariant, .. } if invariant == "atomicity"));
            Answer::Choice(if broken { 1 } else { 0 })
        }
        other => panic!("no second reading for question {other}"),
    }
}

#[test]
fn every_step_reads_cleanly_and_every_answer_agrees_with_the_trace() {
    for tour in tours() {
        assert!(
            (5..=10).contains(&tour.steps.len()),
            "{}: 5–10 steps",
            tour.id
        );
        for (i, step) in tour.steps.iter().enumerate() {
            let (run, cursor) = tour::simulate(&TxnScenario, step)
                .unwrap_or_else(|e| panic!("{} step {}: {e:?}", tour.id, i + 1));
            assert!(
                step.open_at.cursor(&run.trace) <= cursor,
                "a step plays forwards"
            );
            let Some(question) = &step.question else {
                continue;
            };
            let computed = question.answer(&run, cursor);
            let (run, cursor) = tour::simulate(&TxnScenario, step).unwrap();
            assert_eq!(
                computed,
                trace_reading(question.key, &run, cursor),
                "{} step {}",
                tour.id,
                i + 1
            );
            assert_ne!(
                computed,
                Answer::Choice(u32::MAX),
                "step {}: a real answer",
                i + 1
            );
        }
    }
}

#[test]
fn the_answers_are_the_lessons() {
    let tour = &tours()[0];
    let answers: Vec<Option<Answer>> = tour
        .steps
        .iter()
        .map(|s| tour::answer(&TxnScenario, s))
        .collect();
    // 4n protocol messages for n = 3 participants; the no vote aborts; all three in doubt at 2 s;
    // presumed abort after recovery; the commit record commits; cooperation helps, then cannot; 3PC does
    // not wait for its coordinator, and breaks atomicity under a partition.
    assert_eq!(answers[0], Some(Answer::Number(12)));
    assert_eq!(answers[1], Some(Answer::Choice(1)));
    assert_eq!(
        answers[2],
        Some(Answer::Nodes(vec![NodeId(2), NodeId(3), NodeId(4)]))
    );
    assert_eq!(answers[3], Some(Answer::Choice(1)));
    assert_eq!(answers[4], Some(Answer::Choice(0)));
    assert_eq!(answers[5], Some(Answer::Choice(0)));
    assert_eq!(answers[6], Some(Answer::Choice(1)));
    assert_eq!(answers[7], Some(Answer::Choice(0)));
    assert_eq!(answers[8], Some(Answer::Choice(1)));
}

#[test]
fn changing_a_steps_run_changes_its_answer() {
    let mut steps = tours()[0].steps.to_vec();
    // Two more participants: more messages, more nodes in doubt.
    let mut happy = steps.remove(0);
    happy.link = "preset=all-commit&participants=5&seed=1";
    assert_eq!(tour::answer(&TxnScenario, &happy), Some(Answer::Number(20)));
    let mut in_doubt = steps.remove(1);
    in_doubt.link = "preset=coordinator-crash-after-prepare&participants=2&seed=1";
    assert_eq!(
        tour::answer(&TxnScenario, &in_doubt),
        Some(Answer::Nodes(vec![NodeId(2), NodeId(3)]))
    );
    // Asked after the recovery, nobody is in doubt any more.
    in_doubt.play_to = tour::StepPoint::End;
    assert_eq!(
        tour::answer(&TxnScenario, &in_doubt),
        Some(Answer::Nodes(vec![]))
    );
}

#[test]
fn guesses_are_judged_as_sets() {
    let truth = Answer::Nodes(vec![NodeId(2), NodeId(3)]);
    assert!(tour::is_right(
        &Answer::Nodes(vec![NodeId(3), NodeId(2)]),
        &truth
    ));
    assert!(!tour::is_right(&Answer::Nodes(vec![NodeId(2)]), &truth));
    assert!(!tour::is_right(&Answer::Number(2), &truth));
}
