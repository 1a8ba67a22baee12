//! Node clocks (drift and jumps, timers on a node's own clock), client commands, liveness deadlines and
//! what properties can see, through one small test protocol that uses all of them.
use distlab_core::sim::*;
use serde::Serialize;

/// `set d`: ring after `d` ms of my clock. `ping`: send node 0 a ping.
#[derive(Clone, Debug, PartialEq)]
enum AlarmCommand {
    Set { after_ms: u64 },
    Ping,
}

impl Command for AlarmCommand {
    fn to_record(&self) -> CommandRecord {
        match self {
            AlarmCommand::Set { after_ms } => CommandRecord::with_arg("set", *after_ms),
            AlarmCommand::Ping => CommandRecord::new("ping"),
        }
    }

    fn from_record(record: &CommandRecord) -> Option<Self> {
        match (record.code.as_str(), record.arg) {
            ("set", Some(after_ms)) => Some(AlarmCommand::Set { after_ms }),
            ("ping", None) => Some(AlarmCommand::Ping),
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
struct Ping;

impl Message for Ping {
    fn kind(&self) -> &'static str {
        "ping"
    }
}

#[derive(Clone, Debug, PartialEq, Hash, Serialize)]
struct Rang {
    clock_ms: u64,
}

impl Note for Rang {
    fn state(&self) -> &'static str {
        "rang"
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Rings {
    /// The node's clock reading each time its alarm rang.
    at_clock_ms: Vec<u64>,
}

#[derive(Clone, Debug)]
struct Alarm;

impl Protocol for Alarm {
    type Msg = Ping;
    type Timer = ();
    type Durable = Rings;
    type Note = Rang;
    type Command = AlarmCommand;

    fn on_start(&mut self, _io: &mut Io<'_, Self>) {}

    fn on_message(&mut self, _io: &mut Io<'_, Self>, _from: NodeId, _msg: Ping) {}

    fn on_timer(&mut self, io: &mut Io<'_, Self>, _timer: ()) {
        let clock_ms = io.clock_ms();
        io.durable().at_clock_ms.push(clock_ms);
        io.note(Rang { clock_ms });
    }

    fn on_command(&mut self, io: &mut Io<'_, Self>, command: AlarmCommand) {
        match command {
            AlarmCommand::Set { after_ms } => io.set_timer((), after_ms),
            AlarmCommand::Ping => io.send(NodeId(0), Ping),
        }
    }
}

fn at(at_ms: TimeMs, action: Action) -> ScheduledAction {
    ScheduledAction { at_ms, action }
}

fn set(node: u32, after_ms: u64) -> Action {
    Action::Command {
        node: NodeId(node),
        command: AlarmCommand::Set { after_ms }.to_record(),
    }
}

/// When (in virtual time) each node's alarm rang.
fn rang_at(sim: &Sim<Alarm>) -> Vec<(NodeId, TimeMs)> {
    sim.trace()
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Timer { node, .. } => Some((node, e.time_ms)),
            _ => None,
        })
        .collect()
}

fn calm() -> NetworkConfig {
    NetworkConfig {
        latency_ms_min: 1_000,
        latency_ms_max: 1_000,
        ..NetworkConfig::default()
    }
}

#[test]
fn timers_run_on_each_nodes_own_clock() {
    // n0 exact, n1 50 % fast, n2 20 % slow and starting 5 s ahead.
    let clocks = [
        ClockSpec::default(),
        ClockSpec::drifting(500_000),
        ClockSpec {
            drift_ppm: -200_000,
            offset_ms: 5_000,
        },
    ];
    let mut sim = Sim::new(vec![Alarm, Alarm, Alarm], calm(), 1).with_clocks(&clocks);
    for node in 0..3 {
        sim.schedule(at(100, set(node, 1_000)));
    }
    sim.run_until(3_000);
    // 1,000 ms of n1's clock pass in 667 virtual ms; of n2's in 1,250.
    assert_eq!(
        rang_at(&sim),
        [(NodeId(1), 767), (NodeId(0), 1_100), (NodeId(2), 1_350)]
    );
    assert_eq!(sim.view().durable(NodeId(0)).at_clock_ms, [1_100]);
    assert_eq!(sim.view().durable(NodeId(1)).at_clock_ms, [1_150]);
    // n2 read 5,080 when told (100 × 0.8 + 5,000) and rings when it shows 6,080.
    assert_eq!(sim.view().durable(NodeId(2)).at_clock_ms, [6_080]);
    assert_eq!(sim.clock_ms(NodeId(1)), Some(4_500));
}

#[test]
fn a_clock_jump_moves_the_timers_of_that_node_only() {
    let mut sim = Sim::new(vec![Alarm, Alarm, Alarm], calm(), 1);
    for node in 0..3 {
        sim.schedule(at(100, set(node, 1_000)));
    }
    sim.schedule(at(
        300,
        Action::ClockJump {
            node: NodeId(0),
            jump_ms: 600,
        },
    ));
    sim.schedule(at(
        300,
        Action::ClockJump {
            node: NodeId(1),
            jump_ms: -500,
        },
    ));
    sim.run_until(3_000);
    // n0 jumped from 300 to 900: its alarm due at 1,100 is 200 ms away. n1 jumped back to -200: 1,300 away.
    assert_eq!(
        rang_at(&sim),
        [(NodeId(0), 500), (NodeId(2), 1_100), (NodeId(1), 1_600)]
    );
    assert_eq!(sim.view().durable(NodeId(0)).at_clock_ms, [1_100]);
    assert!(sim.trace().events.iter().any(|e| matches!(
        e.kind,
        EventKind::ClockJump {
            node: NodeId(1),
            jump_ms: -500
        }
    )));
    // A jump past the due time rings at once.
    let mut late = Sim::new(vec![Alarm], calm(), 1);
    late.schedule(at(100, set(0, 1_000)));
    late.schedule(at(
        200,
        Action::ClockJump {
            node: NodeId(0),
            jump_ms: 5_000,
        },
    ));
    late.run_until(3_000);
    assert_eq!(rang_at(&late), [(NodeId(0), 200)]);
}

#[test]
fn commands_reach_nodes_that_are_up_and_are_refused_by_others() {
    let mut sim = Sim::new(vec![Alarm, Alarm], calm(), 1);
    sim.schedule(at(50, Action::Crash { node: NodeId(1) }));
    sim.schedule(at(100, set(1, 100)));
    sim.schedule(at(100, set(0, 100)));
    sim.schedule(at(
        150,
        Action::Command {
            node: NodeId(0),
            command: CommandRecord::new("explode"),
        },
    ));
    sim.run_until(1_000);
    let commands: Vec<(NodeId, bool)> = sim
        .trace()
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Command {
                node, delivered, ..
            } => Some((*node, *delivered)),
            _ => None,
        })
        .collect();
    // The down node refused its command; the unknown command left no trace at all.
    assert_eq!(commands, [(NodeId(1), false), (NodeId(0), true)]);
    assert_eq!(rang_at(&sim), [(NodeId(0), 200)]);
    // Notes are typed values the trace points at.
    let note = sim
        .trace()
        .events
        .iter()
        .find_map(|e| match e.kind {
            EventKind::State { note, state, .. } => Some((note, state)),
            _ => None,
        })
        .expect("a note");
    assert_eq!(note.1, "rang");
    assert_eq!(sim.notes()[note.0 as usize], Rang { clock_ms: 200 });
}

/// "By the deadline every node has rung": a liveness property.
struct EveryoneRang;

impl Invariant<Alarm> for EveryoneRang {
    fn name(&self) -> &str {
        "everyone-rang"
    }

    fn check(&self, view: &NodesView<'_, Alarm>) -> Result<(), Violation> {
        let silent: Vec<NodeId> = view
            .ids()
            .filter(|id| view.durable(*id).at_clock_ms.is_empty())
            .collect();
        if silent.is_empty() {
            return Ok(());
        }
        Err(Violation {
            invariant: self.name().into(),
            detail: format!("{} never rang", silent.len()),
            nodes: silent,
        })
    }
}

#[test]
fn a_liveness_property_is_checked_at_its_deadline_and_halts_the_run() {
    let build = || {
        let mut sim = Sim::new(vec![Alarm, Alarm], calm(), 1).with_deadline(2_000, EveryoneRang);
        sim.schedule(at(100, set(0, 500)));
        sim.schedule(at(100, set(1, 500)));
        sim
    };
    let mut fine = build();
    fine.run_until(5_000);
    assert_eq!(fine.violation(), None);
    let mut broken = build();
    broken.schedule(at(300, Action::Crash { node: NodeId(1) }));
    broken.run_until(5_000);
    let violation = broken.violation().expect("n1 never rang");
    assert_eq!(violation.invariant, "everyone-rang");
    assert_eq!(violation.nodes, [NodeId(1)]);
    assert_eq!(
        broken.now(),
        2_000,
        "checked at the deadline, and the run stops there"
    );
    assert!(matches!(
        broken.trace().events.last().map(|e| &e.kind),
        Some(EventKind::Violation { .. })
    ));
}

/// Properties see the messages on the wire: "never more than two pings in flight".
struct FewInFlight;

impl Invariant<Alarm> for FewInFlight {
    fn name(&self) -> &str {
        "few-in-flight"
    }

    fn check(&self, view: &NodesView<'_, Alarm>) -> Result<(), Violation> {
        let senders: Vec<NodeId> = view.in_flight().map(|(_, from, _, _)| from).collect();
        if senders.len() <= 2 {
            return Ok(());
        }
        Err(Violation {
            invariant: self.name().into(),
            detail: format!(
                "{} in flight after {} events",
                senders.len(),
                view.history().len()
            ),
            nodes: senders,
        })
    }
}

#[test]
fn properties_see_messages_in_flight_and_the_history() {
    let ping = |node: u32| Action::Command {
        node: NodeId(node),
        command: AlarmCommand::Ping.to_record(),
    };
    let mut sim = Sim::new(vec![Alarm, Alarm, Alarm], calm(), 1).with_invariant(FewInFlight);
    sim.schedule(at(10, ping(1)));
    sim.schedule(at(20, ping(2)));
    sim.schedule(at(2_000, ping(1)));
    sim.run_until(1_500);
    assert_eq!(
        sim.violation(),
        None,
        "two in flight is fine, and both arrive"
    );
    sim.schedule(at(1_600, ping(2)));
    sim.schedule(at(1_700, ping(1)));
    sim.run_until(5_000);
    let violation = sim.violation().expect("three in flight");
    assert_eq!(violation.nodes, [NodeId(2), NodeId(1), NodeId(1)]);
    assert_eq!(sim.now(), 2_000);
}

#[test]
fn drifting_runs_with_commands_are_deterministic() {
    let run = |seed| {
        let mut sim = Sim::new(vec![Alarm, Alarm, Alarm], NetworkConfig::default(), seed)
            .with_clocks(&[ClockSpec::drifting(12_345), ClockSpec::drifting(-54_321)]);
        for (i, node) in [0u32, 1, 2, 1, 0].into_iter().enumerate() {
            sim.schedule(at(37 * i as u64, set(node, 333 + i as u64)));
        }
        sim.schedule(at(
            250,
            Action::ClockJump {
                node: NodeId(2),
                jump_ms: 77,
            },
        ));
        sim.run_until(10_000);
        sim.digest()
    };
    assert_eq!(run(5), run(5));
}
