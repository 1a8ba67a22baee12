//! The checker's untimed semantics on a protocol small enough to count by hand: multiset against sent-set
//! networks, each fault of the budget, what a crash keeps, client commands, and their replay.
use distlab_core::check::{
    replay_actions, CheckBudget, CheckModel, CheckOutcome, CheckStep, Checker, NetworkKind,
};
use distlab_core::sim::{
    Action, Command, CommandRecord, Invariant, Io, Label, Message, NetworkConfig, NodeId,
    NodesView, Protocol, Sim, Violation,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Hello;

impl Message for Hello {
    fn kind(&self) -> &'static str {
        "hello"
    }
}

/// "Say hello to n1."
#[derive(Clone, Copy, Debug, PartialEq)]
struct SayHello;

impl Command for SayHello {
    fn to_record(&self) -> CommandRecord {
        CommandRecord::new("say-hello")
    }

    fn from_record(record: &CommandRecord) -> Option<Self> {
        (record.code == "say-hello").then_some(SayHello)
    }
}

/// n0 greets n1 (at start, if `greets_at_start`, and on every command); n1 counts greetings durably and
/// remembers, volatile, that it has been greeted.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Relay {
    greets_at_start: bool,
    greeted: bool,
}

impl Protocol for Relay {
    type Msg = Hello;
    type Timer = ();
    type Durable = u32;
    type Note = Label;
    type Command = SayHello;

    fn on_start(&mut self, io: &mut Io<'_, Self>) {
        if io.me() == NodeId(0) && self.greets_at_start {
            io.send(NodeId(1), Hello);
        }
    }

    fn on_message(&mut self, io: &mut Io<'_, Self>, _from: NodeId, _msg: Hello) {
        self.greeted = true;
        *io.durable() += 1;
    }

    fn on_timer(&mut self, _io: &mut Io<'_, Self>, _timer: ()) {}

    fn on_command(&mut self, io: &mut Io<'_, Self>, _command: SayHello) {
        io.send(NodeId(1), Hello);
    }
}

fn relay(greets_at_start: bool, network: NetworkKind, budget: CheckBudget) -> CheckModel<Relay> {
    let node = Relay {
        greets_at_start,
        greeted: false,
    };
    CheckModel::new(vec![node.clone(), node], network)
        .budget(budget)
        .state_constraint(|view: &NodesView<'_, Relay>| *view.durable(NodeId(1)) <= 3)
}

fn count(model: CheckModel<Relay>) -> u64 {
    let report = Checker::new(model).run_to_end();
    assert_eq!(report.outcome, CheckOutcome::AllSatisfy);
    report.distinct_states
}

const NONE: CheckBudget = CheckBudget::NONE;

#[test]
fn a_multiset_delivers_once_and_a_sent_set_again_and_again() {
    // Multiset: hello in flight, then delivered.
    assert_eq!(count(relay(true, NetworkKind::Multiset, NONE)), 2);
    // Sent set: it stays deliverable, so n1 counts 0, 1, 2, 3 (4 is outside the constraint).
    assert_eq!(count(relay(true, NetworkKind::SentSet, NONE)), 4);
}

#[test]
fn each_fault_of_the_budget_adds_the_states_it_makes_reachable() {
    let with = |f: fn(&mut CheckBudget)| {
        let mut budget = NONE;
        f(&mut budget);
        budget
    };
    // Copy it: {1 copy, 2 copies, delivered, delivered with a copy left, both delivered}.
    let duplicate = with(|b| b.duplicates_max = 1);
    assert_eq!(count(relay(true, NetworkKind::Multiset, duplicate)), 5);
    // Duplication means nothing on a sent set.
    assert_eq!(count(relay(true, NetworkKind::SentSet, duplicate)), 4);
    // Lose it: {in flight, delivered, lost}.
    let drop = with(|b| b.drops_max = 1);
    assert_eq!(count(relay(true, NetworkKind::Multiset, drop)), 3);
    // Crash either node, once: {start, delivered, n0 down with hello in flight, n1 down with hello
    // waiting, delivered then n0 down (the same as n0 down then delivered), delivered then n1 down}.
    let crash = with(|b| b.crashes_max = 1);
    assert_eq!(count(relay(true, NetworkKind::Multiset, crash)), 6);
    // Partition once, two nodes: {start, delivered, cut with hello waiting, healed with hello waiting,
    // healed and delivered (either way), delivered then cut}.
    let partition = with(|b| b.partitions_max = 1);
    assert_eq!(count(relay(true, NetworkKind::Multiset, partition)), 6);
}

/// Whoever counted a greeting remembers being greeted; false after a crash, which keeps the count.
struct RemembersGreetings;

impl Invariant<Relay> for RemembersGreetings {
    fn name(&self) -> &str {
        "remembers-greetings"
    }

    fn check(&self, view: &NodesView<'_, Relay>) -> Result<(), Violation> {
        match view
            .ids()
            .find(|&id| *view.durable(id) > 0 && !view.node(id).greeted)
        {
            Some(id) => Err(Violation {
                invariant: self.name().to_string(),
                nodes: vec![id],
                detail: format!("{id} counted a greeting it does not remember"),
            }),
            None => Ok(()),
        }
    }
}

#[test]
fn a_crash_resets_volatile_state_and_keeps_durable_state() {
    let crash = CheckBudget {
        crashes_max: 1,
        ..NONE
    };
    let model = relay(true, NetworkKind::Multiset, crash).invariant(RemembersGreetings);
    let report = Checker::new(model).run_to_end();
    let CheckOutcome::Violation { path, .. } = report.outcome else {
        panic!("{:?}", report.outcome);
    };
    assert_eq!(
        path,
        [
            CheckStep::Deliver {
                from: NodeId(0),
                to: NodeId(1),
                msg: Hello
            },
            CheckStep::Crash { node: NodeId(1) }
        ]
    );
}

/// n1 has counted fewer than two greetings.
struct FewerThanTwo;

impl Invariant<Relay> for FewerThanTwo {
    fn name(&self) -> &str {
        "fewer-than-two"
    }

    fn check(&self, view: &NodesView<'_, Relay>) -> Result<(), Violation> {
        if *view.durable(NodeId(1)) >= 2 {
            return Err(Violation {
                invariant: self.name().to_string(),
                nodes: vec![NodeId(1)],
                detail: "two greetings".to_string(),
            });
        }
        Ok(())
    }
}

#[test]
fn commands_come_from_the_model_list_within_the_budget_and_replay_as_commands() {
    let commands = CheckBudget {
        commands_max: 2,
        ..NONE
    };
    let model =
        || relay(false, NetworkKind::Multiset, commands).commands(vec![(NodeId(0), SayHello)]);
    // {none, 1 sent, 1 delivered, 2 sent, 1 delivered 1 sent, 2 delivered}.
    assert_eq!(count(model()), 6);
    let mut checker = Checker::new(model().invariant(FewerThanTwo));
    let CheckOutcome::Violation { path, violation } = checker.run_to_end().outcome else {
        panic!("two greetings were not reached");
    };
    assert_eq!(path.len(), 4, "{path:?}");
    let actions = replay_actions(checker.model(), &path, 10);
    let commands_replayed = actions
        .iter()
        .filter(|a| {
            a.action
                == Action::Command {
                    node: NodeId(0),
                    command: CommandRecord::new("say-hello"),
                }
        })
        .count();
    assert_eq!(commands_replayed, 2);
    let node = Relay {
        greets_at_start: false,
        greeted: false,
    };
    let mut sim = Sim::new(vec![node.clone(), node], NetworkConfig::default(), 3)
        .with_invariant(FewerThanTwo);
    for action in actions {
        sim.schedule(action);
    }
    sim.run_until(1_000);
    assert_eq!(sim.violation(), Some(&violation));
}
