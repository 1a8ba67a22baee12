//! Seek: jump to any point of a run by restoring a snapshot and stepping forward (the run is deterministic).
use super::kernel::Sim;
use super::protocol::Protocol;

/// A run plus snapshots every `snapshot_every` steps, so any earlier state can be rebuilt quickly.
///
/// Snapshots hold no trace (the live run's trace prefix is given back on restore), so memory grows with the
/// number of snapshots, not with their product with the trace length.
pub struct Timeline<P: Protocol> {
    live: Sim<P>,
    snapshot_every: u64,
    /// `snapshots[j]` is the sim after `j * snapshot_every` steps, without its trace.
    snapshots: Vec<Sim<P>>,
    /// `trace_len_after_step[s]` is the trace length after step `s + 1`.
    trace_len_after_step: Vec<u64>,
}

impl<P: Protocol> Timeline<P> {
    /// Starts from a fresh sim (before any step; actions may already be scheduled). `snapshot_every` of 0 is
    /// treated as 1.
    pub fn new(mut fresh: Sim<P>, snapshot_every: u64) -> Self {
        let (first, _) = fresh.clone_without_trace();
        Self {
            live: fresh,
            snapshot_every: snapshot_every.max(1),
            snapshots: vec![first],
            trace_len_after_step: Vec::new(),
        }
    }

    /// Runs the live sim until its trace has at least `trace_len` events, or it ends or halts.
    pub fn advance_to_trace_len(&mut self, trace_len: u64) {
        while self.live.trace().len() < trace_len && self.live.step() {
            self.trace_len_after_step.push(self.live.trace().len());
            if self.live.steps().is_multiple_of(self.snapshot_every) {
                let (snapshot, _) = self.live.clone_without_trace();
                self.snapshots.push(snapshot);
            }
        }
    }

    /// The furthest state reached.
    pub fn live(&self) -> &Sim<P> {
        &self.live
    }

    /// The sim right after the step that produced trace event `k`. For `k` beyond what has been advanced, the
    /// latest state (call [`Timeline::advance_to_trace_len`] with `k + 1` first).
    pub fn sim_at_trace_index(&self, k: u64) -> Sim<P> {
        let steps_done = self.trace_len_after_step.partition_point(|len| *len <= k) as u64 + 1;
        if steps_done > self.trace_len_after_step.len() as u64 {
            return self.live.clone();
        }
        let snapshot_index =
            (steps_done / self.snapshot_every).min(self.snapshots.len() as u64 - 1);
        let mut sim = self.snapshots[snapshot_index as usize].clone();
        let prefix_len = match sim.steps() {
            0 => 0,
            s => self.trace_len_after_step[(s - 1) as usize],
        };
        sim.restore_trace(self.live.trace().events[..prefix_len as usize].to_vec());
        sim.run_steps(steps_done - sim.steps());
        sim
    }
}
