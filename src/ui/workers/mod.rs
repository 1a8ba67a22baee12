//! The checker and the explorer off the main thread: Web Workers that run the page's own WebAssembly module
//! (compiled once by the page and handed to each worker, with the page's own JS glue), so a worker costs no
//! download, no second build and no second copy of the protocols. `static/worker.js` is the whole of the
//! worker's JavaScript.
//!
//! A job goes to a worker as a [`protocol::Request`]: the run as a run file, the one codec a link and a
//! file share, so what a worker checks is exactly what the page would; results come back the same way. The
//! exhaustive check runs in one worker (its breadth-first order is what makes a counterexample shortest);
//! the random explorer splits its seed range across one worker per core and [`explore_merge`] takes the
//! earliest failing seed, so it finds what one search would. Where workers cannot start (a `file://` page),
//! the cards run the job in slices on the page, as before, and say so.
pub mod explore_merge;
pub mod jobs;
pub mod pool;
pub mod protocol;
mod worker_side;
