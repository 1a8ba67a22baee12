//! [`CheckModel`]: what to check (nodes, network kind, fault budget, properties, goal) and how to search.
use crate::sim::{Invariant, NodeId, NodesView, Protocol};
use std::hash::Hash;

/// A protocol the checker can explore: its values hash (for fingerprints) and compare (for exact
/// deduplication), and its messages and timers are ordered, so the messages in flight and the active
/// timers are kept sorted: a state is the same whatever order things were sent or set in.
///
/// Implemented for every protocol whose types derive `Hash, Eq` (and `Ord` for messages and timers); the
/// `Protocol` trait itself asks none of this, so only protocols that are checked need it.
pub trait Checkable:
    Protocol<Msg: Hash + Ord, Timer: Hash + Ord, Durable: Hash + Eq> + Hash + Eq
{
}

impl<P> Checkable for P
where
    P: Protocol + Hash + Eq,
    P::Msg: Hash + Ord,
    P::Timer: Hash + Ord,
    P::Durable: Hash + Eq,
{
}

/// What the network does with a delivered message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NetworkKind {
    /// The messages in flight are a multiset and a delivery consumes its copy, as in the simulator: a
    /// message arrives at most once unless the budget duplicates it.
    Multiset,
    /// The network is the set of messages ever sent and each stays deliverable, any number of times, as in
    /// TLA+ specifications (`msgs' = msgs \cup {m}`) and Stateright's unordered duplicating network. Sending
    /// a message already in the set changes nothing; duplication means nothing here.
    SentSet,
}

/// How many faults of each kind one path may contain, on top of the protocol's own steps (deliveries and
/// timers). Each is a step the checker may take anywhere, so the budget bounds the state space.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CheckBudget {
    /// Messages the network may lose.
    pub drops_max: u32,
    /// Messages the network may copy (only on a [`NetworkKind::Multiset`] network).
    pub duplicates_max: u32,
    /// Node crashes: volatile state back to the node's initial value, timers cancelled, durable state kept.
    pub crashes_max: u32,
    /// Recoveries of crashed nodes (each runs `on_recover`).
    pub recoveries_max: u32,
    /// Partitions into two sides (each may be healed; healing is free).
    pub partitions_max: u32,
    /// Client commands taken from the model's list ([`CheckModel::commands`]).
    pub commands_max: u32,
}

impl CheckBudget {
    /// No faults and no commands: only the protocol's own steps.
    pub const NONE: CheckBudget = CheckBudget {
        drops_max: 0,
        duplicates_max: 0,
        crashes_max: 0,
        recoveries_max: 0,
        partitions_max: 0,
        commands_max: 0,
    };
}

/// In which order states are explored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SearchOrder {
    /// Level by level, so the first violation found is at the smallest depth: a shortest counterexample.
    #[default]
    BreadthFirst,
    /// Deepest first (less memory for the frontier on deep models; counterexamples need not be shortest).
    DepthFirst,
}

/// A predicate on a state, as properties see it.
pub(crate) type StatePredicate<P> = Box<dyn Fn(&NodesView<'_, P>) -> bool>;

/// A predicate on a protocol's timers: which ones fire at once ([`CheckModel::immediate_timers`]).
pub(crate) type TimerPredicate<P> = Box<dyn Fn(&<P as Protocol>::Timer) -> bool>;

/// A timer about to fire, as [`CheckModel::timer_guard`] sees it: the state, the node and the timer.
pub struct TimerFiring<'v, 'a, P: Protocol> {
    /// The state the timer would fire in.
    pub view: &'v NodesView<'a, P>,
    /// The timer's node.
    pub node: NodeId,
    /// The timer.
    pub timer: &'v P::Timer,
    /// The partition in force (bit `n`: node `n` is on the far side from node 0).
    pub(crate) cut: u64,
}

impl<P: Protocol> TimerFiring<'_, '_, P> {
    /// Whether `a` and `b` can exchange messages: no partition separates them (whether they are up is
    /// the view's to say).
    pub fn connected(&self, a: NodeId, b: NodeId) -> bool {
        let side = |n: NodeId| n.0 < 64 && (self.cut >> n.0) & 1 == 1;
        side(a) == side(b)
    }
}

/// Clears a node's write-only bookkeeping ([`CheckModel::forget_bookkeeping`]).
pub(crate) type Bookkeeping<P> = Box<dyn Fn(&mut P)>;

/// When a timer may fire ([`CheckModel::timer_guard`]).
pub(crate) type TimerGuard<P> = Box<dyn Fn(&TimerFiring<'_, '_, P>) -> bool>;

/// States to count ([`CheckModel::count_states`]): a name and the predicate they satisfy.
pub(crate) struct Counted<P: Protocol> {
    pub name: String,
    pub holds: StatePredicate<P>,
}

/// A liveness goal: a predicate every state should be able to reach.
pub(crate) struct Goal<P: Protocol> {
    pub name: String,
    pub reached: StatePredicate<P>,
}

/// Node ids inside a protocol's values, so symmetry reduction can rename nodes it permutes
/// ([`CheckModel::symmetric`]). `rename` returns the value with every node id `n` replaced by `map(n)`.
pub trait Rename {
    /// The value with its node ids renamed.
    fn rename(&self, map: &dyn Fn(NodeId) -> NodeId) -> Self;
}

macro_rules! rename_as_itself {
    ($($t:ty),*) => {$(
        impl Rename for $t {
            fn rename(&self, _map: &dyn Fn(NodeId) -> NodeId) -> Self {
                self.clone()
            }
        }
    )*};
}
rename_as_itself!((), bool, u8, u16, u32, u64, i64, String);

impl Rename for NodeId {
    fn rename(&self, map: &dyn Fn(NodeId) -> NodeId) -> Self {
        map(*self)
    }
}

/// A model to check, in the spirit of Stateright's builder: the nodes (their initial volatile state; every
/// node runs `on_start` in id order before the search begins), the network kind, a fault budget, the
/// properties, an optional liveness goal, and search options.
///
/// ```
/// use distlab_core::check::{two_phase, Checker, CheckOutcome};
/// let report = Checker::new(two_phase::model(3, two_phase::CommitRule::AllPrepared)).run_to_end();
/// assert_eq!(report.distinct_states, 288); // as TLC finds for TwoPhase.tla with 3 resource managers
/// assert!(matches!(report.outcome, CheckOutcome::AllSatisfy));
/// ```
pub struct CheckModel<P: Checkable> {
    pub(crate) nodes: Vec<P>,
    pub(crate) network: NetworkKind,
    pub(crate) budget: CheckBudget,
    pub(crate) invariants: Vec<Box<dyn Invariant<P>>>,
    pub(crate) goal: Option<Goal<P>>,
    pub(crate) constraint: Option<StatePredicate<P>>,
    pub(crate) commands: Vec<(NodeId, P::Command)>,
    pub(crate) order: SearchOrder,
    pub(crate) depth_max: Option<u32>,
    pub(crate) symmetry: Option<super::symmetry::Symmetry<P>>,
    pub(crate) immediate: Option<TimerPredicate<P>>,
    pub(crate) guard: Option<TimerGuard<P>>,
    pub(crate) bookkeeping: Option<Bookkeeping<P>>,
    /// Bit `n` set when node `n` may crash; every node when `None`.
    pub(crate) crashable: Option<u64>,
    pub(crate) counted: Vec<Counted<P>>,
}

impl<P: Checkable> CheckModel<P> {
    /// `nodes` (ids in `Vec` order) on a network of `kind`, with no faults, no properties, breadth-first.
    pub fn new(nodes: Vec<P>, network: NetworkKind) -> Self {
        CheckModel {
            nodes,
            network,
            budget: CheckBudget::NONE,
            invariants: Vec::new(),
            goal: None,
            constraint: None,
            commands: Vec::new(),
            order: SearchOrder::BreadthFirst,
            depth_max: None,
            symmetry: None,
            immediate: None,
            guard: None,
            bookkeeping: None,
            crashable: None,
            counted: Vec::new(),
        }
    }

    /// The faults (and commands) a path may contain.
    pub fn budget(mut self, budget: CheckBudget) -> Self {
        self.budget = budget;
        self
    }

    /// A safety property, checked on every distinct state (the same `Invariant` the simulator checks; its
    /// view has no history and its clock reads 0).
    pub fn invariant(mut self, invariant: impl Invariant<P> + 'static) -> Self {
        self.invariants.push(Box::new(invariant));
        self
    }

    /// A liveness goal: after a complete search, the report names the states from which no path reaches a
    /// state where `reached` holds (a participant blocked in doubt forever). `name` is a legend code.
    pub fn goal(
        mut self,
        name: &str,
        reached: impl Fn(&NodesView<'_, P>) -> bool + 'static,
    ) -> Self {
        self.goal = Some(Goal {
            name: name.to_string(),
            reached: Box::new(reached),
        });
        self
    }

    /// Bounds an infinite state space as TLC's `CONSTRAINT` does: a successor for which `within` is false
    /// is discarded (not counted, not checked, not explored), e.g. "no node has sent more than 2 pings".
    pub fn state_constraint(
        mut self,
        within: impl Fn(&NodesView<'_, P>) -> bool + 'static,
    ) -> Self {
        self.constraint = Some(Box::new(within));
        self
    }

    /// Timers that only pace a protocol (one message per millisecond, so a timeline can place a crash
    /// between two sends) and are no choice of anyone's: each fires as soon as it is set, inside the step
    /// that set it, the lowest `(node, timer)` first, until none is active. Such a timer never appears as a
    /// step of its own in the search, so it multiplies no interleavings; a path still names every firing
    /// (as a [`super::CheckStep::FireTimer`] after the step that set it), so it replays in the simulator
    /// on the protocol's ordinary nodes. The model explores the runs in which such timers win every race,
    /// a subset of the protocol's runs: a violation found is a run of the real protocol.
    pub fn immediate_timers(mut self, immediate: impl Fn(&P::Timer) -> bool + 'static) -> Self {
        self.immediate = Some(Box::new(immediate));
        self
    }

    /// When a timer may fire: only in states where `guard` holds (by default, any time: the untimed
    /// semantics' "at some point"). A guard states what a timeout assumes, e.g. "the in-doubt timeout fires
    /// only once the coordinator is down or cut off" (an accurate timeout, as a synchronous network
    /// promises), or "a resend of a request never fires" (a retry whose effects a path reaches otherwise).
    /// The model then explores the runs in which guarded timers are slow enough, a subset of the
    /// protocol's runs: a violation found is real; a clean report holds for those runs only, so say beside
    /// each guard why it loses nothing that matters.
    pub fn timer_guard(
        mut self,
        guard: impl Fn(&TimerFiring<'_, '_, P>) -> bool + 'static,
    ) -> Self {
        self.guard = Some(Box::new(guard));
        self
    }

    /// Write-only bookkeeping (counters the handlers update and never read, kept for a figure or a tool):
    /// `clear` resets it in every node of every state before the state is stored, so two states that differ
    /// only in it are one. Sound exactly when no handler reads what `clear` resets.
    pub fn forget_bookkeeping(mut self, clear: impl Fn(&mut P) + 'static) -> Self {
        self.bookkeeping = Some(Box::new(clear));
        self
    }

    /// Only `nodes` may crash (and so recover), within [`CheckBudget::crashes_max`]: "one coordinator
    /// crash" rather than one crash of anyone. Node ids of 64 and above are ignored.
    pub fn crashable(mut self, nodes: &[NodeId]) -> Self {
        self.crashable = Some(
            nodes
                .iter()
                .filter(|n| n.0 < 64)
                .fold(0u64, |mask, n| mask | (1 << n.0)),
        );
        self
    }

    /// Counts the distinct states in which `holds` is true (with symmetry reduction, classes of states);
    /// the report gives the number under `name` and a shortest path to the first such state
    /// ([`super::StateCount`]), e.g. "a participant is blocked in doubt". Counting changes nothing in the
    /// search.
    pub fn count_states(
        mut self,
        name: &str,
        holds: impl Fn(&NodesView<'_, P>) -> bool + 'static,
    ) -> Self {
        self.counted.push(Counted {
            name: name.to_string(),
            holds: Box::new(holds),
        });
        self
    }

    /// Whether `node` may crash.
    pub(crate) fn may_crash(&self, node: u32) -> bool {
        self.crashable
            .is_none_or(|mask| node < 64 && (mask >> node) & 1 == 1)
    }

    /// The client commands the checker may hand out, each at most once per step, within
    /// [`CheckBudget::commands_max`] per path.
    pub fn commands(mut self, commands: Vec<(NodeId, P::Command)>) -> Self {
        self.commands = commands;
        self
    }

    /// Breadth-first (the default: shortest counterexamples) or depth-first.
    pub fn search(mut self, order: SearchOrder) -> Self {
        self.order = order;
        self
    }

    /// Explores no state deeper than `depth_max` steps from the start (states at that depth are checked but
    /// not expanded, and count as able to reach the goal).
    pub fn depth_max(mut self, depth_max: u32) -> Self {
        self.depth_max = Some(depth_max);
        self
    }

    /// How many nodes the model has.
    pub fn node_count(&self) -> u32 {
        self.nodes.len() as u32
    }

    /// The nodes as the model starts them (before `on_start`).
    pub fn nodes(&self) -> &[P] {
        &self.nodes
    }

    /// The network kind.
    pub fn network(&self) -> NetworkKind {
        self.network
    }
}

impl<P> CheckModel<P>
where
    P: Checkable + Rename,
    P::Msg: Rename,
    P::Timer: Rename,
    P::Durable: Rename,
{
    /// Symmetry reduction: the nodes `first..first + count` are interchangeable (same code, same initial
    /// state, no property or goal that tells them apart), so states that differ only by a permutation of
    /// them are explored once. Every state is replaced by one canonical member of its class (the one with
    /// the smallest fingerprint among the orderings that sort those nodes by their own state), with node ids
    /// renamed everywhere ([`Rename`]). Counts are then classes of states, as TLC's `SYMMETRY` reports.
    pub fn symmetric(mut self, first: NodeId, count: u32) -> Self {
        self.symmetry = Some(super::symmetry::Symmetry::new(first.0, count));
        self
    }
}
