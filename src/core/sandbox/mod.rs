//! The sandbox protocol: ping-pong with acknowledgements, the smallest protocol that shows every kernel
//! feature (timers, messages, durable vs volatile state, an invariant and a planted bug).
//!
//! Each node, every [`PING_EVERY_MS`], sends `Ping { seq }` to the next node and remembers `seq` as
//! outstanding; the receiver answers `Pong { seq }`. The correct variant counts a pong only for an
//! outstanding seq; the broken one ([`Variant::CountsDuplicatePongs`]) counts every pong, so a duplicated
//! message breaks [`PongsNeverExceedPings`].
pub mod challenges;
mod invariants;
mod ping_pong;
mod scenario;
mod scenarios;
pub mod tour;

pub use invariants::PongsNeverExceedPings;
pub use ping_pong::{
    Counters, PingPong, PingPongMsg, PingPongNote, PingPongTimer, Variant, PING_EVERY_MS,
};
pub use scenario::{
    sandbox_network, SandboxScenario, SandboxSettings, HORIZON_MS, NODES_DEFAULT, NODES_MAX,
    NODES_MIN, PONGS_NEVER_EXCEED_PINGS,
};
pub use scenarios::{golden_network, golden_scenario, scenario, GOLDEN_RUN_MS};
