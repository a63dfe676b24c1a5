//! The checkout card: variant, email and address; then the server's price breakdown and the
//! payment (a demo card form, or Stripe's Payment Element); the bank's confirmation step when
//! asked; then the confirmation. The card is drawn anew from its state after every change, and
//! what the shopper typed is read back from the inputs first, so nothing typed is lost.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Reflect};
use shopchat_protocol::display::format_money;
use shopchat_protocol::{
    orders_storage_key, Breakdown, CheckoutOffer, FieldError, Money, OrderStatus, OrderView,
    PaymentOutcome, PaymentProvider, PaymentSession, VariantChoice,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Element, Event, FormData, HtmlElement, HtmlFormElement, HtmlInputElement};

use crate::api::{self, Failure};
use crate::html::Html;
use crate::i18n::Lang;
use crate::{store_cart, stripe, wire};

/// What the chat panel hands the card: where the server is, whose conversation this is, and
/// how to tell the panel about an order.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub api_base: String,
    pub lang: Lang,
    pub conversation_id: String,
    /// The conversation's bearer token.
    pub token: String,
    /// `onEvent(name, detail)`: the host page's events (`purchase`, and `buy` for the store's cart).
    pub on_event: Option<Function>,
    /// The shop's public key: the order tokens are kept per shop.
    pub shop: String,
    /// The page is a Shopify storefront: its own cart is a same-origin request away.
    pub shopify: bool,
}

/// What the card opens with.
#[derive(Debug, Clone)]
pub enum Start {
    /// An offer the assistant sent.
    Offer(CheckoutOffer),
    /// A product card's Buy button: the offer is fetched.
    Product { product_id: i64, variant_id: i64 },
}

#[derive(Debug, Clone)]
enum Stage {
    Loading,
    /// The offer couldn't be loaded; the code says why.
    Unavailable(String),
    Details {
        offer: CheckoutOffer,
        /// The chosen option values, in the order of `offer.option_names`.
        chosen: Vec<String>,
    },
    Pay(Breakdown, PaymentSession),
    /// The bank asks the shopper to confirm (demo gateway).
    Confirm(Breakdown, PaymentSession),
    /// Stripe took the payment; the order turns paid when Stripe tells the server.
    Processing,
    Done(OrderView),
}

struct Card {
    ctx: Ctx,
    root: HtmlElement,
    stage: Stage,
    /// Input values by name, kept across redraws.
    values: Vec<(String, String)>,
    errors: Vec<FieldError>,
    /// Code of the card's message: a decline code, `sold_out`, or an error code.
    notice: Option<String>,
    /// A request is on its way: the buttons are disabled.
    busy: bool,
    /// This checkout attempt's idempotency key: a double-click makes one order.
    attempt: String,
    /// The order being paid: id and order token.
    order: Option<(String, String)>,
    /// Stripe's Payment Element, once mounted.
    stripe: Option<stripe::Mounted>,
    /// The store's own words refusing the item (its cart's answer), shown as they are.
    store_message: Option<String>,
    /// The item is in the store's cart.
    added: bool,
}

type Shared = Rc<RefCell<Card>>;

/// Draws a checkout card into `root` and runs it.
pub fn open(root: HtmlElement, ctx: Ctx, start: Start) {
    let stage = match &start {
        Start::Offer(offer) => details(offer.clone()),
        Start::Product { .. } => Stage::Loading,
    };
    let card = Rc::new(RefCell::new(Card {
        ctx,
        root: root.clone(),
        stage,
        values: Vec::new(),
        errors: Vec::new(),
        notice: None,
        busy: false,
        attempt: random_key(),
        order: None,
        stripe: None,
        store_message: None,
        added: false,
    }));
    listen(&card, &root);
    draw(&card);
    if let Start::Product {
        product_id,
        variant_id,
    } = start
    {
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
            let stage = match api::get(&url, &token, wire::checkout_offer).await {
                Ok(offer) => details(offer),
                Err(failure) => Stage::Unavailable(failure.code),
            };
            card.borrow_mut().stage = stage;
            draw(&card);
        });
    }
}

fn details(offer: CheckoutOffer) -> Stage {
    let preselected = offer
        .variants
        .iter()
        .filter(|v| v.available)
        .find(|v| Some(v.variant_id) == offer.selected_variant_id)
        .or_else(|| offer.variants.iter().find(|v| v.available))
        .or(offer.variants.first())
        .map(|v| v.options.clone())
        .unwrap_or_default();
    Stage::Details {
        offer,
        chosen: preselected,
    }
}

/// One listener per kind of event on the card's root: forms submit, selects change, buttons act.
fn listen(card: &Shared, root: &HtmlElement) {
    let on = |kind: &str, handler: fn(&Shared, Event)| {
        let card = card.clone();
        let closure = Closure::<dyn FnMut(Event)>::new(move |event: Event| handler(&card, event));
        let _ = root.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref());
        // The card lives as long as its element, which the chat keeps.
        closure.forget();
    };
    on("submit", on_submit);
    on("change", on_change);
    on("click", on_click);
}

fn on_submit(card: &Shared, event: Event) {
    event.prevent_default();
    let Some(form) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    if card.borrow().busy {
        return;
    }
    let fields = form_fields(&form);
    let stage = card.borrow().stage.clone();
    match stage {
        // Enter in the quantity field of a card that takes no payment adds to the store's cart.
        Stage::Details { offer, .. } if !offer.buying_mode.pays_in_chat() => {
            to_store_cart(card, false);
        }
        Stage::Details { offer, chosen } => match chosen_variant(&offer.variants, &chosen) {
            Some(variant) => place_order(card, &offer, variant.variant_id, &fields),
            None => {
                card.borrow_mut().notice = Some("sold_out".into());
                draw(card);
            }
        },
        Stage::Pay(_, payment) if payment.provider == PaymentProvider::Stripe => {
            stripe_pay(card);
        }
        Stage::Pay(..) => {
            let value = |name: &str| {
                fields
                    .iter()
                    .find(|(key, _)| key == name)
                    .map_or(String::new(), |(_, value)| value.clone())
            };
            // The fields of `DemoPaymentRequest`.
            let body = wire::body(&[
                ("card_number", value("card_number").into()),
                ("expiry", value("expiry").into()),
                ("cvc", value("cvc").into()),
            ]);
            demo_payment(card, "", body);
        }
        _ => {}
    }
}

fn on_change(card: &Shared, event: Event) {
    let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return;
    };
    let name = target.get_attribute("name").unwrap_or_default();
    let Some(index) = name
        .strip_prefix("opt")
        .and_then(|i| i.parse::<usize>().ok())
    else {
        return;
    };
    let value = Reflect::get(&target, &JsValue::from_str("value"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    if let Stage::Details { chosen, .. } = &mut card.borrow_mut().stage {
        if let Some(slot) = chosen.get_mut(index) {
            *slot = value;
        }
    }
    {
        let mut c = card.borrow_mut();
        c.notice = None;
        c.store_message = None;
        c.added = false;
    }
    draw(card);
}

fn on_click(card: &Shared, event: Event) {
    let action = event
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest("[data-act]").ok().flatten())
        .and_then(|el| el.get_attribute("data-act"));
    if card.borrow().busy {
        return;
    }
    match action.as_deref() {
        Some("approve") => confirm(card, true),
        Some("decline") => confirm(card, false),
        Some("cart-add") => to_store_cart(card, false),
        Some("cart-buy") => to_store_cart(card, true),
        _ => {}
    }
}

/// "Add to cart" (and, on a Shopify storefront, "Buy now"), and what the store answered.
fn store_cart_buttons(h: &mut Html, c: &Card, offer: &CheckoutOffer) {
    let s = c.ctx.lang.strings();
    let busy = c.busy.then_some("");
    // The store's cart is the card's main action unless the chat takes payments too.
    let class = if offer.buying_mode.pays_in_chat() {
        "sc-view"
    } else {
        "sc-pay"
    };
    h.open("div", &[("class", Some("sc-co-row sc-store-cart"))]);
    let quantity = c
        .values
        .iter()
        .find(|(name, _)| name == "quantity")
        .map_or("1", |(_, typed)| typed.as_str());
    let max = store_cart::MAX_QUANTITY.to_string();
    h.open("label", &[("class", Some("sc-field sc-qty"))]);
    h.element("span", &[], s.quantity);
    h.open(
        "input",
        &[
            ("name", Some("quantity")),
            ("type", Some("number")),
            ("inputmode", Some("numeric")),
            ("min", Some("1")),
            ("max", Some(&max)),
            ("value", Some(quantity)),
        ],
    );
    h.close("label");
    for (act, label, shown) in [
        ("cart-add", s.add_to_cart, true),
        ("cart-buy", s.buy_now, c.ctx.shopify),
    ] {
        if shown {
            h.element(
                "button",
                &[
                    ("type", Some("button")),
                    ("class", Some(class)),
                    ("data-act", Some(act)),
                    ("disabled", busy),
                ],
                label,
            );
        }
    }
    h.close("div");
    if let Some(message) = &c.store_message {
        h.element(
            "p",
            &[("class", Some("sc-notice")), ("role", Some("alert"))],
            message,
        );
    }
    if c.added {
        h.open(
            "p",
            &[("class", Some("sc-added")), ("role", Some("status"))],
        );
        h.text(s.added_to_cart).text(" ");
        if c.ctx.shopify {
            let checkout = store_cart::checkout_url();
            h.element("a", &[("href", Some(&checkout))], s.go_to_checkout);
        }
        h.close("p");
    }
}

/// "Add to cart" or "Buy now": tells the host page (`buy`, for custom carts), then hands the
/// chosen variant to the store's cart — on Shopify its AJAX Cart API, elsewhere the shop's cart
/// URL template.
fn to_store_cart(card: &Shared, buy_now: bool) {
    let (offer, variant, quantity) = {
        let mut c = card.borrow_mut();
        keep_values(&mut c);
        let quantity = c
            .values
            .iter()
            .find(|(name, _)| name == "quantity")
            .map_or(1, |(_, typed)| store_cart::quantity(typed));
        let Stage::Details { offer, chosen } = &c.stage else {
            return;
        };
        let variant = chosen_variant(&offer.variants, chosen).cloned();
        (offer.clone(), variant, quantity)
    };
    let Some(variant) = variant else {
        card.borrow_mut().notice = Some("sold_out".into());
        draw(card);
        return;
    };
    let handle = offer.handle.clone().unwrap_or_default();
    let detail = wire::object(&[
        ("product_id", JsValue::from_f64(offer.product_id as f64)),
        ("variant_id", JsValue::from_f64(variant.variant_id as f64)),
        (
            "sku",
            variant
                .sku
                .as_deref()
                .map_or(JsValue::NULL, JsValue::from_str),
        ),
        ("handle", JsValue::from_str(&handle)),
        (
            "options",
            variant
                .options
                .iter()
                .map(|o| JsValue::from_str(o))
                .collect::<Array>()
                .into(),
        ),
        ("quantity", JsValue::from_f64(quantity as f64)),
        (
            "action",
            JsValue::from_str(if buy_now { "buy_now" } else { "add_to_cart" }),
        ),
    ]);
    let (on_event, shopify) = {
        let c = card.borrow();
        (c.ctx.on_event.clone(), c.ctx.shopify)
    };
    call(&on_event, &[JsValue::from_str("buy"), detail.into()]);
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
            Some(None) => card.borrow_mut().notice = Some("not_in_store".into()),
            // No cart URL: the page's own `buy` handler adds it.
            None => card.borrow_mut().added = true,
        }
        draw(card);
        return;
    }
    start(card);
    {
        let mut c = card.borrow_mut();
        c.store_message = None;
        c.added = false;
    }
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
        {
            let mut c = card.borrow_mut();
            c.busy = false;
            match outcome {
                Ok(()) => c.added = !buy_now,
                Err(store_cart::Refusal::Store(message)) => c.store_message = Some(message),
                Err(store_cart::Refusal::Code(code)) => c.notice = Some(code.into()),
            }
        }
        draw(&card);
    });
}

/// Creates the order from the details form.
fn place_order(card: &Shared, offer: &CheckoutOffer, variant_id: i64, fields: &[(String, String)]) {
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
            ("idempotency_key", c.attempt.as_str().into()),
        ]);
        (url, c.ctx.token.clone(), body)
    };
    start(card);
    let card = card.clone();
    spawn_local(async move {
        let created = api::post(&url, &token, body, wire::order_created).await;
        {
            let mut c = card.borrow_mut();
            c.busy = false;
            match created {
                Ok(created) => {
                    keep_order(&c.ctx.shop, &created.order, &created.order_token);
                    c.order = Some((created.order.order_id.clone(), created.order_token));
                    c.errors.clear();
                    c.values.retain(|(name, _)| !is_card_field(name));
                    c.stage = Stage::Pay(created.order.breakdown, created.payment);
                }
                Err(failure) => fail(&mut c, failure),
            }
        }
        draw(&card);
        mount_stripe(&card);
    });
}

/// Pays with a demo card (`path` empty) or answers its confirmation step (`/confirm`).
fn demo_payment(card: &Shared, path: &'static str, body: String) {
    let Some((order_id, order_token)) = card.borrow().order.clone() else {
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
        let paid = {
            let mut c = card.borrow_mut();
            c.busy = false;
            let (breakdown, payment) = match &c.stage {
                Stage::Pay(b, p) | Stage::Confirm(b, p) => (b.clone(), p.clone()),
                _ => return,
            };
            match outcome {
                Ok(PaymentOutcome::Paid { order }) => {
                    c.stage = Stage::Done(order.clone());
                    Some(order)
                }
                Ok(PaymentOutcome::Declined { decline_code }) => {
                    c.stage = Stage::Pay(breakdown, payment);
                    c.notice = Some(decline_code);
                    None
                }
                Ok(PaymentOutcome::RequiresAction) => {
                    c.stage = Stage::Confirm(breakdown, payment);
                    None
                }
                Err(failure) => {
                    fail(&mut c, failure);
                    None
                }
            }
        };
        draw(&card);
        if let Some(order) = paid {
            purchased(&card, &order);
        }
    });
}

fn confirm(card: &Shared, approve: bool) {
    // The fields of `DemoConfirmRequest`.
    let body = wire::body(&[("approve", JsValue::from_bool(approve))]);
    demo_payment(card, "/confirm", body);
}

/// Mounts Stripe's Payment Element when the order is paid through Stripe.
fn mount_stripe(card: &Shared) {
    let (payment, root) = {
        let c = card.borrow();
        match &c.stage {
            Stage::Pay(_, payment)
                if payment.provider == PaymentProvider::Stripe && c.stripe.is_none() =>
            {
                (payment.clone(), c.root.clone())
            }
            _ => return,
        }
    };
    start(card);
    let card = card.clone();
    spawn_local(async move {
        let mounted = stripe::mount(&root, &payment).await;
        {
            let mut c = card.borrow_mut();
            c.busy = false;
            match mounted {
                Ok(mounted) => c.stripe = Some(mounted),
                Err(code) => c.notice = Some(code),
            }
        }
        draw(&card);
    });
}

/// Confirms the Payment Element's payment, then waits for the server to see it paid.
fn stripe_pay(card: &Shared) {
    let Some(mounted) = card.borrow().stripe.clone() else {
        return;
    };
    start(card);
    let card = card.clone();
    spawn_local(async move {
        let confirmed = stripe::confirm(&mounted).await;
        let outcome = match confirmed {
            Ok(()) => {
                card.borrow_mut().stage = Stage::Processing;
                draw(&card);
                wait_until_paid(&card).await
            }
            Err(code) => Err(code),
        };
        let paid = {
            let mut c = card.borrow_mut();
            c.busy = false;
            match outcome {
                Ok(order) => {
                    c.stage = Stage::Done(order.clone());
                    Some(order)
                }
                Err(code) => {
                    c.notice = Some(code);
                    None
                }
            }
        };
        draw(&card);
        if let Some(order) = paid {
            purchased(&card, &order);
        }
    });
}

/// Asks the server for the order until Stripe's webhook has marked it paid (about a minute at
/// most; the order card shows the outcome later either way).
async fn wait_until_paid(card: &Shared) -> Result<OrderView, String> {
    let Some((order_id, order_token)) = card.borrow().order.clone() else {
        return Err("internal".into());
    };
    let url = format!("{}/api/v1/orders/{order_id}", card.borrow().ctx.api_base);
    let mut delay = 250;
    for _ in 0..40 {
        match api::get(&url, &order_token, wire::order_view).await {
            Ok(order) if order.status != OrderStatus::AwaitingPayment => {
                return match order.status {
                    OrderStatus::PaymentFailed => Err("card_declined".into()),
                    OrderStatus::Canceled => Err("order_not_payable".into()),
                    _ => Ok(order),
                };
            }
            Ok(_) | Err(Failure { .. }) => {}
        }
        stripe::sleep(delay).await;
        delay = (delay * 2).min(2000);
    }
    Err("payment_pending".into())
}

fn purchased(card: &Shared, order: &OrderView) {
    let total = order.breakdown.total;
    let detail = Object::new();
    set(
        &detail,
        "order_number",
        &JsValue::from_str(&order.order_number),
    );
    let amount = Object::new();
    set(&amount, "minor", &JsValue::from_f64(total.minor as f64));
    set(
        &amount,
        "currency",
        &JsValue::from_str(total.currency.as_str()),
    );
    set(&detail, "total", &amount);
    let on_event = card.borrow().ctx.on_event.clone();
    call(&on_event, &[JsValue::from_str("purchase"), detail.into()]);
}

/// A request starts: keep what was typed, clear the message, disable the buttons.
fn start(card: &Shared) {
    {
        let mut c = card.borrow_mut();
        keep_values(&mut c);
        c.busy = true;
        c.notice = None;
    }
    draw(card);
}

fn fail(c: &mut Card, failure: Failure) {
    if failure.fields.is_empty() {
        c.notice = Some(failure.code);
    } else {
        c.errors = failure.fields;
    }
}

// --- drawing ---------------------------------------------------------------------------------

fn draw(card: &Shared) {
    let mut c = card.borrow_mut();
    keep_values(&mut c);
    let markup = render(&c);
    c.root.set_inner_html(&markup);
    // Move focus to the first field in error, as a form does.
    if let Ok(Some(first)) = c.root.query_selector("[aria-invalid=true]") {
        if let Ok(input) = first.dyn_into::<HtmlElement>() {
            let _ = input.focus();
        }
    }
}

/// Everything typed into the card so far, so a redraw keeps it.
fn keep_values(c: &mut Card) {
    let Ok(inputs) = c.root.query_selector_all("input") else {
        return;
    };
    for i in 0..inputs.length() {
        let Some(input) = inputs
            .get(i)
            .and_then(|n| n.dyn_into::<HtmlInputElement>().ok())
        else {
            continue;
        };
        let (name, value) = (input.name(), input.value());
        match c.values.iter_mut().find(|(key, _)| *key == name) {
            Some(slot) => slot.1 = value,
            None => c.values.push((name, value)),
        }
    }
}

fn render(c: &Card) -> String {
    let lang = c.ctx.lang;
    let s = lang.strings();
    let mut h = Html::default();
    match &c.stage {
        Stage::Loading => {
            h.element(
                "p",
                &[("class", Some("sc-checkout")), ("role", Some("status"))],
                s.loading,
            );
        }
        Stage::Unavailable(code) => {
            h.element(
                "p",
                &[
                    ("class", Some("sc-checkout sc-notice")),
                    ("role", Some("alert")),
                ],
                lang.notice_text(code),
            );
        }
        Stage::Details { offer, chosen } => {
            form_open(&mut h, "details");
            h.element("h3", &[("class", Some("sc-co-title"))], &offer.title);
            // No charge is made here when the store's cart takes the order.
            test_mode(
                &mut h,
                offer.test_mode && offer.buying_mode.pays_in_chat(),
                lang,
            );
            for (i, name) in offer.option_names.iter().enumerate() {
                select(&mut h, offer, chosen, i, name);
            }
            let price = chosen_variant(&offer.variants, chosen)
                .map_or_else(|| s.sold_out.to_owned(), |v| money(v.price, lang));
            h.element("p", &[("class", Some("sc-co-price"))], &price);
            if offer.buying_mode.uses_store_cart() {
                store_cart_buttons(&mut h, c, offer);
            }
            if !offer.buying_mode.pays_in_chat() {
                notice(&mut h, c);
                h.close("form");
                return h.finish();
            }
            field(&mut h, c, s.email, "email", "email", "email");
            if offer.requires_shipping {
                h.open("fieldset", &[("class", Some("sc-address"))]);
                h.element("legend", &[], s.shipping_address);
                for (label, name, auto) in [
                    (s.full_name, "shipping_address.name", "name"),
                    (s.line1, "shipping_address.line1", "address-line1"),
                    (s.line2, "shipping_address.line2", "address-line2"),
                    (s.city, "shipping_address.city", "address-level2"),
                    (s.postal_code, "shipping_address.postal_code", "postal-code"),
                    (s.country, "shipping_address.country", "country"),
                ] {
                    field(&mut h, c, label, name, auto, "text");
                }
                h.close("fieldset");
            }
            notice(&mut h, c);
            submit(&mut h, c, s.to_payment);
            h.close("form");
        }
        Stage::Pay(breakdown, payment) => {
            form_open(&mut h, "pay");
            test_mode(&mut h, payment.test_mode, lang);
            breakdown_list(&mut h, breakdown, lang);
            if payment.provider == PaymentProvider::Stripe {
                h.open("div", &[("class", Some("sc-stripe"))]);
                h.element("slot", &[("name", Some(stripe::SLOT))], "");
                h.close("div");
            } else {
                field(&mut h, c, s.card_number, "card_number", "cc-number", "text");
                h.open("div", &[("class", Some("sc-co-row"))]);
                field(&mut h, c, s.expiry, "expiry", "cc-exp", "text");
                field(&mut h, c, s.cvc, "cvc", "cc-csc", "text");
                h.close("div");
            }
            notice(&mut h, c);
            let label = [s.pay, " ", &money(breakdown.total, lang)].concat();
            submit(&mut h, c, &label);
            h.close("form");
        }
        Stage::Confirm(..) => {
            h.open("div", &[("class", Some("sc-checkout"))]);
            h.element("p", &[], s.confirm_prompt);
            h.open("div", &[("class", Some("sc-co-row"))]);
            let busy = c.busy.then_some("");
            h.element(
                "button",
                &[
                    ("type", Some("button")),
                    ("class", Some("sc-pay")),
                    ("data-act", Some("approve")),
                    ("disabled", busy),
                ],
                s.confirm,
            );
            h.element(
                "button",
                &[
                    ("type", Some("button")),
                    ("class", Some("sc-view")),
                    ("data-act", Some("decline")),
                    ("disabled", busy),
                ],
                s.cancel,
            );
            h.close("div");
            notice(&mut h, c);
            h.close("div");
        }
        Stage::Processing => {
            h.open(
                "div",
                &[("class", Some("sc-checkout")), ("role", Some("status"))],
            );
            h.element("p", &[], s.processing);
            notice(&mut h, c);
            h.close("div");
        }
        Stage::Done(order) => {
            h.open(
                "div",
                &[
                    ("class", Some("sc-checkout sc-done")),
                    ("role", Some("status")),
                ],
            );
            h.element("p", &[("class", Some("sc-co-title"))], s.thanks);
            h.open("p", &[]).text(s.order).text(" ");
            h.element(
                "strong",
                &[("class", Some("sc-order-number"))],
                &order.order_number,
            );
            h.close("p");
            h.element(
                "p",
                &[],
                &[s.total, ": ", &money(order.breakdown.total, lang)].concat(),
            );
            h.element("p", &[("class", Some("sc-card-reason"))], s.next_steps);
            h.close("div");
        }
    }
    h.finish()
}

fn form_open(h: &mut Html, step: &str) {
    h.open(
        "form",
        &[
            ("class", Some("sc-checkout")),
            ("data-step", Some(step)),
            ("novalidate", Some("")),
        ],
    );
}

fn submit(h: &mut Html, c: &Card, label: &str) {
    h.element(
        "button",
        &[
            ("type", Some("submit")),
            ("class", Some("sc-pay")),
            ("disabled", c.busy.then_some("")),
        ],
        label,
    );
}

/// A labelled input named as the server names the field, with its inline error.
fn field(h: &mut Html, c: &Card, label: &str, name: &str, autocomplete: &str, kind: &str) {
    let lang = c.ctx.lang;
    let error = c
        .errors
        .iter()
        .find(|e| e.field == name)
        .map(|e| lang.field_error_text(&e.code));
    let value = c
        .values
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str());
    h.open("label", &[("class", Some("sc-field"))]);
    h.element("span", &[], label);
    h.open(
        "input",
        &[
            ("name", Some(name)),
            ("type", Some(kind)),
            ("autocomplete", Some(autocomplete)),
            ("value", value),
            ("aria-invalid", error.map(|_| "true")),
        ],
    );
    if let Some(error) = error {
        h.element("span", &[("class", Some("sc-field-error"))], error);
    }
    h.close("label");
}

/// The select of option `i`; values sold out with the other options as chosen are disabled.
fn select(h: &mut Html, offer: &CheckoutOffer, chosen: &[String], i: usize, name: &str) {
    let mut values: Vec<&String> = Vec::new();
    for value in offer.variants.iter().filter_map(|v| v.options.get(i)) {
        if !values.contains(&value) {
            values.push(value);
        }
    }
    h.open("label", &[("class", Some("sc-field"))]);
    h.element("span", &[], name);
    let select_name = format!("opt{i}");
    h.open("select", &[("name", Some(&select_name))]);
    for value in values {
        let mut with_this = chosen.to_vec();
        if let Some(slot) = with_this.get_mut(i) {
            slot.clone_from(value);
        }
        let sold_out = chosen_variant(&offer.variants, &with_this).is_none();
        h.element(
            "option",
            &[
                ("value", Some(value)),
                ("selected", (chosen.get(i) == Some(value)).then_some("")),
                ("disabled", sold_out.then_some("")),
            ],
            value,
        );
    }
    h.close("select").close("label");
}

fn test_mode(h: &mut Html, on: bool, lang: Lang) {
    if on {
        h.element(
            "p",
            &[("class", Some("sc-test-mode"))],
            lang.strings().test_mode,
        );
    }
}

fn notice(h: &mut Html, c: &Card) {
    if let Some(code) = &c.notice {
        h.element(
            "p",
            &[("class", Some("sc-notice")), ("role", Some("alert"))],
            c.ctx.lang.notice_text(code),
        );
    }
}

fn breakdown_list(h: &mut Html, breakdown: &Breakdown, lang: Lang) {
    let s = lang.strings();
    let tax = if breakdown.tax_inclusive {
        s.tax_included
    } else {
        s.tax
    };
    h.open("dl", &[("class", Some("sc-breakdown"))]);
    for (label, amount) in [
        (s.subtotal, breakdown.subtotal),
        (s.shipping, breakdown.shipping),
        (tax, breakdown.tax),
        (s.total, breakdown.total),
    ] {
        h.open("div", &[("class", Some("sc-co-line"))]);
        h.element("dt", &[], label)
            .element("dd", &[], &money(amount, lang));
        h.close("div");
    }
    h.close("dl");
}

fn money(amount: Money, lang: Lang) -> String {
    format_money(amount, lang.code())
}

// --- helpers ---------------------------------------------------------------------------------

/// The available variant with exactly these option values.
fn chosen_variant<'a>(
    variants: &'a [VariantChoice],
    chosen: &[String],
) -> Option<&'a VariantChoice> {
    variants.iter().find(|v| v.available && v.options == chosen)
}

fn is_card_field(name: &str) -> bool {
    matches!(name, "card_number" | "expiry" | "cvc")
}

/// The form's text fields as `(name, value)`.
fn form_fields(form: &HtmlFormElement) -> Vec<(String, String)> {
    let Ok(data) = FormData::new_with_form(form) else {
        return Vec::new();
    };
    js_sys::try_iter(&data)
        .ok()
        .flatten()
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let pair = Array::from(&entry.ok()?);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

/// A fresh idempotency key (a random UUID).
fn random_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|crypto| crypto.random_uuid())
        .unwrap_or_else(|| {
            format!(
                "{:x}{:x}",
                js_sys::Date::now() as u64,
                (js_sys::Math::random() * 1e15) as u64
            )
        })
}

/// Remembers the order's token in this browser (see `orders_storage_key`): it proves the
/// order is the shopper's when they come back to ask about it. The newest 20 are kept.
fn keep_order(shop: &str, order: &OrderView, token: &str) {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return;
    };
    let key = orders_storage_key(shop);
    let kept = storage
        .get_item(&key)
        .ok()
        .flatten()
        .and_then(|json| wire::parse(&json))
        .filter(Array::is_array)
        .map(|list| Array::from(&list))
        .unwrap_or_default();
    let orders: Array = kept
        .iter()
        .filter(|kept| {
            shopchat_protocol::json::string(kept, "id").as_deref() != Some(&order.order_id)
        })
        .collect();
    orders.push(&wire::object(&[
        ("id", order.order_id.as_str().into()),
        ("token", token.into()),
        ("number", order.order_number.as_str().into()),
    ]));
    let newest = orders.slice(orders.length().saturating_sub(20), orders.length());
    let _ = storage.set_item(&key, &shopchat_protocol::json::stringify(&newest));
}

fn call(function: &Option<Function>, args: &[JsValue]) {
    if let Some(function) = function {
        let _ = function.apply(&JsValue::NULL, &args.iter().collect::<Array>());
    }
}

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}
