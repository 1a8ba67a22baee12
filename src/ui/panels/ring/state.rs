//! The ring panel's reducer. Settings are the single source of truth; every action that changes them
//! asks the core for a new `Scene` (timed, so the remap budget can be measured in the browser).
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

pub struct RingState {
    pub settings: RingSettings,
    pub model: Rc<Scene>,
    pub error: Option<EditError>,
    pub change: Option<ChangeKind>,
    pub selected: Option<String>,
    /// Wall time the last recomputation took, in milliseconds (shown to tests as a data attribute).
    pub recompute_ms: f64,
    /// Counts cluster changes; the flying-keys layer restarts its animation when it changes.
    pub generation: u64,
}

impl PartialEq for RingState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.model, &other.model)
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
}

impl RingState {
    pub fn new(settings: RingSettings) -> RingState {
        let started = browser::now_ms();
        let model = Rc::new(Scene::compute(settings.scene_settings(), None));
        RingState {
            settings,
            model,
            error: None,
            change: None,
            selected: None,
            recompute_ms: browser::now_ms() - started,
            generation: 0,
        }
    }

    /// A new state with `settings`, recomputed; `fly` starts the moved keys flying.
    fn next(&self, settings: RingSettings, change: Option<ChangeKind>, fly: bool) -> Rc<RingState> {
        let started = browser::now_ms();
        let model = Rc::new(Scene::compute(settings.scene_settings(), Some(&self.model)));
        let recompute_ms = browser::now_ms() - started;
        Rc::new(RingState {
            settings,
            model,
            error: None,
            change: change.or_else(|| self.change.clone()),
            selected: self.selected.clone(),
            recompute_ms,
            generation: self.generation + u64::from(fly),
        })
    }

    fn with_error(&self, error: EditError) -> Rc<RingState> {
        Rc::new(RingState {
            settings: self.settings.clone(),
            model: self.model.clone(),
            error: Some(error),
            change: self.change.clone(),
            selected: self.selected.clone(),
            recompute_ms: self.recompute_ms,
            generation: self.generation,
        })
    }

    fn with_view(&self, selected: Option<String>, error: Option<EditError>) -> Rc<RingState> {
        Rc::new(RingState {
            settings: self.settings.clone(),
            model: self.model.clone(),
            error,
            change: self.change.clone(),
            selected,
            recompute_ms: self.recompute_ms,
            generation: self.generation,
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
        }
    }
}
