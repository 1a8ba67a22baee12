//! The network drawing every simulated panel shares: nodes on an ellipse, messages flying along the links,
//! partitions cut. It draws a `TraceView` (what the core says is true after the cursor's events) at the
//! view's virtual time; the panel supplies the words under each node, and the protocol's vocabulary says
//! how each message kind is drawn (by its style role, never by its name).
use yew::prelude::*;

use crate::core::sim::{InFlight, NodeId, NodeRole, NodeStatus, StyleRole, TraceView};
use crate::ui::components::faults::side_class;
use crate::ui::components::svg_point::svg_point;
use crate::ui::i18n::Texts;
use crate::ui::numbers;
use crate::ui::vocabulary::Vocabulary;

const WIDTH: f64 = 820.0;
const HEIGHT: f64 = 440.0;
/// Above this many messages in flight, messages are drawn as dots in one path per kind.
const DENSE_MESSAGES: usize = 150;
const NODE_RADIUS_LARGE: f64 = 44.0;
const NODE_RADIUS_SMALL: f64 = 30.0;

/// Nodes shrink when there are many, so that twelve still fit around the ellipse.
fn node_radius(count: u32) -> f64 {
    if count > 6 {
        NODE_RADIUS_SMALL
    } else {
        NODE_RADIUS_LARGE
    }
}

/// Centre of node `index` of `count`, on an ellipse starting at the top: the stage is wider than tall.
fn node_position(index: u32, count: u32) -> (f64, f64) {
    let node_r = node_radius(count);
    let angle = -std::f64::consts::FRAC_PI_2
        + std::f64::consts::TAU * f64::from(index) / f64::from(count.max(1));
    let radius_x = WIDTH / 2.0 - node_r - 90.0;
    // Room above for the top node and below for the text under the bottom one.
    let radius_y = HEIGHT / 2.0 - node_r - 40.0;
    let centre_y = HEIGHT / 2.0 - 14.0;
    (
        WIDTH / 2.0 + radius_x * numbers::cos(angle),
        centre_y + radius_y * numbers::sin(angle),
    )
}

/// How far along its link a message is at `time_ms`, 0 at send, 1 at delivery.
fn progress(message: &InFlight, time_ms: f64, reduced_motion: bool) -> f64 {
    if reduced_motion {
        return 0.5;
    }
    let span = message.deliver_at_ms.saturating_sub(message.sent_at_ms) as f64;
    if span <= 0.0 {
        // No planned arrival (a message held by a user who is the network): it waits halfway.
        return 0.5;
    }
    ((time_ms - message.sent_at_ms as f64) / span).clamp(0.0, 1.0)
}

fn status_text(status: NodeStatus, texts: &Texts) -> &'static str {
    match status {
        NodeStatus::Up => texts.node_up,
        NodeStatus::Down => texts.node_down,
        NodeStatus::Paused => texts.node_paused,
    }
}

/// Where a message is drawn at `time_ms`: along its link, on its own side, from rim to rim.
fn message_place(message: &InFlight, count: u32, time_ms: f64, reduced_motion: bool) -> (f64, f64) {
    let node_r = node_radius(count);
    let (x1, y1) = node_position(message.from.0, count);
    let (x2, y2) = node_position(message.to.0, count);
    let t = progress(message, time_ms, reduced_motion);
    let (dx, dy) = (x2 - x1, y2 - y1);
    let length = (dx * dx + dy * dy).sqrt().max(1.0);
    let rim = node_r / length;
    let t = rim + (1.0 - 2.0 * rim) * t;
    // Each direction keeps to its own side of the link, so a ping and its pong never overlap.
    let (nx, ny) = (-dy / length * 8.0, dx / length * 8.0);
    (x1 + dx * t + nx, y1 + dy * t + ny)
}

/// How far from a crowd's dot centre a click still picks its message, in drawing units (a dot is 9 to 12
/// wide; a little more is forgiving without reaching the next link).
const DOT_HIT_RADIUS: f64 = 10.0;

/// The message in flight whose dot is nearest to `(x, y)` at `time_ms`, if one is within [`DOT_HIT_RADIUS`].
fn message_at(
    flying: &[InFlight],
    count: u32,
    time_ms: f64,
    reduced_motion: bool,
    (x, y): (f64, f64),
) -> Option<&InFlight> {
    flying
        .iter()
        .map(|message| {
            let (mx, my) = message_place(message, count, time_ms, reduced_motion);
            (message, ((mx - x) * (mx - x) + (my - y) * (my - y)).sqrt())
        })
        .filter(|(_, distance)| *distance <= DOT_HIT_RADIUS)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(message, _)| message)
}

fn status_code(status: NodeStatus) -> &'static str {
    match status {
        NodeStatus::Up => "up",
        NodeStatus::Down => "down",
        NodeStatus::Paused => "paused",
    }
}

/// What the diagram draws, and what clicks on it do.
pub struct DiagramProps<'a> {
    pub view: &'a TraceView,
    pub time_ms: f64,
    pub reduced_motion: bool,
    pub violated_nodes: &'a [u32],
    pub selected_node: Option<u32>,
    pub selected_msg: Option<u64>,
    pub on_node: Callback<NodeId>,
    pub on_message: Callback<InFlight>,
    /// Up to two lines under each node (figures, then the protocol's state), indexed by node id.
    pub captions: &'a [(String, String)],
    /// Each node's name, by id.
    pub names: &'a [String],
    /// Each node's role in its protocol (`data-role` on the node, for tests and styles).
    pub roles: &'a [NodeRole],
    /// Links between every pair of nodes instead of to the next one around the ring.
    pub full_mesh: bool,
    /// The drawing's test id.
    pub test_id: &'a str,
    /// How message kinds are drawn and named.
    pub vocabulary: Vocabulary,
}

/// A message's shape: replies are squares, everything else a circle, so they read without colour too.
fn message_shape(role: StyleRole) -> Html {
    if role == StyleRole::Reply {
        html! { <rect x="-8" y="-8" width="16" height="16" rx="2" /> }
    } else {
        html! { <circle r="9" /> }
    }
}

/// The legend of the message kinds a run sends (`sent`), in the protocol's legend order, drawn as the
/// network draws them.
pub fn message_legend(vocabulary: &Vocabulary, sent: &[&'static str]) -> Html {
    vocabulary
        .legend
        .messages
        .iter()
        .filter(|entry| sent.contains(&entry.code))
        .map(|entry| {
            let shape = if entry.role == StyleRole::Reply {
                html! { <rect x="-6" y="-6" width="12" height="12" rx="2" /> }
            } else {
                html! { <circle r="7" /> }
            };
            html! {
                <span class="legend-item">
                    <svg viewBox="-10 -10 20 20" aria-hidden="true" class={crate::class_list!("legend-swatch", entry.role.class())}>{ shape }</svg>
                    { vocabulary.label(entry.code) }
                </span>
            }
        })
        .collect()
}

/// Enter or space on a focused SVG element acts like a click.
fn on_activate(callback: Callback<()>) -> Callback<KeyboardEvent> {
    Callback::from(move |event: KeyboardEvent| {
        if event.key() == "Enter" || event.key() == " " {
            event.prevent_default();
            // The panel's own shortcuts must not also see this key.
            event.stop_propagation();
            callback.emit(());
        }
    })
}

/// The network: nodes around an ellipse, links, messages in flight. A plain function rather than a
/// component: its panel hands it new callbacks on every frame, so a component would redraw as often, and a
/// component's machinery costs the app about 2 kB of WebAssembly.
pub fn network_diagram(props: DiagramProps<'_>, texts: &Texts) -> Html {
    let count = props.view.nodes.len() as u32;
    let node_r = node_radius(count);

    let group_of = |id: u32| {
        props
            .view
            .partition
            .as_ref()
            .and_then(|groups| groups.iter().position(|g| g.iter().any(|n| n.0 == id)))
    };
    let pairs: Vec<(u32, u32)> = if props.full_mesh {
        (0..count)
            .flat_map(|i| (i + 1..count).map(move |j| (i, j)))
            .collect()
    } else {
        (0..count).map(|i| (i, (i + 1) % count)).collect()
    };
    let links = pairs.into_iter().map(|(i, j)| {
        let (x1, y1) = node_position(i, count);
        let (x2, y2) = node_position(j, count);
        // A link across a partition is drawn cut.
        let cut = props.view.partition.is_some() && group_of(i) != group_of(j);
        html! { <line class={crate::class_list!("link", cut.then_some("cut"))} data-testid={cut.then_some("cut-link")}
                      x1={numbers::shortest(x1)} y1={numbers::shortest(y1)} x2={numbers::shortest(x2)} y2={numbers::shortest(y2)} /> }
    });

    let nodes = props.view.nodes.iter().enumerate().map(|(i, node)| {
        let (x, y) = node_position(i as u32, count);
        let violated = props.violated_nodes.contains(&node.id.0);
        let (fields_text, state_text) = props.captions.get(i).cloned().unwrap_or_default();
        let name = props.names.get(i).cloned().unwrap_or_else(|| node.id.to_string());
        // The accessible name starts with the texts drawn, in their order, so a voice user can say what they see.
        let label = [name.as_str(), status_text(node.status, texts), &state_text, &fields_text]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let selected = props.selected_node == Some(node.id.0);
        let side = props.view.partition.as_ref().and_then(|groups| {
            groups.iter().position(|g| g.contains(&node.id))
        });
        let activate = {
            let on_node = props.on_node.clone();
            let id = node.id;
            Callback::from(move |_| on_node.emit(id))
        };
        let click = {
            let activate = activate.clone();
            Callback::from(move |_: MouseEvent| activate.emit(()))
        };
        html! {
            <g class={crate::class_list!("node", status_code(node.status), violated.then_some("violated"), selected.then_some("selected"),
                               side.map(side_class))}
               data-testid="node" data-node-id={node.id.0.to_string()} data-state={status_code(node.status)}
               data-role={props.roles.get(i).map(|r| r.role)}
               transform={format!("translate({x} {y})", x = numbers::Fixed(x, 1), y = numbers::Fixed(y, 1))} role="button" tabindex="0" aria-label={label}
               aria-pressed={selected.to_string()} onclick={click} onkeydown={on_activate(activate)}>
                <circle r={numbers::shortest(node_r)} class="node-body" />
                if node.status == NodeStatus::Down {
                    <path class="node-cross" d="M -18 -18 L 18 18 M 18 -18 L -18 18" />
                }
                // Each text ends in a space, which SVG does not draw, so the node's text reads as words.
                <text class="node-name" y="-6">{ name }{ " " }</text>
                <text class="node-status" y="16">{ status_text(node.status, texts) }{ " " }</text>
                if !state_text.is_empty() {
                    <text class="node-label" y={numbers::shortest(node_r + 39.0)}>{ state_text.clone() }{ " " }</text>
                }
                <text class="node-fields" y={numbers::shortest(node_r + 20.0)}>{ fields_text }</text>
            </g>
        }
    });

    let place =
        |message: &InFlight| message_place(message, count, props.time_ms, props.reduced_motion);
    let flying: Vec<&InFlight> = props
        .view
        .in_flight
        .iter()
        .filter(|m| m.deliver_at_ms > 0)
        .collect();
    let messages: Html = if flying.len() > DENSE_MESSAGES {
        // A crowd: one path of dots per kind (a zero-length segment with a round cap is a dot). Hundreds of
        // separate elements would cost a frame's budget to update.
        let mut by_kind: Vec<(&'static str, String, usize)> = Vec::new();
        for message in &flying {
            let (x, y) = place(message);
            let segment = format!(
                "M{}.{} {}.{}h0",
                x as i32,
                ((x.fract() * 10.0) as i32).abs(),
                y as i32,
                ((y.fract() * 10.0) as i32).abs()
            );
            match by_kind.iter_mut().find(|(k, _, _)| *k == message.kind) {
                Some((_, d, n)) => {
                    d.push_str(&segment);
                    *n += 1;
                }
                None => by_kind.push((message.kind, segment, 1)),
            }
        }
        // A click on a dot picks the message under it, found by position.
        let click = {
            let on_message = props.on_message.clone();
            let flying: Vec<InFlight> = flying.iter().map(|m| (*m).clone()).collect();
            let (time_ms, reduced_motion) = (props.time_ms, props.reduced_motion);
            Callback::from(move |event: MouseEvent| {
                let Some(point) = svg_point(&event, "svg.diagram") else {
                    return;
                };
                if let Some(message) = message_at(&flying, count, time_ms, reduced_motion, point) {
                    event.stop_propagation();
                    on_message.emit(message.clone());
                }
            })
        };
        // The picked message is ringed, as its own element would be.
        let selected = props
            .selected_msg
            .and_then(|id| flying.iter().find(|m| m.msg.0 == id))
            .map(|message| {
                let (x, y) = place(message);
                html! {
                    <circle class="message-ring" data-testid="message-ring" data-msg-id={message.msg.0.to_string()}
                            cx={numbers::fixed(x, 1)} cy={numbers::fixed(y, 1)} r="11" />
                }
            });
        let dots: Html = by_kind
            .into_iter()
            .map(|(kind, d, n)| html! {
                <path class={crate::class_list!("message-dots", props.vocabulary.message_role(kind).class())}
                      data-testid="message-dots" data-kind={kind}
                      data-count={n.to_string()} d={d} onclick={click.clone()} />
            })
            .collect();
        html! { <>{ dots }{ for selected }</> }
    } else {
        flying
            .iter()
            .map(|message| {
                let (x, y) = place(message);
                let role = props.vocabulary.message_role(message.kind);
                let selected = props.selected_msg == Some(message.msg.0);
                let click = {
                    let on_message = props.on_message.clone();
                    let message = (*message).clone();
                    Callback::from(move |event: MouseEvent| {
                        event.stop_propagation();
                        on_message.emit(message.clone())
                    })
                };
                html! {
                    <g class={crate::class_list!("message", role.class(), selected.then_some("selected"))} data-testid="message"
                       data-kind={message.kind} data-msg-id={message.msg.0.to_string()}
                       transform={format!("translate({x} {y})", x = numbers::Fixed(x, 1), y = numbers::Fixed(y, 1))} onclick={click}>
                        <title>{ format!("#{} {} {} → {}", message.msg.0, props.vocabulary.label(message.kind),
                                         props.names.get(message.from.0 as usize).map_or("", String::as_str),
                                         props.names.get(message.to.0 as usize).map_or("", String::as_str)) }</title>
                        { message_shape(role) }
                    </g>
                }
            })
            .collect()
    };

    html! {
        <svg class="diagram" viewBox={format!("0 0 {} {}", numbers::shortest(WIDTH), numbers::shortest(HEIGHT))} role="group"
             aria-label={texts.nodes_label} data-testid={props.test_id.to_string()}>
            <g class="links">{ for links }</g>
            <g class="nodes">{ for nodes }</g>
            <g class="messages">{ messages }</g>
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::sim::MsgId;

    fn heartbeat(msg: u64, from: u32, to: u32) -> InFlight {
        InFlight {
            msg: MsgId(msg),
            from: NodeId(from),
            to: NodeId(to),
            kind: "heartbeat",
            sent_at_ms: 0,
            deliver_at_ms: 100,
        }
    }

    #[test]
    fn a_click_on_a_dot_picks_the_nearest_message_and_empty_space_picks_none() {
        let flying = vec![heartbeat(1, 0, 3), heartbeat(2, 3, 0), heartbeat(3, 1, 4)];
        let (x, y) = message_place(&flying[1], 6, 50.0, false);
        let picked = message_at(&flying, 6, 50.0, false, (x + 3.0, y - 2.0));
        assert_eq!(
            picked.map(|m| m.msg),
            Some(MsgId(2)),
            "not its twin on the other side of the link"
        );
        // Later the dot has moved on: the old point is empty.
        assert!(message_at(&flying, 6, 90.0, false, (x, y)).is_none());
        assert!(message_at(&flying, 6, 50.0, false, (0.0, 0.0)).is_none());
    }
}
