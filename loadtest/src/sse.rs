//! Just enough of `text/event-stream` to follow a reply: events are separated by a blank
//! line; of each, the `event:` name and the joined `data:` lines are kept.

/// One event of the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// `message` when the event names none, as in the SSE specification.
    pub name: String,
    pub data: String,
}

/// Feeds on bytes as they arrive, in any split, and yields whole events.
#[derive(Debug, Default)]
pub struct SseParser {
    buffer: Vec<u8>,
}

impl SseParser {
    pub fn push(&mut self, bytes: &[u8]) -> Vec<SseEvent> {
        self.buffer.extend_from_slice(bytes);
        let mut events = Vec::new();
        while let Some((end, gap)) = block_end(&self.buffer) {
            let block: Vec<u8> = self.buffer.drain(..end + gap).collect();
            if let Some(event) = parse_block(&String::from_utf8_lossy(&block[..end])) {
                events.push(event);
            }
        }
        events
    }
}

/// Where the first complete block ends, and the length of the blank line that ends it.
fn block_end(buffer: &[u8]) -> Option<(usize, usize)> {
    let lf = find(buffer, b"\n\n").map(|i| (i, 2));
    let crlf = find(buffer, b"\r\n\r\n").map(|i| (i, 4));
    match (lf, crlf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn parse_block(block: &str) -> Option<SseEvent> {
    let mut name = None;
    let mut data: Vec<&str> = Vec::new();
    for line in block.lines() {
        if line.starts_with(':') {
            continue; // a comment (keep-alive)
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line, ""),
        };
        match field {
            "event" => name = Some(value.to_owned()),
            "data" => data.push(value),
            _ => {}
        }
    }
    if name.is_none() && data.is_empty() {
        return None;
    }
    Some(SseEvent {
        name: name.unwrap_or_else(|| "message".to_owned()),
        data: data.join("\n"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_split_anywhere_are_put_back_together() {
        let stream = b"event: text\ndata: {\"delta\":\"Hi \"}\n\n: keep-alive\n\nevent: done\ndata: {\"message_id\":7}\n\n";
        for cut in 0..stream.len() {
            let mut parser = SseParser::default();
            let mut events = parser.push(&stream[..cut]);
            events.extend(parser.push(&stream[cut..]));
            let names: Vec<&str> = events.iter().map(|e| e.name.as_str()).collect();
            assert_eq!(names, ["text", "done"], "cut at {cut}");
            assert_eq!(events[1].data, "{\"message_id\":7}");
        }
    }

    #[test]
    fn crlf_and_unnamed_events() {
        let mut parser = SseParser::default();
        let events = parser.push(b"data: a\r\ndata: b\r\n\r\nevent: error\r\ndata: {}\r\n\r\n");
        assert_eq!(
            events,
            [
                SseEvent {
                    name: "message".into(),
                    data: "a\nb".into()
                },
                SseEvent {
                    name: "error".into(),
                    data: "{}".into()
                },
            ]
        );
    }
}
