//! The failures tour: every step's run reads cleanly through the panel's codec, and every question's
//! answer, folded from the observers' notes by the tour, agrees with the panel's own readings of the run:
//! the detector figures (`detect::metrics`) and the verdict matrix (`detect::views_at` over `view_at`).
//! Changing a step's run changes the answer.
use distlab_core::detect::{
    metrics, tour::tours, views_at, Detector, FailureSettings, FailuresScenario, Verdict, WatchNote,
};
use distlab_core::scenario::{AnyRun, DynScenario};
use distlab_core::sim::{view_at, NodeId};
use distlab_core::tour::{self, Answer, StepRun, TourStep};

fn panel_reading(key: &str, step: &TourStep<StepRun>, run: &AnyRun, cursor: u64) -> Answer {
    let notes = run.notes::<WatchNote>();
    let (spec, _) = FailuresScenario.read(&step.params(), &[]);
    let config = spec.settings.get::<FailureSettings>().unwrap().config();
    let figures = metrics(&run.trace, notes, &config);
    let views = views_at(&view_at(&run.trace, cursor), notes);
    let pick = |timeout: Option<u64>, phi: Option<u64>, smaller: bool| {
        let (a, b) = (timeout.unwrap_or(u64::MAX), phi.unwrap_or(u64::MAX));
        Answer::Choice(if a == b {
            2
        } else if (a < b) == smaller {
            0
        } else {
            1
        })
    };
    let suspects = |observer: usize, peer: NodeId| {
        views[observer]
            .peers
            .iter()
            .any(|p| p.peer == peer && p.timeout != Verdict::Up)
    };
    match key {
        "q-first" => pick(
            figures.detector(Detector::FixedTimeout).detections[0].suspected_after_ms,
            figures.detector(Detector::PhiAccrual).detections[0].suspected_after_ms,
            true,
        ),
        "q-false" => pick(
            Some(figures.detector(Detector::FixedTimeout).false_suspicions),
            Some(figures.detector(Detector::PhiAccrual).false_suspicions),
            false,
        ),
        "q-suspect-paused" => Answer::Nodes(
            (0..views.len())
                .filter(|o| suspects(*o, NodeId(2)))
                .map(|o| NodeId(o as u32))
                .collect(),
        ),
        "q-up-again" => {
            let up = views.iter().all(|v| {
                v.peers
                    .iter()
                    .filter(|p| p.peer == NodeId(2))
                    .all(|p| p.timeout == Verdict::Up && p.phi == Verdict::Up)
            });
            Answer::Choice(if up { 0 } else { 1 })
        }
        "q-observer-suspects" => Answer::Nodes(
            views[0]
                .peers
                .iter()
                .filter(|p| p.timeout != Verdict::Up)
                .map(|p| p.peer)
                .collect(),
        ),
        other => panic!("no second reading for question {other}"),
    }
}

#[test]
fn every_step_reads_cleanly_and_every_answer_agrees_with_the_panel() {
    for tour in tours() {
        assert!(
            (5..=10).contains(&tour.steps.len()),
            "{}: 5–10 steps",
            tour.id
        );
        for (i, step) in tour.steps.iter().enumerate() {
            let (run, cursor) = tour::simulate(&FailuresScenario, step)
                .unwrap_or_else(|e| panic!("{} step {}: {e:?}", tour.id, i + 1));
            let Some(question) = &step.question else {
                continue;
            };
            let computed = question.answer(&run, cursor);
            assert_eq!(
                computed,
                panel_reading(question.key, step, &run, cursor),
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
    let answers: Vec<Answer> = tour
        .steps
        .iter()
        .map(|s| tour::answer(&FailuresScenario, s).unwrap())
        .collect();
    let n = |ids: &[u32]| Answer::Nodes(ids.iter().map(|i| NodeId(*i)).collect());
    // The fixed timeout is first to suspect a crash and suspects live nodes more on a slow network; a
    // paused node is suspected by everyone, then up again; each side of a partition suspects the other,
    // and nobody after the heal.
    assert_eq!(
        answers,
        vec![
            Answer::Choice(0),
            Answer::Choice(0),
            n(&[0, 1, 3, 4]),
            Answer::Choice(0),
            n(&[2, 3, 4]),
            n(&[])
        ]
    );
}

#[test]
fn changing_a_steps_run_changes_its_answer() {
    let mut steps = tours()[0].steps.to_vec();
    // A timeout long enough to sit out a 1 s pause: nobody suspects the paused node.
    let paused = steps.iter_mut().find(|s| s.key == "gc-pause").unwrap();
    paused.link = "preset=gc-pause&timeout=2000&seed=1";
    assert_eq!(
        tour::answer(&FailuresScenario, paused),
        Some(Answer::Nodes(vec![]))
    );
    // Asked before the partition, the observer suspects nobody.
    let cut = steps.iter_mut().find(|s| s.key == "partition").unwrap();
    cut.play_to = tour::StepPoint::TimeMs(1_500);
    assert_eq!(
        tour::answer(&FailuresScenario, cut),
        Some(Answer::Nodes(vec![]))
    );
}
