//! The exhaustive checker's card: runs the core's check in slices between frames (the page never freezes),
//! shows how far it got, and ends with "all N states are safe" or a shortest counterexample to replay. The
//! core has no clock; the rate is measured here.
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use yew::platform::spawn_local;
use yew::platform::time::sleep;
use yew::prelude::*;

use crate::core::scenario::{CheckJob, CheckPlan, CheckStatus, CheckSummary, CheckVerdict};
use crate::ui::browser;
use crate::ui::components::explorer::SLICE_MS;
use crate::ui::components::fields::button;
use crate::ui::i18n::{fill, Texts};
use crate::ui::numbers;
use crate::ui::vocabulary::Vocabulary;

/// States explored between two looks at the clock.
const STATES_PER_BATCH: u32 = 200;

/// Where a check stands.
#[derive(Clone, Debug, PartialEq)]
pub enum CheckUiStatus {
    Idle,
    Running {
        states: u64,
        depth: u32,
        states_per_second: f64,
    },
    Done(Rc<CheckSummary>),
    Cancelled {
        states: u64,
    },
}

/// What the panel keeps: the status, and a way to stop a check.
#[derive(Clone)]
pub struct CheckHandle {
    pub status: UseStateHandle<CheckUiStatus>,
    cancel: Rc<Cell<bool>>,
}

impl CheckHandle {
    /// Starts `job` unless a check is running.
    pub fn start(&self, job: Box<dyn CheckJob>) {
        if matches!(*self.status, CheckUiStatus::Running { .. }) {
            return;
        }
        let cancel = self.cancel.clone();
        cancel.set(false);
        let status = self.status.clone();
        status.set(CheckUiStatus::Running {
            states: 0,
            depth: 0,
            states_per_second: 0.0,
        });
        let job = Rc::new(RefCell::new(job));
        spawn_local(async move {
            let started_ms = browser::now_ms();
            let mut last = (0, 0);
            loop {
                if cancel.get() {
                    status.set(CheckUiStatus::Cancelled { states: last.0 });
                    return;
                }
                let slice_start = browser::now_ms();
                while browser::now_ms() - slice_start < SLICE_MS {
                    match job.borrow_mut().run_batch(STATES_PER_BATCH) {
                        CheckStatus::Done(summary) => {
                            status.set(CheckUiStatus::Done(Rc::new(summary)));
                            return;
                        }
                        CheckStatus::Running {
                            distinct_states,
                            max_depth,
                        } => last = (distinct_states, max_depth),
                    }
                }
                let elapsed_s = ((browser::now_ms() - started_ms) / 1000.0).max(0.001);
                status.set(CheckUiStatus::Running {
                    states: last.0,
                    depth: last.1,
                    states_per_second: last.0 as f64 / elapsed_s,
                });
                // Yield so the browser paints and the cancel button can be clicked.
                sleep(std::time::Duration::from_millis(0)).await;
            }
        });
    }

    /// Asks a running check to stop after its current slice.
    pub fn cancel(&self) {
        self.cancel.set(true);
    }
}

/// The checker state of one panel.
#[hook]
pub fn use_checker() -> CheckHandle {
    let status = use_state(|| CheckUiStatus::Idle);
    let cancel = (*use_state(|| Rc::new(Cell::new(false)))).clone();
    CheckHandle { status, cancel }
}

/// What the card shows and does.
pub struct CheckView<'a> {
    pub status: &'a CheckUiStatus,
    pub plan: CheckPlan,
    pub vocabulary: &'a Vocabulary,
    pub on_start: Callback<MouseEvent>,
    pub on_cancel: Callback<MouseEvent>,
    pub on_replay: Callback<Rc<CheckSummary>>,
}

/// The card. A plain function, as the explorer's: its panel hands it new callbacks every frame.
pub fn check_view(props: CheckView<'_>, texts: &Texts) -> Html {
    let budget = props.plan.budget;
    // A finished check answers for the configuration it ran on; with other settings the card starts over.
    let status = match props.status {
        CheckUiStatus::Done(summary) if summary.settings != props.plan.settings => {
            &CheckUiStatus::Idle
        }
        status => status,
    };
    let intro = fill(
        texts.check_intro,
        &[
            ("nodes", &props.plan.node_count),
            ("drops", &budget.drops_max),
            ("crashes", &budget.crashes_max),
            ("partitions", &budget.partitions_max),
        ],
    );
    let body = match status {
        CheckUiStatus::Idle => html! {
            { button("button", "check-start", texts.check_start, false, props.on_start.clone()) }
        },
        CheckUiStatus::Running {
            states,
            depth,
            states_per_second,
        } => html! {
            <div class="explore-running">
                <p data-testid="check-count">{ fill(texts.check_running, &[
                    ("states", states), ("depth", depth), ("rate", &numbers::fixed(*states_per_second, 0)),
                ]) }</p>
                { button("button", "check-cancel", texts.explore_cancel, false, props.on_cancel.clone()) }
            </div>
        },
        CheckUiStatus::Cancelled { states } => html! {
            <>
                <p data-testid="check-result" data-outcome="cancelled">{ fill(texts.check_cancelled, &[("states", states)]) }</p>
                { button("button", "check-start", texts.check_start, false, props.on_start.clone()) }
            </>
        },
        CheckUiStatus::Done(summary) => {
            let counted = summary.counted.map(|count| {
                let what = props.vocabulary.words.label("check-counted").unwrap_or("");
                html! {
                    <p data-testid="check-counted" data-count={count.to_string()}>
                        { fill(texts.check_counted, &[("count", &count), ("what", &what)]) }
                    </p>
                }
            });
            match &summary.verdict {
                CheckVerdict::AllSatisfy => html! {
                    <div data-testid="check-result" data-outcome="all-satisfy" data-states={summary.distinct_states.to_string()}>
                        <p>{ fill(texts.check_all, &[("states", &summary.distinct_states), ("depth", &summary.max_depth)]) }</p>
                        { for counted }
                    </div>
                },
                CheckVerdict::Violation {
                    property, steps, ..
                } => {
                    let on_replay = props.on_replay.clone();
                    let found = summary.clone();
                    html! {
                        <div class="explore-found" data-testid="check-result" data-outcome="violation"
                             data-steps={steps.to_string()}>
                            <p>{ fill(texts.check_violation, &[
                                ("property", &props.vocabulary.label(property)), ("steps", steps),
                                ("states", &summary.distinct_states),
                            ]) }</p>
                            { for counted }
                            { button("button primary", "check-replay", texts.explore_replay, false,
                                     Callback::from(move |_| on_replay.emit(found.clone()))) }
                        </div>
                    }
                }
            }
        }
    };
    html! {
        <section class="card explore state-check" aria-labelledby="check-title" aria-live="polite">
            <h2 id="check-title">{ texts.check_title }</h2>
            <p class="muted small">{ intro }</p>
            { body }
        </section>
    }
}
