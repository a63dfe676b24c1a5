//! Natural-language understanding for the embedded engine: what an English or Spanish shopper
//! wants (the [`Intent`]) and the details they gave ([`Slots`]), robust to typos and chat
//! spelling. Pure and dependency-free, so it runs in microseconds on every turn and can be
//! measured offline (`shopchat eval intents`).
//!
//! The pipeline: `normalize` (fold, expand, split, correct) → `cues` (lexicon concepts) →
//! `slots`/`budget`/`ids` (details) → `intent` (weighted evidence → intent + confidence).

pub mod bilingual;
mod budget;
mod catalog_words;
pub(crate) mod categories;
mod cues;
mod ids;
pub use ids::order_number_asked;
mod language;
mod lexicon;
pub mod model;
mod needs;
pub mod normalize;
mod refinement;
mod shop_lexicon;
pub mod shop_vocabulary;
mod slots;
mod spelling;
mod vocab;

#[cfg(test)]
mod tests;

pub use catalog_words::Recipient;
pub use refinement::Refinement;
pub use slots::Attribute;

use crate::locale::Locale;
pub use lexicon::Cue;

/// What the shopper wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Intent {
    /// Recommend, search, "show me…", or refine the last results.
    Browse,
    /// Size, material, price, stock, colour or care of a named or shown product.
    ProductQuestion,
    /// Buy, add to cart, check out, place an order.
    Buy,
    /// Where an order is, when it arrives.
    OrderStatus,
    /// Money back or a return: a request the order tools act on (after the shopper's yes).
    Refund,
    /// A question about refunds: the policy, how returns work, where a refund is. Answered,
    /// never acted on.
    RefundInfo,
    /// Cancel an order (after the shopper's yes).
    Cancel,
    /// A question about cancelling: how, until when, whether it is too late. Answered.
    CancelInfo,
    /// Trouble paying: a declined card, a failed or double charge. Not a wish to buy.
    PaymentProblem,
    /// A question about the shop: shipping costs and times, payment methods, countries.
    ShopInfo,
    /// Talk to a person or customer service.
    Human,
    Greeting,
    /// Thanks or goodbye.
    Thanks,
    /// Anything else: accounts, invoices, fees, changing an order, delivery options…
    OutOfScope,
}

impl Intent {
    /// About an order the shopper placed: where it is, its refund or its cancellation.
    pub fn about_an_order(self) -> bool {
        matches!(
            self,
            Intent::OrderStatus
                | Intent::Refund
                | Intent::RefundInfo
                | Intent::Cancel
                | Intent::CancelInfo
        )
    }
}

/// One message understood.
#[derive(Debug, Clone, PartialEq)]
pub struct Understanding {
    pub intent: Intent,
    /// 0..=1: the intent model's probability for this intent.
    pub confidence: f32,
    /// Set when the model is unsure between this intent and another: ask which one.
    pub alternative: Option<Intent>,
    /// Detected from the text.
    pub language: Locale,
    pub slots: Slots,
}

/// The details of a message. Money is in minor units of the shop's currency.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Slots {
    /// A colour the shopper rules out ("any colour but black", "que no sea negra").
    pub not_colour: Option<String>,
    pub budget_max: Option<i64>,
    pub budget_min: Option<i64>,
    /// "cheap", "barato", "affordable", "económico".
    pub cheap: bool,
    /// A present is wanted ("a gift for…", "algo para regalar").
    pub gift: bool,
    /// Catalog vocabulary (English, singular): "hoodie", "running", "shoe".
    pub product_terms: Vec<String>,
    /// The product terms said before a purpose ("a knife" in "a knife for cutting bread"):
    /// what is wanted, while the rest says what for. Empty when there is no such split.
    pub head_terms: Vec<String>,
    /// Catalog terms the shopper rules out ("something besides oil", "anything but mugs",
    /// "que no sea una taza"): products of those kinds are not shown.
    pub excluded: Vec<String>,
    /// The shop's product types (keys) of a retail category the message named ("jewelry":
    /// its rings, necklaces…): only products of these types are shown. Empty otherwise.
    pub kinds: Vec<String>,
    /// That category, as the vocabulary's English key ("jewelry").
    pub category: Option<String>,
    /// A product asked for by name that the shop doesn't sell ("umbrella"), as said.
    pub unsold: Option<String>,
    /// Content words the lexicon does not know, such as a product's name ("pico", "summit"):
    /// the search may use them, nothing else relies on them.
    pub free_terms: Vec<String>,
    /// Words of the message only the shop's product descriptions use, of a few products
    /// ("keep my hands warm but still use my phone": "phone", of touchscreen gloves), when the
    /// message names no kind of product: what it is for, to search the descriptions with.
    pub described: Vec<String>,
    /// Terms said as a superlative ("warm" of "the warmest jacket"): they rank the kind named.
    pub most: Vec<String>,
    /// Canonical English colour: "blue" from "azul"; "navy" stays "navy".
    pub colour: Option<String>,
    /// "M", "XL", "42", "EU 42".
    pub size: Option<String>,
    pub recipient: Option<Recipient>,
    /// The age in years of whom it is for, when said as an age ("my 4 year old", "de 6 meses"
    /// is 0); only under 18, where products state the ages they suit.
    pub age: Option<u8>,
    /// What a product question asks about.
    pub product_attribute: Option<Attribute>,
    /// How a follow-up changes the last results.
    pub refinement: Option<Refinement>,
    /// Normalised to "SC-<digits>".
    pub order_number: Option<String>,
    pub email: Option<String>,
}

/// Understands one shopper message. `currency_exponent` is the number of decimals of the
/// shop's currency (2 for EUR/USD, 0 for JPY), for budgets in minor units.
pub fn understand(text: &str, currency_exponent: u32) -> Understanding {
    // An email address says nothing but itself: "my email is someone.else@example.com" asks
    // for no one. The message is read without it, and the address kept.
    if let Some(without) = ids::without_emails(text) {
        let mut u = understand_text(&without, currency_exponent);
        u.slots.email = ids::email(text);
        return u;
    }
    understand_text(text, currency_exponent)
}

fn understand_text(text: &str, currency_exponent: u32) -> Understanding {
    let tokens = normalize::normalize(text);
    let found = cues::find(&tokens);
    let language = language::detect(text, &tokens);

    let budget = budget::read(&tokens, currency_exponent);
    let terms = slots::product_terms(&tokens, spelling::is_known);
    let nouns = terms.nouns;
    // (A colour ruled out and then said again is ruled out: "anything that's not grey? my
    // coat is grey".)
    let not_colour = slots::colour_ruled_out(&tokens, language);
    let colour = slots::colour(&tokens, language).filter(|c| not_colour.as_ref() != Some(c));
    let size = slots::size(&tokens).or_else(|| slots::letter_size_alone(text));
    // (A colour ruled out is a change of colour too: "any colour but black".)
    let colour_said = colour.is_some() || not_colour.is_some();
    let refinement = ids::hash_ordinal(text)
        .map(Refinement::Ordinal)
        .or_else(|| refinement::refinement(&tokens, colour_said, size.is_some(), nouns));
    let age = slots::age(&tokens).filter(|a| *a < 18);
    let slots = Slots {
        not_colour,
        budget_max: budget.max,
        budget_min: budget.min,
        cheap: slots::cheap(&tokens),
        gift: found.has(Cue::Gift),
        product_terms: terms.terms,
        head_terms: Vec::new(),
        most: Vec::new(),
        excluded: Vec::new(),
        kinds: Vec::new(),
        category: None,
        unsold: None,
        free_terms: terms.free,
        described: Vec::new(),
        // "Son caras" is Spanish for "they are expensive": no son in it. Nor is whom the
        // message opens by addressing ("Ay hijo, …") anyone it is for.
        recipient: {
            let addressed = slots::after_address(text).map(normalize::normalize);
            let tokens = addressed.as_ref().unwrap_or(&tokens);
            let recipient = if language == Locale::Es {
                let without_son: Vec<String> =
                    tokens.iter().filter(|t| *t != "son").cloned().collect();
                slots::recipient(&without_son)
            } else {
                slots::recipient(tokens)
            };
            // A brother or a niece of a child's age is a child: "pa mi hermanito q cumple 6".
            match (recipient, age) {
                (Some(Recipient::Men | Recipient::Women), Some(age)) if age < 13 => {
                    Some(Recipient::Kids)
                }
                _ => recipient,
            }
        },
        age,
        product_attribute: slots::attribute(&found, &tokens),
        order_number: ids::order_number(text),
        email: ids::email(text),
        colour,
        size,
        refinement,
    };

    let (intent, confidence, alternative) = if tokens.is_empty() {
        (Intent::OutOfScope, 0.0, None)
    } else {
        let whole = decide(&tokens);
        let (intent, confidence, alternative) =
            last_sentence_asks(text, whole.0, whole.1).unwrap_or(whole);
        // "Just asking, can I still cancel if it hasn't shipped? Not cancelling now": a
        // question about the action that says it asks for nothing is a question.
        // So is one that says, asking about it, not to do it ("Kindly inform me whether an
        // order may be cancelled… please do not cancel anything").
        let holds_back = || asks(text) && (says_not_to(text) || asks_if_still_possible(&tokens));
        // "Can I get the $4 back?", "la devolución de esos 5 dólares": an amount asked back is
        // a refund of part of the order (nothing moves without a yes).
        let (intent, confidence) = match intent {
            Intent::Browse
            | Intent::OrderStatus
            | Intent::ProductQuestion
            | Intent::PaymentProblem
            | Intent::ShopInfo
            | Intent::OutOfScope
            | Intent::RefundInfo
                if asks_an_amount_back(text) && !only_asking(&tokens) =>
            {
                (Intent::Refund, confidence.max(0.9))
            }
            intent => (intent, confidence),
        };
        let alternative = alternative.filter(|_| confidence < 0.9);
        // "Okey, then sí, quiero mi money back": wanting one's money back, in a sentence that
        // buys nothing, is no purchase, in whichever language it is said.
        // So is it when the model can't tell, naming a product ("…regresame todo el dinero del
        // gorro"), said and not asked.
        let (intent, confidence) = match intent {
            // (Naming what was bought too: "I buy one hat of wool, the beanie, but my daughter
            // she buy me the same one. I want my money back please".)
            Intent::Buy if wants_money_back(text) => (Intent::Refund, confidence.min(0.8)),
            // "I am buy the beanie hat yesterday. Please, I want return it and take back my
            // money": a purchase told with the money wanted back, asked for outright.
            Intent::Buy
                if found.has(Cue::Refund)
                    && found.has(Cue::Return)
                    && !asks(text)
                    && !supposes(text) =>
            {
                (Intent::Refund, confidence.min(0.8))
            }
            Intent::ProductQuestion | Intent::Browse
                if confidence < 0.5 && !asks(text) && wants_money_back(text) =>
            {
                (Intent::Refund, 0.8)
            }
            intent => (intent, confidence),
        };
        // "I bought it for my grandson but he's moving somewhere warm. What can I do?": what
        // can be done about a purchase is a question about cancelling it, answered with the
        // order's own state (and acted on only when asked, after a yes).
        let (intent, confidence) = match intent {
            Intent::Browse
            | Intent::ProductQuestion
            | Intent::OutOfScope
            | Intent::Greeting
            | Intent::OrderStatus
            // ("hice una compra por error, ¿qué hago?", "I made a purchase by mistake, what do I
            // do?": no trouble paying, nothing to buy.)
            | Intent::PaymentProblem
            | Intent::Buy
                if found.has(Cue::PastPurchase) && asks_what_to_do(&tokens) =>
            {
                // (Unless what came is wrong: "the jacket I ordered doesn't fit, what can I
                // do?" asks the rules of refunds. Not the shopper's own mistake: "I ordered the
                // wrong thing, what now?".)
                let about = if found.has(Cue::Defect)
                    && !found.has(Cue::Cancel)
                    && !says_own_mistake(&tokens)
                {
                    Intent::RefundInfo
                } else {
                    Intent::CancelInfo
                };
                (about, confidence.max(0.8))
            }
            intent => (intent, confidence),
        };
        // (What came wrong, told, is no cancelling to ask about.)
        let fault_told =
            found.has(Cue::Defect) && found.has(Cue::PastPurchase) && !says_own_mistake(&tokens);
        let alternative = alternative.filter(|a| {
            *a != intent
                && !(intent == Intent::RefundInfo && *a == Intent::CancelInfo && fault_told)
        });
        // "¿Es posible cancelar el pedido, por favor?": whether it can still be done, asked
        // with a "please", asks for it (nothing happens without a yes). Not "please tell me…",
        // nor when or under which rules.
        let asks_for_it_please = says_please(&tokens)
            && ![Cue::When, Cue::Policy].iter().any(|c| found.has(*c))
            && !says_not_to(text);
        match intent {
            Intent::Cancel
                if only_asking(&tokens)
                    || supposes(text)
                    || (holds_back() && !asks_for_it_please)
                    || asks_how_to(&tokens) =>
            {
                (Intent::CancelInfo, confidence, None)
            }
            Intent::Refund
                if only_asking(&tokens)
                    || supposes(text)
                    || holds_back()
                    || asks_how_to(&tokens) =>
            {
                (Intent::RefundInfo, confidence, None)
            }
            // "is it 2 l8 2 stop my order 4 the beanie? changed my mind tbh": an unsure
            // reading of where the order is, that says cancel and nothing of where it is, is
            // about cancelling it (asked for when the shopper has decided).
            Intent::OrderStatus
                if confidence < 0.5
                    && found.has(Cue::Cancel)
                    && !found.has(Cue::WhereIs)
                    && !found.has(Cue::Track)
                    && !found.has(Cue::Late) =>
            {
                // (Said, not asked, it asks for it: "she wants it cancelled now".)
                if !asks(text) || decided(text, Cue::Cancel) || asks_for_it_please {
                    (Intent::Cancel, confidence, None)
                } else {
                    (Intent::CancelInfo, confidence, None)
                }
            }
            // "Can you just not post it?", "prefiero que no me lo mandéis": asked not to send
            // what was bought, a cancellation (a refund of what hasn't left is one).
            Intent::RefundInfo
            | Intent::CancelInfo
            | Intent::OrderStatus
            | Intent::ProductQuestion
            | Intent::Refund
                if asks_you_not_to_send(text, &tokens, language == Locale::Es)
                    && !supposes(text) =>
            {
                (Intent::Cancel, confidence, None)
            }
            // "Can I exchange the wool hat for my money back?": the shopper's own money asked
            // back, not of a case that may come.
            Intent::RefundInfo
                if asks_for_my_money_back(&tokens)
                    && !supposes(text)
                    && !tokens.iter().any(|t| t == "if")
                    && !only_asking(&tokens) =>
            {
                (Intent::Refund, confidence, None)
            }
            // "Devolución del gorro", "refund for the beanie I bought": the action named of
            // an item, said and not asked, asks for it.
            Intent::RefundInfo
                if !asks(text)
                    && !found.has(Cue::Policy)
                    && !only_asking(&tokens)
                    && names_the_action_of_an_item(&tokens, &slots.product_terms) =>
            {
                (Intent::Refund, confidence, None)
            }
            // "Would it be a big problem for you if I receive my money again? If is not possible,
            // no problem.", "¿Sería posible que me devolváis el dinero?": a favour asked as
            // whether it could be done asks for it (nothing happens without a yes).
            Intent::RefundInfo
                if (asks_politely(&tokens) || asks_you_to_act(&tokens))
                    && (found.has(Cue::Refund)
                        // (The money given back, not asked when: "¿en cuántos días me
                        // devuelven la plata?")
                        || (found.has(Cue::Return)
                            && tokens
                                .iter()
                                .any(|t| matches!(t.as_str(), "dinero" | "money" | "plata"))
                            && !tokens
                                .iter()
                                .any(|t| matches!(t.as_str(), "cuando" | "cuantos" | "when"))))
                    && !supposes(text) =>
            {
                (Intent::Refund, confidence, None)
            }
            Intent::CancelInfo
                if asks_you_to_act(&tokens)
                    && found.has(Cue::Cancel)
                    && !supposes(text)
                    && !only_asking(&tokens) =>
            {
                (Intent::Cancel, confidence, None)
            }
            Intent::CancelInfo
                if asks_politely(&tokens) && found.has(Cue::Cancel) && !only_asking(&tokens) =>
            {
                (Intent::Cancel, confidence, None)
            }
            Intent::CancelInfo
                if asks_for_it_please
                    && found.has(Cue::Cancel)
                    && !only_asking(&tokens)
                    && !supposes(text) =>
            {
                (Intent::Cancel, confidence, None)
            }
            // "Entonces sí le voy a pedir el reembolso del gorrito": a statement that says the
            // action, read as a question about it with little confidence, asks for it (nothing
            // happens without a yes). Not one about the rules or where a refund is.
            Intent::RefundInfo if states_a_refund(&found, text, &tokens, confidence) => {
                (Intent::Refund, confidence, None)
            }
            Intent::CancelInfo if states(&found, Cue::Cancel, text, &tokens, confidence) => {
                (Intent::Cancel, confidence, None)
            }
            // "Is it still possible to cancel my beanie order? I changed my mind, sorry": a
            // question about the action beside a sentence that says the shopper has decided
            // asks for it (nothing happens without a yes).
            Intent::CancelInfo if decided(text, Cue::Cancel) => (Intent::Cancel, confidence, None),
            Intent::RefundInfo if decided(text, Cue::Refund) => (Intent::Refund, confidence, None),
            // "no more than fifty-five bucks": a budget, with no word of thanks nor greeting
            // in it, is shopping, however the model read its few words.
            Intent::Thanks | Intent::Greeting
                if (budget.max.is_some() || budget.min.is_some())
                    && !found.has(Cue::Thanks)
                    && !found.has(Cue::Greeting) =>
            {
                (Intent::Browse, confidence, None)
            }
            _ => (intent, confidence, alternative),
        }
    };
    Understanding {
        intent,
        confidence,
        alternative,
        language,
        slots,
    }
}

/// Whether `text` is Spanish beyond doubt: enough to answer an English conversation in Spanish.
pub fn clearly_spanish(text: &str) -> bool {
    language::clearly_spanish(text, &normalize::normalize(text))
}

/// At most this many words answering a need are searched.
const MAX_NEED_WORDS: usize = 4;

/// Whether the message names a thing of the shop as the shopper's own ("si ya salió mi gorro",
/// "my hoodie shrank"): something bought, not something asked for.
fn names_the_shoppers_own(
    vocabulary: &shop_vocabulary::ShopVocabulary,
    message: &str,
    language: Locale,
) -> bool {
    let words = crate::text::words(message);
    words.windows(2).any(|pair| {
        matches!(
            pair[0].as_str(),
            "my" | "mi" | "mis" | "our" | "nuestro" | "nuestra"
        ) && !vocabulary
            .named(&pair[1], language == Locale::Es)
            .terms
            .is_empty()
    })
}

/// A cue of money, a return, an order or a fault: what a question about a product never says.
fn of_money_or_an_order(c: &Cue) -> bool {
    matches!(
        c,
        Cue::Refund
            | Cue::Return
            | Cue::Defect
            | Cue::Cancel
            | Cue::Fee
            | Cue::Order
            | Cue::PastPurchase
            | Cue::Payment
            | Cue::Invoice
            | Cue::Change
            | Cue::Policy
    )
}

/// Words that may follow the colour of what is wanted ("red one please", "black or navy",
/// "grey would be nice"): none names another thing.
#[rustfmt::skip]
const AFTER_A_WANTED_COLOUR: &[&str] = &[
    "one", "ones", "for", "and", "or", "nor", "with", "please", "pls", "plz", "too", "instead",
    "version", "colour", "color", "colours", "colors", "shade", "option", "options", "then",
    "maybe", "also", "but", "not", "size", "the", "that", "this", "these", "those", "would",
    "will", "could", "should", "available", "ish", "preferably", "ideally", "only", "just",
    "thanks", "thank", "thx", "any", "anything", "something", "is", "are", "was",
    "were", "if", "all", "either", "each", "same", "kind", "sort", "type", "style", "look",
    "looks", "looking", "mind", "prefer", "rather", "perhaps", "because", "since",
    "as", "like", "from", "under", "over", "around", "about", "below", "above", "max",
    "tops", "budget", "dollars", "bucks", "quid", "euros", "pounds", "there", "here", "now",
    "still", "again", "else", "other", "others", "another", "lol", "haha", "though", "tho",
    "yes", "yeah", "yep", "nope", "okay", "fine", "good", "great", "nice", "lovely", "cute",
    "works", "work", "goes", "go", "fits", "fit", "matches", "match", "suits", "suit",
];

/// Below this probability the model's reading is a guess: when another reading is close,
/// the engine asks which one was meant instead of acting on it.
pub const CLARIFY_BELOW: f32 = 0.45;
/// A second reading at least this likely is worth offering.
const ALTERNATIVE_FROM: f32 = 0.2;

/// The intent the model reads, its probability and, when unsure, the close second reading.
fn decide(tokens: &[String]) -> (Intent, f32, Option<Intent>) {
    let p = model::classify(tokens);
    let intent = intent_of(p.class);
    let second = intent_of(p.runner_up);
    let alternative = (p.probability < CLARIFY_BELOW
        && p.runner_up_probability >= ALTERNATIVE_FROM
        && second != intent)
        .then_some(second);
    (intent, p.probability, alternative)
}

/// A long message, told as a story, asks in its last sentence ("…I had thought mustard very
/// cheerful, but she only wears navy. So I would be most grateful if you could return the
/// money to me."): the story's words drown the ask, so when the whole reads as a question
/// about refunds or cancelling (or nothing the shop does) and the last sentence, read alone,
/// confidently asks for an action, that is the reading. Nothing moves without a yes.
fn last_sentence_asks(
    text: &str,
    whole: Intent,
    confidence: f32,
) -> Option<(Intent, f32, Option<Intent>)> {
    const LONG_FROM_WORDS: usize = 30;
    const CONFIDENT_FROM: f32 = 0.6;
    let informs = matches!(
        whole,
        Intent::RefundInfo
            | Intent::CancelInfo
            | Intent::OutOfScope
            | Intent::Greeting
            | Intent::Thanks
            | Intent::ShopInfo
    );
    // A complaint about paying that ends in an order to cancel or refund ("the page froze
    // three times and charged me anyway. cancel that rubbish now") asks for that, however
    // short.
    let complains = whole == Intent::PaymentProblem;
    // Of any length, a model unsure what an order message wants ("mi order a beanie earlier
    // fi mi cousin… gimme back mi money nuh") takes an action its last sentence asks for
    // without a doubt.
    let unsure_about_an_order = confidence < 0.75
        && matches!(
            whole,
            Intent::OrderStatus
                | Intent::RefundInfo
                | Intent::CancelInfo
                | Intent::Refund
                | Intent::Cancel
        );
    let long = crate::text::words(text).len() >= LONG_FROM_WORDS;
    // A long story about an order the model is not sure of ("esta mañana compré un
    // gorrito… ya no lo necesito. ¿Me devuelves mi dinero, por favor?"): the same.
    let long_status_story = long && whole == Intent::OrderStatus && confidence < 0.95;
    let unsure_about_an_order = unsure_about_an_order || long_status_story;
    // A model that can't tell what the message wants at all ("Not sent yet. Snow's here now.
    // Nowt use to me next week. Cancel it."): a part of it that asks for an action without a
    // doubt says it.
    let lost = confidence < 0.5 && !matches!(whole, Intent::Refund | Intent::Cancel);
    // A complaint about where the order is that ends in an order to act ("ya van 3 dias y el
    // gorro ni ha salido q onda con uds. mejor devuelvanme el pisto x fa"), however sure the
    // model is of the complaint, asks for that action when its last sentence says so without
    // a doubt and asks nothing.
    let status_then_ask = whole == Intent::OrderStatus;
    if !(informs && long || complains || unsure_about_an_order || lost || status_then_ask) {
        return None;
    }
    // (Two words are a sentence when one is the action: "Cancel it.")
    let sentences: Vec<&str> = text
        .split(['.', '!', ';', '\n'])
        .map(str::trim)
        .filter(|s| {
            let words = crate::text::words(s);
            words.len() >= 3
                || (words.len() == 2
                    && words
                        .iter()
                        .any(|w| ACTION_STEMS.iter().any(|a| w.starts_with(a))))
        })
        .collect();
    // A letter's closing ("Much obliged.", "Yours truly, Opal", "Un saludo, Marta") is no
    // sentence of its story: the ask comes before it. (A short sentence with a word of
    // closing in it and no action: "Un reembolso, por favor." is the ask.)
    const CLOSING_WORDS: &[&str] = &[
        "yours",
        "regards",
        "sincerely",
        "obliged",
        "thanks",
        "thank",
        "cheers",
        "wishes",
        "atentamente",
        "saludos",
        "saludo",
        "cordialmente",
        "gracias",
        "besos",
        "abrazos",
    ];
    let mut sentences = sentences;
    while sentences.len() > 1
        && sentences.last().is_some_and(|s| {
            let words: Vec<String> = crate::text::words(s)
                .iter()
                .map(|w| crate::text::fold(w))
                .collect();
            words.len() <= 6
                && words.iter().any(|w| CLOSING_WORDS.contains(&w.as_str()))
                && !words
                    .iter()
                    .any(|w| ACTION_STEMS.iter().any(|a| w.starts_with(a)))
        })
    {
        sentences.pop();
    }
    let last = *sentences.last()?;
    // The ask after "so", "así que", "entonces" when the last sentence still tells.
    let after_a_cue = [
        ", so ",
        " so ",
        " así que ",
        " asi que ",
        ", entonces ",
        " entonces ",
        " por eso ",
    ]
    .iter()
    .filter_map(|cue| {
        format!(" {last}")
            .rfind(cue)
            .map(|at| &last[(at + cue.len()).saturating_sub(1)..])
    })
    .find(|rest| crate::text::words(rest).len() >= 3)
    // Or the Spanish question it ends in: "Como todavía no me lo habéis mandado, ¿me podéis
    // devolver el dinero?"
    .or_else(|| {
        last.rfind('¿')
            .filter(|&at| at > 0)
            .map(|at| &last[at + '¿'.len_utf8()..])
            .filter(|rest| crate::text::words(rest).len() >= 3)
    });
    // A story has more to it than its ask: another sentence, or, said in one breath
    // (dictated, unpunctuated), a long one with the ask after "so" / "entonces".
    let mut asks_in: Vec<&str> = Vec::new();
    match (sentences.len(), after_a_cue) {
        // (Lost, a last sentence asking the shop to do it is heard: "…could you put the
        // money back on my card?")
        _ if lost && !(informs && long || complains || unsure_about_an_order) => {
            if asks_you_to_act(&normalize::normalize(last)) {
                asks_in.push(after_a_cue.unwrap_or(last));
            }
        }
        (1, Some(rest)) if long => asks_in.push(rest),
        (1, _) if !lost => return None,
        (1, _) => {}
        (_, rest) => asks_in.push(rest.unwrap_or(last)),
    }
    // An unsure reading may also have its ask first ("CANCEL THAT HAT I ORDERED. THE WIFE
    // SAYS THE NAVY ONE MAKES ME LOOK LIKE A MAILMAN.").
    // So may a long story read as a question ("Quiero que me devolváis el dinero del gorro.
    // Era pa la niña…"), when that first sentence asks for the refund or the cancellation.
    let first_acts = sentences.len() > 1 && (unsure_about_an_order || (informs && long));
    if first_acts {
        asks_in.push(sentences[0]);
    }
    // A question that asks for it to be done ("¿Me puede devolver la platita, por favor?",
    // "could you cancel it?") asks for the action; other questions ask about it.
    let asked_as_a_favour = |ask: &str| {
        const FAVOURS: &[&str] = &[
            "me puede ",
            "me puedes ",
            "me podria ",
            "me podrias ",
            "me pueden ",
            "me podrian ",
            "me podeis ",
            "me podriais ",
            "puede ",
            "puedes ",
            "podria ",
            "podrias ",
            "can you ",
            "could you ",
            "would you ",
            "will you ",
            "can u ",
            "could u ",
        ];
        let opening = crate::text::fold(ask.trim_start_matches(['¿', ' ']));
        // Spanish asks a favour in the present too: "¿me cancelas el pedido?", "¿me
        // devuelven el dinero?", "¿me hace el favor de…?".
        let me_then_action = opening
            .strip_prefix("me ")
            .or_else(|| opening.strip_prefix("nos "))
            .is_some_and(|rest| {
                ACTION_STEMS.iter().any(|a| rest.starts_with(a))
                    || ["haces el favor", "hace el favor", "hacen el favor"]
                        .iter()
                        .any(|f| rest.starts_with(f))
            });
        me_then_action || FAVOURS.iter().any(|f| opening.starts_with(f))
    };
    let first = sentences.first().copied();
    // Told in the middle of a story ("…anyway while I think of it can I get me money back on
    // that beany I bought this morning me nan's knitted me one…", "…así que le pido el favor
    // de que me devuelva la platica del gorro…, y después del bautizo…"): any other sentence,
    // and stretches of a long one, read alone, when one of them asks for the action without a
    // doubt.
    let inner: Vec<String> = if unsure_about_an_order || (informs && long) || lost {
        let mut inner = inner_stretches(text);
        // (An unsure reading's first and last sentences are read here too, as sure as the rest.)
        if lost && !unsure_about_an_order {
            inner.extend(sentences.first().map(|s| s.to_string()));
            inner.extend(sentences.last().map(|s| s.to_string()));
        }
        inner
    } else {
        Vec::new()
    };
    let in_the_middle = || {
        inner.iter().find_map(|ask| {
            let tokens = normalize::normalize(ask);
            let read = decide(&tokens);
            (matches!(read.0, Intent::Refund | Intent::Cancel)
                && read.1 >= 0.9
                && !says_not_to(ask)
                && (!ask.contains(['?', '¿']) || asked_as_a_favour(ask)))
            .then_some(read)
        })
    };
    asks_in
        .into_iter()
        .find_map(|ask| {
            let tokens = normalize::normalize(ask);
            let mut read = decide(&tokens);
            // Read as the whole message is: a statement of the action, taken for a question
            // about it by an unsure model, asks for it ("CANCEL THAT HAT I ORDERED").
            let found = cues::find(&tokens);
            read.0 = match read.0 {
                Intent::CancelInfo if states(&found, Cue::Cancel, ask, &tokens, read.1) => {
                    Intent::Cancel
                }
                Intent::RefundInfo if states_a_refund(&found, ask, &tokens, read.1) => {
                    Intent::Refund
                }
                intent => intent,
            };
            // "…so if it is no trouble, could you put the money back on my card?": the shop
            // asked to do it, in so many words, whatever the model makes of the rest.
            if asks_you_to_act(&tokens) {
                let asked = match read.0 {
                    _ if found.has(Cue::Cancel) && !found.has(Cue::Refund) => Some(Intent::Cancel),
                    _ if found.has(Cue::Refund) => Some(Intent::Refund),
                    _ => None,
                };
                if let Some(asked) = asked {
                    read = (asked, read.1.max(CONFIDENT_FROM), None);
                }
            }
            let only_status_then_ask =
                status_then_ask && !(informs && long || complains || unsure_about_an_order || lost);
            let acts = if only_status_then_ask {
                ask == last
                    && !ask.contains(['?', '¿'])
                    && matches!(read.0, Intent::Refund | Intent::Cancel)
                    && read.1 >= 0.95
            } else if complains || (informs && long && Some(ask) == first && ask != last) {
                matches!(read.0, Intent::Refund | Intent::Cancel)
            } else if unsure_about_an_order && !(informs && long) {
                // (A long story's ask is read alone with fewer words to go on; an ask that reads
                // as the same action as the whole only confirms it.)
                // (Nor does one asked of the shop as a favour: "…ya ella se compró uno allá.
                // ¿Me devuelven?")
                let sure = if read.0 == whole {
                    CONFIDENT_FROM
                } else if long_status_story || asked_as_a_favour(ask) {
                    0.75
                } else {
                    0.9
                };
                matches!(read.0, Intent::Refund | Intent::Cancel) && read.1 >= sure
            } else {
                matches!(
                    read.0,
                    Intent::Refund | Intent::Cancel | Intent::OrderStatus | Intent::Human
                )
            };
            // (Asking whether there is someone to speak to asks for them: "…Is there someone
            // in your accounts team I can speak to?")
            (acts
                && read.1 >= CONFIDENT_FROM
                && (!ask.contains(['?', '¿'])
                    || read.0 == Intent::Human
                    || asked_as_a_favour(ask)
                    || asks_you_to_act(&tokens)))
            .then_some(read)
        })
        .or_else(in_the_middle)
}

/// The parts of a story an ask may hide in, besides its first and last sentences: the
/// sentences between them, and overlapping stretches of ten words of any long sentence (one
/// said in one breath has no full stops to split it at). Not questions: a stretch of "how
/// many days do I have to send it back, and would I pay the postage?" asks nothing.
fn inner_stretches(text: &str) -> Vec<String> {
    const LONG_SENTENCE: usize = 12;
    const STRETCH: usize = 10;
    const STEP: usize = 4;
    // (What comes before a Spanish question's opening mark is no question: "…que me devuelva
    // la platica del gorro, ¿sí o qué?")
    let sentences: Vec<&str> = text
        .split_inclusive(['.', '!', ';', '?', '\n'])
        .map(|s| s.split('¿').next().unwrap_or(s).trim())
        .filter(|s| !s.ends_with('?'))
        .map(|s| s.trim_end_matches(['.', '!', ';', ',']))
        .filter(|s| crate::text::words(s).len() >= 3)
        .collect();
    let mut parts: Vec<String> = Vec::new();
    if sentences.len() > 2 {
        parts.extend(
            sentences[1..sentences.len() - 1]
                .iter()
                .map(|s| s.to_string()),
        );
    }
    for sentence in &sentences {
        let words: Vec<&str> = sentence.split_whitespace().collect();
        if words.len() < LONG_SENTENCE {
            continue;
        }
        let mut start = 0;
        while start < words.len() {
            let end = (start + STRETCH).min(words.len());
            parts.push(words[start..end].join(" "));
            if end == words.len() {
                break;
            }
            start += STEP;
        }
    }
    parts
}

/// Whether a question word is said. (A Spanish "que" inside a statement joins, it doesn't ask:
/// "Cancélenmelo ya, que estoy jarta", "así que mejor cancélenme ese pedido".)
fn asks_with_a_word(found: &cues::Found, tokens: &[String]) -> bool {
    found.hits.iter().any(|h| {
        h.cue == Cue::Question && (h.start == 0 || tokens.get(h.start).is_some_and(|t| t != "que"))
    })
}

/// A statement, not a question, that says the action (`cue`), read as a question about it by a
/// model that is unsure (below 0.7), with nothing of the rules, of progress or of only asking.
fn states(found: &cues::Found, cue: Cue, text: &str, tokens: &[String], confidence: f32) -> bool {
    confidence < 0.7
        && found.has(cue)
        && !asks(text)
        && !only_asking(tokens)
        && !asks_with_a_word(found, tokens)
        && ![
            Cue::Policy,
            Cue::Where,
            Cue::WhereIs,
            Cue::When,
            Cue::Track,
            Cue::Arrive,
            Cue::Late,
        ]
        .iter()
        .any(|c| found.has(*c))
}

/// [`states`] of a refund: money back said, or a return wanted ("I'd like to return
/// something", not "returns are free?").
fn states_a_refund(found: &cues::Found, text: &str, tokens: &[String], confidence: f32) -> bool {
    states(found, Cue::Refund, text, tokens, confidence)
        || (found.has(Cue::Want) && states(found, Cue::Return, text, tokens, confidence))
}

/// Whether a message that asks has, beside its question, a sentence that says the action
/// (`cue`) as decided, not asked, doubted or supposed ("I changed my mind", "ya no lo quiero").
fn decided(text: &str, cue: Cue) -> bool {
    asks(text)
        && text
            .split_inclusive(['.', '!', '?', ';', '\n'])
            .map(str::trim)
            .filter(|s| !s.ends_with('?') && !s.contains('¿'))
            .any(|sentence| {
                const HEDGES: &[&str] = &[
                    "might",
                    "maybe",
                    "perhaps",
                    "possibly",
                    "later",
                    "yet",
                    "thinking",
                    "considering",
                    "consider",
                    "if",
                    "quiza",
                    "quizas",
                    "tal",
                    "igual",
                    "pensando",
                    "luego",
                    "despues",
                    "todavia",
                    "aun",
                    "si",
                ];
                let tokens = normalize::normalize(sentence);
                let found = cues::find(&tokens);
                // (Or says why, a regret or a mistake, when the question is about the action:
                // "¿se puede parar el pedido? al tiro porfa, me arrepentí".)
                let joined = format!(" {} ", tokens.join(" "));
                let regrets = REGRETS.iter().any(|r| joined.contains(&format!(" {r} ")))
                    && cues::find(&normalize::normalize(text)).has(cue);
                (found.has(cue) || regrets)
                    && !tokens.iter().any(|t| HEDGES.contains(&t.as_str()))
                    && !only_asking(&tokens)
                    && !supposes(sentence)
                    && !says_not_to(sentence)
                    && !asks_with_a_word(&found, &tokens)
                    && ![Cue::Policy, Cue::When, Cue::Where]
                        .iter()
                        .any(|c| found.has(*c))
            })
}

/// Whether the shopper says the mistake was theirs ("I ordered the wrong size", "lo pedí por
/// error", "me equivoqué de talla").
fn says_own_mistake(tokens: &[String]) -> bool {
    says_any(tokens, REGRETS)
        || says_any(
            tokens,
            &[
                "i ordered the wrong",
                "i bought the wrong",
                "i picked the wrong",
                "i chose the wrong",
                "me equivoque",
            ],
        )
}

/// Why a shopper takes back what was just bought: a regret, a mistake, no more need of it.
const REGRETS: &[&str] = &[
    "me arrepenti",
    "ya me arrepenti",
    "by mistake",
    "by accident",
    "accidentally",
    "in haste",
    "por error",
    "por equivocacion",
    "sin querer",
    "me precipite",
    "no longer need it",
    "dont need it anymore",
    "ya no lo necesito",
    "ya no la necesito",
    "ya no hace falta",
];

/// How the words for the order actions begin, in both languages ("cancélalo", "reembolsar",
/// "devuélvemelo"), folded.
pub(crate) const ACTION_STEMS: &[&str] = &[
    "cancel", "refund", "reembols", "devolv", "devuelv", "anul", "return",
];

/// The action the shopper says they are doing, in the first person and the present or "will"
/// ("lo devuelvo", "se la devuelvo", "lo cancelo", "I'll return it", "I will cancel it"), when
/// not supposed ("si lo devuelvo…", "if I return it…").
fn decides_to(message: &str) -> Option<Intent> {
    if supposes(message) {
        return None;
    }
    let words = normalize::normalize(message);
    let at_object =
        |at: usize| at > 0 && matches!(words[at - 1].as_str(), "lo" | "la" | "los" | "las");
    let spanish = words
        .iter()
        .enumerate()
        .find_map(|(at, w)| match w.as_str() {
            "devuelvo" | "regreso" if at_object(at) => Some(Intent::Refund),
            "cancelo" | "anulo" if at_object(at) => Some(Intent::Cancel),
            _ => None,
        });
    let english = words.windows(3).find_map(|w| {
        if w[0] != "i" || w[1] != "will" {
            return None;
        }
        match w[2].as_str() {
            "return" | "refund" => Some(Intent::Refund),
            "cancel" => Some(Intent::Cancel),
            _ => None,
        }
    });
    spanish.or(english)
}

/// A question about what would happen if the shopper acted ("if I cancel before it ships, do
/// I get the shipping back too?", "si lo cancelo ahora, ¿me devuelven todo?"): "if" or "si"
/// (unaccented: "sí" says yes; "if" said of oneself: "grateful if you could return the money"
/// asks for it) with the action ("si pido…" too) within three words ("if I ask for a
/// refund": five after "if"), in a message that asks. So is buying or sending back supposed
/// ("if i ordered the wool coat and sent it back would i get the 189 back straight away?").
pub(crate) fn supposes(text: &str) -> bool {
    const SUPPOSED: &[&str] = &[
        "pid", "order", "buy", "bought", "purchas", "send", "sent", "compr", "bring", "like",
        "doesn",
    ];
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    // (Asked without a mark, after the case: "if i cancel the beanie now do i get the shipping
    // money back too".)
    let asks_after = |from: usize| {
        words[from..].windows(2).any(|pair| {
            matches!(pair[0], "do" | "does" | "will" | "would" | "can" | "could")
                && matches!(pair[1], "i" | "we" | "it" | "you" | "the" | "my")
        })
    };
    words.iter().enumerate().any(|(i, w)| {
        // (Or of the person it is for: "if she doesnt like it can she bring it back?".)
        let first_person = || {
            matches!(
                words.get(i + 1),
                Some(&("i" | "we" | "she" | "he" | "they"))
            )
        };
        (asks(text) || asks_after(i + 1))
            && (*w == "si" || (*w == "if" && first_person()))
            && words[i + 1..(i + if *w == "if" { 6 } else { 4 }).min(words.len())]
                .iter()
                .any(|n| {
                    SUPPOSED.iter().any(|a| n.starts_with(a))
                        || ACTION_STEMS.iter().any(|a| n.starts_with(a))
                })
    })
}

/// Whether the message says not to act: a negator right before an order action ("please do
/// not cancel anything", "don't refund it yet", "no me vaya a cancelar nada", "no lo
/// canceles").
fn says_not_to(text: &str) -> bool {
    // Within a clause: the negator, then at most one word ("do not cancel", "don't ever
    // cancel") or only the little words of a verb phrase ("no me vaya a cancelar", "I don't
    // want to return anything"). Every action said must be turned down ("no lo quiero
    // devolver, pero ¿podrían reembolsarme $5?" asks for one).
    const BETWEEN: &[&str] = &[
        "me", "lo", "la", "le", "te", "se", "vaya", "vayas", "a", "ever", "t", "want", "to",
        "wanna", "quiero", "request", "ask", "asking", "for", "need", "an", "the", "any", "pido",
        "solicito", "un", "el", "ningun", "ninguna",
    ];
    let mut said = 0;
    let mut turned_down = 0;
    for clause in text.split(['.', ',', ';', '?', '!', '¿', '¡']) {
        let words = crate::text::words(clause);
        for (i, w) in words.iter().enumerate() {
            if !ACTION_STEMS.iter().any(|a| w.starts_with(a)) {
                continue;
            }
            said += 1;
            let negator = |n: &String| {
                matches!(
                    n.as_str(),
                    "not" | "dont" | "don't" | "never" | "no" | "nunca"
                )
            };
            if (0..i).rev().take(4).any(|j| {
                negator(&words[j])
                    && (i - j <= 2
                        || words[j + 1..i]
                            .iter()
                            .all(|b| BETWEEN.contains(&b.as_str())))
            }) {
                turned_down += 1;
            }
        }
    }
    said > 0 && turned_down == said
}

/// Whether the message asks for an amount back: a number with "back" right after it ("the
/// $4 back", "5 dollars back") or a refund word just before it ("devolución de esos 5
/// dólares", "reembolsarme 10").
fn asks_an_amount_back(text: &str) -> bool {
    let words = crate::text::words(text);
    words.iter().enumerate().any(|(i, w)| {
        w.starts_with(|c: char| c.is_ascii_digit())
            && (words[i + 1..(i + 3).min(words.len())]
                .iter()
                .any(|n| n == "back")
                || words[i.saturating_sub(4)..i].iter().any(|b| {
                    ["refund", "reembols", "devolucion", "devuelv", "devolv"]
                        .iter()
                        .any(|a| b.starts_with(a))
                }))
    })
}

/// Whether the message asks if the action can still be done ("is it too late to get a
/// refund?", "can I still cancel?", "¿todavía estoy a tiempo de cancelar?"): a question about
/// the rules, answered with the order's own state.
/// Whether a question about an action hedges it: it supposes ("if I cancel it now, do I get
/// everything back?"), asks whether it is still possible ("can I still cancel?", "is it too
/// late to…") or what can be done ("…what can I do?"), rather than asking for it.
pub fn hedges(message: &str) -> bool {
    let tokens = normalize::normalize(message);
    supposes(message) || asks_if_still_possible(&tokens) || asks_what_to_do(&tokens)
}

fn asks_if_still_possible(tokens: &[String]) -> bool {
    const PHRASES: &[&str] = &[
        "too late to",
        "too late for",
        "can i still",
        "could i still",
        "is it still possible",
        "still possible to",
        "still able to",
        "still time to",
        "todavia puedo",
        "aun puedo",
        "todavia se puede",
        "aun se puede",
        "estoy a tiempo",
        "muy tarde para",
        "demasiado tarde para",
    ];
    says_any(tokens, PHRASES)
}

/// Whether the message names an order action of an item: the action's noun, then "del",
/// "de mi", "for the", "of my"… in a message that names an item, or the order within three
/// words ("devolución del gorro", "refund for the beanie", "cancelación de mi pedido").
fn names_the_action_of_an_item(tokens: &[String], product_terms: &[String]) -> bool {
    const ACTIONS: &[&str] = &["devolucion", "reembolso", "refund", "return", "cancelacion"];
    const OF: &[&str] = &["del", "de", "for", "of", "on"];
    const ORDER: &[&str] = &["order", "pedido", "compra", "purchase", "orden"];
    tokens.iter().enumerate().any(|(i, t)| {
        ACTIONS.contains(&t.as_str())
            && tokens.get(i + 1).is_some_and(|n| OF.contains(&n.as_str()))
            && (!product_terms.is_empty()
                || tokens[i + 2..(i + 5).min(tokens.len())]
                    .iter()
                    .any(|w| ORDER.contains(&w.as_str())))
    })
}

/// Whether a sentence of the message wants the shopper's money back ("quiero mi money back",
/// "regrésame todo el dinero") and buys nothing ("take my money" buys).
fn wants_money_back(text: &str) -> bool {
    text.split(['.', '!', ';', '?', '\n']).any(|sentence| {
        let tokens = normalize::normalize(sentence);
        let found = cues::find(&tokens);
        found.has(Cue::Refund)
            && !found.has(Cue::Buy)
            && (found.has(Cue::Return)
                || says_any(
                    &tokens,
                    &["money back", "mi dinero", "my money", "mi plata"],
                ))
    })
}

/// A "please" that asks for something done, not for something told ("please let me know").
fn says_please(tokens: &[String]) -> bool {
    let joined = format!(" {} ", tokens.join(" "));
    [
        " please ",
        " pls ",
        " plz ",
        " por favor ",
        " porfa ",
        " porfis ",
    ]
    .iter()
    .any(|p| joined.contains(p))
        && ![
            " let me know ",
            " tell me ",
            " advise ",
            " explain ",
            " dime ",
            " digame ",
            " diganme ",
            " avisame ",
            " expliqueme ",
            " explicame ",
            " confirm ",
            " confirme ",
        ]
        .iter()
        .any(|p| joined.contains(p))
}

/// Whether the message asks a favour as whether it could be done ("would it be possible…",
/// "¿sería posible que…?", "would it be a problem if…"), not of a case that may come ("if it
/// arrives damaged", "en caso de que…").
fn asks_politely(tokens: &[String]) -> bool {
    const FAVOURS: &[&str] = &[
        "would it be possible",
        "would it be a problem",
        "would it be a big problem",
        "would it be ok if",
        "would it be okay if",
        "could i possibly",
        "would you mind",
        "seria posible",
        "seria mucha molestia",
        "seria mucho pedir",
        "habria posibilidad",
        "habria manera",
        "se podria",
        // "Is there any way to have this charge reversed?", "¿hay alguna forma de que me
        // reversen ese cobro?"
        "is there any way",
        "is there a way",
        "any chance",
        "hay alguna forma de que",
        "hay forma de que",
        "hay alguna manera de que",
        "hay manera de que",
        // Singapore's and Malaysia's "can cancel or not?", "can refund me or not?"
        "can cancel or not",
        "can cancel it or not",
        "can refund or not",
        "can refund me or not",
        "can or not",
        // "¿Se le puede devolver su platita nomás?", "¿se me puede cancelar?"
        "se le puede",
        "se me puede",
        "se les puede",
    ];
    const CASES: &[&str] = &[
        "if it",
        "if the",
        "in case",
        "en caso",
        "si llega",
        "si viene",
        "si no me queda",
    ];
    says_any(tokens, FAVOURS) && !says_any(tokens, CASES) && !only_asking(tokens)
}

/// Whether the message asks the shop to do the action itself, as a question: "could you put
/// the money back on my card?", "can u cancel it pls", "¿me podrías devolver el dinero?",
/// "¿pueden anular el pedido?". (Not "can you tell me how refunds work?": the action must
/// follow the asking words, "please" at most between.)
fn asks_you_to_act(tokens: &[String]) -> bool {
    const ASKING: &[(&str, &str)] = &[
        ("could", "you"),
        ("can", "you"),
        ("would", "you"),
        ("will", "you"),
        ("could", "u"),
        ("can", "u"),
        ("me", "podrias"),
        ("me", "puedes"),
        ("me", "pueden"),
        ("me", "podrian"),
        ("me", "podria"),
        ("me", "puede"),
        ("me", "podeis"),
        ("me", "podriais"),
        // Colombia's "¿me regalas la devolución del dinero?"
        ("me", "regalas"),
        ("me", "regala"),
        ("me", "regalan"),
    ];
    // (Normalised, "pueden" is "puede": "¿lo pueden cancelar antes q lo manden?")
    #[rustfmt::skip]
    const ALONE: &[&str] = &[
        "podrias", "puedes", "pueden", "podrian", "puede", "podria", "podeis", "podriais",
    ];
    const IN_BETWEEN: &[&str] = &[
        "please", "pls", "plz", "kindly", "just", "por", "favor", "lo", "la",
    ];
    let acts = |at: usize| {
        let mut at = at;
        while tokens
            .get(at)
            .is_some_and(|t| IN_BETWEEN.contains(&t.as_str()))
        {
            at += 1;
        }
        // (Of orders in general it asks what the shop does: "can you cancel orders after
        // they ship?")
        let in_general = tokens[at.min(tokens.len())..].iter().take(4).any(|w| {
            matches!(
                w.as_str(),
                "orders" | "items" | "purchases" | "things" | "anything" | "pedidos" | "compras"
            )
        });
        !in_general
            && tokens.get(at).is_some_and(|t| {
                ACTION_STEMS.iter().any(|a| t.starts_with(a))
                // "¿me regalas la devolución del dinero?"
                || t.starts_with("devolucion")
                // "put the money back", "give me my money back", "send the money back"
                || (matches!(t.as_str(), "put" | "give" | "send" | "pay")
                    && tokens[at..].iter().take(6).any(|w| w == "back"))
                // "¿me pueden cambiar el gorro por mi dinero?"
                || (matches!(t.as_str(), "cambiar" | "exchange" | "swap")
                    && tokens[at..]
                        .iter()
                        .take(6)
                        .any(|w| matches!(w.as_str(), "dinero" | "plata" | "money" | "pisto")))
            })
    };
    // "¿me lo cancelas antes de que salga?", "¿me devolvéis el dinero?": the action done to
    // "me" in the second person.
    const SECOND_PERSON: &[&str] = &["as", "es", "ais", "eis", "an", "en"];
    let done_to_me = tokens.iter().enumerate().any(|(at, t)| {
        let mut verb = at + 1;
        if tokens
            .get(verb)
            .is_some_and(|w| matches!(w.as_str(), "lo" | "la" | "los" | "las"))
        {
            verb += 1;
        }
        t == "me"
            && tokens.get(verb).is_some_and(|v| {
                ACTION_STEMS
                    .iter()
                    .any(|a| v.starts_with(a) && v.len() > a.len() + 1)
                    && SECOND_PERSON.iter().any(|e| v.ends_with(e))
            })
    });
    done_to_me
        || tokens.windows(2).enumerate().any(|(at, pair)| {
            ASKING.iter().any(|(a, b)| pair[0] == *a && pair[1] == *b) && acts(at + 2)
        })
        || tokens.iter().enumerate().any(|(at, t)| {
            // (Not "¿hasta cuándo se puede cancelar?": whether it can be done.)
            let impersonal = at > 0 && tokens[at - 1] == "se";
            ALONE.contains(&t.as_str()) && !impersonal && acts(at + 1)
        })
}

/// Whether the message asks how to do it ("wat do i need 2 do 2 get my money bk", "how do I
/// cancel?", "¿qué tengo que hacer para que me devuelvan el dinero?"): a question about the
/// action, answered, not the action.
fn asks_how_to(tokens: &[String]) -> bool {
    const PHRASES: &[&str] = &[
        "what do i need to do",
        "what do i have to do",
        "what would i need to do",
        "what should i do to",
        "how do i",
        "how can i",
        "how would i",
        "how does one",
        "what is the process",
        "whats the process",
        "que tengo que hacer",
        "que necesito hacer",
        "que hay que hacer",
        "que debo hacer para",
        "como hago para",
        "como le hago para",
        "cual es el proceso",
        "cual es el procedimiento",
    ];
    // (Texting: "wat do i need 2 do 2…".)
    let spelt: Vec<String> = tokens
        .iter()
        .map(|t| match t.as_str() {
            "2" => "to".to_owned(),
            "wat" | "wht" => "what".to_owned(),
            "u" => "you".to_owned(),
            other => other.to_owned(),
        })
        .collect();
    says_any(&spelt, PHRASES)
}

/// Whether the message asks how to do an order action oneself ("how do I return it?", "how
/// can I cancel?", "¿cómo lo devuelvo?", "¿cómo cancelo?"), not the rules of it ("how long do
/// I have?", "can you return sale items?").
/// Only a short question that asks nothing else and supposes nothing ("how do I cancel an
/// order if I need to?", "how do I send something back, do I need a label?" ask the rules).
pub fn asks_how_to_act(message: &str) -> bool {
    let tokens = normalize::normalize(message);
    // (Nor of orders in general: "how do I cancel an order?", "¿cómo devuelvo un artículo?".)
    let in_general = tokens.iter().any(|t| {
        matches!(
            t.as_str(),
            "a" | "an" | "any" | "un" | "una" | "algo" | "something" | "orders" | "items"
        )
    });
    if tokens.len() > 8 || supposes(message) || in_general {
        return false;
    }
    let acts = |t: &str| ACTION_STEMS.iter().any(|a| t.starts_with(a)) || t == "send";
    (asks_how_to(&tokens) && tokens.iter().any(|t| acts(t)))
        || tokens.iter().enumerate().any(|(at, t)| {
            // ("¿Cómo cancelo?", "¿cómo lo devuelvo?".)
            let verb = match tokens.get(at + 1).map(String::as_str) {
                Some("lo" | "la" | "los" | "las" | "le" | "me") => tokens.get(at + 2),
                _ => tokens.get(at + 1),
            };
            t == "como"
                && verb.is_some_and(|v| {
                    acts(v) || matches!(v.as_str(), "pido" | "solicito" | "tramito" | "gestiono")
                })
        })
}

/// Whether the message asks the shop not to send what was bought: "can you just not post
/// it?", "please don't ship it", "¿me lo pueden no enviar?".
fn asks_you_not_to_send(text: &str, tokens: &[String], spanish_message: bool) -> bool {
    const SEND: &[&str] = &["post", "send", "ship", "mail", "dispatch"];
    let english = tokens
        .windows(2)
        .any(|pair| matches!(pair[0].as_str(), "not" | "dont") && SEND.contains(&pair[1].as_str()))
        && says_any(
            tokens,
            &["can you", "could you", "would you", "please", "pls"],
        );
    // Or as a wish that it never came: "I'd rather the parcel didn't come at all", "would
    // prefer the parcel never left".
    const COMING: &[&str] = &[
        "come", "came", "arrive", "arrived", "leave", "left", "ship", "shipped", "sent", "send",
        "post", "posted",
    ];
    // (Whether it comes at all, said last: not how it comes, "rather it not arrive late".)
    let wished = text.split(['.', '!', '?', ';', ',', '\n']).any(|sentence| {
        let tokens = normalize::normalize(sentence);
        tokens.iter().enumerate().any(|(at, t)| {
            matches!(t.as_str(), "rather" | "prefer" | "prefers")
                && tokens[at + 1..].iter().take(6).enumerate().any(|(i, w)| {
                    let verb_at = at + 2 + i;
                    matches!(w.as_str(), "not" | "didnt" | "never" | "wasnt" | "dont")
                        && (verb_at..(verb_at + 2).min(tokens.len())).any(|v| {
                            COMING.contains(&tokens[v].as_str())
                                && tokens[v + 1..].iter().all(|rest| {
                                    matches!(rest.as_str(), "at" | "all" | "anymore" | "now")
                                })
                        })
                })
        })
    });
    // Spanish says it as a wish or an order: "no" (a pronoun or two between) and the verb as
    // one asks ("que no me lo mandéis", "no lo envíen", "¿no podéis no mandarlo?"), never as
    // what happened ("no lo mandaron").
    let asked_form = |word: &str| {
        ["mand", "envi", "despach"].iter().any(|stem| {
            word.strip_prefix(stem).is_some_and(|ending| {
                matches!(
                    ending,
                    "e" | "es" | "en" | "eis" | "ar" | "arlo" | "arla" | "armelo" | "armela"
                )
            })
        })
    };
    // (Read as written: the spelling mender takes "mandan" for "manden"; and "envié", what
    // the shopper did, is no "envíe".)
    let words: Vec<String> = text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.ends_with(['é', 'ó']) {
                String::new()
            } else {
                crate::text::fold(w)
            }
        })
        .collect();
    let spanish = spanish_message
        && words.iter().enumerate().any(|(at, t)| {
            t == "no"
                && words[at + 1..]
                    .iter()
                    .take(3)
                    .find(|w| {
                        !matches!(
                            w.as_str(),
                            "me" | "nos" | "le" | "se" | "lo" | "la" | "los" | "las"
                        )
                    })
                    .is_some_and(|w| asked_form(w))
        });
    english || wished || spanish
}

/// Whether the shopper asks for their own money back as a question of what they may do ("can
/// I exchange the wool hat for my money back?", "could I get a refund for it?"): a request.
/// Whether a question asks the shop to act ("could I have my money back please?", "¿me
/// pueden devolver el dinero?", "would it be possible to cancel it?"), not only about it
/// ("will I get all my money back?").
pub fn asks_for_the_action(message: &str) -> bool {
    let tokens = normalize::normalize(message);
    asks_politely(&tokens) || asks_you_to_act(&tokens) || asks_for_my_money_back(&tokens)
}

fn asks_for_my_money_back(tokens: &[String]) -> bool {
    tokens.windows(2).enumerate().any(|(at, pair)| {
        matches!(pair[0].as_str(), "can" | "could" | "may") && pair[1] == "i" && {
            let rest = &tokens[at + 2..tokens.len().min(at + 11)];
            rest.iter().any(|t| t.starts_with("refund"))
                || rest.windows(2).any(|w| w[0] == "money" && w[1] == "back")
        }
    })
}

/// Whether the message asks what the shopper can do ("what can I do?", "¿qué puedo hacer?",
/// "what are my options").
fn asks_what_to_do(tokens: &[String]) -> bool {
    const PHRASES: &[&str] = &[
        "what can i do",
        "what do i do",
        "what should i do",
        "what are my options",
        "what options do i have",
        "what can be done",
        "what now",
        "now what",
        "que puedo hacer",
        "que hago",
        "que debo hacer",
        "que opciones tengo",
        "que se puede hacer",
    ];
    says_any(tokens, PHRASES)
}

/// Whether the message's words say one of `phrases`.
/// Asking whether the shop has sent what was bought (folded): only a purchase is sent.
const SENT_BY_THE_SHOP: &[&str] = &[
    "did you send",
    "did u send",
    "you send it",
    "send it already",
    "send out",
    "already send",
    "send already",
    "in the mail",
    "in the post",
];

fn says_any(tokens: &[String], phrases: &[&str]) -> bool {
    let joined = tokens.join(" ");
    phrases.iter().any(|p| joined.contains(p))
}

/// Whether the message asks for help with something, nothing said yet of what is wrong ("I
/// have a problem with my order", "tengo un problema con mi pedido").
pub fn asks_help_with_it(message: &str) -> bool {
    says_any(
        &normalize::normalize(message),
        &[
            "help with",
            "problem with",
            "issue with",
            "question about",
            "ayuda con",
            "problema con",
            "pregunta sobre",
        ],
    )
}

/// Whether the message says it only asks ("just asking", "only want to know", "just
/// curious", "solo pregunto", "solo quería saber", "por curiosidad").
pub fn only_asking(tokens: &[String]) -> bool {
    const PHRASES: &[&str] = &[
        "just asking",
        "only asking",
        "just wondering",
        "just curious",
        "only want to know",
        "just want to know",
        "only wanted to know",
        "just wanted to know",
        "just a question",
        "only a question",
        "solo una pregunta",
        "una pregunta nomas",
        "una pregunta nada mas",
        "only enquiring",
        "just enquiring",
        "only inquiring",
        "just inquiring",
        "solo pregunto",
        "solo preguntaba",
        "solo quiero saber",
        "solo queria saber",
        "por curiosidad",
        "nomas pregunto",
        "nada mas pregunto",
        // "Es solo una preguntica", "una preguntita nomás".
        "solo una preguntica",
        "solo una preguntita",
        "una preguntica nomas",
        "una preguntita nomas",
        "just like to know",
        "just wanted to ask",
        "just want to ask",
    ];
    says_any(tokens, PHRASES)
}

/// The single-word terms the message rules out: right after "besides", "other than",
/// "except", "but not", "not", "no", "instead of", "anything but", "que no sea(n)", "menos",
/// "excepto", "salvo", "en vez de" (a word between allowed: "not a mug", "que no sea una taza").
pub(crate) fn ruled_out(message: &str, terms: &[String]) -> Vec<String> {
    let words = crate::text::words(message);
    let ruled_at = ruled_positions(&words);
    let mut out: Vec<String> = Vec::new();
    // (A phrase by its first word: "I don't want a heavy coat".)
    for term in terms {
        let first = term.split(' ').next().unwrap_or(term);
        let ruled = words
            .iter()
            .enumerate()
            .any(|(at, w)| crate::text::singular(w) == first && ruled_at.contains(&at));
        if ruled && !out.contains(term) {
            out.push(term.clone());
        }
    }
    // Ruling out everything named asks for nothing: keep it as said.
    if out.len() == terms.len() {
        return Vec::new();
    }
    out
}

/// The words of a message said after a word that rules them out ("not", "except", "no
/// quiero", "anything but", an article and a word of what it is like at most between), by
/// position.
fn ruled_positions(words: &[String]) -> Vec<usize> {
    let cue_before = |at: usize| {
        let w = |back: usize| at.checked_sub(back).map_or("", |i| words[i].as_str());
        let one = |x: &str| {
            matches!(
                x,
                "besides"
                    | "except"
                    | "excepto"
                    | "salvo"
                    | "menos"
                    | "not"
                    | "no"
                    | "forget"
                    | "olvida"
                    | "olvidate"
            )
        };
        let two = |a: &str, b: &str| {
            matches!(
                (a, b),
                ("other", "than")
                    | ("instead", "of")
                    | ("anything", "but")
                    | ("everything", "but")
                    | ("no", "sea")
                    | ("no", "sean")
                    | ("vez", "de")
                    | ("lugar", "de")
                    | ("dont", "want")
                    | ("t", "want")
                    | ("dont", "need")
                    | ("t", "need")
                    | ("no", "quiero")
                    | ("no", "necesito")
                    | ("nada", "de")
                    // "she doesn't like candles", "not into candles"
                    | ("t", "like")
                    | ("doesnt", "like")
                    | ("dont", "like")
                    | ("not", "into")
            )
        };
        let article = |x: &str| {
            matches!(
                x,
                "a" | "an"
                    | "the"
                    | "any"
                    | "un"
                    | "una"
                    | "unos"
                    | "unas"
                    | "el"
                    | "la"
                    | "los"
                    | "las"
                    | "de"
            )
        };
        // (With a word of what it is like between: "I don't want a heavy coat".)
        (one(w(1)) && !tells_what_it_is(words, at - 1))
            || two(w(2), w(1))
            || (article(w(1)) && (one(w(2)) || two(w(3), w(2))))
            || (article(w(2)) && two(w(4), w(3)))
    };
    (0..words.len()).filter(|&at| cue_before(at)).collect()
}

/// Whether the "not" at `at` tells what something of the shopper's is, not what they want:
/// "my school raincoat is literally not waterproof", "his old boots were not warm".
fn tells_what_it_is(words: &[String], at: usize) -> bool {
    if words[at] != "not" {
        return false;
    }
    let mut before = at;
    while before > 0
        && matches!(
            words[before - 1].as_str(),
            "literally" | "really" | "even" | "actually" | "just" | "very" | "so" | "that"
        )
    {
        before -= 1;
    }
    let copula = before
        .checked_sub(1)
        .is_some_and(|i| matches!(words[i].as_str(), "is" | "was" | "are" | "were" | "s"));
    copula
        && words[before.saturating_sub(6)..before - 1]
            .iter()
            .any(|w| matches!(w.as_str(), "my" | "his" | "her" | "our" | "their" | "your"))
}

/// The shop's terms for a feature said after a kind and "without" ("a hoodie without a zip",
/// "una sudadera sin cremallera"). Not with no kind before it: "se queda sin batería" needs
/// one.
fn features_ruled_out(
    vocabulary: &shop_vocabulary::ShopVocabulary,
    message: &str,
    spanish: bool,
) -> Vec<String> {
    let words = crate::text::words(message);
    let mut out: Vec<String> = Vec::new();
    for (at, w) in words.iter().enumerate() {
        if !matches!(w.as_str(), "without" | "sin") || at == 0 {
            continue;
        }
        let kind = vocabulary.named(&words[at - 1], spanish).terms;
        if !kind.iter().any(|t| vocabulary.names_a_kind(t)) {
            continue;
        }
        let mut next = at + 1;
        if words
            .get(next)
            .is_some_and(|a| matches!(a.as_str(), "a" | "an" | "any" | "un" | "una"))
        {
            next += 1;
        }
        let Some(feature) = words.get(next) else {
            continue;
        };
        for term in vocabulary.named(feature, spanish).terms {
            if !kind.contains(&term) && !out.contains(&term) {
                out.push(term);
            }
        }
    }
    out
}

/// Whether a short message names `terms` only after a word that rules them out: "not
/// leather", "sin cuero", "que no sean de cuero", "anything that isn't leather?". Not "no,
/// leather ones" (a "no" answered, then what is wanted), nor a budget ("menos de 50").
fn rules_out_all(
    vocabulary: &shop_vocabulary::ShopVocabulary,
    message: &str,
    terms: &[String],
    spanish: bool,
) -> bool {
    const NOT: &[&str] = &[
        "not", "no", "sin", "without", "isnt", "arent", "t", "nothing", "except", "besides",
        "excepto", "salvo", "nada",
    ];
    let words = crate::text::words(message);
    let folded = crate::text::fold(message);
    if words.len() > 7
        || ["no,", "no.", "no!", "nope"]
            .iter()
            .any(|n| folded.contains(n))
    {
        return false;
    }
    // (Not "not sure, maybe leather boots", "I can't find leather boots", "nothing fancy": the
    // "t" of "isn't" and "aren't" only, "nothing" only of what a thing is in or made of.)
    let rules_out = |at: usize| {
        let next = words.get(at + 1).map_or("", String::as_str);
        match words[at].as_str() {
            "t" => at
                .checked_sub(1)
                .is_some_and(|i| matches!(words[i].as_str(), "isn" | "aren" | "wasn" | "weren")),
            "nothing" => matches!(next, "in" | "made" | "of"),
            "not" | "no" => !matches!(next, "sure" | "seguro" | "segura"),
            w => NOT.contains(&w),
        }
    };
    let Some(at) = (0..words.len()).find(|&at| rules_out(at)) else {
        return false;
    };
    let before = vocabulary.named(&words[..at].join(" "), spanish).terms;
    let after = vocabulary.named(&words[at + 1..].join(" "), spanish).terms;
    terms
        .iter()
        .all(|t| after.contains(t) && !before.contains(t))
}

/// The shop's terms a phrase ruled out stands for ("a proper torch, not a head torch": the
/// headlamps "head torch" is the shop's word for), that nothing else in the message names.
fn ruled_out_kinds(
    vocabulary: &shop_vocabulary::ShopVocabulary,
    message: &str,
    spanish: bool,
) -> Vec<String> {
    let words = crate::text::words(message);
    let mut out: Vec<String> = Vec::new();
    // (Not a verb said with "no": "en los vuelos largos no pego ojo".)
    let after_a_bare_no = |at: usize| {
        at.checked_sub(1)
            .is_some_and(|i| matches!(words[i].as_str(), "no" | "not"))
    };
    // (But a kind said after it is ruled out: "chamarra pa el viento, no sudadera eh", "not
    // sport shoes".)
    let names_a_kind = |span: &[String]| {
        vocabulary
            .named(&span.join(" "), spanish)
            .terms
            .iter()
            .any(|t| vocabulary.names_a_kind(t))
    };
    // (Two words only as a phrase: "sport shoes", not "no pego ojo".)
    let a_phrase = |span: &[String]| {
        span.len() == 2
            && bilingual::Bilingual::get().names_a_product(&bilingual::key(&span.join(" ")))
    };
    let names_a_kind = |at: usize| {
        let two = &words[at..(at + 2).min(words.len())];
        names_a_kind(&words[at..at + 1]) || (a_phrase(two) && names_a_kind(two))
    };
    for at in ruled_positions(&words)
        .into_iter()
        .filter(|&at| !after_a_bare_no(at) || names_a_kind(at))
    {
        let end = (at + 2).min(words.len());
        let span = words[at..end].join(" ");
        let rest: Vec<&str> = words
            .iter()
            .enumerate()
            .filter(|(i, _)| !(at..end).contains(i))
            .map(|(_, w)| w.as_str())
            .collect();
        // (A category named elsewhere, "shoes", is all its kinds: ruling one out picks
        // among them.)
        let elsewhere = vocabulary.named(&rest.join(" "), spanish);
        let elsewhere: Vec<String> = elsewhere
            .terms
            .into_iter()
            .filter(|t| !elsewhere.kinds.contains(t))
            .collect();
        for term in vocabulary.named(&span, spanish).terms {
            if !elsewhere.contains(&term) && !out.contains(&term) {
                out.push(term);
            }
        }
    }
    out
}

/// What the engine does for each class the model knows.
fn intent_of(class: model::Class) -> Intent {
    use model::Class;
    match class {
        Class::Browse => Intent::Browse,
        Class::ProductQuestion => Intent::ProductQuestion,
        Class::Buy => Intent::Buy,
        Class::OrderStatus => Intent::OrderStatus,
        Class::RefundRequest => Intent::Refund,
        Class::RefundInfo => Intent::RefundInfo,
        Class::CancelRequest => Intent::Cancel,
        Class::CancelInfo => Intent::CancelInfo,
        Class::Human => Intent::Human,
        Class::PaymentProblem => Intent::PaymentProblem,
        Class::ShopInfo => Intent::ShopInfo,
        Class::Greeting => Intent::Greeting,
        Class::Thanks => Intent::Thanks,
        Class::OtherBusiness | Class::OffTopic => Intent::OutOfScope,
    }
}

/// Below this confidence a message that names something the shop sells is read as a request
/// for it, whatever else the model leaned to ("necklace?", "¿pulseras?").
const NAMED_PRODUCT_OVERRIDES_BELOW: f32 = 0.9;
/// From this confidence up, the model's reading of a statement as an order action, made again
/// without the shop's words, stands beside a product named ("quiero el dinero del gorro").
const SURE_OF_AN_ORDER: f32 = 0.95;
/// Below this an off-topic reading gives way to any product the message names.
const OFF_TOPIC_OVERRULED_BELOW: f32 = 0.6;
/// From this share of its words naming what the shop sells, a message asks for it.
const MOSTLY_PRODUCTS: f32 = 0.5;

/// The terms said after "back to" ("volvamos a", "mejor vuelvo a"), when the message names
/// things both before and after it: those after are what is wanted again.
fn back_to(terms: &[String], message: &str) -> Option<Vec<String>> {
    const BACK_TO: &[&[&str]] = &[
        &["back", "to"],
        &["volvamos", "a"],
        &["volver", "a"],
        &["vuelvo", "a"],
        &["regresemos", "a"],
        &["regreso", "a"],
        &["volviendo", "a"],
        &["regresando", "a"],
        &["vuelve", "a"],
    ];
    let words: Vec<String> = crate::text::words(message)
        .iter()
        .map(|w| crate::text::singular(w).to_owned())
        .collect();
    let after = (0..words.len()).find_map(|at| {
        BACK_TO
            .iter()
            .find(|p| {
                p.iter()
                    .enumerate()
                    .all(|(k, w)| words.get(at + k).is_some_and(|x| x == w))
            })
            .map(|p| at + p.len())
    })?;
    let at_of = |term: &String| {
        let first = term.split(' ').next().unwrap_or(term);
        words.iter().position(|w| w == first)
    };
    let (later, earlier): (Vec<&String>, Vec<&String>) = terms
        .iter()
        .filter(|t| at_of(t).is_some())
        .partition(|t| at_of(t).is_some_and(|at| at >= after));
    (!later.is_empty() && !earlier.is_empty()).then(|| later.into_iter().cloned().collect())
}

/// The terms (of `terms`) that a sentence or clause of a message of several names, when that
/// sentence, read alone, is a request for products (even for an everyday word, which names a
/// product in a request); `None` when no sentence asks.
fn sentence_asks_for(
    message: &str,
    terms: &[String],
    what_it_must_be: bool,
    names: impl Fn(&str) -> Vec<String>,
) -> Option<Vec<String>> {
    let sentences: Vec<&str> = message
        .split(['.', '!', '?', ';', ',', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if sentences.len() < 2 {
        return None;
    }
    let mut asked: Vec<String> = Vec::new();
    for sentence in sentences {
        let words: Vec<String> = crate::text::words(sentence)
            .iter()
            .map(|w| crate::text::singular(w).to_owned())
            .collect();
        // (Said in the sentence, or in Spanish words the shop's vocabulary reads as it:
        // "quiero una sudadera" names the hoodies.)
        let named_here = names(sentence);
        let named: Vec<&String> = terms
            .iter()
            .filter(|t| {
                t.split(' ')
                    .all(|w| words.iter().any(|x| x == crate::text::singular(w)))
                    || named_here.contains(t)
            })
            .collect();
        // (With `what_it_must_be`, a product asked for as what it must be is asked for too: "I
        // need a wool sweater that does not itch".)
        if !named.is_empty()
            && match decide(&normalize::normalize(sentence)).0 {
                Intent::Browse | Intent::Buy => true,
                Intent::ProductQuestion => what_it_must_be,
                _ => false,
            }
        {
            asked.extend(
                named
                    .into_iter()
                    .filter(|t| !asked.contains(t))
                    .cloned()
                    .collect::<Vec<_>>(),
            );
        }
    }
    (!asked.is_empty()).then_some(asked)
}

/// Words of four letters or more that say nothing a description could be searched for.
const FUNCTION_WORDS: &[&str] = &[
    "about", "after", "again", "also", "than", "that", "then", "there", "these", "this", "those",
    "what", "when", "where", "which", "while", "with", "would", "could", "should", "from", "into",
    "over", "very", "much", "many",
];

/// Below this, a Browse reading of "X one. Question?" is a product question.
const PICKED_OUT_THEN_ASKED_BELOW: f32 = 0.5;

/// A sentence picking one out ("Gold one.", "The stainless one po,") followed by a question
/// ("Swimming ok?", "how many hours will my coffee stay hot?").
fn asked_after_picking(message: &str) -> bool {
    let sentences: Vec<&str> = message
        .split_inclusive(['.', '!', '?', ',', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    sentences.iter().enumerate().any(|(at, sentence)| {
        let words = crate::text::words(sentence);
        // ("Gold one.", "The stainless one po,": a short sentence ending in "one", or in
        // "one" and a tag word.)
        let picks = words.len() <= 4
            && (words.last().is_some_and(|w| w == "one" || w == "ones")
                || words.iter().rev().nth(1).is_some_and(|w| w == "one"));
        picks
            && sentences[at + 1..]
                .iter()
                .any(|later| later.ends_with('?') || asks(later))
    })
}

/// Whether one of the message's sentences (of two or more), read alone, is surely a request
/// for products, naming none ("¿Qué me recomienda llevar?", "What would you suggest?").
fn a_sentence_asks(message: &str) -> bool {
    let sentences: Vec<&str> = message
        .split(['.', '!', '?', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    // (A verb of suggesting says it whatever the model makes of the sentence.)
    const SUGGESTING: &[&str] = &[
        "recommend",
        "suggest",
        "advise",
        "recomiend",
        "recomend",
        "sugier",
        "suger",
        "aconsej",
    ];
    sentences.len() >= 2
        && sentences.iter().any(|sentence| {
            let suggests = crate::text::words(sentence)
                .iter()
                .any(|w| SUGGESTING.iter().any(|s| w.starts_with(s)));
            let (intent, confidence, _) = decide(&normalize::normalize(sentence));
            suggests || (intent == Intent::Browse && confidence >= SURELY_ASKS)
        })
}

/// How sure the model must be that a sentence alone asks for products.
const SURELY_ASKS: f32 = 0.8;

/// A statement that opens by naming a kind of product the shop sells ("a book about the life
/// of a famous inventor", "un libro sobre la segunda guerra mundial"), after an article at
/// most: a request for it, whatever its topic.
fn opens_with_a_kind(vocabulary: &shop_vocabulary::ShopVocabulary, message: &str) -> bool {
    const ARTICLES: &[&str] = &[
        "a", "an", "some", "un", "una", "unos", "unas", "algun", "alguna",
    ];
    if asks(message) {
        return false;
    }
    let words = crate::text::words(message);
    let Some(first) = words.iter().find(|w| !ARTICLES.contains(&w.as_str())) else {
        return false;
    };
    let bilingual = bilingual::Bilingual::get();
    let key = bilingual::key(first);
    vocabulary.names_a_kind(&key)
        || bilingual
            .related(&key)
            .iter()
            .filter(|r| !r.contains(' '))
            .take(4)
            .any(|r| vocabulary.names_a_kind(r))
}

/// The words said right after "with" / "con" (past a measure: "with a lot of pockets") that
/// the shop's descriptions use, in their language (a Spanish word through the bilingual
/// vocabulary): features asked of the kind named.
fn features_said(
    message: &str,
    spanish: bool,
    vocabulary: &shop_vocabulary::ShopVocabulary,
) -> Vec<String> {
    let words = crate::text::words(message);
    let mut found = Vec::new();
    for (at, word) in words.iter().enumerate() {
        if !matches!(word.as_str(), "with" | "con") {
            continue;
        }
        let Some(feature) = words[at + 1..]
            .iter()
            .find(|w| !shop_vocabulary::MEASURES.contains(&w.as_str()))
        else {
            continue;
        };
        let feature = crate::text::singular(feature).to_owned();
        if feature.len() < 4 || is_common(&feature) {
            continue;
        }
        let described = if spanish {
            let key = bilingual::key(&feature);
            bilingual::Bilingual::get()
                .related(&key)
                .iter()
                .filter(|r| !r.contains(' '))
                .take(4)
                .find(|r| vocabulary.describes(r))
                .cloned()
        } else {
            vocabulary.describes(&feature).then_some(feature)
        };
        found.extend(described);
    }
    found
}

/// Whether `term` is said (as a word, or its singular) and every time with `before(at)` true
/// of where it stands.
fn said_only_after(words: &[String], term: &str, before: impl Fn(usize) -> bool) -> bool {
    let mut at = (0..words.len())
        .filter(|&i| crate::text::singular(&words[i]) == term)
        .peekable();
    at.peek().is_some() && at.all(before)
}

/// Grounds an understanding in the shop's catalog: the product terms become the catalog's own
/// words for what the message names (through the bilingual vocabulary when the languages
/// differ), and a message that names a product the shop sells, read as something else with
/// little confidence, is a request for it. A confident off-topic reading stays: a stemming
/// collision never turns a weather question into a product search.
pub fn ground(u: &mut Understanding, vocabulary: &shop_vocabulary::ShopVocabulary, message: &str) {
    // (Whom the message opens by addressing names nothing: "disculpe señorita" asks for no
    // women's wear.)
    let mut shop_named = vocabulary.named(
        &budget::without_ceiling_words(slots::after_address(message).unwrap_or(message)),
        u.language == Locale::Es,
    );
    let words = crate::text::words(message);
    // (A word of the catalog said only as a verb denied is no product: "the beanie doesn't
    // fit" asks for no fit. "Doesn't", "won't" or "does not" before it; not "not waterproof".)
    let denied_verb = |term: &str| {
        let auxiliary = |w: &str| matches!(w, "t" | "doesnt" | "dont" | "didnt" | "wont" | "cant");
        said_only_after(&words, term, |i| {
            (i > 0 && auxiliary(&words[i - 1]))
                || (i > 1
                    && words[i - 1] == "not"
                    && matches!(words[i - 2].as_str(), "does" | "do" | "did" | "will"))
        })
    };
    shop_named
        .terms
        .retain(|t| t.contains(' ') || !denied_verb(t));
    // The message without the catalog's phrases: "track" in "track pump" asks about no order;
    // nor, beside another product named, do the catalog's own words ("a train with tracks").
    let beside_another: Vec<&str> = if shop_named.terms.len() >= 2 {
        shop_named
            .terms
            .iter()
            .filter(|t| !t.contains(' '))
            .map(String::as_str)
            .collect()
    } else {
        Vec::new()
    };
    let own_words: String = crate::text::words(message)
        .into_iter()
        .filter(|w| {
            !shop_named.in_phrases.contains(w)
                && !beside_another.contains(&crate::text::singular(w))
        })
        .collect::<Vec<_>>()
        .join(" ");
    // The lexicon's cues in those words, read once and only when a rule below asks.
    let own_cues = std::cell::OnceCell::new();
    // A misspelt word of the lexicon is read as that word ("can i get me mony back").
    let own_cues = || {
        own_cues.get_or_init(|| {
            let mended: Vec<String> = own_words
                .split(' ')
                .map(|w| spelling::lexicon_typo_fix(w).unwrap_or_else(|| w.to_owned()))
                .collect();
            said_cues(&mended.join(" "))
        })
    };
    let speaks_of_an_order_here = || own_cues().iter().copied().any(is_about_an_order);
    let mut terms = shop_named.terms;
    // The built-in words only speak when the shop's own vocabulary found nothing: they would
    // widen "beanie" to every hat.
    // (Not a word said as a verb, right after its subject: "I'll watch for it".)
    let as_a_verb = |term: &str| {
        said_only_after(&words, term, |i| {
            i > 0 && matches!(words[i - 1].as_str(), "i" | "yo" | "ll" | "ill" | "will")
        })
    };
    if terms.is_empty() {
        for term in &u.slots.product_terms {
            if vocabulary.has(term)
                && !shop_vocabulary::names_nothing(term)
                && !terms.contains(term)
                && !as_a_verb(term)
            {
                terms.push(term.clone());
            }
        }
    }
    // "She's always cold", "mi abuela siempre tiene frío": what keeps warm (the cold is the
    // person's, not a product's).
    if slots::feels_cold(&crate::text::words(message)) {
        terms.retain(|t| t != "cold");
        if !terms.iter().any(|t| t == "warm") {
            terms.push("warm".to_owned());
        }
    }
    // Who it is for is the audience, not a product ("mejor para mi niño": kids, of whatever
    // was asked for).
    if u.slots.recipient.is_some() {
        terms.retain(|t| {
            !catalog_words::RECIPIENTS
                .iter()
                .any(|(r, _)| *r == t.as_str())
        });
    }
    // Everyday words ("phone") decide nothing: they name products only in a product request.
    let weak = shop_named.weak.clone();
    let named = terms.iter().any(|t| !weak.contains(t));
    let mut needs_named = false;
    let covered = shop_named.covered;
    // "Plumones para pizarrón blanco": the colour is the whiteboard's.
    let colour_in_a_phrase = u.slots.colour.is_some()
        && slots::colour(&shop_named.not_the_product, u.language) == u.slots.colour;
    // "Something to drizzle on a salad besides oil": what is ruled out is no term, and its
    // kind is left out.
    // A colour ruled out is no word to search for ("any colour but black").
    if let Some(not) = &u.slots.not_colour {
        terms.retain(|t| catalog_words::colour(t) != Some(not.as_str()));
    }
    let mut excluded = ruled_out(message, &terms);
    for term in features_ruled_out(vocabulary, message, u.language == Locale::Es) {
        if terms.contains(&term) && !excluded.contains(&term) {
            excluded.push(term);
        }
    }
    // (And the shop's words for a phrase ruled out, when something else is still named.)
    let spanish = u.language == Locale::Es;
    for term in ruled_out_kinds(vocabulary, message, spanish) {
        if terms.contains(&term)
            && !excluded.contains(&term)
            && terms.iter().any(|t| *t != term && !excluded.contains(t))
        {
            excluded.push(term);
        }
    }
    // "Not leather", "que no sean de cuero", "anything that isn't leather?": every word named
    // ruled out narrows the search before it ("the same kind, without that").
    let only_ruled_out = excluded.is_empty()
        && !terms.is_empty()
        && rules_out_all(vocabulary, message, &terms, spanish);
    if only_ruled_out {
        excluded = std::mem::take(&mut terms);
        if u.slots.refinement.is_none() {
            u.slots.refinement = Some(Refinement::SameKind);
        }
    }
    // "She's honestly not a candle person. What else have you got?": every kind named ruled
    // out, then something else asked for: those kinds are left out of what is shown next.
    if excluded.is_empty() && !terms.is_empty() && u.slots.refinement == Some(Refinement::Another) {
        let ruled = ruled_out_kinds(vocabulary, message, spanish);
        if terms.iter().all(|t| ruled.contains(t)) {
            excluded = std::mem::take(&mut terms);
        }
    }
    if !excluded.is_empty() {
        terms.retain(|t| !excluded.contains(t));
    }
    // "Shoes, but not sport shoes": a category's word left once some of its kinds are ruled
    // out stands for its other kinds.
    let (mut kinds, mut category) = (shop_named.kinds, shop_named.category);
    let mut wanted_alike = false;
    if !excluded.is_empty() && kinds.is_empty() {
        let of_category = terms.iter().find_map(|t| {
            let named = vocabulary.named(t, spanish);
            (!named.kinds.is_empty()).then(|| (t.clone(), named))
        });
        if let Some((word, named)) = of_category {
            let left: Vec<String> = named
                .kinds
                .into_iter()
                .filter(|k| !excluded.contains(k))
                .collect();
            if !left.is_empty() {
                let at = terms.iter().position(|t| *t == word).unwrap_or(terms.len());
                terms.splice(at..(at + 1).min(terms.len()), left.iter().cloned());
                kinds = left;
                category = named.category;
                wanted_alike = true;
            }
        }
    }
    u.slots.excluded = excluded;
    // Naming no kind, the message may say what it is for in the descriptions' words.
    // (Not who it is for, and not an open request for a present or within a budget, which
    // the whole shop answers.)
    let open_request = u.slots.gift || u.slots.budget_max.is_some() || u.slots.budget_min.is_some();
    if !open_request && !terms.iter().any(|t| vocabulary.names_a_kind(t)) {
        let mut described: Vec<String> = Vec::new();
        for word in crate::text::words(message) {
            let word = crate::text::singular(&word).to_owned();
            let person = slots::recipient(std::slice::from_ref(&word)).is_some()
                || catalog_words::RECIPIENTS.iter().any(|(r, _)| *r == word);
            // (Nor a function word a few descriptions happen to use: "about 40 hours".)
            if word.len() >= 4
                && !person
                && !FUNCTION_WORDS.contains(&word.as_str())
                && vocabulary.describes(&word)
                && !terms.iter().any(|t| t.split(' ').any(|w| w == word))
                && !described.contains(&word)
            {
                described.push(word);
            }
        }
        u.slots.described = vocabulary.described_together(&described);
    }
    // A need said in the shopper's words: what the catalog calls what answers it, named (a
    // word of its names, types, tags) or described (a word of its descriptions). Within a
    // budget or for a present too ("my dad squints all summer, get him something, max 40").
    if !terms.iter().any(|t| vocabulary.names_a_kind(t)) {
        let of_the_message = u.slots.described.len();
        let mut added = 0;
        for word in needs::answering(message) {
            let word = word.to_owned();
            if added == MAX_NEED_WORDS || terms.contains(&word) || u.slots.described.contains(&word)
            {
                continue;
            }
            if vocabulary.has_words(&word) {
                terms.push(word);
                needs_named = true;
                added += 1;
            } else if vocabulary.describes(&word) {
                u.slots.described.push(word);
                needs_named = true;
                added += 1;
            }
        }
        // ("What do you recommend for cold hands?": once the need names a kind, gloves, the
        // message's own description words, "cold" and "hand", no longer pick products.)
        if terms.iter().any(|t| vocabulary.names_a_kind(t)) {
            u.slots.described.drain(..of_the_message);
        }
    }
    // "Boots too cost. Make we go back to the sneakers": what follows "back to" is wanted,
    // what came before it is left.
    let mut head = shop_named.head;
    if wanted_alike {
        head.clear();
    }
    if let Some(back) = back_to(&terms, message) {
        terms = back;
        head = terms
            .iter()
            .filter(|t| vocabulary.names_a_kind(t))
            .cloned()
            .collect();
    }
    // "Love the terracotta but the green is better… you have it in sage?": when every word
    // found is a colour other than the one asked for, they name no product (the terracotta
    // pot).
    if u.slots.refinement == Some(Refinement::NewColour)
        && !terms.is_empty()
        && terms
            .iter()
            .all(|t| catalog_words::colour(t).is_some_and(|c| Some(c) != u.slots.colour.as_deref()))
    {
        terms.clear();
        head.clear();
    }
    // "129 ugh. anythng cheapr that still has cushion?" after running shoes: what the cheaper
    // ones must still have or be is asked of them, no new kind (a cushion).
    if u.slots.refinement == Some(Refinement::Cheaper) {
        let words = crate::text::words(message);
        if let Some(still) = words
            .iter()
            .position(|w| matches!(w.as_str(), "still" | "sigue" | "siga" | "sigan" | "todavia"))
        {
            let after: Vec<&String> = words[still + 1..].iter().collect();
            let said_after = |t: &String| {
                t.split(' ')
                    .all(|w| after.iter().any(|a| crate::text::singular(a) == w))
            };
            if terms.iter().any(said_after) {
                terms.retain(|t| !said_after(t));
                head.retain(|t| !said_after(t));
            }
        }
    }
    // "Y unas gomas blancas q no pasen de sesenta" after T-shirts: a colour beside a kind
    // named is no change to the last results but a request for that kind in that colour.
    // (Not "smaller", which compares with what was shown: "something smaller which fits in
    // the pocket of my jacket".)
    if u.slots.refinement == Some(Refinement::NewColour)
        && terms.iter().any(|t| vocabulary.names_a_kind(t))
    {
        u.slots.refinement = None;
    }
    // "Jackets with a hood", "una chaqueta con capucha": a feature the descriptions speak of,
    // said after "with" of a kind named, is searched for too (it ranks those that have it).
    if terms.iter().any(|t| vocabulary.names_a_kind(t)) {
        for feature in features_said(message, u.language == Locale::Es, vocabulary) {
            if !terms.contains(&feature) {
                terms.push(feature);
            }
        }
    }
    // "Algo para tomar café en el trabajo": "café" drunk, or after an article, is coffee, not
    // the colour brown it also names ("zapatos café").
    if u.language == Locale::Es {
        let words = crate::text::words(message);
        // (A verb of drinking a few words before: "toma muchísimo café".)
        let drinks = |w: &str| {
            matches!(
                w,
                "tomar"
                    | "beber"
                    | "tomo"
                    | "bebo"
                    | "toma"
                    | "bebe"
                    | "tomas"
                    | "bebes"
                    | "toman"
                    | "beben"
                    | "tomamos"
                    | "bebemos"
            )
        };
        let drunk = words.iter().enumerate().any(|(at, w)| {
            w == "cafe"
                && (at.checked_sub(1).is_some_and(|i| {
                    matches!(
                        words[i].as_str(),
                        "tomar" | "beber" | "tomo" | "bebo" | "un" | "el" | "de" | "del" | "mi"
                    )
                }) || words[at.saturating_sub(3)..at].iter().any(|w| drinks(w)))
        });
        if drunk && words.iter().all(|w| w != "color") {
            terms.retain(|t| t != "brown");
            if u.slots.colour.as_deref() == Some("brown") {
                u.slots.colour = None;
            }
        }
    }
    u.slots.product_terms = terms;
    u.slots.head_terms = head;
    u.slots.kinds = kinds;
    u.slots.category = category;
    u.slots.unsold = shop_named.unsold;
    u.slots.most = shop_named.most;
    // "wife back in red deer": a colour said of a word the shop has nothing to do with
    // names that thing (a place, an animal), not the colour of what is wanted.
    if u.language == Locale::En {
        if let Some(colour) = u.slots.colour.clone() {
            let words = crate::text::words(message);
            let of_another_thing = |at: usize| {
                words.get(at + 1).is_some_and(|next| {
                    next.len() >= 3
                        && next.chars().all(char::is_alphabetic)
                        && catalog_words::colour(next).is_none()
                        && !vocabulary.has(next)
                        && !AFTER_A_WANTED_COLOUR.contains(&next.as_str())
                })
            };
            let said: Vec<usize> = (0..words.len())
                .filter(|&at| catalog_words::colour(&words[at]) == Some(colour.as_str()))
                .collect();
            if !said.is_empty() && said.iter().all(|&at| of_another_thing(at)) {
                u.slots.colour = None;
            }
        }
    }
    // A colour the shop's products don't come in is no filter ("crema" in a skincare shop),
    // nor is one that names the product or is part of its name ("nappy cream", "crema para
    // rozaduras").
    let in_a_name = |colour: &str| {
        u.slots
            .product_terms
            .iter()
            .any(|t| t.split(' ').any(|w| w == colour))
    };
    if colour_in_a_phrase
        || u.slots
            .colour
            .as_deref()
            .is_some_and(|c| !vocabulary.offers_variant(c) || in_a_name(c))
    {
        u.slots.colour = None;
    }
    // "Gold one. Swimming ok?": one of those shown picked out, then a question about it that
    // names nothing the shop sells, read by an unsure model as asking to see more.
    if u.intent == Intent::Browse
        && u.confidence < PICKED_OUT_THEN_ASKED_BELOW
        && u.slots.refinement == Some(Refinement::SameKind)
        && !u
            .slots
            .product_terms
            .iter()
            .any(|t| vocabulary.names_a_kind(t))
        && asked_after_picking(message)
    {
        u.intent = Intent::ProductQuestion;
        u.alternative = None;
    }
    // "Do you have watering cans?" reads like a question about the shop; naming what it sells
    // makes it a request for those products.
    let yields = match u.intent {
        Intent::ShopInfo | Intent::Greeting | Intent::Thanks => true,
        // Off topic, the model is overruled only when it is unsure, the message is mostly
        // what the shop sells ("necklace?", "a saucepan to warm milk for hot chocolate") or it
        // shops (a budget, a present): one catalog word inside a request to translate or to
        // cook ("playa" in a sentence to translate) is no request for it.
        Intent::OutOfScope => {
            let shops =
                u.slots.budget_max.is_some() || u.slots.budget_min.is_some() || u.slots.gift;
            u.confidence < NAMED_PRODUCT_OVERRIDES_BELOW
                && (shop_named.share >= MOSTLY_PRODUCTS
                    || shops
                    || u.confidence < OFF_TOPIC_OVERRULED_BELOW)
        }
        _ => false,
    };
    // Opening with a kind the shop sells, even an everyday word ("un libro sobre…"), asks
    // for it, however sure the model is that the topic is off.
    let opens = u.intent == Intent::OutOfScope && opens_with_a_kind(vocabulary, message);
    // A story the model reads as off topic, one of whose sentences, read alone, asks for a
    // product the shop sells ("The chapel trustees have asked me to write its history… I
    // should like a proper notebook to draft it in."), asks for that product.
    // So does one read as a question about an order that never speaks of an order, a
    // delivery or a purchase ("…his feet are like two blocks of ice when he comes in. Have you
    // any good warm socks for him?").
    // (A fault, "they itch", may be what the shopper wants to be rid of in a new one.)
    let no_order_in_it_but = |defect_ok: bool| {
        !own_cues().iter().any(|c| {
            matches!(
                c,
                Cue::Order
                    | Cue::PastPurchase
                    | Cue::Track
                    | Cue::WhereIs
                    | Cue::Arrive
                    | Cue::Late
                    | Cue::Refund
                    | Cue::Return
                    | Cue::Cancel
                    | Cue::Payment
            ) || (*c == Cue::Defect && !defect_ok)
        })
    };
    let no_order_in_it = || no_order_in_it_but(false);
    // (However sure the model is, a message that names a kind the shop sells may ask for it
    // in one of its sentences: "…en la noche hace un frío x la playa. quiero una sudadera bien
    // machín, hasta 60 dólares".)
    let off_topic_story = u.intent == Intent::OutOfScope
        && (u.confidence < NAMED_PRODUCT_OVERRIDES_BELOW
            || (u
                .slots
                .product_terms
                .iter()
                .any(|t| vocabulary.names_a_kind(t))
                && no_order_in_it()));
    // (Or as a refund or a cancellation the model is unsure of: "I need a wool sweater that
    // does not itch… I have three of those and they itch.")
    let unsure_after_sale = u.confidence < 0.5
        && matches!(
            u.intent,
            Intent::Refund | Intent::Cancel | Intent::RefundInfo | Intent::CancelInfo
        );
    let order_story = (u.intent == Intent::OrderStatus && no_order_in_it())
        || (unsure_after_sale && own_cues().contains(&Cue::Want) && no_order_in_it_but(true));
    let asked_in_a_sentence = (off_topic_story || order_story)
        .then(|| {
            sentence_asks_for(
                message,
                &u.slots.product_terms,
                unsure_after_sale,
                // (Translated only from Spanish: an English sentence says the words.)
                |sentence| match u.language {
                    Locale::Es => vocabulary.named(sentence, true).terms,
                    Locale::En => Vec::new(),
                },
            )
        })
        .flatten()
        // (Or, off topic, one of its sentences asks for a suggestion, "¿Qué me recomienda
        // llevar, pues?", and the story names kinds the shop sells: the hands and head that
        // freeze up in El Alto are gloves and a beanie.)
        .or_else(|| {
            if !off_topic_story {
                return None;
            }
            let kinds: Vec<String> = u
                .slots
                .product_terms
                .iter()
                .filter(|t| vocabulary.names_a_kind(t))
                .cloned()
                .collect();
            (!kinds.is_empty() && a_sentence_asks(message)).then(|| u.slots.product_terms.clone())
        });
    if ((named || needs_named) && yields) || opens || asked_in_a_sentence.is_some() {
        u.intent = Intent::Browse;
    }
    // What the asking sentence names is what is asked for, not every word of the story told
    // as if about an order (a story told off topic keeps them all: "chocolate with no dairy in
    // it, I'm vegan").
    if let Some(asked) = asked_in_a_sentence.filter(|_| order_story) {
        u.slots.product_terms = asked;
    }
    // "Qué más, ¿cómo va lo que pedí?": a greeting the model is unsure of, around words about
    // an order, asks about the order.
    if u.intent == Intent::Greeting
        && u.confidence < OFF_TOPIC_OVERRULED_BELOW
        && own_cues().iter().any(|c| {
            matches!(
                c,
                Cue::Order | Cue::PastPurchase | Cue::Track | Cue::WhereIs
            )
        })
    {
        u.intent = Intent::OrderStatus;
        u.alternative = None;
    }
    // "…ya tenía una igual en casa así que no la quiero anúlala": a statement that asks, in so
    // many words, to cancel, and says nothing of where the order is, asks to cancel it (whose
    // summary shows the order; nothing happens without a yes).
    // (Not one that says it only asks: "if it's not gone by friday i might cancel, but not yet,
    // just want to know".)
    // So does one asked as a favour ("¿hay alguna forma de que me reversen ese cobro?", "se
    // puede parar el pedido? al tiro porfa"), and one that asks for the money back.
    let message_tokens = std::cell::OnceCell::new();
    let status_tokens = || message_tokens.get_or_init(|| normalize::normalize(message));
    let as_a_favour = || {
        let tokens = status_tokens();
        asks_politely(tokens)
            || tokens
                .iter()
                .any(|t| matches!(t.as_str(), "please" | "pls" | "plz" | "porfa" | "porfavor"))
            || says_any(tokens, &["por favor"])
    };
    if u.intent == Intent::OrderStatus
        && (!message.contains(['?', '¿']) || as_a_favour())
        && !only_asking(status_tokens())
    {
        let said = own_cues();
        let about_where = said.iter().any(|c| {
            matches!(
                c,
                Cue::Where | Cue::WhereIs | Cue::When | Cue::Track | Cue::Arrive | Cue::Late
            )
        });
        if said.contains(&Cue::Cancel) && !about_where {
            u.intent = Intent::Cancel;
            u.alternative = None;
        } else if said.contains(&Cue::Refund) && !about_where {
            u.intent = Intent::Refund;
            u.alternative = None;
        }
    }
    // "Me habéis cobrado 35,31 pero lo he visto más barato. ¿Se puede deshacer el pedido?": a
    // charge told as the reason to cancel, read by an unsure model as a problem paying, is
    // about cancelling (asked for, or asked about).
    // So is a charge told beside a refund wanted in so many words ("I was charged on my card
    // already and I never got no email… I'd like a refund on the beanie"), said, not asked.
    if u.intent == Intent::PaymentProblem
        && u.confidence < 0.6
        && own_cues().contains(&Cue::Refund)
        && !own_cues().contains(&Cue::Cancel)
        && !asks(message)
    {
        u.intent = Intent::Refund;
        u.alternative = None;
    }
    if u.intent == Intent::PaymentProblem && u.confidence < 0.6 && own_cues().contains(&Cue::Cancel)
    {
        u.intent = if message.contains(['?', '¿']) && !as_a_favour() {
            Intent::CancelInfo
        } else {
            Intent::Cancel
        };
        u.alternative = None;
    }
    // "Necesito una receta de tortilla", "a poem about candles": what is wanted is something
    // written (a recipe, a poem, an essay, a joke, a translation), which the shop does not
    // sell, whatever product word follows it ("tortilla" is also a wrap).
    if matches!(
        u.intent,
        Intent::Browse | Intent::Buy | Intent::ProductQuestion
    ) && u.confidence < 0.9
    {
        const WRITTEN: &[&str] = &[
            "recipe",
            "recipes",
            "receta",
            "recetas",
            "poem",
            "poems",
            "poema",
            "poemas",
            "essay",
            "ensayo",
            "redaccion",
            "joke",
            "jokes",
            "chiste",
            "chistes",
            "lyrics",
            "translation",
            "traduccion",
            "homework",
            "deberes",
            "tarea",
        ];
        const OF: &[&str] = &["of", "for", "about", "on", "de", "sobre", "para", "con"];
        let words = crate::text::words(message);
        let written_of = words.windows(2).any(|w| {
            WRITTEN.contains(&w[0].as_str())
                && OF.contains(&w[1].as_str())
                && vocabulary
                    .named(&w[0], u.language == Locale::Es)
                    .terms
                    .is_empty()
        });
        if written_of {
            u.intent = Intent::OutOfScope;
            u.alternative = None;
        }
    }
    // "Did you send it already?", "how long until it gets here?", "¿ya lo mandaron?",
    // "¿cuánto falta para que llegue?": "it" sent or arriving, read by an unsure model as
    // thanks, a greeting or a question about the shop, is where the order is
    // (not "how long does shipping take?" nor "do you ship to Canada?", which name no "it").
    if matches!(
        u.intent,
        Intent::Thanks | Intent::Greeting | Intent::ShopInfo | Intent::OutOfScope
    ) && u.confidence < 0.6
        && u.slots.product_terms.is_empty()
        && own_cues().contains(&Cue::Arrive)
        && !own_cues()
            .iter()
            .any(|c| matches!(c, Cue::Thanks | Cue::Greeting | Cue::Policy))
    {
        let words = crate::text::words(message);
        let it = words
            .iter()
            .any(|w| matches!(w.as_str(), "it" | "lo" | "la" | "them" | "los" | "las"))
            || crate::text::says_phrase(message, &["para que llegue", "para que me llegue"]);
        let to_a_place = crate::text::says_phrase(
            message,
            &[
                "ship to",
                "deliver to",
                "send to",
                "envian a",
                "envias a",
                "mandan a",
                "hacen envios",
            ],
        );
        if it && !to_a_place {
            u.intent = Intent::OrderStatus;
            u.alternative = None;
        }
    }
    // "My package arrived damaged, what can I do?", "mi paquete llegó roto": what came is
    // faulty, a remedy is asked for, not where it is (no word of lateness, tracking or when).
    if u.intent == Intent::OrderStatus {
        let said = own_cues();
        if said.contains(&Cue::Defect)
            && said.contains(&Cue::Arrive)
            && !speaks_of_whereabouts(said)
        {
            u.intent = Intent::Refund;
            u.alternative = None;
        }
    }
    // "I ordered a beanie the other day. Can I add a second one in navy… to the same order?":
    // a change to an order already placed is the shop's business, however much of it names
    // a product.
    // (So is one read as trouble paying with no word of paying: "puse mal la dirección".)
    let paying = || own_cues().contains(&Cue::Payment);
    // (Or as a question about the shop: "can I change the size on my order?".)
    if (matches!(
        u.intent,
        Intent::Browse | Intent::ProductQuestion | Intent::Buy | Intent::ShopInfo
    ) || (u.intent == Intent::PaymentProblem && !paying()))
        && changes_an_order(own_cues(), message)
    {
        u.intent = Intent::OutOfScope;
        u.alternative = None;
    }
    // "Do you take PayPal or only credit card?", "¿aceptan tarjeta de crédito?": a means of
    // paying asked about is a question about the shop, not the card holders it sells.
    if matches!(u.intent, Intent::Browse | Intent::ProductQuestion)
        && paying()
        && !u.slots.product_terms.is_empty()
        && u.slots
            .product_terms
            .iter()
            .all(|t| matches!(t.as_str(), "card" | "credit card" | "debit card"))
        && says_any(
            &normalize::normalize(message),
            &[
                "credit card",
                "debit card",
                "by card",
                "with card",
                "with a card",
                "with my card",
                "pay with",
                "paypal",
                "tarjeta de credito",
                "tarjeta de debito",
                "con tarjeta",
                "pagar con",
                "pago con",
            ],
        )
    {
        u.intent = Intent::ShopInfo;
        u.alternative = None;
        u.slots.product_terms.clear();
        u.slots.head_terms.clear();
    }
    // "Got it in grey?", "have it in a medium?": whether it comes in a colour or a size, asked,
    // with no word of buying, is no purchase, however sure the model is.
    if u.intent == Intent::Buy
        && matches!(
            u.slots.refinement,
            Some(Refinement::NewColour) | Some(Refinement::NewSize)
        )
        && asks(message)
        && !own_cues()
            .iter()
            .any(|c| matches!(c, Cue::Buy | Cue::BuyWeak | Cue::Want))
    {
        u.intent = Intent::Browse;
        u.alternative = None;
    }
    // "I haven't received any email about my order", "I never got a confirmation email": what
    // was bought, asked after by what should have come of it — where the order is, not off
    // topic nor trouble paying.
    if matches!(u.intent, Intent::OutOfScope | Intent::PaymentProblem)
        && u.confidence < 0.6
        && crate::text::says_phrase(
            message,
            &[
                "email",
                "e mail",
                "confirmation",
                "correo",
                "confirmacion",
                "mail",
            ],
        )
        && (crate::text::says_phrase(
            message,
            &[
                "never got",
                "didn t get",
                "haven t received",
                "haven t got",
                "have not received",
                "did not get",
                "no me ha llegado",
                "no me llego",
                "no he recibido",
                "no recibi",
            ],
        ) || own_cues().contains(&Cue::Order) && own_cues().contains(&Cue::Arrive))
    {
        u.intent = Intent::OrderStatus;
        u.alternative = None;
    }
    // "Do you offer gift wrapping?", "¿hacen envoltorio para regalo?", "can I get an
    // invoice?": a service of the shop asked about, not a product (a wrap dress) nor off topic,
    // unless the shop sells wrapping as a kind of product.
    let wraps = crate::text::says_phrase(
        message,
        &[
            "gift wrap",
            "gift wrapping",
            "gift wrapped",
            "wrap it",
            "wrap them",
            "envoltorio",
            "envolver",
            "envuelto",
            "envuelven",
            "papel de regalo",
        ],
    );
    if (matches!(
        u.intent,
        Intent::Browse | Intent::ProductQuestion | Intent::OutOfScope
    ) && wraps
        && asks(message)
        && !vocabulary.names_a_kind_by_head("wrap")
        && !vocabulary.names_a_kind_by_head("wrapping paper"))
        || (u.intent == Intent::OutOfScope && own_cues().contains(&Cue::Invoice))
    {
        u.intent = Intent::ShopInfo;
        u.alternative = None;
        u.slots.product_terms.clear();
        u.slots.head_terms.clear();
        u.slots.gift = false;
    }
    // "Dame la de esmalte", "give me the enamel one": one of several picked by what sets it
    // apart, with a word of taking it, is bought, not searched for again.
    if u.intent == Intent::Browse && own_cues().contains(&Cue::BuyWeak) && !asks(message) {
        let words = crate::text::words(message);
        // ("The enamel one": "the", a word or two, "one".)
        let the_one = words.iter().enumerate().any(|(at, w)| {
            w == "one" && words[at.saturating_sub(3)..at].iter().any(|x| x == "the") && at >= 2
        });
        let picks_one = words
            .windows(2)
            .any(|w| matches!(w, [a, b] if (a == "la" || a == "el") && b == "de"))
            || the_one;
        if picks_one && words.len() <= 8 {
            u.intent = Intent::Buy;
            u.alternative = None;
        }
    }
    // "¿Y cómo se lava? Yo todo lo meto en la lavadora a 40 grados": a question about a detail
    // of a product, with no word of buying, read as a purchase, asks about the product.
    if u.intent == Intent::Buy
        && u.slots.product_attribute.is_some()
        && message.contains(['?', '¿'])
        && !own_cues().contains(&Cue::Buy)
    {
        u.intent = Intent::ProductQuestion;
        u.alternative = None;
    }
    // "Una blusita fresca de algodón o de lino… lo sintético no lo soporto": a kind asked for,
    // with no word of a person or of contact, read as asking for a person, asks for the kind.
    // (Support alone may be a verb's: "no lo soporto".)
    if u.intent == Intent::Human
        && u.slots
            .product_terms
            .iter()
            .any(|t| vocabulary.names_a_kind(t))
        && !own_cues()
            .iter()
            .any(|c| matches!(c, Cue::Human | Cue::Someone | Cue::Contact))
    {
        u.intent = Intent::Browse;
        u.alternative = None;
    }
    // "Necesito un abogado", "¿me puedes traducir esto al inglés?": read by an unsure model as
    // asking for a person, with no word of a person, of contact, of support, of an order or
    // of a complaint about the assistant, and no product named: nothing the shop does.
    if u.intent == Intent::Human
        && u.confidence < 0.5
        && u.slots.product_terms.is_empty()
        && u.slots.order_number.is_none()
        && u.slots.email.is_none()
        && !own_cues().iter().any(|c| {
            matches!(
                c,
                Cue::Human | Cue::Someone | Cue::Contact | Cue::Support | Cue::BotComplaint
            ) || is_about_an_order(*c)
        })
    {
        u.intent = Intent::OutOfScope;
        u.alternative = None;
    }
    // "I want to file a complaint", "quiero poner una reclamación": a complaint to make is for
    // the shop's people, however the model reads it (it has no product in it to find).
    if matches!(
        u.intent,
        Intent::OutOfScope | Intent::ShopInfo | Intent::Greeting | Intent::Browse
    ) && u.slots.product_terms.is_empty()
        && crate::text::says_phrase(
            message,
            &[
                "file a complaint",
                "make a complaint",
                "lodge a complaint",
                "raise a complaint",
                "want to complain",
                "like to complain",
                "poner una queja",
                "presentar una queja",
                "hacer una queja",
                "poner una reclamacion",
                "hacer una reclamacion",
                "presentar una reclamacion",
                "quiero quejarme",
                "quiero reclamar",
                "libro de reclamaciones",
                "hoja de reclamaciones",
            ],
        )
    {
        u.intent = Intent::Human;
        u.alternative = None;
    }
    // "Will it survive getting squashed in my bag? and does it stay on in the wind, we do 30
    // knots back to the ramp": a question that says nothing of money, a return, an order or
    // a fault, read as a refund (a number and "back"), asks about the product.
    if u.intent == Intent::Refund && message.contains(['?', '¿']) {
        let said = own_cues();
        let after_sale = said.iter().any(of_money_or_an_order);
        // (An amount of money is a refund's: "could I get $10 back and keep it?")
        let money = message.contains(['$', '€', '£']) || u.slots.budget_max.is_some();
        if !after_sale && !money && u.slots.order_number.is_none() {
            u.intent = Intent::ProductQuestion;
            u.alternative = None;
        }
    }
    // "Bueno pues entonces una sudadera para él, que cuando entra el norte sí refresca": a
    // kind the shop sells, read by an unsure model as a question about refunds, asks for the
    // kind when nothing in the message is of money, a return, an order or a fault.
    if u.intent == Intent::RefundInfo
        && u.confidence < 0.5
        && u.slots
            .product_terms
            .iter()
            .any(|t| vocabulary.names_a_kind(t))
        && !own_cues().iter().any(of_money_or_an_order)
        && u.slots.budget_max.is_none()
        && u.slots.order_number.is_none()
        && !message.contains(['$', '€', '£'])
        && !names_the_shoppers_own(vocabulary, message, u.language)
    {
        u.intent = Intent::Browse;
        u.alternative = None;
    }
    // "hello~ my beanie sent out already or not ar?": the shopper's own thing (bought), said
    // with its sending or coming, read as shopping, asks where the order is.
    // (A kind the shop sells, "my beanie": not "my knees … on the way down".)
    let owns_a_kind = || {
        crate::text::words(message).windows(2).any(|pair| {
            matches!(pair[0].as_str(), "my" | "mi" | "mis" | "our")
                && vocabulary
                    .named(&pair[1], u.language == Locale::Es)
                    .terms
                    .iter()
                    .any(|t| vocabulary.names_a_kind(t))
        })
    };
    if matches!(u.intent, Intent::Browse | Intent::ProductQuestion)
        && u.confidence < 0.9
        && owns_a_kind()
    {
        let said = own_cues();
        if said.iter().any(|c| matches!(c, Cue::Arrive | Cue::WhereIs))
            && !said.iter().any(|c| matches!(c, Cue::Want | Cue::Show))
        {
            u.intent = Intent::OrderStatus;
            u.alternative = None;
        }
    }
    // "And will it go in their dishwasher? They put everything through on a hot wash": a
    // question about what a product is or does, read by a lost model as where an order is,
    // asks about the product when nothing in it is of an order.
    if u.intent == Intent::OrderStatus && u.confidence < 0.5 && message.contains(['?', '¿']) {
        let said = own_cues();
        let of_the_product = said.iter().any(|c| {
            matches!(
                c,
                Cue::AttrCare
                    | Cue::AttrMaterial
                    | Cue::AttrSize
                    | Cue::AttrColour
                    | Cue::AttrStock
            )
        });
        let of_an_order = said.iter().any(|c| {
            of_money_or_an_order(c)
                || matches!(
                    c,
                    Cue::Track
                        | Cue::WhereIs
                        | Cue::Where
                        | Cue::When
                        | Cue::Arrive
                        | Cue::Late
                        | Cue::Address
                )
        });
        if of_the_product && !of_an_order && u.slots.order_number.is_none() {
            u.intent = Intent::ProductQuestion;
            u.alternative = None;
        }
    }
    // "cuanto cuesta esa? mi papa me va a mandar 50 de houston, me alcanza?": what the one
    // pointed at costs, read as off topic for the rest of the story, asks about it.
    if u.intent == Intent::OutOfScope && message.contains(['?', '¿']) {
        let said = own_cues();
        if said.contains(&Cue::AttrPrice) && said.contains(&Cue::Deictic) {
            u.intent = Intent::ProductQuestion;
            u.alternative = None;
        }
    }
    // "Hiya, where's my refund? I thought I'd have it by now": asking where a refund is, read
    // by an unsure model as asking for one, asks about its progress (never acted on).
    // The "when" is the question's: in "…un gorro para cuando saliera a caminar… ¿Me pueden
    // devolver la plata?" it tells the story, and the question asks for the money.
    if u.intent == Intent::Refund && u.confidence < 0.75 && message.contains(['?', '¿']) {
        let said = own_cues();
        let asked: String = message
            .split_inclusive(['.', '!', '?', '\n'])
            .filter(|sentence| sentence.contains(['?', '¿']))
            .collect();
        // (Or how long it takes: "how long until the money's back on my card?")
        if said.contains(&Cue::Refund)
            && said_cues(&asked)
                .iter()
                .any(|c| matches!(c, Cue::Where | Cue::WhereIs | Cue::When | Cue::DeliveryInfo))
            && !said.contains(&Cue::Want)
        {
            u.intent = Intent::RefundInfo;
            u.alternative = None;
        }
    }
    // "Vale, pues nada, lo devuelvo", "pues lo cancelo", "ok I'll return it then": the shopper
    // deciding to do it, not asking how it goes (nothing moves without a yes).
    if matches!(u.intent, Intent::RefundInfo | Intent::CancelInfo) && !asks(message) {
        if let Some(action) = decides_to(message) {
            u.intent = action;
            u.alternative = None;
        }
    }
    // "¿Me podría atender una persona? Tengo una consulta sobre una factura": asking for a
    // person in so many words, read as out of scope with little confidence, asks for one.
    // So does a purchase that asks to be put through to one ("…40 of the navy pullover for my
    // team… abeg connect me to a human being make we talk bulk price"): a person is the ask.
    let put_through = || {
        let said = own_cues();
        said.contains(&Cue::Human) && said.contains(&Cue::Contact)
    };
    if (u.intent == Intent::OutOfScope
        && u.confidence < OFF_TOPIC_OVERRULED_BELOW
        && said_cues(message).contains(&Cue::Human))
        || (matches!(u.intent, Intent::Buy | Intent::Browse) && put_through())
    {
        u.intent = Intent::Human;
        u.alternative = None;
    }
    // Naming a product the shop sells while the model only leans to an order action or a
    // purchase ("quiero una sudadera") is a request to see them: the cards carry Buy, and an
    // after-sale action or a checkout on a guess would be worse than a list.
    let leaning = match u.intent {
        Intent::Buy => u.confidence < 0.6,
        // A word that also means a person or a payment ("2 person tent", "bleed through the
        // page") tips the model only a little; the product it names is what is asked for.
        Intent::Human | Intent::PaymentProblem => u.confidence < 0.6 && !speaks_of_an_order_here(),
        // Unless its own words speak of an order: "compré un gorro…, así que lo quiero
        // cancelar" names the product it bought, not one it wants.
        intent if intent.about_an_order() => {
            u.confidence < 0.5
                && u.slots.order_number.is_none()
                && (!speaks_of_an_order_here()
                    // A refund or cancellation with no word of either, of a return, a fault
                    // or a purchase ("get my suit to a wedding without it arriving all
                    // creased": arriving is no order).
                    || (matches!(intent, Intent::Refund | Intent::Cancel)
                        && !own_cues().iter().any(|c| {
                            matches!(
                                c,
                                Cue::Refund
                                    | Cue::Return
                                    | Cue::Defect
                                    | Cue::Cancel
                                    | Cue::Order
                                    | Cue::PastPurchase
                            )
                        }))
                    // Where an order is, with no word of an order, its whereabouts or its
                    // coming ("nesesito uno donde entre mi laptop": a "where" that asks
                    // nothing is no order's).
                    || (intent == Intent::OrderStatus
                        && !own_cues().iter().any(|c| match c {
                            Cue::Order
                            | Cue::PastPurchase
                            | Cue::Track
                            | Cue::WhereIs
                            | Cue::When
                            | Cue::Arrive
                            | Cue::Late => true,
                            Cue::Where => asks(message),
                            _ => false,
                        })))
        }
        _ => false,
    };
    if (named || needs_named) && leaning {
        u.intent = Intent::Browse;
        u.alternative = None;
    }
    // A price ceiling ("que no pasen de sesenta dólares", "nothing over 60") read as a
    // payment problem by an unsure model, with no word of paying, a card, a charge or an
    // order, is a budget: what is wanted costs at most that.
    // So is a colour asked of the products on screen ("corto no me copa, me da frío la panza.
    // ¿Y en azul?").
    if u.intent == Intent::PaymentProblem
        && u.confidence < 0.9
        && (u.slots.budget_max.is_some()
            || (u.slots.colour.is_some() && u.slots.refinement.is_some()))
        && !own_cues().iter().any(|c| {
            matches!(
                c,
                Cue::Payment
                    | Cue::Order
                    | Cue::PastPurchase
                    | Cue::Buy
                    | Cue::Invoice
                    | Cue::Account
            )
        })
    {
        u.intent = Intent::Browse;
        u.alternative = None;
    }
    // "¿Cómo pago?", "how can I pay?": how paying works, asked with no word of trouble, read
    // by an unsure model as a problem paying, is the shop's to answer.
    if u.intent == Intent::PaymentProblem
        && u.confidence < 0.5
        && u.alternative == Some(Intent::ShopInfo)
        && asks(message)
        && !own_cues().contains(&Cue::Negation)
        && !crate::text::words(message).iter().any(|w| {
            const TROUBLE: &[&str] = &[
                "declin", "rechaz", "error", "fail", "fall", "problem", "issue", "twice", "charg",
                "cobr", "denied", "deneg", "stuck", "wrong", "mal", "trouble", "refus", "bloque",
                "block",
            ];
            TROUBLE.iter().any(|t| w.starts_with(t))
        })
    {
        u.intent = Intent::ShopInfo;
        u.alternative = None;
    }
    // An order reading of a statement (no question) with nothing in its own words about an
    // order, a refund or a return, beside a product the shop sells, is a collision of letters
    // ("un bolso para todos los días": "bolso" inside "reembolso"): the product is asked for.
    // (Not when the model, reading the message without the shop's words, is still sure of the
    // order: "quiero el dinero del gorro".)
    let sure_without_products = || {
        let (intent, confidence, _) = decide(&normalize::normalize(&own_words));
        intent == u.intent && confidence >= SURE_OF_AN_ORDER
    };
    if named
        && u.intent.about_an_order()
        && !message.contains(['?', '¿'])
        && !speaks_of_an_order_here()
        && !sure_without_products()
    {
        u.intent = Intent::Browse;
        u.alternative = None;
    }
    // "Need tae send somethin back": an unsure product reading of a message that names no
    // product and says an order action in its own words asks for that action (or, asked as a
    // question, about it). So does a message that says a purchase was made and the action,
    // whatever product it names and however sure the model is that it is off topic ("chamo
    // cancelame el gorro q pedi esta mañana…", "…compré un gorrito… Quisiera que me devuelva
    // mi platita"). Nothing moves without a yes.
    let said_purchase = || {
        own_cues()
            .iter()
            .any(|c| matches!(c, Cue::PastPurchase | Cue::Order))
    };
    // So does one an unsure model reads as shopping that says the action in so many words
    // ("Would ye stop the order for the beanie…", "dont send the beanie pls", "I'd rather have
    // the few bob back for the beanie I ordered").
    let says_the_action = || {
        own_cues()
            .iter()
            .any(|c| matches!(c, Cue::Cancel | Cue::Refund))
    };
    if (u.intent == Intent::Browse
        && u.confidence < 0.7
        && ((!named && u.slots.product_terms.is_empty()) || said_purchase()))
        || (matches!(u.intent, Intent::OutOfScope | Intent::Greeting) && said_purchase())
        // (Or off topic, a product named with the action: "cambié de opinión sobre el gorro".)
        || (u.intent == Intent::OutOfScope
            && u.confidence < 0.8
            && named
            && says_the_action()
            && !asks(message))
        || (matches!(
            u.intent,
            Intent::Browse | Intent::ProductQuestion | Intent::Buy
        ) && u.confidence < 0.8
            && says_the_action())
        // (However sure, a purchase of one's own to undo is no purchase: "I want to undo my
        // purchase".)
        || (u.intent == Intent::Buy && says_the_action() && names_an_order_of_ones_own(message))
        // (Or the purchase named with no product and no word of buying: "me echo para atrás
        // con la compra", "quiero desistir de la compra".)
        || (u.intent == Intent::Buy
            && says_the_action()
            && said_purchase()
            && u.slots.product_terms.is_empty()
            && !own_cues()
                .iter()
                .any(|c| matches!(c, Cue::Buy | Cue::BuyWeak)))
    {
        let said = own_cues();
        let action = if said.contains(&Cue::Cancel) {
            Some((Intent::Cancel, Intent::CancelInfo))
        } else if said.contains(&Cue::Refund) || said.contains(&Cue::Return) {
            Some((Intent::Refund, Intent::RefundInfo))
        } else {
            None
        };
        if let Some((act, ask)) = action {
            let tokens = normalize::normalize(message);
            // (Asked of the shop to do, it asks for it: "…me lo cancelas antes de q salga?")
            // (Or the shopper's own money asked back: "…Can I get ma money back?")
            let asked_to_act = (asks_politely(&tokens)
                || asks_you_to_act(&tokens)
                || (asks_for_my_money_back(&tokens) && !tokens.iter().any(|t| t == "if")))
                && !supposes(message);
            u.intent = if (asks(message) && !asked_to_act) || only_asking(&tokens) {
                ask
            } else {
                act
            };
            u.alternative = None;
        }
    }
    // "Fíjese que el gorro que compré… le va a quedar grande": a purchase told with what is
    // wrong with it, asking nothing, read as shopping or where the order is by an unsure model,
    // asks for the money back (shown first; nothing happens without a yes).
    // (Or as a problem paying: "bula i bought the wool beanie for my small one but he hates
    // wool he says its too itchy".)
    // (Or what came, told with what is wrong with it, read as off topic or as trouble paying:
    // "they sent me the wrong one", "me mandaron otro color".)
    // (Or as a purchase, when it speaks of one of the shopper's own orders: "I'm not happy
    // with my purchase", "no estoy contento con mi compra".)
    let own_order = || names_an_order_of_ones_own(message);
    // (Or not liked: "…for my husband and he does not like the colour", "no le gusta".)
    let disliked = || dislikes(message);
    if (matches!(
        u.intent,
        Intent::Browse
            | Intent::ProductQuestion
            | Intent::OrderStatus
            | Intent::PaymentProblem
            | Intent::OutOfScope
    ) || (u.intent == Intent::Buy && own_order()))
        // (However sure the model is that a purchase told is about where it is: "le compré un
        // gorro… y no le gusta nada el color".)
        && (u.confidence < 0.9
            || (u.intent == Intent::OrderStatus && disliked())
            || tells_a_fault_of_a_thing_had(message))
        && !asks(message)
    {
        let said = own_cues();
        // (Words that say both what came and what is wrong with it.)
        let came_other = || {
            crate::text::says_phrase(
                message,
                &[
                    "me mandaron otro",
                    "me mandaron otra",
                    "me enviaron otro",
                    "me enviaron otra",
                    "me llego otro",
                    "me llego otra",
                    "not what i ordered",
                    "no es lo que pedi",
                    "no es lo que compre",
                ],
            ) || ((said.contains(&Cue::Arrive)
                || crate::text::says_phrase(message, &["i got", "we got", "i received"]))
                && crate::text::says_phrase(
                    message,
                    &[
                        "de otro color",
                        "de otra talla",
                        "in another colour",
                        "in another color",
                        "in a different colour",
                        "in a different color",
                    ],
                ))
        };
        // (Or what the shopper got: "the beanie I got has a hole in the seam".)
        let got = || crate::text::says_phrase(message, &["i got", "we got", "i received"]);
        // (Or what was in the parcel: "one sock is missing from the package".)
        // (Or the thing itself, told with what it did: "the sweater shrank when I washed it",
        // "el reloj se paró a los dos días".)
        if ((said.contains(&Cue::PastPurchase)
            || said.contains(&Cue::Arrive)
            || said.contains(&Cue::Order)
            || own_order()
            || got())
            && (said.contains(&Cue::Defect) || disliked())
            || came_other())
            && !speaks_of_whereabouts(said)
            // ("When" there tells when it happened: "…shrank when I washed it".)
            || tells_a_fault_of_a_thing_had(message)
                && !speaks_of_whereabouts(&said.iter().copied().filter(|c| *c != Cue::When).collect::<Vec<_>>())
        {
            u.intent = Intent::Refund;
            u.alternative = None;
        }
    }
    // "The zip on my hoodie broke after two days": a fault told of a thing had, read as a
    // refund by an unsure model, is one, not maybe a purchase.
    if u.intent == Intent::Refund
        && u.alternative.is_some()
        && tells_a_fault_of_a_thing_had(message)
    {
        u.alternative = None;
    }
    // "Si el gorro llega y no le gusta, ¿cuántos días tengo para devolverlo?": how long there
    // is to send something back is the refund policy, whatever else the model reads.
    if matches!(
        u.intent,
        Intent::OrderStatus | Intent::Browse | Intent::ProductQuestion | Intent::RefundInfo
    ) && asks(message)
        && own_cues().contains(&Cue::Return)
    {
        let tokens = normalize::normalize(message);
        if says_any(
            &tokens,
            &[
                "how long",
                "how many day",
                "cuanto dia",
                "cuantos dia",
                "cuanto tiempo",
                "que plazo",
            ],
        ) {
            u.intent = Intent::RefundInfo;
            u.alternative = None;
        }
    }
    // "I do not want to return it now, but… How many days do I have to return it?": how long
    // the shopper has is asked, beside any story, not how long the money takes.
    if u.intent == Intent::Refund && asks(message) && own_cues().contains(&Cue::Return) {
        let tokens = normalize::normalize(message);
        if says_any(
            &tokens,
            &[
                "how many days do i have",
                "how long do i have",
                "cuantos dias tengo",
                "cuanto tiempo tengo",
            ],
        ) {
            u.intent = Intent::RefundInfo;
            u.alternative = None;
        }
    }
    // "ayo dont send the beanie pls": not sending it, read by an unsure model as a refund, is
    // cancelling (nothing said of money or of sending it back).
    if u.intent == Intent::Refund && u.confidence < 0.5 {
        let said = own_cues();
        if said.contains(&Cue::Cancel)
            && !said.contains(&Cue::Refund)
            && !said.contains(&Cue::Return)
        {
            u.intent = Intent::Cancel;
            u.alternative = None;
        }
    }
    // "I order beanie this morning for my son. It ship already or not yet?": an unsure product
    // reading of a question that says a purchase was made and asks whether it has shipped or
    // arrived is about that order.
    // So is one whether the shop has already sent it ("¿me dice si ya despacharon el
    // gorro?"): only what the shopper bought is sent.
    // (Also asked of the shop in so many words: "did you send it already?", "is it sent?",
    // "already send out or not yet?", "did it go out in the mail yet?".)
    let sent_already = || {
        let words = crate::text::words(message);
        words.iter().any(|w| {
            matches!(
                w.as_str(),
                "despacharon"
                    | "enviaron"
                    | "mandaron"
                    | "despachado"
                    | "shipped"
                    | "dispatched"
                    | "sent"
            )
        }) || says_any(status_tokens(), SENT_BY_THE_SHOP)
    };
    let unsure_product_reading = (u.intent == Intent::Browse && u.confidence < 0.5)
        || (matches!(u.intent, Intent::Browse | Intent::ProductQuestion)
            && u.confidence < 0.6
            && sent_already())
        // "uncle buy the wool cap already… already send out or not yet ah?": a purchase said
        // as done, asking whether it was sent, is no wish to buy.
        || (u.intent == Intent::Buy
            && sent_already()
            && crate::text::words(message).iter().any(|w| w == "already"))
        // "I ordered one of your wool hats… Did it go out in the mail yet?": an unsure order
        // reading needs no clarifying question.
        || (u.intent == Intent::OrderStatus && u.confidence < 0.5);
    if unsure_product_reading && asks(message) {
        let said = own_cues();
        let progress = said
            .iter()
            .any(|c| matches!(c, Cue::Arrive | Cue::Track | Cue::WhereIs | Cue::Late));
        // (A wish to buy only with a time already past: "I order beanie this morning".)
        let past = crate::text::words(message).iter().any(|w| {
            matches!(
                w.as_str(),
                "yesterday"
                    | "morning"
                    | "ago"
                    | "last"
                    | "earlier"
                    | "today"
                    | "ayer"
                    | "hoy"
                    | "pasada"
                    | "pasado"
            )
        });
        // (Or what is asked about is "my" product: "has my beanie gone out yet?")
        let words = crate::text::words(message);
        // (In the shopper's word or the one it translates to: "¿ya salió mi gorro?", a hat.)
        let mine = u.slots.product_terms.iter().any(|t| {
            let first = t.split(' ').next().unwrap_or(t);
            words.windows(2).any(|w| {
                matches!(w[0].as_str(), "my" | "mi" | "mis")
                    && (crate::text::singular(&w[1]) == crate::text::singular(first)
                        || bilingual::Bilingual::get()
                            .english(&bilingual::key(&w[1]))
                            .iter()
                            .any(|e| e == t))
            })
        });
        let bought = mine
            || sent_already()
            || said
                .iter()
                .any(|c| matches!(c, Cue::PastPurchase | Cue::Order) || (*c == Cue::Buy && past));
        if progress && bought {
            u.intent = Intent::OrderStatus;
            u.alternative = None;
        }
    }
    // Where an order is, asked without a word of any order, payment or delivery in the whole
    // message, nor its number ("mi esposo ya está jubilado… ¿Qué sacos tiene?"): no order
    // question, whatever the model makes of "ya está"; a request for what it names.
    // So is a question about the rules of refunds or cancelling without a word of either
    // ("need backpack, below 100 can?").
    if matches!(
        u.intent,
        Intent::OrderStatus | Intent::RefundInfo | Intent::CancelInfo
    ) && u.slots.order_number.is_none()
        && u.slots.email.is_none()
        && named
        && u.confidence < 0.9
        && !said_cues(message).into_iter().any(is_about_an_order)
    {
        u.intent = Intent::Browse;
        u.alternative = None;
    }
    // A kind named within a budget ("…los tenis míos ya tán rotos… hasta 70 fulas", "no más de
    // 30 pavos q luego hay q pagar la peña") shops, whatever a long story's other words read
    // as, unless it speaks of an order, a purchase or money back.
    if matches!(
        u.intent,
        Intent::OrderStatus | Intent::RefundInfo | Intent::CancelInfo | Intent::PaymentProblem
    ) && u.slots.order_number.is_none()
        && u.slots.email.is_none()
        && u.slots.budget_max.is_some()
        && named
        && u.confidence < 0.9
        && !said_cues(message).into_iter().any(|c| {
            matches!(
                c,
                Cue::Refund
                    | Cue::Return
                    | Cue::Cancel
                    | Cue::Order
                    | Cue::PastPurchase
                    | Cue::Track
                    | Cue::WhereIs
                    | Cue::Late
            )
        })
    {
        u.intent = Intent::Browse;
        u.alternative = None;
    }
    // "El regalo no le ha gustado a mi hermana, ¿qué opciones tengo?", "my son says the beanie
    // is too itchy, what are my options?", "I no longer need the hat, what do I do?": something
    // had that is wrong or not wanted, and what can be done asked — the rules of refunds (or of
    // cancelling, for what is no longer needed), whatever shopping the model reads into it.
    // So is "compré una chaqueta y no me queda, ¿qué puedo hacer?", read as cancelling with no
    // word of cancelling in it.
    if (matches!(
        u.intent,
        Intent::Browse
            | Intent::ProductQuestion
            | Intent::OrderStatus
            | Intent::OutOfScope
            | Intent::ShopInfo
    ) || (u.intent == Intent::CancelInfo && !own_cues().contains(&Cue::Cancel)))
        && asks_what_to_do(&normalize::normalize(message))
    {
        let said = own_cues();
        let no_longer_needed = no_longer_wants(message);
        let had = said.contains(&Cue::PastPurchase)
            || said.contains(&Cue::Arrive)
            || own_order()
            || crate::text::says_phrase(
                message,
                &["i got", "the gift", "the present", "el regalo", "mi regalo"],
            );
        if said.contains(&Cue::Defect) || (had && disliked()) {
            u.intent = Intent::RefundInfo;
            u.alternative = None;
        } else if no_longer_needed {
            u.intent = Intent::CancelInfo;
            u.alternative = None;
        }
    }
    // A short message made only of what the shop sells ("roof rack", "changing pad", "trona")
    // asks for it, however the model read it (a corrected "track", the verb in "changing"),
    // unless it also says what an order question says ("where is my sofa?").
    // So does "do you sell wooden train tracks?": asking whether the shop sells them.
    let asks_if_sold = || crate::text::words(message).len() <= 8 && own_cues().contains(&Cue::Show);
    if covered
        && u.intent != Intent::Browse
        && u.intent != Intent::Buy
        && u.slots.order_number.is_none()
        && u.slots.email.is_none()
        && (crate::text::words(message).len() <= 4 || asks_if_sold())
        && !speaks_of_an_order_here()
    {
        u.intent = Intent::Browse;
        u.alternative = None;
    }
    // A product named with no question about it ("hoodie", "running shoes for my wife") asks
    // to see them, not for one product's details; so does a question made only of what the
    // shop sells ("¿tienen sofás?"), unless it points at a product shown ("¿esta sudadera?").
    let asks_for_them = !message.contains(['?', '¿']) || (covered && !points_at_a_product(message));
    // A number beside a product ("#2 pencils", "lápices del número 2") is a kind of it, not
    // a pick from a list.
    let no_pick = match u.slots.refinement {
        None => true,
        Some(Refinement::Ordinal(_)) => true,
        Some(_) => false,
    };
    if named
        && u.intent == Intent::ProductQuestion
        && u.slots.product_attribute.is_none()
        && no_pick
        && asks_for_them
    {
        u.intent = Intent::Browse;
    }
    // However it was read, "what do I need to do to get my money back?" asks how: the rules
    // are answered (a yes to them then asks for it).
    if matches!(u.intent, Intent::Refund | Intent::Cancel)
        && asks_how_to(&normalize::normalize(message))
    {
        u.intent = match u.intent {
            Intent::Cancel => Intent::CancelInfo,
            _ => Intent::RefundInfo,
        };
        u.alternative = None;
    }
    // "Ya pues, muchas gracias mijita. Saludos desde Punta Arenas.": thanks, then a
    // greeting sent from somewhere, ask for nothing (the place names no product).
    if matches!(u.intent, Intent::Browse | Intent::ProductQuestion) && !asks(message) {
        const SIGN_OFFS: &[&str] = &[
            "saludos",
            "saludo",
            "greetings",
            "regards",
            "love",
            "bendiciones",
            "abrazos",
            "besos",
            "cheers",
            "bye",
            "goodbye",
            "adios",
            "adeu",
            "chao",
            "chau",
            "ciao",
        ];
        const THANKS: &[&str] = &[
            "gracias", "thanks", "thank", "thx", "ty", "gracies", "grazie", "merci", "obrigado",
            "obrigada", "danke",
        ];
        // A sentence that only acknowledges: "Molt bé.", "Perfect."
        const ACKNOWLEDGING: &[&str] = &[
            "ok", "okay", "vale", "perfect", "perfecto", "great", "good", "fine", "bien", "muy",
            "molt", "be", "genial", "listo", "bueno", "super", "cool", "nice", "awesome", "very",
        ];
        let sentences: Vec<Vec<String>> = message
            .split(['.', '!', '\n'])
            .map(crate::text::words)
            .filter(|w| !w.is_empty())
            .collect();
        let thanks = |s: &Vec<String>| s.iter().any(|w| THANKS.contains(&w.as_str()));
        let signs_off = |s: &Vec<String>| SIGN_OFFS.contains(&s[0].as_str());
        let acknowledges = |s: &Vec<String>| s.iter().all(|w| ACKNOWLEDGING.contains(&w.as_str()));
        // (Or opened by an acknowledgement: "Molt bé. Gràcies, nena. Adéu-siau.")
        let opens = |s: &Vec<String>| thanks(s) || acknowledges(s);
        if sentences.len() >= 2
            && opens(&sentences[0])
            && sentences[1..].iter().all(|s| thanks(s) || signs_off(s))
            && sentences.iter().any(thanks)
            && sentences[1..].iter().any(signs_off)
        {
            u.intent = Intent::Thanks;
            u.alternative = None;
            u.slots.product_terms.clear();
            u.slots.head_terms.clear();
            u.slots.colour = None;
            u.slots.refinement = None;
        }
    }
    // "Sorry dear, one more thing, not about the shop…", "can yall help me with my bio
    // homework": a question the shopper says is off topic, or help asked with homework, is
    // off topic, however the model read its words (within no budget nor present).
    if matches!(
        u.intent,
        Intent::Browse
            | Intent::ProductQuestion
            | Intent::Greeting
            | Intent::ShopInfo
            | Intent::PaymentProblem
    ) && u.confidence < 0.9
        && u.slots.budget_max.is_none()
        && !u.slots.gift
    {
        let tokens = normalize::normalize(message);
        let says_off_topic = says_any(
            &tokens,
            &[
                "not about the shop",
                "not about shopping",
                "to do with the shop",
                "to do with your shop",
                "to do with shopping",
                "no es de la tienda",
                "no es sobre la tienda",
                "que ver con la tienda",
                "off topic",
                "out of topic",
                "fuera de tema",
                "nothing to do with",
                "nada que ver con",
            ],
        );
        // (Help *with* the homework: "help me find a notebook for my homework" shops.)
        let help_with_homework = tokens.iter().enumerate().any(|(at, t)| {
            matches!(
                t.as_str(),
                "help" | "ayuda" | "ayudar" | "ayudas" | "ayudame" | "ayudarme"
            ) && tokens[at + 1..]
                .iter()
                .take(3)
                .any(|w| w == "with" || w == "con")
                && tokens[at + 1..]
                    .iter()
                    .take(7)
                    .any(|w| matches!(w.as_str(), "homework" | "tarea" | "deberes"))
        });
        if says_off_topic || help_with_homework {
            read_as_off_topic(u);
        }
    }
    // "¿Cómo se dice 'medias' y 'guantes' en inglés?", "products = [{'name': 'hoodie', …}]":
    // the shop's words said only inside quotes are mentioned, not wanted (unless the message
    // shops in its own words: a want, a show me, a purchase, a present, a budget).
    if matches!(
        u.intent,
        Intent::Browse | Intent::ProductQuestion | Intent::Buy
    ) && !u.slots.product_terms.is_empty()
        && u.slots.budget_max.is_none()
        && u.slots.budget_min.is_none()
        && !u.slots.gift
        && !own_cues().iter().any(|c| {
            matches!(
                c,
                Cue::Want | Cue::Show | Cue::Buy | Cue::BuyWeak | Cue::Gift
            )
        })
        && outside_quotes(message)
            .is_some_and(|outside| vocabulary.product_terms(&outside).is_empty())
    {
        read_as_off_topic(u);
    }
    // "Can I exchange the running shoes for a size 10?", "¿Puedo cambiar la sudadera por una
    // talla más grande?": swapping what was bought for another is the refund policy's, not a
    // search for the other, however much of it names a product.
    if matches!(
        u.intent,
        Intent::Browse
            | Intent::ProductQuestion
            | Intent::Buy
            | Intent::OutOfScope
            | Intent::PaymentProblem
            | Intent::ShopInfo
    ) && exchanges(message)
        && !own_cues()
            .iter()
            .any(|c| matches!(c, Cue::Address | Cue::Payment | Cue::Cancel))
    {
        u.intent = Intent::RefundInfo;
        u.alternative = None;
    }
    // "I need help with an order", "tengo un problema con mi pedido": help with an order,
    // nothing said yet of what is wrong. Its number and email are asked, as for where it is;
    // it is no cancelling, refund or person asked for, whatever an unsure model reads.
    if matches!(
        u.intent,
        Intent::Cancel | Intent::Refund | Intent::CancelInfo | Intent::RefundInfo | Intent::Human
    ) && u.confidence < 0.8
        && own_cues().contains(&Cue::Order)
        && own_cues().iter().all(|c| {
            matches!(
                c,
                Cue::Want
                    | Cue::Order
                    | Cue::Question
                    | Cue::Greeting
                    | Cue::ItemRef
                    | Cue::Thanks
                    | Cue::Filler
            )
        })
        && asks_help_with_it(message)
    {
        u.intent = Intent::OrderStatus;
        u.alternative = None;
    }
    // "¿Puedo detener el envío?", "can you stop the shipment of my order?": stopping what is
    // being sent is cancelling, asked about or asked for, not a question about shipping.
    if matches!(
        u.intent,
        Intent::ShopInfo | Intent::OrderStatus | Intent::OutOfScope
    ) && own_cues().contains(&Cue::Cancel)
    {
        let tokens = normalize::normalize(message);
        if says_any(
            &tokens,
            &[
                "detener el envio",
                "detengan el envio",
                "detener mi envio",
                "parar el envio",
                "paren el envio",
                "frenar el envio",
                "frenen el envio",
                "stop the shipment",
                "stop my shipment",
                "stop the delivery",
                "halt the shipment",
            ],
        ) {
            let asked_to_act = asks_politely(&tokens) || asks_you_to_act(&tokens);
            u.intent = if asks(message) && !asked_to_act {
                Intent::CancelInfo
            } else {
                Intent::Cancel
            };
            u.alternative = None;
        }
    }
    // "¿Tienen tenis blancos de piel?", "do you have white leather sneakers?": whether the
    // shop has a kind, asked with nothing asked of one product, is a search.
    if u.intent == Intent::ProductQuestion
        && own_cues().contains(&Cue::Show)
        && !own_cues().contains(&Cue::Deictic)
        && u.slots.product_attribute.is_none()
        && u.slots.size.is_none()
        && !u.slots.head_terms.is_empty()
    {
        u.intent = Intent::Browse;
        u.alternative = None;
    }
    // "¿Tienes algo que abrigue por menos de 150?", "anything warm under 150?": something
    // within a budget, asked, is a search, not a question about the product in view.
    if u.intent == Intent::ProductQuestion
        && (u.slots.budget_max.is_some() || u.slots.budget_min.is_some())
        && crate::text::words(message).iter().any(|w| {
            matches!(
                w.as_str(),
                "algo" | "something" | "anything" | "otro" | "otra" | "otros" | "otras"
            )
        })
    {
        u.intent = Intent::Browse;
        u.alternative = None;
    }
    // "She's honestly not a candle person", "soy más de velas": a person of a kind of product
    // is a taste, not a person to talk to (what is ruled out is ruled out).
    if u.intent == Intent::Human
        && !own_cues()
            .iter()
            .any(|c| matches!(c, Cue::Contact | Cue::Support | Cue::Someone))
    {
        let words = crate::text::words(message);
        let of_a_kind = words.windows(2).any(|w| {
            matches!(w[1].as_str(), "person" | "persona" | "guy" | "girl")
                && !vocabulary.product_terms(&w[0]).is_empty()
        });
        if of_a_kind {
            u.intent = Intent::Browse;
            u.alternative = None;
        }
    }
    // "El gorro no me queda (, ¿qué puedo hacer?)": what is wrong with a thing had, with no
    // word of paying, is no trouble paying, however the model reads it: a refund, or its rules
    // when asked about.
    if u.intent == Intent::PaymentProblem
        && own_cues().contains(&Cue::Defect)
        && !own_cues().contains(&Cue::Payment)
    {
        u.intent = if asks(message) {
            Intent::RefundInfo
        } else {
            Intent::Refund
        };
        u.alternative = None;
    }
    // "I was charged but I want to cancel", "ya me cobraron pero quiero cancelar": cancelling
    // wanted, said beside the charge, is the request (nothing happens without a yes), not
    // trouble paying.
    if u.intent == Intent::PaymentProblem
        && own_cues().contains(&Cue::Cancel)
        && own_cues().contains(&Cue::Want)
        && !asks(message)
    {
        u.intent = Intent::Cancel;
        u.alternative = None;
    }
    // (Who did something in the world: "who invented sneakers?", "¿quién inventó las
    // zapatillas?". Not who makes, ships or helps: the shop's.)
    let words = crate::text::words(message);
    let trivia_who = words
        .first()
        .is_some_and(|w| matches!(w.as_str(), "who" | "quien"))
        && words.get(1).is_some_and(|w| {
            matches!(
                w.as_str(),
                "invented"
                    | "discovered"
                    | "founded"
                    | "won"
                    | "wrote"
                    | "painted"
                    | "sang"
                    | "invento"
                    | "descubrio"
                    | "fundo"
                    | "gano"
                    | "escribio"
                    | "pinto"
                    | "canto"
            )
        });
    if trivia_who
        && matches!(
            u.intent,
            Intent::Browse
                | Intent::Buy
                | Intent::ProductQuestion
                | Intent::Greeting
                | Intent::ShopInfo
                | Intent::OutOfScope
        )
    {
        read_as_off_topic(u);
    }
    // "I regret my purchase", "I regret buying the beanie", "me arrepentí de la compra": a
    // purchase regretted, said (not supposed: "si me arrepiento…"), asks to undo it — its
    // cancellation, offered first.
    let said_words = crate::text::words(message);
    let regrets = said_words.iter().any(|w| {
        w.starts_with("regret") || w.starts_with("arrepent") || w.starts_with("arrepient")
    });
    let of_a_purchase = own_cues().contains(&Cue::PastPurchase)
        || names_an_order_of_ones_own(message)
        || crate::text::says_phrase(
            message,
            &[
                "buying",
                "ordering",
                "purchasing",
                "the purchase",
                "the order",
                "la compra",
                "el pedido",
                "de comprar",
                "haber comprado",
                "haberlo comprado",
                "haberla comprado",
            ],
        );
    if regrets
        && of_a_purchase
        && !supposes(message)
        && !said_words.iter().any(|w| w == "if" || w == "si")
        && !asks(message)
        && matches!(
            u.intent,
            Intent::Buy
                | Intent::Browse
                | Intent::ProductQuestion
                | Intent::OutOfScope
                | Intent::PaymentProblem
                | Intent::Greeting
        )
    {
        u.intent = Intent::Cancel;
        u.alternative = None;
    }
    // "More expensive is fine", "algo más barato está bien": a price said of the search, not a
    // question about the one shown.
    if u.intent == Intent::ProductQuestion
        && matches!(
            u.slots.refinement,
            Some(Refinement::Cheaper | Refinement::MoreExpensive)
        )
        && u.slots.product_attribute.is_none()
        && !message.contains(['?', '¿'])
    {
        u.intent = Intent::Browse;
        u.alternative = None;
    }
    // "La más barata, ¿se puede meter al microondas?", "and the cheaper one, can i put it in
    // the microwave?": a question about the cheapest (or dearest) one on screen, not a search
    // for cheaper ones nor a purchase.
    let kitchen_care = || {
        crate::text::words(message).iter().any(|w| {
            w.starts_with("microwav")
                || w.starts_with("dishwash")
                || matches!(w.as_str(), "microondas" | "lavaplatos" | "lavavajillas")
        })
    };
    if matches!(u.intent, Intent::Browse | Intent::Buy)
        && matches!(
            u.slots.refinement,
            Some(Refinement::Cheaper | Refinement::MoreExpensive)
        )
        && (matches!(
            u.slots.product_attribute,
            Some(Attribute::Care | Attribute::Material | Attribute::Size | Attribute::Colour)
        ) || kitchen_care())
        && asks(message)
        && u.slots.budget_max.is_none()
    {
        u.intent = Intent::ProductQuestion;
        u.alternative = None;
    }
    // "La impermeable, ¿la tienen en negro?", "¿lo hay en talla M?": whether one product comes
    // in a colour or a size, asked of it ("la", "lo"), is a question about that product, not a
    // new search.
    if u.intent == Intent::Browse
        && (u.slots.colour.is_some() || u.slots.size.is_some())
        && asks(message)
        && u.slots.budget_max.is_none()
        && u.slots.budget_min.is_none()
    {
        let tokens = normalize::normalize(message);
        let of_it = tokens.windows(2).any(|w| {
            matches!(w[0].as_str(), "la" | "lo")
                && matches!(
                    w[1].as_str(),
                    "tienen" | "tienes" | "tenes" | "hay" | "venden" | "vendes" | "manejan"
                )
        });
        if of_it {
            u.intent = Intent::ProductQuestion;
            u.alternative = None;
            // (Of the colour or size said: "la impermeable" names the product, it asks
            // nothing of its material.)
            u.slots.product_attribute = Some(if u.slots.colour.is_some() {
                Attribute::Colour
            } else {
                Attribute::Size
            });
        }
    }
    // A product request the model is sure of, or one naming the shop's products anyway.
    let asks_for_products = matches!(
        u.intent,
        Intent::Browse | Intent::Buy | Intent::ProductQuestion
    ) && (named || u.confidence >= CLARIFY_BELOW);
    if !asks_for_products {
        u.slots.product_terms.retain(|t| !weak.contains(t));
        u.slots.head_terms.retain(|t| !weak.contains(t));
    }
}

/// The message without what it quotes ('…', "…", “…”, ‘…’), when it quotes something: a
/// quote opens after a space, a bracket or the start and before a letter, and closes after a
/// letter and before a space, a mark or the end, so an apostrophe ("kids' hoodie", "ain't")
/// quotes nothing.
fn outside_quotes(message: &str) -> Option<String> {
    let chars: Vec<char> = message.chars().collect();
    let is_quote = |c: char| matches!(c, '\'' | '"' | '‘' | '’' | '“' | '”');
    let mut outside = String::new();
    // What an open quote holds so far; given back if it never closes.
    let mut inside: Option<String> = None;
    let mut quoted = false;
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|b| chars[b]);
        let after = chars.get(i + 1).copied();
        match &mut inside {
            None if is_quote(c)
                && before.is_none_or(|b| {
                    b.is_whitespace() || matches!(b, '(' | '[' | '{' | ',' | ':' | '=')
                })
                && after.is_some_and(char::is_alphanumeric) =>
            {
                inside = Some(c.to_string());
            }
            None => outside.push(c),
            Some(_)
                if is_quote(c)
                    && before.is_some_and(char::is_alphanumeric)
                    && after.is_none_or(|a| !a.is_alphanumeric()) =>
            {
                inside = None;
                quoted = true;
                outside.push(' ');
            }
            Some(held) => held.push(c),
        }
    }
    if let Some(held) = inside {
        outside.push_str(&held);
    }
    quoted.then_some(outside)
}

/// The message asks something: it has a question mark, or one of its sentences opens as a
/// question does ("will the money go back on my card", "cuándo llega", "how long does it take").
/// Spanish question words count with their accent only ("que sí" is no question).
pub fn asks(message: &str) -> bool {
    // Not "can you…", "will you…", "do it": those ask for something to be done.
    const OPENERS: &[&str] = &[
        "will i", "will it", "will the", "will my", "would i", "would it", "can i", "could i",
        "do i", "do you", "do they", "does", "did", "is", "are", "was", "were", "how", "what",
        "when", "where", "why", "which", "who", "should i", "have you", "has", "am i", "r",
        "cuándo", "cuánto", "cuánta", "cuántos", "dónde", "cómo", "qué", "cuál", "por qué",
    ];
    message.contains(['?', '¿'])
        || message.split(['.', '!', ';', '\n']).any(|sentence| {
            let sentence = sentence.trim().to_lowercase();
            OPENERS.iter().any(|o| {
                sentence
                    .strip_prefix(o)
                    .is_some_and(|rest| rest.starts_with(' '))
            })
        })
}

/// The message's own words (uncorrected: "rack" is no "track") say what an order, a refund,
/// a cancellation or a person is asked about.
/// Whether the message names an order the shopper has ("my order", "mi compra", "our
/// package"), not "my mind" nor "mi hija".
/// Whether the message says something is not liked ("he does not like the colour", "not what I
/// expected", "no le gusta").
pub fn dislikes(message: &str) -> bool {
    crate::text::says_phrase(
        message,
        &[
            "does not like",
            "doesn t like",
            "doesnt like",
            "did not like",
            "didn t like",
            "didnt like",
            "do not like",
            "don t like",
            "dont like",
            "not what i expected",
            "no le gusta",
            "no le gusto",
            "no me gusta",
            "no me gusto",
            "no les gusta",
            "no nos gusta",
            "no le ha gustado",
            "no me ha gustado",
            "no les ha gustado",
            "no es lo que esperaba",
        ],
    )
}

/// Whether the message says something is no longer wanted or needed ("I no longer need the
/// hat", "ya no quiero el gorro").
pub fn no_longer_wants(message: &str) -> bool {
    crate::text::says_phrase(
        message,
        &[
            "no longer need",
            "no longer want",
            "don t need it anymore",
            "don t need it any more",
            "don t want it anymore",
            "don t want it any more",
            "don t need it",
            "ya no lo necesito",
            "ya no la necesito",
            "ya no lo quiero",
            "ya no la quiero",
            "ya no necesito",
            "ya no quiero",
            "ya no me hace falta",
        ],
    ) || (crate::text::says_phrase(
        message,
        &[
            "don t need",
            "don t want",
            "do not need",
            "do not want",
            "dont need",
            "dont want",
        ],
    ) && crate::text::says_phrase(message, &["anymore", "any more"]))
}

/// Whether the message tells what is wrong with something had: a fault ("it has a hole",
/// "too small") or not being liked.
pub fn tells_what_is_wrong(message: &str) -> bool {
    said_cues(message).contains(&Cue::Defect) || dislikes(message)
}

/// Whether the message tells of a fault in a thing the shopper has: "the watch won't turn
/// on", "my sweater shrank", "la taza llegó desportillada" — a fault said after "the", "my",
/// "it" or their Spanish words, with no word of wanting or being shown another ("my old boots
/// fell apart, I need new ones" shops).
pub fn tells_a_fault_of_a_thing_had(message: &str) -> bool {
    const HAD: &[&str] = &[
        "the", "my", "our", "his", "her", "their", "it", "they", "this", "these", "la", "el",
        "las", "los", "mi", "mis", "nuestro", "nuestra", "su", "sus", "este", "esta", "estos",
        "estas", "one",
    ];
    // (An old one worn out is what a new one replaces: "la vieja se ha roto".)
    const OLD: &[&str] = &[
        "old", "viejo", "vieja", "viejos", "viejas", "antiguo", "antigua",
    ];
    let words = crate::text::words(message);
    if words.iter().any(|w| OLD.contains(&w.as_str())) || wants_something(&cues::find(&words)) {
        return false;
    }
    words
        .iter()
        .position(|w| HAD.contains(&w.as_str()))
        .is_some_and(|had| cues::says_any_of(&words[had + 1..], lexicon::FAULTS))
}

/// Whether the text tells what went wrong with a thing ("it shrank", "se despegó la suela"):
/// one of [`lexicon::FAULTS`].
pub fn tells_a_fault(text: &str) -> bool {
    cues::says_any_of(&crate::text::words(text), lexicon::FAULTS)
}

/// Whether the message wants something, or to be shown it ("I need new ones", "show me").
fn wants_something(found: &cues::Found) -> bool {
    found.hits.iter().any(|h| {
        matches!(
            h.cue,
            Cue::Want | Cue::Buy | Cue::BuyWeak | Cue::Show | Cue::Gift
        )
    })
}

/// Whether the message tells what is wrong with something had and wants nothing else: "this
/// hat has a hole", not "my old boots fell apart, I need new ones".
pub fn tells_what_is_wrong_only(message: &str) -> bool {
    tells_what_is_wrong(message) && !wants_something(&cues::find(&crate::text::words(message)))
}

pub fn names_an_order_of_ones_own(message: &str) -> bool {
    let words = crate::text::words(message);
    // ("The order I just made", "el pedido que acabo de hacer": the shopper's, said after it.)
    let made_by_me = words.iter().enumerate().any(|(at, w)| {
        matches!(
            w.as_str(),
            "order" | "purchase" | "pedido" | "compra" | "orden"
        ) && words[at + 1..(at + 6).min(words.len())]
            .windows(2)
            .any(|p| {
                matches!(
                    (p[0].as_str(), p[1].as_str()),
                    (
                        "i" | "we" | "just" | "already",
                        "made" | "placed" | "put" | "submitted"
                    ) | ("que", "hice" | "realice" | "hicimos" | "puse" | "acabo")
                        | ("ya" | "recien", "hice" | "realice" | "hicimos" | "puse")
                )
            })
    });
    made_by_me
        || words.windows(2).any(|w| {
            matches!(
                w[0].as_str(),
                "my" | "mi" | "mis" | "our" | "nuestro" | "nuestra" | "nuestros" | "nuestras"
            ) && matches!(
                w[1].as_str(),
                "order"
                    | "orders"
                    | "purchase"
                    | "package"
                    | "parcel"
                    | "item"
                    | "items"
                    | "stuff"
                    | "pedido"
                    | "pedidos"
                    | "compra"
                    | "compras"
                    | "orden"
                    | "paquete"
                    | "encargo"
                    | "articulo"
                    | "articulos"
            )
        })
}

pub fn speaks_of_an_order(message: &str) -> bool {
    said_cues(message).into_iter().any(is_about_an_order)
}

/// A cue of an order, a refund, a cancellation, a payment or a person to ask.
fn is_about_an_order(cue: Cue) -> bool {
    matches!(
        cue,
        Cue::Refund
            | Cue::Return
            | Cue::Defect
            | Cue::Cancel
            | Cue::Order
            | Cue::PastPurchase
            | Cue::Track
            | Cue::WhereIs
            | Cue::Where
            | Cue::When
            | Cue::Arrive
            | Cue::Late
            | Cue::Human
            | Cue::Someone
            | Cue::Support
            | Cue::Contact
            | Cue::BotComplaint
            | Cue::Payment
            | Cue::Account
            | Cue::Invoice
            | Cue::Policy
            | Cue::Fee
            | Cue::Address
            | Cue::DeliveryInfo
    )
}

/// The plain colour the message rules out ("anything that's not grey?", "que no sea negra").
pub fn colour_ruled_out(message: &str) -> Option<String> {
    let tokens = normalize::normalize(message);
    slots::colour_ruled_out(&tokens, language::detect(message, &tokens))
}

/// The cues a message's own words say, without "person" in a count ("a 2 person tent",
/// "para 4 personas": a size, not someone to talk to).
/// The colour one word names ("black", "negras"), in the catalog's words.
pub fn colour_word(word: &str) -> Option<&'static str> {
    catalog_words::colour(word)
}

/// Whether the cues ask where an order is or when it comes: a lateness, its tracking, a where
/// or a when. A fault said without them asks for a remedy.
fn speaks_of_whereabouts(cues: &[Cue]) -> bool {
    cues.iter().any(|c| {
        matches!(
            c,
            Cue::Where | Cue::WhereIs | Cue::When | Cue::Track | Cue::Late
        )
    })
}

/// A change to an order already placed, the shop's to make: its size or its address, something
/// added or taken out ("I ordered the wrong size, can I change it before it ships?", "I placed
/// an order yesterday but made a mistake with the address"). Not a refund, a return or a
/// cancellation. `cues`: the message's own (`said_cues`).
/// Off topic, with no product asked for: the shop's words in it name nothing wanted.
fn read_as_off_topic(u: &mut Understanding) {
    u.intent = Intent::OutOfScope;
    u.alternative = None;
    u.slots.product_terms.clear();
    u.slots.head_terms.clear();
}

/// Whether the message asks about swapping something for another ("exchange it for a size
/// 10", "swap my jacket for a different colour", "lo quiero cambiar por uno negro", "¿hacen
/// cambios?"). Not a change of mind, an address or a card ("cambiar de opinión", "change my
/// address"), nor an exchange rate.
pub fn exchanges(message: &str) -> bool {
    exchange_said(message).is_some()
}

/// Whether the message asks to swap something for another it names ("…for a size 10", "…por
/// uno negro", "cambio de talla"): something the shopper has, not exchanges in general.
pub fn exchanges_for_another(message: &str) -> bool {
    exchange_said(message) == Some(true)
}

/// `Some(for_another)` when an exchange is asked about.
fn exchange_said(message: &str) -> Option<bool> {
    let words = crate::text::words(message);
    let for_another = |at: usize| {
        words[at + 1..(at + 6).min(words.len())]
            .iter()
            .any(|w| matches!(w.as_str(), "for" | "por" | "into"))
    };
    let mut said = None;
    for (at, w) in words.iter().enumerate() {
        let w = w.as_str();
        let next = words.get(at + 1).map(String::as_str);
        // The verb or the thing done ("exchange it", "an exchange", "exchanges"), not a kind
        // of student or an exchange rate ("my exchange friends").
        let previous = at.checked_sub(1).map(|i| words[i].as_str());
        let exchange = w.starts_with("exchang")
            && !matches!(next, Some("rate" | "rates"))
            && (w != "exchange"
                || next.is_none_or(|n| {
                    matches!(
                        n,
                        "it" | "them"
                            | "this"
                            | "that"
                            | "these"
                            | "those"
                            | "the"
                            | "my"
                            | "a"
                            | "an"
                            | "for"
                            | "one"
                            | "item"
                            | "items"
                            | "size"
                            | "sizes"
                    )
                })
                || matches!(previous, Some("an" | "to" | "any" | "no" | "the")));
        let swap = matches!(w, "swap" | "swop" | "switch" | "trade") && for_another(at);
        // ("…were the wrong size, can I swap them?": what was had, swapped.)
        let swap_it = matches!(w, "swap" | "swop")
            && matches!(
                next,
                Some("it" | "them" | "this" | "that" | "these" | "those")
            );
        let cambio = w.starts_with("cambi") && !w.starts_with("cambiado");
        // "cambio de talla", "cambiarlo de color".
        let of_size = next == Some("de")
            && words
                .get(at + 2)
                .is_some_and(|n| matches!(n.as_str(), "talla" | "color" | "numero"));
        let general = w == "cambios"
            && at > 0
            && matches!(
                words[at - 1].as_str(),
                "hacen" | "haceis" | "aceptan" | "aceptais" | "admiten" | "hay"
            );
        let names_another = for_another(at) || of_size;
        if (exchange || swap || cambio) && names_another {
            return Some(true);
        }
        if exchange || general || swap_it {
            said = Some(false);
        }
    }
    said
}

pub fn changes_an_order(cues: &[Cue], message: &str) -> bool {
    // (Or before it leaves: "I ordered a wool beanie… I wanted to have it monogrammed… before
    // it goes out. Can that be done?")
    let before_it_leaves = || {
        const LEAVES: &[&str] = &[
            "before it goes out",
            "before it ships",
            "before it is shipped",
            "before it s shipped",
            "before you ship it",
            "before you send it",
            "before it leaves",
            "antes de que lo envien",
            "antes de enviarlo",
            "antes de mandarlo",
            "antes de que salga",
            "antes de que lo manden",
        ];
        crate::text::says_phrase(message, LEAVES)
    };
    // (Of an order placed: said so, "my order", or an address to change: "I need to change my
    // shipping address".)
    let placed = cues.contains(&Cue::PastPurchase)
        || names_an_order_of_ones_own(message)
        || (cues.contains(&Cue::Address) && cues.contains(&Cue::Change));
    ((cues.contains(&Cue::Change) && cues.contains(&Cue::Order))
        || cues.contains(&Cue::Address)
        || before_it_leaves())
        && placed
        && !cues
            .iter()
            .any(|c| matches!(c, Cue::Refund | Cue::Return | Cue::Cancel))
}

/// The message's words with English contractions spelt out, as the lexicon writes them:
/// "don't ship it" is "do not ship it", "I'll take it" is "i will take it". (Other words as
/// `text::words` splits them.)
fn cue_words(message: &str) -> Vec<String> {
    let words = crate::text::words(message);
    if !message.contains(['\'', '’']) {
        return words;
    }
    let folded = crate::text::fold(message).replace('’', "'");
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let ending = words.get(i + 1).map(String::as_str);
        let spelt = match ending {
            Some(e @ ("t" | "ll" | "ve" | "re" | "m" | "d"))
                if folded.contains(&format!("{}'{e}", words[i])) =>
            {
                vocab::expand_clitic(&words[i], e)
            }
            _ => None,
        };
        match spelt {
            Some(spelt) => {
                out.extend(spelt);
                i += 2;
            }
            None => {
                out.push(words[i].clone());
                i += 1;
            }
        }
    }
    out
}

pub fn said_cues(message: &str) -> Vec<Cue> {
    let words = cue_words(message);
    cues::find(&words)
        .hits
        .iter()
        .filter(|hit| {
            hit.cue != Cue::Human
                || !hit
                    .start
                    .checked_sub(1)
                    .and_then(|i| words.get(i))
                    .is_some_and(|w| is_count(w))
        })
        .map(|hit| hit.cue)
        .collect()
}

/// A count above one, in figures or words ("2", "two", "dos"); not "una persona".
fn is_count(word: &str) -> bool {
    const COUNTS: &[&str] = &[
        "two", "three", "four", "five", "six", "eight", "ten", "dos", "tres", "cuatro", "cinco",
        "seis", "ocho", "diez",
    ];
    (!word.is_empty() && word.len() <= 2 && word.chars().all(|c| c.is_ascii_digit()))
        || COUNTS.contains(&word)
}

/// The message points at a product ("this", "esa", "it").
fn points_at_a_product(message: &str) -> bool {
    cues::find(&crate::text::words(message)).has(Cue::Deictic)
}

/// An everyday word of either language (not a product or a detail anyone asks about).
pub fn is_common(word: &str) -> bool {
    vocab::COMMON.contains(&word) || QUESTION_WORDS.contains(&word)
}

/// The word an English comparative is made from, when it is a word: "warmer" → "warm",
/// "thinner" → "thin", "heavier" → "heavy" ("which is warmer?" asks about warmth). Not a word
/// that only ends so ("water", "layer", "winter").
pub fn comparative_base(word: &str) -> Option<String> {
    let stem = word.strip_suffix("er")?;
    let base = if let Some(y) = stem.strip_suffix('i') {
        format!("{y}y")
    } else {
        let mut chars: Vec<char> = stem.chars().collect();
        let doubled = chars.len() >= 2
            && chars[chars.len() - 1] == chars[chars.len() - 2]
            && !matches!(chars[chars.len() - 1], 'l' | 's' | 'f');
        if doubled {
            chars.pop();
        }
        chars.into_iter().collect()
    };
    (base.chars().count() >= 4
        && (spelling::is_known(&base) || spelling::is_dictionary_word(&base)))
    .then_some(base)
}

/// Words of questions about a product that are not what is asked about.
const QUESTION_WORDS: &[&str] = &[
    "does", "this", "that", "the", "have", "has", "any", "tiene", "lleva", "trae", "viene", "come",
    "tienen", "tienes", "tenes", "teneis", "got", "hay", "vienen", "traen", "llevan", "with",
    "made", "hecho", "hecha", "will", "would", "are", "tell", "more", "about", "cuentame", "sobre",
    "dime", "one", "uno", "una", "primero", "segundo", "first", "second", "third", "tercero",
    "these", "those", "esta", "este", "esa", "ese", "good",
];
