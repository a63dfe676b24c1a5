//! The Stripe path in a real browser: the demo shop with Stripe keys, pointed at localstripe
//! on loopback, and Stripe.js replaced by the tests' stand-in (`stripe-standin.js`), which
//! talks to localstripe with the publishable key and the client secret only, as Stripe.js
//! talks to Stripe. The order becomes paid on localstripe's signed webhook, as in production.

use secrecy::SecretString;
use shopchat_e2e::shopper::{ask_on_the_demo_shop, buy_from_the_cards, press_pay};
use shopchat_e2e::{Browser, BrowserOptions, Server};
use shopchat_server::config::StripeKeys;
use shopchat_test_support::localstripe::{LocalStripe, SECRET_KEY};

const PUBLISHABLE_KEY: &str = "pk_test_shopchat_e2e";
const WEBHOOK_SECRET: &str = "whsec_shopchat_e2e";

/// The stand-in as a `data:` URL, pointed at this localstripe.
fn standin_url(api_base: &str) -> String {
    let script =
        include_str!("stripe-standin.js").replace("__API__", api_base.trim_end_matches('/'));
    let mut url = String::from("data:text/javascript,");
    for byte in script.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

#[tokio::test]
async fn a_shopper_pays_through_stripes_payment_element_and_the_webhook_marks_the_order_paid(
) -> anyhow::Result<()> {
    let stripe = LocalStripe::start().await;
    let api_base = stripe.api_base.clone();
    let server = Server::start_with(|settings| {
        settings.stripe.api_base = Some(api_base.clone());
        settings.stripe.js_url = Some(standin_url(&api_base));
        settings.demo_stripe_keys = Some(StripeKeys {
            secret_key: SecretString::from(SECRET_KEY.to_owned()),
            publishable_key: PUBLISHABLE_KEY.to_owned(),
            webhook_secret: Some(SecretString::from(WEBHOOK_SECRET.to_owned())),
        });
    })
    .await?;
    stripe
        .register_webhook(
            "shopchat",
            &format!("{}/webhooks/stripe", server.url),
            WEBHOOK_SECRET,
        )
        .await;

    let browser = Browser::start(BrowserOptions::default()).await?;
    let outcome = async {
        ask_on_the_demo_shop(&browser, &server, "hoodie").await?;
        buy_from_the_cards(&browser, "hoodie", false).await?;
        // The Payment Element: in the page's light DOM (a child of the chat's host element),
        // shown inside the card through its slot.
        let field = browser
            .element(
                "the Payment Element's card field",
                "const input = document.querySelector('#shopchat-panel > [slot=sc-stripe] input');
                 input?.scrollIntoView({ block: 'center' });
                 return input || null;",
            )
            .await?;
        let slotted = browser
            .js("return deepAll('.sc-checkout slot[name=sc-stripe]')[0]
                     ?.assignedElements().length || 0;")
            .await?;
        let test_mode = browser
            .js("return deepAll('.sc-checkout').at(-1)?.querySelector('.sc-test-mode')?.textContent || null;")
            .await?;
        field.send_keys("4242 4242 4242 4242").await?;
        press_pay(&browser).await?;
        let number = browser
            .wait_for(
                "the confirmation card (after Stripe's webhook)",
                "const card = deepAll('.sc-checkout').at(-1);
                 if (card?.classList.contains('sc-done'))
                     return card.querySelector('.sc-order-number').textContent;
                 return card?.querySelector('.sc-notice')?.textContent
                     ? 'notice: ' + card.querySelector('.sc-notice').textContent : null;",
            )
            .await?;
        anyhow::Ok((slotted, test_mode, number))
    }
    .await;
    browser.close().await;

    let (slotted, test_mode, number) = outcome?;
    assert_eq!(
        slotted, 1,
        "the Payment Element shows through the card's slot"
    );
    assert_eq!(
        test_mode, "Test mode — no real charge",
        "test keys are labelled"
    );
    let number = number.as_str().unwrap_or_default().to_owned();
    assert!(number.starts_with("SC-"), "confirmed: {number}");
    let (status, provider, intent): (String, String, String) = sqlx::query_as(
        "select status, provider, payment_ref from shop_order where shop_id = 1 order by number desc limit 1",
    )
    .fetch_one(&server.state.db)
    .await?;
    assert_eq!(status, "paid", "paid on Stripe's webhook");
    assert_eq!(provider, "stripe");
    assert!(intent.starts_with("pi_"), "a PaymentIntent: {intent}");
    Ok(())
}
