//! The tour bar's own words (every panel's bar says them), and the shape of a panel's tour texts.
use crate::ui::i18n::Lang;

/// The bar's words in one language.
pub struct TourWords {
    /// The button that offers a panel's tours.
    pub tours_button: &'static str,
    pub tours_label: &'static str,
    /// `{k}` of `{n}`.
    pub step_of: &'static str,
    pub back: &'static str,
    pub next: &'static str,
    pub contents: &'static str,
    pub close: &'static str,
    pub play_step: &'static str,
    pub step_link: &'static str,
    pub link_short: &'static str,
    pub question: &'static str,
    pub reveal: &'static str,
    pub number_label: &'static str,
    pub playing: &'static str,
    /// `{answer}`: the simulator's answer.
    pub answer_is: &'static str,
    pub right: &'static str,
    pub wrong: &'static str,
    pub nobody: &'static str,
    pub no_guess: &'static str,
    pub keys_hint: &'static str,
}

pub static EN: TourWords = TourWords {
    tours_button: "Guided tour",
    tours_label: "Guided tours",
    step_of: "Step {k} of {n}",
    back: "← Back",
    next: "Next →",
    contents: "Contents",
    close: "Close the tour",
    play_step: "▶ Play this step",
    step_link: "Link to this step",
    link_short: "Link",
    question: "Predict, then reveal",
    reveal: "Reveal",
    number_label: "Your answer",
    playing: "Playing the step…",
    answer_is: "The simulator's answer: {answer}",
    right: "✓ You predicted it.",
    wrong: "✗ Not what happened.",
    nobody: "nobody",
    no_guess: "Choose an answer first.",
    keys_hint: "N / P: next / previous step",
};

pub static ZH_CN: TourWords = TourWords {
    tours_button: "导览",
    tours_label: "分步导览",
    step_of: "第 {k} 步，共 {n} 步",
    back: "← 上一步",
    next: "下一步 →",
    contents: "目录",
    close: "关闭导览",
    play_step: "▶ 播放这一步",
    step_link: "本步链接",
    link_short: "链接",
    question: "先预测，再揭晓",
    reveal: "揭晓",
    number_label: "你的答案",
    playing: "正在播放这一步……",
    answer_is: "模拟器的答案：{answer}",
    right: "✓ 预测正确。",
    wrong: "✗ 与实际不符。",
    nobody: "没有",
    no_guess: "请先选择答案。",
    keys_hint: "N / P：下一步 / 上一步",
};

/// The bar's words in `lang`.
pub fn tour_words(lang: Lang) -> &'static TourWords {
    match lang {
        Lang::En => &EN,
        Lang::ZhCn => &ZH_CN,
    }
}

/// A panel's tour texts in one language: every key of its tours in core (tour ids, step captions, step
/// titles as `<key>.title`, questions, options), looked up by [`TourTexts::get`].
pub struct TourTexts {
    /// `(key, text)`.
    pub entries: &'static [(&'static str, &'static str)],
}

/// Tables are statics: compared by identity.
impl PartialEq for TourTexts {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl TourTexts {
    /// The text of `key`, if the panel has one.
    pub fn get(&self, key: &str) -> Option<&'static str> {
        self.entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, t)| *t)
    }

    /// The text of `key`, or the key itself (a test proves none is missing).
    pub fn text(&self, key: &str) -> &'static str {
        self.get(key).unwrap_or("")
    }
}
