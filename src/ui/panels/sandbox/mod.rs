//! The sandbox panel: the kernel's example protocol (ping-pong with acknowledgements) under a lossy,
//! duplicating network, with the shared transport bar and the explorer.
mod diagram;
mod state;

use std::rc::Rc;

use yew::prelude::*;

use crate::core::sandbox::{self, Variant};
use crate::core::sim::{EventKind, Explorer, FaultBudget};
use crate::ui::browser;
use crate::ui::components::animation::use_animation_frame;
use crate::ui::components::event_text::{describe, is_fault};
use crate::ui::components::explorer::{
    use_explorer, CounterexampleView, ExploreStatus, ExploreView,
};
use crate::ui::components::transport::{MarkKind, TimelineMark, TransportBar};
use crate::ui::components::use_lang;
use crate::ui::i18n::fill;
use crate::ui::url::HashUrl;
use diagram::NetworkDiagram;
pub use state::SandboxSettings;
use state::{sandbox_network, SandboxAction, SandboxState, NODES_MAX, NODES_MIN};

/// Seeds the explorer tries before it reports "none found".
const EXPLORE_RUNS_MAX: u64 = 2_000;
/// Each explored run is shorter than the shown one: bugs here show up within seconds.
const EXPLORE_HORIZON_MS: u64 = 3_000;

/// How many recent events the log lists.
const LOG_LENGTH: usize = 8;

#[derive(Properties, PartialEq)]
pub struct SandboxProps {
    pub settings: SandboxSettings,
}

/// Writes the sandbox's settings into the address bar without navigating, so the link always reproduces
/// what is on screen.
fn sync_url(seed: u64, nodes: u32, variant: Variant) {
    let mut url = HashUrl::parse(&browser::current_hash());
    url.path = "sandbox".to_string();
    SandboxSettings {
        seed: Some(seed),
        nodes,
        variant,
    }
    .write_into(&mut url);
    browser::replace_hash(&url.to_hash());
}

#[component]
pub fn SandboxPanel(props: &SandboxProps) -> Html {
    let texts = use_lang().texts();
    let settings = props.settings.clone();
    let state = {
        let settings = settings.clone();
        use_reducer(move || {
            let seed = settings.seed.unwrap_or_else(browser::random_seed);
            SandboxState::new(settings.nodes, settings.variant, seed)
        })
    };
    let explore = use_explorer();
    let reduced_motion = use_memo((), |_| {
        browser::media_matches("(prefers-reduced-motion: reduce)")
    });

    // A link edited by hand (or the back button) with other settings reloads the run.
    {
        let state = state.clone();
        use_effect_with(settings.clone(), move |settings| {
            let seed = settings.seed.unwrap_or(state.run.seed);
            if seed != state.run.seed
                || settings.nodes != state.nodes
                || settings.variant != state.variant
            {
                state.dispatch(SandboxAction::Load {
                    seed,
                    nodes: settings.nodes,
                    variant: settings.variant,
                    actions: Vec::new(),
                });
            }
        });
    }
    // Keep the address bar in step with the loaded run.
    use_effect_with(
        (state.run.seed, state.nodes, state.variant),
        |(seed, nodes, variant)| sync_url(*seed, *nodes, *variant),
    );

    {
        let state = state.clone();
        use_animation_frame(
            state.playing,
            Callback::from(move |dt| state.dispatch(SandboxAction::Tick(dt))),
        );
    }

    let dispatch = |action: fn() -> SandboxAction| {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(action()))
    };
    let load = {
        let state = state.clone();
        move |seed: u64, nodes: u32, variant: Variant| {
            state.dispatch(SandboxAction::Load {
                seed,
                nodes,
                variant,
                actions: Vec::new(),
            })
        }
    };
    let on_seek = {
        let state = state.clone();
        Callback::from(move |cursor| state.dispatch(SandboxAction::Seek(cursor)))
    };
    let on_speed = {
        let state = state.clone();
        Callback::from(move |speed| state.dispatch(SandboxAction::Speed(speed)))
    };
    let on_seed = {
        let load = load.clone();
        let (nodes, variant) = (state.nodes, state.variant);
        Callback::from(move |seed| load(seed, nodes, variant))
    };
    let on_random_seed = {
        let load = load.clone();
        let (nodes, variant) = (state.nodes, state.variant);
        Callback::from(move |_| load(browser::random_seed(), nodes, variant))
    };
    let on_nodes = {
        let load = load.clone();
        let (seed, variant) = (state.run.seed, state.variant);
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            if let Ok(nodes) = input.value().parse::<u64>() {
                load(seed, nodes.clamp(NODES_MIN, NODES_MAX) as u32, variant);
            }
        })
    };
    let on_variant = {
        let load = load.clone();
        let (seed, nodes) = (state.run.seed, state.nodes);
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            let variant = if select.value() == "broken" {
                Variant::CountsDuplicatePongs
            } else {
                Variant::Correct
            };
            load(seed, nodes, variant);
        })
    };
    let on_explore = {
        let explore = explore.clone();
        let (nodes, variant) = (state.nodes, state.variant);
        let first_seed = state.run.seed;
        Callback::from(move |_| {
            let build = move |seed| sandbox::scenario(nodes, variant, sandbox_network(), seed);
            let budget = FaultBudget {
                crashes_max: 1,
                pauses_max: 1,
                partitions_max: 1,
                message_faults_max: 2,
                horizon_ms: EXPLORE_HORIZON_MS,
            };
            explore.start(Explorer::new(build, first_seed, budget), EXPLORE_RUNS_MAX);
        })
    };
    let on_cancel = {
        let explore = explore.clone();
        Callback::from(move |_| explore.cancel())
    };
    let on_replay = {
        let state = state.clone();
        Callback::from(move |found: Rc<CounterexampleView>| {
            state.dispatch(SandboxAction::Load {
                seed: found.seed,
                nodes: state.nodes,
                variant: state.variant,
                actions: found.actions.clone(),
            })
        })
    };

    let run = &state.run;
    let view = run.index.view_at(&run.trace, state.cursor);
    let violated = state.violation_reached();
    let violated_nodes: Vec<u32> = view
        .violation
        .as_ref()
        .map(|v| v.nodes.iter().map(|n| n.0).collect())
        .unwrap_or_default();
    let marks: Vec<TimelineMark> = run
        .trace
        .events
        .iter()
        .enumerate()
        .filter_map(|(i, event)| {
            let kind = match &event.kind {
                EventKind::Violation { .. } => MarkKind::Violation,
                kind if is_fault(kind) => MarkKind::Fault,
                _ => return None,
            };
            Some(TimelineMark {
                index: i as u64 + 1,
                kind,
                title: describe(event, texts),
            })
        })
        .collect();
    let start = (state.cursor as usize).saturating_sub(LOG_LENGTH);
    let log = run.trace.events[start..state.cursor as usize]
        .iter()
        .enumerate()
        .rev()
        .map(|(offset, event)| {
            let index = start + offset + 1;
            let is_violation = matches!(event.kind, EventKind::Violation { .. });
            html! {
                <li class={classes!(is_violation.then_some("violation"))}>
                    <span class="log-time">{ format!("{} ms", event.time_ms) }</span>
                    <span class="log-index">{ format!("#{index}") }</span>
                    <span>{ describe(event, texts) }</span>
                </li>
            }
        });
    let network = sandbox_network();
    let network_text = fill(
        texts.network_summary,
        &[
            ("min", &network.latency_ms_min),
            ("max", &network.latency_ms_max),
            ("loss", &(network.loss_probability * 100.0)),
            ("dup", &(network.duplicate_probability * 100.0)),
        ],
    );
    let exploring = matches!(*explore.status, ExploreStatus::Running { .. });
    let variant_note = match state.variant {
        Variant::Correct => texts.variant_correct_note,
        Variant::CountsDuplicatePongs => texts.variant_broken_note,
    };

    html! {
        <section class="panel sandbox" data-testid="panel-sandbox" aria-labelledby="sandbox-title">
            <div class="panel-head">
                <h1 id="sandbox-title">{ texts.sandbox_title }</h1>
                <p class="lead">{ texts.sandbox_intro }</p>
            </div>
            <div class="panel-body">
                <div class="stage card">
                    <div class="stage-toolbar">
                        <label class="field inline">
                            <span>{ texts.sandbox_variant }</span>
                            <select data-testid="variant" onchange={on_variant} title={variant_note}>
                                <option value="correct" selected={state.variant == Variant::Correct}>{ texts.variant_correct }</option>
                                <option value="broken" selected={state.variant == Variant::CountsDuplicatePongs}>{ texts.variant_broken }</option>
                            </select>
                        </label>
                        <label class="field inline">
                            <span>{ texts.sandbox_nodes }</span>
                            <input type="number" data-testid="nodes" min={NODES_MIN.to_string()} max={NODES_MAX.to_string()}
                                   value={state.nodes.to_string()} onchange={on_nodes} />
                        </label>
                        <p class="muted small variant-note">{ variant_note }</p>
                    </div>
                    <NetworkDiagram view={view.clone()} time_ms={state.time_ms}
                                    reduced_motion={*reduced_motion} violated_nodes={violated_nodes} />
                    <div class="legend" aria-label={texts.legend_title}>
                        <span class="legend-item"><svg viewBox="-10 -10 20 20" aria-hidden="true"><circle class="legend-ping" r="7"/></svg>{ texts.legend_ping }</span>
                        <span class="legend-item"><svg viewBox="-10 -10 20 20" aria-hidden="true"><rect class="legend-pong" x="-6" y="-6" width="12" height="12" rx="2"/></svg>{ texts.legend_pong }</span>
                        <span class="legend-item muted">{ texts.network_label }{": "}{ network_text }</span>
                    </div>
                </div>
                <aside class="side">
                    <div class={classes!("card", "invariant", violated.then_some("violated"))}
                         data-testid="invariant" data-status={if violated { "violated" } else { "holds" }}>
                        <span class="eyebrow">{ texts.invariant_label }</span>
                        <strong>{ texts.invariant_name }</strong>
                        if violated {
                            <span class="badge bad" data-testid="violation" role="alert">{ "✗ " }{ texts.invariant_violated }</span>
                        } else {
                            <span class="badge good">{ "✓ " }{ texts.invariant_holds }</span>
                        }
                    </div>
                    <ExploreView status={(*explore.status).clone()} runs_max={EXPLORE_RUNS_MAX}
                                 on_cancel={on_cancel} on_replay={on_replay} />
                    <div class="card log">
                        <span class="eyebrow">{ texts.last_event }</span>
                        if state.cursor == 0 {
                            <p class="muted">{ texts.no_event_yet }</p>
                        } else {
                            <ol class="event-log" data-testid="event-log">{ for log }</ol>
                        }
                    </div>
                </aside>
            </div>
            <TransportBar playing={state.playing} cursor={state.cursor} total={run.len()}
                          time_ms={state.time_ms} speed_log10={state.speed_log10} seed={run.seed}
                          marks={marks} can_explore={!exploring}
                          on_play={dispatch(|| SandboxAction::Play)}
                          on_pause={dispatch(|| SandboxAction::Pause)}
                          on_step_forward={dispatch(|| SandboxAction::StepForward)}
                          on_step_back={dispatch(|| SandboxAction::StepBack)}
                          on_seek={on_seek} on_speed={on_speed} on_seed={on_seed}
                          on_random_seed={on_random_seed}
                          on_reset={dispatch(|| SandboxAction::Reset)}
                          on_explore={on_explore} />
        </section>
    }
}
