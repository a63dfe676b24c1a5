//! The merchant operating the shop in a real headless Chromium against the real server: a
//! refund a shopper asked for over the auto-approve ceiling is approved on the Refund queue and
//! the money goes back; a reply typed on the Conversations page reaches the shopper's chat.
//! The shopper's side goes through the widget API over HTTP, as the widget does.

use serde_json::{json, Value};
use shopchat_e2e::merchant::{click, set_up, type_into};
use shopchat_e2e::{Browser, BrowserOptions, Server};

/// The shopper's side, over HTTP as the widget speaks it.
struct Shopper {
    url: String,
    http: reqwest::Client,
    conversation: String,
    token: String,
}

impl Shopper {
    async fn start(server: &Server) -> anyhow::Result<Shopper> {
        let http = reqwest::Client::new();
        let opened: Value = http
            .post(format!("{}/api/v1/conversations", server.url))
            .json(&json!({"shop": "demo", "locale": "en", "features": ["checkout"]}))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(Shopper {
            url: server.url.clone(),
            http,
            conversation: opened["conversation_id"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            token: opened["token"].as_str().unwrap_or_default().to_owned(),
        })
    }

    /// Sends a message and reads the whole streamed answer.
    async fn say(&self, text: &str) -> anyhow::Result<String> {
        Ok(self
            .http
            .post(format!(
                "{}/api/v1/conversations/{}/messages",
                self.url, self.conversation
            ))
            .bearer_auth(&self.token)
            .json(&json!({ "text": text }))
            .send()
            .await?
            .error_for_status()?
            .text()
            .await?)
    }

    /// Buys one of this variant and pays with the demo gateway's good card: (order id, token).
    async fn buy(&self, variant_id: i64) -> anyhow::Result<(String, String)> {
        let order: Value = self
            .http
            .post(format!(
                "{}/api/v1/conversations/{}/orders",
                self.url, self.conversation
            ))
            .bearer_auth(&self.token)
            .json(&json!({
                "variant_id": variant_id,
                "email": "ada@example.com",
                "shipping_address": {"name": "Ada Lovelace", "line1": "12 Main St", "city": "Austin",
                                     "postal_code": "78701", "country": "US"},
                "idempotency_key": "e2e-merchant-refund",
            }))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let id = order["order"]["order_id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let token = order["order_token"].as_str().unwrap_or_default().to_owned();
        let paid: Value = self
            .http
            .post(format!("{}/api/v1/orders/{id}/demo-payments", self.url))
            .bearer_auth(&token)
            .json(&json!({"card_number": "4242 4242 4242 4242", "expiry": "12/40", "cvc": "123"}))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        anyhow::ensure!(paid["outcome"] == "paid", "the demo payment: {paid}");
        Ok((id, token))
    }

    /// The order's status card, as the widget reads it.
    async fn card(&self, order_id: &str, order_token: &str) -> anyhow::Result<Value> {
        Ok(self
            .http
            .get(format!("{}/api/v1/orders/{order_id}/card", self.url))
            .bearer_auth(order_token)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?)
    }

    async fn history(&self) -> anyhow::Result<Value> {
        Ok(self
            .http
            .get(format!(
                "{}/api/v1/conversations/{}/messages",
                self.url, self.conversation
            ))
            .bearer_auth(&self.token)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?)
    }
}

async fn refund_scenario(browser: &Browser, server: &Server) -> anyhow::Result<Value> {
    // A demo product dear enough that refunding it is over the $50 auto-approve ceiling.
    let variant: i64 = sqlx::query_scalar(
        "select v.id from variant v join product p on p.id = v.product_id and p.shop_id = v.shop_id
         join shop s on s.id = p.shop_id
         where s.public_key = 'demo' and v.price_minor >= 6000 and v.inventory_qty > 0
         order by v.price_minor limit 1",
    )
    .fetch_one(&server.state.db)
    .await?;
    let shopper = Shopper::start(server).await?;
    let (order_id, order_token) = shopper.buy(variant).await?;
    shopper.say("I want a refund, it arrived damaged").await?;
    // The summary asks first; the shopper's yes sends the request to the shop.
    let answer = shopper.say("yes").await?;
    let queued = shopper.card(&order_id, &order_token).await?;
    let number = queued["order_number"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    set_up(browser, server).await?;
    click(browser, "nav a[href='/admin/refunds']").await?;
    let row = browser
        .wait_for(
            "the queued refund",
            "return document.querySelector('#queue tbody tr')?.textContent || null;",
        )
        .await?;
    type_into(
        browser,
        "#queue tbody tr input[name=note]",
        "Sorry it arrived damaged",
    )
    .await?;
    click(browser, "#queue tbody tr button.primary").await?;
    let notice = browser
        .wait_for(
            "the approval notice",
            "return document.querySelector('.notice.ok')?.textContent || null;",
        )
        .await?;
    let queue_empty = browser
        .js("return !!document.getElementById('queue-empty');")
        .await?;
    let after = shopper.card(&order_id, &order_token).await?;
    Ok(json!({
        "answer": answer, "queued": queued, "number": number, "row": row,
        "notice": notice, "queue_empty": queue_empty, "after": after,
    }))
}

#[tokio::test]
async fn a_refund_queued_by_a_shopper_is_approved_on_the_refund_queue_and_refunded(
) -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start(BrowserOptions::default()).await?;
    let outcome = refund_scenario(&browser, &server).await;
    browser.close().await;
    let seen = outcome?;

    assert_eq!(
        seen["queued"]["status"], "paid",
        "nothing refunded before approval: {seen}"
    );
    assert_eq!(
        seen["queued"]["pending_refunds"].as_array().map(Vec::len),
        Some(1),
        "the shopper's request waits for the shop: {}",
        seen["answer"]
    );
    let number = seen["number"].as_str().unwrap_or_default();
    assert!(
        seen["row"].as_str().is_some_and(|r| r.contains(number)),
        "the queue shows the order: {}",
        seen["row"]
    );
    assert!(
        seen["notice"]
            .as_str()
            .is_some_and(|n| n.contains("approved")),
        "{}",
        seen["notice"]
    );
    assert_eq!(seen["queue_empty"], true);
    let after = &seen["after"];
    assert!(
        matches!(
            after["status"].as_str(),
            Some("refunded" | "partially_refunded")
        ),
        "the shopper's card shows the refund: {after}"
    );
    assert_eq!(
        after["refunded"]["minor"], seen["queued"]["pending_refunds"][0]["amount"]["minor"],
        "the amount requested went back"
    );
    assert_eq!(after["pending_refunds"], json!([]));
    Ok(())
}

async fn reply_scenario(browser: &Browser, server: &Server) -> anyhow::Result<Value> {
    let shopper = Shopper::start(server).await?;
    shopper.say("I want to talk to a human").await?;

    set_up(browser, server).await?;
    click(browser, "nav a[href='/admin/conversations']").await?;
    let waiting = browser
        .wait_for(
            "the waiting count",
            "return document.getElementById('waiting-count')?.textContent || null;",
        )
        .await?;
    click(browser, "#conversations tbody tr.waiting a").await?;
    browser
        .wait_for(
            "the transcript",
            "return document.getElementById('transcript')?.textContent.includes('talk to a human') || null;",
        )
        .await?;
    type_into(
        browser,
        "#reply-form textarea[name=text]",
        "Hi, Sam here from the shop. How can I help?",
    )
    .await?;
    click(browser, "#reply-form button").await?;
    let notice = browser
        .wait_for(
            "the reply notice",
            "return document.querySelector('.notice.ok')?.textContent || null;",
        )
        .await?;
    let history = shopper.history().await?;
    Ok(json!({ "waiting": waiting, "notice": notice, "history": history }))
}

#[tokio::test]
async fn a_reply_from_the_conversations_page_reaches_the_shoppers_conversation(
) -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start(BrowserOptions::default()).await?;
    let outcome = reply_scenario(&browser, &server).await;
    browser.close().await;
    let seen = outcome?;

    assert_eq!(seen["waiting"], "1");
    assert!(
        seen["notice"]
            .as_str()
            .is_some_and(|n| n.starts_with("Reply sent")),
        "{}",
        seen["notice"]
    );
    let messages = seen["history"]["messages"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let last = messages.last().cloned().unwrap_or_default();
    assert_eq!(last["role"], "merchant", "{messages:?}");
    assert_eq!(last["text"], "Hi, Sam here from the shop. How can I help?");
    Ok(())
}
