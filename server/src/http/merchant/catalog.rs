//! The Catalog page: import a Shopify product CSV (uploaded with a progress bar, answered with
//! the report of rows imported and skipped), and list, search and edit products: title, and
//! each variant's price and stock. Prices are minor units here; the form shows `12.50`.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::html::{csrf_field, escape, html, page, FormData, Frame};
use super::session::Merchant;
use crate::catalog::import::{parse_shopify_csv, store_products, ImportReport};
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
    let rows: Vec<Row> = sqlx::query_as(
        "select p.id as product_id, p.handle, p.title, p.status, v.id as variant_id, v.sku,
                v.option1, v.option2, v.option3, v.price_minor, v.inventory_qty
         from product p join variant v on v.product_id = p.id and v.shop_id = p.shop_id
         where p.shop_id = ?1 and p.id in (
             select p2.id from product p2 left join variant v2 on v2.product_id = p2.id
             where p2.shop_id = ?1 and (p2.title like ?2 escape '\\' or p2.handle like ?2 escape '\\'
                                        or v2.sku like ?2 escape '\\')
             group by p2.id order by p2.title limit ?3)
         order by p.title, p.id, v.position, v.id",
    )
    .bind(merchant.shop_id)
    .bind(&pattern)
    .bind(PAGE_SIZE)
    .fetch_all(&state.db)
    .await?;
    let total: i64 = sqlx::query_scalar("select count(*) from product where shop_id = ?")
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
    let mut list = String::new();
    for variants in products.values() {
        let first = variants[0];
        let mut variant_rows = String::new();
        for v in variants {
            let options: Vec<&str> = [&v.option1, &v.option2, &v.option3]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .filter(|o| !o.is_empty() && *o != "Default Title")
                .collect();
            variant_rows.push_str(&format!(
                "<tr><td>{options}</td><td>{sku}</td>\
                 <td><input type=\"text\" name=\"price_{id}\" value=\"{price}\" inputmode=\"decimal\" aria-label=\"Price\" size=\"8\"></td>\
                 <td><input type=\"text\" name=\"stock_{id}\" value=\"{stock}\" inputmode=\"numeric\" aria-label=\"Stock\" size=\"5\" placeholder=\"not tracked\"></td></tr>",
                options = escape(&if options.is_empty() { "—".to_owned() } else { options.join(" / ") }),
                sku = escape(v.sku.as_deref().unwrap_or("")),
                id = v.variant_id,
                price = format_minor(v.price_minor, exponent),
                stock = v.inventory_qty.map(|q| q.to_string()).unwrap_or_default(),
            ));
        }
        list.push_str(&format!(
            "<form method=\"post\" action=\"/admin/catalog/products/{id}\" class=\"product\" data-handle=\"{handle}\">{csrf}\
             <div class=\"product-head\"><label>Title <input type=\"text\" name=\"title\" value=\"{title}\" required maxlength=\"255\"></label>\
             <span class=\"muted\">{handle} · {status}</span></div>\
             <table><thead><tr><th>Variant</th><th>SKU</th><th>Price ({currency})</th><th>Stock</th></tr></thead>\
             <tbody>{variant_rows}</tbody></table><button type=\"submit\">Save</button></form>",
            id = first.product_id,
            csrf = csrf_field(&merchant.csrf_token),
            title = escape(&first.title),
            handle = escape(&first.handle),
            status = escape(&first.status),
            currency = escape(&shop.currency),
        ));
    }
    if list.is_empty() {
        list = if q.is_empty() {
            "<p>No products yet: import a CSV above.</p>".into()
        } else {
            format!("<p>No product matches “{}”.</p>", escape(q))
        };
    }
    let saved = match (query.saved.is_some(), query.error.as_deref()) {
        (_, Some(code)) => format!(
            "<p class=\"notice bad\" role=\"alert\">Nothing was saved: {}</p>",
            edit_problem(code)
        ),
        (true, None) => "<p class=\"notice ok\" role=\"status\">Product saved.</p>".to_owned(),
        (false, None) => String::new(),
    };
    let body = format!(
        "<h1>Catalog</h1>{saved}\
         <section><h2>Import a Shopify product CSV</h2>\
         <p class=\"hint\">Export from Shopify admin (Products → Export → CSV for Excel, Numbers or other programs). \
         Products are matched by handle: existing ones are updated, new ones added.</p>\
         <form id=\"import-form\" class=\"stack\" data-csrf=\"{csrf}\">\
         <input type=\"file\" name=\"file\" accept=\".csv,text/csv\" required id=\"import-file\">\
         <button type=\"submit\">Import</button>\
         <progress id=\"import-progress\" max=\"100\" value=\"0\" hidden></progress></form>\
         <div id=\"import-report\" aria-live=\"polite\"></div></section>\
         <section><h2>Products ({total})</h2>\
         <form method=\"get\" action=\"/admin/catalog\" class=\"search\" role=\"search\">\
         <input type=\"search\" name=\"q\" value=\"{q}\" placeholder=\"Title, handle or SKU\" aria-label=\"Search products\">\
         <button type=\"submit\">Search</button></form>{list}</section>",
        csrf = escape(&merchant.csrf_token),
        q = escape(q),
    );
    let frame = Frame {
        active: "/admin/catalog",
        shop_name: &merchant.shop_name,
        csrf: &merchant.csrf_token,
    };
    Ok(html(StatusCode::OK, page("Catalog", &frame, &body)))
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
            let fragment = format!(
                "<p class=\"notice bad\" role=\"alert\">Nothing was imported: {}</p>",
                escape(&e.to_string())
            );
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

pub(super) fn fragment_response(status: StatusCode, fragment: String) -> Response {
    let mut response = html(status, fragment);
    // A fragment is inserted into the page, never shown on its own.
    response.headers_mut().insert(
        axum::http::header::CONTENT_SECURITY_POLICY,
        axum::http::HeaderValue::from_static("default-src 'none'"),
    );
    response
}

/// The import report: counts, then every skipped row and warning with its line and reason.
pub fn report_html(report: &ImportReport) -> String {
    let mut out = format!(
        "<div class=\"report\"><p class=\"notice ok\" role=\"status\" id=\"import-summary\">Imported {} products ({} variants, {} images); {} rows skipped, {} warnings.</p>",
        report.products_imported,
        report.variants_imported,
        report.images_imported,
        report.skipped.len(),
        report.warnings.len(),
    );
    for (heading, class, rows) in [
        ("Skipped", "skipped", &report.skipped),
        ("Warnings", "warnings", &report.warnings),
    ] {
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "<h3>{heading}</h3><table class=\"{class}\"><thead><tr><th>Line</th><th>Handle</th><th>Reason</th></tr></thead><tbody>"
        ));
        for row in rows {
            out.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                row.line,
                escape(row.handle.as_deref().unwrap_or("")),
                escape(&row.reason),
            ));
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</div>");
    out
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

/// `POST /admin/catalog/products/{id}`: the title and each variant's price and stock, in one
/// transaction. A refused edit goes back to the product with the problem named.
async fn update_product(
    State(state): State<AppState>,
    merchant: Merchant,
    Path(product_id): Path<i64>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let form = FormData::parse(&body);
    let shop = Shop::by_id(&state.db, merchant.shop_id).await?;
    let exponent = shop.currency().exponent();
    let handle: Option<String> =
        sqlx::query_scalar("select handle from product where id = ? and shop_id = ?")
            .bind(product_id)
            .bind(merchant.shop_id)
            .fetch_optional(&state.db)
            .await?;
    let handle = handle.ok_or(ApiError::ProductNotFound)?;
    let refused = |code: &str| {
        let query = serde_urlencoded::to_string([("q", handle.as_str()), ("error", code)])
            .unwrap_or_default();
        Ok(Redirect::to(&format!("/admin/catalog?{query}")).into_response())
    };
    let title = form.get("title");
    if title.is_empty() || title.chars().count() > 255 {
        return refused("title");
    }
    let variants: Vec<i64> =
        sqlx::query_scalar("select id from variant where product_id = ? and shop_id = ?")
            .bind(product_id)
            .bind(merchant.shop_id)
            .fetch_all(&state.db)
            .await?;
    let mut changes = Vec::new();
    for id in variants {
        let price_field = format!("price_{id}");
        if !form.checked(&price_field) {
            continue;
        }
        let Ok(price) = parse_decimal_minor(form.get(&price_field), exponent) else {
            return refused("price");
        };
        let stock = match form.get(&format!("stock_{id}")) {
            "" => None,
            text => match text.parse::<u32>() {
                Ok(stock) => Some(stock),
                Err(_) => return refused("stock"),
            },
        };
        changes.push((id, price, stock));
    }

    let mut tx = crate::db::begin_write(&state.db).await?;
    sqlx::query(
        "update product set title = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         where id = ? and shop_id = ?",
    )
    .bind(title)
    .bind(product_id)
    .bind(merchant.shop_id)
    .execute(&mut *tx)
    .await?;
    for (id, price, stock) in changes {
        sqlx::query(
            "update variant set price_minor = ?, inventory_qty = ?,
                 updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             where id = ? and product_id = ? and shop_id = ?",
        )
        .bind(price)
        .bind(stock)
        .bind(id)
        .bind(product_id)
        .bind(merchant.shop_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    state.search.invalidate(merchant.shop_id).await;
    Ok(Redirect::to("/admin/catalog?saved=1").into_response())
}
