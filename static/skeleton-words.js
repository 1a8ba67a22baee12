// Generated from the app's string tables by src/ui/skeleton.rs: do not edit. Regenerate with
// DISTLAB_WRITE_SKELETON=1 cargo test -p distlab skeleton
var distlabSkeleton = {
"panels": [["sandbox","sim"],["ring","ring"],["failures","sim"],["lock","sim"],["2pc","sim"]],
"en": {
  "name": "distlab",
  "tagline": "Distributed-systems algorithms, step by step",
  "nav": "Panels",
  "dark": "Dark",
  "light": "Light",
  "lang": "中文",
  "footer": "Every run is deterministic: the same seed and actions give the same events.",
  "tabs": ["Sandbox","Hash ring","Failures","Locks","Two-phase commit"],
  "heads": [["Sandbox: ping-pong with acknowledgements","Each node pings its neighbour every 100 ms and counts the pongs that come back. The invariant says a node never counts more pongs than pings it sent. The network loses and duplicates messages; press play, step through events, or let the explorer hunt for a run that breaks the invariant."],["Consistent hashing: where keys live, and what moves","Keys and nodes hash onto a circle; each key belongs to the next node clockwise. Fail, add or remove a node and compare how many keys move with what modulo hashing (hash % N) would move."],["Failure detection: who notices a crash, and who is fooled","Every node sends a heartbeat to every other node every 100 ms. Each node judges the others twice: with a fixed timeout, and with the φ accrual detector, which learns how irregular heartbeats usually are. Crash, pause or cut nodes off and compare the two."],["Distributed locks: who holds it, as the storage sees it","Clients compete for one lock, then read a value from the storage, work, and write it back plus one. The seed articles' locks let two clients hold it at once; a lease alone is still unsafe when its holder pauses past it. Only a fencing token that the storage checks stops the late write. Pick a story, play it, and watch the contention timeline."],["Two-phase commit: atomic, and blocked when the coordinator dies at the wrong moment","A client begins a transaction; the coordinator asks every participant to prepare, each votes, and the coordinator logs its decision before sending it. A participant that voted yes is in doubt: it must wait, holding its lock, until it hears the decision. Crash the coordinator at a chosen step and watch who blocks, who recovers from the log, and what cooperative termination and three-phase commit change."]]
},
"zh-CN": {
  "name": "distlab",
  "tagline": "分布式系统算法，一步一步看懂",
  "nav": "面板",
  "dark": "深色",
  "light": "浅色",
  "lang": "English",
  "footer": "每次运行都是确定性的：相同的随机种子和操作产生相同的事件。",
  "tabs": ["沙盒","哈希环","故障","分布式锁","两阶段提交"],
  "heads": [["沙盒：带确认的乒乓消息","每个节点每 100 毫秒向相邻节点发送 ping，并统计收到的 pong。不变量：节点统计的 pong 数永远不超过它发出的 ping 数。网络会丢失和重复消息；可以播放、单步查看事件，或让探索器寻找违反不变量的运行。"],["一致性哈希：键存放在哪里，变更时迁移什么","键和节点都被哈希到一个圆环上，每个键属于顺时针方向的下一个节点。让节点故障、加入或移除，对比迁移的键数与取模哈希（hash % N）迁移的键数。"],["故障检测：谁发现了崩溃，谁被误导了","每个节点每 100 毫秒向其他所有节点发送心跳。每个节点用两种方法判断其他节点：固定超时，以及会学习心跳通常有多不规律的 φ 累积故障检测器。让节点崩溃、停顿或被隔离，对比两者。"],["分布式锁：谁持有锁，以存储看到的为准","多个客户端竞争同一把锁，拿到后从存储读一个值，处理一会儿，再把它加一写回。种子文章里的锁会让两个客户端同时持有；只有租约也不安全：持有者停顿超过租约时依然会出错。只有存储检查的防护令牌（fencing token）才能挡住迟到的写入。选一个场景，播放，观察锁竞争时间线。"],["两阶段提交：原子性，以及协调者在错误时刻崩溃时的阻塞","客户端开始一个事务；协调者请每个参与者准备，参与者投票，协调者先把决定写入日志再发送。投了赞成票的参与者处于不确定状态：它必须持有锁等待，直到听到决定。在选定的步骤让协调者崩溃，看看谁被阻塞、谁靠日志恢复，以及协作终止和三阶段提交带来了什么变化。"]]
}
};
