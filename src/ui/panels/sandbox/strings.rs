//! The sandbox's words, in English and Chinese: its tab, title and introduction, its legend's codes, and
//! its controls.
use crate::ui::i18n::Lang;
use crate::ui::vocabulary::PanelWords;

/// The sandbox's own strings in one language.
pub struct SandboxTexts {
    pub words: PanelWords,
    pub variant: &'static str,
    pub variant_correct: &'static str,
    pub variant_broken: &'static str,
    pub variant_correct_note: &'static str,
    pub variant_broken_note: &'static str,
    /// Under each node: its counters.
    pub node_fields: &'static str,
}

pub static EN: SandboxTexts = SandboxTexts {
    words: PanelWords {
        nav: "Sandbox",
        title: "Sandbox: ping-pong with acknowledgements",
        intro: "Each node pings its neighbour every 100 ms and counts the pongs that come back. The invariant says a node never counts more pongs than pings it sent. The network loses and duplicates messages; press play, step through events, or let the explorer hunt for a run that breaks the invariant.",
        labels: &[
            ("ping", "ping"),
            ("pong", "pong"),
            ("idle", "idle"),
            ("waiting", "waiting for pongs"),
            ("node", "node"),
            ("pongs-never-exceed-pings", "pongs counted ≤ pings sent"),
            ("challenge.count-twice", "Count a pong twice"),
            ("challenge.count-twice.goal", "The broken variant on a network that loses and duplicates nothing. With one message fault, make a node count more pongs than pings it sent."),
            ("challenge.wait-a-second", "Wait a second, no crash"),
            ("challenge.wait-a-second.goal", "The correct variant on a quiet network. Without crashing anyone, with one pause, keep a node waiting for its pong for over 1 s."),
        ],
    },
    variant: "Variant",
    variant_correct: "Correct: count a pong once",
    variant_broken: "Broken: count every pong",
    variant_correct_note: "A pong is counted only if its ping is still outstanding, so a duplicated pong is ignored.",
    variant_broken_note: "Every pong is counted, so one duplicated message is enough to count a pong twice.",
    node_fields: "pings {pings} · pongs {pongs}",
};

pub static ZH_CN: SandboxTexts = SandboxTexts {
    words: PanelWords {
        nav: "沙盒",
        title: "沙盒：带确认的乒乓消息",
        intro: "每个节点每 100 毫秒向相邻节点发送 ping，并统计收到的 pong。不变量：节点统计的 pong 数永远不超过它发出的 ping 数。网络会丢失和重复消息；可以播放、单步查看事件，或让探索器寻找违反不变量的运行。",
        labels: &[
            ("ping", "ping"),
            ("pong", "pong"),
            ("idle", "空闲"),
            ("waiting", "等待 pong"),
            ("node", "节点"),
            ("pongs-never-exceed-pings", "统计的 pong 数 ≤ 发出的 ping 数"),
            ("challenge.count-twice", "一个 pong 计两次"),
            ("challenge.count-twice.goal", "有缺陷的变体，网络不丢失也不重复消息。只用一次消息故障，让某个节点统计的 pong 数超过它发出的 ping 数。"),
            ("challenge.wait-a-second", "不崩溃，也等一秒"),
            ("challenge.wait-a-second.goal", "正确的变体，网络平稳。不让任何节点崩溃，只用一次停顿，让某个节点等待 pong 超过 1 秒。"),
        ],
    },
    variant: "变体",
    variant_correct: "正确：每个 pong 只计一次",
    variant_broken: "有缺陷：每个 pong 都计数",
    variant_correct_note: "只有对应的 ping 仍在等待确认时才计数，因此重复的 pong 会被忽略。",
    variant_broken_note: "每个 pong 都计数，所以只要一条消息被重复，同一个 pong 就会被计两次。",
    node_fields: "ping {pings} · pong {pongs}",
};

/// The sandbox's strings in `lang`.
pub fn texts(lang: Lang) -> &'static SandboxTexts {
    match lang {
        Lang::En => &EN,
        Lang::ZhCn => &ZH_CN,
    }
}

/// The sandbox's panel words in `lang`, for the registry.
pub fn words(lang: Lang) -> &'static PanelWords {
    &texts(lang).words
}
