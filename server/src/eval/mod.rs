//! Offline evaluations that print numbers: `shopchat eval intents FILE` scores the embedded
//! engine's intent understanding on a labelled CSV; `shopchat eval simulate` plays scripted
//! conversations against the assistant.

pub mod explain;
pub mod intents;
mod labels;
pub mod simulate;
pub mod train;

pub use intents::{evaluate_intents, EvalError, IntentReport, Label};
