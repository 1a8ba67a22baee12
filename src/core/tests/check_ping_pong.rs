//! The model checker on the sandbox's ping-pong: state counts against an independent enumeration, the
//! correct variant holds under faults, the broken one is caught once the network may duplicate, and the
//! counterexample replays in the sandbox's own simulator run.
use distlab_core::check::{
    replay_actions, CheckBudget, CheckModel, CheckOutcome, CheckStep, Checker, NetworkKind,
};
use distlab_core::sandbox::{
    self, PingPong, PongsNeverExceedPings, Variant, PONGS_NEVER_EXCEED_PINGS,
};
use distlab_core::sim::NodesView;
use std::collections::BTreeSet;

/// Ping-pong's state space is infinite (a node may always ping again), so the models stop, as TLC's
/// `CONSTRAINT` does, at `pings_max` pings per node.
fn model(
    nodes: u32,
    variant: Variant,
    pings_max: u64,
    budget: CheckBudget,
) -> CheckModel<PingPong> {
    let nodes = (0..nodes).map(|_| PingPong::new(variant)).collect();
    CheckModel::new(nodes, NetworkKind::Multiset)
        .budget(budget)
        .invariant(PongsNeverExceedPings)
        .state_constraint(move |view: &NodesView<'_, PingPong>| {
            view.ids()
                .all(|id| view.durable(id).pings_sent <= pings_max)
        })
}

fn duplicates(duplicates_max: u32) -> CheckBudget {
    CheckBudget {
        duplicates_max,
        ..CheckBudget::NONE
    }
}

/// Ping-pong's states written out by hand from its description (each node's outstanding pings, pings sent,
/// pongs counted; the multiset of messages; duplications used), without the platform: a node may ping its
/// neighbour at any time (its `Tick` is always active), a ping is answered by a pong, a pong counts if
/// its ping is outstanding, and the network may copy a message `duplicates_max` times.
fn spec_state_count(nodes: usize, pings_max: u64, duplicates_max: u32) -> u64 {
    type Node = (BTreeSet<u64>, u64, u64);
    type Msg = (usize, usize, bool, u64); // (from, to, is_pong, seq)
    type State = (Vec<Node>, Vec<Msg>, u32);
    let start: State = (vec![(BTreeSet::new(), 0, 0); nodes], Vec::new(), 0);
    let mut seen = BTreeSet::from([start.clone()]);
    let mut todo = vec![start];
    while let Some((node_states, msgs, used)) = todo.pop() {
        let mut next: Vec<State> = Vec::new();
        for n in 0..nodes {
            let (outstanding, sent, counted) = &node_states[n];
            if sent + 1 > pings_max {
                continue;
            }
            let mut ns = node_states.clone();
            let mut out = outstanding.clone();
            out.insert(*sent);
            ns[n] = (out, sent + 1, *counted);
            let mut ms = msgs.clone();
            ms.push((n, (n + 1) % nodes, false, *sent));
            ms.sort();
            next.push((ns, ms, used));
        }
        for (i, msg) in msgs.iter().enumerate() {
            if i > 0 && msgs[i - 1] == *msg {
                continue;
            }
            let mut ms = msgs.clone();
            ms.remove(i);
            let (from, to, is_pong, seq) = *msg;
            let mut ns = node_states.clone();
            if is_pong {
                if ns[to].0.remove(&seq) {
                    ns[to].2 += 1;
                }
            } else {
                ms.push((to, from, true, seq));
                ms.sort();
            }
            next.push((ns, ms, used));
            if used < duplicates_max {
                let mut ms = msgs.clone();
                ms.push(*msg);
                ms.sort();
                next.push((node_states.clone(), ms, used + 1));
            }
        }
        for state in next {
            if seen.insert(state.clone()) {
                todo.push(state);
            }
        }
    }
    seen.len() as u64
}

#[test]
fn state_counts_equal_an_enumeration_of_the_protocol() {
    // (nodes, pings per node, duplications, distinct states)
    let cases = [
        (2, 2, 0, 169),
        (2, 2, 1, 1_199),
        (3, 1, 0, 64),
        (3, 1, 1, 341),
        (2, 3, 0, 1_600),
    ];
    for (nodes, pings_max, duplicates_max, expected) in cases {
        assert_eq!(
            spec_state_count(nodes as usize, pings_max, duplicates_max),
            expected
        );
        let report = Checker::new(model(
            nodes,
            Variant::Correct,
            pings_max,
            duplicates(duplicates_max),
        ))
        .run_to_end();
        assert_eq!(
            report.distinct_states, expected,
            "{nodes} nodes, {pings_max} pings, {duplicates_max} duplicates"
        );
        assert_eq!(report.outcome, CheckOutcome::AllSatisfy);
    }
}

#[test]
fn the_correct_variant_holds_under_duplication_loss_and_crashes() {
    let budget = CheckBudget {
        drops_max: 1,
        duplicates_max: 1,
        crashes_max: 1,
        recoveries_max: 1,
        partitions_max: 1,
        commands_max: 0,
    };
    let report = Checker::new(model(2, Variant::Correct, 2, budget)).run_to_end();
    assert_eq!(report.outcome, CheckOutcome::AllSatisfy);
    assert!(report.distinct_states > spec_state_count(2, 2, 1));
}

#[test]
fn the_broken_variant_is_caught_only_when_the_network_may_duplicate() {
    // Without duplication, counting every pong is the same as counting outstanding ones.
    let clean = Checker::new(model(
        2,
        Variant::CountsDuplicatePongs,
        2,
        CheckBudget::NONE,
    ))
    .run_to_end();
    assert_eq!(clean.outcome, CheckOutcome::AllSatisfy);
    assert_eq!(clean.distinct_states, spec_state_count(2, 2, 0));
    // One duplicated pong: ping, answer, copy the pong, deliver both. Five steps, no fewer.
    let report =
        Checker::new(model(2, Variant::CountsDuplicatePongs, 2, duplicates(1))).run_to_end();
    let CheckOutcome::Violation { path, violation } = report.outcome else {
        panic!("the broken variant was not caught: {:?}", report.outcome);
    };
    assert_eq!(violation.invariant, PONGS_NEVER_EXCEED_PINGS);
    assert_eq!(path.len(), 5, "{path:?}");
    assert!(matches!(path[0], CheckStep::FireTimer { .. }));
    assert!(matches!(path[2], CheckStep::Duplicate { .. }));
}

#[test]
fn the_counterexample_replays_in_the_sandbox_whatever_its_network_and_seed() {
    for nodes in [2, 3] {
        let mut checker = Checker::new(model(
            nodes,
            Variant::CountsDuplicatePongs,
            1,
            duplicates(1),
        ));
        let CheckOutcome::Violation { path, violation } = checker.run_to_end().outcome else {
            panic!("not caught");
        };
        let actions = replay_actions(checker.model(), &path, 10);
        // The sandbox's own lossy, duplicating network and its random first ticks change nothing: the
        // network is the actions'.
        for seed in [1, 42, 9_001] {
            let mut sim = sandbox::scenario(
                nodes,
                Variant::CountsDuplicatePongs,
                sandbox::sandbox_network(),
                seed,
            );
            for action in &actions {
                sim.schedule(action.clone());
            }
            sim.run_until(10 * path.len() as u64 + 100);
            assert_eq!(
                sim.violation(),
                Some(&violation),
                "{nodes} nodes, seed {seed}"
            );
            assert_eq!(sim.now(), 10 * path.len() as u64);
        }
    }
}
