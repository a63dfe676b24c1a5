//! Property tests ("fuzzing") of what strangers and merchants' files feed the server: the Shopify
//! CSV importer, Stripe webhook deliveries, and the JSON bodies of the widget and admin APIs.
//! Each property runs on random and structured-random inputs; none may panic, answer 5xx, or
//! refuse without a stable error code.
//!
//! Cases per property: `PROPTEST_CASES` when set, else the small default given below, so the
//! normal test run stays fast. A longer run:
//! `PROPTEST_CASES=20000 cargo test -p shopchat-server --test api fuzz::`.
//! A failure prints its (shrunk) input; a bug it finds is kept below as an explicit regression
//! test rather than in a proptest persistence file.

use shopchat_test_support as support;
use shopchat_test_support::aftersale;

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};
use shopchat_protocol::{parse_sse_frame, Currency, OrderCreated, StreamEvent};
use shopchat_server::audit::Actor;
use shopchat_server::catalog::import::{parse_shopify_csv, store_products, ParseOutcome};
use shopchat_server::db::DbPool;
use shopchat_server::refunds::{self, RefundResult};
use shopchat_server::stripe::{verify_and_parse, PaymentEvent, SignatureProblem, WebhookError};
use support::stripe_signer::sign_like_stripe;
use support::TestApp;

// ---------------------------------------------------------------------------------------------
// Running properties

/// `PROPTEST_CASES` when set (proptest reads it), else `default_cases`. Failures are not written
/// to files: one worth keeping becomes a regression test in this file.
fn config(default_cases: u32) -> Config {
    let mut config = match std::env::var_os("PROPTEST_CASES") {
        Some(_) => Config::default(),
        None => Config::with_cases(default_cases),
    };
    config.failure_persistence = None;
    config
}

/// Runs `test` on `strategy`'s values; a failure panics with the shrunk input.
fn check<S: Strategy>(
    default_cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    run(config(default_cases), strategy, test);
}

/// [`check`] for cases that send requests: shrinking replays each case's setup requests, so it
/// stops after a few hundred steps.
fn check_http<S: Strategy>(
    default_cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let mut config = config(default_cases);
    config.max_shrink_iters = 512;
    run(config, strategy, test);
}

fn run<S: Strategy>(
    config: Config,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let mut runner = TestRunner::new(config);
    if let Err(failure) = runner.run(&strategy, test) {
        panic!("{failure}");
    }
}

/// Strings that tend to break things, and arbitrary ones.
fn nasty_string() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => any::<String>(),
        2 => "[a-z0-9 _-]{0,12}",
        1 => Just(String::new()),
        1 => Just("   ".to_owned()),
        1 => Just("\u{0}".to_owned()),
        1 => Just("' or 1=1 --".to_owned()),
        1 => Just("<script>alert(1)</script>".to_owned()),
        1 => Just("e\u{301}🏳️‍🌈 \u{202e}abc".to_owned()),
        1 => Just("x".repeat(2001)),
        1 => Just("-1".to_owned()),
        1 => Just("99999999999999999999".to_owned()),
    ]
}

// ---------------------------------------------------------------------------------------------
// 1. The Shopify CSV importer

/// What a column holds, for generating its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    Handle,
    Title,
    Body,
    Text,
    Bool,
    Status,
    OptionValue,
    Sku,
    Grams,
    Tracker,
    Qty,
    Policy,
    Price,
    CompareAt,
    ImageSrc,
    ImagePosition,
    VariantImage,
}

/// Columns a file may have besides Handle, Title and Price (header names as Shopify writes
/// them, legacy and current, plus one the importer doesn't know).
const OPTIONAL_COLUMNS: &[(&str, Cell)] = &[
    ("Body (HTML)", Cell::Body),
    ("Vendor", Cell::Text),
    ("Type", Cell::Text),
    ("Product Category", Cell::Text),
    ("Tags", Cell::Text),
    ("Published", Cell::Bool),
    ("Status", Cell::Status),
    ("Option1 Name", Cell::Text),
    ("Option1 Value", Cell::OptionValue),
    ("Option2 Name", Cell::Text),
    ("Option2 Value", Cell::OptionValue),
    ("Option3 Value", Cell::OptionValue),
    ("Variant SKU", Cell::Sku),
    ("Variant Grams", Cell::Grams),
    ("Variant Inventory Tracker", Cell::Tracker),
    ("Variant Inventory Qty", Cell::Qty),
    ("Variant Inventory Policy", Cell::Policy),
    ("Compare-at price", Cell::CompareAt),
    ("Variant Requires Shipping", Cell::Bool),
    ("Charge tax", Cell::Bool),
    ("Image Src", Cell::ImageSrc),
    ("Image Position", Cell::ImagePosition),
    ("Image Alt Text", Cell::Text),
    ("Variant Image", Cell::VariantImage),
    ("Gift Card", Cell::Text),
];

fn one_of(values: &'static [&'static str]) -> BoxedStrategy<String> {
    prop::sample::select(values).prop_map(str::to_owned).boxed()
}

/// A money cell: plain decimals, and everything a spreadsheet or a hand makes of them.
fn money_cell() -> BoxedStrategy<String> {
    prop_oneof![
        3 => (0..100_000u64, 0..3usize).prop_map(|(n, places)| match places {
            0 => n.to_string(),
            p => format!("{}.{:0p$}", n / 100, n % 100),
        }),
        3 => one_of(&[
            "", "0", "0.00", "10", "9.99", "9.999", "9.990", " 7.50 ", "-4", "-0", "+5", ".5",
            "5.", "1,299.00", "3.65275E+11", "1e3", "$5", "5 USD", "١٢", "NaN",
            "92233720368547758.07", "92233720368547758.08", "9223372036854775807",
            "99999999999999999999", "0000000000000000000000001.5",
        ]),
        1 => "[0-9]{1,30}(\\.[0-9]{0,6})?",
        1 => any::<String>(),
    ]
    .boxed()
}

fn cell(kind: Cell) -> BoxedStrategy<String> {
    match kind {
        Cell::Handle => prop_oneof![
            4 => one_of(&["tee", "mug", "cap", "Tee"]),
            1 => one_of(&["", " ", "a b", "a/b", "café", "tab\there", "\"q\"", "x-"]),
            1 => "[a-z0-9-]{1,8}",
            1 => any::<String>(),
        ]
        .boxed(),
        Cell::Title => prop_oneof![
            3 => one_of(&["Tee", "Mug", "Cap", ""]),
            1 => one_of(&["multi\nline", "\"quoted\", with comma", "  padded  "]),
            1 => any::<String>(),
        ]
        .boxed(),
        Cell::Body => prop_oneof![
            one_of(&[
                "",
                "<p>Soft</p>",
                "<script>alert(1)</script><p onclick=\"x()\">hi</p>",
                "<a href=\"javascript:alert(1)\">x</a><img src=x onerror=y>",
                "<p>a\n\nb</p>",
                "&amp;&lt;&nbsp;<b",
            ]),
            any::<String>(),
        ]
        .boxed(),
        Cell::Text => prop_oneof![one_of(&["", "Acme", "a, b, A", " > Shoes > "]), any::<String>()]
            .boxed(),
        Cell::Bool | Cell::Policy | Cell::Status => prop_oneof![
            4 => one_of(&[
                "", "true", "FALSE", "yes", "no", "deny", "continue", "active", "draft",
                "archived", "maybe",
            ]),
            1 => any::<String>(),
        ]
        .boxed(),
        Cell::OptionValue => prop_oneof![
            4 => one_of(&["", "S", "M", "L", "Default Title"]),
            1 => any::<String>(),
        ]
        .boxed(),
        Cell::Sku => prop_oneof![one_of(&["", "SKU-1", "SKU-1 "]), any::<String>()].boxed(),
        Cell::Grams | Cell::Qty => prop_oneof![
            3 => one_of(&[
                "", "0", "3", "-2", "20.0", "226.5", "1e3", "3.65275E+11",
                "9223372036854775807", "9223372036854775808", "-9223372036854775808",
                "99999999999999999999",
            ]),
            1 => "-?[0-9]{1,20}(\\.[0-9]{0,4})?",
            1 => any::<String>(),
        ]
        .boxed(),
        Cell::Tracker => one_of(&["", "shopify", "other"]),
        Cell::Price | Cell::CompareAt => money_cell(),
        Cell::ImageSrc | Cell::VariantImage => prop_oneof![
            3 => one_of(&[
                "",
                "https://cdn.example/a.jpg",
                "https://cdn.example/b.jpg",
                "//cdn.example/c.jpg",
                "/files/d.jpg",
                "javascript:alert(1)",
                "data:image/png;base64,AA",
                "https://x/\"onerror=\"a",
                "https://",
            ]),
            1 => any::<String>(),
        ]
        .boxed(),
        Cell::ImagePosition => prop_oneof![
            3 => one_of(&["", "1", "2", "0", "-1", "1.5", "9223372036854775807", "99999999999999999999"]),
            1 => any::<String>(),
        ]
        .boxed(),
    }
}

/// A structured-random product CSV: a header with the required columns under one of their
/// names and a shuffled subset of the others, then rows of cells chosen per column (some rows
/// short, as hand-edited files have them).
#[derive(Debug, Clone)]
struct CsvFile {
    columns: Vec<(String, Cell)>,
    rows: Vec<Vec<String>>,
    crlf: bool,
    bom: bool,
    currency: &'static str,
}

fn csv_file() -> impl Strategy<Value = CsvFile> {
    let required = (
        prop::sample::select(&["Handle", "URL handle", " handle "][..]),
        prop::sample::select(&["Variant Price", "Price"][..]),
    );
    let optional = prop::sample::subsequence(OPTIONAL_COLUMNS, 0..=OPTIONAL_COLUMNS.len());
    (required, optional)
        .prop_flat_map(|((handle, price), optional)| {
            let mut columns = vec![
                (handle.to_owned(), Cell::Handle),
                ("Title".to_owned(), Cell::Title),
                (price.to_owned(), Cell::Price),
            ];
            columns.extend(
                optional
                    .iter()
                    .map(|(name, kind)| ((*name).to_owned(), *kind)),
            );
            Just(columns).prop_shuffle()
        })
        .prop_flat_map(|columns| {
            let row: Vec<BoxedStrategy<String>> =
                columns.iter().map(|(_, kind)| cell(*kind)).collect();
            let width = columns.len();
            let rows = prop::collection::vec((row, 1..=width + 2), 0..12).prop_map(|rows| {
                rows.into_iter()
                    .map(|(mut cells, keep)| {
                        cells.truncate(keep);
                        cells
                    })
                    .collect::<Vec<_>>()
            });
            (
                Just(columns),
                rows,
                any::<bool>(),
                any::<bool>(),
                prop::sample::select(&["USD", "JPY", "KWD"][..]),
            )
        })
        .prop_map(|(columns, rows, crlf, bom, currency)| CsvFile {
            columns,
            rows,
            crlf,
            bom,
            currency,
        })
}

/// Physical line breaks as an editor counts them: `\r\n`, `\n` or a lone `\r`.
fn line_breaks(bytes: &[u8]) -> u64 {
    let count = bytes
        .iter()
        .enumerate()
        .filter(|&(at, &b)| b == b'\n' || (b == b'\r' && bytes.get(at + 1) != Some(&b'\n')))
        .count();
    u64::try_from(count).expect("a small file")
}

impl CsvFile {
    /// The file's bytes, and the line each row starts on.
    fn render(&self) -> (Vec<u8>, Vec<u64>) {
        let terminator = if self.crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        };
        let record = |cells: &[String]| {
            let mut writer = csv::WriterBuilder::new()
                .flexible(true)
                .terminator(terminator)
                .from_writer(Vec::new());
            writer.write_record(cells).expect("write a record");
            writer.into_inner().expect("flush a record")
        };
        let mut bytes = if self.bom {
            "\u{feff}".as_bytes().to_vec()
        } else {
            Vec::new()
        };
        let names: Vec<String> = self.columns.iter().map(|(name, _)| name.clone()).collect();
        bytes.extend(record(&names));
        let mut lines = Vec::with_capacity(self.rows.len());
        for row in &self.rows {
            lines.push(line_breaks(&bytes) + 1);
            bytes.extend(record(row));
        }
        (bytes, lines)
    }

    fn cell(&self, row: &[String], kind: Cell) -> String {
        self.columns
            .iter()
            .position(|(_, k)| *k == kind)
            .and_then(|index| row.get(index))
            .map_or_else(String::new, |cell| cell.trim().to_owned())
    }

    fn currency(&self) -> Currency {
        Currency::parse(self.currency).expect("a currency")
    }
}

/// A price cell in minor units, worked out independently of the importer: a plain decimal
/// (digits, at most one point with digits after it, extra decimals only zeros) that fits an
/// `i64`; anything else has no price.
fn expected_minor(cell: &str, exponent: u32) -> Option<i64> {
    let text = cell.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || text.ends_with('.') {
        return None;
    }
    let places = usize::try_from(exponent).expect("a small exponent");
    let (kept, extra) = fraction.split_at(fraction.len().min(places));
    if extra.bytes().any(|b| b != b'0') {
        return None;
    }
    let all = format!("{whole}{kept:0<places$}");
    let significant = all.trim_start_matches('0');
    if significant.len() > 20 {
        return None;
    }
    let value: u128 = significant.parse().unwrap_or(0);
    i64::try_from(value).ok()
}

/// Every non-blank row is imported (it started a product, or carried a variant or an image of
/// one) or reported (skipped or warned about, or its product was skipped); prices are exactly
/// the decimals written, in non-negative minor units.
fn check_outcome(
    file: &CsvFile,
    lines: &[u64],
    outcome: &ParseOutcome,
) -> Result<(), TestCaseError> {
    let exponent = file.currency().exponent();
    let reported: HashSet<u64> = outcome
        .skipped
        .iter()
        .chain(&outcome.warnings)
        .map(|row| row.line)
        .collect();
    let skipped_handles: HashSet<&str> = outcome
        .skipped
        .iter()
        .filter_map(|row| row.handle.as_deref())
        .collect();
    let mut imported: HashSet<u64> = HashSet::new();
    let mut products: HashSet<&str> = HashSet::new();
    for product in &outcome.products {
        prop_assert!(!product.variants.is_empty(), "{product:?}");
        prop_assert!(
            products.insert(&product.handle),
            "handle imported twice: {}",
            product.handle
        );
        imported.insert(product.line);
        for variant in &product.variants {
            imported.insert(variant.line);
        }
    }
    let row_at: HashMap<u64, &Vec<String>> = lines.iter().copied().zip(&file.rows).collect();

    for (line, row) in lines.iter().zip(&file.rows) {
        if row.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let handle = file.cell(row, Cell::Handle);
        let accounted = reported.contains(line)
            || imported.contains(line)
            || skipped_handles.contains(handle.as_str())
            || (products.contains(handle.as_str()) && !file.cell(row, Cell::ImageSrc).is_empty());
        prop_assert!(
            accounted,
            "line {line} neither imported nor reported: {row:?}"
        );
    }

    for product in &outcome.products {
        for variant in &product.variants {
            let row = row_at
                .get(&variant.line)
                .ok_or_else(|| TestCaseError::fail(format!("no row at line {}", variant.line)))?;
            prop_assert!(variant.price_minor >= 0, "{variant:?}");
            prop_assert!(
                variant.compare_at_minor.is_none_or(|c| c >= 0),
                "{variant:?}"
            );
            let price = file.cell(row, Cell::Price);
            prop_assert_eq!(
                Some(variant.price_minor),
                expected_minor(&price, exponent),
                "price {:?}",
                price
            );
            let compare_at = file.cell(row, Cell::CompareAt);
            prop_assert_eq!(
                variant.compare_at_minor,
                expected_minor(&compare_at, exponent),
                "compare-at {:?}",
                compare_at
            );
        }
    }
    Ok(())
}

#[test]
fn any_bytes_are_parsed_or_refused_as_a_whole_without_panicking() {
    let header = "Handle,Title,Body (HTML),Option1 Value,Variant Price,Variant Compare At Price,\
                  Variant Inventory Qty,Image Src,Image Position\n";
    let piece = prop_oneof![
        4 => any::<u8>().prop_map(|b| vec![b]),
        2 => Just(b",".to_vec()),
        2 => Just(b"\"".to_vec()),
        2 => Just(b"\n".to_vec()),
        1 => Just(b"\r".to_vec()),
        1 => Just(b"tee,Tee,".to_vec()),
        1 => Just(b"9.99".to_vec()),
        1 => any::<char>().prop_map(|c| c.to_string().into_bytes()),
    ];
    let bytes = prop::collection::vec(piece, 0..300).prop_map(|pieces| pieces.concat());
    check(128, (bytes, any::<bool>()), |(bytes, with_header)| {
        let input = if with_header {
            [header.as_bytes(), &bytes].concat()
        } else {
            bytes
        };
        let usd = Currency::parse("USD").expect("USD");
        if let Ok(outcome) = parse_shopify_csv(input.as_slice(), usd) {
            for variant in outcome.products.iter().flat_map(|p| &p.variants) {
                prop_assert!(variant.price_minor >= 0, "{variant:?}");
                prop_assert!(
                    variant.compare_at_minor.is_none_or(|c| c >= 0),
                    "{variant:?}"
                );
            }
        }
        Ok(())
    });
}

#[test]
fn every_row_of_a_product_csv_is_imported_or_reported_with_exact_prices() {
    check(160, csv_file(), |file| {
        let (bytes, lines) = file.render();
        let outcome = parse_shopify_csv(bytes.as_slice(), file.currency())
            .map_err(|error| TestCaseError::fail(format!("refused as a whole: {error}")))?;
        check_outcome(&file, &lines, &outcome)
    });
}

/// Found by `every_row_of_a_product_csv_is_imported_or_reported_with_exact_prices`: an image
/// without a position goes after the last one, whose position may be `i64::MAX`; working that
/// out overflowed (a panic in debug builds).
#[test]
fn regression_an_image_after_one_at_the_largest_position_goes_last() {
    let csv = "Handle,Title,Variant Price,Image Src,Image Position\n\
               cap,Cap,10,https://cdn.example/a.jpg,9223372036854775807\n\
               cap,,,https://cdn.example/b.jpg,\n";
    let usd = Currency::parse("USD").expect("USD");
    let outcome = parse_shopify_csv(csv.as_bytes(), usd).expect("a product CSV");
    let images: Vec<&str> = outcome.products[0]
        .images
        .iter()
        .map(|image| image.src.as_str())
        .collect();
    assert_eq!(
        images,
        ["https://cdn.example/a.jpg", "https://cdn.example/b.jpg"]
    );
}

/// A migrated database in a temporary directory holding one shop.
async fn catalog_db(currency: &str) -> (DbPool, i64, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let pool = shopchat_test_support::database::TestDatabase::create(dir.path())
        .await
        .connect()
        .await;
    let shop_id = sqlx::query_scalar(
        "insert into shop (public_key, name, currency) values ('fuzz', 'Fuzz', $1) returning id",
    )
    .bind(currency)
    .fetch_one(&pool)
    .await
    .expect("insert shop");
    (pool, shop_id, dir)
}

#[test]
fn the_database_stores_whatever_the_parser_accepts_with_non_negative_prices() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    // Every file goes into the same catalog, so later files also update earlier products.
    let (pool, shop_id, _dir) = runtime.block_on(catalog_db("USD"));
    let usd_file = csv_file().prop_map(|file| CsvFile {
        currency: "USD",
        ..file
    });
    check(48, usd_file, |file| {
        let (bytes, _) = file.render();
        let outcome = parse_shopify_csv(bytes.as_slice(), file.currency())
            .map_err(|error| TestCaseError::fail(format!("refused as a whole: {error}")))?;
        let stored = runtime
            .block_on(store_products(&pool, shop_id, &outcome.products))
            .map_err(|error| TestCaseError::fail(format!("store failed: {error}")))?;
        prop_assert!(stored.failed.is_empty(), "{:?}", stored.failed);
        let negative: i64 = runtime
            .block_on(
                sqlx::query_scalar(
                    "select count(*) from variant where price_minor < 0 or compare_at_minor < 0",
                )
                .fetch_one(&pool),
            )
            .map_err(|error| TestCaseError::fail(error.to_string()))?;
        prop_assert_eq!(negative, 0);
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------------
// 2. Stripe webhooks

const SECRET: &str = "whsec_fuzz_secret";
const NOW: i64 = 1_800_000_000;

fn at(seconds: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).expect("after 1970"))
}

const EVENT_TYPES: &[&str] = &[
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "payment_intent.canceled",
    "charge.refunded",
    "charge.dispute.created",
    "customer.created",
    "shopchat.unknown",
    "",
];

/// Arbitrary JSON, with keys that the webhook and API code look for among random ones.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        nasty_string().prop_map(Value::from),
    ];
    let key = prop_oneof![
        3 => one_of(&[
            "id", "object", "type", "data", "metadata", "shop_id", "payment_intent", "amount",
            "amount_received", "currency", "text", "shop", "locale", "features", "identity",
            "context", "product", "cart_count", "product_id", "variant_id", "email",
            "shipping_address", "idempotency_key", "card_number", "expiry", "cvc", "approve",
            "note", "url", "reply_hours", "carrier", "tracking_number", "tracking_url",
            "order_tokens", "signature", "price", "minor",
        ]),
        1 => any::<String>(),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

/// An event envelope as Stripe sends it, with a random type, id and object.
fn stripe_event() -> impl Strategy<Value = String> {
    let object = prop_oneof![
        json_value(),
        (
            one_of(&["payment_intent", "charge", "dispute", "thing"]),
            nasty_string(),
            json_value()
        )
            .prop_map(|(object, id, metadata)| json!({
                "object": object, "id": id, "payment_intent": id, "metadata": metadata,
                "amount_received": -1, "currency": "usd",
            })),
    ];
    (
        nasty_string(),
        prop::sample::select(EVENT_TYPES),
        any::<i64>(),
        object,
    )
        .prop_map(|(id, type_, created, object)| {
            json!({
                "id": id, "object": "event", "api_version": "2026-09-30.endive",
                "created": created, "livemode": false, "pending_webhooks": 1,
                "request": {"id": null, "idempotency_key": null},
                "data": {"object": object}, "type": type_,
            })
            .to_string()
        })
}

/// Bodies a stranger could post: random bytes, random JSON, or event envelopes.
fn webhook_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        json_value().prop_map(|value| value.to_string().into_bytes()),
        stripe_event().prop_map(String::into_bytes),
    ]
}

/// Timestamps, with the edges of `i64` and of the five-minute tolerance.
fn timestamp() -> impl Strategy<Value = i64> {
    prop_oneof![
        any::<i64>(),
        Just(i64::MIN),
        Just(i64::MAX),
        Just(i64::MIN + NOW),
        Just(0),
        (-400..=400i64).prop_map(|offset| NOW + offset),
    ]
}

/// Signature headers a stranger could send: random text, and `t=…,v1=…` lookalikes.
fn signature_header() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        timestamp().prop_map(|t| format!("t={t}")),
        "[0-9a-f]{64}".prop_map(|hex| format!("v1={hex}")),
        "[0-9a-zA-Z]{0,70}".prop_map(|junk| format!("v1={junk}")),
        "[0-9a-f]{64}".prop_map(|hex| format!("v0={hex}")),
        one_of(&["t=", "v1=", "t", "=", " t=1", "t=1e3", "t=+5", "t=-0"]),
        any::<String>(),
    ];
    prop_oneof![
        1 => any::<String>(),
        4 => prop::collection::vec(part, 0..5).prop_map(|parts| parts.join(",")),
    ]
}

#[test]
fn unsigned_deliveries_are_refused_as_unsigned() {
    check(
        512,
        (webhook_body(), signature_header()),
        |(body, header)| {
            let result = verify_and_parse(&body, &header, SECRET, at(NOW));
            prop_assert!(
                matches!(result, Err(WebhookError::Signature(_))),
                "{result:?} for header {header:?}"
            );
            Ok(())
        },
    );
}

#[test]
fn a_signed_delivery_is_read_and_any_change_to_it_is_refused() {
    let change = (any::<prop::sample::Index>(), 1..=255u8);
    check(
        256,
        (stripe_event(), change, any::<bool>()),
        |(body, (at_index, flip), in_header)| {
            let header = sign_like_stripe(body.as_bytes(), SECRET, NOW);
            match verify_and_parse(body.as_bytes(), &header, SECRET, at(NOW)) {
                Ok(PaymentEvent { .. }) | Err(WebhookError::Payload(_)) => {}
                Err(other) => return Err(TestCaseError::fail(format!("signed, yet {other:?}"))),
            }
            let signed_header = header.clone();
            let (mut body, mut header) = (body.into_bytes(), header.into_bytes());
            let target = if in_header { &mut header } else { &mut body };
            let index = at_index.index(target.len());
            target[index] ^= flip;
            // A changed header need not be UTF-8 either; the route reads it as text.
            let header = String::from_utf8_lossy(&header);
            // Hex digits read the same in either case: `A` for `a` is no change.
            prop_assume!(!in_header || header.to_ascii_lowercase() != signed_header);
            let result = verify_and_parse(&body, &header, SECRET, at(NOW));
            prop_assert!(
                matches!(result, Err(WebhookError::Signature(_))),
                "{result:?} after changing byte {index} of the {}",
                if in_header { "header" } else { "body" }
            );
            Ok(())
        },
    );
}

#[test]
fn a_signed_delivery_is_fresh_within_five_minutes_of_any_clock() {
    let body = json!({
        "id": "evt_fuzz", "object": "event", "api_version": "2026-09-30.endive",
        "created": NOW, "livemode": false, "pending_webhooks": 1,
        "request": {"id": null, "idempotency_key": null},
        "data": {"object": {"object": "thing"}}, "type": "shopchat.unknown",
    })
    .to_string();
    check(1024, timestamp(), |signed_at| {
        let header = sign_like_stripe(body.as_bytes(), SECRET, signed_at);
        let result = verify_and_parse(body.as_bytes(), &header, SECRET, at(NOW));
        let fresh = NOW
            .checked_sub(signed_at)
            .is_some_and(|age| age.abs() <= 300);
        if fresh {
            prop_assert!(result.is_ok(), "{result:?} signed at {signed_at}");
        } else {
            prop_assert_eq!(
                result,
                Err(WebhookError::Signature(SignatureProblem::Stale)),
                "signed at {}",
                signed_at
            );
        }
        Ok(())
    });
}

/// Found by `unsigned_deliveries_are_refused_as_unsigned`: a body that isn't UTF-8 was reported
/// as a signed but unreadable event (`Payload`) before any signature was checked, so the route
/// stopped at the first shop and answered `invalid_request`, logging "a signed webhook".
#[test]
fn regression_a_body_that_is_not_utf8_is_refused_as_unsigned() {
    assert_eq!(
        verify_and_parse(&[128], "t=0,v1=", SECRET, at(NOW)),
        Err(WebhookError::Signature(SignatureProblem::Mismatch))
    );
    let signed = sign_like_stripe(&[0xff, b'{'], SECRET, NOW);
    assert!(matches!(
        verify_and_parse(&[0xff, b'{'], &signed, SECRET, at(NOW)),
        Err(WebhookError::Signature(_))
    ));
}

/// Found by `a_signed_delivery_is_fresh_within_five_minutes_of_any_clock`: the SDK's age check
/// (`now - t`) overflowed for a `t` near `i64::MIN`, a panic in debug builds and, in release,
/// a wrapped age that passed as fresh.
#[test]
fn regression_a_signature_dated_near_the_start_of_i64_is_stale_not_a_panic() {
    let body = r#"{"id":"evt_old"}"#;
    for signed_at in [i64::MIN, i64::MIN + NOW] {
        let header = sign_like_stripe(body.as_bytes(), SECRET, signed_at);
        assert_eq!(
            verify_and_parse(body.as_bytes(), &header, SECRET, at(NOW)),
            Err(WebhookError::Signature(SignatureProblem::Stale)),
            "signed at {signed_at}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 3. The HTTP API: webhook route and JSON bodies, over loopback

/// The real app on port 0 and the runtime it runs on, for properties that send requests.
struct Api {
    app: TestApp,
    /// A shop of its own with one product whose stock is not tracked, so that any number of
    /// orders can be bought.
    shop: aftersale::Shop,
    product_id: i64,
    variant_id: i64,
    admin_token: String,
    clients: AtomicU32,
    runtime: tokio::runtime::Runtime,
}

/// A (method, path, bearer token) to send a fuzzed body to.
type Endpoint = (Method, String, Option<String>);

impl Api {
    fn start() -> Api {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let (app, shop, product_id, variant_id, admin_token) = runtime.block_on(async {
            let app = TestApp::spawn().await;
            let shop = aftersale::shop(&app, "fuzz").await;
            let product_id: i64 = sqlx::query_scalar(
                "insert into product (shop_id, handle, title) values ($1, 'coat', 'Coat') returning id",
            )
            .bind(shop.id)
            .fetch_one(&app.db)
            .await
            .expect("a product");
            let variant_id: i64 = sqlx::query_scalar(
                "insert into variant (shop_id, product_id, price_minor, inventory_qty)
                 values ($1, $2, 12000, null) returning id",
            )
            .bind(shop.id)
            .bind(product_id)
            .fetch_one(&app.db)
            .await
            .expect("a variant");
            let admin_token = aftersale::admin_token(&app, &shop).await;
            (app, shop, product_id, variant_id, admin_token)
        });
        Api {
            app,
            shop,
            product_id,
            variant_id,
            admin_token,
            clients: AtomicU32::new(0),
            runtime,
        }
    }

    fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// A client from a loopback address no other case used. New conversations are limited
    /// per client address; each case stands for another shopper, so a long run isn't
    /// throttled and every case reaches the handler.
    fn client(&self) -> reqwest::Client {
        let n = self.clients.fetch_add(1, Ordering::Relaxed);
        let address = Ipv4Addr::from(u32::from(Ipv4Addr::new(127, 1, 0, 1)) + n % 0x00fe_0000);
        reqwest::Client::builder()
            .local_address(IpAddr::V4(address))
            .build()
            .expect("a client")
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.app.url)
    }

    /// A new conversation with the shop: (id, token).
    async fn conversation(&self, client: &reqwest::Client) -> (String, String) {
        let response = client
            .post(self.url("/api/v1/conversations"))
            .json(&json!({"shop": self.shop.key, "locale": "en", "features": ["checkout"]}))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::CREATED);
        let body: Value = response.json().await.expect("json");
        (
            body["conversation_id"].as_str().expect("an id").to_owned(),
            body["token"].as_str().expect("a token").to_owned(),
        )
    }

    /// A new order of the coat, unpaid: (order id, order number, order token).
    async fn order(&self, client: &reqwest::Client) -> (String, String, String) {
        let (id, token) = self.conversation(client).await;
        let response = client
            .post(self.url(&format!("/api/v1/conversations/{id}/orders")))
            .bearer_auth(token)
            .json(&json!({
                "variant_id": self.variant_id,
                "email": "ada@example.com",
                "shipping_address": {"name": "Ada Lovelace", "line1": "12 Main St", "city": "Austin",
                                     "postal_code": "78701", "country": "US"},
                "idempotency_key": "fuzz",
            }))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::CREATED);
        let created: OrderCreated = response.json().await.expect("an order");
        (
            created.order.order_id,
            created.order.order_number,
            created.order_token,
        )
    }

    async fn pay(&self, client: &reqwest::Client, order_id: &str, token: &str, card: &str) {
        let response = client
            .post(self.url(&format!("/api/v1/orders/{order_id}/demo-payments")))
            .bearer_auth(token)
            .json(&json!({"card_number": card, "expiry": "12/40", "cvc": "123"}))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::OK);
    }

    /// Sets up what `target` acts on, fresh for each case.
    async fn endpoint(&self, client: &reqwest::Client, target: Target) -> Endpoint {
        let admin = Some(self.admin_token.clone());
        match target {
            Target::CreateConversation => (Method::POST, "/api/v1/conversations".into(), None),
            Target::UpdateContext
            | Target::SendMessage
            | Target::WidgetEvent
            | Target::CreateOrder => {
                let (id, token) = self.conversation(client).await;
                let action = match target {
                    Target::UpdateContext => "context",
                    Target::SendMessage => "messages",
                    Target::WidgetEvent => "events",
                    _ => "orders",
                };
                (
                    Method::POST,
                    format!("/api/v1/conversations/{id}/{action}"),
                    Some(token),
                )
            }
            Target::DemoPayment => {
                let (order_id, _, token) = self.order(client).await;
                (
                    Method::POST,
                    format!("/api/v1/orders/{order_id}/demo-payments"),
                    Some(token),
                )
            }
            Target::DemoConfirm => {
                let (order_id, _, token) = self.order(client).await;
                self.pay(client, &order_id, &token, "4000 0025 0000 3155")
                    .await;
                let path = format!("/api/v1/orders/{order_id}/demo-payments/confirm");
                (Method::POST, path, Some(token))
            }
            Target::AdminReply => {
                let (id, _) = self.conversation(client).await;
                (
                    Method::POST,
                    format!("/api/v1/admin/conversations/{id}/reply"),
                    admin,
                )
            }
            Target::AdminNotifications => {
                (Method::PUT, "/api/v1/admin/notifications".into(), admin)
            }
            Target::AdminFulfillment => {
                let (order_id, number, token) = self.order(client).await;
                self.pay(client, &order_id, &token, "4242 4242 4242 4242")
                    .await;
                (
                    Method::POST,
                    format!("/api/v1/admin/orders/{number}/fulfillment"),
                    admin,
                )
            }
            Target::AdminApproveRefund | Target::AdminDenyRefund => {
                let (order_id, _, token) = self.order(client).await;
                self.pay(client, &order_id, &token, "4242 4242 4242 4242")
                    .await;
                let queued = refunds::request_refund(
                    &self.app.state.db,
                    &self.app.state.stripe,
                    self.shop.id,
                    &order_id,
                    "damaged",
                    None,
                    Actor::Assistant,
                    SystemTime::now(),
                )
                .await
                .expect("a decision");
                let RefundResult::Queued { refund_id, .. } = queued else {
                    panic!("a refund over the ceiling waits for the merchant, got {queued:?}");
                };
                let action = if target == Target::AdminDenyRefund {
                    "deny"
                } else {
                    "approve"
                };
                (
                    Method::POST,
                    format!("/api/v1/admin/refunds/{refund_id}/{action}"),
                    admin,
                )
            }
        }
    }

    /// Sends `body` as JSON to `target`, set up afresh, and checks the answer.
    fn send(&self, target: Target, body: Vec<u8>) -> Result<(), TestCaseError> {
        self.block_on(async {
            let client = self.client();
            let (method, path, token) = self.endpoint(&client, target).await;
            let mut request = client
                .request(method, self.url(&path))
                .header(header::CONTENT_TYPE, "application/json")
                .body(body);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let response = request.send().await.expect("request");
            answer_is_well_formed(response).await
        })
    }
}

/// No 5xx; a 4xx has the error body with a stable snake_case code; a streamed reply ends with
/// `done` or with an error the shopper can be told about (a panic in the turn would end it
/// with neither).
async fn answer_is_well_formed(response: reqwest::Response) -> Result<(), TestCaseError> {
    let status = response.status();
    let event_stream = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"text/event-stream"));
    let body = response.bytes().await.expect("a body");
    let text = String::from_utf8_lossy(&body);
    prop_assert!(!status.is_server_error(), "{status}: {text}");
    if status.is_client_error() {
        let error: Value = serde_json::from_slice(&body)
            .map_err(|_| TestCaseError::fail(format!("{status} without a JSON body: {text}")))?;
        let code = error["error"]["code"].as_str().unwrap_or_default();
        let stable = !code.is_empty()
            && code.starts_with(|c: char| c.is_ascii_lowercase())
            && code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        prop_assert!(stable, "{status} without a stable code: {text}");
        prop_assert!(error["error"]["message"].is_string(), "{status}: {text}");
    }
    if event_stream {
        let events: Vec<StreamEvent> = text
            .split("\n\n")
            .filter_map(parse_sse_frame)
            .collect::<Result<_, _>>()
            .map_err(|error| TestCaseError::fail(format!("unreadable event {error}: {text}")))?;
        let ended = matches!(events.last(), Some(StreamEvent::Done { .. }))
            || matches!(events.last(), Some(StreamEvent::Error { code, .. }) if code != "internal");
        prop_assert!(ended, "the reply did not end well: {events:?}");
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    CreateConversation,
    UpdateContext,
    SendMessage,
    WidgetEvent,
    CreateOrder,
    DemoPayment,
    DemoConfirm,
    AdminReply,
    AdminNotifications,
    AdminFulfillment,
    AdminApproveRefund,
    AdminDenyRefund,
}

fn maybe<T: std::fmt::Debug>(value: impl Strategy<Value = T>) -> impl Strategy<Value = Option<T>> {
    prop::option::weighted(0.7, value)
}

fn identity() -> impl Strategy<Value = Value> {
    (
        nasty_string(),
        maybe(nasty_string()),
        maybe(prop_oneof!["[0-9a-f]{64}", nasty_string()]),
    )
        .prop_map(
            |(id, email, signature)| json!({"id": id, "email": email, "signature": signature}),
        )
}

fn page_context(product_id: i64) -> impl Strategy<Value = Value> {
    let product = prop_oneof![
        Just("coat".to_owned()),
        Just(product_id.to_string()),
        any::<i64>().prop_map(|id| id.to_string()),
        nasty_string(),
    ];
    let cart_count = prop_oneof![
        any::<u32>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        Just(json!(u64::MAX)),
        Just(json!(1.5)),
    ];
    (maybe(product), maybe(cart_count))
        .prop_map(|(product, cart_count)| json!({"product": product, "cart_count": cart_count}))
}

fn address() -> impl Strategy<Value = Value> {
    let country = prop_oneof![one_of(&["US", "ES", "us", "XX", "USA", ""]), nasty_string()];
    (
        prop_oneof![Just("Ada Lovelace".to_owned()), nasty_string()],
        prop_oneof![Just("12 Main St".to_owned()), nasty_string()],
        maybe(nasty_string()),
        prop_oneof![Just("Austin".to_owned()), nasty_string()],
        prop_oneof![Just("78701".to_owned()), nasty_string()],
        country,
    )
        .prop_map(|(name, line1, line2, city, postal_code, country)| {
            json!({"name": name, "line1": line1, "line2": line2, "city": city,
                   "postal_code": postal_code, "country": country})
        })
}

fn text_field() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => nasty_string(),
        1 => Just("where is my order?".to_owned()),
        1 => Just("é".repeat(2000)),
        1 => Just(format!("  {}  ", "a".repeat(2000))),
    ]
    .prop_map(|text| json!({ "text": text }))
}

/// A body of the right shape for `target`, with random values in its fields.
fn valid_body(api: &Api, target: Target) -> BoxedStrategy<Value> {
    let (product_id, variant_id) = (api.product_id, api.variant_id);
    match target {
        Target::CreateConversation => (
            prop_oneof![3 => Just("fuzz".to_owned()), 1 => Just("demo".to_owned()), 1 => nasty_string()],
            maybe(prop_oneof![one_of(&["en", "es", "fr", "EN-us"]), nasty_string()]),
            prop::collection::vec(prop_oneof![Just("checkout".to_owned()), nasty_string()], 0..4),
            prop::collection::vec(nasty_string(), 0..4),
            maybe(identity()),
            maybe(page_context(product_id)),
        )
            .prop_map(|(shop, locale, features, order_tokens, identity, context)| {
                json!({"shop": shop, "locale": locale, "features": features,
                       "order_tokens": order_tokens, "identity": identity, "context": context})
            })
            .boxed(),
        Target::UpdateContext => (maybe(identity()), maybe(page_context(product_id)))
            .prop_map(|(identity, context)| json!({"identity": identity, "context": context}))
            .boxed(),
        Target::SendMessage | Target::AdminReply => text_field().boxed(),
        Target::WidgetEvent => prop_oneof![Just(product_id), any::<i64>()]
            .prop_map(|product_id| json!({"type": "card_click", "product_id": product_id}))
            .boxed(),
        Target::CreateOrder => (
            prop_oneof![3 => Just(variant_id), 1 => any::<i64>()],
            prop_oneof![Just("ada@example.com".to_owned()), Just("a@b".to_owned()), nasty_string()],
            maybe(address()),
            nasty_string(),
        )
            .prop_map(|(variant_id, email, shipping_address, idempotency_key)| {
                json!({"variant_id": variant_id, "email": email,
                       "shipping_address": shipping_address, "idempotency_key": idempotency_key})
            })
            .boxed(),
        Target::DemoPayment => (
            prop_oneof![
                one_of(&["4242 4242 4242 4242", "4000000000000002", "4000-0025-0000-3155", "4242"]),
                "[0-9 -]{0,24}",
                nasty_string(),
            ],
            prop_oneof![one_of(&["12/40", "01/20", "13/40", "12/2040", "1/", "/"]), nasty_string()],
            prop_oneof![one_of(&["123", "1234", "12", "abc"]), nasty_string()],
        )
            .prop_map(|(card_number, expiry, cvc)| {
                json!({"card_number": card_number, "expiry": expiry, "cvc": cvc})
            })
            .boxed(),
        Target::DemoConfirm => any::<bool>().prop_map(|approve| json!({ "approve": approve })).boxed(),
        Target::AdminNotifications => (
            maybe(prop_oneof![
                one_of(&["https://hooks.example/shopchat", "http://localhost:1/x", "ftp://x", "https://"]),
                nasty_string(),
            ]),
            maybe(prop_oneof![0..=721i64, Just(i64::MIN), Just(i64::MAX), any::<i64>()]),
        )
            .prop_map(|(url, reply_hours)| json!({"url": url, "reply_hours": reply_hours}))
            .boxed(),
        Target::AdminFulfillment => (
            prop_oneof![one_of(&["UPS", "USPS", "DHL", ""]), nasty_string()],
            prop_oneof![Just("1Z999AA10123456784".to_owned()), nasty_string()],
            maybe(prop_oneof![
                one_of(&["https://track.example/1Z", "javascript:alert(1)", "http://x"]),
                nasty_string(),
            ]),
        )
            .prop_map(|(carrier, tracking_number, tracking_url)| {
                json!({"carrier": carrier, "tracking_number": tracking_number,
                       "tracking_url": tracking_url})
            })
            .boxed(),
        Target::AdminApproveRefund => maybe(nasty_string())
            .prop_map(|note| json!({ "note": note }))
            .boxed(),
        Target::AdminDenyRefund => nasty_string().prop_map(|note| json!({ "note": note })).boxed(),
    }
}

/// JSON literals serde reads differently from what a client may mean.
const RAW_TOKENS: &[&str] = &[
    "1e400",
    "-0",
    "1.0",
    "18446744073709551616",
    "9223372036854775808",
    "-9223372036854775809",
    "NaN",
    "Infinity",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "[]",
    "{}",
    "null",
    "true",
    "\"",
    "[",
    "{\"a\":",
    "0x10",
    "01",
];

/// One change to a body of the right shape.
#[derive(Debug, Clone)]
enum Change {
    Replace(prop::sample::Index, Value),
    Remove(prop::sample::Index),
    Add(String, Value),
    RawToken(prop::sample::Index, &'static str),
    Truncate(prop::sample::Index),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        3 => (any::<prop::sample::Index>(), json_value()).prop_map(|(at, v)| Change::Replace(at, v)),
        1 => any::<prop::sample::Index>().prop_map(Change::Remove),
        1 => (nasty_string(), json_value()).prop_map(|(key, v)| Change::Add(key, v)),
        2 => (any::<prop::sample::Index>(), prop::sample::select(RAW_TOKENS))
            .prop_map(|(at, token)| Change::RawToken(at, token)),
        1 => any::<prop::sample::Index>().prop_map(Change::Truncate),
    ]
}

const PLACEHOLDER: &str = "__fuzz_raw_token__";

fn apply(change: Change, mut body: Value) -> Vec<u8> {
    let keys: Vec<String> = body
        .as_object()
        .map(|object| object.keys().cloned().collect())
        .unwrap_or_default();
    let key =
        |at: &prop::sample::Index| (!keys.is_empty()).then(|| keys[at.index(keys.len())].clone());
    match change {
        Change::Replace(at, value) => {
            if let Some(key) = key(&at) {
                body[key] = value;
            }
        }
        Change::Remove(at) => {
            if let (Some(key), Some(object)) = (key(&at), body.as_object_mut()) {
                object.remove(&key);
            }
        }
        Change::Add(key, value) => {
            if let Some(object) = body.as_object_mut() {
                object.insert(key, value);
            }
        }
        Change::RawToken(at, token) => {
            if let Some(key) = key(&at) {
                body[key] = Value::from(PLACEHOLDER);
            }
            return body
                .to_string()
                .replace(&format!("\"{PLACEHOLDER}\""), token)
                .into_bytes();
        }
        Change::Truncate(at) => {
            let bytes = body.to_string().into_bytes();
            return bytes[..at.index(bytes.len())].to_vec();
        }
    }
    body.to_string().into_bytes()
}

/// Bodies for `target`: of the right shape with random values, changed, arbitrary JSON, or
/// arbitrary bytes.
fn body(api: &Api, target: Target) -> impl Strategy<Value = Vec<u8>> {
    let valid = valid_body(api, target);
    prop_oneof![
        3 => valid.clone().prop_map(|body| body.to_string().into_bytes()),
        4 => (valid, change()).prop_map(|(body, change)| apply(change, body)),
        1 => json_value().prop_map(|value| value.to_string().into_bytes()),
        1 => prop::collection::vec(any::<u8>(), 0..128),
    ]
}

/// Cases per endpoint in the normal run: each is a few requests over loopback.
const HTTP_CASES: u32 = 64;

fn fuzz_endpoint(target: Target) {
    let api = Api::start();
    check_http(HTTP_CASES, body(&api, target), |body| {
        api.send(target, body)
    });
}

#[test]
fn create_conversation_answers_any_body_without_a_5xx() {
    fuzz_endpoint(Target::CreateConversation);
}

#[test]
fn update_context_answers_any_body_without_a_5xx() {
    fuzz_endpoint(Target::UpdateContext);
}

#[test]
fn send_message_answers_any_body_without_a_5xx() {
    fuzz_endpoint(Target::SendMessage);
}

#[test]
fn widget_events_answer_any_body_without_a_5xx() {
    fuzz_endpoint(Target::WidgetEvent);
}

#[test]
fn create_order_answers_any_body_without_a_5xx() {
    fuzz_endpoint(Target::CreateOrder);
}

#[test]
fn demo_payments_answer_any_body_without_a_5xx() {
    fuzz_endpoint(Target::DemoPayment);
}

#[test]
fn demo_payment_confirmations_answer_any_body_without_a_5xx() {
    fuzz_endpoint(Target::DemoConfirm);
}

#[test]
fn admin_replies_answer_any_body_without_a_5xx() {
    fuzz_endpoint(Target::AdminReply);
}

#[test]
fn admin_notification_settings_answer_any_body_without_a_5xx() {
    fuzz_endpoint(Target::AdminNotifications);
}

#[test]
fn admin_fulfillments_answer_any_body_without_a_5xx() {
    fuzz_endpoint(Target::AdminFulfillment);
}

#[test]
fn admin_refund_approvals_answer_any_body_without_a_5xx() {
    fuzz_endpoint(Target::AdminApproveRefund);
}

#[test]
fn admin_refund_denials_answer_any_body_without_a_5xx() {
    fuzz_endpoint(Target::AdminDenyRefund);
}

#[test]
fn the_webhook_route_refuses_unsigned_deliveries_and_never_answers_5xx() {
    let api = Api::start();
    api.block_on(async {
        sqlx::query("update shop set stripe_webhook_secret = $1 where id = $2")
            .bind(SECRET)
            .bind(api.shop.id)
            .execute(&api.app.db)
            .await
            .expect("a signing secret");
    });
    let delivery = (webhook_body(), signature_header(), any::<bool>());
    check_http(HTTP_CASES, delivery, |(body, header, signed)| {
        // Header values can't hold control characters; the route sees the rest as sent.
        let header: String = header.chars().filter(|c| !c.is_control()).collect();
        let header = if signed {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .expect("after 1970")
                .as_secs();
            sign_like_stripe(&body, SECRET, i64::try_from(now).expect("a timestamp"))
        } else {
            header
        };
        api.block_on(async {
            let response = api
                .app
                .client
                .post(api.url("/webhooks/stripe"))
                .header("stripe-signature", header.as_str())
                .body(body)
                .send()
                .await
                .expect("request");
            let status = response.status();
            if signed {
                return answer_is_well_formed(response).await;
            }
            let code = support::error_code(response).await;
            prop_assert_eq!(
                (status, code.as_str()),
                (StatusCode::BAD_REQUEST, "invalid_signature")
            );
            Ok(())
        })
    });
}
