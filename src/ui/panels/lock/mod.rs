//! The distributed-lock panel (`#/lock`): a lock service (or Redlock's five nodes), a storage and clients
//! that read, work and write while they believe they hold the lock; presets for the seeds' broken locks
//! and the classic failures; the contention timeline, where two holders at once show as a red band; the
//! run's figures and, for the contention preset, the backoff policies side by side. Everything else
//! (drawings, faults, explorer, be the network, sharing) is the shared simulated panel's.
mod strings;
mod timeline_view;
pub mod tour_strings;

use std::rc::Rc;

use yew::prelude::*;

use crate::core::lock::{
    self, ClientState, LockNote, LockPreset, LockScenario, LockSettings, RetryPolicy, Variant,
    CLIENTS_MAX, CLIENTS_MIN, DRIFT_MAX_PPM, LEASE_MS_MAX, LEASE_MS_MIN, PAUSE_MS_MAX,
    RETRY_MS_MAX, RETRY_MS_MIN, WORK_MS_MAX, WORK_MS_MIN,
};
use crate::core::scenario::{AnySettings, Scenario};
use crate::core::sim::{EventKind, NodeId, NodeStatus};
use crate::ui::components::fields::{select_field, variant_words};
use crate::ui::components::sim_panel::{Faults, PanelCtx, PanelParts, Run, SimPanelSpec};
use crate::ui::components::use_lang;
use crate::ui::i18n::fill;
use crate::ui::numbers::{fixed, parse_f64};
use strings::LockTexts;
use timeline_view::TimelineView;

/// The registry's entry for the lock panel.
pub static PANEL: SimPanelSpec = SimPanelSpec {
    scenario: &LockScenario,
    words: strings::words,
    parts: &LockParts,
};

/// Parts per million in one per cent (the drift field is in per cent).
const PPM_PER_PERCENT: u32 = 10_000;

/// How much of a looping run the sequence diagram shows: a few handovers, readable on a projector.
const LOOPING_WINDOW_MS: u64 = 3_000;

struct LockParts;

fn settings_of(ctx: &PanelCtx<'_>) -> LockSettings {
    ctx.settings::<LockSettings>().copied().unwrap_or_default()
}

/// The words for a variant, with whether it is correct.
fn variant_name(words: &LockTexts, variant: Variant) -> String {
    variant_words(
        words.variants,
        variant.code(),
        (variant.is_broken(), words.correct, words.broken),
    )
}

/// A number field of the toolbar, clamped to its limits when read.
fn number_field(
    label: &'static str,
    test_id: &'static str,
    value: u64,
    (min, max): (u64, u64),
    on_change: Callback<Event>,
) -> Html {
    html! {
        <label class="field inline">
            <span>{ label }</span>
            <input type="number" data-testid={test_id} min={min.to_string()} max={max.to_string()}
                   value={value.to_string()} data-value={value.to_string()} onchange={on_change} />
        </label>
    }
}

impl PanelParts for LockParts {
    fn presets(&self, lang: crate::ui::i18n::Lang) -> Vec<(&'static str, &'static str)> {
        strings::texts(lang).presets.names()
    }

    fn toolbar(&self, ctx: &PanelCtx<'_>) -> Html {
        let words = strings::texts(ctx.lang);
        let current = settings_of(ctx);
        // Every control reads its value into new settings; a preset brings its own settings and faults,
        // anything else keeps the preset's faults, placed again for the new settings.
        let change = |make: fn(LockSettings, &str) -> Option<(LockSettings, Faults)>| {
            let on_settings = ctx.on_settings.clone();
            Callback::from(move |event: Event| {
                let input: web_sys::HtmlInputElement = event.target_unchecked_into();
                let value = if input.type_() == "checkbox" {
                    if input.checked() { "on" } else { "off" }.to_string()
                } else {
                    input.value()
                };
                match make(current, &value) {
                    Some((next, faults)) => on_settings.emit((AnySettings::new(next), faults)),
                    // Text that is not a number: the field goes back to the value in use.
                    None => input.set_value(&input.get_attribute("data-value").unwrap_or_default()),
                }
            })
        };
        let on_preset =
            change(|_, value| Some((LockPreset::from_code(value)?.settings(), Faults::Preset)));
        let on_variant = change(|s, value| {
            let variant = Variant::from_code(value)?;
            Some((LockSettings { variant, ..s }, Faults::Preset))
        });
        let on_retry = change(|s, value| {
            let retry = RetryPolicy::ALL.into_iter().find(|p| p.code() == value)?;
            Some((LockSettings { retry, ..s }, Faults::Preset))
        });
        let on_clients = change(|s, value| {
            let clients = clamped(value, CLIENTS_MIN.into(), CLIENTS_MAX.into())? as u32;
            Some((LockSettings { clients, ..s }, Faults::Preset))
        });
        let on_lease = change(|s, value| {
            let lease_ms = clamped(value, LEASE_MS_MIN, LEASE_MS_MAX)?;
            Some((LockSettings { lease_ms, ..s }, Faults::Preset))
        });
        let on_backoff = change(|s, value| {
            let retry_ms = clamped(value, RETRY_MS_MIN, RETRY_MS_MAX)?;
            Some((LockSettings { retry_ms, ..s }, Faults::Preset))
        });
        let on_work = change(|s, value| {
            let work_ms = clamped(value, WORK_MS_MIN, WORK_MS_MAX)?;
            Some((LockSettings { work_ms, ..s }, Faults::Preset))
        });
        let on_pause = change(|s, value| {
            let pause_ms = clamped(value, 0, PAUSE_MS_MAX)?;
            Some((LockSettings { pause_ms, ..s }, Faults::Preset))
        });
        let on_drift = change(|s, value| {
            let percent = clamped(value, 0, (DRIFT_MAX_PPM / PPM_PER_PERCENT).into())? as u32;
            Some((
                LockSettings {
                    drift_ppm: percent * PPM_PER_PERCENT,
                    ..s
                },
                Faults::Preset,
            ))
        });
        let on_watchdog = change(|s, value| {
            Some((
                LockSettings {
                    watchdog: value == "on",
                    ..s
                },
                Faults::Preset,
            ))
        });
        let on_loop = change(|s, value| {
            Some((
                LockSettings {
                    looping: value == "on",
                    ..s
                },
                Faults::Preset,
            ))
        });
        let knobs = html! {
            <>
                { number_field(words.clients_label, "clients", current.clients.into(),
                               (CLIENTS_MIN.into(), CLIENTS_MAX.into()), on_clients) }
                { number_field(words.lease_label, "lease", current.lease_ms, (LEASE_MS_MIN, LEASE_MS_MAX), on_lease) }
                { number_field(words.backoff_label, "backoff", current.retry_ms, (RETRY_MS_MIN, RETRY_MS_MAX), on_backoff) }
                { number_field(words.work_label, "work", current.work_ms, (WORK_MS_MIN, WORK_MS_MAX), on_work) }
                { number_field(words.pause_label, "pause", current.pause_ms, (0, PAUSE_MS_MAX), on_pause) }
                { number_field(words.drift_label, "drift", (current.drift_ppm / PPM_PER_PERCENT).into(),
                               (0, (DRIFT_MAX_PPM / PPM_PER_PERCENT).into()), on_drift) }
                <label class="check">
                    <input type="checkbox" data-testid="watchdog" checked={current.watchdog} onchange={on_watchdog} />
                    <span>{ words.watchdog_label }</span>
                </label>
            </>
        };
        html! {
            <>
                { select_field(words.preset_label, "preset",
                               words.presets.choices(current.preset.code()),
                               on_preset) }
                { select_field(words.variant_label, "variant",
                               Variant::ALL.iter().map(|v| (v.code(), variant_name(words, *v), *v == current.variant)),
                               on_variant) }
                { select_field(words.retry_label, "retry",
                               RetryPolicy::ALL.iter().map(|p| {
                                   let name = words.policies.iter().find(|(c, _)| *c == p.code()).map_or(p.code(), |(_, n)| *n);
                                   (p.code(), name.to_string(), *p == current.retry)
                               }),
                               on_retry) }
                if current.preset == LockPreset::Custom {
                    { knobs }
                } else {
                    // A story's numbers fold away (their summary says them), so its drawings keep their height
                    // on a 720 px projector.
                    <details class="knobs" data-testid="knobs">
                        <summary>{ fill(words.knobs_summary, &[("clients", &current.clients), ("lease", &current.lease_ms),
                                                               ("work", &current.work_ms), ("pause", &current.pause_ms)]) }</summary>
                        <div class="knobs-body">{ knobs }</div>
                    </details>
                }
                <label class="check">
                    <input type="checkbox" data-testid="loop" checked={current.looping} onchange={on_loop} />
                    <span>{ words.loop_label }</span>
                </label>
            </>
        }
    }

    fn note(&self, ctx: &PanelCtx<'_>) -> Html {
        let words = strings::texts(ctx.lang);
        let settings = settings_of(ctx);
        let story = words.presets.story(settings.preset.code());
        // One paragraph: a line less above the drawings, which a 720 px projector needs.
        html! {
            <p class="muted small preset-note">
                <span data-testid="preset-note">{ story }</span>
                if !settings.looping {
                    {" "}<span data-testid="loop-hint">{ words.loop_hint }</span>
                }
            </p>
        }
    }

    fn figures(&self, ctx: &PanelCtx<'_>) -> Html {
        let settings = settings_of(ctx);
        let layout = settings.layout();
        let service = (layout.lock_nodes == 1).then_some(NodeId(0));
        let token = service
            .and_then(|node| ctx.view.nodes.get(node.0 as usize))
            .and_then(|node| node.note)
            .and_then(|k| ctx.run().notes::<LockNote>().get(k as usize))
            .and_then(|note| match note {
                LockNote::Service(note) => note.token,
                _ => None,
            });
        html! {
            <TimelineView run={ctx.run().clone()} service={service.map(|n| n.0)} time_ms={ctx.state.time_ms as u64}
                          names={Rc::new(ctx.names.to_vec())} token={token} />
        }
    }

    fn side(&self, ctx: &PanelCtx<'_>) -> Html {
        html! { <Figures run={ctx.run().clone()} /> }
    }

    fn captions(&self, ctx: &PanelCtx<'_>) -> Vec<(String, String)> {
        let words = strings::texts(ctx.lang);
        let notes = ctx.run().notes::<LockNote>();
        ctx.view
            .nodes
            .iter()
            .map(|node| {
                let note = node.note.and_then(|k| notes.get(k as usize));
                if node.status == NodeStatus::Down {
                    return (String::new(), String::new());
                }
                let figures = match note {
                    Some(LockNote::Client(client)) if client.state.believes_it_holds() => client
                        .token
                        .map(|token| fill(words.token, &[("token", &token)]))
                        .unwrap_or_default(),
                    Some(LockNote::Client(client)) if client.state == ClientState::Queued => client
                        .queue_position
                        .map(|ahead| format!("#{}", ahead + 1))
                        .unwrap_or_default(),
                    Some(LockNote::Service(service)) => service
                        .token
                        .map(|token| fill(words.token, &[("token", &token)]))
                        .unwrap_or_default(),
                    Some(LockNote::Storage(storage)) => {
                        fill(words.storage_value, &[("value", &storage.value)])
                    }
                    _ => String::new(),
                };
                let state = if node.state.is_empty() {
                    String::new()
                } else {
                    ctx.vocabulary.label(node.state).to_string()
                };
                (figures, state)
            })
            .collect()
    }

    fn full_mesh(&self) -> bool {
        true
    }

    /// Looping clients fill the diagram in seconds; show the last few handovers.
    fn sequence_window_ms(&self, ctx: &PanelCtx<'_>) -> Option<u64> {
        settings_of(ctx).looping.then_some(LOOPING_WINDOW_MS)
    }

    /// Queue sessions' keep-alives are routine; the log leaves them out.
    fn logs(&self, kind: &EventKind) -> bool {
        !matches!(
            kind,
            EventKind::Send {
                kind: "keep-alive",
                ..
            } | EventKind::Deliver {
                kind: "keep-alive",
                ..
            }
        )
    }
}

/// A number typed in a field, rounded and clamped to its limits (so `-5` is the minimum and `1e9` the
/// maximum); `None` for text that is not a number.
fn clamped(value: &str, min: u64, max: u64) -> Option<u64> {
    let number = parse_f64(value.trim()).filter(|n| n.is_finite())?;
    Some((number.round().max(0.0) as u64).clamp(min, max))
}

#[derive(Properties, PartialEq)]
struct FiguresProps {
    run: Rc<Run>,
}

/// The whole run's figures, computed once per run; for the contention preset, the same run under each
/// way of waiting, side by side.
#[component]
fn Figures(props: &FiguresProps) -> Html {
    let words = strings::texts(use_lang());
    let figures = use_memo(props.run.clone(), |run| {
        lock::metrics(&run.trace, run.notes::<LockNote>())
    });
    let compared = use_memo(props.run.clone(), |run| {
        let settings = run.spec.settings.get::<LockSettings>().copied()?;
        (settings.preset == LockPreset::Contention).then(|| {
            let horizon_ms = LockScenario.horizon_ms(&settings, &run.spec.actions);
            lock::compare_policies(&settings, run.seed, horizon_ms)
        })
    });
    let none = || words.none.to_string();
    let one = |value: Option<f64>| value.map_or_else(none, |v| fixed(v, 1));
    let ms = |value: Option<u64>| value.map_or_else(none, |v| v.to_string());
    let policy_name = |policy: RetryPolicy| {
        words
            .policies
            .iter()
            .find(|(code, _)| *code == policy.code())
            .map_or(policy.code(), |(_, name)| *name)
    };
    html! {
        <>
            <div class="card metrics" data-testid="metrics">
                <span class="eyebrow">{ words.figures_title }</span>
                <p class="small" data-testid="metric-acquisitions" data-count={figures.acquisitions.to_string()}>
                    { fill(words.figure_acquisitions, &[("count", &figures.acquisitions),
                                                        ("rate", &fixed(figures.acquisitions_per_second, 1))]) }
                </p>
                <p class="small" data-testid="metric-wait">
                    { fill(words.figure_wait, &[("p50", &ms(figures.wait_ms_p50)), ("p99", &ms(figures.wait_ms_p99))]) }
                </p>
                <p class="small" data-testid="metric-fairness">
                    { fill(words.figure_fairness, &[("fairness", &one(figures.fairness))]) }
                </p>
                <p class="small" data-testid="metric-messages">
                    { fill(words.figure_messages, &[("per", &one(figures.messages_per_acquisition)),
                                                    ("retries", &figures.retries)]) }
                </p>
                <p class="small" data-testid="metric-leases">
                    { fill(words.figure_leases, &[("expired", &figures.lease_expirations)]) }
                </p>
                <p class="small" data-testid="metric-writes" data-accepted={figures.writes_accepted.to_string()}
                   data-rejected={figures.writes_rejected.to_string()}>
                    { fill(words.figure_writes, &[("accepted", &figures.writes_accepted),
                                                  ("rejected", &figures.writes_rejected)]) }
                </p>
                <p class={crate::class_list!("small", (figures.safety_violations > 0).then_some("bad-text"))}
                   data-testid="metric-violations" data-count={figures.safety_violations.to_string()}>
                    { fill(words.figure_violations, &[("count", &figures.safety_violations)]) }
                </p>
            </div>
            if let Some(columns) = compared.as_ref() {
                <div class="card metrics" data-testid="compare-policies">
                    <span class="eyebrow">{ words.compare_title }</span>
                    <table class="metrics-table">
                        <thead>
                            <tr>
                                <th scope="col">{ words.compare_policy }</th>
                                <th scope="col">{ words.compare_rate }</th>
                                <th scope="col">{ words.compare_p99 }</th>
                                <th scope="col">{ words.compare_messages }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for columns.iter().map(|column| html! {
                                <tr data-testid="compare-row" data-policy={column.policy.code()}>
                                    <th scope="row">{ policy_name(column.policy) }</th>
                                    <td>{ fixed(column.metrics.acquisitions_per_second, 1) }</td>
                                    <td>{ ms(column.metrics.wait_ms_p99) }</td>
                                    <td>{ one(column.metrics.messages_per_acquisition) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </>
    }
}
