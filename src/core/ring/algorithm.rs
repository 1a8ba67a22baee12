//! One enum naming every algorithm, so the UI can pick, compare and diff them uniformly: [`AlgorithmKind`]
//! is the choice (what a menu and a link name), [`Algorithm`] the choice with its settings (what places keys).
use super::bounded_loads::BoundedLoads;
use super::cluster::Cluster;
use super::hash::HashMode;
use super::hash_ring::{HashRing, RingConfig};
use super::jump::Jump;
use super::keys::KeyHashes;
use super::migration::MigrationDiff;
use super::modulo::Modulo;
use super::placement::Placement;
use super::rendezvous::Rendezvous;
use serde::{Deserialize, Serialize};

/// Which algorithm, without its settings: what a user picks from a menu and what a share link spells.
///
/// The settings (ring hash mode, virtual nodes, ε) are chosen apart from the algorithm and shared by the
/// two algorithms of a comparison, so a choice needs a type of its own; [`AlgorithmKind::with_settings`]
/// and [`Algorithm::kind`] convert, and both are exhaustive matches, so the two enums cannot drift apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AlgorithmKind {
    /// The ring with virtual nodes; link code `ring`.
    Ring,
    /// `hash % live nodes`; link code `modulo`.
    Modulo,
    /// Jump consistent hash; link code `jump`.
    Jump,
    /// Highest random weight; link code `rendezvous`.
    Rendezvous,
    /// The ring with bounded loads; link code `bounded`.
    BoundedLoads,
}

impl AlgorithmKind {
    /// Every kind, in the order menus list them; [`AlgorithmKind::CODES`] is parallel to it.
    pub const ALL: [AlgorithmKind; 5] = [
        AlgorithmKind::Ring,
        AlgorithmKind::Modulo,
        AlgorithmKind::Jump,
        AlgorithmKind::Rendezvous,
        AlgorithmKind::BoundedLoads,
    ];

    /// The link spelling of each kind of [`AlgorithmKind::ALL`]. Share links already carry these words:
    /// never change one.
    pub const CODES: [&'static str; 5] = ["ring", "modulo", "jump", "rendezvous", "bounded"];

    /// The word a link uses for this kind.
    pub fn code(self) -> &'static str {
        match self {
            AlgorithmKind::Ring => Self::CODES[0],
            AlgorithmKind::Modulo => Self::CODES[1],
            AlgorithmKind::Jump => Self::CODES[2],
            AlgorithmKind::Rendezvous => Self::CODES[3],
            AlgorithmKind::BoundedLoads => Self::CODES[4],
        }
    }

    /// The kind a link word names, if any (exact, case-sensitive, as links are written).
    pub fn from_code(code: &str) -> Option<AlgorithmKind> {
        Self::CODES
            .iter()
            .position(|c| *c == code)
            .map(|i| Self::ALL[i])
    }

    /// Whether keys live on contiguous arcs of a ring (so arcs, vnode markers and a clockwise walk mean
    /// something).
    pub fn is_ring(self) -> bool {
        matches!(self, AlgorithmKind::Ring | AlgorithmKind::BoundedLoads)
    }

    /// This kind configured: `ring` for the ring kinds, `epsilon` for bounded loads; the rest need neither.
    pub fn with_settings(self, ring: RingConfig, epsilon: f64) -> Algorithm {
        match self {
            AlgorithmKind::Ring => Algorithm::Ring(ring),
            AlgorithmKind::Modulo => Algorithm::Modulo,
            AlgorithmKind::Jump => Algorithm::Jump,
            AlgorithmKind::Rendezvous => Algorithm::Rendezvous,
            AlgorithmKind::BoundedLoads => Algorithm::BoundedLoads { ring, epsilon },
        }
    }
}

/// A placement algorithm with its settings.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Algorithm {
    /// `hash(key) % live nodes` ([`Modulo`]).
    Modulo,
    /// The ring with virtual nodes ([`HashRing`]).
    Ring(RingConfig),
    /// Jump consistent hash ([`Jump`]).
    Jump,
    /// Highest random weight ([`Rendezvous`]).
    Rendezvous,
    /// The ring with a load cap of `(1 + epsilon)` times the fair share ([`BoundedLoads`]).
    BoundedLoads {
        /// The ring underneath.
        ring: RingConfig,
        /// The slack ε over the fair share.
        epsilon: f64,
    },
}

impl Algorithm {
    /// Which algorithm this is, without its settings.
    pub fn kind(&self) -> AlgorithmKind {
        match self {
            Algorithm::Modulo => AlgorithmKind::Modulo,
            Algorithm::Ring(_) => AlgorithmKind::Ring,
            Algorithm::Jump => AlgorithmKind::Jump,
            Algorithm::Rendezvous => AlgorithmKind::Rendezvous,
            Algorithm::BoundedLoads { .. } => AlgorithmKind::BoundedLoads,
        }
    }

    /// The hash mode to build [`KeyHashes`] with for this algorithm.
    pub fn hash_mode(&self) -> HashMode {
        match self {
            Algorithm::Ring(config) | Algorithm::BoundedLoads { ring: config, .. } => {
                config.hash_mode
            }
            Algorithm::Modulo | Algorithm::Jump | Algorithm::Rendezvous => HashMode::Xxh3,
        }
    }

    /// Builds the placement of `cluster`.
    pub fn placement(&self, cluster: &Cluster) -> Box<dyn Placement> {
        match *self {
            Algorithm::Modulo => Box::new(Modulo::new(cluster)),
            Algorithm::Ring(config) => Box::new(HashRing::new(cluster, config)),
            Algorithm::Jump => Box::new(Jump::new(cluster)),
            Algorithm::Rendezvous => Box::new(Rendezvous::new(cluster)),
            Algorithm::BoundedLoads { ring, epsilon } => {
                Box::new(BoundedLoads::new(cluster, ring, epsilon))
            }
        }
    }

    /// The owner of every key of `keys` (hashed with [`Algorithm::hash_mode`]) on `cluster`.
    pub fn owners(&self, cluster: &Cluster, keys: &KeyHashes) -> Vec<Option<u32>> {
        self.placement(cluster).owners(keys)
    }

    /// Which keys move when the cluster goes from `before` to `after`.
    pub fn diff(&self, before: &Cluster, after: &Cluster, keys: &KeyHashes) -> MigrationDiff {
        MigrationDiff::between(
            before,
            &self.owners(before, keys),
            after,
            &self.owners(after, keys),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_codes_are_the_ones_links_already_carry_and_read_back() {
        let codes: Vec<&str> = AlgorithmKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes, ["ring", "modulo", "jump", "rendezvous", "bounded"]);
        for kind in AlgorithmKind::ALL {
            assert_eq!(AlgorithmKind::from_code(kind.code()), Some(kind));
            assert_eq!(kind.with_settings(RingConfig::xxh3(7), 0.5).kind(), kind);
        }
        assert_eq!(AlgorithmKind::from_code("Ring"), None);
        assert_eq!(AlgorithmKind::from_code(""), None);
    }
}
