//! Decides the intent from the concepts found. Each intent collects weighted evidence from
//! combinations of concepts (an action verb and its object, a question word and an attribute),
//! other business (accounts, invoices, fees, changing an order…) pulls towards out-of-scope,
//! and the strongest evidence wins; the margin over the runner-up becomes the confidence.

use super::cues::Found;
use super::lexicon::Cue::{self, *};
use super::Intent;

/// What the slots contribute to the decision.
#[derive(Debug, Default, Clone, Copy)]
pub struct Evidence {
    pub product_nouns: usize,
    pub qualifiers: usize,
    pub budget: bool,
    pub cheap: bool,
    pub colour: bool,
    pub size: bool,
    pub recipient: bool,
    pub refinement: bool,
    pub ordinal: bool,
    pub order_number: bool,
    /// "my order", "mi pedido": a placed order of the shopper's own
    pub own_order: bool,
    /// Every order named is "an order", "un pedido": orders in general
    pub generic_order: bool,
    /// "where" opens a question about a thing, not "where can I…"
    pub where_asks: bool,
    pub question: bool,
}

/// Also the order ties are broken in: an action asked for before shopping and small talk.
const INTENTS: [Intent; 10] = [
    Intent::Refund,
    Intent::Cancel,
    Intent::OrderStatus,
    Intent::Human,
    Intent::Buy,
    Intent::ProductQuestion,
    Intent::Browse,
    Intent::Greeting,
    Intent::Thanks,
    Intent::OutOfScope,
];

#[derive(Debug, Default)]
struct Scores([f32; 10]);

impl Scores {
    fn add(&mut self, intent: Intent, weight: f32) {
        if let Some(i) = INTENTS.iter().position(|x| *x == intent) {
            self.0[i] += weight;
        }
    }
}

/// The intent and a confidence in 0..=1.
pub fn decide(found: &Found, ev: &Evidence) -> (Intent, f32) {
    let has = |c: Cue| found.has(c);
    let placed = has(Order) || has(PastPurchase);
    let about_product = ev.product_nouns > 0 || has(Deictic) || ev.ordinal;
    let mut s = Scores::default();

    // Refund: asking for money back, or returning something (also "track my refund").
    if has(Refund) {
        s.add(Intent::Refund, 3.5);
        if has(Track) || has(WhereIs) || has(Policy) {
            s.add(Intent::Refund, 0.5);
        }
    }
    if has(Return) {
        s.add(Intent::Refund, if about_product { 3.5 } else { 3.0 });
    }
    if has(Defect) {
        s.add(Intent::Refund, 3.0);
    }

    // Cancel an order; a fee or price next to it is a question about charges, and cancelling
    // a subscription or an account is other business.
    if has(Cancel) {
        s.add(
            Intent::Cancel,
            if placed || has(Deictic) { 3.5 } else { 2.5 },
        );
        if has(Fee) || has(AttrPrice) {
            s.add(Intent::Cancel, -3.0);
            s.add(Intent::ProductQuestion, -3.0);
            s.add(Intent::OutOfScope, 2.0);
        }
        if has(Newsletter) || has(Account) || has(Payment) {
            s.add(Intent::Cancel, -3.0);
        }
        // "cancel the order and refund me": the first action named is the one asked for.
        if has(Refund) && found.first(Cancel) < found.first(Refund) {
            s.add(Intent::Cancel, 0.5);
        }
    }

    // "I don't want the order", "no quiero mi pedido": declining a placed order is cancelling it.
    let declined = found
        .hits
        .windows(2)
        .any(|w| w[0].cue == Negation && w[1].cue == Want && w[1].start == w[0].end);
    if declined && placed {
        s.add(Intent::Cancel, 3.0);
    }

    // Order status: tracking, "where is", arrival or lateness of a placed order.
    // A specific order: the shopper's, a numbered one, or one they placed; "a pedido" in
    // "how long does an order take" is any order, a question about delivery times.
    // When the thing asked about is a document or an address ("where's my receipt for order
    // 1042"), the order is only its qualifier.
    let other_object = has(Invoice) || has(Address) || has(Account) || has(Payment);
    let shipment =
        ((placed && !ev.generic_order) || ev.order_number || ev.own_order) && !other_object;
    if has(Track) {
        s.add(
            Intent::OrderStatus,
            if shipment || has(ItemRef) { 3.0 } else { 2.0 },
        );
    }
    if has(WhereIs) {
        s.add(
            Intent::OrderStatus,
            if shipment || has(ItemRef) { 3.0 } else { 1.0 },
        );
    }
    if has(Where) && ev.where_asks && (shipment || has(ItemRef)) {
        s.add(Intent::OrderStatus, 2.5);
    }
    let asks_when = has(When) && has(ItemRef) && !shipment;
    if has(Arrive) && !has(Defect) {
        s.add(
            Intent::OrderStatus,
            if shipment {
                3.0
            } else if asks_when {
                0.5
            } else {
                1.5
            },
        );
    }
    if has(Late) {
        s.add(
            Intent::OrderStatus,
            if shipment || has(ItemRef) { 3.0 } else { 1.5 },
        );
    }
    if ev.own_order && !other_object {
        s.add(Intent::OrderStatus, 1.0);
    }
    if ev.order_number && !other_object {
        s.add(Intent::OrderStatus, 1.5);
    }

    // Human: a person or customer service, stronger with a contact verb.
    let contact = has(Contact);
    if has(Support) {
        s.add(Intent::Human, if contact { 4.0 } else { 3.5 });
    }
    if has(Human) {
        s.add(Intent::Human, if contact { 4.0 } else { 2.5 });
    }
    if has(Someone) {
        s.add(Intent::Human, if contact { 4.0 } else { 0.5 });
    }
    if contact && !has(Human) && !has(Support) && !has(Someone) {
        if ev.ordinal || ev.product_nouns > 0 {
            // "háblame del primero", "tell me about the hoodie": about a product, not a person.
            s.add(Intent::ProductQuestion, 2.5);
        } else {
            s.add(Intent::Human, 1.0);
        }
    }
    if has(BotComplaint) {
        s.add(Intent::Human, 1.5);
    }

    // Buy: a buying verb, stronger with a thing to buy ("buy the blue hoodie" is buying, not
    // browsing); the weak Spanish "pedir" needs that thing to be a purchase at all.
    if has(Buy) {
        s.add(Intent::Buy, if about_product { 4.0 } else { 3.0 });
    }
    if has(BuyWeak) {
        s.add(Intent::Buy, if about_product { 3.5 } else { 1.0 });
    }
    // "I want the second one", "quiero el segundo": picking a shown product to have it.
    if has(Want) && ev.ordinal && !has(Show) {
        s.add(Intent::Buy, 3.0);
    }

    // Other business the assistant does not handle.
    for (cue, weight) in [
        (Address, 3.0),
        (Account, 3.0),
        (Invoice, 3.0),
        (Newsletter, 3.0),
        (Payment, 2.5),
        (Feedback, 2.5),
        (DeliveryInfo, 2.5),
        (Fee, 2.0),
        (Policy, 1.0),
    ] {
        if has(cue) {
            s.add(Intent::OutOfScope, weight);
        }
    }
    if has(Arrive) && asks_when && !has(Late) {
        // "when will my item arrive" asks about delivery times, not about a known order.
        s.add(Intent::OutOfScope, 2.0);
    }
    if has(Change) {
        let shopping = ev.product_nouns > 0 || ev.colour || ev.size || ev.refinement;
        if placed || has(ItemRef) {
            s.add(Intent::OutOfScope, 3.5);
        } else if !shopping {
            s.add(Intent::OutOfScope, 1.5);
        }
    }

    // Shopping: product nouns, browse verbs and constraints, follow-up refinements.
    let nouns = ev.product_nouns.min(3) as f32;
    if nouns > 0.0 {
        s.add(Intent::Browse, 1.5 + 0.5 * nouns);
    }
    s.add(Intent::Browse, 0.5 * ev.qualifiers.min(2) as f32);
    for (present, weight) in [
        (has(Show), 1.5),
        (has(Gift), 1.5),
        (ev.budget, 1.5),
        (ev.cheap, 1.5),
        (ev.colour, 0.5),
        (ev.size, 0.3),
        (ev.recipient && nouns > 0.0, 0.5),
        (ev.refinement, 2.0),
        (has(Want) && nouns > 0.0, 0.5),
    ] {
        if present {
            s.add(Intent::Browse, weight);
        }
    }

    // Product question: an attribute, asked about a product in view or named.
    let attribute = [
        AttrSize,
        AttrMaterial,
        AttrPrice,
        AttrStock,
        AttrColour,
        AttrCare,
    ]
    .into_iter()
    .any(has);
    if attribute {
        let about = has(Deictic) || nouns > 0.0 || ev.ordinal;
        s.add(Intent::ProductQuestion, if about { 3.0 } else { 1.5 });
        if ev.question || has(Question) {
            s.add(Intent::ProductQuestion, 0.5);
        }
    }

    if has(Greeting) {
        s.add(Intent::Greeting, 1.2);
    }
    if has(Thanks) {
        s.add(Intent::Thanks, 1.3);
    }

    pick(&s)
}

/// The best-scoring intent; below a floor of evidence the message is out of scope.
fn pick(s: &Scores) -> (Intent, f32) {
    let mut order: Vec<(Intent, f32)> = INTENTS.iter().copied().zip(s.0.iter().copied()).collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (best, top) = order[0];
    let second = order.get(1).map_or(0.0, |x| x.1.max(0.0));
    if top < 1.0 {
        // Nothing recognisable: out of scope, with less confidence the less we saw.
        return (Intent::OutOfScope, if top <= 0.0 { 0.3 } else { 0.4 });
    }
    let strength = top / (top + 1.5);
    let margin = (top - second) / top;
    (best, (strength * (0.5 + 0.5 * margin)).clamp(0.0, 1.0))
}
