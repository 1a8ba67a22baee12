//! φ over time as one observer sees one peer, against the threshold: after a crash the line climbs until it
//! crosses, which is the moment the detector suspects.
use yew::prelude::*;

use super::strings::FailuresTexts;
use crate::core::sim::TimeMs;
use crate::ui::i18n::fill;
use crate::ui::numbers;

const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 150.0;
const LEFT: f64 = 34.0;
const BOTTOM: f64 = 18.0;

/// What the chart shows: `observer`'s φ for `peer` up to `time_ms`, on a time axis to `horizon_ms`.
pub struct PhiChart<'a> {
    pub series: &'a [(TimeMs, f64)],
    pub threshold: f64,
    pub horizon_ms: TimeMs,
    pub time_ms: f64,
    pub observer: u32,
    pub peer: u32,
}

/// The chart. A plain function rather than a component: it changes with the time on every frame anyway, and
/// a component's machinery costs the app about 2 kB of WebAssembly.
pub fn phi_chart(props: &PhiChart<'_>, texts: &FailuresTexts) -> Html {
    // φ grows without bound after a crash; the axis stops at twice the threshold.
    let top = (props.threshold * 2.0).max(4.0);
    let x = |t: f64| LEFT + t / props.horizon_ms.max(1) as f64 * (WIDTH - LEFT - 6.0);
    let y = |phi: f64| (HEIGHT - BOTTOM) - phi.min(top) / top * (HEIGHT - BOTTOM - 6.0);
    let mut path = String::new();
    for (i, (time, phi)) in props.series.iter().enumerate() {
        if *time as f64 > props.time_ms {
            break;
        }
        path.push_str(&format!(
            "{}{} {}",
            if i == 0 { "M" } else { "L" },
            numbers::Fixed(x(*time as f64), 1),
            numbers::Fixed(y(*phi), 1)
        ));
    }
    let threshold_y = y(props.threshold);
    let cursor_x = x(props.time_ms.min(props.horizon_ms as f64));
    let ticks = (0..=4).map(|i| {
        let t = props.horizon_ms as f64 * f64::from(i) / 4.0;
        html! { <text class="tick" x={numbers::fixed(x(t), 1)} y={numbers::shortest(HEIGHT - 4.0)}>{ format!("{} s", numbers::Fixed(t / 1000.0, 1)) }</text> }
    });
    let current = props
        .series
        .iter()
        .take_while(|(t, _)| *t as f64 <= props.time_ms)
        .last()
        .map(|(_, phi)| *phi)
        .unwrap_or(0.0);
    html! {
        <figure class="phi-chart" data-testid="phi-chart" data-phi={numbers::fixed(current, 2)}>
            <figcaption>
                { fill(texts.phi_chart_title, &[("observer", &format!("n{}", props.observer)), ("peer", &format!("n{}", props.peer))]) }
                { " · φ = " }<strong data-testid="phi-now">
                    // φ grows without bound in a long silence; past 100 the digits say nothing more.
                    { if current > 100.0 { "> 100".to_string() } else { numbers::fixed(current, 2) } }
                </strong>
            </figcaption>
            <svg viewBox={format!("0 0 {} {}", numbers::shortest(WIDTH), numbers::shortest(HEIGHT))} role="img"
                 aria-label={fill(texts.phi_chart_title, &[("observer", &format!("n{}", props.observer)), ("peer", &format!("n{}", props.peer))])}>
                <line class="axis" x1={numbers::shortest(LEFT)} x2={numbers::shortest(WIDTH - 6.0)} y1={numbers::shortest(HEIGHT - BOTTOM)} y2={numbers::shortest(HEIGHT - BOTTOM)} />
                <line class="threshold" x1={numbers::shortest(LEFT)} x2={numbers::shortest(WIDTH - 6.0)}
                      y1={numbers::fixed(threshold_y, 1)} y2={numbers::fixed(threshold_y, 1)} />
                <text class="tick" x="2" y={numbers::fixed(threshold_y + 4.0, 1)}>{ numbers::fixed(props.threshold, 1) }</text>
                <text class="tick" x="2" y="12">{ numbers::fixed(top, 0) }</text>
                { for ticks }
                <path class="phi-line" d={path} />
                <line class="cursor" x1={numbers::fixed(cursor_x, 1)} x2={numbers::fixed(cursor_x, 1)} y1="4" y2={numbers::shortest(HEIGHT - BOTTOM)} />
            </svg>
        </figure>
    }
}
