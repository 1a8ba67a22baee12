//! The failures panel (`#/failures`): nodes exchanging heartbeats, each judging the others with a fixed
//! timeout and with φ accrual side by side; teaching presets; every fault of the shared fault panel.
mod matrix;
mod phi_chart;
mod settings;

use std::collections::BTreeMap;

use yew::prelude::*;

use crate::core::detect::{
    self, views_at, DetectConfig, Detector, Preset, Verdict, MAX_NODE_COUNT, MIN_NODE_COUNT,
};
use crate::core::sim::{EventKind, FaultAction, NodeId, NodeStatus, ScheduledAction};
use crate::ui::browser;
use crate::ui::components::event_text::{describe, is_fault};
use crate::ui::components::faults::{fault_facts, FaultPanel, Selection};
use crate::ui::components::keyboard::key_help;
use crate::ui::components::network_diagram::{network_diagram, DiagramProps};
use crate::ui::components::sequence::SequenceDiagram;
use crate::ui::components::share::ShareBar;
use crate::ui::components::sim_callbacks::{use_link_sync, use_playback, SimCallbacks};
use crate::ui::components::sim_state::{RunInput, SimAction, SimState};
use crate::ui::components::transport::{MarkKind, TimelineMark, TransportBar};
use crate::ui::components::use_lang;
use crate::ui::i18n::{fill, Texts};
use crate::ui::numbers;
use matrix::{matrix_rows, VerdictMatrix};
use phi_chart::{phi_chart, PhiChart};
pub use settings::FailureSettings;
use settings::{builder, horizon_ms, THRESHOLD_MAX, THRESHOLD_MIN, TIMEOUT_MS_MAX, TIMEOUT_MS_MIN};

const LOG_LENGTH: usize = 6;
/// About how many arrows the sequence diagram's window should hold.
const SEQUENCE_ARROWS_TARGET: f64 = 250.0;

/// The shape of the scenario (what the builder depends on): preset, node count and detector settings.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Shape {
    preset: Preset,
    nodes: u32,
    phi_threshold: f64,
    timeout_ms: u64,
}

impl Shape {
    fn of(settings: &FailureSettings) -> Shape {
        Shape {
            preset: settings.preset,
            nodes: settings.nodes,
            phi_threshold: settings.phi_threshold,
            timeout_ms: settings.timeout_ms,
        }
    }

    /// The link's settings for a run; `preset_actions` are this shape's preset faults, so a run that still
    /// has them writes no `a=`.
    fn settings(
        self,
        seed: u64,
        input: &RunInput,
        preset_actions: &[ScheduledAction],
    ) -> FailureSettings {
        FailureSettings {
            seed: Some(seed),
            preset: self.preset,
            nodes: self.nodes,
            phi_threshold: self.phi_threshold,
            timeout_ms: self.timeout_ms,
            network: input.network.clone(),
            actions: (input.actions != preset_actions).then(|| input.actions.clone()),
        }
    }

    /// The detector settings of this shape.
    fn config(self) -> DetectConfig {
        DetectConfig {
            node_count: self.nodes,
            phi_threshold: self.phi_threshold,
            timeout_ms: self.timeout_ms,
            ..DetectConfig::default()
        }
    }

    fn builder(self) -> crate::ui::components::sim_state::Builder {
        builder(self.config(), self.preset)
    }
}

fn preset_name(preset: Preset, texts: &Texts) -> &'static str {
    match preset {
        Preset::CleanCrash => texts.preset_clean_crash,
        Preset::SlowNetwork => texts.preset_slow_network,
        Preset::Partition => texts.preset_partition,
        Preset::FlappingNode => texts.preset_flapping,
        Preset::GcPause => texts.preset_gc_pause,
    }
}

fn preset_note(preset: Preset, texts: &Texts) -> &'static str {
    match preset {
        Preset::CleanCrash => texts.preset_clean_crash_note,
        Preset::SlowNetwork => texts.preset_slow_network_note,
        Preset::Partition => texts.preset_partition_note,
        Preset::FlappingNode => texts.preset_flapping_note,
        Preset::GcPause => texts.preset_gc_pause_note,
    }
}

#[derive(Properties, PartialEq)]
pub struct FailuresProps {
    pub settings: FailureSettings,
}

#[component]
pub fn FailuresPanel(props: &FailuresProps) -> Html {
    let texts = use_lang().texts();
    let settings = props.settings.clone();
    let shape = use_state(|| Shape::of(&settings));
    let state = {
        let settings = settings.clone();
        use_reducer(move || {
            let seed = settings.seed.unwrap_or_else(browser::random_seed);
            SimState::new(Shape::of(&settings).builder(), settings.run_input(seed))
        })
    };
    let selection = use_state(|| Selection::None);
    let observer_choice = use_state(|| None::<u32>);
    let reduced_motion = use_memo((), |_| {
        browser::media_matches("(prefers-reduced-motion: reduce)")
    });

    // A link edited by hand reloads the run.
    {
        let state = state.clone();
        let shape = shape.clone();
        use_effect_with(settings.clone(), move |settings| {
            let seed = settings.seed.unwrap_or(state.run.input.seed);
            let input = settings.run_input(seed);
            let new_shape = Shape::of(settings);
            if input != state.run.input || new_shape != *shape {
                shape.set(new_shape);
                state.dispatch(SimAction::Load {
                    input,
                    builder: Some(new_shape.builder()),
                    cursor: 0,
                });
            }
        });
    }
    // The preset's own faults, computed once per preset and node count (not every frame).
    let preset_actions = use_memo((shape.preset, shape.nodes), |(preset, nodes)| {
        detect::preset(*preset, *nodes).actions
    });
    // The address bar follows the run.
    use_link_sync(
        "failures",
        shape.settings(state.run.input.seed, &state.run.input, &preset_actions),
        FailureSettings::write_into,
    );
    let help = use_playback(&state);
    let cb = SimCallbacks::new(&state, &selection);

    let reshape = {
        let state = state.clone();
        let shape = shape.clone();
        let selection = selection.clone();
        move |next: Shape, fresh_faults: bool| {
            shape.set(next);
            selection.set(Selection::None);
            let actions = if fresh_faults {
                detect::preset(next.preset, next.nodes).actions
            } else {
                state.run.input.actions.clone()
            };
            let network = if fresh_faults {
                detect::preset(next.preset, next.nodes).network
            } else {
                state.run.input.network.clone()
            };
            state.dispatch(SimAction::Load {
                input: RunInput {
                    seed: state.run.input.seed,
                    network,
                    actions,
                },
                builder: Some(next.builder()),
                cursor: 0,
            });
        }
    };
    let current = *shape;
    let on_preset = {
        let reshape = reshape.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            if let Some(preset) = Preset::from_code(&select.value()) {
                reshape(Shape { preset, ..current }, true);
            }
        })
    };
    let on_nodes = {
        let reshape = reshape.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            if let Ok(nodes) = input.value().parse::<u32>() {
                // Faults name nodes, so a new node count restarts the preset.
                reshape(
                    Shape {
                        nodes: nodes.clamp(MIN_NODE_COUNT, MAX_NODE_COUNT),
                        ..current
                    },
                    true,
                );
            }
        })
    };
    let on_threshold = {
        let reshape = reshape.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            if let Some(value) = numbers::parse_f64(&input.value()) {
                reshape(
                    Shape {
                        phi_threshold: value.clamp(THRESHOLD_MIN, THRESHOLD_MAX),
                        ..current
                    },
                    false,
                );
            }
        })
    };
    let on_timeout = {
        let reshape = reshape.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            if let Ok(value) = input.value().parse::<u64>() {
                reshape(
                    Shape {
                        timeout_ms: value.clamp(TIMEOUT_MS_MIN, TIMEOUT_MS_MAX),
                        ..current
                    },
                    false,
                );
            }
        })
    };
    let dispatch = |action: fn() -> SimAction| {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(action()))
    };
    let load_seed = {
        let state = state.clone();
        move |seed: u64| {
            state.dispatch(SimAction::Load {
                input: RunInput {
                    seed,
                    ..state.run.input.clone()
                },
                builder: None,
                cursor: 0,
            })
        }
    };
    let on_seed = {
        let load_seed = load_seed.clone();
        Callback::from(load_seed)
    };
    let on_random_seed = Callback::from(move |_| load_seed(browser::random_seed()));
    let on_observer = {
        let observer_choice = observer_choice.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            observer_choice.set(select.value().parse::<u32>().ok());
        })
    };
    let on_import = {
        let state = state.clone();
        let shape = shape.clone();
        Callback::from(move |file: crate::core::share::RunFile| {
            let get = |key: &str| file.settings.get(key).cloned().unwrap_or_default();
            let next = Shape {
                preset: Preset::from_code(&get("preset")).unwrap_or(current.preset),
                nodes: get("nodes")
                    .parse()
                    .unwrap_or(current.nodes)
                    .clamp(MIN_NODE_COUNT, MAX_NODE_COUNT),
                phi_threshold: numbers::parse_f64(&get("thr")).unwrap_or(current.phi_threshold),
                timeout_ms: get("timeout").parse().unwrap_or(current.timeout_ms),
            };
            let network = serde_json::from_str(&get("network"))
                .unwrap_or_else(|_| state.run.input.network.clone());
            shape.set(next);
            state.dispatch(SimAction::Load {
                input: RunInput {
                    seed: file.seed,
                    network,
                    actions: file.actions,
                },
                builder: Some(next.builder()),
                cursor: 0,
            });
        })
    };

    let run = &state.run;
    let view = run.index.view_at(&run.trace, state.cursor);
    let views = views_at(&view);
    let nodes = current.nodes;
    let config = shape.config();
    let metrics = use_memo(run.clone(), move |run| detect::metrics(&run.trace, &config));
    let horizon = horizon_ms(current.preset, nodes, &run.input.actions);

    // The chart watches the selected node, or the first node a fault hits, from another node's eyes.
    let watched = match &*selection {
        Selection::Node(node) => node.0,
        _ => run
            .input
            .actions
            .iter()
            .find_map(|a| match a.action {
                FaultAction::Crash { node }
                | FaultAction::Pause { node, .. }
                | FaultAction::Restart { node } => Some(node.0),
                _ => None,
            })
            .unwrap_or(1)
            .min(nodes - 1),
    };
    let observer = observer_choice
        .filter(|o| *o != watched && *o < nodes)
        .unwrap_or(if watched == 0 { 1 } else { 0 });
    let series = use_memo(
        (run.clone(), observer, watched),
        |(run, observer, watched)| {
            detect::phi_series(&run.trace, NodeId(*observer), NodeId(*watched))
        },
    );

    let suspecting = |peer: u32, detector: Detector| {
        views
            .iter()
            .filter(|o| o.observer.0 != peer && o.status != NodeStatus::Down)
            .filter(|o| {
                o.peers
                    .iter()
                    .any(|p| p.peer.0 == peer && p.verdict(detector) != Verdict::Up)
            })
            .count()
    };
    let captions: Vec<(String, String)> = (0..nodes)
        .map(|peer| {
            let by_timeout = suspecting(peer, Detector::FixedTimeout);
            let by_phi = suspecting(peer, Detector::PhiAccrual);
            (
                fill(
                    texts.suspected_by,
                    &[("timeout", &by_timeout), ("phi", &by_phi)],
                ),
                String::new(),
            )
        })
        .collect();

    // Marks depend on the run only: computed once per run, not every frame. The language is part of
    // the key because the titles are words.
    let marks = use_memo((run.clone(), texts.app_tagline), move |(run, _)| {
        run.trace
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| is_fault(&e.kind))
            .map(|(i, event)| TimelineMark {
                index: i as u64 + 1,
                kind: MarkKind::Fault,
                title: describe(event, texts),
            })
            .collect::<Vec<TimelineMark>>()
    });
    let start = (state.cursor as usize).saturating_sub(LOG_LENGTH * 4);
    let log: Vec<Html> = run.trace.events[start..state.cursor as usize]
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, e)| {
            !matches!(
                e.kind,
                EventKind::Send { .. } | EventKind::Deliver { .. } | EventKind::Timer { .. }
            )
        })
        .take(LOG_LENGTH)
        .map(|(offset, event)| {
            html! {
                <li>
                    <span class="log-time">{ format!("{} ms", event.time_ms) }</span>
                    <span class="log-index">{ format!("#{}", start + offset + 1) }</span>
                    <span>{ describe(event, texts) }</span>
                </li>
            }
        })
        .collect();
    let detection = |detector: Detector| {
        let m = metrics.detector(detector);
        match m.mean_detection_ms {
            Some(ms) => format!("{ms:.0} ms"),
            None => texts.metric_none.to_string(),
        }
    };
    let false_count = |detector: Detector| metrics.detector(detector).false_suspicions;
    let selected_node = match &*selection {
        Selection::Node(n) => Some(n.0),
        _ => None,
    };
    let selected_msg = match &*selection {
        Selection::Message(m) => Some(m.msg.0),
        _ => None,
    };
    // Inserted one by one: collecting into a map would add a sort and a bulk build to the app.
    let mut share_settings: BTreeMap<String, String> = BTreeMap::new();
    for (key, value) in [
        ("preset", current.preset.code().to_string()),
        ("nodes", nodes.to_string()),
        ("thr", current.phi_threshold.to_string()),
        ("timeout", current.timeout_ms.to_string()),
        (
            "network",
            serde_json::to_string(&run.input.network).unwrap_or_default(),
        ),
    ] {
        share_settings.insert(key.to_string(), value);
    }

    let facts = fault_facts(&view, &selection);
    // Twelve nodes send over a thousand heartbeats a second: the sequence diagram shows a window narrow
    // enough to hold a few hundred arrows, which stays legible and cheap to redraw.
    let sequence_window_ms = ((SEQUENCE_ARROWS_TARGET / metrics.heartbeats_per_second.max(1.0))
        * 1000.0)
        .clamp(200.0, 2000.0) as u64;

    html! {
        <section class="panel failures" data-testid="panel-failures" aria-labelledby="failures-title">
            { key_help(&help, texts) }
            <div class="panel-head">
                <h1 id="failures-title">{ texts.failures_title }</h1>
                <p class="lead">{ texts.failures_intro }</p>
            </div>
            <div class="panel-body">
                <div class="stage card">
                    <div class="stage-toolbar">
                        <label class="field inline">
                            <span>{ texts.preset_label }</span>
                            <select data-testid="preset" onchange={on_preset}>
                                { for Preset::ALL.iter().map(|p| html! {
                                    <option value={p.code()} selected={*p == current.preset}>{ preset_name(*p, texts) }</option>
                                }) }
                            </select>
                        </label>
                        <label class="field inline">
                            <span>{ texts.sandbox_nodes }</span>
                            <input type="number" data-testid="nodes" min={MIN_NODE_COUNT.to_string()} max={MAX_NODE_COUNT.to_string()}
                                   value={nodes.to_string()} onchange={on_nodes} />
                        </label>
                        <label class="field inline">
                            <span>{ texts.timeout_short }</span>
                            <input type="range" data-testid="timeout-ms" min={TIMEOUT_MS_MIN.to_string()} max={TIMEOUT_MS_MAX.to_string()}
                                   step="50" value={current.timeout_ms.to_string()} onchange={on_timeout} />
                            <output>{ format!("{} ms", current.timeout_ms) }</output>
                        </label>
                        <label class="field inline">
                            <span>{ texts.phi_threshold }</span>
                            <input type="range" data-testid="phi-threshold" min={THRESHOLD_MIN.to_string()} max={THRESHOLD_MAX.to_string()}
                                   step="0.5" value={current.phi_threshold.to_string()} onchange={on_threshold} />
                            <output>{ format!("{:.1}", current.phi_threshold) }</output>
                        </label>
                    </div>
                    <p class="muted small preset-note" data-testid="preset-note">
                        { preset_note(current.preset, texts) }
                        if run.input.actions != *preset_actions {
                            <em data-testid="preset-replaced">{ " " }{ texts.preset_replaced }</em>
                        }
                    </p>
                    <div class="failures-grid">
                        <div class="failures-left">
                            { network_diagram(DiagramProps {
                                view: &view, time_ms: state.time_ms, reduced_motion: *reduced_motion,
                                violated_nodes: &[], selected_node, selected_msg,
                                on_node: cb.on_node.clone(), on_message: cb.on_message.clone(), captions: &captions,
                                full_mesh: true, test_id: "failures-diagram",
                            }, texts) }
                            <div class="sequence-wrap">
                                <SequenceDiagram trace={run.trace.clone()} cursor={state.cursor} time_ms={state.time_ms}
                                                 node_count={nodes} on_seek={cb.on_seek.clone()} window_ms={Some(sequence_window_ms)} />
                            </div>
                        </div>
                        <div class="failures-right">
                            <div class="matrices">
                                <VerdictMatrix detector={Detector::FixedTimeout} rows={matrix_rows(&views, Detector::FixedTimeout, nodes)} node_count={nodes} />
                                <VerdictMatrix detector={Detector::PhiAccrual} rows={matrix_rows(&views, Detector::PhiAccrual, nodes)} node_count={nodes} />
                            </div>
                            <p class="muted small matrix-caption">{ texts.matrix_caption }</p>
                            <label class="field inline phi-observer">
                                <span>{ texts.phi_observer }</span>
                                <select data-testid="phi-observer" onchange={on_observer}>
                                    { for (0..nodes).filter(|n| *n != watched).map(|n| html! {
                                        <option value={n.to_string()} selected={n == observer}>{ format!("n{n}") }</option>
                                    }) }
                                </select>
                                <span class="muted small">{ texts.phi_pick_hint }</span>
                            </label>
                            { phi_chart(&PhiChart { series: &series, threshold: current.phi_threshold, horizon_ms: horizon,
                                                   time_ms: state.time_ms, observer, peer: watched }, texts) }
                        </div>
                    </div>
                </div>
                <aside class="side">
                    <div class="card metrics" data-testid="metrics">
                        <span class="eyebrow">{ texts.metrics_title }</span>
                        <table class="metrics-table">
                            <thead><tr><th></th><th>{ texts.det_timeout }</th><th>{ texts.det_phi }</th></tr></thead>
                            <tbody>
                                <tr>
                                    <th scope="row">{ texts.metric_detection }</th>
                                    <td data-testid="metric-detection-timeout">{ detection(Detector::FixedTimeout) }</td>
                                    <td data-testid="metric-detection-phi">{ detection(Detector::PhiAccrual) }</td>
                                </tr>
                                <tr>
                                    <th scope="row">{ texts.metric_false }</th>
                                    <td data-testid="metric-false-timeout" data-count={false_count(Detector::FixedTimeout).to_string()}>{ false_count(Detector::FixedTimeout) }</td>
                                    <td data-testid="metric-false-phi" data-count={false_count(Detector::PhiAccrual).to_string()}>{ false_count(Detector::PhiAccrual) }</td>
                                </tr>
                            </tbody>
                        </table>
                        <p class="small" data-testid="metric-messages">
                            { fill(texts.metric_messages, &[("rate", &format!("{:.0}", metrics.heartbeats_per_second))]) }
                        </p>
                        <p class="muted small">{ texts.metrics_note }</p>
                    </div>
                    <FaultPanel statuses={facts.0.clone()} partitioned={facts.1} selected_in_flight={facts.2}
                                selection={(*selection).clone()}
                                actions={run.input.actions.clone()} network={run.input.network.clone()}
                                can_undo={state.can_undo()} action_time_ms={state.action_time_ms()}
                                on_inject={cb.on_inject.clone()} on_remove={cb.on_remove.clone()} on_undo={dispatch(|| SimAction::Undo)}
                                on_network={cb.on_network.clone()} on_clear={cb.on_clear.clone()} />
                    <div class="card log">
                        <span class="eyebrow">{ texts.last_event }</span>
                        if log.is_empty() {
                            <p class="muted">{ texts.no_event_yet }</p>
                        } else {
                            <ol class="event-log" data-testid="event-log">{ for log }</ol>
                        }
                    </div>
                </aside>
            </div>
            <TransportBar playing={state.playing} cursor={state.cursor} total={run.len()}
                          time_ms={state.time_ms} speed_log10={state.speed_log10} seed={run.input.seed}
                          marks={marks.clone()} show_explore=false
                          on_play={dispatch(|| SimAction::Play)} on_pause={dispatch(|| SimAction::Pause)}
                          on_step_forward={dispatch(|| SimAction::StepForward)} on_step_back={dispatch(|| SimAction::StepBack)}
                          on_seek={cb.on_seek.clone()} on_speed={cb.on_speed.clone()} on_seed={on_seed} on_random_seed={on_random_seed}
                          on_reset={dispatch(|| SimAction::Reset)} on_explore={Callback::noop()}>
                <ShareBar panel="failures" settings={share_settings} run={state.run.clone()} cursor={state.cursor}
                          on_import={on_import} />
            </TransportBar>
        </section>
    }
}
