//! How the embedded engine phrases the order tools' outcomes, in English and Spanish. Every
//! fact comes from the status card or the policy's decision.

use shopchat_protocol::{FulfillmentState, OrderCard, OrderStatus};

use crate::assistant::consent::{Action, Offer};
use crate::assistant::tools::ProofProblem;

use super::dialogue::AfterSaleAsk;
use crate::locale::Locale;
use crate::money::money_label;
use crate::refunds::policy::Refusal;
use crate::refunds::preview::{CancelPreview, RefundPreview};
use crate::refunds::{CancelResult, Execution, RefundResult};

fn amount(card: &OrderCard, minor: i64) -> String {
    money_label(minor, card.breakdown.total.currency)
}

fn status_words(locale: Locale, status: OrderStatus) -> &'static str {
    use OrderStatus::*;
    match (locale, status) {
        (Locale::En, AwaitingPayment) => "waiting for payment",
        (Locale::En, Paid) => "paid and being prepared",
        (Locale::En, Fulfilled) => "shipped",
        (Locale::En, PaymentFailed) => "not paid (the payment was declined)",
        (Locale::En, Canceled) => "canceled",
        (Locale::En, PartiallyRefunded) => "partly refunded",
        (Locale::En, Refunded) => "refunded",
        (Locale::En, Disputed) => "under a payment dispute with your bank",
        (Locale::Es, AwaitingPayment) => "pendiente de pago",
        (Locale::Es, Paid) => "pagado y en preparación",
        (Locale::Es, Fulfilled) => "enviado",
        (Locale::Es, PaymentFailed) => "sin pagar (el pago fue rechazado)",
        (Locale::Es, Canceled) => "cancelado",
        (Locale::Es, PartiallyRefunded) => "reembolsado en parte",
        (Locale::Es, Refunded) => "reembolsado",
        (Locale::Es, Disputed) => "en disputa con tu banco",
    }
}

/// "Where is my order?"
pub fn order_status(locale: Locale, card: &OrderCard) -> String {
    let n = &card.order_number;
    let mut text = match locale {
        Locale::En => format!(
            "Your order {n} ({}) is {}.",
            card.title,
            status_words(locale, card.status)
        ),
        Locale::Es => format!(
            "Tu pedido {n} ({}) está {}.",
            card.title,
            status_words(locale, card.status)
        ),
    };
    let f = &card.fulfillment;
    let tracking = match (&f.carrier, &f.tracking_number) {
        (Some(c), Some(t)) => Some((c.as_str(), t.as_str())),
        _ => None,
    };
    let shipped = match (locale, f.state, tracking) {
        (Locale::En, FulfillmentState::Delivered, _) => Some("It has been delivered.".to_owned()),
        (Locale::Es, FulfillmentState::Delivered, _) => Some("Ya se ha entregado.".to_owned()),
        (Locale::En, FulfillmentState::Fulfilled, Some((c, t))) => {
            Some(format!("It shipped with {c}, tracking number {t}."))
        }
        (Locale::Es, FulfillmentState::Fulfilled, Some((c, t))) => {
            Some(format!("Se envió con {c}, número de seguimiento {t}."))
        }
        (Locale::En, FulfillmentState::Unfulfilled, _) if card.status == OrderStatus::Paid => {
            Some("It hasn't shipped yet.".to_owned())
        }
        (Locale::Es, FulfillmentState::Unfulfilled, _) if card.status == OrderStatus::Paid => {
            Some("Todavía no se ha enviado.".to_owned())
        }
        _ => None,
    };
    if let Some(s) = shipped {
        text.push(' ');
        text.push_str(&s);
    }
    if card.refunded.minor > 0 {
        text.push(' ');
        text.push_str(&match locale {
            Locale::En => format!("{} has been refunded.", amount(card, card.refunded.minor)),
            Locale::Es => format!("Se han reembolsado {}.", amount(card, card.refunded.minor)),
        });
    }
    if !card.pending_refunds.is_empty() {
        text.push(' ');
        text.push_str(match locale {
            Locale::En => "A refund request is waiting for the shop's answer.",
            Locale::Es => "Hay una solicitud de reembolso esperando la respuesta de la tienda.",
        });
    }
    text
}

pub fn proof(locale: Locale, problem: ProofProblem) -> &'static str {
    match (locale, problem) {
        (Locale::En, ProofProblem::Ask) => "To find your order I need your order number (like SC-1042) and the email you used at checkout.",
        (Locale::Es, ProofProblem::Ask) => "Para encontrar tu pedido necesito el número de pedido (como SC-1042) y el correo que usaste al comprar.",
        (Locale::En, ProofProblem::NoMatch) => "I couldn't find an order with that number and email. Please check both and try again.",
        (Locale::Es, ProofProblem::NoMatch) => "No encuentro ningún pedido con ese número y ese correo. Revisa los dos y vuelve a intentarlo.",
        (Locale::En, ProofProblem::RateLimited) => "Too many attempts didn't match. Please wait about 15 minutes and try again.",
        (Locale::Es, ProofProblem::RateLimited) => "Demasiados intentos sin coincidencia. Espera unos 15 minutos y vuelve a intentarlo.",
        (Locale::En, ProofProblem::LookupUnavailable) => "I can't reach the shop's order system right now, so I couldn't look your order up. Please try again in a few minutes.",
        (Locale::Es, ProofProblem::LookupUnavailable) => "Ahora mismo no puedo acceder al sistema de pedidos de la tienda, así que no he podido buscar tu pedido. Vuelve a intentarlo en unos minutos.",
    }
}

/// A change to an order already placed (its size, its address): not the assistant's to make;
/// what it can do instead.
pub fn change_order(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "I can't change an order once it's placed. Until it ships, I can cancel it and refund everything you paid, so you can order again the way you want it; or a person from the shop can see whether it can be changed.",
        Locale::Es => "No puedo cambiar un pedido ya hecho. Mientras no se haya enviado, puedo cancelarlo y devolverte todo lo que pagaste, para que lo pidas de nuevo como lo quieres; o una persona de la tienda puede ver si se puede cambiar.",
    }
}

/// No order with the number and email given, said of what the shopper asked for.
pub fn not_found_for(locale: Locale, ask: &AfterSaleAsk) -> &'static str {
    match (locale, ask) {
        (_, AfterSaleAsk::Status) => proof(locale, ProofProblem::NoMatch),
        (Locale::En, AfterSaleAsk::Refund { .. }) => "I couldn't find an order with that number and email, so I can't look at a refund yet. Please check both and try again.",
        (Locale::Es, AfterSaleAsk::Refund { .. }) => "No encuentro ningún pedido con ese número y ese correo, así que todavía no puedo ver el reembolso. Revisa los dos y vuelve a intentarlo.",
        (Locale::En, AfterSaleAsk::Cancel { .. }) => "I couldn't find an order with that number and email, so I can't cancel anything yet. Please check both and try again.",
        (Locale::Es, AfterSaleAsk::Cancel { .. }) => "No encuentro ningún pedido con ese número y ese correo, así que todavía no puedo cancelar nada. Revisa los dos y vuelve a intentarlo.",
    }
}

/// The request waiting for the order's number and email, let be ("never mind, I'm keeping
/// them"): nothing was done.
pub fn left_as_is(locale: Locale) -> &'static str {
    match locale {
        Locale::En => {
            "All right, I'll leave it: nothing has changed. Anything else I can help with?"
        }
        Locale::Es => "De acuerdo, lo dejo así: no ha cambiado nada. ¿Te ayudo con algo más?",
    }
}

/// Half of the proof given (the order's number, or the email alone): the other half asked for.
pub fn proof_other_half(locale: Locale, number: Option<&str>, email: bool) -> Option<String> {
    Some(match (locale, number, email) {
        (Locale::En, Some(n), false) => format!("To find order {n} I also need the email you used at checkout."),
        (Locale::Es, Some(n), false) => format!("Para encontrar el pedido {n} necesito también el correo que usaste al comprar."),
        (Locale::En, None, true) => "To find it I also need the order's number (like SC-1042): it's in the order confirmation email.".to_owned(),
        (Locale::Es, None, true) => "Para encontrarlo necesito también el número del pedido (como SC-1042): está en el correo de confirmación del pedido.".to_owned(),
        _ => return None,
    })
}

/// The order's number and email asked for what the shopper wants done with it; `again` after
/// a message without them ("yes", "I don't have the number"): where to find them, and a person
/// to turn to.
pub fn proof_for(locale: Locale, ask: &AfterSaleAsk, again: bool) -> String {
    let en_what = match ask {
        AfterSaleAsk::Status => "To find your order",
        AfterSaleAsk::Refund { .. } => "For a refund",
        AfterSaleAsk::Cancel { .. } => "To cancel your order",
    };
    let es_what = match ask {
        AfterSaleAsk::Status => "Para encontrar tu pedido",
        AfterSaleAsk::Refund { .. } => "Para un reembolso",
        AfterSaleAsk::Cancel { .. } => "Para cancelar tu pedido",
    };
    match (locale, again) {
        (Locale::En, false) => format!("{en_what} I need your order number (like SC-1042) and the email you used at checkout."),
        (Locale::Es, false) => format!("{es_what} necesito el número de pedido (como SC-1042) y el correo que usaste al comprar."),
        (Locale::En, true) => format!("{en_what} I need your order number (like SC-1042) and the email you used at checkout: you'll find both in the order confirmation email. Send them here whenever you have them, or if you can't find them, a person from the shop can help."),
        (Locale::Es, true) => format!("{es_what} necesito el número de pedido (como SC-1042) y el correo que usaste al comprar: los dos están en el correo de confirmación del pedido. Mándamelos aquí cuando los tengas o, si no los encuentras, una persona de la tienda puede ayudarte."),
    }
}

/// "Cancel that" said of a checkout only offered: nothing was ordered nor paid.
pub fn nothing_ordered_yet(locale: Locale, title: &str) -> String {
    match locale {
        Locale::En => format!("Nothing has been ordered or paid for the {title} yet, so there's nothing to cancel: just leave its checkout. If you mean an earlier order, send me its number (like SC-1042) and the email you used at checkout."),
        Locale::Es => format!("Todavía no se ha pedido ni pagado nada de {title}, así que no hay nada que cancelar: simplemente deja el pago sin hacer. Si te refieres a un pedido anterior, mándame su número (como SC-1042) y el correo que usaste al comprar."),
    }
}

/// A refund or cancellation of an order placed in the shop's online store went to its team.
pub fn handed_to_shop(locale: Locale, card: &OrderCard, notice: &str) -> String {
    let n = &card.order_number;
    match locale {
        Locale::En => format!("Refunds and cancellations of order {n} are handled by the shop's team, so I haven't changed anything: I've passed your request on to them. {notice}"),
        Locale::Es => format!("Los reembolsos y cancelaciones del pedido {n} los gestiona el equipo de la tienda, así que no he cambiado nada: les he pasado tu solicitud. {notice}"),
    }
}

/// Said of an order placed in the shop's online store: its refunds are the team's.
pub fn shopify_refunds_note(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "Orders placed in our online store are refunded by the shop's team: if you want a refund, I'll pass your request on to them.",
        Locale::Es => "Los reembolsos de los pedidos hechos en nuestra tienda online los gestiona el equipo de la tienda: si quieres uno, les paso tu solicitud.",
    }
}

/// "Where is my refund?" about an order placed in the shop's online store: its status, what
/// Shopify says was refunded, and who refunds it. True when a refund can still be asked for.
pub fn shopify_refund_status(locale: Locale, card: &OrderCard) -> (String, bool) {
    let status = order_status(locale, card);
    let closed = matches!(card.status, OrderStatus::Refunded | OrderStatus::Canceled);
    let more = match (locale, card.refunded.minor > 0, closed) {
        (_, _, true) => return (status, false),
        (Locale::En, false, _) => "Nothing has been refunded on it so far. Refunds of this order are handled by the shop's team: if you want one, I'll pass your request on to them.",
        (Locale::Es, false, _) => "Por ahora no se ha reembolsado nada de este pedido. Sus reembolsos los gestiona el equipo de la tienda: si quieres uno, les paso tu solicitud.",
        (Locale::En, true, _) => "Refunds of this order are handled by the shop's team: if something is missing, I'll pass your request on to them.",
        (Locale::Es, true, _) => "Los reembolsos de este pedido los gestiona el equipo de la tienda: si falta algo, les paso tu solicitud.",
    };
    (format!("{status} {more}"), true)
}

/// "Is it too late to cancel?" about an order placed in the shop's online store: the shop's
/// team cancels it, and where it stands. True when asking them still makes sense.
pub fn shopify_cancel_rules(locale: Locale, card: &OrderCard) -> (String, bool) {
    let n = &card.order_number;
    let lead = match locale {
        Locale::En => format!("Order {n} was placed in our online store, so cancelling it is up to the shop's team, not me."),
        Locale::Es => format!("El pedido {n} se hizo en nuestra tienda online, así que cancelarlo le corresponde al equipo de la tienda, no a mí."),
    };
    let closed = matches!(
        card.status,
        OrderStatus::Canceled | OrderStatus::Refunded | OrderStatus::PaymentFailed
    );
    let shipped = card.fulfillment.state != FulfillmentState::Unfulfilled;
    let open = !closed && !shipped;
    let state = match (locale, open, shipped && !closed) {
        (Locale::En, true, _) => "It hasn't shipped yet, so it's not too late to ask: I can pass a cancellation request on to them.".to_owned(),
        (Locale::Es, true, _) => "Todavía no se ha enviado, así que aún estás a tiempo de pedirlo: puedo pasarles tu solicitud de cancelación.".to_owned(),
        (Locale::En, false, true) => "It has already shipped, so the team would handle it as a return or refund; I can pass your request on to them.".to_owned(),
        (Locale::Es, false, true) => "Ya se ha enviado, así que el equipo lo tramitaría como una devolución o un reembolso; puedo pasarles tu solicitud.".to_owned(),
        (Locale::En, false, false) => format!("It is {}.", status_words(locale, card.status)),
        (Locale::Es, false, false) => format!("Está {}.", status_words(locale, card.status)),
    };
    (format!("{lead} {state}"), !closed)
}

pub fn refund(locale: Locale, card: &OrderCard, result: &RefundResult) -> String {
    let n = &card.order_number;
    let es = locale == Locale::Es;
    match result {
        RefundResult::Refunded { amount_minor, .. } => {
            let a = amount(card, *amount_minor);
            if es {
                format!("Hecho: he reembolsado {a} del pedido {n} a tu método de pago original. Tu banco puede tardar unos días en mostrarlo.")
            } else {
                format!("Done: I've refunded {a} for order {n} to your original payment method. Your bank may take a few days to show it.")
            }
        }
        RefundResult::Queued {
            amount_minor,
            review_days,
            ..
        } => {
            let a = amount(card, *amount_minor);
            if es {
                format!("He enviado tu solicitud de reembolso de {a} del pedido {n} al equipo de la tienda, porque supera lo que puedo reembolsar yo. Te responderán en unos {review_days} días laborables.")
            } else {
                format!("I've sent your refund request for {a} on order {n} to the shop's team, as it's above what I can refund on my own. You'll get an answer within about {review_days} business days.")
            }
        }
        RefundResult::Refused {
            refusal,
            refundable_minor,
        } => refusal_text(locale, card, *refusal, *refundable_minor),
        RefundResult::Processing { amount_minor, .. } => {
            let a = amount(card, *amount_minor);
            if es {
                format!("He pedido el reembolso de {a} del pedido {n}; el proveedor de pagos aún no lo ha confirmado. Queda en curso y se completará sin cobrarte ni reembolsarte dos veces.")
            } else {
                format!("I've asked for the refund of {a} on order {n}; the payment provider hasn't confirmed it yet. It stays in progress and will complete without being refunded twice.")
            }
        }
        RefundResult::ProviderFailed => if es {
            "El proveedor de pagos no ha podido hacer el reembolso ahora; no se ha reembolsado nada. El equipo de la tienda lo puede ver."
        } else {
            "The payment provider couldn't make the refund right now, so nothing was refunded. The shop's team can see it."
        }
        .to_owned(),
    }
}

fn refusal_text(locale: Locale, card: &OrderCard, refusal: Refusal, refundable: i64) -> String {
    let n = &card.order_number;
    let es = locale == Locale::Es;
    match refusal {
        Refusal::OutsideWindow if es => format!("El pedido {n} está fuera del plazo de devolución de la tienda, así que no puedo reembolsarlo."),
        Refusal::OutsideWindow => format!("Order {n} is outside the shop's refund window, so I can't refund it."),
        Refusal::ReasonNotAllowed if es => "La política de la tienda no cubre reembolsos por ese motivo.".to_owned(),
        Refusal::ReasonNotAllowed => "The shop's policy doesn't cover refunds for that reason.".to_owned(),
        Refusal::TooManyRefunds if es => format!("El pedido {n} ya tiene el máximo de reembolsos que permite la tienda."),
        Refusal::TooManyRefunds => format!("Order {n} already has the most refunds the shop allows."),
        Refusal::NothingToRefund if !card.pending_refunds.is_empty() => if es {
            format!("Ya hay una solicitud de reembolso del pedido {n} esperando la respuesta de la tienda.")
        } else {
            format!("A refund request for order {n} is already waiting for the shop's answer.")
        },
        Refusal::NothingToRefund if es => format!("No queda nada por reembolsar del pedido {n}."),
        Refusal::NothingToRefund => format!("There's nothing left to refund on order {n}."),
        Refusal::OrderNotPaid if es => format!("El pedido {n} no está pagado, así que no hay nada que reembolsar."),
        Refusal::OrderNotPaid => format!("Order {n} hasn't been paid, so there's nothing to refund."),
        Refusal::OrderDisputed if es => format!("El pago del pedido {n} está en disputa con tu banco, así que el reembolso se resuelve allí."),
        Refusal::OrderDisputed => format!("The payment for order {n} is disputed with your bank, so the refund is settled there."),
        Refusal::AmountTooLarge if es => format!("Según la política de la tienda puedo reembolsar como máximo {} del pedido {n}.", amount(card, refundable)),
        Refusal::AmountTooLarge => format!("Under the shop's policy I can refund at most {} on order {n}.", amount(card, refundable)),
        Refusal::InvalidAmount if es => "Esa cantidad no es válida.".to_owned(),
        Refusal::InvalidAmount => "That amount isn't valid.".to_owned(),
    }
}

pub fn cancel(locale: Locale, card: &OrderCard, result: &CancelResult) -> String {
    let n = &card.order_number;
    let es = locale == Locale::Es;
    match result {
        CancelResult::Canceled if es => format!("He cancelado el pedido {n}. No se te ha cobrado nada."),
        CancelResult::Canceled => format!("Order {n} is canceled. You haven't been charged."),
        CancelResult::CanceledAndRefunded { amount_minor, refund: Execution::Succeeded } => {
            let a = amount(card, *amount_minor);
            if es {
                format!("He cancelado el pedido {n} y te he reembolsado {a} a tu método de pago original.")
            } else {
                format!("Order {n} is canceled and {a} has been refunded to your original payment method.")
            }
        }
        CancelResult::CanceledAndRefunded { .. } if es => format!("He cancelado el pedido {n}, pero el reembolso aún no se ha podido hacer; el equipo de la tienda lo puede ver y lo resolverá."),
        CancelResult::CanceledAndRefunded { .. } => format!("Order {n} is canceled, but the refund didn't go through yet; the shop's team can see it and will sort it out."),
        CancelResult::RefundRequest(r) => {
            let lead = if es {
                format!("El pedido {n} ya se ha enviado, así que no se puede cancelar: lo he tramitado como una solicitud de reembolso.")
            } else {
                format!("Order {n} has already shipped, so it can't be canceled — I've handled it as a refund request.")
            };
            format!("{lead} {}", refund(locale, card, r))
        }
        CancelResult::AlreadyCanceled if es => format!("El pedido {n} ya estaba cancelado."),
        CancelResult::AlreadyCanceled => format!("Order {n} was already canceled."),
        CancelResult::NotCancelable if es => format!("El pedido {n} ya no se puede cancelar (está {}).", status_words(locale, card.status)),
        CancelResult::NotCancelable => format!("Order {n} can't be canceled any more (it's {}).", status_words(locale, card.status)),
    }
}

/// The summary shown before a refund or cancellation, and its yes / no chips.
pub fn offer(locale: Locale, card: &OrderCard, action: Action) -> Offer {
    let n = &card.order_number;
    let title = &card.title;
    let es = locale == Locale::Es;
    let no = if es {
        "No, mantener mi pedido"
    } else {
        "No, keep my order"
    }
    .to_owned();
    let refund_offer = |preview: RefundPreview, lead: String| match refund_terms(
        locale, card, preview,
    ) {
        Ok((a, shipping, timing)) => {
            let summary = if es {
                format!("{lead}Esto es lo que haría: reembolsar {a} del pedido {n} ({title}) a tu método de pago original.{shipping}{timing} ¿Lo hago?")
            } else {
                format!("{lead}Here's what I'd do: refund {a} for order {n} ({title}) to your original payment method.{shipping}{timing} Shall I go ahead?")
            };
            let yes = if es {
                format!("Sí, reembolsar {a}")
            } else {
                format!("Yes, refund {a}")
            };
            (summary, yes)
        }
        Err((refusal, refundable_minor)) => (
            refusal_text(locale, card, refusal, refundable_minor),
            String::new(),
        ),
    };
    let (summary, yes) = match action {
        Action::Refund(preview) => refund_offer(preview, String::new()),
        Action::Cancel(CancelPreview::Cancel) if es => (
            format!("El pedido {n} ({title}) no está pagado, así que cancelarlo no te cuesta nada. ¿Lo cancelo?"),
            format!("Sí, cancelar el pedido {n}"),
        ),
        Action::Cancel(CancelPreview::Cancel) => (
            format!("Order {n} ({title}) hasn't been paid, so cancelling it costs you nothing. Shall I cancel it?"),
            format!("Yes, cancel order {n}"),
        ),
        Action::Cancel(CancelPreview::CancelAndRefund { amount_minor }) => {
            let a = amount(card, amount_minor);
            if es {
                (
                    format!("Esto es lo que haría: cancelar el pedido {n} ({title}) y reembolsarte {a}, todo lo pagado, a tu método de pago original al momento (tu banco puede tardar unos días en mostrarlo). ¿Lo cancelo?"),
                    format!("Sí, cancelar y reembolsar {a}"),
                )
            } else {
                (
                    format!("Here's what I'd do: cancel order {n} ({title}) and refund {a}, everything you paid, to your original payment method at once (your bank may take a few days to show it). Shall I cancel it?"),
                    format!("Yes, cancel and refund {a}"),
                )
            }
        }
        Action::Cancel(CancelPreview::AsRefund(preview)) => refund_offer(
            preview,
            if es {
                format!("El pedido {n} ya se ha enviado, así que no se puede cancelar, pero puedo pedir un reembolso. ")
            } else {
                format!("Order {n} has already shipped, so it can't be canceled, but I can ask for a refund instead. ")
            },
        ),
        Action::Cancel(CancelPreview::AlreadyCanceled) => (
            cancel(locale, card, &CancelResult::AlreadyCanceled),
            String::new(),
        ),
        Action::Cancel(CancelPreview::NotCancelable) => (
            cancel(locale, card, &CancelResult::NotCancelable),
            String::new(),
        ),
    };
    Offer { summary, yes, no }
}

/// Said first when what came is wrong (damaged, the wrong item, late).
pub fn sorry(locale: Locale) -> &'static str {
    match locale {
        Locale::Es => "Siento mucho el problema.",
        Locale::En => "I'm sorry about that.",
    }
}

/// What an offer would have come to, said to a question about it after the offer was dropped
/// ("how much comes back?", "¿y cuándo me llega la plata?"): the amount, the shipping and when
/// the money goes back, asking again (the same offer is stored again, with its chips).
pub fn would_come_to(locale: Locale, card: &OrderCard, action: Action) -> Option<String> {
    let n = &card.order_number;
    let title = &card.title;
    let es = locale == Locale::Es;
    let refund = |preview: RefundPreview| {
        refund_terms(locale, card, preview).ok().map(|(a, shipping, timing)| {
            if es {
                format!("Para el pedido {n} ({title}) serían {a} de vuelta a tu método de pago original.{shipping}{timing} ¿Lo hago?")
            } else {
                format!("For order {n} ({title}) that would be {a} back to your original payment method.{shipping}{timing} Shall I go ahead?")
            }
        })
    };
    match action {
        Action::Refund(preview) | Action::Cancel(CancelPreview::AsRefund(preview)) => {
            refund(preview)
        }
        Action::Cancel(CancelPreview::CancelAndRefund { amount_minor }) => {
            let a = amount(card, amount_minor);
            Some(if es {
                format!("Cancelar ahora el pedido {n} ({title}) te devolvería {a}, todo lo pagado, envío incluido, a tu método de pago original al momento; tu banco puede tardar unos días en mostrarlo. ¿Lo cancelo?")
            } else {
                format!("Cancelling order {n} ({title}) now would refund {a}, everything you paid, shipping included, to your original payment method at once; your bank may take a few days to show it. Shall I cancel it?")
            })
        }
        Action::Cancel(_) => None,
    }
}

/// A refund's amount and its shipping and timing sentences: whether shipping comes back, and
/// when the money does (at once, or after the shop's review); a refusal's reason and what could
/// be refunded.
fn refund_terms(
    locale: Locale,
    card: &OrderCard,
    preview: RefundPreview,
) -> Result<(String, String, String), (Refusal, i64)> {
    let (amount_minor, shipping_kept_minor, review_days) = match preview {
        RefundPreview::Refund {
            amount_minor,
            shipping_kept_minor,
            review_days,
        } => (amount_minor, shipping_kept_minor, review_days),
        RefundPreview::Refused {
            refusal,
            refundable_minor,
        } => return Err((refusal, refundable_minor)),
    };
    let es = locale == Locale::Es;
    let shipping = match (shipping_kept_minor, es) {
        (0, _) if card.breakdown.shipping.minor == 0 => String::new(),
        (0, false) => " That includes shipping.".to_owned(),
        (0, true) => " Incluye el envío.".to_owned(),
        (k, false) => format!(
            " Shipping ({}) isn't refunded for this reason under the shop's policy.",
            amount(card, k)
        ),
        (k, true) => format!(
            " El envío ({}) no se reembolsa por este motivo según la política de la tienda.",
            amount(card, k)
        ),
    };
    let timing = match (review_days, es) {
        (None, false) => " It goes back at once; your bank may take a few days to show it.".to_owned(),
        (None, true) => " Se devuelve al momento; tu banco puede tardar unos días en mostrarlo.".to_owned(),
        (Some(d), false) => format!(" It's above what I can refund on my own, so the shop's team reviews it and answers within about {d} business days."),
        (Some(d), true) => format!(" Supera lo que puedo reembolsar yo, así que el equipo de la tienda lo revisa y responde en unos {d} días laborables."),
    };
    Ok((amount(card, amount_minor), shipping, timing))
}

/// The shopper said no to an offer.
pub fn kept(locale: Locale, card: &OrderCard) -> String {
    let n = &card.order_number;
    match locale {
        Locale::En => format!("OK, I haven't changed anything: order {n} stays as it is."),
        Locale::Es => format!("De acuerdo, no he cambiado nada: el pedido {n} sigue igual."),
    }
}

/// How cancelling works, and where the shopper's own order stands ("is it too late to cancel?").
pub fn cancel_rules(locale: Locale, order: Option<&OrderCard>) -> String {
    let rules = match locale {
        Locale::En => "Until an order ships I can cancel it and refund everything you paid; once it has shipped, cancelling becomes a refund request under the shop's refund policy.",
        Locale::Es => "Hasta que un pedido se envía puedo cancelarlo y devolverte todo lo pagado; una vez enviado, cancelarlo pasa a ser una solicitud de reembolso según la política de la tienda.",
    };
    let Some(card) = order else {
        return rules.to_owned();
    };
    let n = &card.order_number;
    let open = matches!(
        card.status,
        OrderStatus::Paid | OrderStatus::AwaitingPayment
    ) && card.fulfillment.state == FulfillmentState::Unfulfilled;
    let state = match (locale, open) {
        (Locale::En, true) => format!("Your order {n} hasn't shipped yet, so it's not too late: it can still be canceled. Just tell me if you want me to."),
        (Locale::Es, true) => format!("Tu pedido {n} todavía no se ha enviado, así que aún puedes cancelarlo. Dime si quieres que lo haga."),
        (Locale::En, false) => format!("Your order {n} is {}.", status_words(locale, card.status)),
        (Locale::Es, false) => format!("Tu pedido {n} está {}.", status_words(locale, card.status)),
    };
    format!("{rules} {state}")
}

/// A problem paying is not a wish to buy: what to check, and who can look at a charge.
pub fn payment_problem(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "Sorry you're having trouble paying. In the checkout card, check the card number, expiry date and security code, or try another card: a declined payment is decided by your bank, and nothing is charged for it. If you were charged but your order doesn't show as paid, a person from the shop can check it for you.",
        Locale::Es => "Siento que tengas problemas para pagar. En la tarjeta de pago revisa el número, la fecha de caducidad y el código de seguridad, o prueba con otra tarjeta: un pago rechazado lo decide tu banco y no se cobra nada. Si se te ha cobrado pero el pedido no aparece como pagado, una persona de la tienda puede revisarlo.",
    }
}

/// Said of a charge already taken ("I was charged twice", "me cobraron dos veces"): the
/// shop's team checks a payment and gives back what was taken in error; nothing about
/// entering a card again.
pub fn charge_taken(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "Sorry about that charge. A person from the shop can check your payment and refund anything taken in error: tap “Talk to a person” and tell them your order number.",
        Locale::Es => "Siento lo de ese cobro. Una persona de la tienda puede revisar tu pago y devolverte lo que se haya cobrado por error: pulsa «Hablar con una persona» y dale tu número de pedido.",
    }
}

/// Whether a message about trouble paying says money was taken more than once ("charged
/// twice", "me hicieron un doble cobro"), not that paying fails nor that a refund is wanted.
pub fn says_charge_taken(message: &str) -> bool {
    let words = crate::text::words(message);
    let denied = |at: usize| {
        words[at.saturating_sub(2)..at].iter().any(|w| {
            matches!(
                w.as_str(),
                // ("wasn't" is read as "wasn" and "t")
                "not" | "no" | "never" | "wasnt" | "isnt" | "didnt" | "wont" | "t" | "nunca" | "ni"
            )
        })
    };
    let charged = words.iter().enumerate().any(|(at, w)| {
        matches!(
            w.as_str(),
            "charged"
                | "charge"
                | "charges"
                | "billed"
                | "debited"
                | "cobraron"
                | "cobrado"
                | "cobro"
                | "cobrasteis"
                | "cobraste"
                | "cargaron"
                | "descontaron"
        ) && !denied(at)
    });
    charged
        && (words.iter().any(|w| {
            matches!(
                w.as_str(),
                "twice" | "double" | "doble" | "duplicado" | "duplicate"
            )
        }) || crate::text::says_phrase(
            message,
            &["two times", "dos veces", "2 times", "2 veces"],
        ))
        // "Did I pay twice?", "two charges of $28", "¿pagué dos veces?"
        || crate::text::says_phrase(
            message,
            &[
                "pay twice",
                "paid twice",
                "two charges",
                "2 charges",
                "pague dos veces",
                "pagado dos veces",
                "dos cobros",
                "dos cargos",
            ],
        )
}

/// How an exchange is done here: there is no swap, but a refund and a new purchase.
pub fn exchange(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "I can't swap an item directly: send it back for a refund under the shop's policy, and buy the size or colour you want here.",
        Locale::Es => "No puedo cambiar un artículo directamente: devuélvelo con un reembolso según la política de la tienda y compra aquí la talla o el color que quieras.",
    }
}
