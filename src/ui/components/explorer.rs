//! Runs the core's explorer in slices between frames so the page never freezes, with progress, a rate and
//! cancel. The core has no clock; this is where wall time is measured.
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use yew::platform::spawn_local;
use yew::platform::time::sleep;
use yew::prelude::*;

use crate::core::sim::{Counterexample, ExploreJob, ExploreProgress};
use crate::ui::browser;
use crate::ui::i18n::{fill, Texts};
use crate::ui::numbers;

/// Wall time one slice may take before yielding to the browser, in milliseconds.
pub(crate) const SLICE_MS: f64 = 12.0;

/// Where a search stands.
#[derive(Clone, Debug, PartialEq)]
pub enum ExploreStatus {
    Idle,
    Running {
        runs: u64,
        runs_per_second: f64,
    },
    /// Found, and making the counterexample smaller.
    Shrinking {
        runs: u64,
        actions: u32,
    },
    Found {
        runs: u64,
        counterexample: Rc<CounterexampleView>,
    },
    NoneFound {
        runs: u64,
    },
    Cancelled {
        runs: u64,
    },
}

/// The parts of a counterexample the UI shows and replays.
#[derive(Clone, Debug, PartialEq)]
pub struct CounterexampleView {
    pub seed: u64,
    pub actions: Vec<crate::core::sim::ScheduledAction>,
    /// How many actions the run had before it was shrunk.
    pub actions_found: u32,
}

impl From<&Counterexample> for CounterexampleView {
    fn from(found: &Counterexample) -> Self {
        CounterexampleView {
            seed: found.seed,
            actions: found.actions.clone(),
            actions_found: found.actions_found,
        }
    }
}

/// A handle the panel keeps: start a search, cancel it, read its status.
#[derive(Clone)]
pub struct ExploreHandle {
    pub status: UseStateHandle<ExploreStatus>,
    cancel: Rc<Cell<bool>>,
}

impl ExploreHandle {
    /// Starts a search of at most `runs_max` seeds (shrinking a find takes more runs, not counted);
    /// `explorer` comes from the panel's scenario.
    pub fn start(&self, explorer: Box<dyn ExploreJob>, runs_max: u64) {
        if matches!(
            *self.status,
            ExploreStatus::Running { .. } | ExploreStatus::Shrinking { .. }
        ) {
            return;
        }
        let cancel = self.cancel.clone();
        cancel.set(false);
        let status = self.status.clone();
        status.set(ExploreStatus::Running {
            runs: 0,
            runs_per_second: 0.0,
        });
        let explorer: Rc<RefCell<Box<dyn ExploreJob>>> = Rc::new(RefCell::new(explorer));
        spawn_local(async move {
            let started_ms = browser::now_ms();
            loop {
                if cancel.get() {
                    let runs = explorer.borrow().runs_done();
                    status.set(ExploreStatus::Cancelled { runs });
                    return;
                }
                let slice_start = browser::now_ms();
                let mut found = None;
                let mut shrinking = None;
                {
                    let mut explorer = explorer.borrow_mut();
                    while browser::now_ms() - slice_start < SLICE_MS
                        && (shrinking.is_some() || explorer.runs_done() < runs_max)
                    {
                        match explorer.run_batch(1) {
                            ExploreProgress::Found(counterexample) => {
                                found = Some(CounterexampleView::from(&counterexample));
                                break;
                            }
                            ExploreProgress::Shrinking { actions_now, .. } => {
                                shrinking = Some(actions_now)
                            }
                            ExploreProgress::Searching { .. } => {}
                        }
                    }
                }
                let runs = explorer.borrow().runs_done();
                if let Some(counterexample) = found {
                    status.set(ExploreStatus::Found {
                        runs,
                        counterexample: Rc::new(counterexample),
                    });
                    return;
                }
                if let Some(actions) = shrinking {
                    status.set(ExploreStatus::Shrinking { runs, actions });
                    sleep(std::time::Duration::from_millis(0)).await;
                    continue;
                }
                if runs >= runs_max {
                    status.set(ExploreStatus::NoneFound { runs });
                    return;
                }
                let elapsed_s = ((browser::now_ms() - started_ms) / 1000.0).max(0.001);
                status.set(ExploreStatus::Running {
                    runs,
                    runs_per_second: runs as f64 / elapsed_s,
                });
                // Yield to the browser so it can paint and handle clicks (the cancel button).
                sleep(std::time::Duration::from_millis(0)).await;
            }
        });
    }

    /// Asks a running search to stop after its current slice.
    pub fn cancel(&self) {
        self.cancel.set(true);
    }
}

/// The explorer state of one panel.
#[hook]
pub fn use_explorer() -> ExploreHandle {
    let status = use_state(|| ExploreStatus::Idle);
    let cancel = (*use_state(|| Rc::new(Cell::new(false)))).clone();
    ExploreHandle { status, cancel }
}

/// What the explorer's card shows and does.
pub struct ExploreView<'a> {
    pub status: &'a ExploreStatus,
    pub runs_max: u64,
    pub on_cancel: Callback<()>,
    pub on_replay: Callback<Rc<CounterexampleView>>,
}

/// The explorer's card: progress bar with count and rate, cancel, and the result with a replay button. A
/// plain function rather than a component: its panel hands it new callbacks every frame, so a component
/// would redraw as often, and a component's machinery costs the app about 2 kB of WebAssembly.
pub fn explore_view(props: ExploreView<'_>, texts: &Texts) -> Html {
    let body = match props.status {
        ExploreStatus::Idle => html! { <p class="muted">{ texts.explore_intro }</p> },
        ExploreStatus::Running {
            runs,
            runs_per_second,
        } => {
            let on_cancel = props.on_cancel.clone();
            html! {
                <div class="explore-running">
                    <progress data-testid="explore-progress" max={props.runs_max.to_string()}
                              value={runs.to_string()} aria-label={texts.explore_progress_label}></progress>
                    <p>
                        <span data-testid="explore-count">{ fill(texts.explore_running, &[("runs", runs)]) }</span>
                        {" · "}
                        <span data-testid="explore-rate">
                            { fill(texts.explore_rate, &[("rate", &numbers::fixed(*runs_per_second, 0))]) }
                        </span>
                    </p>
                    <button type="button" class="button" data-testid="explore-cancel"
                            onclick={Callback::from(move |_| on_cancel.emit(()))}>{ texts.explore_cancel }</button>
                </div>
            }
        }
        ExploreStatus::Shrinking { runs, actions } => {
            let on_cancel = props.on_cancel.clone();
            html! {
                <div class="explore-running">
                    <p data-testid="explore-count">{ fill(texts.explore_shrinking, &[("runs", runs), ("actions", actions)]) }</p>
                    <button type="button" class="button" data-testid="explore-cancel"
                            onclick={Callback::from(move |_| on_cancel.emit(()))}>{ texts.explore_cancel }</button>
                </div>
            }
        }
        ExploreStatus::Found {
            runs,
            counterexample,
        } => {
            let on_replay = props.on_replay.clone();
            let found = counterexample.clone();
            html! {
                <div class="explore-found" data-testid="explore-result" data-outcome="found">
                    <p>{ fill(texts.explore_found, &[
                        ("runs", runs), ("seed", &counterexample.seed), ("actions", &counterexample.actions.len()),
                        ("found", &counterexample.actions_found),
                    ]) }</p>
                    <button type="button" class="button primary" data-testid="explore-replay"
                            onclick={Callback::from(move |_| on_replay.emit(found.clone()))}>
                        { texts.explore_replay }
                    </button>
                </div>
            }
        }
        ExploreStatus::NoneFound { runs } => html! {
            <p data-testid="explore-result" data-outcome="none">{ fill(texts.explore_none, &[("runs", runs)]) }</p>
        },
        ExploreStatus::Cancelled { runs } => html! {
            <p data-testid="explore-result" data-outcome="cancelled">{ fill(texts.explore_cancelled, &[("runs", runs)]) }</p>
        },
    };
    html! {
        <section class="card explore" aria-labelledby="explore-title" aria-live="polite">
            <h2 id="explore-title">{ texts.explore_title }</h2>
            { body }
        </section>
    }
}
