//! The sandbox panel: the kernel's example protocol (ping-pong with acknowledgements) under a lossy,
//! duplicating network, with the shared transport bar, fault injection, sharing and the explorer.
mod state;

use std::rc::Rc;

use yew::prelude::*;

use crate::core::sandbox::{self, Variant};
use crate::core::sim::{EventKind, Explorer, FaultBudget};
use crate::ui::browser;
use crate::ui::components::event_text::state_label;
use crate::ui::components::event_text::{describe, is_fault};
use crate::ui::components::explorer::{
    explore_view, use_explorer, CounterexampleView, ExploreStatus, ExploreView,
};
use crate::ui::components::faults::{fault_facts, FaultPanel, Selection};
use crate::ui::components::keyboard::key_help;
use crate::ui::components::network_diagram::{network_diagram, DiagramProps};
use crate::ui::components::sequence::SequenceDiagram;
use crate::ui::components::share::ShareBar;
use crate::ui::components::sim_callbacks::{use_link_sync, use_playback, SimCallbacks};
use crate::ui::components::sim_state::{RunInput, SimAction, SimState};
use crate::ui::components::transport::{MarkKind, TimelineMark, TransportBar};
use crate::ui::components::use_lang;
use crate::ui::i18n::fill;
pub use state::SandboxSettings;
use state::{builder, variant_code, variant_from_code, NODES_MAX, NODES_MIN};

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

/// The settings that reproduce what is on screen.
fn current_settings(state: &SimState, nodes: u32, variant: Variant) -> SandboxSettings {
    SandboxSettings {
        seed: Some(state.run.input.seed),
        nodes,
        variant,
        network: state.run.input.network.clone(),
        actions: state.run.input.actions.clone(),
    }
}

#[component]
pub fn SandboxPanel(props: &SandboxProps) -> Html {
    let texts = use_lang().texts();
    let settings = props.settings.clone();
    // Nodes and variant shape the scenario itself (the builder); the rest is the run's input.
    let shape = use_state(|| (settings.nodes, settings.variant));
    let (nodes, variant) = *shape;
    let state = {
        let settings = settings.clone();
        use_reducer(move || {
            let seed = settings.seed.unwrap_or_else(browser::random_seed);
            SimState::new(
                builder(settings.nodes, settings.variant),
                settings.run_input(seed),
            )
        })
    };
    let selection = use_state(|| Selection::None);
    let explore = use_explorer();
    let reduced_motion = use_memo((), |_| {
        browser::media_matches("(prefers-reduced-motion: reduce)")
    });

    // A link edited by hand (or the back button) with other settings reloads the run.
    {
        let state = state.clone();
        let shape = shape.clone();
        use_effect_with(settings.clone(), move |settings| {
            let seed = settings.seed.unwrap_or(state.run.input.seed);
            let input = settings.run_input(seed);
            let new_shape = (settings.nodes, settings.variant);
            if input != state.run.input || new_shape != *shape {
                shape.set(new_shape);
                state.dispatch(SimAction::Load {
                    input,
                    builder: Some(builder(settings.nodes, settings.variant)),
                    cursor: 0,
                });
            }
        });
    }
    // Keep the address bar in step with the loaded run, so a copied link reproduces it.
    use_link_sync(
        "sandbox",
        current_settings(&state, nodes, variant),
        SandboxSettings::write_into,
    );
    let help = use_playback(&state);
    let cb = SimCallbacks::new(&state, &selection);

    let dispatch = |action: fn() -> SimAction| {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(action()))
    };
    let reshape = {
        let state = state.clone();
        let shape = shape.clone();
        let selection = selection.clone();
        move |seed: u64, nodes: u32, variant: Variant, keep_actions: bool| {
            shape.set((nodes, variant));
            selection.set(Selection::None);
            state.dispatch(SimAction::Load {
                input: RunInput {
                    seed,
                    network: state.run.input.network.clone(),
                    actions: if keep_actions {
                        state.run.input.actions.clone()
                    } else {
                        Vec::new()
                    },
                },
                builder: Some(builder(nodes, variant)),
                cursor: 0,
            })
        }
    };
    let on_seed = {
        let reshape = reshape.clone();
        Callback::from(move |seed| reshape(seed, nodes, variant, true))
    };
    let on_random_seed = {
        let reshape = reshape.clone();
        Callback::from(move |_| reshape(browser::random_seed(), nodes, variant, true))
    };
    let seed = state.run.input.seed;
    let on_nodes = {
        let reshape = reshape.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            if let Ok(count) = input.value().parse::<u64>() {
                // Actions name nodes, so a new node count starts a fresh run.
                reshape(
                    seed,
                    count.clamp(NODES_MIN, NODES_MAX) as u32,
                    variant,
                    false,
                );
            }
        })
    };
    let on_variant = {
        let reshape = reshape.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            let variant = variant_from_code(&select.value()).unwrap_or(Variant::Correct);
            reshape(seed, nodes, variant, true);
        })
    };
    let on_explore = {
        let explore = explore.clone();
        Callback::from(move |_| {
            let build =
                move |seed| sandbox::scenario(nodes, variant, state::sandbox_network(), seed);
            let budget = FaultBudget {
                crashes_max: 1,
                pauses_max: 1,
                partitions_max: 1,
                message_faults_max: 2,
                horizon_ms: EXPLORE_HORIZON_MS,
            };
            explore.start(Explorer::new(build, seed, budget), EXPLORE_RUNS_MAX);
        })
    };
    let on_cancel = {
        let explore = explore.clone();
        Callback::from(move |_| explore.cancel())
    };
    let on_replay = {
        let state = state.clone();
        Callback::from(move |found: Rc<CounterexampleView>| {
            state.dispatch(SimAction::Load {
                input: RunInput {
                    seed: found.seed,
                    network: state::sandbox_network(),
                    actions: found.actions.clone(),
                },
                builder: None,
                cursor: 0,
            })
        })
    };
    let on_import = {
        let state = state.clone();
        let shape = shape.clone();
        Callback::from(move |file: crate::core::share::RunFile| {
            let nodes = file
                .settings
                .get("nodes")
                .and_then(|n| n.parse::<u32>().ok())
                .unwrap_or(nodes);
            let variant = file
                .settings
                .get("variant")
                .and_then(|v| variant_from_code(v))
                .unwrap_or(variant);
            let mut network = state.run.input.network.clone();
            if let Some(text) = file.settings.get("network") {
                if let Ok(parsed) = serde_json::from_str(text) {
                    network = parsed;
                }
            }
            shape.set((nodes, variant));
            state.dispatch(SimAction::Load {
                input: RunInput {
                    seed: file.seed,
                    network,
                    actions: file.actions,
                },
                builder: Some(builder(nodes, variant)),
                cursor: 0,
            });
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
    // Marks depend on the run only: computed once per run, not every frame. The language is part of
    // the key because the titles are words.
    let marks = use_memo((run.clone(), texts.app_tagline), move |(run, _)| {
        run.trace
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
            .collect::<Vec<TimelineMark>>()
    });
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
    let network = &run.input.network;
    let network_text = fill(
        texts.network_summary,
        &[
            ("min", &network.latency_ms_min),
            ("max", &network.latency_ms_max),
            ("loss", &format!("{:.0}", network.loss_probability * 100.0)),
            (
                "dup",
                &format!("{:.0}", network.duplicate_probability * 100.0),
            ),
        ],
    );
    let exploring = matches!(*explore.status, ExploreStatus::Running { .. });
    let variant_note = match variant {
        Variant::Correct => texts.variant_correct_note,
        Variant::CountsDuplicatePongs => texts.variant_broken_note,
    };
    let selected_node = match &*selection {
        Selection::Node(node) => Some(node.0),
        _ => None,
    };
    let selected_msg = match &*selection {
        Selection::Message(message) => Some(message.msg.0),
        _ => None,
    };
    let captions: Vec<(String, String)> = view
        .nodes
        .iter()
        .map(|node| {
            let field = |name: &str| {
                node.fields
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_else(|| "0".into())
            };
            let figures = fill(
                texts.node_fields,
                &[("pings", &field("pings")), ("pongs", &field("pongs"))],
            );
            let state = if node.status == crate::core::sim::NodeStatus::Up {
                state_label(&node.label, texts).to_string()
            } else {
                String::new()
            };
            (figures, state)
        })
        .collect();
    let share_settings = {
        let mut map = std::collections::BTreeMap::new();
        map.insert("nodes".to_string(), nodes.to_string());
        map.insert("variant".to_string(), variant_code(variant).to_string());
        map.insert(
            "network".to_string(),
            serde_json::to_string(network).unwrap_or_default(),
        );
        map
    };

    let facts = fault_facts(&view, &selection);

    html! {
        <section class="panel sandbox" data-testid="panel-sandbox" aria-labelledby="sandbox-title">
            { key_help(&help, texts) }
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
                                <option value="correct" selected={variant == Variant::Correct}>{ texts.variant_correct }</option>
                                <option value="broken" selected={variant == Variant::CountsDuplicatePongs}>{ texts.variant_broken }</option>
                            </select>
                        </label>
                        <label class="field inline">
                            <span>{ texts.sandbox_nodes }</span>
                            <input type="number" data-testid="nodes" min={NODES_MIN.to_string()} max={NODES_MAX.to_string()}
                                   value={nodes.to_string()} onchange={on_nodes} />
                        </label>
                        <p class="muted small variant-note">{ variant_note }</p>
                    </div>
                    { network_diagram(DiagramProps {
                        view: &view, time_ms: state.time_ms, reduced_motion: *reduced_motion,
                        violated_nodes: &violated_nodes, selected_node, selected_msg,
                        on_node: cb.on_node.clone(), on_message: cb.on_message.clone(), captions: &captions,
                        full_mesh: false, test_id: "sandbox-diagram",
                    }, texts) }
                    <div class="sequence-wrap">
                        <SequenceDiagram trace={run.trace.clone()} cursor={state.cursor} time_ms={state.time_ms}
                                         node_count={nodes} on_seek={cb.on_seek.clone()} />
                    </div>
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
                    <FaultPanel statuses={facts.0.clone()} partitioned={facts.1} selected_in_flight={facts.2}
                                selection={(*selection).clone()}
                                actions={run.input.actions.clone()} network={run.input.network.clone()}
                                can_undo={state.can_undo()} action_time_ms={state.action_time_ms()}
                                on_inject={cb.on_inject.clone()} on_remove={cb.on_remove.clone()} on_undo={dispatch(|| SimAction::Undo)}
                                on_network={cb.on_network.clone()} on_clear={cb.on_clear.clone()} />
                    <div class="card log">
                        <span class="eyebrow">{ texts.last_event }</span>
                        if state.cursor == 0 {
                            <p class="muted">{ texts.no_event_yet }</p>
                        } else {
                            <ol class="event-log" data-testid="event-log">{ for log }</ol>
                        }
                    </div>
                    { explore_view(ExploreView { status: &explore.status, runs_max: EXPLORE_RUNS_MAX,
                                                 on_cancel, on_replay }, texts) }
                </aside>
            </div>
            <TransportBar playing={state.playing} cursor={state.cursor} total={run.len()}
                          time_ms={state.time_ms} speed_log10={state.speed_log10} seed={seed}
                          marks={marks.clone()} can_explore={!exploring}
                          on_play={dispatch(|| SimAction::Play)}
                          on_pause={dispatch(|| SimAction::Pause)}
                          on_step_forward={dispatch(|| SimAction::StepForward)}
                          on_step_back={dispatch(|| SimAction::StepBack)}
                          on_seek={cb.on_seek.clone()} on_speed={cb.on_speed.clone()} on_seed={on_seed}
                          on_random_seed={on_random_seed}
                          on_reset={dispatch(|| SimAction::Reset)}
                          on_explore={on_explore}>
                <ShareBar panel="sandbox" settings={share_settings} run={state.run.clone()} cursor={state.cursor}
                          on_import={on_import} />
            </TransportBar>
        </section>
    }
}
