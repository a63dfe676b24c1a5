//! Takes the README's merchant-guide screenshots: a demo shop with an order shipped, a refund
//! waiting for the merchant, a conversation handed to a person and a few product-card clicks,
//! and questions about the shop, then the Orders, order detail, Refund queue, Conversations,
//! Analytics and Answers pages.
//! `cargo run -p shopchat-e2e --example merchant_screenshots -- docs`

use fantoccini::Locator;
use serde_json::{json, Value};
use shopchat_e2e::{Browser, BrowserOptions, Server};

const PASSWORD: &str = "correct horse battery";

/// A shopper's conversation with the demo shop, through the widget API: (id, token).
async fn conversation(http: &reqwest::Client, url: &str) -> anyhow::Result<(String, String)> {
    let opened: Value = http
        .post(format!("{url}/api/v1/conversations"))
        .json(&json!({"shop": "demo", "locale": "en", "features": ["checkout"]}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    Ok((
        opened["conversation_id"]
            .as_str()
            .unwrap_or_default()
            .into(),
        opened["token"].as_str().unwrap_or_default().into(),
    ))
}

async fn say(
    http: &reqwest::Client,
    url: &str,
    c: &(String, String),
    text: &str,
) -> anyhow::Result<()> {
    http.post(format!("{url}/api/v1/conversations/{}/messages", c.0))
        .bearer_auth(&c.1)
        .json(&json!({ "text": text }))
        .send()
        .await?
        .error_for_status()?
        .text()
        .await?;
    Ok(())
}

/// Buys and pays one of the variant in the conversation; returns the order number.
async fn buy(
    http: &reqwest::Client,
    url: &str,
    c: &(String, String),
    variant_id: i64,
    email: &str,
) -> anyhow::Result<String> {
    let order: Value = http
        .post(format!("{url}/api/v1/conversations/{}/orders", c.0))
        .bearer_auth(&c.1)
        .json(&json!({
            "variant_id": variant_id,
            "email": email,
            "shipping_address": {"name": "Ada Lovelace", "line1": "12 Main St", "city": "Austin",
                                 "postal_code": "78701", "country": "US"},
            "idempotency_key": format!("shot-{variant_id}-{email}"),
        }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let id = order["order"]["order_id"].as_str().unwrap_or_default();
    http.post(format!("{url}/api/v1/orders/{id}/demo-payments"))
        .bearer_auth(order["order_token"].as_str().unwrap_or_default())
        .json(&json!({"card_number": "4242 4242 4242 4242", "expiry": "12/40", "cvc": "123"}))
        .send()
        .await?
        .error_for_status()?;
    Ok(order["order"]["order_number"]
        .as_str()
        .unwrap_or_default()
        .into())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let out = std::env::args().nth(1).unwrap_or_else(|| "docs".into());
    let server = Server::start().await?;
    let url = server.url.clone();
    let http = reqwest::Client::new();
    let variants: Vec<(i64, i64)> = sqlx::query_as(
        "select v.id, v.product_id from variant v join shop s on s.id = v.shop_id
         where s.public_key = 'demo' and v.inventory_qty > 0 order by v.price_minor desc limit 3",
    )
    .fetch_all(&server.state.db)
    .await?;
    let shopper = conversation(&http, &url).await?;
    let shipped = buy(&http, &url, &shopper, variants[2].0, "ada@example.com").await?;
    let dear = conversation(&http, &url).await?;
    buy(&http, &url, &dear, variants[0].0, "grace@example.com").await?;
    say(&http, &url, &dear, "I want a refund, it arrived damaged").await?;
    say(&http, &url, &dear, "yes").await?;
    let person = conversation(&http, &url).await?;
    say(&http, &url, &person, "do you ship to Canada?").await?;
    say(&http, &url, &person, "I want to talk to a human").await?;
    // Questions about the shop: two nothing answers yet, one answered by the merchant's FAQ.
    let curious = conversation(&http, &url).await?;
    for question in [
        "Do you have a loyalty program?",
        "is there a loyalty program?",
        "Can I pick up my order in your store?",
    ] {
        say(&http, &url, &curious, question).await?;
    }
    sqlx::query(
        "insert into faq_entry (shop_id, question, answer, language)
         select id, 'Do you offer gift wrapping?',
                'Yes: add a note at checkout and we wrap it for $3.', 'both'
         from shop where public_key = 'demo'",
    )
    .execute(&server.state.db)
    .await?;
    for (_, product) in &variants {
        http.post(format!("{url}/api/v1/conversations/{}/events", shopper.0))
            .bearer_auth(&shopper.1)
            .json(&json!({"type": "card_click", "product_id": product}))
            .send()
            .await?
            .error_for_status()?;
    }

    let browser = Browser::start(BrowserOptions::default()).await?;
    let result = async {
        browser.client.set_window_size(1200, 820).await?;
        let link = server.setup_link.clone().unwrap_or_default();
        browser.client.goto(&link).await?;
        for (name, value) in [
            ("email", "owner@shop.example"),
            ("password", PASSWORD),
            ("password2", PASSWORD),
        ] {
            browser
                .client
                .find(Locator::Css(&format!("[name={name}]")))
                .await?
                .send_keys(value)
                .await?;
        }
        browser
            .client
            .find(Locator::Css("button[type=submit]"))
            .await?
            .click()
            .await?;
        browser
            .wait_for(
                "signed in",
                "return location.pathname === '/admin/settings';",
            )
            .await?;

        // Ship the first order from its page, as the merchant would.
        browser
            .client
            .goto(&format!("{url}/admin/orders/{shipped}"))
            .await?;
        for (name, value) in [
            ("carrier", "UPS"),
            ("tracking_number", "1Z999AA10123456784"),
            (
                "tracking_url",
                "https://www.ups.com/track?tracknum=1Z999AA10123456784",
            ),
        ] {
            browser
                .client
                .find(Locator::Css(&format!("[name={name}]")))
                .await?
                .send_keys(value)
                .await?;
        }
        browser
            .client
            .find(Locator::Css("#fulfillment-form button"))
            .await?
            .click()
            .await?;
        browser
            .wait_for(
                "shipped",
                "return document.getElementById('fulfillment-state')?.textContent === 'Shipped';",
            )
            .await?;

        let pages = [
            ("/admin/orders".to_owned(), "merchant-orders.png"),
            (format!("/admin/orders/{shipped}"), "merchant-order.png"),
            ("/admin/refunds".to_owned(), "merchant-refunds.png"),
            (
                format!("/admin/conversations/{}", person.0),
                "merchant-conversation.png",
            ),
            ("/admin/analytics".to_owned(), "merchant-analytics.png"),
            ("/admin/answers".to_owned(), "merchant-answers.png"),
        ];
        for (path, file) in pages {
            browser.client.goto(&format!("{url}{path}")).await?;
            browser
                .wait_for("the page", "return document.readyState === 'complete';")
                .await?;
            let png = browser.client.screenshot().await?;
            let target = format!("{out}/{file}");
            std::fs::write(&target, png)?;
            println!("wrote {target}");
        }
        anyhow::Ok(())
    }
    .await;
    browser.close().await;
    result
}
