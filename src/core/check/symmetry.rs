//! Symmetry reduction over interchangeable nodes: each state is replaced by one canonical member of its
//! class under permutations of those nodes.
//!
//! The canonical member: sort the interchangeable nodes by a key computed from each node alone with every
//! interchangeable id collapsed to one (so the key does not change when nodes are renamed), then, among the
//! orderings that sort them (all orders of nodes with equal keys), take the renamed state with the smallest
//! fingerprint. Two states of one class give the same candidates, hence the same choice. When ties would
//! need more than [`ORDERINGS_MAX`] orderings the first one is taken: still sound (it is a member of the
//! class), only less reduced.
use super::model::{Checkable, Rename};
use super::state::{message_order, CheckState};
use crate::sim::{NodeCell, NodeId};
use crate::stable_hash::StableHasher;
use std::hash::{Hash, Hasher};

/// Most orderings tried for one state.
const ORDERINGS_MAX: u32 = 720;

/// Renames the nodes of a state: `map[old] = new`.
type Permute<P> = fn(&CheckState<P>, &[u32]) -> CheckState<P>;
/// A node's key, the same under any renaming of the interchangeable nodes `first..first + count`.
type LocalKey<P> = fn(&CheckState<P>, u32, u32, u32, &mut Vec<u8>) -> u64;

/// The interchangeable nodes and the renaming code for the protocol's types.
pub(crate) struct Symmetry<P: Checkable> {
    first: u32,
    count: u32,
    permute: Permute<P>,
    local_key: LocalKey<P>,
}

impl<P> Symmetry<P>
where
    P: Checkable + Rename,
    P::Msg: Rename,
    P::Timer: Rename,
    P::Durable: Rename,
{
    pub fn new(first: u32, count: u32) -> Self {
        Symmetry {
            first,
            count,
            permute: permute::<P>,
            local_key: local_key::<P>,
        }
    }
}

impl<P: Checkable> Symmetry<P> {
    /// The canonical member of `state`'s class and its fingerprint.
    pub fn canonical(&self, state: CheckState<P>, buffer: &mut Vec<u8>) -> (CheckState<P>, u64) {
        let node_count = state.cells.len() as u32;
        let last = self.first.saturating_add(self.count).min(node_count);
        if last <= self.first + 1 {
            let fingerprint = state.fingerprint(buffer);
            return (state, fingerprint);
        }
        let mut keyed: Vec<(u64, u32)> = (self.first..last)
            .map(|node| {
                let key = (self.local_key)(&state, node, self.first, last - self.first, buffer);
                (key, node)
            })
            .collect();
        keyed.sort_unstable();
        let mut order: Vec<u32> = keyed.iter().map(|(_, node)| *node).collect();
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let mut orderings: u32 = 1;
        let mut start = 0;
        for i in 1..=keyed.len() {
            if i == keyed.len() || keyed[i].0 != keyed[start].0 {
                if i - start > 1 {
                    groups.push((start, i));
                    for k in 2..=(i - start) as u32 {
                        orderings = orderings.saturating_mul(k);
                    }
                }
                start = i;
            }
        }
        if orderings > ORDERINGS_MAX {
            groups.clear();
        }
        let mut map: Vec<u32> = (0..node_count).collect();
        let mut best: Option<(u64, CheckState<P>)> = None;
        loop {
            for (k, old) in order.iter().enumerate() {
                map[*old as usize] = self.first + k as u32;
            }
            let candidate = (self.permute)(&state, &map);
            let fingerprint = candidate.fingerprint(buffer);
            if best.as_ref().is_none_or(|(f, _)| fingerprint < *f) {
                best = Some((fingerprint, candidate));
            }
            // The next ordering: an odometer over the groups, each stepping through its permutations.
            let mut advanced = false;
            for &(from, to) in groups.iter().rev() {
                if next_permutation(&mut order[from..to]) {
                    advanced = true;
                    break;
                }
            }
            if !advanced {
                break;
            }
        }
        let (fingerprint, state) = best.expect("at least one ordering");
        (state, fingerprint)
    }
}

/// Steps `items` to its next permutation in lexicographic order; false (and sorted again) after the last.
fn next_permutation(items: &mut [u32]) -> bool {
    let Some(i) = (1..items.len()).rev().find(|&i| items[i - 1] < items[i]) else {
        items.reverse();
        return false;
    };
    let j = (i..items.len())
        .rev()
        .find(|&j| items[j] > items[i - 1])
        .expect("a larger item exists");
    items.swap(i - 1, j);
    items[i..].reverse();
    true
}

fn permute<P>(state: &CheckState<P>, map: &[u32]) -> CheckState<P>
where
    P: Checkable + Rename,
    P::Msg: Rename,
    P::Timer: Rename,
    P::Durable: Rename,
{
    let rename = |n: NodeId| NodeId(map.get(n.0 as usize).copied().unwrap_or(n.0));
    let mut cells: Vec<Option<NodeCell<P>>> = (0..state.cells.len()).map(|_| None).collect();
    let mut statuses = state.statuses.clone();
    for (old, cell) in state.cells.iter().enumerate() {
        cells[map[old] as usize] = Some(NodeCell {
            state: cell.state.rename(&rename),
            durable: cell.durable.rename(&rename),
        });
        statuses[map[old] as usize] = state.statuses[old];
    }
    let mut wire: Vec<_> = state
        .wire
        .iter()
        .map(|(id, from, to, msg)| (*id, rename(*from), rename(*to), msg.rename(&rename)))
        .collect();
    wire.sort_by(message_order);
    let mut timers: Vec<_> = state
        .timers
        .iter()
        .map(|(node, timer)| (rename(*node), timer.rename(&rename)))
        .collect();
    timers.sort();
    let node_count = state.cells.len() as u32;
    let mut cut = 0u64;
    for old in 0..node_count.min(64) {
        if (state.cut >> old) & 1 == 1 {
            cut |= 1 << map[old as usize];
        }
    }
    if cut & 1 == 1 {
        // Node 0 is always on the first side.
        let all = if node_count >= 64 {
            u64::MAX
        } else {
            (1u64 << node_count) - 1
        };
        cut ^= all;
    }
    let mut permuted = CheckState {
        cells: cells
            .into_iter()
            .map(|c| c.expect("a permutation fills every place"))
            .collect(),
        statuses,
        wire,
        timers,
        cut,
        used: state.used,
    };
    permuted.number_wire();
    permuted
}

fn local_key<P>(
    state: &CheckState<P>,
    node: u32,
    first: u32,
    count: u32,
    buffer: &mut Vec<u8>,
) -> u64
where
    P: Checkable + Rename,
    P::Msg: Rename,
    P::Timer: Rename,
    P::Durable: Rename,
{
    let collapse = |n: NodeId| {
        if (first..first + count).contains(&n.0) {
            NodeId(first)
        } else {
            n
        }
    };
    let cell = &state.cells[node as usize];
    let mut hasher = StableHasher::new(buffer);
    state.statuses[node as usize].hash(&mut hasher);
    cell.state.rename(&collapse).hash(&mut hasher);
    cell.durable.rename(&collapse).hash(&mut hasher);
    // Sorted after renaming, so the key does not depend on how the timers sorted before.
    let mut own: Vec<P::Timer> = state
        .timers
        .iter()
        .filter(|(owner, _)| owner.0 == node)
        .map(|(_, timer)| timer.rename(&collapse))
        .collect();
    own.sort();
    own.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::next_permutation;

    #[test]
    fn permutations_come_in_order_and_wrap() {
        let mut items = [1, 2, 3];
        let mut seen = vec![items];
        while next_permutation(&mut items) {
            seen.push(items);
        }
        assert_eq!(seen.len(), 6);
        assert_eq!(seen[1], [1, 3, 2]);
        assert_eq!(items, [1, 2, 3], "sorted again after the last");
    }
}
