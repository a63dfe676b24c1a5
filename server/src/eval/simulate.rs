//! `simulate`: plays scripted shopper conversations against the embedded assistant and checks
//! each answer the way a merchant would (cards of the right type within the budget, the
//! right action taken, an honest "nothing matches"). Prints the resolution rate per kind of
//! scenario and per language, and the transcript of every failure.

use std::collections::BTreeMap;
use std::fmt;

use anyhow::Context;
use serde::Deserialize;
use std::path::PathBuf;

use shopchat_protocol::{Address, CreateOrderRequest, OrderStatus, PaymentProvider};

use crate::assistant::consent;
use crate::assistant::embedded::{self, dialogue::DialogueState, EmbeddedReply};
use crate::assistant::tools::ToolContext;
use crate::audit::Actor;
use crate::config::Settings;
use crate::http::state::AppState;
use crate::locale::Locale;
use crate::money::parse_decimal_minor;
use crate::shop::{Shop, ShopKey, DEMO_SHOP_KEY};
use crate::{catalog, db};

/// The scenarios shipped with Shopchat, run against the demo catalog.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("en.toml", include_str!("../../eval/scenarios/en.toml")),
    ("es.toml", include_str!("../../eval/scenarios/es.toml")),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// `en` or `es`: the widget's language for every scenario in the file.
    pub language: String,
    /// A Shopify product CSV (relative to the scenario file) to run against instead of the
    /// demo catalog: it is imported into a shop of its own in the throw-away database.
    pub catalog: Option<String>,
    pub scenario: Vec<Scenario>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    /// What kind of request it is (`recommend`, `refine`, `refund`…): results are grouped by it.
    pub kind: String,
    /// The conversation bought one product before the first turn (paid, not shipped): a
    /// beanie when the catalog has one, else its cheapest product in stock. The catalog's
    /// stock is left as it was.
    #[serde(default)]
    pub purchased: bool,
    pub turns: Vec<Turn>,
}

/// One thing the shopper says and what the answer must satisfy. Prices are in major units.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Turn {
    pub say: String,
    /// Every card's product type is one of these.
    pub cards_type: Option<Vec<String>>,
    /// Every card costs at most this much.
    pub max_price: Option<toml::Value>,
    /// Every card costs at least this much.
    pub min_price: Option<toml::Value>,
    /// At least this many cards (1 whenever another card check is given).
    pub min_cards: Option<usize>,
    #[serde(default)]
    pub no_cards: bool,
    /// This tool was called.
    pub tool: Option<String>,
    /// None of these tools was carried out this turn.
    pub not_tool: Option<Vec<String>>,
    /// Some quick-reply chip contains one of these (case-insensitive).
    pub quick_reply_has: Option<Vec<String>>,
    /// The reply text contains one of these (case-insensitive).
    pub text_has: Option<Vec<String>>,
    /// Some card's title contains this (case-insensitive).
    pub title_has: Option<String>,
    /// Every card is cheaper than the cheapest card of the previous turn.
    #[serde(default)]
    pub cheaper_than_previous: bool,
    /// No card of the previous turn is shown again.
    #[serde(default)]
    pub not_previous: bool,
}

/// The result of a simulation.
#[derive(Debug, Default)]
pub struct SimulationReport {
    /// (language, kind) → (resolved, total)
    pub by_kind: BTreeMap<(String, String), (usize, usize)>,
    pub failures: Vec<String>,
}

impl SimulationReport {
    /// Adds another run's results.
    pub fn merge(&mut self, other: SimulationReport) {
        for (key, (ok, all)) in other.by_kind {
            let entry = self.by_kind.entry(key).or_default();
            entry.0 += ok;
            entry.1 += all;
        }
        self.failures.extend(other.failures);
    }

    /// (resolved, total) over one language.
    pub fn language(&self, language: &str) -> (usize, usize) {
        self.by_kind
            .iter()
            .filter(|((lang, _), _)| lang == language)
            .fold((0, 0), |(r, t), (_, (ok, all))| (r + ok, t + all))
    }
}

/// Runs every scenario of `files` against `shop`'s catalog.
pub async fn simulate(
    state: &AppState,
    shop: &Shop,
    files: &[ScenarioFile],
) -> anyhow::Result<SimulationReport> {
    let mut report = SimulationReport::default();
    for file in files {
        let locale = Locale::parse(&file.language);
        for scenario in &file.scenario {
            let failure = run_scenario(state, shop, locale, scenario).await?;
            let entry = report
                .by_kind
                .entry((file.language.clone(), scenario.kind.clone()))
                .or_default();
            entry.1 += 1;
            match failure {
                None => entry.0 += 1,
                Some(transcript) => report.failures.push(format!(
                    "[{}] {} ({})\n{transcript}",
                    file.language, scenario.name, scenario.kind
                )),
            }
        }
    }
    Ok(report)
}

/// Plays one scenario in a fresh conversation; `Some(transcript)` when a check failed.
async fn run_scenario(
    state: &AppState,
    shop: &Shop,
    locale: Locale,
    scenario: &Scenario,
) -> anyhow::Result<Option<String>> {
    let conversation_id = format!("simulation-{}", rand::random::<u64>());
    sqlx::query(
        "insert into conversation (id, shop_id, token_hash, locale) values ($1, $2, '', $3)",
    )
    .bind(&conversation_id)
    .bind(shop.id)
    .bind(locale.tag())
    .execute(&state.db)
    .await?;
    let deps = state.assistant();
    let ctx = ToolContext {
        deps: &deps,
        shop,
        conversation_id: &conversation_id,
        locale,
        page_product: None,
        shopper: None,
    };
    if scenario.purchased {
        buy_something(state, shop, &conversation_id).await?;
    }
    let mut dialogue = DialogueState::default();
    let mut transcript = String::new();
    let mut previous: Option<EmbeddedReply> = None;
    let mut failed = false;
    for turn in &scenario.turns {
        // No read ahead here: taking an offer that isn't there changes nothing.
        let reply = match consent::before_turn(&ctx, &turn.say, true).await? {
            consent::BeforeTurn::Answered(reply) => *reply,
            consent => {
                consent.note(&mut dialogue);
                let reply = embedded::respond(&ctx, &mut dialogue, &turn.say).await?;
                consent.keep(&mut dialogue, &reply);
                reply
            }
        };
        let problems = check(state, shop, turn, &reply, previous.as_ref()).await?;
        transcript.push_str(&format!(
            "  shopper: {}\n  assistant: {}\n",
            turn.say,
            reply.text.replace('\n', " ")
        ));
        for card in &reply.products {
            transcript.push_str(&format!(
                "    card: {} — {} (#{})\n",
                card.title, card.price.minor, card.product_id
            ));
        }
        if !reply.tools.is_empty() {
            transcript.push_str(&format!("    tools: {}\n", reply.tools.join(", ")));
        }
        if !reply.quick_replies.is_empty() {
            transcript.push_str(&format!("    chips: {}\n", reply.quick_replies.join(" | ")));
        }
        for problem in &problems {
            transcript.push_str(&format!("    ✗ {problem}\n"));
        }
        failed |= !problems.is_empty();
        previous = Some(reply);
    }
    if !scenario.purchased {
        sqlx::query("delete from pending_action where conversation_id = $1 and shop_id = $2")
            .bind(&conversation_id)
            .bind(shop.id)
            .execute(&state.db)
            .await?;
        sqlx::query("delete from conversation where id = $1 and shop_id = $2")
            .bind(&conversation_id)
            .bind(shop.id)
            .execute(&state.db)
            .await?;
    }
    Ok(failed.then_some(transcript))
}

/// Buys and pays one product in the conversation, as a shopper would have before chatting.
async fn buy_something(state: &AppState, shop: &Shop, conversation_id: &str) -> anyhow::Result<()> {
    let variant_id: i64 = sqlx::query_scalar(
        "select v.id from variant v join product p on p.id = v.product_id
         where v.shop_id = $1 and coalesce(v.inventory_qty, 1) > 0
         order by (lower(p.title) like '%beanie%') desc, v.price_minor, v.id limit 1",
    )
    .bind(shop.id)
    .fetch_one(&state.db)
    .await
    .context("the catalog has nothing in stock to buy")?;
    let request = CreateOrderRequest {
        variant_id,
        email: "shopper@example.com".into(),
        shipping_address: Some(Address {
            name: "Sam Shopper".into(),
            line1: "1 Main St".into(),
            line2: None,
            city: "Austin".into(),
            postal_code: "78701".into(),
            country: "US".into(),
        }),
        idempotency_key: format!("simulation-{conversation_id}"),
    };
    let created = crate::orders::create_order(
        &state.db,
        crate::orders::NewOrder {
            shop_id: shop.id,
            conversation_id,
            conversation_token: conversation_id,
            request: &request,
            provider: PaymentProvider::Demo,
            now: std::time::SystemTime::now(),
        },
    )
    .await?;
    let mut tx = db::begin_write(&state.db).await?;
    crate::orders::move_order(
        &mut tx,
        &created.order.id,
        shop.id,
        OrderStatus::Paid,
        Actor::System,
        "paid before the simulated conversation",
    )
    .await?;
    // The purchase leaves the catalog's stock as it was, so every purchased conversation buys
    // the same product however many ran before it in the same database.
    sqlx::query(
        "update variant set inventory_qty = inventory_qty + 1
         where id = $1 and shop_id = $2 and inventory_qty is not null",
    )
    .bind(variant_id)
    .bind(shop.id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn check(
    state: &AppState,
    shop: &Shop,
    turn: &Turn,
    reply: &EmbeddedReply,
    previous: Option<&EmbeddedReply>,
) -> anyhow::Result<Vec<String>> {
    let exponent = shop.currency().exponent();
    let amount = |v: &toml::Value| -> anyhow::Result<i64> {
        let text = match v {
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Float(f) => f.to_string(),
            toml::Value::String(s) => s.clone(),
            other => anyhow::bail!("a price must be a number, not {other:?}"),
        };
        Ok(parse_decimal_minor(&text, exponent)?)
    };
    let mut problems = Vec::new();
    let cards = &reply.products;
    let wants_cards = turn.cards_type.is_some()
        || turn.max_price.is_some()
        || turn.min_price.is_some()
        || turn.title_has.is_some()
        || turn.cheaper_than_previous
        || turn.not_previous;
    let min_cards = turn.min_cards.unwrap_or(usize::from(wants_cards));
    if cards.len() < min_cards {
        problems.push(format!(
            "expected at least {min_cards} card(s), got {}",
            cards.len()
        ));
    }
    if turn.no_cards && !cards.is_empty() {
        problems.push(format!("expected no cards, got {}", cards.len()));
    }
    if let Some(types) = &turn.cards_type {
        for card in cards {
            let product_type: String = sqlx::query_scalar(
                "select product_type from product where id = $1 and shop_id = $2",
            )
            .bind(card.product_id)
            .bind(shop.id)
            .fetch_one(&state.db)
            .await?;
            if !types.iter().any(|t| t.eq_ignore_ascii_case(&product_type)) {
                problems.push(format!(
                    "{} is a {product_type}, not one of {types:?}",
                    card.title
                ));
            }
        }
    }
    if let Some(max) = &turn.max_price {
        let max = amount(max)?;
        problems.extend(
            cards
                .iter()
                .filter(|c| c.price.minor > max)
                .map(|c| format!("{} costs {} > {max}", c.title, c.price.minor)),
        );
    }
    if let Some(min) = &turn.min_price {
        let min = amount(min)?;
        problems.extend(
            cards
                .iter()
                .filter(|c| c.price.minor < min)
                .map(|c| format!("{} costs {} < {min}", c.title, c.price.minor)),
        );
    }
    if let Some(tools) = &turn.not_tool {
        for tool in tools.iter().filter(|t| reply.tools.contains(&t.as_str())) {
            problems.push(format!("the tool {tool} was called"));
        }
    }
    if let Some(options) = &turn.quick_reply_has {
        let chips = reply.quick_replies.join("\n").to_lowercase();
        if !options.iter().any(|o| chips.contains(&o.to_lowercase())) {
            problems.push(format!("no chip mentions any of {options:?}"));
        }
    }
    if let Some(tool) = &turn.tool {
        if !reply.tools.iter().any(|t| t == tool) {
            problems.push(format!(
                "expected the tool {tool}, called {:?}",
                reply.tools
            ));
        }
    }
    if let Some(options) = &turn.text_has {
        let text = reply.text.to_lowercase();
        if !options.iter().any(|o| text.contains(&o.to_lowercase())) {
            problems.push(format!("the reply mentions none of {options:?}"));
        }
    }
    if let Some(part) = &turn.title_has {
        if !cards
            .iter()
            .any(|c| c.title.to_lowercase().contains(&part.to_lowercase()))
        {
            problems.push(format!("no card title contains {part:?}"));
        }
    }
    if let Some(previous) = previous {
        if turn.cheaper_than_previous {
            if let Some(cheapest) = previous.products.iter().map(|c| c.price.minor).min() {
                problems.extend(
                    cards
                        .iter()
                        .filter(|c| c.price.minor >= cheapest)
                        .map(|c| format!("{} is not cheaper than {cheapest}", c.title)),
                );
            }
        }
        if turn.not_previous {
            problems.extend(
                cards
                    .iter()
                    .filter(|c| {
                        previous
                            .products
                            .iter()
                            .any(|p| p.product_id == c.product_id)
                    })
                    .map(|c| format!("{} was already shown", c.title)),
            );
        }
    }
    Ok(problems)
}

impl fmt::Display for SimulationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<6} {:<18} {:>9} {:>7}",
            "lang", "kind", "resolved", "rate"
        )?;
        for ((language, kind), (ok, all)) in &self.by_kind {
            writeln!(
                f,
                "{language:<6} {kind:<18} {:>9} {:>6.0}%",
                format!("{ok}/{all}"),
                100.0 * *ok as f64 / *all as f64
            )?;
        }
        let languages: Vec<&String> = self
            .by_kind
            .keys()
            .map(|(l, _)| l)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        for language in languages {
            let (ok, all) = self.language(language);
            writeln!(
                f,
                "{language:<6} {:<18} {:>9} {:>6.1}%",
                "ALL",
                format!("{ok}/{all}"),
                100.0 * ok as f64 / all.max(1) as f64
            )?;
        }
        if !self.failures.is_empty() {
            writeln!(f, "\nFailures:")?;
            for failure in &self.failures {
                writeln!(f, "{failure}")?;
            }
        }
        Ok(())
    }
}

/// Parses scenario files.
pub fn parse(name: &str, text: &str) -> anyhow::Result<ScenarioFile> {
    toml::from_str(text).map_err(|e| anyhow::anyhow!("{name}: {e}"))
}

/// `shopchat eval simulate`: loads the scenarios and the catalog, runs, returns the report.
/// Scenario files that name a `catalog` run against that catalog, imported into a shop of its
/// own in the throw-away database; the others against the demo catalog (or `--shop`).
pub async fn run_command(
    settings: &Settings,
    files: &[PathBuf],
    shop_key: Option<&str>,
) -> anyhow::Result<SimulationReport> {
    let scenarios: Vec<(ScenarioFile, Option<PathBuf>)> = if files.is_empty() {
        BUILT_IN
            .iter()
            .map(|(name, text)| Ok((parse(name, text)?, None)))
            .collect::<anyhow::Result<Vec<_>>>()?
    } else {
        files
            .iter()
            .map(|path| {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("reading {}", path.display()))?;
                let file = parse(&path.display().to_string(), &text)?;
                let catalog = file.catalog.as_ref().map(|c| {
                    path.parent()
                        .unwrap_or_else(|| std::path::Path::new("."))
                        .join(c)
                });
                Ok((file, catalog))
            })
            .collect::<anyhow::Result<Vec<_>>>()?
    };
    let public_url = settings
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}:{}", settings.host, settings.port));
    if let Some(key) = shop_key {
        let pool = db::connect(&settings.database_url).await?;
        let shop = Shop::by_key(&pool, &ShopKey::parse(key)?)
            .await
            .map_err(|_| anyhow::anyhow!("no shop has the key {key:?}"))?;
        let files: Vec<ScenarioFile> = scenarios.into_iter().map(|(f, _)| f).collect();
        let secrets =
            crate::sealed::store::prepare(settings.secret_key.as_ref(), &settings.data_dir, &pool)
                .await?;
        let state = AppState {
            secrets,
            ..AppState::offline(pool, &public_url)
        };
        return simulate(&state, &shop, &files).await;
    }
    // A throw-away database holding the demo shop and a shop per catalog named.
    let path = std::env::temp_dir().join(format!("shopchat-simulate-{}.db", rand::random::<u64>()));
    let pool = db::connect(&format!("sqlite://{}", path.display())).await?;
    let result = async {
        catalog::ensure_demo_shop(&pool).await?;
        let state = AppState::offline(pool.clone(), &public_url);
        let mut report = SimulationReport::default();
        let mut shops: Vec<(PathBuf, Shop)> = Vec::new();
        for (file, catalog_path) in scenarios {
            let shop = match catalog_path {
                None => Shop::by_key(&pool, &ShopKey::parse(DEMO_SHOP_KEY)?).await?,
                Some(csv) => match shops.iter().find(|(p, _)| *p == csv) {
                    Some((_, shop)) => shop.clone(),
                    None => {
                        let shop = catalog_shop(&pool, &csv, shops.len()).await?;
                        shops.push((csv, shop.clone()));
                        shop
                    }
                },
            };
            report.merge(simulate(&state, &shop, std::slice::from_ref(&file)).await?);
        }
        Ok(report)
    }
    .await;
    pool.close().await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    result
}

/// A new shop (USD, the default policy) holding the products of a Shopify CSV.
async fn catalog_shop(pool: &db::DbPool, csv: &std::path::Path, n: usize) -> anyhow::Result<Shop> {
    let key = format!("eval-catalog-{n}");
    sqlx::query("insert into shop (public_key, name, currency) values ($1, $2, 'USD')")
        .bind(&key)
        .bind(format!("Evaluation shop {n}"))
        .execute(pool)
        .await?;
    catalog::import_file(pool, &key, csv).await?;
    Ok(Shop::by_key(pool, &ShopKey::parse(&key)?).await?)
}
