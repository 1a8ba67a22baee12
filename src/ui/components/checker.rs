//! The exhaustive checker's card: runs the core's check in a Web Worker (or, where workers cannot start, in
//! slices between frames on the page), shows how far it got, and ends with "all N states are safe" or a
//! shortest counterexample to replay. The core has no clock; the rate is measured here.
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use yew::platform::spawn_local;
use yew::platform::time::sleep;
use yew::prelude::*;

use crate::core::scenario::{
    AnyRunSpec, AnySettings, CheckJob, CheckPlan, CheckStatus, CheckSummary, CheckVerdict,
    DynScenario,
};
use crate::ui::browser;
use crate::ui::components::explorer::SLICE_MS;
use crate::ui::components::fields::button;
use crate::ui::i18n::{fill, Texts};
use crate::ui::numbers;
use crate::ui::vocabulary::Vocabulary;
use crate::ui::workers::jobs::{read_result, request_run};
use crate::ui::workers::pool::{end, per_second, WorkerSet};
use crate::ui::workers::protocol::{Report, Request};

/// States explored between two looks at the clock, on the page.
const STATES_PER_BATCH: u32 = 200;

/// Where a check stands.
#[derive(Clone, Debug, PartialEq)]
pub enum CheckUiStatus {
    Idle,
    Running {
        states: u64,
        depth: u32,
        states_per_second: f64,
        /// Workers it runs in: 0 on the page (where workers cannot start).
        workers: u32,
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
    /// Stops a check running on the page after its slice.
    cancel: Rc<Cell<bool>>,
    /// The worker of a check running off the page.
    worker: Rc<RefCell<Option<WorkerSet>>>,
}

impl CheckHandle {
    /// Checks the configuration the panel's `settings` name, unless a check is running: in a worker, or on
    /// the page where workers cannot start.
    pub fn start(&self, scenario: &'static dyn DynScenario, settings: &AnySettings, seed: u64) {
        if matches!(*self.status, CheckUiStatus::Running { .. }) {
            return;
        }
        let Some(plan) = scenario.check_plan(settings) else {
            return;
        };
        self.status.set(CheckUiStatus::Running {
            states: 0,
            depth: 0,
            states_per_second: 0.0,
            workers: 1,
        });
        let spec = AnyRunSpec {
            settings: settings.clone(),
            network: scenario.default_network(settings),
            seed: Some(seed),
            actions: Vec::new(),
        };
        let request = Request::Check {
            panel: scenario.slug().to_string(),
            run: request_run(scenario, &spec, seed),
        };
        let on_report = {
            let status = self.status.clone();
            let worker = Rc::downgrade(&self.worker);
            let handle = self.clone_weak();
            let settings = settings.clone();
            let started_ms = browser::now_ms();
            Rc::new(move |_: usize, report: Report| match report {
                Report::CheckProgress { states, depth } => {
                    status.set(CheckUiStatus::Running {
                        states,
                        depth,
                        states_per_second: per_second(states, started_ms),
                        workers: 1,
                    });
                }
                Report::CheckDone {
                    states,
                    depth,
                    counted,
                    violation,
                } => {
                    end(&worker);
                    let verdict = match violation.map(|v| (read_result(scenario, &v.run), v)) {
                        None => CheckVerdict::AllSatisfy,
                        Some((Ok(run), v)) => CheckVerdict::Violation {
                            property: v.property,
                            steps: v.steps,
                            settings: run.settings,
                            actions: run.actions,
                        },
                        Some((Err(reason), _)) => {
                            web_sys::console::warn_1(&reason.into());
                            CheckVerdict::AllSatisfy
                        }
                    };
                    status.set(CheckUiStatus::Done(Rc::new(CheckSummary {
                        settings: plan.settings.clone(),
                        distinct_states: states,
                        max_depth: depth,
                        counted,
                        verdict,
                    })));
                }
                Report::Failed { reason } => {
                    // A worker that cannot run here: the page does the check itself.
                    web_sys::console::warn_1(&format!("check worker: {reason}").into());
                    end(&worker);
                    if let Some(job) = scenario.check_job(&settings) {
                        handle.clone().run_on_page(job);
                    }
                }
                _ => {}
            }) as Rc<dyn Fn(usize, Report)>
        };
        match WorkerSet::start(vec![request.to_text()], on_report) {
            Ok(set) => *self.worker.borrow_mut() = Some(set),
            Err(_) => {
                if let Some(job) = scenario.check_job(settings) {
                    self.run_on_page(job);
                }
            }
        }
    }

    /// What a worker's report may act on without keeping the panel's state alive.
    fn clone_weak(&self) -> PageRunner {
        PageRunner {
            status: self.status.clone(),
            cancel: Rc::downgrade(&self.cancel),
        }
    }

    fn run_on_page(&self, job: Box<dyn CheckJob>) {
        self.clone_weak().run_on_page(job);
    }

    /// Stops a running check: its worker at once, a check on the page after its slice.
    pub fn cancel(&self) {
        self.cancel.set(true);
        if self.worker.borrow_mut().take().is_some() {
            let states = match *self.status {
                CheckUiStatus::Running { states, .. } => states,
                _ => 0,
            };
            self.status.set(CheckUiStatus::Cancelled { states });
        }
    }
}

/// A check on the page, in slices between frames.
#[derive(Clone)]
struct PageRunner {
    status: UseStateHandle<CheckUiStatus>,
    cancel: Weak<Cell<bool>>,
}

impl PageRunner {
    fn run_on_page(self, job: Box<dyn CheckJob>) {
        let Some(cancel) = self.cancel.upgrade() else {
            return;
        };
        cancel.set(false);
        let status = self.status;
        status.set(CheckUiStatus::Running {
            states: 0,
            depth: 0,
            states_per_second: 0.0,
            workers: 0,
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
                status.set(CheckUiStatus::Running {
                    states: last.0,
                    depth: last.1,
                    states_per_second: per_second(last.0, started_ms),
                    workers: 0,
                });
                // Yield so the browser paints and the cancel button can be clicked.
                sleep(std::time::Duration::from_millis(0)).await;
            }
        });
    }
}

/// The checker state of one panel.
#[hook]
pub fn use_checker() -> CheckHandle {
    let status = use_state(|| CheckUiStatus::Idle);
    let cancel = (*use_state(|| Rc::new(Cell::new(false)))).clone();
    let worker = (*use_state(|| Rc::new(RefCell::new(None)))).clone();
    CheckHandle {
        status,
        cancel,
        worker,
    }
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
            workers,
        } => html! {
            <div class="explore-running" data-testid="check-running" data-workers={workers.to_string()}>
                <p data-testid="check-count">{ fill(texts.check_running, &[
                    ("states", states), ("depth", depth), ("rate", &numbers::fixed(*states_per_second, 0)),
                ]) }</p>
                <p class="muted small">{ if *workers == 0 { texts.work_on_page } else { texts.check_in_worker } }</p>
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
