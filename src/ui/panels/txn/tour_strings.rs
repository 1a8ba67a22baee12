//! The commit tour's words (its steps and questions are `core::txn::tour`), in English and Chinese.
use crate::ui::components::tour::TourTexts;
use crate::ui::i18n::Lang;

pub static EN: TourTexts = TourTexts {
    entries: &[
        ("basics", "atomic commit, step by step"),
        ("happy.title", "The happy path"),
        ("happy", "Two-phase commit: the coordinator sends prepare to every participant; each takes its lock, writes a prepared record to its write-ahead log and votes yes. With every vote yes the coordinator logs commit, tells everyone, and they acknowledge."),
        ("q-messages", "With 3 participants, how many messages do the coordinator and the participants exchange for this one transaction?"),
        ("no-vote.title", "A no vote"),
        ("no-vote", "Participant 3 cannot commit: it aborts on its own and votes no. A participant may abort alone before it votes yes, never after."),
        ("q-decision", "One no vote among three. What does the coordinator decide?"),
        ("commit", "commit"),
        ("abort", "abort"),
        ("in-doubt.title", "In doubt"),
        ("in-doubt", "The coordinator crashes right after sending its prepares. The participants vote yes into the void. Having voted yes, a participant may neither commit nor abort on its own: it must wait for the decision."),
        ("q-in-doubt", "Two seconds in, the coordinator is still down. Which participants are in doubt?"),
        ("blocking.title", "Blocking"),
        ("blocking", "In doubt is blocking: each participant keeps its lock (see how long it has been blocked) until the coordinator recovers at 3 s. The coordinator's log holds no commit record, so it reads the transaction as aborted (presumed abort)."),
        ("q-recovered-decision", "When the coordinator is back, how do the participants end?"),
        ("recovery.title", "Recovery from the log"),
        ("recovery", "This time the coordinator crashes after writing commit to its log and before telling anyone. The decision is durable: on recovery the coordinator reads its write-ahead log and sends the decision again."),
        ("cooperative-helps.title", "Cooperative termination"),
        ("cooperative-helps", "Cooperative termination: a participant in doubt asks the other participants. Here the coordinator told one participant commit before crashing, so the others learn the decision from it."),
        ("q-before-recovery", "Do all the participants finish (commit or abort) before the coordinator recovers?"),
        ("yes", "yes"),
        ("no", "no"),
        ("cooperative-blocks.title", "When asking cannot help"),
        ("cooperative-blocks", "Now the coordinator crashes after logging commit but before telling anyone. Every participant is in doubt, so asking each other tells nothing: they stay blocked until the coordinator recovers."),
        ("3pc-crash.title", "Three-phase commit"),
        ("3pc-crash", "Three-phase commit adds a pre-commit round: nobody commits until everyone knows that all voted yes. When the coordinator crashes, the participants elect a backup and finish without it: no blocking, as long as the network is synchronous and never partitioned."),
        ("3pc-partition.title", "3PC under a partition"),
        ("3pc-partition", "A network partition: the coordinator and participant 1 (pre-committed) on one side, participants 2 and 3 (uncertain) on the other. Each side follows 3PC's termination rule and decides alone."),
        ("q-atomic", "Does atomicity hold: do all participants reach the same outcome?"),
    ],
};

pub static ZH_CN: TourTexts = TourTexts {
    entries: &[
        ("basics", "原子提交分步讲解"),
        ("happy.title", "正常流程"),
        ("happy", "两阶段提交：协调者向每个参与者发送准备消息；参与者加锁、在预写日志（WAL）中写下 prepared 记录并投赞成票。全部赞成后，协调者记录提交、通知所有参与者，参与者再回复确认。"),
        ("q-messages", "有 3 个参与者时，这一个事务中协调者与参与者之间一共交换多少条消息？"),
        ("no-vote.title", "一票反对"),
        ("no-vote", "参与者 3 无法提交：它自行中止并投反对票。参与者在投赞成票之前可以单方面中止，投了赞成票之后就不能了。"),
        ("q-decision", "三票中有一票反对。协调者如何决定？"),
        ("commit", "提交"),
        ("abort", "中止"),
        ("in-doubt.title", "不确定状态"),
        ("in-doubt", "协调者刚发出准备消息就崩溃了。参与者的赞成票无人接收。投了赞成票的参与者既不能自行提交，也不能自行中止，只能等待决定。"),
        ("q-in-doubt", "2 秒时协调者仍未恢复。哪些参与者处于不确定状态（存疑）？"),
        ("blocking.title", "阻塞"),
        ("blocking", "不确定状态就是阻塞：每个参与者一直持有锁（看它已阻塞多久），直到协调者在 3 秒时恢复。协调者的日志里没有提交记录，于是按中止处理（假定中止）。"),
        ("q-recovered-decision", "协调者恢复后，参与者最终的结果是什么？"),
        ("recovery.title", "从日志恢复"),
        ("recovery", "这一次，协调者在日志中写下提交之后、通知任何人之前崩溃。决定已经持久化：恢复时协调者读取预写日志，重新发送决定。"),
        ("cooperative-helps.title", "协作终止"),
        ("cooperative-helps", "协作终止：处于不确定状态的参与者去询问其他参与者。这里协调者在崩溃前已通知一个参与者提交，其他参与者从它那里得知了决定。"),
        ("q-before-recovery", "在协调者恢复之前，所有参与者都结束了（提交或中止）吗？"),
        ("yes", "是"),
        ("no", "否"),
        ("cooperative-blocks.title", "询问也无济于事"),
        ("cooperative-blocks", "现在协调者在记录提交之后、通知任何人之前崩溃。所有参与者都处于不确定状态，互相询问得不到答案：它们一直阻塞，直到协调者恢复。"),
        ("3pc-crash.title", "三阶段提交"),
        ("3pc-crash", "三阶段提交多了一轮预提交：在所有人都知道全部投了赞成票之前，谁也不提交。协调者崩溃时，参与者选出后备协调者，自行完成事务：只要网络同步且不出现分区，就不会阻塞。"),
        ("3pc-partition.title", "网络分区下的三阶段提交"),
        ("3pc-partition", "网络分区：协调者和已预提交的参与者 1 在一侧，尚不确定的参与者 2、3 在另一侧。两侧各自按三阶段提交的终止规则单独作出决定。"),
        ("q-atomic", "原子性成立吗：所有参与者的结果都一致吗？"),
    ],
};

/// The commit tour's words in `lang`.
pub fn texts(lang: Lang) -> &'static TourTexts {
    match lang {
        Lang::En => &EN,
        Lang::ZhCn => &ZH_CN,
    }
}
