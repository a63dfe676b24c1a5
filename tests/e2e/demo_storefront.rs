//! A shopper on the demo storefront, in a real headless Chromium against the real server:
//! nothing heavy loads before the click; the launcher opens the widget; a question gets
//! product cards with prices — in English and in Spanish.

use fantoccini::key::Key;
use serde_json::Value;
use shopchat_e2e::{Browser, BrowserOptions, Server};

/// Opens the demo shop, checks the loader stayed light, opens the chat and asks `question`.
/// Returns the text of the first product card that appears.
async fn ask_on_the_demo_shop(
    browser: &Browser,
    server: &Server,
    question: &str,
) -> anyhow::Result<Value> {
    browser
        .client
        .goto(&format!("{}/demo/", server.url))
        .await?;
    let launcher = browser
        .element(
            "the launcher button",
            "return deepAll('button[aria-label]').find(b => b.getRootNode() !== document) || null;",
        )
        .await?;

    let loaded = browser
        .js("return performance.getEntriesByType('resource').map(e => e.name);")
        .await?;
    let loaded: Vec<String> = serde_json::from_value(loaded)?;
    assert!(
        loaded
            .iter()
            .all(|url| !url.ends_with(".wasm") && !url.contains("/widget/")),
        "nothing of the widget loads before the first click: {loaded:?}"
    );
    let storage = browser
        .js("return [document.cookie, localStorage.length, sessionStorage.length];")
        .await?;
    assert_eq!(
        storage,
        serde_json::json!(["", 0, 0]),
        "no cookie or storage before the click"
    );

    launcher.click().await?;
    let input = browser
        .element(
            "the message box",
            "return deepAll('textarea.sc-input')[0] || null;",
        )
        .await?;
    let loaded = browser
        .js("return performance.getEntriesByType('resource').map(e => e.name);")
        .await?;
    let loaded: Vec<String> = serde_json::from_value(loaded)?;
    assert!(
        loaded.iter().any(|url| url.ends_with(".wasm")),
        "the click loaded the widget: {loaded:?}"
    );

    input.send_keys(question).await?;
    input
        .send_keys(&String::from(char::from(Key::Enter)))
        .await?;

    browser
        .wait_for(
            "a product card with a price",
            "const card = deepAll('.sc-card').find(c => c.querySelector('.sc-card-price')?.textContent.trim());
             return card ? { title: card.querySelector('.sc-card-title').textContent,
                             price: card.querySelector('.sc-card-price').textContent,
                             view: card.querySelector('a.sc-view')?.href || null } : null;",
        )
        .await
}

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

/// Types `text` into the checkout field named `name`.
async fn fill(browser: &Browser, name: &str, text: &str) -> anyhow::Result<()> {
    let input = browser
        .element(
            name,
            // Into view first: the chat log scrolls, and WebDriver types only into what shows.
            &format!(
                "const input = deepAll(\".sc-checkout input[name='{name}']\")[0];
                 input?.scrollIntoView({{ block: 'center' }});
                 return input || null;"
            ),
        )
        .await?;
    input.clear().await?;
    input.send_keys(text).await?;
    Ok(())
}

/// Clicks the checkout card's main button (Continue to payment / Pay) once it is enabled.
async fn press_pay(browser: &Browser) -> anyhow::Result<()> {
    browser
        .element(
            "the checkout button",
            "const button = deepAll('.sc-checkout .sc-pay').find(b => !b.disabled);
             button?.scrollIntoView({ block: 'center' });
             return button || null;",
        )
        .await?
        .click()
        .await?;
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
    browser
        .element(
            "Buy on a hoodie card",
            "const card = deepAll('.sc-card').find(c =>
                 /hoodie/i.test(c.querySelector('.sc-card-title').textContent));
             return card?.querySelector('.sc-buy:not(:disabled)') || null;",
        )
        .await?
        .click()
        .await?;
    let opened = browser
        .wait_for(
            "the checkout card (or an error)",
            "return deepAll('.sc-checkout')[0] ? 'card'
                 : deepAll('.sc-error')[0]?.textContent || null;",
        )
        .await?;
    anyhow::ensure!(opened == "card", "Buy showed an error: {opened}");
    anyhow::ensure!(
        browser.js(commerce_loaded).await? == true,
        "the card came from the checkout's own module"
    );
    // Another size than the preselected one (the first select is Size on the demo hoodies),
    // picked as the browser does: a new value, then `change`.
    browser
        .wait_for(
            "another available size",
            "const select = deepAll('.sc-checkout select')[0];
             const other = Array.from(select?.options || []).find(o => !o.disabled && !o.selected);
             if (!other) return null;
             select.value = other.value;
             select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
             return other.value;",
        )
        .await?;
    fill(browser, "email", "shopper@example.com").await?;
    fill(browser, "shipping_address.name", "Alex Shopper").await?;
    fill(browser, "shipping_address.line1", "1 Market St").await?;
    fill(browser, "shipping_address.city", "San Francisco").await?;
    fill(browser, "shipping_address.postal_code", "94105").await?;
    fill(browser, "shipping_address.country", "US").await?;
    press_pay(browser).await?;
    browser
        .wait_for(
            "the card step with the total",
            "return deepAll('.sc-breakdown')[0]?.textContent.includes('$') || null;",
        )
        .await?;
    Ok(())
}

/// Pays with `card` (any expiry in the future, CVC 123).
async fn pay_with(browser: &Browser, card: &str) -> anyhow::Result<()> {
    fill(browser, "card_number", card).await?;
    fill(browser, "expiry", "12/39").await?;
    fill(browser, "cvc", "123").await?;
    press_pay(browser).await
}

/// Waits for the confirmation card; returns its order number and the order's stored status.
async fn confirmed_order(browser: &Browser, server: &Server) -> anyhow::Result<(String, String)> {
    let number = browser
        .wait_for(
            "the confirmation card",
            "return deepAll('.sc-done .sc-order-number')[0]?.textContent || null;",
        )
        .await?;
    let order_id = browser
        .js(
            "const key = Object.keys(localStorage).find(k => k.endsWith(':orders'));
             return JSON.parse(localStorage.getItem(key)).at(-1).id;",
        )
        .await?;
    let order_id = order_id.as_str().unwrap_or_default().to_owned();
    let status: String = sqlx::query_scalar("select status from shop_order where id = ?")
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
                "return deepAll('.sc-checkout .sc-notice')[0]?.textContent || null;",
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
