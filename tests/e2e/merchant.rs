//! The merchant in a real headless Chromium against the real server: the first-run setup
//! link, signing in, changing the brand colour (seen in the preview of the real widget and in
//! what the storefront's loader receives), importing the reference Shopify CSV through the
//! page, a wrong password and the sign-in lock, and a forged POST without the CSRF token.

use std::path::PathBuf;

use fantoccini::Locator;
use serde_json::{json, Value};
use shopchat_e2e::merchant::{click, fill, set_up, EMAIL, PASSWORD};
use shopchat_e2e::{workspace_root, Browser, BrowserOptions, Server};

/// Never a real key; the page must never show it back.
const STRIPE_SECRET: &str = "sk_test_e2eSecretValue0123456789";

async fn sign_in(browser: &Browser, server: &Server, password: &str) -> anyhow::Result<()> {
    browser
        .client
        .goto(&format!("{}/admin/login", server.url))
        .await?;
    fill(browser, "email", EMAIL).await?;
    fill(browser, "password", password).await?;
    click(browser, "button[type=submit]").await?;
    Ok(())
}

/// The launcher button's background inside the preview frame, once the widget drew it.
const PREVIEW_LAUNCHER_COLOUR: &str = "
    const doc = document.getElementById('preview')?.contentDocument;
    if (!doc) return null;
    const button = deepAll('button[aria-label]', doc).find(b => b.getRootNode() !== doc);
    return button ? getComputedStyle(button).backgroundColor : null;";

async fn brand_colour_scenario(browser: &Browser, server: &Server) -> anyhow::Result<Value> {
    set_up(browser, server).await?;
    click(browser, ".logout button").await?;
    browser
        .wait_for(
            "the sign-in page",
            "return location.pathname === '/admin/login';",
        )
        .await?;
    sign_in(browser, server, PASSWORD).await?;
    browser
        .wait_for(
            "signed in",
            "return location.pathname === '/admin/settings';",
        )
        .await?;
    let before = browser
        .wait_for("the launcher in the preview", PREVIEW_LAUNCHER_COLOUR)
        .await?;

    // A colour input takes no typing; set it as the colour picker would.
    browser
        .js(
            "const c = document.getElementById('brand-color'); c.value = '#ff0066';
             c.dispatchEvent(new Event('input', { bubbles: true })); return true;",
        )
        .await?;
    fill(browser, "launcher_text", "Ask us").await?;
    fill(browser, "stripe_secret_key", STRIPE_SECRET).await?;
    click(browser, "button.primary").await?;
    browser
        .wait_for(
            "the saved notice",
            "return document.querySelector('.notice.ok')?.textContent === 'Settings saved.';",
        )
        .await?;
    let after = browser
        .wait_for(
            "the preview's launcher in the new colour",
            &format!("const c = (() => {{ {PREVIEW_LAUNCHER_COLOUR} }})(); return c === 'rgb(255, 0, 102)' ? c : null;"),
        )
        .await?;
    let page = browser
        .js("return document.documentElement.outerHTML;")
        .await?;
    let secret_status = browser
        .js("return document.querySelector('[data-secret-status=stripe_secret_key]').textContent;")
        .await?;

    // What the storefront's loader is told about the look, fetched as the storefront does.
    browser
        .client
        .goto(&format!("{}/demo/", server.url))
        .await?;
    // The launcher in its shadow root, painted in the saved colour by the loader.
    let storefront = browser
        .wait_for(
            "the storefront's launcher in the brand colour",
            "const b = deepAll('button[aria-label]').find(b => b.getRootNode() !== document);
             const c = b && getComputedStyle(b).backgroundColor;
             return c === 'rgb(255, 0, 102)' ? { colour: c, label: b.getAttribute('aria-label') } : null;",
        )
        .await?;
    let info = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/api/v1/shops/demo').then(r => r.json()).then(done, e => done(String(e)));",
            vec![],
        )
        .await?;
    Ok(json!({
        "before": before,
        "after": after,
        "page": page,
        "secret_status": secret_status,
        "info": info,
        "storefront": storefront,
    }))
}

#[tokio::test]
async fn a_merchant_sets_up_signs_in_and_the_new_brand_colour_reaches_the_preview_and_the_shop(
) -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start(BrowserOptions::default()).await?;
    let outcome = brand_colour_scenario(&browser, &server).await;
    browser.close().await;
    let seen = outcome?;

    assert_eq!(
        seen["before"], "rgb(37, 99, 235)",
        "the default brand colour first"
    );
    assert_eq!(
        seen["after"], "rgb(255, 0, 102)",
        "the preview shows the saved colour"
    );
    let page = seen["page"].as_str().unwrap_or_default();
    assert!(
        !page.contains(STRIPE_SECRET),
        "the secret key is never shown back"
    );
    assert!(!page.contains(&STRIPE_SECRET[STRIPE_SECRET.len() - 10..]));
    assert_eq!(seen["secret_status"], "set");
    assert_eq!(seen["info"]["brand_color"], "#ff0066");
    assert_eq!(
        seen["storefront"]["colour"], "rgb(255, 0, 102)",
        "the demo storefront's launcher shows the saved colour"
    );
    assert_eq!(
        seen["storefront"]["label"], "Ask us",
        "and the launcher text"
    );
    assert_eq!(seen["info"]["launcher_text"], "Ask us");
    assert_eq!(seen["info"]["position"], "right");
    let info = seen["info"].to_string();
    assert!(
        !info.contains("sk_test"),
        "no secret in the public shop info"
    );
    Ok(())
}

fn reference_csv() -> Option<PathBuf> {
    let path = workspace_root().join("../shared/data/shopify-product-csvs/apparel.csv");
    path.exists().then(|| path.canonicalize().unwrap_or(path))
}

async fn import_scenario(browser: &Browser, server: &Server, csv: &str) -> anyhow::Result<Value> {
    set_up(browser, server).await?;
    click(browser, "nav a[href='/admin/catalog']").await?;
    browser
        .wait_for(
            "the Catalog page",
            "return document.querySelector('h1')?.textContent === 'Catalog';",
        )
        .await?;
    let file = browser.client.find(Locator::Id("import-file")).await?;
    file.send_keys(csv).await?;
    click(browser, "#import-form button").await?;
    let summary = browser
        .wait_for(
            "the import report",
            "return document.getElementById('import-summary')?.textContent || null;",
        )
        .await?;
    let progress = browser
        .js("return document.getElementById('import-progress').value;")
        .await?;
    let skipped_lines = browser
        .js(
            "return Array.from(document.querySelectorAll('#import-report table.skipped tbody tr'))
                 .map(tr => Number(tr.cells[0].textContent));",
        )
        .await?;
    Ok(json!({ "summary": summary, "progress": progress, "skipped_lines": skipped_lines }))
}

#[tokio::test]
async fn a_merchant_imports_the_reference_apparel_csv_and_reads_the_report() -> anyhow::Result<()> {
    let Some(csv) = reference_csv() else {
        eprintln!(
            "skipped: ../shared/data/shopify-product-csvs/apparel.csv is not beside the checkout"
        );
        return Ok(());
    };
    let expected = shopchat_server::catalog::import::parse_shopify_csv(
        std::fs::File::open(&csv)?,
        shopchat_protocol::Currency::parse("USD").expect("USD"),
    )?;
    let server = Server::start().await?;
    let browser = Browser::start(BrowserOptions::default()).await?;
    let outcome = import_scenario(&browser, &server, &csv.display().to_string()).await;
    browser.close().await;
    let seen = outcome?;

    let summary = seen["summary"].as_str().unwrap_or_default();
    assert!(
        summary.starts_with(&format!("Imported {} products", expected.products.len())),
        "{summary}"
    );
    assert!(
        summary.contains(&format!("{} rows skipped", expected.skipped.len())),
        "{summary}"
    );
    assert_eq!(seen["progress"], 100);
    let lines: Vec<u64> = expected.skipped.iter().map(|row| row.line).collect();
    assert_eq!(seen["skipped_lines"], json!(lines));
    Ok(())
}

async fn lockout_scenario(browser: &Browser, server: &Server) -> anyhow::Result<Value> {
    set_up(browser, server).await?;
    // A forged state-changing request from the signed-in page, without the CSRF token.
    let forged = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/admin/settings', { method: 'POST', body: new URLSearchParams({ name: 'Hijacked' }) })
               .then(r => r.json().then(b => done([r.status, b.error.code])), e => done(String(e)));",
            vec![],
        )
        .await?;
    click(browser, ".logout button").await?;
    browser
        .wait_for(
            "the sign-in page",
            "return location.pathname === '/admin/login';",
        )
        .await?;

    sign_in(browser, server, "not the password").await?;
    let first_error = browser
        .wait_for(
            "the sign-in error",
            "return document.querySelector('.error')?.textContent || null;",
        )
        .await?;
    for _ in 0..4 {
        sign_in(browser, server, "not the password").await?;
        browser
            .wait_for(
                "the sign-in error",
                "return document.querySelector('.error')?.textContent || null;",
            )
            .await?;
    }
    sign_in(browser, server, PASSWORD).await?;
    let locked = browser
        .wait_for(
            "the sign-in lock",
            "return document.querySelector('.error')?.textContent || null;",
        )
        .await?;
    let path = browser.js("return location.pathname;").await?;
    let name = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/api/v1/shops/demo').then(r => r.json()).then(b => done(b.name), e => done(String(e)));",
            vec![],
        )
        .await?;
    Ok(
        json!({ "forged": forged, "first_error": first_error, "locked": locked, "path": path, "name": name }),
    )
}

#[tokio::test]
async fn a_wrong_password_shows_an_error_repeated_failures_lock_sign_in_and_forged_posts_fail(
) -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start(BrowserOptions::default()).await?;
    let outcome = lockout_scenario(&browser, &server).await;
    browser.close().await;
    let seen = outcome?;

    assert_eq!(seen["forged"], json!([403, "csrf_rejected"]));
    assert_eq!(
        seen["name"], "Northwind Demo Shop",
        "the forged post changed nothing"
    );
    assert_eq!(seen["first_error"], "wrong email or password");
    assert!(
        seen["locked"]
            .as_str()
            .is_some_and(|e| e.starts_with("Too many failed sign-ins")),
        "{}",
        seen["locked"]
    );
    assert_eq!(seen["path"], "/admin/login", "the right password waits too");
    Ok(())
}
