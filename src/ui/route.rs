//! Routes (`#/ring`, `#/failures`, ...) come from the panel registry; the app reads the language and the
//! embedding itself. Reading never fails: an unusable parameter becomes a problem shown in the page.
use super::i18n::Lang;
use super::panels::{PanelEntry, PANELS};
use super::url::HashUrl;
use crate::core::share::ShareError;

/// Parameters the app reads itself, on every route; a panel's link codec leaves them alone. `tour` and
/// `step` open a guided tour's step (`components/tour`); `challenge` names the challenge being tried
/// (`components/challenge`).
pub const APP_PARAMS: [&str; 6] = ["lang", "embed", "present", "tour", "step", "challenge"];

/// Where the hash points.
#[derive(Clone, Copy)]
pub enum Route<'a> {
    Panel(&'static PanelEntry),
    /// A path no panel has; the view links to the real ones.
    NotFound(&'a str),
    /// `#/debug/panic` panics on render, so tests can prove the panic banner works.
    DebugPanic,
    /// `#/embed`: how to embed a view in another page (`ui/embed`); not a panel, so it has no tab.
    Embed,
}

impl<'a> Route<'a> {
    /// The route for a hash path; the empty path is the first panel.
    pub fn from_path(path: &'a str) -> Route<'a> {
        if path.is_empty() {
            return Route::Panel(&PANELS[0]);
        }
        if path == "debug/panic" {
            return Route::DebugPanic;
        }
        if path == "embed" {
            return Route::Embed;
        }
        match PANELS.iter().find(|panel| panel.slug == path) {
            Some(panel) => Route::Panel(panel),
            None => Route::NotFound(path),
        }
    }

    /// The panel shown, if any.
    pub fn panel(&self) -> Option<&'static PanelEntry> {
        match self {
            Route::Panel(panel) => Some(panel),
            _ => None,
        }
    }
}

/// The language asked for by the link, if any, with a problem when it is not one we speak.
pub fn lang_from_url(url: &HashUrl) -> (Option<Lang>, Option<ShareError>) {
    match url.get("lang") {
        None => (None, None),
        Some(code) => match Lang::from_code(code) {
            Some(lang) => (Some(lang), None),
            None => (
                None,
                Some(ShareError::UnknownChoice {
                    param: "lang".into(),
                    value: code.chars().take(60).collect(),
                    choices: "en, zh-CN".into(),
                    fallback: Lang::En.code().into(),
                }),
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_resolve_from_the_registry() {
        assert_eq!(
            Route::from_path("").panel().map(|p| p.slug),
            Some("sandbox")
        );
        assert_eq!(Route::from_path("2pc").panel().map(|p| p.slug), Some("2pc"));
        assert!(matches!(Route::from_path("rng"), Route::NotFound("rng")));
        assert!(matches!(Route::from_path("debug/panic"), Route::DebugPanic));
        assert!(matches!(Route::from_path("embed"), Route::Embed));
        assert!(matches!(
            Route::from_path("embeds"),
            Route::NotFound("embeds")
        ));
    }

    #[test]
    fn unknown_language_is_reported() {
        let url = HashUrl::parse("#/ring?lang=klingon");
        let (lang, problem) = lang_from_url(&url);
        assert_eq!(lang, None);
        assert!(
            matches!(problem, Some(ShareError::UnknownChoice { param, .. }) if param == "lang")
        );
        let (lang, problem) = lang_from_url(&HashUrl::parse("#/ring?lang=zh"));
        assert_eq!((lang, problem), (Some(Lang::ZhCn), None));
    }
}
