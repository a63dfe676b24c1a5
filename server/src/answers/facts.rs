//! Answers written from what the shop already configured, so a merchant types nothing: shipping
//! (flat rate, free-shipping threshold), the countries it ships to, delivery times, tax,
//! the payment methods actually enabled, the refund policy and how to reach a person. They
//! are rebuilt from the settings on every change.

use shopchat_protocol::{BuyingMode, Currency, PaymentProvider};

use super::{Entry, EntryLanguage, Topic};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::locale::Locale;
use crate::money::money_label;
use crate::payments::{ProviderChoice, HAS_STRIPE_SECRET};
use crate::refunds::policy::{PolicyRow, RefundPolicy, POLICY_COLUMNS};
use crate::shop::delivery::{parse_transit, Delivery};

/// The settings the generated answers are written from.
#[derive(Debug, Clone)]
pub struct ShopFacts {
    pub currency: Currency,
    pub shipping_flat_minor: i64,
    pub free_shipping_over_minor: Option<i64>,
    pub tax_rate_bps: i64,
    pub tax_inclusive: bool,
    /// Upper-case ISO codes; empty: anywhere.
    pub ship_to: Vec<String>,
    pub delivery: Delivery,
    pub payments: PaymentProvider,
    /// Where shoppers pay: in the chat, at the store's own cart, or either.
    pub buying: BuyingMode,
    pub refund_policy: RefundPolicy,
    pub refund_from_delivery: bool,
    pub handoff_reply_hours: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct Row {
    currency: String,
    shipping_flat_minor: i64,
    free_shipping_over_minor: Option<i64>,
    tax_rate_bps: i64,
    #[sqlx(try_from = "crate::db::Flag")]
    tax_inclusive: bool,
    ship_to_countries: String,
    processing_days: i64,
    transit_days_min: i64,
    transit_days_max: i64,
    transit_by_country: String,
    time_zone: String,
    refund_window_from: String,
    handoff_reply_hours: Option<i64>,
    #[sqlx(try_from = "crate::db::Flag")]
    has_stripe_secret: bool,
    buying_mode: String,
    #[sqlx(flatten)]
    policy: PolicyRow,
}

impl ShopFacts {
    pub async fn load(db: &DbPool, shop_id: i64) -> Result<ShopFacts, ApiError> {
        // One statement for all of the shop's row the answers need.
        let row: Row = sqlx::query_as(&format!(
            "select currency, shipping_flat_minor, free_shipping_over_minor, tax_rate_bps,
                    tax_inclusive, ship_to_countries, processing_days, transit_days_min,
                    transit_days_max, transit_by_country, time_zone, refund_window_from,
                    handoff_reply_hours, {HAS_STRIPE_SECRET} as has_stripe_secret, buying_mode,
                    {POLICY_COLUMNS}
             from shop where id = $1"
        ))
        .bind(shop_id)
        .fetch_optional(db)
        .await?
        .ok_or(ApiError::UnknownShop)?;
        Ok(ShopFacts {
            currency: Currency::parse(&row.currency)
                .unwrap_or_else(|| Currency::parse("USD").expect("USD is valid")),
            shipping_flat_minor: row.shipping_flat_minor,
            free_shipping_over_minor: row.free_shipping_over_minor,
            tax_rate_bps: row.tax_rate_bps,
            tax_inclusive: row.tax_inclusive,
            ship_to: parse_countries(&row.ship_to_countries),
            delivery: Delivery {
                processing_days: row.processing_days,
                transit: (row.transit_days_min, row.transit_days_max),
                by_country: parse_transit(&row.transit_by_country),
                time_zone: row.time_zone,
            },
            payments: ProviderChoice::provider_given(row.has_stripe_secret),
            buying: BuyingMode::parse(&row.buying_mode).unwrap_or_default(),
            refund_policy: RefundPolicy::from(row.policy),
            refund_from_delivery: row.refund_window_from == "delivery",
            handoff_reply_hours: row.handoff_reply_hours,
        })
    }

    /// True when the shop ships to this country (ISO code).
    pub fn ships_to(&self, country: &str) -> bool {
        self.ship_to.is_empty() || self.ship_to.iter().any(|c| c.eq_ignore_ascii_case(country))
    }
}

/// `["US","CA"]` → codes; anything unreadable is no list (anywhere).
pub fn parse_countries(json: &str) -> Vec<String> {
    serde_json::from_str::<Vec<String>>(json)
        .unwrap_or_default()
        .into_iter()
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| c.len() == 2)
        .collect()
}

/// Every generated answer, in English and in Spanish.
pub fn generated(facts: &ShopFacts) -> Vec<Entry> {
    let mut out = Vec::new();
    for locale in [Locale::En, Locale::Es] {
        let language = match locale {
            Locale::En => EntryLanguage::En,
            Locale::Es => EntryLanguage::Es,
        };
        let mut add = |topic: Topic, question: &str, answer: String| {
            out.push(Entry {
                topic,
                faq_id: None,
                question: question.to_owned(),
                answer,
                language,
            });
        };
        add(
            Topic::Shipping,
            match locale {
                Locale::En => "How much is shipping? What does delivery cost? Shipping fee, postage, delivery charge. Is there free shipping?",
                Locale::Es => "¿Cuánto cuesta el envío? ¿Cuánto cobran por enviar? Gastos de envío, costo del envío, tarifa de envío. ¿Hay envío gratis?",
            },
            shipping(facts, locale),
        );
        let names = country_names(locale);
        let question = match locale {
            Locale::En => format!("Do you ship or deliver to my country? Which countries do you ship to? International shipping, worldwide delivery, ship abroad. {names}"),
            Locale::Es => format!("¿Hacen envíos a mi país? ¿Envían o entregan en mi país? ¿A qué países envían? Envíos internacionales, al extranjero, a todo el mundo. {names}"),
        };
        add(Topic::Countries, &question, countries(facts, locale));
        add(
            Topic::Delivery,
            match locale {
                Locale::En => "How long does delivery take? How long does shipping take? How many days until it arrives? Delivery time, shipping time, when will it arrive, how fast do you ship.",
                Locale::Es => "¿Cuánto tarda el envío? ¿Cuánto tarda en llegar? ¿Cuántos días tarda la entrega? Plazo de entrega, tiempo de envío, cuándo llega, qué tan rápido envían.",
            },
            delivery_times(facts, locale),
        );
        add(
            Topic::Tax,
            match locale {
                Locale::En => "Do prices include tax? Is VAT included? Sales tax, taxes, duties.",
                Locale::Es => {
                    "¿Los precios incluyen impuestos? ¿Está incluido el IVA? Impuestos, tasas."
                }
            },
            tax(facts, locale),
        );
        add(
            Topic::Payments,
            match locale {
                Locale::En => "Which payment methods do you accept? How can I pay? Do you take credit cards, debit cards, PayPal, Apple Pay? Payment options.",
                Locale::Es => "¿Qué métodos de pago aceptan? ¿Cómo puedo pagar? ¿Aceptan tarjeta de crédito, débito, PayPal? Formas de pago.",
            },
            payments(facts, locale),
        );
        add(
            Topic::Returns,
            match locale {
                Locale::En => "What is your return policy? Refund policy, returns, exchanges. How long do I have to return something? Can I get my money back?",
                Locale::Es => "¿Cuál es su política de devoluciones? Política de reembolsos, devoluciones, cambios. ¿Cuánto tiempo tengo para devolver algo?",
            },
            crate::answers::refund_policy::describe(
                locale,
                &facts.refund_policy,
                facts.refund_from_delivery,
                facts.currency,
            ),
        );
        add(
            Topic::Support,
            match locale {
                Locale::En => "How can I contact you? Customer service, support, phone, email, talk to someone. How long do you take to reply?",
                Locale::Es => "¿Cómo puedo contactar con ustedes? Atención al cliente, soporte, teléfono, correo, hablar con alguien. ¿Cuánto tardan en responder?",
            },
            support(facts, locale),
        );
    }
    out
}

fn shipping(facts: &ShopFacts, locale: Locale) -> String {
    let flat = money_label(facts.shipping_flat_minor, facts.currency);
    let free = facts
        .free_shipping_over_minor
        .map(|m| money_label(m, facts.currency));
    match (locale, facts.shipping_flat_minor, free) {
        (Locale::En, 0, _) => "Shipping is free on every order.".into(),
        (Locale::Es, 0, _) => "El envío es gratis en todos los pedidos.".into(),
        (Locale::En, _, Some(free)) => {
            format!("Shipping is a flat {flat} per order, and free on orders of {free} or more.")
        }
        (Locale::Es, _, Some(free)) => {
            format!("El envío cuesta {flat} por pedido, y es gratis en pedidos de {free} o más.")
        }
        (Locale::En, _, None) => format!("Shipping is a flat {flat} per order."),
        (Locale::Es, _, None) => format!("El envío cuesta {flat} por pedido."),
    }
}

fn countries(facts: &ShopFacts, locale: Locale) -> String {
    if facts.ship_to.is_empty() {
        return match locale {
            Locale::En => "We ship to every country.".into(),
            Locale::Es => "Enviamos a todos los países.".into(),
        };
    }
    let list = join(
        &facts
            .ship_to
            .iter()
            .map(|c| country_name(c, locale).unwrap_or(c).to_owned())
            .collect::<Vec<_>>(),
        locale,
    );
    match locale {
        Locale::En => format!("We ship to {list}."),
        Locale::Es => format!("Enviamos a {list}."),
    }
}

fn delivery_times(facts: &ShopFacts, locale: Locale) -> String {
    let d = &facts.delivery;
    let range = |(a, b): (i64, i64)| {
        if a == b {
            a.to_string()
        } else {
            format!("{a}–{b}")
        }
    };
    let prepared = d.processing_days;
    let others: Vec<String> = d
        .by_country
        .iter()
        .filter(|(c, _)| facts.ships_to(c))
        .map(|(c, days)| format!("{} {}", country_name(c, locale).unwrap_or(c), range(*days)))
        .collect();
    let others = if others.is_empty() {
        String::new()
    } else {
        match locale {
            Locale::En => format!(" Elsewhere it takes: {}.", others.join(", ")),
            Locale::Es => format!(" A otros destinos: {}.", others.join(", ")),
        }
    };
    let transit = range(d.transit);
    // ("1 business day", "2 business days": not "day(s)".)
    let (en_days, es_days) = if prepared == 1 {
        ("business day", "día laborable")
    } else {
        ("business days", "días laborables")
    };
    match locale {
        Locale::En => format!("Orders are prepared within {prepared} {en_days}, then take {transit} business days to arrive.{others} Days are counted Monday to Friday."),
        Locale::Es => format!("Preparamos los pedidos en {prepared} {es_days} y después tardan {transit} días laborables en llegar.{others} Se cuentan días de lunes a viernes."),
    }
}

fn tax(facts: &ShopFacts, locale: Locale) -> String {
    let rate = facts.tax_rate_bps as f64 / 100.0;
    match (locale, facts.tax_rate_bps, facts.tax_inclusive) {
        (Locale::En, 0, _) => {
            "No tax is added: the price you see is the price you pay (plus shipping).".into()
        }
        (Locale::Es, 0, _) => {
            "No se añaden impuestos: pagas el precio que ves (más el envío).".into()
        }
        (Locale::En, _, true) => format!("Prices include {rate}% tax."),
        (Locale::Es, _, true) => format!("Los precios incluyen un {rate} % de impuestos."),
        (Locale::En, _, false) => {
            format!("Prices don't include tax: {rate}% is added at checkout.")
        }
        (Locale::Es, _, false) => {
            format!("Los precios no incluyen impuestos: se añade un {rate} % al pagar.")
        }
    }
}

fn payments(facts: &ShopFacts, locale: Locale) -> String {
    let store_cart = match locale {
        Locale::En => "You add what you choose to the shop's own cart from the chat and pay at the shop's checkout, with the payment methods it offers there.",
        Locale::Es => "Añades lo que elijas al carrito de la tienda desde el chat y pagas en la caja de la tienda, con los medios de pago que ofrece allí.",
    };
    let in_chat = in_chat_payments(facts, locale);
    match facts.buying {
        BuyingMode::Chat => in_chat,
        BuyingMode::Cart => store_cart.to_owned(),
        BuyingMode::Both => {
            let or = match locale {
                Locale::En => "Or, if you prefer:",
                Locale::Es => "O, si lo prefieres:",
            };
            format!("{in_chat} {or} {}", store_cart.to_lowercase())
        }
    }
}

fn in_chat_payments(facts: &ShopFacts, locale: Locale) -> String {
    match (&facts.payments, locale) {
        (PaymentProvider::Demo, Locale::En) => "You pay right here in the chat by card. This shop uses a test payment gateway: no real money is charged (try card 4242 4242 4242 4242).".into(),
        (PaymentProvider::Demo, Locale::Es) => "Pagas aquí mismo en el chat con tarjeta. Esta tienda usa una pasarela de pago de prueba: no se cobra dinero real (prueba la tarjeta 4242 4242 4242 4242).".into(),
        (PaymentProvider::Stripe, Locale::En) => "You pay right here in the chat by credit or debit card (Visa, Mastercard, American Express and others), securely through Stripe.".into(),
        (PaymentProvider::Stripe, Locale::Es) => "Pagas aquí mismo en el chat con tarjeta de crédito o débito (Visa, Mastercard, American Express y otras), de forma segura con Stripe.".into(),
    }
}

fn support(facts: &ShopFacts, locale: Locale) -> String {
    let reply = crate::handoff::expected_reply(locale, facts.handoff_reply_hours);
    match locale {
        Locale::En => format!("Ask me to talk to a person and I'll pass this conversation to the shop's team. {reply}"),
        Locale::Es => format!("Pídeme hablar con una persona y pasaré esta conversación al equipo de la tienda. {reply}"),
    }
}

fn join(items: &[String], locale: Locale) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => {
            let and = match locale {
                Locale::En => "and",
                Locale::Es => "y",
            };
            format!("{} {and} {last}", rest.join(", "))
        }
    }
}

/// (ISO code, English name, Spanish name) of the countries shoppers name most.
#[rustfmt::skip]
pub const COUNTRIES: &[(&str, &str, &str)] = &[
    ("US", "the United States", "Estados Unidos"), ("CA", "Canada", "Canadá"),
    ("MX", "Mexico", "México"), ("ES", "Spain", "España"), ("GB", "the United Kingdom", "Reino Unido"),
    ("IE", "Ireland", "Irlanda"), ("FR", "France", "Francia"), ("DE", "Germany", "Alemania"),
    ("IT", "Italy", "Italia"), ("PT", "Portugal", "Portugal"), ("NL", "the Netherlands", "Países Bajos"),
    ("BE", "Belgium", "Bélgica"), ("CH", "Switzerland", "Suiza"), ("AT", "Austria", "Austria"),
    ("SE", "Sweden", "Suecia"), ("NO", "Norway", "Noruega"), ("DK", "Denmark", "Dinamarca"),
    ("FI", "Finland", "Finlandia"), ("PL", "Poland", "Polonia"), ("AR", "Argentina", "Argentina"),
    ("CL", "Chile", "Chile"), ("CO", "Colombia", "Colombia"), ("PE", "Peru", "Perú"),
    ("UY", "Uruguay", "Uruguay"), ("VE", "Venezuela", "Venezuela"), ("EC", "Ecuador", "Ecuador"),
    ("BO", "Bolivia", "Bolivia"), ("PY", "Paraguay", "Paraguay"), ("CR", "Costa Rica", "Costa Rica"),
    ("PA", "Panama", "Panamá"), ("DO", "the Dominican Republic", "República Dominicana"),
    ("GT", "Guatemala", "Guatemala"), ("PR", "Puerto Rico", "Puerto Rico"), ("BR", "Brazil", "Brasil"),
    ("AU", "Australia", "Australia"), ("NZ", "New Zealand", "Nueva Zelanda"), ("JP", "Japan", "Japón"),
    ("CN", "China", "China"), ("IN", "India", "India"),
];

pub fn country_name(code: &str, locale: Locale) -> Option<&'static str> {
    COUNTRIES
        .iter()
        .find(|(c, _, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, en, es)| match locale {
            Locale::En => *en,
            Locale::Es => *es,
        })
}

fn country_names(locale: Locale) -> String {
    COUNTRIES
        .iter()
        .map(|(_, en, es)| match locale {
            Locale::En => en.trim_start_matches("the "),
            Locale::Es => es,
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The country a message names ("do you ship to Canada?", "¿envían a méxico?"), if any.
pub fn country_in(message: &str) -> Option<&'static str> {
    let text = format!(" {} ", crate::text::words(message).join(" "));
    COUNTRIES.iter().find_map(|(code, en, es)| {
        let named = |name: &str| {
            let name = crate::text::words(name.trim_start_matches("the ")).join(" ");
            text.contains(&format!(" {name} "))
        };
        (named(en) || named(es)).then_some(*code)
    })
}
