//! Embedded-engine turn latency on the server, over the demo catalog: the engine alone
//! (understand → tools → reply) and the whole turn as the widget API runs it (store the
//! message, load and save the dialogue state, run the engine, store the reply, stream it).
//! `cargo bench -p shopchat-server --bench turn` prints p50/p99/max in milliseconds.

use std::time::{Duration, Instant};

use shopchat_protocol::StreamEvent;
use shopchat_server::assistant::embedded::{self, dialogue::DialogueState};
use shopchat_server::assistant::tools::ToolContext;
use shopchat_server::assistant::turn;
use shopchat_server::conversations::OwnedConversation;
use shopchat_server::http::state::AppState;
use shopchat_server::locale::Locale;
use shopchat_server::shop::{Shop, ShopKey, DEMO_SHOP_KEY};
use shopchat_server::{catalog, db};

/// A mix of what shoppers say: searches, refinements, questions, after-sale requests, chat.
const MESSAGES: &[&str] = &[
    "a warm jacket for my dad under 80",
    "something cheaper",
    "busco unas zapatillas para correr",
    "¿y en talla 42?",
    "do you have any hoddies?",
    "tell me more about the second one",
    "what is it made of?",
    "where is my order SC-1042?",
    "quiero un reembolso",
    "hola",
    "show me something else",
    "mochilas entre 50 y 100 euros",
    "can I talk to a real person?",
    "thanks!",
    "a gift for my wife, maybe a scarf",
    "¿tenéis tazas?",
];

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn print_row(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    println!(
        "{name:<42} {:>6} {:>9.3} {:>9.3} {:>9.3}",
        samples.len(),
        percentile(&samples, 0.5),
        percentile(&samples, 0.99),
        samples
            .last()
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0)
    );
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("shopchat-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let pool = db::connect(&format!("sqlite://{}", dir.join("bench.db").display())).await?;
    catalog::ensure_demo_shop(&pool).await?;
    let state = AppState::offline(pool.clone(), "http://127.0.0.1:8080");
    let shop = Shop::by_key(&pool, &ShopKey::parse(DEMO_SHOP_KEY)?).await?;
    let rounds = 40;

    println!(
        "embedded turn latency, demo catalog ({} products), {} messages × {rounds} rounds",
        57,
        MESSAGES.len()
    );
    println!(
        "{:<42} {:>6} {:>9} {:>9} {:>9}",
        "what", "turns", "p50 ms", "p99 ms", "max ms"
    );

    // Warm the search index and the connection pool, as a running server has them.
    let warm_id = "bench-warm";
    sqlx::query(
        "insert into conversation (id, shop_id, token_hash, locale) values (?, ?, '', 'en')",
    )
    .bind(warm_id)
    .bind(shop.id)
    .execute(&pool)
    .await?;
    let deps = state.assistant();
    let ctx = ToolContext {
        deps: &deps,
        shop: &shop,
        conversation_id: warm_id,
        locale: Locale::En,
        page_product: None,
        shopper: None,
    };
    embedded::respond(&ctx, &mut DialogueState::default(), "hoodie").await?;

    let mut engine = Vec::new();
    let mut full = Vec::new();
    for round in 0..rounds {
        let id = format!("bench-{round}");
        sqlx::query(
            "insert into conversation (id, shop_id, token_hash, locale) values (?, ?, '', 'en')",
        )
        .bind(&id)
        .bind(shop.id)
        .execute(&pool)
        .await?;
        let ctx = ToolContext {
            deps: &deps,
            shop: &shop,
            conversation_id: &id,
            locale: Locale::En,
            page_product: None,
            shopper: None,
        };
        let mut dialogue = DialogueState::default();
        for message in MESSAGES {
            let started = Instant::now();
            embedded::respond(&ctx, &mut dialogue, message).await?;
            engine.push(started.elapsed());
        }
        let conversation = OwnedConversation {
            id: id.clone(),
            shop_id: shop.id,
            locale: "en".into(),
        };
        for message in MESSAGES {
            let started = Instant::now();
            let mut events = turn::start(
                deps.clone(),
                shop.clone(),
                conversation.clone(),
                None,
                (*message).to_owned(),
            );
            while let Some(event) = events.recv().await {
                if matches!(event, StreamEvent::Done { .. } | StreamEvent::Error { .. }) {
                    break;
                }
            }
            full.push(started.elapsed());
        }
    }
    print_row("engine (understand, tools, reply)", engine);
    print_row("full turn (state, engine, store, stream)", full);
    pool.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
