//! The `intents` evaluation: reads a labelled CSV in the Bitext customer-service format
//! (`flags,utterance,category,intent`; UTF-8 with or without BOM), maps gold and predicted
//! intents onto the five we act on plus "other", and reports precision, recall, F1, a
//! confusion matrix, macro-F1 over the acted intents and accuracy.

use std::fmt;
use std::io::Read;

use crate::nlu::{understand, Intent};

pub use super::labels::Label;

/// Why an evaluation file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("reading the CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("the CSV has no `{0}` column")]
    MissingColumn(&'static str),
}

/// Scores of one class.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassScore {
    pub label: Label,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Gold rows of this class.
    pub support: usize,
}

/// A row the engine got wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    pub utterance: String,
    pub gold_intent: String,
    pub predicted: Intent,
}

/// The evaluation's result; `Display` prints it as tables.
#[derive(Debug, Clone, PartialEq)]
pub struct IntentReport {
    pub rows: usize,
    /// In the order of [`Label::ALL`].
    pub classes: Vec<ClassScore>,
    /// `confusion[gold][predicted]`, indexed like [`Label::ALL`].
    pub confusion: [[usize; 6]; 6],
    /// Mean F1 of the five acted intents.
    pub macro_f1: f64,
    pub accuracy: f64,
    /// A few misclassified rows per gold class.
    pub misses: Vec<(Label, Vec<Miss>)>,
}

/// How many misclassified examples the report keeps per class.
const EXAMPLES_PER_CLASS: usize = 5;

/// Runs the engine over every row of a labelled CSV. Columns are found by header name.
pub fn evaluate_intents<R: Read>(csv: R) -> Result<IntentReport, EvalError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(csv);
    let headers = reader.headers()?.clone();
    let column =
        |name: &'static str| super::column(&headers, name).ok_or(EvalError::MissingColumn(name));
    let (utterance_at, intent_at) = (column("utterance")?, column("intent")?);

    let mut confusion = [[0usize; 6]; 6];
    let mut misses: Vec<(Label, Vec<Miss>)> = Label::ALL.iter().map(|l| (*l, Vec::new())).collect();
    let mut rows = 0;
    for record in reader.records() {
        let record = record?;
        let (Some(utterance), Some(gold_intent)) =
            (record.get(utterance_at), record.get(intent_at))
        else {
            continue;
        };
        rows += 1;
        let gold = Label::from_gold(gold_intent);
        let predicted = understand(utterance, 2).intent;
        let label = Label::from_intent(predicted);
        confusion[gold.index()][label.index()] += 1;
        let kept = &mut misses[gold.index()].1;
        if gold != label && kept.len() < EXAMPLES_PER_CLASS {
            kept.push(Miss {
                utterance: utterance.to_owned(),
                gold_intent: gold_intent.trim().to_owned(),
                predicted,
            });
        }
    }
    Ok(report(rows, confusion, misses))
}

fn report(
    rows: usize,
    confusion: [[usize; 6]; 6],
    misses: Vec<(Label, Vec<Miss>)>,
) -> IntentReport {
    let ratio = |num: usize, den: usize| {
        if den == 0 {
            0.0
        } else {
            num as f64 / den as f64
        }
    };
    let classes: Vec<ClassScore> = Label::ALL
        .iter()
        .map(|&label| {
            let i = label.index();
            let hits = confusion[i][i];
            let support: usize = confusion[i].iter().sum();
            let predicted: usize = confusion.iter().map(|row| row[i]).sum();
            let (precision, recall) = (ratio(hits, predicted), ratio(hits, support));
            let f1 = if precision + recall == 0.0 {
                0.0
            } else {
                2.0 * precision * recall / (precision + recall)
            };
            ClassScore {
                label,
                precision,
                recall,
                f1,
                support,
            }
        })
        .collect();
    let acted = classes.iter().filter(|c| Label::ACTED.contains(&c.label));
    let macro_f1 = acted.clone().map(|c| c.f1).sum::<f64>() / acted.count() as f64;
    let correct: usize = (0..6).map(|i| confusion[i][i]).sum();
    IntentReport {
        rows,
        classes,
        confusion,
        macro_f1,
        accuracy: ratio(correct, rows),
        misses,
    }
}

impl fmt::Display for IntentReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "intent evaluation: {} utterances", self.rows)?;
        writeln!(f)?;
        writeln!(
            f,
            "{:<14} {:>9} {:>7} {:>7} {:>8}",
            "intent", "precision", "recall", "f1", "support"
        )?;
        for c in &self.classes {
            writeln!(
                f,
                "{:<14} {:>9.3} {:>7.3} {:>7.3} {:>8}",
                c.label.name(),
                c.precision,
                c.recall,
                c.f1,
                c.support
            )?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "macro-F1 (order status, refund, cancel, human, buy): {:.3}",
            self.macro_f1
        )?;
        writeln!(f, "accuracy (six classes): {:.3}", self.accuracy)?;
        writeln!(f)?;
        write!(f, "confusion (rows gold, columns predicted)\n{:<14}", "")?;
        for label in Label::ALL {
            write!(f, " {:>12}", label.name())?;
        }
        writeln!(f)?;
        for (label, row) in Label::ALL.iter().zip(self.confusion.iter()) {
            write!(f, "{:<14}", label.name())?;
            for n in row {
                write!(f, " {n:>12}")?;
            }
            writeln!(f)?;
        }
        for (label, misses) in self.misses.iter().filter(|(_, m)| !m.is_empty()) {
            writeln!(f, "\nmissed {} (examples):", label.name())?;
            for m in misses {
                writeln!(
                    f,
                    "  {:?} [{}] → {:?}",
                    m.utterance, m.gold_intent, m.predicted
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\u{feff}flags,utterance,category,intent\r\n\
        B,where is my order?,ORDER,track_order\r\n\
        B,I want a refund,REFUND,get_refund\r\n\
        B,\"hi, I forgot my password\",ACCOUNT,recover_password\r\n\
        B,cancel my order,ORDER,cancel_order\r\n";

    #[test]
    fn a_bom_and_crlf_file_is_read_by_column_name() {
        let report = evaluate_intents(SAMPLE.as_bytes()).unwrap();
        assert_eq!(report.rows, 4);
        assert_eq!(report.accuracy, 1.0);
    }

    #[test]
    fn columns_may_come_in_any_order() {
        let csv = "intent,utterance\nplace_order,I want to buy this\n";
        let report = evaluate_intents(csv.as_bytes()).unwrap();
        assert_eq!(report.confusion[Label::Buy.index()][Label::Buy.index()], 1);
    }

    #[test]
    fn a_file_without_an_utterance_column_is_an_error() {
        assert!(matches!(
            evaluate_intents("a,b\n1,2\n".as_bytes()),
            Err(EvalError::MissingColumn("utterance"))
        ));
    }

    #[test]
    fn gold_labels_map_onto_the_acted_intents() {
        assert_eq!(Label::from_gold("track_refund"), Label::Refund);
        assert_eq!(Label::from_gold("contact_customer_service"), Label::Human);
        assert_eq!(Label::from_gold("change_order"), Label::Other);
    }

    #[test]
    fn the_report_prints_a_table_with_the_macro_f1() {
        let text = evaluate_intents(SAMPLE.as_bytes()).unwrap().to_string();
        assert!(text.contains("macro-F1"));
        assert!(text.contains("order status"));
    }
}
