//! The ring panel's reducer. Settings are the single source of truth. An edit is applied at once (the
//! controls and the node list show it in the next frame) and marks the scene `pending`; the panel then asks
//! for [`RingAction::Recompute`] after that frame is painted, which has the core compute the new `Scene`
//! (timed, so the remap budget can be measured in the browser). Edits made before then are computed
//! together, once. A small ring (up to [`DEFER_KEYS_MIN`] keys) is computed at once, as its scene costs
//! well under a millisecond and its figures then change in the click's own frame.
use std::rc::Rc;

use yew::prelude::*;

use crate::core::ring::{AlgorithmKind, HashMode, NodeSpec, NodeState, Scene};
use crate::ui::browser;

use super::settings::{
    RingSettings, EPSILON_MAX, EPSILON_MIN, KEYS_MAX, KEYS_MIN, NAME_CHARS_MAX, NODES_MAX,
    REPLICAS_MAX, REPLICAS_MIN, VNODES_MAX, VNODES_MIN, WEIGHT_MAX,
};

/// A problem with an edit, shown in the page; the edit is not applied.
#[derive(Clone, Debug, PartialEq)]
pub enum EditError {
    NameEmpty,
    NameTaken(String),
    NameTooLong,
    TooManyNodes,
    LastNode,
}

/// What the last change to the cluster was, for the caption.
#[derive(Clone, Debug, PartialEq)]
pub enum ChangeKind {
    Fail(String),
    Recover(String),
    Remove(String),
    Add(String),
    Weight(String),
}

/// From this many keys on, an edit's scene is computed after the edit's frame is painted (below, at once):
/// at 100,000 keys the computation and the redraw of every figure took 30–60 ms in the click's frame.
pub const DEFER_KEYS_MIN: u32 = 20_000;

pub struct RingState {
    /// The settings as last edited: what the controls and the node list show.
    pub settings: RingSettings,
    /// The settings `model` was computed from: what the drawings, the figures and the link show.
    pub computed: RingSettings,
    pub model: Rc<Scene>,
    /// `settings` changed since `model` was computed: a `Recompute` is due.
    pub pending: bool,
    pub error: Option<EditError>,
    pub change: Option<ChangeKind>,
    pub selected: Option<String>,
    /// Wall time the last recomputation took, in milliseconds (shown to tests as a data attribute).
    pub recompute_ms: f64,
    /// Counts computed cluster changes; the flying-keys layer restarts its animation when it changes.
    pub generation: u64,
    /// The pending edit changed the cluster: its computation starts the moved keys flying.
    fly: bool,
}

impl PartialEq for RingState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.model, &other.model)
            && self.pending == other.pending
            && (!self.pending || self.settings == other.settings)
            && self.error == other.error
            && self.selected == other.selected
            && self.generation == other.generation
    }
}

pub enum RingAction {
    Fail(u32),
    Recover(u32),
    Remove(u32),
    Add {
        name: String,
        weight: u32,
    },
    SetWeight(u32, u32),
    Algorithm(AlgorithmKind),
    HashMode(HashMode),
    Vnodes(u32),
    Keys(u32),
    Replicas(u32),
    Epsilon(f64),
    Compare(Option<AlgorithmKind>),
    Lookup(String),
    Select(Option<String>),
    DismissError,
    /// Settings from an edited link.
    Load(RingSettings),
    /// Compute the scene of the edited settings (the panel sends it after the edit's frame is painted).
    Recompute,
}

impl RingState {
    pub fn new(settings: RingSettings) -> RingState {
        let started = browser::now_ms();
        let model = Rc::new(Scene::compute(settings.scene_settings(), None));
        RingState {
            computed: settings.clone(),
            settings,
            model,
            pending: false,
            error: None,
            change: None,
            selected: None,
            recompute_ms: browser::now_ms() - started,
            generation: 0,
            fly: false,
        }
    }

    /// A new state with `settings`, its scene pending (or, on a small ring, computed); `fly` starts the
    /// moved keys flying once it is computed.
    fn next(&self, settings: RingSettings, change: Option<ChangeKind>, fly: bool) -> Rc<RingState> {
        let defer = settings.key_count >= DEFER_KEYS_MIN;
        let next = Rc::new(RingState {
            settings,
            computed: self.computed.clone(),
            model: self.model.clone(),
            pending: true,
            error: None,
            change: change.or_else(|| self.change.clone()),
            selected: self.selected.clone(),
            recompute_ms: self.recompute_ms,
            generation: self.generation,
            fly: fly || (self.pending && self.fly),
        });
        if defer {
            next
        } else {
            next.recompute()
        }
    }

    /// The scene of the edited settings, reusing the previous scene's work.
    fn recompute(&self) -> Rc<RingState> {
        let started = browser::now_ms();
        let model = Rc::new(Scene::compute(
            self.settings.scene_settings(),
            Some(&self.model),
        ));
        let recompute_ms = browser::now_ms() - started;
        Rc::new(RingState {
            settings: self.settings.clone(),
            computed: self.settings.clone(),
            model,
            pending: false,
            error: self.error.clone(),
            change: self.change.clone(),
            selected: self.selected.clone(),
            recompute_ms,
            generation: self.generation + u64::from(self.fly),
            fly: false,
        })
    }

    fn with_error(&self, error: EditError) -> Rc<RingState> {
        Rc::new(RingState {
            settings: self.settings.clone(),
            computed: self.computed.clone(),
            model: self.model.clone(),
            pending: self.pending,
            error: Some(error),
            change: self.change.clone(),
            selected: self.selected.clone(),
            recompute_ms: self.recompute_ms,
            generation: self.generation,
            fly: self.fly,
        })
    }

    fn with_view(&self, selected: Option<String>, error: Option<EditError>) -> Rc<RingState> {
        Rc::new(RingState {
            settings: self.settings.clone(),
            computed: self.computed.clone(),
            model: self.model.clone(),
            pending: self.pending,
            error,
            change: self.change.clone(),
            selected,
            recompute_ms: self.recompute_ms,
            generation: self.generation,
            fly: self.fly,
        })
    }

    /// Applies a change to the node list, remembering the cluster before it.
    fn change_nodes(
        &self,
        change: ChangeKind,
        edit: impl FnOnce(&mut Vec<NodeSpec>),
    ) -> Rc<RingState> {
        let mut settings = self.settings.clone();
        settings.before = Some(settings.nodes.clone());
        edit(&mut settings.nodes);
        self.next(settings, Some(change), true)
    }

    fn node_name(&self, index: u32) -> Option<String> {
        self.settings
            .nodes
            .get(index as usize)
            .map(|n| n.name.clone())
    }
}

impl Reducible for RingState {
    type Action = RingAction;

    fn reduce(self: Rc<Self>, action: RingAction) -> Rc<Self> {
        let set = |edit: &dyn Fn(&mut RingSettings)| {
            let mut settings = self.settings.clone();
            edit(&mut settings);
            if settings == self.settings {
                return self.clone();
            }
            self.next(settings, None, false)
        };
        match action {
            RingAction::Fail(index) | RingAction::Recover(index) => {
                let Some(name) = self.node_name(index) else {
                    return self;
                };
                let to = if matches!(action, RingAction::Fail(_)) {
                    NodeState::Down
                } else {
                    NodeState::Up
                };
                if self.settings.nodes[index as usize].state == to {
                    return self;
                }
                let change = match to {
                    NodeState::Down => ChangeKind::Fail(name),
                    NodeState::Up => ChangeKind::Recover(name),
                };
                self.change_nodes(change, |nodes| nodes[index as usize].state = to)
            }
            RingAction::Remove(index) => {
                let Some(name) = self.node_name(index) else {
                    return self;
                };
                if self.settings.nodes.len() <= 1 {
                    return self.with_error(EditError::LastNode);
                }
                let mut next = self.change_nodes(ChangeKind::Remove(name.clone()), |nodes| {
                    nodes.remove(index as usize);
                });
                if self.selected.as_deref() == Some(name.as_str()) {
                    if let Some(state) = Rc::get_mut(&mut next) {
                        state.selected = None;
                    }
                }
                next
            }
            RingAction::Add { name, weight } => {
                let name = name.trim().to_string();
                if name.is_empty() {
                    return self.with_error(EditError::NameEmpty);
                }
                if name.chars().count() > NAME_CHARS_MAX {
                    return self.with_error(EditError::NameTooLong);
                }
                if self.settings.nodes.iter().any(|n| n.name == name) {
                    return self.with_error(EditError::NameTaken(name));
                }
                if self.settings.nodes.len() >= NODES_MAX {
                    return self.with_error(EditError::TooManyNodes);
                }
                let weight = weight.clamp(1, WEIGHT_MAX);
                self.change_nodes(ChangeKind::Add(name.clone()), |nodes| {
                    nodes.push(NodeSpec::weighted(name, weight))
                })
            }
            RingAction::SetWeight(index, weight) => {
                let weight = weight.clamp(1, WEIGHT_MAX);
                match self.settings.nodes.get(index as usize) {
                    Some(node) if node.weight != weight => {
                        let name = node.name.clone();
                        self.change_nodes(ChangeKind::Weight(name), |nodes| {
                            nodes[index as usize].weight = weight
                        })
                    }
                    _ => self,
                }
            }
            RingAction::Algorithm(kind) => set(&|s| s.algorithm = kind),
            RingAction::HashMode(mode) => set(&|s| s.hash_mode = mode),
            RingAction::Vnodes(v) => set(&|s| s.vnodes = v.clamp(VNODES_MIN, VNODES_MAX)),
            RingAction::Keys(k) => set(&|s| s.key_count = k.clamp(KEYS_MIN, KEYS_MAX)),
            RingAction::Replicas(r) => set(&|s| s.replicas = r.clamp(REPLICAS_MIN, REPLICAS_MAX)),
            RingAction::Epsilon(e) => {
                let e = if e.is_finite() {
                    e.clamp(EPSILON_MIN, EPSILON_MAX)
                } else {
                    self.settings.epsilon
                };
                set(&|s| s.epsilon = e)
            }
            RingAction::Compare(kind) => set(&|s| s.compare = kind),
            RingAction::Lookup(key) => {
                let key: String = key.chars().take(200).collect();
                set(&|s| s.lookup = key.clone())
            }
            RingAction::Select(name) => self.with_view(name, self.error.clone()),
            RingAction::DismissError => self.with_view(self.selected.clone(), None),
            RingAction::Load(settings) => {
                if settings == self.settings {
                    return self;
                }
                self.next(settings, None, false)
            }
            RingAction::Recompute if self.pending => self.recompute(),
            RingAction::Recompute => self,
        }
    }
}
