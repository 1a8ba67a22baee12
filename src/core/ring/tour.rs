//! The ring panel's tour: why modulo moves everything, virtual nodes and balance, replicas and failover,
//! bounded loads. The ring is not simulated: a step is the ring's own link (its cluster now, the cluster
//! before the last change, its sliders), and a question reads the [`Scene`] the panel draws from it.
use super::scene::Scene;
use crate::tour::{link, Answer, Question, QuestionForm, StepPoint, Tour, TourStep};

/// Options of "how uneven is the load" (busiest node over the mean).
pub const SPREAD_OPTIONS: &[&str] = &["spread-even", "spread-uneven", "spread-very-uneven"];
/// Options of "which node serves the key next", by the default cluster's names.
pub const NODE_OPTIONS: &[&str] = &["cache-1", "cache-2", "cache-3", "cache-4", "cache-5"];
/// Options of a yes-or-no question.
pub const YES_NO_OPTIONS: &[&str] = &["yes", "no"];

/// Five cache servers, all up (the panel's default cluster), as `b=` / `n=` entries.
const ALL_UP: &str = "1.u.cache-1&{p}=1.u.cache-2&{p}=1.u.cache-3&{p}=1.u.cache-4&{p}=1.u.cache-5";

fn cluster(param: &str, down: Option<u32>) -> String {
    let mut text = format!("{param}={}", ALL_UP.replace("{p}", param));
    if let Some(i) = down {
        text = text.replace(&format!("1.u.cache-{i}"), &format!("1.d.cache-{i}"));
    }
    text
}

/// The panel's tours.
pub fn tours() -> Vec<Tour<Scene>> {
    // A step whose question is about a change: it opens on the cluster before (`b=` as the cluster) and
    // reveals the cluster after (`n=` with `b=` for the keys-moved figures).
    let step = |key, settings: String, highlight, question| TourStep {
        key,
        link: link(&settings),
        open_at: StepPoint::Start,
        play_to: StepPoint::End,
        highlight,
        question,
    };
    let moved = || {
        Some(Question {
            key: "q-moved",
            form: QuestionForm::Number,
            answer: keys_moved,
        })
    };
    let spread = || {
        Some(Question {
            key: "q-spread",
            form: QuestionForm::Choice(SPREAD_OPTIONS),
            answer: busiest_over_mean,
        })
    };
    let fail_cache_3 = format!("{}&{}", cluster("n", Some(3)), cluster("b", None));
    vec![Tour {
        id: "basics",
        steps: vec![
            step(
                "modulo",
                format!("algo=modulo&keys=2000&{fail_cache_3}"),
                Some("keys-moved"),
                moved(),
            ),
            step(
                "ring",
                format!("algo=ring&vnodes=100&keys=2000&{fail_cache_3}"),
                Some("keys-moved"),
                moved(),
            ),
            step(
                "one-point",
                format!("algo=ring&vnodes=1&keys=2000&{}", cluster("n", None)),
                Some("balance-max-mean"),
                spread(),
            ),
            step(
                "vnodes",
                format!("algo=ring&vnodes=200&keys=2000&{}", cluster("n", None)),
                Some("balance-max-mean"),
                spread(),
            ),
            step(
                "replicas",
                format!(
                    "algo=ring&vnodes=100&keys=2000&r=3&key=user-42&{}",
                    cluster("n", None)
                ),
                Some("key-replicas"),
                Some(Question {
                    key: "q-failover",
                    form: QuestionForm::Choice(NODE_OPTIONS),
                    answer: next_in_preference,
                }),
            ),
            step(
                "bounded",
                format!(
                    "algo=bounded&vnodes=100&keys=2000&eps=0.25&{}",
                    cluster("n", None)
                ),
                Some("balance-max-mean"),
                Some(Question {
                    key: "q-over-capacity",
                    form: QuestionForm::Choice(YES_NO_OPTIONS),
                    answer: any_node_over_capacity,
                }),
            ),
        ],
    }]
}

/// Keys whose owner changed between the cluster before and the cluster now.
fn keys_moved(scene: &Scene, _cursor: u64) -> Answer {
    Answer::Number(
        scene
            .primary
            .diff
            .as_ref()
            .map_or(0, |diff| diff.moves.len() as u64),
    )
}

/// The busiest node's keys over the mean: under 1.25, up to 2, over 2.
fn busiest_over_mean(scene: &Scene, _cursor: u64) -> Answer {
    let ratio = scene.primary.stats.max_over_mean;
    Answer::Choice(if ratio < 1.25 {
        0
    } else if ratio <= 2.0 {
        1
    } else {
        2
    })
}

/// The looked-up key's second node (its first replica), which serves it when the owner fails.
fn next_in_preference(scene: &Scene, _cursor: u64) -> Answer {
    let name = scene
        .primary
        .lookup
        .as_ref()
        .and_then(|lookup| lookup.preference.get(1))
        .and_then(|index| scene.settings.cluster.nodes().get(*index as usize))
        .map(|node| node.name.as_str());
    let option = NODE_OPTIONS.iter().position(|o| Some(*o) == name);
    Answer::Choice(option.map_or(u32::MAX, |i| i as u32))
}

/// Whether any node holds more keys than bounded loads' capacity.
fn any_node_over_capacity(scene: &Scene, _cursor: u64) -> Answer {
    let over = scene
        .primary
        .capacity
        .is_some_and(|capacity| scene.primary.stats.max_keys > capacity);
    Answer::Choice(if over { 0 } else { 1 })
}
