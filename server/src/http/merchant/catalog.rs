//! The Catalog page: import a Shopify product CSV (uploaded with a progress bar, answered with
//! the report of rows imported and skipped), and list, search and edit products: title, and
//! each variant's price and stock. Prices are minor units here; the form shows `12.50`.

use std::collections::{BTreeMap, HashMap};

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{html, Markup};
use serde::Deserialize;

use super::html::{csrf_input, layout, render, trimmed, Frame};
use super::session::Merchant;
use crate::catalog::import::{parse_shopify_csv, store_products, ImportReport};
use crate::db;
use crate::error::ApiError;
use crate::http::state::AppState;
use crate::money::{format_minor, parse_decimal_minor};
use crate::shop::Shop;

/// Products listed on one page.
const PAGE_SIZE: i64 = 100;
/// Largest product CSV the page takes.
const MAX_CSV_BYTES: usize = 20 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/catalog", get(get_catalog))
        .route(
            "/admin/catalog/import",
            post(import_catalog).layer(DefaultBodyLimit::max(MAX_CSV_BYTES)),
        )
        .route("/admin/catalog/products/{id}", post(update_product))
}

#[derive(Deserialize)]
pub struct CatalogQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    saved: Option<String>,
    /// Why the last edit was refused (a fixed code, never text from the request).
    #[serde(default)]
    error: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    product_id: i64,
    handle: String,
    title: String,
    status: String,
    variant_id: i64,
    sku: Option<String>,
    option1: Option<String>,
    option2: Option<String>,
    option3: Option<String>,
    price_minor: i64,
    inventory_qty: Option<i64>,
}

/// `GET /admin/catalog?q=…`
async fn get_catalog(
    State(state): State<AppState>,
    merchant: Merchant,
    Query(query): Query<CatalogQuery>,
) -> Result<Response, ApiError> {
    let shop = Shop::by_id(&state.db, merchant.shop_id).await?;
    let exponent = shop.currency().exponent();
    let q = query.q.trim();
    let pattern = format!(
        "%{}%",
        q.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    // `lower` on both sides: SQLite's `like` ignores ASCII case, PostgreSQL's does not.
    let rows: Vec<Row> = sqlx::query_as(
        "select p.id as product_id, p.handle, p.title, p.status, v.id as variant_id, v.sku,
                v.option1, v.option2, v.option3, v.price_minor, v.inventory_qty
         from product p join variant v on v.product_id = p.id and v.shop_id = p.shop_id
         where p.shop_id = $1 and p.id in (
             select p2.id from product p2 left join variant v2 on v2.product_id = p2.id
             where p2.shop_id = $1 and (lower(p2.title) like lower($2) escape '\\'
                                        or lower(p2.handle) like lower($2) escape '\\'
                                        or lower(v2.sku) like lower($2) escape '\\')
             group by p2.id order by p2.title limit $3)
         order by p.title, p.id, v.position, v.id",
    )
    .bind(merchant.shop_id)
    .bind(&pattern)
    .bind(PAGE_SIZE)
    .fetch_all(&state.db)
    .await?;
    let total: i64 = sqlx::query_scalar("select count(*) from product where shop_id = $1")
        .bind(merchant.shop_id)
        .fetch_one(&state.db)
        .await?;

    let mut products: BTreeMap<(String, i64), Vec<&Row>> = BTreeMap::new();
    for row in &rows {
        products
            .entry((row.title.to_lowercase(), row.product_id))
            .or_default()
            .push(row);
    }
    let csrf = csrf_input(&merchant.csrf_token);
    let body = html! {
        h1 { "Catalog" }
        @match (query.saved.is_some(), query.error.as_deref()) {
            (_, Some(code)) => {
                p.notice.bad role="alert" { "Nothing was saved: " (edit_problem(code)) }
            }
            (true, None) => p.notice.ok role="status" { "Product saved." },
            (false, None) => {}
        }
        section {
            h2 { "Import a Shopify product CSV" }
            p.hint {
                "Export from Shopify admin (Products → Export → CSV for Excel, Numbers or other \
                 programs). Products are matched by handle: existing ones are updated, new ones added."
            }
            form #import-form .stack data-csrf=(merchant.csrf_token) {
                input type="file" name="file" accept=".csv,text/csv" required #import-file;
                button type="submit" { "Import" }
                progress #import-progress max="100" value="0" hidden {}
            }
            div #import-report aria-live="polite" {}
        }
        section {
            h2 { "Products (" (total) ")" }
            form.search method="get" action="/admin/catalog" role="search" {
                input type="search" name="q" value=(q) placeholder="Title, handle or SKU"
                    aria-label="Search products";
                button type="submit" { "Search" }
            }
            @for variants in products.values() {
                @let first = variants[0];
                form.product method="post" action={ "/admin/catalog/products/" (first.product_id) }
                    data-handle=(first.handle) {
                    (csrf)
                    div.product-head {
                        label {
                            "Title "
                            input type="text" name="title" value=(first.title) required maxlength="255";
                        }
                        span.muted { (first.handle) " · " (first.status) }
                    }
                    table {
                        thead {
                            tr {
                                th { "Variant" } th { "SKU" } th { "Price (" (shop.currency) ")" }
                                th { "Stock" }
                            }
                        }
                        tbody {
                            @for v in variants {
                                tr {
                                    td { (variant_options(v)) }
                                    td { (v.sku.as_deref().unwrap_or("")) }
                                    td {
                                        input type="text" name={ "price_" (v.variant_id) }
                                            value=(format_minor(v.price_minor, exponent))
                                            inputmode="decimal" aria-label="Price" size="8";
                                    }
                                    td {
                                        input type="text" name={ "stock_" (v.variant_id) }
                                            value=(v.inventory_qty.map(|q| q.to_string()).unwrap_or_default())
                                            inputmode="numeric"
                                            aria-label="Stock" size="5" placeholder="not tracked";
                                    }
                                }
                            }
                        }
                    }
                    button type="submit" { "Save" }
                }
            }
            @if products.is_empty() {
                @if q.is_empty() {
                    p { "No products yet: import a CSV above." }
                } @else {
                    p { "No product matches “" (q) "”." }
                }
            }
        }
    };
    let frame = Frame {
        active: "/admin/catalog",
        shop_name: &merchant.shop_name,
        csrf: &merchant.csrf_token,
    };
    Ok(render(StatusCode::OK, layout("Catalog", &frame, body)))
}

/// A variant's options as shown (`Red / L`), or a dash for a product without options.
fn variant_options(v: &Row) -> String {
    let options: Vec<&str> = [&v.option1, &v.option2, &v.option3]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .filter(|o| !o.is_empty() && *o != "Default Title")
        .collect();
    if options.is_empty() {
        "—".to_owned()
    } else {
        options.join(" / ")
    }
}

/// `POST /admin/catalog/import`: the CSV file is the body (sent by the page's script, which
/// shows the upload's progress); the answer is the report as an HTML fragment.
async fn import_catalog(
    State(state): State<AppState>,
    merchant: Merchant,
    body: Bytes,
) -> Result<Response, ApiError> {
    let shop = Shop::by_id(&state.db, merchant.shop_id).await?;
    let currency = shop.currency();
    let parsed = tokio::task::spawn_blocking(move || parse_shopify_csv(body.as_ref(), currency))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    let outcome = match parsed {
        Ok(outcome) => outcome,
        Err(e) => {
            let fragment = html! {
                p.notice.bad role="alert" { "Nothing was imported: " (e) }
            };
            return Ok(fragment_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                fragment,
            ));
        }
    };
    let stored = store_products(&state.db, merchant.shop_id, &outcome.products).await?;
    state.search.invalidate(merchant.shop_id).await;
    let mut skipped = outcome.skipped;
    skipped.extend(stored.failed);
    skipped.sort_by_key(|row| row.line);
    let report = ImportReport {
        products_imported: stored.products_stored,
        variants_imported: stored.variants_stored,
        images_imported: stored.images_stored,
        skipped,
        warnings: outcome.warnings,
    };
    tracing::info!(
        shop = merchant.shop_id,
        products = report.products_imported,
        skipped = report.skipped.len(),
        "catalog imported from the merchant page"
    );
    Ok(fragment_response(StatusCode::OK, report_html(&report)))
}

pub(super) fn fragment_response(status: StatusCode, fragment: Markup) -> Response {
    let mut response = render(status, fragment);
    // A fragment is inserted into the page, never shown on its own.
    response.headers_mut().insert(
        axum::http::header::CONTENT_SECURITY_POLICY,
        axum::http::HeaderValue::from_static("default-src 'none'"),
    );
    response
}

/// The import report: counts, then every skipped row and warning with its line and reason.
pub fn report_html(report: &ImportReport) -> Markup {
    html! {
        div.report {
            p.notice.ok role="status" #import-summary {
                "Imported " (report.products_imported) " products ("
                (report.variants_imported) " variants, " (report.images_imported) " images); "
                (report.skipped.len()) " rows skipped, " (report.warnings.len()) " warnings."
            }
            @for (heading, class, rows) in [
                ("Skipped", "skipped", &report.skipped),
                ("Warnings", "warnings", &report.warnings),
            ] {
                @if !rows.is_empty() {
                    h3 { (heading) }
                    table class=(class) {
                        thead { tr { th { "Line" } th { "Handle" } th { "Reason" } } }
                        tbody {
                            @for row in rows {
                                tr {
                                    td { (row.line) }
                                    td { (row.handle.as_deref().unwrap_or("")) }
                                    td { (row.reason) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Words for a refused edit's code (see [`update_product`]).
fn edit_problem(code: &str) -> &'static str {
    match code {
        "title" => "the title must be 1 to 255 characters.",
        "price" => "enter prices like 12.50 (digits and a point, no currency sign).",
        "stock" => "enter stock as a whole number, or leave it empty when it isn't tracked.",
        _ => "the product could not be saved.",
    }
}

/// A product's edit form: the title, and `price_{variant}` / `stock_{variant}` per variant.
#[derive(Deserialize)]
struct ProductForm {
    #[serde(default, deserialize_with = "trimmed")]
    title: String,
    #[serde(flatten)]
    variants: HashMap<String, String>,
}

/// Why an edit was refused; its code goes back to the page (see [`edit_problem`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EditProblem {
    Title,
    Price,
    Stock,
}

impl EditProblem {
    fn code(self) -> &'static str {
        match self {
            EditProblem::Title => "title",
            EditProblem::Price => "price",
            EditProblem::Stock => "stock",
        }
    }
}

/// A checked edit: the new title, and (variant, price in minor units, stock) for every
/// variant of the product the form sent a price for.
#[derive(Debug, PartialEq, Eq)]
struct ProductEdit {
    title: String,
    variants: Vec<(i64, i64, Option<u32>)>,
}

impl ProductForm {
    /// The title alone (checked before the product's variants are looked up).
    fn title(&self) -> Result<&str, EditProblem> {
        let title = self.title.as_str();
        if title.is_empty() || title.chars().count() > 255 {
            return Err(EditProblem::Title);
        }
        Ok(title)
    }

    /// The whole edit, for a product with `variant_ids` in a currency of `exponent`.
    fn parse(&self, variant_ids: &[i64], exponent: u32) -> Result<ProductEdit, EditProblem> {
        let title = self.title()?.to_owned();
        let mut variants = Vec::new();
        for &id in variant_ids {
            let Some(price) = self.variants.get(&format!("price_{id}")) else {
                continue;
            };
            let price =
                parse_decimal_minor(price.trim(), exponent).map_err(|_| EditProblem::Price)?;
            let stock = match self
                .variants
                .get(&format!("stock_{id}"))
                .map_or("", |s| s.trim())
            {
                "" => None,
                text => Some(text.parse::<u32>().map_err(|_| EditProblem::Stock)?),
            };
            variants.push((id, price, stock));
        }
        Ok(ProductEdit { title, variants })
    }
}

/// `POST /admin/catalog/products/{id}`: the title and each variant's price and stock, in one
/// transaction. A refused edit goes back to the product with the problem named.
async fn update_product(
    State(state): State<AppState>,
    merchant: Merchant,
    Path(product_id): Path<i64>,
    Form(form): Form<ProductForm>,
) -> Result<Response, ApiError> {
    let shop = Shop::by_id(&state.db, merchant.shop_id).await?;
    let exponent = shop.currency().exponent();
    let handle: Option<String> =
        sqlx::query_scalar("select handle from product where id = $1 and shop_id = $2")
            .bind(product_id)
            .bind(merchant.shop_id)
            .fetch_optional(&state.db)
            .await?;
    let handle = handle.ok_or(ApiError::ProductNotFound)?;
    let refused = |problem: EditProblem| {
        let query =
            serde_urlencoded::to_string([("q", handle.as_str()), ("error", problem.code())])
                .unwrap_or_default();
        Ok(Redirect::to(&format!("/admin/catalog?{query}")).into_response())
    };
    if let Err(problem) = form.title() {
        return refused(problem);
    }
    let variants: Vec<i64> =
        sqlx::query_scalar("select id from variant where product_id = $1 and shop_id = $2")
            .bind(product_id)
            .bind(merchant.shop_id)
            .fetch_all(&state.db)
            .await?;
    let edit = match form.parse(&variants, exponent) {
        Ok(edit) => edit,
        Err(problem) => return refused(problem),
    };

    let mut tx = crate::db::begin_write(&state.db).await?;
    sqlx::query(
        "update product set title = $1, updated_at = $4
         where id = $2 and shop_id = $3",
    )
    .bind(&edit.title)
    .bind(product_id)
    .bind(merchant.shop_id)
    .bind(db::now())
    .execute(&mut *tx)
    .await?;
    for (id, price, stock) in edit.variants {
        sqlx::query(
            "update variant set price_minor = $1, inventory_qty = $2,
                 updated_at = $6
             where id = $3 and product_id = $4 and shop_id = $5",
        )
        .bind(price)
        .bind(stock.map(i64::from))
        .bind(id)
        .bind(product_id)
        .bind(merchant.shop_id)
        .bind(db::now())
        .execute(&mut *tx)
        .await?;
    }
    crate::shop::bump_catalog_version(&mut tx, merchant.shop_id).await?;
    tx.commit().await?;
    state.search.invalidate(merchant.shop_id).await;
    Ok(Redirect::to("/admin/catalog?saved=1").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(title: &str, fields: &[(&str, &str)]) -> ProductForm {
        ProductForm {
            title: title.to_owned(),
            variants: fields
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn an_edit_reads_prices_and_stock_of_the_products_variants_only() {
        let edit = form(
            "Mug",
            &[
                ("price_1", "12.50"),
                ("stock_1", " 3 "),
                ("price_2", "4"),
                ("stock_2", ""),
                ("price_9", "1.00"),
            ],
        )
        .parse(&[1, 2, 3], 2)
        .expect("a valid edit");
        assert_eq!(edit.title, "Mug");
        assert_eq!(edit.variants, vec![(1, 1250, Some(3)), (2, 400, None)]);
    }

    #[test]
    fn an_edit_names_the_first_field_that_is_wrong() {
        assert_eq!(form("", &[]).parse(&[], 2), Err(EditProblem::Title));
        assert_eq!(
            form(&"x".repeat(256), &[]).parse(&[], 2),
            Err(EditProblem::Title)
        );
        assert_eq!(
            form("Mug", &[("price_1", "$12")]).parse(&[1], 2),
            Err(EditProblem::Price)
        );
        assert_eq!(
            form("Mug", &[("price_1", "12"), ("stock_1", "-1")]).parse(&[1], 2),
            Err(EditProblem::Stock)
        );
    }
}
