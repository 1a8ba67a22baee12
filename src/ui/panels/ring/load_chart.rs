//! Keys per node as bars, with the mean (and, for bounded loads, the capacity) as lines, and the balance
//! figures next to what theory expects.
use yew::prelude::*;

use crate::core::ring::{AlgorithmScene, Scene};
use crate::ui::i18n::{fill, Texts};

use super::ring_view::node_colour;
use crate::ui::numbers;

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 120.0;

/// The chart of the primary algorithm's load, or the compared one's (`secondary`); `id_suffix` follows the
/// test ids of the compared view. A plain function rather than a component: a component's machinery costs
/// the app about 2 kB of WebAssembly, and the chart is redrawn only when the ring panel is.
pub fn load_chart(
    model: &Scene,
    secondary: bool,
    vnodes: u32,
    id_suffix: &'static str,
    texts: &Texts,
) -> Html {
    let view: &AlgorithmScene = model.view(secondary);
    let stats = &view.stats;
    let nodes = model.cluster().nodes();
    let count = stats.key_counts.len().max(1) as f64;
    let top = f64::from(stats.max_keys)
        .max(f64::from(view.capacity.unwrap_or(0)))
        .max(1.0)
        * 1.1;
    let bar_width = WIDTH / count;
    let y_of = |keys: f64| HEIGHT - keys / top * HEIGHT;
    let bars = stats.key_counts.iter().enumerate().map(|(i, &keys)| {
        let height = f64::from(keys) / top * HEIGHT;
        let name = nodes.get(i).map(|n| n.name.clone()).unwrap_or_default();
        html! {
            <rect x={numbers::fixed(i as f64 * bar_width + bar_width * 0.1, 2)} y={numbers::fixed(HEIGHT - height, 2)}
                  width={numbers::fixed(bar_width * 0.8, 2)} height={numbers::fixed(height, 2)}
                  fill={node_colour(i as u32)}>
                <title>{ format!("{name}: {keys}") }</title>
            </rect>
        }
    });
    let mean_y = y_of(stats.mean_keys);
    let capacity_line = view.capacity.map(|capacity| {
        let y = y_of(f64::from(capacity));
        html! { <line class="capacity-line" x1="0" x2={numbers::shortest(WIDTH)} y1={numbers::fixed(y, 1)} y2={numbers::fixed(y, 1)} /> }
    });
    let expected = view.typical_max_over_mean.map(|typical| {
        fill(
            texts.ring_expected,
            &[("value", &numbers::fixed(typical, 2)), ("vnodes", &vnodes)],
        )
    });
    let capacity_text = view
        .capacity
        .map(|c| fill(texts.ring_capacity, &[("value", &c)]));
    html! {
        <div class="load-chart" data-testid={format!("load-chart{}", id_suffix)}>
            <svg viewBox={format!("0 0 {} {}", numbers::shortest(WIDTH), numbers::shortest(HEIGHT))} preserveAspectRatio="none" aria-hidden="true">
                { for bars }
                <line class="mean-line" x1="0" x2={numbers::shortest(WIDTH)} y1={numbers::fixed(mean_y, 1)} y2={numbers::fixed(mean_y, 1)} />
                { capacity_line.unwrap_or_default() }
            </svg>
            <p class="figures">
                <span data-testid={format!("balance-max-mean{}", id_suffix)}>
                    { fill(texts.ring_max_mean, &[("value", &numbers::fixed(stats.max_over_fair_share, 2))]) }
                </span>
                <span data-testid={format!("balance-std{}", id_suffix)}>
                    { fill(texts.ring_std, &[("value", &numbers::fixed(stats.std_dev_keys, 1))]) }
                </span>
                if let Some(text) = expected { <span class="muted">{ text }</span> }
                if let Some(text) = capacity_text { <span class="muted">{ text }</span> }
            </p>
        </div>
    }
}
