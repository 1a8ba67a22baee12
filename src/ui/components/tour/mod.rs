//! The tour bar: "step k of n", back, next, contents (each entry a deep link), close, and the step's
//! predict-then-reveal question. The tour and step live in the link (`tour=basics&step=3`), so a reload or
//! a shared link reopens the same step; N and P go to the next and previous step. The bar knows no panel: a
//! driver ([`sim::SimTour`] for the simulated panels, the ring's own) opens a step's run, plays it, and
//! answers its question for the run on screen.
pub mod sim;
pub mod words;

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::core::share::Params;
use crate::core::sim::{NodeId, NodeRole};
use crate::core::tour::{self, Answer, QuestionForm, Tour};
use crate::ui::browser;
use crate::ui::components::use_lang;
use crate::ui::i18n::fill;
use crate::ui::url::HashUrl;
pub use sim::{SimTour, SimTours};
pub use words::{tour_words, TourTexts, TourWords};

/// What the bar shows of a tour, whatever its panel: ids, text keys, highlights and question forms.
#[derive(Clone, PartialEq)]
pub struct TourMeta {
    pub id: &'static str,
    pub steps: Vec<StepMeta>,
}

/// One step, as the bar shows it.
#[derive(Clone, PartialEq)]
pub struct StepMeta {
    pub key: &'static str,
    pub highlight: Option<&'static str>,
    /// The question's text key and form.
    pub question: Option<(&'static str, QuestionForm)>,
}

/// The bar's view of a panel's tours.
pub fn meta<R: ?Sized>(tours: &[Tour<R>]) -> Vec<TourMeta> {
    tours
        .iter()
        .map(|tour| TourMeta {
            id: tour.id,
            steps: tour
                .steps
                .iter()
                .map(|step| StepMeta {
                    key: step.key,
                    highlight: step.highlight,
                    question: step.question.as_ref().map(|q| (q.key, q.form)),
                })
                .collect(),
        })
        .collect()
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

/// [`from_link`] for the bar's view of the tours.
fn opened_by(tours: &[TourMeta], link: &Params) -> Option<(usize, usize)> {
    let id = link.get("tour")?;
    let tour = tours.iter().position(|t| t.id == id)?;
    let last = tours[tour].steps.len().max(1);
    let step = link.get("step").and_then(|s| s.parse::<usize>().ok());
    Some((tour, step.unwrap_or(1).clamp(1, last) - 1))
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

#[derive(Properties, PartialEq)]
pub struct TourBarProps {
    pub tours: Rc<Vec<TourMeta>>,
    /// The panel's tour words in the reader's language.
    pub texts: &'static TourTexts,
    /// The link the panel was opened with (its tour and step).
    pub link: Params,
    /// Node names and roles, for questions answered with a set of nodes.
    #[prop_or_default]
    pub names: Rc<Vec<String>>,
    #[prop_or_default]
    pub roles: Rc<Vec<NodeRole>>,
    /// Opens a step: its run at the point it opens.
    pub on_open: Callback<(usize, usize)>,
    /// Plays the step's range (the bar's play button and reveal).
    pub on_play: Callback<(usize, usize)>,
    /// The simulator's answer for the run on screen, once the step has played (`None` while it plays).
    pub answer: Callback<(usize, usize), Option<Answer>>,
    /// Whether a step's range is still ahead of what the panel shows (its play button is offered).
    pub can_play: Callback<(usize, usize), bool>,
}

#[component]
pub fn TourBar(props: &TourBarProps) -> Html {
    let lang = use_lang();
    let words = tour_words(lang);
    let texts = props.texts;
    let tours = props.tours.clone();
    let open = use_state(|| opened_by(&tours, &props.link));
    let guess = use_state(Guess::default);
    let revealed = use_state(|| false);
    let toc_open = use_state(|| false);

    let go = {
        let tours = tours.clone();
        let open = open.clone();
        let guess = guess.clone();
        let revealed = revealed.clone();
        let toc_open = toc_open.clone();
        let on_open = props.on_open.clone();
        Rc::new(move |target: Option<(usize, usize)>| {
            toc_open.set(false);
            guess.set(Guess::default());
            revealed.set(false);
            let Some((t, s)) = target else {
                browser::replace_hash(&closed_hash());
                open.set(None);
                return;
            };
            if s >= tours.get(t).map_or(0, |tour| tour.steps.len()) {
                return;
            }
            // The address first: the panel's link follows the new run and keeps the tour's parameters.
            browser::replace_hash(&step_hash(tours[t].id, s));
            on_open.emit((t, s));
            open.set(Some((t, s)));
        })
    };

    // A link that names a step (a reload, a shared link, the back button) opens it.
    {
        let go = go.clone();
        let wanted = (
            props.link.get("tour").map(str::to_string),
            props.link.get("step").map(str::to_string),
        );
        let target = opened_by(&tours, &props.link);
        use_effect_with(wanted, move |_| {
            if target.is_some() {
                go(target);
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
                    .is_some_and(|el| {
                        matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA")
                    });
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
        // Closed: offer the panel's tours.
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
    let nav = |target: Option<(usize, usize)>| {
        let go = go.clone();
        Callback::from(move |_: MouseEvent| go(target))
    };
    let question_view = step.question.map(|(key, form)| {
        let guessed = guess.answer(form);
        let on_reveal = {
            let revealed = revealed.clone();
            let on_play = props.on_play.clone();
            Callback::from(move |_: MouseEvent| {
                revealed.set(true);
                on_play.emit((t, s));
            })
        };
        let option = |i: usize, label: String, value: String, checked: bool, on: Callback<Event>, radio: bool| html! {
            <label class="tour-option">
                <input type={if radio { "radio" } else { "checkbox" }} name="tour-choice" data-testid="tour-option"
                       data-option={value} checked={checked} disabled={*revealed} onchange={on} id={format!("tour-option-{i}")} />
                { label }
            </label>
        };
        let inputs = match form {
            QuestionForm::Choice(options) => html! {
                <div class="tour-options" role="radiogroup" aria-label={texts.text(key)}>
                    { for options.iter().enumerate().map(|(i, code)| {
                        let checked = guess.choice == Some(i as u32);
                        let guess = guess.clone();
                        let on = Callback::from(move |_: Event| guess.set(Guess { choice: Some(i as u32), ..(*guess).clone() }));
                        option(i, texts.text(code).to_string(), code.to_string(), checked, on, true)
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
                <div class="tour-options" role="group" aria-label={texts.text(key)}>
                    { for props.roles.iter().enumerate().filter(|(_, r)| r.role == role).map(|(i, _)| {
                        let id = i as u32;
                        let checked = guess.nodes.contains(&id);
                        let guess = guess.clone();
                        let on = Callback::from(move |_: Event| {
                            let mut next = (*guess).clone();
                            if let Some(at) = next.nodes.iter().position(|n| *n == id) {
                                next.nodes.remove(at);
                            } else {
                                next.nodes.push(id);
                            }
                            guess.set(next);
                        });
                        let name = props.names.get(i).cloned().unwrap_or_default();
                        option(i, name, i.to_string(), checked, on, false)
                    }) }
                </div>
            },
        };
        // Shown once the step has played to its end (or the reader stopped it).
        let truth = if *revealed { props.answer.emit((t, s)) } else { None };
        let result = truth.map(|truth| {
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
                <p class="tour-ask">{ texts.text(key) }</p>
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
    let on_play = {
        let on_play = props.on_play.clone();
        Callback::from(move |_: MouseEvent| on_play.emit((t, s)))
    };

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
                            <li class={crate::class_list!((i == s).then_some("current"))}>
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
                            disabled={!props.can_play.emit((t, s))} onclick={on_play}>{ words.play_step }</button>
                }
                { question_view.unwrap_or_default() }
            </div>
            <span class="muted small tour-keys">{ words.keys_hint }</span>
        </div>
    }
}
