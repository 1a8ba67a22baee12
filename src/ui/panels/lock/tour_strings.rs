//! The lock tour's words (its steps and questions are `core::lock::tour`), in English and Chinese.
use crate::ui::components::tour::TourTexts;
use crate::ui::i18n::Lang;

pub static EN: TourTexts = TourTexts {
    entries: &[
        ("basics", "distributed locks, from broken to fenced"),
        ("check-then-set.title", "Check, then set"),
        ("check-then-set", "The first of the seeds' three locks: read the key, and if it is empty, write it. Two clients ask at the same instant; the read and the write are two steps, and the other client's write lands between them. Watch the contention timeline."),
        ("q-holders", "At most, how many clients believe at the same moment that they hold the lock?"),
        ("timestamp-skew.title", "Timestamps and a slow clock"),
        ("timestamp-skew", "The second seed orders requests by each client's local timestamp. Clocks drift: client 1's runs 20 % slow, so its later request carries the smaller stamp and wins as well. A lock must not trust the clients' clocks."),
        ("local-lock.title", "A lock inside one process"),
        ("local-lock", "The third seed picks a local lock by hash(key) % N. A local lock excludes threads of one process; two processes each have their own copy."),
        ("no-expiry.title", "A lock that never expires"),
        ("no-expiry", "A real lock service: SET NX, at most one holder. But the key has no expiry (TTL), and client 1 crashes while holding it."),
        ("q-takes-over", "After client 1 crashes, does any other client ever get the lock?"),
        ("yes", "yes"),
        ("no", "no"),
        ("lease.title", "Leases"),
        ("lease", "The same crash with a lease: the lock expires by itself after its TTL, so a crashed holder blocks the others for one lease at most."),
        ("gc-pause.title", "The GC pause"),
        ("gc-pause", "But a holder that is only paused is not dead. Client 1 stops in a GC pause longer than its lease; the lease expires, client 2 acquires and writes; client 1 wakes up still believing it holds the lock, and writes too."),
        ("q-corrupted", "Does the storage accept a write from a client while another client holds the lock?"),
        ("fencing.title", "Fencing tokens"),
        ("fencing", "The fix is in the storage: every grant carries a fencing token that only grows, and the storage refuses a request with a token older than the newest it has seen. The same pause, the same actions."),
        ("redlock.title", "Redlock's critique"),
        ("redlock", "Redlock asks five independent Redis nodes and counts a majority as the lock. Kleppmann's critique: its safety rests on timing, on clocks and on pauses. Here node 3's clock jumps forward, its key expires early, and client 2 gets a majority too. Redlock hands out no fencing token."),
        ("contention.title", "Contention"),
        ("contention", "Eight clients want one lock, and each retries every 50 ms after a refusal. Nearly every attempt fails: the lock service is busy refusing."),
        ("q-retries", "About how many failed attempts are there per acquisition?"),
        ("retries-few", "fewer than 2"),
        ("retries-some", "2 to 10"),
        ("retries-many", "more than 10"),
        ("backoff.title", "Exponential backoff"),
        ("backoff", "The same eight clients with exponential backoff: each refusal doubles the wait before the next attempt. Compare the policies in the table: throughput barely changes, failed attempts fall."),
    ],
};

pub static ZH_CN: TourTexts = TourTexts {
    entries: &[
        ("basics", "分布式锁：从出错到防护令牌"),
        ("check-then-set.title", "先检查后设置"),
        ("check-then-set", "种子文章里的第一把锁：先读键，若为空再写入。两个客户端在同一时刻请求；读和写是两步，另一个客户端的写入恰好落在两步之间。请看锁竞争时间线。"),
        ("q-holders", "同一时刻最多有几个客户端认为自己持有锁？"),
        ("timestamp-skew.title", "时间戳与走慢的时钟"),
        ("timestamp-skew", "第二篇种子文章按客户端本地时间戳排序请求。时钟会漂移：客户端 1 的时钟慢 20%，它后发出的请求带着更小的时间戳，也获胜了。锁不能信任客户端的时钟。"),
        ("local-lock.title", "进程内的锁"),
        ("local-lock", "第三篇种子文章用 hash(key) % N 选一把本地锁。本地锁只能互斥同一进程里的线程；两个进程各有自己的一份。"),
        ("no-expiry.title", "永不过期的锁"),
        ("no-expiry", "一个真正的锁服务：SET NX，最多一个持有者。但键没有过期时间（TTL），客户端 1 在持有锁时崩溃了。"),
        ("q-takes-over", "客户端 1 崩溃之后，还有别的客户端拿到锁吗？"),
        ("yes", "有"),
        ("no", "没有"),
        ("lease.title", "租约"),
        ("lease", "同样的崩溃，换成租约：锁在 TTL 之后自行过期，所以崩溃的持有者最多挡住别人一个租约的时间。"),
        ("gc-pause.title", "GC 停顿"),
        ("gc-pause", "可是只是停顿的持有者并没有死。客户端 1 陷入比租约更长的 GC 停顿；租约过期，客户端 2 获取锁并写入；客户端 1 醒来，仍以为自己持有锁，也写入了。"),
        ("q-corrupted", "在另一个客户端持有锁时，存储是否接受了某个客户端的写入？"),
        ("fencing.title", "防护令牌"),
        ("fencing", "修复在存储一侧：每次授予都带一个只增不减的防护令牌（fencing token），存储拒绝令牌比它见过的最新令牌更旧的请求。同样的停顿，同样的操作。"),
        ("redlock.title", "对 Redlock 的批评"),
        ("redlock", "Redlock（红锁）向五个独立的 Redis 节点请求，拿到多数派就算持有锁。Kleppmann 的批评：它的安全性依赖时间，依赖时钟和停顿。这里节点 3 的时钟向前跳变，键提前过期，客户端 2 也拿到了多数派。Redlock 不发防护令牌。"),
        ("contention.title", "锁竞争"),
        ("contention", "八个客户端争一把锁，每次被拒后隔 50 毫秒重试。几乎每次尝试都失败：锁服务忙于拒绝。"),
        ("q-retries", "平均每次成功获取锁，大约有多少次失败的尝试？"),
        ("retries-few", "少于 2 次"),
        ("retries-some", "2 到 10 次"),
        ("retries-many", "超过 10 次"),
        ("backoff.title", "指数退避"),
        ("backoff", "同样八个客户端，改用指数退避：每被拒一次，下次尝试前的等待就翻倍。对比表中的各个策略：吞吐量几乎不变，失败的尝试大大减少。"),
    ],
};

/// The lock tour's words in `lang`.
pub fn texts(lang: Lang) -> &'static TourTexts {
    match lang {
        Lang::En => &EN,
        Lang::ZhCn => &ZH_CN,
    }
}
