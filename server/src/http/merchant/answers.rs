//! The Answers page: the questions and answers the merchant writes for the assistant (add,
//! edit, delete, import from and export to a CSV), the answers written from the shop's
//! settings (read-only here), and the questions the assistant couldn't answer, each with a
//! link that starts an answer to it.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::catalog::fragment_response;
use super::html::{csrf_field, escape, html, notice, page, when, FormData, Frame};
use super::session::Merchant;
use crate::answers::faq::{self, FaqDraft, FaqEntry};
use crate::answers::unanswered::{self, Group};
use crate::answers::{self, Entry, EntryLanguage, Topic};
use crate::error::ApiError;
use crate::http::state::AppState;
use crate::locale::Locale;

/// Largest answers CSV the page takes (1000 rows of the longest entries fit).
const MAX_CSV_BYTES: usize = 4 * 1024 * 1024;
/// Characters of an answer shown in the table.
const EXCERPT_CHARS: usize = 120;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/answers", get(get_answers).post(create_answer))
        .route(
            "/admin/answers/import",
            post(import_answers).layer(DefaultBodyLimit::max(MAX_CSV_BYTES)),
        )
        .route("/admin/answers/export.csv", get(export_answers))
        .route("/admin/answers/{id}", post(update_answer))
        .route("/admin/answers/{id}/delete", post(delete_answer))
}

#[derive(Deserialize, Default)]
pub struct AnswersQuery {
    /// Prefills the "Add an answer" form (the "Write an answer" links).
    #[serde(default)]
    question: Option<String>,
    /// The entry whose edit form is shown.
    #[serde(default)]
    edit: Option<i64>,
    /// What the last POST did (a fixed code, never text from the request).
    #[serde(default)]
    done: Option<String>,
}

/// An entry's form being filled: which entry (none: a new one), what was typed, what is wrong.
struct Editing<'a> {
    id: Option<i64>,
    draft: FaqDraft,
    problems: &'a [(&'static str, String)],
}

impl Editing<'_> {
    fn new_entry(question: &str) -> Self {
        Editing {
            id: None,
            draft: FaqDraft {
                question: question.to_owned(),
                answer: String::new(),
                language: "both".into(),
                enabled: true,
            },
            problems: &[],
        }
    }

    fn of(entry: &FaqEntry) -> Self {
        Editing {
            id: Some(entry.id),
            draft: FaqDraft {
                question: entry.question.clone(),
                answer: entry.answer.clone(),
                language: entry.language.as_str().into(),
                enabled: entry.enabled,
            },
            problems: &[],
        }
    }
}

fn draft_of(form: &FormData) -> FaqDraft {
    FaqDraft {
        question: form.get("question").to_owned(),
        answer: form.get("answer").to_owned(),
        language: form.get("language").to_owned(),
        enabled: form.checked("enabled"),
    }
}

/// `GET /admin/answers?question=…&edit=…`
async fn get_answers(
    State(state): State<AppState>,
    merchant: Merchant,
    Query(query): Query<AnswersQuery>,
) -> Result<Response, ApiError> {
    let message = match query.done.as_deref() {
        Some("added") => notice(true, "Answer added: the assistant uses it from now on."),
        Some("saved") => notice(true, "Answer saved."),
        Some("deleted") => notice(true, "Answer deleted."),
        _ => String::new(),
    };
    let edit = match query.edit {
        Some(id) => match faq::get(&state.db, merchant.shop_id, id).await? {
            Some(entry) => Some(Editing::of(&entry)),
            None => return Ok(not_found(&merchant)),
        },
        None => None,
    };
    let add = Editing::new_entry(query.question.as_deref().unwrap_or("").trim());
    render(
        &state,
        &merchant,
        &add,
        edit.as_ref(),
        &message,
        StatusCode::OK,
    )
    .await
}

/// `POST /admin/answers`
async fn create_answer(
    State(state): State<AppState>,
    merchant: Merchant,
    body: Bytes,
) -> Result<Response, ApiError> {
    let draft = draft_of(&FormData::parse(&body));
    match draft.check() {
        Ok(input) => {
            let id = faq::create(&state.db, merchant.shop_id, &input).await?;
            tracing::info!(shop = merchant.shop_id, faq = id, "answer added");
            Ok(Redirect::to("/admin/answers?done=added").into_response())
        }
        Err(problems) => {
            let add = Editing {
                id: None,
                draft,
                problems: &problems,
            };
            refused(&state, &merchant, &add, None).await
        }
    }
}

/// `POST /admin/answers/{id}`
async fn update_answer(
    State(state): State<AppState>,
    merchant: Merchant,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, ApiError> {
    if faq::get(&state.db, merchant.shop_id, id).await?.is_none() {
        return Ok(not_found(&merchant));
    }
    let draft = draft_of(&FormData::parse(&body));
    match draft.check() {
        Ok(input) => {
            if !faq::update(&state.db, merchant.shop_id, id, &input).await? {
                return Ok(not_found(&merchant));
            }
            tracing::info!(shop = merchant.shop_id, faq = id, "answer saved");
            Ok(Redirect::to("/admin/answers?done=saved").into_response())
        }
        Err(problems) => {
            let edit = Editing {
                id: Some(id),
                draft,
                problems: &problems,
            };
            refused(&state, &merchant, &Editing::new_entry(""), Some(&edit)).await
        }
    }
}

/// `POST /admin/answers/{id}/delete`
async fn delete_answer(
    State(state): State<AppState>,
    merchant: Merchant,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    if !faq::delete(&state.db, merchant.shop_id, id).await? {
        return Ok(not_found(&merchant));
    }
    tracing::info!(shop = merchant.shop_id, faq = id, "answer deleted");
    Ok(Redirect::to("/admin/answers?done=deleted").into_response())
}

/// `POST /admin/answers/import`: the CSV file is the body (sent by the page's script, like the
/// catalog import); the answer is the report as an HTML fragment.
async fn import_answers(
    State(state): State<AppState>,
    merchant: Merchant,
    body: Bytes,
) -> Result<Response, ApiError> {
    let report = faq::import_csv(&state.db, merchant.shop_id, &body).await?;
    tracing::info!(
        shop = merchant.shop_id,
        added = report.added,
        skipped = report.skipped.len(),
        "answers imported from the merchant page"
    );
    Ok(fragment_response(StatusCode::OK, report_html(&report)))
}

/// The import report: how many were added, then every skipped row with its line and reason.
fn report_html(report: &faq::ImportReport) -> String {
    let class = if report.added == 0 && !report.skipped.is_empty() {
        "notice bad"
    } else {
        "notice ok"
    };
    let mut out = format!(
        "<div class=\"report\"><p class=\"{class}\" role=\"status\" id=\"import-summary\">Added {} answers; {} rows skipped.</p>",
        report.added,
        report.skipped.len(),
    );
    if !report.skipped.is_empty() {
        out.push_str(
            "<h3>Skipped</h3><table class=\"skipped\"><thead><tr><th>Line</th><th>Reason</th></tr></thead><tbody>",
        );
        for (line, reason) in &report.skipped {
            out.push_str(&format!(
                "<tr><td>{line}</td><td>{}</td></tr>",
                escape(reason)
            ));
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</div>");
    out
}

/// `GET /admin/answers/export.csv`: every entry the merchant wrote, as the import reads it.
async fn export_answers(
    State(state): State<AppState>,
    merchant: Merchant,
) -> Result<Response, ApiError> {
    let entries = faq::list(&state.db, merchant.shop_id).await?;
    let bytes = faq::to_csv(&entries)?;
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"answers.csv\""),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}

/// The page again with the refused form's problems marked.
async fn refused(
    state: &AppState,
    merchant: &Merchant,
    add: &Editing<'_>,
    edit: Option<&Editing<'_>>,
) -> Result<Response, ApiError> {
    let message = notice(
        false,
        "Nothing was saved: please correct the fields marked below.",
    );
    render(
        state,
        merchant,
        add,
        edit,
        &message,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

fn frame(merchant: &Merchant) -> Frame<'_> {
    Frame {
        active: "/admin/answers",
        shop_name: &merchant.shop_name,
        csrf: &merchant.csrf_token,
    }
}

/// No entry with this id in the merchant's shop.
fn not_found(merchant: &Merchant) -> Response {
    let body = format!(
        "<h1>Answers</h1>{}<p><a href=\"/admin/answers\">Back to the answers</a></p>",
        notice(false, "No such answer in your shop.")
    );
    html(
        StatusCode::NOT_FOUND,
        page("Answers", &frame(merchant), &body),
    )
}

fn language_label(language: EntryLanguage) -> &'static str {
    match language {
        EntryLanguage::En => "EN",
        EntryLanguage::Es => "ES",
        EntryLanguage::Both => "EN + ES",
    }
}

fn locale_label(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "EN",
        Locale::Es => "ES",
    }
}

fn topic_label(topic: Topic) -> &'static str {
    match topic {
        Topic::Shipping => "Shipping",
        Topic::Delivery => "Delivery times",
        Topic::Countries => "Countries shipped to",
        Topic::Tax => "Tax",
        Topic::Payments => "Payment methods",
        Topic::Returns => "Returns and refunds",
        Topic::Support => "Customer service",
        Topic::Faq => "FAQ",
    }
}

fn excerpt(text: &str) -> String {
    if text.chars().count() <= EXCERPT_CHARS {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(EXCERPT_CHARS).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A conversation id for a URL path (ids are hex, but a stored value is never trusted).
fn path_segment(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// The question/answer form: adding (`id` none) or editing an entry.
fn entry_form(csrf: &str, editing: &Editing<'_>) -> String {
    let problem = |field: &str| -> String {
        editing
            .problems
            .iter()
            .filter(|(f, _)| *f == field)
            .map(|(_, m)| {
                format!(
                    "<span class=\"field-error\" role=\"alert\">{}</span>",
                    escape(m)
                )
            })
            .collect()
    };
    let d = &editing.draft;
    let language = EntryLanguage::parse(&d.language);
    let selected = |l: EntryLanguage| {
        if language == Some(l) {
            " selected"
        } else {
            ""
        }
    };
    let (section, heading, action, button) = match editing.id {
        Some(id) => (
            "edit",
            "Edit the answer",
            format!("/admin/answers/{id}"),
            "Save answer",
        ),
        None => (
            "add",
            "Add an answer",
            "/admin/answers".to_owned(),
            "Add answer",
        ),
    };
    let cancel = if editing.id.is_some() {
        " <a href=\"/admin/answers\">Cancel</a>"
    } else {
        ""
    };
    format!(
        "<section id=\"{section}\"><h2>{heading}</h2>\
         <form method=\"post\" action=\"{action}\" class=\"stack\" id=\"{section}-form\">{csrf}\
         <label>Question <input type=\"text\" name=\"question\" value=\"{question}\" required maxlength=\"{max_q}\">{question_err}</label>\
         <label>Answer <textarea name=\"answer\" rows=\"5\" required maxlength=\"{max_a}\">{answer}</textarea>{answer_err}</label>\
         <label>Language <select name=\"language\">\
         <option value=\"en\"{en}>English</option><option value=\"es\"{es}>Español</option>\
         <option value=\"both\"{both}>Both</option></select>{language_err}</label>\
         <label class=\"inline\"><input type=\"checkbox\" name=\"enabled\"{enabled}> Enabled (the assistant uses it)</label>\
         <p><button type=\"submit\" class=\"primary\">{button}</button>{cancel}</p></form></section>",
        csrf = csrf_field(csrf),
        question = escape(&d.question),
        max_q = faq::MAX_QUESTION,
        question_err = problem("question"),
        answer = escape(&d.answer),
        max_a = faq::MAX_ANSWER,
        answer_err = problem("answer"),
        en = selected(EntryLanguage::En),
        es = selected(EntryLanguage::Es),
        both = selected(EntryLanguage::Both),
        language_err = problem("language"),
        enabled = if d.enabled { " checked" } else { "" },
    )
}

fn faq_table(csrf: &str, entries: &[FaqEntry]) -> String {
    if entries.is_empty() {
        return "<p>No answers written yet: add one below, or import a CSV.</p>".into();
    }
    let mut rows = String::new();
    for e in entries {
        rows.push_str(&format!(
            "<tr data-faq=\"{id}\"><td>{question}</td><td>{answer}</td><td>{language}</td><td>{enabled}</td>\
             <td><a href=\"/admin/answers?edit={id}#edit\" class=\"button\">Edit</a> \
             <form method=\"post\" action=\"/admin/answers/{id}/delete\" class=\"inline-form\">{csrf}\
             <button type=\"submit\">Delete</button></form></td></tr>",
            id = e.id,
            question = escape(&e.question),
            answer = escape(&excerpt(&e.answer)),
            language = language_label(e.language),
            enabled = if e.enabled { "Yes" } else { "No" },
            csrf = csrf_field(csrf),
        ));
    }
    format!(
        "<table class=\"answers\"><thead><tr><th>Question</th><th>Answer</th><th>Language</th>\
         <th>Enabled</th><th></th></tr></thead><tbody>{rows}</tbody></table>"
    )
}

fn generated_list(entries: &[Entry]) -> String {
    let mut rows = String::new();
    for e in entries.iter().filter(|e| e.faq_id.is_none()) {
        rows.push_str(&format!(
            "<tr><td>{topic}</td><td>{language}</td><td class=\"pre\">{answer}</td></tr>",
            topic = topic_label(e.topic),
            language = language_label(e.language),
            answer = escape(&e.answer),
        ));
    }
    let list = if rows.is_empty() {
        "<p>None yet: fill in shipping, tax and the refund policy in Settings.</p>".to_owned()
    } else {
        format!(
            "<table class=\"generated\"><thead><tr><th>Topic</th><th>Language</th><th>Answer</th></tr></thead>\
             <tbody>{rows}</tbody></table>"
        )
    };
    format!(
        "<section id=\"generated\"><h2>Answered from your settings</h2>\
         <p class=\"hint\">The assistant answers these from your <a href=\"/admin/settings\">Settings</a>; \
         they change when the Settings change and can't be edited here.</p>{list}</section>"
    )
}

fn unanswered_list(groups: &[Group]) -> String {
    let list = if groups.is_empty() {
        "<p>None: the assistant had an answer for every question so far.</p>".to_owned()
    } else {
        let mut rows = String::new();
        for g in groups {
            let conversation = match &g.conversation_id {
                Some(id) => format!(
                    "<a href=\"/admin/conversations/{}\">Conversation</a>",
                    path_segment(id)
                ),
                None => String::new(),
            };
            let query = serde_urlencoded::to_string([("question", g.question.as_str())])
                .unwrap_or_default();
            rows.push_str(&format!(
                "<tr><td>{question}</td><td>{why}</td><td>{language}</td><td>{count}</td><td>{last}</td><td>{conversation}</td>\
                 <td><a href=\"/admin/answers?{query}#add\">Write an answer</a></td></tr>",
                why = g.reason.label(),
                question = escape(&g.question),
                language = locale_label(g.language),
                count = g.count,
                last = when(&g.last_asked),
                query = escape(&query),
            ));
        }
        format!(
            "<table class=\"unanswered\"><thead><tr><th>Question</th><th>Why</th><th>Language</th><th>Times asked</th>\
             <th>Last asked</th><th></th><th></th></tr></thead><tbody>{rows}</tbody></table>"
        )
    };
    format!(
        "<section id=\"unanswered\"><h2>Questions the assistant couldn't answer</h2>\
         <p class=\"hint\">Shoppers asked these and nothing you wrote answered them, an answer covered only \
         part of the question, or they asked for a person. Alike questions are grouped; a question leaves \
         the list once an answer covers it well.</p>\
         {list}</section>"
    )
}

async fn render(
    state: &AppState,
    merchant: &Merchant,
    add: &Editing<'_>,
    edit: Option<&Editing<'_>>,
    message: &str,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let faqs = faq::list(&state.db, merchant.shop_id).await?;
    let entries = answers::entries(&state.db, merchant.shop_id).await?;
    let groups = unanswered::groups(&state.db, merchant.shop_id, &entries).await?;
    let csrf = &merchant.csrf_token;
    let body = format!(
        "<h1>Answers</h1>{message}\
         <p class=\"hint\">The assistant answers questions about your shop (not a product) only from \
         what is on this page, and says where the answer comes from.</p>\
         {edit}{unanswered}\
         <section id=\"faq\"><h2>Your answers ({count})</h2>{table}\
         <p><a href=\"/admin/answers/export.csv\" download>Export as CSV</a></p></section>\
         {add}\
         <section><h2>Import answers from a CSV</h2>\
         <p class=\"hint\">Columns <code>question</code>, <code>answer</code> and optionally \
         <code>language</code> (en, es or both; empty: both), with a header row. Rows are added to \
         the answers you have; a bad row is reported with its line and the others still go in.</p>\
         <form id=\"import-form\" class=\"stack\" data-csrf=\"{csrf_attr}\" \
         data-action=\"/admin/answers/import\" data-return=\"/admin/answers\" \
         data-return-text=\"Show the updated answers\">\
         <input type=\"file\" name=\"file\" accept=\".csv,text/csv\" required id=\"import-file\">\
         <button type=\"submit\">Import</button>\
         <progress id=\"import-progress\" max=\"100\" value=\"0\" hidden></progress></form>\
         <div id=\"import-report\" aria-live=\"polite\"></div></section>\
         {generated}",
        edit = edit.map(|e| entry_form(csrf, e)).unwrap_or_default(),
        count = faqs.len(),
        table = faq_table(csrf, &faqs),
        add = entry_form(csrf, add),
        csrf_attr = escape(csrf),
        generated = generated_list(&entries),
        unanswered = unanswered_list(&groups),
    );
    Ok(html(status, page("Answers", &frame(merchant), &body)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::faq::FieldErrors;

    #[test]
    fn the_report_names_each_skipped_line_and_escapes_reasons() {
        let report = faq::ImportReport {
            added: 2,
            skipped: vec![(3, "answer: <b>Write</b> the answer.".into())],
        };
        let out = report_html(&report);
        assert!(out.contains("Added 2 answers; 1 rows skipped."));
        assert!(out.contains("<td>3</td>"));
        assert!(out.contains("&lt;b&gt;Write"));
    }

    #[test]
    fn a_refused_form_keeps_what_was_typed_and_marks_the_field() {
        let problems: FieldErrors = vec![("answer", "Write the answer.".into())];
        let editing = Editing {
            id: None,
            draft: FaqDraft {
                question: "Do you \"gift\" wrap?".into(),
                answer: String::new(),
                language: "es".into(),
                enabled: false,
            },
            problems: &problems,
        };
        let out = entry_form("tok", &editing);
        assert!(out.contains("value=\"Do you &quot;gift&quot; wrap?\""));
        assert!(out.contains("<option value=\"es\" selected>"));
        assert!(out.contains("Write the answer."));
        assert!(!out.contains(" checked"));
    }
}
