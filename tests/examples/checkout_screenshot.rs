//! Takes the README's checkout screenshot: the demo storefront's chat at the checkout card's
//! payment step, after "hoodie", Buy, and the shopper's details.
//! `cargo run -p shopchat-e2e --example checkout_screenshot -- docs/checkout.png`

use shopchat_e2e::shopper::{ask_on_the_demo_shop, buy_from_the_cards, fill};
use shopchat_e2e::{Browser, BrowserOptions, Server};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "docs/checkout.png".into());
    let server = Server::start().await?;
    let browser = Browser::start(BrowserOptions::default()).await?;
    let result = async {
        ask_on_the_demo_shop(&browser, &server, "hoodie").await?;
        buy_from_the_cards(&browser, "hoodie", false).await?;
        fill(&browser, "card_number", "4242 4242 4242 4242").await?;
        let png = browser.client.screenshot().await?;
        std::fs::write(&out, png)?;
        println!("wrote {out}");
        anyhow::Ok(())
    }
    .await;
    browser.close().await;
    result
}
