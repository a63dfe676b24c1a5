//! The model's tool calls of one round: all parsed strictly before any runs, then executed
//! in order through the shared tools, their events forwarded to the shopper and their
//! results written back into the conversation for the next round.

use async_openai::types::chat::{
    ChatCompletionMessageToolCall, ChatCompletionMessageToolCalls,
    ChatCompletionRequestAssistantMessage, ChatCompletionRequestAssistantMessageContent,
    ChatCompletionRequestMessage, ChatCompletionRequestToolMessage, ChatCompletionTool,
    ChatCompletionTools, FunctionCall, FunctionObject,
};

use super::error::Failure;
use super::round::PendingCall;
use super::sink::Sink;
use crate::assistant::tools::{self, definitions, ToolCall, ToolContext};

/// More calls than this in one round is a model gone astray, not a shopper's request.
pub(super) const MAX_CALLS_PER_ROUND: usize = 5;

/// The shared tools as the model is offered them.
pub(super) fn offered_tools() -> Vec<ChatCompletionTools> {
    definitions()
        .into_iter()
        .map(|def| {
            ChatCompletionTools::Function(ChatCompletionTool {
                function: FunctionObject {
                    name: def.name.to_owned(),
                    description: Some(def.description.to_owned()),
                    parameters: Some(def.parameters),
                    strict: None,
                },
            })
        })
        .collect()
}

/// Parses every call of a round; one bad call refuses them all, so nothing runs half-way.
pub(super) fn parse_all(calls: &[PendingCall], exponent: u32) -> Result<Vec<ToolCall>, Failure> {
    if calls.len() > MAX_CALLS_PER_ROUND {
        return Err(Failure::Malformed(format!(
            "{} tool calls in one round",
            calls.len()
        )));
    }
    calls
        .iter()
        .map(|call| {
            if call.too_long {
                return Err(Failure::Malformed(format!(
                    "arguments of {} are too long",
                    call.name
                )));
            }
            ToolCall::parse(&call.name, &call.arguments, exponent)
                .map_err(|e| Failure::Malformed(e.to_string()))
        })
        .collect()
}

/// The assistant's turn as the model produced it: its text, if any, and its tool calls.
pub(super) fn assistant_message(text: &str, calls: &[PendingCall]) -> ChatCompletionRequestMessage {
    let tool_calls = calls
        .iter()
        .map(|call| {
            ChatCompletionMessageToolCalls::Function(ChatCompletionMessageToolCall {
                id: call.id.clone(),
                function: FunctionCall {
                    name: call.name.clone(),
                    arguments: call.arguments.clone(),
                },
            })
        })
        .collect();
    ChatCompletionRequestAssistantMessage {
        content: (!text.is_empty())
            .then(|| ChatCompletionRequestAssistantMessageContent::Text(text.to_owned())),
        tool_calls: Some(tool_calls),
        ..Default::default()
    }
    .into()
}

/// Runs the parsed calls in order; returns one tool message per call for the next round.
pub(super) async fn execute_all(
    ctx: &ToolContext<'_>,
    calls: &[PendingCall],
    parsed: &[ToolCall],
    sink: &mut Sink<'_>,
) -> Result<Vec<ChatCompletionRequestMessage>, Failure> {
    let mut results = Vec::with_capacity(parsed.len());
    for (pending, call) in calls.iter().zip(parsed) {
        let outcome = tools::execute(ctx, call).await.map_err(|e| {
            tracing::error!(tool = call.name(), error = ?e, "a tool failed during an LLM turn");
            Failure::Tool
        })?;
        tracing::debug!(
            tool = call.name(),
            events = outcome.events.len(),
            "tool executed"
        );
        for event in outcome.events {
            sink.event(event).await?;
        }
        results.push(
            ChatCompletionRequestToolMessage {
                content: outcome.for_model.to_string().into(),
                tool_call_id: pending.id.clone(),
            }
            .into(),
        );
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(name: &str, arguments: &str) -> PendingCall {
        PendingCall {
            id: "call_1".into(),
            name: name.into(),
            arguments: arguments.into(),
            too_long: false,
        }
    }

    #[test]
    fn one_malformed_call_refuses_the_whole_round() {
        let calls = [
            pending("search_products", r#"{"query":"hoodie"}"#),
            pending("start_checkout", r#"{"product_id":1,"price":1}"#),
        ];
        assert!(matches!(parse_all(&calls, 2), Err(Failure::Malformed(_))));
        let too_many: Vec<PendingCall> = (0..=MAX_CALLS_PER_ROUND)
            .map(|_| pending("search_products", "{}"))
            .collect();
        assert!(matches!(
            parse_all(&too_many, 2),
            Err(Failure::Malformed(_))
        ));
        assert_eq!(parse_all(&calls[..1], 2).unwrap().len(), 1);
    }

    #[test]
    fn every_shared_tool_is_offered_as_a_function() {
        let json = serde_json::to_value(offered_tools()).unwrap();
        let names: Vec<&str> = json
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["function"]["name"].as_str().unwrap())
            .collect();
        assert!(names.contains(&"search_products") && names.contains(&"request_refund"));
        assert!(json
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["type"] == "function"));
    }

    #[test]
    fn the_assistant_message_carries_the_calls_for_the_tool_results_to_answer() {
        let json = serde_json::to_value(assistant_message(
            "",
            &[pending("get_product", r#"{"product_id":3}"#)],
        ))
        .unwrap();
        assert_eq!(json["role"], "assistant");
        assert!(json.get("content").is_none());
        assert_eq!(json["tool_calls"][0]["id"], "call_1");
        assert_eq!(json["tool_calls"][0]["type"], "function");
        assert_eq!(
            json["tool_calls"][0]["function"]["arguments"],
            r#"{"product_id":3}"#
        );
    }
}
