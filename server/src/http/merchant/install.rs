//! The Install page: this shop's script tag with this server's URL and a copy button, and how
//! to add Shopchat to a Shopify theme: the theme app extension in `/shopify/extension/`, or the
//! Liquid snippet (`public/shopify/shopchat.liquid`) filled in with this server and shop.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use maud::html;

use super::html::{layout, render, Frame};
use super::markup::Text;
use super::session::Merchant;
use crate::http::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/install", get(get_install))
        .route("/admin/install/shopchat.liquid", get(get_liquid_snippet))
}

/// The snippet's placeholders, as `public/shopify/shopchat.liquid` writes them.
const HOST_PLACEHOLDER: &str = "https://YOUR-SHOPCHAT-HOST";
const KEY_PLACEHOLDER: &str = "YOUR_SHOP_KEY";

/// The Liquid snippet with this server's URL and this shop's key in place of its placeholders.
pub fn fill_liquid_snippet(template: &str, public_url: &str, shop_key: &str) -> String {
    // Both land in single-quoted Liquid strings; neither can contain a quote, but be sure.
    let clean = |text: &str| text.replace(['\'', '"'], "");
    template
        .replace(HOST_PLACEHOLDER, &clean(public_url))
        .replace(KEY_PLACEHOLDER, &clean(shop_key))
}

async fn liquid_snippet(state: &AppState, shop_key: &str) -> Option<String> {
    let template = tokio::fs::read_to_string(state.public_dir.join("shopify/shopchat.liquid"))
        .await
        .ok()?;
    Some(fill_liquid_snippet(&template, state.links.base(), shop_key))
}

/// `GET /admin/install/shopchat.liquid`: the snippet, filled in, as a download.
async fn get_liquid_snippet(State(state): State<AppState>, merchant: Merchant) -> Response {
    match liquid_snippet(&state, &merchant.shop_key).await {
        Some(snippet) => (
            [
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"shopchat.liquid\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            snippet,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The tag a merchant pastes before `</body>`.
pub fn script_tag(public_url: &str, shop_key: &str) -> String {
    html! { script src={ (public_url) "/embed.js" } data-shop=(shop_key) async {} }.into_string()
}

/// `GET /admin/install`
async fn get_install(State(state): State<AppState>, merchant: Merchant) -> Response {
    let tag = script_tag(state.links.base(), &merchant.shop_key);
    let snippet = liquid_snippet(&state, &merchant.shop_key).await;
    let copy = |id: &str| {
        html! {
            button type="button" data-copy=(id) { "Copy" }
            " "
            span.copied aria-live="polite" {}
        }
    };
    let body = html! {
        h1 { "Install" }
        section {
            h2 { "Any website" }
            p {
                "Paste this tag before " code { "</body>" } " on every page where the assistant \
                 should appear, and add the site's address under "
                a href="/admin/settings" { "Settings → Allowed origins" } "."
            }
            pre.snippet { code #script-tag { (tag) } }
            (copy("script-tag"))
        }
        section {
            h2 { "Shopify" }
            p {
                "Either way, first add your store's addresses (e.g. "
                code { "https://your-store.myshopify.com" }
                " and your own domain) to the allowed origins."
            }
            h3 { "Theme app extension (a toggle in the theme editor)" }
            ol {
                li {
                    "Add the extension in " a href="/shopify/extension/" { "/shopify/extension/" }
                    " to your Shopify app and deploy it."
                }
                li {
                    "In Shopify admin open " em { "Online Store → Themes → Customize → App embeds" }
                    ", turn on " em { "Shopchat" } " and enter this server's address "
                    code { (state.links.base()) } " and the shop key " code { (merchant.shop_key) } "."
                }
            }
            @if let Some(snippet) = &snippet {
                h3 { "Theme snippet (paste)" }
                ol {
                    li {
                        "In Shopify admin open " em { "Online Store → Themes → ⋯ → Edit code" }
                        " and open " code { "layout/theme.liquid" } "."
                    }
                    li {
                        "Paste this just before " code { "</body>" } " (it already carries this \
                         server's address and your shop key), or "
                        a href="/admin/install/shopchat.liquid" { "download it" } " as "
                        code { "snippets/shopchat.liquid" } " and put "
                        code { "{% render 'shopchat' %}" } " there instead."
                    }
                }
                pre.snippet { code #liquid-snippet { (Text(snippet)) } }
                (copy("liquid-snippet"))
            }
        }
    };
    let frame = Frame {
        active: "/admin/install",
        shop_name: &merchant.shop_name,
        csrf: &merchant.csrf_token,
    };
    render(StatusCode::OK, layout("Install", &frame, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_gets_this_servers_url_and_this_shops_key() {
        let template = "{%- assign shopchat_host = 'https://YOUR-SHOPCHAT-HOST' -%}\n\
                        {%- assign shopchat_shop = 'YOUR_SHOP_KEY' -%}";
        assert_eq!(
            fill_liquid_snippet(template, "https://chat.example", "shop_1"),
            "{%- assign shopchat_host = 'https://chat.example' -%}\n\
             {%- assign shopchat_shop = 'shop_1' -%}"
        );
        assert!(!fill_liquid_snippet(template, "https://x.example/'a", "k").contains("/'a"));
    }
}
