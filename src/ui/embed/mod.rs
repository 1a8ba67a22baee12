//! Embeds that talk (issue 13, §4): the page `#/embed` that lists every view with a live preview and
//! copy-paste snippets ([`page`], [`catalog`]), the message format between a framed view and its host page
//! ([`message`]) and the framed app's side of it ([`bridge`]). `static/distlab-view.js` is the host's side:
//! the `<distlab-view>` element.
pub mod bridge;
pub mod catalog;
pub mod message;
pub mod page;
pub mod strings;
