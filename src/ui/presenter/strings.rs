//! Presenter mode's words, in English and Chinese.
use crate::ui::i18n::Lang;

/// Presenter mode's own strings in one language.
pub struct PresenterTexts {
    /// The header toggle's tooltip, while presenter mode is off.
    pub present: &'static str,
    /// Its tooltip while it is on.
    pub stop_presenting: &'static str,
    /// The toggle's accessible name (its state is `aria-pressed`).
    pub present_label: &'static str,
    /// The button that brings the folded controls and side cards back.
    pub show_panels: &'static str,
    /// The same button while they show.
    pub hide_panels: &'static str,
    /// In the shortcuts overlay: what F does.
    pub key_follow: &'static str,
    /// Over the sequence diagram while it follows the cursor.
    pub following: &'static str,
}

pub static EN: PresenterTexts = PresenterTexts {
    present: "Present: large type for a projector",
    stop_presenting: "Leave presenter mode",
    present_label: "Presenter mode",
    show_panels: "Show controls",
    hide_panels: "Hide controls",
    key_follow: "follow the cursor in the sequence diagram",
    following: "Following the cursor (F)",
};

pub static ZH_CN: PresenterTexts = PresenterTexts {
    present: "演示：投影用大字号",
    stop_presenting: "退出演示模式",
    present_label: "演示模式",
    show_panels: "显示控制区",
    hide_panels: "收起控制区",
    key_follow: "时序图跟随光标",
    following: "正在跟随光标（F）",
};

/// Presenter mode's words in `lang`.
pub fn texts(lang: Lang) -> &'static PresenterTexts {
    match lang {
        Lang::En => &EN,
        Lang::ZhCn => &ZH_CN,
    }
}
