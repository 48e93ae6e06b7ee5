//! Which page loads which browser bundle: the one table. Everything else follows from it or is checked
//! against it by the tests below — the HTML shell picks a page's bundle here (`app.rs`), the router serves
//! each bundle's directory (`server/src/router.rs`), `scripts/build-frontend` builds one Trunk entry per
//! `frontend/<dir>.html`, each entry names the `frontend` crate's feature of its bundle, and the service
//! worker precaches the home page's bundle. What islands a bundle holds is the islands' `cfg`s in
//! `islands/mod.rs` (by the `app` features the `frontend` features turn on); a page that shows an island
//! its bundle lacks logs an error in the browser, which fails the browser tests.
//!
//! To give a page its own bundle: a row here, `frontend/<dir>.html` (copy one, with the feature's name),
//! the feature in `frontend/Cargo.toml`, and the islands' `cfg`s. See docs/ARCHITECTURE.md.

/// The JS glue and the WASM file are `<OUTPUT_NAME>.js` and `<OUTPUT_NAME>_bg.wasm` in every bundle
/// (Trunk's `data-target-name`).
pub const OUTPUT_NAME: &str = "frontend";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bundle {
    /// The directory under the site root and the URL prefix it is served at; also the Trunk entry's name.
    pub dir: &'static str,
    /// The `frontend` crate's feature that builds it.
    pub feature: &'static str,
    /// The pages that load it: an exact path, or a prefix followed by `*`.
    pub pages: &'static [&'static str],
}

impl Bundle {
    pub fn js(&self) -> String {
        format!("/{}/{OUTPUT_NAME}.js", self.dir)
    }

    pub fn wasm(&self) -> String {
        format!("/{}/{OUTPUT_NAME}_bg.wasm", self.dir)
    }

    fn serves(&self, path: &str) -> bool {
        self.pages.iter().any(|p| match p.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            None => path == *p,
        })
    }
}

/// Every island: the pages no smaller bundle names (the managers' and the district's pages).
pub const FULL: Bundle = Bundle { dir: "pkg", feature: "full", pages: &[] };

/// The home page's: its first load stays small (only the location button and the shortlist bar).
pub const HOME: Bundle = Bundle { dir: "home-pkg", feature: "home", pages: &["/"] };

pub const BUNDLES: &[Bundle] = &[
    HOME,
    // Live figures and the map: hydration stays short on a phone.
    Bundle { dir: "search-pkg", feature: "search", pages: &["/search"] },
    // Live figures, share and report.
    Bundle { dir: "facility-pkg", feature: "facility", pages: &["/facility/*"] },
    FULL,
];

/// The bundle a page loads.
pub fn for_path(path: &str) -> &'static Bundle {
    BUNDLES.iter().find(|b| b.serves(path)).unwrap_or(&FULL)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn workspace_file(rel: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    #[test]
    fn pages_find_their_bundle() {
        assert_eq!(for_path("/").dir, "home-pkg");
        assert_eq!(for_path("/search").dir, "search-pkg");
        assert_eq!(for_path("/facility/dc-1").dir, "facility-pkg");
        for other in ["/manage", "/admin", "/operations", "/compare", "/searching", "/facility"] {
            assert_eq!(for_path(other), &FULL, "{other}");
        }
        assert_eq!(HOME.js(), "/home-pkg/frontend.js");
    }

    /// The Trunk entries are exactly the table's bundles, each building its own feature of the `frontend`
    /// crate into its own directory (scripts/build-frontend names the directory after the entry).
    #[test]
    fn trunk_entries_match_the_table() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend");
        let mut entries: Vec<String> = std::fs::read_dir(&dir)
            .expect("frontend/")
            .filter_map(|e| e.ok()?.file_name().into_string().ok()?.strip_suffix(".html").map(str::to_string))
            .collect();
        entries.sort();
        let mut dirs: Vec<String> = BUNDLES.iter().map(|b| b.dir.to_string()).collect();
        dirs.sort();
        assert_eq!(entries, dirs, "one frontend/<dir>.html per bundle");
        let cargo = workspace_file("frontend/Cargo.toml");
        for b in BUNDLES {
            let html = workspace_file(&format!("frontend/{}.html", b.dir));
            assert!(
                html.contains(&format!("data-cargo-features=\"{}\"", b.feature)),
                "{} builds `{}`",
                b.dir,
                b.feature
            );
            assert!(html.contains(&format!("data-target-name=\"{OUTPUT_NAME}\"")), "{}", b.dir);
            assert!(cargo.lines().any(|l| l.starts_with(&format!("{} = [", b.feature))), "feature `{}`", b.feature);
        }
        let trunk = workspace_file("Trunk.toml");
        assert!(
            trunk.contains(&format!("target = \"frontend/{}.html\"", FULL.dir)),
            "Trunk.toml builds the full bundle"
        );
    }

    /// The service worker keeps the home page's bundle for offline use, and treats every bundle's files as
    /// static assets (by the `…pkg/` naming the table keeps).
    #[test]
    fn the_service_worker_knows_the_bundles() {
        let sw = workspace_file("server/assets/sw.js");
        assert!(sw.contains(&format!("'{}'", HOME.js())) && sw.contains(&format!("'{}'", HOME.wasm())), "sw.js SHELL");
        for b in BUNDLES {
            assert!(b.dir == "pkg" || b.dir.ends_with("-pkg"), "{} matches sw.js's /^\\/([a-z]+-)?pkg\\//", b.dir);
            assert!(b.dir.bytes().all(|c| c.is_ascii_lowercase() || c == b'-'), "{}", b.dir);
        }
    }
}
