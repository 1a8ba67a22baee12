//! The failures tour's words (its steps and questions are `core::detect::tour`), in English and Chinese.
use crate::ui::components::tour::TourTexts;
use crate::ui::i18n::Lang;

pub static EN: TourTexts = TourTexts {
    entries: &[
        ("basics", "timeouts, φ, pauses and partitions"),
        ("clean-crash.title", "A clean crash"),
        ("clean-crash", "Every node sends a heartbeat to every other every 100 ms. n1 crashes at 2 s. The fixed timeout suspects a peer after 300 ms of silence; φ accrual suspects once the silence is improbable given the gaps it has seen. Suspected for 1 s in a row, a peer is marked down."),
        ("q-first", "Which detector has every live node suspecting n1 first?"),
        ("detector-timeout", "the fixed timeout"),
        ("detector-phi", "φ accrual"),
        ("detector-same", "both at the same time"),
        ("slow-network.title", "Timeout against φ"),
        ("slow-network", "From 3 s to 11 s, heartbeats from n1 and n2 take 50–450 ms and 5 % are lost. Nobody crashes: every suspicion here is a false one. φ accrual learns that the gaps have grown and comes to expect longer silences."),
        ("q-false", "Which detector suspects live nodes more often?"),
        ("gc-pause.title", "A GC pause"),
        ("gc-pause", "n2 freezes for 1 s at 2 s, as in a stop-the-world garbage collection. It is alive, but it sends nothing, and from outside silence is all a detector can see."),
        ("q-suspect-paused", "At 2.9 s, still inside the pause: which nodes suspect n2 (by the fixed timeout)?"),
        ("pause-or-crash.title", "Pause or crash?"),
        ("pause-or-crash", "While n2 was silent, its peers could not tell a pause from a crash. The difference shows only afterwards: a paused node speaks again. Here the pause ended before the 1 s that marks a node down."),
        ("q-up-again", "After n2 wakes up, does every node hold it up again, by both detectors?"),
        ("yes", "yes"),
        ("no", "no"),
        ("partition.title", "A partition looks like a crash"),
        ("partition", "At 2 s the network splits: n0 and n1 on one side, n2, n3 and n4 on the other. Nothing crashed, yet across the cut heartbeats stop, exactly as if the other side had died."),
        ("q-observer-suspects", "Which nodes does n0 suspect now (by the fixed timeout)?"),
        ("heal.title", "The partition heals"),
        ("heal", "At 6 s the network heals and heartbeats cross again. Each side saw the other go down; neither can know it was the network. Any decision taken on a suspicion (elect a new leader, take over a lease) must survive the suspected node coming back."),
    ],
};

pub static ZH_CN: TourTexts = TourTexts {
    entries: &[
        ("basics", "超时、φ、停顿与网络分区"),
        ("clean-crash.title", "一次干净的崩溃"),
        ("clean-crash", "每个节点每 100 毫秒向其他所有节点发送心跳。n1 在 2 秒时崩溃。固定超时在对方沉默 300 毫秒后判为疑似故障；φ 累积故障检测器则在这段沉默相对它见过的间隔已极不可能时才怀疑。连续疑似 1 秒后，节点被判为宕机。"),
        ("q-first", "哪种检测器先让所有存活节点都怀疑 n1？"),
        ("detector-timeout", "固定超时"),
        ("detector-phi", "φ 累积检测器"),
        ("detector-same", "两者同时"),
        ("slow-network.title", "超时与 φ 的对比"),
        ("slow-network", "从 3 秒到 11 秒，n1 和 n2 的心跳需要 50–450 毫秒，还有 5% 丢失。没有节点崩溃：这里的每次怀疑都是误判。φ 累积检测器学到间隔变长了，于是预期更长的沉默。"),
        ("q-false", "哪种检测器更常误判存活的节点？"),
        ("gc-pause.title", "GC 停顿"),
        ("gc-pause", "n2 在 2 秒时停顿 1 秒，就像一次全停顿（stop-the-world）的垃圾回收。它还活着，却什么也不发送；从外面看，检测器只能看到沉默。"),
        ("q-suspect-paused", "2.9 秒时停顿仍未结束：哪些节点（按固定超时）怀疑 n2？"),
        ("pause-or-crash.title", "停顿还是崩溃？"),
        ("pause-or-crash", "n2 沉默时，其他节点分不清它是停顿还是崩溃。区别只在事后显现：停顿的节点会再次发声。这里停顿在判为宕机所需的 1 秒之前就结束了。"),
        ("q-up-again", "n2 醒来之后，所有节点是否都按两种检测器重新判它为正常？"),
        ("yes", "是"),
        ("no", "否"),
        ("partition.title", "网络分区看起来像崩溃"),
        ("partition", "2 秒时网络分裂：n0 和 n1 在一侧，n2、n3、n4 在另一侧。没有节点崩溃，但跨越分区的心跳停止了，就像另一侧全部宕机一样。"),
        ("q-observer-suspects", "现在 n0（按固定超时）怀疑哪些节点？"),
        ("heal.title", "分区愈合"),
        ("heal", "6 秒时网络恢复，心跳重新互通。两侧都看到对方宕机；谁也无法知道其实是网络的问题。基于怀疑作出的任何决定（选出新的领导者、接管租约）都必须经得起被怀疑的节点回来。"),
    ],
};

/// The failures tour's words in `lang`.
pub fn texts(lang: Lang) -> &'static TourTexts {
    match lang {
        Lang::En => &EN,
        Lang::ZhCn => &ZH_CN,
    }
}
