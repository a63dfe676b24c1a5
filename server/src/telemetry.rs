//! Logging set-up: compact human-readable logs by default, JSON lines when asked.

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber. `RUST_LOG` filters; `format` is `compact` or `json`.
pub fn init(format: &str) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    // A second init (tests start many apps in one process) is harmless: keep the first.
    let _ = if format == "json" {
        builder.json().try_init()
    } else {
        builder.compact().try_init()
    };
}
