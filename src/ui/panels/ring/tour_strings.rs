//! The ring tour's words (its steps and questions are `core::ring::tour`), in English and Chinese.
use crate::ui::components::tour::TourTexts;
use crate::ui::i18n::Lang;

pub static EN: TourTexts = TourTexts {
    entries: &[
        ("basics", "consistent hashing, step by step"),
        ("modulo.title", "Why modulo moves everything"),
        ("modulo", "Five cache servers, 2,000 keys, placed by modulo hashing: a key goes to server hash(key) mod 5. Now cache-3 fails and only four remain, so every key is placed by hash(key) mod 4."),
        ("q-moved", "How many of the 2,000 keys move to another server when cache-3 fails?"),
        ("ring.title", "The hash ring"),
        ("ring", "The same failure on a hash ring: servers and keys hash onto one circle and a key belongs to the first server clockwise. When cache-3 fails, its arcs pass to their clockwise neighbours; nothing else changes."),
        ("one-point.title", "One point per server"),
        ("one-point", "With a single point per server on the ring, the arcs between neighbours have very different lengths, and so do the servers' loads."),
        ("q-spread", "How loaded is the busiest server compared with the mean?"),
        ("spread-even", "under 1.25 × the mean"),
        ("spread-uneven", "1.25 to 2 × the mean"),
        ("spread-very-uneven", "over 2 × the mean"),
        ("vnodes.title", "Virtual nodes"),
        ("vnodes", "Virtual nodes: each server hashes onto the ring at 200 points. Each server now owns many short arcs, and their lengths average out."),
        ("replicas.title", "Replicas and failover"),
        ("replicas", "With a replication factor of 3, a key is stored on the first three distinct servers clockwise from it (its preference list). The lookup shows user-42 and its owner; reveal to see its replicas."),
        ("q-failover", "If user-42's owner fails, which server serves it next?"),
        ("cache-1", "cache-1"),
        ("cache-2", "cache-2"),
        ("cache-3", "cache-3"),
        ("cache-4", "cache-4"),
        ("cache-5", "cache-5"),
        ("bounded.title", "Bounded loads"),
        ("bounded", "Consistent hashing with bounded loads: every server may hold at most (1 + ε) times the mean load, here ε = 0.25. A key whose server is full moves on clockwise to the next server with room."),
        ("q-over-capacity", "Does any server hold more keys than its capacity?"),
        ("yes", "yes"),
        ("no", "no"),
    ],
};

pub static ZH_CN: TourTexts = TourTexts {
    entries: &[
        ("basics", "一致性哈希分步讲解"),
        ("modulo.title", "为什么取模哈希会迁移几乎所有键"),
        ("modulo", "五台缓存服务器、2,000 个键，按取模哈希放置：键放在第 hash(key) mod 5 台服务器上。现在 cache-3 故障，只剩四台，每个键改按 hash(key) mod 4 放置。"),
        ("q-moved", "cache-3 故障时，2,000 个键中有多少个要迁移到别的服务器？"),
        ("ring.title", "哈希环"),
        ("ring", "同样的故障，换成哈希环：服务器和键都哈希到同一个圆环上，键属于顺时针方向的第一台服务器。cache-3 故障时，它的弧段交给顺时针方向的邻居，其余一概不变。"),
        ("one-point.title", "每台服务器一个点"),
        ("one-point", "每台服务器在环上只有一个点时，相邻点之间的弧段长短悬殊，服务器的负载也就悬殊。"),
        ("q-spread", "最忙的服务器的负载是平均值的多少倍？"),
        ("spread-even", "低于平均值的 1.25 倍"),
        ("spread-uneven", "平均值的 1.25 到 2 倍"),
        ("spread-very-uneven", "超过平均值的 2 倍"),
        ("vnodes.title", "虚拟节点"),
        ("vnodes", "虚拟节点：每台服务器在环上哈希出 200 个点。每台服务器拥有许多短弧段，长短相互抵消，负载趋于均衡。"),
        ("replicas.title", "副本与故障转移"),
        ("replicas", "副本数为 3 时，键存放在它顺时针方向的前三台不同服务器上（偏好列表）。查找显示 user-42 及其所有者；揭晓后可见它的副本。"),
        ("q-failover", "如果 user-42 的所有者故障，接下来由哪台服务器提供它？"),
        ("cache-1", "cache-1"),
        ("cache-2", "cache-2"),
        ("cache-3", "cache-3"),
        ("cache-4", "cache-4"),
        ("cache-5", "cache-5"),
        ("bounded.title", "有界负载"),
        ("bounded", "有界负载的一致性哈希：每台服务器最多承载平均负载的 (1 + ε) 倍，这里 ε = 0.25。所在服务器已满的键继续顺时针找下一台有空位的服务器。"),
        ("q-over-capacity", "有服务器承载的键超过它的容量吗？"),
        ("yes", "有"),
        ("no", "没有"),
    ],
};

/// The ring tour's words in `lang`.
pub fn texts(lang: Lang) -> &'static TourTexts {
    match lang {
        Lang::En => &EN,
        Lang::ZhCn => &ZH_CN,
    }
}
