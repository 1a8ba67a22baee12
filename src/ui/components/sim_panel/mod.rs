//! The one component every simulated panel is: it owns the run (settings and trace together, in one
//! reducer), the transport bar, share bar, fault panel, action list, network and sequence diagrams, event
//! log, explorer card, keyboard and the link. A panel adds only what is its own — its controls, figures and
//! side cards — through [`PanelParts`], and its words through [`PanelWords`].
//!
//! A panel is registered as a [`SimPanelSpec`]: its core scenario, its words and its parts. Nothing here
//! names a protocol.
mod log;
mod manual;
pub mod state;

use std::rc::Rc;

use yew::prelude::*;

use crate::core::scenario::{AnyRunSpec, AnySettings, DynScenario};
use crate::core::share::Params;
use crate::core::sim::{EventKind, NodeId, NodeRole, NodeStatus, TraceView};
use crate::ui::browser;
use crate::ui::components::checker::{check_view, use_checker, CheckView};
use crate::ui::components::event_text::{describe, is_fault};
use crate::ui::components::explorer::{explore_view, use_explorer, ExploreStatus, ExploreView};
use crate::ui::components::faults::{fault_facts, FaultPanel, Selection};
use crate::ui::components::keyboard::{key_help, use_transport_keys};
use crate::ui::components::network_diagram::{message_legend, network_diagram, DiagramProps};
use crate::ui::components::sequence::SequenceDiagram;
use crate::ui::components::share::ShareBar;
use crate::ui::components::transport::{MarkKind, TimelineMark, TransportBar, TransportIntent};
use crate::ui::components::{animation, use_lang};
use crate::ui::i18n::{fill, Lang, Texts};
use crate::ui::numbers;
use crate::ui::route::APP_PARAMS;
use crate::ui::url::HashUrl;
use crate::ui::vocabulary::{PanelWords, Vocabulary};
pub use state::{Faults, Run, SimAction, SimState};

/// A simulated panel as the registry lists it.
pub struct SimPanelSpec {
    /// The protocol's scenario in core: settings codec, runs, explorer, legend.
    pub scenario: &'static (dyn DynScenario + Sync),
    /// The panel's words in a language.
    pub words: fn(Lang) -> &'static PanelWords,
    /// What the panel draws itself.
    pub parts: &'static (dyn PanelParts + Sync),
}

impl SimPanelSpec {
    /// The panel's vocabulary in `lang`.
    pub fn vocabulary(&self, lang: Lang) -> Vocabulary {
        Vocabulary {
            legend: self.scenario.legend(),
            words: (self.words)(lang),
            lang,
        }
    }
}

/// What a panel's parts see when they draw: the run at the cursor, the reader's words, and how to ask for
/// a change of settings.
pub struct PanelCtx<'a> {
    pub state: &'a SimState,
    /// The run as the trace shows it after the cursor's events.
    pub view: &'a TraceView,
    pub texts: &'static Texts,
    pub lang: Lang,
    pub vocabulary: Vocabulary,
    /// What the user clicked.
    pub selection: &'a Selection,
    /// New settings for the panel, and what they do to the run's faults.
    pub on_settings: Callback<(AnySettings, Faults)>,
    /// Selects a node (as a click on it does).
    pub on_node: Callback<NodeId>,
    /// The run's reducer, for a panel's own tools (a crash placed at a protocol step).
    pub dispatch: Callback<SimAction>,
    /// Each node's name, by id.
    pub names: &'a [String],
}

impl PanelCtx<'_> {
    /// The panel's settings, if they are a `T` (they always are for the panel's own type).
    pub fn settings<T: 'static>(&self) -> Option<&T> {
        self.state.run.spec.settings.get::<T>()
    }

    /// The run on screen.
    pub fn run(&self) -> &Rc<Run> {
        &self.state.run
    }
}

/// The parts of a simulated panel that are its own. Plain functions of the context: a part that needs state
/// or memoised figures returns a component of its own.
pub trait PanelParts {
    /// The controls above the drawing (variant, preset, sliders).
    fn toolbar(&self, ctx: &PanelCtx<'_>) -> Html;
    /// A line under the toolbar (what the chosen variant or preset shows).
    fn note(&self, _ctx: &PanelCtx<'_>) -> Html {
        Html::default()
    }
    /// Drawings beside the shared network and sequence diagrams.
    fn figures(&self, _ctx: &PanelCtx<'_>) -> Html {
        Html::default()
    }
    /// Cards at the top of the side column.
    fn side(&self, _ctx: &PanelCtx<'_>) -> Html {
        Html::default()
    }
    /// Up to two lines under each node of the network drawing (figures, then state), by node id. Default:
    /// no figures, and the node's state in the reader's words.
    fn captions(&self, ctx: &PanelCtx<'_>) -> Vec<(String, String)> {
        ctx.view
            .nodes
            .iter()
            .map(|node| {
                let state = match node.status {
                    NodeStatus::Up if !node.state.is_empty() => ctx.vocabulary.label(node.state),
                    _ => "",
                };
                (String::new(), state.to_string())
            })
            .collect()
    }
    /// Links between every pair of nodes (true), or to the next node around the ring (false).
    fn full_mesh(&self) -> bool {
        false
    }
    /// How much virtual time the sequence diagram shows, if not the whole run.
    fn sequence_window_ms(&self, _ctx: &PanelCtx<'_>) -> Option<u64> {
        None
    }
    /// Whether the event log lists an event: a busy protocol leaves out its routine traffic.
    fn logs(&self, _kind: &EventKind) -> bool {
        true
    }
    /// The panel's presets as `(link code, name)`, in the order its toolbar lists them (the embed page lists
    /// one view per preset). Default: none.
    fn presets(&self, _lang: Lang) -> Vec<(&'static str, &'static str)> {
        Vec::new()
    }
}

/// A panel spec compared by identity (the registry's are statics).
#[derive(Clone, Copy)]
pub struct SpecRef(pub &'static SimPanelSpec);

impl PartialEq for SpecRef {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct SimPanelProps {
    pub spec: SpecRef,
    /// The link's parameters.
    pub link: Params,
}

/// How many recent events the log lists.
const LOG_LENGTH: usize = 8;

#[component]
pub fn SimPanel(props: &SimPanelProps) -> Html {
    let lang = use_lang();
    let texts = lang.texts();
    let spec = props.spec.0;
    let scenario = spec.scenario;
    let vocabulary = spec.vocabulary(lang);
    let state = {
        let link = props.link.clone();
        use_reducer(move || {
            let (run, _) = scenario.read(&link, &APP_PARAMS);
            let seed = run.seed.unwrap_or_else(browser::random_seed);
            let waiting = run
                .actions
                .iter()
                .any(|a| a.action == crate::core::sim::Action::ManualNetwork);
            let mut state = SimState::new(scenario, run, seed);
            if waiting {
                // A run whose network the user took over waits at its end for the next step.
                state.cursor = state.run.len();
                state.time_ms = state.run.time_at(state.cursor);
            }
            state
        })
    };
    let selection = use_state(|| Selection::None);
    // What a hovered "be the network" step points at, ringed in the drawing.
    let highlight = use_state(|| Selection::None);
    let explore = use_explorer();
    let check = use_checker();
    let reduced_motion = use_memo((), |_| {
        browser::media_matches("(prefers-reduced-motion: reduce)")
    });

    // A link edited by hand (or the back button) with another run reloads it.
    {
        let state = state.clone();
        use_effect_with(props.link.clone(), move |link| {
            if crate::ui::panels::tours::opens_step(scenario.slug(), link) {
                // The tour bar loads the step's own run.
                return;
            }
            let (read, _) = scenario.read(link, &APP_PARAMS);
            let seed = read.seed.unwrap_or(state.run.seed);
            let read = AnyRunSpec { seed: None, ..read };
            let current = AnyRunSpec {
                seed: None,
                ..state.run.spec.clone()
            };
            if read != current || seed != state.run.seed {
                state.dispatch(SimAction::Load {
                    spec: read,
                    seed,
                    autoplay: false,
                });
            }
        });
    }
    // The address bar follows the run, so a copied link reproduces it.
    {
        let run = state.run.clone();
        let slug = scenario.slug();
        use_effect_with(run, move |run| {
            let mut url = HashUrl::parse(&browser::current_hash());
            url.path = slug.to_string();
            let written = scenario.write(&AnyRunSpec {
                seed: Some(run.seed),
                ..run.spec.clone()
            });
            // The link keeps the app's own parameters (language, embedding) and nothing stale.
            url.params
                .retain(|(key, _)| APP_PARAMS.contains(&key.as_str()));
            url.params.extend(written.0);
            browser::replace_hash(&url.to_hash());
        });
    }
    // Playback on animation frames, and the keyboard.
    {
        let state = state.clone();
        animation::use_animation_frame(
            state.playing,
            Callback::from(move |dt| state.dispatch(SimAction::Tick(dt))),
        );
    }
    let keys = use_transport_keys(state.dispatcher(), state.playing);
    let follow_node = crate::ui::presenter::event_node(&state.run.trace, state.cursor);
    crate::ui::presenter::use_follow_cursor(
        *keys.follow,
        scenario.slug(),
        state.cursor,
        follow_node,
    );
    // In someone's iframe: the host's play, pause, seek and preset reach this reducer (ui/embed).
    crate::ui::embed::bridge::use_sim_bridge(&state);

    let dispatch = {
        let state = state.clone();
        Callback::from(move |action: SimAction| state.dispatch(action))
    };
    let on_node = {
        let selection = selection.clone();
        Callback::from(move |node: NodeId| {
            let next = if *selection == Selection::Node(node) {
                Selection::None
            } else {
                Selection::Node(node)
            };
            selection.set(next);
        })
    };
    let on_message = {
        let selection = selection.clone();
        let state = state.clone();
        Callback::from(move |message| {
            // A moving target is hard to act on: clicking a message pauses the run.
            state.dispatch(SimAction::Pause);
            selection.set(Selection::Message(message));
        })
    };
    let on_settings = {
        let state = state.clone();
        let selection = selection.clone();
        Callback::from(move |(settings, faults): (AnySettings, Faults)| {
            selection.set(Selection::None);
            state.dispatch(SimAction::Settings(settings, faults));
        })
    };
    let on_transport = {
        let state = state.clone();
        let explore = explore.clone();
        Callback::from(move |intent: TransportIntent| match intent {
            TransportIntent::Play => state.dispatch(SimAction::Play),
            TransportIntent::Pause => state.dispatch(SimAction::Pause),
            TransportIntent::StepForward => state.dispatch(SimAction::StepForward),
            TransportIntent::StepBack => state.dispatch(SimAction::StepBack),
            TransportIntent::Seek(cursor) => state.dispatch(SimAction::Seek(cursor)),
            TransportIntent::Speed(speed) => state.dispatch(SimAction::Speed(speed)),
            TransportIntent::Seed(seed) => state.dispatch(SimAction::Seed(seed)),
            TransportIntent::RandomSeed => state.dispatch(SimAction::Seed(browser::random_seed())),
            TransportIntent::Reset => state.dispatch(SimAction::Reset),
            TransportIntent::Explore => {
                explore.start(scenario, &state.run.spec.settings, state.run.seed)
            }
        })
    };
    let on_replay = {
        let state = state.clone();
        Callback::from(
            move |found: Rc<crate::ui::components::explorer::CounterexampleView>| {
                let settings = state.run.spec.settings.clone();
                state.dispatch(SimAction::Load {
                    spec: AnyRunSpec {
                        network: scenario.default_network(&settings),
                        settings,
                        seed: None,
                        actions: found.actions.clone(),
                    },
                    seed: found.seed,
                    autoplay: true,
                })
            },
        )
    };
    let on_import = {
        let state = state.clone();
        Callback::from(move |spec: AnyRunSpec| {
            let seed = spec.seed.unwrap_or(state.run.seed);
            state.dispatch(SimAction::Load {
                spec: AnyRunSpec { seed: None, ..spec },
                seed,
                autoplay: false,
            })
        })
    };
    let on_cancel = {
        let explore = explore.clone();
        Callback::from(move |_| explore.cancel())
    };
    let check_plan = use_memo(state.run.spec.settings.clone(), move |settings| {
        scenario.check_plan(settings)
    });
    let on_check_start = {
        let check = check.clone();
        let settings = state.run.spec.settings.clone();
        let seed = state.run.seed;
        Callback::from(move |_: MouseEvent| check.start(scenario, &settings, seed))
    };
    let on_check_cancel = {
        let check = check.clone();
        Callback::from(move |_: MouseEvent| check.cancel())
    };
    let on_check_replay = {
        let state = state.clone();
        Callback::from(move |summary: Rc<crate::core::scenario::CheckSummary>| {
            if let crate::core::scenario::CheckVerdict::Violation {
                settings, actions, ..
            } = &summary.verdict
            {
                state.dispatch(SimAction::Load {
                    spec: AnyRunSpec {
                        network: scenario.default_network(settings),
                        settings: settings.clone(),
                        seed: None,
                        actions: actions.clone(),
                    },
                    seed: state.run.seed,
                    autoplay: true,
                })
            }
        })
    };

    let run = &state.run;
    let view = run.index.view_at(&run.trace, state.cursor);
    let roles = use_memo(run.spec.settings.clone(), move |settings| {
        scenario.roles(settings)
    });
    let names: Rc<Vec<String>> = {
        let roles = roles.clone();
        use_memo((roles, lang), move |(roles, _)| {
            roles
                .iter()
                .map(|r: &NodeRole| vocabulary.node_name(r, roles))
                .collect()
        })
    };
    // Marks depend on the run only: computed once per run, not every frame. The language is part of the
    // key because the titles are words.
    let marks = {
        let names = names.clone();
        use_memo((run.clone(), lang), move |(run, _)| {
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
                        title: describe(event, texts, &vocabulary, &names),
                    })
                })
                .collect::<Vec<TimelineMark>>()
        })
    };

    let ctx = PanelCtx {
        state: &state,
        view: &view,
        texts,
        lang,
        vocabulary,
        selection: &selection,
        on_settings,
        on_node: on_node.clone(),
        dispatch: dispatch.clone(),
        names: &names,
    };
    let parts = spec.parts;
    let violated_nodes: Vec<u32> = view
        .violation
        .as_ref()
        .map(|v| v.nodes.iter().map(|n| n.0).collect())
        .unwrap_or_default();
    let pointed = if *highlight == Selection::None {
        &*selection
    } else {
        &*highlight
    };
    let selected_node = match pointed {
        Selection::Node(node) => Some(node.0),
        _ => None,
    };
    let selected_msg = match pointed {
        Selection::Message(message) => Some(message.msg.0),
        _ => None,
    };
    let takeover = run
        .spec
        .actions
        .iter()
        .position(|a| matches!(a.action, crate::core::sim::Action::ManualNetwork));
    let manual_steps = use_memo(run.clone(), move |run| {
        scenario.manual_steps(&run.spec, run.seed)
    });
    let captions = parts.captions(&ctx);
    let figures = parts.figures(&ctx);
    let has_figures = figures != Html::default();
    let facts = fault_facts(&view, &selection);
    let network = &run.spec.network;
    let network_text = fill(
        texts.network_summary,
        &[
            ("min", &network.latency_ms_min),
            ("max", &network.latency_ms_max),
            ("loss", &numbers::fixed(network.loss_probability * 100.0, 0)),
            (
                "dup",
                &numbers::fixed(network.duplicate_probability * 100.0, 0),
            ),
        ],
    );
    let exploring = matches!(
        *explore.status,
        ExploreStatus::Running { .. } | ExploreStatus::Shrinking { .. }
    );
    let has_explorer = use_memo(run.spec.settings.clone(), move |settings| {
        scenario.explore_plan(settings).map(|plan| plan.runs_max)
    });
    // The legend lists the kinds this run sends, not every kind the protocol knows.
    let kinds_sent = use_memo(run.trace.clone(), |trace| {
        let mut kinds: Vec<&'static str> = Vec::new();
        for event in &trace.events {
            if let EventKind::Send { kind, .. } = event.kind {
                if !kinds.contains(&kind) {
                    kinds.push(kind);
                }
            }
        }
        kinds
    });
    let slug = scenario.slug();
    let words = vocabulary.words;
    let properties = scenario.legend().properties;
    let violated = state.violation_reached();
    let log = log::event_log(
        &run.trace,
        state.cursor,
        LOG_LENGTH,
        texts,
        &vocabulary,
        &names,
        |kind| parts.logs(kind),
    );
    let dispatch_undo = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.emit(SimAction::Undo))
    };

    html! {
        <section class={crate::class_list!("panel", "simulated", slug)} data-testid={format!("panel-{slug}")}
                 aria-labelledby={format!("{slug}-title")}>
            { key_help(&keys.help, texts, lang) }
            <div class="panel-head">
                <h1 id={format!("{slug}-title")}>{ words.title }</h1>
                <p class="lead">{ words.intro }</p>
            </div>
            <div class="panel-body">
                <div class="stage card">
                    <div class="stage-toolbar">{ parts.toolbar(&ctx) }</div>
                    { parts.note(&ctx) }
                    <div class={crate::class_list!("stage-grid", has_figures.then_some("with-figures"))}>
                        <div class="stage-main">
                            { network_diagram(DiagramProps {
                                view: &view, time_ms: state.time_ms, reduced_motion: *reduced_motion,
                                violated_nodes: &violated_nodes, selected_node, selected_msg,
                                on_node: on_node.clone(), on_message, captions: &captions, names: &names, roles: &roles,
                                full_mesh: parts.full_mesh(), test_id: &format!("{slug}-diagram"), vocabulary,
                            }, texts) }
                            // Focusable, so the keyboard can scroll a diagram taller than its box.
                            <div class="sequence-wrap" tabindex="0" role="region" aria-label={texts.seq_title}>
                                { crate::ui::presenter::follow_badge(*keys.follow, lang) }
                                <SequenceDiagram trace={run.trace.clone()} cursor={state.cursor} time_ms={state.time_ms}
                                                 node_count={run.trace.node_count} on_seek={dispatch.reform(SimAction::Seek)}
                                                 window_ms={parts.sequence_window_ms(&ctx)} vocabulary={vocabulary}
                                                 names={names.clone()} />
                            </div>
                        </div>
                        if has_figures {
                            <div class="stage-figures" tabindex="0" role="region" aria-label={words.nav}>{ figures }</div>
                        }
                    </div>
                    <div class="legend" aria-label={texts.legend_title}>
                        { message_legend(&vocabulary, &kinds_sent) }
                        <span class="legend-item muted">{ texts.network_label }{": "}{ network_text }</span>
                    </div>
                </div>
                <aside class="side">
                    if let Some(tours) = crate::ui::panels::tours::sim_tours(slug) {
                        <crate::ui::components::tour::SimTour tours={tours} scenario={crate::ui::components::share::ScenarioRef(scenario)}
                            link={props.link.clone()} run={state.run.clone()} cursor={state.cursor} playing={state.playing}
                            speed_log10={state.speed_log10}                            dispatch={dispatch.clone()} names={names.clone()} roles={roles.clone()} />
                    }
                    { parts.side(&ctx) }
                    if !properties.is_empty() {
                        <div class={crate::class_list!("card", "invariant", violated.then_some("violated"))}
                             data-testid="invariant" data-status={if violated { "violated" } else { "holds" }}>
                            <span class="eyebrow">{ texts.invariant_label }</span>
                            // The broken property is marked, so a panel with several says which one failed.
                            { for properties.iter().map(|p| {
                                let broken = violated && run.violation.as_ref().is_some_and(|v| v.invariant == *p);
                                html! {
                                    <strong class={crate::class_list!("property", broken.then_some("broken"))} data-property={*p}>
                                        { if broken { "✗ " } else { "" } }{ vocabulary.label(p) }
                                    </strong>
                                }
                            }) }
                            if violated {
                                <span class="badge bad" data-testid="violation" role="alert">{ "✗ " }{ texts.invariant_violated }</span>
                            } else {
                                <span class="badge good">{ "✓ " }{ texts.invariant_holds }</span>
                            }
                        </div>
                    }
                    { crate::ui::components::challenge::challenge_view(crate::ui::components::challenge::ChallengeView {
                        scenario, run, vocabulary: &vocabulary, dispatch: dispatch.clone(),
                        active: crate::ui::components::challenge::find(scenario, props.link.get(crate::ui::components::challenge::CHALLENGE_PARAM)),
                    }, texts) }
                    <FaultPanel statuses={facts.0.clone()} partitioned={facts.1} selected_in_flight={facts.2}
                                selection={(*selection).clone()} names={names.clone()} roles={roles.clone()}
                                vocabulary={vocabulary}
                                actions={run.spec.actions.clone()} network={run.spec.network.clone()}
                                can_undo={state.can_undo()} action_time_ms={state.action_time_ms()}
                                on_inject={dispatch.reform(SimAction::Inject)}
                                on_remove={dispatch.reform(SimAction::RemoveAction)} on_undo={dispatch_undo}
                                on_network={dispatch.reform(SimAction::SetNetwork)}
                                on_clear={{ let selection = selection.clone(); Callback::from(move |_| selection.set(Selection::None)) }} />
                    <div class="card log">
                        <span class="eyebrow">{ texts.last_event }</span>
                        { log }
                    </div>
                    { manual::manual_card(manual::ManualCard {
                        manual: takeover.is_some(), steps: &manual_steps, takeover,
                        last_step: takeover.and_then(|from| run.spec.actions.iter().rposition(|a| matches!(
                            a.action, crate::core::sim::Action::Deliver { .. } | crate::core::sim::Action::FireTimer { .. }
                        )).filter(|i| *i > from)),
                        names: &names, vocabulary: &vocabulary, dispatch: dispatch.clone(),
                        on_hover: { let highlight = highlight.clone(); Callback::from(move |s| highlight.set(s)) },
                    }, texts) }
                    if let Some(runs_max) = *has_explorer {
                        { explore_view(ExploreView { status: &explore.status, runs_max,
                                                     on_cancel, on_replay }, texts) }
                    }
                    if let Some(plan) = (*check_plan).clone() {
                        { check_view(CheckView { status: &check.status, plan, vocabulary: &vocabulary,
                                                 on_start: on_check_start, on_cancel: on_check_cancel,
                                                 on_replay: on_check_replay }, texts) }
                    }
                </aside>
            </div>
            <TransportBar playing={state.playing} cursor={state.cursor} total={run.len()}
                          time_ms={state.time_ms} speed_log10={state.speed_log10} seed={run.seed}
                          marks={marks.clone()} can_explore={!exploring} show_explore={has_explorer.is_some()}
                          on={on_transport}>
                <ShareBar scenario={crate::ui::components::share::ScenarioRef(scenario)} spec={state.spec()}
                          run={state.run.clone()} cursor={state.cursor} vocabulary={vocabulary} names={names.clone()}
                          on_import={on_import} />
            </TransportBar>
        </section>
    }
}
