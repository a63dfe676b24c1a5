//! Reassembles server-sent-event frames from the chunks a streamed response body arrives in.

use shopchat_protocol::{sse_frame_data, StreamEvent};

use wasm_bindgen::JsValue;

use crate::wire;

/// Buffers body bytes until a blank line ends a frame, then yields the frame's event.
///
/// Works on bytes, so a multi-byte character split between two chunks is never mangled.
#[derive(Debug, Default)]
pub struct SseDecoder {
    buffer: Vec<u8>,
}

impl SseDecoder {
    /// Feeds one chunk of the body; returns the events of every frame it completed.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<StreamEvent> {
        // `\r` only appears in SSE line endings: JSON escapes it inside strings.
        self.buffer
            .extend(chunk.iter().copied().filter(|&b| b != b'\r'));
        let mut events = Vec::new();
        while let Some(end) = self.buffer.windows(2).position(|pair| pair == b"\n\n") {
            let frame: Vec<u8> = self.buffer.drain(..end + 2).collect();
            events.extend(frame_event(&String::from_utf8_lossy(&frame[..end])));
        }
        events
    }

    /// Ends the stream: the event of a last frame that had no closing blank line, if any.
    pub fn finish(&mut self) -> Option<StreamEvent> {
        let rest = std::mem::take(&mut self.buffer);
        frame_event(&String::from_utf8_lossy(&rest))
    }
}

/// The event carried by one frame's `data:` lines. `None` for comments and keep-alives, and
/// for data this widget can't read (skipped, not fatal: the rest of the reply still shows).
pub fn frame_event(frame: &str) -> Option<StreamEvent> {
    let data = sse_frame_data(frame)?;
    let event = wire::parse(&data).and_then(|value| wire::stream_event(&value));
    if event.is_none() {
        web_sys::console::warn_2(
            &JsValue::from_str("Shopchat: skipped an event it can't read:"),
            &JsValue::from_str(&data),
        );
    }
    event
}
