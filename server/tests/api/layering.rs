//! The server's layers: the domain (orders, refunds, payments, the assistant…) doesn't know it
//! is served over HTTP. Only `http/` (handlers, router, extractors, `AppState`),
//! `startup.rs`, `lib.rs` and the command-line and evaluation entry points may name `AppState`
//! or `axum`. A few domain files still do; they are listed here and the list may only shrink.

use std::path::{Path, PathBuf};

/// Where the HTTP side lives, and the entry points that wire it up.
const HTTP_SIDE: &[&str] = &[
    "http/",
    "state.rs",
    "startup.rs",
    "lib.rs",
    "main.rs",
    "eval/",
];

/// Domain files that still name `AppState` or `axum`, to be moved behind narrow types.
const NOT_YET: &[&str] = &[
    "assistant/llm/endpoint.rs",
    "conversations/token.rs",
    "orders/token.rs",
    "shop.rs",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn only_the_http_side_names_app_state_or_axum() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut crossing = Vec::new();
    for file in files {
        let relative = file
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        if HTTP_SIDE.iter().any(|p| relative.starts_with(p)) {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("readable");
        if text.contains("AppState") || text.contains("axum") {
            crossing.push(relative);
        }
    }
    crossing.sort();
    let unexpected: Vec<&String> = crossing
        .iter()
        .filter(|f| !NOT_YET.contains(&f.as_str()))
        .collect();
    assert!(
        unexpected.is_empty(),
        "domain files that name AppState or axum (take what you use instead): {unexpected:?}"
    );
    let done: Vec<&&str> = NOT_YET
        .iter()
        .filter(|f| !crossing.iter().any(|c| c == *f))
        .collect();
    assert!(
        done.is_empty(),
        "no longer crossing, take them off NOT_YET: {done:?}"
    );
}
