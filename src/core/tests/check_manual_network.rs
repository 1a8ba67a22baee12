//! The kernel's manual network, which replays model-checker paths and lets a student be the network:
//! messages wait for `Deliver`, timers for `FireTimer`; nothing happens by the clock.
use distlab_core::sandbox::{self, PingPongTimer, Variant};
use distlab_core::share::{decode_actions, encode_actions, validate_actions, ActionLimits};
use distlab_core::sim::{Action, DropReason, EventKind, MsgId, NodeId, ScheduledAction, Sim};

fn at(at_ms: u64, action: Action) -> ScheduledAction {
    ScheduledAction { at_ms, action }
}

fn sandbox(nodes: u32) -> Sim<sandbox::PingPong> {
    sandbox::scenario(nodes, Variant::Correct, sandbox::sandbox_network(), 42)
}

fn count(sim: &Sim<sandbox::PingPong>, wanted: fn(&EventKind) -> bool) -> usize {
    sim.trace()
        .events
        .iter()
        .filter(|e| wanted(&e.kind))
        .count()
}

#[test]
fn on_a_manual_network_nothing_happens_by_the_clock() {
    let mut sim = sandbox(3);
    sim.schedule(at(0, Action::ManualNetwork));
    sim.run_until(60_000);
    assert!(sim.is_manual_network());
    assert_eq!(count(&sim, |k| matches!(k, EventKind::ManualNetwork)), 1);
    assert_eq!(count(&sim, |k| matches!(k, EventKind::Timer { .. })), 0);
    assert_eq!(count(&sim, |k| matches!(k, EventKind::Deliver { .. })), 0);
    for node in 0..3 {
        assert_eq!(sim.timers(NodeId(node)), vec![&PingPongTimer::Tick]);
    }
}

#[test]
fn deliver_and_fire_timer_take_one_step_each() {
    let mut sim = sandbox(2);
    sim.schedule(at(0, Action::ManualNetwork));
    sim.schedule(at(
        10,
        Action::FireTimer {
            node: NodeId(0),
            timer: 0,
        },
    ));
    sim.run_until(10);
    let ping = sim.in_flight()[0].clone();
    assert_eq!(
        (ping.from, ping.to, ping.kind),
        (NodeId(0), NodeId(1), "ping")
    );
    assert_eq!(ping.deliver_at_ms, 10, "held since it was sent");
    // Nothing arrives on its own, however long we wait, and nothing is lost or copied at random though
    // the sandbox's network loses and duplicates 5 %.
    sim.run_until(5_000);
    assert_eq!(sim.in_flight().len(), 1);
    sim.schedule(at(5_000, Action::Deliver { msg: ping.msg }));
    sim.run_until(5_000);
    let pong = sim.in_flight()[0].clone();
    assert_eq!((pong.from, pong.kind), (NodeId(1), "pong"));
    sim.schedule(at(5_010, Action::Deliver { msg: pong.msg }));
    sim.run_until(5_010);
    assert_eq!(sim.view().durable(NodeId(0)).pongs_counted, 1);
    assert!(sim.in_flight().is_empty());
    // The timer was set again by the handler and waits again.
    assert_eq!(sim.timers(NodeId(0)), vec![&PingPongTimer::Tick]);
    // Unknown messages and timer indexes are ignored, as any stale action.
    sim.schedule(at(5_020, Action::Deliver { msg: MsgId(999) }));
    sim.schedule(at(
        5_020,
        Action::FireTimer {
            node: NodeId(1),
            timer: 3,
        },
    ));
    let before = sim.trace().len();
    sim.run_until(5_020);
    assert_eq!(sim.trace().len(), before);
}

#[test]
fn taking_the_network_mid_run_freezes_what_is_in_flight() {
    let mut sim = sandbox(2);
    sim.run_until(150);
    let deliveries = count(&sim, |k| matches!(k, EventKind::Deliver { .. }));
    sim.schedule(at(150, Action::ManualNetwork));
    sim.run_until(10_000);
    assert_eq!(
        count(&sim, |k| matches!(k, EventKind::Deliver { .. })),
        deliveries,
        "nothing more arrives"
    );
    assert_eq!(count(&sim, |k| matches!(k, EventKind::Timer { .. })), {
        let mut before = sandbox(2);
        before.run_until(150);
        count(&before, |k| matches!(k, EventKind::Timer { .. }))
    });
    for flight in sim.in_flight() {
        assert_eq!(flight.deliver_at_ms, 150);
    }
}

#[test]
fn deliveries_to_a_crashed_node_or_across_a_partition_are_lost() {
    let mut sim = sandbox(3);
    sim.schedule(at(0, Action::ManualNetwork));
    for node in 0..2 {
        sim.schedule(at(
            10,
            Action::FireTimer {
                node: NodeId(node),
                timer: 0,
            },
        ));
    }
    sim.run_until(10);
    let flights = sim.in_flight();
    assert_eq!(flights.len(), 2);
    sim.schedule(at(20, Action::Crash { node: NodeId(1) }));
    sim.schedule(at(
        20,
        Action::Partition {
            groups: vec![vec![NodeId(0), NodeId(1)], vec![NodeId(2)]],
        },
    ));
    sim.schedule(at(
        30,
        Action::Deliver {
            msg: flights[0].msg,
        },
    ));
    sim.schedule(at(
        30,
        Action::Deliver {
            msg: flights[1].msg,
        },
    ));
    sim.run_until(30);
    let reasons: Vec<DropReason> = sim
        .trace()
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Drop { reason, .. } => Some(reason),
            _ => None,
        })
        .collect();
    assert_eq!(reasons, [DropReason::NodeDown, DropReason::Partition]);
    // The crash cancelled n1's timer; recovery sets it again, still held.
    assert!(sim.timers(NodeId(1)).is_empty());
    sim.schedule(at(40, Action::Recover { node: NodeId(1) }));
    sim.run_until(1_000);
    assert_eq!(sim.timers(NodeId(1)), vec![&PingPongTimer::Tick]);
}

#[test]
fn without_a_manual_network_deliver_and_fire_timer_act_early() {
    let mut sim = sandbox(2);
    sim.run_until(0);
    // n0's first tick is due later; fire it now, then deliver its ping before its planned time.
    sim.schedule(at(
        0,
        Action::FireTimer {
            node: NodeId(0),
            timer: 0,
        },
    ));
    sim.run_until(0);
    let ping = sim.in_flight()[0].clone();
    assert!(ping.deliver_at_ms >= 10);
    sim.schedule(at(1, Action::Deliver { msg: ping.msg }));
    sim.run_until(1);
    assert!(sim
        .trace()
        .events
        .iter()
        .any(|e| e.time_ms == 1
            && matches!(e.kind, EventKind::Deliver { msg, .. } if msg == ping.msg)));
    // Its stale queue entry does nothing at the planned time.
    sim.run_until(ping.deliver_at_ms);
    let delivered = sim
        .trace()
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Deliver { msg, .. } if msg == ping.msg))
        .count();
    assert_eq!(delivered, 1);
}

#[test]
fn the_new_actions_travel_in_links_and_json() {
    let actions = vec![
        at(0, Action::ManualNetwork),
        at(
            10,
            Action::FireTimer {
                node: NodeId(1),
                timer: 2,
            },
        ),
        at(20, Action::Deliver { msg: MsgId(7) }),
    ];
    let text = encode_actions(&actions);
    assert_eq!(text, "m0_t1.10.2_v7.20");
    assert_eq!(
        decode_actions(&text, &ActionLimits::nodes(2)).unwrap(),
        actions
    );
    let json = serde_json::to_string(&actions).unwrap();
    assert!(json.contains(r#"{"type":"manual-network"}"#), "{json}");
    assert!(
        json.contains(r#"{"type":"fire-timer","node":1,"timer":2}"#),
        "{json}"
    );
    assert!(json.contains(r#"{"type":"deliver","msg":7}"#), "{json}");
    let back: Vec<ScheduledAction> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, actions);
    let missing = serde_json::from_str::<Action>(r#"{"type":"fire-timer","node":1}"#);
    assert!(missing.unwrap_err().to_string().contains("timer"));
    let too_far = [at(
        0,
        Action::FireTimer {
            node: NodeId(0),
            timer: 5_000,
        },
    )];
    let error = validate_actions(&too_far, &ActionLimits::nodes(2)).unwrap_err();
    assert!(error.to_string().contains("timer index"), "{error}");
}

#[test]
fn the_folded_view_matches_the_kernel_on_a_manual_network() {
    let mut sim = sandbox(3);
    sim.run_until(120);
    sim.schedule(at(120, Action::ManualNetwork));
    sim.run_until(120);
    let view = distlab_core::sim::view_at(sim.trace(), sim.trace().len());
    assert_eq!(view.in_flight, sim.in_flight());
    assert!(!sim.in_flight().is_empty());
    let first = sim.in_flight()[0].msg;
    sim.schedule(at(130, Action::DuplicateMessage { msg: first }));
    sim.schedule(at(140, Action::Deliver { msg: first }));
    sim.schedule(at(
        150,
        Action::FireTimer {
            node: NodeId(2),
            timer: 0,
        },
    ));
    sim.run_until(200);
    let view = distlab_core::sim::view_at(sim.trace(), sim.trace().len());
    assert_eq!(view.in_flight, sim.in_flight());
}

mod round_trips {
    use super::*;
    use proptest::prelude::*;

    fn manual_action() -> impl Strategy<Value = Action> {
        prop_oneof![
            Just(Action::ManualNetwork),
            any::<u64>().prop_map(|msg| Action::Deliver { msg: MsgId(msg) }),
            (0u32..4, 0u32..=1_000).prop_map(|(node, timer)| Action::FireTimer {
                node: NodeId(node),
                timer
            }),
        ]
    }

    proptest! {
        #[test]
        fn manual_steps_read_back_from_links_and_json(
            steps in proptest::collection::vec((0u64..10_000_000, manual_action()), 0..20)
        ) {
            let actions: Vec<ScheduledAction> =
                steps.into_iter().map(|(at_ms, action)| at(at_ms, action)).collect();
            let text = encode_actions(&actions);
            prop_assert_eq!(decode_actions(&text, &ActionLimits::nodes(4)).unwrap(), actions.clone());
            let json = serde_json::to_string(&actions).unwrap();
            let back: Vec<ScheduledAction> = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, actions);
        }
    }
}
