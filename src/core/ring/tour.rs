//! The ring panel's tour: why modulo moves everything, virtual nodes and balance, replicas and failover,
//! bounded loads. The ring is not simulated: a step is the ring's own link (its cluster now, the cluster
//! before the last change, its sliders), and a question reads the [`Scene`] the panel draws from it.
use super::scene::Scene;
use crate::tour::{ask, step, Answer, Question, QuestionForm, StepPoint, Tour, TourStep};

/// Options of "how uneven is the load" (busiest node over the mean).
pub const SPREAD_OPTIONS: &[&str] = &["spread-even", "spread-uneven", "spread-very-uneven"];
/// Options of "which node serves the key next", by the default cluster's names.
pub const NODE_OPTIONS: &[&str] = &["cache-1", "cache-2", "cache-3", "cache-4", "cache-5"];
/// Options of a yes-or-no question.
pub const YES_NO_OPTIONS: &[&str] = &["yes", "no"];

const MOVED: Option<Question<Scene>> = ask("q-moved", QuestionForm::Number, keys_moved);
const SPREAD: Option<Question<Scene>> = ask(
    "q-spread",
    QuestionForm::Choice(SPREAD_OPTIONS),
    busiest_over_mean,
);
const BALANCE: Option<&str> = Some("balance-max-mean");
use StepPoint::{End, Start};

/// The steps, as data: the default five cache servers; a change's step gives the cluster before it as `b=`
/// (the panel opens the step on it and reveals the change).
static STEPS: [TourStep<Scene>; 6] = [
    step("modulo", "algo=modulo&keys=2000&n=1.u.cache-1&n=1.u.cache-2&n=1.d.cache-3&n=1.u.cache-4&n=1.u.cache-5&b=1.u.cache-1&b=1.u.cache-2&b=1.u.cache-3&b=1.u.cache-4&b=1.u.cache-5", Start, End, Some("keys-moved"), MOVED),
    step("ring", "algo=ring&vnodes=100&keys=2000&n=1.u.cache-1&n=1.u.cache-2&n=1.d.cache-3&n=1.u.cache-4&n=1.u.cache-5&b=1.u.cache-1&b=1.u.cache-2&b=1.u.cache-3&b=1.u.cache-4&b=1.u.cache-5", Start, End, Some("keys-moved"), MOVED),
    step("one-point", "algo=ring&vnodes=1&keys=2000&n=1.u.cache-1&n=1.u.cache-2&n=1.u.cache-3&n=1.u.cache-4&n=1.u.cache-5", Start, End, BALANCE, SPREAD),
    step("vnodes", "algo=ring&vnodes=200&keys=2000&n=1.u.cache-1&n=1.u.cache-2&n=1.u.cache-3&n=1.u.cache-4&n=1.u.cache-5", Start, End, BALANCE, SPREAD),
    step("replicas", "algo=ring&vnodes=100&keys=2000&r=3&key=user-42&n=1.u.cache-1&n=1.u.cache-2&n=1.u.cache-3&n=1.u.cache-4&n=1.u.cache-5", Start, End, Some("key-replicas"),
         ask("q-failover", QuestionForm::Choice(NODE_OPTIONS), next_in_preference)),
    step("bounded", "algo=bounded&vnodes=100&keys=2000&eps=0.25&n=1.u.cache-1&n=1.u.cache-2&n=1.u.cache-3&n=1.u.cache-4&n=1.u.cache-5", Start, End, BALANCE,
         ask("q-over-capacity", QuestionForm::Choice(YES_NO_OPTIONS), any_node_over_capacity)),
];

static TOURS: [Tour<Scene>; 1] = [Tour {
    id: "basics",
    steps: &STEPS,
}];

/// The panel's tours.
pub fn tours() -> &'static [Tour<Scene>] {
    &TOURS
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
