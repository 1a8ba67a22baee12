//! The tour bar of a simulated panel: "step k of n", back, next, contents (each entry a deep link), close,
//! and the step's predict-then-reveal question. The tour and step live in the link (`tour=basics&step=3`),
//! so a reload or a shared link reopens the same step; N and P go to the next and previous step. A step is
//! an ordinary run read by the panel's own codec; its question is answered by the core for the run on screen.
pub mod words;

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::core::scenario::{AnyRunSpec, DynScenario};
use crate::core::share::Params;
use crate::core::sim::{NodeId, NodeRole};
use crate::core::tour::{self, Answer, QuestionForm, StepPoint, StepRun, Tour};
use crate::ui::browser;
use crate::ui::components::share::ScenarioRef;
use crate::ui::components::sim_panel::state::VIRTUAL_MS_PER_REAL_MS;
use crate::ui::components::sim_panel::{Run, SimAction};
use crate::ui::components::transport::SPEED_LOG10_MAX;
use crate::ui::components::use_lang;
use crate::ui::i18n::{fill, Lang};
use crate::ui::numbers;
use crate::ui::route::APP_PARAMS;
use crate::ui::url::HashUrl;
pub use words::{tour_words, TourTexts, TourWords};

/// How long, in real milliseconds, a step's range takes to play when the reader reveals or plays it.
const REVEAL_REAL_MS: f64 = 5_000.0;

/// A simulated panel's tours: the core's steps and the panel's words for them.
pub struct SimTours {
    pub tours: fn() -> Vec<Tour<StepRun>>,
    pub texts: fn(Lang) -> &'static TourTexts,
}

/// The link's tour and step (1-based in the link, 0-based here), if it names a tour of `tours`; an unknown
/// tour opens nothing and a step out of range opens the nearest one.
pub fn from_link<R: ?Sized>(tours: &[Tour<R>], link: &Params) -> Option<(usize, usize)> {
    let id = link.get("tour")?;
    let tour = tours.iter().position(|t| t.id == id)?;
    let steps = tours[tour].steps.len();
    let step = link
        .get("step")
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, steps.max(1));
    Some((tour, step - 1))
}

/// The hash of a step's deep link: the current one with the tour and step set.
pub fn step_hash(tour_id: &str, step: usize) -> String {
    let mut url = HashUrl::parse(&browser::current_hash());
    url.set("tour", Some(tour_id.to_string()));
    url.set("step", Some((step + 1).to_string()));
    url.to_hash()
}

/// The hash without the tour.
fn closed_hash() -> String {
    let mut url = HashUrl::parse(&browser::current_hash());
    url.set("tour", None);
    url.set("step", None);
    url.to_hash()
}

/// What the reader has answered so far.
#[derive(Clone, Default, PartialEq)]
pub struct Guess {
    pub choice: Option<u32>,
    pub number: String,
    pub nodes: Vec<u32>,
}

impl Guess {
    /// The guess as an answer of `form`, once it is one.
    pub fn answer(&self, form: QuestionForm) -> Option<Answer> {
        match form {
            QuestionForm::Choice(_) => self.choice.map(Answer::Choice),
            QuestionForm::Number => self.number.trim().parse::<u64>().ok().map(Answer::Number),
            QuestionForm::Nodes(_) => Some(Answer::Nodes(
                self.nodes.iter().map(|n| NodeId(*n)).collect(),
            )),
        }
    }
}

/// An answer in the reader's words.
pub fn answer_text(
    answer: &Answer,
    form: QuestionForm,
    texts: &TourTexts,
    names: &[String],
    words: &TourWords,
) -> String {
    match (answer, form) {
        (Answer::Choice(i), QuestionForm::Choice(options)) => options
            .get(*i as usize)
            .map(|o| texts.text(o).to_string())
            .unwrap_or_default(),
        (Answer::Number(n), _) => n.to_string(),
        (Answer::Nodes(nodes), _) if nodes.is_empty() => words.nobody.to_string(),
        (Answer::Nodes(nodes), _) => nodes
            .iter()
            .map(|n| names.get(n.0 as usize).cloned().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    }
}

#[derive(Properties, PartialEq)]
pub struct TourBarProps {
    pub tours: &'static SimTours,
    pub scenario: ScenarioRef,
    /// The link the panel was opened with (its tour and step).
    pub link: Params,
    pub run: Rc<Run>,
    pub cursor: u64,
    pub playing: bool,
    pub speed_log10: f64,
    pub dispatch: Callback<SimAction>,
    pub names: Rc<Vec<String>>,
    pub roles: Rc<Vec<NodeRole>>,
}

impl PartialEq for SimTours {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// Rings the element a step talks about (the first with that test id), and un-rings the last one.
fn set_highlight(test_id: Option<&str>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(Some(old)) = document.query_selector("[data-tour-highlight]") {
        if test_id.is_some_and(|id| old.get_attribute("data-testid").as_deref() == Some(id)) {
            return;
        }
        let _ = old.remove_attribute("data-tour-highlight");
    }
    if let Some(id) = test_id {
        if let Ok(Some(el)) = document.query_selector(&format!("[data-testid=\"{id}\"]")) {
            let _ = el.set_attribute("data-tour-highlight", "");
        }
    }
}

#[component]
pub fn TourBar(props: &TourBarProps) -> Html {
    let lang = use_lang();
    let words = tour_words(lang);
    let texts = (props.tours.texts)(lang);
    let tours = use_memo((), {
        let make = props.tours.tours;
        move |_| make()
    });
    let open = use_state(|| from_link(&tours, &props.link));
    let guess = use_state(Guess::default);
    let revealed = use_state(|| false);
    let toc_open = use_state(|| false);
    // The point the step opens at, waiting for the step's run to be computed.
    let pending = use_mut_ref(|| None::<StepPoint>);
    let scenario: &'static dyn DynScenario = props.scenario.0;

    let go = {
        let tours = tours.clone();
        let open = open.clone();
        let guess = guess.clone();
        let revealed = revealed.clone();
        let toc_open = toc_open.clone();
        let pending = pending.clone();
        let dispatch = props.dispatch.clone();
        Rc::new(move |target: Option<(usize, usize)>| {
            toc_open.set(false);
            guess.set(Guess::default());
            revealed.set(false);
            let Some((t, s)) = target else {
                browser::replace_hash(&closed_hash());
                open.set(None);
                return;
            };
            let tour = &tours[t];
            let Some(step) = tour.steps.get(s) else {
                return;
            };
            // The address first: the panel's link follows the new run and keeps the tour's parameters.
            browser::replace_hash(&step_hash(tour.id, s));
            let (spec, _) = scenario.read(&step.link, &APP_PARAMS);
            let seed = spec.seed.unwrap_or(1);
            *pending.borrow_mut() = Some(step.open_at);
            dispatch.emit(SimAction::Load {
                spec: AnyRunSpec { seed: None, ..spec },
                seed,
                autoplay: false,
            });
            open.set(Some((t, s)));
        })
    };

    // A link that names a step (a reload, a shared link, the back button) opens it.
    {
        let go = go.clone();
        let tours = tours.clone();
        let wanted = (
            props.link.get("tour").map(str::to_string),
            props.link.get("step").map(str::to_string),
        );
        let link = props.link.clone();
        use_effect_with(wanted, move |_| {
            if let Some(target) = from_link(&tours, &link) {
                go(Some(target));
            }
        });
    }
    // The step's run is on screen: put the cursor where the step opens.
    {
        let pending = pending.clone();
        let dispatch = props.dispatch.clone();
        use_effect_with(props.run.clone(), move |run| {
            if let Some(point) = pending.borrow_mut().take() {
                dispatch.emit(SimAction::Seek(point.cursor(&run.trace)));
            }
        });
    }
    // N and P while a tour is open.
    {
        let go = go.clone();
        let tours = tours.clone();
        use_effect_with(*open, move |open| {
            let open = *open;
            let window = web_sys::window();
            let on_key = Closure::<dyn Fn(KeyboardEvent)>::new(move |event: KeyboardEvent| {
                let Some((t, s)) = open else { return };
                if event.ctrl_key() || event.meta_key() || event.alt_key() {
                    return;
                }
                let typing = event
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
                if typing {
                    return;
                }
                let steps = tours[t].steps.len();
                let target = match event.key().as_str() {
                    "n" | "N" if s + 1 < steps => s + 1,
                    "p" | "P" if s > 0 => s - 1,
                    _ => return,
                };
                event.prevent_default();
                go(Some((t, target)));
            });
            if let Some(window) = &window {
                let _ = window
                    .add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
            }
            move || {
                if let Some(window) = &window {
                    let _ = window.remove_event_listener_with_callback(
                        "keydown",
                        on_key.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    // The element the step talks about is ringed (again after each redraw of the panel).
    {
        let highlight =
            (*open).and_then(|(t, s)| tours[t].steps.get(s).and_then(|step| step.highlight));
        use_effect(move || {
            set_highlight(highlight);
        });
    }

    let Some((t, s)) = *open else {
        // Closed: offer the panel's tours near its head.
        return html! {
            <div class="card tour-offer" role="group" aria-label={words.tours_label}>
                <span class="eyebrow">{ words.tours_label }</span>
                { for tours.iter().enumerate().map(|(i, tour)| {
                    let go = go.clone();
                    html! {
                        <a class="button small accent" data-testid="tour-open" data-tour={tour.id}
                           href={step_hash(tour.id, 0)}
                           onclick={Callback::from(move |e: MouseEvent| { e.prevent_default(); go(Some((i, 0))); })}>
                            { words.tours_button }{ ": " }{ texts.text(tour.id) }
                        </a>
                    }
                }) }
            </div>
        };
    };
    let tour = &tours[t];
    let step = &tour.steps[s];
    let count = tour.steps.len();
    let run = &props.run;
    let play_cursor = step.play_to.cursor(&run.trace);
    let open_cursor = step.open_at.cursor(&run.trace);

    let nav = |target: Option<(usize, usize)>| {
        let go = go.clone();
        Callback::from(move |_: MouseEvent| go(target))
    };
    // A step's range plays in about REVEAL_REAL_MS whatever its length (never slower than the reader chose).
    let play_speed_log10 = {
        let range_ms = run.time_at(play_cursor) - run.time_at(open_cursor);
        let factor = range_ms / (REVEAL_REAL_MS * VIRTUAL_MS_PER_REAL_MS);
        (factor > 1.0).then(|| numbers::log10(factor).min(SPEED_LOG10_MAX))
    };
    let play_step = {
        let dispatch = props.dispatch.clone();
        let speed_log10 = props.speed_log10;
        move || {
            dispatch.emit(SimAction::Seek(open_cursor));
            if let Some(fast) = play_speed_log10.filter(|fast| *fast > speed_log10) {
                dispatch.emit(SimAction::Speed(fast));
            }
            dispatch.emit(SimAction::PlayTo(play_cursor));
        }
    };
    let on_play = {
        let play_step = play_step.clone();
        Callback::from(move |_: MouseEvent| play_step())
    };
    let question_view = step.question.as_ref().map(|question| {
        let form = question.form;
        let guessed = guess.answer(form);
        let on_reveal = {
            let revealed = revealed.clone();
            let play_step = play_step.clone();
            Callback::from(move |_: MouseEvent| {
                revealed.set(true);
                play_step();
            })
        };
        let inputs = match form {
            QuestionForm::Choice(options) => html! {
                <div class="tour-options" role="radiogroup" aria-label={texts.text(question.key)}>
                    { for options.iter().enumerate().map(|(i, option)| {
                        let guess = guess.clone();
                        let checked = guess.choice == Some(i as u32);
                        html! {
                            <label class="tour-option">
                                <input type="radio" name="tour-choice" data-testid="tour-option" data-option={*option}
                                       checked={checked} disabled={*revealed}
                                       onchange={Callback::from(move |_: Event| guess.set(Guess { choice: Some(i as u32), ..(*guess).clone() }))} />
                                { texts.text(option) }
                            </label>
                        }
                    }) }
                </div>
            },
            QuestionForm::Number => {
                let guess = guess.clone();
                html! {
                    <label class="tour-option">
                        { words.number_label }
                        <input type="number" min="0" step="1" class="tour-number" data-testid="tour-number"
                               value={guess.number.clone()} disabled={*revealed}
                               oninput={Callback::from(move |e: InputEvent| {
                                   let value = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
                                   guess.set(Guess { number: value, ..(*guess).clone() });
                               })} />
                    </label>
                }
            }
            QuestionForm::Nodes(role) => html! {
                <div class="tour-options" role="group" aria-label={texts.text(question.key)}>
                    { for props.roles.iter().enumerate().filter(|(_, r)| r.role == role).map(|(i, _)| {
                        let guess = guess.clone();
                        let id = i as u32;
                        let checked = guess.nodes.contains(&id);
                        html! {
                            <label class="tour-option">
                                <input type="checkbox" data-testid="tour-option" data-option={i.to_string()}
                                       checked={checked} disabled={*revealed}
                                       onchange={Callback::from(move |_: Event| {
                                           let mut next = (*guess).clone();
                                           if let Some(at) = next.nodes.iter().position(|n| *n == id) {
                                               next.nodes.remove(at);
                                           } else {
                                               next.nodes.push(id);
                                           }
                                           guess.set(next);
                                       })} />
                                { props.names.get(i).cloned().unwrap_or_default() }
                            </label>
                        }
                    }) }
                </div>
            },
        };
        // Shown once the step has played to its end (or the reader stopped it).
        let settled = *revealed && (props.cursor >= play_cursor.min(run.len()) || !props.playing);
        let result = settled.then(|| {
            let truth = question.answer(&**run as &StepRun, play_cursor);
            let right = guessed.as_ref().is_some_and(|g| tour::is_right(g, &truth));
            let shown = answer_text(&truth, form, texts, &props.names, words);
            html! {
                <p class={crate::class_list!("tour-answer", if right { "right" } else { "wrong" })}
                   data-testid="tour-answer" data-correct={right.to_string()} data-answer={shown.clone()}
                   role="status">
                    <strong>{ fill(words.answer_is, &[("answer", &shown)]) }</strong>
                    { " " }{ if right { words.right } else { words.wrong } }
                </p>
            }
        });
        html! {
            <div class="tour-question" data-testid="tour-question">
                <span class="eyebrow">{ words.question }</span>
                <p class="tour-ask">{ texts.text(question.key) }</p>
                { inputs }
                if !*revealed {
                    <button type="button" class="button small primary" data-testid="tour-reveal"
                            disabled={guessed.is_none()} title={guessed.is_none().then_some(words.no_guess)}
                            onclick={on_reveal}>{ words.reveal }</button>
                } else if result.is_none() {
                    <p class="muted small" role="status">{ words.playing }</p>
                }
                { result.unwrap_or_default() }
            </div>
        }
    });
    let step_title = |i: usize| texts.text(&format!("{}.title", tour.steps[i].key));

    html! {
        <div class="card tour-bar" data-testid="tour-bar" data-tour={tour.id} role="region"
             aria-label={texts.text(tour.id)}>
            <div class="tour-head">
                <span class="eyebrow">{ words.tours_button }{ ": " }{ texts.text(tour.id) }</span>
                <span class="tour-step" data-testid="tour-step" data-step={(s + 1).to_string()}
                      data-steps={count.to_string()} aria-live="polite">
                    { fill(words.step_of, &[("k", &(s + 1)), ("n", &count)]) }{ " · " }<strong>{ step_title(s) }</strong>
                </span>
                <span class="tour-nav">
                    <button type="button" class="button small" data-testid="tour-back" disabled={s == 0}
                            onclick={nav(Some((t, s.saturating_sub(1))))}>{ words.back }</button>
                    <button type="button" class="button small" data-testid="tour-toc" aria-expanded={toc_open.to_string()}
                            onclick={{ let toc_open = toc_open.clone(); Callback::from(move |_: MouseEvent| toc_open.set(!*toc_open)) }}>
                        { words.contents }
                    </button>
                    <button type="button" class="button small primary" data-testid="tour-next" disabled={s + 1 >= count}
                            onclick={nav(Some((t, s + 1)))}>{ words.next }</button>
                    <a class="button small ghost" data-testid="tour-link" href={step_hash(tour.id, s)}
                       title={words.step_link}>{ words.link_short }</a>
                    <button type="button" class="button small ghost" data-testid="tour-close" aria-label={words.close}
                            title={words.close} onclick={nav(None)}>{ "✕" }</button>
                </span>
            </div>
            if *toc_open {
                <ol class="tour-toc" data-testid="tour-toc-list">
                    { for (0..count).map(|i| {
                        let go = go.clone();
                        html! {
                            <li class={crate::class_list!(if i == s { "current" } else { "" })}>
                                <a href={step_hash(tour.id, i)} data-testid="tour-toc-item" data-step={(i + 1).to_string()}
                                   aria-current={(i == s).then_some("step")}
                                   onclick={Callback::from(move |e: MouseEvent| { e.prevent_default(); go(Some((t, i))); })}>
                                    { step_title(i) }
                                </a>
                            </li>
                        }
                    }) }
                </ol>
            }
            <div class="tour-body">
                <p class="tour-caption" data-testid="tour-caption">{ texts.text(step.key) }</p>
                if step.question.is_none() {
                    <button type="button" class="button small" data-testid="tour-play"
                            disabled={props.cursor >= play_cursor && props.cursor > open_cursor} onclick={on_play}>
                        { words.play_step }
                    </button>
                }
                { question_view.unwrap_or_default() }
            </div>
            <span class="muted small tour-keys">{ words.keys_hint }</span>
        </div>
    }
}
