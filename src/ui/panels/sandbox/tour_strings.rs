//! The sandbox tour's words (its steps and questions are `core::sandbox::tour`), in English and Chinese.
use crate::ui::components::tour::TourTexts;
use crate::ui::i18n::Lang;

pub static EN: TourTexts = TourTexts {
    entries: &[
        ("basics", "the simulator in five steps"),
        ("ping-pong.title", "Ping and pong"),
        ("ping-pong", "Four nodes in a ring. Every 100 ms each node pings its neighbour, which answers with a pong. Each node counts the pings it sent and the pongs it counted; the run is deterministic: the same seed gives the same events."),
        ("q-pings", "How many pings do the four nodes send in the first second?"),
        ("duplicates.title", "Duplicated messages"),
        ("duplicates", "The invariant: a node never counts more pongs than it sent pings. Now the network duplicates 20 % of the messages. The correct variant counts a pong only if its ping is still outstanding."),
        ("q-holds", "Does the invariant hold for the whole run?"),
        ("yes", "yes"),
        ("no", "no"),
        ("broken.title", "The broken variant"),
        ("broken", "The broken variant counts every pong it receives, the duplicates too. The same network, the same seed."),
        ("find-a-bug.title", "Find a bug"),
        ("find-a-bug", "Without duplicates the broken variant looks fine. Press “Find a bug”: the explorer runs many seeds with random faults, stops at the first violation, shrinks it and replays it."),
        ("be-network.title", "Be the network"),
        ("be-network", "Take over the network: choose which message is delivered next and which timer fires, one step at a time, and build a counterexample by hand."),
    ],
};

pub static ZH_CN: TourTexts = TourTexts {
    entries: &[
        ("basics", "五步认识模拟器"),
        ("ping-pong.title", "Ping 与 Pong"),
        ("ping-pong", "四个节点围成一圈。每个节点每 100 毫秒向邻居发送 ping，邻居回复 pong。每个节点统计它发出的 ping 和记下的 pong；运行是确定的：同样的随机种子产生同样的事件。"),
        ("q-pings", "第一秒内四个节点一共发送多少个 ping？"),
        ("duplicates.title", "消息重复"),
        ("duplicates", "不变量：节点记下的 pong 永远不超过它发出的 ping。现在网络把 20% 的消息重复发送。正确的版本只在对应的 ping 仍未得到回复时才记下 pong。"),
        ("q-holds", "整次运行中不变量都成立吗？"),
        ("yes", "是"),
        ("no", "否"),
        ("broken.title", "有缺陷的版本"),
        ("broken", "有缺陷的版本收到 pong 就记下，重复的也记。同样的网络，同样的随机种子。"),
        ("find-a-bug.title", "寻找反例"),
        ("find-a-bug", "没有消息重复时，有缺陷的版本看起来没问题。点击“寻找反例”：探索器用许多随机种子和随机故障运行，在第一次违反不变量时停下，把反例缩到最小并重放。"),
        ("be-network.title", "由你当网络"),
        ("be-network", "接管网络：一步一步地选择下一条送达的消息和下一个触发的定时器，亲手构造反例。"),
    ],
};

/// The sandbox tour's words in `lang`.
pub fn texts(lang: Lang) -> &'static TourTexts {
    match lang {
        Lang::En => &EN,
        Lang::ZhCn => &ZH_CN,
    }
}
