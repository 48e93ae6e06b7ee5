//! The small bundles' browser entry point: the home page's islands (location button, shortlist bar),
//! and with the `search` feature the search page's (live figures, the map) as well.

// Nothing here names an island, but each one is exported from `app` for the page's loader to call:
// link the crate in explicitly so those exports are kept.
extern crate app;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
