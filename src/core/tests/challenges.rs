//! Every panel's challenges: the starting run does not meet the goal; a run within the budget that does is
//! found by trying single faults on a grid (so the goal is reachable, and the judge says won); one fault
//! more than the budget, or other settings, is refused even though the goal is met.
use distlab_core::lock::LockScenario;
use distlab_core::scenario::{
    AnyRunSpec, Challenge, ChallengeStatus, DynScenario, FaultCounts, Goal,
};
use distlab_core::share::Params;
use distlab_core::sim::{Action, NodeId, ScheduledAction, TimeMs};
use distlab_core::txn::TxnScenario;

const SCENARIOS: [&(dyn DynScenario + Sync); 2] = [&LockScenario, &TxnScenario];

/// Every single fault the budget allows, at every `step_ms` of the run.
fn candidates(
    budget: &FaultCounts,
    nodes: u32,
    horizon_ms: TimeMs,
    step_ms: TimeMs,
) -> Vec<Vec<ScheduledAction>> {
    let mut out = Vec::new();
    let at = |ms, action| ScheduledAction { at_ms: ms, action };
    for ms in (0..horizon_ms).step_by(step_ms as usize) {
        for n in 0..nodes {
            let node = NodeId(n);
            if budget.crashes > 0 {
                out.push(vec![at(ms, Action::Crash { node })]);
            }
            if budget.pauses > 0 {
                for duration_ms in [1_500, 3_000] {
                    out.push(vec![at(ms, Action::Pause { node, duration_ms })]);
                }
            }
            if budget.partitions > 0 {
                // One node cut off from the rest, healed later or never.
                let groups = vec![vec![node]];
                out.push(vec![at(
                    ms,
                    Action::Partition {
                        groups: groups.clone(),
                    },
                )]);
                out.push(vec![
                    at(ms, Action::Partition { groups }),
                    at(ms + 2_000, Action::Heal),
                ]);
            }
        }
    }
    out
}

fn run_with(start: &AnyRunSpec, actions: Vec<ScheduledAction>) -> AnyRunSpec {
    AnyRunSpec {
        actions,
        ..start.clone()
    }
}

/// The first run within `challenge`'s budget that meets its goal, by a grid of single faults.
fn winning_run(scenario: &dyn DynScenario, challenge: &Challenge) -> Option<AnyRunSpec> {
    let start = challenge.start_spec(scenario);
    let nodes = scenario.node_count(&start.settings);
    let horizon_ms = scenario.horizon_ms(&start.settings, &[]);
    for actions in candidates(&challenge.budget, nodes, horizon_ms, 50) {
        let spec = run_with(&start, actions);
        let run = scenario.run(&spec, spec.seed.unwrap_or(0));
        if challenge.judge(scenario, &spec, &run).status == ChallengeStatus::Won {
            return Some(spec);
        }
    }
    None
}

#[test]
fn every_challenge_starts_unmet_and_is_won_within_its_budget() {
    for scenario in SCENARIOS {
        assert!(
            scenario.challenges().len() >= 2,
            "{} has fewer than two challenges",
            scenario.slug()
        );
        for challenge in scenario.challenges() {
            let start = challenge.start_spec(scenario);
            let (_, problems) = scenario.read(
                &Params(
                    challenge
                        .start
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                ),
                &[],
            );
            assert!(problems.is_empty(), "{}: {problems:?}", challenge.id);
            let quiet = scenario.run(&start, start.seed.unwrap_or(0));
            let judged = challenge.judge(scenario, &start, &quiet);
            assert_eq!(
                judged.status,
                ChallengeStatus::Open,
                "{} is met with no fault",
                challenge.id
            );
            assert!(!judged.goal_met);

            let won = winning_run(scenario, challenge)
                .unwrap_or_else(|| panic!("no single fault wins {}", challenge.id));
            let run = scenario.run(&won, won.seed.unwrap_or(0));
            let judged = challenge.judge(scenario, &won, &run);
            assert!(judged.goal_met && judged.used.within(&challenge.budget));
            // The goal is read off the run: a violation of the property, or the state held that long.
            match challenge.goal {
                Goal::Breaks(property) => {
                    assert_eq!(
                        run.violation.as_ref().map(|v| v.invariant.as_str()),
                        Some(property)
                    )
                }
                Goal::StateFor { state, ms } => {
                    assert!(
                        distlab_core::scenario::longest_in_state(&run.trace, run.horizon_ms, state)
                            >= ms
                    )
                }
            }

            // One fault too many: refused, though the goal is still met.
            let mut over = won.clone();
            let extra = match challenge.budget {
                FaultCounts { pauses: 0, .. } => Action::Pause {
                    node: NodeId(0),
                    duration_ms: 10,
                },
                _ => Action::Crash { node: NodeId(0) },
            };
            over.actions.push(ScheduledAction {
                at_ms: run.horizon_ms + 1,
                action: extra.clone(),
            });
            over.actions.push(ScheduledAction {
                at_ms: run.horizon_ms + 1,
                action: extra,
            });
            let over_run = scenario.run(&over, over.seed.unwrap_or(0));
            assert_eq!(
                challenge.judge(scenario, &over, &over_run).status,
                ChallengeStatus::OverBudget,
                "{} allows more than its budget",
                challenge.id
            );

            // Other settings (a different variant) do not count, whatever they show.
            let mut params = Params(
                challenge
                    .start
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            );
            for (key, value) in params.0.iter_mut() {
                if key == "seed" {
                    continue;
                }
                if key == "variant" {
                    *value = if value == "lease" || value == "set-nx" {
                        "check-then-set".into()
                    } else {
                        "early-commit".into()
                    };
                }
            }
            let (other, _) = scenario.read(&params, &[]);
            let other = AnyRunSpec {
                actions: won.actions.clone(),
                ..other
            };
            let other_run = scenario.run(&other, other.seed.unwrap_or(0));
            assert_eq!(
                challenge.judge(scenario, &other, &other_run).status,
                ChallengeStatus::SettingsChanged
            );
        }
    }
}

#[test]
fn a_state_held_is_timed_from_the_trace_and_a_crash_ends_it() {
    // The 2PC challenge's own measure, against the trace read by hand: a participant in doubt from its
    // vote until the decision reaches it (or the run ends).
    let challenge = TxnScenario.challenges()[0];
    let won = winning_run(&TxnScenario, &challenge).expect("a winning crash");
    let run = TxnScenario.run(&won, won.seed.unwrap_or(0));
    let longest = distlab_core::scenario::longest_in_state(&run.trace, run.horizon_ms, "in-doubt");
    let mut by_hand: TimeMs = 0;
    let mut since: std::collections::BTreeMap<u32, TimeMs> = Default::default();
    for event in &run.trace.events {
        match &event.kind {
            distlab_core::sim::EventKind::State { node, state, .. } => {
                if let Some(from) = since.remove(&node.0) {
                    by_hand = by_hand.max(event.time_ms - from);
                }
                if *state == "in-doubt" {
                    since.insert(node.0, event.time_ms);
                }
            }
            distlab_core::sim::EventKind::Crash { node } => {
                if let Some(from) = since.remove(&node.0) {
                    by_hand = by_hand.max(event.time_ms - from);
                }
            }
            _ => {}
        }
    }
    let end = run
        .horizon_ms
        .max(run.trace.events.last().map_or(0, |e| e.time_ms));
    for from in since.values() {
        by_hand = by_hand.max(end - from);
    }
    assert_eq!(longest, by_hand);
    assert!(longest >= 2_000);
}
