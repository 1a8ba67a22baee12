//! "Be the network": on a run whose network the user has taken over, the scenario lists what can happen
//! next (deliver a held message, fire a waiting timer), each as an ordinary action, and marks the steps that
//! lead back to a state already shown.
use distlab_core::detect::{FailureSettings, FailuresScenario};
use distlab_core::sandbox::{SandboxScenario, SandboxSettings};
use distlab_core::scenario::{AnyRunSpec, AnySettings, DynScenario};
use distlab_core::sim::{Action, EventKind, NodeId, ScheduledAction};

fn spec(
    settings: AnySettings,
    actions: Vec<ScheduledAction>,
    scenario: &dyn DynScenario,
) -> AnyRunSpec {
    AnyRunSpec {
        network: scenario.default_network(&settings),
        settings,
        seed: Some(3),
        actions,
    }
}

fn at(at_ms: u64, action: Action) -> ScheduledAction {
    ScheduledAction { at_ms, action }
}

#[test]
fn the_steps_are_the_held_messages_and_the_waiting_timers_and_each_replays() {
    let settings = AnySettings::new(SandboxSettings {
        nodes: 2,
        ..SandboxSettings::default()
    });
    // Without the takeover there is nothing to choose: the network and the timers run by themselves.
    let plain = spec(settings.clone(), Vec::new(), &SandboxScenario);
    assert!(SandboxScenario.manual_steps(&plain, 3).is_empty());

    let mut actions = vec![at(0, Action::ManualNetwork)];
    let steps = SandboxScenario.manual_steps(
        &spec(settings.clone(), actions.clone(), &SandboxScenario),
        3,
    );
    // Each node has set its first ping timer at start and waits for it; nothing is on the wire yet.
    let timers: Vec<NodeId> = steps.iter().map(|s| s.node).collect();
    assert_eq!(timers, [NodeId(0), NodeId(1)]);
    assert!(steps
        .iter()
        .all(|s| s.message.is_none() && s.timer.as_deref() == Some("Tick")));
    assert!(steps.iter().all(|s| !s.revisits));

    // Fire n0's timer: its ping is now held on the wire, and both timers wait again.
    actions.push(at(1, steps[0].action.clone()));
    let steps = SandboxScenario.manual_steps(
        &spec(settings.clone(), actions.clone(), &SandboxScenario),
        3,
    );
    let ping = steps
        .iter()
        .find(|s| s.message.is_some())
        .expect("the ping waits to be delivered");
    let message = ping.message.clone().unwrap();
    assert_eq!(
        (message.kind, message.from, message.to),
        ("ping", NodeId(0), NodeId(1))
    );
    assert_eq!(steps.iter().filter(|s| s.timer.is_some()).count(), 2);

    // Deliver it: the run shows the delivery and n1's pong is held in turn.
    actions.push(at(2, ping.action.clone()));
    let run = SandboxScenario.run(
        &spec(settings.clone(), actions.clone(), &SandboxScenario),
        3,
    );
    assert!(run
        .trace
        .events
        .iter()
        .any(|e| matches!(&e.kind, EventKind::Deliver { kind: "ping", .. })));
    let steps = SandboxScenario.manual_steps(&spec(settings, actions, &SandboxScenario), 3);
    assert!(steps
        .iter()
        .any(|s| s.message.as_ref().is_some_and(|m| m.kind == "pong")));
}

#[test]
fn a_step_that_changes_nothing_visible_is_marked_as_a_revisit() {
    let settings = AnySettings::new(FailureSettings {
        nodes: 3,
        ..FailureSettings::default()
    });
    // The preset's faults are left out: only the takeover.
    let actions = vec![at(0, Action::ManualNetwork)];
    let steps = FailuresScenario.manual_steps(&spec(settings, actions, &FailuresScenario), 3);
    // A failure-detector check that fires a millisecond later, with no heartbeat missing yet, changes no
    // verdict and notes nothing: the picture is the one already shown.
    let check = steps
        .iter()
        .find(|s| s.timer.as_deref() == Some("Check"))
        .expect("every node waits on its check timer");
    assert!(check.revisits, "{check:?}");
    // Sending heartbeats changes what is on the wire.
    let beat = steps
        .iter()
        .find(|s| s.timer.as_deref() == Some("Beat"))
        .expect("a beat timer");
    assert!(!beat.revisits);
}
