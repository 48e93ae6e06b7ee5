//! Browser APIs used by the components.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Ask for the device's position once (WGS-84, as the Geolocation API gives it).
pub fn current_position(on_ok: impl FnOnce(f64, f64) + 'static, on_err: impl FnOnce(String) + 'static) {
    let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
        on_err("此浏览器不支持定位".into());
        return;
    };
    let ok = Closure::once_into_js(move |pos: web_sys::Position| {
        let c = pos.coords();
        on_ok(c.latitude(), c.longitude());
    });
    let err = Closure::once_into_js(move |e: web_sys::PositionError| {
        on_err(match e.code() {
            web_sys::PositionError::PERMISSION_DENIED => "未获得定位权限".into(),
            web_sys::PositionError::TIMEOUT => "定位超时".into(),
            _ => "暂时无法定位".into(),
        });
    });
    let options = web_sys::PositionOptions::new();
    options.set_enable_high_accuracy(true);
    options.set_timeout(15_000);
    options.set_maximum_age(60_000);
    if geo
        .get_current_position_with_error_callback_and_options(ok.unchecked_ref(), Some(err.unchecked_ref()), &options)
        .is_err()
    {
        web_sys::console::warn_1(&"geolocation request failed".into());
    }
}

/// An open `EventSource` on `/api/live`; closed when dropped.
pub struct LiveSubscription {
    source: web_sys::EventSource,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl Drop for LiveSubscription {
    fn drop(&mut self) {
        self.source.close();
    }
}

/// Follow live changes to the facilities `ids` (EventSource reconnects by itself after a drop).
pub fn subscribe_live(
    ids: &[String],
    on_update: impl Fn(crate::model::LiveUpdate) + 'static,
) -> Option<LiveSubscription> {
    if ids.is_empty() {
        return None;
    }
    let url = format!("/api/live?ids={}", crate::format::url_encode(&ids.join(",")));
    let source = web_sys::EventSource::new(&url).ok()?;
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        if let Some(text) = e.data().as_string() {
            match serde_json::from_str(&text) {
                Ok(update) => on_update(update),
                Err(err) => web_sys::console::warn_1(&format!("live update not understood: {err}").into()),
            }
        }
    });
    source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    Some(LiveSubscription { source, _on_message: on_message })
}

/// Mark the document as hydrated (tests and styles can wait for it).
pub fn mark_hydrated() {
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
