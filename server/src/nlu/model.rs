//! A small data-driven intent classifier: multinomial logistic regression over hashed word and
//! character n-grams of the normalised message. It is trained offline (`shopchat train
//! intents`, see `eval/train.rs` and `data/intents/README.md`) on our own English/Spanish
//! examples and the Bitext customer-service set, and embedded in the binary
//! (`data/intents/model.bin`), so the server reads no file at run time.
//!
//! Why this shape: hashed n-grams need no vocabulary file, character n-grams survive the typos
//! the spelling corrector misses and carry across English/Spanish cognates, and a linear
//! softmax model gives probabilities the dialogue can threshold, in microseconds per message.
//!
//! Training is deterministic: one thread per model, a seeded shuffle of our own, no hash maps
//! iterated; the same data and hyperparameters give the same weights bit for bit.

use std::fmt;
use std::sync::OnceLock;

/// How many classes the model tells apart.
pub const CLASSES: usize = 15;

/// Hash buckets of the feature space: large enough that collisions between the few tens of
/// thousands of distinct n-grams in the training data are rare, small enough to embed (~1 MB).
pub const BUCKETS: usize = 1 << 16;

/// What a shopper's message is about, as the classifier sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    /// Recommend, search, "show me…", refine shown results.
    Browse,
    /// Size, material, price, stock or care of a product.
    ProductQuestion,
    /// Buy, add to cart, check out.
    Buy,
    /// Where an order is, when it arrives.
    OrderStatus,
    /// "I want my money back" for an order.
    RefundRequest,
    /// The refund policy, or how a refund is progressing.
    RefundInfo,
    /// "Cancel my order."
    CancelRequest,
    /// How, whether or where orders can be cancelled.
    CancelInfo,
    /// Talk to a person or customer service.
    Human,
    /// A declined card, a failed or double charge.
    PaymentProblem,
    /// Payment methods, delivery options and times, the shop's policies and contact details.
    ShopInfo,
    /// Accounts, invoices, address changes, complaints and other shop business we do not act on.
    OtherBusiness,
    Greeting,
    /// Thanks or goodbye.
    Thanks,
    /// Nothing to do with the shop.
    OffTopic,
}

impl Class {
    /// Every class, in the order of the model's outputs.
    pub const ALL: [Class; CLASSES] = [
        Class::Browse,
        Class::ProductQuestion,
        Class::Buy,
        Class::OrderStatus,
        Class::RefundRequest,
        Class::RefundInfo,
        Class::CancelRequest,
        Class::CancelInfo,
        Class::Human,
        Class::PaymentProblem,
        Class::ShopInfo,
        Class::OtherBusiness,
        Class::Greeting,
        Class::Thanks,
        Class::OffTopic,
    ];

    /// The label used in the training CSVs: `order_status`, `cancel_info`…
    pub fn name(self) -> &'static str {
        match self {
            Class::Browse => "browse",
            Class::ProductQuestion => "product_question",
            Class::Buy => "buy",
            Class::OrderStatus => "order_status",
            Class::RefundRequest => "refund_request",
            Class::RefundInfo => "refund_info",
            Class::CancelRequest => "cancel_request",
            Class::CancelInfo => "cancel_info",
            Class::Human => "human",
            Class::PaymentProblem => "payment_problem",
            Class::ShopInfo => "shop_info",
            Class::OtherBusiness => "other_business",
            Class::Greeting => "greeting",
            Class::Thanks => "thanks",
            Class::OffTopic => "off_topic",
        }
    }

    /// The class a label names (surrounding spaces ignored).
    pub fn parse(name: &str) -> Option<Class> {
        let name = name.trim();
        Class::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Position in [`Class::ALL`] and in the model's outputs.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The model's reading of one message.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    pub class: Class,
    pub probability: f32,
    /// The second most likely class, for "did you mean…" and for margins.
    pub runner_up: Class,
    pub runner_up_probability: f32,
    /// Softmax probabilities in the order of [`Class::ALL`]; they sum to 1.
    pub probs: [f32; CLASSES],
}

impl Prediction {
    fn from_logits(logits: &[f32; CLASSES]) -> Prediction {
        let probs = softmax(logits);
        // Ties go to the earlier class, so equal scores read the same on every run.
        let mut order: [usize; CLASSES] = std::array::from_fn(|i| i);
        order.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]).then(a.cmp(&b)));
        Prediction {
            class: Class::ALL[order[0]],
            probability: probs[order[0]],
            runner_up: Class::ALL[order[1]],
            runner_up_probability: probs[order[1]],
            probs,
        }
    }
}

fn softmax(logits: &[f32; CLASSES]) -> [f32; CLASSES] {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut out = logits.map(|l| (l - max).exp());
    let sum: f32 = out.iter().sum();
    for p in &mut out {
        *p /= sum;
    }
    out
}

/// The classifier for `tokens` (from [`super::normalize::normalize`]), with the embedded model.
pub fn classify(tokens: &[String]) -> Prediction {
    embedded().predict(tokens)
}

/// The model shipped in the binary, read once on first use.
pub fn embedded() -> &'static Model {
    static EMBEDDED: &[u8] = include_bytes!("../../data/intents/model.bin");
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        Model::from_bytes(EMBEDDED).unwrap_or_else(|error| {
            // A unit test keeps this from shipping; should it happen anyway, every class gets
            // the same probability, which callers read as "unsure" rather than crashing a turn.
            tracing::error!(%error, "the embedded intent model is unreadable");
            Model::zeros(1)
        })
    })
}

// ---------------------------------------------------------------------------------------------
// Features

/// Mixed into every hash, so a change of feature scheme can change the seed and make old
/// weights visibly wrong rather than subtly so.
const SEED: u64 = 0x5348_4f50_4348_4154; // "SHOPCHAT"
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Every number reads the same ("order 4410", "SC-1042", "42 eur"): the digits themselves say
/// nothing about the intent, and a single feature learns "a number is here".
const NUMBER: &str = "#";

/// FNV-1a 64 over a kind byte and the parts, each part closed by a 0xff byte (never in UTF-8),
/// so "ab"+"c" and "a"+"bc" hash apart.
fn hash(kind: u8, parts: &[&str]) -> u64 {
    let mut h = FNV_OFFSET ^ SEED;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    };
    eat(kind);
    for part in parts {
        part.bytes().for_each(&mut eat);
        eat(0xff);
    }
    h
}

fn bucket(h: u64, buckets: usize) -> u32 {
    // Fold the high half in: FNV's low bits alone mix less well.
    ((h ^ (h >> 32)) as usize & (buckets - 1)) as u32
}

/// The sparse feature vector of normalised tokens, as `(bucket, value)` pairs sorted by bucket,
/// each bucket once: a bias of 1, then word unigrams, word bigrams and the character 3-, 4- and
/// 5-grams of each word padded with `<` `>`, all sharing a total squared value of 1 so long and
/// short messages score on the same scale. `buckets` must be a power of two.
pub fn features(tokens: &[String], buckets: usize) -> Vec<(u32, f32)> {
    let words: Vec<&str> = tokens
        .iter()
        .map(|t| {
            if t.bytes().any(|b| b.is_ascii_digit()) {
                NUMBER
            } else {
                t.as_str()
            }
        })
        .collect();
    let mut hashes: Vec<u64> = Vec::with_capacity(words.len() * 14);
    hashes.extend(words.iter().map(|w| hash(b'w', &[*w])));
    hashes.extend(words.windows(2).map(|pair| hash(b'b', pair)));
    let mut gram = String::new();
    for word in words.iter().filter(|w| **w != NUMBER) {
        let padded: Vec<char> = std::iter::once('<')
            .chain(word.chars())
            .chain(std::iter::once('>'))
            .collect();
        for n in 3..=5 {
            for window in padded.windows(n) {
                gram.clear();
                gram.extend(window);
                hashes.push(hash(b'c', &[&gram]));
            }
        }
    }
    let value = if hashes.is_empty() {
        0.0
    } else {
        1.0 / (hashes.len() as f32).sqrt()
    };
    let mut out: Vec<(u32, f32)> = hashes
        .into_iter()
        .map(|h| (bucket(h, buckets), value))
        .collect();
    out.push((bucket(hash(b'0', &[]), buckets), 1.0));
    out.sort_by_key(|&(b, _)| b);
    // A repeated n-gram (or a collision) adds up in one bucket, so training touches it once.
    let mut merged: Vec<(u32, f32)> = Vec::with_capacity(out.len());
    for (b, v) in out {
        match merged.last_mut() {
            Some(last) if last.0 == b => last.1 += v,
            _ => merged.push((b, v)),
        }
    }
    merged
}

// ---------------------------------------------------------------------------------------------
// The model and its file

/// Weights of a trained classifier: one row of [`CLASSES`] weights per hash bucket.
#[derive(Clone, PartialEq)]
pub struct Model {
    buckets: usize,
    /// Bucket-major: `weights[bucket * CLASSES + class]`.
    weights: Vec<f32>,
}

impl fmt::Debug for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Model")
            .field("buckets", &self.buckets)
            .field("classes", &CLASSES)
            .finish_non_exhaustive()
    }
}

/// Why model bytes could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    #[error("not an intent model (bad magic or shorter than its header)")]
    NotAModel,
    #[error("intent model format version {0}, this build reads {VERSION}")]
    Version(u32),
    #[error("the model has {0} classes, this build knows {CLASSES}")]
    Classes(u32),
    #[error("the bucket count {0} is not a power of two")]
    Buckets(u32),
    #[error("the model should be {expected} bytes long but is {found}")]
    Length { expected: usize, found: usize },
    #[error("the weight scale {0} is not a finite non-negative number")]
    Scale(f32),
}

const MAGIC: &[u8; 4] = b"SCIM";
/// Bump with any change to the features or the layout.
const VERSION: u32 = 1;
/// Magic, version, class count, bucket count, scale.
const HEADER: usize = 4 + 4 + 4 + 4 + 4;

impl Model {
    /// A model that gives every class the same probability.
    pub fn zeros(buckets: usize) -> Model {
        let buckets = buckets.max(1).next_power_of_two();
        Model {
            buckets,
            weights: vec![0.0; buckets * CLASSES],
        }
    }

    pub fn buckets(&self) -> usize {
        self.buckets
    }

    pub fn classes(&self) -> usize {
        CLASSES
    }

    /// Bucket-major weights.
    pub fn weights(&self) -> &[f32] {
        &self.weights
    }

    fn logits(&self, features: &[(u32, f32)]) -> [f32; CLASSES] {
        let mut logits = [0.0f32; CLASSES];
        for &(bucket, value) in features {
            let row = bucket as usize * CLASSES;
            if let Some(weights) = self.weights.get(row..row + CLASSES) {
                for (l, w) in logits.iter_mut().zip(weights) {
                    *l += w * value;
                }
            }
        }
        logits
    }

    /// The prediction for normalised tokens.
    pub fn predict(&self, tokens: &[String]) -> Prediction {
        self.predict_features(&features(tokens, self.buckets))
    }

    /// The prediction for features made with this model's bucket count.
    pub fn predict_features(&self, features: &[(u32, f32)]) -> Prediction {
        Prediction::from_logits(&self.logits(features))
    }

    /// Multiplies every weight (hence every logit) by `factor`: dividing by a temperature fitted
    /// on held-aside data calibrates the probabilities without changing any decision.
    pub fn scale(&mut self, factor: f32) {
        for w in &mut self.weights {
            *w *= factor;
        }
    }

    /// The file format: magic `SCIM`, then little-endian u32 version, class count and bucket
    /// count, an f32 scale, and one i8 per weight (bucket-major), the weight being `i8 × scale`.
    /// One scale for all keeps the format trivial; 8 bits lose nothing measurable here (the
    /// training command reports the quantized model's dev accuracy next to the float one's).
    pub fn to_bytes(&self) -> Vec<u8> {
        let max = self.weights.iter().fold(0.0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 0.0 };
        let mut out = Vec::with_capacity(HEADER + self.weights.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(CLASSES as u32).to_le_bytes());
        out.extend_from_slice(&(self.buckets as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        out.extend(self.weights.iter().map(|w| {
            let q = if scale > 0.0 {
                (w / scale).round().clamp(-127.0, 127.0)
            } else {
                0.0
            };
            (q as i8).to_le_bytes()[0]
        }));
        out
    }

    /// Reads the format [`Model::to_bytes`] writes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let field = |at: usize| -> Result<[u8; 4], ModelError> {
            bytes
                .get(at..at + 4)
                .and_then(|b| b.try_into().ok())
                .ok_or(ModelError::NotAModel)
        };
        if field(0)? != *MAGIC {
            return Err(ModelError::NotAModel);
        }
        let version = u32::from_le_bytes(field(4)?);
        if version != VERSION {
            return Err(ModelError::Version(version));
        }
        let classes = u32::from_le_bytes(field(8)?);
        if classes as usize != CLASSES {
            return Err(ModelError::Classes(classes));
        }
        let buckets = u32::from_le_bytes(field(12)?);
        if !buckets.is_power_of_two() {
            return Err(ModelError::Buckets(buckets));
        }
        let scale = f32::from_le_bytes(field(16)?);
        if !scale.is_finite() || scale < 0.0 {
            return Err(ModelError::Scale(scale));
        }
        let expected = HEADER + buckets as usize * CLASSES;
        if bytes.len() != expected {
            return Err(ModelError::Length {
                expected,
                found: bytes.len(),
            });
        }
        let weights = bytes[HEADER..]
            .iter()
            .map(|&b| f32::from(i8::from_le_bytes([b])) * scale)
            .collect();
        Ok(Model {
            buckets: buckets as usize,
            weights,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Training

/// One labelled message, featurised, with its share of the training loss.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub features: Vec<(u32, f32)>,
    pub class: Class,
    /// Relative weight (1 is an average example): how class and language balance is imposed.
    pub weight: f32,
}

impl Example {
    /// Features of normalised `tokens` in [`BUCKETS`] buckets.
    pub fn new(tokens: &[String], class: Class, weight: f32) -> Example {
        Example {
            features: features(tokens, BUCKETS),
            class,
            weight,
        }
    }
}

/// How a model is trained.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hyperparameters {
    /// Passes over the data.
    pub epochs: usize,
    /// AdaGrad's base step.
    pub learning_rate: f32,
    /// L2 penalty, applied to the weights an example touches when it touches them.
    pub l2: f32,
    /// Seed of the per-epoch shuffle.
    pub seed: u64,
}

/// Trains a softmax classifier over [`BUCKETS`] buckets by SGD with AdaGrad.
pub fn train(examples: &[Example], hyper: &Hyperparameters) -> Model {
    train_with_checkpoints(examples, hyper, |_, _| {})
}

/// [`train`] with `runs` shuffle seeds (`hyper.seed`, `hyper.seed + 1`, …), their weights
/// averaged. One model of the same size and speed, whose decisions depend much less on the
/// order the examples happened to be seen in: with AdaGrad's large early steps, a single run
/// moves near-tied messages from class to class when a few rows are added anywhere.
pub fn train_averaged(examples: &[Example], hyper: &Hyperparameters, runs: usize) -> Model {
    let runs = runs.max(1);
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(runs);
    // Each thread sums its own runs; the sums are added in thread order, so the result does
    // not depend on which thread finishes first.
    let sums: Vec<Model> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    let mut sum = Model::zeros(BUCKETS);
                    for run in (0..runs).filter(|r| r % threads == t) {
                        let seeded = Hyperparameters {
                            seed: hyper.seed.wrapping_add(run as u64),
                            ..*hyper
                        };
                        let model = train(examples, &seeded);
                        for (s, w) in sum.weights.iter_mut().zip(&model.weights) {
                            *s += w;
                        }
                    }
                    sum
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a training thread panicked"))
            .collect()
    });
    let mut averaged = Model::zeros(BUCKETS);
    for sum in &sums {
        for (a, s) in averaged.weights.iter_mut().zip(&sum.weights) {
            *a += s;
        }
    }
    averaged.scale(1.0 / runs as f32);
    averaged
}

/// AdaGrad's initial accumulator: damps the very first steps, which without it are a full
/// `learning_rate` whatever the gradient (as in TensorFlow's default of 0.1).
const INITIAL_ACCUMULATOR: f32 = 0.1;

/// [`train`], calling `after_epoch(epoch, model)` after each pass (1-based), so one run can
/// score every epoch count up to `hyper.epochs`.
pub fn train_with_checkpoints(
    examples: &[Example],
    hyper: &Hyperparameters,
    mut after_epoch: impl FnMut(usize, &Model),
) -> Model {
    let mut model = Model::zeros(BUCKETS);
    let mut accumulated = vec![INITIAL_ACCUMULATOR; model.weights.len()];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = SplitMix64(hyper.seed);
    for epoch in 1..=hyper.epochs {
        // Fisher–Yates with our own generator: the order depends on the seed only, not on a
        // library's version.
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        for &i in &order {
            let example = &examples[i];
            let probs = softmax(&model.logits(&example.features));
            let target = example.class.index();
            for &(bucket, value) in &example.features {
                let row = bucket as usize * CLASSES;
                let (Some(weights), Some(sums)) = (
                    model.weights.get_mut(row..row + CLASSES),
                    accumulated.get_mut(row..row + CLASSES),
                ) else {
                    continue;
                };
                for (c, (w, sum)) in weights.iter_mut().zip(sums.iter_mut()).enumerate() {
                    let error = probs[c] - if c == target { 1.0 } else { 0.0 };
                    // Sparse L2: only the weights this example touches shrink, so a step
                    // costs O(active features), not O(all weights).
                    let gradient = example.weight * value * error + hyper.l2 * *w;
                    *sum += gradient * gradient;
                    *w -= hyper.learning_rate * gradient / sum.sqrt();
                }
            }
        }
        after_epoch(epoch, &model);
    }
    model
}

/// A tiny, fixed pseudo-random generator (SplitMix64): reproducible across platforms and
/// dependency upgrades.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Shuffles `items` in place with the same generator training uses, for splits that depend
/// on the seed only.
pub fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut rng = SplitMix64(seed);
    for i in (1..items.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::super::normalize::normalize;
    use super::*;

    fn tiny() -> Vec<Example> {
        let rows = [
            ("where is my order", Class::OrderStatus),
            ("has my package shipped yet", Class::OrderStatus),
            ("track my parcel", Class::OrderStatus),
            ("donde esta mi pedido", Class::OrderStatus),
            ("hello there", Class::Greeting),
            ("hi", Class::Greeting),
            ("good morning", Class::Greeting),
            ("hola buenas", Class::Greeting),
        ];
        rows.iter()
            .map(|(text, class)| Example::new(&normalize(text), *class, 1.0))
            .collect()
    }

    fn quick() -> Hyperparameters {
        Hyperparameters {
            epochs: 10,
            learning_rate: 0.2,
            l2: 1e-5,
            seed: 7,
        }
    }

    #[test]
    fn the_embedded_model_loads_and_has_fifteen_classes() {
        let model = Model::from_bytes(include_bytes!("../../data/intents/model.bin"))
            .expect("the embedded model reads");
        assert_eq!(model.classes(), 15);
        assert_eq!(Class::ALL.len(), 15);
        assert_eq!(model.buckets(), BUCKETS);
        assert_eq!(embedded().buckets(), BUCKETS);
    }

    #[test]
    fn class_names_parse_back() {
        for class in Class::ALL {
            assert_eq!(Class::parse(class.name()), Some(class));
            assert_eq!(Class::ALL[class.index()], class);
        }
        assert_eq!(Class::parse(" refund_info "), Some(Class::RefundInfo));
        assert_eq!(Class::parse("refund"), None);
    }

    #[test]
    fn training_on_a_tiny_set_separates_two_classes() {
        let model = train(&tiny(), &quick());
        let order = model.predict(&normalize("where is my parcel"));
        assert_eq!(order.class, Class::OrderStatus);
        assert!(order.probability > 0.5, "{order:?}");
        let hello = model.predict(&normalize("hello"));
        assert_eq!(hello.class, Class::Greeting);
        assert!(
            [order.runner_up, hello.runner_up].contains(&Class::Greeting)
                || [order.runner_up, hello.runner_up].contains(&Class::OrderStatus)
        );
    }

    #[test]
    fn probabilities_sum_to_one() {
        let model = train(&tiny(), &quick());
        for text in ["where is my order", "hola", "", "SC-1042 ???"] {
            let p = model.predict(&normalize(text));
            let sum: f32 = p.probs.iter().sum();
            assert!((sum - 1.0).abs() < 1e-4, "{text:?}: {sum}");
            assert!(p.probability >= p.runner_up_probability);
            assert_eq!(p.probs[p.class.index()], p.probability);
        }
        let shipped = classify(&normalize("hello"));
        assert!((shipped.probs.iter().sum::<f32>() - 1.0).abs() < 1e-4);
    }

    #[test]
    fn the_same_data_trains_the_same_weights_twice() {
        let (a, b) = (train(&tiny(), &quick()), train(&tiny(), &quick()));
        assert!(a
            .weights()
            .iter()
            .zip(b.weights())
            .all(|(x, y)| x.to_bits() == y.to_bits()));
        assert_eq!(a.to_bytes(), b.to_bytes());
    }

    #[test]
    fn an_averaged_model_is_the_mean_of_its_seeds_and_does_not_depend_on_threads() {
        let runs: Vec<Model> = (0..3)
            .map(|r| {
                let seeded = Hyperparameters {
                    seed: quick().seed + r,
                    ..quick()
                };
                train(&tiny(), &seeded)
            })
            .collect();
        let averaged = train_averaged(&tiny(), &quick(), 3);
        for (i, w) in averaged.weights().iter().enumerate() {
            let mean = runs.iter().map(|m| m.weights()[i]).sum::<f32>() / 3.0;
            assert!((w - mean).abs() < 1e-5, "weight {i}: {w} vs {mean}");
        }
        let again = train_averaged(&tiny(), &quick(), 3);
        assert_eq!(averaged.to_bytes(), again.to_bytes());
        assert_eq!(
            train_averaged(&tiny(), &quick(), 1).to_bytes(),
            train(&tiny(), &quick()).to_bytes()
        );
    }

    #[test]
    fn a_model_survives_its_file_format() {
        let model = train(&tiny(), &quick());
        let bytes = model.to_bytes();
        assert_eq!(bytes.len(), HEADER + BUCKETS * CLASSES);
        let back = Model::from_bytes(&bytes).expect("reads back");
        let tokens = normalize("where is my order");
        assert_eq!(back.predict(&tokens).class, model.predict(&tokens).class);
        assert_eq!(
            Model::from_bytes(&bytes[..bytes.len() - 1]),
            Err(ModelError::Length {
                expected: bytes.len(),
                found: bytes.len() - 1
            })
        );
        assert_eq!(Model::from_bytes(b"nope"), Err(ModelError::NotAModel));
    }

    #[test]
    fn numbers_read_as_one_placeholder() {
        assert_eq!(
            features(&normalize("order 4410"), BUCKETS),
            features(&normalize("order 1234"), BUCKETS)
        );
    }

    #[test]
    fn the_shipped_model_gets_obvious_messages_right() {
        let cases = [
            ("where is my order", Class::OrderStatus),
            ("quiero hablar con una persona", Class::Human),
            ("what's your refund policy?", Class::RefundInfo),
            ("cancel my order please", Class::CancelRequest),
            ("my card was declined", Class::PaymentProblem),
        ];
        for (text, expected) in cases {
            let p = classify(&normalize(text));
            assert_eq!(p.class, expected, "{text:?}: {p:?}");
        }
    }
}
