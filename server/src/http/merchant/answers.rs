//! The Answers page: the questions and answers the merchant writes for the assistant (add,
//! edit, delete, import from and export to a CSV), the answers written from the shop's
//! settings (read-only here), and the questions the assistant couldn't answer, each with a
//! link that starts an answer to it.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{html, Markup};
use serde::Deserialize;

use super::catalog::fragment_response;
use super::html::text::when;
use super::html::{csrf_input, flash, layout, render as render_page, trimmed, Frame};
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

/// The question/answer form as submitted; [`FaqDraft::check`] reads it field by field.
#[derive(Deserialize)]
struct AnswerForm {
    #[serde(default, deserialize_with = "trimmed")]
    question: String,
    #[serde(default, deserialize_with = "trimmed")]
    answer: String,
    #[serde(default, deserialize_with = "trimmed")]
    language: String,
    /// Present when the box is ticked.
    #[serde(default)]
    enabled: Option<String>,
}

impl From<AnswerForm> for FaqDraft {
    fn from(form: AnswerForm) -> Self {
        FaqDraft {
            question: form.question,
            answer: form.answer,
            language: form.language,
            enabled: form.enabled.is_some(),
        }
    }
}

/// `GET /admin/answers?question=…&edit=…`
async fn get_answers(
    State(state): State<AppState>,
    merchant: Merchant,
    Query(query): Query<AnswersQuery>,
) -> Result<Response, ApiError> {
    let message = match query.done.as_deref() {
        Some("added") => flash(true, "Answer added: the assistant uses it from now on."),
        Some("saved") => flash(true, "Answer saved."),
        Some("deleted") => flash(true, "Answer deleted."),
        _ => html! {},
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
        message,
        StatusCode::OK,
    )
    .await
}

/// `POST /admin/answers`
async fn create_answer(
    State(state): State<AppState>,
    merchant: Merchant,
    Form(form): Form<AnswerForm>,
) -> Result<Response, ApiError> {
    let draft = FaqDraft::from(form);
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
    Form(form): Form<AnswerForm>,
) -> Result<Response, ApiError> {
    if faq::get(&state.db, merchant.shop_id, id).await?.is_none() {
        return Ok(not_found(&merchant));
    }
    let draft = FaqDraft::from(form);
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
fn report_html(report: &faq::ImportReport) -> Markup {
    let class = if report.added == 0 && !report.skipped.is_empty() {
        "notice bad"
    } else {
        "notice ok"
    };
    html! {
        div.report {
            p class=(class) role="status" #import-summary {
                "Added " (report.added) " answers; " (report.skipped.len()) " rows skipped."
            }
            @if !report.skipped.is_empty() {
                h3 { "Skipped" }
                table.skipped {
                    thead { tr { th { "Line" } th { "Reason" } } }
                    tbody {
                        @for (line, reason) in &report.skipped {
                            tr { td { (line) } td { (reason) } }
                        }
                    }
                }
            }
        }
    }
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
    let message = flash(
        false,
        "Nothing was saved: please correct the fields marked below.",
    );
    render(
        state,
        merchant,
        add,
        edit,
        message,
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
    let body = html! {
        h1 { "Answers" }
        (flash(false, "No such answer in your shop."))
        p { a href="/admin/answers" { "Back to the answers" } }
    };
    render_page(
        StatusCode::NOT_FOUND,
        layout("Answers", &frame(merchant), body),
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
fn entry_form(csrf: &str, editing: &Editing<'_>) -> Markup {
    let problem = |field: &str| {
        html! {
            @for (_, message) in editing.problems.iter().filter(|(f, _)| *f == field) {
                span.field-error role="alert" { (message) }
            }
        }
    };
    let d = &editing.draft;
    let language = EntryLanguage::parse(&d.language);
    let (section, heading, button) = match editing.id {
        Some(_) => ("edit", "Edit the answer", "Save answer"),
        None => ("add", "Add an answer", "Add answer"),
    };
    html! {
        section id=(section) {
            h2 { (heading) }
            form.stack method="post" action={
                "/admin/answers" @if let Some(id) = editing.id { "/" (id) }
            } id={ (section) "-form" } {
                (csrf_input(csrf))
                label {
                    "Question "
                    input type="text" name="question" value=(d.question) required
                        maxlength=(faq::MAX_QUESTION);
                    (problem("question"))
                }
                label {
                    "Answer "
                    textarea name="answer" rows="5" required maxlength=(faq::MAX_ANSWER) {
                        (d.answer)
                    }
                    (problem("answer"))
                }
                label {
                    "Language "
                    select name="language" {
                        option value="en" selected[language == Some(EntryLanguage::En)] {
                            "English"
                        }
                        option value="es" selected[language == Some(EntryLanguage::Es)] {
                            "Español"
                        }
                        option value="both" selected[language == Some(EntryLanguage::Both)] {
                            "Both"
                        }
                    }
                    (problem("language"))
                }
                label.inline {
                    input type="checkbox" name="enabled" checked[d.enabled];
                    " Enabled (the assistant uses it)"
                }
                p {
                    button.primary type="submit" { (button) }
                    @if editing.id.is_some() {
                        " "
                        a href="/admin/answers" { "Cancel" }
                    }
                }
            }
        }
    }
}

fn faq_table(csrf: &str, entries: &[FaqEntry]) -> Markup {
    html! {
        @if entries.is_empty() {
            p { "No answers written yet: add one below, or import a CSV." }
        } @else {
            table.answers {
                thead {
                    tr { th { "Question" } th { "Answer" } th { "Language" } th { "Enabled" } th {} }
                }
                tbody {
                    @for e in entries {
                        tr data-faq=(e.id) {
                            td { (e.question) }
                            td { (excerpt(&e.answer)) }
                            td { (language_label(e.language)) }
                            td { (if e.enabled { "Yes" } else { "No" }) }
                            td {
                                a.button href={ "/admin/answers?edit=" (e.id) "#edit" } { "Edit" }
                                " "
                                form.inline-form method="post"
                                    action={ "/admin/answers/" (e.id) "/delete" } {
                                    (csrf_input(csrf))
                                    button type="submit" { "Delete" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn generated_list(entries: &[Entry]) -> Markup {
    let generated: Vec<&Entry> = entries.iter().filter(|e| e.faq_id.is_none()).collect();
    html! {
        section #generated {
            h2 { "Answered from your settings" }
            p.hint {
                "The assistant answers these from your " a href="/admin/settings" { "Settings" }
                "; they change when the Settings change and can't be edited here."
            }
            @if generated.is_empty() {
                p { "None yet: fill in shipping, tax and the refund policy in Settings." }
            } @else {
                table.generated {
                    thead { tr { th { "Topic" } th { "Language" } th { "Answer" } } }
                    tbody {
                        @for e in generated {
                            tr {
                                td { (topic_label(e.topic)) }
                                td { (language_label(e.language)) }
                                td.pre { (e.answer) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn unanswered_list(groups: &[Group]) -> Markup {
    html! {
        section #unanswered {
            h2 { "Questions the assistant couldn't answer" }
            p.hint {
                "Shoppers asked these and nothing you wrote answered them, an answer covered only \
                 part of the question, or they asked for a person. Alike questions are grouped; a \
                 question leaves the list once an answer covers it well."
            }
            @if groups.is_empty() {
                p { "None: the assistant had an answer for every question so far." }
            } @else {
                table.unanswered {
                    thead {
                        tr {
                            th { "Question" } th { "Why" } th { "Language" } th { "Times asked" }
                            th { "Last asked" } th {} th {}
                        }
                    }
                    tbody {
                        @for g in groups {
                            tr {
                                td { (g.question) }
                                td { (g.reason.label()) }
                                td { (locale_label(g.language)) }
                                td { (g.count) }
                                td { (when(&g.last_asked)) }
                                td {
                                    @if let Some(id) = &g.conversation_id {
                                        a href={ "/admin/conversations/" (path_segment(id)) } {
                                            "Conversation"
                                        }
                                    }
                                }
                                td {
                                    a href={
                                        "/admin/answers?"
                                        (serde_urlencoded::to_string([("question", g.question.as_str())])
                                            .unwrap_or_default())
                                        "#add"
                                    } { "Write an answer" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

async fn render(
    state: &AppState,
    merchant: &Merchant,
    add: &Editing<'_>,
    edit: Option<&Editing<'_>>,
    message: Markup,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let faqs = faq::list(&state.db, merchant.shop_id).await?;
    let entries = answers::entries(&state.db, merchant.shop_id).await?;
    let groups = unanswered::groups(&state.db, merchant.shop_id, &entries).await?;
    let csrf = &merchant.csrf_token;
    let body = html! {
        h1 { "Answers" }
        (message)
        p.hint {
            "The assistant answers questions about your shop (not a product) only from what is on \
             this page, and says where the answer comes from."
        }
        @if let Some(edit) = edit { (entry_form(csrf, edit)) }
        (unanswered_list(&groups))
        section #faq {
            h2 { "Your answers (" (faqs.len()) ")" }
            (faq_table(csrf, &faqs))
            p { a href="/admin/answers/export.csv" download { "Export as CSV" } }
        }
        (entry_form(csrf, add))
        section {
            h2 { "Import answers from a CSV" }
            p.hint {
                "Columns " code { "question" } ", " code { "answer" } " and optionally "
                code { "language" } " (en, es or both; empty: both), with a header row. Rows are \
                added to the answers you have; a bad row is reported with its line and the others \
                still go in."
            }
            form #import-form .stack data-csrf=(csrf) data-action="/admin/answers/import"
                data-return="/admin/answers" data-return-text="Show the updated answers" {
                input type="file" name="file" accept=".csv,text/csv" required #import-file;
                button type="submit" { "Import" }
                progress #import-progress max="100" value="0" hidden {}
            }
            div #import-report aria-live="polite" {}
        }
        (generated_list(&entries))
    };
    Ok(render_page(
        status,
        layout("Answers", &frame(merchant), body),
    ))
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
        let out = report_html(&report).into_string();
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
        let out = entry_form("tok", &editing).into_string();
        assert!(out.contains("value=\"Do you &quot;gift&quot; wrap?\""));
        assert!(out.contains("<option value=\"es\" selected>"));
        assert!(out.contains("Write the answer."));
        assert!(!out.contains(" checked"));
    }
}
