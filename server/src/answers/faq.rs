//! Questions and answers the merchant writes on the Answers page: stored per shop, checked
//! field by field, imported from and exported to a CSV of `question,answer,language`.

use super::EntryLanguage;
use crate::db::{self, DbPool};
use crate::error::ApiError;

pub const MAX_QUESTION: usize = 300;
pub const MAX_ANSWER: usize = 2000;
/// An import reads at most this many rows.
pub const MAX_IMPORT_ROWS: usize = 1000;

#[derive(Debug, Clone, PartialEq)]
pub struct FaqEntry {
    pub id: i64,
    pub question: String,
    pub answer: String,
    pub language: EntryLanguage,
    pub enabled: bool,
}

/// What a merchant typed, before it is checked.
#[derive(Debug, Clone, Default)]
pub struct FaqDraft {
    pub question: String,
    pub answer: String,
    pub language: String,
    pub enabled: bool,
}

/// A checked entry.
#[derive(Debug, Clone, PartialEq)]
pub struct FaqInput {
    pub question: String,
    pub answer: String,
    pub language: EntryLanguage,
    pub enabled: bool,
}

/// Why a draft can't be saved: (field, message) pairs.
pub type FieldErrors = Vec<(&'static str, String)>;

impl FaqDraft {
    pub fn check(&self) -> Result<FaqInput, FieldErrors> {
        let mut errors = Vec::new();
        let question = clean(&self.question);
        let answer = self.answer.trim().replace("\r\n", "\n");
        if question.is_empty() {
            errors.push(("question", "Write the question.".to_owned()));
        } else if question.chars().count() > MAX_QUESTION {
            errors.push((
                "question",
                format!("Keep the question under {MAX_QUESTION} characters."),
            ));
        }
        if answer.is_empty() {
            errors.push(("answer", "Write the answer.".to_owned()));
        } else if answer.chars().count() > MAX_ANSWER {
            errors.push((
                "answer",
                format!("Keep the answer under {MAX_ANSWER} characters."),
            ));
        }
        if answer.chars().any(|c| c.is_control() && c != '\n')
            || question.chars().any(char::is_control)
        {
            errors.push(("answer", "Remove the control characters.".to_owned()));
        }
        let language = EntryLanguage::parse(&self.language);
        if language.is_none() {
            errors.push(("language", "Choose English, Spanish or both.".to_owned()));
        }
        match (errors.is_empty(), language) {
            (true, Some(language)) => Ok(FaqInput {
                question,
                answer,
                language,
                enabled: self.enabled,
            }),
            _ => Err(errors),
        }
    }
}

/// Trimmed, inner whitespace collapsed.
fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    question: String,
    answer: String,
    language: String,
    #[sqlx(try_from = "crate::db::Flag")]
    enabled: bool,
}

impl From<Row> for FaqEntry {
    fn from(r: Row) -> Self {
        FaqEntry {
            id: r.id,
            question: r.question,
            answer: r.answer,
            language: EntryLanguage::parse(&r.language).unwrap_or(EntryLanguage::Both),
            enabled: r.enabled,
        }
    }
}

/// Every entry of the shop, oldest first.
pub async fn list(db: &DbPool, shop_id: i64) -> Result<Vec<FaqEntry>, ApiError> {
    let rows: Vec<Row> = sqlx::query_as(
        "select id, question, answer, language, enabled from faq_entry where shop_id = $1 order by id",
    )
    .bind(shop_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(FaqEntry::from).collect())
}

pub async fn get(db: &DbPool, shop_id: i64, id: i64) -> Result<Option<FaqEntry>, ApiError> {
    let row: Option<Row> = sqlx::query_as(
        "select id, question, answer, language, enabled from faq_entry where shop_id = $1 and id = $2",
    )
    .bind(shop_id)
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(FaqEntry::from))
}

pub async fn create(db: &DbPool, shop_id: i64, input: &FaqInput) -> Result<i64, ApiError> {
    Ok(sqlx::query_scalar(
        "insert into faq_entry (shop_id, question, answer, language, enabled)
         values ($1, $2, $3, $4, $5) returning id",
    )
    .bind(shop_id)
    .bind(&input.question)
    .bind(&input.answer)
    .bind(input.language.as_str())
    .bind(crate::db::Flag(input.enabled))
    .fetch_one(db)
    .await?)
}

/// False when the entry isn't the shop's.
pub async fn update(
    db: &DbPool,
    shop_id: i64,
    id: i64,
    input: &FaqInput,
) -> Result<bool, ApiError> {
    let done = sqlx::query(
        "update faq_entry
         set question = $1, answer = $2, language = $3, enabled = $4,
             updated_at = $7
         where shop_id = $5 and id = $6",
    )
    .bind(&input.question)
    .bind(&input.answer)
    .bind(input.language.as_str())
    .bind(crate::db::Flag(input.enabled))
    .bind(shop_id)
    .bind(id)
    .bind(db::now())
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete(db: &DbPool, shop_id: i64, id: i64) -> Result<bool, ApiError> {
    let done = sqlx::query("delete from faq_entry where shop_id = $1 and id = $2")
        .bind(shop_id)
        .bind(id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// What an import did: entries added, and each row left out with its line and why.
#[derive(Debug, Default, PartialEq)]
pub struct ImportReport {
    pub added: usize,
    /// (1-based line, reason)
    pub skipped: Vec<(u64, String)>,
}

/// Adds every good row of a `question,answer,language` CSV (header required, `language`
/// optional: both) in one transaction; a bad row is reported and the rest still go in.
pub async fn import_csv(db: &DbPool, shop_id: i64, bytes: &[u8]) -> Result<ImportReport, ApiError> {
    let (inputs, mut report) = parse_csv(bytes);
    let mut tx = db.begin().await?;
    for input in &inputs {
        sqlx::query(
            "insert into faq_entry (shop_id, question, answer, language, enabled)
             values ($1, $2, $3, $4, $5)",
        )
        .bind(shop_id)
        .bind(&input.question)
        .bind(&input.answer)
        .bind(input.language.as_str())
        .bind(crate::db::Flag(input.enabled))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    report.added = inputs.len();
    Ok(report)
}

/// The rows of a CSV that can be added, and the report of the others.
pub fn parse_csv(bytes: &[u8]) -> (Vec<FaqInput>, ImportReport) {
    let mut report = ImportReport::default();
    let mut inputs = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::Headers)
        .from_reader(bytes);
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            report.skipped.push((1, format!("not a CSV file: {e}")));
            return (inputs, report);
        }
    };
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}').eq_ignore_ascii_case(name))
    };
    let (Some(q), Some(a)) = (column("question"), column("answer")) else {
        report.skipped.push((
            1,
            "the header must name the columns question and answer (and optionally language)".into(),
        ));
        return (inputs, report);
    };
    let l = column("language");
    for (n, record) in reader.records().enumerate() {
        let line = record
            .as_ref()
            .ok()
            .and_then(|r| r.position())
            .map_or(n as u64 + 2, |p| p.line());
        if n >= MAX_IMPORT_ROWS {
            report.skipped.push((
                line,
                format!("only {MAX_IMPORT_ROWS} rows are read per import"),
            ));
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                report.skipped.push((line, format!("unreadable row: {e}")));
                continue;
            }
        };
        let field = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").to_owned();
        let draft = FaqDraft {
            question: field(Some(q)),
            answer: field(Some(a)),
            language: field(l),
            enabled: true,
        };
        match draft.check() {
            Ok(input) => inputs.push(input),
            Err(errors) => report.skipped.push((
                line,
                errors
                    .into_iter()
                    .map(|(field, message)| format!("{field}: {message}"))
                    .collect::<Vec<_>>()
                    .join(" "),
            )),
        }
    }
    (inputs, report)
}

/// The shop's entries as a CSV the import reads back.
pub fn to_csv(entries: &[FaqEntry]) -> Result<Vec<u8>, ApiError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| ApiError::Internal(e.into());
    writer
        .write_record(["question", "answer", "language"])
        .map_err(fail)?;
    for e in entries {
        writer
            .write_record([e.question.as_str(), e.answer.as_str(), e.language.as_str()])
            .map_err(fail)?;
    }
    writer
        .into_inner()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_import_reports_each_bad_row_and_keeps_the_good_ones() {
        let csv = "question,answer,language\n\
                   Do you gift wrap?,\"Yes, for $3.\",en\n\
                   ,no question here,en\n\
                   ¿Envolvéis para regalo?,\"Sí, por 3 $.\",es\n\
                   Is it vegan?,Yes,klingon\n\
                   Open on Sundays?,No,\n";
        let (inputs, report) = parse_csv(csv.as_bytes());
        assert_eq!(inputs.len(), 3);
        assert_eq!(inputs[2].language, EntryLanguage::Both);
        assert_eq!(report.skipped.len(), 2);
        assert_eq!(report.skipped[0].0, 3);
        assert!(report.skipped[0].1.contains("question"));
        assert_eq!(report.skipped[1].0, 5);
        assert!(report.skipped[1].1.contains("language"));
    }

    #[test]
    fn an_export_reads_back_as_the_same_entries() {
        let entries = vec![FaqEntry {
            id: 1,
            question: "Do you gift wrap?".into(),
            answer: "Yes, for $3 — see https://shop.example/wrap\nAsk at checkout.".into(),
            language: EntryLanguage::En,
            enabled: true,
        }];
        let bytes = to_csv(&entries).unwrap();
        let (inputs, report) = parse_csv(&bytes);
        assert!(report.skipped.is_empty());
        assert_eq!(inputs[0].question, entries[0].question);
        assert_eq!(inputs[0].answer, entries[0].answer);
        assert_eq!(inputs[0].language, EntryLanguage::En);
    }

    #[test]
    fn a_file_without_the_columns_is_refused_whole() {
        let (inputs, report) = parse_csv(b"foo,bar\n1,2\n");
        assert!(inputs.is_empty());
        assert_eq!(report.skipped.len(), 1);
    }
}
