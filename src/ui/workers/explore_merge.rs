//! One search over a seed range, made of several: worker `k` of `n` tries the seeds `first + k`,
//! `first + k + n`, ... and this merge stops the workers that can no longer matter and answers what a single
//! search would have: the earliest failing seed, shrunk (shrinking is deterministic given the seed and its
//! faults), or none in the range. Pure, so native tests check it against the single search.
use super::protocol::{ExploreFound, Report};

/// Where one worker stands.
#[derive(Clone, Debug, PartialEq)]
enum Worker {
    /// Every seed of its stripe before `next_index` has passed.
    Searching { runs: u64, next_index: u64 },
    /// Found a failure at `index` and is shrinking it.
    Shrinking { runs: u64, index: u64, actions: u32 },
    Done {
        runs: u64,
        found: Option<ExploreFound>,
    },
    /// Stopped by the merge: its seeds can no longer hold the earliest failure.
    Stopped { runs: u64 },
}

impl Worker {
    fn runs(&self) -> u64 {
        match self {
            Worker::Searching { runs, .. }
            | Worker::Shrinking { runs, .. }
            | Worker::Done { runs, .. }
            | Worker::Stopped { runs } => *runs,
        }
    }

    fn finished(&self) -> bool {
        matches!(self, Worker::Done { .. } | Worker::Stopped { .. })
    }
}

/// The merged search as the card shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum Merged {
    Searching {
        runs: u64,
        /// Runs per worker, in worker order.
        runs_per_worker: Vec<u64>,
    },
    Shrinking {
        runs: u64,
        actions: u32,
    },
    Found {
        runs: u64,
        found: ExploreFound,
    },
    NoneFound {
        runs: u64,
    },
}

/// The merge of `workers.len()` stripes over seeds from `first_seed`.
pub struct ExploreMerge {
    first_seed: u64,
    workers: Vec<Worker>,
    /// The earliest failure reported so far: its index in the seed range and its worker.
    best: Option<(u64, usize)>,
}

impl ExploreMerge {
    pub fn new(first_seed: u64, stripes: usize) -> Self {
        ExploreMerge {
            first_seed,
            workers: (0..stripes)
                .map(|k| Worker::Searching {
                    runs: 0,
                    next_index: k as u64,
                })
                .collect(),
            best: None,
        }
    }

    /// Takes worker `from`'s report (progress, a find, its end); returns the workers to stop now, which the
    /// merge counts as stopped. A `Failed` report is the caller's to handle.
    pub fn report(&mut self, from: usize, report: &Report) -> Vec<usize> {
        let Some(worker) = self.workers.get(from) else {
            return Vec::new();
        };
        if worker.finished() {
            return Vec::new();
        }
        let index_of = |seed: u64| seed.wrapping_sub(self.first_seed);
        self.workers[from] = match report {
            Report::ExploreProgress { runs, next_seed } => Worker::Searching {
                runs: *runs,
                next_index: index_of(*next_seed),
            },
            Report::ExploreShrinking {
                runs,
                seed,
                actions,
            } => Worker::Shrinking {
                runs: *runs,
                index: index_of(*seed),
                actions: *actions,
            },
            Report::ExploreDone { runs, found } => Worker::Done {
                runs: *runs,
                found: found.clone(),
            },
            _ => return Vec::new(),
        };
        if let Worker::Shrinking { index, .. } = self.workers[from] {
            if self.best.is_none_or(|(best, _)| index < best) {
                self.best = Some((index, from));
            }
        }
        let Some((best, best_worker)) = self.best else {
            return Vec::new();
        };
        let mut stop = Vec::new();
        for (k, worker) in self.workers.iter_mut().enumerate() {
            if k == best_worker {
                continue;
            }
            // A worker past the best failure has passed every seed of its stripe before it; one shrinking a
            // later failure, or one that ended, cannot give an earlier one either.
            let moot = match worker {
                Worker::Searching { next_index, .. } => *next_index > best,
                Worker::Shrinking { index, .. } => *index > best,
                Worker::Done { .. } | Worker::Stopped { .. } => false,
            };
            if moot {
                *worker = Worker::Stopped {
                    runs: worker.runs(),
                };
                stop.push(k);
            }
        }
        stop
    }

    /// All workers ended or stopped.
    pub fn is_finished(&self) -> bool {
        self.workers.iter().all(Worker::finished)
    }

    /// The search so far, or its answer once finished.
    pub fn merged(&self) -> Merged {
        let runs = self.workers.iter().map(Worker::runs).sum();
        if let Some((_, best_worker)) = self.best {
            return match &self.workers[best_worker] {
                Worker::Done {
                    found: Some(found), ..
                } if self.is_finished() => Merged::Found {
                    runs,
                    found: found.clone(),
                },
                Worker::Shrinking { actions, .. } => Merged::Shrinking {
                    runs,
                    actions: *actions,
                },
                _ => Merged::Shrinking { runs, actions: 0 },
            };
        }
        if self.is_finished() {
            return Merged::NoneFound { runs };
        }
        Merged::Searching {
            runs,
            runs_per_worker: self.workers.iter().map(Worker::runs).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::scenario::DynScenario;
    use crate::core::share::{Params, RunFile};
    use crate::ui::workers::jobs::{read_result, request_run, run_request, scenario_of};
    use crate::ui::workers::protocol::Request;

    fn scenario(slug: &str) -> &'static dyn DynScenario {
        scenario_of(slug).unwrap()
    }

    /// A search in `stripes` workers whose reports reach the merge in an order `order` picks, each worker
    /// stopping where the merge says; returns the merged answer.
    fn merged_search(
        slug: &str,
        run: &str,
        first_seed: u64,
        stripes: usize,
        runs_max: u64,
        order: &mut dyn FnMut(usize) -> usize,
    ) -> Merged {
        // Each worker's reports, as the worker would post them (on a clock that reports every run).
        let clock = std::cell::Cell::new(0.0);
        let tick = || {
            clock.set(clock.get() + 1_000.0);
            clock.get()
        };
        let mut queues: Vec<std::collections::VecDeque<Report>> = (0..stripes)
            .map(|k| {
                let mut reports = std::collections::VecDeque::new();
                let request = Request::Explore {
                    panel: slug.to_string(),
                    run: run.to_string(),
                    stripe: k as u64,
                    stripes: stripes as u64,
                    runs_max,
                };
                run_request(&request, &mut |r| reports.push_back(r), &tick);
                reports
            })
            .collect();
        let mut merge = ExploreMerge::new(first_seed, stripes);
        while !merge.is_finished() {
            let live: Vec<usize> = (0..stripes).filter(|k| !queues[*k].is_empty()).collect();
            let k = live[order(live.len())];
            let report = queues[k].pop_front().unwrap();
            assert!(!matches!(report, Report::Failed { .. }), "{report:?}");
            for stopped in merge.report(k, &report) {
                queues[stopped].clear();
            }
        }
        merge.merged()
    }

    #[test]
    fn striped_searches_merged_find_what_one_search_finds_in_any_order_of_reports() {
        // A plain lease and a participant that aborts on a timeout fail on some seeds only (the first from
        // seed 1 is the 25th and the 132nd): the earliest must win whichever worker reports first.
        for (slug, variant) in [("lock", "lease"), ("2pc", "timeout-abort")] {
            let scenario = scenario(slug);
            let (spec, problems) = scenario.read(
                &Params(vec![
                    ("preset".into(), "custom".into()),
                    ("variant".into(), variant.into()),
                ]),
                &[],
            );
            assert!(problems.is_empty(), "{problems:?}");
            for first_seed in [1_u64, 30] {
                let run = request_run(scenario, &spec, first_seed);
                let one = merged_search(slug, &run, first_seed, 1, 300, &mut |_| 0);
                let Merged::Found { found: alone, .. } = &one else {
                    panic!("{variant} survived 300 seeds from {first_seed}: {one:?}");
                };
                let alone = read_result(scenario, &alone.run).unwrap();
                assert!(alone.seed != Some(first_seed), "{variant} fails at once");
                let mut pick = first_seed;
                for stripes in [2, 3, 4] {
                    let merged = merged_search(slug, &run, first_seed, stripes, 300, &mut |live| {
                        pick = pick.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                        (pick >> 33) as usize % live
                    });
                    let Merged::Found { found, .. } = merged else {
                        panic!("{stripes} stripes found nothing: {merged:?}");
                    };
                    let found = read_result(scenario, &found.run).unwrap();
                    assert_eq!(
                        (found.seed, &found.actions),
                        (alone.seed, &alone.actions),
                        "{variant}, {stripes} stripes from seed {first_seed}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_safe_design_is_searched_through_every_seed_of_the_range() {
        let lock = scenario("lock");
        let (spec, _) = lock.read(
            &Params(vec![
                ("preset".into(), "custom".into()),
                ("variant".into(), "lease-fencing".into()),
            ]),
            &[],
        );
        let run = request_run(lock, &spec, 9);
        match merged_search("lock", &run, 9, 3, 30, &mut |_| 0) {
            Merged::NoneFound { runs } => assert_eq!(runs, 30),
            other => panic!("the fenced lease failed: {other:?}"),
        }
    }

    #[test]
    fn a_bad_run_file_fails_the_job_with_a_reason() {
        let mut reports = Vec::new();
        let request = Request::Check {
            panel: "nowhere".into(),
            run: RunFile::new("nowhere", &Params::default(), 1, Vec::new(), None).to_json(),
        };
        run_request(&request, &mut |r| reports.push(r), &|| 0.0);
        assert!(
            matches!(&reports[..], [Report::Failed { reason }] if reason.contains("nowhere")),
            "{reports:?}"
        );
    }
}
