//! What a configuration change costs: which keys move, from where to where.
use super::cluster::Cluster;

/// The flow table's size limit (about 4,000 × 4,000 nodes; the panel allows 100).
pub const MIGRATION_TABLE_CELLS_MAX: usize = 1 << 24;

/// One key that changed owner. `from` indexes the cluster before, `to` the cluster after (indices shift
/// when a node is removed, so compare names, not numbers); `None` means no live node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyMove {
    /// The key's index in the key set.
    pub key: u32,
    /// Owner before, as an index into the cluster before.
    pub from: Option<u32>,
    /// Owner after, as an index into the cluster after.
    pub to: Option<u32>,
}

/// How many keys went from one node to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Flow {
    /// Owner before (index into the cluster before).
    pub from: Option<u32>,
    /// Owner after (index into the cluster after).
    pub to: Option<u32>,
    /// Keys that took this path.
    pub keys: u32,
}

/// The keys that changed owner between two configurations of the same algorithm over the same keys.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct MigrationDiff {
    /// Every moved key, in key order.
    pub moves: Vec<KeyMove>,
    /// Moved keys counted per (from, to), sorted by (from, to).
    pub flows: Vec<Flow>,
    /// All keys compared, moved or not.
    pub keys_total: u32,
}

impl MigrationDiff {
    /// Compares owners key by key. A key moved when its owner's **name** differs (so a removal, which
    /// renumbers later nodes, is not mistaken for a move). Both owner lists must be of the same key set.
    pub fn between(
        before: &Cluster,
        before_owners: &[Option<u32>],
        after: &Cluster,
        after_owners: &[Option<u32>],
    ) -> MigrationDiff {
        assert_eq!(
            before_owners.len(),
            after_owners.len(),
            "migration: the two owner lists cover different key sets"
        );
        // Each node before, as its index after (matched by name), so the per-key test is an integer
        // compare rather than a string compare.
        let renumbered: Vec<Option<u32>> = before
            .nodes()
            .iter()
            .map(|node| after.index_of(&node.name))
            .collect();
        let same_owner = |from: Option<u32>, to: Option<u32>| match (from, to) {
            (None, None) => true,
            (Some(from), Some(to)) => renumbered.get(from as usize).copied().flatten() == Some(to),
            _ => false,
        };
        // Flows are counted in a dense (before + 1) × (after + 1) table, slot 0 standing for "no node":
        // a modulo change moves nearly every key, and a map update per key would dominate the diff.
        let width = after.len() as usize + 1;
        let slot = |owner: Option<u32>| owner.map_or(0, |i| i as usize + 1);
        let cells = (before.len() as usize + 1).saturating_mul(width);
        assert!(
            cells <= MIGRATION_TABLE_CELLS_MAX,
            "migration: {} × {} nodes is past the flow table's limit",
            before.len(),
            after.len()
        );
        let mut counts = vec![0u32; cells];
        let mut moves = Vec::new();
        for (key, (&from, &to)) in before_owners.iter().zip(after_owners).enumerate() {
            if !same_owner(from, to) {
                moves.push(KeyMove {
                    key: key as u32,
                    from,
                    to,
                });
                counts[slot(from) * width + slot(to)] += 1;
            }
        }
        let owner_of_slot = |slot: usize| slot.checked_sub(1).map(|i| i as u32);
        let flows = counts
            .iter()
            .enumerate()
            .filter(|(_, &keys)| keys > 0)
            .map(|(index, &keys)| Flow {
                from: owner_of_slot(index / width),
                to: owner_of_slot(index % width),
                keys,
            })
            .collect();
        MigrationDiff {
            moves,
            flows,
            keys_total: before_owners.len() as u32,
        }
    }

    /// How many keys changed owner.
    pub fn keys_moved(&self) -> u32 {
        self.moves.len() as u32
    }

    /// Moved keys as a percentage of all keys (0 for no keys).
    pub fn percent_moved(&self) -> f64 {
        if self.keys_total == 0 {
            0.0
        } else {
            100.0 * f64::from(self.keys_moved()) / f64::from(self.keys_total)
        }
    }
}

/// The fewest keys any placement must move for the change from `before` to `after`, given who owned what
/// before (`before_owners`, indices into `before`).
///
/// Nodes are matched by name. Every key of a node that stops serving (removed, or now down) must move; a
/// node that starts serving (added, or recovered) must receive its fair share `K · w / W_after`, where `W_after`
/// is the live weight after (for one join of weight 1 among equal nodes: `K / N_new`). The two add up when
/// both happen. Weight changes of nodes that stay are not counted. The result is fractional because a fair
/// share is.
pub fn minimum_keys_moved(before: &Cluster, before_owners: &[Option<u32>], after: &Cluster) -> f64 {
    let was_live = |name: &str| before.index_of(name).is_some_and(|i| before.is_live(i));
    let is_live = |name: &str| after.index_of(name).is_some_and(|i| after.is_live(i));
    let mut lost = vec![false; before.len() as usize];
    for (index, node) in before.nodes().iter().enumerate() {
        lost[index] = before.is_live(index as u32) && !is_live(&node.name);
    }
    let keys_lost = before_owners
        .iter()
        .filter(|o| o.is_some_and(|i| lost[i as usize]))
        .count() as f64;
    let live_weight_after = after.live_weight() as f64;
    let keys_total = before_owners.len() as f64;
    let keys_gained: f64 = after
        .nodes()
        .iter()
        .enumerate()
        .filter(|(index, node)| after.is_live(*index as u32) && !was_live(&node.name))
        .map(|(_, node)| keys_total * f64::from(node.weight) / live_weight_after)
        .sum();
    keys_lost + keys_gained
}
