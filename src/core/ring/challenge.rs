//! The ring panel's challenges. The ring is not simulated, so a challenge is stated on its state rather than
//! on a run: the cluster it starts from and the settings it must keep, a budget of changes to the cluster
//! (failures, removals, additions, weight changes, counted from the starting cluster to the cluster now),
//! and a goal read off the [`Scene`] the panel draws (what the last change moved, how even the load is).
//! The verdict is the simulated panels' [`ChallengeStatus`]; the ring's link is its state, so a won ring's
//! link replays the win.
//!
//! ```
//! use distlab_core::ring::challenge::{CHALLENGES, ClusterChanges};
//! use distlab_core::ring::{NodeState, Scene};
//! use distlab_core::scenario::ChallengeStatus;
//!
//! let challenge = &CHALLENGES[0];
//! let start = challenge.start_settings();
//! let scene = Scene::compute(start.clone(), None);
//! assert_eq!(challenge.judge(&start, &scene).status, ChallengeStatus::Open);
//! // One failure on five nodes moves a fifth of the keys: not yet under 15 %.
//! let mut failed = start.clone();
//! failed.before = Some(start.cluster.clone());
//! failed.cluster = start.cluster.with_state(0, NodeState::Down).unwrap();
//! let judged = challenge.judge(&start, &Scene::compute(failed, None));
//! assert_eq!(judged.used, ClusterChanges { failures: 1, ..ClusterChanges::NONE });
//! assert_eq!(judged.status, ChallengeStatus::Open);
//! ```
use super::algorithm::AlgorithmKind;
use super::cluster::{Cluster, NodeSpec, NodeState};
use super::scene::{Scene, SceneSettings};
use crate::scenario::ChallengeStatus;

/// Changes to the cluster, by kind; recovering a node the challenge's cluster had up is free.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClusterChanges {
    /// Nodes of the starting cluster that are down now.
    pub failures: u32,
    /// Nodes of the starting cluster that are gone now.
    pub removals: u32,
    /// Nodes now that the starting cluster did not have.
    pub additions: u32,
    /// Nodes whose weight differs from the starting cluster's.
    pub weight_changes: u32,
}

impl ClusterChanges {
    /// No change: the start of a budget.
    pub const NONE: ClusterChanges = ClusterChanges {
        failures: 0,
        removals: 0,
        additions: 0,
        weight_changes: 0,
    };

    /// The changes from `start` to `now`, node by node (nodes are told apart by name).
    pub fn between(start: &Cluster, now: &Cluster) -> ClusterChanges {
        let mut changes = ClusterChanges::NONE;
        let find = |cluster: &Cluster, name: &str| -> Option<NodeSpec> {
            cluster.nodes().iter().find(|n| n.name == name).cloned()
        };
        for node in start.nodes() {
            match find(now, &node.name) {
                None => changes.removals += 1,
                Some(later) => {
                    if node.state == NodeState::Up && later.state == NodeState::Down {
                        changes.failures += 1;
                    }
                    if node.weight != later.weight {
                        changes.weight_changes += 1;
                    }
                }
            }
        }
        changes.additions = now
            .nodes()
            .iter()
            .filter(|n| find(start, &n.name).is_none())
            .count() as u32;
        changes
    }

    /// Every count within `budget`'s.
    pub fn within(&self, budget: &ClusterChanges) -> bool {
        self.failures <= budget.failures
            && self.removals <= budget.removals
            && self.additions <= budget.additions
            && self.weight_changes <= budget.weight_changes
    }
}

/// A setting a challenge lets the reader change (the others must stay as they start).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RingSetting {
    Algorithm,
    Epsilon,
    Vnodes,
}

/// What the ring must show. Both goals are about the last change, which must be one node failing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RingGoal {
    /// The shown algorithm moved under `moved_pct_below` % of the keys, where modulo hashing would have
    /// moved over `modulo_pct_above` %.
    FailureMovesFew {
        moved_pct_below: f64,
        modulo_pct_above: f64,
    },
    /// After the failure the busiest node holds at most `max_over_mean` times the mean, and the shown
    /// algorithm moved under `moved_pct_below` % of the keys.
    EvenAfterFailure {
        max_over_mean: f64,
        moved_pct_below: f64,
    },
}

/// A challenge of the ring panel.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RingChallenge {
    /// Its code (`small-failure`): the link's `challenge=` and the words' key.
    pub id: &'static str,
    /// The algorithm it starts with.
    pub algorithm: AlgorithmKind,
    /// Virtual nodes per unit of weight at the start.
    pub vnodes: u32,
    /// How many cache servers (`cache-1` …) it starts with, all up.
    pub nodes: u32,
    /// The settings the reader may change; the others (hash mode, keys, and these unless listed) must stay.
    pub free: &'static [RingSetting],
    pub budget: ClusterChanges,
    pub goal: RingGoal,
}

/// A ring challenge judged on a scene.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RingJudgement {
    pub status: ChallengeStatus,
    /// The changes to the cluster so far.
    pub used: ClusterChanges,
    /// The goal is met (whatever the budget and settings).
    pub goal_met: bool,
}

impl RingChallenge {
    /// The starting picture: the panel's defaults with the challenge's algorithm, vnodes and cluster.
    pub fn start_settings(&self) -> SceneSettings {
        let cluster = Cluster::new(
            (1..=self.nodes)
                .map(|i| NodeSpec::up(format!("cache-{i}")))
                .collect(),
        )
        .expect("distinct names of weight 1");
        SceneSettings {
            vnodes: self.vnodes,
            ..SceneSettings::new(self.algorithm, cluster)
        }
    }

    /// Judges `scene` against the challenge, whose starting picture is `start` ([`Self::start_settings`]).
    pub fn judge(&self, start: &SceneSettings, scene: &Scene) -> RingJudgement {
        let now = &scene.settings;
        let used = ClusterChanges::between(&start.cluster, &now.cluster);
        let free = |setting| self.free.contains(&setting);
        let kept = (free(RingSetting::Algorithm) || now.algorithm == start.algorithm)
            && (free(RingSetting::Epsilon) || now.epsilon == start.epsilon)
            && (free(RingSetting::Vnodes) || now.vnodes == start.vnodes)
            && now.hash_mode == start.hash_mode
            && now.key_count == start.key_count
            && now.key_seed == start.key_seed;
        let goal_met = goal_met(self.goal, scene);
        let status = if !kept {
            ChallengeStatus::SettingsChanged
        } else if !used.within(&self.budget) {
            ChallengeStatus::OverBudget
        } else if goal_met {
            ChallengeStatus::Won
        } else {
            ChallengeStatus::Open
        };
        RingJudgement {
            status,
            used,
            goal_met,
        }
    }
}

/// Whether the last change of `scene` was one node going down, and nothing else.
pub fn last_change_is_one_failure(scene: &Scene) -> bool {
    let Some(before) = scene.before() else {
        return false;
    };
    let now = scene.cluster();
    now.len() == before.len()
        && now
            .nodes()
            .iter()
            .zip(before.nodes())
            .all(|(a, b)| a.name == b.name && a.weight == b.weight)
        && now
            .nodes()
            .iter()
            .zip(before.nodes())
            .filter(|(a, b)| a.state != b.state)
            .all(|(a, _)| a.state == NodeState::Down)
        && now.live_count() + 1 == before.live_count()
}

fn goal_met(goal: RingGoal, scene: &Scene) -> bool {
    if !last_change_is_one_failure(scene) {
        return false;
    }
    let moved_pct = scene.primary.diff.as_ref().map(|d| d.percent_moved());
    match goal {
        RingGoal::FailureMovesFew {
            moved_pct_below,
            modulo_pct_above,
        } => {
            let modulo_pct = scene.modulo_diff.as_ref().map(|d| d.percent_moved());
            moved_pct.is_some_and(|p| p < moved_pct_below)
                && modulo_pct.is_some_and(|p| p > modulo_pct_above)
        }
        RingGoal::EvenAfterFailure {
            max_over_mean,
            moved_pct_below,
        } => {
            // A hair of slack: bounded loads' cap of exactly (1 + ε) × the mean is within it.
            scene.primary.stats.max_over_mean <= max_over_mean + 1e-9
                && moved_pct.is_some_and(|p| p < moved_pct_below)
        }
    }
}

/// The ring panel's challenges.
pub const CHALLENGES: [RingChallenge; 2] = [
    // The keys a failure moves are the failed node's share: make one node's share small.
    RingChallenge {
        id: "small-failure",
        algorithm: AlgorithmKind::Ring,
        vnodes: 100,
        nodes: 5,
        free: &[],
        budget: ClusterChanges {
            failures: 1,
            additions: 2,
            ..ClusterChanges::NONE
        },
        goal: RingGoal::FailureMovesFew {
            moved_pct_below: 15.0,
            modulo_pct_above: 40.0,
        },
    },
    // With few virtual nodes a failed node's keys pile onto its neighbours; capping the load spreads them.
    RingChallenge {
        id: "even-after-failure",
        algorithm: AlgorithmKind::Ring,
        vnodes: 10,
        nodes: 5,
        free: &[RingSetting::Algorithm, RingSetting::Epsilon],
        budget: ClusterChanges {
            failures: 1,
            ..ClusterChanges::NONE
        },
        goal: RingGoal::EvenAfterFailure {
            max_over_mean: 1.1,
            moved_pct_below: 30.0,
        },
    },
];

/// The challenge `id`, if the ring has one.
pub fn find(id: &str) -> Option<&'static RingChallenge> {
    CHALLENGES.iter().find(|c| c.id == id)
}
