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
