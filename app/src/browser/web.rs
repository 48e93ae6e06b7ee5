//! Browser APIs the islands use. Each has a twin in `server.rs` that does nothing.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::model::LiveUpdate;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// Ask for the device's position once (WGS-84, as the Geolocation API gives it).
pub fn current_position(on_ok: impl FnOnce(f64, f64) + 'static, on_err: impl FnOnce(String) + 'static) {
    let Some(geo) = window().and_then(|w| w.navigator().geolocation().ok()) else {
        on_err("no geolocation".into());
        return;
    };
    let ok = Closure::once_into_js(move |pos: web_sys::Position| {
        let c = pos.coords();
        on_ok(c.latitude(), c.longitude());
    });
    let err = Closure::once_into_js(move |e: web_sys::PositionError| on_err(e.message()));
    let options = web_sys::PositionOptions::new();
    options.set_enable_high_accuracy(true);
    options.set_timeout(15_000);
    options.set_maximum_age(60_000);
    let _ = geo.get_current_position_with_error_callback_and_options(
        ok.unchecked_ref(),
        Some(err.unchecked_ref()),
        &options,
    );
}

pub fn go_to(url: &str) {
    if let Some(w) = window() {
        let _ = w.location().assign(url);
    }
}

/// The page's language, from `<html lang>` (set on the server from the visitor's preferences).
pub fn page_locale() -> Option<crate::i18n::Locale> {
    let lang = window()?.document()?.document_element()?.get_attribute("lang")?;
    Some(if lang.starts_with("en") { crate::i18n::Locale::en } else { crate::i18n::Locale::zh })
}

pub fn reload() {
    if let Some(w) = window() {
        let _ = w.location().reload();
    }
}

/// The named fields of a form as (name, value) pairs, as the browser would submit them.
pub fn form_fields(form_id: &str) -> Vec<(String, String)> {
    let Some(form) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(form_id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return Vec::new();
    };
    let Ok(data) = web_sys::FormData::new_with_form(&form) else { return Vec::new() };
    let Ok(Some(entries)) = js_sys::try_iter(&data) else { return Vec::new() };
    entries
        .filter_map(Result::ok)
        .filter_map(|pair| {
            let pair: js_sys::Array = pair.dyn_into().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

type Listeners = HashMap<String, Vec<Rc<dyn Fn(LiveUpdate)>>>;

thread_local! {
    static LIVE: RefCell<Option<(web_sys::EventSource, Rc<RefCell<Listeners>>)>> = const { RefCell::new(None) };
}

/// Call `on_update` for every live change to `facility_id`. One connection serves the whole page:
/// it is opened on the first call, for every facility the page marks with `data-live-id`.
pub fn on_live(facility_id: &str, on_update: impl Fn(LiveUpdate) + 'static) {
    LIVE.with(|live| {
        let mut live = live.borrow_mut();
        if live.is_none() {
            let ids: Vec<String> = window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector_all("[data-live-id]").ok())
                .map(|nodes| {
                    (0..nodes.length())
                        .filter_map(|i| {
                            nodes.item(i)?.dyn_into::<web_sys::Element>().ok()?.get_attribute("data-live-id")
                        })
                        .collect()
                })
                .unwrap_or_default();
            let mut ids: Vec<String> = ids.into_iter().chain([facility_id.to_string()]).collect();
            ids.sort();
            ids.dedup();
            let url = format!("/api/live?ids={}", crate::url_query::url_encode(&ids.join(",")));
            let Ok(source) = web_sys::EventSource::new(&url) else { return };
            let listeners: Rc<RefCell<Listeners>> = Rc::default();
            let routed = listeners.clone();
            let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let Some(text) = e.data().as_string() else { return };
                let Ok(update) = serde_json::from_str::<LiveUpdate>(&text) else { return };
                let targets = routed.borrow().get(&update.facility_id).cloned().unwrap_or_default();
                for f in targets {
                    f(update.clone());
                }
            });
            source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            // The page lives as long as the connection: keep the handlers for good.
            on_message.forget();
            // `<html data-live="open">` once connected (tests wait for it; styles could too).
            let on_open = Closure::<dyn Fn()>::new(|| {
                if let Some(root) = window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
                    let _ = root.set_attribute("data-live", "open");
                }
            });
            source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
            on_open.forget();
            *live = Some((source, listeners));
        }
        if let Some((_, listeners)) = live.as_ref() {
            listeners.borrow_mut().entry(facility_id.to_string()).or_default().push(Rc::new(on_update));
        }
    });
}

fn storage() -> Option<web_sys::Storage> {
    window().and_then(|w| w.local_storage().ok().flatten())
}

pub fn load(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(key).ok().flatten())
}

pub fn save(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

/// Tell other islands on the page that something changed (e.g. the shortlist).
pub fn announce(event: &str) {
    if let (Some(w), Ok(e)) = (window(), web_sys::Event::new(event)) {
        let _ = w.dispatch_event(&e);
    }
}

/// Run `f` whenever `event` is announced, for as long as the page lives.
pub fn listen(event: &str, f: impl Fn() + 'static) {
    if let Some(w) = window() {
        let handler = Closure::<dyn Fn()>::new(f);
        let _ = w.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
        handler.forget();
    }
}

/// Share this site's `path` with the phone's share sheet, or copy the link when there is none.
/// `done(true)` if copied.
pub fn share(path: &str, title: &str, done: impl FnOnce(bool) + 'static) {
    let Some(w) = window() else { return };
    let url = format!("{}{path}", w.location().origin().unwrap_or_default());
    let url = url.as_str();
    let nav = w.navigator();
    let has_share = js_sys::Reflect::has(&nav, &JsValue::from_str("share")).unwrap_or(false);
    if has_share {
        let data = web_sys::ShareData::new();
        data.set_url(url);
        data.set_title(title);
        let _ = nav.share_with_data(&data);
        done(false);
    } else {
        let promise = nav.clipboard().write_text(url);
        wasm_bindgen_futures::spawn_local(async move {
            done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
        });
    }
}

pub fn print() {
    if let Some(w) = window() {
        let _ = w.print();
    }
}

// A dynamic `import()` from a tiny JS module that wasm-bindgen writes beside the glue (Trunk serves it
// under the bundle's `snippets/`): building the function from a string (`new Function`) is eval,
// which the pages' Content-Security-Policy forbids.
#[wasm_bindgen::prelude::wasm_bindgen(inline_js = "export function import_module(url) { return import(url); }")]
extern "C" {
    fn import_module(url: &str) -> js_sys::Promise;
}

/// Load `/pkg/map.js` (only now: the map's code is not part of the first load) and call its export
/// `function` (`open` for the results map, `place` for setting a facility's point) on the element with
/// `element_id`, passing `data` as JSON.
pub async fn open_map(function: &str, element_id: &str, data_json: &str) -> Result<(), String> {
    let el =
        window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(element_id)).ok_or("no map element")?;
    let module =
        wasm_bindgen_futures::JsFuture::from(import_module("/pkg/map.js")).await.map_err(|e| format!("{e:?}"))?;
    let open: js_sys::Function = js_sys::Reflect::get(&module, &JsValue::from_str(function))
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| format!("no {function}()"))?;
    let data = js_sys::JSON::parse(data_json).map_err(|e| format!("{e:?}"))?;
    let result = open.call2(&JsValue::NULL, &el, &data).map_err(|e| format!("{e:?}"))?;
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(result)).await.map_err(|e| format!("{e:?}"))?;
    Ok(())
}

/// Call `f(lat, lng)` on the map's `event` (`caremap:search-area`, `caremap:placed`), with the
/// coordinates as displayed.
pub fn on_map_point(element_id: &str, event: &str, f: impl Fn(f64, f64) + 'static) {
    let Some(el) = window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(element_id)) else { return };
    let handler = Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
        let detail = e.detail();
        let num = |k: &str| js_sys::Reflect::get(&detail, &JsValue::from_str(k)).ok().and_then(|v| v.as_f64());
        if let (Some(lat), Some(lng)) = (num("lat"), num("lng")) {
            f(lat, lng);
        }
    });
    let _ = el.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
    handler.forget();
}
