//! The embed page's words (`#/embed`) and the footer link to it, in English and Chinese.
use crate::ui::i18n::Lang;

pub struct EmbedTexts {
    /// The footer link to the page.
    pub footer_link: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub views_heading: &'static str,
    /// The view that is a panel as its link opens it, without a preset.
    pub whole_panel: &'static str,
    pub preview_heading: &'static str,
    pub iframe_heading: &'static str,
    pub iframe_note: &'static str,
    pub element_heading: &'static str,
    pub element_note: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub copy_failed: &'static str,
    pub messages_heading: &'static str,
    pub messages_intro: &'static str,
    /// What the fields of the format (shown as code beside it) mean.
    pub fields_note: &'static str,
    pub validation_note: &'static str,
    pub ring_note: &'static str,
    pub try_heading: &'static str,
    pub play: &'static str,
    pub pause: &'static str,
    pub seek: &'static str,
    pub seek_label: &'static str,
    pub preset_label: &'static str,
    pub received_heading: &'static str,
    pub received_none: &'static str,
    /// Before the sender's origin in the list of received messages.
    pub from: &'static str,
}

static EN: EmbedTexts = EmbedTexts {
    footer_link: "Embed a view in your page",
    title: "Embed distlab in your page",
    intro: "Every view below can sit in a course page, a blog post or slides: copy its iframe, or load one small script and write a <distlab-view> element. The embedded view has no header or footer, follows its content's height and can be driven from your page.",
    views_heading: "Views",
    whole_panel: "The whole panel",
    preview_heading: "Live preview",
    iframe_heading: "As an iframe",
    iframe_note: "Works everywhere; give it a height yourself (about 860 px at 960 px wide).",
    element_heading: "As a custom element",
    element_note: "Load the script once per page. The element makes the iframe with the right link and resizes it to the content. Other attributes (seed, and later tour and step) become link parameters.",
    copy: "Copy",
    copied: "Copied",
    copy_failed: "Select and copy by hand",
    messages_heading: "Talking to the view: postMessage",
    messages_intro: "The framed view and your page exchange plain objects of one format, always with distlab: 1. The element forwards the view's messages as distlab-message events and has play(), pause(), seek(index) and setPreset(code).",
    fields_note: "height is in CSS pixels and sent whenever it changes. cursor is how many events the view shows (0 is the start, events the end); seek takes such an index, and one past the end stops at the end. preset is a link code of the panel, as in its preset menu (gc-pause). playing says whether the run plays; virtual_time_ms is the simulation's time, not the wall clock's.",
    validation_note: "The view obeys only its parent page, only messages of this shape: another version, an unknown type or a malformed value is ignored, and a preset the panel does not know is dropped. Commands are values, never code. The view records who sent them: the origin is logged in its console and set on its <html data-host-origin>.",
    ring_note: "The ring has no timeline: it reports its height and its panel (state with panel only) and ignores play, pause, seek and preset.",
    try_heading: "Try it on the preview",
    play: "Play",
    pause: "Pause",
    seek: "Seek",
    seek_label: "Event",
    preset_label: "Preset",
    received_heading: "Last message of each type from the preview",
    received_none: "Nothing yet.",
    from: "from",
};

static ZH: EmbedTexts = EmbedTexts {
    footer_link: "把视图嵌入你的网页",
    title: "把 distlab 嵌入你的网页",
    intro: "下面每个视图都可以放进课程页面、博客文章或幻灯片：复制它的 iframe，或者加载一个小脚本，写一个 <distlab-view> 元素。嵌入的视图没有页眉页脚，高度随内容变化，并且可以由你的网页控制。",
    views_heading: "视图",
    whole_panel: "整个面板",
    preview_heading: "实时预览",
    iframe_heading: "用 iframe 嵌入",
    iframe_note: "到处可用；高度需要自己指定（宽 960 px 时约 860 px）。",
    element_heading: "用自定义元素嵌入",
    element_note: "每个页面加载一次脚本。元素会用正确的链接创建 iframe，并把它的高度调整为内容的高度。其他属性（随机种子，以后还有导览和步骤）会成为链接参数。",
    copy: "复制",
    copied: "已复制",
    copy_failed: "请手动选中并复制",
    messages_heading: "与视图通信：postMessage",
    messages_intro: "嵌入的视图和你的网页之间交换同一种格式的普通对象，总是带着 distlab: 1。元素把视图发来的消息作为 distlab-message 事件转发，并提供 play()、pause()、seek(index) 和 setPreset(code)。",
    fields_note: "height 以 CSS 像素为单位，每次变化时发送。cursor 是视图已显示的事件数（0 为开头，等于 events 时为末尾）；seek 接受同样的下标，超过末尾则停在末尾。preset 是面板的预设链接代码，与它的预设菜单一致（gc-pause）。playing 表示是否在播放；virtual_time_ms 是模拟中的虚拟时间，不是真实时间。",
    validation_note: "视图只听从它的父页面，只接受这种形状的消息：其他版本、未知的类型或格式错误的值都会被忽略，面板不认识的预设会被丢弃。命令只是数据，绝不是代码。视图会记录发送者：来源（origin）写在它的控制台里，并设置在它的 <html data-host-origin> 上。",
    ring_note: "哈希环没有时间轴：它只报告高度和面板（只带 panel 的 state），忽略 play、pause、seek 和 preset。",
    try_heading: "在预览上试一试",
    play: "播放",
    pause: "暂停",
    seek: "跳转",
    seek_label: "事件",
    preset_label: "预设",
    received_heading: "预览发来的每种消息的最后一条",
    received_none: "还没有消息。",
    from: "来自",
};

pub fn texts(lang: Lang) -> &'static EmbedTexts {
    match lang {
        Lang::En => &EN,
        Lang::ZhCn => &ZH,
    }
}
