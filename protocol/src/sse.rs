//! Splitting a streamed `text/event-stream` body into frames as its chunks arrive. Pure, so
//! the widget's decoder is tested natively (`protocol/tests/sse_fuzz.rs`) and not only in a
//! browser.

/// Buffers body bytes until a blank line ends a frame, then hands the frame out.
///
/// Works on bytes, so a multi-byte character split between two chunks is never mangled: a
/// frame is decoded (`String::from_utf8_lossy`) only once the whole frame is there.
#[derive(Debug, Default)]
pub struct SseFrames {
    buffer: Vec<u8>,
}

impl SseFrames {
    /// Feeds one chunk of the body; [`SseFrames::next_frame`] then hands out the frames it
    /// completed.
    pub fn push(&mut self, chunk: &[u8]) {
        // `\r` only appears in SSE line endings: JSON escapes it inside strings.
        self.buffer
            .extend(chunk.iter().copied().filter(|&b| b != b'\r'));
    }

    /// The bytes of the next complete frame, up to and including the blank line that ended
    /// it (`\n\n`: a frame's lines read the same with it).
    pub fn next_frame(&mut self) -> Option<Vec<u8>> {
        let end = self.buffer.windows(2).position(|pair| pair == b"\n\n")?;
        Some(self.buffer.drain(..end + 2).collect())
    }

    /// Ends the stream: the bytes of a last frame that had no closing blank line (empty when
    /// there is none).
    pub fn finish(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.buffer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_split_inside_a_character_and_a_crlf_arrives_whole() {
        let body = "data: ¿sí?\r\n\r\ndata: end".as_bytes();
        let split = "data: ¿".len() - 1;
        let mut frames = SseFrames::default();
        let mut seen = Vec::new();
        for chunk in [
            &body[..split],
            &body[split..body.len() - 5],
            &body[body.len() - 5..],
        ] {
            frames.push(chunk);
            seen.extend(frames.next_frame());
        }
        assert_eq!(seen, ["data: ¿sí?\n\n".as_bytes()]);
        assert_eq!(frames.finish(), b"data: end");
        assert_eq!(frames.finish(), b"");
    }
}
