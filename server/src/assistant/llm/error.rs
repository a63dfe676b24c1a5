//! Why an LLM turn failed, and what the shopper had already seen when it did, so the caller
//! can fall back to the embedded engine without repeating or contradicting it.

use super::LlmReply;

/// A failed LLM turn. Every variant carries `partial`: the text and cards already streamed
/// to the shopper (and tokens used) before the failure.
#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    /// No chunk within the per-chunk timeout, or the whole turn took longer than allowed.
    #[error("the model did not answer in time")]
    Timeout { partial: LlmReply },
    /// The endpoint answered with an error, the connection failed or a chunk was unreadable.
    #[error("the model's endpoint failed: {message}")]
    Api { message: String, partial: LlmReply },
    /// The model asked for an unknown tool or gave arguments that don't parse; nothing of
    /// that round was executed.
    #[error("the model asked for a malformed tool call: {reason}")]
    MalformedToolCall { reason: String, partial: LlmReply },
    /// A tool failed on our side (database…); the detail is logged.
    #[error("a tool failed")]
    Tool { partial: LlmReply },
    /// The model gave neither text nor a usable tool call within the allowed rounds.
    #[error("the model gave no answer")]
    NoAnswer { partial: LlmReply },
    /// The shopper's stream was closed; nobody is listening any more.
    #[error("the shopper's stream was closed")]
    Disconnected { partial: LlmReply },
}

impl LlmError {
    /// What was sent before the failure.
    pub fn partial(&self) -> &LlmReply {
        match self {
            LlmError::Timeout { partial }
            | LlmError::Api { partial, .. }
            | LlmError::MalformedToolCall { partial, .. }
            | LlmError::Tool { partial }
            | LlmError::NoAnswer { partial }
            | LlmError::Disconnected { partial } => partial,
        }
    }

    /// True when the shopper already saw some text or cards from this turn.
    pub fn already_streamed(&self) -> bool {
        self.partial().already_streamed()
    }
}

/// A failure inside the turn, before it is paired with what was already sent.
#[derive(Debug)]
pub(super) enum Failure {
    Timeout,
    Api(String),
    Malformed(String),
    Tool,
    NoAnswer,
    Disconnected,
}

impl Failure {
    pub(super) fn with(self, partial: LlmReply) -> LlmError {
        match self {
            Failure::Timeout => LlmError::Timeout { partial },
            Failure::Api(message) => LlmError::Api { message, partial },
            Failure::Malformed(reason) => LlmError::MalformedToolCall { reason, partial },
            Failure::Tool => LlmError::Tool { partial },
            Failure::NoAnswer => LlmError::NoAnswer { partial },
            Failure::Disconnected => LlmError::Disconnected { partial },
        }
    }
}

/// Describes an async-openai error for logs and callers without echoing what the model
/// wrote: a chunk that fails to parse would otherwise be quoted whole.
pub(super) fn describe(error: &async_openai::error::OpenAIError) -> String {
    use async_openai::error::OpenAIError;
    if let Some(refused) = crate::outbound::refusal_in(error) {
        return format!("refused by the outbound URL policy: {refused}");
    }
    match error {
        OpenAIError::JSONDeserialize(e, _content) => format!("unreadable chunk: {e}"),
        other => other.to_string(),
    }
}
