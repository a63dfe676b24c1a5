//! The card's requests — the offer, the order, the demo payment and its confirmation step,
//! Stripe's Payment Element and the wait for Stripe's word, the store's cart — each handing its
//! answer to the state machine and drawing the card again.

use shopchat_protocol::{CheckoutOffer, OrderView};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;

use super::state;
use super::{events, start, storage, view, Shared};
use crate::api;
use crate::{store_cart, stripe, wire};

/// Fetches the offer a product card's Buy button asked for.
pub(super) fn load_offer(card: &Shared, product_id: i64, variant_id: i64) {
    let card = card.clone();
    spawn_local(async move {
        let url = {
            let c = card.borrow();
            format!(
                "{}/api/v1/conversations/{}/checkout/{product_id}?variant_id={variant_id}",
                c.ctx.api_base, c.ctx.conversation_id
            )
        };
        let token = card.borrow().ctx.token.clone();
        let loaded = api::get(&url, &token, wire::checkout_offer).await;
        card.borrow_mut().state.offer_loaded(loaded);
        view::draw(&card);
    });
}

/// "Add to cart" or "Buy now": tells the host page (`buy`, for custom carts), then hands the
/// chosen variant to the store's cart — on Shopify its AJAX Cart API, elsewhere the shop's cart
/// URL template.
pub(super) fn to_store_cart(card: &Shared, buy_now: bool) {
    let (offer, variant, quantity) = {
        let mut c = card.borrow_mut();
        view::keep_values(&mut c);
        let quantity = c.state.quantity();
        let Some((offer, variant)) = c.state.choice() else {
            return;
        };
        (offer.clone(), variant.cloned(), quantity)
    };
    let Some(variant) = variant else {
        card.borrow_mut().state.sold_out();
        view::draw(card);
        return;
    };
    let handle = offer.handle.clone().unwrap_or_default();
    events::buy(card, offer.product_id, &handle, &variant, quantity, buy_now);
    let shopify = card.borrow().ctx.shopify;
    if !shopify {
        let url = offer.cart_url_template.as_deref().map(|template| {
            store_cart::fill_template(
                template,
                variant.variant_id,
                variant.sku.as_deref(),
                &handle,
                quantity,
            )
        });
        match url {
            Some(Some(url)) => store_cart::go(&url),
            Some(None) => card
                .borrow_mut()
                .state
                .cart_answered(Err(store_cart::Refusal::Code("not_in_store")), false),
            // No cart URL: the page's own `buy` handler adds it.
            None => card.borrow_mut().state.cart_answered(Ok(()), false),
        }
        view::draw(card);
        return;
    }
    start(card);
    card.borrow_mut().state.cart_started();
    let card = card.clone();
    spawn_local(async move {
        let chosen = variant.options.clone();
        let outcome = match store_cart::store_variant(&handle, &chosen).await {
            // The permalink would only show the store's error page for a sold-out variant.
            Ok((_, false)) if buy_now => Err(store_cart::Refusal::Code("sold_out")),
            Ok((id, _)) if buy_now => {
                store_cart::go(&store_cart::buy_now_url(id, quantity));
                Ok(())
            }
            // The store's cart says whether it can take it, in its own words.
            Ok((id, _)) => store_cart::add(id, quantity).await,
            Err(refusal) => Err(refusal),
        };
        card.borrow_mut().state.cart_answered(outcome, buy_now);
        view::draw(&card);
    });
}

/// Creates the order from the details form.
pub(super) fn place_order(
    card: &Shared,
    offer: &CheckoutOffer,
    variant_id: i64,
    fields: &[(String, String)],
) {
    let value = |name: &str| {
        fields
            .iter()
            .find(|(key, _)| key == name)
            .map_or(String::new(), |(_, value)| value.trim().to_owned())
    };
    // The fields of `Address`; `line2` left out when empty.
    let shipping_address = if offer.requires_shipping {
        let line2 = value("shipping_address.line2");
        wire::object(&[
            ("name", value("shipping_address.name").into()),
            ("line1", value("shipping_address.line1").into()),
            (
                "line2",
                if line2.is_empty() {
                    JsValue::NULL
                } else {
                    line2.into()
                },
            ),
            ("city", value("shipping_address.city").into()),
            ("postal_code", value("shipping_address.postal_code").into()),
            ("country", value("shipping_address.country").into()),
        ])
        .into()
    } else {
        JsValue::NULL
    };
    let (url, token, body) = {
        let c = card.borrow();
        let url = format!(
            "{}/api/v1/conversations/{}/orders",
            c.ctx.api_base, c.ctx.conversation_id
        );
        // The fields of `CreateOrderRequest`: never a price, which the server refuses anyway.
        let body = wire::body(&[
            ("variant_id", JsValue::from_f64(variant_id as f64)),
            ("email", value("email").into()),
            ("shipping_address", shipping_address),
            ("idempotency_key", c.state.attempt.as_str().into()),
        ]);
        (url, c.ctx.token.clone(), body)
    };
    start(card);
    let card = card.clone();
    spawn_local(async move {
        let created = api::post(&url, &token, body, wire::order_created).await;
        {
            let mut c = card.borrow_mut();
            if let Ok(created) = &created {
                storage::keep_order(&c.ctx.shop, &created.order, &created.order_token);
            }
            c.state.order_created(created);
        }
        view::draw(&card);
        mount_stripe(&card);
    });
}

/// Pays with a demo card (`path` empty) or answers its confirmation step (`/confirm`).
pub(super) fn demo_payment(card: &Shared, path: &'static str, body: String) {
    let Some((order_id, order_token)) = card.borrow().state.order.clone() else {
        return;
    };
    let url = format!(
        "{}/api/v1/orders/{order_id}/demo-payments{path}",
        card.borrow().ctx.api_base
    );
    start(card);
    let card = card.clone();
    spawn_local(async move {
        let outcome = api::post(&url, &order_token, body, wire::payment_outcome).await;
        let paid = card.borrow_mut().state.payment_answered(outcome);
        view::draw(&card);
        if let Some(order) = paid {
            events::purchased(&card, &order);
        }
    });
}

/// Answers the bank's confirmation step.
pub(super) fn confirm(card: &Shared, approve: bool) {
    // The fields of `DemoConfirmRequest`.
    let body = wire::body(&[("approve", JsValue::from_bool(approve))]);
    demo_payment(card, "/confirm", body);
}

/// Mounts Stripe's Payment Element when the order is paid through Stripe.
fn mount_stripe(card: &Shared) {
    let (payment, root) = {
        let c = card.borrow();
        match c.state.stripe_payment() {
            Some(payment) if c.stripe.is_none() => (payment.clone(), c.root.clone()),
            _ => return,
        }
    };
    start(card);
    let card = card.clone();
    spawn_local(async move {
        let mounted = stripe::mount(&root, &payment).await;
        {
            let mut c = card.borrow_mut();
            match mounted {
                Ok(mounted) => {
                    c.stripe = Some(mounted);
                    c.state.stripe_mounted(Ok(()));
                }
                Err(code) => c.state.stripe_mounted(Err(code)),
            }
        }
        view::draw(&card);
    });
}

/// Confirms the Payment Element's payment, then waits for the server to see it paid.
pub(super) fn stripe_pay(card: &Shared) {
    let Some(mounted) = card.borrow().stripe.clone() else {
        return;
    };
    start(card);
    let card = card.clone();
    spawn_local(async move {
        let confirmed = stripe::confirm(&mounted).await;
        let outcome = match confirmed {
            Ok(()) => {
                card.borrow_mut().state.stripe_confirmed();
                view::draw(&card);
                wait_until_paid(&card).await
            }
            Err(code) => Err(code),
        };
        let paid = card.borrow_mut().state.stripe_settled(outcome);
        view::draw(&card);
        if let Some(order) = paid {
            events::purchased(&card, &order);
        }
    });
}

/// Asks the server for the order until Stripe's webhook has marked it paid (about a minute at
/// most; the order card shows the outcome later either way).
async fn wait_until_paid(card: &Shared) -> Result<OrderView, String> {
    let Some((order_id, order_token)) = card.borrow().state.order.clone() else {
        return Err("internal".into());
    };
    let url = format!("{}/api/v1/orders/{order_id}", card.borrow().ctx.api_base);
    let mut delay = 250;
    for _ in 0..40 {
        // A request that fails is asked again, as an order still awaiting payment is.
        let answer = api::get(&url, &order_token, wire::order_view).await;
        if let Some(settled) = answer.ok().and_then(state::settled) {
            return settled;
        }
        stripe::sleep(delay).await;
        delay = (delay * 2).min(2000);
    }
    Err("payment_pending".into())
}
