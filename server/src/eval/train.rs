//! `shopchat train intents`: trains the embedded intent classifier
//! ([`crate::nlu::model`]) and writes `data/intents/model.bin` for the build to embed.
//!
//! The data: our own English/Spanish examples (`own.csv`, already in our 15 classes), the
//! Bitext customer-service set (English, mapped by [`bitext_class`]) and the bilingual
//! evaluation CSV (Bitext labels, English and Spanish). Epochs, learning rate and L2 are chosen
//! on a dev split of that training data, 20 % of every source, class and language, never on
//! the frozen held-out material; the shipped model is then trained on everything.
//!
//! Weights: every class carries the same total weight, and within a class each language the
//! class has carries the same share, so a few hundred Spanish rows count as much as thousands
//! of Bitext English ones.

use std::collections::BTreeMap;
use std::fmt;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::locale::Locale;
use crate::nlu::model::{self, Class, Example, Hyperparameters, Model, CLASSES};
use crate::nlu::normalize::normalize;
use crate::nlu::understand;

/// Our own examples, inside the data directory.
pub const OWN_CSV: &str = "own.csv";
/// The unchanged Bitext copy, inside the data directory.
pub const BITEXT_CSV: &str = "bitext/Bitext_Sample_Customer_Service_Training_Dataset.csv";

/// Learning rates, L2 penalties and epoch counts tried on the dev split.
const LEARNING_RATES: [f32; 5] = [0.1, 0.2, 0.4, 0.8, 1.6];
const L2S: [f32; 4] = [0.0, 1e-5, 1e-4, 1e-3];
const EPOCHS: [usize; 8] = [4, 8, 12, 16, 20, 25, 30, 40];
/// Share of each source, class and language held aside to choose hyperparameters.
const DEV_SHARE: f64 = 0.2;
const SPLIT_SEED: u64 = 0x6465_765f_7370_6c69;
const SHUFFLE_SEED: u64 = 42;
/// Shuffle seeds whose models are averaged into the dev model and the shipped one.
const AVERAGED_RUNS: usize = 6;

/// Our class for a Bitext gold label (`track_order`, `cancel_order`…) and its utterance, which
/// only `cancel_order` needs: Bitext lumps "cancel my order" with "how do I cancel an order?".
/// The extra labels of the bilingual evaluation file (`browse_products`, `product_question`,
/// `greeting`, `thanks`, `out_of_scope`) map to our classes of the same meaning. Documented in
/// `data/intents/README.md`; keep the two in step.
pub fn bitext_class(intent: &str, utterance: &str) -> Class {
    match intent.trim() {
        "track_order" => Class::OrderStatus,
        "get_refund" => Class::RefundRequest,
        "track_refund" | "check_refund_policy" => Class::RefundInfo,
        "cancel_order" if asks_about_cancelling(utterance) => Class::CancelInfo,
        "cancel_order" => Class::CancelRequest,
        "contact_human_agent" | "contact_customer_service" => Class::Human,
        "place_order" => Class::Buy,
        "payment_issue" => Class::PaymentProblem,
        "check_payment_methods" | "delivery_options" | "delivery_period" => Class::ShopInfo,
        "browse_products" => Class::Browse,
        "product_question" => Class::ProductQuestion,
        "greeting" => Class::Greeting,
        "thanks" => Class::Thanks,
        "out_of_scope" | "off_topic" => Class::OffTopic,
        _ => Class::OtherBusiness,
    }
}

/// A question about cancelling rather than a request to cancel: how / where / what / info /
/// steps / options / procedure / possible / "can I" (and the Spanish equivalents, for the
/// bilingual file: cómo, dónde, información, pasos, opciones, procedimiento, posible, "se
/// puede", "puedo").
fn asks_about_cancelling(utterance: &str) -> bool {
    #[rustfmt::skip]
    const ASKS: &[&str] = &[
        "how", "where", "what", "info", "information", "step", "steps", "option", "options",
        "procedure", "possible", "como", "donde", "informacion", "pasos", "opciones",
        "procedimiento", "posible", "puedo",
    ];
    let words = crate::text::words(utterance);
    words.iter().any(|w| ASKS.contains(&w.as_str()))
        || words.windows(2).any(|pair| {
            matches!(
                (pair[0].as_str(), pair[1].as_str()),
                ("can", "i") | ("se", "puede")
            )
        })
}

/// Where a training row comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    Own,
    Bitext,
    Bilingual,
}

#[derive(Debug, Clone)]
struct Row {
    tokens: Vec<String>,
    class: Class,
    spanish: bool,
    source: Source,
}

impl Row {
    /// The group dev scores are broken down by.
    fn group(&self) -> usize {
        match (self.source, self.spanish) {
            (Source::Own, false) => 0,
            (Source::Own, true) => 1,
            (Source::Bitext, _) => 2,
            (Source::Bilingual, false) => 3,
            (Source::Bilingual, true) => 4,
        }
    }
}

const GROUPS: [&str; 5] = [
    "own en",
    "own es",
    "bitext en",
    "bilingual en",
    "bilingual es",
];

/// Reads the named columns of a CSV (UTF-8, with or without BOM; columns found by header).
fn read_csv(path: &Path, columns: &[&str]) -> anyhow::Result<Vec<Vec<String>>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(BufReader::new(file));
    let headers = reader
        .headers()
        .with_context(|| format!("reading {}", path.display()))?
        .clone();
    let at = columns
        .iter()
        .map(|name| {
            super::column(&headers, name)
                .with_context(|| format!("{} has no `{name}` column", path.display()))
        })
        .collect::<anyhow::Result<Vec<usize>>>()?;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.with_context(|| format!("reading {}", path.display()))?;
        rows.push(
            at.iter()
                .map(|&i| record.get(i).unwrap_or_default().to_owned())
                .collect(),
        );
    }
    Ok(rows)
}

fn load(data_dir: &Path, bilingual: &Path) -> anyhow::Result<Vec<Row>> {
    let mut rows = Vec::new();
    let own = data_dir.join(OWN_CSV);
    for (n, fields) in read_csv(&own, &["utterance", "intent", "lang"])?
        .into_iter()
        .enumerate()
    {
        let class = Class::parse(&fields[1]).with_context(|| {
            format!(
                "{} row {}: unknown intent {:?}",
                own.display(),
                n + 2,
                fields[1]
            )
        })?;
        rows.push(Row {
            tokens: normalize(&fields[0]),
            class,
            spanish: Locale::parse(&fields[2]) == Locale::Es,
            source: Source::Own,
        });
    }
    for fields in read_csv(&data_dir.join(BITEXT_CSV), &["utterance", "intent"])? {
        rows.push(Row {
            tokens: normalize(&fields[0]),
            class: bitext_class(&fields[1], &fields[0]),
            spanish: false,
            source: Source::Bitext,
        });
    }
    for fields in read_csv(bilingual, &["utterance", "intent"])? {
        // The file has no language column; the engine's own detector tells.
        let spanish = understand(&fields[0], 2).language == Locale::Es;
        rows.push(Row {
            tokens: normalize(&fields[0]),
            class: bitext_class(&fields[1], &fields[0]),
            spanish,
            source: Source::Bilingual,
        });
    }
    Ok(rows)
}

/// Each class the same total weight, each language of a class the same share of it; the mean
/// weight is 1 so the learning rate means the same whatever the data size.
fn balanced_weights(rows: &[&Row]) -> Vec<f32> {
    let mut counts = [[0usize; 2]; CLASSES];
    for row in rows {
        counts[row.class.index()][usize::from(row.spanish)] += 1;
    }
    let classes = counts.iter().filter(|c| c[0] + c[1] > 0).count();
    rows.iter()
        .map(|row| {
            let class = counts[row.class.index()];
            let languages = class.iter().filter(|&&n| n > 0).count();
            let same = class[usize::from(row.spanish)];
            (rows.len() as f64 / (classes * languages * same) as f64) as f32
        })
        .collect()
}

fn examples(rows: &[&Row]) -> Vec<Example> {
    rows.iter()
        .zip(balanced_weights(rows))
        .map(|(row, weight)| Example::new(&row.tokens, row.class, weight))
        .collect()
}

/// Splits row indices into (train, dev): `DEV_SHARE` of every source × class × language,
/// picked by a seeded shuffle.
fn split(rows: &[Row]) -> (Vec<usize>, Vec<usize>) {
    let mut groups: BTreeMap<(Source, Class, bool), Vec<usize>> = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        groups
            .entry((row.source, row.class, row.spanish))
            .or_default()
            .push(i);
    }
    let (mut train, mut dev) = (Vec::new(), Vec::new());
    for (n, mut members) in groups.into_values().enumerate() {
        model::shuffle(&mut members, SPLIT_SEED.wrapping_add(n as u64));
        let held = (members.len() as f64 * DEV_SHARE).round() as usize;
        dev.extend_from_slice(&members[..held]);
        train.extend_from_slice(&members[held..]);
    }
    train.sort_unstable();
    dev.sort_unstable();
    (train, dev)
}

/// Scores of a model on the dev split.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    pub rows: usize,
    pub accuracy: f64,
    /// Mean F1 over the 15 classes: what the hyperparameters are chosen by, since the dev rows
    /// are mostly Bitext "other business" and accuracy alone would favour that class.
    pub macro_f1: f64,
    /// In the order of [`Class::ALL`].
    pub f1: [f64; CLASSES],
    pub support: [usize; CLASSES],
    /// Accuracy and rows per group of [`GROUPS`].
    pub by_group: Vec<(f64, usize)>,
    /// Mean negative log-likelihood of the gold class, weighted like training.
    pub log_loss: f64,
}

fn score(model: &Model, dev: &[Example], groups: &[usize], temperature: f64) -> Scores {
    let mut confusion = [[0usize; CLASSES]; CLASSES];
    let mut group_hits = vec![(0usize, 0usize); GROUPS.len()];
    let (mut loss, mut weight) = (0.0f64, 0.0f64);
    for (example, &group) in dev.iter().zip(groups) {
        let p = model.predict_features(&example.features);
        confusion[example.class.index()][p.class.index()] += 1;
        group_hits[group].0 += usize::from(p.class == example.class);
        group_hits[group].1 += 1;
        loss += f64::from(example.weight)
            * -tempered_log_probability(&p.probs, example.class.index(), temperature);
        weight += f64::from(example.weight);
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let mut f1 = [0.0; CLASSES];
    let mut support = [0; CLASSES];
    for c in 0..CLASSES {
        let hits = confusion[c][c];
        support[c] = confusion[c].iter().sum();
        let predicted: usize = confusion.iter().map(|row| row[c]).sum();
        let (precision, recall) = (ratio(hits, predicted), ratio(hits, support[c]));
        if precision + recall > 0.0 {
            f1[c] = 2.0 * precision * recall / (precision + recall);
        }
    }
    let present: Vec<f64> = (0..CLASSES)
        .filter(|&c| support[c] > 0)
        .map(|c| f1[c])
        .collect();
    Scores {
        rows: dev.len(),
        accuracy: ratio((0..CLASSES).map(|c| confusion[c][c]).sum(), dev.len()),
        macro_f1: present.iter().sum::<f64>() / present.len().max(1) as f64,
        f1,
        support,
        by_group: group_hits.iter().map(|&(h, n)| (ratio(h, n), n)).collect(),
        log_loss: if weight > 0.0 { loss / weight } else { 0.0 },
    }
}

/// ln of the gold class's probability after dividing the logits by `temperature`:
/// softmax(l / T) is proportional to p^(1/T), so the probabilities suffice.
fn tempered_log_probability(probs: &[f32; CLASSES], gold: usize, temperature: f64) -> f64 {
    let log = |p: f32| f64::from(p).max(1e-30).ln() / temperature;
    let max = probs
        .iter()
        .map(|&p| log(p))
        .fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = probs.iter().map(|&p| (log(p) - max).exp()).sum();
    log(probs[gold]) - max - sum.ln()
}

/// The temperature in 0.3..=4 (steps of 0.05) that minimises the dev log loss.
fn fit_temperature(model: &Model, dev: &[Example], groups: &[usize]) -> f64 {
    (6..=80)
        .map(|i| f64::from(i) * 0.05)
        .map(|t| (t, score(model, dev, groups, t).log_loss))
        .fold((1.0, f64::INFINITY), |best, (t, loss)| {
            if loss < best.1 {
                (t, loss)
            } else {
                best
            }
        })
        .0
}

/// One hyperparameter setting tried.
#[derive(Debug, Clone, PartialEq)]
pub struct Trial {
    pub hyper: Hyperparameters,
    pub accuracy: f64,
    pub macro_f1: f64,
}

/// What `shopchat train intents` did; `Display` prints it.
#[derive(Debug, Clone)]
pub struct TrainReport {
    /// Rows per group of [`GROUPS`], all data.
    pub rows: Vec<usize>,
    pub train_rows: usize,
    pub dev_rows: usize,
    /// Every setting tried, in the order tried.
    pub trials: Vec<Trial>,
    pub chosen: Hyperparameters,
    /// The chosen setting trained on the train split, scored on the dev split.
    pub dev: Scores,
    /// The same model after calibration and 8-bit quantization, as it would ship.
    pub dev_shipped: Scores,
    pub temperature: f64,
    pub log_loss_raw: f64,
    pub out: PathBuf,
    pub bytes: usize,
    pub load_time: Duration,
    pub train_time: Duration,
}

/// Trains on `data_dir` (`own.csv`, `bitext/…csv`) and the `bilingual` CSV, writes the model to
/// `out` and reports the dev-split scores that chose its hyperparameters.
pub fn train_intents(data_dir: &Path, bilingual: &Path, out: &Path) -> anyhow::Result<TrainReport> {
    let started = Instant::now();
    let rows = load(data_dir, bilingual)?;
    let (train_at, dev_at) = split(&rows);
    let pick = |at: &[usize]| at.iter().map(|&i| &rows[i]).collect::<Vec<&Row>>();
    let (train_rows, dev_rows) = (pick(&train_at), pick(&dev_at));
    let train_set = examples(&train_rows);
    let dev_set = examples(&dev_rows);
    let dev_groups: Vec<usize> = dev_rows.iter().map(|r| r.group()).collect();

    let settings: Vec<(f32, f32)> = LEARNING_RATES
        .iter()
        .flat_map(|&lr| L2S.iter().map(move |&l2| (lr, l2)))
        .collect();
    let max_epochs = EPOCHS.iter().copied().max().unwrap_or(1);
    let hyper = |(learning_rate, l2): (f32, f32), epochs: usize| Hyperparameters {
        epochs,
        learning_rate,
        l2,
        seed: SHUFFLE_SEED,
    };
    // Each setting trains on its own thread; results land by index, so the outcome does not
    // depend on which thread finishes first.
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(settings.len());
    let per_setting: Vec<Vec<Trial>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (settings, train_set, dev_set, dev_groups) =
                    (&settings, &train_set, &dev_set, &dev_groups);
                scope.spawn(move || {
                    settings
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| i % threads == t)
                        .map(|(i, &setting)| {
                            let mut trials = Vec::new();
                            model::train_with_checkpoints(
                                train_set,
                                &hyper(setting, max_epochs),
                                |epoch, m| {
                                    if EPOCHS.contains(&epoch) {
                                        let s = score(m, dev_set, dev_groups, 1.0);
                                        trials.push(Trial {
                                            hyper: hyper(setting, epoch),
                                            accuracy: s.accuracy,
                                            macro_f1: s.macro_f1,
                                        });
                                    }
                                },
                            );
                            (i, trials)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut results = vec![Vec::new(); settings.len()];
        for handle in handles {
            let done = handle
                .join()
                .map_err(|_| anyhow::anyhow!("a training thread panicked"))?;
            for (i, trials) in done {
                results[i] = trials;
            }
        }
        anyhow::Ok(results)
    })?;
    let trials: Vec<Trial> = per_setting.into_iter().flatten().collect();
    // The best macro-F1; on a tie the first tried (fewer epochs, smaller steps) wins.
    let chosen = trials
        .iter()
        .fold(None::<&Trial>, |best, t| match best {
            Some(b) if b.macro_f1 >= t.macro_f1 => Some(b),
            _ => Some(t),
        })
        .map(|t| t.hyper)
        .context("no hyperparameters were tried")?;

    let mut dev_model = model::train_averaged(&train_set, &chosen, AVERAGED_RUNS);
    let dev = score(&dev_model, &dev_set, &dev_groups, 1.0);
    let temperature = fit_temperature(&dev_model, &dev_set, &dev_groups);
    dev_model.scale((1.0 / temperature) as f32);
    let dev_model = Model::from_bytes(&dev_model.to_bytes())?;
    let dev_shipped = score(&dev_model, &dev_set, &dev_groups, 1.0);

    let all: Vec<&Row> = rows.iter().collect();
    let mut shipped = model::train_averaged(&examples(&all), &chosen, AVERAGED_RUNS);
    shipped.scale((1.0 / temperature) as f32);
    let bytes = shipped.to_bytes();
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    let loading = Instant::now();
    let written = std::fs::read(out).with_context(|| format!("reading {}", out.display()))?;
    Model::from_bytes(&written)?;
    let load_time = loading.elapsed();

    let mut by_group = vec![0; GROUPS.len()];
    for row in &rows {
        by_group[row.group()] += 1;
    }
    Ok(TrainReport {
        rows: by_group,
        train_rows: train_set.len(),
        dev_rows: dev_set.len(),
        trials,
        chosen,
        log_loss_raw: dev.log_loss,
        dev,
        dev_shipped,
        temperature,
        out: out.to_path_buf(),
        bytes: bytes.len(),
        load_time,
        train_time: started.elapsed(),
    })
}

impl fmt::Display for TrainReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total: usize = self.rows.iter().sum();
        write!(f, "intent classifier: {total} rows (")?;
        for (i, (name, n)) in GROUPS.iter().zip(&self.rows).enumerate() {
            write!(f, "{}{name} {n}", if i > 0 { ", " } else { "" })?;
        }
        writeln!(
            f,
            "); dev split {} rows, train split {}",
            self.dev_rows, self.train_rows
        )?;
        writeln!(f)?;
        writeln!(f, "dev split, macro-F1 by setting (best epoch count):")?;
        writeln!(
            f,
            "{:>8} {:>8} {:>7} {:>9} {:>9}",
            "lr", "l2", "epochs", "accuracy", "macro-F1"
        )?;
        for chunk in self.trials.chunk_by(|a, b| {
            (a.hyper.learning_rate, a.hyper.l2) == (b.hyper.learning_rate, b.hyper.l2)
        }) {
            let best = chunk.iter().fold(
                &chunk[0],
                |b, t| {
                    if t.macro_f1 > b.macro_f1 {
                        t
                    } else {
                        b
                    }
                },
            );
            writeln!(
                f,
                "{:>8} {:>8} {:>7} {:>9.4} {:>9.4}",
                best.hyper.learning_rate,
                best.hyper.l2,
                best.hyper.epochs,
                best.accuracy,
                best.macro_f1
            )?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "chosen: learning rate {}, L2 {}, {} epochs (seed {})",
            self.chosen.learning_rate, self.chosen.l2, self.chosen.epochs, self.chosen.seed
        )?;
        writeln!(
            f,
            "dev split: accuracy {:.4}, macro-F1 {:.4} ({} rows)",
            self.dev.accuracy, self.dev.macro_f1, self.dev.rows
        )?;
        for (name, (accuracy, n)) in GROUPS.iter().zip(&self.dev.by_group) {
            writeln!(f, "  {name:<13} accuracy {accuracy:.4} ({n} rows)")?;
        }
        writeln!(f, "{:<18} {:>7} {:>8}", "class", "F1", "support")?;
        for class in Class::ALL {
            let c = class.index();
            writeln!(
                f,
                "{:<18} {:>7.4} {:>8}",
                class.name(),
                self.dev.f1[c],
                self.dev.support[c]
            )?;
        }
        writeln!(
            f,
            "calibration: temperature {:.2} (dev log loss {:.4} → {:.4})",
            self.temperature, self.log_loss_raw, self.dev_shipped.log_loss
        )?;
        writeln!(
            f,
            "as shipped (calibrated, 8-bit): dev accuracy {:.4}, macro-F1 {:.4}",
            self.dev_shipped.accuracy, self.dev_shipped.macro_f1
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "trained on all {total} rows; wrote {} ({} bytes); loads in {:.2} ms; took {:.1} s",
            self.out.display(),
            self.bytes,
            self.load_time.as_secs_f64() * 1000.0,
            self.train_time.as_secs_f64()
        )?;
        write!(
            f,
            "rebuild to embed it: cargo build --release -p shopchat-server --bin shopchat"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitext_labels_map_onto_our_classes() {
        assert_eq!(bitext_class("track_order", "x"), Class::OrderStatus);
        assert_eq!(bitext_class("get_refund", "x"), Class::RefundRequest);
        assert_eq!(bitext_class("check_refund_policy", "x"), Class::RefundInfo);
        assert_eq!(bitext_class("delivery_period", "x"), Class::ShopInfo);
        assert_eq!(bitext_class("recover_password", "x"), Class::OtherBusiness);
        assert_eq!(bitext_class("out_of_scope", "x"), Class::OffTopic);
        assert_eq!(
            bitext_class("cancel_order", "cancel my last order"),
            Class::CancelRequest
        );
        assert_eq!(
            bitext_class("cancel_order", "how do I cancel an order?"),
            Class::CancelInfo
        );
        assert_eq!(
            bitext_class("cancel_order", "Can I cancel an order?"),
            Class::CancelInfo
        );
        assert_eq!(
            bitext_class("cancel_order", "¿Cómo cancelo un pedido?"),
            Class::CancelInfo
        );
        assert_eq!(
            bitext_class("cancel_order", "cancela el pedido 4410 por favor"),
            Class::CancelRequest
        );
    }

    #[test]
    fn weights_balance_classes_and_languages() {
        let row = |class, spanish| Row {
            tokens: vec![],
            class,
            spanish,
            source: Source::Own,
        };
        let rows = [
            row(Class::Buy, false),
            row(Class::Buy, false),
            row(Class::Buy, false),
            row(Class::Buy, true),
            row(Class::Human, false),
        ];
        let refs: Vec<&Row> = rows.iter().collect();
        let w = balanced_weights(&refs);
        let buy_en: f32 = w[..3].iter().sum();
        assert!((buy_en - w[3]).abs() < 1e-6, "each language half of buy");
        assert!((buy_en + w[3] - w[4]).abs() < 1e-6, "each class the same");
        assert!((w.iter().sum::<f32>() - 5.0).abs() < 1e-5, "mean weight 1");
    }
}
