//! The server has no browser: these keep the components' event handlers compiling for SSR and are
//! never reached there (handlers and effects only run after hydration).

pub fn current_position(_on_ok: impl FnOnce(f64, f64) + 'static, _on_err: impl FnOnce(String) + 'static) {}
