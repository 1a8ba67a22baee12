//! Guided tours: a panel's lesson told as ordered steps. Each step is an ordinary run, written as the link
//! parameters a share link carries (so a step reopens from a link and the panel's own codec reads it), with a
//! point where the step opens, a point the step plays to, a stable text key for its caption (the words live
//! in the UI, in both languages) and, where it helps, a predict-then-reveal [`Question`].
//!
//! A question's answer is never written down: [`Question::answer`] computes it from the step's own run, so
//! changing the run changes the answer. The core's tests read each answer again from the trace alone.
//!
//! ```
//! use distlab_core::scenario::DynScenario;
//! use distlab_core::tour::{self, StepPoint};
//! use distlab_core::txn::TxnScenario;
//!
//! let tours = distlab_core::txn::tour::tours();
//! let step = &tours[0].steps[0];
//! let (run, cursor) = tour::simulate(&TxnScenario, step).expect("every step reads cleanly");
//! assert!(cursor > 0 && cursor <= run.trace.len());
//! assert_eq!(step.open_at, StepPoint::Start);
//! ```
pub use crate::scenario::RunRecord;
use crate::scenario::{AnyRun, DynScenario};
use crate::share::{Params, ShareError};
use crate::sim::{NodeId, TimeMs, Trace};

/// A tour of one panel.
pub struct Tour<R: ?Sized + 'static> {
    /// Its name in links (`tour=basics`) and the first part of its text keys.
    pub id: &'static str,
    /// The steps, in order (a link's `step=1` is the first).
    pub steps: &'static [TourStep<R>],
}

/// One step of a tour.
pub struct TourStep<R: ?Sized + 'static> {
    /// The caption's key (`tour-id.key`), stable across edits of the words.
    pub key: &'static str,
    /// The run, as link parameters (`preset=gc-pause&seed=1`: settings, seed, actions), exactly what a
    /// share link would carry; read with [`TourStep::params`].
    pub link: &'static str,
    /// Where the cursor stands when the step opens.
    pub open_at: StepPoint,
    /// Where the step plays to (on reveal, or when the reader presses play).
    pub play_to: StepPoint,
    /// The `data-testid` of an element the caption talks about, ringed while the step is open.
    pub highlight: Option<&'static str>,
    /// A question to answer before the run plays on.
    pub question: Option<Question<R>>,
}

impl<R: ?Sized> TourStep<R> {
    /// The step's link parameters.
    pub fn params(&self) -> Params {
        link(self.link)
    }
}

// Steps are plain data (texts, points, function pointers): copied freely, whatever `R` is.
impl<R: ?Sized> Clone for TourStep<R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<R: ?Sized> Copy for TourStep<R> {}
impl<R: ?Sized> Clone for Question<R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<R: ?Sized> Copy for Question<R> {}

/// A point of a step's run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepPoint {
    /// Before the first event.
    Start,
    /// After every event up to this virtual time.
    TimeMs(TimeMs),
    /// After the last event (or the violation that halted the run).
    End,
}

impl StepPoint {
    /// The cursor (events applied) this point stands for in `trace`.
    pub fn cursor(self, trace: &Trace) -> u64 {
        match self {
            StepPoint::Start => 0,
            StepPoint::TimeMs(time_ms) => trace
                .events
                .iter()
                .take_while(|e| e.time_ms <= time_ms)
                .count() as u64,
            StepPoint::End => trace.len(),
        }
    }
}

/// How the reader answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuestionForm {
    /// One of these options (text keys `tour-id.option-key`).
    Choice(&'static [&'static str]),
    /// A whole number.
    Number,
    /// A set of nodes, chosen among these roles' nodes (an empty set is an answer too).
    Nodes(&'static str),
}

/// An answer, the reader's or the simulator's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The index of an option of a [`QuestionForm::Choice`].
    Choice(u32),
    /// A number.
    Number(u64),
    /// Nodes, in id order.
    Nodes(Vec<NodeId>),
}

/// A predict-then-reveal question. `R` is what the answer is computed from: for a simulated panel a
/// [`RunRecord`] (with the cursor of the step's end), for the ring the placements of its step.
pub struct Question<R: ?Sized + 'static> {
    /// The question's text key (`tour-id.key`).
    pub key: &'static str,
    /// How it is answered.
    pub form: QuestionForm,
    /// Computes the answer from the step's run and the cursor of the point it plays to.
    pub answer: fn(&R, u64) -> Answer,
}

impl<R: ?Sized> Question<R> {
    /// The simulator's answer for this run, at `cursor` (events applied).
    pub fn answer(&self, run: &R, cursor: u64) -> Answer {
        (self.answer)(run, cursor)
    }
}

/// What a simulated panel's tour questions read.
pub type StepRun = dyn RunRecord;

/// A step, as tour tables write it.
pub const fn step<R: ?Sized>(
    key: &'static str,
    link: &'static str,
    open_at: StepPoint,
    play_to: StepPoint,
    highlight: Option<&'static str>,
    question: Option<Question<R>>,
) -> TourStep<R> {
    TourStep {
        key,
        link,
        open_at,
        play_to,
        highlight,
        question,
    }
}

/// A step's question, as tour tables write it.
pub const fn ask<R: ?Sized>(
    key: &'static str,
    form: QuestionForm,
    answer: fn(&R, u64) -> Answer,
) -> Option<Question<R>> {
    Some(Question { key, form, answer })
}

/// Link parameters from `key=value&key=value` (tour data only: no escapes).
pub fn link(text: &str) -> Params {
    Params(
        text.split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                (key.to_string(), value.to_string())
            })
            .collect(),
    )
}

/// Runs a simulated step through its panel's own codec: the run and the cursor of its `play_to` point.
/// A step whose link has a problem is an error (tour data must read cleanly).
pub fn simulate(
    scenario: &dyn DynScenario,
    step: &TourStep<StepRun>,
) -> Result<(AnyRun, u64), ShareError> {
    let (spec, problems) = scenario.read(&step.params(), &[]);
    if let Some(problem) = problems.into_iter().next() {
        return Err(problem);
    }
    let run = scenario.run(&spec, spec.seed.unwrap_or(1));
    let cursor = step.play_to.cursor(&run.trace);
    Ok((run, cursor))
}

/// The simulator's answer to a step's question, if it asks one.
pub fn answer(scenario: &dyn DynScenario, step: &TourStep<StepRun>) -> Option<Answer> {
    let question = step.question.as_ref()?;
    let (run, cursor) = simulate(scenario, step).ok()?;
    Some(question.answer(&run, cursor))
}

/// Whether the reader's answer is the simulator's (nodes compared as sets; no sort, which would compile a
/// sort of its own into the app for a handful of nodes).
pub fn is_right(guess: &Answer, truth: &Answer) -> bool {
    match (guess, truth) {
        (Answer::Nodes(a), Answer::Nodes(b)) => {
            a.iter().all(|n| b.contains(n)) && b.iter().all(|n| a.contains(n))
        }
        _ => guess == truth,
    }
}

/// Each node's last typed note after `cursor` events (`None` before its first), by node id: what a
/// question about "now" reads.
pub fn notes_at<N: 'static>(run: &StepRun, cursor: u64) -> Vec<Option<&N>> {
    let notes = run.notes::<N>();
    let trace = run.trace();
    let mut last: Vec<Option<&N>> = vec![None; trace.node_count as usize];
    for event in trace.events.iter().take(cursor as usize) {
        if let crate::sim::EventKind::State { node, note, .. } = &event.kind {
            if let (Some(slot), Some(n)) =
                (last.get_mut(node.0 as usize), notes.get(*note as usize))
            {
                *slot = Some(n);
            }
        }
    }
    last
}
