//! The shop's own answers in a real headless Chromium: a shopper on the demo storefront asks
//! something the shop never answered and is told so; the merchant finds the question on the
//! Answers page, writes the answer from its "Write an answer" link; the next shopper asking in
//! other words gets the merchant's answer, with its source and the link it names drawn as a
//! link; the question leaves the list.

use fantoccini::Locator;
use serde_json::{json, Value};
use shopchat_e2e::merchant::{click, set_up, type_into};
use shopchat_e2e::shopper::say;
use shopchat_e2e::{Browser, BrowserOptions, Server};

const ANSWER: &str =
    "Yes: every dollar you spend earns a point, and 100 points take $5 off. The rules: https://demo.example/loyalty";

/// Opens the chat on the demo storefront (a fresh conversation), asks `question` and returns
/// the assistant's reply.
async fn ask(browser: &Browser, server: &Server, question: &str) -> anyhow::Result<Value> {
    browser
        .client
        .goto(&format!("{}/demo/", server.url))
        .await?;
    // A new visitor: no conversation carried over from the last one.
    browser
        .js("localStorage.clear(); sessionStorage.clear(); return true;")
        .await?;
    browser.client.refresh().await?;
    let launcher = browser
        .element(
            "the launcher button",
            "return deepAll('button[aria-label]').find(b => b.getRootNode() !== document) || null;",
        )
        .await?;
    launcher.click().await?;
    let before = browser
        .wait_for(
            "the chat, ready",
            "const input = deepAll('textarea.sc-input')[0];
             return input && !input.disabled ? deepAll('.sc-msg-assistant:not(.sc-card-slot)').length + 1 : null;",
        )
        .await?;
    let before = before.as_u64().unwrap_or(1) - 1;
    say(browser, question).await?;
    browser
        .wait_for(
            "the assistant's answer",
            &format!(
                "const replies = deepAll('.sc-msg-assistant:not(.sc-card-slot)');
                 const input = deepAll('textarea.sc-input')[0];
                 return replies.length > {before} && input && !input.disabled
                     ? replies[replies.length - 1].textContent : null;"
            ),
        )
        .await
}

async fn scenario(browser: &Browser, server: &Server) -> anyhow::Result<Value> {
    let unanswered = ask(browser, server, "Do you have a loyalty program?").await?;

    set_up(browser, server).await?;
    click(browser, "nav a[href='/admin/answers']").await?;
    let listed = browser
        .wait_for(
            "the question among those not answered",
            "return document.querySelector('#unanswered table')?.textContent || null;",
        )
        .await?;
    click(browser, "#unanswered a[href*='question=']").await?;
    let prefilled = browser
        .wait_for(
            "the form, filled in with the question",
            "return document.querySelector('#add-form input[name=question]')?.value || null;",
        )
        .await?;
    type_into(browser, "#add-form textarea[name=answer]", ANSWER).await?;
    browser
        .client
        .find(Locator::Css("#add-form button[type=submit]"))
        .await?
        .click()
        .await?;
    let notice = browser
        .wait_for(
            "the saved notice",
            "return document.querySelector('.notice.ok')?.textContent || null;",
        )
        .await?;
    let still_listed = browser
        .js("return document.querySelector('#unanswered')?.textContent || '';")
        .await?;

    let answered = ask(browser, server, "is there a loyalty program?").await?;
    let link = browser
        .wait_for(
            "the link the merchant wrote, drawn as a link",
            "const a = deepAll('a.sc-link')[0];
             return a ? { href: a.getAttribute('href'), target: a.target, rel: a.rel,
                          text: a.textContent } : null;",
        )
        .await?;
    Ok(json!({
        "unanswered": unanswered,
        "listed": listed,
        "prefilled": prefilled,
        "notice": notice,
        "still_listed": still_listed,
        "answered": answered,
        "link": link,
    }))
}

#[tokio::test]
async fn a_question_the_shop_never_answered_is_answered_once_the_merchant_writes_it(
) -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start(BrowserOptions::default()).await?;
    let outcome = scenario(&browser, &server).await;
    browser.close().await;
    let seen = outcome?;

    let first = seen["unanswered"].as_str().unwrap_or_default();
    assert!(
        first.contains("don't have an answer"),
        "an honest 'I don't know': {first}"
    );
    assert!(seen["listed"]
        .as_str()
        .is_some_and(|t| t.contains("Do you have a loyalty program?")));
    assert_eq!(seen["prefilled"], "Do you have a loyalty program?");
    assert!(seen["notice"].as_str().is_some_and(|n| !n.is_empty()));
    assert!(
        !seen["still_listed"]
            .as_str()
            .unwrap_or_default()
            .contains("loyalty program"),
        "an answered question leaves the list: {}",
        seen["still_listed"]
    );
    let answered = seen["answered"].as_str().unwrap_or_default();
    assert!(
        answered.contains("From our FAQ:")
            && answered.contains("every dollar you spend earns a point"),
        "the merchant's own words, with their source: {answered}"
    );
    assert_eq!(
        seen["link"],
        json!({ "href": "https://demo.example/loyalty", "target": "_blank",
                "rel": "noopener noreferrer", "text": "demo.example/loyalty" }),
        "the address in the answer can be opened"
    );
    Ok(())
}
