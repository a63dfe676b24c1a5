//! The server's layers: the domain (orders, refunds, payments, the assistant…) doesn't know it
//! is served over HTTP. Only `http/` (handlers, router, extractors, `AppState`),
//! `startup.rs`, `lib.rs` and the command-line and evaluation entry points may name `AppState`
//! or `axum`. And the top-level modules of `src` form no cycle: a module never reaches one
//! that reaches it back. What still breaks a rule is listed here, and the lists may only
//! shrink.

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
const NOT_YET: &[&str] = &[];

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

/// Edges between top-level modules that still point up, each with what carries it. The list
/// may only shrink: each entry must still be in the sources, and no other edge may close a
/// cycle.
const UPWARD_NOT_YET: &[(&str, &str, &str)] = &[];

/// The top-level modules of `src`: each `<name>.rs` and each directory, but the crate roots.
fn top_level_modules(src: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(src)
        .expect("the source directory")
        .map(|entry| entry.expect("an entry").path())
        .filter_map(|path| {
            if path.is_dir() {
                path.file_name().map(|n| n.to_string_lossy().into_owned())
            } else if path.extension().is_some_and(|e| e == "rs") {
                path.file_stem().map(|n| n.to_string_lossy().into_owned())
            } else {
                None
            }
        })
        .filter(|name| name != "lib" && name != "main")
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The text without its `//` and `/* */` comments (doc comments included).
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let line = rest.find("//");
        let block = rest.find("/*");
        match (line, block) {
            (Some(l), b) if b.is_none_or(|b| l < b) => {
                out.push_str(&rest[..l]);
                rest = rest[l..].find('\n').map_or("", |end| &rest[l + end..]);
            }
            (_, Some(b)) => {
                out.push_str(&rest[..b]);
                rest = rest[b..].find("*/").map_or("", |end| &rest[b + end + 2..]);
            }
            _ => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

/// The identifier at the start of `text`, after any white space.
fn leading_ident(text: &str) -> &str {
    let text = text.trim_start();
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// The top-level names a file reaches through `crate::`: `crate::a::…`, and in a group
/// `crate::{a, b::{c, d}}` each of `a` and `b`.
fn crate_paths(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        let after = &text[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let mut depth = 1;
            let mut start_of_item = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => start_of_item = true,
                    c if c.is_whitespace() => {}
                    _ if start_of_item && depth == 1 => {
                        names.push(leading_ident(&group[i..]).to_owned());
                        start_of_item = false;
                    }
                    _ => {}
                }
            }
        } else {
            names.push(leading_ident(after).to_owned());
        }
    }
    names
}

/// `from` → `to` → the files behind the edge.
type Graph = std::collections::BTreeMap<String, std::collections::BTreeMap<String, Vec<String>>>;

fn module_graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules = top_level_modules(&src);
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph = Graph::new();
    for file in files {
        let relative = file
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        let top = relative
            .split('/')
            .next()
            .unwrap_or_default()
            .trim_end_matches(".rs")
            .to_owned();
        if top == "lib" || top == "main" {
            continue;
        }
        let text = without_comments(&std::fs::read_to_string(&file).expect("readable"));
        for to in crate_paths(&text) {
            if to != top && modules.contains(&to) {
                let why = graph.entry(top.clone()).or_default().entry(to).or_default();
                if !why.contains(&relative) {
                    why.push(relative.clone());
                }
            }
        }
    }
    graph
}

/// Every module `from` reaches.
fn reachable(graph: &Graph, from: &str) -> std::collections::BTreeSet<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut stack = vec![from.to_owned()];
    while let Some(module) = stack.pop() {
        for to in graph
            .get(&module)
            .into_iter()
            .flat_map(|edges| edges.keys())
        {
            if seen.insert(to.clone()) {
                stack.push(to.clone());
            }
        }
    }
    seen
}

#[test]
fn the_top_level_modules_form_no_cycle() {
    let mut graph = module_graph();
    for (from, to, why) in UPWARD_NOT_YET {
        let removed = graph.get_mut(*from).and_then(|edges| edges.remove(*to));
        assert!(
            removed.is_some(),
            "{from} no longer reaches {to} ({why}): take it off UPWARD_NOT_YET"
        );
    }
    let mut cycles = Vec::new();
    let mut placed = std::collections::BTreeSet::new();
    for module in graph.keys() {
        if placed.contains(module) || !reachable(&graph, module).contains(module) {
            continue;
        }
        // The modules that reach `module` and that it reaches: its cycle.
        let members: Vec<String> = reachable(&graph, module)
            .into_iter()
            .filter(|other| reachable(&graph, other).contains(module))
            .collect();
        let mut report = format!("{}\n", members.join(", "));
        for from in &members {
            for (to, files) in graph.get(from).into_iter().flatten() {
                if members.contains(to) {
                    report.push_str(&format!("  {from} -> {to}: {}\n", files.join(", ")));
                }
            }
            placed.insert(from.clone());
        }
        cycles.push(report);
    }
    assert!(
        cycles.is_empty(),
        "top-level modules that reach each other through `crate::` paths (move the item to the \
         module it belongs to, or split the module):\n{}",
        cycles.join("\n")
    );
}

#[test]
fn crate_paths_are_read_from_plain_paths_and_groups_but_not_comments() {
    let text = without_comments(
        "use crate::a::b;\n/// see crate::c\nuse crate::{d, e::{f, g}, h};\n\
         let x = crate::i::j(); // crate::k\n/* crate::l */ crate::m",
    );
    assert_eq!(crate_paths(&text), ["a", "d", "e", "h", "i", "m"]);
}
