//! The Shopify snippet and the theme app extension's app embed, rendered with a real Liquid
//! implementation as a theme would: the script tag they write for a product page, a signed-in
//! customer and a guest, and a customer signature the server accepts.

use shopchat_test_support as support;

use std::collections::BTreeMap;
use std::path::PathBuf;

use hmac::{Hmac, Mac};
use liquid_core::{
    Display_filter, Expression, Filter, FilterParameters, FilterReflection, FromFilterParameters,
    ParseFilter, Result as LiquidResult, Runtime, Value, ValueView,
};
use serde_json::json;
use sha2::Sha256;
use shopchat_protocol::Identity;
use shopchat_server::conversations::identity::{identity_secret, ShopperIdentity};
use shopchat_server::conversations::verified_email;
use support::TestApp;

// Shopify's `hmac_sha256` filter (hex digest of the input, keyed by the argument), which
// liquid-rust doesn't ship.
#[derive(Debug, FilterParameters)]
struct HmacArgs {
    #[parameter(description = "The secret key.", arg_type = "str")]
    key: Expression,
}

#[derive(Clone, ParseFilter, FilterReflection)]
#[filter(
    name = "hmac_sha256",
    description = "Hex HMAC-SHA256 of the input with the given key.",
    parameters(HmacArgs),
    parsed(HmacFilter)
)]
struct HmacSha256;

#[derive(Debug, FromFilterParameters, Display_filter)]
#[name = "hmac_sha256"]
struct HmacFilter {
    #[parameters]
    args: HmacArgs,
}

impl Filter for HmacFilter {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> LiquidResult<Value> {
        let args = self.args.evaluate(runtime)?;
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(args.key.as_bytes()).expect("any key length");
        mac.update(input.to_kstr().as_bytes());
        Ok(Value::scalar(hex::encode(mac.finalize().into_bytes())))
    }
}

fn shopify_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../public/shopify")
}

/// Renders a theme file with these globals (a `{% schema %}` block is Shopify's, not Liquid's:
/// it is cut off first and returned as JSON).
fn render(file: &str, globals: serde_json::Value) -> (String, Option<serde_json::Value>) {
    let source = std::fs::read_to_string(shopify_dir().join(file)).expect("the template");
    let (template, schema) = match source.split_once("{% schema %}") {
        Some((template, rest)) => {
            let json = rest.split("{% endschema %}").next().expect("endschema");
            (
                template.to_owned(),
                Some(serde_json::from_str(json).expect("the schema is JSON")),
            )
        }
        None => (source, None),
    };
    let parser = liquid::ParserBuilder::with_stdlib()
        .filter(HmacSha256)
        .build()
        .expect("parser");
    let globals = liquid::to_object(&globals).expect("globals");
    let html = parser
        .parse(&template)
        .expect("the template parses")
        .render(&globals)
        .expect("the template renders");
    (html, schema)
}

/// The attributes of the one `<script>` tag in `html` (a bare attribute maps to "").
fn script_tag(html: &str) -> BTreeMap<String, String> {
    assert_eq!(
        html.matches("<script").count(),
        1,
        "one script tag:\n{html}"
    );
    let start = html.find("<script").expect("a script tag") + "<script".len();
    let end = start + html[start..].find('>').expect("the tag ends");
    assert!(html[end..].starts_with("></script>"), "{html}");
    let mut attributes = BTreeMap::new();
    let mut rest = html[start..end].trim_start();
    while !rest.is_empty() {
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_owned();
        rest = &rest[name_end..];
        let value = if let Some(quoted) = rest.strip_prefix("=\"") {
            let close = quoted.find('"').expect("a closing quote");
            let value = quoted[..close].to_owned();
            rest = &quoted[close + 1..];
            value
        } else {
            String::new()
        };
        assert!(
            attributes.insert(name.clone(), value).is_none(),
            "{name} twice:\n{html}"
        );
        rest = rest.trim_start();
    }
    attributes
}

const SECRET: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

fn product_page() -> serde_json::Value {
    json!({
        "request": {"page_type": "product", "locale": {"iso_code": "es"}},
        "product": {"handle": "everyday-pullover-hoodie", "id": 8123456789_i64},
        "cart": {"item_count": 3},
    })
}

fn with_customer(mut page: serde_json::Value) -> serde_json::Value {
    page["customer"] = json!({"id": 7012345678_i64, "email": "ana@example.com"});
    page
}

fn with(mut page: serde_json::Value, key: &str, value: serde_json::Value) -> serde_json::Value {
    page[key] = value;
    page
}

#[test]
fn the_snippet_writes_the_loader_tag_with_the_product_and_cart_on_a_product_page() {
    let page = with(
        product_page(),
        "settings",
        json!({"shopchat_identity_secret": null}),
    );
    let (html, _) = render("shopchat.liquid", page);
    let tag = script_tag(&html);
    assert_eq!(tag["src"], "https://YOUR-SHOPCHAT-HOST/embed.js");
    assert_eq!(tag["data-shop"], "YOUR_SHOP_KEY");
    assert_eq!(tag["data-product"], "everyday-pullover-hoodie");
    assert_eq!(tag["data-cart-count"], "3");
    assert_eq!(tag["data-locale"], "es");
    assert_eq!(
        tag["data-platform"], "shopify",
        "the commerce card uses the store's cart"
    );
    assert!(tag.contains_key("async"));
    assert!(!tag.contains_key("data-customer-id"), "{html}");
}

#[test]
fn for_a_guest_elsewhere_the_snippet_names_no_product_and_no_customer() {
    let page = json!({
        "request": {"page_type": "index", "locale": {"iso_code": "en"}},
        "cart": {"item_count": 0},
        "settings": {"shopchat_identity_secret": SECRET},
    });
    let (html, _) = render("shopchat.liquid", page);
    let tag = script_tag(&html);
    assert_eq!(tag["data-cart-count"], "0");
    for absent in [
        "data-product",
        "data-customer-id",
        "data-customer-email",
        "data-customer-signature",
    ] {
        assert!(!tag.contains_key(absent), "{absent}: {html}");
    }
    assert!(!html.contains(SECRET));
}

#[tokio::test]
async fn a_signed_in_customer_gets_a_signature_the_server_verifies() {
    let app = TestApp::spawn().await;
    let secret = identity_secret(&app.db, &app.state.secrets, "demo")
        .await
        .unwrap()
        .expect("the demo shop's secret");
    let page = with(
        with_customer(product_page()),
        "settings",
        json!({"shopchat_identity_secret": secret}),
    );
    let (html, _) = render("shopchat.liquid", page);
    let tag = script_tag(&html);
    assert!(!html.contains(&secret), "the secret never reaches the page");
    assert_eq!(tag["data-customer-id"], "7012345678");
    assert_eq!(tag["data-customer-email"], "ana@example.com");

    let claim = Identity {
        id: tag["data-customer-id"].clone(),
        email: Some(tag["data-customer-email"].clone()),
        signature: Some(tag["data-customer-signature"].clone()),
    };
    assert!(ShopperIdentity::check(Some(&claim), Some(&secret)).verified);

    // And through the widget API, as the widget sends it.
    let (conversation, _) = app
        .create_conversation_with(json!({"shop": "demo", "identity": claim,
                                          "context": {"product": tag["data-product"]}}))
        .await;
    let shop_id: i64 = sqlx::query_scalar("select id from shop where public_key = 'demo'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(
        verified_email(&app.db, shop_id, &conversation)
            .await
            .unwrap()
            .as_deref(),
        Some("ana@example.com")
    );
}

#[test]
fn without_a_secret_in_the_theme_a_signed_in_customer_is_not_named() {
    // An unset text setting is nil in Shopify.
    let page = with(
        with_customer(product_page()),
        "settings",
        json!({"shopchat_identity_secret": null}),
    );
    let tag = script_tag(&render("shopchat.liquid", page).0);
    assert!(!tag.contains_key("data-customer-id"));
    assert!(!tag.contains_key("data-customer-signature"));
}

fn embed_settings(extra: serde_json::Value) -> serde_json::Value {
    let mut settings = json!({
        "server_url": "https://chat.example.com/",
        "shop_key": "demo",
        "position": "auto",
        "color": null,
        "identity_secret": null,
    });
    for (key, value) in extra.as_object().expect("object") {
        settings[key] = value.clone();
    }
    json!({"settings": settings})
}

#[test]
fn the_app_embed_targets_the_body_and_offers_key_position_colour_and_server_settings() {
    let (_, schema) = render(
        "extension/blocks/shopchat.liquid",
        with(product_page(), "block", embed_settings(json!({}))),
    );
    let schema = schema.expect("the block has a schema");
    assert_eq!(schema["target"], "body");
    let ids: Vec<&str> = schema["settings"]
        .as_array()
        .expect("settings")
        .iter()
        .filter_map(|s| s["id"].as_str())
        .collect();
    for id in [
        "shop_key",
        "position",
        "color",
        "server_url",
        "identity_secret",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    let toml = std::fs::read_to_string(shopify_dir().join("extension/shopify.extension.toml"))
        .expect("the extension's configuration");
    assert!(toml.contains("type = \"theme\""));
}

#[tokio::test]
async fn the_app_embed_writes_the_tag_from_its_settings_and_signs_the_customer() {
    let app = TestApp::spawn().await;
    let secret = identity_secret(&app.db, &app.state.secrets, "demo")
        .await
        .unwrap()
        .unwrap();
    let block = embed_settings(json!({
        "position": "left", "color": "#0a7d3b", "identity_secret": secret,
    }));
    let (html, _) = render(
        "extension/blocks/shopchat.liquid",
        with(with_customer(product_page()), "block", block),
    );
    let tag = script_tag(&html);
    assert_eq!(tag["src"], "https://chat.example.com/embed.js");
    assert_eq!(tag["data-shop"], "demo");
    assert_eq!(tag["data-position"], "left");
    assert_eq!(tag["data-platform"], "shopify");
    assert_eq!(tag["data-brand-color"], "#0a7d3b");
    assert_eq!(tag["data-product"], "everyday-pullover-hoodie");
    assert_eq!(tag["data-cart-count"], "3");
    assert!(!html.contains(&secret));
    let claim = Identity {
        id: tag["data-customer-id"].clone(),
        email: Some(tag["data-customer-email"].clone()),
        signature: Some(tag["data-customer-signature"].clone()),
    };
    assert!(ShopperIdentity::check(Some(&claim), Some(&secret)).verified);

    // Defaults: the shop's own position and colour; a guest; nothing without a key.
    let (html, _) = render(
        "extension/blocks/shopchat.liquid",
        with(product_page(), "block", embed_settings(json!({}))),
    );
    let tag = script_tag(&html);
    assert!(!tag.contains_key("data-position"));
    assert!(!tag.contains_key("data-brand-color"));
    assert!(!tag.contains_key("data-customer-id"));
    let (html, _) = render(
        "extension/blocks/shopchat.liquid",
        with(
            product_page(),
            "block",
            embed_settings(json!({"shop_key": ""})),
        ),
    );
    assert!(!html.contains("<script"), "{html}");
}
