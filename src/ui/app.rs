//! The shell: header with tabs and toggles, the link-problem notice, and the routed panel.
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::browser;
use super::components::url_notice::url_notice;
use super::i18n::Lang;
use super::panels::not_found::not_found;
use super::panels::PANELS;
use super::panic_banner;
use super::presenter;
use super::route::{lang_from_url, Route};
use super::skeleton;
use super::url::HashUrl;
use crate::core::share::Params;

const LANG_KEY: &str = "distlab.lang";
const THEME_KEY: &str = "distlab.theme";

/// Light or dark colours; the first visit follows the system setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    fn code(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn initial() -> Theme {
        match browser::stored(THEME_KEY).as_deref() {
            Some("dark") => Theme::Dark,
            Some("light") => Theme::Light,
            _ if browser::media_matches("(prefers-color-scheme: dark)") => Theme::Dark,
            _ => Theme::Light,
        }
    }
}

/// The language: the link's choice first, then the stored one, then the browser's.
fn initial_lang(url: &HashUrl) -> Lang {
    lang_from_url(url)
        .0
        .or_else(|| browser::stored(LANG_KEY).and_then(|code| Lang::from_code(&code)))
        .or_else(|| browser::browser_language().and_then(|code| Lang::from_code(&code)))
        .unwrap_or_default()
}

#[component]
pub fn App() -> Html {
    let hash = use_state(browser::current_hash);
    let url = HashUrl::parse(&hash);
    let lang = use_state(|| initial_lang(&HashUrl::parse(&browser::current_hash())));
    let theme = use_state(Theme::initial);
    // The link whose notice of unusable parameters the user dismissed; another link shows its own.
    let dismissed_hash = use_state(String::new);

    // The first frame is in the DOM: the static skeleton that stood in for it (hidden by then) goes.
    use_effect_with((), |_| skeleton::remove());

    // Follow the hash when the user navigates (tabs, back button, edited address bar).
    {
        let hash = hash.clone();
        let lang = lang.clone();
        let dismissed_hash = dismissed_hash.clone();
        use_effect_with((), move |_| {
            let window = web_sys::window();
            let listener = Closure::<dyn Fn()>::new(move || {
                let now = browser::current_hash();
                if let (Some(chosen), _) = lang_from_url(&HashUrl::parse(&now)) {
                    lang.set(chosen);
                }
                hash.set(now);
                dismissed_hash.set(String::new());
            });
            if let Some(window) = &window {
                let _ = window.add_event_listener_with_callback(
                    "hashchange",
                    listener.as_ref().unchecked_ref(),
                );
            }
            move || {
                if let Some(window) = &window {
                    let _ = window.remove_event_listener_with_callback(
                        "hashchange",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }

    // Keep <html lang>, the theme attribute, the title and the panic banner's language in step.
    {
        let texts = lang.texts();
        panic_banner::set_banner_lang(*lang);
        browser::set_document_attributes(lang.code(), theme.code());
        browser::set_title(&format!("{} — {}", texts.app_title, texts.app_tagline));
    }

    let on_lang_toggle = {
        let lang = lang.clone();
        let hash = hash.clone();
        Callback::from(move |_: MouseEvent| {
            let next = lang.other();
            browser::store(LANG_KEY, next.code());
            let mut url = HashUrl::parse(&browser::current_hash());
            url.set("lang", Some(next.code().to_string()));
            let new_hash = url.to_hash();
            browser::replace_hash(&new_hash);
            hash.set(new_hash);
            lang.set(next);
        })
    };
    let on_theme_toggle = {
        let theme = theme.clone();
        Callback::from(move |_: MouseEvent| {
            let next = match *theme {
                Theme::Light => Theme::Dark,
                Theme::Dark => Theme::Light,
            };
            browser::store(THEME_KEY, next.code());
            theme.set(next);
        })
    };

    // Presenter mode lives in the link (`present=1`), so a shared link opens projected; its side cards start
    // folded on every page.
    let presenting = presenter::from_link(url.get("present"));
    let unfolded = use_state(|| false);
    presenter::use_presenter_page(presenting);
    let on_present_toggle = {
        let hash = hash.clone();
        let unfolded = unfolded.clone();
        Callback::from(move |_: MouseEvent| {
            let mut url = HashUrl::parse(&browser::current_hash());
            let next = !presenter::from_link(url.get("present"));
            url.set("present", next.then(|| "1".to_string()));
            let new_hash = url.to_hash();
            browser::replace_hash(&new_hash);
            hash.set(new_hash);
            unfolded.set(false);
        })
    };
    let on_fold = {
        let unfolded = unfolded.clone();
        Callback::from(move |_: MouseEvent| unfolded.set(!*unfolded))
    };

    let on_dismiss = {
        let dismissed_hash = dismissed_hash.clone();
        let hash = hash.clone();
        Callback::from(move |_: MouseEvent| dismissed_hash.set((*hash).clone()))
    };

    let texts = lang.texts();
    let route = Route::from_path(&url.path);
    let link = Params(url.params.clone());
    // What the link asks that cannot be done: the language, then the panel's own settings.
    let mut problems: Vec<_> = lang_from_url(&url).1.into_iter().collect();
    problems.extend(presenter::link_problem(url.get("present")));
    if let Some(panel) = route.panel() {
        problems.extend(panel.link_problems(&link));
    }
    let current_panel = route.panel().map(|panel| panel.slug);
    // Tabs keep the language and presenter mode.
    let lang_param = format!(
        "?lang={}{}",
        lang.code(),
        if presenting { "&present=1" } else { "" }
    );
    // `embed=1` shows the panel alone, for an iframe in someone's documentation page.
    let embed = url.get("embed") == Some("1");

    let tabs = PANELS.iter().map(|panel| {
        let selected = current_panel == Some(panel.slug);
        html! {
            <a class={crate::class_list!("tab", selected.then_some("selected"))}
               href={format!("#/{}{}", panel.slug, lang_param)}
               data-testid={format!("nav-{}", panel.slug)}
               aria-current={selected.then_some("page")}>
                { panel.title(*lang) }
            </a>
        }
    });

    let body = match route {
        Route::Panel(panel) => panel.view(link),
        Route::NotFound(path) => not_found(path, *lang),
        Route::DebugPanic => html! { <DebugPanic /> },
        Route::Embed => {
            html! { <super::embed::page::EmbedPage view={url.get("view").map(str::to_string)} /> }
        }
    };
    // In someone's iframe, the host's commands and the height report (ui/embed/bridge.rs).
    super::embed::bridge::use_host_bridge(
        route
            .panel()
            .filter(|p| matches!(p.kind, super::panels::PanelKind::Ring))
            .map(|p| p.slug),
    );

    html! {
        <ContextProvider<Lang> context={*lang}>
            <div class={crate::class_list!("app", embed.then_some("embed"), presenting.then_some("presenter"),
                                           (presenting && *unfolded).then_some("unfolded"))}
                 data-testid={embed.then_some("embed")}>
                <a class="skip-link" href="#main-content">{ texts.nav_label }</a>
                <header class="topbar">
                    <div class="brand">
                        <span class="brand-mark" aria-hidden="true">{"◎"}</span>
                        <span class="brand-name">{ texts.app_title }</span>
                        <span class="brand-tagline">{ texts.app_tagline }</span>
                    </div>
                    <nav class="tabs" aria-label={texts.nav_label}>{ for tabs }</nav>
                    <div class="toggles">
                        { presenter::header_controls(*lang, presenting, *unfolded, on_present_toggle, on_fold) }
                        <button type="button" class="button ghost" data-testid="theme-toggle"
                                aria-label={texts.theme_toggle_label} onclick={on_theme_toggle}>
                            { match *theme { Theme::Light => texts.theme_dark, Theme::Dark => texts.theme_light } }
                        </button>
                        <button type="button" class="button ghost" data-testid="lang-toggle"
                                aria-label={texts.lang_toggle_label} lang={lang.other().code()}
                                onclick={on_lang_toggle}>
                            { texts.lang_toggle_text }
                        </button>
                    </div>
                </header>
                if *dismissed_hash != *hash {
                    { url_notice(&problems, texts, on_dismiss) }
                }
                <main id="main-content" class="main">{ body }</main>
                <footer class="footer">
                    { texts.footer_note }{ " · " }
                    <a href={format!("#/embed{lang_param}")} data-testid="embed-link">
                        { super::embed::strings::texts(*lang).footer_link }
                    </a>
                </footer>
                if presenting {
                    { presenter::laser() }
                }
            </div>
        </ContextProvider<Lang>>
    }
}

/// Panics while rendering: the route `#/debug/panic` exists so tests can prove the banner appears. A
/// component, so that the shell is drawn before the panic, as it would be for a panic in any panel.
#[component]
fn DebugPanic() -> Html {
    panic!("debug route: deliberate panic to test the error banner");
}
