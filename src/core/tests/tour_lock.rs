//! The lock tour: every step's run reads cleanly through the panel's codec, and every question's answer,
//! computed from typed notes and the panel's figures, agrees with a second reading of the same run from the
//! trace's state codes and violation events alone. Changing a step's run changes the answer.
use distlab_core::lock::{tour::tours, LockScenario};
use distlab_core::scenario::AnyRun;
use distlab_core::sim::EventKind;
use distlab_core::tour::{self, Answer, StepPoint};

fn holds(code: &str) -> bool {
    code == "holding" || code == "writing"
}

fn trace_reading(key: &str, run: &AnyRun, cursor: u64) -> Answer {
    let events = &run.trace.events[..cursor as usize];
    match key {
        "q-holders" => {
            let mut holding = vec![false; run.trace.node_count as usize];
            let mut most = 0;
            for event in events {
                match &event.kind {
                    EventKind::State { node, state, .. } => holding[node.0 as usize] = holds(state),
                    EventKind::Crash { node } => holding[node.0 as usize] = false,
                    _ => {}
                }
                most = most.max(holding.iter().filter(|h| **h).count() as u64);
            }
            Answer::Number(most)
        }
        "q-takes-over" => {
            let crash = events
                .iter()
                .position(|e| matches!(e.kind, EventKind::Crash { .. }));
            let Some(crash) = crash else {
                return Answer::Choice(1);
            };
            let EventKind::Crash { node: crashed } = events[crash].kind else {
                unreachable!()
            };
            let after = events[crash..].iter().any(
                |e| matches!(&e.kind, EventKind::State { node, state, .. } if *node != crashed && holds(state)),
            );
            Answer::Choice(if after { 0 } else { 1 })
        }
        "q-corrupted" => {
            let broken = events.iter().any(
                |e| matches!(&e.kind, EventKind::Violation { invariant, .. } if invariant == "mutual-exclusion"),
            );
            Answer::Choice(if broken { 0 } else { 1 })
        }
        "q-retries" => {
            // Each failed attempt sends the client to back off; each acquisition starts a hold.
            let (mut retries, mut holds_begun) = (0u64, 0u64);
            let mut holding = vec![false; run.trace.node_count as usize];
            for event in events {
                if let EventKind::State { node, state, .. } = &event.kind {
                    retries += u64::from(*state == "backoff");
                    let now = holds(state);
                    holds_begun += u64::from(now && !holding[node.0 as usize]);
                    holding[node.0 as usize] = now;
                }
            }
            let per = retries as f64 / holds_begun.max(1) as f64;
            Answer::Choice(if per < 2.0 {
                0
            } else if per <= 10.0 {
                1
            } else {
                2
            })
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
        assert!(tour.steps.iter().any(|s| s.question.is_some()));
        for (i, step) in tour.steps.iter().enumerate() {
            let (run, cursor) = tour::simulate(&LockScenario, step)
                .unwrap_or_else(|e| panic!("{} step {}: {e:?}", tour.id, i + 1));
            let Some(question) = &step.question else {
                continue;
            };
            let computed = question.answer(&run, cursor);
            assert_eq!(
                computed,
                trace_reading(question.key, &run, cursor),
                "step {} ({})",
                i + 1,
                step.key
            );
        }
    }
}

#[test]
fn the_answers_are_the_lessons() {
    let tour = &tours()[0];
    let answer = |key: &str| {
        let step = tour.steps.iter().find(|s| s.key == key).unwrap();
        tour::answer(&LockScenario, step).unwrap()
    };
    // The seeds' locks let two clients hold at once; without expiry nobody takes over, with a lease
    // someone does; the pause corrupts the plain lease and not the fenced one; Redlock lets two hold;
    // backing off exponentially cuts the failed attempts.
    assert_eq!(answer("check-then-set"), Answer::Number(2));
    assert_eq!(answer("local-lock"), Answer::Number(2));
    assert_eq!(answer("no-expiry"), Answer::Choice(1));
    assert_eq!(answer("lease"), Answer::Choice(0));
    assert_eq!(answer("gc-pause"), Answer::Choice(0));
    assert_eq!(answer("fencing"), Answer::Choice(1));
    assert_eq!(answer("redlock"), Answer::Number(2));
    assert_eq!(answer("contention"), Answer::Choice(2));
    assert_eq!(answer("backoff"), Answer::Choice(1));
}

#[test]
fn changing_a_steps_run_changes_its_answer() {
    let mut steps = tours()[0].steps.to_vec();
    // The GC pause with the fenced lease (the same actions): the late write is refused.
    let gc = steps.iter_mut().find(|s| s.key == "gc-pause").unwrap();
    gc.link = "preset=gc-pause&variant=lease-fencing&seed=1";
    assert_eq!(tour::answer(&LockScenario, gc), Some(Answer::Choice(1)));
    // Asked before the storage has answered either client, nobody holds yet.
    let first = steps
        .iter_mut()
        .find(|s| s.key == "check-then-set")
        .unwrap();
    first.play_to = StepPoint::TimeMs(60);
    assert_eq!(tour::answer(&LockScenario, first), Some(Answer::Number(0)));
}
