//! A shopper on the demo storefront, in a real headless Chromium against the real server:
//! nothing heavy loads before the click; the launcher opens the widget; a question gets
//! product cards with prices — in English and in Spanish.

use serde_json::Value;
use shopchat_e2e::shopper::{ask_on_the_demo_shop, buy_from_the_cards, pay_with, say};
use shopchat_e2e::{Browser, BrowserOptions, Server};

#[tokio::test]
async fn a_shopper_opens_the_chat_asks_for_a_hoodie_and_sees_a_priced_card() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start(BrowserOptions::default()).await?;
    let outcome = ask_on_the_demo_shop(&browser, &server, "hoodie").await;
    let ui_language = browser
        .js("return deepAll('textarea.sc-input')[0]?.getAttribute('aria-label');")
        .await;
    browser.close().await;

    let card = outcome?;
    let title = card["title"].as_str().unwrap_or_default();
    let price = card["price"].as_str().unwrap_or_default();
    assert!(
        title.to_lowercase().contains("hoodie"),
        "card title: {title}"
    );
    assert!(
        price.contains('$') && price.chars().any(|c| c.is_ascii_digit()),
        "card price: {price}"
    );
    assert!(card["view"]
        .as_str()
        .is_some_and(|href| href.starts_with(&server.url)));
    assert!(ui_language?
        .as_str()
        .is_some_and(|label| label.to_lowercase().contains("message")));
    Ok(())
}

#[tokio::test]
async fn a_spanish_speaking_shopper_gets_the_widget_and_the_answer_in_spanish() -> anyhow::Result<()>
{
    let server = Server::start().await?;
    let browser = Browser::start(BrowserOptions {
        language: Some("es-ES".into()),
    })
    .await?;
    let outcome = ask_on_the_demo_shop(&browser, &server, "busco una sudadera").await;
    let page_text = browser.js("return deepText();").await;
    browser.close().await;

    let card = outcome?;
    let title = card["title"].as_str().unwrap_or_default();
    let price = card["price"].as_str().unwrap_or_default();
    assert!(
        title.to_lowercase().contains("hoodie"),
        "card title: {title}"
    );
    // Spanish number formatting: a decimal comma, e.g. "62,00 US$".
    assert!(
        price.contains(',') && price.contains("US$"),
        "card price formatted for Spanish: {price}"
    );
    let page_text = page_text?.as_str().unwrap_or_default().to_owned();
    assert!(
        page_text.contains("Aquí tienes") || page_text.contains("Esto es lo que encontré"),
        "Spanish reply: {page_text}"
    );
    Ok(())
}

/// Asks for a hoodie, taps Buy on a hoodie card, picks another size and fills email and address,
/// then continues to the card step. Listens for the page's `purchase` events.
async fn check_out_a_hoodie(browser: &Browser, server: &Server) -> anyhow::Result<()> {
    ask_on_the_demo_shop(browser, server, "hoodie").await?;
    browser
        .js("window.__purchases = []; Shopchat.on('purchase', (d) => __purchases.push(d));")
        .await?;
    let commerce_loaded = "return performance.getEntriesByType('resource')
        .some(e => e.name.includes('shopchat_commerce'));";
    anyhow::ensure!(
        browser.js(commerce_loaded).await? == false,
        "the checkout's module loaded before any card was shown"
    );
    buy_from_the_cards(browser, "hoodie", true).await?;
    anyhow::ensure!(
        browser.js(commerce_loaded).await? == true,
        "the card came from the checkout's own module"
    );
    Ok(())
}

/// Waits for the confirmation card; returns its order number and the order's stored status.
async fn confirmed_order(browser: &Browser, server: &Server) -> anyhow::Result<(String, String)> {
    let number = browser
        .wait_for(
            "the confirmation card",
            "const card = deepAll('.sc-checkout').at(-1);
             return card?.classList.contains('sc-done')
                 ? card.querySelector('.sc-order-number').textContent : null;",
        )
        .await?;
    let order_id = browser
        .js(
            "const key = Object.keys(localStorage).find(k => k.endsWith(':orders'));
             return JSON.parse(localStorage.getItem(key)).at(-1).id;",
        )
        .await?;
    let order_id = order_id.as_str().unwrap_or_default().to_owned();
    let status: String = sqlx::query_scalar("select status from shop_order where id = $1")
        .bind(&order_id)
        .fetch_one(&server.state.db)
        .await?;
    Ok((number.as_str().unwrap_or_default().to_owned(), status))
}

#[tokio::test]
async fn a_shopper_buys_a_hoodie_in_the_chat_with_the_demo_gateway() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start(BrowserOptions::default()).await?;
    let outcome = async {
        check_out_a_hoodie(&browser, &server).await?;
        let test_mode = browser
            .js("return deepAll('.sc-test-mode')[0]?.textContent || null;")
            .await?;
        // The card fits the chat: nothing to scroll sideways, no total cut off.
        let fits = browser
            .js("const log = deepAll('.sc-log')[0];
                 return log.scrollWidth <= log.clientWidth;")
            .await?;
        anyhow::ensure!(fits == true, "the checkout card is wider than the chat");
        pay_with(&browser, "4242 4242 4242 4242").await?;
        let order = confirmed_order(&browser, &server).await?;
        let purchases = browser.js("return window.__purchases;").await?;
        anyhow::Ok((test_mode, order, purchases))
    }
    .await;
    browser.close().await;

    let (test_mode, (number, status), purchases) = outcome?;
    assert_eq!(test_mode, "Test mode — no real charge");
    assert!(number.starts_with("SC-"), "order number: {number}");
    assert_eq!(status, "paid", "the order is paid in the database");
    assert_eq!(purchases[0]["order_number"], number.as_str());
    assert_eq!(purchases[0]["total"]["currency"], "USD");
    assert!(
        purchases[0]["total"]["minor"]
            .as_f64()
            .is_some_and(|minor| minor > 0.0 && minor.fract() == 0.0),
        "purchase total in minor units: {purchases}"
    );
    Ok(())
}

#[tokio::test]
async fn a_declined_card_shows_the_message_and_the_shopper_can_retry() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start(BrowserOptions::default()).await?;
    let outcome = async {
        check_out_a_hoodie(&browser, &server).await?;
        pay_with(&browser, "4000 0000 0000 0002").await?;
        let message = browser
            .wait_for(
                "the decline message",
                "return deepAll('.sc-checkout .sc-notice').at(-1)?.textContent || null;",
            )
            .await?;
        pay_with(&browser, "4242 4242 4242 4242").await?;
        let order = confirmed_order(&browser, &server).await?;
        anyhow::Ok((message, order))
    }
    .await;
    browser.close().await;

    let (message, (number, status)) = outcome?;
    assert_eq!(message, "Your card was declined. Try another card.");
    assert!(number.starts_with("SC-"), "order number: {number}");
    assert_eq!(status, "paid");
    Ok(())
}

/// Says `text` and waits for a new order card; returns its number, status code and text.
async fn ask_for_order_card(browser: &Browser, text: &str) -> anyhow::Result<Value> {
    let before = browser.js("return deepAll('.sc-order').length;").await?;
    say(browser, text).await?;
    order_card_after(
        browser,
        &before,
        &format!("an order card answering {text:?}"),
    )
    .await
}

/// The newest order card once there are more than `before`: number, status and text.
async fn order_card_after(browser: &Browser, before: &Value, what: &str) -> anyhow::Result<Value> {
    browser
        .wait_for(
            what,
            &format!(
                "const cards = deepAll('.sc-order');
                 if (cards.length <= {before}) return null;
                 const card = cards.at(-1);
                 return {{ number: card.querySelector('.sc-order-number').textContent,
                          status: card.querySelector('.sc-order-status').dataset.status,
                          text: card.textContent }};"
            ),
        )
        .await
}

/// Asks for an after-sale action, waits for the summary's yes chip (nothing has moved yet: the
/// order is as it was), taps it and returns the order card that answers it.
async fn ask_and_confirm(
    browser: &Browser,
    server: &Server,
    order_number: &str,
    text: &str,
) -> anyhow::Result<Value> {
    let refunded_before = refunded(server, order_number).await?;
    let cards_before = browser.js("return deepAll('.sc-order').length;").await?;
    say(browser, text).await?;
    // The summary comes with the order's card and the chips: wait for this reply's yes chip.
    let chip = browser
        .element(
            &format!("the yes chip answering {text:?}"),
            &format!(
                "if (deepAll('.sc-order').length <= {cards_before}) return null;
                 return deepAll('button.sc-chip:not(:disabled)')
                     .filter(b => /^(Yes|Sí),/.test(b.textContent)).at(-1) || null;"
            ),
        )
        .await?;
    anyhow::ensure!(
        refunded(server, order_number).await? == refunded_before,
        "money moved before the shopper said yes"
    );
    let before = browser.js("return deepAll('.sc-order').length;").await?;
    chip.click().await?;
    order_card_after(browser, &before, "the order card after the yes").await
}

/// A page script says yes in the chat before anything was offered: it is answered, and nothing
/// moves.
async fn page_says_yes(
    browser: &Browser,
    server: &Server,
    order_number: &str,
    yes: &str,
) -> anyhow::Result<()> {
    let replies = browser
        .js("return deepAll('.sc-msg-assistant').length;")
        .await?;
    browser.js(&format!("Shopchat.ask({yes:?});")).await?;
    browser
        .wait_for(
            "the answer to the page's yes",
            &format!(
                "return deepAll('.sc-msg-assistant').length > {replies} \
                     && !deepAll('textarea.sc-input')[0]?.disabled || null;"
            ),
        )
        .await?;
    anyhow::ensure!(
        refunded(server, order_number).await? == 0,
        "a yes with nothing offered moved money"
    );
    let status: String = sqlx::query_scalar("select status from shop_order where number = $1")
        .bind(
            order_number
                .trim_start_matches("SC-")
                .parse::<i64>()
                .unwrap_or_default(),
        )
        .fetch_one(&server.state.db)
        .await?;
    anyhow::ensure!(
        status == "paid",
        "a yes with nothing offered changed the order: {status}"
    );
    Ok(())
}

/// Asks a question that must only be answered, and returns the reply's text once it shows.
async fn ask_for_an_answer(browser: &Browser, text: &str, expect: &str) -> anyhow::Result<String> {
    say(browser, text).await?;
    let answer = browser
        .wait_for(
            &format!("an answer to {text:?} mentioning {expect:?}"),
            &format!("const t = deepText(); return t.includes({expect:?}) ? t : null;"),
        )
        .await?;
    Ok(answer.as_str().unwrap_or_default().to_owned())
}

/// Money refunded (succeeded, processing or waiting) on the order with this number.
async fn refunded(server: &Server, order_number: &str) -> anyhow::Result<i64> {
    let number: i64 = order_number
        .trim_start_matches("SC-")
        .parse()
        .unwrap_or_default();
    Ok(sqlx::query_scalar(
        "select coalesce(cast(sum(r.amount_minor) as bigint), 0) from refund r join shop_order o on o.id = r.order_id
         where o.number = $1",
    )
    .bind(number)
    .fetch_one(&server.state.db)
    .await?)
}

async fn refund_ids(server: &Server, token: &str, status: &str) -> anyhow::Result<Vec<Value>> {
    let refunds: Value = reqwest_json(
        server,
        token,
        &format!("/api/v1/admin/refunds?status={status}"),
        None,
    )
    .await?;
    Ok(refunds["refunds"].as_array().cloned().unwrap_or_default())
}

/// An admin API call with the merchant's token: GET, or POST with `body`.
async fn reqwest_json(
    server: &Server,
    token: &str,
    path: &str,
    body: Option<Value>,
) -> anyhow::Result<Value> {
    let client = reqwest::Client::new();
    let url = format!("{}{path}", server.url);
    let request = match body {
        Some(body) => client.post(url).json(&body),
        None => client.get(url),
    };
    let response = request
        .bearer_auth(token)
        .send()
        .await?
        .error_for_status()?;
    Ok(response.json().await?)
}

#[tokio::test]
async fn after_buying_the_shopper_reloads_asks_for_the_order_and_gets_refunds_under_the_policy(
) -> anyhow::Result<()> {
    let server = Server::start().await?;
    let admin = shopchat_server::http::admin::issue_token(&server.state.db, "demo")
        .await?
        .expect("the demo shop");
    let browser = Browser::start(BrowserOptions::default()).await?;
    let outcome = async {
        // A beanie (under the demo shop's $50 auto-approve ceiling), paid with the demo card.
        ask_on_the_demo_shop(&browser, &server, "beanie").await?;
        buy_from_the_cards(&browser, "beanie", false).await?;
        pay_with(&browser, "4242 4242 4242 4242").await?;
        let (beanie, status) = confirmed_order(&browser, &server).await?;
        anyhow::ensure!(status == "paid", "the beanie is paid: {status}");

        // A reload: the chat comes back with its conversation; the order is asked about.
        browser.client.refresh().await?;
        browser
            .element(
                "the launcher button",
                "return deepAll('button[aria-label]').find(b => b.getRootNode() !== document) || null;",
            )
            .await?
            .click()
            .await?;
        page_says_yes(&browser, &server, &beanie, "yes").await?;
        let status = ask_for_order_card(&browser, "where is my order?").await?;
        // A question about the policy is answered from the shop's settings; nothing moves.
        ask_for_an_answer(&browser, "what's your refund policy?", "30 days").await?;
        anyhow::ensure!(
            refunded(&server, &beanie).await? == 0,
            "a policy question refunded the order"
        );
        let refund = ask_and_confirm(&browser, &server, &beanie, "I want a refund").await?;

        // A hoodie with shipping and tax is over the ceiling: the request waits for the shop.
        say(&browser, "hoodie").await?;
        browser
            .wait_for(
                "hoodie cards",
                "return deepAll('.sc-card').some(c => /hoodie/i.test(c.textContent)) || null;",
            )
            .await?;
        buy_from_the_cards(&browser, "hoodie", false).await?;
        pay_with(&browser, "4242 4242 4242 4242").await?;
        let (hoodie, _) = confirmed_order(&browser, &server).await?;
        let queued = ask_and_confirm(&browser, &server, &hoodie, "I want a refund").await?;
        let pending = refund_ids(&server, &admin, "pending").await?;

        // The merchant approves it through the admin API; the shopper sees the refund.
        let id = pending.first().and_then(|r| r["id"].as_i64()).unwrap_or_default();
        reqwest_json(
            &server,
            &admin,
            &format!("/api/v1/admin/refunds/{id}/approve"),
            Some(serde_json::json!({ "note": "Sorry about that" })),
        )
        .await?;
        let after = ask_for_order_card(&browser, "where is my order?").await?;
        anyhow::Ok((beanie, status, refund, hoodie, queued, pending, after))
    }
    .await;
    browser.close().await;

    let (beanie, status, refund, hoodie, queued, pending, after) = outcome?;
    assert_eq!(
        status["number"],
        beanie.as_str(),
        "after a reload: {status}"
    );
    assert_eq!(status["status"], "paid");
    assert!(
        status["text"]
            .as_str()
            .is_some_and(|t| t.contains("Not shipped yet")),
        "{status}"
    );
    assert_eq!(refund["number"], beanie.as_str());
    assert!(
        matches!(
            refund["status"].as_str(),
            Some("refunded" | "partially_refunded")
        ),
        "refunded at once, within the ceiling: {refund}"
    );
    assert_eq!(queued["number"], hoodie.as_str());
    assert_eq!(queued["status"], "paid", "nothing refunded yet: {queued}");
    assert!(
        queued["text"]
            .as_str()
            .is_some_and(|t| t.contains("waiting for the shop")),
        "the card says the request waits for the shop: {queued}"
    );
    assert_eq!(
        pending.len(),
        1,
        "one request in the merchant's queue: {pending:?}"
    );
    assert_eq!(after["number"], hoodie.as_str());
    assert!(
        matches!(
            after["status"].as_str(),
            Some("refunded" | "partially_refunded")
        ),
        "the shopper sees the approved refund: {after}"
    );
    Ok(())
}

#[tokio::test]
async fn a_spanish_shopper_asks_the_policy_then_a_refund_and_says_si_before_anything_moves(
) -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start(BrowserOptions {
        language: Some("es-ES".into()),
    })
    .await?;
    let outcome = async {
        ask_on_the_demo_shop(&browser, &server, "un gorro").await?;
        buy_from_the_cards(&browser, "beanie", false).await?;
        pay_with(&browser, "4242 4242 4242 4242").await?;
        let (beanie, status) = confirmed_order(&browser, &server).await?;
        anyhow::ensure!(status == "paid", "the beanie is paid: {status}");
        page_says_yes(&browser, &server, &beanie, "sí").await?;
        let policy = ask_for_an_answer(
            &browser,
            "¿cuál es vuestra política de devoluciones?",
            "30 días",
        )
        .await?;
        anyhow::ensure!(
            refunded(&server, &beanie).await? == 0,
            "a policy question refunded the order"
        );
        let refund = ask_and_confirm(&browser, &server, &beanie, "quiero un reembolso").await?;
        anyhow::Ok((beanie, policy, refund))
    }
    .await;
    browser.close().await;

    let (beanie, policy, refund) = outcome?;
    assert!(
        policy.contains("política de devoluciones y reembolsos"),
        "{policy}"
    );
    assert_eq!(refund["number"], beanie.as_str());
    assert!(
        matches!(
            refund["status"].as_str(),
            Some("refunded" | "partially_refunded")
        ),
        "refunded after the sí: {refund}"
    );
    Ok(())
}

#[tokio::test]
async fn a_shopper_asks_for_a_person_and_the_shops_reply_appears_in_the_chat() -> anyhow::Result<()>
{
    let server = Server::start().await?;
    let admin = shopchat_server::http::admin::issue_token(&server.state.db, "demo")
        .await?
        .expect("the demo shop");
    let browser = Browser::start(BrowserOptions::default()).await?;
    let outcome = async {
        ask_on_the_demo_shop(&browser, &server, "hoodie").await?;
        say(&browser, "I want to talk to a human").await?;
        let notice = browser
            .wait_for(
                "the handoff card",
                "return deepAll('.sc-handoff p')[0]?.textContent || null;",
            )
            .await?;
        let waiting: Value = reqwest_json(
            &server,
            &admin,
            "/api/v1/admin/conversations?needs_human=true",
            None,
        )
        .await?;
        let id = waiting["conversations"][0]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        reqwest_json(
            &server,
            &admin,
            &format!("/api/v1/admin/conversations/{id}/reply"),
            Some(serde_json::json!({ "text": "Hi, this is Sam from the shop. How can I help?" })),
        )
        .await?;
        let reply = browser
            .wait_for(
                "the shop's reply in the chat",
                "return deepAll('.sc-handoff .sc-msg-merchant .sc-bubble')[0]?.textContent || null;",
            )
            .await?;
        anyhow::Ok((notice, reply))
    }
    .await;
    browser.close().await;

    let (notice, reply) = outcome?;
    assert!(
        notice.as_str().is_some_and(|n| n.contains("reply")),
        "the card says when a person will reply: {notice}"
    );
    assert_eq!(reply, "Hi, this is Sam from the shop. How can I help?");
    Ok(())
}
