//! Components shared by every panel.
pub mod animation;
pub mod challenge;
pub mod checker;
pub mod event_text;
pub mod explorer;
pub mod faults;
pub mod fields;
pub mod frozen;
pub mod icons;
pub mod keyboard;
pub mod link_sync;
pub mod network_diagram;
pub mod sequence;
pub mod share;
pub mod sim_panel;
pub mod svg_point;
pub mod tour;
pub mod transport;
pub mod url_notice;

use yew::prelude::*;

use super::i18n::Lang;

/// The language from the app's context (English outside one, e.g. in a component test).
#[hook]
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// An element's `class` attribute from its classes, leaving out absent and empty ones:
/// `class_list!("button", warn.then_some("warn"))`. A plain string: yew's `classes!` keeps an ordered hash
/// set per element, code the app would carry only to join a few words.
#[macro_export]
macro_rules! class_list {
    ($($class:expr),* $(,)?) => {
        $crate::ui::components::join_classes(&[$(::core::option::Option::<&str>::from($class)),*])
    };
}

/// See [`class_list!`].
pub fn join_classes(classes: &[Option<&str>]) -> String {
    let mut list = String::new();
    for class in classes.iter().flatten().filter(|c| !c.is_empty()) {
        if !list.is_empty() {
            list.push(' ');
        }
        list.push_str(class);
    }
    list
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_class_list_leaves_out_absent_and_empty_classes() {
        let warn = false;
        assert_eq!(
            crate::class_list!("button", warn.then_some("warn"), "", "small"),
            "button small"
        );
        assert_eq!(crate::class_list!(None::<&str>), "");
    }
}
