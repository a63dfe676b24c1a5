//! Offline evaluations that print numbers: `shopchat eval intents FILE` scores the embedded
//! engine's intent understanding on a labelled CSV; `shopchat eval simulate` plays scripted
//! conversations against the assistant.

pub mod explain;
pub mod intents;
mod labels;
pub mod simulate;
pub mod train;

pub use intents::{evaluate_intents, EvalError, IntentReport, Label};

/// Where a column is in a CSV header, by name, ignoring case, spaces and a byte-order mark.
pub(crate) fn column(headers: &csv::StringRecord, name: &str) -> Option<usize> {
    headers.iter().position(|h| {
        h.trim_start_matches('\u{feff}')
            .trim()
            .eq_ignore_ascii_case(name)
    })
}
