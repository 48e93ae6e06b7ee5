//! The `<head>` part that loads the islands bundle: our own loader (see `islands_loader.js`), which
//! hydrates in short slices instead of one long task.

use leptos::config::LeptosOptions;
use leptos::prelude::*;
use leptos::reactive::owner::Owner;

const LOADER: &str = include_str!("islands_loader.js");

#[component]
pub fn IslandsLoader(options: LeptosOptions) -> impl IntoView {
    // As Leptos's loader does in islands mode: only islands carry hydration markers.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let js = format!("/{}/{}.js", options.site_pkg_dir, options.output_name);
    let wasm = format!("/{}/{}_bg.wasm", options.site_pkg_dir, options.output_name);
    let script = format!("{}({js:?}, {wasm:?});", LOADER.trim_end().trim_end_matches(';'));
    view! {
        <link rel="modulepreload" href=js/>
        <link rel="preload" href=wasm r#as="fetch" r#type="application/wasm" crossorigin=""/>
        <script type="module" nonce=leptos::nonce::use_nonce()>{script}</script>
    }
}
