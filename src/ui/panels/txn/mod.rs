//! The two-phase-commit panel (`#/2pc`): a client, a coordinator and participants with their write-ahead
//! logs and locks; presets for each classic case; the crash-at-step tool; the figures. Everything else
//! (drawings, faults, explorer, be the network, sharing) is the shared simulated panel's.
mod strings;
pub mod tour_strings;

use std::rc::Rc;

use yew::prelude::*;

use crate::core::scenario::AnySettings;
use crate::core::sim::{Action, NodeStatus, ScheduledAction};
use crate::core::txn::{
    self, crash_at_step_with, CrashStep, Role, TxnId, TxnNote, TxnPreset, TxnScenario, TxnSettings,
    TxnState, Variant, PARTICIPANTS_MAX, PARTICIPANTS_MIN,
};
use crate::ui::components::fields::{select_field, variant_words};
use crate::ui::components::sim_panel::{
    Faults, PanelCtx, PanelParts, Run, SimAction, SimPanelSpec,
};
use crate::ui::components::use_lang;
use crate::ui::i18n::fill;
use crate::ui::numbers;
use strings::TxnTexts;

/// The registry's entry for the two-phase-commit panel.
pub static PANEL: SimPanelSpec = SimPanelSpec {
    scenario: &TxnScenario,
    words: strings::words,
    parts: &TxnParts,
};

/// How long after a crash placed by the tool the node recovers: long enough to see who blocks.
const RECOVER_AFTER_MS: u64 = 2_000;

struct TxnParts;

fn settings_of(ctx: &PanelCtx<'_>) -> TxnSettings {
    ctx.settings::<TxnSettings>().copied().unwrap_or_default()
}

/// The crash steps the tool offers for these settings, with their words.
fn crash_steps(
    settings: &TxnSettings,
    words: &TxnTexts,
    names: &dyn Fn(u32) -> String,
) -> Vec<(CrashStep, String)> {
    let n = settings.config().participants;
    let mut steps = vec![(
        CrashStep::CoordinatorBeforePrepare,
        words.step_before_prepare.to_string(),
    )];
    for k in 1..=n {
        steps.push((
            CrashStep::CoordinatorAfterVotes(k),
            fill(words.step_after_votes, &[("k", &k)]),
        ));
    }
    if settings.variant == Variant::ThreePhase {
        for k in 1..n {
            steps.push((
                CrashStep::CoordinatorAfterSendingPreCommit(k),
                fill(words.step_after_pre_commits, &[("k", &k)]),
            ));
        }
    }
    steps.push((
        CrashStep::CoordinatorAfterLoggingDecision,
        words.step_after_logging.to_string(),
    ));
    for k in 1..n {
        steps.push((
            CrashStep::CoordinatorAfterSendingDecision(k),
            fill(words.step_after_sending, &[("k", &k)]),
        ));
    }
    for p in 0..n {
        let node = names(p);
        steps.push((
            CrashStep::ParticipantBeforeVote(p),
            fill(words.step_before_vote, &[("node", &node)]),
        ));
        steps.push((
            CrashStep::ParticipantAfterVote(p),
            fill(words.step_after_vote, &[("node", &node)]),
        ));
    }
    steps
}

impl PanelParts for TxnParts {
    fn presets(&self, lang: crate::ui::i18n::Lang) -> Vec<(&'static str, &'static str)> {
        strings::texts(lang).presets.names()
    }

    fn toolbar(&self, ctx: &PanelCtx<'_>) -> Html {
        let words = strings::texts(ctx.lang);
        let current = settings_of(ctx);
        let change = |make: fn(TxnSettings, &str) -> Option<(TxnSettings, Faults)>| {
            let on_settings = ctx.on_settings.clone();
            Callback::from(move |event: Event| {
                let input: web_sys::HtmlInputElement = event.target_unchecked_into();
                if let Some((next, faults)) = make(current, &input.value()) {
                    on_settings.emit((AnySettings::new(next), faults));
                }
            })
        };
        // A preset brings its own settings and faults; a new variant or participant count keeps the preset's
        // faults, placed again at their steps.
        let on_preset = change(|_, value| {
            Some((
                TxnSettings::of_preset(TxnPreset::from_code(value)?),
                Faults::Preset,
            ))
        });
        let on_variant = change(|s, value| {
            let variant = Variant::ALL.into_iter().find(|v| v.code() == value)?;
            Some((TxnSettings { variant, ..s }, Faults::Preset))
        });
        let on_participants = change(|s, value| {
            let participants = value
                .parse::<u32>()
                .ok()?
                .clamp(PARTICIPANTS_MIN, PARTICIPANTS_MAX);
            Some((TxnSettings { participants, ..s }, Faults::Preset))
        });
        html! {
            <>
                { select_field(words.preset_label, "preset",
                               words.presets.choices(current.preset.code()),
                               on_preset) }
                { select_field(words.variant_label, "variant",
                               Variant::ALL.iter().map(|v| {
                                   let name = variant_words(words.variants, v.code(), (v.is_broken(), words.correct, words.broken));
                                   (v.code(), name, *v == current.variant)
                               }),
                               on_variant) }
                <label class="field inline">
                    <span>{ words.participants_label }</span>
                    <input type="number" data-testid="participants" min={PARTICIPANTS_MIN.to_string()}
                           max={PARTICIPANTS_MAX.to_string()} value={current.config().participants.to_string()}
                           onchange={on_participants} />
                </label>
            </>
        }
    }

    fn note(&self, ctx: &PanelCtx<'_>) -> Html {
        let words = strings::texts(ctx.lang);
        let settings = settings_of(ctx);
        let lesson = words.presets.story(settings.preset.code());
        html! { <p class="muted small preset-note" data-testid="preset-note">{ lesson }</p> }
    }

    fn figures(&self, ctx: &PanelCtx<'_>) -> Html {
        let words = strings::texts(ctx.lang);
        let notes = ctx.run().notes::<TxnNote>();
        let names = ctx.names;
        let cards = ctx.view.nodes.iter().enumerate().filter_map(|(i, node)| {
            let note = node.note.and_then(|k| notes.get(k as usize))?;
            if note.role == Role::Client {
                return None;
            }
            let name = names.get(i).cloned().unwrap_or_default();
            let state = if node.status == NodeStatus::Down { None } else { Some(note.state) };
            let state_code = state.map_or("down", TxnState::code);
            let records = note.log.iter().map(|record| html! {
                <li class={crate::class_list!("log-record", record.code())} data-testid="log-record" data-record={record.code()}>
                    { format!("{} {}", words.records.iter().find(|(c, _)| *c == record.code()).map_or(record.code(), |(_, l)| *l), record.txn()) }
                </li>
            });
            let blocked = (note.state == TxnState::InDoubt && node.status != NodeStatus::Down)
                .then_some(note.in_doubt_since_ms)
                .flatten()
                .map(|since| (ctx.state.time_ms as u64).saturating_sub(since));
            let lock = match (note.role, note.lock_held_by) {
                (Role::Participant, Some(txn)) => fill(words.lock_held, &[("txn", &txn)]),
                (Role::Participant, None) => words.lock_free.to_string(),
                _ => String::new(),
            };
            Some(html! {
                <li class={crate::class_list!("txn-node", state_code)} data-testid="txn-node" data-node-id={i.to_string()}
                    data-role={note.role.code()} data-state={state_code}>
                    <div class="row spread">
                        <strong>{ name }</strong>
                        <span class={crate::class_list!("badge", ctx.vocabulary.state_role(state_code).class())}>
                            { match state { Some(s) => ctx.vocabulary.label(s.code()), None => ctx.texts.node_down } }
                            { note.txn.map(|t| format!(" · {t}")).unwrap_or_default() }
                        </span>
                    </div>
                    if note.log.is_empty() {
                        <p class="muted small">{ words.log_empty }</p>
                    } else {
                        <ol class="wal">{ for records }</ol>
                    }
                    <p class="small">
                        { lock }
                        if !note.lock_waiters.is_empty() {
                            { " · " }{ fill(words.lock_waiting, &[("count", &note.lock_waiters.len())]) }
                        }
                    </p>
                    if let Some(ms) = blocked {
                        <p class="blocked small" data-testid="blocked-ms" data-ms={ms.to_string()}>
                            { fill(words.blocked_for, &[("ms", &ms)]) }
                        </p>
                    }
                </li>
            })
        });
        html! {
            <section class="txn-nodes" aria-label={words.nodes_title}>
                <h2 class="eyebrow">{ words.nodes_title }</h2>
                <ol class="txn-node-list">{ for cards }</ol>
            </section>
        }
    }

    fn side(&self, ctx: &PanelCtx<'_>) -> Html {
        html! {
            <>
                <CrashAtStep run={ctx.run().clone()} names={Rc::new(participant_names(ctx))}
                             on_add={ctx.dispatch.reform(SimAction::Add)} />
                <Figures run={ctx.run().clone()} />
            </>
        }
    }

    fn captions(&self, ctx: &PanelCtx<'_>) -> Vec<(String, String)> {
        let notes = ctx.run().notes::<TxnNote>();
        ctx.view
            .nodes
            .iter()
            .map(|node| {
                let note = node.note.and_then(|k| notes.get(k as usize));
                let figures = note
                    .and_then(|n| n.lock_held_by)
                    .map(|txn| format!("🔒 {txn}"))
                    .unwrap_or_default();
                let state = match note {
                    Some(note) if node.status == NodeStatus::Up => {
                        ctx.vocabulary.label(note.state.code()).to_string()
                    }
                    _ => String::new(),
                };
                (figures, state)
            })
            .collect()
    }
}

/// The participants' names, by participant number.
fn participant_names(ctx: &PanelCtx<'_>) -> Vec<String> {
    (0..settings_of(ctx).config().participants)
        .map(|p| {
            ctx.names
                .get(txn::participant_node(p).0 as usize)
                .cloned()
                .unwrap_or_default()
        })
        .collect()
}

#[derive(Properties, PartialEq)]
struct CrashProps {
    run: Rc<Run>,
    names: Rc<Vec<String>>,
    on_add: Callback<Vec<ScheduledAction>>,
}

/// The crash-at-step tool: pick a protocol step of the first transaction; the node crashes exactly there
/// (computed on this run, which is deterministic) and recovers two seconds later.
#[component]
fn CrashAtStep(props: &CrashProps) -> Html {
    let words = strings::texts(use_lang());
    let chosen = use_state(|| 0usize);
    let missing = use_state(|| false);
    let settings = props
        .run
        .spec
        .settings
        .get::<TxnSettings>()
        .copied()
        .unwrap_or_default();
    let names = props.names.clone();
    let steps = crash_steps(&settings, words, &move |p| {
        names.get(p as usize).cloned().unwrap_or_default()
    });
    let index = (*chosen).min(steps.len().saturating_sub(1));
    let on_choose = {
        let chosen = chosen.clone();
        let missing = missing.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            chosen.set(select.value().parse().unwrap_or(0));
            missing.set(false);
        })
    };
    let on_apply = {
        let run = props.run.clone();
        let on_add = props.on_add.clone();
        let step = steps.get(index).map(|(step, _)| *step);
        let missing = missing.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(step) = step else { return };
            let crash = crash_at_step_with(
                &settings,
                &run.spec.network,
                run.seed,
                &run.spec.actions,
                TxnId(1),
                step,
            );
            match crash {
                Some(crash) => {
                    missing.set(false);
                    let recover = ScheduledAction {
                        at_ms: crash.at_ms + RECOVER_AFTER_MS,
                        action: Action::Recover { node: step.node() },
                    };
                    on_add.emit(vec![crash, recover]);
                }
                None => missing.set(true),
            }
        })
    };
    html! {
        <section class="card crash-at-step" aria-labelledby="crash-title">
            <h2 id="crash-title">{ words.crash_label }</h2>
            <select data-testid="crash-at-step" onchange={on_choose} aria-labelledby="crash-title">
                { for steps.iter().enumerate().map(|(i, (_, label))| html! {
                    <option value={i.to_string()} selected={i == index}>{ label.clone() }</option>
                }) }
            </select>
            <button type="button" class="button warn" data-testid="crash-at-step-apply" onclick={on_apply}>{ words.crash_apply }</button>
            if *missing {
                <p class="muted small" role="status" data-testid="crash-at-step-missing">{ words.crash_missing }</p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FiguresProps {
    run: Rc<Run>,
}

/// The whole run's figures, computed once per run.
#[component]
fn Figures(props: &FiguresProps) -> Html {
    let words = strings::texts(use_lang());
    let figures = use_memo(props.run.clone(), |run| {
        txn::metrics(&run.trace, run.notes::<TxnNote>())
    });
    let one =
        |value: Option<f64>| value.map_or(words.figure_none.to_string(), |v| numbers::fixed(v, 1));
    let whole =
        |value: Option<f64>| value.map_or(words.figure_none.to_string(), |v| numbers::fixed(v, 0));
    html! {
        <div class="card metrics" data-testid="metrics">
            <span class="eyebrow">{ words.figures_title }</span>
            <p class="small" data-testid="metric-outcomes">
                { fill(words.figure_outcomes, &[("committed", &figures.committed), ("aborted", &figures.aborted)]) }
            </p>
            <p class="small" data-testid="metric-messages" data-count={one(figures.messages_per_transaction)}>
                { fill(words.figure_messages, &[("actual", &one(figures.messages_per_transaction)),
                                               ("textbook", &one(figures.textbook_messages_per_transaction))]) }
            </p>
            <p class="small" data-testid="metric-latency">
                { fill(words.figure_latency, &[("mean", &whole(figures.mean_commit_latency_ms)),
                                              ("max", &figures.max_commit_latency_ms.map_or(words.figure_none.to_string(), |v| v.to_string()))]) }
            </p>
            <p class="small" data-testid="metric-blocked" data-ms={figures.total_blocked_ms.to_string()}>
                { fill(words.figure_blocked, &[("total", &figures.total_blocked_ms), ("max", &figures.max_blocked_ms)]) }
            </p>
            <p class="small" data-testid="metric-throughput">
                { fill(words.figure_throughput, &[("rate", &one(figures.throughput_per_second))]) }
            </p>
            <p class="small" data-testid="metric-lock-waits">
                { fill(words.figure_lock_waits, &[("total", &figures.total_lock_wait_ms)]) }
            </p>
        </div>
    }
}
