//! The Install page: this shop's script tag with this server's URL and a copy button, and how
//! to add Shopchat to a Shopify theme (the snippet and the theme app extension in `/shopify/`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use super::html::{escape, html, page, Frame};
use super::session::Merchant;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/install", get(get_install))
}

/// The tag a merchant pastes before `</body>`.
pub fn script_tag(public_url: &str, shop_key: &str) -> String {
    format!("<script src=\"{public_url}/embed.js\" data-shop=\"{shop_key}\" async></script>")
}

/// `GET /admin/install`
async fn get_install(State(state): State<AppState>, merchant: Merchant) -> Response {
    let tag = script_tag(&state.public_url, &merchant.shop_key);
    let body = format!(
        "<h1>Install</h1>\
         <section><h2>Any website</h2>\
         <p>Paste this tag before <code>&lt;/body&gt;</code> on every page where the assistant should appear, \
         and add the site's address under <a href=\"/admin/settings\">Settings → Allowed origins</a>.</p>\
         <pre class=\"snippet\"><code id=\"script-tag\">{tag}</code></pre>\
         <button type=\"button\" data-copy=\"script-tag\">Copy</button> <span class=\"copied\" aria-live=\"polite\"></span></section>\
         <section><h2>Shopify</h2>\
         <p>Either way, add your store's address (e.g. <code>https://your-store.myshopify.com</code> and your own domain) \
         to the allowed origins first.</p>\
         <h3>Theme app extension (a toggle in the theme editor)</h3>\
         <ol><li>Add the extension in <a href=\"/shopify/extension/\">/shopify/extension/</a> to your Shopify app \
         and deploy it.</li>\
         <li>In Shopify admin open <em>Online Store → Themes → Customize → App embeds</em>, turn on <em>Shopchat</em> \
         and enter the shop key <code>{key}</code>.</li></ol>\
         <h3>Theme snippet (paste)</h3>\
         <ol><li>Download <a href=\"/shopify/shopchat.liquid\">shopchat.liquid</a> and add it to your theme's \
         <code>snippets</code> folder (<em>Online Store → Themes → Edit code</em>).</li>\
         <li>In <code>layout/theme.liquid</code>, just before <code>&lt;/body&gt;</code>, add \
         <code>{{% render 'shopchat', shop_key: '{key}' %}}</code>.</li></ol></section>",
        tag = escape(&tag),
        key = escape(&merchant.shop_key),
    );
    let frame = Frame {
        active: "/admin/install",
        shop_name: &merchant.shop_name,
        csrf: &merchant.csrf_token,
    };
    html(StatusCode::OK, page("Install", &frame, &body))
}
