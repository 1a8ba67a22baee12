//! The ring drawing: ownership arcs, vnode markers, keys as dots at their hash position, node badges around
//! the outside, the lookup's preference list, and the moved keys flying from old owner to new.
use yew::prelude::*;

use crate::core::ring::{AlgorithmScene, NodeSpec, NodeState, Scene, ARC_BINS};
use crate::ui::i18n::{fill, Texts};

use crate::ui::numbers;

const SIZE: f64 = 640.0;
const CENTRE: f64 = SIZE / 2.0;
const RING_RADIUS: f64 = 200.0;
const KEY_RADIUS: f64 = 180.0;
/// How deep the band of key dots is, inwards from `KEY_RADIUS`.
const KEY_BAND: f64 = 40.0;
/// How far the density band reaches inwards for the busiest slice.
const DENSITY_DEPTH: f64 = 34.0;
const BADGE_RADIUS: f64 = 268.0;
const BADGE_SIZE: f64 = 26.0;
/// Flying keys drawn at most; the rest of the moved keys just change colour.
const FLYING_MAX: usize = 240;

/// A colour-blind-friendly palette (Paul Tol's "muted"), extended by hue rotation past its end.
pub fn node_colour(index: u32) -> String {
    const PALETTE: [&str; 9] = [
        "#332288", "#ddaa33", "#117733", "#cc6677", "#88ccee", "#882255", "#44aa99", "#999933",
        "#aa4499",
    ];
    match PALETTE.get(index as usize) {
        Some(colour) => colour.to_string(),
        None => format!("hsl({} 55% 50%)", (index * 47) % 360),
    }
}

/// The angle of a ring point, 0 at the top, clockwise, in radians.
fn angle_of_point(point: u32) -> f64 {
    f64::from(point) / 4_294_967_296.0 * std::f64::consts::TAU
}

fn polar(angle: f64, radius: f64) -> (f64, f64) {
    let a = angle - std::f64::consts::FRAC_PI_2;
    (
        CENTRE + radius * numbers::cos(a),
        CENTRE + radius * numbers::sin(a),
    )
}

/// Where node `index` of `count` sits around the outside.
pub fn badge_position(index: u32, count: u32) -> (f64, f64) {
    polar(
        std::f64::consts::TAU * f64::from(index) / f64::from(count.max(1)),
        BADGE_RADIUS,
    )
}

/// Appends `M x y` (or another command letter) with one-decimal coordinates.
fn push_point(d: &mut String, command: char, (x, y): (f64, f64)) {
    d.push(command);
    numbers::push_fixed1(d, x);
    d.push(' ');
    numbers::push_fixed1(d, y);
}

/// Appends the ring's arc from `start_bin` to `end_bin` to the path data `d`.
fn push_arc(d: &mut String, start_bin: u32, end_bin: u32) {
    let to_angle = |bin: u32| std::f64::consts::TAU * f64::from(bin) / f64::from(ARC_BINS);
    // An arc cannot start and end at the same place, so a full circle is drawn as two halves.
    let mut pieces = [(start_bin, end_bin), (end_bin, end_bin)];
    if end_bin - start_bin > ARC_BINS / 2 {
        let mid = start_bin + (end_bin - start_bin) / 2;
        pieces = [(start_bin, mid), (mid, end_bin)];
    }
    for (from, to) in pieces.into_iter().filter(|(from, to)| from != to) {
        push_point(d, 'M', polar(to_angle(from), RING_RADIUS));
        // "A200 200 0 0 1 " then the end point.
        d.push('A');
        d.push_str(&numbers::shortest(RING_RADIUS));
        d.push(' ');
        d.push_str(&numbers::shortest(RING_RADIUS));
        d.push_str(" 0 0 1");
        push_point(d, ' ', polar(to_angle(to), RING_RADIUS));
    }
}

fn ease(t: f64) -> f64 {
    t * t * (3.0 - 2.0 * t)
}

/// What the ring diagram draws, and what a click on a node does.
pub struct RingDiagramProps<'a> {
    pub model: &'a Scene,
    /// Draw the compared algorithm instead of the primary one.
    pub secondary: bool,
    /// Changes with every cluster change: the flying keys set off again.
    pub generation: u64,
    /// False under prefers-reduced-motion: moved keys then simply change colour.
    pub animate: bool,
    pub selected: Option<&'a str>,
    pub on_select: Callback<u32>,
    /// The arcs, vnode markers and keys ([`ring_layers`]), drawn by the panel and kept while unchanged.
    pub layers: std::rc::Rc<Html>,
    /// The nodes as last edited: a node's badge shows its new state (failed or up) in the frame after the
    /// click, before the scene (and its key counts) catches up.
    pub edited: &'a [NodeSpec],
    /// Test ids get a suffix in the second diagram of compare mode.
    pub id_suffix: &'static str,
}

/// The ring's heavy layers, its arcs, vnode markers and key dots (at 100 nodes × 200 vnodes about 85 kB of
/// path data): the panel keeps them while the scene they show is unchanged, and after a click draws them
/// two frames after the click's own answer (the node's new state) and one after the new figures, so neither
/// is kept waiting for them. Each layer is one path per node (arcs, markers, dots) rather than one element
/// per arc or point: a few hundred elements for the browser to diff, lay out and paint instead of
/// thousands, and the same picture (a node's arcs never overlap, so one stroke draws them alike).
pub fn ring_layers(model: &Scene, secondary: bool) -> Html {
    let view: &AlgorithmScene = model.view(secondary);
    let nodes = model.cluster().nodes();
    let count = nodes.len() as u32;
    // Arcs, one path per owner (the last slot: bins no node owns).
    let mut arcs_by_owner: Vec<String> = vec![String::new(); count as usize + 1];
    for arc in &view.arcs {
        let slot = arc.owner.filter(|&o| o < count).unwrap_or(count) as usize;
        push_arc(&mut arcs_by_owner[slot], arc.start_bin, arc.end_bin);
    }
    let arcs = arcs_by_owner
        .into_iter()
        .enumerate()
        .filter(|(_, d)| !d.is_empty())
        .map(|(slot, d)| {
            let colour = if slot as u32 == count {
                "var(--border)".to_string()
            } else {
                node_colour(slot as u32)
            };
            html! { <path class="arc" d={d} stroke={colour} /> }
        });

    // Vnode markers, one path per node, gathered in one pass over the points.
    let mut markers_by_node: Vec<String> = vec![String::new(); count as usize];
    for &(point, node) in &view.markers {
        let Some(d) = markers_by_node.get_mut(node as usize) else {
            continue;
        };
        let a = angle_of_point(point);
        push_point(d, 'M', polar(a, RING_RADIUS - 13.0));
        push_point(d, 'L', polar(a, RING_RADIUS + 13.0));
    }
    let markers = markers_by_node.into_iter().enumerate().map(|(node, d)| {
        let down = nodes[node].state == NodeState::Down;
        html! {
            <path class={crate::class_list!("vnode", down.then_some("down"))} d={d} stroke={node_colour(node as u32)} />
        }
    });

    // Key dots, one path per owner (zero-length segments with round caps draw as dots).
    let mut dots_by_owner: Vec<String> = vec![String::new(); count as usize + 1];
    let mut moved_dots = String::new();
    for dot in &view.dots {
        // Keys spread over a band (by other bits of their hash) so neighbours do not hide each other.
        let radius = KEY_RADIUS - f64::from(dot.depth) / 255.0 * KEY_BAND;
        let slot = dot.owner.filter(|&o| o < count).unwrap_or(count) as usize;
        let d = &mut dots_by_owner[slot];
        let from = d.len();
        push_point(d, 'M', polar(angle_of_point(dot.point), radius));
        d.push_str("h0");
        if dot.moved {
            moved_dots.push_str(&d[from..]);
        }
    }
    // Past a few thousand keys the dots are a sample; a band inside them shows where all keys fall.
    let density = (!model.density.is_empty()).then(|| {
        let most = model.density.iter().copied().max().unwrap_or(1).max(1) as f64;
        let bins = model.density.len() as f64;
        let inner = KEY_RADIUS - KEY_BAND - 8.0;
        let mut d = String::new();
        for (i, count) in model.density.iter().enumerate() {
            let angle = std::f64::consts::TAU * (i as f64 + 0.5) / bins;
            let point = polar(angle, inner - f64::from(*count) / most * DENSITY_DEPTH);
            push_point(&mut d, if i == 0 { 'M' } else { 'L' }, point);
        }
        d.push('Z');
        // The circle the band grows inwards from, as two half arcs (top to bottom and back).
        let (tx, ty) = polar(0.0, inner);
        let (bx, by) = polar(std::f64::consts::PI, inner);
        d.push_str(&format!(
            "M{tx} {ty}A{inner} {inner} 0 0 1 {bx} {by}A{inner} {inner} 0 0 1 {tx} {ty}Z",
            tx = numbers::Fixed(tx, 1),
            ty = numbers::Fixed(ty, 1),
            bx = numbers::Fixed(bx, 1),
            by = numbers::Fixed(by, 1),
            inner = numbers::shortest(inner)
        ));
        html! { <path class="key-density" data-testid="key-density" d={d} fill-rule="evenodd" /> }
    });
    let dots = dots_by_owner.into_iter().enumerate().map(|(slot, d)| {
        let colour = if slot as u32 == count {
            "var(--muted)".to_string()
        } else {
            node_colour(slot as u32)
        };
        html! { <path class="key-dots" d={d} stroke={colour} /> }
    });

    html! {
        <>
            <g class="arcs">{ for arcs }</g>
            <g class="vnodes">{ for markers }</g>
            <g class="keys">
                { density.unwrap_or_default() }
                <path class="moved-halo" d={moved_dots} />
                { for dots }
            </g>
        </>
    }
}

/// The ring: the layers of [`ring_layers`], nodes, the lookup, and the flying-keys layer. A plain function rather than a
/// component: its panel hands it a new callback on every render, so a component would redraw as often, and
/// a component's machinery costs the app about 2 kB of WebAssembly.
pub fn ring_diagram(props: RingDiagramProps<'_>, texts: &Texts) -> Html {
    let model = props.model;
    let view: &AlgorithmScene = model.view(props.secondary);
    let nodes = model.cluster().nodes();
    let count = nodes.len() as u32;

    // Moved keys fly from their old owner's badge to the new one's, in a layer of their own so that the
    // animation re-renders a few hundred circles, not the panel.
    let flights: Vec<Flight> = if props.animate {
        let before_count = model.before().map(|b| b.len()).unwrap_or(count);
        view.drawn_moves
            .iter()
            .take(FLYING_MAX)
            .map(|m| Flight {
                from: m
                    .from
                    .map(|i| badge_position(i, before_count))
                    .unwrap_or((CENTRE, CENTRE)),
                to: m
                    .to
                    .map(|i| badge_position(i, count))
                    .unwrap_or((CENTRE, CENTRE)),
                colour: m
                    .to
                    .map(node_colour)
                    .unwrap_or_else(|| "var(--muted)".into()),
            })
            .collect()
    } else {
        Vec::new()
    };

    let badges = nodes.iter().enumerate().map(|(index, node)| {
        let index = index as u32;
        let (x, y) = badge_position(index, count);
        let state = match props.edited.get(index as usize) {
            Some(edited) if edited.name == node.name => edited.state,
            _ => node.state,
        };
        let down = state == NodeState::Down;
        let keys = view.stats.key_counts.get(index as usize).copied().unwrap_or(0);
        let state_text = if down { texts.ring_node_down } else { texts.ring_node_up };
        let label = fill(
            texts.ring_node_label,
            &[("name", &node.name), ("state", &state_text), ("keys", &keys)],
        );
        let short: String = node.name.chars().take(9).collect();
        let selected = props.selected == Some(node.name.as_str());
        let on_click = {
            let cb = props.on_select.clone();
            Callback::from(move |_: MouseEvent| cb.emit(index))
        };
        let on_key = {
            let cb = props.on_select.clone();
            Callback::from(move |event: KeyboardEvent| {
                if event.key() == "Enter" || event.key() == " " {
                    event.prevent_default();
                    cb.emit(index);
                }
            })
        };
        html! {
            <g class={crate::class_list!("badge-node", down.then_some("down"), selected.then_some("selected"))}
               data-testid={format!("node{}", props.id_suffix)} data-node-id={node.name.clone()}
               data-state={if down { "down" } else { "up" }} data-keys={keys.to_string()}
               transform={format!("translate({x} {y})", x = numbers::Fixed(x, 1), y = numbers::Fixed(y, 1))} tabindex="0" role="button"
               aria-label={label.clone()} aria-pressed={selected.to_string()}
               onclick={on_click} onkeydown={on_key}>
                <title>{ label }</title>
                <circle r={numbers::shortest(BADGE_SIZE)} fill={node_colour(index)} />
                if down {
                    <path class="badge-cross" d="M-13 -13L13 13M13 -13L-13 13" />
                }
                <text class="badge-name" y="-31">{ short }{ " " }</text>
                <text class="badge-keys" y="5">{ keys.to_string() }</text>
            </g>
        }
    });

    let lookup = view.lookup.as_ref().map(|lookup| {
        let (kx, ky) = polar(angle_of_point(lookup.point), KEY_RADIUS);
        let lines = lookup.preference.iter().enumerate().map(|(rank, &node)| {
            let (bx, by) = badge_position(node, count);
            let class = if rank == 0 { "walk owner" } else { "walk replica" };
            html! { <line class={class} x1={numbers::fixed(kx, 1)} y1={numbers::fixed(ky, 1)} x2={numbers::fixed(bx, 1)} y2={numbers::fixed(by, 1)} /> }
        });
        // On a ring, the walk itself: clockwise arcs from the key's point to where each holder was found.
        let walk = lookup.walk.iter().enumerate().map(|(rank, &(node, point))| {
            let radius = RING_RADIUS + 22.0 + 9.0 * rank as f64;
            let from = angle_of_point(lookup.point);
            let mut to = angle_of_point(point);
            if to < from {
                to += std::f64::consts::TAU;
            }
            let (x0, y0) = polar(from, radius);
            let (x1, y1) = polar(to, radius);
            let large = if to - from > std::f64::consts::PI { 1 } else { 0 };
            let (ex, ey) = polar(to, radius);
            let class = if rank == 0 { "walk-arc owner" } else { "walk-arc replica" };
            html! {
                <g class={class} data-testid="lookup-walk" data-node-id={node.to_string()} data-rank={(rank + 1).to_string()}>
                    <path d={format!("M{x0} {y0}A{radius} {radius} 0 {large} 1 {x1} {y1}", x0 = numbers::Fixed(x0, 1), y0 = numbers::Fixed(y0, 1), x1 = numbers::Fixed(x1, 1), y1 = numbers::Fixed(y1, 1), radius = numbers::shortest(radius))} stroke={node_colour(node)} />
                    <circle cx={numbers::fixed(ex, 1)} cy={numbers::fixed(ey, 1)} r="5" fill={node_colour(node)} />
                </g>
            }
        });
        html! {
            <g class="lookup" data-testid="lookup-marker">
                { for walk }
                { for lines }
                <circle class="lookup-key" cx={numbers::fixed(kx, 1)} cy={numbers::fixed(ky, 1)} r="8" />
            </g>
        }
    });

    html! {
        <svg class="ring-diagram" viewBox={format!("0 0 {size} {size}", size = numbers::shortest(SIZE))} role="group"
             aria-label={texts.ring_nodes} data-testid={format!("ring-diagram{}", props.id_suffix)}>
            <circle class="ring-base" cx={numbers::shortest(CENTRE)} cy={numbers::shortest(CENTRE)} r={numbers::shortest(RING_RADIUS)} />
            <crate::ui::components::frozen::Frozen content={props.layers} />
            { lookup.unwrap_or_default() }
            if !flights.is_empty() {
                <FlyingKeys key={props.generation} flights={std::rc::Rc::new(flights)} />
            }
            <g class="badges">{ for badges }</g>
        </svg>
    }
}

/// One moved key's trip.
#[derive(Clone, Debug, PartialEq)]
pub struct Flight {
    pub from: (f64, f64),
    pub to: (f64, f64),
    pub colour: String,
}

/// How long moved keys take to reach their new owner.
const FLY_MS: f64 = 1_100.0;

#[derive(Properties, PartialEq)]
struct FlyingKeysProps {
    flights: std::rc::Rc<Vec<Flight>>,
}

/// The moved keys in flight. Mounted afresh (by `key`) for every change, it animates itself for `FLY_MS`
/// and then draws nothing.
#[component]
fn FlyingKeys(props: &FlyingKeysProps) -> Html {
    let started_ms = use_mut_ref(crate::ui::browser::now_ms);
    let progress = use_state(|| 0.0f64);
    {
        let progress = progress.clone();
        let started_ms = started_ms.clone();
        crate::ui::components::animation::use_animation_frame(
            *progress < 1.0,
            Callback::from(move |_dt| {
                let elapsed = crate::ui::browser::now_ms() - *started_ms.borrow();
                progress.set((elapsed / FLY_MS).clamp(0.0, 1.0));
            }),
        );
    }
    if *progress >= 1.0 {
        return Html::default();
    }
    let t = ease(*progress);
    let u = 1.0 - t;
    let dots = props.flights.iter().map(|flight| {
        let (from, to) = (flight.from, flight.to);
        // A slight bend towards the centre, so crossing paths stay apart.
        let (mx, my) = ((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0);
        let (cx, cy) = (mx + (CENTRE - mx) * 0.35, my + (CENTRE - my) * 0.35);
        let x = u * u * from.0 + 2.0 * u * t * cx + t * t * to.0;
        let y = u * u * from.1 + 2.0 * u * t * cy + t * t * to.1;
        html! { <circle class="flying-key" data-testid="flying-key" cx={numbers::fixed(x, 1)} cy={numbers::fixed(y, 1)} r="4.5" fill={flight.colour.clone()} /> }
    });
    html! { <g class="flying">{ for dots }</g> }
}
