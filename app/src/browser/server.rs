//! The server has no browser: these twins keep the islands compiling for server rendering and are
//! never reached there (event handlers and effects run only in the browser).

use crate::model::LiveUpdate;

pub fn current_position(_on_ok: impl FnOnce(f64, f64) + 'static, _on_err: impl FnOnce(String) + 'static) {}
pub fn go_to(_url: &str) {}
pub fn reload() {}
pub fn form_fields(_form_id: &str) -> Vec<(String, String)> {
    Vec::new()
}
pub fn on_live(_facility_id: &str, _on_update: impl Fn(LiveUpdate) + 'static) {}
pub fn load(_key: &str) -> Option<String> {
    None
}
pub fn save(_key: &str, _value: &str) {}
pub fn announce(_event: &str) {}
pub fn listen(_event: &str, _f: impl Fn() + 'static) {}
pub fn share(_path: &str, _title: &str, _done: impl FnOnce(bool) + 'static) {}
pub fn print() {}
pub async fn open_map(_function: &str, _element_id: &str, _data_json: &str) -> Result<(), String> {
    Ok(())
}
pub fn on_map_point(_element_id: &str, _event: &str, _f: impl Fn(f64, f64) + 'static) {}

pub fn page_locale() -> Option<crate::i18n::Locale> {
    None
}
