//! Consent before money. The order tools never refund or cancel on their own: they preview
//! what would happen under the shop's policy, store it as the conversation's pending action
//! (bound to the order and the amount, expiring after ten minutes) and show the shopper a
//! summary with "yes" / "no" chips. Only the shopper's next message can carry it out: a yes
//! does it, anything else drops it. Neither engine has a way to confirm for the shopper.

use std::time::{Duration, SystemTime};

use serde_json::json;
use shopchat_protocol::StreamEvent;

use super::embedded::dialogue::{DialogueState, Invitation};
use super::embedded::{self, EmbeddedReply};
use super::tools::{self, OutcomeKind, ToolContext, ToolOutcome};
use crate::audit::Actor;
use crate::clock;
use crate::db;
use crate::error::ApiError;
use crate::locale::Locale;
use crate::orders::{load_order, order_card, OrderRow};
use crate::refunds;
use crate::refunds::preview::{CancelPreview, RefundPreview};
use crate::text::fold;

/// How long an offer waits for the shopper's yes.
pub const EXPIRES_AFTER: Duration = Duration::from_secs(10 * 60);

/// What the shopper is asked to confirm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Refund(RefundPreview),
    Cancel(CancelPreview),
}

impl Action {
    fn kind(self) -> &'static str {
        match self {
            Action::Refund(_) => "refund",
            Action::Cancel(_) => "cancel",
        }
    }

    /// Money that goes back if the shopper says yes.
    pub fn amount_minor(self) -> i64 {
        match self {
            Action::Refund(RefundPreview::Refund { amount_minor, .. }) => amount_minor,
            Action::Refund(RefundPreview::Refused { .. }) => 0,
            Action::Cancel(preview) => preview.amount_minor(),
        }
    }
}

/// The offer shown to the shopper: the summary and the two chips.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    pub summary: String,
    pub yes: String,
    pub no: String,
}

/// Stores `action` on `order` as the conversation's pending action (replacing any other) and
/// returns the tool outcome that shows the summary.
pub async fn offer(
    ctx: &ToolContext<'_>,
    order: &OrderRow,
    action: Action,
    reason_code: &str,
    reason_text: &str,
) -> Result<ToolOutcome, ApiError> {
    let card = order_card(&ctx.deps.db, order).await?;
    let offer = embedded::after_sale::offer(ctx.locale, &card, action);
    let expires_at = clock::timestamp(SystemTime::now() + EXPIRES_AFTER);
    sqlx::query(
        "insert into pending_action (conversation_id, shop_id, order_id, kind, reason_code,
                                     reason_text, amount_minor, currency, yes_label, no_label,
                                     expires_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         on conflict (conversation_id) do update set
             order_id = excluded.order_id, kind = excluded.kind, reason_code = excluded.reason_code,
             reason_text = excluded.reason_text, amount_minor = excluded.amount_minor,
             currency = excluded.currency, yes_label = excluded.yes_label,
             no_label = excluded.no_label, expires_at = excluded.expires_at,
             created_at = $12
         where pending_action.shop_id = excluded.shop_id",
    )
    .bind(ctx.conversation_id)
    .bind(ctx.shop.id)
    .bind(&order.id)
    .bind(action.kind())
    .bind(reason_code)
    .bind(reason_text.chars().take(200).collect::<String>())
    .bind(action.amount_minor())
    .bind(&order.currency)
    .bind(&offer.yes)
    .bind(&offer.no)
    .bind(&expires_at)
    .bind(db::now())
    .execute(&ctx.deps.db)
    .await?;
    tools::after_sale::log_tool(
        ctx,
        &format!("consent.offered_{}", action.kind()),
        Some(&order.id),
        json!({"amount_minor": action.amount_minor(), "expires_at": expires_at}),
        reason_text,
    )
    .await?;
    Ok(ToolOutcome {
        events: vec![
            StreamEvent::Order {
                order: card.clone(),
            },
            StreamEvent::QuickReplies {
                items: vec![offer.yes.clone(), offer.no.clone()],
            },
        ],
        for_model: json!({
            "status": "awaiting_shopper_confirmation",
            "summary": offer.summary,
            "detail": "Nothing has happened yet. Tell the shopper this summary in their language and ask whether to go ahead; the Yes/No buttons are on screen. You cannot confirm it yourself: only the shopper's next message can, and anything but a yes drops it.",
        }),
        kind: OutcomeKind::ConfirmationNeeded {
            card: Box::new(card),
            offer,
        },
    })
}

/// A shopper's answer to an offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
    /// Something else: the offer is dropped and the message answered as usual.
    Other,
}

/// Words that say yes on their own. Not "ya" (already), "va", "k" or "porfa": they open
/// sentences that aren't answers.
const YES_WORDS: &[&str] = &[
    "yes",
    "yeah",
    "yea",
    "yep",
    "yup",
    "sure",
    "ok",
    "okay",
    "okey",
    "confirm",
    "confirmed",
    "correct",
    "absolutely",
    "definitely",
    "proceed",
    "si",
    "vale",
    "dale",
    "claro",
    "confirmo",
    "adelante",
    "perfecto",
    "exacto",
    "venga",
    "hazlo",
    "hacelo",
    "procede",
    "proceda",
    "continue",
    "continua",
    "sigue",
    "sip",
    "sep",
    "correcto",
    "afirmativo",
    "affirmative",
    "obvio",
    "obviamente",
    "obviously",
    "certainly",
    "totally",
    "right",
    "conforme",
    "listo",
    // Regional and chat yeses: "simón", "órale", "ándale", "hágale" (Mexico), "bet", "yass".
    // Not "sale": alone, in English, it asks for the sale.
    "simon",
    // Sinaloa's "arre" (let's go).
    "arre",
    "orale",
    "andale",
    "hagale",
    "bet",
    "yass",
    // "aye", "ye", Chile's "sipo", the Black Country's "ar".
    "aye",
    "ye",
    "sipo",
    "ar",
    // French, said by shoppers who mix it into their English or Spanish.
    "oui",
    // German's, Scandinavia's, Dutch and South Africa's "ja".
    "ja",
    "yessir",
    "confirmado",
    "confirmada",
    // "Dele" (Central America's "dale").
    "dele",
    // Ireland's "grand" and "sound", New Zealand's "sweet as".
    "grand",
    "sound",
    "sweet",
    // Britain's and Australia's "righto".
    "righto",
    "rightio",
];
const YES_PHRASES: &[&str] = &[
    "go ahead",
    "do it",
    "do that",
    "please do",
    "de acuerdo",
    "por supuesto",
    "sounds good",
    "thats fine",
    "that's fine",
    "lets do it",
    "let's do it",
    "hagalo",
    "por favor",
    "of course",
    "go for it",
    "go on",
    "sure thing",
    "thats right",
    "that's right",
    "thats correct",
    "that's correct",
    "claro que si",
    "por supuesto que si",
    "esta bien",
    "hagame el favor",
    "hazme el favor",
    "tira palante",
    "tira pa lante",
    "pull the trigger",
    // "sweet as, that works", "bet, run it", "listo, de una", "ya pues, al toque".
    "that works",
    "works for me",
    "very well",
    "run it",
    "de una",
    "al toque",
    // Peru's and Chile's "bueno ya", "ya pues" (a yes, where "bueno" alone only acknowledges).
    "bueno ya",
    "ya pues",
    "ya po",
    // Ecuador's "de ley" (for sure): "simón, de ley".
    "de ley",
];
/// Yes phrases that are politeness at the end of any request ("…mi pedido por favor").
const POLITENESS: &[&str] = &["por favor", "please do"];

/// Phrases that may come with a yes without being one: "yes, that would be most kind".
const COURTESY_PHRASES: &[&str] = &["would be", "dios le pague", "dios te pague"];
const FILLER: &[&str] = &[
    "please",
    "pls",
    "plz",
    "porfa",
    "porfis",
    "porfi",
    "merci",
    "thanks",
    "thank",
    "you",
    "gracias",
    "por",
    "favor",
    "then",
    "pues",
    "and",
    "y",
    "go",
    "ahead",
    "do",
    "it",
    "lo",
    "hazlo",
    "i",
    "i'd",
    "id",
    "we",
    "would",
    "like",
    "want",
    "that",
    "thats",
    "that's",
    "quiero",
    "va",
    "so",
    "sure",
    "con",
    // Thanks in other words: "sí, por favor, se lo agradezco", "yes, much appreciated".
    "agradezco",
    "se",
    "te",
    "le",
    "muy",
    "amable",
    "mil",
    "muchas",
    "much",
    "appreciated",
    "appreciate",
    "cheers",
    "a",
    "lot",
    "kind",
    "porfavor",
    "entonces",
    "nomas",
    "bueno",
    "que",
    "thing",
    // Courtesy of other registers and places: "yes, kindly proceed", "yes kindly do the
    // needful", "sí señor", "Dios le bendiga", "yesss omg thank u".
    "kindly",
    "needful",
    "senor",
    "senora",
    "usted",
    "ustedes",
    "sir",
    "madam",
    "maam",
    "dear",
    "indeed",
    "just",
    "u",
    "omg",
    "lol",
    "thx",
    "ty",
    "dios",
    "bendiga",
    "mija",
    "mijo",
    // Whom it is said to ("sí parce", "yes mate", "dale che", "si mi amor dale").
    "amor",
    "carino",
    "corazon",
    "mijito",
    "mijita",
    "reina",
    "pana",
    "chamo",
    "chama",
    "honey",
    "hon",
    "love",
    "sweetie",
    "darling",
    "parce",
    "che",
    "wey",
    "guey",
    "mate",
    "bro",
    "po",
    "pe",
    "ea",
    "amigo",
    "amiga",
    "joven",
    // "Yes, that would be most kind / lovely / great" ("be" only inside "would be", a
    // phrase: "ok, be right back" is no yes).
    "most",
    "great",
    "lovely",
    "wonderful",
    "brilliant",
    "perfect",
    "fine",
    "on",
];
/// Words that name the action being confirmed: after a yes they repeat it ("yes, cancel it",
/// "sí, devuélveme el dinero"), and anything else makes the message more than an answer.
const ACTION_WORDS: &[&str] = &[
    "cancel",
    "refund",
    "return",
    "send",
    "money",
    "back",
    "order",
    "the",
    "my",
    "me",
    "now",
    "full",
    "whole",
    "that",
    "this",
    "one",
    "cancela",
    "cancelalo",
    "cancelar",
    "cancelamelo",
    // Feminine (la compra, la orden) and plural forms: "sí, anúlala", "cancélalas".
    "cancelala",
    "cancelalos",
    "cancelalas",
    "cancelamela",
    "anulala",
    "anulalos",
    "anulalas",
    "anulamela",
    "anulamelo",
    "reembolsamela",
    "devuelvemela",
    "devuelvemelos",
    "anula",
    "anulalo",
    "anular",
    "reembolsa",
    "reembolsar",
    "reembolsamelo",
    "reembolsame",
    "devuelve",
    "devuelveme",
    "devuelvemelo",
    "devolver",
    "dinero",
    "pedido",
    "el",
    "la",
    "mi",
    "todo",
    "ya",
    "reembolso",
    "devolucion",
    "cancelacion",
    "anulacion",
    "cancellation",
];
const NO_WORDS: &[&str] = &["no", "nope", "nah", "nop", "never", "nunca"];

/// Words that may follow a no without making it more than a no ("no, never mind, I'll keep
/// it", "no, mejor lo dejo como está").
const DECLINE_WORDS: &[&str] = &[
    "thanks",
    "mind",
    "keep",
    "keeping",
    "leave",
    "i'll",
    "ill",
    "will",
    "it's",
    "its",
    "is",
    "actually",
    "changed",
    "change",
    "anything",
    "anymore",
    "need",
    "to",
    "of",
    "as",
    "after",
    "all",
    "fine",
    "ok",
    "okay",
    "right",
    "good",
    "for",
    "yet",
    "worry",
    "worries",
    "forget",
    "stay",
    "stays",
    "mantener",
    "mantenlo",
    "mantengo",
    "quedo",
    "quedarmelo",
    "lo",
    "me",
    "dejo",
    "deja",
    "dejalo",
    "dejar",
    "como",
    "esta",
    "asi",
    "olvidalo",
    "olvida",
    "cambiado",
    "he",
    "de",
    "opinion",
    "bien",
    "nada",
    "hace",
    "falta",
    "importa",
    "quiero",
    "quiere",
    "gracias",
    "ya",
    "que",
    "se",
    "te",
    "preocupes",
    "bueno",
    "pensandolo",
    "mas",
];

/// Words that turn down what follows them ("no refund", "don't cancel it", "no lo canceles").
const NEGATORS: &[&str] = &[
    "no", "not", "dont", "nah", "never", "nunca", "without", "sin",
];

/// Phrases that keep the order without starting with a no: "on second thoughts I shall keep
/// it after all", "bueno, me lo quedo".
/// Subjects a "sí" after stresses ("yo sí salgo", "ella sí lo usa").
const STRESSED_SUBJECTS: &[&str] = &[
    "yo", "tu", "vos", "el", "ella", "usted", "nosotros", "nosotras", "ellos", "ellas", "ustedes",
];

const KEEP_PHRASES: &[&str] = &[
    "keep it",
    "keep my order",
    "keep the order",
    "keep them",
    "keeping them",
    "keeping it",
    "me lo quedo",
    "me la quedo",
    "me los quedo",
    "me las quedo",
    "lo mantengo",
    "mantener mi pedido",
    "mantengo mi pedido",
    "me lo voy a quedar",
    "me la voy a quedar",
    "me los voy a quedar",
    "me las voy a quedar",
    "i'll hang on to it",
    "ill hang on to it",
    "leave it be",
    // "actually leave it, she'll be right", "mejor déjalo así".
    "leave it",
    "let it be",
    "dejalo asi",
    "dejalo como esta",
    "dejelo asi",
    "dejelo como esta",
    "dejala asi",
    "dejela asi",
    "no lo haga",
    "no haga nada",
    "don't do that",
    "dont do that",
    "don't do it",
    "dont do it",
    "no lo hagas",
    "no hagas nada",
];

/// Words that keep the order or take a yes back beside it ("Yes. I'd rather keep it.", "yes,
/// actually I changed my mind"): with one, a yes is no yes.
const TAKES_BACK: &[&str] = &[
    "keep",
    "keeping",
    "mind",
    "changed",
    "actually",
    "hold",
    "stop",
    "quedarmelo",
    "mantener",
    "mantengo",
    "dejalo",
    "olvidalo",
    "pensandolo",
];

/// Words that keep a message from being a yes said loosely ("ok thanks bye", "ok hmm", "the
/// other one, yes", "where is it, yes").
const NOT_IN_A_LOOSE_YES: &[&str] = &[
    "bye",
    "goodbye",
    "later",
    "adios",
    "chao",
    "chau",
    "hmm",
    "hm",
    "umm",
    "um",
    "uh",
    "erm",
    "whatever",
    "maybe",
    "perhaps",
    "quizas",
    "quiza",
    "tal",
    "vez",
    "other",
    "otro",
    "otra",
    "where",
    "when",
    "how",
    "why",
    "what",
    "which",
    "who",
    "donde",
    "cuando",
    "cuanto",
    "porque",
    "if",
    "another",
    "tomorrow",
    "manana",
    "luego",
    "despues",
    "see",
    "understand",
    "entiendo",
    "veo",
];

/// Words that ask for more than the offer: a message with one is more than its yes or no.
const ASKS_MORE: &[&str] = &[
    "also",
    "too",
    "want",
    "wanna",
    "know",
    "show",
    "need",
    "looking",
    "find",
    "buy",
    "more",
    "tambien",
    "ademas",
    "quiero",
    "quisiera",
    "saber",
    "muestrame",
    "ensename",
    "busco",
    "necesito",
    "buscar",
    "mas",
    "brb",
    "moment",
    "sec",
    "second",
    "minute",
    "momento",
];

/// Courtesy formulas with a condition in their words only: "if you would", "si es tan amable".
const COURTEOUS_IFS: &[&str] = &[
    "if you would",
    "if you please",
    "if you don't mind",
    "if you dont mind",
    "if that's ok",
    "if thats ok",
    "if that's alright",
    "if thats alright",
    "if possible",
    "si es tan amable",
    "si eres tan amable",
    "si no es molestia",
    "si puede",
    "si puedes",
];

/// Whether the words begin with those of `phrase`.
fn joined_starts_with(words: &[&str], phrase: &str) -> bool {
    let said: Vec<&str> = phrase.split(' ').collect();
    words.len() >= said.len() && words[..said.len()] == said[..]
}

/// The words without any run of them that makes one of `phrases`.
fn without_phrases<'a>(words: &[&'a str], phrases: &[&str]) -> Vec<&'a str> {
    let mut kept = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        match phrases
            .iter()
            .map(|p| p.split(' ').count())
            .zip(phrases)
            .find(|(_, p)| joined_starts_with(&words[i..], p))
        {
            Some((n, _)) => i += n,
            None => {
                kept.push(words[i]);
                i += 1;
            }
        }
    }
    kept
}

/// Words that thank: a sentence with one, after a yes, is still part of the yes.
const THANKS: &[&str] = &[
    "ta",
    "thank",
    "thanks",
    "thx",
    "ty",
    "cheers",
    "appreciate",
    "appreciated",
    "grateful",
    "gracias",
    "gracinas",
    "merci",
    "agradezco",
    "agradecida",
    "agradecido",
    "amable",
    "pague",
    "bendiga",
    // Thanks in the other languages shoppers mix in ("Jazak Allah", "grazie mille").
    "jazak",
    "jazakallah",
    "shukran",
    "asante",
    "grazie",
    "gracies",
    "danke",
    "obrigado",
    "obrigada",
    "dhanyavad",
    "dhanyawad",
    "salamat",
    "arigato",
    "mahalo",
    // Scandinavia's "takk", "tack".
    "takk",
    "tack",
];

/// Whether the message only acknowledges and thanks ("ok fine. thanks i guess", "Vale.
/// Gràcies.", "Ok noted, thanks for the revert", "Vale, mola. ¡Gracias!"): a thank-you with
/// no word in it that says yes to doing something (a yes other than an acknowledgement, "go
/// ahead", "do it", "please", or the action itself). An answer the assistant closed with
/// "tell me if you want me to" isn't taken up by it.
pub fn acknowledges_only(text: &str) -> bool {
    /// Yeses that only acknowledge what was said.
    const ACKNOWLEDGEMENTS: &[&str] = &[
        "ok", "okay", "okey", "vale", "fine", "alright", "good", "great", "right", "perfecto",
        "listo", "bueno", "cool", "correct", "correcto", "exacto", "claro", "conforme", "sound",
        "grand", "sweet", "righto", "rightio", "cheque",
    ];
    /// Words that ask for it to be done.
    const DOING: &[&str] = &[
        "do", "go", "ahead", "please", "pls", "plz", "porfa", "favor", "want", "quiero", "hazlo",
        "hacelo", "hagalo", "haganlo", "hagale", "dale", "adelante", "venga", "proceed", "procede",
        "proceda", "confirm", "confirmo", "yes",
    ];
    let words = sentence_words(text);
    words.iter().any(|w| THANKS.contains(&w.as_str()))
        && !words.iter().any(|w| {
            let w = w.as_str();
            DOING.contains(&w)
                || (YES_WORDS.contains(&w) && !ACKNOWLEDGEMENTS.contains(&w))
                || crate::nlu::ACTION_STEMS.iter().any(|a| w.starts_with(a))
        })
}

/// Whether a message that is no question asks, somewhere in it and not turned down, for what
/// the assistant offered to do ("Oya, no wahala. Go ahead.", "Well alright then, go on
/// ahead.", "Sí, hágale nomás"). Only for taking up an invitation ("just tell me if you want
/// me to"), which shows the offer again and moves nothing: an offer itself needs
/// [`answer`]'s yes.
pub fn says_go_ahead(text: &str) -> bool {
    const GO_AHEAD: &[&str] = &[
        "go ahead",
        "go on",
        "do it",
        "please do",
        "proceed",
        "go for it",
        "dale",
        "hazlo",
        "hacelo",
        "adelante",
        "hagale",
        "hagalo",
        "procede",
        "proceda",
    ];
    if text.contains(['?', '¿']) || acknowledges_only(text) {
        return false;
    }
    // (Turned down within its own sentence: "no wahala. Go ahead." says go ahead.)
    let said = text.split(['.', '!', ';']).any(|sentence| {
        let words = sentence_words(sentence);
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        GO_AHEAD.iter().any(|phrase| {
            let phrase: Vec<&str> = phrase.split(' ').collect();
            words.windows(phrase.len()).enumerate().any(|(at, w)| {
                w == phrase.as_slice()
                    && !words[at.saturating_sub(2)..at]
                        .iter()
                        .any(|b| NEGATORS.contains(b) || b.ends_with("n't"))
            })
        })
    });
    let folded = sentence_words(text).join(" ");
    said && !KEEP_PHRASES.iter().any(|p| folded.contains(p))
}

/// A sentence's words, folded, apostrophes kept ("don't").
fn sentence_words(sentence: &str) -> Vec<String> {
    fold(sentence)
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Words that open a sentence without saying anything ("ah bueno, sí").
const INTERJECTIONS: &[&str] = &[
    "ah", "ahh", "oh", "ohh", "eh", "well", "bueno", "pues", "ea", "ay", "right", "alright",
    "deadass", "honestly", "ei",
    // Central America's "vaya pues" (all right then): "VAYA PUES, SI. DEVOLVEME EL PISTO".
    "vaya",
    // Honduras's and El Salvador's "cheque" (OK) opens a yes without being one: alone it may
    // be the English word ("by cheque"), which says yes to nothing.
    "cheque",
];

/// Words that say sorry for the trouble.
const APOLOGIES: &[&str] = &[
    "sorry",
    "apologies",
    "apologise",
    "apologize",
    "disculpe",
    "disculpa",
    "disculpen",
    "perdon",
    "perdone",
    "perdona",
    "molestia",
    "pole",
];

/// Words that insist on a yes already said ("YES. That's what I said. Cancel it.", "sí, ya
/// te lo dije").
const INSISTENCE: &[&str] = &[
    "said",
    "told",
    "say",
    "already",
    "dije",
    "dicho",
    "what",
    "did",
    "just",
    // "Yes. That is precisely what I meant", "ya po, eso te dije".
    "meant",
    "mean",
    "precisely",
    "exactly",
    "that",
    "thats",
    "is",
    "i",
    "eso",
    "te",
    "lo",
];

/// Words that praise the help in a thanking sentence ("you have been most patient", "por
/// toda su paciencia").
const PRAISE: &[&str] = &[
    "ever",
    "very",
    "really",
    "have",
    "been",
    "has",
    "ha",
    "sido",
    "patient",
    "patience",
    "help",
    "helpful",
    "your",
    "for",
    "the",
    "all",
    "paciencia",
    "ayuda",
    "million",
    "bunch",
    "ton",
    "su",
    "tu",
    "toda",
    "todo",
    "usted",
    "la",
    "mucho",
];

/// Words that name the order or the action offered.
const OFFER_WORDS: &[&str] = &[
    "cancel",
    "cancelling",
    "canceling",
    "cancellation",
    "refund",
    "return",
    "money",
    "order",
    "purchase",
    "cancelar",
    "cancelacion",
    "anular",
    "reembolso",
    "devolver",
    "devolucion",
    "dinero",
    "pedido",
    "compra",
];

/// Words that make a message more than a plain yes: a doubt, a condition or a change of mind.
const HEDGES: &[&str] = &[
    "not", "don't", "dont", "no", "never", "wait", "but", "unless", "instead", "pero", "espera",
    "todavia", "aun", "mejor", "nunca", "tampoco",
];

/// A word as the lists know it: a drawn-out one ("siii", "yesss", "porfaaa") without its
/// repeated letters when that makes a word of the lists.
fn drawn_out(word: &str) -> String {
    let listed = |w: &str| {
        [
            YES_WORDS,
            NO_WORDS,
            FILLER,
            ACTION_WORDS,
            HEDGES,
            DECLINE_WORDS,
        ]
        .iter()
        .any(|list| list.contains(&w))
    };
    if listed(word) {
        return word.to_owned();
    }
    let mut squeezed = String::with_capacity(word.len());
    for c in word.chars() {
        if !squeezed.ends_with(c) {
            squeezed.push(c);
        }
    }
    // A letter said three times or more is drawn out ("porfaaa"); twice, only into a yes or
    // a no ("sii", "noo"): "see" is no "se", "too" no "to".
    let drawn = word
        .chars()
        .collect::<Vec<_>>()
        .windows(3)
        .any(|w| w[0] == w[1] && w[1] == w[2]);
    let answers = YES_WORDS.contains(&squeezed.as_str()) || NO_WORDS.contains(&squeezed.as_str());
    if listed(&squeezed) && (drawn || answers) {
        squeezed
    } else {
        word.to_owned()
    }
}

/// Reads the shopper's answer. A chip of the offer is that answer. A short message that starts
/// with a yes ("yes", "yes please cancel it", "sí, devuélvemelo", "ok go ahead") or only says
/// yes ("please do", "de acuerdo") is a yes, unless it hedges ("yes but…", a question); one that
/// starts with no is a no.
pub fn answer(text: &str, yes: &str, no: &str) -> Answer {
    // A yes that keeps the order or lets it be in the same breath ("sí, me lo quedo", "yes,
    // forget it", "ya po, déjalo") is no yes to the offer: whatever reading found one, it
    // stands only without such words.
    match answer_read(text, yes, no) {
        Answer::Yes if lets_it_be(text) => Answer::Other,
        said => said,
    }
}

/// Words that keep the order or let it be: a keeping phrase, or "forget it", "déjalo",
/// "olvídalo", "never mind".
pub(crate) fn lets_it_be(text: &str) -> bool {
    const LET_BE: &[&str] = &[
        "forget",
        "dejalo",
        "dejala",
        "dejelo",
        "dejela",
        "olvidalo",
        "olvidala",
        "olvidelo",
        "olvida",
        "nevermind",
        "nvm",
    ];
    let folded = fold(text);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    KEEP_PHRASES.iter().any(|p| joined.contains(&fold(p)))
        || words.iter().any(|w| LET_BE.contains(w))
        || joined.contains("never mind")
}

fn answer_read(text: &str, yes: &str, no: &str) -> Answer {
    // Spanish laughter ("ja ja ja") is no German "ja": read without it.
    let words = crate::text::words(text);
    if words
        .windows(2)
        .any(|pair| pair[0] == "ja" && pair[1] == "ja")
    {
        let rest: Vec<&str> = text
            .split_whitespace()
            .filter(|w| fold(w.trim_matches(|c: char| !c.is_alphanumeric())) != "ja")
            .collect();
        if rest.is_empty() {
            return Answer::Other;
        }
        return answer(&rest.join(" "), yes, no);
    }
    // "Yes honey go ahead full stop": the marks said, written.
    let text = &*crate::text::undictate(text);
    let text = &*without_a_hurrying_but(text);
    let said = answer_as_said(text, yes, no);
    if said != Answer::Other || yes.is_empty() {
        return said;
    }
    // A story, then a last sentence that turns the offer down ("nono pará!! me escribe mi
    // vieja q el de la feria es horrible y q lo va a devolver jaja. dejalo, no canceles
    // nada"): a no. (Only a no: a yes at the end of a story is read with all of it.)
    if !text.contains(['?', '¿']) {
        let last = text
            .split(['.', '!', '\n'])
            .map(str::trim)
            .rfind(|s| !s.is_empty())
            .unwrap_or_default();
        // (Not after a yes: "Yes. I'd rather keep it." is no plain answer. And only a last
        // sentence about the action or the order: "Go ahead. No worries." turns nothing down.)
        let before = text.rfind(last).map_or("", |at| text[..at].trim());
        // (A "sí" after its subject stresses the verb, it says yes to nothing: "yo sí salgo".)
        let before_words = sentence_words(before);
        let said_yes = before_words.iter().enumerate().any(|(at, w)| {
            YES_WORDS.contains(&w.as_str())
                && !(w == "si"
                    && at > 0
                    && STRESSED_SUBJECTS.contains(&before_words[at - 1].as_str()))
        });
        let folded_last = sentence_words(last);
        let of_the_action = folded_last
            .iter()
            .any(|w| crate::nlu::ACTION_STEMS.iter().any(|a| w.starts_with(a)))
            || KEEP_PHRASES
                .iter()
                .any(|p| folded_last.join(" ").contains(p));
        if !before.is_empty()
            && !said_yes
            && of_the_action
            && answer_as_said(last, yes, no) == Answer::No
        {
            return Answer::No;
        }
    }
    // A word of address set off by commas inside a yes ("que sí, ho, que sí", "yes, mate, go
    // ahead"): the yes read without it. It only ever makes a yes of what was nothing.
    match without_a_word_of_address(text) {
        Some(rest) if answer_as_said(&rest, yes, no) == Answer::Yes => Answer::Yes,
        _ => Answer::Other,
    }
}

/// Whether a no that opens the message is taken back by a word that turns it, set off by
/// commas ("bueno", "ok", "actually"), and what follows says only the yes: the offered action
/// itself or a yes phrase, with yes words, fillers and the action's words, ending in a yes
/// ("No no, bueno, refund it, yes"). Nothing that declines, waits or doubts ("no, ok, forget
/// it, yes", "no, bueno, déjalo, sí") is read so.
fn a_turned_no_then_yes(text: &str) -> bool {
    const TURNS: &[&str] = &["bueno", "ok", "okay", "well", "actually", "vale", "fine"];
    let clauses: Vec<&str> = text.split(',').collect();
    let bare = |clause: &str| fold(clause.trim().trim_matches(|c: char| !c.is_alphanumeric()));
    let opens_with_no = clauses.first().is_some_and(|first| {
        first
            .split_whitespace()
            .all(|w| NO_WORDS.contains(&bare(w).as_str()))
    });
    let Some(turn) = clauses
        .iter()
        .rposition(|c| TURNS.contains(&bare(c).as_str()))
    else {
        return false;
    };
    let rest = clauses[turn + 1..].join(",");
    if !opens_with_no || turn == 0 || rest.contains(['?', '¿']) {
        return false;
    }
    let words = sentence_words(&rest);
    let joined = words.join(" ");
    let phrases = || YES_PHRASES.iter().filter(|p| !POLITENESS.contains(p));
    let in_phrase = |w: &str| phrases().any(|p| joined.contains(p) && p.split(' ').any(|x| x == w));
    let only_the_yes = words.iter().all(|w| {
        YES_WORDS.contains(&w.as_str())
            || FILLER.contains(&w.as_str())
            || ACTION_WORDS.contains(&w.as_str())
            || w == "it"
            || in_phrase(w)
    });
    let names_it = words
        .iter()
        .any(|w| crate::nlu::ACTION_STEMS.iter().any(|a| w.starts_with(a)))
        || phrases().any(|p| joined.contains(p));
    let ends_in_yes = words
        .last()
        .is_some_and(|w| matches!(w.as_str(), "yes" | "si" | "yeah" | "yep" | "aye" | "sure"));
    only_the_yes && names_it && ends_in_yes
}

/// "Yes but quickly", "sí, pero rápido": a "but" that only hurries the yes along doubts
/// nothing; the text without it (as it was when there is none).
fn without_a_hurrying_but(text: &str) -> std::borrow::Cow<'_, str> {
    const HURRY: &[&str] = &[
        "quick", "quickly", "fast", "asap", "hurry", "rapido", "rapidito", "pronto",
    ];
    let bare = |w: &str| fold(w.trim_matches(|c: char| !c.is_alphanumeric()));
    let words: Vec<&str> = text.split_whitespace().collect();
    let hurrying = |i: usize| {
        matches!(bare(words[i]).as_str(), "but" | "pero")
            && !words[i].ends_with([',', '.', '!', '?'])
            && words
                .get(i + 1)
                .is_some_and(|next| HURRY.contains(&bare(next).as_str()))
    };
    match (0..words.len()).find(|&i| hurrying(i)) {
        Some(at) => {
            let mut kept = words.clone();
            kept.remove(at);
            std::borrow::Cow::Owned(kept.join(" "))
        }
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// A word any of this reader's lists knows: no name.
fn is_a_word_of_these_lists(word: &str) -> bool {
    [
        YES_WORDS,
        NO_WORDS,
        NEGATORS,
        NOT_IN_A_LOOSE_YES,
        OFFER_WORDS,
        THANKS,
        HEDGES,
        HOLDS,
        ACTION_WORDS,
        DECLINE_WORDS,
    ]
    .iter()
    .any(|list| list.contains(&word))
        || crate::nlu::ACTION_STEMS.iter().any(|a| word.starts_with(a))
}

/// Words that hold a yes back when set off by commas ("yes, hold, …"), beside the hedges.
const HOLDS: &[&str] = &["hold", "hang", "still"];

/// Whether a short answer only puts the offer off ("wait not yet", "hang on", "espera, aún
/// no"): a word of waiting, and nothing but such words, noes and fillers.
fn holds_off_only(words: &[&str]) -> bool {
    const NOT_NOW: &[&str] = &[
        "not yet",
        "todavia no",
        "aun no",
        "hold on",
        "hang on",
        "wait",
        "espera",
        "esperame",
        "un momento",
        "one sec",
        "one second",
    ];
    const WORDS: &[&str] = &[
        "not", "yet", "todavia", "aun", "no", "hold", "hang", "on", "wait", "espera", "esperame",
        "un", "momento", "one", "sec", "second", "a", "minute", "actually", "oh", "hmm", "ah",
        "ay", "mm", "nah", "nope",
    ];
    let joined = format!(" {} ", words.join(" "));
    words.len() <= 6
        && NOT_NOW.iter().any(|p| joined.contains(&format!(" {p} ")))
        && words
            .iter()
            .all(|w| WORDS.contains(w) || FILLER.contains(w) || NO_WORDS.contains(w))
}

/// The text without one word standing alone between two commas, when that word is none of
/// the words this reader knows (a name, a word of address).
fn without_a_word_of_address(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split(',').collect();
    (1..parts.len().saturating_sub(1)).find_map(|i| {
        let word = fold(parts[i].trim());
        let alone = !word.is_empty() && word.chars().all(char::is_alphabetic);
        (alone && !is_a_word_of_these_lists(&word)).then(|| {
            let mut rest: Vec<&str> = parts.clone();
            rest.remove(i);
            rest.join(",")
        })
    })
}

fn answer_as_said(text: &str, yes: &str, no: &str) -> Answer {
    let trimmed = text.trim();
    if trimmed.eq_ignore_ascii_case(yes) {
        return Answer::Yes;
    }
    if trimmed.eq_ignore_ascii_case(no) {
        return Answer::No;
    }
    // "Yes, please do. Thank you ever so much, you have been most patient.": a yes, then
    // sentences that only thank.
    if let Some((first, rest)) = trimmed.split_once(['.', '!']) {
        let thanks_only = |sentence: &str| {
            let words: Vec<String> = sentence_words(sentence);
            let known = |w: &str| {
                THANKS.contains(&w)
                    || FILLER.contains(&w)
                    || YES_WORDS.contains(&w)
                    || PRAISE.contains(&w)
                    || w == "very"
            };
            // Signed with a name at most ("Cheers, Morag").
            let signed = words.len() >= 2
                && words[..words.len() - 1].iter().all(|w| known(w))
                && words.last().is_some_and(|w| {
                    w.chars().all(char::is_alphabetic) && !is_a_word_of_these_lists(w)
                });
            words.iter().any(|w| THANKS.contains(&w.as_str()))
                && (words.iter().all(|w| known(w)) || signed)
        };
        // A sentence that says the yes again, or the action offered ("That's what I said.
        // Cancel it."), in the words of these lists only.
        let insists = |sentence: &str| {
            let owned = sentence_words(sentence);
            let words: Vec<&str> = owned.iter().map(String::as_str).collect();
            let offers_cancel = ["cancel", "anular"].iter().any(|w| fold(yes).contains(w));
            !words.is_empty()
                && words.iter().all(|w| {
                    YES_WORDS.contains(w)
                        || FILLER.contains(w)
                        || ACTION_WORDS.contains(w)
                        || INSISTENCE.contains(w)
                })
                && !words
                    .iter()
                    .any(|w| !offers_cancel && (w.starts_with("cancel") || w.starts_with("anul")))
        };
        // Or says sorry for the trouble ("Y disculpe la molestia, es que uno ya no se entiende
        // con estos aparatos", "sorry, been on call for 30 hours"), asking nothing and naming
        // no action.
        let apologises = |sentence: &str| {
            let owned = sentence_words(sentence);
            let words: Vec<&str> = owned.iter().map(String::as_str).collect();
            words.iter().any(|w| APOLOGIES.contains(w))
                && !words.iter().any(|w| {
                    ASKS_MORE.contains(w)
                        || crate::nlu::ACTION_STEMS.iter().any(|a| w.starts_with(a))
                })
        };
        // Or is an aside that asks, doubts and turns down nothing and names no action ("Lord
        // willing I won't bother you again. Opal", "About time summat was easy."), after a yes
        // said outright to an offer on screen (not "right" or "ok", which may only acknowledge).
        let outright = !yes.is_empty()
            && sentence_words(first).iter().any(|w| {
                matches!(
                    w.as_str(),
                    "yes" | "yeah" | "yep" | "yup" | "si" | "aye" | "ar" | "sure" | "absolutely"
                )
            });
        // (An aside that keeps the order or takes the yes back is none: "Yes. I'd rather keep
        // it.", "Yes. Actually I changed my mind.")
        let aside = |sentence: &str| {
            let owned = sentence_words(sentence);
            let folded = fold(sentence);
            outright
                && !KEEP_PHRASES.iter().any(|p| folded.contains(p))
                && owned.iter().all(|w| {
                    let w = w.as_str();
                    !(HEDGES.contains(&w)
                        || TAKES_BACK.contains(&w)
                        || HOLDS.contains(&w)
                        || NO_WORDS.contains(&w)
                        || ASKS_MORE.contains(&w)
                        || NOT_IN_A_LOOSE_YES.contains(&w)
                        || w.chars().any(|c| c.is_ascii_digit())
                        || crate::nlu::ACTION_STEMS.iter().any(|a| w.starts_with(a)))
                })
        };
        let rest: Vec<&str> = rest
            .split(['.', '!'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if !rest.is_empty()
            && !trimmed.contains(['?', '¿'])
            && rest
                .iter()
                .all(|s| thanks_only(s) || insists(s) || apologises(s) || aside(s))
            && answer(first, yes, no) == Answer::Yes
        {
            return Answer::Yes;
        }
    }
    // "No no, bueno, refund it, yes": a no opening the message, taken back by a word that turns
    // it ("bueno", "ok", "well", "actually"), then a yes to the offer: the yes.
    if !yes.is_empty() && a_turned_no_then_yes(trimmed) {
        return Answer::Yes;
    }
    // A yes that asks to cancel when a refund was offered ("yes, cancel it") answers nothing:
    // a cancellation is another offer. (A cancellation refunds, so refund words are its own.)
    let offers_cancel = ["cancel", "anular"].iter().any(|w| fold(yes).contains(w));
    let offers_refund = !offers_cancel && !yes.is_empty();
    let other_action =
        |w: &str| offers_refund && (w.starts_with("cancel") || w.starts_with("anul"));
    let folded = fold(trimmed);
    let squeezed: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(drawn_out)
        .collect();
    let words: Vec<&str> = squeezed.iter().map(String::as_str).collect();
    let folded = words.join(" ");
    let question = trimmed.contains(['?', '¿']);
    let hedges = words.iter().any(|w| HEDGES.contains(w));
    // The no words among the hedges don't doubt a keeping ("ay no, mejor no, me lo voy a quedar").
    // Nor does a hedge right after a no, which takes something back ("MAIS NO WAIT. NEVER
    // MIND, KEEP IT").
    // (A "wait" set off by a mark before the keeping takes the request back: "Oh wait, wait!
    // … Leave it". Not one that runs on into a question: "wait a minute what about…")
    let keeping_at = KEEP_PHRASES
        .iter()
        .filter_map(|p| folded.find(p))
        .min()
        .map(|at| folded[..at].split(' ').count() - 1);
    let marked = fold(trimmed);
    let wait_set_off = ["wait!", "wait,", "wait.", "espera!", "espera,", "espera."]
        .iter()
        .any(|w| marked.contains(w));
    let takes_back = |i: usize, w: &str| {
        matches!(w, "wait" | "espera") && wait_set_off && keeping_at.is_some_and(|k| i < k)
    };
    let doubts_keeping = words.iter().enumerate().any(|(i, w)| {
        HEDGES.contains(w)
            && !takes_back(i, w)
            && !NO_WORDS.contains(w)
            && !NEGATORS.contains(w)
            && !w.ends_with("n't")
            && *w != "mejor"
            && (i == 0 || !NO_WORDS.contains(&words[i - 1]))
            // (Nor one right before a no: "wait no dont. leave it ill keep it".)
            && !words.get(i + 1).is_some_and(|next| NO_WORDS.contains(next))
    });
    // Keeping the order, said without a no first and with no yes before it, in a message of a
    // sentence or two that asks and doubts nothing: a no.
    // (Opened by a no, a "sí" later is emphasis: "No, no, mejor dejalo… allá sí hace
    // fresco. Me lo quedo.")
    let opens_with_no = words.first().is_some_and(|w| NO_WORDS.contains(w));
    let keeps = KEEP_PHRASES
        .iter()
        .find_map(|p| folded.find(p))
        .filter(|at| opens_with_no || !folded[..*at].split(' ').any(|w| YES_WORDS.contains(&w)));
    // A word of the order actions ("cancélalo", "refund").
    let acts = |w: &str| crate::nlu::ACTION_STEMS.iter().any(|a| w.starts_with(a));
    // Only as the answer to an offer, and never beside a request to act ("I want a refund,
    // I'll keep the box").
    let asks_to_act = words.iter().any(|w| acts(w));
    if keeps.is_some()
        && !yes.is_empty()
        && !asks_to_act
        && !question
        && !doubts_keeping
        && words.len() <= 45
    {
        return Answer::No;
    }
    if words.is_empty() || words.len() > 45 {
        return Answer::Other;
    }
    // "wait not yet", "espera, todavía no", "hold on": not now, and nothing else asked — a no
    // (the order stays as it is; asking again makes a new offer).
    if !yes.is_empty() && !question && holds_off_only(&words) {
        return Answer::No;
    }
    // The action said only to be turned down ("wait nah, no refund. I'll give it to my cousin",
    // "never mind, don't cancel it", "no quiero el reembolso, me lo quedo"): a no, in answer to
    // an offer, unless it asks something.
    // A negator among the three words before, with no other action between ("no refund,
    // cancel it" turns down only the refund).
    let negated = |at: usize| {
        words[at.saturating_sub(3)..at]
            .iter()
            .rev()
            .take_while(|w| !acts(w))
            .any(|w| NEGATORS.contains(w) || w.ends_with("n't"))
    };
    let action_at: Vec<usize> = (0..words.len()).filter(|&i| acts(words[i])).collect();
    if !yes.is_empty()
        && !question
        && !action_at.is_empty()
        && action_at.iter().all(|&i| negated(i))
    {
        return Answer::No;
    }
    // Past this, a long message is about something else.
    if words.len() > 25 {
        return Answer::Other;
    }
    // "No refund, cancel it instead": no to the refund offered, and another action asked for.
    let asks_another = (0..words.len()).any(|i| other_action(words[i]) && !negated(i));
    if (NO_WORDS.contains(&words[0]) || folded.starts_with("mejor no")) && !asks_another {
        // "No, keep my order", "nah leave it": a no. "Never mind that, show me hoodies" says
        // no and asks for something else: the offer is dropped and the rest answered.
        let declines = words.iter().all(|w| {
            NO_WORDS.contains(w)
                || DECLINE_WORDS.contains(w)
                || FILLER.contains(w)
                || ACTION_WORDS.contains(w)
                || HEDGES.contains(w)
        });
        // Naming the order or the action keeps it about the offer ("no, I changed my mind
        // about the refund").
        let about_offer = words.iter().any(|w| OFFER_WORDS.contains(w));
        // A no said as a sentence of its own ("No. Hold on. Don't. She says she'll wear it
        // herself…"), then why, asking nothing more.
        let no_alone = trimmed
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .split_once(['.', '!'])
            .is_some_and(|(first, _)| NO_WORDS.contains(&fold(first.trim()).as_str()))
            && !question
            && !words.iter().any(|w| {
                ASKS_MORE.contains(w)
                    || matches!(*w, "but" | "pero" | "instead" | "unless" | "sino")
            });
        return if (declines && words.len() <= 12) || about_offer || no_alone || words.len() <= 2 {
            Answer::No
        } else {
            Answer::Other
        };
    }
    // Opened by a plain yes to the offer, whatever follows to say why or to thank ("Yes b'y,
    // go ahead with that. Thank you my love, you're some good."), when nothing in it doubts,
    // asks, asks for more, turns down, names an amount or another action, or takes leave.
    const FIRM_YES: &[&str] = &[
        "yes",
        "yeah",
        "yep",
        "yup",
        "yess",
        "si",
        "ok",
        "okay",
        "sure",
        "vale",
        "dale",
        "claro",
        "aye",
        "ar",
        "absolutely",
        "definitely",
        "certainly",
        // The regional yeses: "ándale pues sí, regrésemelo", "simón, de ley".
        "simon",
        "orale",
        "andale",
        "hagale",
        "sipo",
    ];
    let loosely_doubts = |w: &&str| {
        NOT_IN_A_LOOSE_YES.contains(w)
            || TAKES_BACK.contains(w)
            || NEGATORS.contains(w)
            || w.ends_with("n't")
            || matches!(
                *w,
                "isnt" | "wasnt" | "doesnt" | "didnt" | "wont" | "cant" | "cannot" | "nope"
            )
            || w.chars().any(|c| c.is_ascii_digit())
            || ASKS_MORE.contains(w)
    };
    // (Opened by a yes phrase too: "Go on then, my 'ansum. Do it now rather than dreckly, if
    // you would." Courtesy formulas with "if" are no condition.)
    // (After an interjection: "Ah bueno. Sí, dale pues, devolvémela.")
    let opened = words
        .iter()
        .position(|w| !INTERJECTIONS.contains(w))
        .map_or(&words[..0], |at| &words[at..]);
    let opens_firmly = opened.first().is_some_and(|w| FIRM_YES.contains(w))
        || YES_PHRASES
            .iter()
            .filter(|p| !POLITENESS.contains(p))
            .any(|p| joined_starts_with(opened, p));
    let courteous = without_phrases(&words, COURTEOUS_IFS);
    // "ok be right back": not now ("me nan'll be made up" is no delay).
    let steps_away = ["be right back", "be back"]
        .iter()
        .any(|p| folded.contains(p));
    if !yes.is_empty()
        && opens_firmly
        && !question
        && !hedges
        && !steps_away
        && words.len() <= 25
        && !courteous.iter().any(loosely_doubts)
        && !words.iter().any(|w| other_action(w))
    {
        return Answer::Yes;
    }
    if question || hedges || words.len() > 12 || words.iter().any(|w| other_action(w)) {
        return Answer::Other;
    }
    let joined = words.join(" ");
    // Words of a yes phrase said in the message ("de acuerdo", "go ahead").
    let in_phrase = |w: &str| {
        YES_PHRASES
            .iter()
            .chain(COURTESY_PHRASES)
            .any(|p| joined.contains(p) && p.split(' ').any(|x| x == w))
    };
    // A yes, then nothing but politeness or the action itself: "ok, so where is my refund"
    // is not an answer to the offer.
    // Opened by the first word that is more than a filler ("que sí, cancélalo ya").
    let first_said = words
        .iter()
        .find(|w| !FILLER.contains(w))
        .unwrap_or(&words[0]);
    // Or said among the words of the action and nothing else ("ya go ahead thx", "the
    // refund, go ahead").
    let says_yes = words.iter().any(|w| YES_WORDS.contains(w))
        || YES_PHRASES
            .iter()
            .filter(|p| !POLITENESS.contains(p))
            .any(|p| joined.contains(p));
    let opens_with_yes = (YES_WORDS.contains(first_said)
        || YES_PHRASES.iter().any(|p| joined.starts_with(p))
        || says_yes)
        && words.iter().all(|w| {
            YES_WORDS.contains(w) || FILLER.contains(w) || ACTION_WORDS.contains(w) || in_phrase(w)
        });
    let only_yes = words
        .iter()
        .all(|w| YES_WORDS.contains(w) || FILLER.contains(w) || in_phrase(w))
        && (words.iter().any(|w| YES_WORDS.contains(w))
            || YES_PHRASES.iter().any(|p| joined.contains(p)));
    // Said the way people do: a yes at the end ("all right then, yes", "ok can, yes", "sweet
    // as, yes"), or a yes with a name or a word of its own after it ("yes, go ahead please.
    // Gloria", "que sí, quillo", "yes, obviously"); never with a number, another order, a
    // farewell, a hesitation or a question word in it.
    // Only as the answer to an offer (its chips given), and never with the action or the
    // order named (those go through the strict reading above).
    // Nor with a negation ("the colour isn't right") or opened as a question without its mark
    // ("are you sure", "is that right").
    let negates = |w: &str| {
        w.ends_with("n't")
            || matches!(
                w,
                "isnt"
                    | "wasnt"
                    | "arent"
                    | "doesnt"
                    | "didnt"
                    | "wont"
                    | "cant"
                    | "cannot"
                    | "shouldnt"
                    | "wouldnt"
                    | "couldnt"
                    | "nope"
            )
    };
    let asks = matches!(
        words[0],
        "is" | "are"
            | "was"
            | "were"
            | "do"
            | "does"
            | "did"
            | "can"
            | "could"
            | "will"
            | "would"
            | "should"
            | "have"
            | "has"
            | "am"
    );
    let plain = !yes.is_empty()
        && !asks
        && !words.iter().any(|w| {
            NOT_IN_A_LOOSE_YES.contains(w)
                || OFFER_WORDS.contains(w)
                || negates(w)
                || w.chars().any(|c| c.is_ascii_digit())
        });
    let known = |w: &str| {
        YES_WORDS.contains(&w) || FILLER.contains(&w) || ACTION_WORDS.contains(&w) || in_phrase(w)
    };
    let ends_with_yes = words.len() <= 8
        && (YES_WORDS.contains(words.last().unwrap_or(&""))
            || YES_PHRASES
                .iter()
                .filter(|p| !POLITENESS.contains(p))
                .any(|p| joined.ends_with(p)));
    // The name set off by a comma or a full stop ("que sí, quillo"): "ok I see" is no yes.
    let set_off = trimmed
        .trim_end_matches(['.', '!', ' '])
        .rsplit_once(' ')
        .is_some_and(|(before, _)| before.trim_end().ends_with([',', '.', '!', ';']));
    let yes_then_a_name = set_off
        && words.len() >= 2
        && words.iter().any(|w| YES_WORDS.contains(w) || in_phrase(w))
        && words[..words.len() - 1].iter().all(|w| known(w))
        && (YES_WORDS.contains(&words[0])
            || YES_PHRASES.iter().any(|p| joined.starts_with(p))
            || words[..words.len() - 1]
                .iter()
                .any(|w| YES_WORDS.contains(w)));
    // Said without the comma, after a yes said twice or more ("sí sí adelante hija").
    let yeses_then_a_name = words.len() >= 3
        && words.len() <= 6
        && words[..words.len() - 1]
            .iter()
            .all(|w| YES_WORDS.contains(w) || in_phrase(w))
        && words[..words.len() - 1]
            .iter()
            .filter(|w| YES_WORDS.contains(w))
            .count()
            >= 2;
    if opens_with_yes
        || only_yes
        || (plain && (ends_with_yes || yes_then_a_name || yeses_then_a_name))
    {
        Answer::Yes
    } else {
        Answer::Other
    }
}

#[derive(sqlx::FromRow)]
struct Pending {
    order_id: String,
    kind: String,
    reason_code: String,
    reason_text: String,
    amount_minor: i64,
    yes_label: String,
    no_label: String,
    expires_at: String,
}

/// What the consent step made of a message.
#[derive(Debug)]
pub enum BeforeTurn {
    /// The message answered the offer (yes or no): this is the reply.
    Answered(Box<EmbeddedReply>),
    /// The message was about something else: the offer is dropped. A question about it ("how
    /// long will it take?") is answered with what it comes to and the same offer made again
    /// ([`offer_again`]); after any other answer a yes asks for it again, with its summary (see
    /// [`BeforeTurn::keep`]).
    Dropped(Box<DroppedOffer>),
    /// No offer was waiting (or it had expired).
    Nothing,
}

/// An offer a message dropped, with what it would have come to: a question about it ("how
/// long until the money is back?") is answered with that, and the same offer is made again.
#[derive(Debug, Clone, PartialEq)]
pub struct DroppedOffer {
    pub invitation: Invitation,
    /// "For order SC-1001 that would be $30.31 back… Shall I go ahead?"
    pub came_to: Option<String>,
    order_id: String,
    action: Option<Action>,
    reason_code: String,
    reason_text: String,
}

impl BeforeTurn {
    /// Before the engine answers a message that dropped an offer: the offer counts as the
    /// invitation the message answers, so a question about it ("will I get all my money
    /// back?") is answered, not taken as a new request.
    pub fn note(&self, dialogue: &mut DialogueState) {
        if let BeforeTurn::Dropped(dropped) = self {
            dialogue.invited.get_or_insert(dropped.invitation);
            dialogue.dropped_offer = Some((**dropped).clone());
        }
    }

    /// After the engine answered a message that dropped an offer without showing products,
    /// a yes to that answer asks for the offer again: that offer, even when the answer (about
    /// refunds, say) would invite another action ("Do I get the postage back?" after a
    /// cancellation's offer, then "go on": the cancellation).
    pub fn keep(self, dialogue: &mut DialogueState, reply: &EmbeddedReply) {
        if let BeforeTurn::Dropped(dropped) = self {
            dialogue.dropped_offer = None;
            if reply.products.is_empty() {
                dialogue.invited = Some(dropped.invitation);
            }
        }
    }
}

/// Runs before either engine answers. When an offer is pending it is taken (it never outlives
/// this message): a yes carries it out and a no keeps the order as it is, both answered here
/// ([`BeforeTurn::Answered`]); anything else drops it ([`BeforeTurn::Dropped`]), so the
/// message is answered as usual.
///
/// `offer_waiting`: whether the turn's first read saw an offer stored for the conversation
/// (most messages have none, and then this takes no write lock).
pub async fn before_turn(
    ctx: &ToolContext<'_>,
    text: &str,
    offer_waiting: bool,
) -> Result<BeforeTurn, ApiError> {
    if !offer_waiting {
        return Ok(BeforeTurn::Nothing);
    }
    // Taken by exactly one message, even if two arrive at once.
    let pending: Option<Pending> = sqlx::query_as(
        "delete from pending_action where conversation_id = $1 and shop_id = $2
         returning order_id, kind, reason_code, reason_text, amount_minor, yes_label, no_label,
                   expires_at",
    )
    .bind(ctx.conversation_id)
    .bind(ctx.shop.id)
    .fetch_optional(&ctx.deps.db)
    .await?;
    let Some(pending) = pending else {
        return Ok(BeforeTurn::Nothing);
    };
    let now = SystemTime::now();
    if pending.expires_at < clock::timestamp(now) {
        return Ok(BeforeTurn::Nothing);
    }
    let Some(order) = load_order(&ctx.deps.db, ctx.shop.id, &pending.order_id).await? else {
        return Ok(BeforeTurn::Nothing);
    };
    let card = order_card(&ctx.deps.db, &order).await?;
    let verdict = answer(text, &pending.yes_label, &pending.no_label);
    let locale = reply_locale(ctx, text);
    let ctx = ToolContext { locale, ..*ctx };
    let ctx = &ctx;
    match verdict {
        Answer::Other => {
            tools::after_sale::log_tool(
                ctx,
                "consent.dropped",
                Some(&order.id),
                json!({"kind": pending.kind}),
                "",
            )
            .await?;
            let action = match pending.kind.as_str() {
                "cancel" => refunds::preview::preview_cancel(
                    &ctx.deps.db,
                    ctx.shop.id,
                    &order.id,
                    &pending.reason_text,
                    now,
                )
                .await
                .map(Action::Cancel),
                _ => refunds::preview::preview_refund(
                    &ctx.deps.db,
                    ctx.shop.id,
                    &order.id,
                    &pending.reason_code,
                    Some(pending.amount_minor),
                    now,
                )
                .await
                .map(Action::Refund),
            }
            .ok();
            let came_to = action
                .and_then(|action| embedded::after_sale::would_come_to(locale, &card, action));
            Ok(BeforeTurn::Dropped(Box::new(DroppedOffer {
                invitation: match pending.kind.as_str() {
                    "cancel" => Invitation::Cancel,
                    _ => Invitation::Refund,
                },
                came_to,
                order_id: order.id.clone(),
                action,
                reason_code: pending.reason_code,
                reason_text: pending.reason_text,
            })))
        }
        Answer::No => {
            tools::after_sale::log_tool(
                ctx,
                "consent.declined",
                Some(&order.id),
                json!({"kind": pending.kind}),
                "",
            )
            .await?;
            Ok(BeforeTurn::Answered(Box::new(EmbeddedReply {
                text: embedded::after_sale::kept(locale, &card),
                order: Some(card),
                ..EmbeddedReply::default()
            })))
        }
        Answer::Yes => carry_out(ctx, &order, &pending, now)
            .await
            .map(|reply| BeforeTurn::Answered(Box::new(reply))),
    }
}

/// A question about an offer this turn dropped, answered with what it comes to: the same
/// offer (order, action, reason and amount) stored again for the shopper's yes, with its
/// chips. `None` when it can't be (the order is gone, or nothing would come back).
/// The product bought in the order of a dropped offer ("what colours does it come in?" about
/// the beanie whose cancellation waits), if the catalog still has it.
pub async fn product_of(
    ctx: &ToolContext<'_>,
    dropped: &DroppedOffer,
) -> Result<Option<i64>, ApiError> {
    let order = load_order(&ctx.deps.db, ctx.shop.id, &dropped.order_id).await?;
    let Some(order) = order else {
        return Ok(None);
    };
    let exists: Option<i64> =
        sqlx::query_scalar("select id from product where id = $1 and shop_id = $2")
            .bind(order.product_id)
            .bind(ctx.shop.id)
            .fetch_optional(&ctx.deps.db)
            .await?;
    Ok(exists)
}

pub async fn offer_again(
    ctx: &ToolContext<'_>,
    dropped: &DroppedOffer,
) -> Result<Option<ToolOutcome>, ApiError> {
    let (Some(action), Some(_)) = (dropped.action, &dropped.came_to) else {
        return Ok(None);
    };
    let Some(order) = load_order(&ctx.deps.db, ctx.shop.id, &dropped.order_id).await? else {
        return Ok(None);
    };
    offer(
        ctx,
        &order,
        action,
        &dropped.reason_code,
        &dropped.reason_text,
    )
    .await
    .map(Some)
}

/// The shopper said yes: do exactly what was shown, never more.
async fn carry_out(
    ctx: &ToolContext<'_>,
    order: &OrderRow,
    pending: &Pending,
    now: SystemTime,
) -> Result<EmbeddedReply, ApiError> {
    let state = ctx.deps;
    let shop_id = ctx.shop.id;
    tools::after_sale::log_tool(
        ctx,
        "consent.confirmed",
        Some(&order.id),
        json!({"kind": pending.kind, "amount_minor": pending.amount_minor}),
        "",
    )
    .await?;
    let mut reply = EmbeddedReply::default();
    if pending.kind == "refund" {
        // The policy decides again inside the refund's own transaction, for exactly the amount
        // shown: if anything changed since, it refuses rather than refunding something else.
        let result = refunds::request_refund(
            &state.db,
            &state.stripe,
            shop_id,
            &order.id,
            &pending.reason_code,
            Some(pending.amount_minor),
            Actor::Assistant,
            now,
        )
        .await?;
        let card = tools::after_sale::fresh_card(ctx, order).await?;
        reply.text = embedded::after_sale::refund(ctx.locale, &card, &result);
        reply.order = Some(card);
        reply.tools.push("request_refund");
        return Ok(reply);
    }
    let preview =
        refunds::preview::preview_cancel(&state.db, shop_id, &order.id, &pending.reason_text, now)
            .await?;
    if preview.amount_minor() != pending.amount_minor {
        // The order changed since the summary (a refund, a shipment): show the new one instead.
        let outcome = offer(
            ctx,
            order,
            Action::Cancel(preview),
            &pending.reason_code,
            &pending.reason_text,
        )
        .await?;
        if let OutcomeKind::ConfirmationNeeded { card, offer } = outcome.kind {
            reply.text = offer.summary;
            reply.quick_replies = vec![offer.yes, offer.no];
            reply.order = Some(*card);
        }
        return Ok(reply);
    }
    let result = refunds::cancel_order(
        &state.db,
        &state.stripe,
        shop_id,
        &order.id,
        &pending.reason_text,
        Actor::Assistant,
        now,
    )
    .await?;
    let card = tools::after_sale::fresh_card(ctx, order).await?;
    reply.text = embedded::after_sale::cancel(ctx.locale, &card, &result);
    reply.order = Some(card);
    reply.tools.push("cancel_order");
    Ok(reply)
}

/// Spanish when the widget is Spanish or the answer is ("sí", "vale").
fn reply_locale(ctx: &ToolContext<'_>, text: &str) -> Locale {
    let folded = fold(text);
    let spanish = folded.split(|c: char| !c.is_alphanumeric()).any(|w| {
        matches!(
            w,
            "si" | "vale" | "dale" | "claro" | "adelante" | "mantener" | "venga"
        )
    });
    if ctx.locale == Locale::Es || spanish {
        Locale::Es
    } else {
        Locale::En
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The answer to a cancellation's offer when the text speaks of cancelling, else to a
    /// refund's.
    fn read(text: &str) -> Answer {
        let folded = fold(text);
        if folded.contains("cancel") || folded.contains("anul") {
            answer(text, "Yes, cancel and refund $35.31", "No, keep my order")
        } else {
            answer(text, "Yes, refund $30.31", "No, keep my order")
        }
    }

    #[test]
    fn a_chip_or_a_short_yes_in_either_language_is_a_yes() {
        for text in [
            "Yes, refund $30.31",
            "yes",
            "Bueno ya.",
            // A "but" that only hurries it along.
            "Yes but quickly, I'm back on the ward in five minutes",
            "ja. takk",
            "Sí, pero rápido que se me acaba el break",
            "Yes b'y, go ahead with that. Thank you my love, you're some good.",
            "Go on then, my 'ansum. Do it now rather than dreckly, if you would.",
            "Sí señor, hágame el favor. Y disculpe la molestia, es que uno ya no se entiende con estos aparatos. Dios le pague.",
            "yes please. sorry, been on call for 30 hours so I'm not thinking straight",
            "Ah bueno. Sí, dale pues, devolvémela.",
            "Yes, please, you can do it. Thank you very much, you are very kind!",
            "ya go ahead thx",
            "the refund, go ahead",
            "Yes, kindly do the needful. Jazak Allah.",
            "YES. That's what I said. Refund it.",
            "YES. WHAT DID I JUST SAY. REFUND IT.",
            "Yes please",
            "Affirmative.",
            "Righto, do that then.",
            "cheque, si, haganlo",
            "yeah go on then ta la me nan'll be made up",
            "Ar. About time summat was easy.",
            "ya pues hacelo",
            "simon arre",
            "Yes, go right ahead, dear. Lord willing I won't bother you again. Opal",
            "ok",
            "sí",
            "Sí, vale",
            "vale",
            "go ahead",
            "yes, do it",
            "dale, por favor",
            "sí sí adelante hija",
            "sip, hazlo porfis",
            "Sí, proceda usted, por favor.",
            "Go on so, do. Thanks a million.",
            "ya pe, confirmado",
            "tuanis, dele",
            "ea, tira palante",
            "yessir, pull the trigger",
            "oui, go ahead, merci",
            "yes please cancel it",
            "Que sí, ho, que sí. Cancélalo ya.",
            "Aye, go on then, do that. Ta very much. Cheers, Morag",
            "yes, Gloria, go ahead",
            "aye thats it",
            "si mi amor dale, devuelvemela",
            "yes honey go ahead full stop",
            "yes, refund me",
            "sí, cancélalo por favor",
            "sí, devuélveme el dinero",
            "ok go ahead and cancel",
            "please do",
            "de acuerdo",
            "Yes, I confirm the refund.",
            "Sí, confirmo el reembolso.",
            "ok, procede",
            "va, sí",
            "yes I'd like that",
            "Sí, por favor, se lo agradezco",
            "yes, much appreciated",
            "siii",
            "yesss",
            "sip",
            "si porfavor",
            "claro que sí",
            "of course",
            "go for it",
            "yes, that's right",
            "bueno, sí",
            "dale nomás",
            "yeah go on",
            "Conforme",
            "Yes, that would be most kind",
            "listo, gracias",
            "si parce",
            "yes mate",
            "Yes, kindly proceed.",
            "yes kindly do the needful",
            "YES PLEASE GO AHEAD",
            "sí señor, muchas gracias, Dios le bendiga",
            "yesss omg thank u",
            "simón",
            "sweet as, that works",
            "Very well. Please proceed with it.",
            "bet run it",
            "Grand, go on so",
            "Yeah that's grand, sound",
            "deadass yes go ahead",
            "Listo, de una",
            "ya pues, al toque",
            "órale, sí",
            "sí, anúlala",
            "Yes, please do. Thank you ever so much, you have been most patient.",
            "Sí, adelante. Muchas gracias por la paciencia.",
            "Yes, go ahead please. Gloria",
            "All right then, yes.",
            "yes, obviously",
            "yes obviously",
            "Ya, está bien",
            "ok can, yes",
            "sweet as, yes",
            "que sí, quillo",
            "Sí, por favor. Se lo agradezco mucho, joven.",
            "sí, cancélala por favor",
            "AYE, GO AHEAD",
            "ye do it",
            "sipo",
            "Sí señor, hágame el favor. Muy amable, Dios le pague.",
        ] {
            assert_eq!(read(text), Answer::Yes, "{text}");
        }
    }

    #[test]
    fn a_yes_that_asks_to_cancel_does_not_confirm_a_refund() {
        let refund = |t: &str| answer(t, "Yes, refund $30.31", "No, keep my order");
        assert_eq!(refund("yes, cancel it"), Answer::Other);
        assert_eq!(refund("sí, anúlalo"), Answer::Other);
        assert_eq!(refund("yes, refund me"), Answer::Yes);
        let cancel = |t: &str| answer(t, "Yes, cancel and refund $35.31", "No, keep my order");
        assert_eq!(cancel("yes cancel and refund it"), Answer::Yes);
    }

    #[test]
    fn the_action_turned_down_anywhere_in_the_answer_is_a_no() {
        let cancel = |t: &str| answer(t, "Yes, cancel and refund $35.31", "No, keep my order");
        let refund = |t: &str| answer(t, "Yes, refund $30.31", "No, keep my order");
        assert_eq!(
            refund("wait nah brah, no refund. my cousin like um, I going give um to him"),
            Answer::No
        );
        assert_eq!(
            cancel(
                "actually you know what never mind don't cancel it I'll just give it to my brother"
            ),
            Answer::No
        );
        assert_eq!(cancel("espera, no lo canceles, me lo quedo"), Answer::No);
        // A story, then a last sentence that turns it down (whatever the story's own
        // action words: the other hat is the one to go back).
        assert_eq!(
            cancel("nono pará!! me escribe mi vieja q el de la feria es horrible y q lo va a devolver jaja. dejalo, no canceles nada!"),
            Answer::No
        );
        // A "sí" that only stresses its verb before it says no yes.
        assert_eq!(
            refund("Ay no, espérate, no hagas nada. Chica, yo sí salgo, los jueves llevo al nene a la plaza y ese viento es burda de frío. Me lo quedo"),
            Answer::No
        );
        assert_ne!(refund("Sí, lo pensé mejor. Me lo quedo"), Answer::No);
        // A last sentence about nothing of the order turns nothing down.
        assert_ne!(refund("Go ahead. No worries."), Answer::No);
        assert_ne!(refund("Refund it. No rush."), Answer::No);
        // However long the reason after it.
        assert_eq!(
            cancel(
                "oh no hang on love don't cancel it I'll give it to his brother in Hobart \
                 instead he feels the cold terribly full stop sorry to muck you about"
            ),
            Answer::No
        );
        // Turned down and asked again, or asked about: not a no.
        assert_eq!(refund("no refund, cancel it instead"), Answer::Other);
        assert_eq!(
            cancel("so if I don't cancel, when does it ship?"),
            Answer::Other
        );
        // Without an offer there is nothing to turn down.
        assert_eq!(answer("don't cancel it", "", ""), Answer::Other);
    }

    #[test]
    fn a_yes_said_again_confirms_only_the_action_offered() {
        let cancel = |t: &str| answer(t, "Yes, cancel and refund $35.31", "No, keep my order");
        let refund = |t: &str| answer(t, "Yes, refund $30.31", "No, keep my order");
        assert_eq!(cancel("YES. That's what I said. Cancel it."), Answer::Yes);
        assert_eq!(refund("YES. That's what I said. Cancel it."), Answer::Other);
        assert_eq!(refund("Yes. Show me hoodies."), Answer::Other);
        assert_eq!(refund("ok. what about the other one"), Answer::Other);
        // Action words alone are no yes.
        assert_eq!(refund("the refund"), Answer::Other);
        assert_eq!(cancel("cancel my order"), Answer::Other);
    }

    #[test]
    fn going_ahead_said_anywhere_and_not_turned_down_takes_up_an_invitation() {
        for text in [
            "Oya, no wahala. Go ahead.",
            "Well alright then, go on ahead.",
            "Sí, hágale nomás por favor.",
            "ok do it",
        ] {
            assert!(says_go_ahead(text), "{text}");
        }
        for text in [
            "don't go ahead",
            "no, no lo hagas",
            "should I go ahead?",
            "ok thanks",
            "never mind",
        ] {
            assert!(!says_go_ahead(text), "{text}");
        }
    }

    #[test]
    fn a_thank_you_only_acknowledges() {
        for text in [
            "ok fine. thanks i guess",
            "Vale. Gràcies.",
            "ok thanks",
            "perfecto, muchas gracias",
            "Ok noted, thanks for the revert",
            "Vale, mola. ¡Gracias!",
            "Sound, thanks a million",
            "Vale, perfecto, xa está. Graciñas!",
            "Cheque, muchas gracias.",
            "Righto, cheers mate",
        ] {
            assert!(acknowledges_only(text), "{text}");
        }
        for text in [
            "yes please, thanks",
            "ok do it, thanks",
            "sí, gracias",
            "yeah go on, thanks",
            "vale, cancélalo, gracias",
            "thanks",
            "ok",
        ] {
            let only_thanks = text == "thanks";
            assert_eq!(acknowledges_only(text), only_thanks, "{text}");
        }
    }

    #[test]
    fn a_no_or_anything_else_is_not_a_yes() {
        for text in [
            "No, keep my order",
            "no",
            "nope",
            "mejor no",
            "no thanks",
            "no, never mind, keep my order",
            "nah leave it",
            "no, mejor no, lo dejo como está",
            "no, I don't want to cancel anymore",
            "nah hold up, my flatmate reckons hell buy it off me. dont refund it",
            "Oh dear, on second thoughts I believe I shall keep it after all. Do forgive me for the bother.",
            "actually I'll keep it",
            "bueno, me lo quedo",
            "Ay no, disculpe, mejor no nomás. Me lo voy a quedar para mi nietito, ya.",
            "NOW HOLD ON HONEY DONT DO THAT. MY SISTER LORETTA IN MEMPHIS IS ALWAYS COLD I RECKON ILL SEND IT TO HER. YOU CAN LEAVE IT BE",
            "No. Hold on. Don't. She says she'll wear it herself and I'm not hearing about this for a week. Forget I said anything.",
            "No, no, mejor dejalo, hombré. Fijate que lo quiero para cuando vaya a ver a mi hija a Estelí, que allá sí hace fresco. Me lo quedo.",
            "oh no wait, never mind, keep it. my daughter says it looks lovely",
            "actually leave it, she'll be right. winter's long here anyway",
            "mejor déjalo así, gracias",
            "Mejor no, fíjese. Se lo voy a dar a mi esposo, a él no le pica nada. Déjelo así.",
            "wait no dont. leave it ill keep it, its tidy and its my money anyway 🙄",
            // "Bueno ya" is a yes only alone: not before a no or a keeping.
            "bueno ya, mejor no lo hagas",
            "bueno ya, me lo quedo",
            "Oh wait, wait! Tere just messaged me, he already lost the one from his aunty at the rugby, aue that boy! Leave it, don't give me back the money, he needs mine now hehe",
        ] {
            assert_eq!(read(text), Answer::No, "{text}");
        }
        // Laughter is no "ja".
        assert_eq!(read("ja ja ja"), Answer::Other);
        assert_eq!(read("JA JA, que gracioso"), Answer::Other);
        // A "wait" that runs on into a question doubts the keeping.
        assert_eq!(
            read("wait a minute what about the shipping I paid five bucks for shipping do I get that back too or whaddaya keep it"),
            Answer::Other
        );
        for text in [
            "what's your refund policy?",
            "yes but how long does it take?",
            "yes? how much exactly",
            "sí, pero espera",
            "sí, pero ya no quiero nada",
            "yes but quickly tell me how much",
            "ok wait, not that order",
            "ok so where is my refund",
            "ya lo recibí, gracias",
            "yes I also want to know about shipping",
            "is it too late to cancel my order?",
            "I want a refund",
            "va",
            "",
            "thanks",
            "never mind that, show me hoodies",
            "sale",
            // The English word: a way to be paid, no yes to the offer.
            "By cheque",
            "I'd rather a cheque",
            "cheque please",
            "ok be right back",
            "would be",
            "no, but when will it ship?",
            "ok so can I keep it if I get the refund?",
            "Yes. Thanks, but cancel my other order instead.",
            "Right. Ta-ra-a-bit.",
            "Yes. I'd rather keep it.",
            "Yes. Actually I changed my mind.",
            "Yes. Hold on a second.",
            "Sí, dale. Bueno no, mejor me lo quedo.",
            "Yes. Wait, not that order.",
            "Yes please. And show me some hats, thanks.",
            "ok thanks bye",
            "ok I see",
            "ok, I see",
            "sure, tomorrow",
            "ok hmm",
            "maybe yes",
            "the other one, yes",
            "where is it, yes",
            "yes refund 10 dollars",
            "ok so where is my refund then",
            "the colour isn't right",
            "the colour isnt right",
            "are you sure",
            "is that right",
            "yes, wait, how much",
            "sí, pero, ¿cuándo llega?",
            "ok, tomorrow, yes",
            "Yes. Thanks, but",
            "Yes. Thanks, wait",
            "No. Show me some hats instead.",
            "No. When does it arrive?",
        ] {
            assert_eq!(read(text), Answer::Other, "{text}");
        }
    }

    #[test]
    fn a_yes_that_keeps_the_order_or_lets_it_be_is_no_yes() {
        for text in [
            "sí, me lo quedo",
            "simón, me lo quedo",
            "andale pues me lo quedo",
            "yes, forget it",
            "sí, déjalo",
            "ya po, déjalo",
            "ándale pues, olvídalo",
            "ok never mind",
        ] {
            assert_ne!(read(text), Answer::Yes, "{text}");
        }
    }

    #[test]
    fn waiting_and_nothing_else_is_a_no() {
        for text in [
            "wait not yet",
            "hold on",
            "hang on, not yet please",
            "espera, todavía no",
            "aún no",
        ] {
            assert_eq!(read(text), Answer::No, "{text}");
        }
        for text in [
            "wait, how much comes back?",
            "not yet shipped, right? then yes",
            "hold on, cancel it instead",
            "wait ok yes do it",
        ] {
            assert_ne!(read(text), Answer::No, "{text}");
        }
    }

    #[test]
    fn a_no_turned_by_a_word_then_a_yes_is_a_yes() {
        for text in ["No no, bueno, refund it, yes", "no, ok, go ahead, yes"] {
            assert_eq!(read(text), Answer::Yes, "{text}");
        }
        for text in [
            "No no, bueno, keep it, yes",
            "no, well, don't refund it, yes I'm sure",
            "No, bueno, ¿y el envío?, yes",
            "no, ok",
            "No no, refund it later maybe, yes",
            "no, ok, forget it, yes",
            "no, ok, I'll think about it, yes",
            "no, well, hold on, yes",
            "no, bueno, déjalo, sí",
            "no, vale, olvídalo, sí",
            "no, ok, nevermind, yes",
            "no, fine, don't bother, yes",
        ] {
            assert_ne!(read(text), Answer::Yes, "{text}");
        }
    }

    #[test]
    fn regional_yeses_and_a_yes_that_insists_are_a_yes() {
        for text in [
            "VAYA PUES, SI. DEVOLVEME EL PISTO",
            "ándale pues sí regrésemelo gracias compa",
            "simón de ley",
            "ya po, eso te dije",
            "Yes. That is precisely what I meant; please go ahead.",
        ] {
            assert_eq!(read(text), Answer::Yes, "{text}");
        }
        // Nothing else about them makes a yes of a doubt, a question or a no.
        for text in [
            "vaya, no sé",
            "vaya pues, ¿y cuánto me devuelven?",
            "ándale pues, pero mejor mañana",
            "simón, pero no lo canceles todavía",
            "ya po, ¿y el envío?",
            "That is precisely what I meant. No, keep it.",
            "de ley que me lo quedo",
        ] {
            assert_ne!(read(text), Answer::Yes, "{text}");
        }
    }
}
