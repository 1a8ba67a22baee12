//! One enum naming every algorithm, so the UI can pick, compare and diff them uniformly.
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
