//! "Be the network": the card that stops the run and lists what can happen next, so a student delivers
//! messages and fires timers by hand. Each choice is an ordinary action (the share link carries it); a step
//! that would bring back a state already shown is marked.
use yew::prelude::*;

use super::state::SimAction;
use crate::core::scenario::ManualStep;
use crate::core::sim::Action;
use crate::ui::components::event_text::node_name;
use crate::ui::components::faults::Selection;
use crate::ui::i18n::{fill, Texts};
use crate::ui::vocabulary::Vocabulary;

/// What the card needs.
pub struct ManualCard<'a> {
    /// Whether the user has taken over the network in this run.
    pub manual: bool,
    /// The steps enabled at the end of the run.
    pub steps: &'a [ManualStep],
    /// Where the takeover is in the run's actions (to let the network run again).
    pub takeover: Option<usize>,
    /// Where the last step chosen by hand is in the run's actions (Back takes it out).
    pub last_step: Option<usize>,
    pub names: &'a [String],
    pub vocabulary: &'a Vocabulary,
    pub dispatch: Callback<SimAction>,
    /// Hovering a step highlights its message or node.
    pub on_hover: Callback<Selection>,
}

/// The card. A plain function: it is drawn again with every run anyway.
pub fn manual_card(card: ManualCard<'_>, texts: &Texts) -> Html {
    let dispatch = card.dispatch.clone();
    if !card.manual {
        return html! {
            <section class="card manual" aria-labelledby="manual-title">
                <h2 id="manual-title">{ texts.be_network_title }</h2>
                <p class="muted small">{ texts.be_network_intro }</p>
                <button type="button" class="button" data-testid="be-network"
                        onclick={Callback::from(move |_| dispatch.emit(SimAction::Step(Action::ManualNetwork)))}>
                    { texts.be_network_start }
                </button>
            </section>
        };
    }
    let steps = card.steps.iter().map(|step| {
        let label = match (&step.message, &step.timer) {
            (Some(message), _) => fill(
                texts.step_deliver,
                &[
                    ("kind", &card.vocabulary.label(message.kind)),
                    ("msg", &message.msg.0),
                    ("from", &node_name(card.names, message.from)),
                    ("to", &node_name(card.names, message.to)),
                ],
            ),
            (None, timer) => fill(
                texts.step_fire,
                &[
                    ("node", &node_name(card.names, step.node)),
                    ("timer", &timer.clone().unwrap_or_default()),
                ],
            ),
        };
        let action = step.action.clone();
        let dispatch = card.dispatch.clone();
        let highlight = match &step.message {
            Some(message) => Selection::Message(message.clone()),
            None => Selection::Node(step.node),
        };
        let on_enter = {
            let on_hover = card.on_hover.clone();
            Callback::from(move |_: MouseEvent| on_hover.emit(highlight.clone()))
        };
        let on_leave = {
            let on_hover = card.on_hover.clone();
            Callback::from(move |_: MouseEvent| on_hover.emit(Selection::None))
        };
        let kind = if step.message.is_some() { "deliver" } else { "fire" };
        html! {
            <li>
                <button type="button" class={crate::class_list!("button", "small", "step", step.revisits.then_some("revisit"))}
                        data-testid="next-step" data-step={kind} data-node-id={step.node.0.to_string()}
                        data-msg-id={step.message.as_ref().map(|m| m.msg.0.to_string())}
                        data-revisits={step.revisits.to_string()}
                        title={step.revisits.then_some(texts.step_revisits)}
                        onmouseenter={on_enter} onmouseleave={on_leave}
                        onclick={Callback::from(move |_| dispatch.emit(SimAction::Step(action.clone())))}>
                    { label }
                    if step.revisits {
                        <span class="revisit-mark" aria-label={texts.step_revisits}>{ " ↺" }</span>
                    }
                </button>
            </li>
        }
    });
    let back = {
        let dispatch = card.dispatch.clone();
        let last_step = card.last_step;
        Callback::from(move |_| {
            if let Some(index) = last_step {
                dispatch.emit(SimAction::RemoveAction(index));
            }
        })
    };
    let stop = card.takeover.map(|index| {
        let dispatch = card.dispatch.clone();
        html! {
            <button type="button" class="button small" data-testid="be-network-stop"
                    onclick={Callback::from(move |_| dispatch.emit(SimAction::RemoveAction(index)))}>
                { texts.be_network_stop }
            </button>
        }
    });
    html! {
        <section class="card manual active" aria-labelledby="manual-title" data-testid="manual-steps">
            <div class="row spread">
                <h2 id="manual-title">{ texts.be_network_title }</h2>
                <div class="row">
                    <button type="button" class="button small" data-testid="be-network-back"
                            disabled={card.last_step.is_none()} onclick={back}>{ texts.be_network_back }</button>
                    { for stop }
                </div>
            </div>
            if card.steps.is_empty() {
                <p class="muted small">{ texts.be_network_none }</p>
            } else {
                <ol class="step-list">{ for steps }</ol>
            }
        </section>
    }
}
