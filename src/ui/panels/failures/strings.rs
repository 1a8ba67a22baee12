//! The failures panel's words, in English and Chinese: its tab, title and introduction, its legend's codes,
//! its presets, detectors, grids, chart and figures.
use crate::ui::i18n::Lang;
use crate::ui::vocabulary::PanelWords;

/// The failures panel's own strings in one language.
pub struct FailuresTexts {
    pub words: PanelWords,
    pub timeout_short: &'static str,
    pub phi_pick_hint: &'static str,
    pub preset_clean_crash: &'static str,
    pub preset_slow_network: &'static str,
    pub preset_partition: &'static str,
    pub preset_flapping: &'static str,
    pub preset_gc_pause: &'static str,
    pub preset_clean_crash_note: &'static str,
    pub preset_slow_network_note: &'static str,
    pub preset_partition_note: &'static str,
    pub preset_flapping_note: &'static str,
    pub preset_gc_pause_note: &'static str,
    pub det_timeout: &'static str,
    pub det_phi: &'static str,
    pub phi_threshold: &'static str,
    pub verdict_up: &'static str,
    pub verdict_suspected: &'static str,
    pub verdict_down: &'static str,
    pub matrix_caption: &'static str,
    pub phi_observer: &'static str,
    pub phi_chart_title: &'static str,
    pub suspected_by: &'static str,
    pub metrics_title: &'static str,
    pub metric_detection: &'static str,
    pub metric_false: &'static str,
    pub metric_none: &'static str,
    pub metric_messages: &'static str,
    pub metrics_note: &'static str,
}

pub static EN: FailuresTexts = FailuresTexts {
    words: PanelWords {
        nav: "Failures",
        title: "Failure detection: who notices a crash, and who is fooled",
        intro: "Every node sends a heartbeat to every other node every 100 ms. Each node judges the others twice: with a fixed timeout, and with the φ accrual detector, which learns how irregular heartbeats usually are. Crash, pause or cut nodes off and compare the two.",
        labels: &[
            ("heartbeat", "heartbeat"),
            ("watching", "watching"),
            ("node", "node"),
            ("challenge.timeout-alone", "Fool the timeout, not φ"),
            ("challenge.timeout-alone.goal", "Heartbeats take 10–190 ms, and φ accrual has learned it. With one pause, make a node's fixed timeout suspect a peer that never crashed and then trust it again, while its φ accrual trusts that peer all along."),
            ("challenge.down-but-running", "Down, but running"),
            ("challenge.down-but-running.goal", "No crash allowed. With one network partition, make φ accrual declare a node down while that node is running."),
        ],
    },
    timeout_short: "Timeout",
    phi_pick_hint: "(click a node to watch it)",
    preset_clean_crash: "Clean crash",
    preset_slow_network: "Slow network (false suspicion)",
    preset_partition: "Partition",
    preset_flapping: "Flapping node",
    preset_gc_pause: "GC pause longer than the timeout",
    preset_clean_crash_note: "n1 crashes at 2 s. Watch φ climb until it crosses the threshold, and the grids fill with ✗.",
    preset_slow_network_note: "From 3 s to 11 s the links from n1 and n2 are slow and lossy. Nobody crashed: every suspicion is false. The fixed timeout is fooled far more often than φ.",
    preset_partition_note: "At 2 s the network splits into two halves, healed at 6 s. Both sides suspect each other: from inside, a partition looks exactly like a crash.",
    preset_flapping_note: "n1 crashes and recovers four times. Short outages are suspected but not confirmed down.",
    preset_gc_pause_note: "n2 freezes for 1 s at 2 s (a stop-the-world GC). It is suspected, then comes back with its state intact.",
    det_timeout: "Fixed timeout",
    det_phi: "φ accrual",
    phi_threshold: "φ threshold",
    verdict_up: "up",
    verdict_suspected: "suspected",
    verdict_down: "down",
    matrix_caption: "Row judges column: ✓ up · ? suspected · ✗ down",
    phi_observer: "φ as seen by",
    phi_chart_title: "φ that {observer} computes for {peer}",
    suspected_by: "suspected by {timeout} · φ {phi}",
    metrics_title: "Figures for the whole run",
    metric_detection: "Detection time after a crash",
    metric_false: "False suspicions",
    metric_none: "no crash",
    metric_messages: "{rate} heartbeats per second",
    metrics_note: "A false suspicion: a node judged failed although it was up, not paused and reachable.",
};

pub static ZH_CN: FailuresTexts = FailuresTexts {
    words: PanelWords {
        nav: "故障",
        title: "故障检测：谁发现了崩溃，谁被误导了",
        intro: "每个节点每 100 毫秒向其他所有节点发送心跳。每个节点用两种方法判断其他节点：固定超时，以及会学习心跳通常有多不规律的 φ 累积故障检测器。让节点崩溃、停顿或被隔离，对比两者。",
        labels: &[
            ("heartbeat", "心跳"),
            ("watching", "监视中"),
            ("node", "节点"),
            ("challenge.timeout-alone", "骗过超时，骗不过 φ"),
            ("challenge.timeout-alone.goal", "心跳延迟 10–190 毫秒，φ 累积故障检测器已经学到了这一点。只用一次停顿，让某个节点的固定超时把一个从未崩溃的对端判为疑似故障、随后又恢复信任，而它的 φ 累积检测器始终信任该对端。"),
            ("challenge.down-but-running", "被判宕机，其实在运行"),
            ("challenge.down-but-running.goal", "不允许崩溃。只用一次网络分区，让 φ 累积故障检测器把一个正在运行的节点判定为宕机。"),
        ],
    },
    timeout_short: "超时",
    phi_pick_hint: "（点击节点来观察它）",
    preset_clean_crash: "干净的崩溃",
    preset_slow_network: "慢网络（误判）",
    preset_partition: "网络分区",
    preset_flapping: "反复上下线的节点",
    preset_gc_pause: "超过超时时间的 GC 停顿",
    preset_clean_crash_note: "n1 在 2 秒时崩溃。观察 φ 不断上升直到越过阈值，网格中逐渐出现 ✗。",
    preset_slow_network_note: "从 3 秒到 11 秒，n1 和 n2 发出的链路又慢又会丢消息。没有节点崩溃：所有怀疑都是误判。固定超时被误导的次数远多于 φ。",
    preset_partition_note: "2 秒时网络分成两半，6 秒时恢复。两边都怀疑对方：从内部看，网络分区和崩溃一模一样。",
    preset_flapping_note: "n1 崩溃并恢复了四次。短暂的中断会被怀疑，但不会被确认为故障。",
    preset_gc_pause_note: "n2 在 2 秒时冻结 1 秒（全局停顿的 GC）。它被怀疑，然后带着完整的状态回来。",
    det_timeout: "固定超时",
    det_phi: "φ 累积",
    phi_threshold: "φ 阈值",
    verdict_up: "正常",
    verdict_suspected: "疑似故障",
    verdict_down: "已判定故障",
    matrix_caption: "行判断列：✓ 正常 · ? 疑似故障 · ✗ 已判定故障",
    phi_observer: "观察者",
    phi_chart_title: "{observer} 对 {peer} 计算的 φ",
    suspected_by: "被怀疑：超时 {timeout} · φ {phi}",
    metrics_title: "整次运行的数据",
    metric_detection: "崩溃后的检测时间",
    metric_false: "误判次数",
    metric_none: "无崩溃",
    metric_messages: "每秒 {rate} 条心跳",
    metrics_note: "误判：节点其实正常、未停顿且可达，却被判定为故障。",
};

/// The failures panel's strings in `lang`.
pub fn texts(lang: Lang) -> &'static FailuresTexts {
    match lang {
        Lang::En => &EN,
        Lang::ZhCn => &ZH_CN,
    }
}

/// The failures panel's words in `lang`, for the registry.
pub fn words(lang: Lang) -> &'static PanelWords {
    &texts(lang).words
}
