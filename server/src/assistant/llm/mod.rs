//! The `openai` engine: any OpenAI-compatible chat-completions endpoint (OpenAI, Azure,
//! Ollama, vLLM, llama.cpp) with tool calling and token streaming. The model only chooses
//! tools and phrases answers; the shared tools decide prices, stock, refunds and checkout.

mod calls;
mod endpoint;
mod error;
mod prompt;
mod round;
mod sink;

pub use endpoint::InvalidLlmSettings;
pub use error::LlmError;
pub use prompt::HISTORY_WINDOW;

use std::time::Duration;

use async_openai::types::chat::{
    ChatCompletionRequestMessage, ChatCompletionStreamOptions, ChatCompletionToolChoiceOption,
    ChatCompletionTools, CreateChatCompletionRequest, ToolChoiceOptions,
};
use async_openai::Client;
use shopchat_protocol::{ProductCard, Role, StreamEvent};
use tokio::sync::mpsc::Sender;

use self::endpoint::Endpoint;
use self::error::Failure;
use self::round::Clock;
use self::sink::Sink;
use super::tools::ToolContext;
pub use crate::config::LlmSettings;

/// Completion rounds in one turn: up to two of tool calls, then one that must answer.
const MAX_ROUNDS: usize = 3;
/// A whole turn may last this many per-chunk timeouts.
const TURN_TIMEOUTS: u32 = 3;

/// What the engine said in one turn, as it was streamed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LlmReply {
    /// All text deltas sent, joined.
    pub text: String,
    /// Every card sent, in order.
    pub products: Vec<ProductCard>,
    /// Tokens used by the turn, (prompt, completion), summed over its rounds.
    pub usage: (u32, u32),
}

impl LlmReply {
    /// True when the shopper saw some text or cards.
    pub fn already_streamed(&self) -> bool {
        !self.text.is_empty() || !self.products.is_empty()
    }
}

/// A client for one configured endpoint; cheap to share behind an `Arc`.
pub struct LlmEngine {
    client: Client<Endpoint>,
    model: String,
    timeout: Duration,
    tools: Vec<ChatCompletionTools>,
}

impl LlmEngine {
    pub fn new(settings: LlmSettings) -> Result<Self, InvalidLlmSettings> {
        Self::with_http_client(settings, None)
    }

    /// An engine whose requests go through this HTTP client (a shop's own endpoint uses the
    /// outbound policy's client); `None`: async-openai's default client.
    pub fn with_http_client(
        settings: LlmSettings,
        http: Option<http_client::Client>,
    ) -> Result<Self, InvalidLlmSettings> {
        let model = settings.model.trim().to_owned();
        if model.is_empty() {
            return Err(InvalidLlmSettings::Model);
        }
        let endpoint = Endpoint::new(&settings.base_url, settings.api_key.as_ref())?;
        let client = match http {
            Some(http) => Client::build(http, endpoint),
            None => Client::with_config(endpoint),
        };
        Ok(Self {
            client,
            model,
            timeout: settings.timeout,
            tools: calls::offered_tools(),
        })
    }

    /// Asks the endpoint for a one-token answer: what the merchant page's "test connection"
    /// button runs. `Err` carries a description fit to show the merchant (never the key).
    #[tracing::instrument(name = "llm_check", skip_all, fields(model = %self.model))]
    pub async fn check_connection(&self) -> Result<(), String> {
        use futures_util::StreamExt;
        let request = CreateChatCompletionRequest {
            model: self.model.clone(),
            messages: vec![
                async_openai::types::chat::ChatCompletionRequestUserMessage::from("ping").into(),
            ],
            stream: Some(true),
            max_completion_tokens: Some(1),
            ..Default::default()
        };
        let attempt = async {
            let mut stream = self
                .client
                .chat()
                .create_stream(request)
                .await
                .map_err(|e| error::describe(&e))?;
            match stream.next().await {
                Some(Ok(_)) => Ok(()),
                Some(Err(e)) => Err(error::describe(&e)),
                None => Err("the endpoint closed the stream without an answer".to_owned()),
            }
        };
        match tokio::time::timeout(self.timeout, attempt).await {
            Ok(result) => result,
            Err(_) => Err(format!(
                "no answer within {} s",
                self.timeout.as_secs().max(1)
            )),
        }
    }

    /// Answers one shopper message, streaming text and tool events to `out` as they happen.
    /// `history` is the conversation so far, oldest first (only the last
    /// [`HISTORY_WINDOW`] messages are sent). On `Err`, the error tells what was already sent.
    #[tracing::instrument(
        name = "llm_turn",
        skip_all,
        fields(model = %self.model, shop = ctx.shop.id, conversation = %ctx.conversation_id)
    )]
    pub async fn run_turn(
        &self,
        ctx: &ToolContext<'_>,
        history: &[(Role, String)],
        user_text: &str,
        out: &Sender<StreamEvent>,
    ) -> Result<LlmReply, LlmError> {
        let clock = Clock::start(self.timeout, self.timeout.saturating_mul(TURN_TIMEOUTS));
        let mut sink = Sink::new(out);
        let messages = prompt::messages(ctx.shop, ctx.locale, ctx.page_product, history, user_text);
        let result = self.rounds(ctx, messages, &clock, &mut sink).await;
        let reply = sink.into_reply();
        match result {
            Ok(()) => {
                tracing::info!(
                    prompt_tokens = reply.usage.0,
                    completion_tokens = reply.usage.1,
                    cards = reply.products.len(),
                    "LLM turn answered"
                );
                Ok(reply)
            }
            Err(failure) => {
                let error = failure.with(reply);
                tracing::warn!(%error, already_streamed = error.already_streamed(), "LLM turn failed");
                Err(error)
            }
        }
    }

    async fn rounds(
        &self,
        ctx: &ToolContext<'_>,
        mut messages: Vec<ChatCompletionRequestMessage>,
        clock: &Clock,
        sink: &mut Sink<'_>,
    ) -> Result<(), Failure> {
        let exponent = ctx.shop.currency().exponent();
        for round in 1..=MAX_ROUNDS {
            let last = round == MAX_ROUNDS;
            let output =
                round::stream_round(&self.client, self.request(&messages, last), clock, sink)
                    .await?;
            sink.add_usage(output.usage.unwrap_or_default());
            if output.calls.is_empty() {
                break;
            }
            if last {
                // Told not to call tools any more and did anyway: its calls are ignored.
                tracing::warn!("the model kept calling tools in its last round");
                break;
            }
            let parsed = calls::parse_all(&output.calls, exponent)?;
            tracing::debug!(round, tools = ?parsed.iter().map(|c| c.name()).collect::<Vec<_>>(), "the model called tools");
            messages.push(calls::assistant_message(&output.text, &output.calls));
            let results = calls::execute_all(ctx, &output.calls, &parsed, sink).await?;
            messages.extend(results);
        }
        if sink.already_streamed() {
            Ok(())
        } else {
            Err(Failure::NoAnswer)
        }
    }

    fn request(
        &self,
        messages: &[ChatCompletionRequestMessage],
        last_round: bool,
    ) -> CreateChatCompletionRequest {
        CreateChatCompletionRequest {
            model: self.model.clone(),
            messages: messages.to_vec(),
            stream: Some(true),
            stream_options: Some(ChatCompletionStreamOptions {
                include_usage: Some(true),
                include_obfuscation: None,
            }),
            tools: Some(self.tools.clone()),
            // The tools stay listed in the last round (the history refers to them), but the
            // model must answer in words.
            tool_choice: last_round.then_some(ChatCompletionToolChoiceOption::Mode(
                ToolChoiceOptions::None,
            )),
            ..Default::default()
        }
    }
}
