//! Fault injection controls shared by every simulated panel: what to do to the selected node (crash,
//! pause, step its clock, or send it one of the protocol's commands) or message, a partition tool, network
//! settings, and the run's action list with undo.
use std::rc::Rc;

use yew::prelude::*;

use super::fields::{button, slider};
use super::use_lang;
use crate::core::sim::{
    Action, CommandRecord, InFlight, NetworkConfig, NodeId, NodeRole, NodeStatus, ScheduledAction,
    TraceView,
};
use crate::ui::components::event_text::{command_text, node_name};
use crate::ui::i18n::{fill, Texts};
use crate::ui::numbers;
use crate::ui::vocabulary::Vocabulary;

/// The few facts about the current picture that the fault panel needs. Passing these (rather than the whole
/// picture) keeps its props equal from frame to frame, so it is not redrawn while the run plays.
pub fn fault_facts(view: &TraceView, selection: &Selection) -> (Vec<NodeStatus>, bool, bool) {
    let statuses = view.nodes.iter().map(|n| n.status).collect();
    let in_flight = match selection {
        Selection::Message(m) => view.in_flight.iter().any(|f| f.msg == m.msg),
        _ => false,
    };
    (statuses, view.partition.is_some(), in_flight)
}

/// What the user clicked in a diagram.
#[derive(Clone, Debug, PartialEq)]
pub enum Selection {
    None,
    Node(NodeId),
    Message(InFlight),
}

/// Words for an action in the list.
pub fn action_text(
    action: &ScheduledAction,
    texts: &Texts,
    vocabulary: &Vocabulary,
    names: &[String],
) -> String {
    let at = action.at_ms;
    let name = |node: &NodeId| node_name(names, *node);
    let body = match &action.action {
        Action::Crash { node } => fill(texts.fault_crash_of, &[("node", &name(node))]),
        Action::Recover { node } => fill(texts.fault_recover_of, &[("node", &name(node))]),
        Action::Restart { node } => fill(texts.fault_restart_of, &[("node", &name(node))]),
        Action::Pause { node, duration_ms } => fill(
            texts.fault_pause_of,
            &[("node", &name(node)), ("ms", duration_ms)],
        ),
        Action::Partition { groups } => {
            let groups: Vec<String> = groups
                .iter()
                .map(|g| g.iter().map(name).collect::<Vec<_>>().join(" "))
                .collect();
            fill(texts.fault_partition_of, &[("groups", &groups.join(" | "))])
        }
        Action::Heal => texts.fault_heal.to_string(),
        Action::DropMessage { msg } => fill(texts.fault_drop_of, &[("msg", &msg.0)]),
        Action::DuplicateMessage { msg } => fill(texts.fault_duplicate_of, &[("msg", &msg.0)]),
        Action::DelayMessage { msg, by_ms } => {
            fill(texts.fault_delay_of, &[("msg", &msg.0), ("ms", by_ms)])
        }
        Action::SetNetwork { .. } => texts.ev_network.to_string(),
        Action::ManualNetwork => texts.fault_manual_network_of.to_string(),
        Action::Deliver { msg } => fill(texts.fault_deliver_of, &[("msg", &msg.0)]),
        Action::FireTimer { node, timer } => fill(
            texts.fault_fire_timer_of,
            &[("node", &name(node)), ("timer", timer)],
        ),
        Action::ClockJump { node, jump_ms } => fill(
            texts.fault_clock_jump_of,
            &[("node", &name(node)), ("ms", jump_ms)],
        ),
        Action::Command { node, command } => fill(
            texts.fault_command_of,
            &[
                ("node", &name(node)),
                ("command", &command_text(command, vocabulary)),
            ],
        ),
    };
    format!("{at} ms · {body}")
}

fn number_input(
    id: &'static str,
    label: String,
    value: u64,
    min: u64,
    max: u64,
    on: Callback<u64>,
) -> Html {
    let oninput = Callback::from(move |event: InputEvent| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        if let Ok(v) = input.value().parse::<u64>() {
            on.emit(v.clamp(min, max));
        }
    });
    html! {
        <input type="number" class="small-number" data-testid={id} aria-label={label} min={min.to_string()}
               max={max.to_string()} value={value.to_string()} {oninput} />
    }
}

#[derive(Properties, PartialEq)]
pub struct FaultPanelProps {
    /// Each node's status, by id.
    pub statuses: Vec<NodeStatus>,
    /// Whether a partition is in force.
    pub partitioned: bool,
    /// Whether the selected message (if any) is still in flight.
    pub selected_in_flight: bool,
    pub selection: Selection,
    pub actions: Vec<ScheduledAction>,
    pub network: NetworkConfig,
    pub can_undo: bool,
    /// The time a clicked fault will happen at (just after the current event).
    pub action_time_ms: u64,
    pub on_inject: Callback<Action>,
    /// Each node's name and role, by id.
    pub names: Rc<Vec<String>>,
    pub roles: Rc<Vec<NodeRole>>,
    /// The protocol's commands and their words.
    pub vocabulary: Vocabulary,
    pub on_remove: Callback<usize>,
    pub on_undo: Callback<()>,
    pub on_network: Callback<NetworkConfig>,
    pub on_clear: Callback<()>,
}

/// The sides a partition can be drafted with: two is the usual split; a third shows, for example, a
/// minority cut off from both halves.
const PARTITION_SIDES: [&str; 3] = ["A", "B", "C"];

/// The class that colours each side, on its toggle here and on its nodes in the network drawing (a group
/// past the third, from a hand-made link, takes the third side's colour).
pub fn side_class(side: usize) -> &'static str {
    ["side-a", "side-b", "side-c"][side.min(PARTITION_SIDES.len() - 1)]
}

/// The groups of a drafted partition (each node's side index), in side order, leaving out empty sides.
fn partition_groups(sides: &[usize]) -> Vec<Vec<NodeId>> {
    (0..PARTITION_SIDES.len())
        .map(|side| {
            sides
                .iter()
                .enumerate()
                .filter(|(_, s)| **s == side)
                .map(|(i, _)| NodeId(i as u32))
                .collect::<Vec<NodeId>>()
        })
        .filter(|group| !group.is_empty())
        .collect()
}

#[component]
pub fn FaultPanel(props: &FaultPanelProps) -> Html {
    let texts = use_lang().texts();
    let pause_ms = use_state(|| 500u64);
    let delay_ms = use_state(|| 100u64);
    let jump_ms = use_state(|| 500i64);
    let command_arg = use_state(|| 1u64);
    // The partition being drafted: for each node, the index of its group (0, 1 or 2: A, B or C).
    let draft = use_state(|| None::<Vec<usize>>);
    let node_count = props.statuses.len();

    let inject = |action: Action| {
        let on_inject = props.on_inject.clone();
        Callback::from(move |_: MouseEvent| on_inject.emit(action.clone()))
    };

    let selection = match &props.selection {
        Selection::None => html! { <p class="muted small">{ texts.fault_hint }</p> },
        Selection::Node(node) => {
            let status = props
                .statuses
                .get(node.0 as usize)
                .copied()
                .unwrap_or(NodeStatus::Up);
            let node = *node;
            let role = props.roles.get(node.0 as usize).map_or("node", |r| r.role);
            let commands: Vec<Html> = props
                .vocabulary
                .legend
                .commands
                .iter()
                .filter(|spec| spec.target_role == role)
                .map(|spec| {
                    let command = CommandRecord {
                        code: spec.code.to_string(),
                        arg: spec.arg_max.map(|max| (*command_arg).min(max)),
                    };
                    let arg_input = spec.arg_max.map(|max| {
                        let command_arg = command_arg.clone();
                        number_input("command-arg", texts.fault_command_arg.to_string(), (*command_arg).min(max), 0, max,
                                     Callback::from(move |v| command_arg.set(v)))
                    });
                    html! {
                        <div class="row">
                            <button type="button" class="button" data-testid={format!("command-{}", spec.code)}
                                    disabled={status != NodeStatus::Up}
                                    onclick={inject(Action::Command { node, command })}>
                                { props.vocabulary.label(spec.code) }
                            </button>
                            { for arg_input }
                        </div>
                    }
                })
                .collect();
            let on_jump_input = {
                let jump_ms = jump_ms.clone();
                Callback::from(move |event: InputEvent| {
                    let input: web_sys::HtmlInputElement = event.target_unchecked_into();
                    if let Ok(v) = input.value().parse::<i64>() {
                        jump_ms.set(v.clamp(-60_000, 60_000));
                    }
                })
            };
            html! {
                <div class="fault-menu" data-testid="fault-menu" data-node-id={node.0.to_string()}>
                    <strong>{ fill(texts.fault_node_title, &[("node", &node_name(&props.names, node))]) }</strong>
                    <div class="row wrap">
                        { button("button warn", "fault-crash", texts.fault_crash, status == NodeStatus::Down,
                                 inject(Action::Crash { node })) }
                        { button("button", "fault-recover", texts.fault_recover, status != NodeStatus::Down,
                                 inject(Action::Recover { node })) }
                        { button("button", "fault-restart", texts.fault_restart, false, inject(Action::Restart { node })) }
                    </div>
                    <div class="row">
                        { button("button", "fault-pause", texts.fault_pause, status == NodeStatus::Down,
                                 inject(Action::Pause { node, duration_ms: *pause_ms })) }
                        { number_input("pause-ms", texts.fault_pause.to_string(), *pause_ms, 1, 60_000, {
                            let pause_ms = pause_ms.clone();
                            Callback::from(move |v| pause_ms.set(v))
                        }) }
                        <span class="muted small">{ "ms" }</span>
                    </div>
                    <div class="row">
                        { button("button", "fault-clock-jump", texts.fault_clock_jump, status == NodeStatus::Down,
                                 inject(Action::ClockJump { node, jump_ms: *jump_ms })) }
                        <input type="number" class="small-number" data-testid="jump-ms" aria-label={texts.fault_clock_jump}
                               min="-60000" max="60000" step="100" value={jump_ms.to_string()} oninput={on_jump_input} />
                        <span class="muted small">{ "ms" }</span>
                    </div>
                    if !commands.is_empty() {
                        <span class="eyebrow">{ texts.fault_commands }</span>
                        { for commands }
                    }
                </div>
            }
        }
        Selection::Message(message) => {
            let msg = message.msg;
            let still_flying = props.selected_in_flight;
            html! {
                <div class="fault-menu" data-testid="fault-menu" data-msg-id={msg.0.to_string()}>
                    <strong>{ fill(texts.fault_message_title, &[
                        ("msg", &msg.0), ("kind", &props.vocabulary.label(message.kind)),
                        ("from", &node_name(&props.names, message.from)), ("to", &node_name(&props.names, message.to)),
                    ]) }</strong>
                    if !still_flying {
                        <p class="muted small">{ texts.fault_message_gone }</p>
                    }
                    <div class="row wrap">
                        { button("button warn", "fault-drop", texts.fault_drop, !still_flying,
                                 inject(Action::DropMessage { msg })) }
                        { button("button", "fault-duplicate", texts.fault_duplicate, !still_flying,
                                 inject(Action::DuplicateMessage { msg })) }
                    </div>
                    <div class="row">
                        { button("button", "fault-delay", texts.fault_delay, !still_flying,
                                 inject(Action::DelayMessage { msg, by_ms: *delay_ms })) }
                        { number_input("delay-ms", texts.fault_delay.to_string(), *delay_ms, 1, 60_000, {
                            let delay_ms = delay_ms.clone();
                            Callback::from(move |v| delay_ms.set(v))
                        }) }
                        <span class="muted small">{ "ms" }</span>
                    </div>
                </div>
            }
        }
    };

    let partitioned = props.partitioned;
    let partition_tool = match &*draft {
        None => {
            let start = {
                let draft = draft.clone();
                Callback::from(move |_: MouseEvent| {
                    draft.set(Some(
                        (0..node_count)
                            .map(|i| usize::from(i >= node_count / 2))
                            .collect(),
                    ))
                })
            };
            html! {
                <div class="row wrap">
                    { button("button", "partition-start", texts.fault_partition, false, start) }
                    if partitioned {
                        { button("button", "heal", texts.fault_heal, false, inject(Action::Heal)) }
                    }
                </div>
            }
        }
        Some(sides) => {
            let toggles = sides.iter().enumerate().map(|(i, side)| {
                let draft = draft.clone();
                let sides = sides.clone();
                let toggle = Callback::from(move |_: MouseEvent| {
                    let mut next = sides.clone();
                    next[i] = (next[i] + 1) % PARTITION_SIDES.len();
                    draft.set(Some(next));
                });
                let name = PARTITION_SIDES[*side];
                html! {
                    <button type="button" class={crate::class_list!("button", "small", "side-toggle", side_class(*side))}
                            data-testid="partition-toggle" data-node-id={i.to_string()} data-side={name}
                            onclick={toggle}>
                        { format!("{} · {name}", node_name(&props.names, NodeId(i as u32))) }
                    </button>
                }
            });
            let groups = partition_groups(sides);
            let valid = groups.len() >= 2;
            let apply = {
                let on_inject = props.on_inject.clone();
                let draft = draft.clone();
                Callback::from(move |_: MouseEvent| {
                    on_inject.emit(Action::Partition {
                        groups: groups.clone(),
                    });
                    draft.set(None);
                })
            };
            let cancel = {
                let draft = draft.clone();
                Callback::from(move |_: MouseEvent| draft.set(None))
            };
            html! {
                <div class="partition-draft">
                    <p class="muted small">{ texts.fault_partition_hint }</p>
                    <div class="row wrap">{ for toggles }</div>
                    if !valid {
                        <p class="muted small" data-testid="partition-one-side">{ texts.fault_partition_one_side }</p>
                    }
                    <div class="row">
                        { button("button primary", "partition-apply", texts.fault_partition_apply, !valid, apply) }
                        { button("button", "partition-cancel", texts.fault_cancel, false, cancel) }
                    </div>
                </div>
            }
        }
    };

    let network = &props.network;
    let set_network = |change: fn(&mut NetworkConfig, u64)| {
        let on_network = props.on_network.clone();
        let network = network.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            if let Ok(value) = input.value().parse::<u64>() {
                let mut next = network.clone();
                change(&mut next, value);
                on_network.emit(next);
            }
        })
    };
    let network_controls = html! {
        <details class="network-settings" data-testid="network-settings">
            <summary>{ texts.network_label }</summary>
            { slider(texts.net_latency_min, "latency-min", ("0", "500", "5"), network.latency_ms_min.to_string(),
                     format!("{} ms", network.latency_ms_min),
                     set_network(|n, v| { n.latency_ms_min = v; n.latency_ms_max = n.latency_ms_max.max(v); })) }
            { slider(texts.net_latency_max, "latency-max", ("0", "500", "5"), network.latency_ms_max.to_string(),
                     format!("{} ms", network.latency_ms_max),
                     set_network(|n, v| { n.latency_ms_max = v; n.latency_ms_min = n.latency_ms_min.min(v); })) }
            { slider(texts.net_loss, "loss", ("0", "50", "1"),
                     ((network.loss_probability * 100.0).round() as u64).to_string(),
                     format!("{}%", numbers::Fixed(network.loss_probability * 100.0, 0)),
                     set_network(|n, v| n.loss_probability = v as f64 / 100.0)) }
            { slider(texts.net_duplicate, "duplicate", ("0", "50", "1"),
                     ((network.duplicate_probability * 100.0).round() as u64).to_string(),
                     format!("{}%", numbers::Fixed(network.duplicate_probability * 100.0, 0)),
                     set_network(|n, v| n.duplicate_probability = v as f64 / 100.0)) }
        </details>
    };

    let items = props.actions.iter().enumerate().map(|(index, action)| {
        let on_remove = props.on_remove.clone();
        let future = action.at_ms > props.action_time_ms;
        html! {
            <li data-testid="action-item" class={crate::class_list!(future.then_some("future"))}>
                <span>{ action_text(action, texts, &props.vocabulary, &props.names) }</span>
                <button type="button" class="button small ghost" data-testid="action-remove"
                        aria-label={format!("{} {}", texts.fault_remove_action, index + 1)}
                        onclick={Callback::from(move |_: MouseEvent| on_remove.emit(index))}>{ "✕" }</button>
            </li>
        }
    });
    let on_undo = {
        let cb = props.on_undo.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let on_clear = {
        let cb = props.on_clear.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };

    html! {
        <section class="card faults" aria-labelledby="faults-title">
            <div class="row spread">
                <h2 id="faults-title">{ texts.fault_title }</h2>
                <div class="row">
                    if props.selection != Selection::None {
                        <button type="button" class="button small ghost" onclick={on_clear}>{ texts.fault_cancel }</button>
                    }
                    <button type="button" class="button small" data-testid="undo" disabled={!props.can_undo}
                            onclick={on_undo} title="Ctrl+Z">{ texts.fault_undo }</button>
                </div>
            </div>
            { selection }
            { partition_tool }
            { network_controls }
            <span class="eyebrow">{ fill(texts.fault_actions, &[("count", &props.actions.len())]) }</span>
            if props.actions.is_empty() {
                <p class="muted small">{ texts.fault_no_actions }</p>
            } else {
                <ol class="action-list" data-testid="action-list">{ for items }</ol>
            }
        </section>
    }
}
