//! The shopper's side of a turn: forwards events to the SSE reply as they happen and keeps
//! a copy of what was sent, which becomes the stored reply (or the partial one on failure).

use shopchat_protocol::StreamEvent;
use tokio::sync::mpsc::Sender;

use super::error::Failure;
use super::LlmReply;

pub(super) struct Sink<'a> {
    out: &'a Sender<StreamEvent>,
    sent: LlmReply,
    /// Set when a new round begins, so its first text is set apart from the last round's.
    new_paragraph: bool,
}

impl<'a> Sink<'a> {
    pub(super) fn new(out: &'a Sender<StreamEvent>) -> Self {
        Self {
            out,
            sent: LlmReply::default(),
            new_paragraph: false,
        }
    }

    pub(super) fn start_round(&mut self) {
        self.new_paragraph = !self.sent.text.is_empty();
    }

    /// Sends a piece of the model's text right away.
    pub(super) async fn text(&mut self, delta: &str) -> Result<(), Failure> {
        if delta.is_empty() {
            return Ok(());
        }
        let delta = if std::mem::take(&mut self.new_paragraph)
            && !self.sent.text.ends_with(char::is_whitespace)
        {
            format!("\n\n{delta}")
        } else {
            delta.to_owned()
        };
        self.sent.text.push_str(&delta);
        self.send(StreamEvent::Text { delta }).await
    }

    /// Sends an event a tool produced (cards…).
    pub(super) async fn event(&mut self, event: StreamEvent) -> Result<(), Failure> {
        if let StreamEvent::Products { items } = &event {
            self.sent.products.extend(items.iter().cloned());
        }
        self.send(event).await
    }

    pub(super) fn add_usage(&mut self, (prompt, completion): (u32, u32)) {
        self.sent.usage.0 = self.sent.usage.0.saturating_add(prompt);
        self.sent.usage.1 = self.sent.usage.1.saturating_add(completion);
    }

    pub(super) fn already_streamed(&self) -> bool {
        self.sent.already_streamed()
    }

    pub(super) fn into_reply(self) -> LlmReply {
        self.sent
    }

    async fn send(&self, event: StreamEvent) -> Result<(), Failure> {
        self.out
            .send(event)
            .await
            .map_err(|_| Failure::Disconnected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn text_of_a_later_round_starts_a_new_paragraph_and_everything_sent_is_kept() {
        let (tx, mut rx) = tokio::sync::mpsc::channel(8);
        let mut sink = Sink::new(&tx);
        sink.start_round();
        sink.text("Let me look.").await.unwrap();
        sink.event(StreamEvent::Products { items: vec![] })
            .await
            .unwrap();
        sink.start_round();
        sink.text("Here").await.unwrap();
        sink.text(" they are.").await.unwrap();
        sink.add_usage((10, 2));
        sink.add_usage((5, 1));
        let reply = sink.into_reply();
        assert_eq!(reply.text, "Let me look.\n\nHere they are.");
        assert_eq!(reply.usage, (15, 3));
        drop(tx);
        let mut deltas = Vec::new();
        while let Some(event) = rx.recv().await {
            if let StreamEvent::Text { delta } = event {
                deltas.push(delta);
            }
        }
        assert_eq!(deltas, ["Let me look.", "\n\nHere", " they are."]);
    }

    #[tokio::test]
    async fn a_closed_stream_is_reported_as_a_disconnect() {
        let (tx, rx) = tokio::sync::mpsc::channel(1);
        drop(rx);
        let mut sink = Sink::new(&tx);
        assert!(matches!(sink.text("hi").await, Err(Failure::Disconnected)));
    }
}
