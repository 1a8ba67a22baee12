//! Keeping the address bar in step with what a panel shows (without navigating), so a copied link
//! reproduces it. The simulated panels write their run through their scenario; the ring writes its
//! settings through this hook.
use yew::prelude::*;

use crate::ui::browser;
use crate::ui::url::HashUrl;

/// Writes `link` into the hash whenever it changes: `write` puts the panel's settings into the parsed hash,
/// which keeps unrelated parameters (such as `lang`).
#[hook]
pub fn use_link_sync<T>(path: &'static str, link: T, write: fn(&T, &mut HashUrl))
where
    T: PartialEq + Clone + 'static,
{
    use_effect_with(link, move |link| {
        let mut url = HashUrl::parse(&browser::current_hash());
        url.path = path.to_string();
        write(link, &mut url);
        browser::replace_hash(&url.to_hash());
    });
}
