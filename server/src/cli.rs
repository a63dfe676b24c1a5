//! The `shopchat` command line: its flags (each with its environment variable), the optional
//! TOML file `--config` names, and the subcommands. Reading them gives the [`Settings`] the
//! server runs with and the command to run.

use std::path::PathBuf;

use anyhow::Context;
use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};
use serde::Deserialize;

use crate::config::limits::{self, LimitSettings, TrustedProxies};
use crate::config::{llm_settings, stripe_keys, Settings, StripeSettings};
use crate::outbound::OutboundPolicy;
use crate::sealed::SealingKey;

/// Shopchat: an AI shop assistant you embed with one script tag.
#[derive(Debug, Clone, Parser)]
#[command(name = "shopchat", version, about, long_about = None)]
pub struct Cli {
    /// Optional TOML file with any of the settings below (keys in snake_case, e.g. `port = 8080`).
    #[arg(long, env = "SHOPCHAT_CONFIG", global = true)]
    pub config: Option<PathBuf>,

    /// Interface to listen on.
    #[arg(long, env = "HOST", default_value = "127.0.0.1", global = true)]
    pub host: String,

    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "PORT", default_value_t = 8080, global = true)]
    pub port: u16,

    /// URL shoppers' browsers reach this server at [default: http://HOST:PORT].
    #[arg(long, env = "PUBLIC_URL", global = true)]
    pub public_url: Option<String>,

    /// Directory for the default SQLite database, created on first run.
    #[arg(long, env = "DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// Database URL [default: sqlite://DATA_DIR/shopchat.db].
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Static files: embed.js, the demo storefront and its images.
    #[arg(long, env = "PUBLIC_DIR", default_value = "public", global = true)]
    pub public_dir: PathBuf,

    /// The built widget (Trunk's output: JS glue, wasm, CSS).
    #[arg(long, env = "WIDGET_DIR", default_value = "dist/widget", global = true)]
    pub widget_dir: PathBuf,

    /// Create the demo shop and its catalog on first run.
    #[arg(long, env = "DEMO_SHOP", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub demo_shop: bool,

    /// Log format: `compact` or `json` (filter with RUST_LOG).
    #[arg(long, env = "LOG_FORMAT", default_value = "compact", global = true)]
    pub log_format: String,

    /// OpenAI-compatible API base URL (OpenAI, Azure, Ollama, vLLM, llama.cpp). Setting it or
    /// LLM_API_KEY switches the assistant to the LLM engine [default with a key: https://api.openai.com/v1].
    #[arg(long, env = "LLM_BASE_URL", global = true)]
    pub llm_base_url: Option<String>,

    /// Model name for the LLM engine.
    #[arg(long, env = "LLM_MODEL", default_value = "gpt-4o-mini", global = true)]
    pub llm_model: String,

    /// API key for the LLM engine (never printed or logged).
    #[arg(long, env = "LLM_API_KEY", hide_env_values = true, global = true)]
    pub llm_api_key: Option<String>,

    /// Seconds the LLM may stay silent before the turn falls back to the embedded engine.
    #[arg(long, env = "LLM_TIMEOUT_SECS", default_value_t = 20, global = true)]
    pub llm_timeout_secs: u64,

    /// **For test stand-ins only** (e.g. localstripe on loopback): send every Stripe API call,
    /// with each shop's secret key, to this URL instead of Stripe's [default: https://api.stripe.com/].
    #[arg(long, env = "STRIPE_API_BASE", global = true)]
    pub stripe_api_base: Option<String>,

    /// **For test stand-ins only**: where the widget loads Stripe.js from
    /// [default: https://js.stripe.com/v3/].
    #[arg(long, env = "STRIPE_JS_URL", global = true)]
    pub stripe_js_url: Option<String>,

    /// Stripe secret key for the demo shop: with the publishable key it switches the demo shop
    /// from the test gateway to Stripe (never printed or logged).
    #[arg(long, env = "STRIPE_SECRET_KEY", hide_env_values = true, global = true)]
    pub stripe_secret_key: Option<String>,

    /// Stripe publishable key for the demo shop (sent to the browser for the Payment Element).
    #[arg(long, env = "STRIPE_PUBLISHABLE_KEY", global = true)]
    pub stripe_publishable_key: Option<String>,

    /// Signing secret of the Stripe webhook pointing at /webhooks/stripe (never printed or
    /// logged); without it orders are marked paid by the reconciliation job only.
    #[arg(
        long,
        env = "STRIPE_WEBHOOK_SECRET",
        hide_env_values = true,
        global = true
    )]
    pub stripe_webhook_secret: Option<String>,

    /// Key that seals the shops' secrets (Stripe, LLM, identity and notify) in the database:
    /// 64 hex characters or the base64 of 32 bytes, e.g. from `openssl rand -hex 32` (never
    /// printed or logged) [default: the key file DATA_DIR/secret.key, created on first run].
    #[arg(long, env = "SECRET_KEY", hide_env_values = true, global = true)]
    pub secret_key: Option<String>,

    /// Special-purpose addresses that URLs set by merchants (handoff notifications, a shop's
    /// own LLM endpoint) may reach, comma-separated: address blocks (10.0.0.0/8, 127.0.0.1)
    /// and range names (loopback, private, link-local, cgnat, unspecified, multicast,
    /// broadcast, documentation, benchmarking, reserved). Empty: public addresses only.
    #[arg(long, env = "OUTBOUND_ALLOW", global = true)]
    pub outbound_allow: Option<String>,

    /// New orders one client address may create per hour (each holds a unit of stock until
    /// paid or expired). Behind a reverse proxy, see TRUSTED_PROXIES. Per server instance.
    #[arg(
        long,
        env = "ORDER_LIMIT_PER_CLIENT",
        default_value_t = limits::ORDERS_PER_CLIENT_PER_HOUR,
        global = true
    )]
    pub order_limit_per_client: u32,

    /// New orders one conversation may create per hour. Per server instance.
    #[arg(
        long,
        env = "ORDER_LIMIT_PER_CONVERSATION",
        default_value_t = limits::ORDERS_PER_CONVERSATION_PER_HOUR,
        global = true
    )]
    pub order_limit_per_conversation: u32,

    /// Messages one conversation may send per minute. Per server instance.
    #[arg(
        long,
        env = "MESSAGE_LIMIT_PER_CONVERSATION",
        default_value_t = limits::MESSAGES_PER_CONVERSATION_PER_MINUTE,
        global = true
    )]
    pub message_limit_per_conversation: u32,

    /// New conversations one client address may open per 10 minutes. Per server instance.
    #[arg(
        long,
        env = "CONVERSATION_LIMIT_PER_CLIENT",
        default_value_t = limits::CONVERSATIONS_PER_CLIENT_PER_10_MINUTES,
        global = true
    )]
    pub conversation_limit_per_client: u32,

    /// Reply streams one client address may hold open at once. Per server instance.
    #[arg(
        long,
        env = "STREAM_LIMIT_PER_CLIENT",
        default_value_t = limits::STREAMS_PER_CLIENT,
        global = true
    )]
    pub stream_limit_per_client: usize,

    /// Widget events (product-card clicks) one conversation may send per minute. Per server
    /// instance.
    #[arg(
        long,
        env = "EVENT_LIMIT_PER_CONVERSATION",
        default_value_t = limits::EVENTS_PER_CONVERSATION_PER_MINUTE,
        global = true
    )]
    pub event_limit_per_conversation: u32,

    /// Failed merchant sign-ins allowed per client address and per email in 15 minutes. Per
    /// server instance.
    #[arg(
        long,
        env = "SIGN_IN_FAILURE_LIMIT",
        default_value_t = limits::SIGN_IN_FAILURES_PER_15_MINUTES,
        global = true
    )]
    pub sign_in_failure_limit: u32,

    /// Failed order proofs (order number and email) allowed per conversation and per order
    /// number in 15 minutes. Counted in the database, so shared by instances on one database.
    #[arg(
        long,
        env = "ORDER_PROOF_FAILURE_LIMIT",
        default_value_t = limits::ORDER_PROOF_FAILURES_PER_15_MINUTES,
        global = true
    )]
    pub order_proof_failure_limit: u32,

    /// Reverse proxies whose X-Forwarded-For is believed, comma-separated address blocks
    /// (127.0.0.1/32,10.0.0.0/8,fd00::/8). From one of them, the client is the right-most
    /// forwarded address that is not a trusted proxy. Empty: trust none; per-client limits key
    /// on the connecting address.
    #[arg(long, env = "TRUSTED_PROXIES", global = true)]
    pub trusted_proxies: Option<String>,

    /// Serve requests but start no background jobs (reservation expiry, refunds, Stripe
    /// reconciliation, resuming shop notifications): for extra instances beside one that runs
    /// them [default: false].
    #[arg(long, env = "NO_JOBS", action = clap::ArgAction::SetTrue, global = true)]
    pub no_jobs: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Subcommand, PartialEq)]
pub enum Command {
    /// Run the server (the default).
    Serve,
    /// Create the database if needed, bring its schema up to date and exit.
    Migrate,
    /// Import a Shopify product CSV into a shop's catalog and print a report.
    ImportCatalog {
        /// The CSV file (Shopify's product export/import format).
        file: PathBuf,
        /// The shop's public key.
        #[arg(long)]
        shop: String,
    },
    /// Issue a new admin API token for a shop (replacing any earlier one) and print it once.
    AdminToken {
        /// The shop's public key.
        #[arg(long)]
        shop: String,
    },
    /// Print a shop's identity secret, with which the merchant's server or theme signs the
    /// logged-in customer's id for `Shopchat.identify` (keep it off every page).
    IdentitySecret {
        /// The shop's public key.
        #[arg(long)]
        shop: String,
        /// Replace the secret with a new one first (signatures made with the old one stop
        /// verifying).
        #[arg(long)]
        rotate: bool,
    },
    /// Re-seal every shop's stored secrets with a new secret key, in one transaction. With the
    /// key file, the new key replaces it; with SECRET_KEY, the new key is printed once for you
    /// to put in the environment. Stop the server first: a running server keeps the old key.
    RotateSecretKey,
    /// Run an offline evaluation of the assistant and print its scores.
    Eval {
        #[command(subcommand)]
        what: EvalCommand,
    },
    /// Train a model from labelled data and write the file the build embeds.
    Train {
        #[command(subcommand)]
        what: TrainCommand,
    },
}

/// The models `shopchat train` builds.
#[derive(Debug, Clone, Subcommand, PartialEq)]
pub enum TrainCommand {
    /// Train the intent classifier on DATA/own.csv, the Bitext copy in DATA/bitext/ and the
    /// bilingual CSV: choose epochs, learning rate and L2 on a dev split (20 % of each source,
    /// class and language), print its accuracy and per-class F1, train on everything and write
    /// the model. Rebuild afterwards to embed it. Run from the workspace root for the defaults.
    Intents {
        /// Where to write the model [default: DATA/model.bin].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Directory with own.csv and bitext/.
        #[arg(long, default_value = "server/data/intents")]
        data: PathBuf,
        /// Extra labelled CSV in the Bitext format (English and Spanish), mapped like Bitext.
        #[arg(long, default_value = "server/eval/intents-bilingual.csv")]
        bilingual: PathBuf,
    },
}

/// The evaluations `shopchat eval` runs.
#[derive(Debug, Clone, Subcommand, PartialEq)]
pub enum EvalCommand {
    /// Score intent understanding on a labelled CSV (columns `utterance` and `intent`, Bitext
    /// customer-service labels): per-intent precision/recall/F1, confusion matrix, macro-F1
    /// over order status, refund, cancel, human and buy.
    Intents {
        /// The labelled CSV file (UTF-8, with or without BOM).
        file: PathBuf,
    },
    /// Play scripted shopper conversations (TOML scenario files) against the assistant and
    /// print the resolution rate per kind of scenario and language, with failed transcripts.
    /// Without files, runs the built-in scenarios; without --shop, against the demo catalog
    /// in a throw-away database.
    Simulate {
        /// Scenario files (see server/eval/scenarios/ for the format).
        files: Vec<PathBuf>,
        /// Run against this shop's catalog in the configured database.
        #[arg(long)]
        shop: Option<String>,
    },
    /// Show how the embedded engine reads messages: intent, its probability, the runner-up
    /// and the slots, one message per argument.
    Explain {
        /// The messages.
        messages: Vec<String>,
        /// Ground them in this Shopify product CSV's vocabulary, as a shop with that catalog.
        #[arg(long)]
        catalog: Option<PathBuf>,
    },
}

/// Keys a config file may hold; each is optional and loses to env and flags.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    host: Option<String>,
    port: Option<u16>,
    public_url: Option<String>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    public_dir: Option<PathBuf>,
    widget_dir: Option<PathBuf>,
    demo_shop: Option<bool>,
    log_format: Option<String>,
    llm_base_url: Option<String>,
    llm_model: Option<String>,
    llm_api_key: Option<String>,
    llm_timeout_secs: Option<u64>,
    stripe_api_base: Option<String>,
    stripe_js_url: Option<String>,
    stripe_secret_key: Option<String>,
    stripe_publishable_key: Option<String>,
    stripe_webhook_secret: Option<String>,
    secret_key: Option<String>,
    outbound_allow: Option<String>,
    order_limit_per_client: Option<u32>,
    order_limit_per_conversation: Option<u32>,
    message_limit_per_conversation: Option<u32>,
    conversation_limit_per_client: Option<u32>,
    stream_limit_per_client: Option<usize>,
    event_limit_per_conversation: Option<u32>,
    sign_in_failure_limit: Option<u32>,
    order_proof_failure_limit: Option<u32>,
    trusted_proxies: Option<String>,
    no_jobs: Option<bool>,
}

/// Reads flags, environment and the optional file.
pub fn load() -> anyhow::Result<(Settings, Command)> {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches)?;
    from_cli(cli, &matches)
}

fn from_cli(cli: Cli, matches: &ArgMatches) -> anyhow::Result<(Settings, Command)> {
    let file = match &cli.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading config file {}", path.display()))?;
            toml::from_str::<FileSettings>(&text)
                .with_context(|| format!("parsing config file {}", path.display()))?
        }
        None => FileSettings::default(),
    };
    // A value from the file wins only over a built-in default.
    let defaulted = |id: &str| {
        matches!(
            matches.value_source(id),
            None | Some(ValueSource::DefaultValue)
        )
    };
    fn pick<T>(defaulted: bool, cli_value: T, file_value: Option<T>) -> T {
        match file_value {
            Some(v) if defaulted => v,
            _ => cli_value,
        }
    }
    let data_dir = pick(defaulted("data_dir"), cli.data_dir, file.data_dir);
    let database_url = cli
        .database_url
        .or(file.database_url)
        .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("shopchat.db").display()));
    let secret_key = cli
        .secret_key
        .or(file.secret_key)
        .filter(|k| !k.trim().is_empty())
        .map(|k| SealingKey::parse(&k))
        .transpose()
        .context("SECRET_KEY is not a key")?;
    let settings = Settings {
        host: pick(defaulted("host"), cli.host, file.host),
        data_dir,
        secret_key,
        port: pick(defaulted("port"), cli.port, file.port),
        public_url: cli.public_url.or(file.public_url),
        database_url,
        public_dir: pick(defaulted("public_dir"), cli.public_dir, file.public_dir),
        widget_dir: pick(defaulted("widget_dir"), cli.widget_dir, file.widget_dir),
        demo_shop: pick(defaulted("demo_shop"), cli.demo_shop, file.demo_shop),
        log_format: pick(defaulted("log_format"), cli.log_format, file.log_format),
        llm: llm_settings(
            cli.llm_base_url.or(file.llm_base_url),
            cli.llm_api_key.or(file.llm_api_key),
            pick(defaulted("llm_model"), cli.llm_model, file.llm_model),
            pick(
                defaulted("llm_timeout_secs"),
                cli.llm_timeout_secs,
                file.llm_timeout_secs,
            ),
        ),
        stripe: StripeSettings {
            api_base: cli
                .stripe_api_base
                .or(file.stripe_api_base)
                .filter(|b| !b.trim().is_empty()),
            js_url: cli
                .stripe_js_url
                .or(file.stripe_js_url)
                .filter(|u| !u.trim().is_empty()),
            timeout: None,
        },
        demo_stripe_keys: stripe_keys(
            cli.stripe_secret_key.or(file.stripe_secret_key),
            cli.stripe_publishable_key.or(file.stripe_publishable_key),
            cli.stripe_webhook_secret.or(file.stripe_webhook_secret),
        )?,
        notify_first_retry: std::time::Duration::from_secs(5),
        limits: LimitSettings {
            orders_per_client: pick(
                defaulted("order_limit_per_client"),
                cli.order_limit_per_client,
                file.order_limit_per_client,
            ),
            orders_per_conversation: pick(
                defaulted("order_limit_per_conversation"),
                cli.order_limit_per_conversation,
                file.order_limit_per_conversation,
            ),
            messages_per_conversation: pick(
                defaulted("message_limit_per_conversation"),
                cli.message_limit_per_conversation,
                file.message_limit_per_conversation,
            ),
            conversations_per_client: pick(
                defaulted("conversation_limit_per_client"),
                cli.conversation_limit_per_client,
                file.conversation_limit_per_client,
            ),
            streams_per_client: pick(
                defaulted("stream_limit_per_client"),
                cli.stream_limit_per_client,
                file.stream_limit_per_client,
            ),
            events_per_conversation: pick(
                defaulted("event_limit_per_conversation"),
                cli.event_limit_per_conversation,
                file.event_limit_per_conversation,
            ),
            sign_in_failures: pick(
                defaulted("sign_in_failure_limit"),
                cli.sign_in_failure_limit,
                file.sign_in_failure_limit,
            ),
            order_proof_failures: pick(
                defaulted("order_proof_failure_limit"),
                cli.order_proof_failure_limit,
                file.order_proof_failure_limit,
            ),
            trusted_proxies: TrustedProxies::parse(
                &cli.trusted_proxies
                    .or(file.trusted_proxies)
                    .unwrap_or_default(),
            )
            .context("TRUSTED_PROXIES")?,
        },
        no_jobs: pick(defaulted("no_jobs"), cli.no_jobs, file.no_jobs),
        outbound: OutboundPolicy::parse(
            &cli.outbound_allow
                .or(file.outbound_allow)
                .unwrap_or_default(),
        )
        .context("OUTBOUND_ALLOW")?,
    };
    Ok((settings, cli.command.unwrap_or(Command::Serve)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str], file: Option<&str>) -> Settings {
        let dir = tempfile::tempdir().unwrap();
        let mut args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        if let Some(text) = file {
            let path = dir.path().join("shopchat.toml");
            std::fs::write(&path, text).unwrap();
            args.push("--config".into());
            args.push(path.display().to_string());
        }
        let matches = Cli::command().try_get_matches_from(args).unwrap();
        let cli = Cli::from_arg_matches(&matches).unwrap();
        from_cli(cli, &matches).unwrap().0
    }

    #[test]
    fn defaults_run_with_nothing_set() {
        let s = parse(&["shopchat"], None);
        assert_eq!((s.host.as_str(), s.port), ("127.0.0.1", 8080));
        assert_eq!(s.database_url, "sqlite://data/shopchat.db");
        assert!(s.demo_shop);
        assert!(
            s.llm.is_none(),
            "no key, no LLM: the embedded engine answers"
        );
        assert_eq!(s.stripe.api_base, None, "Stripe calls go to Stripe");
    }

    #[test]
    fn stripe_keys_come_in_pairs_and_never_print() {
        let s = parse(
            &[
                "shopchat",
                "--stripe-secret-key",
                "sk_test_abc123",
                "--stripe-publishable-key",
                "pk_test_xyz",
            ],
            None,
        );
        let keys = s.demo_stripe_keys.as_ref().unwrap();
        assert_eq!(keys.publishable_key, "pk_test_xyz");
        assert!(!format!("{s:?}").contains("sk_test_abc123"));

        let matches = Cli::command()
            .try_get_matches_from(["shopchat", "--stripe-secret-key", "sk_test_abc123"])
            .unwrap();
        let cli = Cli::from_arg_matches(&matches).unwrap();
        assert!(
            from_cli(cli, &matches).is_err(),
            "a secret without its publishable key"
        );
    }

    #[test]
    fn the_stripe_api_base_can_point_at_a_test_stand_in() {
        let s = parse(
            &["shopchat", "--stripe-api-base", "http://127.0.0.1:8420/"],
            None,
        );
        assert_eq!(s.stripe.api_base.as_deref(), Some("http://127.0.0.1:8420/"));
        let s = parse(
            &["shopchat"],
            Some("stripe_api_base = \"http://127.0.0.1:9/\"\n"),
        );
        assert_eq!(s.stripe.api_base.as_deref(), Some("http://127.0.0.1:9/"));
    }

    #[test]
    fn a_base_url_or_a_key_switches_to_the_llm_engine_and_the_key_never_prints() {
        let s = parse(
            &[
                "shopchat",
                "--llm-base-url",
                "http://127.0.0.1:11434/v1",
                "--llm-model",
                "llama3",
            ],
            None,
        );
        let llm = s.llm.unwrap();
        assert_eq!(
            (llm.base_url.as_str(), llm.model.as_str()),
            ("http://127.0.0.1:11434/v1", "llama3")
        );

        let s = parse(&["shopchat"], Some("llm_api_key = \"sk-test-123\"\n"));
        assert_eq!(
            s.llm.as_ref().unwrap().base_url,
            "https://api.openai.com/v1"
        );
        assert!(!format!("{s:?}").contains("sk-test-123"));
    }

    #[test]
    fn outbound_urls_reach_public_addresses_only_unless_the_operator_allows_more() {
        let s = parse(&["shopchat"], None);
        assert!(s.outbound.is_default());
        let s = parse(
            &["shopchat", "--outbound-allow", "loopback, 10.0.0.0/8"],
            None,
        );
        assert_eq!(s.outbound.to_string(), "loopback,10.0.0.0/8");
        let s = parse(&["shopchat"], Some("outbound_allow = \"private\"\n"));
        assert_eq!(s.outbound.to_string(), "private");

        let matches = Cli::command()
            .try_get_matches_from(["shopchat", "--outbound-allow", "everything"])
            .unwrap();
        let cli = Cli::from_arg_matches(&matches).unwrap();
        let error = from_cli(cli, &matches).unwrap_err();
        assert!(
            format!("{error:#}").contains("OUTBOUND_ALLOW: “everything”"),
            "{error:#}"
        );
    }

    #[test]
    fn the_config_file_fills_in_but_flags_win() {
        let s = parse(
            &["shopchat", "--port", "9000"],
            Some("port = 7000\nhost = \"0.0.0.0\"\n"),
        );
        assert_eq!(s.port, 9000);
        assert_eq!(s.host, "0.0.0.0");
    }

    #[test]
    fn an_unknown_key_in_the_config_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, "prot = 1\n").unwrap();
        let args = ["shopchat", "--config", path.to_str().unwrap()];
        let matches = Cli::command().try_get_matches_from(args).unwrap();
        let cli = Cli::from_arg_matches(&matches).unwrap();
        assert!(from_cli(cli, &matches).is_err());
    }

    #[test]
    fn import_catalog_takes_a_file_and_a_shop() {
        let matches = Cli::command()
            .try_get_matches_from(["shopchat", "import-catalog", "x.csv", "--shop", "demo"])
            .unwrap();
        let cli = Cli::from_arg_matches(&matches).unwrap();
        let (_, command) = from_cli(cli, &matches).unwrap();
        assert_eq!(
            command,
            Command::ImportCatalog {
                file: "x.csv".into(),
                shop: "demo".into()
            }
        );
    }

    #[test]
    fn the_secret_key_is_a_key_or_the_start_fails_and_it_never_prints() {
        let hex = "ab".repeat(32);
        let s = parse(&["shopchat", "--secret-key", &hex], None);
        assert!(s.secret_key.is_some());
        assert!(!format!("{s:?}").contains(&hex));
        assert_eq!(s.data_dir, PathBuf::from("data"), "the key file's home");
        let s = parse(&["shopchat"], None);
        assert!(s.secret_key.is_none(), "the key file is used");

        for bad in ["hunter2", &"ab".repeat(31)] {
            let matches = Cli::command()
                .try_get_matches_from(["shopchat", "--secret-key", bad])
                .unwrap();
            let cli = Cli::from_arg_matches(&matches).unwrap();
            let error = format!("{:#}", from_cli(cli, &matches).unwrap_err());
            assert!(error.contains("SECRET_KEY is not a key"), "{error}");
            assert!(error.contains("64 hex characters"), "{error}");
            assert!(!error.contains(bad), "{error}");
        }
    }

    #[test]
    fn every_limit_is_a_setting_with_its_old_default() {
        let s = parse(&["shopchat"], None);
        let d = LimitSettings::default();
        assert_eq!(
            (
                s.limits.messages_per_conversation,
                s.limits.conversations_per_client,
                s.limits.streams_per_client,
                s.limits.events_per_conversation,
                s.limits.orders_per_conversation,
                s.limits.orders_per_client,
                s.limits.sign_in_failures,
                s.limits.order_proof_failures,
            ),
            (30, 60, 16, 60, 10, 60, 5, 5)
        );
        assert_eq!(
            s.limits.messages_per_conversation,
            d.messages_per_conversation
        );
        assert!(s.limits.trusted_proxies.is_empty(), "no proxy is trusted");
        assert!(!s.no_jobs);

        let s = parse(
            &[
                "shopchat",
                "--message-limit-per-conversation",
                "7",
                "--stream-limit-per-client",
                "3",
                "--trusted-proxies",
                "127.0.0.1/32, fd00::/8",
                "--no-jobs",
            ],
            Some(
                "message_limit_per_conversation = 9\norder_proof_failure_limit = 2\n\
                 sign_in_failure_limit = 4\norder_limit_per_conversation = 1\n\
                 conversation_limit_per_client = 8\nevent_limit_per_conversation = 6\n",
            ),
        );
        assert_eq!(s.limits.messages_per_conversation, 7, "the flag wins");
        assert_eq!(s.limits.streams_per_client, 3);
        assert_eq!(s.limits.order_proof_failures, 2, "from the file");
        assert_eq!(s.limits.sign_in_failures, 4);
        assert_eq!(s.limits.orders_per_conversation, 1);
        assert_eq!(s.limits.conversations_per_client, 8);
        assert_eq!(s.limits.events_per_conversation, 6);
        assert_eq!(
            s.limits.trusted_proxies.to_string(),
            "127.0.0.1/32,fd00::/8"
        );
        assert!(s.no_jobs);

        let s = parse(
            &["shopchat"],
            Some("no_jobs = true\ntrusted_proxies = \"10.0.0.0/8\"\n"),
        );
        assert!(s.no_jobs);
        assert_eq!(s.limits.trusted_proxies.to_string(), "10.0.0.0/8");
    }

    #[test]
    fn a_trusted_proxy_that_is_not_an_address_block_stops_the_start() {
        let matches = Cli::command()
            .try_get_matches_from(["shopchat", "--trusted-proxies", "127.0.0.1/32,proxy"])
            .unwrap();
        let cli = Cli::from_arg_matches(&matches).unwrap();
        let error = format!("{:#}", from_cli(cli, &matches).unwrap_err());
        assert!(error.contains("TRUSTED_PROXIES"), "{error}");
        assert!(error.contains("proxy"), "{error}");
    }

    #[test]
    fn migrate_is_a_command() {
        let matches = Cli::command()
            .try_get_matches_from(["shopchat", "migrate"])
            .unwrap();
        let cli = Cli::from_arg_matches(&matches).unwrap();
        let (_, command) = from_cli(cli, &matches).unwrap();
        assert_eq!(command, Command::Migrate);
    }
}
