//! What a shopper does on the demo storefront, shared by the end-to-end tests.

use fantoccini::key::Key;
use serde_json::Value;

use crate::{Browser, Server};

/// Opens the demo shop, checks the loader stayed light, opens the chat and asks `question`.
/// Returns the text of the first product card that appears.
pub async fn ask_on_the_demo_shop(
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

/// Types `text` into the checkout field named `name`.
pub async fn fill(browser: &Browser, name: &str, text: &str) -> anyhow::Result<()> {
    let input = browser
        .element(
            name,
            // Into view first: the chat log scrolls, and WebDriver types only into what shows.
            &format!(
                "const input = deepAll(\".sc-checkout input[name='{name}']\").at(-1);
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
pub async fn press_pay(browser: &Browser) -> anyhow::Result<()> {
    browser
        .element(
            "the checkout button",
            "const button = deepAll('.sc-checkout .sc-pay').filter(b => !b.disabled).at(-1);
             button?.scrollIntoView({ block: 'center' });
             return button || null;",
        )
        .await?
        .click()
        .await?;
    Ok(())
}

/// Taps Buy on the newest product card whose title matches `title` (a regular expression),
/// picks another size when asked to, fills email and address and continues to the card step.
pub async fn buy_from_the_cards(
    browser: &Browser,
    title: &str,
    other_size: bool,
) -> anyhow::Result<()> {
    let cards_before = browser.js("return deepAll('.sc-checkout').length;").await?;
    browser
        .element(
            &format!("Buy on a {title} card"),
            &format!(
                "const card = deepAll('.sc-card').filter(c =>
                     /{title}/i.test(c.querySelector('.sc-card-title').textContent)).at(-1);
                 card?.scrollIntoView({{ block: 'center' }});
                 return card?.querySelector('.sc-buy:not(:disabled)') || null;"
            ),
        )
        .await?
        .click()
        .await?;
    let opened = browser
        .wait_for(
            "the checkout card (or an error)",
            &format!(
                "return deepAll('.sc-checkout').length > {cards_before} ? 'card'
                     : deepAll('.sc-error')[0]?.textContent || null;"
            ),
        )
        .await?;
    anyhow::ensure!(opened == "card", "Buy showed an error: {opened}");
    if other_size {
        // Another size than the preselected one (the first select is Size on the demo
        // hoodies), picked as the browser does: a new value, then `change`.
        browser
            .wait_for(
                "another available size",
                "const select = deepAll('.sc-checkout select').at(-1);
                 const other = Array.from(select?.options || []).find(o => !o.disabled && !o.selected);
                 if (!other) return null;
                 select.value = other.value;
                 select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
                 return other.value;",
            )
            .await?;
    }
    fill(browser, "email", "shopper@example.com").await?;
    fill(browser, "shipping_address.name", "Alex Shopper").await?;
    fill(browser, "shipping_address.line1", "1 Market St").await?;
    fill(browser, "shipping_address.city", "San Francisco").await?;
    fill(browser, "shipping_address.postal_code", "94105").await?;
    fill(browser, "shipping_address.country", "US").await?;
    press_pay(browser).await?;
    let step = browser
        .wait_for(
            "the card step with the total",
            "return deepAll('.sc-checkout').at(-1)?.querySelector('.sc-breakdown')
                 ?.textContent.includes('$') || null;",
        )
        .await;
    if let Err(e) = step {
        // What the shopper saw instead, so the failure says why.
        let card = browser
            .js("return deepAll('.sc-checkout').at(-1)?.innerText || null;")
            .await
            .unwrap_or_default();
        let errors = browser
            .js("return deepAll('.sc-error').map(e => e.innerText).join(' | ');")
            .await
            .unwrap_or_default();
        return Err(e.context(format!("the card showed: {card}; errors: {errors}")));
    }
    Ok(())
}

/// Pays with `card` (any expiry in the future, CVC 123).
pub async fn pay_with(browser: &Browser, card: &str) -> anyhow::Result<()> {
    fill(browser, "card_number", card).await?;
    fill(browser, "expiry", "12/39").await?;
    fill(browser, "cvc", "123").await?;
    press_pay(browser).await
}

/// Sends `text` from the chat's message box.
pub async fn say(browser: &Browser, text: &str) -> anyhow::Result<()> {
    let input = browser
        .element(
            "the message box",
            "const input = deepAll('textarea.sc-input')[0];
             return input && !input.disabled ? input : null;",
        )
        .await?;
    input.send_keys(text).await?;
    input
        .send_keys(&String::from(char::from(Key::Enter)))
        .await?;
    Ok(())
}
