//! The links card: the addresses a reply names that the shop wrote itself (its FAQ answers),
//! as links that open in a new tab. Only `https://` addresses are drawn; each label and address
//! is escaped like every other value (see `html`).

use shopchat_protocol::json::{list, string};
use shopchat_protocol::Link;
use wasm_bindgen::JsValue;
use web_sys::HtmlElement;

use crate::html::Html;

/// The links of a `links` event; any that isn't `https://` is left out.
pub fn read(card: &JsValue) -> Vec<Link> {
    list(card, "links", |link| {
        Some(Link {
            url: string(link, "url").filter(|u| u.starts_with("https://"))?,
            label: string(link, "label")?,
        })
    })
}

/// Draws the links into `root`.
pub fn open(root: &HtmlElement, links: &[Link]) {
    let mut h = Html::default();
    h.open("div", &[("class", Some("sc-links"))]);
    for link in links {
        h.element(
            "a",
            &[
                ("class", Some("sc-link")),
                ("href", Some(&link.url)),
                ("target", Some("_blank")),
                ("rel", Some("noopener noreferrer")),
            ],
            &link.label,
        );
    }
    h.close("div");
    root.set_inner_html(&h.finish());
}
