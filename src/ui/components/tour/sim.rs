//! The tour driver of the simulated panels: a step's link is read by the panel's own codec and loaded as
//! the run, the cursor is put where the step opens, the step's range plays (in about five seconds whatever
//! its length), and a question is answered by the core for the run on screen.
use std::rc::Rc;

use yew::prelude::*;

use super::{meta, TourBar, TourTexts};
use crate::core::scenario::{AnyRunSpec, DynScenario};
use crate::core::share::Params;
use crate::core::sim::NodeRole;
use crate::core::tour::{StepPoint, StepRun, Tour};
use crate::ui::components::share::ScenarioRef;
use crate::ui::components::sim_panel::state::VIRTUAL_MS_PER_REAL_MS;
use crate::ui::components::sim_panel::{Run, SimAction};
use crate::ui::components::transport::SPEED_LOG10_MAX;
use crate::ui::components::use_lang;
use crate::ui::i18n::Lang;
use crate::ui::numbers;
use crate::ui::route::APP_PARAMS;

/// How long, in real milliseconds, a step's range takes to play when the reader reveals or plays it.
const REVEAL_REAL_MS: f64 = 5_000.0;

/// A simulated panel's tours: the core's steps and the panel's words for them.
pub struct SimTours {
    pub tours: fn() -> &'static [Tour<StepRun>],
    pub texts: fn(Lang) -> &'static TourTexts,
}

impl PartialEq for SimTours {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

#[derive(Properties, PartialEq)]
pub struct SimTourProps {
    pub tours: &'static SimTours,
    pub scenario: ScenarioRef,
    pub link: Params,
    pub run: Rc<Run>,
    pub cursor: u64,
    pub playing: bool,
    pub speed_log10: f64,
    pub dispatch: Callback<SimAction>,
    pub names: Rc<Vec<String>>,
    pub roles: Rc<Vec<NodeRole>>,
}

#[component]
pub fn SimTour(props: &SimTourProps) -> Html {
    let lang = use_lang();
    let tours = (props.tours.tours)();
    let shown = use_memo((), move |_| meta(tours));
    // The point a step opens at, waiting for the step's run to be computed.
    let pending = use_mut_ref(|| None::<StepPoint>);
    let scenario: &'static dyn DynScenario = props.scenario.0;
    {
        let pending = pending.clone();
        let dispatch = props.dispatch.clone();
        use_effect_with(props.run.clone(), move |run| {
            if let Some(point) = pending.borrow_mut().take() {
                dispatch.emit(SimAction::Seek(point.cursor(&run.trace)));
            }
        });
    }
    let on_open = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |(t, s): (usize, usize)| {
            let step = &tours[t].steps[s];
            let (spec, _) = scenario.read(&step.params(), &APP_PARAMS);
            let seed = spec.seed.unwrap_or(1);
            *pending.borrow_mut() = Some(step.open_at);
            dispatch.emit(SimAction::Load {
                spec: AnyRunSpec { seed: None, ..spec },
                seed,
                autoplay: false,
            });
        })
    };
    let run = props.run.clone();
    let on_play = {
        let run = run.clone();
        let dispatch = props.dispatch.clone();
        let speed_log10 = props.speed_log10;
        Callback::from(move |(t, s): (usize, usize)| {
            let step = &tours[t].steps[s];
            let (open, play) = (
                step.open_at.cursor(&run.trace),
                step.play_to.cursor(&run.trace),
            );
            // A step's range plays in about REVEAL_REAL_MS whatever its length (never slower than chosen).
            let range_ms = run.time_at(play) - run.time_at(open);
            let factor = range_ms / (REVEAL_REAL_MS * VIRTUAL_MS_PER_REAL_MS);
            dispatch.emit(SimAction::Seek(open));
            if factor > 1.0 {
                let fast = numbers::log10(factor).min(SPEED_LOG10_MAX);
                if fast > speed_log10 {
                    dispatch.emit(SimAction::Speed(fast));
                }
            }
            dispatch.emit(SimAction::PlayTo(play));
        })
    };
    let answer = {
        let run = run.clone();
        let (cursor, playing) = (props.cursor, props.playing);
        Callback::from(move |(t, s): (usize, usize)| {
            let step = &tours[t].steps[s];
            let play = step.play_to.cursor(&run.trace);
            let settled = cursor >= play.min(run.len()) || !playing;
            let question = step.question.as_ref()?;
            settled.then(|| question.answer(&*run as &StepRun, play))
        })
    };
    let can_play = {
        // Offered until the step's range has been played through.
        let cursor = props.cursor;
        Callback::from(move |(t, s): (usize, usize)| {
            let step = &tours[t].steps[s];
            let (from, to) = (
                step.open_at.cursor(&run.trace),
                step.play_to.cursor(&run.trace),
            );
            cursor < to || cursor <= from
        })
    };
    html! {
        <TourBar tours={shown} texts={(props.tours.texts)(lang)} link={props.link.clone()} names={props.names.clone()}
                 roles={props.roles.clone()} {on_open} {on_play} {answer} {can_play} />
    }
}
