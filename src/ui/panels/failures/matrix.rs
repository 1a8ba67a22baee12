//! Who suspects whom: one grid per detector, a row per observer and a column per watched node. Each cell
//! carries a symbol as well as a colour (✓ up, ? suspected, ✗ down) so it reads without colour.
use yew::prelude::*;

use super::strings::{self, FailuresTexts};
use crate::core::detect::{Detector, ObserverView, Verdict};
use crate::core::sim::NodeStatus;
use crate::ui::components::use_lang;

pub fn verdict_text(verdict: Verdict, texts: &FailuresTexts) -> &'static str {
    match verdict {
        Verdict::Up => texts.verdict_up,
        Verdict::Suspected => texts.verdict_suspected,
        Verdict::Down => texts.verdict_down,
    }
}

fn symbol(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Up => "✓",
        Verdict::Suspected => "?",
        Verdict::Down => "✗",
    }
}

/// One observer's row of verdicts for one detector (`None` on the diagonal).
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixRow {
    pub observer: u32,
    /// A crashed observer has no view.
    pub down: bool,
    pub verdicts: Vec<Option<Verdict>>,
}

/// The rows of one detector's grid. Only verdicts go in (not φ values), so the grid's props stay equal, and
/// it is not redrawn, until a verdict changes.
pub fn matrix_rows(views: &[ObserverView], detector: Detector, node_count: u32) -> Vec<MatrixRow> {
    views
        .iter()
        .map(|observer| MatrixRow {
            observer: observer.observer.0,
            down: observer.status == NodeStatus::Down,
            verdicts: (0..node_count)
                .map(|peer| {
                    (peer != observer.observer.0).then(|| {
                        observer
                            .peers
                            .iter()
                            .find(|p| p.peer.0 == peer)
                            .map(|p| p.verdict(detector))
                            .unwrap_or(Verdict::Up)
                    })
                })
                .collect(),
        })
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct MatrixProps {
    pub detector: Detector,
    pub rows: Vec<MatrixRow>,
    pub node_count: u32,
}

#[component]
pub fn VerdictMatrix(props: &MatrixProps) -> Html {
    let texts = strings::texts(use_lang());
    let title = match props.detector {
        Detector::FixedTimeout => texts.det_timeout,
        Detector::PhiAccrual => texts.det_phi,
    };
    let code = props.detector.code();
    let header =
        (0..props.node_count).map(|peer| html! { <th scope="col">{ format!("n{peer}") }</th> });
    let rows = props.rows.iter().map(|row| {
        let cells = row.verdicts.iter().enumerate().map(|(peer, verdict)| {
            let Some(verdict) = verdict else {
                return html! { <td class="self" aria-hidden="true">{ "·" }</td> };
            };
            if row.down {
                return html! { <td class="no-view" data-testid="view-cell" data-observer={row.observer.to_string()}
                                   data-peer={peer.to_string()} data-detector={code} data-verdict="none">{ "–" }</td> };
            }
            let title = format!("n{} → n{peer}: {}", row.observer, verdict_text(*verdict, texts));
            html! {
                <td class={crate::class_list!("cell", verdict.as_str())} data-testid="view-cell"
                    data-observer={row.observer.to_string()} data-peer={peer.to_string()}
                    data-detector={code} data-verdict={verdict.as_str()} title={title}>
                    { symbol(*verdict) }
                </td>
            }
        });
        html! {
            <tr>
                <th scope="row">{ format!("n{}", row.observer) }</th>
                { for cells }
            </tr>
        }
    });
    html! {
        <figure class="matrix" data-testid={format!("matrix-{code}")}>
            <figcaption>{ title }</figcaption>
            <table aria-label={format!("{title}: {}", texts.matrix_caption)}>
                <thead><tr><th aria-hidden="true"></th>{ for header }</tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </figure>
    }
}
