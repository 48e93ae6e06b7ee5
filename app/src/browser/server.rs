//! The server has no browser: these keep the components' event handlers compiling for SSR and are
//! never reached there (handlers and effects only run after hydration).

pub fn current_position(_on_ok: impl FnOnce(f64, f64) + 'static, _on_err: impl FnOnce(String) + 'static) {}

/// Stands in for the browser's live subscription; there is none on the server.
pub struct LiveSubscription;

pub fn subscribe_live(
    _ids: &[String],
    _on_update: impl Fn(crate::model::LiveUpdate) + 'static,
) -> Option<LiveSubscription> {
    None
}

pub fn mark_hydrated() {}
