//! What a merchant does on the merchant page, shared by the end-to-end tests.

use fantoccini::Locator;

use crate::{Browser, Server};

/// The account the tests create through the setup link.
pub const EMAIL: &str = "owner@shop.example";
pub const PASSWORD: &str = "correct horse battery";

/// Types `value` into the field `css` selects on the current page (after clearing it).
pub async fn type_into(browser: &Browser, css: &str, value: &str) -> anyhow::Result<()> {
    let field = browser.client.find(Locator::Css(css)).await?;
    field.clear().await?;
    field.send_keys(value).await?;
    Ok(())
}

/// Fills the form field named `name` on the current page.
pub async fn fill(browser: &Browser, name: &str, value: &str) -> anyhow::Result<()> {
    type_into(browser, &format!("[name=\"{name}\"]"), value).await
}

pub async fn click(browser: &Browser, css: &str) -> anyhow::Result<()> {
    browser
        .client
        .find(Locator::Css(css))
        .await?
        .click()
        .await?;
    Ok(())
}

/// Opens the setup link and creates the account; ends signed in, on the Settings page.
pub async fn set_up(browser: &Browser, server: &Server) -> anyhow::Result<()> {
    let link = server
        .setup_link
        .as_deref()
        .ok_or_else(|| anyhow::anyhow!("the server offered no setup link"))?;
    browser.client.goto(link).await?;
    fill(browser, "email", EMAIL).await?;
    fill(browser, "password", PASSWORD).await?;
    fill(browser, "password2", PASSWORD).await?;
    click(browser, "button[type=submit]").await?;
    browser
        .wait_for(
            "the Settings page",
            "return location.pathname === '/admin/settings' && document.querySelector('h1')?.textContent === 'Settings';",
        )
        .await?;
    Ok(())
}
