//! The checkout's state machine on its own: each answer (the server's, the bank's, Stripe's, the
//! store cart's) and what the shopper then sees — the step, the message, what a submit does.

use serde_json::{json, Value};
use shopchat_commerce::api::Failure;
use shopchat_commerce::checkout::state::{self, Checkout, Stage, Start, Submit};
use shopchat_commerce::store_cart::Refusal;
use shopchat_commerce::wire;
use shopchat_protocol::{FieldError, OrderStatus, OrderView, PaymentOutcome};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn js(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).expect("JSON")
}

/// A hoodie in S (available), M (sold out) and L (available); L is the one offered.
fn hoodie() -> Value {
    let size = |id: i64, size: &str, available: bool| json!({"variant_id": id, "options": [size], "price": {"minor": 5800, "currency": "USD"}, "available": available});
    json!({
        "product_id": 7,
        "title": "Hoodie",
        "option_names": ["Size"],
        "variants": [size(71, "S", true), size(72, "M", false), size(73, "L", true)],
        "selected_variant_id": 73,
        "requires_shipping": true,
        "provider": "demo",
        "test_mode": true
    })
}

fn opened(offer: Value) -> Checkout {
    let offer = wire::checkout_offer(&js(&offer)).expect("an offer");
    Checkout::new(&Start::Offer(offer), "attempt-1".into())
}

fn order(status: &str) -> OrderView {
    wire::order_view(&js(&json!({
        "order_id": "o1", "order_number": "SC-1001", "status": status, "title": "Hoodie",
        "options": ["L"], "email": "a@b.co",
        "breakdown": {
            "subtotal": {"minor": 5800, "currency": "USD"}, "shipping": {"minor": 500, "currency": "USD"},
            "tax": {"minor": 520, "currency": "USD"}, "tax_inclusive": false,
            "total": {"minor": 6820, "currency": "USD"}
        }
    })))
    .expect("an order")
}

/// The details step answered: the order is created and awaits a payment through `provider`.
fn paying(provider: &str) -> Checkout {
    let mut checkout = opened(hoodie());
    checkout.values = vec![
        ("email".into(), "a@b.co".into()),
        ("card_number".into(), "4242".into()),
    ];
    checkout.started();
    let created = wire::order_created(&js(&json!({
        "order": {
            "order_id": "o1", "order_number": "SC-1001", "status": "awaiting_payment",
            "title": "Hoodie", "options": ["L"],
            "breakdown": {
                "subtotal": {"minor": 5800, "currency": "USD"}, "shipping": {"minor": 500, "currency": "USD"},
                "tax": {"minor": 520, "currency": "USD"}, "tax_inclusive": false,
                "total": {"minor": 6820, "currency": "USD"}
            }
        },
        "payment": {"provider": provider, "test_mode": true},
        "order_token": "order-token-1"
    })))
    .expect("a created order");
    checkout.order_created(Ok(created));
    checkout
}

fn paid(outcome: PaymentOutcome) -> Result<PaymentOutcome, Failure> {
    Ok(outcome)
}

#[wasm_bindgen_test]
fn the_offered_variant_is_chosen_when_it_can_be_bought_else_the_first_that_can() {
    let checkout = opened(hoodie());
    assert!(matches!(&checkout.stage, Stage::Details { chosen, .. } if chosen == &["L"]));

    let mut sold_out = hoodie();
    sold_out["selected_variant_id"] = json!(72);
    let checkout = opened(sold_out);
    assert!(matches!(&checkout.stage, Stage::Details { chosen, .. } if chosen == &["S"]));
}

#[wasm_bindgen_test]
fn a_product_cards_buy_button_waits_for_the_offer_and_says_why_when_it_cant_have_it() {
    let start = Start::Product {
        product_id: 7,
        variant_id: 73,
    };
    let mut checkout = Checkout::new(&start, "attempt-1".into());
    assert!(matches!(checkout.stage, Stage::Loading));
    assert_eq!(checkout.submitted(), Submit::Nothing);

    checkout.offer_loaded(Err(Failure::new("product_not_found")));
    assert!(matches!(&checkout.stage, Stage::Unavailable(code) if code == "product_not_found"));
}

#[wasm_bindgen_test]
fn the_details_form_orders_the_chosen_variant_or_says_it_is_sold_out() {
    let mut checkout = opened(hoodie());
    assert!(matches!(
        checkout.submitted(),
        Submit::PlaceOrder { variant_id: 73, .. }
    ));

    checkout.choose(0, "M".into());
    assert_eq!(checkout.submitted(), Submit::SoldOut);
    checkout.sold_out();
    assert_eq!(checkout.notice.as_deref(), Some("sold_out"));

    // Choosing again clears the message.
    checkout.choose(0, "S".into());
    assert_eq!(checkout.notice, None);
    assert!(matches!(
        checkout.submitted(),
        Submit::PlaceOrder { variant_id: 71, .. }
    ));
}

#[wasm_bindgen_test]
fn while_a_request_is_on_its_way_a_second_submit_sends_nothing() {
    let mut checkout = opened(hoodie());
    checkout.started();
    assert!(checkout.busy);
    assert_eq!(checkout.submitted(), Submit::Nothing);
}

#[wasm_bindgen_test]
fn field_errors_stay_beside_their_fields_on_the_details_form() {
    let mut checkout = opened(hoodie());
    checkout.started();
    checkout.order_created(Err(Failure {
        code: "validation".into(),
        fields: vec![FieldError {
            field: "email".into(),
            code: "invalid_email".into(),
        }],
    }));
    assert!(!checkout.busy);
    assert!(matches!(checkout.stage, Stage::Details { .. }));
    assert_eq!(checkout.errors.len(), 1);
    assert_eq!(checkout.notice, None);
}

#[wasm_bindgen_test]
fn a_created_order_is_paid_next_and_what_was_typed_as_a_card_is_not_kept() {
    let checkout = paying("demo");
    assert!(matches!(checkout.stage, Stage::Pay(..)));
    assert!(!checkout.busy);
    assert_eq!(checkout.order, Some(("o1".into(), "order-token-1".into())));
    assert_eq!(checkout.value("email"), Some("a@b.co"));
    assert_eq!(checkout.value("card_number"), None);
    assert_eq!(checkout.submitted(), Submit::DemoPay);
    assert!(checkout.stripe_payment().is_none());
}

#[wasm_bindgen_test]
fn a_declined_payment_says_why_and_the_shopper_can_try_again() {
    let mut checkout = paying("demo");
    checkout.started();
    let paid_order = checkout.payment_answered(paid(PaymentOutcome::Declined {
        decline_code: "card_declined".into(),
    }));
    assert_eq!(paid_order, None);
    assert!(matches!(checkout.stage, Stage::Pay(..)));
    assert_eq!(checkout.notice.as_deref(), Some("card_declined"));
    assert_eq!(checkout.submitted(), Submit::DemoPay);
}

#[wasm_bindgen_test]
fn a_paid_order_is_confirmed_once_and_not_offered_payment_again() {
    let mut checkout = paying("demo");
    checkout.started();
    let paid_order = checkout.payment_answered(paid(PaymentOutcome::Paid {
        order: order("paid"),
    }));
    assert_eq!(
        paid_order.map(|o| o.order_number).as_deref(),
        Some("SC-1001")
    );
    assert!(matches!(&checkout.stage, Stage::Done(order) if order.status == OrderStatus::Paid));
    assert_eq!(checkout.submitted(), Submit::Nothing);
}

#[wasm_bindgen_test]
fn the_banks_confirmation_step_is_asked_and_its_answer_settles_the_payment() {
    let mut checkout = paying("demo");
    checkout.started();
    checkout.payment_answered(paid(PaymentOutcome::RequiresAction));
    assert!(matches!(checkout.stage, Stage::Confirm(..)));
    // The step has buttons, not a form.
    assert_eq!(checkout.submitted(), Submit::Nothing);

    // Declined at the bank: back to the payment form with the reason.
    checkout.started();
    checkout.payment_answered(paid(PaymentOutcome::Declined {
        decline_code: "authentication_failed".into(),
    }));
    assert!(matches!(checkout.stage, Stage::Pay(..)));
    assert_eq!(checkout.notice.as_deref(), Some("authentication_failed"));
}

#[wasm_bindgen_test]
fn a_failed_payment_request_keeps_the_payment_form_with_its_message() {
    let mut checkout = paying("demo");
    checkout.started();
    checkout.payment_answered(Err(Failure::new("network")));
    assert!(!checkout.busy);
    assert!(matches!(checkout.stage, Stage::Pay(..)));
    assert_eq!(checkout.notice.as_deref(), Some("network"));
    assert_eq!(checkout.submitted(), Submit::DemoPay);
}

#[wasm_bindgen_test]
fn a_card_stripe_refuses_can_be_tried_again() {
    let mut checkout = paying("stripe");
    assert!(checkout.stripe_payment().is_some());
    assert_eq!(checkout.submitted(), Submit::StripePay);

    checkout.started();
    assert_eq!(checkout.stripe_settled(Err("card_declined".into())), None);
    assert!(matches!(checkout.stage, Stage::Pay(..)));
    assert_eq!(checkout.notice.as_deref(), Some("card_declined"));
    assert_eq!(checkout.submitted(), Submit::StripePay);
}

#[wasm_bindgen_test]
fn a_stripe_payment_waits_for_the_server_then_is_done_and_not_offered_again() {
    let mut checkout = paying("stripe");
    checkout.started();
    checkout.stripe_confirmed();
    assert!(matches!(checkout.stage, Stage::Processing));

    // Still awaiting payment: keep waiting. Then paid; failed or canceled are refusals.
    assert_eq!(state::settled(order("awaiting_payment")), None);
    assert_eq!(
        state::settled(order("payment_failed")),
        Some(Err("card_declined".into()))
    );
    assert_eq!(
        state::settled(order("canceled")),
        Some(Err("order_not_payable".into()))
    );
    let settled = state::settled(order("paid")).expect("settled");
    assert!(checkout.stripe_settled(settled).is_some());
    assert!(matches!(checkout.stage, Stage::Done(_)));
    assert!(!checkout.busy);
    assert_eq!(checkout.submitted(), Submit::Nothing);
}

#[wasm_bindgen_test]
fn stripe_elements_that_fail_to_load_say_why() {
    let mut checkout = paying("stripe");
    checkout.started();
    checkout.stripe_mounted(Err("payment_unavailable".into()));
    assert!(!checkout.busy);
    assert_eq!(checkout.notice.as_deref(), Some("payment_unavailable"));
}

#[wasm_bindgen_test]
fn a_card_that_takes_no_payment_sends_the_item_to_the_stores_cart() {
    let mut offer = hoodie();
    offer["buying_mode"] = json!("cart");
    let mut checkout = opened(offer);
    assert_eq!(checkout.submitted(), Submit::StoreCart);
    checkout.values = vec![("quantity".into(), "3".into())];
    assert_eq!(checkout.quantity(), 3);

    checkout.started();
    checkout.cart_started();
    checkout.cart_answered(Ok(()), false);
    assert!(checkout.added);
    assert!(!checkout.busy);

    // The store's refusal is shown in its own words; choosing again clears it.
    checkout.cart_answered(Err(Refusal::Store("Sold out.".into())), false);
    assert_eq!(checkout.store_message.as_deref(), Some("Sold out."));
    checkout.choose(0, "S".into());
    assert_eq!(checkout.store_message, None);
    assert!(!checkout.added);
}
