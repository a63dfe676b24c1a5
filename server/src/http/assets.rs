//! Static files: the `embed.js` loader (never cached long: merchants can't change their tag;
//! minified when built, the readable source otherwise), the built widget under a
//! content-versioned path (cached for a year), the demo storefront, and the rest of `public/`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use sha2::{Digest, Sha256};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::http::state::AppState;
use crate::shop::DEMO_SHOP_KEY;

/// The minified loader's file name in the widget's build directory (`scripts/build-loader.sh`).
const MINIFIED_LOADER: &str = "embed.js";

/// The widget's built files, read once at start-up, and their combined content hash.
#[derive(Debug, Default)]
pub struct WidgetAssets {
    files: HashMap<String, Bytes>,
    /// Short hex digest of all files; part of their URL so they can be cached forever.
    pub version: String,
}

impl WidgetAssets {
    /// Loads every file of the widget's build directory. A missing build is logged, not fatal:
    /// the API still works, and the loader reports the missing widget in the browser console.
    pub fn load(dir: &Path) -> Self {
        let mut names: Vec<PathBuf> = match std::fs::read_dir(dir) {
            Ok(entries) => entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect(),
            Err(e) => {
                tracing::warn!(dir = %dir.display(), error = %e, "widget not built; run scripts/build-widget.sh");
                Vec::new()
            }
        };
        names.sort();
        let mut hasher = Sha256::new();
        let mut files = HashMap::new();
        for path in names {
            let (Some(name), Ok(bytes)) = (
                path.file_name().and_then(|n| n.to_str()),
                std::fs::read(&path),
            ) else {
                continue;
            };
            // The loader has its own URL; a new loader mustn't change the widget's version.
            if name == MINIFIED_LOADER {
                continue;
            }
            hasher.update(name.as_bytes());
            hasher.update(&bytes);
            files.insert(name.to_owned(), Bytes::from(bytes));
        }
        let version = hex::encode(&hasher.finalize()[..6]);
        Self { files, version }
    }

    /// Absolute URL of a widget file under the current version.
    pub fn url(&self, public_url: &str, file: &str) -> String {
        format!("{public_url}/widget/v/{}/{file}", self.version)
    }
}

/// The loader to serve: the minified build beside the widget when there is one, else the
/// readable source in `public/`.
pub fn loader_path(public_dir: &Path, widget_dir: &Path) -> PathBuf {
    let minified = widget_dir.join(MINIFIED_LOADER);
    if minified.is_file() {
        minified
    } else {
        public_dir.join("embed.js")
    }
}

pub fn router(public_dir: &Path, widget_dir: &Path) -> Router<AppState> {
    let short_cache = SetResponseHeaderLayer::if_not_present(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    let embed = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
        .service(ServeFile::new(loader_path(public_dir, widget_dir)));
    Router::new()
        .route_service("/embed.js", embed)
        .route("/widget/v/{version}/{file}", get(get_widget_file))
        .route("/demo", get(|| async { Redirect::permanent("/demo/") }))
        .route("/demo/", get(get_demo_storefront))
        .route("/demo/index.html", get(get_demo_storefront))
        .route("/", get(|| async { Redirect::temporary("/demo/") }))
        .fallback_service(
            tower::ServiceBuilder::new()
                .layer(short_cache)
                .service(ServeDir::new(public_dir)),
        )
}

/// Serves a widget file. The current version is cached for a year; an old version's URL still
/// gets the current file, uncached, so a page open across a deploy keeps working.
async fn get_widget_file(
    State(state): State<AppState>,
    UrlPath((version, file)): UrlPath<(String, String)>,
) -> Response {
    let Some(bytes) = state.widget.files.get(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let content_type = match Path::new(&file).extension().and_then(|e| e.to_str()) {
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        _ => "application/octet-stream",
    };
    let cache = if version == state.widget.version {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, cache),
            // Shops on other origins import the module and fetch the wasm with CORS.
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        bytes.clone(),
    )
        .into_response()
}

/// The demo storefront, with the script tag filled in exactly as a merchant would paste it.
async fn get_demo_storefront(State(state): State<AppState>) -> Response {
    let path = state.public_dir.join("demo/index.html");
    match tokio::fs::read_to_string(&path).await {
        Ok(page) => {
            let page = page
                .replace("{{PUBLIC_URL}}", state.links.base())
                .replace("{{SHOP_KEY}}", DEMO_SHOP_KEY);
            ([(header::CACHE_CONTROL, "no-cache")], Html(page)).into_response()
        }
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "demo storefront missing");
            StatusCode::NOT_FOUND.into_response()
        }
    }
}
