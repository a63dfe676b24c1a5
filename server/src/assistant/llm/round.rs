//! One streamed completion round: text deltas go to the shopper as they arrive, tool-call
//! deltas are gathered by index, and every wait is bounded by the per-chunk timeout and the
//! turn's deadline.

use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;

use async_openai::types::chat::{ChatCompletionMessageToolCallChunk, CreateChatCompletionRequest};
use async_openai::Client;
use futures_util::StreamExt;
use tokio::time::Instant;

use super::endpoint::Endpoint;
use super::error::{describe, Failure};
use super::sink::Sink;

/// Largest arguments text kept per tool call; a longer one is refused as malformed.
pub(super) const MAX_ARGUMENT_BYTES: usize = 16 * 1024;

/// The time limits of one turn.
pub(super) struct Clock {
    per_chunk: Duration,
    deadline: Instant,
}

impl Clock {
    pub(super) fn start(per_chunk: Duration, turn_limit: Duration) -> Self {
        Self {
            per_chunk,
            deadline: Instant::now() + turn_limit,
        }
    }

    /// Waits for `future`, at most one chunk timeout and never past the turn's deadline.
    async fn within<F: Future>(&self, future: F) -> Result<F::Output, Failure> {
        let until = (Instant::now() + self.per_chunk).min(self.deadline);
        tokio::time::timeout_at(until, future)
            .await
            .map_err(|_| Failure::Timeout)
    }
}

/// A tool call as the model streamed it, not yet parsed.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct PendingCall {
    pub id: String,
    pub name: String,
    pub arguments: String,
    /// The arguments were longer than [`MAX_ARGUMENT_BYTES`] and were cut.
    pub too_long: bool,
}

/// What one round produced besides the text already sent.
#[derive(Debug, Default)]
pub(super) struct RoundOutput {
    pub text: String,
    pub calls: Vec<PendingCall>,
    /// (prompt, completion) tokens, from the round's usage chunk when the endpoint sent one.
    pub usage: Option<(u32, u32)>,
}

/// Runs one streamed completion, forwarding text to the shopper as it arrives.
pub(super) async fn stream_round(
    client: &Client<Endpoint>,
    request: CreateChatCompletionRequest,
    clock: &Clock,
    sink: &mut Sink<'_>,
) -> Result<RoundOutput, Failure> {
    let api = |e: async_openai::error::OpenAIError| Failure::Api(describe(&e));
    let chat = client.chat();
    let mut stream = clock
        .within(chat.create_stream(request))
        .await?
        .map_err(api)?;
    let mut output = RoundOutput::default();
    let mut calls = ToolCallDeltas::default();
    sink.start_round();
    while let Some(chunk) = clock.within(stream.next()).await? {
        let chunk = chunk.map_err(api)?;
        if let Some(usage) = chunk.usage {
            output.usage = Some((usage.prompt_tokens, usage.completion_tokens));
        }
        // We ask for one choice; an endpoint that sends more gets only the first one read.
        for choice in chunk.choices.into_iter().filter(|c| c.index == 0) {
            let delta = choice.delta;
            for text in [delta.content, delta.refusal].into_iter().flatten() {
                sink.text(&text).await?;
                output.text.push_str(&text);
            }
            for call in delta.tool_calls.unwrap_or_default() {
                calls.absorb(call);
            }
        }
    }
    output.calls = calls.finish();
    Ok(output)
}

/// Tool-call fragments gathered by their index: the id and name come once (or repeated),
/// the arguments in pieces.
#[derive(Debug, Default)]
pub(super) struct ToolCallDeltas(BTreeMap<u32, PendingCall>);

impl ToolCallDeltas {
    pub(super) fn absorb(&mut self, chunk: ChatCompletionMessageToolCallChunk) {
        let call = self.0.entry(chunk.index).or_default();
        if let Some(id) = chunk.id.filter(|id| !id.is_empty()) {
            call.id = id;
        }
        if let Some(function) = chunk.function {
            // Some servers repeat the whole name in every fragment, others split it.
            match function.name.filter(|n| !n.is_empty()) {
                Some(name) if call.name.is_empty() || call.name == name => call.name = name,
                Some(name) => call.name.push_str(&name),
                None => {}
            }
            if let Some(arguments) = function.arguments {
                // Bounded: a model looping on one argument must not grow memory for the turn.
                if call.arguments.len() + arguments.len() > MAX_ARGUMENT_BYTES {
                    call.too_long = true;
                } else {
                    call.arguments.push_str(&arguments);
                }
            }
        }
    }

    /// The calls in index order; a call the endpoint sent without an id gets one, because
    /// the tool result must name the call it answers.
    pub(super) fn finish(self) -> Vec<PendingCall> {
        self.0
            .into_iter()
            .map(|(index, mut call)| {
                if call.id.is_empty() {
                    call.id = format!("call_{index}");
                }
                call
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use async_openai::types::chat::FunctionCallStream;

    use super::*;

    fn delta(
        index: u32,
        id: Option<&str>,
        name: Option<&str>,
        arguments: Option<&str>,
    ) -> ChatCompletionMessageToolCallChunk {
        ChatCompletionMessageToolCallChunk {
            index,
            id: id.map(str::to_owned),
            r#type: None,
            function: Some(FunctionCallStream {
                name: name.map(str::to_owned),
                arguments: arguments.map(str::to_owned),
            }),
        }
    }

    #[test]
    fn tool_call_fragments_are_joined_by_index_in_order() {
        let mut calls = ToolCallDeltas::default();
        calls.absorb(delta(
            1,
            Some("b"),
            Some("get_product"),
            Some("{\"product_id\""),
        ));
        calls.absorb(delta(
            0,
            Some("a"),
            Some("search_products"),
            Some("{\"query\":"),
        ));
        calls.absorb(delta(0, None, None, Some("\"hoodie\"}")));
        calls.absorb(delta(1, None, Some("get_product"), Some(":3}")));
        calls.absorb(delta(2, None, Some("handoff_"), None));
        calls.absorb(delta(2, None, Some("to_human"), Some("{}")));
        let calls = calls.finish();
        assert_eq!(
            (calls[0].id.as_str(), calls[0].name.as_str()),
            ("a", "search_products")
        );
        assert_eq!(calls[0].arguments, r#"{"query":"hoodie"}"#);
        assert_eq!(
            (calls[1].id.as_str(), calls[1].name.as_str()),
            ("b", "get_product")
        );
        assert_eq!(calls[1].arguments, r#"{"product_id":3}"#);
        assert!(!calls[0].too_long);
        assert_eq!(calls[2].name, "handoff_to_human");
        assert_eq!(calls[2].id, "call_2");
    }

    #[test]
    fn endless_arguments_are_bounded_and_marked_too_long() {
        let mut calls = ToolCallDeltas::default();
        for _ in 0..100 {
            calls.absorb(delta(
                0,
                Some("a"),
                Some("search_products"),
                Some(&"é".repeat(200)),
            ));
        }
        let call = &calls.finish()[0];
        assert!(call.too_long);
        assert!(call.arguments.len() <= MAX_ARGUMENT_BYTES);
    }
}
