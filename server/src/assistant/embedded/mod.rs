//! The embedded engine: no network, no key. It understands the message (`nlu`), updates the
//! dialogue state, calls the same tools the LLM engine uses, and phrases the outcome from
//! templates in the shopper's language. Facts come only from tool outcomes.

pub(crate) mod after_sale;
mod answers;
mod compare;
pub mod dialogue;
mod replies;
mod shopify;

use shopchat_protocol::{CheckoutOffer, OrderCard, ProductCard};

use super::tools::{self, OutcomeKind, ProofProblem, SearchProducts, ToolCall, ToolContext};
use crate::error::ApiError;
use crate::locale::Locale;
use crate::money::money_label;
use crate::nlu::{self, Intent, Refinement, Understanding};
use crate::refunds::{policy::Refusal, RefundResult};
use dialogue::{AfterSaleAsk, DialogueState, Invitation, ProofHalf, SearchState};

/// What the engine answers to one message.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EmbeddedReply {
    pub text: String,
    pub products: Vec<ProductCard>,
    pub quick_replies: Vec<String>,
    /// The checkout card to show, when the shopper is buying.
    pub checkout: Option<CheckoutOffer>,
    /// The order status card to show, after an order tool.
    pub order: Option<OrderCard>,
    /// Tools called this turn, in order (for evaluations and the audit trail).
    pub tools: Vec<&'static str>,
    /// The intent the message was understood as.
    pub intent: Option<Intent>,
    /// Set when the conversation was handed to a person this turn: when to expect a reply.
    pub handoff: Option<String>,
    /// The reply asks something its chips answer (which did you mean, yes or no): no thumbs
    /// go under it, where a tap would read as an answer.
    pub asks: bool,
}

/// Turns of "I can't help with that" after which the engine offers a person; one more and it
/// hands the conversation off itself (the rule is in `crate::handoff`).
const OFFER_HUMAN_AFTER: u32 = crate::handoff::HAND_OFF_AFTER - 1;

pub async fn respond(
    ctx: &ToolContext<'_>,
    dialogue: &mut DialogueState,
    message: &str,
) -> Result<EmbeddedReply, ApiError> {
    // "…qué tiene usted para que vea mejor punto": the marks said, written.
    let message = &*crate::text::undictate(message);
    // Whether the reply before this one was a product's details (set again by this turn's).
    let details_last = std::mem::take(&mut dialogue.details_last);
    // Whether the reply before this one asked for an order's number and email.
    let proof_asked = std::mem::take(&mut dialogue.proof_asked);
    let currency = ctx.shop.currency();
    let mut u = nlu::understand(message, currency.exponent());
    // Right after the order's number was asked for, a number beside a word of the order or of
    // its papers is it ("The order number on my receipt is 2290").
    if proof_asked && dialogue.after_sale.is_some() && u.slots.order_number.is_none() {
        u.slots.order_number = nlu::order_number_asked(message);
    }
    let read_as = u.intent;
    let vocabulary = shop_vocabulary(ctx).await;
    let colour_said = u.slots.colour.clone();
    if let Some(vocabulary) = &vocabulary {
        nlu::ground(&mut u, vocabulary, message);
    }
    // "For running", "para correr" right after a search: what the products shown are for, of
    // the same kind (running sneakers, not running socks), when it names no kind.
    if dialogue.search.is_some()
        && u.slots.refinement.is_none()
        && !u.slots.product_terms.is_empty()
        && matches!(u.intent, Intent::Browse | Intent::ProductQuestion)
        && crate::text::words(message).len() <= 5
        && crate::text::words(message)
            .first()
            .is_some_and(|w| matches!(w.as_str(), "for" | "para"))
        && vocabulary.as_deref().is_some_and(|v| {
            // (A word of a kind's name is that kind, unless the search already names it:
            // "for running" after sneakers asks for running shoes; after "zapatillas", which
            // names them, only narrows.)
            let searched: Vec<String> = dialogue
                .search
                .as_ref()
                .map(|s| s.terms.iter().flat_map(|t| crate::text::words(t)).collect())
                .unwrap_or_default();
            !u.slots.product_terms.iter().any(|t| {
                v.names_a_kind_by_head(t)
                    || (v.names_a_kind(t)
                        && !crate::text::words(t).iter().all(|w| searched.contains(w)))
            })
        })
    {
        u.slots.refinement = Some(Refinement::SameKind);
    }
    // "68?? nah. mas baratos": a bare number that is the price of one shown, quoted, with a
    // wish for cheaper, is the price to go under.
    if u.slots.refinement == Some(Refinement::Cheaper) && u.slots.budget_max.is_none() {
        let scale = 10_i64.pow(currency.exponent());
        u.slots.budget_max = crate::text::words(message)
            .iter()
            .filter_map(|w| w.parse::<i64>().ok())
            .map(|n| n.saturating_mul(scale))
            .find(|price| dialogue.shown_prices.contains(price));
    }
    // "Got one in black?" after a search: the colour, when it is all the message names, narrows
    // that search (in a shop whose tags say "black" it would otherwise be a search for it).
    if let Some(colour) = colour_said.filter(|c| {
        dialogue.search.is_some()
            && u.slots.colour.is_none()
            && !u.slots.product_terms.is_empty()
            && u.slots.product_terms.iter().all(|t| t == c)
    }) {
        u.slots.product_terms.clear();
        u.slots.head_terms.clear();
        u.slots.colour = Some(colour);
    }
    // Spanish when the widget is in Spanish or the shopper clearly writes Spanish.
    let locale = if ctx.locale == Locale::Es
        || (u.language == Locale::Es && nlu::clearly_spanish(message))
    {
        Locale::Es
    } else {
        Locale::En
    };
    let ctx = ToolContext { locale, ..*ctx };
    let seed = replies::seed(message);
    // On a product page, before any search, "do you have this in M?" / "¿lo tienes en negro?"
    // asks about the product on screen, not for a new search by size or colour.
    let about_page = about_page_product(ctx.page_product.is_some(), dialogue, &u);
    // An order number or an email on its own ("SC-1042 ada@example.com") proves an order: it
    // answers the order question asked before, or asks where that order is.
    let gives_proof = u.slots.order_number.is_some() || u.slots.email.is_some();
    let about_orders = u.intent.about_an_order() || u.intent == Intent::Human;
    // "Just tell me if you want me to." — "go ahead".
    let invitation = dialogue.invited.take();
    let chip = |invitation: &Invitation| match invitation {
        Invitation::Refund => refund_my_order(locale),
        Invitation::Cancel => cancel_my_order(locale),
    };
    let accepted = invitation.filter(|invitation| {
        (crate::assistant::consent::answer(message, chip(invitation), "")
            == crate::assistant::consent::Answer::Yes
            && !crate::assistant::consent::acknowledges_only(message))
            || crate::assistant::consent::says_go_ahead(message)
    });
    // "…no lo cancelen porfa, se lo llevo yo": the action invited, turned down.
    let declined = accepted.is_none()
        && invitation.is_some_and(|invitation| {
            crate::assistant::consent::answer(message, chip(&invitation), "")
                == crate::assistant::consent::Answer::No
        });
    // A question about the shop that happens to use a catalog word ("can you gift wrap it?" in
    // a shop selling wrap dresses) is the shop's to answer when it wrote an answer for it.
    let shop_question = read_as == Intent::ShopInfo
        && u.intent == Intent::Browse
        && ctx
            .deps
            .answers
            .search(&ctx.deps.db, ctx.shop.id, message, locale)
            .await?
            .is_some_and(|hit| hit.coverage >= 0.75);
    // A bare yes or no when nothing was offered ("sí", "ok", "nope") asks for nothing,
    // whatever the model reads into it: it is greeted, never acted on.
    // Not one that goes on to ask for an order's action in its own words ("yes I want a
    // refund", "no, I want to cancel my order", "sí, quiero cancelar mi pedido").
    let asks_an_action = || {
        about_orders
            && nlu::said_cues(message).iter().any(|c| {
                matches!(
                    c,
                    nlu::Cue::Refund
                        | nlu::Cue::Return
                        | nlu::Cue::Cancel
                        | nlu::Cue::Defect
                        | nlu::Cue::WhereIs
                        | nlu::Cue::Track
                        | nlu::Cue::Late
                        | nlu::Cue::Human
                        | nlu::Cue::Someone
                )
            })
    };
    // Nor one that goes on to buy what is on screen ("sí, lo quiero", "yes I'll take it").
    let buys = || u.intent == Intent::Buy && nlu::said_cues(message).contains(&nlu::Cue::Buy);
    let bare_answer = accepted.is_none()
        && !gives_proof
        && u.slots.product_terms.is_empty()
        && crate::assistant::consent::answer(message, "", "")
            != crate::assistant::consent::Answer::Other
        && !asks_an_action()
        && !buys();
    // A question right after an offer or an invitation is about it ("will I get all my money
    // back?"): answered, never taken as a new request to act.
    // So is one about the money or the shipping that mentions a product only in passing
    // ("before I say yes, will I get the shipping back, or only the price of the hat?").
    let about_the_money = || {
        // "Ei, how much will come back? The full thing?", "¿y cuánto me devuelven?"
        // (Not a price asked of a product named: "how much is the red hoodie?")
        let words = crate::text::words(message);
        let how_much = u.slots.product_terms.is_empty()
            && (words.windows(2).any(|w| w[0] == "how" && w[1] == "much")
                || words.iter().any(|w| w == "cuanto"));
        let cues = nlu::said_cues(message);
        // ("¿Y el envío también me devuelven?": "envío" may read as where the order is.)
        // (Or a question the model reads as off topic: "How long will it take to reach my
        // account?")
        let about_it = [
            nlu::Cue::Refund,
            nlu::Cue::DeliveryInfo,
            nlu::Cue::Return,
            nlu::Cue::Fee,
            // "Will the money go back on my card?", "¿me llegan los chavos a la tarjeta?"
            nlu::Cue::Payment,
            // "When do I get it back?", "…to reach my account?"
            nlu::Cue::When,
            nlu::Cue::Account,
        ]
        .iter()
        .any(|c| cues.contains(c))
            // "How many days will it take…?", "¿cuántos días tarda…?"
            || crate::text::says_phrase(
                message,
                &["how many days", "how many business days", "cuantos dias"],
            );
        // "How much", whatever the model makes of the rest ("¿Cuánto exactamente me devuelven?
        // Con decimales, por favor, soy ingeniero."), unless it asks for a person.
        let asks_for_a_person = cues
            .iter()
            .any(|c| matches!(c, nlu::Cue::Human | nlu::Cue::Someone));
        let of_a_question = matches!(
            u.intent,
            Intent::ProductQuestion
                | Intent::ShopInfo
                | Intent::Browse
                | Intent::OrderStatus
                | Intent::OutOfScope
        );
        (how_much && (of_a_question || !asks_for_a_person)) || (about_it && of_a_question)
    };
    // (Asking to cancel after a refund offer is a new request: "it's not shipped yet, no? then
    // better cancel the whole order". A cancellation refunds: a refund question is about it.)
    // (Whether the money comes back is about either: "do I get the postage back an' all?"
    // after a cancellation's offer is answered with the cancellation's rules.)
    let same_action = match invitation {
        Some(Invitation::Cancel) => matches!(
            u.intent,
            Intent::Cancel | Intent::Refund | Intent::RefundInfo | Intent::CancelInfo
        ),
        Some(Invitation::Refund) => matches!(u.intent, Intent::Refund | Intent::RefundInfo),
        None => false,
    };
    let money_asked = invitation.is_some() && about_the_money();
    let asks_about_it = invitation.is_some()
        && accepted.is_none()
        && nlu::asks(message)
        && (same_action || money_asked);
    // "No me gustan, otros" right after a search: a refinement of it, whatever else the
    // model guesses with little confidence, unless its own words are about an order or a payment.
    // So does a budget alone ("ta, pero no quiero pasar de 100 dólares"), even when the model
    // guesses a purchase.
    let budget_only = u.slots.product_terms.is_empty()
        && (u.slots.budget_max.is_some() || u.slots.budget_min.is_some())
        && u.slots.order_number.is_none();
    let refines_on_a_guess = dialogue.search.is_some()
        && ((u.slots.refinement.is_some()
            && !matches!(
                u.intent,
                // These two narrow the search themselves when no product is meant.
                Intent::Browse | Intent::ProductQuestion | Intent::Buy
            ))
            || (budget_only && !matches!(u.intent, Intent::Browse | Intent::ProductQuestion)))
        && (u.confidence < 0.5
            || a_word_or_two_of_it(&u, message)
            // (Or read as thanks or a greeting with no word of either: "that's too much for
            // me".)
            || (matches!(u.intent, Intent::Thanks | Intent::Greeting)
                && !nlu::said_cues(message)
                    .iter()
                    .any(|c| matches!(c, nlu::Cue::Thanks | nlu::Cue::Greeting))))
        && !nlu::speaks_of_an_order(message);
    let intent = if bare_answer {
        Intent::Greeting
    } else if refines_on_a_guess {
        Intent::Browse
    } else if asks_about_it {
        match invitation {
            Some(Invitation::Cancel) => Intent::CancelInfo,
            _ => Intent::RefundInfo,
        }
    } else if let Some(invitation) = accepted {
        match invitation {
            Invitation::Refund => Intent::Refund,
            Invitation::Cancel => Intent::Cancel,
        }
    } else if shop_question {
        Intent::ShopInfo
    } else if about_page {
        Intent::ProductQuestion
    } else if gives_proof && !about_orders {
        Intent::OrderStatus
    } else {
        u.intent
    };
    // Right after the order's number and email were asked for, a message without them that
    // nothing else answers ("yes", "I don't have the number", "ok hold on", "can't you find it
    // by my name?") is about them: the ask is said again, with where to find them and a person
    // to turn to, and the request still waits for them.
    // ("wait actually nvm im keeping them": the request is let be.)
    let let_be = proof_asked
        && !gives_proof
        && dialogue.after_sale.is_some()
        && crate::assistant::consent::lets_it_be(message);
    // (So is the same request said again: "yes cancel it" after "to cancel your order I
    // need…".)
    let said_again = matches!(
        (&dialogue.after_sale, intent),
        (Some(AfterSaleAsk::Refund { .. }), Intent::Refund)
            | (Some(AfterSaleAsk::Cancel { .. }), Intent::Cancel)
            | (Some(AfterSaleAsk::Status), Intent::OrderStatus)
    );
    let about_the_proof = proof_asked
        && !gives_proof
        && !let_be
        && dialogue.after_sale.is_some()
        && (said_again || awaits_proof(intent, &u, message));
    // "I have a problem with my order", then "the boots are too small": what is wrong with the
    // order whose number was just asked for, told, asks for a refund (nothing moves without a
    // yes), not a search.
    let fault_of_the_order = proof_asked
        && !gives_proof
        && matches!(dialogue.after_sale, Some(AfterSaleAsk::Status))
        && matches!(
            intent,
            Intent::Browse | Intent::ProductQuestion | Intent::OrderStatus
        )
        && nlu::tells_what_is_wrong_only(message);
    let intent = if fault_of_the_order {
        Intent::Refund
    } else {
        intent
    };
    let intent = match (&dialogue.after_sale, about_the_proof && !fault_of_the_order) {
        (Some(AfterSaleAsk::Refund { .. }), true) => Intent::Refund,
        (Some(AfterSaleAsk::Cancel { .. }), true) => Intent::Cancel,
        (Some(AfterSaleAsk::Status), true) => Intent::OrderStatus,
        _ => intent,
    };
    // A question about the rules while a refund or a cancellation waits for its proof ("¿me
    // devolvéis todo?" after "para cancelar tu pedido necesito…"): the waiting action's rules,
    // and its ask said again, the request still waiting.
    let rules_of_the_waiting = proof_asked
        && !gives_proof
        && nlu::asks(message)
        && matches!(
            (&dialogue.after_sale, intent),
            (
                Some(AfterSaleAsk::Cancel { .. }),
                Intent::RefundInfo | Intent::CancelInfo
            ) | (Some(AfterSaleAsk::Refund { .. }), Intent::RefundInfo)
        );
    let intent = match (&dialogue.after_sale, rules_of_the_waiting) {
        (Some(AfterSaleAsk::Cancel { .. }), true) => Intent::CancelInfo,
        _ => intent,
    };
    let waiting = if rules_of_the_waiting {
        dialogue.after_sale.take()
    } else {
        None
    };
    // "That sounds just right, thank you very much. I'll take it. Where do I pay?", "Muchas
    // gracias. Me lo llevo. ¿Cómo lo pago?" of the product in view: a purchase, not thanks.
    let in_view =
        dialogue.focus.is_some() || !dialogue.shown.is_empty() || dialogue.checkout.is_some();
    // So is "lo quiero en size 3-4 años", "nah mejor en el color avena, en S igual. lo quiero"
    // read as a search for words that name no kind of product (a colour, a word of its name),
    // for no one else ("my husband needs a pair too… he can't buy his own" is a new search).
    let names_no_kind = || {
        vocabulary
            .as_deref()
            .is_some_and(|v| u.slots.product_terms.iter().all(|t| !v.names_a_kind(t)))
    };
    // "My banking app is showing two charges of $28 for the beanie?? did I pay twice": money
    // taken twice is trouble with a payment, whatever product it names. "I don't want to cancel
    // it, I still want the beanie. Can a real person look at the double charge?": an action
    // said only under a negation is not asked for; the charge, or the person asked for, is.
    let negated_action = matches!(intent, Intent::Cancel | Intent::Refund)
        && intent == u.intent
        && !nlu::said_cues(message).iter().any(|c| {
            matches!(
                c,
                nlu::Cue::Cancel | nlu::Cue::Refund | nlu::Cue::Return | nlu::Cue::Defect
            )
        });
    // "Don't ship mine, I'll get that one", "no point in you sending mine, right?" in a chat
    // that bought something: its cancellation (offered; nothing moves without a yes), not a
    // search for what else it names.
    let stops_the_one_bought = matches!(
        intent,
        Intent::Buy | Intent::Browse | Intent::OutOfScope | Intent::ShopInfo | Intent::Greeting
    ) && nlu::said_cues(message).contains(&nlu::Cue::Cancel)
        // (Not supposed: "si cancelo, ¿me devuelven todo?" asks the rules.)
        && !nlu::supposes(message)
        && !spanish_if(message)
        && bought_product(&ctx).await?.is_some();
    let intent = if stops_the_one_bought {
        Intent::Cancel
    } else {
        intent
    };
    let charge_taken = after_sale::says_charge_taken(message);
    let intent = if (negated_action || charge_taken)
        && nlu::said_cues(message)
            .iter()
            .any(|c| matches!(c, nlu::Cue::Human | nlu::Cue::Someone))
    {
        Intent::Human
    } else if charge_taken
        && (negated_action
            || matches!(
                intent,
                Intent::Browse | Intent::ProductQuestion | Intent::Buy | Intent::Greeting
            ))
    {
        Intent::PaymentProblem
    } else {
        intent
    };
    let intent = if matches!(intent, Intent::Thanks | Intent::Browse)
        && intent == u.intent
        && in_view
        && nlu::said_cues(message).contains(&nlu::Cue::Buy)
        && (intent == Intent::Thanks
            || (u.slots.budget_max.is_none()
                && u.slots.budget_min.is_none()
                && u.slots.recipient.is_none()
                && names_no_kind()))
    {
        Intent::Buy
    } else {
        intent
    };
    // "ok the fleece one. L", "the camel wrap coat in M then please", "la rosita en M porfa",
    // "the linen cushion. that's the one, I'll get it": with products on screen, one of them
    // picked by words of its own name or options, with a size or a wish to have it, and no
    // question asked, is bought (not searched for again).
    let picked = match intent {
        Intent::Browse | Intent::ProductQuestion | Intent::Buy
            if !dialogue.shown.is_empty()
                && !nlu::asks(message)
                && u.slots.budget_max.is_none()
                && u.slots.budget_min.is_none()
                && !matches!(
                    u.slots.refinement,
                    Some(Refinement::Cheaper | Refinement::MoreExpensive | Refinement::Another)
                )
                && (u.slots.size.is_some()
                    || nlu::said_cues(message)
                        .iter()
                        .any(|c| matches!(c, nlu::Cue::Buy | nlu::Cue::BuyWeak))) =>
        {
            picked_on_screen(&ctx, dialogue, &u).await?
        }
        _ => None,
    };
    let intent = if picked.is_some() {
        Intent::Buy
    } else {
        intent
    };
    // "Tried it on and it's crazy tight, I've got a massive head. Do you have it in a bigger
    // size?" with nothing on screen, in a chat that bought something: a question about the
    // thing bought (its latest order's product), not a search.
    let asks_of_what_was_bought = matches!(intent, Intent::Browse | Intent::ProductQuestion)
        && picked.is_none()
        && dialogue.shown.is_empty()
        && dialogue.focus.is_none()
        && ctx.page_product.is_none()
        && nlu::asks(message)
        && nlu::said_cues(message).contains(&nlu::Cue::Deictic)
        && (u.slots.size.is_some()
            || u.slots.product_attribute.is_some()
            || crate::text::words(message)
                .iter()
                .any(|w| matches!(w.as_str(), "size" | "sizes" | "talla" | "tallas" | "talle")))
        && vocabulary
            .as_deref()
            .is_some_and(|v| !u.slots.product_terms.iter().any(|t| v.names_a_kind(t)));
    let intent = match asks_of_what_was_bought {
        true => match bought_product(&ctx).await? {
            Some(id) => {
                dialogue.focus = Some(id);
                Intent::ProductQuestion
            }
            None => intent,
        },
        false => intent,
    };
    // The one product a wish to buy names by its name ("Vale, la Everyday me gusta. Me llevo
    // la verde en talla M", whatever is on screen).
    let buy_named = match intent {
        _ if picked.is_some() => picked,
        Intent::Buy if !u.slots.product_terms.is_empty() => {
            named_product(&ctx, &u, message, vocabulary.as_deref(), true).await?
        }
        _ => None,
    };
    // "Do the leather chelsea boots come in a 38?": a question about one product by name.
    let named = match intent {
        Intent::Browse => {
            match named_product(&ctx, &u, message, vocabulary.as_deref(), false).await? {
                Some(id) => Some(id),
                None => shown_by_name(&ctx, dialogue, &u, message).await?,
            }
        }
        _ => None,
    };
    // A question that names nothing to look for ("protegen de los rayos UV?", "is it machine
    // washable?") while products are on screen asks about them, not for a new search.
    // (So does one an unsure model reads as a greeting: "r they polarised".)
    let unsure_greeting = intent == Intent::Greeting && u.confidence < 0.6;
    // So does one an unsure model reads as off topic or about the shop, a refund or a
    // cancellation, when nothing in its own words is of those ("¿Y cómo se limpia, con
    // jabón?", "y se puede meter al dishwasher?", "cuántas horas se queda fría?").
    let unsure_elsewhere = matches!(
        intent,
        Intent::OutOfScope | Intent::ShopInfo | Intent::RefundInfo | Intent::CancelInfo
    ) && u.confidence < 0.5
        && !nlu::speaks_of_an_order(message)
        && !nlu::said_cues(message).into_iter().any(|c| {
            matches!(
                c,
                nlu::Cue::DeliveryInfo
                    | nlu::Cue::Newsletter
                    | nlu::Cue::Feedback
                    | nlu::Cue::Greeting
                    | nlu::Cue::Thanks
            )
        });
    // So does one that points at what is shown ("the one with the leather strap, does it use
    // battery?", "The brown ones. Can I wear em right out of the box?") with words that name
    // no kind the shop sells, asking of something that is neither a colour nor a size.
    // (Or whose wanted words all name one product shown, whatever else reads as a kind: "That
    // cedar one sounds wonderful. How long will it burn for? I'd only light it when…")
    // (Read from the database only when nothing else rules the question out.)
    let head_on_screen: Option<i64> = if intent == Intent::Browse
        && !u.slots.head_terms.is_empty()
        && !dialogue.shown.is_empty()
        && dialogue.search.is_some()
        && matches!(u.slots.refinement, None | Some(Refinement::SameKind))
        && no_option_nor_budget(&u)
        && nlu::asks(message)
    {
        let names = names_of(&ctx, &dialogue.shown).await?;
        let matching: Vec<i64> = names
            .iter()
            .filter(|(_, title, _)| title_says_all(title, &u.slots.head_terms))
            .map(|(id, _, _)| *id)
            .collect();
        match matching[..] {
            [one] => Some(one),
            _ => None,
        }
    } else {
        None
    };
    // ("What about for women?", "¿y para mujer?": the search for someone else, not a question
    // about the one shown, which says "it": "is it for women?".)
    let for_someone_else = || {
        u.slots.recipient.is_some()
            && u.slots.product_terms.is_empty()
            && !nlu::said_cues(message).contains(&nlu::Cue::Deictic)
    };
    let points_at_shown = || {
        let slots = &u.slots;
        matches!(slots.refinement, None | Some(Refinement::SameKind))
            && no_option_nor_budget(&u)
            && !for_someone_else()
            && (head_on_screen.is_some()
                || vocabulary
                    .as_deref()
                    .is_some_and(|v| !slots.product_terms.iter().any(|t| v.names_a_kind(t))))
            && dialogue.search.is_some()
            && !dialogue.shown.is_empty()
    };
    // (Who it is for said again names nothing new: "no le va a picar el cuellito? es bien
    // delicadito mi nieto" after a tee for him.)
    let said_again_for_whom = u.slots.product_terms.is_empty()
        && u.slots.refinement.is_none()
        && no_option_nor_budget(&u)
        && u.slots.recipient.is_some_and(|r| {
            dialogue.search.as_ref().and_then(|s| s.audience.as_deref()) == Some(audience_tag(r))
        });
    let about_shown = (intent == Intent::Browse || unsure_greeting || unsure_elsewhere)
        && nlu::asks(message)
        && (nothing_to_search(&u) || said_again_for_whom || points_at_shown())
        && (dialogue.focus.is_some() || !dialogue.shown.is_empty() || ctx.page_product.is_some());
    // "Not the linen one, something in black": what is on screen ruled out, and the search
    // after it narrowed, is no question about the product shown.
    let rules_out_shown = intent == Intent::ProductQuestion
        && dialogue.search.is_some()
        && !u.slots.excluded.is_empty()
        && (u.slots.colour.is_some() || u.slots.refinement.is_some());
    let about_what_it_is = intent == Intent::Browse
        && named.is_none()
        && !about_shown
        && asks_what_it_is(&ctx, dialogue, &u, message).await?;
    // "This lamp, bulb come with it or I need buy separate?": whether something comes with a
    // product on screen is a question about it, though it speaks of buying.
    let asks_whats_included = intent == Intent::Buy
        && nlu::asks(message)
        && asks_if_included(message)
        && (dialogue.focus.is_some() || !dialogue.shown.is_empty());
    // "Love them. Have you got them in a 38?", "sweet. white one?": a size or a colour asked
    // of the only product a search showed is asked of it (in stock or sold out), not a new
    // search that shows it again.
    // (One it comes in: another colour may be another product's. Not "anything in black?",
    // which asks for others, nor the options of a checkout card.)
    // (Naming it is asking of it too: "the cable knit one!! can I get it in a small?")
    let names_the_one_shown = match dialogue.shown.as_slice() {
        [only] if !u.slots.product_terms.is_empty() && u.slots.size.is_some() => {
            names_of(&ctx, &[*only])
                .await?
                .first()
                .is_some_and(|(_, title, _)| title_says_all(title, &u.slots.product_terms))
        }
        _ => false,
    };
    let option_of_the_one_shown = (intent == Intent::Browse
        || (intent == Intent::ShopInfo && u.confidence < 0.7))
        && named.is_none()
        && dialogue.search.is_some()
        && dialogue.checkout.is_none()
        && dialogue.shown.len() == 1
        && (u.slots.product_terms.is_empty() || names_the_one_shown)
        && (u.slots.size.is_some() || u.slots.colour.is_some())
        && matches!(
            u.slots.refinement,
            None | Some(Refinement::NewSize | Refinement::NewColour | Refinement::SameKind)
        )
        && u.slots.budget_max.is_none()
        && u.slots.budget_min.is_none()
        && !crate::text::words(message)
            .iter()
            .any(|w| OTHERS.contains(&w.as_str()))
        && options_said(&ctx, dialogue.shown[0], &u, message, names_the_one_shown)
            .await?
            .is_some();
    // "¿Viene en otro color? El amarillo me lo ensucia en dos días": the colours of the only
    // product shown, not the same search again.
    let other_colours_of_the_one_shown = matches!(intent, Intent::Browse | Intent::ProductQuestion)
        && named.is_none()
        && dialogue.search.is_some()
        && dialogue.checkout.is_none()
        && dialogue.shown.len() == 1
        && u.slots.size.is_none()
        && u.slots.budget_max.is_none()
        && answers::asks_other_colours(message)
        && vocabulary
            .as_deref()
            .is_none_or(|v| !u.slots.product_terms.iter().any(|t| v.names_a_kind(t)));
    // (The one its wanted words name is the one asked about.)
    let named = match named {
        None if about_shown => head_on_screen,
        None if option_of_the_one_shown || other_colours_of_the_one_shown => {
            dialogue.shown.first().copied()
        }
        named => named,
    };
    let intent = if named.is_some() || about_shown || about_what_it_is || asks_whats_included {
        Intent::ProductQuestion
    } else if rules_out_shown {
        Intent::Browse
    } else {
        intent
    };
    let mut reply = EmbeddedReply {
        intent: Some(intent),
        ..EmbeddedReply::default()
    };
    if let_be {
        dialogue.after_sale = None;
        dialogue.proof_half = None;
        reply.text = after_sale::left_as_is(locale).to_owned();
        return Ok(reply);
    }
    if declined
        && !matches!(
            intent,
            Intent::Browse | Intent::ProductQuestion | Intent::Buy | Intent::Human
        )
    {
        if let Some(card) = proven_order_card(&ctx).await? {
            reply.intent = Some(Intent::Greeting);
            reply.text = after_sale::kept(locale, &card);
            return Ok(reply);
        }
    }
    // Unsure between two things that would each do something: ask rather than guess (unless
    // the intent is not the model's guess but what the shopper accepted or asked about).
    let guessed = intent == u.intent && !about_the_proof;
    // Unsure between an order action the message asks for in its own words ("…así que no lo
    // quiero, anúlalo") and where the order is: the action's summary shows the order too, and
    // nothing happens without a yes.
    let action_said = |action: Intent| {
        let cues = nlu::said_cues(message);
        match action {
            Intent::Cancel => cues.contains(&nlu::Cue::Cancel),
            Intent::Refund => cues.contains(&nlu::Cue::Refund) || cues.contains(&nlu::Cue::Return),
            _ => false,
        }
    };
    // Likewise between an action said in so many words ("refund my order in full right now")
    // and a question about its rules, unless the message speaks of the policy.
    let info_of = |a: Intent| match a {
        Intent::Refund => Some(Intent::RefundInfo),
        Intent::Cancel => Some(Intent::CancelInfo),
        _ => None,
    };
    let status_or_action = |a: Intent, b: Intent| {
        let about_policy = || nlu::said_cues(message).contains(&nlu::Cue::Policy);
        (b == Intent::OrderStatus || (Some(b) == info_of(a) && !about_policy()))
            && action_said(a)
            && !message.contains(['?', '¿'])
    };
    // Unsure between two order questions of which the message says only one in its words
    // ("…has it shipped or what??" between cancelling and where the order is): that one.
    let said = nlu::said_cues(message);
    let says = |i: Intent| match i {
        Intent::Cancel | Intent::CancelInfo => Some(said.contains(&nlu::Cue::Cancel)),
        Intent::Refund | Intent::RefundInfo => {
            Some(said.contains(&nlu::Cue::Refund) || said.contains(&nlu::Cue::Return))
        }
        Intent::OrderStatus => Some(said.iter().any(|c| {
            matches!(
                c,
                nlu::Cue::Track | nlu::Cue::WhereIs | nlu::Cue::Arrive | nlu::Cue::Late
            )
        })),
        _ => None,
    };
    let only_said = |a: Intent, b: Intent| says(a) == Some(true) && says(b) == Some(false);
    let (intent, alternative) = match u.alternative.filter(|_| guessed) {
        Some(a) if status_or_action(intent, a) => (intent, None),
        Some(a) if status_or_action(a, intent) => (a, None),
        Some(a) if only_said(intent, a) => (intent, None),
        Some(a) if only_said(a, intent) => (a, None),
        a => (intent, a),
    };
    let guessed = guessed && intent == u.intent;
    reply.intent = Some(intent);
    // (An order's number or email given is an order question: never asked which.) A guess at
    // cancelling or a refund that says neither, with showing products close behind ("I want
    // more" with nothing on screen), is asked about too: an order asked for out of the blue
    // costs the shopper a turn.
    let unsaid_action =
        says(intent) == Some(false) && matches!(intent, Intent::Cancel | Intent::Refund);
    if let Some(alternative) = alternative.filter(|a| {
        guessed
            && !gives_proof
            && ((acts(*a) && acts(intent)) || (unsaid_action && *a == Intent::Browse))
    }) {
        reply.text = replies::which_did_you_mean(locale).to_owned();
        // (Showing products, the harmless reading, first when the action was never said.)
        let (first, second) = if unsaid_action {
            (alternative, intent)
        } else {
            (intent, alternative)
        };
        reply.quick_replies = [first, second]
            .into_iter()
            .filter_map(|i| replies::asking_for(locale, i))
            .map(str::to_owned)
            .collect();
        if reply.quick_replies.len() == 2 {
            reply.asks = true;
            return Ok(reply);
        }
        reply.quick_replies.clear();
    }

    // "Trail not road", "in merino": after a search, words that name no kind of product the
    // shop sells narrow that search, unless they say a new need begins ("now something wool
    // for my head", "y también algo para la lluvia").
    const NEW_NEED: &[&str] = &["now", "also", "too", "ahora", "tambien", "ademas"];
    if intent == Intent::Browse
        && dialogue.search.is_some()
        && !crate::text::words(message)
            .iter()
            .any(|w| NEW_NEED.contains(&w.as_str()))
        && u.slots.refinement.is_none()
        && !u.slots.product_terms.is_empty()
        && vocabulary
            .as_deref()
            .is_some_and(|v| !u.slots.product_terms.iter().any(|t| v.names_a_kind(t)))
    {
        u.slots.refinement = Some(Refinement::SameKind);
    }
    // "Kindly show me also something for my daughter… suitable for the office", "¿será que
    // tiene algo así para mi hija?": after a search, naming someone else and no kind, with a
    // word of likeness, asks for the same kind for them; the rest tells of them.
    const LIKE_THAT: &[&str] = &[
        "also", "too", "same", "similar", "tambien", "asi", "parecido", "parecida", "igual",
    ];
    // (A son and a daughter are both "kids" to the catalog: who it is for is said anew.)
    let intent = if matches!(intent, Intent::Browse | Intent::ProductQuestion)
        && named.is_none()
        && dialogue.search.is_some()
        && u.slots.recipient.is_some()
        && crate::text::words(message)
            .iter()
            .any(|w| LIKE_THAT.contains(&w.as_str()))
        && vocabulary
            .as_deref()
            .is_some_and(|v| !u.slots.product_terms.iter().any(|t| v.names_a_kind(t)))
    {
        u.slots.product_terms.clear();
        u.slots.head_terms.clear();
        u.slots.described.clear();
        u.slots.refinement = None;
        Intent::Browse
    } else {
        intent
    };
    // After a checkout card, "medium in that terracotta colour please", "talla 36 de cintura
    // los negros": the options of the product being bought, not a new search.
    let offered_checkout = dialogue.checkout;
    if let Some(product_id) = dialogue.checkout.take().filter(|_| {
        named.is_none()
            && matches!(
                intent,
                Intent::Browse | Intent::ProductQuestion | Intent::Buy
            )
    }) {
        if let Some(variant_id) = options_said(&ctx, product_id, &u, message, false).await? {
            let call = ToolCall::StartCheckout {
                product_id,
                variant_id: Some(variant_id),
            };
            say_outcome(&ctx, &mut reply, &call).await?;
            dialogue.checkout = Some(product_id);
            dialogue.focus = Some(product_id);
            return Ok(reply);
        }
    }
    // A question about an offer this message dropped ("how much comes back, shipping too?",
    // "¿y cuándo me llega la plata?"): what it would have come to, offered again, so a yes
    // now carries it out.
    let dropped_offer = dialogue.dropped_offer.take();
    if let (true, Some(dropped)) = (asks_about_it, dropped_offer) {
        if let (Some(came_to), Some(outcome)) = (
            dropped.came_to.clone(),
            crate::assistant::consent::offer_again(&ctx, &dropped).await?,
        ) {
            if let tools::OutcomeKind::ConfirmationNeeded { card, offer } = outcome.kind {
                // A question about the thing bought, not the offer ("hang on before you do
                // anything, what colours does it even come in?"): answered from the product,
                // and the same offer asked again.
                let of_the_product = u.slots.product_attribute.filter(|a| {
                    matches!(
                        a,
                        nlu::Attribute::Colour
                            | nlu::Attribute::Size
                            | nlu::Attribute::Material
                            | nlu::Attribute::Care
                    )
                } && !money_asked);
                if let Some(attribute) = of_the_product {
                    if let Some(product_id) =
                        crate::assistant::consent::product_of(&ctx, &dropped).await?
                    {
                        show_product(
                            &ctx,
                            &mut reply,
                            dialogue,
                            product_id,
                            Some(attribute),
                            None,
                            Some(message),
                        )
                        .await?;
                        reply.text = format!(
                            "{} {}",
                            reply.text,
                            replies::still_go_ahead(
                                locale,
                                dropped.invitation == Invitation::Cancel,
                                &card.order_number
                            )
                        );
                        reply.quick_replies = vec![offer.yes, offer.no];
                        reply.asks = true;
                        return Ok(reply);
                    }
                }
                reply.text = came_to;
                reply.quick_replies = vec![offer.yes, offer.no];
                reply.order = Some(*card);
                // Asked for again ("could I have my money back please?"), it is that request
                // offered. (Not whether it all comes back: "¿me devolvéis todo o os quedáis
                // el porte?")
                let how_much = crate::text::words(message).iter().any(|w| {
                    matches!(
                        w.as_str(),
                        "all"
                            | "whole"
                            | "full"
                            | "entire"
                            | "or"
                            | "todo"
                            | "todos"
                            | "toda"
                            | "completo"
                            | "o"
                    )
                });
                if matches!(u.intent, Intent::Refund | Intent::Cancel)
                    && nlu::asks_for_the_action(message)
                    && !how_much
                {
                    reply.tools.push(match dropped.invitation {
                        Invitation::Cancel => "cancel_order",
                        Invitation::Refund => "request_refund",
                    });
                }
                return Ok(reply);
            }
        }
    }
    let unresolved_before = dialogue.unresolved;
    // "Leather ones", "algo más abrigado": the same kind only with something to add ("more
    // details about delivery" after a search asks about the shop).
    let refinement = u.slots.refinement.filter(|r| {
        *r != Refinement::SameKind
            || !u.slots.product_terms.is_empty()
            || !u.slots.excluded.is_empty()
    });
    let refining = dialogue.search.is_some()
        && (refinement.is_some()
            || (u.slots.product_terms.is_empty()
                && (u.slots.colour.is_some()
                    || u.slots.budget_max.is_some()
                    || u.slots.cheap
                    // "actually for my kid": the same search, for someone else. (Not the
                    // same one said again in what reads as no request: "no le va a picar el
                    // cuellito? es bien delicadito mi nieto" after a tee for him.)
                    || (u.slots.recipient.is_some()
                        && !(said_again_for_whom && intent != Intent::Browse)))));
    // "Which is warmer, the puffer or the parka?", "¿cuál abriga más?": a question that
    // compares products on screen is answered from each one's description.
    // (Not "hay alguna más barata?": a refinement of the search.)
    let of_any = compare::asks_of_any(message) && u.slots.refinement.is_none();
    if matches!(intent, Intent::ProductQuestion | Intent::Browse)
        && dialogue.checkout.is_none()
        && no_option_nor_budget(&u)
        && nlu::asks(message)
        && (compare::asks_to_compare(message) || of_any)
    {
        let shown_or_seen: Vec<i64> = dialogue
            .shown
            .iter()
            .chain(
                dialogue
                    .seen
                    .iter()
                    .filter(|id| !dialogue.shown.contains(id)),
            )
            .copied()
            .collect();
        let titles: Vec<(i64, String)> = names_of(&ctx, &shown_or_seen)
            .await?
            .into_iter()
            .map(|(id, title, _)| (id, title))
            .collect();
        let mut ids = compare::compared(dialogue, &titles, message);
        // "Which is warmer, the puffer or the parka?" with only the puffer shown: the other is
        // found by the word of its title the shopper said.
        let named = match (&ids, u.slots.product_terms.is_empty()) {
            (None, false) => compare::named(dialogue, &titles, message),
            _ => Vec::new(),
        };
        if let [one] = named.as_slice() {
            let said: Vec<String> = crate::text::words(message)
                .iter()
                .map(|w| crate::text::singular(w).to_owned())
                .collect();
            let call = ToolCall::SearchProducts(SearchProducts {
                query: u.slots.product_terms.join(" "),
                ..SearchProducts::default()
            });
            if let OutcomeKind::Found { cards } =
                tools::search_excluding(&ctx, &call, &[*one]).await?.kind
            {
                let one_title = titles
                    .iter()
                    .find(|(id, _)| id == one)
                    .map(|(_, t)| crate::text::words(t))
                    .unwrap_or_default();
                let other = cards.iter().find(|c| {
                    crate::text::words(&c.title).iter().any(|w| {
                        compare::names_it(w)
                            && !one_title.contains(w)
                            && said.iter().any(|s| s == crate::text::singular(w))
                    })
                });
                if let Some(other) = other {
                    ids = Some(vec![*one, other.product_id]);
                }
            }
        }
        match ids {
            Some(ids) if !of_any => {
                let compared = compare::compare(&ctx, &mut reply, &ids, message).await?;
                if compared {
                    reply.intent = Some(Intent::ProductQuestion);
                    return Ok(reply);
                }
            }
            // "Which one has a hood?", "do any of them have a hood?" of several shown, naming
            // none of them nor a kind: those whose descriptions say it. (What "any of them
            // has" is a feature, even a word that names a kind: "¿alguna tiene capucha?" asks
            // of a hood, not for hoodies.)
            _ if named.is_empty()
                && u.slots.refinement.is_none()
                && dialogue.shown.len() >= 2
                && (!u
                    .slots
                    .product_terms
                    .iter()
                    .any(|t| vocabulary.as_deref().is_some_and(|v| v.names_a_kind(t)))
                    || (of_any && compare::asks_what_they_have(message))) =>
            {
                let shown = dialogue.shown.clone();
                if compare::which_say(&ctx, &mut reply, &shown, message).await? {
                    reply.intent = Some(Intent::ProductQuestion);
                    return Ok(reply);
                }
            }
            _ => {}
        }
    }
    // "La segunda", "the first one": a pick of those shown, asking nothing of it, is its
    // details, whatever question the model reads into it.
    let intent = if intent == Intent::ProductQuestion
        && matches!(u.slots.refinement, Some(Refinement::Ordinal(_)))
        && u.slots.product_attribute.is_none()
        && u.slots.product_terms.is_empty()
        && !nlu::asks(message)
        && crate::text::words(message).len() <= 4
    {
        Intent::Browse
    } else {
        intent
    };
    // "This hat is not what I expected at all.", "the beanie has a hole in it", with nothing
    // on screen and an order of this chat: what is wrong with what was bought, whose refund is
    // offered (nothing moves without a yes). (No longer wanted, "ya no quiero el gorro": its
    // cancellation, a refund once shipped.)
    let no_longer_wanted = nlu::no_longer_wants(message);
    let intent = if matches!(intent, Intent::Browse | Intent::ProductQuestion)
        && dialogue.shown.is_empty()
        && dialogue.focus.is_none()
        && ctx.page_product.is_none()
        && !nlu::asks(message)
        && (nlu::tells_what_is_wrong_only(message) || no_longer_wanted)
        // (Of one thing, not a taste in general: "I don't like hats with pompoms".)
        && crate::text::words(message).iter().any(|w| {
            matches!(
                w.as_str(),
                "this" | "that" | "it" | "the" | "my" | "este" | "esta" | "ese" | "esa" | "el"
                    | "mi" | "lo"
            )
        })
        && proven_order_card(&ctx).await?.is_some()
    {
        if no_longer_wanted && !nlu::tells_what_is_wrong(message) {
            Intent::Cancel
        } else {
            Intent::Refund
        }
    } else {
        intent
    };
    // The one product a question names by its kind said with "the" ("does the parka have a
    // hood?"), when nothing else points at one.
    let the_one_asked = match intent {
        Intent::ProductQuestion if named.is_none() => {
            named_product(&ctx, &u, message, vocabulary.as_deref(), false).await?
        }
        _ => None,
    };
    match intent {
        Intent::Greeting => {
            reply.text = match &ctx.shop.greeting {
                Some(g) if !g.trim().is_empty() => g.clone(),
                _ => replies::welcome(locale, seed, &ctx.shop.name),
            };
            reply.quick_replies = replies::starters(locale, vocabulary.as_deref());
        }
        Intent::Thanks => {
            reply.text = format!(
                "{} {}",
                replies::thanks(locale, seed),
                crate::assistant::feedback::rating_question(locale)
            );
            reply.quick_replies = crate::assistant::feedback::rating_chips(locale);
        }
        Intent::OrderStatus | Intent::Refund | Intent::Cancel => {
            after_sale_turn(
                &ctx,
                &mut reply,
                dialogue,
                intent,
                &u,
                message,
                about_the_proof,
            )
            .await?;
            // "Actually, cancel that" right after a checkout was offered, with no order in
            // this conversation: nothing was ordered nor paid. Said so first; an earlier order
            // may still be named.
            if let (Intent::Cancel, Some(product_id), Some(AfterSaleAsk::Cancel { .. })) =
                (intent, offered_checkout, &dialogue.after_sale)
            {
                // (Only where the checkout card was shown: elsewhere the shopper was sent to
                // the product's page and may have bought it there.)
                if u.slots.order_number.is_none()
                    && !nlu::said_cues(message).contains(&nlu::Cue::PastPurchase)
                    && tools::client_can_show_checkout(&ctx).await?
                {
                    let names = names_of(&ctx, &[product_id]).await?;
                    if let Some((_, title, _)) = names.first() {
                        reply.text = after_sale::nothing_ordered_yet(locale, title);
                    }
                }
            }
        }
        // "Compré un gorro ayer… ¿puedo cancelar mi orden?", "I bought a beanie yesterday, can
        // I return it?" with the order proven: what cancelling or refunding it would do,
        // offered (nothing happens without a yes). Not a question that holds off ("just
        // asking", "not yet") or hedges ("can I still…?", "if I cancel it…", "what can I
        // do?"): the rules, and the invitation. Of a refund, only whether it may be done, not
        // how long, when or where, nor an exchange (answered with how one is done).
        Intent::CancelInfo | Intent::RefundInfo
            if speaks_of_own_purchase(message)
                && !holds_off(message)
                && !nlu::hedges(message)
                && waiting.is_none()
                && (intent == Intent::CancelInfo
                    || (asks_whether_one_can(message) && !nlu::exchanges(message)))
                && proven_order_card(&ctx).await?.is_some() =>
        {
            let act = if intent == Intent::CancelInfo {
                Intent::Cancel
            } else {
                Intent::Refund
            };
            after_sale_turn(
                &ctx,
                &mut reply,
                dialogue,
                act,
                &u,
                message,
                about_the_proof,
            )
            .await?;
        }
        Intent::RefundInfo => {
            if let Some(ask) = refund_info(&ctx, &mut reply, message, waiting).await? {
                // No order proven: its number and email are asked, for its card ("where is my
                // refund?") or for the refund ("…they don't fit, how do I get reimbursed?").
                dialogue.after_sale = Some(ask);
                dialogue.proof_asked = true;
            }
            if !reply.quick_replies.is_empty() {
                dialogue.invited = Some(Invitation::Refund);
            }
        }
        Intent::CancelInfo => {
            let order = proven_order_card(&ctx).await?;
            reply.text = after_sale::cancel_rules(locale, order.as_ref());
            let shopify = order.is_none() && tools::shopify_order_proven(&ctx).await?;
            if shopify {
                shopify::cancel_rules(&ctx, &mut reply).await?;
                if !reply.quick_replies.is_empty() {
                    dialogue.invited = Some(Invitation::Cancel);
                }
            } else if order.is_none()
                && (waiting.is_some()
                    || (speaks_of_own_purchase(message) || nlu::asks_how_to_act(message))
                        && !holds_off(message))
            {
                // "I ordered a jacket by mistake, how do I cancel it?": the rules, then the order.
                let ask = waiting.unwrap_or_else(|| AfterSaleAsk::Cancel {
                    reason: message.chars().take(200).collect(),
                });
                if let Some(ask) = ask_for_the_order(&ctx, &mut reply, ask).await? {
                    dialogue.after_sale = Some(ask);
                    dialogue.proof_asked = true;
                }
            }
            if let Some(card) = order {
                reply.quick_replies = vec![cancel_my_order(locale).into()];
                reply.order = Some(card);
                dialogue.invited = Some(Invitation::Cancel);
            }
        }
        Intent::PaymentProblem => {
            reply.text = if after_sale::says_charge_taken(message) {
                after_sale::charge_taken(locale)
            } else {
                after_sale::payment_problem(locale)
            }
            .to_owned();
            reply.quick_replies = vec![talk_to_a_person(locale).into()];
        }
        Intent::Human => {
            // The summary is built from the stored conversation, which quotes this message.
            let call = ToolCall::HandoffToHuman {
                summary: String::new(),
            };
            say_outcome(&ctx, &mut reply, &call).await?;
        }
        // Nothing on screen yet and a kind of product named ("I want to buy a bag for my
        // laptop", "quiero bolígrafos"): show the choice; every card carries Buy. Not one
        // product named by its name ("quiero comprar las zapatillas Pico Trail Runner talla
        // 42"): its checkout.
        Intent::Buy
            if dialogue.shown.is_empty()
                && dialogue.focus.is_none()
                && ctx.page_product.is_none()
                && !u.slots.product_terms.is_empty()
                && buy_named.is_none() =>
        {
            let as_asked = browse_as_asked(&ctx, &mut reply, dialogue, &u, false, seed).await?;
            narrow_to_measure(&mut reply, dialogue, &u, message, locale);
            // Only one product of that kind ("agrega la sudadera gris talla M al carrito"), said
            // to be bought: its checkout, under its card. (Not the closest to a budget, nor one
            // of another colour or kind shown instead.)
            if let ([card], true) = (reply.products.as_slice(), as_asked) {
                if nlu::said_cues(message).contains(&nlu::Cue::Buy) && !nlu::asks(message) {
                    let product_id = card.product_id;
                    let call = ToolCall::StartCheckout {
                        product_id,
                        variant_id: None,
                    };
                    say_outcome(&ctx, &mut reply, &call).await?;
                    dialogue.checkout = Some(product_id);
                }
            }
        }
        Intent::Buy => match buy_named
            .or(priced_pick(dialogue, &u, message))
            .or(sized_pick(&ctx, dialogue, &u, message).await?)
            .or(target_product(&ctx, dialogue, &u, message).await?)
        {
            Some(product_id) => {
                let shown =
                    show_product(&ctx, &mut reply, dialogue, product_id, None, None, None).await?;
                let call = ToolCall::StartCheckout {
                    product_id,
                    variant_id: None,
                };
                let lead = reply.text.clone();
                say_outcome(&ctx, &mut reply, &call).await?;
                dialogue.checkout = Some(product_id);
                if shown {
                    reply.text = format!("{lead}\n\n{}", reply.text);
                }
            }
            None if !u.slots.product_terms.is_empty() => {
                browse(&ctx, &mut reply, dialogue, &u, false, seed).await?
            }
            // "Actually make it under 50" after a search changes that search.
            None if refining => browse(&ctx, &mut reply, dialogue, &u, true, seed).await?,
            // "Me la llevo" with several on screen: which of them, by name.
            None if dialogue.shown.len() > 1 => {
                let names = names_of(&ctx, &dialogue.shown).await?;
                let titles: Vec<String> = names.into_iter().map(|(_, title, _)| title).collect();
                reply.text = replies::which_of(locale, &titles);
            }
            None => reply.text = replies::which_product(locale).to_owned(),
        },
        // "Maybe a mug would do her?" with a tee on screen asks about mugs, not the tee.
        Intent::ProductQuestion
            if named.is_none()
                && the_one_asked.is_none()
                && another_kind(&ctx, dialogue, &u, vocabulary.as_deref()).await? =>
        {
            browse(&ctx, &mut reply, dialogue, &u, false, seed).await?
        }
        // "¿Qué le puedo mandar para que se abrigue? Yo no gasto más de 60." with nothing on
        // screen: a question naming only what it should be (warm), no kind and no product by
        // name, asks what there is.
        Intent::ProductQuestion
            if named.is_none()
                && the_one_asked.is_none()
                && dialogue.shown.is_empty()
                && dialogue.focus.is_none()
                && ctx.page_product.is_none()
                && !u.slots.product_terms.is_empty()
                && vocabulary.as_deref().is_some_and(|v| {
                    !u.slots
                        .product_terms
                        .iter()
                        .any(|t| v.names_a_kind(t) || v.is_name_only(t))
                }) =>
        {
            browse(&ctx, &mut reply, dialogue, &u, false, seed).await?
        }
        // So does one that asks for something the shop doesn't sell ("¿Venden cañas de pescar?
        // … se me fue todo al agua"): said so, not a product sharing another of its words.
        Intent::ProductQuestion
            if named.is_none()
                && dialogue.shown.is_empty()
                && dialogue.focus.is_none()
                && ctx.page_product.is_none()
                && u.slots.unsold.is_some() =>
        {
            browse(&ctx, &mut reply, dialogue, &u, false, seed).await?
        }
        Intent::ProductQuestion => match named
            .or(priced_pick(dialogue, &u, message))
            .or(sized_pick(&ctx, dialogue, &u, message).await?)
            // "How cold is the parka rated to?" with jackets on screen: the one product off
            // screen whose name says the kind asked for, when none on screen does.
            .or(named_off_screen(&ctx, dialogue, &u, message, vocabulary.as_deref()).await?)
            // ("What sizes do they come in?" asks of all those on screen.)
            .or(if of_them(&u, dialogue, message) {
                None
            } else {
                target_product(&ctx, dialogue, &u, message).await?
            })
            .or(the_one_asked)
        {
            Some(product_id) => {
                // "Which is the cheapest one?": its price. (Not "and the cheaper one, can i
                // put it in the microwave?": what is asked of it.)
                let asks_only_which = crate::text::words(message).iter().all(|w| {
                    w.len() < 3
                        || nlu::is_common(w)
                        || w.starts_with("cheap")
                        || w.starts_with("barat")
                        || w.starts_with("expensive")
                        || w.starts_with("car")
                        || w.starts_with("econ")
                        || matches!(
                            w.as_str(),
                            "one" | "ones" | "which" | "cual" | "most" | "least"
                        )
                });
                let by_price = named.is_none()
                    && u.slots.product_attribute.is_none()
                    && asks_only_which
                    && priced_pick(dialogue, &u, message) == Some(product_id);
                let attribute = match (u.slots.product_attribute, &u.slots.colour) {
                    _ if by_price => Some(nlu::Attribute::Price),
                    // "Do you have the parka in black?": whether it comes in it (the colour
                    // read as a slot or, beside a tag of that colour, as a word of the shop's).
                    (None, colour)
                        if (the_one_asked == Some(product_id) || named == Some(product_id))
                            && u.slots.size.is_none()
                            && (colour.is_some()
                                || u.slots
                                    .product_terms
                                    .iter()
                                    .any(|t| nlu::colour_word(t).is_some())) =>
                    {
                        Some(nlu::Attribute::Colour)
                    }
                    (None, Some(_)) if about_page => Some(nlu::Attribute::Colour),
                    (None, Some(_)) if option_of_the_one_shown && u.slots.size.is_none() => {
                        Some(nlu::Attribute::Colour)
                    }
                    (None, _) if other_colours_of_the_one_shown => Some(nlu::Attribute::Colour),
                    // "la blanca hay? o solo esa": a colour asked of the product in question,
                    // with nothing else asked of it, is whether it comes in it.
                    (None, Some(_))
                        if u.slots.size.is_none()
                            && u.slots.refinement == Some(Refinement::NewColour)
                            && u.slots.product_terms.is_empty() =>
                    {
                        Some(nlu::Attribute::Colour)
                    }
                    // "Does it come in a 38?": "come in" asks for a colour only when no size
                    // is named.
                    (Some(nlu::Attribute::Colour), None) if u.slots.size.is_some() => {
                        Some(nlu::Attribute::Size)
                    }
                    (attribute, _) => attribute,
                };
                show_product(
                    &ctx,
                    &mut reply,
                    dialogue,
                    product_id,
                    attribute,
                    u.slots.size.as_deref(),
                    Some(message),
                )
                .await?;
            }
            // "Do you have them in coral?" with several products on screen narrows that search.
            None if refining => browse(&ctx, &mut reply, dialogue, &u, true, seed).await?,
            // "¿Tienen buzos con capucha?": what there is of that kind. A question about no
            // product at all that asks for a present or within a budget ("secret santa for one
            // of the night shift girls, limit is 25 dollars") browses within it.
            None if !u.slots.product_terms.is_empty()
                || u.slots.gift
                || u.slots.budget_max.is_some() =>
            {
                browse(&ctx, &mut reply, dialogue, &u, false, seed).await?
            }
            // "What colours do they come in?" of several on screen: each one's.
            None if dialogue.shown.len() >= 2
                && matches!(
                    u.slots.product_attribute,
                    Some(nlu::Attribute::Colour | nlu::Attribute::Size)
                )
                && options_of_shown(
                    &ctx,
                    &mut reply,
                    dialogue,
                    u.slots.product_attribute == Some(nlu::Attribute::Size),
                )
                .await? => {}
            // "¿Me prestas dinero?", "can you lend me money?": a question about no product,
            // with nothing in view and no "it" to point at one, asks nothing of the shop.
            None if !in_view
                && ctx.page_product.is_none()
                && u.slots.product_attribute.is_none()
                && !nlu::said_cues(message).contains(&nlu::Cue::Deictic) =>
            {
                off_topic(&mut reply, dialogue, locale, seed, vocabulary.as_deref());
            }
            None => reply.text = replies::which_product(locale).to_owned(),
        },
        Intent::Browse => {
            let by_price = priced_pick(dialogue, &u, message);
            let picked = match by_price {
                Some(id) => Some(id),
                None => sized_pick(&ctx, dialogue, &u, message).await?,
            };
            if let Some(id) = picked {
                // "¿Cuál es la más barata?": its price.
                let attribute =
                    (by_price.is_some() && nlu::asks(message)).then_some(nlu::Attribute::Price);
                show_product(&ctx, &mut reply, dialogue, id, attribute, None, None).await?;
            } else if let Some(Refinement::Ordinal(n)) = u.slots.refinement {
                match dialogue
                    .shown
                    .get(usize::from(n).saturating_sub(1))
                    .copied()
                {
                    Some(id) => {
                        show_product(&ctx, &mut reply, dialogue, id, None, None, None).await?;
                    }
                    // Nothing shown to pick from: a number beside what the shop sells
                    // ("#2 pencils") describes it.
                    None if !u.slots.product_terms.is_empty() => {
                        browse(&ctx, &mut reply, dialogue, &u, refining, seed).await?;
                    }
                    None => reply.text = replies::which_product(locale).to_owned(),
                }
            } else if let Some(id) =
                of_the_one_in_view(dialogue, &u, refining, details_last, message)
            {
                // "Sage colour, size M have?" after one product's details, with no search to
                // narrow: whether that product comes so.
                let attribute = option_asked(&u).unwrap_or(nlu::Attribute::Size);
                show_option(&ctx, &mut reply, dialogue, id, attribute, &u, message).await?;
            } else {
                let (before, focus) = (dialogue.shown.clone(), dialogue.focus);
                browse(&ctx, &mut reply, dialogue, &u, refining, seed).await?;
                narrow_to_measure(&mut reply, dialogue, &u, message, locale);
                // "Do they come in blue too?" of the only product shown, "Lavender in M" or
                // "the leather ones then, small please" of the one in view: when the search
                // finds only that product again, whether it comes so (in stock or not) or the
                // colours it comes in, not the same card as news.
                let again = match reply.products.as_slice() {
                    [is] if (before == [is.product_id] && refining)
                        || focus == Some(is.product_id) =>
                    {
                        Some(is.product_id)
                    }
                    _ => None,
                };
                if let (Some(id), Some(attribute)) = (again, option_asked(&u)) {
                    reply = EmbeddedReply {
                        intent: Some(Intent::ProductQuestion),
                        ..EmbeddedReply::default()
                    };
                    show_option(&ctx, &mut reply, dialogue, id, attribute, &u, message).await?;
                }
            }
        }
        // (Not a question surely off topic that only names someone: "brb my kid is asking -
        // whats 7 times 8? homework emergency lol".)
        Intent::ShopInfo | Intent::OutOfScope
            if refining
                && !(intent == Intent::OutOfScope
                    && u.confidence >= 0.9
                    && u.slots.refinement.is_none()
                    && u.slots.colour.is_none()
                    && u.slots.size.is_none()
                    && u.slots.budget_max.is_none()
                    && !u.slots.cheap) =>
        {
            // (A size or colour alone, after a product's details, is asked of it.)
            match of_the_one_in_view(dialogue, &u, refining, details_last, message) {
                Some(id) => {
                    let attribute = option_asked(&u).unwrap_or(nlu::Attribute::Size);
                    show_option(&ctx, &mut reply, dialogue, id, attribute, &u, message).await?;
                }
                None => browse(&ctx, &mut reply, dialogue, &u, true, seed).await?,
            }
        }
        Intent::ShopInfo | Intent::OutOfScope
            if shop_answer(&ctx, &mut reply, message, intent == Intent::ShopInfo).await? =>
        {
            // "Perfect, how do I pay?" with one product in view: how paying works, and its
            // checkout (or where to buy it).
            let in_view = match dialogue.shown.as_slice() {
                [one] => Some(*one),
                [] => dialogue.focus,
                _ => None,
            };
            let how_to_pay = crate::text::says_phrase(
                message,
                &[
                    "how do i pay",
                    "how can i pay",
                    "how do i buy it",
                    "how do i check out",
                    "how do i checkout",
                    "como pago",
                    "como lo pago",
                    "como la pago",
                    "como puedo pagar",
                    "como se paga",
                ],
            );
            if let (Some(product_id), true) = (in_view, how_to_pay) {
                let answer = std::mem::take(&mut reply.text);
                let call = ToolCall::StartCheckout {
                    product_id,
                    variant_id: None,
                };
                say_outcome(&ctx, &mut reply, &call).await?;
                reply.text = format!("{answer}\n\n{}", reply.text);
                dialogue.checkout = Some(product_id);
                dialogue.focus = Some(product_id);
            }
        }
        Intent::ShopInfo => {
            dialogue.unresolved += 1;
            reply.text = replies::no_shop_answer(locale).to_owned();
            reply.quick_replies = vec![talk_to_a_person(locale).into()];
            keep_unanswered(&ctx, message, crate::answers::unanswered::Reason::NoMatch).await?;
        }
        // "I ordered the wrong size, can I change it before it ships?": what can be done instead.
        Intent::OutOfScope if nlu::changes_an_order(&nlu::said_cues(message), message) => {
            reply.text = after_sale::change_order(locale).to_owned();
            reply.quick_replies = vec![
                cancel_my_order(locale).into(),
                talk_to_a_person(locale).into(),
            ];
        }
        Intent::OutOfScope => {
            off_topic(&mut reply, dialogue, locale, seed, vocabulary.as_deref());
            // A word of the catalog inside an off-topic message ("playa" in a sentence to
            // translate) is one tap away, in case it was a request for it after all. (Not a word
            // only a product's name has: "tiempo" is no "Tempo" racer.)
            let name_only = |t: &String| vocabulary.as_deref().is_some_and(|v| v.is_name_only(t));
            if let Some(term) = u.slots.product_terms.first().filter(|t| !name_only(t)) {
                let chip = crate::text::capitalised(term);
                reply
                    .quick_replies
                    .retain(|q| !q.eq_ignore_ascii_case(&chip));
                reply.quick_replies.insert(0, chip);
                reply.quick_replies.truncate(4);
            }
            if dialogue.unresolved >= OFFER_HUMAN_AFTER {
                reply
                    .quick_replies
                    .insert(0, talk_to_a_person(locale).into());
            }
        }
    }
    // A turn that raised the count could not help; any other starts it again.
    let unresolved = dialogue.unresolved > unresolved_before;
    if !unresolved {
        dialogue.unresolved = 0;
    } else if crate::handoff::is_waiting(&ctx.deps.db, ctx.shop.id, ctx.conversation_id).await? {
        // A person already has the conversation: say so instead of offering one again.
        dialogue.unresolved = 0;
        reply.quick_replies.retain(|q| !is_talk_to_a_person(q));
        reply.text = format!(
            "{}\n\n{}",
            reply.text,
            crate::handoff::still_waiting(locale)
        );
    } else if dialogue.unresolved >= crate::handoff::HAND_OFF_AFTER {
        dialogue.unresolved = 0;
        let handoff = ctx
            .hand_off(crate::handoff::Reason::Unresolved, None)
            .await?;
        reply.tools.push("handoff_to_human");
        keep_unanswered(&ctx, message, crate::answers::unanswered::Reason::HandedOff).await?;
        reply.quick_replies.retain(|q| !is_talk_to_a_person(q));
        reply.text = format!("{}\n\n{}", reply.text, handoff.notice);
        reply.handoff = Some(handoff.expected_reply);
    }
    // Was this reply any help? Asked under every reply but a greeting and a question.
    if !reply.asks && intent != Intent::Greeting {
        crate::assistant::feedback::add_thumbs(&mut reply.quick_replies, locale);
    }
    Ok(reply)
}

/// Answers a question about the shop from its own answers (settings and FAQ), naming the
/// source. `asked` is true when the message was read as a question about the shop; otherwise
/// only an answer covering nearly all of it is given. False when nothing answers it.
async fn shop_answer(
    ctx: &ToolContext<'_>,
    reply: &mut EmbeddedReply,
    message: &str,
    asked: bool,
) -> Result<bool, ApiError> {
    let hit = ctx
        .deps
        .answers
        .search(&ctx.deps.db, ctx.shop.id, message, ctx.locale)
        .await?;
    let Some(hit) = hit.filter(|h| asked || h.coverage >= 0.75) else {
        return Ok(false);
    };
    reply.tools.push("search_answers");
    let mut answer = hit.entry.answer.clone();
    // "Do you ship to Canada?": yes or no first, then the list. Asked with another shipping
    // question ("do you ship to Canada, and how much is it?"), yes or no first, then that.
    use crate::answers::Topic;
    if matches!(
        hit.entry.topic,
        Topic::Countries | Topic::Shipping | Topic::Delivery
    ) {
        if let Some(code) = crate::answers::facts::country_in(message) {
            let facts = crate::answers::facts::ShopFacts::load(&ctx.deps.db, ctx.shop.id).await?;
            let name = crate::answers::facts::country_name(code, ctx.locale).unwrap_or(code);
            let verdict = match (ctx.locale, facts.ships_to(code)) {
                (Locale::En, true) => format!("Yes, we ship to {name}."),
                (Locale::En, false) => format!("Sorry, we don't ship to {name}."),
                (Locale::Es, true) => format!("Sí, enviamos a {name}."),
                (Locale::Es, false) => format!("Lo siento, no enviamos a {name}."),
            };
            answer = format!("{verdict} {answer}");
        }
    }
    reply.text = format!("{} {answer}", hit.entry.topic.source(ctx.locale));
    if hit.coverage < crate::answers::unanswered::CONFIDENT {
        keep_unanswered(
            ctx,
            message,
            crate::answers::unanswered::Reason::LowConfidence,
        )
        .await?;
    }
    Ok(true)
}

/// Keeps a question the assistant couldn't answer for the merchant's Answers page.
async fn keep_unanswered(
    ctx: &ToolContext<'_>,
    message: &str,
    reason: crate::answers::unanswered::Reason,
) -> Result<(), ApiError> {
    crate::answers::unanswered::record(
        &ctx.deps.db,
        ctx.shop.id,
        Some(ctx.conversation_id),
        message,
        ctx.locale,
        reason,
    )
    .await
}

/// The shop's catalog vocabulary (built with its search index), if it can be had.
async fn shop_vocabulary(
    ctx: &ToolContext<'_>,
) -> Option<std::sync::Arc<nlu::shop_vocabulary::ShopVocabulary>> {
    match ctx.deps.search.vocabulary(&ctx.deps.db, ctx.shop).await {
        Ok(vocabulary) => Some(vocabulary),
        Err(error) => {
            tracing::warn!(%error, "no catalog vocabulary; the built-in words decide");
            None
        }
    }
}

/// Intents about an order, a person or a payment, where a wrong guess costs the shopper a
/// turn or worse. Between showing products and anything else, showing products is harmless
/// (the cards carry Buy), so that doubt is not asked about.
fn acts(intent: Intent) -> bool {
    intent.about_an_order()
        || matches!(intent, Intent::Human | Intent::PaymentProblem | Intent::Buy)
}

/// The quick reply that asks for a person (understood as `Intent::Human`).
fn talk_to_a_person(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "Talk to a person",
        Locale::Es => "Hablar con una persona",
    }
}

fn is_talk_to_a_person(text: &str) -> bool {
    [Locale::En, Locale::Es]
        .iter()
        .any(|l| talk_to_a_person(*l) == text)
}

fn cancel_my_order(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "Cancel my order",
        Locale::Es => "Cancelar mi pedido",
    }
}

fn refund_my_order(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "I want a refund",
        Locale::Es => "Quiero un reembolso",
    }
}

/// The status card of the newest order this conversation has proven, if any.
async fn proven_order_card(ctx: &ToolContext<'_>) -> Result<Option<OrderCard>, ApiError> {
    let proven =
        crate::orders::ownership::proven_orders(&ctx.deps.db, ctx.shop.id, ctx.conversation_id)
            .await?;
    match proven.first() {
        Some(order) => Ok(Some(crate::orders::order_card(&ctx.deps.db, order).await?)),
        None => Ok(None),
    }
}

/// Which of the chat's orders a complaint about a kind of product is about. None of them holds
/// it ("the watch I bought stopped working" when this chat bought a beanie): the thing is of
/// another order, whose number and email are asked for rather than this one refunded. A kind
/// of an order's own family ("my hat" of a beanie) is that order's.
async fn of_another_order(
    ctx: &ToolContext<'_>,
    u: &Understanding,
    message: &str,
) -> Result<Option<OrderNamed>, ApiError> {
    let Some(vocabulary) = shop_vocabulary(ctx).await else {
        return Ok(None);
    };
    let kinds: Vec<&String> = u
        .slots
        .product_terms
        .iter()
        .filter(|t| vocabulary.names_a_kind(t) && named_as_the_thing(message, t))
        .collect();
    if kinds.is_empty() {
        return Ok(None);
    }
    let proven =
        crate::orders::ownership::proven_orders(&ctx.deps.db, ctx.shop.id, ctx.conversation_id)
            .await?;
    let Some(first) = proven.first() else {
        return Ok(None);
    };
    for order in &proven {
        let product: Option<(String, String)> =
            sqlx::query_as("select product_type, tags from product where id = $1 and shop_id = $2")
                .bind(order.product_id)
                .bind(ctx.shop.id)
                .fetch_optional(&ctx.deps.db)
                .await?;
        // (A product gone from the catalog can't be told apart: it may be the one.)
        let Some((product_type, tags)) = product else {
            return Ok(None);
        };
        let own: Vec<String> =
            crate::text::words(&format!("{} {product_type} {tags}", order.title))
                .iter()
                .map(|w| crate::text::singular(w).to_owned())
                .collect();
        let type_key = nlu::bilingual::key(&product_type);
        let families = nlu::categories::families_of(std::slice::from_ref(&type_key));
        let holds = |kind: &String| {
            let kind_key = nlu::bilingual::key(kind);
            kind.split(' ')
                .all(|w| own.iter().any(|o| o == crate::text::singular(w)))
                || families
                    .first()
                    .is_some_and(|family| family.contains(&kind_key))
        };
        if kinds.iter().any(|k| holds(k)) {
            // (The chat's latest order is the one acted on unless another one is named.)
            if order.id == first.id {
                return Ok(None);
            }
            let card = crate::orders::order_card(&ctx.deps.db, order).await?;
            return Ok(Some(OrderNamed::Held(card.order_number)));
        }
    }
    let card = crate::orders::order_card(&ctx.deps.db, first).await?;
    Ok(Some(OrderNamed::Elsewhere(Box::new(card))))
}

/// Whether the message names a kind (a term, in the catalog's words) as the thing itself, with
/// "the", "my", "el", "mi"… right before its word or a word of the shopper's that the
/// bilingual vocabulary relates to it ("the watch", "mi reloj"), not in passing after a
/// preposition ("to see the northern lights", "on the couch") nor after a describing word
/// ("the woollen shawls").
fn named_as_the_thing(message: &str, term: &str) -> bool {
    const DETERMINERS: &[&str] = &[
        "the", "my", "this", "these", "el", "la", "los", "las", "mi", "mis",
    ];
    const PREPOSITIONS: &[&str] = &[
        "on", "in", "at", "to", "for", "with", "from", "of", "about", "en", "a", "para", "con",
        "de", "del", "por", "sobre",
    ];
    let bilingual = nlu::bilingual::Bilingual::get();
    let last = crate::text::singular(term.rsplit(' ').next().unwrap_or(term)).to_owned();
    let is_it = |word: &str| {
        crate::text::singular(word) == last || {
            let key = nlu::bilingual::key(word);
            bilingual
                .english(&key)
                .iter()
                .chain(bilingual.english(crate::text::singular(&key)))
                .any(|e| crate::text::singular(e.rsplit(' ').next().unwrap_or(e)) == last)
        }
    };
    let words = crate::text::words(&nlu::normalize::normalize(message).join(" "));
    words.iter().enumerate().any(|(at, w)| {
        at > 0
            && DETERMINERS.contains(&words[at - 1].as_str())
            && (at < 2 || !PREPOSITIONS.contains(&words[at - 2].as_str()))
            && is_it(w)
    })
}

/// Whether `term` is said as something the shopper or someone they speak of already has:
/// right after "my", "his", "her", "our", "mi", "su"… ("my coat is grey").
fn said_as_own(message: &str, term: &str) -> bool {
    const POSSESSIVES: &[&str] = &[
        "my", "his", "her", "our", "their", "mi", "mis", "su", "sus", "tu", "tus",
    ];
    let last = crate::text::singular(term.rsplit(' ').next().unwrap_or(term)).to_owned();
    let words = crate::text::words(message);
    words.iter().enumerate().any(|(at, w)| {
        at > 0 && POSSESSIVES.contains(&words[at - 1].as_str()) && crate::text::singular(w) == last
    })
}

/// What a complaint naming a kind of product says of the chat's orders.
enum OrderNamed {
    /// One of the chat's orders, not its latest, holds it: that order's number.
    Held(String),
    /// None does: the chat's latest order, to name.
    Elsewhere(Box<OrderCard>),
}

/// "What's your refund policy?" is answered from the shop's settings; "where is my refund?"
/// shows the order's card, which lists what was refunded and what waits. Nothing is requested.
/// With no order proven, what its number and email were asked for: its card ("where is my
/// refund?"), or a refund when the shopper speaks of what they bought ("I bought boots for my
/// son and they don't fit, how do I get reimbursed?": the policy, then the order asked for).
/// `waiting`: the refund whose order's number and email were asked for, asked again after
/// the rules.
async fn refund_info(
    ctx: &ToolContext<'_>,
    reply: &mut EmbeddedReply,
    message: &str,
    waiting: Option<AfterSaleAsk>,
) -> Result<Option<AfterSaleAsk>, ApiError> {
    let order = proven_order_card(ctx).await?;
    let tokens = nlu::normalize::normalize(message);
    // ("Nothing yet": "no me vaya a devolver nada todavía" asks nothing of the order.)
    let nothing_yet = |at: usize| {
        at > 0
            && matches!(tokens[at - 1].as_str(), "nada" | "nothing" | "anything")
            && matches!(tokens[at].as_str(), "todavia" | "aun" | "yet")
    };
    // "¿En cuántos días llega normalmente un reembolso?", "how long does a refund usually
    // take?": how refunds go in general, not where this one is.
    let in_general = tokens.iter().any(|t| {
        matches!(
            t.as_str(),
            "usually" | "normally" | "generally" | "typically" | "normalmente" | "generalmente"
        )
    }) || tokens.windows(2).any(|w| {
        matches!(
            (w[0].as_str(), w[1].as_str()),
            ("how", "long") | ("how", "many") | ("cuantos", "dias")
        )
    });
    // ("I received my order yesterday but the boots are too small. What's the process to get
    // my money back?": what came, told, not a refund not yet received.)
    let tells_what_came = |at: usize| {
        matches!(tokens[at].as_str(), "received" | "recibido" | "llegado")
            && !tokens[at.saturating_sub(4)..at].iter().any(|n| {
                matches!(
                    n.as_str(),
                    "not" | "no" | "t" | "never" | "nunca" | "yet" | "still" | "todavia" | "aun"
                )
            })
            && tokens[at..].iter().any(|n| n == "but" || n == "pero")
    };
    // ("Not sending it back yet, just checking: how long have I got?", "todavía no se lo di…
    // ¿cuántos días tengo?": a "yet" beside a question of how long tells, it doesn't ask.)
    let asks_where = tokens.iter().enumerate().any(|(at, t)| {
        // ("Todavía no he comprado nada, pero… ¿cuánto plazo hay?": nothing bought yet, told.)
        let nothing_bought = not_yet(&tokens, at)
            && tokens[at..(at + 5).min(tokens.len())].iter().any(|n| {
                matches!(
                    n.as_str(),
                    "comprado" | "compre" | "pedido" | "bought" | "ordered" | "purchased"
                )
            });
        let telling = (in_general && not_yet(&tokens, at)) || tells_what_came(at) || nothing_bought;
        !nothing_yet(at)
            && !telling
            && matches!(
                t.as_str(),
                "where"
                    | "status"
                    | "track"
                    | "yet"
                    | "processed"
                    | "issued"
                    | "procesado"
                    | "procesaron"
                    | "tramitado"
                    | "tramitaron"
                    | "received"
                    | "donde"
                    | "estado"
                    | "llegado"
                    | "recibido"
                    | "todavia"
                    | "aun"
            )
    });
    // ("¿Hasta cuándo tengo para devolverlo?", "until when can I send it back?": a deadline,
    // the policy's, not when this one comes.)
    let asks_when = tokens.iter().enumerate().any(|(at, t)| {
        matches!(t.as_str(), "when" | "cuando" | "llega")
            && !(at > 0 && matches!(tokens[at - 1].as_str(), "hasta" | "until" | "till"))
    });
    let asks_progress = asks_where || (asks_when && !in_general);
    let shopify = order.is_none() && tools::shopify_order_proven(ctx).await?;
    if asks_progress {
        if let Some(card) = order {
            reply.tools.push("order_status");
            reply.text = after_sale::order_status(ctx.locale, &card);
            reply.order = Some(card);
            return Ok(None);
        }
        if shopify {
            shopify::refund_progress(ctx, reply).await?;
            return Ok(None);
        }
        // No order to look at yet: its number and email, as "where is my order?" asks them.
        let call = ToolCall::OrderStatus {
            order_number: None,
            email: None,
        };
        say_outcome(ctx, reply, &call).await?;
        return Ok(reply.order.is_none().then_some(AfterSaleAsk::Status));
    }
    // The policy and where its window starts, in one statement.
    #[derive(sqlx::FromRow)]
    struct Policy {
        refund_window_from: String,
        #[sqlx(flatten)]
        policy: crate::refunds::policy::PolicyRow,
    }
    let Policy {
        refund_window_from,
        policy,
    } = sqlx::query_as(&format!(
        "select refund_window_from, {} from shop where id = $1",
        crate::refunds::policy::POLICY_COLUMNS
    ))
    .bind(ctx.shop.id)
    .fetch_one(&ctx.deps.db)
    .await?;
    reply.text = crate::answers::refund_policy::describe(
        ctx.locale,
        &policy.into(),
        refund_window_from == "delivery",
        ctx.shop.currency(),
    );
    if shopify {
        reply.text = format!(
            "{} {}",
            reply.text,
            after_sale::shopify_refunds_note(ctx.locale)
        );
    }
    // An exchange asked for: how it is done here, before the rules.
    if nlu::exchanges(message) {
        reply.text = format!("{} {}", after_sale::exchange(ctx.locale), reply.text);
    }
    if (order.is_some() || shopify) && !holds_off(message) {
        reply.quick_replies = vec![refund_my_order(ctx.locale).into()];
    }
    // (So does "how do I send it back?": how to do it oneself, answered, then the order asked
    // for, should the shopper want to.)
    if order.is_none()
        && !shopify
        && (waiting.is_some()
            || (speaks_of_own_purchase(message) || nlu::asks_how_to_act(message))
                && !holds_off(message))
    {
        let ask = waiting.unwrap_or_else(|| AfterSaleAsk::Refund {
            reason: message.chars().take(200).collect(),
        });
        return ask_for_the_order(ctx, reply, ask).await;
    }
    Ok(None)
}

/// The reply to a message the shop can't help with: what the assistant does, the starting
/// chips, and one more turn it couldn't help in.
fn off_topic(
    reply: &mut EmbeddedReply,
    dialogue: &mut DialogueState,
    locale: Locale,
    seed: u64,
    vocabulary: Option<&nlu::shop_vocabulary::ShopVocabulary>,
) {
    dialogue.unresolved += 1;
    reply.text = replies::out_of_scope(locale, seed).to_owned();
    reply.quick_replies = replies::starters(locale, vocabulary);
}

/// Whether a question asks only whether the shopper may do something ("can I return it?",
/// "¿lo puedo devolver?"), not how long, when, where or how much.
fn asks_whether_one_can(message: &str) -> bool {
    let tokens = nlu::normalize::normalize(message);
    let words: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let may = words.windows(2).any(|w| {
        matches!(
            w,
            ["can" | "could" | "may", "i"] | ["is", "it"] | ["se", "puede"] | ["es", "posible"]
        )
    }) || words
        .iter()
        .any(|w| matches!(*w, "puedo" | "podria" | "puedes" | "pueden"));
    let asks_other = words.iter().any(|w| {
        matches!(
            *w,
            "long" | "when" | "where" | "much" | "cuanto" | "cuantos" | "cuando" | "donde"
        )
    });
    may && !asks_other
}

/// Whether a question about refunds or cancelling speaks of something the shopper bought
/// ("I bought boots…", "le compré…"), not of the rules in general ("do you refund shipping
/// if it arrives damaged?").
fn speaks_of_own_purchase(message: &str) -> bool {
    let cues = nlu::said_cues(message);
    // (Or of what came faulty: "…le llegó con un hilo suelto y un agujerito", unless it
    // supposes: "if it arrives damaged…".)
    let supposes = || {
        crate::text::words(message)
            .iter()
            .any(|w| matches!(w.as_str(), "if" | "suppose" | "supongamos"))
            || crate::text::says_phrase(
                message,
                &[
                    "si llega",
                    "si me llega",
                    "si viene",
                    "en caso de",
                    "antes de comprar",
                    "before buying",
                    "before i buy",
                ],
            )
            || spanish_if(message)
    };
    // (Or of an order the shopper has: "can I still cancel my order?", "¿puedo anular mi
    // compra?", unless it supposes: "what if I cancel my order?". Not "my mind", "mi hija".)
    let of_their_own = || nlu::names_an_order_of_ones_own(message);
    // (Or of one to swap for another: "can I exchange the shoes for a size 10?".)
    (cues.contains(&nlu::Cue::PastPurchase) && !nlu::supposes(message))
        || ((cues.contains(&nlu::Cue::Defect) && cues.contains(&nlu::Cue::Arrive)
            || of_their_own()
            || nlu::exchanges_for_another(message))
            && !supposes())
}

/// A Spanish "if" written as such ("si algo no me queda, ¿lo puedo cambiar?"): "si" without
/// its accent, not a yes said first ("Si, quiero cambiarla").
fn spanish_if(message: &str) -> bool {
    let lower = message.trim_start().to_lowercase();
    let yes_first = ["si,", "si.", "si!"].iter().any(|p| lower.starts_with(p));
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .enumerate()
        .any(|(at, w)| w == "si" && (at > 0 || !yes_first))
}

/// After the rules, with no order proven: its number and email asked for `ask`, which then
/// waits for them (and, once proven, for the shopper's yes). The rules stay above.
async fn ask_for_the_order(
    ctx: &ToolContext<'_>,
    reply: &mut EmbeddedReply,
    ask: AfterSaleAsk,
) -> Result<Option<AfterSaleAsk>, ApiError> {
    let rules = std::mem::take(&mut reply.text);
    let call = match &ask {
        AfterSaleAsk::Refund { reason } => ToolCall::RequestRefund {
            order_number: None,
            email: None,
            reason: Some(reason.clone()),
            amount: None,
        },
        AfterSaleAsk::Cancel { reason } => ToolCall::CancelOrder {
            order_number: None,
            email: None,
            reason: Some(reason.clone()),
        },
        AfterSaleAsk::Status => ToolCall::OrderStatus {
            order_number: None,
            email: None,
        },
    };
    if say_outcome(ctx, reply, &call).await? != Some(ProofProblem::Ask) {
        // (Not reached with no order proven; kept whole should the tool say otherwise.)
        reply.text = format!("{rules}\n\n{}", reply.text);
        return Ok(None);
    }
    reply.text = format!(
        "{rules}\n\n{}",
        after_sale::proof_for(ctx.locale, &ask, false)
    );
    Ok(Some(ask))
}

/// A colour, a size or "cheaper" said in a word or two ("grey?", "M?"), read as a greeting or
/// as off topic: nothing but a change of the last results.
fn a_word_or_two_of_it(u: &Understanding, message: &str) -> bool {
    crate::text::words(message).len() <= 2
        && matches!(u.intent, Intent::Greeting | Intent::OutOfScope)
        && u.confidence < 0.9
}

/// Whether the message opens with a question about "it", the product under discussion: "Is
/// it itchy? Arjun has sensitive skin, he cannot even wear the woollen shawls here."
fn opens_on_it(message: &str) -> bool {
    let words = crate::text::words(message);
    words.len() >= 2
        && matches!(
            words[0].as_str(),
            "is" | "does" | "will" | "can" | "would" | "could" | "do"
        )
        && matches!(words[1].as_str(), "it" | "they" | "this" | "that")
}

/// Whether the message says the shopper doesn't want it done, not now ("No lo quiero devolver
/// todavía, solo pregunto", "not sending it back yet"): the rules are answered with no
/// invitation to act, so a later "dale pues, gracias" acknowledges them.
fn holds_off(message: &str) -> bool {
    let tokens = nlu::normalize::normalize(message);
    nlu::only_asking(&tokens) || (0..tokens.len()).any(|at| not_yet(&tokens, at))
}

/// Whether the token at `at` is a "yet" ("todavía", "aún") under a negation: "not sending it
/// back yet", "todavía no se lo di", "no quiero devolver nada todavía".
fn not_yet(tokens: &[String], at: usize) -> bool {
    matches!(tokens[at].as_str(), "yet" | "todavia" | "aun")
        && (tokens.get(at + 1).is_some_and(|n| n == "no")
            || tokens[at.saturating_sub(4)..at]
                .iter()
                .any(|n| matches!(n.as_str(), "not" | "no" | "dont" | "t" | "nada")))
}

/// The variant of `product_id` whose options are the size and the colour the message says,
/// when it says one of them and names nothing else to buy; `None` otherwise, or when no
/// variant has them. (Said of a garment being bought, "medium" is a size.)
async fn options_said(
    ctx: &ToolContext<'_>,
    product_id: i64,
    u: &Understanding,
    message: &str,
    named: bool,
) -> Result<Option<i64>, ApiError> {
    let words = crate::text::words(message);
    let has = |w: &str| words.iter().any(|x| x == w);
    let size = u.slots.size.clone().or_else(|| {
        [
            (&["medium", "mediana", "mediano"][..], "M"),
            (&["large", "grande"][..], "L"),
            (&["small", "pequena", "pequeno", "chica", "chico"][..], "S"),
        ]
        .iter()
        .find(|(said, _)| said.iter().any(|w| has(w)))
        .map(|(_, size)| (*size).to_owned())
    });
    let colour = u.slots.colour.clone();
    // (Words that name the product itself, `named`, are no other terms.)
    let other_terms = !named
        && u.slots
            .product_terms
            .iter()
            .any(|t| Some(t) != colour.as_ref());
    if (size.is_none() && colour.is_none()) || other_terms {
        return Ok(None);
    }
    // A variant's id and its three option values.
    type Options = (i64, Option<String>, Option<String>, Option<String>);
    let variants: Vec<Options> = sqlx::query_as(
        "select id, option1, option2, option3 from variant
         where product_id = $1 and shop_id = $2 order by position, id",
    )
    .bind(product_id)
    .bind(ctx.shop.id)
    .fetch_all(&ctx.deps.db)
    .await?;
    let fits = |options: &[String], said: &str, whole: bool| {
        let said = said.to_lowercase();
        options.iter().any(|o| {
            let o = o.to_lowercase();
            o == said
                || (!whole && o.contains(&said))
                || o.strip_prefix("eu ").is_some_and(|n| n == said)
                || said.strip_prefix("eu ").is_some_and(|n| n == o)
        })
    };
    Ok(variants.into_iter().find_map(|(id, a, b, c)| {
        let options: Vec<String> = [a, b, c].into_iter().flatten().collect();
        (size.as_deref().is_none_or(|s| fits(&options, s, true))
            && colour.as_deref().is_none_or(|c| fits(&options, c, false)))
        .then_some(id)
    }))
}

/// Runs a tool whose outcome is phrased from its kind alone. Returns why the order tool could
/// not act yet, when it needed the order proven first.
async fn say_outcome(
    ctx: &ToolContext<'_>,
    reply: &mut EmbeddedReply,
    call: &ToolCall,
) -> Result<Option<ProofProblem>, ApiError> {
    let mut outcome = tools::execute(ctx, call).await?;
    // More than the policy gives back ("thirty-five bucks for a HAT?? I want my money back"):
    // said why, and what can be refunded offered instead, its amount shown before any yes.
    let mut why_less = None;
    if let (
        ToolCall::RequestRefund {
            order_number,
            email,
            reason,
            amount: Some(_),
        },
        OutcomeKind::RefundDecided { card, result },
    ) = (call, &outcome.kind)
    {
        if matches!(
            result,
            RefundResult::Refused {
                refusal: Refusal::AmountTooLarge,
                ..
            }
        ) {
            why_less = Some(after_sale::refund(ctx.locale, card, result));
            let everything = ToolCall::RequestRefund {
                order_number: order_number.clone(),
                email: email.clone(),
                reason: reason.clone(),
                amount: None,
            };
            outcome = tools::execute(ctx, &everything).await?;
        }
    }
    reply.tools.push(call.name());
    let mut proof_needed = None;
    reply.text = match outcome.kind {
        OutcomeKind::Unavailable { feature } => replies::unavailable(ctx.locale, feature),
        OutcomeKind::HandedOff {
            notice,
            expected_reply,
            ..
        } => {
            reply.handoff = Some(expected_reply);
            notice
        }
        OutcomeKind::Checkout { offer } => {
            let text = replies::checkout(
                ctx.locale,
                &offer.title,
                &offer.option_names,
                offer.variants.iter().any(|v| v.available),
                offer.buying_mode.pays_in_chat(),
            );
            reply.checkout = Some(*offer);
            text
        }
        OutcomeKind::OrderShown { card } => {
            let mut text = after_sale::order_status(ctx.locale, &card);
            if let Some(arrival) = crate::answers::delivery::expected_arrival(&card, ctx.locale) {
                text = format!("{text} {arrival}");
            }
            reply.order = Some(*card);
            text
        }
        OutcomeKind::ProofNeeded { problem } => {
            proof_needed = Some(problem);
            after_sale::proof(ctx.locale, problem).to_owned()
        }
        OutcomeKind::OrderHandedOff {
            card,
            notice,
            expected_reply,
        } => {
            let text = after_sale::handed_to_shop(ctx.locale, &card, &notice);
            reply.handoff = Some(expected_reply);
            reply.order = Some(*card);
            text
        }
        OutcomeKind::RefundDecided { card, result } => {
            let text = after_sale::refund(ctx.locale, &card, &result);
            reply.order = Some(*card);
            text
        }
        OutcomeKind::CancelDecided { card, result } => {
            let text = after_sale::cancel(ctx.locale, &card, &result);
            reply.order = Some(*card);
            text
        }
        OutcomeKind::ConfirmationNeeded { card, offer } => {
            reply.order = Some(*card);
            reply.asks = true;
            reply.quick_replies = [offer.yes, offer.no]
                .into_iter()
                .filter(|c| !c.is_empty())
                .collect();
            offer.summary
        }
        _ => replies::out_of_scope(ctx.locale, 0).to_owned(),
    };
    if let Some(why) = why_less {
        reply.text = format!("{why} {}", reply.text);
    }
    Ok(proof_needed)
}

/// "Where is my order?", "I want a refund", "cancel it". When the order must be proven first,
/// the request is remembered, so the shopper's next message with the order number and email
/// carries it out ("SC-1042 ada@example.com" after "I want a refund" asks for the refund).
///
/// `again`: the message is about the number and email just asked for, without them; the
/// request waiting is asked again, with help to find them.
async fn after_sale_turn(
    ctx: &ToolContext<'_>,
    reply: &mut EmbeddedReply,
    dialogue: &mut DialogueState,
    intent: Intent,
    u: &Understanding,
    message: &str,
    again: bool,
) -> Result<(), ApiError> {
    let gives_proof = u.slots.order_number.is_some() || u.slots.email.is_some();
    let ask = match (intent, dialogue.after_sale.take()) {
        (_, Some(pending)) if again => pending,
        (Intent::OrderStatus, Some(pending)) if gives_proof => pending,
        (Intent::Refund, _) => AfterSaleAsk::Refund {
            reason: message.chars().take(200).collect(),
        },
        (Intent::Cancel, _) => AfterSaleAsk::Cancel {
            reason: message.chars().take(200).collect(),
        },
        _ => AfterSaleAsk::Status,
    };
    // The other half of the proof, given before ("SC-1042", then "ana@example.com").
    let half = dialogue.proof_half.take().unwrap_or_default();
    let mut order_number = u.slots.order_number.clone().or(half.order_number);
    let email = u.slots.email.clone().or(half.email);
    let given = ProofHalf {
        order_number: order_number.clone(),
        email: email.clone(),
    };
    // A number quoted without its email that is none of this chat's orders ("refund order
    // #4471"): the chat's own order is the one acted on, said in so many words, since acting
    // on another needs its email. Whether the quoted number exists is never said.
    let quoted_elsewhere = match (&order_number, &email) {
        (Some(quoted), None) if tools::after_sale::quoted_elsewhere(ctx, quoted).await? => {
            Some(quoted.clone())
        }
        _ => None,
    };
    if quoted_elsewhere.is_some() {
        order_number = None;
    }
    // A complaint about something none of this chat's orders holds: the latest named, the
    // other one's number and email asked for (the chat's order a chip away). About one of
    // them that is not the latest: that one.
    let refund = matches!(ask, AfterSaleAsk::Refund { .. });
    let status_asked = matches!(ask, AfterSaleAsk::Status);
    // (Said again while that number is awaited: asked again.)
    if given.order_number.is_none() && given.email.is_none() && !matches!(ask, AfterSaleAsk::Status)
    {
        match of_another_order(ctx, u, message).await? {
            Some(OrderNamed::Elsewhere(card)) => {
                reply.text =
                    replies::not_in_this_order(ctx.locale, &card.order_number, &card.title);
                reply.quick_replies = vec![
                    replies::act_on_order(ctx.locale, refund, &card.order_number),
                    talk_to_a_person(ctx.locale).into(),
                ];
                dialogue.after_sale = Some(ask);
                dialogue.proof_asked = true;
                return Ok(());
            }
            Some(OrderNamed::Held(number)) => order_number = Some(number),
            None => {}
        }
    }
    let call = match &ask {
        AfterSaleAsk::Status => ToolCall::OrderStatus {
            order_number,
            email,
        },
        AfterSaleAsk::Refund { reason } => ToolCall::RequestRefund {
            order_number,
            email,
            reason: Some(reason.clone()),
            amount: asked_amount(u, message),
        },
        AfterSaleAsk::Cancel { reason } => ToolCall::CancelOrder {
            order_number,
            email,
            reason: Some(reason.clone()),
        },
    };
    // Something wrong with what came (damaged, the wrong item, not as described, late): said
    // sorry for first. (A mistake of the shopper's own is none: `reason_code` says so.)
    let at_fault = match &ask {
        AfterSaleAsk::Refund { reason } | AfterSaleAsk::Cancel { reason } if !again => matches!(
            crate::refunds::policy::reason_code(reason),
            "damaged" | "wrong_item" | "not_as_described" | "late"
        ),
        _ => false,
    };
    let proof_needed = say_outcome(ctx, reply, &call).await?;
    if let Some(quoted) = quoted_elsewhere {
        let shown = reply.order.as_ref().map(|card| card.order_number.clone());
        if let Some(shown) = shown {
            reply.text = format!(
                "{}\n\n{}",
                replies::another_order(ctx.locale, &quoted, &shown),
                reply.text
            );
        }
        // The number and email of the other order, sent next, are asked about as this was.
        dialogue.after_sale = Some(ask);
    } else if reply.order.is_none() {
        if proof_needed == Some(ProofProblem::NoMatch) {
            // Nothing found, said of what was asked; a person from the shop is one tap away.
            reply.text = after_sale::not_found_for(ctx.locale, &ask).to_owned();
            reply.quick_replies = vec![talk_to_a_person(ctx.locale).into()];
        }
        // Not proven yet (or the proof failed): keep the request for the next message.
        let ask_kept = dialogue.after_sale.insert(ask);
        if proof_needed == Some(ProofProblem::Ask) {
            if let Some(text) = after_sale::proof_other_half(
                ctx.locale,
                given.order_number.as_deref(),
                given.email.is_some(),
            ) {
                // One half given: kept, and the other asked for.
                reply.text = text;
                dialogue.proof_half = Some(given);
            } else {
                reply.text = after_sale::proof_for(ctx.locale, ask_kept, again);
                if again {
                    reply.quick_replies = vec![talk_to_a_person(ctx.locale).into()];
                }
            }
        }
    }
    dialogue.proof_asked = dialogue.after_sale.is_some() && reply.handoff.is_none();
    // "I have a problem with my order": its state shown, then what is wrong with it asked,
    // with what can be done a tap away.
    if status_asked
        && reply.order.is_some()
        && reply.handoff.is_none()
        && nlu::asks_help_with_it(message)
    {
        reply.text = replies::whats_wrong_with_it(ctx.locale, &reply.text);
        reply.quick_replies = [Intent::Refund, Intent::Cancel, Intent::Human]
            .into_iter()
            .filter_map(|i| replies::asking_for(ctx.locale, i))
            .map(str::to_owned)
            .collect();
    }
    if at_fault && !reply.text.is_empty() {
        reply.text = format!("{} {}", after_sale::sorry(ctx.locale), reply.text);
    }
    Ok(())
}

/// Whether a message right after the order's number and email were asked for, read as
/// `intent`, is about them rather than a request of its own: a yes or a no, a greeting, an
/// "I don't have it", anything the engine reads as off topic or as a product request that
/// names no product, an order request whose own words ask nothing of an order ("I don't have
/// the order number" read as cancelling), or anything else that speaks of the number or the
/// email ("no tengo el número, lo pagó mi madre con su tarjeta" read as a payment problem).
/// Not a person asked, nor a thank-you that asks nothing.
fn awaits_proof(intent: Intent, u: &Understanding, message: &str) -> bool {
    let cues = nlu::said_cues(message);
    let asks = |wanted: &[nlu::Cue]| wanted.iter().any(|c| cues.contains(c));
    let names_the_proof = || {
        crate::text::words(message).iter().any(|w| {
            matches!(
                w.as_str(),
                "number" | "numero" | "email" | "mail" | "correo" | "confirmation" | "confirmacion"
            )
        })
    };
    match intent {
        Intent::Greeting | Intent::OutOfScope => true,
        Intent::Browse | Intent::ProductQuestion | Intent::Buy => {
            u.slots.product_terms.is_empty() || names_the_proof()
        }
        Intent::Refund => !asks(&[nlu::Cue::Refund, nlu::Cue::Return, nlu::Cue::Defect]),
        Intent::Cancel => !asks(&[nlu::Cue::Cancel]),
        Intent::OrderStatus => !asks(&[
            nlu::Cue::WhereIs,
            nlu::Cue::Where,
            nlu::Cue::Track,
            nlu::Cue::Late,
            nlu::Cue::Arrive,
        ]),
        Intent::Human => false,
        // ("ya y ahora que hago": no word of thanks or goodbye in it.)
        Intent::Thanks => !asks(&[nlu::Cue::Thanks]) || nlu::asks(message) || names_the_proof(),
        _ => names_the_proof(),
    }
}

/// The amount a refund request asks for, when it names one ("could I get $10 back", "que me
/// devolváis 10 euros"): a part of the order, never more than the shopper said. Not what was
/// paid ("I paid $35, refund it", "the hat was 30 dollars" ask for the whole order).
fn asked_amount(u: &Understanding, message: &str) -> Option<i64> {
    // Folded, as `text::words` gives them.
    const PAID: &[&str] = &[
        "paid", "cost", "costs", "price", "spent", "charged", "pague", "pagado", "costo", "cuesta",
        "costaba", "precio", "gaste", "cobraron", "valia",
    ];
    // Words that state a price only right before it ("the hat was 30 dollars", "fue de 30
    // euros"); elsewhere they are just verbs ("it was torn, can I get $10 back?").
    const WAS: &[&str] = &["was", "were", "is", "era", "fue", "salio"];
    // After the amount, words that make it a discount, not a price ("it was $7 off").
    const OFF: &[&str] = &["off", "discount", "descuento", "menos"];
    let words = crate::text::words(message);
    // A price stated: one of those words with an amount right after it ("I paid 30", "it cost
    // $45"), not "I forgot my code when I paid… refund me the $7".
    let priced_after = |i: usize, reach: usize| {
        (i + 1..(i + 1 + reach).min(words.len())).any(|n| {
            words[n].starts_with(|c: char| c.is_ascii_digit())
                && !words
                    .get(n + 1)
                    .is_some_and(|next| OFF.contains(&next.as_str()))
        })
    };
    let states_a_price = words.iter().enumerate().any(|(i, w)| {
        (PAID.contains(&w.as_str()) && priced_after(i, 4))
            || (WAS.contains(&w.as_str()) && priced_after(i, 2))
    });
    // "…charged me 5 dollars shipping… I ought to get that $5 back": an amount asked back by
    // name is the amount, whatever price was stated.
    let asked_back = words.iter().enumerate().any(|(i, w)| {
        w.starts_with(|c: char| c.is_ascii_digit())
            && words[i + 1..(i + 3).min(words.len())]
                .iter()
                .any(|n| n == "back")
    });
    if states_a_price && !asked_back {
        return None;
    }
    u.slots.budget_max.or(u.slots.budget_min).filter(|a| *a > 0)
}

/// "The cheaper one", "el más barato", "la más cara": with several products on screen, the
/// one of them at that end of the prices (not a new search for cheaper ones, which "a
/// cheaper one" or "más baratas" asks for).
fn priced_pick(dialogue: &DialogueState, u: &Understanding, message: &str) -> Option<i64> {
    let cheapest = match u.slots.refinement {
        Some(Refinement::Cheaper) => true,
        Some(Refinement::MoreExpensive) => false,
        _ => return None,
    };
    let words = crate::text::words(message);
    let has = |w: &str| words.iter().any(|x| x == w);
    // (One on screen, "which is the cheapest?", "¿cuál es la más barata?": that one.)
    let which = has("which") || has("cual") || has("what");
    if dialogue.shown.is_empty()
        || (dialogue.shown.len() == 1 && !which)
        || dialogue.shown.len() != dialogue.shown_prices.len()
    {
        return None;
    }
    let singular = match u.language {
        Locale::Es => {
            (has("el") || has("la"))
                && !words.iter().any(|w| {
                    matches!(
                        w.as_str(),
                        "baratas" | "baratos" | "caras" | "caros" | "economicas" | "economicos"
                    )
                })
        }
        Locale::En => has("the") && has("one"),
    };
    if !singular {
        return None;
    }
    let priced = dialogue.shown.iter().zip(&dialogue.shown_prices);
    let pick = if cheapest {
        priced.min_by_key(|(_, price)| **price)
    } else {
        priced.max_by_key(|(_, price)| **price)
    };
    pick.map(|(id, _)| *id)
}

/// "The bigger one", "la más pequeña": with several products on screen whose titles give a
/// measure in one unit ("Commuter Backpack 20L", "Trail Daypack 28L"), the one at that end.
async fn sized_pick(
    ctx: &ToolContext<'_>,
    dialogue: &DialogueState,
    u: &Understanding,
    message: &str,
) -> Result<Option<i64>, ApiError> {
    let words = crate::text::words(message);
    let has = |w: &str| words.iter().any(|x| x == w);
    let said = |pairs: &[&str]| pairs.iter().any(|p| words.join(" ").contains(p));
    // "La de 28 litros", "the 750 ml one": the one product on screen whose title gives that
    // measure (not a price on screen too: "la de 58" is the one at that price). A number read
    // as a budget or a size is neither, and costs no look at the titles ("under 50").
    let numbers: Vec<f64> = words.iter().filter_map(|w| w.parse::<f64>().ok()).collect();
    if !numbers.is_empty()
        && dialogue.shown.len() >= 2
        && u.slots.budget_max.is_none()
        && u.slots.budget_min.is_none()
        && u.slots.size.is_none()
    {
        let names = names_of(ctx, &dialogue.shown).await?;
        let matching: Vec<i64> = names
            .iter()
            .filter(|(_, title, _)| measure(title).is_some_and(|(v, _)| numbers.contains(&v)))
            .map(|(id, _, _)| *id)
            .collect();
        let scale = 10f64.powi(i32::try_from(ctx.shop.currency().exponent()).unwrap_or(2));
        #[allow(clippy::cast_precision_loss)]
        let a_price = dialogue
            .shown_prices
            .iter()
            .any(|minor| numbers.contains(&(*minor as f64 / scale)));
        if let ([one], false) = (matching.as_slice(), a_price) {
            return Ok(Some(*one));
        }
    }
    // Not "mayor" / "menor": of a person they say older, younger ("mi hija menor").
    let largest = if said(&["bigger", "larger", "biggest", "largest", "mas grande"]) {
        true
    } else if said(&[
        "smaller",
        "smallest",
        "mas pequeno",
        "mas pequena",
        "mas chico",
        "mas chica",
    ]) {
        false
    } else {
        return Ok(None);
    };
    let one = match u.language {
        Locale::Es => has("el") || has("la"),
        Locale::En => has("the") && has("one"),
    };
    if !one || dialogue.shown.len() < 2 {
        return Ok(None);
    }
    let names = names_of(ctx, &dialogue.shown).await?;
    if names.len() < dialogue.shown.len() {
        return Ok(None);
    }
    let mut measured: Vec<(i64, f64, String)> = Vec::new();
    for (id, title, _) in &names {
        match measure(title) {
            Some((value, unit)) => measured.push((*id, value, unit)),
            None => return Ok(None),
        }
    }
    if measured.iter().any(|m| m.2 != measured[0].2) {
        return Ok(None);
    }
    let by_value = |a: &&(i64, f64, String), b: &&(i64, f64, String)| a.1.total_cmp(&b.1);
    let pick = if largest {
        measured.iter().max_by(by_value)
    } else {
        measured.iter().min_by(by_value)
    };
    Ok(pick.map(|m| m.0))
}

/// The measure a title gives, as a number and its unit ("20L", "750 ml", "22 in").
fn measure(title: &str) -> Option<(f64, String)> {
    const UNITS: &[&str] = &[
        "l", "ml", "cl", "cm", "mm", "m", "in", "inch", "oz", "kg", "g", "qt", "gal", "lb",
    ];
    let words: Vec<String> = title
        .to_lowercase()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    words.iter().enumerate().find_map(|(i, word)| {
        let digits = word
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(word.len());
        let value: f64 = word[..digits].replace(',', ".").parse().ok()?;
        let unit = match &word[digits..] {
            "" => words
                .get(i + 1)?
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_owned(),
            rest => rest.trim_matches(|c: char| !c.is_alphanumeric()).to_owned(),
        };
        UNITS.contains(&unit.as_str()).then_some((value, unit))
    })
}

/// "Quiero la mochila de 20 litros", "the 750 ml bottle": of the cards a search found, those
/// whose titles give the measure said (a number with its unit), when some do and some don't.
fn narrow_to_measure(
    reply: &mut EmbeddedReply,
    dialogue: &mut DialogueState,
    u: &Understanding,
    message: &str,
    locale: Locale,
) {
    const UNIT_WORDS: &[&str] = &[
        "l", "litro", "litros", "liter", "liters", "litre", "litres", "ml", "cl", "cm", "mm", "oz",
        "kg", "g", "inch", "inches", "pulgadas",
    ];
    if reply.products.len() < 2
        || u.slots.budget_max.is_some()
        || u.slots.budget_min.is_some()
        || u.slots.size.is_some()
    {
        return;
    }
    let words = crate::text::words(message);
    // A number right before a unit ("20 litros"), or one with it ("750ml", "20l").
    let numbers: Vec<f64> = words
        .iter()
        .enumerate()
        .filter_map(|(i, w)| match w.parse::<f64>() {
            Ok(v)
                if words
                    .get(i + 1)
                    .is_some_and(|n| UNIT_WORDS.contains(&n.as_str())) =>
            {
                Some(v)
            }
            Ok(_) => None,
            Err(_) => {
                let digits = w.find(|c: char| !c.is_ascii_digit()).unwrap_or(w.len());
                (digits > 0 && UNIT_WORDS.contains(&&w[digits..]))
                    .then(|| w[..digits].parse().ok())
                    .flatten()
            }
        })
        .collect();
    if numbers.is_empty() {
        return;
    }
    let matching: Vec<bool> = reply
        .products
        .iter()
        .map(|c| measure(&c.title).is_some_and(|(v, _)| numbers.contains(&v)))
        .collect();
    if matching.iter().any(|m| *m) && !matching.iter().all(|m| *m) {
        let mut keep = matching.iter();
        reply.products.retain(|_| *keep.next().unwrap_or(&false));
        reply.text = replies::of_that_measure(locale, reply.products.len()).to_owned();
        dialogue.show(
            &reply
                .products
                .iter()
                .map(|c| (c.product_id, c.price.minor))
                .collect::<Vec<_>>(),
        );
    }
}

/// A refinement that names a new kind searches for what this message names, keeping the
/// rest of the search (budget, colour, size, audience).
fn search_for_what_is_named(search: &mut SearchState, slots: &nlu::Slots) {
    search.terms = slots.product_terms.clone();
    search.head = slots.head_terms.clone();
    search.kinds = slots.kinds.clone();
    search.category = slots.category.clone();
    search.described = slots.described.clone();
}

/// A search, new or refining the last one.
async fn browse(
    ctx: &ToolContext<'_>,
    reply: &mut EmbeddedReply,
    dialogue: &mut DialogueState,
    u: &Understanding,
    refining: bool,
    seed: u64,
) -> Result<(), ApiError> {
    browse_as_asked(ctx, reply, dialogue, u, refining, seed)
        .await
        .map(|_| ())
}

/// [`browse`], and whether its cards are what was asked for: not the closest to a budget,
/// another colour or another kind shown instead, nor nothing at all.
async fn browse_as_asked(
    ctx: &ToolContext<'_>,
    reply: &mut EmbeddedReply,
    dialogue: &mut DialogueState,
    u: &Understanding,
    refining: bool,
    seed: u64,
) -> Result<bool, ApiError> {
    let slots = &u.slots;
    let mut search = match (&dialogue.search, refining) {
        (Some(previous), true) => previous.clone(),
        _ => {
            dialogue.seen.clear();
            SearchState {
                terms: slots.product_terms.clone(),
                head: slots.head_terms.clone(),
                kinds: slots.kinds.clone(),
                excluded: slots.excluded.clone(),
                category: slots.category.clone(),
                described: slots.described.clone(),
                ..SearchState::default()
            }
        }
    };
    if let Some(max) = slots.budget_max {
        search.max_price = Some(max);
    }
    if let Some(min) = slots.budget_min {
        search.min_price = Some(min);
    }
    if let Some(colour) = &slots.colour {
        search.colour = Some(colour.clone());
        search.not_colour = None;
    }
    // "Any colour but black": not that one, whichever was asked before.
    if let Some(not) = &slots.not_colour {
        if search.colour.as_ref() == Some(not) {
            search.colour = None;
        }
        search.not_colour = Some(not.clone());
    }
    if let Some(size) = &slots.size {
        search.size = Some(size.clone());
    }
    if let Some(recipient) = slots.recipient {
        let audience = audience_tag(recipient);
        // "Now my husband needs a pair too, he's a 34 waist" after high-rise women's jeans:
        // the same kind for someone else, without what the first person wanted of it.
        if refining && search.audience.as_deref().is_some_and(|a| a != audience) {
            if let Some(vocabulary) = shop_vocabulary(ctx).await {
                let kinds: Vec<String> = search
                    .terms
                    .iter()
                    .filter(|t| vocabulary.names_a_kind(t))
                    .cloned()
                    .collect();
                if !kinds.is_empty() {
                    search.terms = kinds;
                }
            }
            search.colour = slots.colour.clone();
            search.size = slots.size.clone();
            search.excluded.clear();
        }
        // "Size 42", then "what about for women?": a size said for no one in particular is
        // none of theirs (a men's 42 is no women's); the kind for them, in any size.
        if refining
            && search.audience.is_none()
            && slots.size.is_none()
            && matches!(audience, "men" | "women")
        {
            search.size = None;
        }
        search.audience = Some(audience.to_owned());
    }
    if slots.age.is_some() {
        search.age = slots.age;
    }
    // "Leather ones" after gloves: gloves, and leather.
    if refining && slots.refinement == Some(Refinement::SameKind) {
        // A kind named after a search that named none ("something soft to put behind my back"
        // after "something to make the flat feel like home") is a search for that kind.
        let vocabulary = shop_vocabulary(ctx).await;
        let names_a_kind = |t: &String| {
            vocabulary
                .as_deref()
                .is_some_and(|v| v.names_a_kind_by_head(t))
        };
        if slots.product_terms.iter().any(names_a_kind) && !search.terms.iter().any(names_a_kind) {
            search_for_what_is_named(&mut search, slots);
        }
        for term in &slots.product_terms {
            if !search.terms.contains(term) {
                search.terms.push(term.clone());
            }
        }
        // "Not leather" after boots: boots, and none that is leather.
        rule_out(&mut search, &slots.excluded);
    }
    // "She's honestly not a candle person. What else have you got?": others, none of that kind.
    if refining && slots.refinement == Some(Refinement::Another) {
        rule_out(&mut search, &slots.excluded);
    }
    // "Algo más barato pa taparme del sol? una gorra o algo" after sunglasses: cheaper, of the
    // kind now named.
    // (So is "more expensive is fine… like a watch?".)
    let mut cheaper_of_a_new_kind = false;
    if refining
        && matches!(
            slots.refinement,
            Some(Refinement::Cheaper | Refinement::MoreExpensive)
        )
    {
        let vocabulary = shop_vocabulary(ctx).await;
        cheaper_of_a_new_kind = slots.product_terms.iter().any(|t| {
            vocabulary.as_deref().is_some_and(|v| {
                v.names_a_kind(t)
                    || (v.is_name_only(t)
                        && nlu::bilingual::Bilingual::get()
                            .names_a_product(&nlu::bilingual::key(t)))
            }) && !search.terms.contains(t)
                // (Not one ruled out: "not notebooks".)
                && !slots.excluded.contains(t)
        });
        if cheaper_of_a_new_kind {
            search_for_what_is_named(&mut search, slots);
        }
    }
    let mut exclude = Vec::new();
    // "Anything cheaper that's still warm?" after a puffer: cheaper ones of the type of all
    // that was shown (jackets), not whatever else is warm.
    let mut kinds = search.kinds.clone();
    // Where "cheaper" looks, in turn (each with whether a product there must also be what was
    // asked of it, "warm"): the types shown; the family the retail categories put them in when
    // it is a small one (a coat's outerwear); then, only for what was asked of it, the wider
    // families (clothing for warm jackets) and at last any product. Never socks for
    // "cheaper" after jackets; nothing at all when nothing is.
    let mut cheaper_in: Vec<(Vec<String>, bool)> = Vec::new();
    if slots.refinement == Some(Refinement::Cheaper) && kinds.is_empty() && !cheaper_of_a_new_kind {
        let types = types_of(ctx, on_screen(dialogue)).await?;
        // (Types of one head, running shoes and trail running shoes, are searched as kinds.)
        let head = |t: &str| t.rsplit(' ').next().unwrap_or_default().to_owned();
        if types
            .first()
            .is_some_and(|t| types.iter().all(|x| head(x) == head(t)))
        {
            kinds = types.clone();
        }
        cheaper_in = wider_than(types);
    }
    // (The type's own words searched too, so every product of it can be found.)
    let type_words: Vec<String> = if search.kinds.is_empty() {
        kinds.clone()
    } else {
        Vec::new()
    };
    match slots.refinement {
        Some(Refinement::Cheaper) => {
            // Cheaper than what was shown: a floor set earlier no longer holds.
            search.min_price = None;
            // "Too expensive, anything under 60?": a ceiling above the cheapest shown is the
            // limit, and a product shown under it fits too. One at or below it is cheaper
            // than that ("39 dollars! Anything cheaper?" quotes the price).
            let cheapest = dialogue.shown_prices.iter().min().filter(|c| **c > 0);
            search.max_price = match (slots.budget_max, cheapest) {
                (Some(ceiling), Some(cheapest)) if ceiling <= *cheapest => {
                    Some(ceiling.min(cheapest - 1))
                }
                // ("uy 115 dolares?? unos mas baratos porfaa": the price of one shown, quoted,
                // is what to go under.)
                (Some(ceiling), _) if dialogue.shown_prices.contains(&ceiling) => Some(ceiling - 1),
                (Some(ceiling), _) => Some(ceiling),
                (None, Some(cheapest)) => Some(cheapest - 1),
                (None, None) => search.max_price,
            };
        }
        // (Dearer than gloves says nothing of a jacket now named: its own budget only.)
        Some(Refinement::MoreExpensive) if !cheaper_of_a_new_kind => {
            if let Some(dearest) = dialogue.shown_prices.iter().max() {
                search.min_price = Some(dearest + 1);
                // "More expensive is fine": a ceiling said before no longer holds.
                if slots.budget_max.is_none() {
                    search.max_price = None;
                }
            }
        }
        Some(Refinement::Another) => exclude = dialogue.seen.clone(),
        _ => {}
    }
    // A product asked for by name that the shop doesn't sell ("do you sell umbrellas?"): said
    // so, rather than products that share another of the message's words (a rain jacket,
    // jeans for a cowboy wedding).
    if let (Some(unsold), false) = (&slots.unsold, refining) {
        if slots.kinds.is_empty() {
            dialogue.unresolved += 1;
            reply.text = replies::not_sold(ctx.locale, unsold);
            reply.quick_replies =
                replies::starters(ctx.locale, shop_vocabulary(ctx).await.as_deref());
            return Ok(false);
        }
    }
    // A budget, a present or "cheap" with no product named ("something for my sister, max
    // 30") browses the whole catalog within it.
    let open_request = slots.budget_max.is_some() || slots.gift || slots.cheap;
    if search.terms.is_empty()
        && search.described.is_empty()
        && search.audience.is_none()
        && search.age.is_none()
        && !refining
        && !open_request
    {
        dialogue.unresolved += 1;
        reply.text = replies::out_of_scope(ctx.locale, seed).to_owned();
        reply.quick_replies = replies::starters(ctx.locale, shop_vocabulary(ctx).await.as_deref());
        return Ok(false);
    }

    let call = ToolCall::SearchProducts(SearchProducts {
        query: search
            .terms
            .iter()
            .chain(&search.described)
            .chain(&type_words)
            .cloned()
            .collect::<Vec<_>>()
            .join(" "),
        audience: search.audience.clone(),
        min_price: search.min_price,
        max_price: search.max_price,
        product_type: None,
        colour: search.colour.clone(),
        size: search.size.clone(),
        in_stock_only: false,
        head: search.head.clone(),
        kinds,
        age: search.age,
        excluded: search.excluded.clone(),
        not_colour: search.not_colour.clone(),
    });
    let mut outcome = tools::search_excluding(ctx, &call, &exclude).await?;
    // A size no variant comes in may be part of the products' names ("nappies size 3",
    // "pañales talla 3"): those products, when their titles say it, are what was asked for.
    if let (OutcomeKind::NothingFound { .. }, Some(size), ToolCall::SearchProducts(asked)) =
        (&outcome.kind, &slots.size, &call)
    {
        let by_name = ToolCall::SearchProducts(SearchProducts {
            query: format!("{} {size}", asked.query),
            size: None,
            ..asked.clone()
        });
        let named = tools::search_excluding(ctx, &by_name, &exclude).await?;
        let says_size = |title: &str| crate::text::words(title).contains(&crate::text::fold(size));
        if let OutcomeKind::Found { cards } = &named.kind {
            if !cards.is_empty() && cards.iter().all(|c| says_size(&c.title)) {
                search.size = None;
                outcome = named;
            }
        }
    }
    // A colour the kind asked for doesn't come in: that kind in its other colours, said so,
    // rather than other things in that colour ("un cinto de cuero marrón": belts, not brown
    // wallets).
    let mut other_colours = false;
    // What is wanted: the terms before a purpose, else all of them.
    let wanted = match search.head.is_empty() {
        true => search.terms.clone(),
        false => search.head.clone(),
    };
    if let (Some(_), ToolCall::SearchProducts(asked)) = (&search.colour, &call) {
        if !wanted.is_empty() && !of_the_kind(ctx, &outcome.kind, &wanted).await? {
            let any_colour = ToolCall::SearchProducts(SearchProducts {
                colour: None,
                ..asked.clone()
            });
            let relaxed = tools::search_excluding(ctx, &any_colour, &exclude).await?;
            if of_the_kind(ctx, &relaxed.kind, &wanted).await? {
                outcome = relaxed;
                other_colours = true;
                search.colour = None;
            }
        }
    }
    // "The lightest tent": a superlative ranks the kind named; when its word leads to another
    // kind (a camping light), the kind alone.
    let kind_wanted: Vec<String> = wanted
        .iter()
        .filter(|t| !slots.most.contains(t))
        .cloned()
        .collect();
    if let (false, ToolCall::SearchProducts(asked)) = (slots.most.is_empty(), &call) {
        if !kind_wanted.is_empty()
            && slots.most.iter().any(|m| search.terms.contains(m))
            && matches!(outcome.kind, OutcomeKind::Found { .. })
            && !of_the_kind(ctx, &outcome.kind, &kind_wanted).await?
        {
            if let Some(narrowed) = only_the_kind(ctx, asked, &exclude, &kind_wanted).await? {
                outcome = narrowed;
            }
        }
    }
    let mut close_within_budget = false;
    // Under a price ceiling, the kind asked for before anything else the words brush against
    // ("trainers for the gym, max 70": the sneaker within it, not a gym bottle; "una mesa de
    // centro hasta 150": the closest coffee tables, said to be over it, not a table lamp).
    if let (Some(_), ToolCall::SearchProducts(asked)) = (search.max_price, &call) {
        // Only for a budget said now: "cheaper" may cross kinds.
        if !other_colours
            && slots.budget_max.is_some()
            && !wanted.is_empty()
            && matches!(outcome.kind, OutcomeKind::Found { .. })
            && !of_the_kind(ctx, &outcome.kind, &wanted).await?
        {
            if let Some(narrowed) = only_the_kind(ctx, asked, &exclude, &wanted).await? {
                outcome = narrowed;
            } else {
                let any_price = ToolCall::SearchProducts(SearchProducts {
                    query: wanted.join(" "),
                    max_price: None,
                    min_price: None,
                    ..asked.clone()
                });
                let over = tools::search_excluding(ctx, &any_price, &exclude).await?;
                let over_is_kind = of_the_kind(ctx, &over.kind, &wanted).await?;
                if let (true, OutcomeKind::Found { cards }) = (over_is_kind, over.kind) {
                    // Nothing of the kind within it: its family within it ("a warm coat under
                    // 100": the jackets that are), said to be of another kind, else the
                    // closest of the kind above it.
                    let ids: Vec<i64> = cards.iter().map(|c| c.product_id).collect();
                    let types = types_of(ctx, &ids).await?;
                    let wider: Vec<(Vec<String>, bool)> =
                        wider_than(types).into_iter().skip(1).collect();
                    let within = pick_wider(ctx, &search, asked, &exclude, &[], &wider).await?;
                    outcome.kind = match within {
                        Some((within, _)) => {
                            close_within_budget = true;
                            OutcomeKind::Found { cards: within }
                        }
                        None => OutcomeKind::NothingFound { closest: cards },
                    };
                }
            }
        }
    }
    // "Show me others": more of the same kind, not whatever else the words brush against (a
    // tote bag after the only coat).
    // (When what was asked names no kind, "something for the home", any other product of it
    // is another.)
    let names_a_kind = match shop_vocabulary(ctx).await {
        Some(vocabulary) => search.terms.iter().any(|t| vocabulary.names_a_kind(t)),
        None => true,
    };
    if slots.refinement == Some(Refinement::Another) && names_a_kind {
        if let OutcomeKind::Found { cards } = &mut outcome.kind {
            let kinds = same_kind(ctx, &exclude, &search.terms, cards).await?;
            cards.retain(|c| kinds.contains(&c.product_id));
            if cards.is_empty() {
                outcome.kind = OutcomeKind::NothingFound { closest: vec![] };
            }
        }
    }
    // "Any others?" when every one within the budget is shown: the same kind above it, said
    // to be so ("a watch under 200", then "any others?": the one at 249).
    let mut others_over_budget = false;
    if let (Some(Refinement::Another), Some(_), ToolCall::SearchProducts(asked)) =
        (slots.refinement, search.max_price, &call)
    {
        if matches!(outcome.kind, OutcomeKind::NothingFound { .. }) && names_a_kind {
            let any_price = ToolCall::SearchProducts(SearchProducts {
                max_price: None,
                ..asked.clone()
            });
            let over = tools::search_excluding(ctx, &any_price, &exclude).await?;
            if let OutcomeKind::Found { mut cards } = over.kind {
                let kinds = same_kind(ctx, &exclude, &search.terms, &cards).await?;
                cards.retain(|c| kinds.contains(&c.product_id));
                if !cards.is_empty() {
                    others_over_budget = true;
                    outcome.kind = OutcomeKind::NothingFound { closest: cards };
                }
            }
        }
    }
    // Cheaper running shoes are running shoes, never the laces that share a word with them:
    // when there are none, the ones shown were already the most affordable.
    let mut of_another_kind = false;
    if let (false, ToolCall::SearchProducts(asked)) = (cheaper_in.is_empty(), &call) {
        let found = match &outcome.kind {
            OutcomeKind::Found { cards } => cards.clone(),
            _ => Vec::new(),
        };
        let picked = pick_wider(ctx, &search, asked, &exclude, &found, &cheaper_in).await?;
        of_another_kind = picked.as_ref().is_some_and(|(_, other)| *other);
        let picked = picked.map(|(cards, _)| cards);
        outcome.kind = match picked {
            Some(cards) => OutcomeKind::Found { cards },
            None => OutcomeKind::NothingFound { closest: vec![] },
        };
    }
    reply.tools.push(call.name());
    let currency = ctx.shop.currency();
    let budget = search.max_price.map(|m| money_label(m, currency));
    let what = describe(&search, ctx.locale, shop_vocabulary(ctx).await.as_deref());
    let mut keep_search = false;
    let mut as_asked = false;
    match outcome.kind {
        OutcomeKind::Found { cards } if !cards.is_empty() => {
            as_asked = !other_colours && !of_another_kind && !close_within_budget;
            reply.text = if other_colours {
                replies::not_in_that_colour(ctx.locale, &what)
            } else if of_another_kind {
                replies::cheaper_of_another_kind(ctx.locale).to_owned()
            } else if let (true, Some(budget)) = (close_within_budget, budget.as_deref()) {
                replies::close_within_budget(ctx.locale, &what, budget)
            } else if refining && slots.product_terms.is_empty() {
                replies::refined(ctx.locale, seed).to_owned()
            } else {
                replies::found(ctx.locale, seed, cards.len(), &what, budget.as_deref())
            };
            dialogue.show(
                &cards
                    .iter()
                    .map(|c| (c.product_id, c.price.minor))
                    .collect::<Vec<_>>(),
            );
            reply.products = cards;
            reply.quick_replies = replies::after_results(ctx.locale);
        }
        OutcomeKind::NothingFound { closest } => {
            reply.text = match slots.refinement {
                Some(Refinement::Cheaper) if closest.is_empty() || budget.is_some() => {
                    // (Naming the cheapest of those on screen: "cheapest one?")
                    let cheapest = dialogue
                        .shown
                        .iter()
                        .zip(&dialogue.shown_prices)
                        .min_by_key(|(_, price)| **price)
                        .filter(|_| dialogue.shown.len() > 1);
                    let named = match cheapest {
                        Some((id, price)) => names_of(ctx, &[*id])
                            .await?
                            .into_iter()
                            .next()
                            .map(|(_, title, _)| (title, money_label(*price, currency))),
                        None => None,
                    };
                    replies::nothing_cheaper(ctx.locale, named)
                }
                // (Only with some to show: "these are above it" over no cards says nothing.)
                Some(Refinement::Another) if others_over_budget && !closest.is_empty() => {
                    replies::others_over_budget(ctx.locale, budget.as_deref().unwrap_or_default())
                }
                Some(Refinement::Another) => replies::no_more(ctx.locale).to_owned(),
                // "…in size 8?" of the shoes shown: none of them comes in it.
                _ if refining && slots.product_terms.is_empty() && slots.size.is_some() => {
                    let size = slots.size.as_deref().unwrap_or_default();
                    replies::not_in_that_size(ctx.locale, &what, search.audience.as_deref(), size)
                }
                // "Not leather" of boots that all are.
                _ if refining && slots.product_terms.is_empty() && !slots.excluded.is_empty() => {
                    replies::all_of_them_are(ctx.locale, &what, &slots.excluded.join(", "))
                }
                _ => replies::nothing_found(
                    ctx.locale,
                    &what,
                    budget.as_deref(),
                    !closest.is_empty(),
                ),
            };
            if (matches!(
                slots.refinement,
                Some(Refinement::Cheaper) | Some(Refinement::Another)
            ) && !others_over_budget)
                || (refining
                    && !others_over_budget
                    && slots.product_terms.is_empty()
                    && (slots.size.is_some() || !slots.excluded.is_empty()))
            {
                // Nothing cheaper, nothing else: the search shown stays the one refined next
                // ("…in blue?" is of the jackets shown, not of jackets under their price).
                keep_search = true;
            } else {
                dialogue.show(
                    &closest
                        .iter()
                        .map(|c| (c.product_id, c.price.minor))
                        .collect::<Vec<_>>(),
                );
                reply.products = closest;
            }
            reply.quick_replies =
                replies::starters(ctx.locale, shop_vocabulary(ctx).await.as_deref());
        }
        _ if refining && slots.product_terms.is_empty() && slots.size.is_some() => {
            let size = slots.size.as_deref().unwrap_or_default();
            reply.text =
                replies::not_in_that_size(ctx.locale, &what, search.audience.as_deref(), size);
            keep_search = true;
        }
        _ if refining && slots.product_terms.is_empty() && !slots.excluded.is_empty() => {
            reply.text = replies::all_of_them_are(ctx.locale, &what, &slots.excluded.join(", "));
            keep_search = true;
        }
        _ => {
            reply.text = replies::nothing_found(ctx.locale, &what, budget.as_deref(), false);
            reply.quick_replies =
                replies::starters(ctx.locale, shop_vocabulary(ctx).await.as_deref());
        }
    }
    if !keep_search || dialogue.search.is_none() {
        dialogue.search = Some(search);
    }
    Ok(as_asked)
}

/// The product types (bilingual keys) of the products `ids`, sorted, each once.
async fn types_of(ctx: &ToolContext<'_>, ids: &[i64]) -> Result<Vec<String>, ApiError> {
    let mut types: Vec<String> = names_of(ctx, ids)
        .await?
        .into_iter()
        .map(|(_, _, product_type)| crate::nlu::bilingual::key(&product_type))
        .filter(|t| !t.is_empty())
        .collect();
    types.sort();
    types.dedup();
    Ok(types)
}

/// Where to look beyond `types` (bilingual keys) for what they don't offer (nothing cheaper,
/// nothing within a budget), in turn, each with whether a product there must also be what
/// was asked of it ("warm"): the types; the family the retail categories put them in when it
/// is a small one (a coat's outerwear); then the wider families (clothing) and any product.
/// Empty without types.
fn wider_than(types: Vec<String>) -> Vec<(Vec<String>, bool)> {
    if types.is_empty() {
        return Vec::new();
    }
    let families = crate::nlu::categories::families_of(&types);
    let mut wider = vec![(types, false)];
    for (at, family) in families.into_iter().enumerate() {
        wider.push((family.to_vec(), at > 0 || family.len() > SMALL_FAMILY));
    }
    wider.push((Vec::new(), true));
    wider
}

/// The first cards found along `wider` (see [`wider_than`]) within `asked`'s prices, colour
/// and size, and whether they are of another kind than `wider`'s first (the types shown):
/// found in their family or by what was asked of them. `found` are the cards the search
/// already has, tried first.
async fn pick_wider(
    ctx: &ToolContext<'_>,
    search: &SearchState,
    asked: &SearchProducts,
    exclude: &[i64],
    found: &[ProductCard],
    wider: &[(Vec<String>, bool)],
) -> Result<Option<(Vec<ProductCard>, bool)>, ApiError> {
    // What was asked of it beside its kind ("warm" of "warm winter jacket").
    let vocabulary = shop_vocabulary(ctx).await;
    let asked_of_it: Vec<String> = search
        .terms
        .iter()
        .filter(|t| vocabulary.as_ref().is_some_and(|v| !v.names_a_kind(t)))
        .chain(&search.described)
        .cloned()
        .collect();
    for (at, (family, of_what_was_asked)) in wider.iter().enumerate() {
        let cards = match of_what_was_asked {
            true if asked_of_it.is_empty() => continue,
            true => tools::of_kinds(ctx, asked, exclude, &asked_of_it.join(" "), family).await?,
            false => {
                let of_it = of_family(ctx, found, family).await?;
                match of_it.is_empty() {
                    // (The family's own words searched too: jackets are found for a coat.)
                    true => {
                        let text = format!("{} {}", asked.query, family.join(" "));
                        tools::of_kinds(ctx, asked, exclude, &text, family).await?
                    }
                    false => of_it,
                }
            }
        };
        if !cards.is_empty() {
            return Ok(Some((cards, at > 0)));
        }
    }
    Ok(None)
}

/// The most kinds a retail category may have for "cheaper" to look in all of it: outerwear
/// (jackets and coats) and footwear are families, clothing (tees for jackets) is not.
const SMALL_FAMILY: usize = 13;

/// The cards, in their order, whose product type is of one of the kinds of `family` (bilingual
/// `key`s); all of them for an empty family.
async fn of_family(
    ctx: &ToolContext<'_>,
    cards: &[ProductCard],
    family: &[String],
) -> Result<Vec<ProductCard>, ApiError> {
    if family.is_empty() {
        return Ok(cards.to_vec());
    }
    let ids: Vec<i64> = cards.iter().map(|c| c.product_id).collect();
    let of_it: Vec<i64> = names_of(ctx, &ids)
        .await?
        .into_iter()
        .filter(|(_, _, t)| crate::nlu::categories::is_of_any(t, family))
        .map(|(id, _, _)| id)
        .collect();
    Ok(cards
        .iter()
        .filter(|c| of_it.contains(&c.product_id))
        .cloned()
        .collect())
}

/// Of `cards`, those of a product type already `seen` or whose title or type carries one of
/// the search's words.
async fn same_kind(
    ctx: &ToolContext<'_>,
    seen: &[i64],
    terms: &[String],
    cards: &[ProductCard],
) -> Result<Vec<i64>, ApiError> {
    let card_ids: Vec<i64> = cards.iter().map(|c| c.product_id).collect();
    let names = names_of(ctx, &[seen, &card_ids].concat()).await?;
    let type_of = |id: i64| {
        names
            .iter()
            .find(|(n, _, _)| *n == id)
            .map(|(_, _, t)| t.clone())
    };
    let seen_types: Vec<String> = seen
        .iter()
        .filter_map(|id| type_of(*id))
        .map(|t| crate::text::fold(&t))
        .collect();
    let words: Vec<String> = terms.iter().flat_map(|t| crate::text::words(t)).collect();
    let mut kept = Vec::new();
    for card in cards {
        let product_type = type_of(card.product_id).unwrap_or_default();
        let named = crate::text::words(&format!("{} {product_type}", card.title));
        if seen_types.contains(&crate::text::fold(&product_type))
            || words
                .iter()
                .any(|w| named.iter().any(|n| n.starts_with(w.as_str())))
        {
            kept.push(card.product_id);
        }
    }
    Ok(kept)
}

/// Shows one product's card and answers about it; false when it isn't for sale here.
/// The option a follow-up asks of one product: its colour when one is said, else its size.
/// (With both, the answer is of that colour in that size.)
fn option_asked(u: &Understanding) -> Option<nlu::Attribute> {
    match (&u.slots.colour, &u.slots.size) {
        (Some(_), _) => Some(nlu::Attribute::Colour),
        (None, Some(_)) => Some(nlu::Attribute::Size),
        (None, None) => None,
    }
}

/// Whether one product comes in the colour or size the message says, in stock or not.
async fn show_option(
    ctx: &ToolContext<'_>,
    reply: &mut EmbeddedReply,
    dialogue: &mut DialogueState,
    product_id: i64,
    attribute: nlu::Attribute,
    u: &Understanding,
    message: &str,
) -> Result<bool, ApiError> {
    let size = u.slots.size.as_deref();
    show_product(
        ctx,
        reply,
        dialogue,
        product_id,
        Some(attribute),
        size,
        Some(message),
    )
    .await
}

/// Whether a question about colours or sizes asks it of all the several products on screen
/// ("what sizes do they come in?", "¿en qué colores vienen esos?").
fn of_them(u: &Understanding, dialogue: &DialogueState, message: &str) -> bool {
    dialogue.shown.len() >= 2
        && matches!(
            u.slots.product_attribute,
            Some(nlu::Attribute::Colour | nlu::Attribute::Size)
        )
        && u.slots.colour.is_none()
        && u.slots.size.is_none()
        && crate::text::words(message).iter().any(|w| {
            matches!(
                w.as_str(),
                "they"
                    | "them"
                    | "these"
                    | "those"
                    | "ellos"
                    | "ellas"
                    | "estos"
                    | "estas"
                    | "esos"
                    | "esas"
                    | "vienen"
            )
        })
}

/// Each product on screen with the colours (or sizes) it comes in; `false` when none has such
/// an option.
async fn options_of_shown(
    ctx: &ToolContext<'_>,
    reply: &mut EmbeddedReply,
    dialogue: &DialogueState,
    sizes: bool,
) -> Result<bool, ApiError> {
    let mut lines = Vec::new();
    let mut cards = Vec::new();
    for product_id in dialogue.shown.clone() {
        let call = ToolCall::GetProduct { product_id };
        if let OutcomeKind::Product { card, detail } = tools::execute(ctx, &call).await?.kind {
            if let Some(line) = answers::options_line(&card, &detail, sizes) {
                lines.push(line);
            }
            cards.push(*card);
        }
    }
    if lines.is_empty() {
        return Ok(false);
    }
    let lead = match (ctx.locale, sizes) {
        (Locale::En, false) => "The colours each one comes in:",
        (Locale::En, true) => "The sizes each one comes in:",
        (Locale::Es, false) => "Los colores de cada uno:",
        (Locale::Es, true) => "Las tallas de cada uno:",
    };
    reply.text = format!("{lead}\n{}", lines.join("\n"));
    reply.tools.push("get_product");
    reply.products = cards;
    Ok(true)
}

async fn show_product(
    ctx: &ToolContext<'_>,
    reply: &mut EmbeddedReply,
    dialogue: &mut DialogueState,
    product_id: i64,
    attribute: Option<nlu::Attribute>,
    size: Option<&str>,
    question: Option<&str>,
) -> Result<bool, ApiError> {
    let call = ToolCall::GetProduct { product_id };
    let outcome = tools::execute(ctx, &call).await?;
    reply.tools.push(call.name());
    match outcome.kind {
        OutcomeKind::Product { card, detail } => {
            // A size asked after a colour of the same product ("en negro?", then "L?") is asked
            // of that colour.
            let named = question.and_then(|q| answers::colour_named(&detail, q));
            let remembered = dialogue
                .focus_colour
                .clone()
                .filter(|_| dialogue.focus == Some(product_id) && named.is_none());
            let with_colour = match (question, &remembered) {
                (Some(q), Some(colour)) if size.is_some() => Some(format!("{q} {colour}")),
                _ => None,
            };
            let question = with_colour.as_deref().or(question);
            reply.text = answers::answer(ctx.locale, &card, &detail, attribute, size, question);
            dialogue.focus_colour = named.or(remembered);
            dialogue.focus = Some(product_id);
            dialogue.details_last = true;
            reply.products = vec![*card];
            Ok(true)
        }
        _ => {
            reply.text = replies::which_product(ctx.locale).to_owned();
            Ok(false)
        }
    }
}

/// The message names a kind of product ("a mug") that the product it would be about (the one
/// on screen or in focus) is not: it asks for that kind, not about the product. A kind is
/// named by the head of a product type ("bottle"), not by what the type is for ("water" of
/// "Water Bottle": "¿se echa a perder en el agua?" asks about the watch on screen).
async fn another_kind(
    ctx: &ToolContext<'_>,
    dialogue: &DialogueState,
    u: &Understanding,
    vocabulary: Option<&nlu::shop_vocabulary::ShopVocabulary>,
) -> Result<bool, ApiError> {
    let Some(vocabulary) = vocabulary else {
        return Ok(false);
    };
    let kinds: Vec<&String> = u
        .slots
        .product_terms
        .iter()
        .filter(|t| vocabulary.names_a_kind_by_head(t))
        .collect();
    if kinds.is_empty() || u.slots.refinement.is_some() {
        return Ok(false);
    }
    let Some(product_id) = target_product(ctx, dialogue, u, "").await? else {
        return Ok(false);
    };
    let Some(own) = own_words(ctx, product_id).await? else {
        return Ok(false);
    };
    Ok(!kinds.iter().any(|kind| {
        kind.split(' ')
            .any(|w| own.iter().any(|o| o == crate::text::singular(w)))
    }))
}

/// The product a question or purchase is about: "the second one", a named product, the one
/// under discussion, or else the one on the page the shopper is looking at.
async fn target_product(
    ctx: &ToolContext<'_>,
    dialogue: &DialogueState,
    u: &Understanding,
    message: &str,
) -> Result<Option<i64>, ApiError> {
    if let Some(Refinement::Ordinal(n)) = u.slots.refinement {
        return Ok(dialogue
            .shown
            .get(usize::from(n).saturating_sub(1))
            .copied());
    }
    let only_shown = match dialogue.shown.as_slice() {
        [only] => Some(*only),
        _ => None,
    };
    // "Does the A5 one bleed?", "el 20L, ¿es impermeable?": a model's code or size said as in
    // the name (letters and digits) of exactly one product on screen.
    if dialogue.shown.len() > 1 {
        let codes: Vec<String> = crate::text::words(message)
            .into_iter()
            .filter(|w| {
                w.len() >= 2
                    && w.chars().any(|c| c.is_ascii_digit())
                    && w.chars().any(|c| c.is_alphabetic())
            })
            .collect();
        if !codes.is_empty() {
            if let Some(only) = only_saying(ctx, on_screen(dialogue), Said::InNameOrOptions, |w| {
                codes.iter().any(|c| c == w)
            })
            .await?
            {
                return Ok(Some(only));
            }
        }
    }
    // "¿El dorado es resistente al agua?", "is the black one warm?": among several products on
    // screen, the only one whose name, options or description say the colour named.
    // (A colour the shop's words read as a term is still the colour: "That black one, will
    // her laptop fit?")
    let colour = u.slots.colour.clone().or_else(|| {
        u.slots
            .product_terms
            .iter()
            .find_map(|t| nlu::colour_word(t))
            .map(str::to_owned)
    });
    if let (Some(colour), true) = (&colour, dialogue.shown.len() > 1) {
        if let Some(only) =
            only_saying(ctx, on_screen(dialogue), Said::Anywhere, |w| w == colour).await?
        {
            return Ok(Some(only));
        }
    }
    // "La de las hojas de higuera, ¿cuánto dura encendida? … mientras corrijo cuadernos": the
    // words that open the question, up to its first pause, pick the one product on screen
    // that says the most of them, whatever else the rest names. ("Hmm the bottle is a bit
    // small. The hoodie, does it come in dark colours?": the question's own opening.)
    if dialogue.shown.len() > 1 {
        let question = message
            .split_inclusive(['.', '!', '?'])
            .find(|s| s.contains(['?', '¿']))
            .unwrap_or(message)
            .trim_start();
        if let Some((opening, _)) = question.split_once([',', '?', '¿', '.', '!', ';', ':']) {
            let vocabulary = shop_vocabulary(ctx).await;
            let terms = vocabulary
                .as_deref()
                .map(|v| v.product_terms(opening))
                .unwrap_or_default();
            if !terms.is_empty() && crate::text::words(opening).len() <= 8 {
                if let Some(best) = saying_the_most(ctx, on_screen(dialogue), &terms).await? {
                    return Ok(Some(best));
                }
            }
        }
    }
    // A question that names no kind of product, only what it should be ("actually waterproof
    // or just water resistant?"), is about the product under discussion. Not one that names
    // another kind than it is ("volviendo a las franelas, ¿las hay en talla S?" with a
    // sneaker on screen).
    if u.slots.head_terms.is_empty() || opens_on_it(message) {
        if let Some(id) = dialogue.focus.or(only_shown) {
            let vocabulary = shop_vocabulary(ctx).await;
            // (A kind said as the shopper's own is no kind asked about: "does it come in
            // anything that's not grey? my coat is grey".)
            let kinds: Vec<&String> = u
                .slots
                .product_terms
                .iter()
                .filter(|t| {
                    vocabulary
                        .as_deref()
                        .is_some_and(|v| v.names_a_kind_by_head(t))
                        && !(opens_on_it(message) && said_as_own(message, t))
                })
                .collect();
            let is_of = |name: &str| {
                let words = crate::text::words(name);
                kinds.iter().any(|k| {
                    k.split(' ')
                        .next_back()
                        .is_some_and(|last| words.iter().any(|w| crate::text::singular(w) == last))
                })
            };
            let another_kind = !kinds.is_empty()
                && !names_of(ctx, &[id])
                    .await?
                    .iter()
                    .any(|(_, title, product_type)| is_of(title) || is_of(product_type));
            if !another_kind {
                return Ok(Some(id));
            }
            // A kind only read into other words ("cover": a throw; "knitwear": sweaters) is
            // no other kind when a word the shopper said names the product on screen: "de
            // linen one, de cover does come off?" of the linen cushion, "the oat one… my
            // knitwear" of the hoodie in oat, "la commuter esa" of the Commuter Backpack.
            let said = crate::text::words(message)
                .iter()
                .map(|w| crate::text::singular(&crate::text::fold(w)).to_owned())
                .collect::<Vec<_>>();
            let kind_said = kinds
                .iter()
                .any(|k| k.split(' ').all(|w| said.iter().any(|s| s == w)));
            let naming: Vec<&String> = u
                .slots
                .product_terms
                .iter()
                .filter(|t| !kinds.contains(t) && !t.contains(' ') && said.contains(t))
                .collect();
            // (Nor when the message opens by pointing at it: "That one's lovely. Can the
            // cover come off to wash?" of the cushion shown.)
            let opening: Vec<&String> = said.iter().take(4).collect();
            let points_at_it = opens_on_it(message)
                || opening.windows(2).any(|w| {
                    matches!(w[0].as_str(), "that" | "this")
                        && matches!(w[1].as_str(), "one" | "ones")
                })
                || opening
                    .iter()
                    .take(2)
                    .any(|w| matches!(w.as_str(), "ese" | "esa" | "este" | "esta"));
            if !kind_said && points_at_it {
                return Ok(Some(id));
            }
            if !kind_said && !naming.is_empty() {
                let says = |w: &str| {
                    let w = crate::text::singular(&crate::text::fold(w)).to_owned();
                    naming.iter().any(|n| **n == w)
                };
                if only_saying(ctx, &[id], Said::InNameOrOptions, says)
                    .await?
                    .is_some()
                {
                    return Ok(Some(id));
                }
            }
        }
    }
    // "La de cerámica pecosita, ¿va al microondas?" with two mugs on screen: words that name
    // no kind (a material, a look) point at the one on screen whose name or description says
    // them, or a word the vocabulary relates to them ("ceramic": stoneware), before a product
    // off screen that has the word in its name (a ceramic lamp).
    let kind_named = match shop_vocabulary(ctx).await {
        Some(vocabulary) => u
            .slots
            .product_terms
            .iter()
            .any(|t| vocabulary.names_a_kind(t)),
        None => true,
    };
    if !kind_named && !u.slots.product_terms.is_empty() && dialogue.shown.len() > 1 {
        let bilingual = nlu::bilingual::Bilingual::get();
        let said: Vec<String> = u
            .slots
            .product_terms
            .iter()
            .flat_map(|t| {
                let key = nlu::bilingual::key(t);
                let mut forms = vec![key.clone()];
                forms.extend(bilingual.related(&key).iter().cloned());
                forms
            })
            .filter(|f| !f.contains(' '))
            .collect();
        let says = |w: &str| said.iter().any(|s| crate::text::singular(w) == s.as_str());
        if let Some(only) = only_saying(ctx, on_screen(dialogue), Said::Anywhere, says).await? {
            return Ok(Some(only));
        }
    }
    // "That black one, her laptop is 15.6 inch, will it fit?" with two backpacks on screen:
    // pointed at, the one on screen that says the most of its words (the black one, for
    // laptops), before any product off screen.
    let points = nlu::said_cues(message).contains(&nlu::Cue::Deictic);
    if points && !u.slots.product_terms.is_empty() && dialogue.shown.len() > 1 {
        if let Some(best) =
            saying_the_most(ctx, on_screen(dialogue), &u.slots.product_terms).await?
        {
            return Ok(Some(best));
        }
    }
    if !u.slots.product_terms.is_empty() {
        let call = ToolCall::SearchProducts(SearchProducts {
            query: u.slots.product_terms.join(" "),
            head: u.slots.head_terms.clone(),
            ..SearchProducts::default()
        });
        let outcome = tools::search_excluding(ctx, &call, &[]).await?;
        if let OutcomeKind::Found { cards } = outcome.kind {
            // "¿Tienen buzos con capucha?" with nothing on screen asks what there is, not
            // about one of them, unless it asks what one is like.
            let nothing_on_screen =
                dialogue.shown.is_empty() && dialogue.focus.is_none() && ctx.page_product.is_none();
            if nothing_on_screen && cards.len() > 1 && u.slots.product_attribute.is_none() {
                return Ok(None);
            }
            // A product already on screen wins over a new search for the same words.
            if let Some(card) = cards
                .iter()
                .find(|c| dialogue.shown.contains(&c.product_id))
                .or(cards.first())
            {
                return Ok(Some(card.product_id));
            }
        }
    }
    // "¿De qué cera están hechas?" with both candles on screen: asked of them all, answered
    // from the first (its name is in the answer).
    let of_them_all = u.slots.head_terms.is_empty()
        && crate::text::words(message)
            .iter()
            .any(|w| PLURAL_PRONOUNS.contains(&w.as_str()));
    Ok(dialogue
        .focus
        .or(only_shown)
        .or(ctx.page_product.map(|p| p.id))
        .or(dialogue.shown.first().copied().filter(|_| of_them_all)))
}

/// The one product in view when a message asks only for a colour or a size and there is no
/// search to narrow.
/// Words that ask for other products than the one in view ("anything in black?").
const OTHERS: &[&str] = &[
    "anything",
    "something",
    "another",
    "other",
    "others",
    "else",
    "algo",
    "otro",
    "otra",
    "otros",
    "otras",
];

/// The product a colour or a size alone is asked of: the one in `focus` (or the only one
/// shown) when no search is being narrowed, or, even then, when the reply before was that
/// product's details (`details_last`: "¿Quedan en el 41?" after the boot's details). Not a
/// message that asks for others ("anything in black?").
fn of_the_one_in_view(
    dialogue: &DialogueState,
    u: &Understanding,
    refining: bool,
    details_last: bool,
    message: &str,
) -> Option<i64> {
    let only_shown = match dialogue.shown.as_slice() {
        [only] => Some(*only),
        _ => None,
    };
    let asks_for_others = crate::text::words(message)
        .iter()
        .any(|w| OTHERS.contains(&w.as_str()));
    let in_view = match (refining, details_last) {
        (false, _) => dialogue.focus.or(only_shown),
        (true, true) if !asks_for_others => dialogue.focus,
        (true, _) => None,
    };
    (u.slots.product_terms.is_empty() && (u.slots.colour.is_some() || u.slots.size.is_some()))
        .then_some(in_view)
        .flatten()
}

/// Whether a product's title has every word of `terms` (singular or plural).
fn title_says_all(title: &str, terms: &[String]) -> bool {
    let named: Vec<String> = crate::text::words(title)
        .iter()
        .map(|w| crate::text::singular(w).to_owned())
        .collect();
    terms.iter().all(|t| {
        crate::text::words(t)
            .iter()
            .all(|w| named.iter().any(|n| n == crate::text::singular(w)))
    })
}

/// The products on screen, as many as a reply shows.
fn on_screen(dialogue: &DialogueState) -> &[i64] {
    &dialogue.shown[..dialogue.shown.len().min(tools::MAX_CARDS)]
}

/// The product of the conversation's latest order, while the catalog still has it.
async fn bought_product(ctx: &ToolContext<'_>) -> Result<Option<i64>, ApiError> {
    Ok(sqlx::query_scalar(
        "select p.id from shop_order o join product p on p.id = o.product_id and p.shop_id = o.shop_id
         where o.conversation_id = $1 and o.shop_id = $2
         order by o.created_at desc, o.id desc limit 1",
    )
    .bind(ctx.conversation_id)
    .bind(ctx.shop.id)
    .fetch_optional(&ctx.deps.db)
    .await?)
}

/// Leaves `excluded` out of a search: no longer searched for, and none of it shown.
fn rule_out(search: &mut SearchState, excluded: &[String]) {
    for term in excluded {
        search.terms.retain(|t| t != term);
        if !search.excluded.contains(term) {
            search.excluded.push(term.clone());
        }
    }
}

/// The one product on screen whose name and option values say every word the message names
/// a product by (its catalog words and its colour), when it names any; `None` when none or
/// several do.
async fn picked_on_screen(
    ctx: &ToolContext<'_>,
    dialogue: &DialogueState,
    u: &Understanding,
) -> Result<Option<i64>, ApiError> {
    let mut said: Vec<String> = u
        .slots
        .product_terms
        .iter()
        .flat_map(|t| crate::text::words(t))
        .map(|w| crate::text::singular(&w).to_owned())
        .collect();
    said.extend(u.slots.colour.iter().cloned());
    if said.is_empty() {
        return Ok(None);
    }
    let mut picked = Vec::new();
    for id in on_screen(dialogue) {
        let call = ToolCall::GetProduct { product_id: *id };
        if let OutcomeKind::Product { card, detail } = tools::execute(ctx, &call).await?.kind {
            let own: Vec<String> = crate::text::words(
                &std::iter::once(card.title)
                    .chain(detail.options.iter().flat_map(|(_, v)| v.iter().cloned()))
                    .collect::<Vec<_>>()
                    .join(" "),
            )
            .iter()
            .map(|w| crate::text::singular(w).to_owned())
            .collect();
            // (In stock in the colour and size said: "lavender in M" when that is sold out
            // is answered so, not bought.)
            let option_words: Vec<String> = detail
                .options
                .iter()
                .flat_map(|(_, v)| v.iter())
                .flat_map(|v| crate::text::words(v))
                .map(|w| crate::text::singular(&w).to_owned())
                .collect();
            let wanted: Vec<String> = u
                .slots
                .colour
                .iter()
                .chain(u.slots.size.iter())
                .flat_map(|w| crate::text::words(w))
                .chain(said.iter().filter(|w| option_words.contains(w)).cloned())
                .collect();
            let in_stock = detail.in_stock_variants.iter().any(|v| {
                let words: Vec<String> = crate::text::words(&v.join(" "))
                    .iter()
                    .map(|w| crate::text::singular(w).to_owned())
                    .collect();
                wanted.iter().all(|w| words.contains(w))
            });
            if said.iter().all(|w| own.contains(w)) && in_stock {
                picked.push(*id);
            }
        }
    }
    Ok(match picked.as_slice() {
        [only] => Some(*only),
        _ => None,
    })
}

/// Of these products, the only one whose name, option values or (`Said::Anywhere`) description
/// have a word `says` accepts; `None` when none or several do.
async fn only_saying(
    ctx: &ToolContext<'_>,
    ids: &[i64],
    said: Said,
    says: impl Fn(&str) -> bool,
) -> Result<Option<i64>, ApiError> {
    let mut saying = Vec::new();
    for id in ids {
        let call = ToolCall::GetProduct { product_id: *id };
        if let OutcomeKind::Product { card, detail } = tools::execute(ctx, &call).await?.kind {
            let options = detail.options.iter().flat_map(|(_, v)| v.iter().cloned());
            let description = match said {
                Said::Anywhere => detail.description,
                Said::InNameOrOptions => String::new(),
            };
            let own = std::iter::once(card.title)
                .chain(std::iter::once(description))
                .chain(options)
                .collect::<Vec<_>>()
                .join(" ");
            if crate::text::words(&own).iter().any(|w| says(w)) {
                saying.push(*id);
            }
        }
    }
    Ok(match saying.as_slice() {
        [only] => Some(*only),
        _ => None,
    })
}

/// Of these products, the one whose name, option values or description say the most of
/// `terms` (a word of each, singular); `None` when none says any or several say as many.
async fn saying_the_most(
    ctx: &ToolContext<'_>,
    ids: &[i64],
    terms: &[String],
) -> Result<Option<i64>, ApiError> {
    let mut scored: Vec<(usize, i64)> = Vec::new();
    for id in ids {
        let call = ToolCall::GetProduct { product_id: *id };
        if let OutcomeKind::Product { card, detail } = tools::execute(ctx, &call).await?.kind {
            // (Its tags too: "black" is the Commuter's tag.)
            let tags: String =
                sqlx::query_scalar("select tags from product where id = $1 and shop_id = $2")
                    .bind(id)
                    .bind(ctx.shop.id)
                    .fetch_optional(&ctx.deps.db)
                    .await?
                    .unwrap_or_default();
            let options = detail.options.iter().flat_map(|(_, v)| v.iter().cloned());
            let own: Vec<String> = crate::text::words(
                &[card.title, detail.description, tags]
                    .into_iter()
                    .chain(options)
                    .collect::<Vec<_>>()
                    .join(" "),
            )
            .iter()
            .map(|w| crate::text::singular(w).to_owned())
            .collect();
            let said = terms
                .iter()
                .filter(|t| {
                    crate::text::words(t)
                        .iter()
                        .all(|w| own.iter().any(|o| o == crate::text::singular(w)))
                })
                .count();
            scored.push((said, *id));
        }
    }
    let best = scored.iter().map(|(n, _)| *n).max().unwrap_or(0);
    let top: Vec<i64> = scored
        .iter()
        .filter(|(n, _)| *n == best)
        .map(|(_, id)| *id)
        .collect();
    Ok(match top.as_slice() {
        [only] if best > 0 => Some(*only),
        _ => None,
    })
}

/// Where a product on screen must say a word to be the one meant.
#[derive(Clone, Copy)]
enum Said {
    Anywhere,
    /// Its name or an option value: what names it ("the linen one", "the oat one").
    InNameOrOptions,
}

/// Words that speak of several products at once.
const PLURAL_PRONOUNS: &[&str] = &[
    "they", "them", "these", "those", "both", "ellas", "ellos", "estas", "estos", "ambas", "ambos",
    "estan", "son",
];

/// Whether the message asks if something comes with a product or is sold apart ("does it come
/// with a bulb?", "¿trae las pilas o se compran aparte?").
fn asks_if_included(message: &str) -> bool {
    const SAID: &[&str] = &[
        "come with",
        "comes with",
        "included",
        "include",
        "includes",
        "separate",
        "separately",
        "viene con",
        "vienen con",
        "trae",
        "traen",
        "incluye",
        "incluyen",
        "incluido",
        "incluida",
        "incluidas",
        "incluidos",
        "por separado",
        "aparte",
    ];
    crate::text::says_phrase(message, SAID)
}

/// "Will it keep my chai hot until lunch?" with the insulated bottle on screen: a question about
/// "it" that the model is unsure is a request, asking nothing new (no budget, no other one),
/// whose only product words are what the product in view already is (its name or type), asks
/// about that product rather than for a search.
async fn asks_what_it_is(
    ctx: &ToolContext<'_>,
    dialogue: &DialogueState,
    u: &Understanding,
    message: &str,
) -> Result<bool, ApiError> {
    let slots = &u.slots;
    let in_view = match dialogue.shown.as_slice() {
        [only] => Some(*only),
        _ => dialogue.focus,
    };
    let Some(id) = in_view else {
        return Ok(false);
    };
    if u.confidence >= 0.6
        || slots.product_terms.is_empty()
        || slots.refinement.is_some()
        || slots.budget_max.is_some()
        || slots.budget_min.is_some()
        || slots.colour.is_some()
        || slots.size.is_some()
        || !nlu::asks(message)
        || !nlu::said_cues(message).contains(&nlu::Cue::Deictic)
    {
        return Ok(false);
    }
    let Some(own) = own_words(ctx, id).await? else {
        return Ok(false);
    };
    Ok(slots.product_terms.iter().all(|term| {
        term.split(' ')
            .all(|w| own.iter().any(|o| o == crate::text::singular(w)))
    }))
}

/// The words of a product's title and type, singular ("insulated", "water", "bottle"); `None`
/// when the shop has no such product.
async fn own_words(ctx: &ToolContext<'_>, id: i64) -> Result<Option<Vec<String>>, ApiError> {
    Ok(names_of(ctx, &[id])
        .await?
        .pop()
        .map(|(_, title, product_type)| {
            crate::text::words(&format!("{title} {product_type}"))
                .iter()
                .map(|w| crate::text::singular(w).to_owned())
                .collect()
        }))
}

/// The title and type of each of these products of the shop, in the order given (those not
/// found left out), read in one query.
async fn names_of(
    ctx: &ToolContext<'_>,
    ids: &[i64],
) -> Result<Vec<(i64, String, String)>, ApiError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // From the search index the cards came from; the database only for what it no longer
    // holds.
    let mut rows = ctx
        .deps
        .search
        .names(&ctx.deps.db, ctx.shop, ids)
        .await
        .unwrap_or_else(|error| {
            tracing::warn!(%error, "no search index; product names read from the database");
            Vec::new()
        });
    let missing: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|id| !rows.iter().any(|(r, _, _)| r == id))
        .collect();
    if !missing.is_empty() {
        let sql = format!(
            "select id, title, product_type from product where shop_id = $1 and id in ({})",
            crate::db::placeholders(2, missing.len())
        );
        let mut query = sqlx::query_as::<_, (i64, String, String)>(&sql).bind(ctx.shop.id);
        for id in &missing {
            query = query.bind(*id);
        }
        rows.extend(query.fetch_all(&ctx.deps.db).await?);
    }
    rows.sort_by_key(|(id, _, _)| ids.iter().position(|x| x == id));
    Ok(rows)
}

/// "That field one, how deep can she go?": a question whose product words are all in the name
/// of exactly one of the products on screen is about that product.
async fn shown_by_name(
    ctx: &ToolContext<'_>,
    dialogue: &DialogueState,
    u: &Understanding,
    message: &str,
) -> Result<Option<i64>, ApiError> {
    let slots = &u.slots;
    if dialogue.shown.len() < 2
        || slots.product_terms.is_empty()
        || !nlu::asks(message)
        || slots.budget_max.is_some()
        || slots.budget_min.is_some()
        || slots.recipient.is_some()
    {
        return Ok(None);
    }
    let rows = names_of(ctx, on_screen(dialogue)).await?;
    let words: Vec<String> = slots
        .product_terms
        .iter()
        .flat_map(|t| crate::text::words(t))
        .map(|w| crate::text::singular(&w).to_owned())
        .collect();
    let mut naming = rows.iter().filter(|(_, title, _)| {
        let title: Vec<String> = crate::text::words(title)
            .iter()
            .map(|w| crate::text::singular(w).to_owned())
            .collect();
        words.iter().all(|w| title.contains(w))
    });
    Ok(match (naming.next(), naming.next()) {
        (Some((id, _, _)), None) => Some(*id),
        _ => None,
    })
}

/// The one product a question asks about by the kind its name says ("how cold is the parka
/// rated to?") when products are on screen and none of their names says it.
async fn named_off_screen(
    ctx: &ToolContext<'_>,
    dialogue: &DialogueState,
    u: &Understanding,
    message: &str,
    vocabulary: Option<&nlu::shop_vocabulary::ShopVocabulary>,
) -> Result<Option<i64>, ApiError> {
    if u.slots.head_terms.is_empty() || dialogue.shown.is_empty() || opens_on_it(message) {
        return Ok(None);
    }
    // (Named as the one asked about, "the parka", not in passing: "he cannot even wear the
    // woollen shawls here".)
    if !u
        .slots
        .head_terms
        .iter()
        .any(|h| named_as_the_thing(message, h))
    {
        return Ok(None);
    }
    let names = names_of(ctx, &dialogue.shown).await?;
    if names
        .iter()
        .any(|(_, title, _)| title_says_all(title, &u.slots.head_terms))
    {
        return Ok(None);
    }
    named_product(ctx, u, message, vocabulary, false).await
}

/// The one product a question names: by its size or colour ("do the leather chelsea boots
/// come in a 38?", "does the beanie come in navy?") or by a word only its name uses ("is the
/// Drizzle jacket breathable?", "¿la parka Summit abriga mucho?"). It is the only product found
/// whose title carries every word of the question that titles use. None for a request to
/// browse ("do you have hoodies in black?" names four).
async fn named_product(
    ctx: &ToolContext<'_>,
    u: &Understanding,
    message: &str,
    vocabulary: Option<&nlu::shop_vocabulary::ShopVocabulary>,
    wants_to_buy: bool,
) -> Result<Option<i64>, ApiError> {
    let slots = &u.slots;
    let first = crate::text::words(message)
        .into_iter()
        .next()
        .unwrap_or_default();
    // (A wish to buy names it as well as a question: "I want to buy the Waterproof Hiking
    // Boots, size 44".)
    let asks = wants_to_buy
        || message.contains(['?', '¿'])
        || matches!(
            first.as_str(),
            "do" | "does" | "is" | "are" | "can" | "viene" | "vienen" | "hay" | "tiene" | "tienen"
        );
    let wanted: Vec<String> = slots
        .product_terms
        .iter()
        .flat_map(|t| crate::text::words(t))
        .collect();
    let said: Vec<String> = crate::text::words(message)
        .iter()
        .map(|w| crate::text::singular(w).to_owned())
        .collect();
    let said_it = |w: &String| said.iter().any(|s| s == crate::text::singular(w));
    let by_name = vocabulary.is_some_and(|v| wanted.iter().any(|w| v.is_name_only(w)));
    // (Or a name said nearly whole, in the shopper's own words, in a question that doesn't
    // ask what there is: "what weight is the cold press watercolour paper?", not "¿tienen
    // camperas de jean?")
    let long_name = wanted.iter().filter(|w| said_it(w)).count() >= 3
        && !nlu::said_cues(message).contains(&nlu::Cue::Show);
    // (Or one kind said with "the", asked about, when only one title names it: "does the
    // parka have a hood?" of the shop's one parka.)
    let words = crate::text::words(message);
    let the_words: Vec<String> = if wants_to_buy {
        Vec::new()
    } else {
        words
            .windows(2)
            .filter(|w| {
                matches!(w[0].as_str(), "the" | "el" | "la")
                    && wanted
                        .iter()
                        .any(|x| crate::text::singular(x) == crate::text::singular(&w[1]))
            })
            .map(|w| crate::text::singular(&w[1]).to_owned())
            .collect()
    };
    let the_one = !the_words.is_empty();
    if !asks
        || slots.product_terms.is_empty()
        || (slots.size.is_none() && slots.colour.is_none() && !by_name && !long_name && !the_one)
        || slots.budget_max.is_some()
        || slots.budget_min.is_some()
        || slots.recipient.is_some()
        || slots.refinement.is_some()
    {
        return Ok(None);
    }
    let call = ToolCall::SearchProducts(SearchProducts {
        query: slots.product_terms.join(" "),
        head: slots.head_terms.clone(),
        ..SearchProducts::default()
    });
    let OutcomeKind::Found { cards } = tools::search_excluding(ctx, &call, &[]).await?.kind else {
        return Ok(None);
    };
    let in_title = |w: &String, title: &[String]| title.iter().any(|t| t.starts_with(w.as_str()));
    let titles: Vec<Vec<String>> = cards.iter().map(|c| crate::text::words(&c.title)).collect();
    // Words no title uses ("breathable", a tag) say what is asked, not which product.
    let naming: Vec<&String> = wanted
        .iter()
        .filter(|w| !by_name || titles.iter().any(|t| in_title(w, t)))
        .collect();
    if slots.size.is_none() && slots.colour.is_none() && !by_name && !long_name && the_one {
        let mut with_it = titles
            .iter()
            .zip(&cards)
            .filter(|(title, _)| the_words.iter().all(|w| in_title(w, title)));
        return Ok(match (with_it.next(), with_it.next()) {
            (Some((_, card)), None) => Some(card.product_id),
            _ => None,
        });
    }
    if slots.size.is_none() && slots.colour.is_none() && !by_name {
        // The one title that holds three of the words or more, all of them but one at most,
        // and more of them than any other title.
        let covered: Vec<usize> = titles
            .iter()
            .map(|t| wanted.iter().filter(|w| in_title(w, t)).count())
            .collect();
        let best = covered.iter().copied().max().unwrap_or(0);
        let with_best: Vec<&ProductCard> = cards
            .iter()
            .zip(&covered)
            .filter(|(_, n)| **n == best)
            .map(|(card, _)| card)
            .collect();
        return Ok(match with_best.as_slice() {
            [card] if best >= 3 && best + 1 >= wanted.len() => Some(card.product_id),
            _ => None,
        });
    }
    let mut named = cards
        .iter()
        .zip(&titles)
        .filter(|(_, title)| naming.iter().all(|w| in_title(w, title)))
        .map(|(card, _)| card);
    Ok(match (named.next(), named.next()) {
        (Some(card), None) => Some(card.product_id),
        _ => None,
    })
}

/// True when a message gives nothing a search could use: no word of the catalog (grounding
/// made every one a product term), colour, size, budget, recipient, gift or change to the last
/// results.
fn nothing_to_search(u: &Understanding) -> bool {
    let slots = &u.slots;
    slots.product_terms.is_empty()
        && slots.recipient.is_none()
        && slots.refinement.is_none()
        && no_option_nor_budget(u)
}

/// No colour, size, budget, cheapness or present asked for.
fn no_option_nor_budget(u: &Understanding) -> bool {
    let slots = &u.slots;
    slots.colour.is_none()
        && slots.size.is_none()
        && slots.budget_max.is_none()
        && slots.budget_min.is_none()
        && !slots.cheap
        && !slots.gift
}

/// The search `asked` for the words of the kind `wanted` alone, when what it finds is of
/// that kind.
async fn only_the_kind(
    ctx: &ToolContext<'_>,
    asked: &SearchProducts,
    exclude: &[i64],
    wanted: &[String],
) -> Result<Option<tools::ToolOutcome>, ApiError> {
    let call = ToolCall::SearchProducts(SearchProducts {
        query: wanted.join(" "),
        ..asked.clone()
    });
    let narrowed = tools::search_excluding(ctx, &call, exclude).await?;
    Ok(of_the_kind(ctx, &narrowed.kind, wanted)
        .await?
        .then_some(narrowed))
}

/// True when a search found a product whose type or title ends in the last word of one of the
/// terms for what is wanted ("belt" of "leather belt": a "Woven Stretch Braid" of type Belt).
async fn of_the_kind(
    ctx: &ToolContext<'_>,
    found: &OutcomeKind,
    head: &[String],
) -> Result<bool, ApiError> {
    let OutcomeKind::Found { cards } = found else {
        return Ok(false);
    };
    let kinds: Vec<String> = head
        .iter()
        .filter_map(|h| crate::text::words(h).pop())
        .map(|k| crate::text::singular(&k).to_owned())
        .collect();
    let ids: Vec<i64> = cards.iter().map(|c| c.product_id).collect();
    let names = names_of(ctx, &ids).await?;
    for card in cards {
        let Some((_, _, product_type)) = names.iter().find(|(id, _, _)| *id == card.product_id)
        else {
            continue;
        };
        // What a product is: the last word of its type or of its title ("Ceramic Table Lamp"
        // is a lamp, not a table).
        let is = [product_type, &card.title]
            .into_iter()
            .filter_map(|name| crate::text::words(name).pop());
        if is
            .map(|w| crate::text::singular(&w).to_owned())
            .any(|w| kinds.iter().any(|k| crate::text::is_kind(&w, k)))
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// True when, on a product page and before any search, a message that would otherwise start
/// a search by size or colour alone ("in M?", "¿lo tienes en negro?") asks about that product.
fn about_page_product(on_product_page: bool, dialogue: &DialogueState, u: &Understanding) -> bool {
    let slots = &u.slots;
    on_product_page
        && dialogue.search.is_none()
        && u.intent == Intent::Browse
        && slots.product_terms.is_empty()
        && slots.recipient.is_none()
        && slots.budget_max.is_none()
        && slots.budget_min.is_none()
        && (slots.size.is_some() || slots.colour.is_some())
}

/// The catalog's tag for who a product is for.
fn audience_tag(recipient: nlu::Recipient) -> &'static str {
    match recipient {
        nlu::Recipient::Men => "men",
        nlu::Recipient::Women => "women",
        nlu::Recipient::Kids => "kids",
        nlu::Recipient::Unisex => "unisex",
    }
}

/// What the shopper asked for, in words, for the reply.
fn describe(
    search: &SearchState,
    locale: Locale,
    vocabulary: Option<&nlu::shop_vocabulary::ShopVocabulary>,
) -> String {
    let mut words: Vec<&str> = Vec::new();
    if let Some(colour) = &search.colour {
        words.push(colour);
    }
    // A category is said as such ("jewelry"), not as the list of its kinds.
    // What is wanted last, as English says it: "hiking jackets", not "jacket hikings".
    match &search.category {
        Some(category) => words.push(category),
        None => {
            let wanted = |t: &&String| {
                search.head.contains(t)
                    || (search.head.is_empty() && vocabulary.is_some_and(|v| v.names_a_kind(t)))
            };
            words.extend(
                search
                    .terms
                    .iter()
                    .filter(|t| !wanted(t))
                    .map(String::as_str),
            );
            words.extend(search.terms.iter().filter(wanted).map(String::as_str));
        }
    }
    match (words.is_empty(), locale) {
        (true, Locale::En) => "products".into(),
        (true, Locale::Es) => "productos".into(),
        (false, Locale::En) => words.join(" "),
        (false, Locale::Es) => format!("«{}»", words.join(" ")),
    }
}

#[cfg(test)]
mod tests {
    use super::{asked_amount, measure, named_as_the_thing};

    #[test]
    fn a_kind_is_named_as_the_thing_itself_in_either_language_not_in_passing() {
        assert!(named_as_the_thing(
            "the watch I bought stopped working",
            "watch"
        ));
        assert!(named_as_the_thing("mi reloj dejó de funcionar", "watch"));
        assert!(named_as_the_thing(
            "how cold is the parka rated to?",
            "parka"
        ));
        assert!(!named_as_the_thing(
            "he was going to Iceland to see the northern lights",
            "light"
        ));
        assert!(!named_as_the_thing("he's sulking on the couch", "couch"));
        assert!(!named_as_the_thing(
            "he cannot even wear the woollen shawls here",
            "shawl"
        ));
    }

    #[test]
    fn a_refund_names_an_amount_only_when_it_is_not_what_was_paid() {
        let asked = |m: &str| asked_amount(&crate::nlu::understand(m, 2), m);
        assert_eq!(asked("could I get $10 back and keep it?"), Some(1000));
        assert_eq!(asked("¿me devolvéis 10 euros?"), Some(1000));
        // "Vale" is Spain's "ok" before it is "it costs".
        assert_eq!(asked("vale, devolvedme 10 euros"), Some(1000));
        assert_eq!(asked("it was torn, can I get $10 back?"), Some(1000));
        assert_eq!(asked("I paid $20, refund it"), None);
        assert_eq!(asked("refund me, the hat was 30 dollars"), None);
        assert_eq!(asked("me costó 30 euros, quiero el reembolso"), None);
        assert_eq!(asked("I want a refund for order SC-1005"), None);
        assert_eq!(
            asked("yall charged me 5 dollars shippin. reckon i ought to get that $5 back"),
            Some(500)
        );
        // "Paid" with no amount after it, and an amount that is a discount, state no price.
        assert_eq!(
            asked("I forgot my promo code when I paid, it was $7 off. Can you refund me the $7?"),
            Some(700)
        );
    }

    #[test]
    fn a_title_gives_its_measure_and_unit() {
        assert_eq!(measure("Commuter Backpack 20L"), Some((20.0, "l".into())));
        assert_eq!(
            measure("Insulated Water Bottle 750 ml"),
            Some((750.0, "ml".into()))
        );
        assert_eq!(measure("Figaro Chain 22 in"), Some((22.0, "in".into())));
        assert_eq!(measure("Pocket Notebooks (3-Pack)"), None);
        assert_eq!(measure("Classic Cotton Tee"), None);
    }
}
