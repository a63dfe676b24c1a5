//! Buying through a store's own cart, in a real headless Chromium: the chat runs on a Shopify
//! storefront (a test-only stand-in, `shopify_standin.rs`) whose shop sells through its cart. A
//! shopper asks for a hoodie in size M and adds two: the store's cart holds two of that variant
//! and the theme's cart count shows them; "Buy now" lands on the store's checkout; a size the
//! store has sold out shows the store's own message. A shop selling both ways shows the store's
//! cart buttons and the in-chat payment on one card, and both work. A shop on another platform
//! with a cart URL template opens that URL with the variant and quantity filled in.

mod shopify_standin;

use serde_json::json;
use shopchat_e2e::shopper::{ask_on_the_demo_shop, fill, press_pay, say};
use shopchat_e2e::{Browser, BrowserOptions, Server};
use shopify_standin::{ShopifyStandIn, SOLD_OUT_SIZE};

const HANDLE: &str = "everyday-pullover-hoodie";

/// The Shopchat server with the demo shop selling through the store's cart, allowed on the
/// stand-in's origin, and the stand-in.
async fn start() -> anyhow::Result<(Server, ShopifyStandIn)> {
    start_selling("cart").await
}

/// The same with the demo shop's buying mode `mode` (`cart` or `both`).
async fn start_selling(mode: &str) -> anyhow::Result<(Server, ShopifyStandIn)> {
    let server = Server::start().await?;
    let store = ShopifyStandIn::start(&server.url, &server.state.db).await?;
    sqlx::query(
        "update shop set buying_mode = $1, allowed_origins = $2
         where public_key = 'demo'",
    )
    .bind(mode)
    .bind(json!([store.url]).to_string())
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
async fn two_hoodies_in_size_m_go_into_the_stores_cart_and_buy_now_lands_on_its_checkout(
) -> anyhow::Result<()> {
    let (server, store) = start().await?;
    let browser = Browser::start(BrowserOptions::default()).await?;
    let outcome = async {
        let colour = to_the_card(&browser, &store, "M").await?;
        let no_payment = browser
            .js("return deepAll('.sc-checkout').at(-1).querySelector('input[name=email]') === null;")
            .await?;
        fill(&browser, "quantity", "2").await?;
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
                 return n === '2' ? n : null;",
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
    assert_eq!(
        cart,
        [(chosen, 2)],
        "the store's cart holds two of that variant"
    );
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
    assert_eq!(count, "2");
    assert_eq!(landed, "Checkout");
    assert_eq!(store.permalinks(), [format!("{chosen}:2")]);
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

#[tokio::test]
async fn a_shop_selling_both_ways_shows_the_stores_cart_and_the_in_chat_payment_on_one_card(
) -> anyhow::Result<()> {
    let (server, store) = start_selling("both").await?;
    let browser = Browser::start(BrowserOptions::default()).await?;
    let outcome = async {
        let colour = to_the_card(&browser, &store, "M").await?;
        let shown = browser
            .js("const card = deepAll('.sc-checkout').at(-1);
                 return { add: card.querySelector('[data-act=cart-add]')?.textContent || null,
                          buy_now: card.querySelector('[data-act=cart-buy]')?.textContent || null,
                          email: card.querySelector('input[name=email]') !== null,
                          pay: card.querySelector('button[type=submit].sc-pay')?.textContent || null };")
            .await?;
        press(&browser, "cart-add").await?;
        browser
            .wait_for(
                "the added note",
                "return deepAll('.sc-checkout .sc-added').at(-1)?.textContent || null;",
            )
            .await?;
        let cart = store.cart();
        // The same card also pays in the chat.
        fill(&browser, "email", "shopper@example.com").await?;
        fill(&browser, "shipping_address.name", "Alex Shopper").await?;
        fill(&browser, "shipping_address.line1", "1 Market St").await?;
        fill(&browser, "shipping_address.city", "San Francisco").await?;
        fill(&browser, "shipping_address.postal_code", "94105").await?;
        fill(&browser, "shipping_address.country", "US").await?;
        press_pay(&browser).await?;
        let total = browser
            .wait_for(
                "the card step with the total",
                "const b = deepAll('.sc-checkout').at(-1)?.querySelector('.sc-breakdown');
                 return b?.textContent.includes('$') ? b.textContent : null;",
            )
            .await?;
        anyhow::Ok((colour, shown, cart, total))
    }
    .await;
    browser.close().await;
    let (colour, shown, cart, total) = outcome?;
    assert_eq!(shown["add"], "Add to cart", "{shown}");
    assert_eq!(shown["buy_now"], "Buy now", "{shown}");
    assert_eq!(shown["email"], true, "{shown}");
    assert_eq!(shown["pay"], "Continue to payment", "{shown}");
    let chosen = store
        .variant_id(HANDLE, "M", &colour)
        .expect("the store sells the hoodie in M and the chosen colour");
    assert_eq!(cart, [(chosen, 1)]);
    assert!(
        total.as_str().unwrap_or_default().contains("Total"),
        "{total}"
    );
    let orders: i64 =
        sqlx::query_scalar("select count(*) from shop_order where email = 'shopper@example.com'")
            .fetch_one(&server.state.db)
            .await?;
    assert_eq!(orders, 1, "the in-chat path made an order in the chat");
    Ok(())
}

#[tokio::test]
async fn on_another_platform_add_to_cart_opens_the_cart_url_template_with_variant_and_quantity(
) -> anyhow::Result<()> {
    let server = Server::start().await?;
    let store = ShopifyStandIn::start(&server.url, &server.state.db).await?;
    let template = format!("{}/cart/add?id={{variant}}&qty={{qty}}", store.url);
    sqlx::query(
        "update shop set buying_mode = 'cart', cart_url_template = $1 where public_key = 'demo'",
    )
    .bind(&template)
    .execute(&server.state.db)
    .await?;
    let browser = Browser::start(BrowserOptions::default()).await?;
    let outcome = async {
        // The demo storefront: no `data-platform`, so not Shopify's cart.
        ask_on_the_demo_shop(&browser, &server, "hoodie").await?;
        browser
            .element(
                "Buy on a hoodie card",
                "const card = deepAll('.sc-card').filter(c =>
                     /hoodie/i.test(c.querySelector('.sc-card-title').textContent)).at(-1);
                 card?.scrollIntoView({ block: 'center' });
                 return card?.querySelector('.sc-buy:not(:disabled)') || null;",
            )
            .await?
            .click()
            .await?;
        let chosen = browser
            .wait_for(
                "the store-cart card",
                "const card = deepAll('.sc-checkout').at(-1);
                 if (!card?.querySelector('[data-act=cart-add]')) return null;
                 return { title: card.querySelector('.sc-co-title').textContent,
                          options: Array.from(card.querySelectorAll('select')).map(s => s.value),
                          buy_now: card.querySelector('[data-act=cart-buy]') !== null };",
            )
            .await?;
        fill(&browser, "quantity", "3").await?;
        press(&browser, "cart-add").await?;
        let landed = browser
            .wait_for(
                "the store's cart page",
                "return location.pathname === '/cart/add' ? location.search : null;",
            )
            .await?;
        anyhow::Ok((chosen, landed))
    }
    .await;
    browser.close().await;
    let (chosen, landed) = outcome?;
    assert_eq!(chosen["buy_now"], false, "Buy now is Shopify's permalink");
    let options: Vec<String> = serde_json::from_value(chosen["options"].clone())?;
    let variant: i64 = sqlx::query_scalar(
        "select v.id from variant v join product p on p.id = v.product_id
         where p.title = $1 and coalesce(v.option1, '') = $2 and coalesce(v.option2, '') = $3",
    )
    .bind(chosen["title"].as_str().unwrap_or_default())
    .bind(options.first().map_or("", String::as_str))
    .bind(options.get(1).map_or("", String::as_str))
    .fetch_one(&server.state.db)
    .await?;
    let expected = format!("/cart/add?id={variant}&qty=3");
    assert_eq!(store.cart_urls(), std::slice::from_ref(&expected));
    assert_eq!(
        landed,
        expected.trim_start_matches("/cart/add"),
        "the page went to the filled-in URL"
    );
    Ok(())
}
