//! libketama's rule for how many points each server gets, and where they go.
//!
//! From libketama's `ketama.c` (`ketama_create_continuum`), for each server in the list:
//!
//! ```c
//! float pct = (float)slist[i].memory / (float)memory;          // weight / total weight
//! unsigned int ks = floorf( pct * 40.0 * (float)numservers );   // digests for this server
//! for( k = 0; k < ks; k++ ) {
//!     sprintf( ss, "%s-%d", slist[i].addr, k );                 // e.g. "10.0.1.1:11211-0"
//!     ketama_md5_digest( ss, digest );
//!     for( h = 0; h < 4; h++ )                                  // four points per digest
//!         point = digest[3+h*4] << 24 | digest[2+h*4] << 16 | digest[1+h*4] << 8 | digest[h*4];
//! }
//! ```
//!
//! We reproduce the float arithmetic exactly (an `f32` ratio, a `f64` product, `floorf` of it converted
//! back to `f32`), because for some weights it differs from the exact integer `⌊w·40·N/W⌋` that some clients
//! (e.g. uhashring) use. Down servers keep their points and count in `numservers` and the total weight:
//! a failure does not rebuild the continuum, lookups just walk past the down server's points.
use super::cluster::Cluster;
use super::hash::ketama_digest_points;

/// libketama's digests per server at average weight (160 points).
pub const KETAMA_DIGESTS_PER_SERVER: u32 = 40;

/// How many MD5 digests (four points each) libketama gives a server of `weight` out of `total_weight` among
/// `server_count` servers, with `digests_per_server` in place of libketama's fixed 40.
pub fn ketama_digest_count(
    weight: u32,
    total_weight: u64,
    server_count: u32,
    digests_per_server: u32,
) -> u32 {
    if total_weight == 0 {
        return 0;
    }
    let pct = weight as f32 / total_weight as f32;
    let product = f64::from(pct) * f64::from(digests_per_server) * f64::from(server_count as f32);
    // C's floorf takes a float: the double product is rounded to f32 first, then floored.
    (product as f32).floor() as u32
}

/// All ketama points of `cluster` as `(point, node index)`, unsorted; `points_per_server` (160 in
/// libketama) is rounded up to whole digests of four.
pub fn ketama_points(cluster: &Cluster, points_per_server: u32) -> Vec<(u32, u32)> {
    let digests_per_server = points_per_server.div_ceil(4);
    let total_weight = cluster.total_weight();
    let mut points = Vec::new();
    for (index, node) in cluster.nodes().iter().enumerate() {
        let digests =
            ketama_digest_count(node.weight, total_weight, cluster.len(), digests_per_server);
        for k in 0..digests {
            for point in ketama_digest_points(&format!("{}-{k}", node.name)) {
                points.push((point, index as u32));
            }
        }
    }
    points
}
