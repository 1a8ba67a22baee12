//! The consistent-hashing panel (`#/ring`): a ring of keys and nodes, changes that move keys, the cost of
//! each change next to modulo hashing's, balance, key lookup with replicas, and two algorithms side by side.
mod challenge;
mod load_chart;
mod ring_view;
mod settings;
mod state;
mod tour;
pub mod tour_strings;

use yew::prelude::*;

use crate::core::ring::{AlgorithmKind, HashMode, NodeState, Scene, KEY_DOTS_MAX, MARKERS_MAX};
use crate::ui::browser;
use crate::ui::components::frozen::Frozen;
use crate::ui::components::link_sync::use_link_sync;
use crate::ui::components::use_lang;
use crate::ui::i18n::{fill, Texts};
use crate::ui::numbers;
use load_chart::load_chart;
use ring_view::{node_colour, ring_diagram, ring_layers, RingDiagramProps};
pub use settings::RingSettings;
use settings::{KEYS_MAX, KEYS_MIN, NAME_CHARS_MAX, VNODES_MAX, WEIGHT_MAX};
use state::{ChangeKind, EditError, RingAction, RingState};
pub use tour::tour_ids;

/// A scene compared by identity: a new one is a new computation.
#[derive(Clone)]
struct SceneRef(std::rc::Rc<Scene>);

impl PartialEq for SceneRef {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct RingProps {
    pub settings: RingSettings,
    /// The link (its tour and step, if it opens one).
    #[prop_or_default]
    pub link: crate::core::share::Params,
}

fn algo_name(kind: AlgorithmKind, texts: &Texts) -> &'static str {
    match kind {
        AlgorithmKind::Ring => texts.algo_ring,
        AlgorithmKind::Modulo => texts.algo_modulo,
        AlgorithmKind::Jump => texts.algo_jump,
        AlgorithmKind::Rendezvous => texts.algo_rendezvous,
        AlgorithmKind::BoundedLoads => texts.algo_bounded,
    }
}

fn error_text(error: &EditError, texts: &Texts) -> String {
    match error {
        EditError::NameEmpty => texts.ring_err_name_empty.to_string(),
        EditError::NameTaken(name) => fill(texts.ring_err_name_taken, &[("name", name)]),
        EditError::NameTooLong => fill(texts.ring_err_name_long, &[("max", &NAME_CHARS_MAX)]),
        EditError::TooManyNodes => fill(texts.ring_err_too_many, &[("max", &settings::NODES_MAX)]),
        EditError::LastNode => texts.ring_err_last_node.to_string(),
    }
}

fn change_text(change: &ChangeKind, texts: &Texts) -> String {
    let (template, name) = match change {
        ChangeKind::Fail(n) => (texts.ring_change_fail, n),
        ChangeKind::Recover(n) => (texts.ring_change_recover, n),
        ChangeKind::Remove(n) => (texts.ring_change_remove, n),
        ChangeKind::Add(n) => (texts.ring_change_add, n),
        ChangeKind::Weight(n) => (texts.ring_change_weight, n),
    };
    fill(template, &[("name", name)])
}

/// Keys moved by one algorithm, as the figure a class reads aloud.
fn moved_figure(model: &Scene, secondary: bool, texts: &Texts, test_id: &'static str) -> Html {
    let view = if secondary {
        model.compared.as_ref()
    } else {
        Some(&model.primary)
    };
    match view.and_then(|v| v.diff.as_ref()) {
        Some(diff) => html! {
            <strong class="figure moved" data-testid={test_id} data-moved={diff.keys_moved().to_string()}>
                { fill(texts.ring_moved, &[("moved", &diff.keys_moved()), ("pct", &numbers::fixed(diff.percent_moved(), 1))]) }
            </strong>
        },
        None => Html::default(),
    }
}

/// A slider on a log scale (for ranges like 1–1,000), reporting whole numbers.
fn log_slider(
    id: &'static str,
    label: &'static str,
    value: u32,
    min: u32,
    max: u32,
    on_change: Callback<u32>,
) -> Html {
    let to_position = |v: u32| numbers::log10(f64::from(v.max(1)));
    let on_input = Callback::from(move |event: InputEvent| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        if let Some(position) = numbers::parse_f64(&input.value()) {
            let value = numbers::ten_to_the(position).round() as u32;
            on_change.emit(value.clamp(min, max));
        }
    });
    html! {
        <label class="slider">
            <span>{ label }</span>
            <input type="range" data-testid={id} min={numbers::shortest(to_position(min))} max={numbers::shortest(to_position(max))}
                   step="0.01" value={numbers::shortest(to_position(value))} oninput={on_input}
                   aria-valuetext={value.to_string()} />
            <output data-testid={format!("{id}-value")}>{ value.to_string() }</output>
        </label>
    }
}

#[component]
pub fn RingPanel(props: &RingProps) -> Html {
    let lang = use_lang();
    let texts = lang.texts();
    let state = {
        let settings = props.settings.clone();
        use_reducer(move || RingState::new(settings))
    };
    let reduced_motion = use_memo((), |_| {
        browser::media_matches("(prefers-reduced-motion: reduce)")
    });
    // The scene whose arcs and keys are drawn: after a change it catches up a frame after the change's own
    // answer is painted (see `ring_layers`).
    let drawn = use_state(|| SceneRef(state.model.clone()));
    {
        let drawn = drawn.clone();
        use_effect_with(SceneRef(state.model.clone()), move |scene| {
            if *drawn != *scene {
                let scene = scene.clone();
                browser::after_next_paint(move || drawn.set(scene));
            }
        });
    }
    let layers = use_memo((*drawn).clone(), |scene| ring_layers(&scene.0, false));
    let layers_compared = use_memo((*drawn).clone(), |scene| match scene.0.compared {
        Some(_) => ring_layers(&scene.0, true),
        None => Html::default(),
    });
    // The load charts change with the scene only; kept whole across the renders between.
    let charts = use_memo(
        (SceneRef(state.model.clone()), state.computed.vnodes, lang),
        |(scene, vnodes, lang)| {
            let texts = lang.texts();
            (
                std::rc::Rc::new(load_chart(&scene.0, false, *vnodes, "", texts)),
                std::rc::Rc::new(load_chart(&scene.0, true, *vnodes, "-compare", texts)),
            )
        },
    );
    // An edit is answered in the frame after it (the controls and the node list); the scene is computed
    // after that frame is painted, so the click's answer does not wait for 100,000 keys to be re-placed.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(
            (state.pending, state.settings.clone()),
            move |(pending, _)| {
                if *pending {
                    browser::after_next_paint(move || dispatcher.dispatch(RingAction::Recompute));
                }
            },
        );
    }
    let add_name = use_state(String::new);
    let add_weight = use_state(|| 1u32);

    // A link edited by hand (or the back button) reloads the settings.
    {
        let state = state.clone();
        let opens_step = tour::opens_step(&props.link);
        use_effect_with(props.settings.clone(), move |settings| {
            // A link that opens a tour step: the tour loads the step's settings.
            if !opens_step {
                state.dispatch(RingAction::Load(settings.clone()));
            }
        });
    }
    // The address bar follows every change, so a copied link reproduces the picture.
    use_link_sync("ring", state.computed.clone(), RingSettings::write_into);

    let send = |make: fn(u32) -> RingAction| {
        let state = state.clone();
        Callback::from(move |value: u32| state.dispatch(make(value)))
    };
    let on_select = {
        let state = state.clone();
        Callback::from(move |index: u32| {
            let name = state
                .settings
                .nodes
                .get(index as usize)
                .map(|n| n.name.clone());
            let next = if name == state.selected { None } else { name };
            state.dispatch(RingAction::Select(next));
        })
    };
    let on_algorithm = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            if let Some(kind) = AlgorithmKind::from_code(&select.value()) {
                state.dispatch(RingAction::Algorithm(kind));
            }
        })
    };
    let on_hash_mode = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            let mode = if select.value() == "ketama" {
                HashMode::Ketama
            } else {
                HashMode::Xxh3
            };
            state.dispatch(RingAction::HashMode(mode));
        })
    };
    let on_compare_toggle = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            let kind = if state.settings.algorithm == AlgorithmKind::Modulo {
                AlgorithmKind::Ring
            } else {
                AlgorithmKind::Modulo
            };
            state.dispatch(RingAction::Compare(input.checked().then_some(kind)));
        })
    };
    let on_compare_kind = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            if let Some(kind) = AlgorithmKind::from_code(&select.value()) {
                state.dispatch(RingAction::Compare(Some(kind)));
            }
        })
    };
    let on_replicas = {
        let state = state.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            if let Ok(r) = input.value().parse::<u32>() {
                state.dispatch(RingAction::Replicas(r));
            }
        })
    };
    let on_epsilon = {
        let state = state.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            if let Some(e) = numbers::parse_f64(&input.value()) {
                state.dispatch(RingAction::Epsilon(e));
            }
        })
    };
    let on_lookup = {
        let state = state.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            state.dispatch(RingAction::Lookup(input.value()));
        })
    };
    let on_add = {
        let state = state.clone();
        let add_name = add_name.clone();
        let add_weight = add_weight.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let name = (*add_name).clone();
            let taken = state.settings.nodes.iter().any(|n| n.name == name.trim());
            state.dispatch(RingAction::Add {
                name: name.clone(),
                weight: *add_weight,
            });
            if !name.trim().is_empty() && !taken {
                add_name.set(String::new());
            }
        })
    };
    let on_add_name = {
        let add_name = add_name.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            add_name.set(input.value());
        })
    };
    let on_add_weight = {
        let add_weight = add_weight.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            if let Ok(w) = input.value().parse::<u32>() {
                add_weight.set(w.clamp(1, WEIGHT_MAX));
            }
        })
    };
    let on_dismiss = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(RingAction::DismissError))
    };

    // The controls and the node list show the settings as edited; the drawings and figures show `shown`,
    // the settings the scene was computed from (the two differ for the frame after an edit).
    let settings = &state.settings;
    let shown = &state.computed;
    let model = state.model.clone();
    let compare = settings.compare.is_some();
    let shown_compare = shown.compare.is_some();
    let any_ring = settings.algorithm.is_ring() || settings.compare.is_some_and(|k| k.is_ring());

    let shown_nodes = model.cluster().nodes();
    let node_rows = settings.nodes.iter().enumerate().map(|(index, node)| {
        let index = index as u32;
        let down = node.state == NodeState::Down;
        // Keys owned as last computed; while an edit is pending a node is found by name (a removal moves
        // the ones after it), and one just added has none yet.
        let shown_index = match shown_nodes.get(index as usize) {
            Some(n) if n.name == node.name => Some(index as usize),
            _ => shown_nodes.iter().position(|n| n.name == node.name),
        };
        let keys = shown_index.and_then(|i| model.primary.stats.key_counts.get(i).copied()).unwrap_or(0);
        let toggle = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| {
                state.dispatch(if down { RingAction::Recover(index) } else { RingAction::Fail(index) })
            })
        };
        let remove = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(RingAction::Remove(index)))
        };
        let weight = {
            let state = state.clone();
            Callback::from(move |event: Event| {
                let input: web_sys::HtmlInputElement = event.target_unchecked_into();
                if let Ok(w) = input.value().parse::<u32>() {
                    state.dispatch(RingAction::SetWeight(index, w));
                }
            })
        };
        let selected = state.selected.as_deref() == Some(node.name.as_str());
        html! {
            <li class={crate::class_list!("node-row", down.then_some("down"), selected.then_some("selected"))}
                data-testid="node-row" data-node-id={node.name.clone()}>
                <span class="swatch" style={format!("background:{}", node_colour(index))} aria-hidden="true"></span>
                <span class="node-row-name" title={node.name.clone()}>{ node.name.clone() }</span>
                <span class="node-row-keys muted">{ fill(texts.ring_node_keys, &[("keys", &keys)]) }</span>
                <input type="number" class="weight" min="1" max={WEIGHT_MAX.to_string()} value={node.weight.to_string()}
                       data-testid="node-weight" aria-label={format!("{} — {}", texts.ring_weight, node.name)} onchange={weight} />
                <button type="button" class={crate::class_list!("button", "small", (!down).then_some("warn"))} data-testid="node-toggle"
                        aria-label={format!("{} {}", if down { texts.ring_recover } else { texts.ring_fail }, node.name)}
                        onclick={toggle}>
                    { if down { texts.ring_recover } else { texts.ring_fail } }
                </button>
                <button type="button" class="button small ghost" data-testid="node-remove"
                        aria-label={format!("{} {}", texts.ring_remove, node.name)} onclick={remove}>{ "✕" }</button>
            </li>
        }
    });

    let selected_card = state.selected.as_ref().and_then(|name| {
        let index = settings.nodes.iter().position(|n| &n.name == name)? as u32;
        let down = settings.nodes[index as usize].state == NodeState::Down;
        let toggle = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| {
                state.dispatch(if down { RingAction::Recover(index) } else { RingAction::Fail(index) })
            })
        };
        let remove = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(RingAction::Remove(index)))
        };
        Some(html! {
            <div class="card selected-node" data-testid="selected-node">
                <span class="eyebrow">{ texts.ring_selected }</span>
                <div class="row">
                    <span class="swatch" style={format!("background:{}", node_colour(index))} aria-hidden="true"></span>
                    <strong>{ name.clone() }</strong>
                    <span class="muted">{ if down { texts.ring_node_down } else { texts.ring_node_up } }</span>
                </div>
                <div class="row">
                    <button type="button" class={crate::class_list!("button", (!down).then_some("warn"))} data-testid="selected-toggle" onclick={toggle}>
                        { if down { texts.ring_recover } else { texts.ring_fail } }
                    </button>
                    <button type="button" class="button" data-testid="selected-remove" onclick={remove}>{ texts.ring_remove }</button>
                </div>
            </div>
        })
    });

    let lookup_result = model.primary.lookup.as_ref().map(|lookup| {
        let names: Vec<String> = lookup
            .preference
            .iter()
            .filter_map(|&i| model.cluster().node(i).map(|n| n.name.clone()))
            .collect();
        match names.split_first() {
            Some((owner, replicas)) => html! {
                <div class="lookup-result">
                    <p>{ texts.ring_owner }{": "}<strong data-testid="key-owner">{ owner.clone() }</strong></p>
                    if !replicas.is_empty() {
                        <p>{ texts.ring_replicas_list }{": "}<span data-testid="key-replicas">{ replicas.join(", ") }</span></p>
                    }
                    <p class="muted small">{ if shown.algorithm.is_ring() { texts.ring_lookup_walk } else { texts.ring_lookup_other } }</p>
                </div>
            },
            None => html! { <p data-testid="key-owner" class="bad">{ texts.ring_no_owner }</p> },
        }
    });

    let sample_note = (model.keys.count() > KEY_DOTS_MAX).then(|| {
        fill(
            texts.ring_showing_sample,
            &[
                ("shown", &model.primary.dots.len()),
                ("total", &model.keys.count()),
            ],
        )
    });
    let markers_note = (model.primary.marker_total > MARKERS_MAX).then(|| {
        fill(
            texts.ring_markers_hidden,
            &[("count", &model.primary.marker_total)],
        )
    });

    let figures = if state.pending {
        html! { <span class="muted" data-testid="ring-recomputing">{ texts.ring_recomputing }</span> }
    } else if model.before().is_some() {
        let modulo = model.modulo_diff.as_ref().map(|diff| html! {
            <span class="figure" data-testid="keys-moved-modulo" data-moved={diff.keys_moved().to_string()}>
                { fill(texts.ring_moved_modulo, &[("moved", &diff.keys_moved()), ("pct", &numbers::fixed(diff.percent_moved(), 1))]) }
            </span>
        });
        let minimum = model.minimum_moved.map(|m| html! {
            <span class="figure muted" data-testid="keys-moved-min">{ fill(texts.ring_moved_min, &[("min", &numbers::fixed(m, 0))]) }</span>
        });
        html! {
            <>
                if let Some(change) = &state.change {
                    <span class="eyebrow">{ texts.ring_last_change }{": "}{ change_text(change, texts) }</span>
                }
                if !shown_compare { { moved_figure(&model, false, texts, "keys-moved") } }
                { minimum.unwrap_or_default() }
                { modulo.unwrap_or_default() }
            </>
        }
    } else {
        html! { <span class="muted">{ texts.ring_no_change }</span> }
    };

    let diagram = |secondary: bool, suffix: &'static str| {
        html! {
            { ring_diagram(RingDiagramProps {
                model: &model, secondary, generation: state.generation, animate: !*reduced_motion,
                selected: state.selected.as_deref(), on_select: on_select.clone(), id_suffix: suffix,
                layers: if secondary { layers_compared.clone() } else { layers.clone() },
                edited: &settings.nodes,
            }, texts) }
        }
    };

    let stage = if let Some(other) = shown.compare {
        html! {
            <div class="ring-stage compare" data-testid="compare-view">
                <div class="ring-col">
                    <h2>{ algo_name(shown.algorithm, texts) }</h2>
                    { moved_figure(&model, false, texts, "keys-moved") }
                    { diagram(false, "") }
                    <Frozen content={charts.0.clone()} />
                </div>
                <div class="ring-col">
                    <h2>{ algo_name(other, texts) }</h2>
                    { moved_figure(&model, true, texts, "keys-moved-compare") }
                    { diagram(true, "-compare") }
                    <Frozen content={charts.1.clone()} />
                </div>
            </div>
        }
    } else {
        html! { <div class="ring-stage">{ diagram(false, "") }</div> }
    };

    let algorithm_options = |current: AlgorithmKind| {
        AlgorithmKind::ALL.iter().map(move |kind| html! {
            <option value={kind.code()} selected={*kind == current}>{ algo_name(*kind, texts) }</option>
        }).collect::<Html>()
    };

    html! {
        <section class="panel ring" data-testid="panel-ring" aria-labelledby="ring-title"
                 data-recompute-ms={numbers::fixed(state.recompute_ms, 3)}>
            <div class="panel-head">
                <h1 id="ring-title">{ texts.ring_title }</h1>
                <p class="lead">{ texts.ring_intro }</p>
            </div>
            if let Some(error) = &state.error {
                <div class="notice warning" role="alert" data-testid="ring-error">
                    <span>{ error_text(error, texts) }</span>
                    <button type="button" class="button ghost" onclick={on_dismiss}>{ texts.dismiss }</button>
                </div>
            }
            <div class="panel-body">
                <div class="stage card" aria-busy={state.pending.then_some("true")}>
                    <div class="figures-strip" aria-live="polite">{ figures }</div>
                    { stage }
                    <p class="muted small stage-note">
                        { sample_note.unwrap_or_default() }
                        { " " }
                        { markers_note.unwrap_or_default() }
                    </p>
                </div>
                <aside class="side">
                    <tour::RingTour link={props.link.clone()} settings={state.computed.clone()} model={state.model.clone()}
                                    dispatch={{ let state = state.clone(); Callback::from(move |a| state.dispatch(a)) }} />
                    { challenge::ring_challenge_view(challenge::RingChallengeView {
                        settings: &state.settings, model: &state.model, lang,
                        active: props.link.get(crate::ui::components::challenge::CHALLENGE_PARAM)
                            .and_then(crate::core::ring::challenge::find),
                        dispatch: { let state = state.clone(); Callback::from(move |a| state.dispatch(a)) },
                    }, texts) }
                    { selected_card.unwrap_or_else(|| html! { <p class="muted small hint">{ texts.ring_select_hint }</p> }) }
                    <div class="card settings">
                        <label class="field">
                            <span>{ texts.ring_algorithm }</span>
                            <select data-testid="algorithm" onchange={on_algorithm}>{ algorithm_options(settings.algorithm) }</select>
                        </label>
                        <label class="field">
                            <span>{ texts.ring_hash_mode }</span>
                            <select data-testid="hash-mode" onchange={on_hash_mode} disabled={!any_ring}>
                                <option value="xxh3" selected={settings.hash_mode == HashMode::Xxh3}>{ texts.hash_xxh3 }</option>
                                <option value="ketama" selected={settings.hash_mode == HashMode::Ketama}>{ texts.hash_ketama }</option>
                            </select>
                        </label>
                        <label class="check">
                            <input type="checkbox" data-testid="compare" checked={compare} onchange={on_compare_toggle} />
                            <span>{ texts.ring_compare }</span>
                        </label>
                        if let Some(other) = settings.compare {
                            <select data-testid="compare-algorithm" aria-label={texts.ring_compare} onchange={on_compare_kind}>
                                { algorithm_options(other) }
                            </select>
                        }
                    </div>
                    <div class="card settings">
                        { log_slider("vnodes", texts.ring_vnodes, settings.vnodes, 1, VNODES_MAX, send(RingAction::Vnodes)) }
                        { log_slider("key-count", texts.ring_keys, settings.key_count, KEYS_MIN, KEYS_MAX, send(RingAction::Keys)) }
                        <label class="slider">
                            <span>{ texts.ring_replicas }</span>
                            <input type="range" data-testid="replicas" min="1" max="5" step="1"
                                   value={settings.replicas.to_string()} oninput={on_replicas} />
                            <output>{ settings.replicas.to_string() }</output>
                        </label>
                        if settings.algorithm == AlgorithmKind::BoundedLoads || settings.compare == Some(AlgorithmKind::BoundedLoads) {
                            <label class="slider">
                                <span>{ texts.ring_epsilon }</span>
                                <input type="range" data-testid="epsilon" min="0" max="2" step="0.05"
                                       value={numbers::shortest(settings.epsilon)} oninput={on_epsilon} />
                                <output>{ numbers::fixed(settings.epsilon, 2) }</output>
                            </label>
                        }
                    </div>
                    <div class="card">
                        <label class="field">
                            <span>{ texts.ring_lookup }</span>
                            <input type="text" data-testid="key-lookup" value={settings.lookup.clone()}
                                   placeholder={texts.ring_lookup_placeholder} oninput={on_lookup} maxlength="200" />
                        </label>
                        { lookup_result.unwrap_or_default() }
                    </div>
                    if !shown_compare {
                        <div class="card">
                            <span class="eyebrow">{ texts.ring_load }</span>
                            <Frozen content={charts.0.clone()} />
                        </div>
                    }
                    <div class="card">
                        <span class="eyebrow">{ texts.ring_nodes }</span>
                        <ul class="node-list">{ for node_rows }</ul>
                        <form class="add-node" onsubmit={on_add}>
                            <input type="text" data-testid="add-node-name" value={(*add_name).clone()}
                                   aria-label={texts.ring_add_name} placeholder={texts.ring_add_name} oninput={on_add_name} />
                            <input type="number" class="weight" data-testid="add-node-weight" min="1" max={WEIGHT_MAX.to_string()}
                                   value={add_weight.to_string()} aria-label={texts.ring_weight} oninput={on_add_weight} />
                            <button type="submit" class="button primary" data-testid="add-node">{ texts.ring_add }</button>
                        </form>
                    </div>
                    <details class="card notes" data-testid="ring-notes">
                        <summary>{ texts.ring_notes }</summary>
                        <p>{ texts.ring_note_modulo }</p>
                        <p>{ texts.ring_note_vnodes }</p>
                        <p>{ texts.ring_note_jump }</p>
                        <p>{ texts.ring_note_bounded }</p>
                    </details>
                </aside>
            </div>
        </section>
    }
}
