//! The figures a student reads off a run: messages per transaction against the textbook's 4n, commit
//! latency, time blocked in doubt, throughput and lock waits.
use distlab_core::scenario::Scenario;
use distlab_core::txn::*;

fn figures(settings: &TxnSettings, seed: u64) -> TxnMetrics {
    let network = TxnScenario.default_network(settings);
    let actions = TxnScenario.preset_actions(settings);
    let mut sim = TxnScenario.build(settings, &network, seed);
    for action in &actions {
        sim.schedule(action.clone());
    }
    sim.run_until(TxnScenario.horizon_ms(settings, &actions));
    assert!(sim.violation().is_none(), "{:?}", sim.violation());
    metrics(sim.trace(), sim.notes())
}

fn preset(preset: TxnPreset) -> TxnSettings {
    TxnSettings::of_preset(preset)
}

#[test]
fn a_clean_commit_costs_the_textbooks_four_n_messages() {
    for participants in [2, 5, 7] {
        let settings = TxnSettings {
            participants,
            ..preset(TxnPreset::AllCommit)
        };
        let f = figures(&settings, 1);
        let textbook = 4.0 * f64::from(participants);
        assert_eq!(f.textbook_messages_per_transaction, Some(textbook));
        assert_eq!(f.messages_per_transaction, Some(textbook));
        assert_eq!((f.committed, f.aborted), (1, 0));
        // begin 20 ms + prepare 20 + fsync 10 + vote 20 + fsync 10 + commit 20, plus a millisecond per
        // message in each queue.
        let latency = f.max_commit_latency_ms.unwrap();
        assert!(
            (100..=100 + 2 * u64::from(participants) + 5).contains(&latency),
            "{latency}"
        );
        // Everyone was in doubt from its vote to the commit: about a round trip and a log write.
        assert_eq!(f.blocked.len(), participants as usize);
        assert!(f.blocked.iter().all(|b| b.until_ms.is_some()));
        assert!(f.max_blocked_ms < 100, "{}", f.max_blocked_ms);
    }
}

#[test]
fn presumed_abort_makes_an_abort_cheaper_than_a_commit() {
    let f = figures(&preset(TxnPreset::OneVotesNo), 1);
    // 3 prepares, 3 votes, 2 aborts (not to the refuser), no acknowledgements.
    assert_eq!(f.messages_per_transaction, Some(8.0));
    assert_eq!(f.textbook_messages_per_transaction, Some(12.0));
    assert_eq!((f.committed, f.aborted), (0, 1));
    assert_eq!(f.mean_commit_latency_ms, None);
}

#[test]
fn blocking_shows_as_time_in_doubt_and_as_chatter() {
    let blocked = figures(&preset(TxnPreset::CoordinatorCrashAfterLoggingCommit), 1);
    assert_eq!(blocked.committed, 1);
    // Blocked from their votes (about 170 ms) until the coordinator is back at 3 s.
    assert!(
        blocked.max_blocked_ms >= 2_800,
        "{}",
        blocked.max_blocked_ms
    );
    assert!(blocked.max_commit_latency_ms.unwrap() >= 2_900);
    let cooperative = figures(&preset(TxnPreset::CooperativeBlocks), 1);
    assert_eq!(
        cooperative.max_blocked_ms, blocked.max_blocked_ms,
        "asking peers did not help"
    );
    let messages = |f: &TxnMetrics| f.messages_per_transaction.unwrap();
    assert!(
        messages(&cooperative) > 2.0 * messages(&blocked),
        "but it cost messages"
    );
    let helped = figures(&preset(TxnPreset::CooperativeHelps), 1);
    assert!(helped.max_blocked_ms < 1_500, "{}", helped.max_blocked_ms);
    let three_phase = figures(&preset(TxnPreset::ThreePhaseCrash), 1);
    assert!(
        three_phase.max_blocked_ms < 2_500,
        "{}",
        three_phase.max_blocked_ms
    );
}

#[test]
fn a_stream_has_throughput_and_lock_waits_and_a_coordinator_crash_piles_them_up() {
    let calm = figures(&preset(TxnPreset::Stream), 3);
    assert_eq!(calm.transactions.len(), 40);
    assert_eq!(calm.committed + calm.aborted, 40);
    assert!(calm.committed >= 15, "{}", calm.committed);
    assert!(calm.throughput_per_second.unwrap() > 2.0);
    assert!(!calm.lock_waits.is_empty());
    assert!(calm.lock_waits.iter().all(|w| w.until_ms.is_some()));
    let mean = calm.mean_commit_latency_ms.unwrap();
    assert!(mean <= calm.max_commit_latency_ms.unwrap() as f64);
    let crashed = figures(&preset(TxnPreset::StreamCoordinatorCrash), 3);
    assert_eq!(crashed.committed + crashed.aborted, 40);
    assert!(crashed.total_lock_wait_ms > 5 * calm.total_lock_wait_ms.max(1));
    assert!(crashed.total_blocked_ms > 2 * calm.total_blocked_ms);
    assert!(crashed.throughput_per_second.unwrap() < calm.throughput_per_second.unwrap());
}
