//! Property tests of the widget's SSE decoding, natively: [`SseFrames`] (the frame splitter the
//! widget's `SseDecoder` is built on) and the frame parsing shared with the server.
//!
//! Cases per property: `PROPTEST_CASES` when set, else a small default so the normal test
//! run stays fast. A longer run: `PROPTEST_CASES=20000 cargo test -p shopchat-protocol --test sse_fuzz`.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use shopchat_protocol::{parse_sse_frame, sse_frame_data, SseFrames, StreamEvent};

/// `PROPTEST_CASES` when set (proptest reads it), else `default_cases`; failures are not
/// written to files: a failure worth keeping becomes an explicit regression test.
fn config(default_cases: u32) -> Config {
    let mut config = match std::env::var_os("PROPTEST_CASES") {
        Some(_) => Config::default(),
        None => Config::with_cases(default_cases),
    };
    config.failure_persistence = None;
    config
}

fn check<S: Strategy>(
    default_cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let mut runner = TestRunner::new(config(default_cases));
    if let Err(failure) = runner.run(&strategy, test) {
        panic!("{failure}");
    }
}

/// The text of every frame and then of the end of the stream, after feeding `body` cut at
/// `cuts`, read as the widget's `SseDecoder` reads them.
fn frames_of(body: &[u8], cuts: &[usize]) -> Vec<String> {
    let mut points: Vec<usize> = cuts.iter().map(|cut| cut % (body.len() + 1)).collect();
    points.push(0);
    points.push(body.len());
    points.sort_unstable();
    let mut frames = SseFrames::default();
    let mut seen = Vec::new();
    for window in points.windows(2) {
        frames.push(&body[window[0]..window[1]]);
        while let Some(frame) = frames.next_frame() {
            seen.push(String::from_utf8_lossy(&frame).into_owned());
        }
    }
    seen.push(String::from_utf8_lossy(&frames.finish()).into_owned());
    seen
}

/// Bytes that look like a stream often enough to matter: line breaks, field names, multi-byte
/// characters, and anything else.
fn stream_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        4 => any::<u8>().prop_map(|b| vec![b]),
        3 => Just(b"\n".to_vec()),
        2 => Just(b"\r\n".to_vec()),
        1 => Just(b"\r".to_vec()),
        2 => Just(b"data: ".to_vec()),
        1 => Just(b"data:".to_vec()),
        1 => Just(b"event: text\n".to_vec()),
        1 => Just(b": keep-alive\n\n".to_vec()),
        2 => any::<char>().prop_map(|c| c.to_string().into_bytes()),
        1 => Just("¿é😀".as_bytes().to_vec()),
    ];
    prop::collection::vec(piece, 0..200).prop_map(|pieces| pieces.concat())
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zé¿😀 \n\r\t\"\\\\{}:]{0,40}",
        Just(String::new()),
    ]
}

fn stream_event() -> impl Strategy<Value = StreamEvent> {
    prop_oneof![
        text().prop_map(|delta| StreamEvent::Text { delta }),
        prop::collection::vec(text(), 0..4).prop_map(|items| StreamEvent::QuickReplies { items }),
        text().prop_map(|expected_reply| StreamEvent::Handoff { expected_reply }),
        any::<i64>().prop_map(|message_id| StreamEvent::Done { message_id }),
        ("[a-z_]{1,20}", text()).prop_map(|(code, message)| StreamEvent::Error { code, message }),
    ]
}

/// The server's encoding (axum's `Event::event(name).json_data(..)`), with `\n` or `\r\n` line
/// endings and keep-alive comments between frames.
fn encode(events: &[(StreamEvent, bool)], crlf: bool) -> Vec<u8> {
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut body = String::new();
    for (event, keep_alive_before) in events {
        if *keep_alive_before {
            body.push_str(&format!(":{eol}{eol}"));
        }
        let json = serde_json::to_string(event).expect("events serialise");
        body.push_str(&format!(
            "event: {}{eol}data: {json}{eol}{eol}",
            event.name()
        ));
    }
    body.into_bytes()
}

#[test]
fn any_bytes_cut_anywhere_give_the_frames_of_the_uncut_body() {
    let cuts = prop::collection::vec(any::<usize>(), 0..12);
    check(256, (stream_bytes(), cuts), |(body, cuts)| {
        let whole = frames_of(&body, &[]);
        let pieces = frames_of(&body, &cuts);
        prop_assert_eq!(&pieces, &whole);
        for frame in &whole {
            prop_assert!(!frame.contains('\r'), "{:?}", frame);
            // Reading any frame never panics; what it makes of it is the next layer's business.
            let _ = parse_sse_frame(frame);
        }
        // Each frame ends at the first blank line after the one before.
        for frame in &whole[..whole.len() - 1] {
            let text = frame.strip_suffix("\n\n");
            prop_assert!(
                text.is_some_and(|text| !text.contains("\n\n")),
                "{:?}",
                frame
            );
        }
        prop_assert!(!whole[whole.len() - 1].contains("\n\n"));
        Ok(())
    });
}

#[test]
fn the_servers_events_come_back_whole_however_the_body_is_chunked() {
    let events = prop::collection::vec((stream_event(), any::<bool>()), 0..8);
    let cuts = prop::collection::vec(any::<usize>(), 0..16);
    check(
        256,
        (events, any::<bool>(), cuts),
        |(events, crlf, cuts)| {
            let body = encode(&events, crlf);
            let decoded: Vec<StreamEvent> = frames_of(&body, &cuts)
                .iter()
                .filter_map(|frame| parse_sse_frame(frame))
                .collect::<Result<_, _>>()
                .map_err(TestCaseError::fail)?;
            let sent: Vec<StreamEvent> = events.into_iter().map(|(event, _)| event).collect();
            prop_assert_eq!(decoded, sent);
            Ok(())
        },
    );
}

#[test]
fn multi_line_data_is_joined_with_newlines() {
    check(256, "[^\r]{1,200}", |data| {
        let frame = format!("event: text\ndata: {}", data.replace('\n', "\ndata: "));
        prop_assert_eq!(sse_frame_data(&frame), Some(data));
        Ok(())
    });
}
