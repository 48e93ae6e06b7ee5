//! The HTTP surface as the code declares it: every `#[server]` function under app/src/server_fns/, every `.route` of
//! server/src/router.rs, every page of app/src/app.rs. Read by tests/malformed.rs and tests/authz.rs, so that
//! a new route is covered without editing them.
#![allow(dead_code)] // each test binary uses a part

use std::path::Path;

/// A server function: its path and whether it is read with `GET` (`GetUrl`) or posted (form or JSON).
#[derive(Debug)]
pub struct ServerFn {
    pub path: String,
    pub get: bool,
    pub json: bool,
    /// Takes no required argument, so it may take whatever form body it is sent as "none given".
    pub no_args: bool,
}

pub fn server_fns(root: &Path) -> Vec<ServerFn> {
    let dir = root.join("app/src/server_fns");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("app/src/server_fns") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
        for chunk in text.split("#[server(").skip(1) {
            let end = chunk.find(")]").expect("attribute ends");
            let attr = &chunk[..end];
            if attr.trim() == "flatten" {
                continue; // `#[server(flatten)]` on an argument
            }
            let field = |name: &str| {
                attr.split(',')
                    .map(str::trim)
                    .find_map(|kv| kv.strip_prefix(name)?.trim().strip_prefix('='))
                    .map(str::trim)
            };
            let prefix = field("prefix").expect("prefix").trim_matches('"');
            let endpoint = field("endpoint").expect("endpoint").trim_matches('"');
            let input = field("input").unwrap_or("PostUrl");
            // The signature's arguments: `fn name(` up to `)` (a `#[server(flatten)]` argument ends the chunk).
            let sig = &chunk[end..];
            let args = sig.find("fn ").and_then(|f| sig[f..].find('(').map(|o| &sig[f + o + 1..])).expect("fn");
            out.push(ServerFn {
                path: format!("{prefix}/{endpoint}"),
                get: input.ends_with("GetUrl"),
                json: input.ends_with("Json"),
                no_args: args.find(')').is_some_and(|close| {
                    args[..close]
                        .split(',')
                        .filter_map(|a| a.split_once(':'))
                        .all(|(_, ty)| ty.trim().starts_with("Option<"))
                }),
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// `(method, path)` of every `.route(…)` in the router, `{param}`s filled with `x`.
pub fn router_routes(root: &Path) -> Vec<(&'static str, String)> {
    let text = std::fs::read_to_string(root.join("server/src/router.rs")).expect("router.rs");
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| l.starts_with(".route(\"")) {
        let path = line[".route(\"".len()..].split('"').next().expect("path");
        let method = if line.contains("post(") { "POST" } else { "GET" };
        let filled: Vec<&str> = path.split('/').map(|seg| if seg.starts_with('{') { "x" } else { seg }).collect();
        out.push((method, filled.join("/")));
    }
    out
}

/// The pages' paths from app/src/app.rs (`:id` filled with `id`).
pub fn pages(root: &Path, id: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root.join("app/src/app.rs")).expect("app.rs");
    text.split("path!(\"").skip(1).map(|s| s.split('"').next().expect("path").replace(":id", id)).collect()
}
