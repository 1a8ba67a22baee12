//! The failures panel (`#/failures`): nodes exchanging heartbeats, each judging the others with a fixed
//! timeout and with φ accrual side by side; teaching presets; every fault of the shared fault panel. Its
//! own parts: the preset and detector controls, the verdict grids and φ chart, the whole-run figures.
mod matrix;
mod phi_chart;
mod strings;
pub mod tour_strings;

use std::rc::Rc;

use yew::prelude::*;

use crate::core::detect::{
    self, views_at, Detector, FailureSettings, FailuresScenario, Preset, Verdict, WatchNote,
    MAX_NODE_COUNT, MIN_NODE_COUNT, THRESHOLD_MAX, THRESHOLD_MIN, TIMEOUT_MS_MAX, TIMEOUT_MS_MIN,
};
use crate::core::scenario::AnySettings;
use crate::core::sim::{Action, EventKind, NodeId, NodeStatus};
use crate::ui::components::faults::Selection;
use crate::ui::components::fields::select_field;
use crate::ui::components::sim_panel::{Faults, PanelCtx, PanelParts, Run, SimPanelSpec};
use crate::ui::components::use_lang;
use crate::ui::i18n::fill;
use crate::ui::numbers;
use matrix::{matrix_rows, VerdictMatrix};
use phi_chart::{phi_chart, PhiChart};
use strings::FailuresTexts;

/// The registry's entry for the failures panel.
pub static PANEL: SimPanelSpec = SimPanelSpec {
    scenario: &FailuresScenario,
    words: strings::words,
    parts: &FailuresParts,
};

/// About how many arrows the sequence diagram's window should hold.
const SEQUENCE_ARROWS_TARGET: f64 = 250.0;

fn preset_name(preset: Preset, texts: &FailuresTexts) -> &'static str {
    match preset {
        Preset::CleanCrash => texts.preset_clean_crash,
        Preset::SlowNetwork => texts.preset_slow_network,
        Preset::Partition => texts.preset_partition,
        Preset::FlappingNode => texts.preset_flapping,
        Preset::GcPause => texts.preset_gc_pause,
    }
}

fn preset_note(preset: Preset, texts: &FailuresTexts) -> &'static str {
    match preset {
        Preset::CleanCrash => texts.preset_clean_crash_note,
        Preset::SlowNetwork => texts.preset_slow_network_note,
        Preset::Partition => texts.preset_partition_note,
        Preset::FlappingNode => texts.preset_flapping_note,
        Preset::GcPause => texts.preset_gc_pause_note,
    }
}

struct FailuresParts;

impl FailuresParts {
    fn settings(ctx: &PanelCtx<'_>) -> FailureSettings {
        ctx.settings::<FailureSettings>()
            .copied()
            .unwrap_or_default()
    }
}

impl PanelParts for FailuresParts {
    fn presets(&self, lang: crate::ui::i18n::Lang) -> Vec<(&'static str, &'static str)> {
        let texts = strings::texts(lang);
        Preset::ALL
            .map(|preset| (preset.code(), preset_name(preset, texts)))
            .to_vec()
    }

    fn toolbar(&self, ctx: &PanelCtx<'_>) -> Html {
        let words = strings::texts(ctx.lang);
        let current = Self::settings(ctx);
        let change = |make: fn(FailureSettings, &str) -> Option<(FailureSettings, Faults)>| {
            let on_settings = ctx.on_settings.clone();
            Callback::from(move |event: Event| {
                let input: web_sys::HtmlInputElement = event.target_unchecked_into();
                if let Some((next, faults)) = make(current, &input.value()) {
                    on_settings.emit((AnySettings::new(next), faults));
                }
            })
        };
        // A new preset or node count starts the preset's own faults (faults name nodes); the detectors'
        // settings keep the run's faults, so the same run is judged again.
        let on_preset = change(|s, value| {
            let preset = Preset::from_code(value)?;
            Some((FailureSettings { preset, ..s }, Faults::Preset))
        });
        let on_nodes = change(|s, value| {
            let nodes = value
                .parse::<u32>()
                .ok()?
                .clamp(MIN_NODE_COUNT, MAX_NODE_COUNT);
            Some((FailureSettings { nodes, ..s }, Faults::Preset))
        });
        let on_timeout = change(|s, value| {
            let timeout_ms = value
                .parse::<u64>()
                .ok()?
                .clamp(TIMEOUT_MS_MIN, TIMEOUT_MS_MAX);
            Some((FailureSettings { timeout_ms, ..s }, Faults::Keep))
        });
        let on_threshold = change(|s, value| {
            let phi_threshold = numbers::parse_f64(value)?.clamp(THRESHOLD_MIN, THRESHOLD_MAX);
            Some((FailureSettings { phi_threshold, ..s }, Faults::Keep))
        });
        html! {
            <>
                { select_field(ctx.texts.preset_label, "preset",
                               Preset::ALL.iter().map(|p| (p.code(), preset_name(*p, words).to_string(), *p == current.preset)),
                               on_preset) }
                <label class="field inline">
                    <span>{ ctx.texts.nodes_label }</span>
                    <input type="number" data-testid="nodes" min={MIN_NODE_COUNT.to_string()} max={MAX_NODE_COUNT.to_string()}
                           value={current.nodes.to_string()} onchange={on_nodes} />
                </label>
                <label class="field inline">
                    <span>{ words.timeout_short }</span>
                    <input type="range" data-testid="timeout-ms" min={TIMEOUT_MS_MIN.to_string()} max={TIMEOUT_MS_MAX.to_string()}
                           step="50" value={current.timeout_ms.to_string()} onchange={on_timeout} />
                    <output>{ format!("{} ms", current.timeout_ms) }</output>
                </label>
                <label class="field inline">
                    <span>{ words.phi_threshold }</span>
                    <input type="range" data-testid="phi-threshold" min={numbers::shortest(THRESHOLD_MIN)} max={numbers::shortest(THRESHOLD_MAX)}
                           step="0.5" value={numbers::shortest(current.phi_threshold)} onchange={on_threshold} />
                    <output>{ numbers::fixed(current.phi_threshold, 1) }</output>
                </label>
            </>
        }
    }

    fn note(&self, ctx: &PanelCtx<'_>) -> Html {
        let words = strings::texts(ctx.lang);
        let settings = Self::settings(ctx);
        let replaced =
            ctx.run().spec.actions != detect::preset(settings.preset, settings.nodes).actions;
        html! {
            <p class="muted small preset-note" data-testid="preset-note">
                { preset_note(settings.preset, words) }
                if replaced {
                    <em data-testid="preset-replaced">{ " " }{ ctx.texts.preset_replaced }</em>
                }
            </p>
        }
    }

    fn figures(&self, ctx: &PanelCtx<'_>) -> Html {
        let settings = Self::settings(ctx);
        let notes = ctx.run().notes::<WatchNote>();
        let views = views_at(ctx.view, notes);
        let nodes = settings.nodes;
        // The chart watches the selected node, or the first node a fault hits, from another node's eyes.
        let watched = match ctx.selection {
            Selection::Node(node) => node.0,
            _ => ctx
                .run()
                .spec
                .actions
                .iter()
                .find_map(|a| match a.action {
                    Action::Crash { node }
                    | Action::Pause { node, .. }
                    | Action::Restart { node } => Some(node.0),
                    _ => None,
                })
                .unwrap_or(1)
                .min(nodes - 1),
        };
        html! {
            <>
                <div class="matrices">
                    <VerdictMatrix detector={Detector::FixedTimeout} rows={matrix_rows(&views, Detector::FixedTimeout, nodes)} node_count={nodes} />
                    <VerdictMatrix detector={Detector::PhiAccrual} rows={matrix_rows(&views, Detector::PhiAccrual, nodes)} node_count={nodes} />
                </div>
                <p class="muted small matrix-caption">{ strings::texts(ctx.lang).matrix_caption }</p>
                <PhiWatch run={ctx.run().clone()} watched={watched} node_count={nodes}
                          threshold={settings.phi_threshold} time_ms={ctx.state.time_ms} />
            </>
        }
    }

    fn side(&self, ctx: &PanelCtx<'_>) -> Html {
        let settings = Self::settings(ctx);
        html! { <Figures run={ctx.run().clone()} settings={settings} /> }
    }

    fn captions(&self, ctx: &PanelCtx<'_>) -> Vec<(String, String)> {
        let words = strings::texts(ctx.lang);
        let views = views_at(ctx.view, ctx.run().notes::<WatchNote>());
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
        (0..ctx.view.nodes.len() as u32)
            .map(|peer| {
                let by_timeout = suspecting(peer, Detector::FixedTimeout);
                let by_phi = suspecting(peer, Detector::PhiAccrual);
                (
                    fill(
                        words.suspected_by,
                        &[("timeout", &by_timeout), ("phi", &by_phi)],
                    ),
                    String::new(),
                )
            })
            .collect()
    }

    fn full_mesh(&self) -> bool {
        true
    }

    /// Twelve nodes send over a thousand heartbeats a second: the sequence diagram shows a window narrow
    /// enough to hold a few hundred arrows, which stays legible and cheap to redraw.
    fn sequence_window_ms(&self, ctx: &PanelCtx<'_>) -> Option<u64> {
        let config = Self::settings(ctx).config();
        let n = f64::from(config.node_count);
        let per_second = n * (n - 1.0) * 1000.0 / config.heartbeat_every_ms.max(1) as f64;
        Some(((SEQUENCE_ARROWS_TARGET / per_second.max(1.0)) * 1000.0).clamp(200.0, 2000.0) as u64)
    }

    /// Heartbeats flow by the thousand: the log shows what changed, not the traffic.
    fn logs(&self, kind: &EventKind) -> bool {
        !matches!(
            kind,
            EventKind::Send { .. } | EventKind::Deliver { .. } | EventKind::Timer { .. }
        )
    }
}

#[derive(Properties, PartialEq)]
struct PhiWatchProps {
    run: Rc<Run>,
    watched: u32,
    node_count: u32,
    threshold: f64,
    time_ms: f64,
}

/// The φ chart with its observer picker: the series is computed once per (run, observer, peer).
#[component]
fn PhiWatch(props: &PhiWatchProps) -> Html {
    let lang = use_lang();
    let words = strings::texts(lang);
    let choice = use_state(|| None::<u32>);
    let watched = props.watched;
    let observer = choice
        .filter(|o| *o != watched && *o < props.node_count)
        .unwrap_or(if watched == 0 { 1 } else { 0 });
    let series = use_memo(
        (props.run.clone(), observer, watched),
        |(run, observer, watched)| {
            detect::phi_series(
                &run.trace,
                run.notes::<WatchNote>(),
                NodeId(*observer),
                NodeId(*watched),
            )
        },
    );
    let on_observer = {
        let choice = choice.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            choice.set(select.value().parse::<u32>().ok());
        })
    };
    html! {
        <>
            <label class="field inline phi-observer">
                <span>{ words.phi_observer }</span>
                <select data-testid="phi-observer" onchange={on_observer}>
                    { for (0..props.node_count).filter(|n| *n != watched).map(|n| html! {
                        <option value={n.to_string()} selected={n == observer}>{ format!("n{n}") }</option>
                    }) }
                </select>
                <span class="muted small">{ words.phi_pick_hint }</span>
            </label>
            { phi_chart(&PhiChart { series: &series, threshold: props.threshold, horizon_ms: props.run.horizon_ms,
                                   time_ms: props.time_ms, observer, peer: watched }, words) }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct FiguresProps {
    run: Rc<Run>,
    settings: FailureSettings,
}

/// The whole run's figures per detector; computed once per run.
#[component]
fn Figures(props: &FiguresProps) -> Html {
    let words = strings::texts(use_lang());
    let config = props.settings.config();
    let metrics = use_memo(props.run.clone(), move |run| {
        detect::metrics(&run.trace, run.notes::<WatchNote>(), &config)
    });
    let detection = |detector: Detector| match metrics.detector(detector).mean_detection_ms {
        Some(ms) => format!("{ms} ms", ms = numbers::Fixed(ms, 0)),
        None => words.metric_none.to_string(),
    };
    let false_count = |detector: Detector| metrics.detector(detector).false_suspicions;
    html! {
        <div class="card metrics" data-testid="metrics">
            <span class="eyebrow">{ words.metrics_title }</span>
            <table class="metrics-table">
                <thead><tr><th></th><th>{ words.det_timeout }</th><th>{ words.det_phi }</th></tr></thead>
                <tbody>
                    <tr>
                        <th scope="row">{ words.metric_detection }</th>
                        <td data-testid="metric-detection-timeout">{ detection(Detector::FixedTimeout) }</td>
                        <td data-testid="metric-detection-phi">{ detection(Detector::PhiAccrual) }</td>
                    </tr>
                    <tr>
                        <th scope="row">{ words.metric_false }</th>
                        <td data-testid="metric-false-timeout" data-count={false_count(Detector::FixedTimeout).to_string()}>{ false_count(Detector::FixedTimeout) }</td>
                        <td data-testid="metric-false-phi" data-count={false_count(Detector::PhiAccrual).to_string()}>{ false_count(Detector::PhiAccrual) }</td>
                    </tr>
                </tbody>
            </table>
            <p class="small" data-testid="metric-messages">
                { fill(words.metric_messages, &[("rate", &numbers::fixed(metrics.heartbeats_per_second, 0))]) }
            </p>
            <p class="muted small">{ words.metrics_note }</p>
        </div>
    }
}
