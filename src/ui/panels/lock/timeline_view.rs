//! The contention timeline: one lane per client (waiting, holding as it believes, holding but refused by
//! the storage), the lock service's leases above them, the storage's answers as marks on the lanes, and a
//! red band wherever two clients held the lock at once as the storage saw it. Drawn up to the cursor, so it
//! grows as the run plays; the figures are folded in core ([`crate::core::lock::timeline`]).
use std::rc::Rc;

use yew::prelude::*;

use crate::core::lock::{self, LaneState, LockNote, Timeline};
use crate::core::sim::{NodeId, TimeMs};
use crate::ui::components::sim_panel::Run;
use crate::ui::components::use_lang;
use crate::ui::i18n::fill;
use crate::ui::numbers::{fixed, Fixed};

use super::strings::{self, LockTexts};

const WIDTH: f64 = 480.0;
const LABEL_WIDTH: f64 = 64.0;
const RIGHT_PAD: f64 = 10.0;
const ROW_HEIGHT: f64 = 22.0;
const BAR_HEIGHT: f64 = 12.0;
const AXIS_HEIGHT: f64 = 18.0;
/// Storage entries listed under the timeline.
const STORAGE_ROWS: usize = 6;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub run: Rc<Run>,
    /// The single lock service's node, if the design has one.
    pub service: Option<u32>,
    /// The cursor.
    pub time_ms: TimeMs,
    /// Every node's name, by id.
    pub names: Rc<Vec<String>>,
    /// The token the service last granted, at the cursor.
    pub token: Option<u64>,
}

/// Maps virtual time to the drawing's x.
#[derive(Clone, Copy)]
struct Scale {
    end_ms: TimeMs,
}

impl Scale {
    fn x(self, t: TimeMs) -> f64 {
        LABEL_WIDTH
            + (WIDTH - LABEL_WIDTH - RIGHT_PAD) * (t.min(self.end_ms) as f64 / self.end_ms as f64)
    }

    /// A round step between axis ticks: about six of them.
    fn tick_ms(self) -> TimeMs {
        [
            100, 200, 250, 500, 1_000, 2_000, 2_500, 5_000, 10_000, 20_000, 50_000,
        ]
        .into_iter()
        .find(|step| self.end_ms / step <= 5)
        .unwrap_or(100_000)
    }
}

/// The clients believing they hold the lock at `now`.
fn holders_at(timeline: &Timeline, now: TimeMs) -> Vec<NodeId> {
    timeline
        .lanes
        .iter()
        .filter(|lane| {
            lane.spans.iter().any(|s| {
                s.state == LaneState::Holding
                    && s.from_ms <= now
                    && (now < s.until_ms || s.until_ms == timeline.end_ms)
            })
        })
        .map(|lane| lane.client)
        .collect()
}

/// One bar of the timeline (a lease, a lane's stretch, an overlap band) with its tooltip.
#[allow(clippy::too_many_arguments)]
fn bar(
    class: &'static str,
    state: &'static str,
    test_id: Option<&'static str>,
    (x1, x2): (f64, f64),
    (y, height): (f64, f64),
    width_min: f64,
    title: String,
) -> Html {
    html! {
        <rect class={crate::class_list!(class, state)} data-testid={test_id} data-state={(!state.is_empty()).then_some(state)}
              x={fixed(x1, 1)} y={fixed(y, 1)} width={fixed((x2 - x1).max(width_min), 1)} height={fixed(height, 1)}>
            <title>{ title }</title>
        </rect>
    }
}

/// A lane's or row's label, right-aligned before the drawing.
fn row_label(y: f64, text: String) -> Html {
    html! {
        <text class="lane-label" x={fixed(LABEL_WIDTH - 6.0, 1)} y={fixed(y + ROW_HEIGHT / 2.0 + 4.0, 1)}>{ text }</text>
    }
}

#[component]
pub fn TimelineView(props: &TimelineProps) -> Html {
    let words = strings::texts(use_lang());
    let timeline = use_memo((props.run.clone(), props.service), |(run, service)| {
        lock::timeline(&run.trace, run.notes::<LockNote>(), service.map(NodeId))
    });
    let now = props.time_ms;
    let name = |node: NodeId| {
        props
            .names
            .get(node.0 as usize)
            .cloned()
            .unwrap_or_default()
    };
    let scale = Scale {
        end_ms: timeline.end_ms.max(1),
    };
    let lease_row = props.service.is_some();
    let first_lane_y = AXIS_HEIGHT + if lease_row { ROW_HEIGHT } else { 0.0 };
    let height = first_lane_y + ROW_HEIGHT * timeline.lanes.len() as f64 + 4.0;
    let lane_y = |index: usize| first_lane_y + ROW_HEIGHT * index as f64;
    let lane_of = |client: NodeId| timeline.lanes.iter().position(|l| l.client == client);

    let holder_line = holder_line(props, &timeline, words, &name);
    let ticks = (0..=scale.end_ms / scale.tick_ms()).map(|k| {
        let t = k * scale.tick_ms();
        let x = scale.x(t);
        html! {
            <g class="tick">
                <line x1={fixed(x, 1)} x2={fixed(x, 1)} y1={fixed(AXIS_HEIGHT - 4.0, 1)} y2={fixed(height, 1)} />
                <text x={fixed(x, 1)} y={fixed(AXIS_HEIGHT - 6.0, 1)}>{ t.to_string() }</text>
            </g>
        }
    });
    let leases = timeline.leases.iter().filter(|l| l.from_ms <= now).map(|lease| {
        let (x1, x2) = (scale.x(lease.from_ms), scale.x(lease.until_ms.min(now)));
        let y = AXIS_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2.0;
        let holder = name(lease.client);
        // The holder's name inside the bar where it fits (about 6 px per character at this size).
        let fits = x2 - x1 > 6.0 * holder.chars().count() as f64 + 6.0;
        let title = format!("{} · {holder}: {}–{} ms", words.lane_lease, lease.from_ms, lease.until_ms);
        html! {
            <g data-testid="lease" data-client={lease.client.0.to_string()}>
                { bar("lease", "", None, (x1, x2), (y, BAR_HEIGHT), 1.0, title) }
                if fits {
                    <text class="lease-holder" x={fixed(x1 + 3.0, 1)} y={fixed(y + BAR_HEIGHT - 3.0, 1)}>{ holder }</text>
                }
            </g>
        }
    });
    let lanes = timeline.lanes.iter().enumerate().map(|(index, lane)| {
        let y = lane_y(index);
        let spans = lane.spans.iter().filter(|s| s.from_ms <= now).map(|span| {
            let (state, label, height) = match (span.state, span.fenced) {
                (LaneState::Waiting, _) => ("waiting", words.lane_waiting, BAR_HEIGHT / 2.0),
                (LaneState::Holding, false) => ("holding", words.lane_holding, BAR_HEIGHT),
                (LaneState::Holding, true) => ("fenced", words.lane_fenced, BAR_HEIGHT),
            };
            let title = format!(
                "{}: {label}, {}–{} ms",
                name(lane.client),
                span.from_ms,
                span.until_ms
            );
            let x = (scale.x(span.from_ms), scale.x(span.until_ms.min(now)));
            bar(
                "span",
                state,
                None,
                x,
                (y + (ROW_HEIGHT - height) / 2.0, height),
                1.0,
                title,
            )
        });
        html! {
            <g class="lane" data-testid="contention-lane" data-client={lane.client.0.to_string()}>
                { row_label(y, name(lane.client)) }
                { for spans }
            </g>
        }
    });
    let lanes_height = ROW_HEIGHT * timeline.lanes.len() as f64;
    let overlaps = timeline
        .overlaps
        .iter()
        .filter(|o| o.from_ms <= now)
        .map(|overlap| {
            let who = overlap
                .clients
                .iter()
                .map(|c| name(*c))
                .collect::<Vec<_>>()
                .join(", ");
            let title = format!(
                "{}: {who}, {}–{} ms",
                words.lane_overlap, overlap.from_ms, overlap.until_ms
            );
            let x = (scale.x(overlap.from_ms), scale.x(overlap.until_ms.min(now)));
            bar(
                "overlap",
                "",
                Some("overlap"),
                x,
                (first_lane_y, lanes_height),
                2.0,
                title,
            )
        });
    let marks = timeline.writes.iter().filter(|w| w.at_ms <= now).filter_map(|write| {
        let index = lane_of(write.client)?;
        let (x, y) = (scale.x(write.at_ms), lane_y(index) + ROW_HEIGHT / 2.0);
        let rejected = (!write.accepted).then_some("rejected");
        if !write.is_write {
            return Some(html! {
                <line class={crate::class_list!("read-mark", rejected)} data-testid="storage-read"
                      x1={fixed(x, 1)} x2={fixed(x, 1)} y1={fixed(y - 9.0, 1)} y2={fixed(y + 9.0, 1)} />
            });
        }
        let label = if write.accepted { words.write_accepted } else { words.write_rejected };
        // An accepted write is a dot, a rejected one a cross: shape as well as colour.
        let d = if write.accepted {
            format!("M{} {}a4.5 4.5 0 1 0 9 0a4.5 4.5 0 1 0-9 0", Fixed(x - 4.5, 1), Fixed(y, 1))
        } else {
            format!("M{} {}l12 12m0-12l-12 12", Fixed(x - 6.0, 1), Fixed(y - 6.0, 1))
        };
        Some(html! {
            <path class={crate::class_list!("write-mark", rejected.unwrap_or("accepted"))} data-testid="storage-write"
                  data-accepted={write.accepted.to_string()} d={d}>
                <title>{ format!("{}: {label} ({}), {} ms", name(write.client), write.value, write.at_ms) }</title>
            </path>
        })
    });
    let cursor_x = scale.x(now);
    let summary = format!(
        "{}: {} · {}",
        words.timeline_title,
        words.timeline_legend,
        timeline.overlaps.len()
    );

    html! {
        <section class="lock-timeline" aria-label={words.timeline_title} data-testid="contention-timeline"
                 data-overlaps={timeline.overlaps.iter().filter(|o| o.from_ms <= now).count().to_string()}>
            <h2 class="eyebrow">{ words.timeline_title }</h2>
            { holder_line }
            if timeline.lanes.is_empty() {
                <p class="muted small">{ words.timeline_empty }</p>
            } else {
                <svg class="timeline-svg" viewBox={format!("0 0 {} {}", Fixed(WIDTH, 0), Fixed(height, 1))} role="img" aria-label={summary}>
                    <g class="ticks">{ for ticks }</g>
                    if lease_row {
                        { row_label(AXIS_HEIGHT, words.lane_lease.to_string()) }
                        { for leases }
                    }
                    { for lanes }
                    { for overlaps }
                    { for marks }
                    <line class="timeline-cursor" x1={fixed(cursor_x, 1)} x2={fixed(cursor_x, 1)}
                          y1={fixed(AXIS_HEIGHT - 4.0, 1)} y2={fixed(height, 1)} />
                </svg>
                { legend(words) }
            }
            { storage_log(&timeline, now, words, &name) }
        </section>
    }
}

/// Who holds the lock at the cursor: the service's lease (with what is left of it and its token) where there
/// is one service, otherwise the clients that believe they hold it.
fn holder_line(
    props: &TimelineProps,
    timeline: &Timeline,
    words: &LockTexts,
    name: &dyn Fn(NodeId) -> String,
) -> Html {
    let now = props.time_ms;
    let lease = props.service.and_then(|_| {
        timeline
            .leases
            .iter()
            .find(|l| l.from_ms <= now && now < l.until_ms)
    });
    let holders: Vec<NodeId> = match (props.service, lease) {
        (Some(_), Some(lease)) => vec![lease.client],
        (Some(_), None) => Vec::new(),
        (None, _) => holders_at(timeline, now),
    };
    let who = if holders.is_empty() {
        words.holder_none.to_string()
    } else {
        let list = holders
            .iter()
            .map(|c| name(*c))
            .collect::<Vec<_>>()
            .join(", ");
        fill(words.holder_is, &[("holder", &list)])
    };
    let line = match props.service {
        Some(node) => fill(
            words.holder_of,
            &[("service", &name(NodeId(node))), ("who", &who)],
        ),
        None => who,
    };
    html! {
        <p class={crate::class_list!("lock-holder", (holders.len() > 1).then_some("bad-text"))} data-testid="lock-holder"
           data-holders={holders.iter().map(|c| c.0.to_string()).collect::<Vec<_>>().join(",")}>
            <strong>{ line }</strong>
            if let Some(lease) = lease {
                { " · " }
                <span data-testid="lease-remaining" data-ms={(lease.until_ms - now).to_string()}>
                    { fill(words.lease_left, &[("ms", &(lease.until_ms - now))]) }
                </span>
                if let Some(token) = props.token {
                    { " · " }{ fill(words.token, &[("token", &token)]) }
                }
            }
        </p>
    }
}

/// The legend of the timeline's marks, with the same shapes.
fn legend(words: &LockTexts) -> Html {
    let swatch = |class: &'static str, label: &'static str| {
        html! {
            <span class="legend-item">
                <svg viewBox="0 0 14 14" aria-hidden="true"><rect class={crate::class_list!("span", class)} x="0" y="2" width="14" height="10" /></svg>
                { label }
            </span>
        }
    };
    html! {
        <div class="legend timeline-legend">
            { swatch("waiting", words.lane_waiting) }
            { swatch("holding", words.lane_holding) }
            { swatch("fenced", words.lane_fenced) }
            { swatch("lease", words.legend_grant) }
            { swatch("overlap", words.lane_overlap) }
            <span class="legend-item">
                <svg viewBox="0 0 14 14" aria-hidden="true"><path class="write-mark accepted" d="M2 7a5 5 0 1 0 10 0a5 5 0 1 0-10 0" /></svg>
                { words.write_accepted }
            </span>
            <span class="legend-item">
                <svg viewBox="0 0 14 14" aria-hidden="true"><path class="write-mark rejected" d="M2 2L12 12M2 12L12 2" /></svg>
                { words.write_rejected }
            </span>
        </div>
    }
}

/// The storage's last answers up to the cursor, newest last.
fn storage_log(
    timeline: &Timeline,
    now: TimeMs,
    words: &LockTexts,
    name: &dyn Fn(NodeId) -> String,
) -> Html {
    let seen: Vec<_> = timeline.writes.iter().filter(|w| w.at_ms <= now).collect();
    let shown = &seen[seen.len().saturating_sub(STORAGE_ROWS)..];
    let entries = shown.iter().map(|entry| {
        let op = words.label(if entry.is_write { "write" } else { "read" });
        let outcome = if entry.accepted { "accepted" } else { "rejected" };
        let outcome_label = words.label(outcome);
        let token = entry
            .token
            .map(|t| format!(" · {}", fill(words.token, &[("token", &t)])))
            .unwrap_or_default();
        html! {
            <li class={crate::class_list!("storage-entry", outcome)} data-testid="storage-entry" data-accepted={entry.accepted.to_string()}
                data-op={if entry.is_write { "write" } else { "read" }}>
                <span class="time">{ format!("{} ms", entry.at_ms) }</span>
                { format!(" {} {op} {}{token} · {outcome_label}", name(entry.client), entry.value) }
            </li>
        }
    });
    html! {
        <div class="storage-log">
            <h3 class="eyebrow">{ words.storage_title }</h3>
            if seen.is_empty() {
                <p class="muted small">{ words.storage_empty }</p>
            } else {
                <ol class="storage-entries">{ for entries }</ol>
            }
        </div>
    }
}
