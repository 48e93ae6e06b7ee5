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
