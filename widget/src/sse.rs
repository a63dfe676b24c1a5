//! Reassembles server-sent-event frames from the chunks a streamed response body arrives in.

use shopchat_protocol::{sse_frame_data, SseFrames, StreamEvent};

use wasm_bindgen::JsValue;

use crate::wire;

/// One event of a reply as the chat uses it.
// Events are read and dropped one at a time, as in the protocol's `StreamEvent`.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    Event(StreamEvent),
    /// A commerce card (`checkout`, `order`, `handoff`, `links`): its JSON, handed as is to the commerce module,
    /// which reads it (see `commerce`).
    Card(String),
}

/// Turns body chunks into events: [`SseFrames`] finds the frames (tested natively, with the
/// rest of the protocol), then each frame's data is read as an event.
#[derive(Debug, Default)]
pub struct SseDecoder {
    frames: SseFrames,
}

impl SseDecoder {
    /// Feeds one chunk of the body; returns the events of every frame it completed.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<Incoming> {
        self.frames.push(chunk);
        let mut events = Vec::new();
        while let Some(frame) = self.frames.next_frame() {
            events.extend(frame_event(&String::from_utf8_lossy(&frame)));
        }
        events
    }

    /// Ends the stream: the event of a last frame that had no closing blank line, if any.
    pub fn finish(&mut self) -> Option<Incoming> {
        frame_event(&String::from_utf8_lossy(&self.frames.finish()))
    }
}

/// The event carried by one frame's `data:` lines. `None` for comments and keep-alives, and
/// for data this widget can't read (skipped, not fatal: the rest of the reply still shows).
pub fn frame_event(frame: &str) -> Option<Incoming> {
    let data = sse_frame_data(frame)?;
    let value = wire::parse(&data);
    let kind = value.as_ref().and_then(|value| wire::string(value, "type"));
    if matches!(
        kind.as_deref(),
        Some("checkout" | "order" | "handoff" | "links")
    ) {
        return Some(Incoming::Card(data));
    }
    let event = value
        .and_then(|value| wire::stream_event(&value))
        .map(Incoming::Event);
    if event.is_none() {
        web_sys::console::warn_2(
            &JsValue::from_str("Shopchat: skipped an event it can't read:"),
            &JsValue::from_str(&data),
        );
    }
    event
}
