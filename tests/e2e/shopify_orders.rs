//! Order status from Shopify in a real headless Chromium: the chat runs on a Shopify theme page
//! (the storefront stand-in, `shopify_standin.rs`) of a shop that connected its Shopify store's
//! Admin API, here the server tests' test-only Admin GraphQL stand-in on loopback
//! (`server/test-support/src/shopify_admin.rs`: it checks the access token and answers
//! `orders(query: "name:#…")` in Shopify's documented shape). The shopper asks where their
//! order is, gives its number and email, and sees the order card with Shopify's status,
//! fulfilment, carrier and tracking link.

#[allow(dead_code)]
mod shopify_standin;

use serde_json::json;
use shopchat_e2e::shopper::say;
use shopchat_e2e::{Browser, BrowserOptions, Server};
use shopchat_server::outbound::OutboundPolicy;
use shopchat_server::sealed::SecretColumn;
use shopchat_test_support::shopify_admin::{shipped_order, ShopifyAdmin, TOKEN};
use shopify_standin::ShopifyStandIn;

const HANDLE: &str = "everyday-pullover-hoodie";

#[tokio::test]
async fn on_a_shopify_theme_page_the_order_number_and_email_show_shopifys_order_card(
) -> anyhow::Result<()> {
    // The Admin API stand-in is on loopback, which merchant-set URLs may reach only when the
    // operator allows it (`OUTBOUND_ALLOW`).
    let server = Server::start_with(|settings| {
        if let Ok(policy) = OutboundPolicy::parse("loopback") {
            settings.outbound = policy;
        }
    })
    .await?;
    let store = ShopifyStandIn::start(&server.url, &server.state.db).await?;
    let admin = ShopifyAdmin::start(vec![shipped_order("#1001", "Ada@Example.com")]).await;
    let shop_id: i64 = sqlx::query_scalar("select id from shop where public_key = 'demo'")
        .fetch_one(&server.state.db)
        .await?;
    let sealed = server
        .state
        .secrets
        .seal(shop_id, SecretColumn::ShopifyAdminToken, TOKEN);
    sqlx::query(
        "update shop set allowed_origins = $1, shopify_domain = $2,
             shopify_admin_token = $3 where id = $4",
    )
    .bind(json!([store.url]).to_string())
    .bind(&admin.base_url)
    .bind(sealed)
    .bind(shop_id)
    .execute(&server.state.db)
    .await?;

    let browser = Browser::start(BrowserOptions::default()).await?;
    let outcome = async {
        browser
            .client
            .goto(&format!("{}/products/{HANDLE}", store.url))
            .await?;
        browser
            .element(
                "the launcher button",
                "return deepAll('button[aria-expanded]').find(b => b.getRootNode() !== document) || null;",
            )
            .await?
            .click()
            .await?;
        say(&browser, "where is my order?").await?;
        let asked = browser
            .wait_for(
                "the question for the order number and email",
                "return deepAll('.sc-msg-assistant .sc-bubble').map(b => b.textContent)
                     .find(t => t.includes('I need your order number')) || null;",
            )
            .await?;
        say(&browser, "#1001 ada@example.com").await?;
        let card = browser
            .wait_for(
                "the order card",
                "const card = deepAll('.sc-order').at(-1);
                 const tracking = card?.querySelector('a.sc-tracking');
                 return tracking ? { number: card.querySelector('.sc-order-number').textContent,
                                     status: card.querySelector('.sc-order-status').dataset.status,
                                     shipping: card.querySelector('.sc-shipping').textContent,
                                     tracking: tracking.textContent,
                                     link: tracking.getAttribute('href') } : null;",
            )
            .await?;
        let reply = browser
            .wait_for(
                "the reply about the order",
                "return deepAll('.sc-msg-assistant .sc-bubble').map(b => b.textContent)
                     .find(t => t.includes('#1001')) || null;",
            )
            .await?;
        anyhow::Ok((asked, card, reply))
    }
    .await;
    browser.close().await;
    let (asked, card, reply) = outcome?;
    assert!(
        asked.as_str().unwrap_or_default().contains("email"),
        "{asked}"
    );
    assert_eq!(card["number"], "#1001", "{card}");
    assert_eq!(card["status"], "fulfilled", "{card}");
    let shipping = card["shipping"].as_str().unwrap_or_default();
    assert!(
        shipping.contains("Shipped") && shipping.contains("UPS"),
        "{shipping}"
    );
    assert_eq!(card["tracking"], "1Z999AA10123456784");
    assert_eq!(
        card["link"],
        "https://www.ups.com/track?tracknum=1Z999AA10123456784"
    );
    assert!(
        reply
            .as_str()
            .unwrap_or_default()
            .contains("shipped with UPS, tracking number 1Z999AA10123456784"),
        "{reply}"
    );
    // The card came from the Admin API, asked with the shop's token for that order number.
    let received = admin.received();
    assert!(!received.is_empty());
    assert!(received.iter().all(|r| r.token.as_deref() == Some(TOKEN)));
    assert_eq!(received[0].body["variables"]["query"], "name:#1001");
    Ok(())
}
