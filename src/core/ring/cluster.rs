//! The nodes a placement algorithm spreads keys over.
use serde::{Deserialize, Serialize};
use std::fmt;

/// Whether a node takes keys. A `Down` node keeps its place (and, on a ring, its points) so that when it
/// recovers its keys come back; while it is down, lookups walk on past it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum NodeState {
    /// Serving: it owns keys.
    Up,
    /// Failed: its keys are served by the next live node (the next replica).
    Down,
}

/// One physical node as the user described it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeSpec {
    /// Unique name; it is what the hash functions see (for ketama, the server address such as
    /// `"10.0.1.1:11211"`). Any string, markup included: escaping is the UI's job.
    pub name: String,
    /// Relative capacity, at least 1: a node of weight 2 should own about twice the keys of weight 1.
    pub weight: u32,
    /// Up or down.
    pub state: NodeState,
}

impl NodeSpec {
    /// A live node of weight 1, the common case in examples and tests.
    pub fn up(name: impl Into<String>) -> NodeSpec {
        NodeSpec {
            name: name.into(),
            weight: 1,
            state: NodeState::Up,
        }
    }

    /// A live node of the given weight.
    pub fn weighted(name: impl Into<String>, weight: u32) -> NodeSpec {
        NodeSpec {
            name: name.into(),
            weight,
            state: NodeState::Up,
        }
    }
}

/// Why a cluster could not be built; the message says what to change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClusterError {
    /// Two nodes share a name, so their points (and the user) could not tell them apart.
    DuplicateName(String),
    /// A node has weight 0; use `NodeState::Down` or remove it instead.
    ZeroWeight(String),
    /// A node index past the end of the cluster.
    NoSuchNode(u32),
}

impl fmt::Display for ClusterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClusterError::DuplicateName(name) => {
                write!(f, "cluster: two nodes are named '{name}'; node names must be unique")
            }
            ClusterError::ZeroWeight(name) => write!(
                f,
                "cluster: node '{name}' has weight 0; weights start at 1 (mark the node down to take it out)"
            ),
            ClusterError::NoSuchNode(index) => write!(f, "cluster: there is no node number {index}"),
        }
    }
}

impl std::error::Error for ClusterError {}

/// An ordered list of nodes with unique names and weights ≥ 1.
///
/// A node's index (`u32`, its position here) is how every algorithm names it: owners, preference lists and
/// balance figures are indices into this list. The order matters: jump hashing numbers its buckets by it,
/// and ketama breaks ties between equal points by it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Cluster {
    nodes: Vec<NodeSpec>,
}

impl Cluster {
    /// Checks that names are unique and weights are at least 1.
    pub fn new(nodes: Vec<NodeSpec>) -> Result<Cluster, ClusterError> {
        // The first repeated name in name order. Clusters are small, so pairs are compared directly
        // rather than sorted (a sort of strings would add a whole sorting algorithm to the app).
        let repeated = nodes
            .iter()
            .enumerate()
            .filter(|(i, node)| nodes[..*i].iter().any(|n| n.name == node.name))
            .map(|(_, node)| node.name.as_str())
            .min();
        if let Some(name) = repeated {
            return Err(ClusterError::DuplicateName(name.to_string()));
        }
        if let Some(node) = nodes.iter().find(|n| n.weight == 0) {
            return Err(ClusterError::ZeroWeight(node.name.clone()));
        }
        Ok(Cluster { nodes })
    }

    /// `count` live nodes of weight 1 named `"{prefix}-0"`, `"{prefix}-1"`, …: the usual starting picture.
    pub fn uniform(count: u32, prefix: &str) -> Cluster {
        Cluster {
            nodes: (0..count)
                .map(|i| NodeSpec::up(format!("{prefix}-{i}")))
                .collect(),
        }
    }

    /// All nodes, live or not, in order.
    pub fn nodes(&self) -> &[NodeSpec] {
        &self.nodes
    }

    /// How many nodes, live or not.
    pub fn len(&self) -> u32 {
        self.nodes.len() as u32
    }

    /// True when there are no nodes at all.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The node at `index`, if there is one.
    pub fn node(&self, index: u32) -> Option<&NodeSpec> {
        self.nodes.get(index as usize)
    }

    /// The index of the node called `name`.
    pub fn index_of(&self, name: &str) -> Option<u32> {
        self.nodes
            .iter()
            .position(|n| n.name == name)
            .map(|i| i as u32)
    }

    /// True when the node exists and is up.
    pub fn is_live(&self, index: u32) -> bool {
        self.node(index).is_some_and(|n| n.state == NodeState::Up)
    }

    /// Indices of the live nodes, in cluster order.
    pub fn live_indices(&self) -> Vec<u32> {
        (0..self.len()).filter(|&i| self.is_live(i)).collect()
    }

    /// How many nodes are up.
    pub fn live_count(&self) -> u32 {
        self.nodes
            .iter()
            .filter(|n| n.state == NodeState::Up)
            .count() as u32
    }

    /// Sum of the weights of all nodes, as libketama sums them (down nodes included).
    pub fn total_weight(&self) -> u64 {
        self.nodes.iter().map(|n| u64::from(n.weight)).sum()
    }

    /// Sum of the weights of the live nodes.
    pub fn live_weight(&self) -> u64 {
        self.nodes
            .iter()
            .filter(|n| n.state == NodeState::Up)
            .map(|n| u64::from(n.weight))
            .sum()
    }

    /// A copy with `node` appended (a join). Appending keeps every other index, which jump hashing needs.
    pub fn with_node(&self, node: NodeSpec) -> Result<Cluster, ClusterError> {
        let mut nodes = self.nodes.clone();
        nodes.push(node);
        Cluster::new(nodes)
    }

    /// A copy without the node at `index` (a removal); later nodes shift down by one.
    pub fn without_node(&self, index: u32) -> Result<Cluster, ClusterError> {
        if index >= self.len() {
            return Err(ClusterError::NoSuchNode(index));
        }
        let mut nodes = self.nodes.clone();
        nodes.remove(index as usize);
        Ok(Cluster { nodes })
    }

    /// A copy with the node at `index` set to `state` (a failure or a recovery).
    pub fn with_state(&self, index: u32, state: NodeState) -> Result<Cluster, ClusterError> {
        let mut copy = self.clone();
        copy.set_state(index, state)?;
        Ok(copy)
    }

    /// Sets the node at `index` to `state` in place.
    pub fn set_state(&mut self, index: u32, state: NodeState) -> Result<(), ClusterError> {
        let node = self
            .nodes
            .get_mut(index as usize)
            .ok_or(ClusterError::NoSuchNode(index))?;
        node.state = state;
        Ok(())
    }
}
