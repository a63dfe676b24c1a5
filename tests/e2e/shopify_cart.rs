//! Buying through a Shopify store's own cart, in a real headless Chromium: the chat runs on a
//! Shopify storefront (a test-only stand-in, `shopify_standin.rs`) whose shop sells through
//! its cart. A shopper asks for a hoodie in size M and adds it: the store's cart holds that
//! variant and the theme's cart count shows it; "Buy now" lands on the store's checkout; a size
//! the store has sold out shows the store's own message.

mod shopify_standin;

use shopchat_e2e::shopper::say;
use shopchat_e2e::{Browser, BrowserOptions, Server};
use shopify_standin::{ShopifyStandIn, SOLD_OUT_SIZE};

const HANDLE: &str = "everyday-pullover-hoodie";

/// The Shopchat server with the demo shop selling through the store's cart, allowed on the
/// stand-in's origin, and the stand-in.
async fn start() -> anyhow::Result<(Server, ShopifyStandIn)> {
    let server = Server::start().await?;
    let store = ShopifyStandIn::start(&server.url, &server.state.db).await?;
    sqlx::query(
        "update shop set buying_mode = 'cart', allowed_origins = json_array(?)
         where public_key = 'demo'",
    )
    .bind(&store.url)
    .execute(&server.state.db)
    .await?;
    Ok((server, store))
}

/// Opens the hoodie's page in the store, asks the chat for it in size M, taps Buy on its card
/// and picks `size` on the checkout card. Returns the chosen colour.
async fn to_the_card(
    browser: &Browser,
    store: &ShopifyStandIn,
    size: &str,
) -> anyhow::Result<String> {
    browser
        .client
        .goto(&format!("{}/products/{HANDLE}", store.url))
        .await?;
    browser
        .element(
            "the launcher button",
            "return deepAll('button[aria-expanded]').find(b => b.getRootNode() !== document) || null;",
        )
        .await?
        .click()
        .await?;
    say(browser, "do you have a hoodie in size M?").await?;
    browser
        .element(
            "Buy on the Everyday Pullover Hoodie card",
            "const card = deepAll('.sc-card').filter(c =>
                 /Everyday Pullover Hoodie/i.test(c.querySelector('.sc-card-title').textContent)).at(-1);
             card?.scrollIntoView({ block: 'center' });
             return card?.querySelector('.sc-buy:not(:disabled)') || null;",
        )
        .await?
        .click()
        .await?;
    let colour = browser
        .wait_for(
            &format!("the store-cart card in size {size}"),
            &format!(
                "const card = deepAll('.sc-checkout').at(-1);
                 if (!card?.querySelector('[data-act=cart-add]')) return null;
                 const select = card.querySelector('select[name=opt0]');
                 if (select.value !== '{size}') {{
                     select.value = '{size}';
                     select.dispatchEvent(new Event('change', {{ bubbles: true, composed: true }}));
                     return null;
                 }}
                 return card.querySelector('select[name=opt1]').value;"
            ),
        )
        .await?;
    Ok(colour.as_str().unwrap_or_default().to_owned())
}

async fn press(browser: &Browser, act: &str) -> anyhow::Result<()> {
    browser
        .element(
            act,
            &format!(
                "const button = deepAll('.sc-checkout [data-act={act}]').filter(b => !b.disabled).at(-1);
                 button?.scrollIntoView({{ block: 'center' }});
                 return button || null;"
            ),
        )
        .await?
        .click()
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_hoodie_in_size_m_goes_into_the_stores_cart_and_buy_now_lands_on_its_checkout(
) -> anyhow::Result<()> {
    let (server, store) = start().await?;
    let browser = Browser::start(BrowserOptions::default()).await?;
    let outcome = async {
        let colour = to_the_card(&browser, &store, "M").await?;
        let no_payment = browser
            .js("return deepAll('.sc-checkout').at(-1).querySelector('input[name=email]') === null;")
            .await?;
        press(&browser, "cart-add").await?;
        let added = browser
            .wait_for(
                "the added note with the checkout link",
                "const note = deepAll('.sc-checkout .sc-added').at(-1);
                 return note ? { text: note.textContent, href: note.querySelector('a')?.getAttribute('href') } : null;",
            )
            .await?;
        let count = browser
            .wait_for(
                "the theme's cart count",
                "const n = document.querySelector('.cart-count-bubble span').textContent;
                 return n === '1' ? n : null;",
            )
            .await?;
        let cart = store.cart();
        press(&browser, "cart-buy").await?;
        let landed = browser
            .wait_for(
                "the store's checkout",
                "return location.pathname === '/checkout' ? document.querySelector('h1').textContent : null;",
            )
            .await?;
        anyhow::Ok((colour, no_payment, added, count, cart, landed))
    }
    .await;
    browser.close().await;
    drop(server);
    let (colour, no_payment, added, count, cart, landed) = outcome?;

    let chosen = store
        .variant_id(HANDLE, "M", &colour)
        .expect("the store sells the hoodie in M and the chosen colour");
    assert_eq!(cart, [(chosen, 1)], "the store's cart holds that variant");
    assert_eq!(
        no_payment, true,
        "a cart-only shop takes no payment in the chat"
    );
    assert!(
        added["text"]
            .as_str()
            .unwrap_or_default()
            .contains("Added to your cart."),
        "{added}"
    );
    assert_eq!(added["href"], "/checkout");
    assert_eq!(count, "1");
    assert_eq!(landed, "Checkout");
    assert_eq!(store.permalinks(), [format!("{chosen}:1")]);
    Ok(())
}

#[tokio::test]
async fn a_size_the_store_has_sold_out_shows_the_stores_own_message() -> anyhow::Result<()> {
    let (server, store) = start().await?;
    let browser = Browser::start(BrowserOptions::default()).await?;
    let outcome = async {
        let colour = to_the_card(&browser, &store, SOLD_OUT_SIZE).await?;
        press(&browser, "cart-add").await?;
        let message = browser
            .wait_for(
                "the store's answer",
                "return deepAll('.sc-checkout .sc-notice').at(-1)?.textContent || null;",
            )
            .await?;
        anyhow::Ok((colour, message))
    }
    .await;
    browser.close().await;
    drop(server);
    let (colour, message) = outcome?;
    assert_eq!(
        message,
        format!("The product 'Everyday Pullover Hoodie - {SOLD_OUT_SIZE} / {colour}' is already sold out.")
    );
    assert!(store.cart().is_empty());
    Ok(())
}
