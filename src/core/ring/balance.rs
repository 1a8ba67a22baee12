//! How evenly keys are spread, and what theory expects.
use super::cluster::Cluster;

/// Per-node load and its spread over the live nodes.
#[derive(Clone, Debug, PartialEq)]
pub struct BalanceStats {
    /// Keys per node, indexed like the cluster (down nodes hold 0).
    pub key_counts: Vec<u32>,
    /// Keys with no owner (only when no node is live).
    pub unassigned_keys: u32,
    /// Mean keys per live node.
    pub mean_keys: f64,
    /// The most keys on one node.
    pub max_keys: u32,
    /// `max_keys / mean_keys`: 1 is perfect balance (0 when there is no key).
    pub max_over_mean: f64,
    /// Population standard deviation of the live nodes' key counts.
    pub std_dev_keys: f64,
    /// The largest `count / fair share` over live nodes, the fair share of node `i` being
    /// `assigned · wᵢ / W_live`: `max_over_mean` made fair to unequal weights.
    pub max_over_fair_share: f64,
}

impl BalanceStats {
    /// Counts the owners (indices into `cluster`) and summarises over the live nodes.
    pub fn from_owners(cluster: &Cluster, owners: &[Option<u32>]) -> BalanceStats {
        let mut key_counts = vec![0u32; cluster.len() as usize];
        let mut unassigned_keys = 0;
        for owner in owners {
            match owner {
                Some(node) => key_counts[*node as usize] += 1,
                None => unassigned_keys += 1,
            }
        }
        let live = cluster.live_indices();
        let assigned = (owners.len() as u32 - unassigned_keys) as f64;
        let live_weight = cluster.live_weight() as f64;
        let mean_keys = if live.is_empty() {
            0.0
        } else {
            assigned / live.len() as f64
        };
        let max_keys = live
            .iter()
            .map(|&i| key_counts[i as usize])
            .max()
            .unwrap_or(0);
        let variance = if live.is_empty() {
            0.0
        } else {
            live.iter()
                .map(|&i| (f64::from(key_counts[i as usize]) - mean_keys).powi(2))
                .sum::<f64>()
                / live.len() as f64
        };
        let max_over_fair_share = live
            .iter()
            .map(|&i| {
                let fair = assigned * f64::from(cluster.nodes()[i as usize].weight) / live_weight;
                if fair > 0.0 {
                    f64::from(key_counts[i as usize]) / fair
                } else {
                    0.0
                }
            })
            .fold(0.0, f64::max);
        BalanceStats {
            key_counts,
            unassigned_keys,
            mean_keys,
            max_keys,
            max_over_mean: if mean_keys > 0.0 {
                f64::from(max_keys) / mean_keys
            } else {
                0.0
            },
            std_dev_keys: variance.sqrt(),
            max_over_fair_share,
        }
    }

    /// `std_dev_keys / mean_keys` (0 when there is no key).
    pub fn relative_std_dev(&self) -> f64 {
        if self.mean_keys > 0.0 {
            self.std_dev_keys / self.mean_keys
        } else {
            0.0
        }
    }
}

/// Expected relative standard deviation of a node's **arc share** on a ring with `vnodes` random points
/// per node: `1 / √vnodes`.
///
/// Why: with many points the gaps are nearly independent exponentials, so a node's share is a sum of
/// `vnodes` of them, a Gamma variable with coefficient of variation `1/√vnodes`. (`sqrt` is exact IEEE.)
pub fn expected_arc_share_relative_std_dev(vnodes: u32) -> f64 {
    1.0 / f64::from(vnodes.max(1)).sqrt()
}

/// The rule of thumb `max/mean ≈ 1 + 1/√vnodes`: a node one standard deviation above the mean (see
/// [`expected_arc_share_relative_std_dev`]). The true maximum over `N` nodes sits nearer
/// `1 + √(2 ln N)/√vnodes`, which [`expected_max_over_mean`] gives.
pub fn typical_max_over_mean(vnodes: u32) -> f64 {
    1.0 + expected_arc_share_relative_std_dev(vnodes)
}

/// The expected largest load over `nodes` nodes, relative to the mean, with `vnodes` points each and
/// `keys` keys: `1 + √(2 ln N) · σ` with `σ = √(1/vnodes + N/keys)` — the arc spread plus the binomial
/// noise of throwing `keys` keys (the Gaussian extreme-value estimate; `ln` via `libm::log`).
pub fn expected_max_over_mean(vnodes: u32, nodes: u32, keys: u32) -> f64 {
    let sigma = expected_key_count_relative_std_dev(vnodes, nodes, keys);
    let nodes = f64::from(nodes.max(1));
    1.0 + (2.0 * libm::log(nodes)).sqrt() * sigma
}

/// Expected relative standard deviation of per-node **key counts**: `√(1/vnodes + N/keys)`, the arc share
/// spread plus the binomial noise of `keys` keys over `N` nodes.
pub fn expected_key_count_relative_std_dev(vnodes: u32, nodes: u32, keys: u32) -> f64 {
    let arc = 1.0 / f64::from(vnodes.max(1));
    let sampling = if keys == 0 {
        0.0
    } else {
        f64::from(nodes) / f64::from(keys)
    };
    (arc + sampling).sqrt()
}

/// Keys a consistent placement moves when one node joins `nodes_before` equal nodes: `K / (N + 1)`.
pub fn expected_keys_moved_on_join(keys: u32, nodes_before: u32) -> f64 {
    f64::from(keys) / f64::from(nodes_before + 1)
}

/// Keys modulo placement moves when the live node count goes from `nodes_before` to `nodes_after`: a key
/// stays only if `h mod N_old` and `h mod N_new` pick the same node, which for one join or loss is about
/// 1 in N, so ≈ `K · (1 − 1/max(N_old, N_new))`.
pub fn expected_modulo_keys_moved(keys: u32, nodes_before: u32, nodes_after: u32) -> f64 {
    let larger = f64::from(nodes_before.max(nodes_after).max(1));
    f64::from(keys) * (1.0 - 1.0 / larger)
}
