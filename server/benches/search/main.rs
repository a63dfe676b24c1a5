//! Catalog search benchmark on GENERATED catalogs of 1k, 10k and 100k products (seeded
//! random titles, types, tags, descriptions and 1–6 variants from word lists; not a real
//! shop). Prints, per size: index build time, latency p50/p99/max over ~1,000 varied queries
//! (plain, misspelt, filtered, browsing), and the memory the index holds.
//!
//! Run: `cargo bench -p shopchat-server --bench search`. Target: p99 ≤ 5 ms at 100k.

mod generate;

use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::SeedableRng;
use shopchat_server::catalog::search::{CatalogIndex, CatalogLanguage};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const QUERIES: usize = 1_000;

/// Resident memory of this process, from /proc (Linux); 0 elsewhere.
fn rss_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}

fn main() {
    println!("Catalog search benchmark — GENERATED catalogs (seeded synthetic products, not a real shop)");
    println!("{QUERIES} queries per size: plain, misspelt, filtered (price/options/stock/tags), browsing; limit 10\n");
    println!(
        "| {:>8} | {:>8} | {:>9} | {:>8} | {:>8} | {:>8} | {:>9} | {:>10} | {:>9} |",
        "products",
        "variants",
        "build (s)",
        "p50 (ms)",
        "p99 (ms)",
        "max (ms)",
        "avg hits",
        "index (MB)",
        "RSS+ (MB)"
    );
    println!("|---------:|---------:|----------:|---------:|---------:|---------:|----------:|-----------:|----------:|");
    let mut by_kind_100k = Vec::new();
    for size in SIZES {
        let mut rng = StdRng::seed_from_u64(size as u64);
        let products = generate::generate(size, &mut rng);
        let variants: usize = products.iter().map(|p| p.variants.len()).sum();
        let rss_before = rss_bytes();
        let started = Instant::now();
        let index = match CatalogIndex::build(&products, CatalogLanguage::English) {
            Ok(index) => index,
            Err(error) => return eprintln!("building the index failed: {error}"),
        };
        let build = started.elapsed();
        let rss_grew = rss_bytes().saturating_sub(rss_before);
        let index_bytes = index.memory_bytes().unwrap_or(0);

        let queries = generate::queries(QUERIES, &mut rng);
        for (_, q) in queries.iter().take(100) {
            let _ = index.search(q); // warm-up
        }
        let mut timings = Vec::with_capacity(queries.len());
        let mut hits = 0;
        for (kind, q) in &queries {
            let started = Instant::now();
            let found = index.search(q).map(|h| h.len()).unwrap_or(0);
            let took = started.elapsed();
            hits += found;
            timings.push(took);
            if size == 100_000 {
                by_kind_100k.push((*kind, took));
            }
        }
        timings.sort();
        println!(
            "| {:>8} | {:>8} | {:>9.2} | {:>8} | {:>8} | {:>8} | {:>9.1} | {:>10.1} | {:>9.1} |",
            size,
            variants,
            build.as_secs_f64(),
            ms(percentile(&timings, 0.50)),
            ms(percentile(&timings, 0.99)),
            ms(timings[timings.len() - 1]),
            hits as f64 / queries.len() as f64,
            index_bytes as f64 / 1e6,
            rss_grew as f64 / 1e6,
        );
    }
    println!("\nAt 100k, by kind of query:");
    for kind in ["plain", "typo", "filtered", "browse"] {
        let mut t: Vec<Duration> = by_kind_100k
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, d)| *d)
            .collect();
        t.sort();
        if !t.is_empty() {
            println!(
                "  {kind:<9} n={:<4} p50 {} ms  p99 {} ms  max {} ms",
                t.len(),
                ms(percentile(&t, 0.5)),
                ms(percentile(&t, 0.99)),
                ms(t[t.len() - 1])
            );
        }
    }
    println!("\nindex (MB): tantivy's space usage of the in-RAM index + the variant tables.");
    println!("RSS+ (MB): growth of the process's resident memory while building (includes allocator slack).");
}
