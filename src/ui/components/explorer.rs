//! Runs the core's explorer in Web Workers, one per core, each searching its stripe of the seeds (merged by
//! [`crate::ui::workers::explore_merge`] into what one search finds), or, where workers cannot start, in
//! slices between frames on the page; with progress, rates and cancel. The core has no clock; this is where
//! wall time is measured.
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use yew::platform::spawn_local;
use yew::platform::time::sleep;
use yew::prelude::*;

use crate::core::scenario::{AnyRunSpec, AnySettings, DynScenario};
use crate::core::sim::{Counterexample, ExploreJob, ExploreProgress};
use crate::ui::browser;
use crate::ui::i18n::{fill, Texts};
use crate::ui::numbers;
use crate::ui::workers::explore_merge::{ExploreMerge, Merged};
use crate::ui::workers::jobs::{read_result, request_run};
use crate::ui::workers::pool::{end, per_second, worker_count, WorkerSet};
use crate::ui::workers::protocol::{Report, Request};

/// Wall time one slice may take before yielding to the browser, in milliseconds.
pub(crate) const SLICE_MS: f64 = 12.0;

/// Where a search stands.
#[derive(Clone, Debug, PartialEq)]
pub enum ExploreStatus {
    Idle,
    Running {
        runs: u64,
        runs_per_second: f64,
        /// Each worker's runs and rate; empty when the search runs on the page.
        per_worker: Vec<(u64, f64)>,
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
    /// Stops a search on the page after its slice.
    cancel: Rc<Cell<bool>>,
    /// The workers of a search off the page.
    workers: Rc<RefCell<Option<WorkerSet>>>,
}

impl ExploreHandle {
    /// Searches the panel's scenario with `settings` from `first_seed` for a failing run (at most the plan's
    /// `runs_max` seeds; shrinking a find takes more runs, not counted), unless a search is running.
    pub fn start(
        &self,
        scenario: &'static dyn DynScenario,
        settings: &AnySettings,
        first_seed: u64,
    ) {
        if matches!(
            *self.status,
            ExploreStatus::Running { .. } | ExploreStatus::Shrinking { .. }
        ) {
            return;
        }
        let Some(plan) = scenario.explore_plan(settings) else {
            return;
        };
        let runs_max = plan.runs_max;
        let on_page = {
            let status = self.status.clone();
            let cancel = Rc::downgrade(&self.cancel);
            let settings = settings.clone();
            move || {
                if let Some((job, _)) = scenario.explorer(&settings, first_seed) {
                    run_on_page(status.clone(), &cancel, job, runs_max);
                }
            }
        };
        let stripes = worker_count();
        if stripes == 0 {
            on_page();
            return;
        }
        self.status.set(ExploreStatus::Running {
            runs: 0,
            runs_per_second: 0.0,
            per_worker: vec![(0, 0.0); stripes as usize],
        });
        let spec = AnyRunSpec {
            settings: settings.clone(),
            network: scenario.default_network(settings),
            seed: Some(first_seed),
            actions: Vec::new(),
        };
        let run = request_run(scenario, &spec, first_seed);
        let requests = (0..stripes)
            .map(|stripe| {
                Request::Explore {
                    panel: scenario.slug().to_string(),
                    run: run.clone(),
                    stripe: u64::from(stripe),
                    stripes: u64::from(stripes),
                    runs_max,
                }
                .to_text()
            })
            .collect();
        let on_report = {
            let status = self.status.clone();
            let workers = Rc::downgrade(&self.workers);
            let merge = RefCell::new(ExploreMerge::new(first_seed, stripes as usize));
            let started_ms = browser::now_ms();
            let on_page = on_page.clone();
            Rc::new(move |from: usize, report: Report| {
                if let Report::Failed { reason } = &report {
                    // A worker that cannot run here: the page does the search itself.
                    web_sys::console::warn_1(&format!("explorer worker: {reason}").into());
                    end(&workers);
                    on_page();
                    return;
                }
                let stop = merge.borrow_mut().report(from, &report);
                if let Some(workers) = workers.upgrade() {
                    if let Some(set) = workers.borrow_mut().as_mut() {
                        for k in stop {
                            set.stop(k);
                        }
                    }
                }
                let merged = merge.borrow().merged();
                match merged {
                    Merged::Searching {
                        runs,
                        runs_per_worker,
                    } => status.set(ExploreStatus::Running {
                        runs,
                        runs_per_second: per_second(runs, started_ms),
                        per_worker: runs_per_worker
                            .iter()
                            .map(|&r| (r, per_second(r, started_ms)))
                            .collect(),
                    }),
                    Merged::Shrinking { runs, actions } => {
                        status.set(ExploreStatus::Shrinking { runs, actions })
                    }
                    Merged::Found { runs, found } => {
                        end(&workers);
                        match read_result(scenario, &found.run) {
                            Ok(run) => status.set(ExploreStatus::Found {
                                runs,
                                counterexample: Rc::new(CounterexampleView {
                                    seed: run.seed.unwrap_or(first_seed),
                                    actions: run.actions,
                                    actions_found: found.actions_found,
                                }),
                            }),
                            Err(reason) => {
                                web_sys::console::warn_1(&reason.into());
                                on_page();
                            }
                        }
                    }
                    Merged::NoneFound { runs } => {
                        end(&workers);
                        status.set(ExploreStatus::NoneFound { runs });
                    }
                }
            }) as Rc<dyn Fn(usize, Report)>
        };
        match WorkerSet::start(requests, on_report) {
            Ok(set) => *self.workers.borrow_mut() = Some(set),
            Err(_) => on_page(),
        }
    }

    /// Stops a running search: its workers at once, a search on the page after its slice.
    pub fn cancel(&self) {
        self.cancel.set(true);
        if self.workers.borrow_mut().take().is_some() {
            let runs = match *self.status {
                ExploreStatus::Running { runs, .. } | ExploreStatus::Shrinking { runs, .. } => runs,
                _ => 0,
            };
            self.status.set(ExploreStatus::Cancelled { runs });
        }
    }
}

/// A search on the page, in slices between frames.
fn run_on_page(
    status: UseStateHandle<ExploreStatus>,
    cancel: &Weak<Cell<bool>>,
    explorer: Box<dyn ExploreJob>,
    runs_max: u64,
) {
    let Some(cancel) = cancel.upgrade() else {
        return;
    };
    cancel.set(false);
    status.set(ExploreStatus::Running {
        runs: 0,
        runs_per_second: 0.0,
        per_worker: Vec::new(),
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
                per_worker: Vec::new(),
            });
            // Yield to the browser so it can paint and handle clicks (the cancel button).
            sleep(std::time::Duration::from_millis(0)).await;
        }
    });
}

/// The explorer state of one panel.
#[hook]
pub fn use_explorer() -> ExploreHandle {
    let status = use_state(|| ExploreStatus::Idle);
    let cancel = (*use_state(|| Rc::new(Cell::new(false)))).clone();
    let workers = (*use_state(|| Rc::new(RefCell::new(None)))).clone();
    ExploreHandle {
        status,
        cancel,
        workers,
    }
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
            per_worker,
        } => {
            let on_cancel = props.on_cancel.clone();
            let where_run = if per_worker.is_empty() {
                html! { <p class="muted small">{ texts.work_on_page }</p> }
            } else {
                html! {
                    <div class="muted small">
                        <p>{ fill(texts.explore_in_workers, &[("workers", &per_worker.len())]) }</p>
                        <ul class="worker-rates">
                            { for per_worker.iter().enumerate().map(|(k, (runs, rate))| html! {
                                <li data-testid="explore-worker">{ fill(texts.explore_worker, &[
                                    ("n", &(k + 1)), ("runs", runs), ("rate", &numbers::fixed(*rate, 0)),
                                ]) }</li>
                            }) }
                        </ul>
                    </div>
                }
            };
            html! {
                <div class="explore-running" data-testid="explore-running" data-workers={per_worker.len().to_string()}>
                    <progress data-testid="explore-progress" max={props.runs_max.to_string()}
                              value={runs.to_string()} aria-label={texts.explore_progress_label}></progress>
                    <p>
                        <span data-testid="explore-count">{ fill(texts.explore_running, &[("runs", runs)]) }</span>
                        {" · "}
                        <span data-testid="explore-rate">
                            { fill(texts.explore_rate, &[("rate", &numbers::fixed(*runs_per_second, 0))]) }
                        </span>
                    </p>
                    { where_run }
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
