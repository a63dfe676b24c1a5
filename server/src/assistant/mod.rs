//! The shopping assistant. Two engines share one set of server-side tools (`tools`): the
//! `embedded` engine (no network, English and Spanish understanding in the top-level `nlu`) and the `llm`
//! engine (any OpenAI-compatible endpoint), which falls back to the embedded one on a timeout,
//! an error or a malformed tool call. `turn` runs one turn and stores the reply.

pub mod consent;
mod deps;
pub mod embedded;
pub mod feedback;
pub mod llm;
pub mod shop_engine;
pub mod tools;
pub mod turn;

pub use deps::AssistantDeps;
