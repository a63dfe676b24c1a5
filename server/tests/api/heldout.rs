//! The held-out evaluation material is what was frozen before tuning (its committed hashes),
//! and the intent model keeps the bar on it: macro-F1 ≥ 0.90 over the acted intents,
//! every class at least 0.80 precise.

use sha2::{Digest, Sha256};
use shopchat_server::eval::evaluate_intents;

const HELD_OUT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/eval/heldout");

#[test]
fn the_held_out_files_are_the_ones_frozen_before_tuning() {
    for folder in [
        HELD_OUT,
        concat!(env!("CARGO_MANIFEST_DIR"), "/eval/catalogs"),
    ] {
        let sums = std::fs::read_to_string(format!("{folder}/SHA256SUMS")).expect("the hashes");
        assert!(sums.lines().count() >= 4, "{folder}");
        for line in sums.lines() {
            let (hash, name) = line.split_once("  ").expect("`hash  name` lines");
            let bytes = std::fs::read(format!("{folder}/{name}")).expect("a frozen file");
            assert_eq!(
                hex::encode(Sha256::digest(&bytes)),
                hash,
                "{folder}/{name} changed"
            );
        }
    }
}

#[test]
fn the_intent_model_keeps_the_bar_on_the_held_out_utterances() {
    let file = std::fs::File::open(format!("{HELD_OUT}/intents.csv")).expect("the file");
    let report = evaluate_intents(file).expect("a report");
    assert!(report.rows >= 300, "{report}");
    assert!(report.macro_f1 >= 0.90, "{report}");
    for class in &report.classes {
        assert!(class.precision >= 0.80, "{:?}: {report}", class.label);
    }
}
