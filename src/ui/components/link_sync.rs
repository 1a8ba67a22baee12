//! Keeping the address bar in step with what a panel shows (without navigating), so a copied link
//! reproduces it. The simulated panels write their run through their scenario; the ring writes its
//! settings through this hook.
use yew::prelude::*;

use crate::ui::browser;
use crate::ui::url::HashUrl;

/// Writes `link` into the hash whenever it changes: `write` puts the panel's settings into the parsed hash,
/// which keeps unrelated parameters (such as `lang`). Reading and rebuilding the link waits until the frame
/// that shows the change is painted: the ring's link (a hundred nodes, and the cluster before the change) is
/// about 3 kB to percent-decode and write again, 5 ms of the click's frame; `browser::replace_hash` then
/// writes it after that task. A link the page has left by then (another view's) is left alone.
#[hook]
pub fn use_link_sync<T>(path: &'static str, link: T, write: fn(&T, &mut HashUrl))
where
    T: PartialEq + Clone + 'static,
{
    use_effect_with(link, move |link| {
        let link = link.clone();
        browser::after_next_paint(move || {
            let mut url = HashUrl::parse(&browser::current_hash());
            // The page moved on to another view in the meantime: its link is not ours to write.
            if !url.path.is_empty() && url.path != path {
                return;
            }
            url.path = path.to_string();
            write(&link, &mut url);
            browser::replace_hash(&url.to_hash());
        });
    });
}
