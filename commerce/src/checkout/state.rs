//! The checkout's state machine: the step the card is at, what the shopper typed, its message,
//! and how each answer (the server's, the bank's, Stripe's, the store cart's) moves it on. Pure:
//! no DOM, no requests, so every transition can be checked as the shopper would see it.

use shopchat_protocol::{
    Breakdown, CheckoutOffer, FieldError, OrderCreated, OrderStatus, OrderView, PaymentOutcome,
    PaymentProvider, PaymentSession, VariantChoice,
};

use crate::api::Failure;
use crate::store_cart::{self, Refusal};

/// What the card opens with.
#[derive(Debug, Clone)]
pub enum Start {
    /// An offer the assistant sent.
    Offer(CheckoutOffer),
    /// A product card's Buy button: the offer is fetched.
    Product { product_id: i64, variant_id: i64 },
}

/// The step the checkout is at: each draws its own card.
#[derive(Debug, Clone)]
pub enum Stage {
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

/// Everything the card is drawn from.
#[derive(Debug, Clone)]
pub struct Checkout {
    pub stage: Stage,
    /// Input values by name, kept across redraws.
    pub values: Vec<(String, String)>,
    pub errors: Vec<FieldError>,
    /// Code of the card's message: a decline code, `sold_out`, or an error code.
    pub notice: Option<String>,
    /// A request is on its way: the buttons are disabled.
    pub busy: bool,
    /// This checkout attempt's idempotency key: a double-click makes one order.
    pub attempt: String,
    /// The order being paid: id and order token.
    pub order: Option<(String, String)>,
    /// The store's own words refusing the item (its cart's answer), shown as they are.
    pub store_message: Option<String>,
    /// The item is in the store's cart.
    pub added: bool,
}

/// What submitting the card's form asks for, at the step it is at.
#[derive(Debug, Clone, PartialEq)]
pub enum Submit {
    /// The card takes no payment in the chat: the item goes to the store's cart.
    StoreCart,
    /// Create the order for this variant of the offer.
    PlaceOrder {
        offer: CheckoutOffer,
        variant_id: i64,
    },
    /// The options chosen match no variant that can be bought.
    SoldOut,
    /// Confirm the payment in Stripe's Payment Element.
    StripePay,
    /// Pay with the demo card typed into the form.
    DemoPay,
    /// Nothing to send: a request is on its way, or nothing is left to pay.
    Nothing,
}

impl Checkout {
    /// A checkout opening on `start`, its attempt keyed `attempt`.
    pub fn new(start: &Start, attempt: String) -> Self {
        let stage = match start {
            Start::Offer(offer) => details(offer.clone()),
            Start::Product { .. } => Stage::Loading,
        };
        Self {
            stage,
            values: Vec::new(),
            errors: Vec::new(),
            notice: None,
            busy: false,
            attempt,
            order: None,
            store_message: None,
            added: false,
        }
    }

    /// The offer a product card's Buy button asked for came back, or didn't.
    pub fn offer_loaded(&mut self, loaded: Result<CheckoutOffer, Failure>) {
        self.stage = match loaded {
            Ok(offer) => details(offer),
            Err(failure) => Stage::Unavailable(failure.code),
        };
    }

    /// The shopper picked `value` for option `index`: the previous message no longer applies.
    pub fn choose(&mut self, index: usize, value: String) {
        if let Stage::Details { chosen, .. } = &mut self.stage {
            if let Some(slot) = chosen.get_mut(index) {
                *slot = value;
            }
        }
        self.notice = None;
        self.store_message = None;
        self.added = false;
    }

    /// What a submit means now.
    pub fn submitted(&self) -> Submit {
        if self.busy {
            return Submit::Nothing;
        }
        match &self.stage {
            Stage::Details { offer, .. } if !offer.buying_mode.pays_in_chat() => Submit::StoreCart,
            Stage::Details { offer, chosen } => match chosen_variant(&offer.variants, chosen) {
                Some(variant) => Submit::PlaceOrder {
                    offer: offer.clone(),
                    variant_id: variant.variant_id,
                },
                None => Submit::SoldOut,
            },
            Stage::Pay(_, payment) if payment.provider == PaymentProvider::Stripe => {
                Submit::StripePay
            }
            Stage::Pay(..) => Submit::DemoPay,
            _ => Submit::Nothing,
        }
    }

    /// The options chosen match no variant that can be bought.
    pub fn sold_out(&mut self) {
        self.notice = Some("sold_out".into());
    }

    /// A request starts: the message is cleared and the buttons disabled until it answers.
    pub fn started(&mut self) {
        self.busy = true;
        self.notice = None;
    }

    /// The quantity typed for the store's cart (1 when none was).
    pub fn quantity(&self) -> i64 {
        self.value("quantity").map_or(1, store_cart::quantity)
    }

    /// What was typed into the input `name`, if anything was.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, typed)| typed.as_str())
    }

    /// The offer on the details step and the variant its chosen options name, if it can be
    /// bought.
    pub fn choice(&self) -> Option<(&CheckoutOffer, Option<&VariantChoice>)> {
        match &self.stage {
            Stage::Details { offer, chosen } => {
                Some((offer, chosen_variant(&offer.variants, chosen)))
            }
            _ => None,
        }
    }

    /// The item is on its way to the store's cart: its earlier answer no longer applies.
    pub fn cart_started(&mut self) {
        self.store_message = None;
        self.added = false;
    }

    /// The store's cart took the item (or, with `buy_now`, the shopper is on the way to its
    /// checkout), or refused it.
    pub fn cart_answered(&mut self, outcome: Result<(), Refusal>, buy_now: bool) {
        self.busy = false;
        match outcome {
            Ok(()) => self.added = !buy_now,
            Err(Refusal::Store(message)) => self.store_message = Some(message),
            Err(Refusal::Code(code)) => self.notice = Some(code.into()),
        }
    }

    /// The server created the order (the shopper now pays for it), or refused the details.
    /// The card's number is never kept past this step.
    pub fn order_created(&mut self, created: Result<OrderCreated, Failure>) {
        self.busy = false;
        match created {
            Ok(created) => {
                self.order = Some((created.order.order_id, created.order_token));
                self.errors.clear();
                self.values.retain(|(name, _)| !is_card_field(name));
                self.stage = Stage::Pay(created.order.breakdown, created.payment);
            }
            Err(failure) => self.fail(failure),
        }
    }

    /// The demo gateway answered a payment or its confirmation step. Returns the order when it
    /// was just paid: the host page hears of the purchase once.
    pub fn payment_answered(
        &mut self,
        outcome: Result<PaymentOutcome, Failure>,
    ) -> Option<OrderView> {
        self.busy = false;
        let (breakdown, payment) = match &self.stage {
            Stage::Pay(b, p) | Stage::Confirm(b, p) => (b.clone(), p.clone()),
            _ => return None,
        };
        match outcome {
            Ok(PaymentOutcome::Paid { order }) => {
                self.stage = Stage::Done(order.clone());
                Some(order)
            }
            Ok(PaymentOutcome::Declined { decline_code }) => {
                self.stage = Stage::Pay(breakdown, payment);
                self.notice = Some(decline_code);
                None
            }
            Ok(PaymentOutcome::RequiresAction) => {
                self.stage = Stage::Confirm(breakdown, payment);
                None
            }
            Err(failure) => {
                self.fail(failure);
                None
            }
        }
    }

    /// The payment session, when this step pays through Stripe's Payment Element.
    pub fn stripe_payment(&self) -> Option<&PaymentSession> {
        match &self.stage {
            Stage::Pay(_, payment) if payment.provider == PaymentProvider::Stripe => Some(payment),
            _ => None,
        }
    }

    /// Stripe's Payment Element is in place, or couldn't be mounted (the code says why).
    pub fn stripe_mounted(&mut self, mounted: Result<(), String>) {
        self.busy = false;
        if let Err(code) = mounted {
            self.notice = Some(code);
        }
    }

    /// Stripe took the payment: the card waits for the server to see the order paid.
    pub fn stripe_confirmed(&mut self) {
        self.stage = Stage::Processing;
    }

    /// The Stripe payment ended: paid, or refused with a code. Returns the order when it was
    /// just paid.
    pub fn stripe_settled(&mut self, outcome: Result<OrderView, String>) -> Option<OrderView> {
        self.busy = false;
        match outcome {
            Ok(order) => {
                self.stage = Stage::Done(order.clone());
                Some(order)
            }
            Err(code) => {
                self.notice = Some(code);
                None
            }
        }
    }

    /// A refusal's field errors go beside their fields; any other, as the card's message.
    fn fail(&mut self, failure: Failure) {
        if failure.fields.is_empty() {
            self.notice = Some(failure.code);
        } else {
            self.errors = failure.fields;
        }
    }
}

/// The details step of `offer`, with the offer's own variant chosen if it can be bought, else
/// the first that can, else the first.
pub fn details(offer: CheckoutOffer) -> Stage {
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

/// How the order the server sent settles a Stripe payment: `None` while it still awaits the
/// payment; paid (or further along) is done; failed or canceled, the code the card shows.
pub fn settled(order: OrderView) -> Option<Result<OrderView, String>> {
    match order.status {
        OrderStatus::AwaitingPayment => None,
        OrderStatus::PaymentFailed => Some(Err("card_declined".into())),
        OrderStatus::Canceled => Some(Err("order_not_payable".into())),
        _ => Some(Ok(order)),
    }
}

/// The available variant with exactly these option values.
pub fn chosen_variant<'a>(
    variants: &'a [VariantChoice],
    chosen: &[String],
) -> Option<&'a VariantChoice> {
    variants.iter().find(|v| v.available && v.options == chosen)
}

/// The demo card's inputs: what is typed there is dropped once it has been sent.
pub fn is_card_field(name: &str) -> bool {
    matches!(name, "card_number" | "expiry" | "cvc")
}
