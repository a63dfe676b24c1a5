//! The LLM engine against a scripted OpenAI-compatible server on loopback, with the real
//! app's database and demo catalog behind the tools.

use shopchat_server::db::Flag;
use shopchat_test_support as support;

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use shopchat_protocol::{ProductCard, StreamEvent};
use shopchat_server::assistant::llm::{LlmEngine, LlmError, LlmReply, LlmSettings};
use shopchat_server::assistant::tools::ToolContext;
use shopchat_server::assistant::AssistantDeps;
use shopchat_server::locale::Locale;
use shopchat_server::shop::{Shop, ShopKey};
use support::scripted_llm::{ScriptedLlm, Step};
use support::TestApp;
use support::{cards_of as cards, text_of as text};
use tokio::sync::{mpsc, Notify};

/// Long enough never to fire in tests that aren't about timeouts, even on a busy machine.
const PATIENT: Duration = Duration::from_secs(20);
/// Short, for the timeout tests; the scripted delays are far longer.
const IMPATIENT: Duration = Duration::from_millis(300);

struct Fixture {
    app: TestApp,
    deps: AssistantDeps,
    shop: Shop,
    conversation_id: String,
}

impl Fixture {
    async fn new() -> Fixture {
        let app = TestApp::spawn().await;
        let (conversation_id, _token) = app.create_conversation("en").await;
        let shop = Shop::by_key(&app.state.db, &ShopKey::parse("demo").expect("a valid key"))
            .await
            .expect("the demo shop");
        Fixture {
            deps: app.state.assistant(),
            app,
            shop,
            conversation_id,
        }
    }

    fn ctx(&self) -> ToolContext<'_> {
        ToolContext {
            deps: &self.deps,
            shop: &self.shop,
            conversation_id: &self.conversation_id,
            locale: Locale::En,
            page_product: None,
            shopper: None,
        }
    }

    /// Runs one turn to its end; returns its result and every event it sent, in order.
    async fn turn(
        &self,
        engine: &LlmEngine,
        text: &str,
    ) -> (Result<LlmReply, LlmError>, Vec<StreamEvent>) {
        let (tx, mut rx) = mpsc::channel(256);
        let result = engine.run_turn(&self.ctx(), &[], text, &tx).await;
        drop(tx);
        let mut events = Vec::new();
        while let Some(event) = rx.recv().await {
            events.push(event);
        }
        (result, events)
    }

    async fn catalog_price(&self, variant_id: i64) -> i64 {
        sqlx::query_scalar("select price_minor from variant where id = $1 and shop_id = $2")
            .bind(variant_id)
            .bind(self.shop.id)
            .fetch_one(&self.app.db)
            .await
            .expect("the variant exists")
    }

    async fn assert_catalog_prices(&self, cards: &[ProductCard]) {
        for card in cards {
            assert_eq!(
                card.price.minor,
                self.catalog_price(card.variant_id).await,
                "{}",
                card.title
            );
            assert_eq!(card.price.currency.as_str(), "USD");
        }
    }

    async fn needs_human(&self) -> bool {
        let waiting: Flag =
            sqlx::query_scalar("select needs_human from conversation where id = $1")
                .bind(&self.conversation_id)
                .fetch_one(&self.app.db)
                .await
                .expect("the conversation exists");
        waiting.0
    }
}

fn engine(llm: &ScriptedLlm, timeout: Duration) -> LlmEngine {
    LlmEngine::new(LlmSettings {
        base_url: llm.base_url.clone(),
        model: "scripted-model".into(),
        api_key: Some("sk-test-key".to_owned().into()),
        timeout,
    })
    .expect("valid settings")
}

fn turn(steps: impl IntoIterator<Item = Vec<Step>>) -> Vec<Step> {
    steps.into_iter().flatten().collect()
}

fn answer(text: &str, prompt: u32, completion: u32) -> Vec<Step> {
    vec![
        Step::text(text),
        Step::Finish("stop"),
        Step::Usage { prompt, completion },
    ]
}

fn kinds(events: &[StreamEvent]) -> Vec<&'static str> {
    events.iter().map(StreamEvent::name).collect()
}

/// The JSON a tool result carried back to the model in the request at `index`.
fn tool_result(llm: &ScriptedLlm, index: usize, call_id: &str) -> Value {
    let body = &llm.requests()[index].body;
    let message = body["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .find(|m| m["role"] == "tool" && m["tool_call_id"] == call_id)
        .unwrap_or_else(|| panic!("no tool result for {call_id} in {body}"));
    serde_json::from_str(message["content"].as_str().expect("text content")).expect("JSON content")
}

#[tokio::test]
async fn a_search_the_model_asks_for_sends_cards_with_catalog_prices_then_its_follow_up_text() {
    let fixture = Fixture::new().await;
    let llm = ScriptedLlm::start(vec![
        turn([
            Step::tool_call(0, "call_1", "search_products", r#"{"query":"hoodie"}"#),
            vec![
                Step::Finish("tool_calls"),
                Step::Usage {
                    prompt: 50,
                    completion: 10,
                },
            ],
        ]),
        answer("Here are some cosy hoodies.", 80, 12),
    ])
    .await;

    let (result, events) = fixture.turn(&engine(&llm, PATIENT), "any hoodies?").await;

    let reply = result.unwrap();
    assert_eq!(kinds(&events), ["products", "text"]);
    let shown = cards(&events);
    assert!(
        shown.iter().any(|c| c.title.contains("Hoodie")),
        "{shown:?}"
    );
    fixture.assert_catalog_prices(&shown).await;
    assert_eq!(reply.text, "Here are some cosy hoodies.");
    assert_eq!(reply.products, shown);
    assert_eq!(reply.usage, (130, 22));

    let requests = llm.requests();
    assert_eq!(requests.len(), 2);
    let first = &requests[0].body;
    assert_eq!(
        requests[0].authorization.as_deref(),
        Some("Bearer sk-test-key")
    );
    assert_eq!(first["model"], "scripted-model");
    assert_eq!(first["stream"], true);
    assert_eq!(first["stream_options"]["include_usage"], true);
    let offered: Vec<&str> = first["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["function"]["name"].as_str().unwrap())
        .collect();
    for tool in [
        "search_products",
        "get_product",
        "start_checkout",
        "order_status",
        "request_refund",
        "cancel_order",
        "handoff_to_human",
    ] {
        assert!(offered.contains(&tool), "{tool} is offered");
    }
    assert_eq!(first["messages"][0]["role"], "system");
    assert!(first["messages"][0]["content"]
        .as_str()
        .unwrap()
        .contains("Northwind Demo Shop"));
    assert_eq!(
        first["messages"].as_array().unwrap().last().unwrap()["content"],
        "any hoodies?"
    );

    let second = &requests[1].body;
    let call = second["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["role"] == "assistant")
        .unwrap();
    assert_eq!(call["tool_calls"][0]["id"], "call_1");
    assert_eq!(
        call["tool_calls"][0]["function"]["arguments"],
        r#"{"query":"hoodie"}"#
    );
    let result = tool_result(&llm, 1, "call_1");
    assert_eq!(result["status"], "found");
    assert_eq!(result["products"].as_array().unwrap().len(), shown.len());
}

#[tokio::test]
async fn stream_order_is_kept_text_before_the_tool_call_comes_before_the_cards() {
    let fixture = Fixture::new().await;
    let llm = ScriptedLlm::start(vec![
        turn([
            vec![Step::text("Let me "), Step::text("look.")],
            Step::tool_call(
                0,
                "call_1",
                "search_products",
                r#"{"query":"running shoes"}"#,
            ),
            vec![Step::Finish("tool_calls")],
        ]),
        vec![
            Step::text("These are "),
            Step::text("my picks."),
            Step::Finish("stop"),
        ],
    ])
    .await;

    let (result, events) = fixture.turn(&engine(&llm, PATIENT), "running shoes").await;

    let reply = result.unwrap();
    assert_eq!(kinds(&events), ["text", "text", "products", "text", "text"]);
    assert_eq!(text(&events[..2]), "Let me look.");
    assert_eq!(text(&events[3..]), "\n\nThese are my picks.");
    assert_eq!(reply.text, "Let me look.\n\nThese are my picks.");
}

#[tokio::test]
async fn text_reaches_the_shopper_before_the_model_has_finished() {
    let fixture = Fixture::new().await;
    let gate = Arc::new(Notify::new());
    let llm = ScriptedLlm::start(vec![vec![
        Step::text("Hello"),
        Step::WaitFor(gate.clone()),
        Step::text(" there!"),
        Step::Finish("stop"),
    ]])
    .await;
    let engine = engine(&llm, PATIENT);
    let (tx, mut rx) = mpsc::channel(16);
    let ctx = fixture.ctx();
    let turn = engine.run_turn(&ctx, &[], "hi", &tx);
    tokio::pin!(turn);

    // The model is held mid-answer, yet its first words are already out.
    let first = tokio::select! {
        event = rx.recv() => event,
        result = &mut turn => panic!("the turn ended while the model was held: {result:?}"),
    };
    assert_eq!(
        first,
        Some(StreamEvent::Text {
            delta: "Hello".into()
        })
    );
    gate.notify_one();
    let reply = turn.await.unwrap();
    assert_eq!(reply.text, "Hello there!");
}

#[tokio::test]
async fn a_model_that_does_not_start_answering_in_time_fails_with_a_timeout() {
    let fixture = Fixture::new().await;
    let llm = ScriptedLlm::start(vec![vec![
        Step::Delay(Duration::from_secs(30)),
        Step::text("Too late"),
    ]])
    .await;

    let (result, events) = fixture.turn(&engine(&llm, IMPATIENT), "hi").await;

    let error = result.unwrap_err();
    assert!(matches!(error, LlmError::Timeout { .. }), "{error:?}");
    assert!(!error.already_streamed());
    assert!(events.is_empty());
}

#[tokio::test]
async fn a_stream_that_stalls_after_some_text_times_out_and_says_what_was_sent() {
    let fixture = Fixture::new().await;
    let llm = ScriptedLlm::start(vec![vec![
        Step::text("Hel"),
        Step::Delay(Duration::from_secs(30)),
        Step::text("lo"),
    ]])
    .await;

    let (result, events) = fixture.turn(&engine(&llm, IMPATIENT), "hi").await;

    let error = result.unwrap_err();
    assert!(matches!(error, LlmError::Timeout { .. }), "{error:?}");
    assert!(error.already_streamed());
    assert_eq!(error.partial().text, "Hel");
    assert_eq!(text(&events), "Hel");
}

#[tokio::test]
async fn a_model_that_trickles_on_and_on_is_cut_off_at_the_turn_limit() {
    let fixture = Fixture::new().await;
    // Each pause is shorter than the chunk timeout, but together they far exceed 3× it.
    let trickle: Vec<Step> = (0..40)
        .flat_map(|_| [Step::Delay(Duration::from_millis(200)), Step::text(".")])
        .collect();
    let llm = ScriptedLlm::start(vec![trickle]).await;

    let (result, events) = fixture.turn(&engine(&llm, IMPATIENT), "hi").await;

    let error = result.unwrap_err();
    assert!(matches!(error, LlmError::Timeout { .. }), "{error:?}");
    assert!(text(&events).len() < 40);
}

#[tokio::test]
async fn malformed_tool_arguments_fail_the_turn_and_nothing_of_the_round_is_executed() {
    let fixture = Fixture::new().await;
    let llm = ScriptedLlm::start(vec![
        turn([
            // A valid call first: it must not run either, since its round is refused whole.
            Step::tool_call(
                0,
                "call_1",
                "handoff_to_human",
                r#"{"summary":"wants a person"}"#,
            ),
            Step::tool_call(1, "call_2", "search_products", r#"{"query": "hood"#),
            vec![Step::Finish("tool_calls")],
        ]),
        answer("unused", 1, 1),
    ])
    .await;

    let (result, events) = fixture
        .turn(&engine(&llm, PATIENT), "hoodies, or a person")
        .await;

    let error = result.unwrap_err();
    assert!(
        matches!(error, LlmError::MalformedToolCall { .. }),
        "{error:?}"
    );
    assert!(!error.already_streamed());
    assert!(events.is_empty());
    assert!(!fixture.needs_human().await, "the handoff did not run");
    assert_eq!(llm.requests().len(), 1, "no second round");
}

#[tokio::test]
async fn a_checkout_at_a_price_the_model_chose_is_refused_before_anything_runs() {
    let fixture = Fixture::new().await;
    let llm = ScriptedLlm::start(vec![turn([
        Step::tool_call(0, "call_1", "search_products", r#"{"query":"parka"}"#),
        Step::tool_call(
            1,
            "call_2",
            "start_checkout",
            r#"{"product_id":1,"price":1.00}"#,
        ),
        vec![Step::Finish("tool_calls")],
    ])])
    .await;

    let (result, events) = fixture
        .turn(&engine(&llm, PATIENT), "buy the parka for $1")
        .await;

    let error = result.unwrap_err();
    assert!(
        matches!(error, LlmError::MalformedToolCall { .. }),
        "{error:?}"
    );
    assert!(events.is_empty(), "not even the search ran: {events:?}");
}

#[tokio::test]
async fn an_unknown_tool_is_a_malformed_call() {
    let fixture = Fixture::new().await;
    let llm = ScriptedLlm::start(vec![turn([
        Step::tool_call(0, "call_1", "refund_everything", "{}"),
        vec![Step::Finish("tool_calls")],
    ])])
    .await;

    let (result, _) = fixture.turn(&engine(&llm, PATIENT), "refund me").await;

    assert!(
        matches!(result, Err(LlmError::MalformedToolCall { .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_refund_in_full_the_model_asks_for_gets_only_what_the_shop_decides() {
    let fixture = Fixture::new().await;
    let llm = ScriptedLlm::start(vec![
        turn([
            Step::tool_call(
                0,
                "call_1",
                "request_refund",
                r#"{"order_number":"SC-1001","reason":"refund in full, approved by me"}"#,
            ),
            vec![Step::Finish("tool_calls")],
        ]),
        answer(
            "I need the order number and the email used to buy it.",
            1,
            1,
        ),
    ])
    .await;

    let (result, events) = fixture
        .turn(&engine(&llm, PATIENT), "refund SC-1001 in full now")
        .await;

    let reply = result.unwrap();
    // This conversation never proved SC-1001: nothing is looked up, nothing refunded.
    assert_eq!(tool_result(&llm, 1, "call_1")["status"], "proof_needed");
    assert!(cards(&events).is_empty());
    assert!(!events
        .iter()
        .any(|e| matches!(e, StreamEvent::Order { .. })));
    let refunds: i64 = sqlx::query_scalar("select count(*) from refund")
        .fetch_one(&fixture.app.db)
        .await
        .expect("a count");
    assert_eq!(refunds, 0);
    assert_eq!(
        reply.text,
        "I need the order number and the email used to buy it."
    );
}

#[tokio::test]
async fn a_price_the_model_invents_never_reaches_the_cards() {
    let fixture = Fixture::new().await;
    let llm = ScriptedLlm::start(vec![
        turn([
            Step::tool_call(
                0,
                "call_1",
                "search_products",
                r#"{"query":"hoodie","max_price":1}"#,
            ),
            vec![Step::Finish("tool_calls")],
        ]),
        answer("Nothing at $1, but here are the closest.", 1, 1),
    ])
    .await;

    let (result, events) = fixture
        .turn(&engine(&llm, PATIENT), "a hoodie for $1")
        .await;

    result.unwrap();
    let shown = cards(&events);
    fixture.assert_catalog_prices(&shown).await;
    assert!(shown.iter().all(|c| c.price.minor > 100), "{shown:?}");
    assert_eq!(tool_result(&llm, 1, "call_1")["status"], "no_exact_match");
}

#[tokio::test]
async fn usage_from_the_final_usage_chunk_is_returned() {
    let fixture = Fixture::new().await;
    let llm = ScriptedLlm::start(vec![answer("Hi! What are you looking for?", 123, 45)]).await;

    let (result, _) = fixture.turn(&engine(&llm, PATIENT), "hello").await;

    assert_eq!(result.unwrap().usage, (123, 45));
}

#[tokio::test]
async fn an_error_status_from_the_endpoint_is_an_api_error() {
    let fixture = Fixture::new().await;
    let llm = ScriptedLlm::start(vec![vec![Step::Status(503)]]).await;

    let (result, events) = fixture.turn(&engine(&llm, PATIENT), "hello").await;

    let error = result.unwrap_err();
    assert!(matches!(error, LlmError::Api { .. }), "{error:?}");
    assert!(!error.already_streamed());
    assert!(events.is_empty());
}

#[tokio::test]
async fn a_malformed_chunk_is_an_api_error_that_keeps_the_text_sent_before_it() {
    let fixture = Fixture::new().await;
    let llm = ScriptedLlm::start(vec![vec![
        Step::text("Sure"),
        Step::Malformed("{not json".into()),
    ]])
    .await;

    let (result, _) = fixture.turn(&engine(&llm, PATIENT), "hello").await;

    let error = result.unwrap_err();
    assert!(matches!(error, LlmError::Api { .. }), "{error:?}");
    assert_eq!(error.partial().text, "Sure");
}

#[tokio::test]
async fn a_model_that_keeps_calling_tools_must_answer_in_its_last_round() {
    let fixture = Fixture::new().await;
    let search = |id: &str| {
        turn([
            Step::tool_call(0, id, "search_products", r#"{"query":"mug"}"#),
            vec![Step::Finish("tool_calls")],
        ])
    };
    let llm = ScriptedLlm::start(vec![
        search("call_1"),
        search("call_2"),
        answer("Two mugs to choose from.", 1, 1),
    ])
    .await;

    let (result, _) = fixture.turn(&engine(&llm, PATIENT), "mugs").await;

    assert_eq!(result.unwrap().text, "Two mugs to choose from.");
    let requests = llm.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests[0].body.get("tool_choice").is_none());
    assert_eq!(requests[2].body["tool_choice"], "none");
}

#[tokio::test]
async fn a_checkout_the_model_starts_shows_the_card_with_catalog_prices_only() {
    let fixture = Fixture::new().await;
    let product_id: i64 =
        sqlx::query_scalar("select id from product where handle = 'everyday-pullover-hoodie'")
            .fetch_one(&fixture.app.db)
            .await
            .unwrap();
    let llm = ScriptedLlm::start(vec![
        turn([
            Step::tool_call(
                0,
                "call_1",
                "start_checkout",
                &format!(r#"{{"product_id":{product_id}}}"#),
            ),
            vec![Step::Finish("tool_calls")],
        ]),
        answer("Pick your size on the card.", 1, 1),
    ])
    .await;

    let (result, events) = fixture
        .turn(&engine(&llm, PATIENT), "I'll take the hoodie")
        .await;

    result.unwrap();
    let offer = events
        .iter()
        .find_map(|e| match e {
            StreamEvent::Checkout { offer } => Some(offer),
            _ => None,
        })
        .expect("a checkout card");
    assert_eq!(offer.product_id, product_id);
    for choice in &offer.variants {
        assert_eq!(
            choice.price.minor,
            fixture.catalog_price(choice.variant_id).await
        );
    }
    let result = tool_result(&llm, 1, "call_1");
    assert_eq!(result["status"], "checkout_shown");
    assert_eq!(result["variants"][0]["price"], "58.00 USD");
}
