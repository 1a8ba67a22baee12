//! The sandbox's safety property.
use super::ping_pong::PingPong;
use crate::sim::{Invariant, NodesView, Violation};

/// No node has counted more pongs than it sent pings: each ping earns at most one pong.
#[derive(Clone, Copy, Debug, Default)]
pub struct PongsNeverExceedPings;

impl Invariant<PingPong> for PongsNeverExceedPings {
    fn name(&self) -> &str {
        super::PONGS_NEVER_EXCEED_PINGS
    }

    fn check(&self, view: &NodesView<'_, PingPong>) -> Result<(), Violation> {
        for id in view.ids() {
            let counters = view.durable(id);
            if counters.pongs_counted > counters.pings_sent {
                return Err(Violation {
                    invariant: self.name().to_string(),
                    nodes: vec![id],
                    detail: format!(
                        "{id} counted {} pongs but sent only {} pings",
                        counters.pongs_counted, counters.pings_sent
                    ),
                });
            }
        }
        Ok(())
    }
}
