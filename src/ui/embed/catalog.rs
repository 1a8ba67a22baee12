//! What the embed page lists: one section per panel of the registry, and in it one view per way to open the
//! panel (the panel as its link opens it, then each of its presets). A view is data, a label and link
//! parameters, so the snippets and the preview are written once for every view. Tours (issue 13, §1) join
//! as more views of their panel's section, with `params: [("tour", id)]` and the id `<panel>.tour.<id>`:
//! nothing else here changes, and the custom element passes a `tour` attribute through as it is.
use super::strings::texts;
use crate::ui::i18n::Lang;
use crate::ui::panels::{PanelEntry, PanelKind, PANELS};

/// One way to open a panel in an iframe.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    /// The page's name for it in its own link (`#/embed?view=lock.gc-pause`): `<panel>` or
    /// `<panel>.<preset>`.
    pub id: String,
    pub panel: &'static str,
    pub label: &'static str,
    /// Link parameters besides `embed` and `lang`, as the custom element's attributes carry them too.
    pub params: Vec<(&'static str, &'static str)>,
}

/// A panel and its views.
pub struct Section {
    pub panel: &'static PanelEntry,
    pub views: Vec<View>,
}

/// Every panel's views, in tab order.
pub fn sections(lang: Lang) -> Vec<Section> {
    PANELS
        .iter()
        .map(|panel| {
            let mut views = vec![View {
                id: panel.slug.to_string(),
                panel: panel.slug,
                label: texts(lang).whole_panel,
                params: Vec::new(),
            }];
            if let PanelKind::Simulated(spec) = &panel.kind {
                views.extend(
                    spec.parts
                        .presets(lang)
                        .into_iter()
                        .map(|(code, name)| View {
                            id: format!("{}.{code}", panel.slug),
                            panel: panel.slug,
                            label: name,
                            params: vec![("preset", code)],
                        }),
                );
            }
            Section { panel, views }
        })
        .collect()
}

/// The hash an iframe opens for `view`: `#/lock?embed=1&lang=en&preset=gc-pause`.
pub fn hash(view: &View, lang: Lang) -> String {
    let mut hash = format!("#/{}?embed=1&lang={}", view.panel, lang.code());
    for (key, value) in &view.params {
        hash.push_str(&format!("&{key}={value}"));
    }
    hash
}

/// Text for an HTML attribute's double-quoted value.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// The iframe snippet for `view`, the app living at `base` (its address without the hash).
pub fn iframe_snippet(view: &View, lang: Lang, base: &str, title: &str) -> String {
    format!(
        "<iframe src=\"{}{}\"\n        width=\"960\" height=\"860\" style=\"border:0\" loading=\"lazy\"\n        title=\"{}\"></iframe>",
        attribute(base),
        attribute(&hash(view, lang)),
        attribute(&format!("distlab: {title}")),
    )
}

/// The custom-element snippet for `view`: the script (next to the app's index.html) and the element.
pub fn element_snippet(view: &View, lang: Lang, base: &str) -> String {
    let mut element = format!("<distlab-view panel=\"{}\"", view.panel);
    for (key, value) in &view.params {
        element.push_str(&format!(" {key}=\"{}\"", attribute(value)));
    }
    element.push_str(&format!(" lang=\"{}\"></distlab-view>", lang.code()));
    format!(
        "<script src=\"{}\" defer></script>\n{element}",
        attribute(&script_url(base))
    )
}

/// `distlab-view.js` beside the app's page: `https://host/distlab/` or `.../index.html` give
/// `https://host/distlab/distlab-view.js`.
pub fn script_url(base: &str) -> String {
    let folder = base.rfind('/').map_or(base, |slash| &base[..=slash]);
    format!("{folder}distlab-view.js")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::share::Params;
    use crate::ui::url::HashUrl;

    #[test]
    fn every_panel_has_a_section_and_every_preset_a_view() {
        for lang in [Lang::En, Lang::ZhCn] {
            let sections = sections(lang);
            assert_eq!(sections.len(), PANELS.len());
            let ids: Vec<String> = sections
                .iter()
                .flat_map(|s| s.views.iter().map(|v| v.id.clone()))
                .collect();
            for (i, id) in ids.iter().enumerate() {
                assert!(!ids[i + 1..].contains(id), "two views named {id}");
            }
            // The lock panel's toolbar offers the GC-pause story; the embed page must too.
            assert!(ids.iter().any(|id| id == "lock.gc-pause"));
            assert!(ids.iter().any(|id| id == "failures.gc-pause"));
            assert!(sections.iter().all(|s| !s.views.is_empty()));
        }
        // The same views in both languages, only the labels differ.
        let ids = |lang| -> Vec<String> {
            sections(lang)
                .into_iter()
                .flat_map(|s| s.views.into_iter().map(|v| v.id))
                .collect()
        };
        assert_eq!(ids(Lang::En), ids(Lang::ZhCn));
    }

    /// Every link the page hands out opens its view without a complaint from the panel's codec.
    #[test]
    fn every_view_link_reads_without_problems() {
        for section in sections(Lang::En) {
            for view in &section.views {
                let url = HashUrl::parse(&hash(view, Lang::ZhCn));
                assert_eq!(url.path, view.panel);
                assert_eq!(url.get("embed"), Some("1"));
                assert_eq!(url.get("lang"), Some("zh-CN"));
                assert_eq!(
                    section.panel.link_problems(&Params(url.params.clone())),
                    vec![],
                    "{}",
                    view.id
                );
                for (_, value) in &view.params {
                    assert!(value
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
                }
            }
        }
    }

    #[test]
    fn snippets_name_the_view_and_escape_what_they_quote() {
        let view = View {
            id: "lock.gc-pause".into(),
            panel: "lock",
            label: "GC pause",
            params: vec![("preset", "gc-pause")],
        };
        let base = "https://example.org/distlab/index.html";
        assert_eq!(
            element_snippet(&view, Lang::ZhCn, base),
            "<script src=\"https://example.org/distlab/distlab-view.js\" defer></script>\n\
             <distlab-view panel=\"lock\" preset=\"gc-pause\" lang=\"zh-CN\"></distlab-view>"
        );
        let iframe = iframe_snippet(&view, Lang::En, base, "Locks \"&\" <leases>");
        assert!(iframe.contains(
            "src=\"https://example.org/distlab/index.html#/lock?embed=1&amp;lang=en&amp;preset=gc-pause\""
        ));
        assert!(iframe.contains("title=\"distlab: Locks &quot;&amp;&quot; &lt;leases>\""));
        assert_eq!(
            script_url("http://127.0.0.1:8811/"),
            "http://127.0.0.1:8811/distlab-view.js"
        );
    }
}
