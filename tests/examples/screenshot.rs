//! Takes the README's screenshot: the demo storefront with the widget open after a question.
//! `cargo run -p shopchat-e2e --example screenshot -- docs/widget.png [question] [es]`

use fantoccini::key::Key;
use shopchat_e2e::{Browser, BrowserOptions, Server};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "docs/widget.png".into());
    let question = args
        .next()
        .unwrap_or_else(|| "a warm jacket for my dad under 80".into());
    let language = args
        .next()
        .map(|l| if l == "es" { "es-ES".to_owned() } else { l });

    let server = Server::start().await?;
    let browser = Browser::start(BrowserOptions { language }).await?;
    let result = async {
        browser.client.goto(&format!("{}/demo/", server.url)).await?;
        let launcher = browser
            .element("the launcher", "return deepAll('button[aria-label]').find(b => b.getRootNode() !== document) || null;")
            .await?;
        launcher.click().await?;
        let input = browser.element("the message box", "return deepAll('textarea.sc-input')[0] || null;").await?;
        input.send_keys(&question).await?;
        input.send_keys(&String::from(char::from(Key::Enter))).await?;
        browser
            .wait_for("product cards", "return deepAll('.sc-card img').length > 0 && deepAll('.sc-card img').every(i => i.complete);")
            .await?;
        let png = browser.client.screenshot().await?;
        std::fs::write(&out, png)?;
        println!("wrote {out}");
        anyhow::Ok(())
    }
    .await;
    browser.close().await;
    result
}
