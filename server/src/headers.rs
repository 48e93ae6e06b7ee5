//! Response headers every answer carries: no MIME sniffing, no full URLs (which hold a family's
//! search point) sent to other sites, no framing by other sites, HSTS when served over HTTPS, and a
//! Content-Security-Policy.
//!
//! Pages get a strict policy with a fresh nonce per response: the shell's inline `<style>`, its
//! `<script>`s and Leptos's own inline scripts carry the nonce (Leptos's `nonce` feature; the
//! rendering context is given this middleware's nonce, see [`provide_request_nonce`]), so no other
//! inline script can run. Other answers (JSON, assets, the service worker) keep only the framing
//! directive: a policy on a script file would also bind what that script may fetch (the service
//! worker's own policy governs its fetches), and JSON is never rendered.

use std::sync::Arc;

use app::model::Tiles;
use app::ssr::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use leptos::nonce::Nonce;

/// The nonce of the page being answered: put in the request by [`security_headers`], read by the
/// rendering context ([`provide_request_nonce`]) and written into the page's policy.
#[derive(Clone, Debug)]
pub struct CspNonce(pub Nonce);

/// For the rendering context: make `leptos::nonce::use_nonce()` return this request's nonce (the one
/// the policy names) instead of the one leptos_axum makes up. Without a request (static files), nothing.
pub fn provide_request_nonce() {
    if let Some(nonce) = leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned())
    {
        leptos::prelude::provide_context(nonce.0);
    }
}

/// The policy of an HTML page whose inline scripts and styles carry `nonce`.
pub fn page_policy(nonce: &str, tiles: Option<&Tiles>) -> String {
    let mut images = String::from("'self' data:");
    for origin in tiles.map(tile_origins).unwrap_or_default() {
        images.push(' ');
        images.push_str(&origin);
    }
    [
        // Anything not named below: only from CareMap itself.
        "default-src 'self'".to_string(),
        // Scripts: our files (/pkg/…, the bundles, Leaflet) and inline scripts with this response's
        // nonce; no 'unsafe-inline', no 'unsafe-eval'. 'wasm-unsafe-eval' lets the browser compile
        // our WebAssembly (it allows WebAssembly compilation only, not eval()).
        format!("script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"),
        // Style sheets: ours (Leaflet's CSS) and the shell's inline <style> with the nonce.
        format!("style-src 'self' 'nonce-{nonce}'"),
        // style="" attributes and CSSOM writes (Leaflet positions tiles and markers with them) can't
        // carry a nonce; allowing them is not script execution.
        "style-src-attr 'unsafe-inline'".to_string(),
        // Images: ours, data: URIs (Leaflet's CSS), and the configured map tiles' hosts.
        format!("img-src {images}"),
        // fetch / server functions and the live EventSource (/api/live): same origin only.
        "connect-src 'self'".to_string(),
        // The service worker (/sw.js) and the web app manifest.
        "worker-src 'self'".to_string(),
        "manifest-src 'self'".to_string(),
        // No <base> to redirect relative URLs, forms post only to us, no plugins.
        "base-uri 'none'".to_string(),
        "form-action 'self'".to_string(),
        "object-src 'none'".to_string(),
        // No other site may frame a page (clickjacking); X-Frame-Options says the same for old browsers.
        "frame-ancestors 'none'".to_string(),
    ]
    .join("; ")
}

/// `https://host` for every host the tile URL templates can name (`{s}` expanded over the subdomains).
pub fn tile_origins(tiles: &Tiles) -> Vec<String> {
    let mut origins = Vec::new();
    for url in &tiles.urls {
        let Some((scheme, rest)) = url.split_once("://") else { continue };
        let host = rest.split(['/', '?']).next().unwrap_or("");
        let hosts: Vec<String> = if host.contains("{s}") {
            tiles.subdomains.chars().map(|s| host.replace("{s}", &s.to_string())).collect()
        } else {
            vec![host.to_string()]
        };
        for h in hosts {
            let origin = format!("{scheme}://{h}");
            if !h.is_empty() && !h.contains(['{', '}', ' ', ';', '\'']) && !origins.contains(&origin) {
                origins.push(origin);
            }
        }
    }
    origins
}

pub async fn security_headers(State(state): State<Arc<AppState>>, mut req: Request, next: Next) -> Response {
    let nonce = Nonce::new();
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let h = res.headers_mut();
    h.entry(header::X_CONTENT_TYPE_OPTIONS).or_insert(HeaderValue::from_static("nosniff"));
    // Other sites (map tiles, navigation apps) learn only that a visitor came from CareMap.
    h.entry(header::REFERRER_POLICY).or_insert(HeaderValue::from_static("strict-origin-when-cross-origin"));
    let policy = if is_html {
        HeaderValue::from_str(&page_policy(&nonce, state.settings.tiles.as_ref()))
            .unwrap_or(HeaderValue::from_static("frame-ancestors 'none'"))
    } else {
        HeaderValue::from_static("frame-ancestors 'none'")
    };
    h.entry(header::CONTENT_SECURITY_POLICY).or_insert(policy);
    h.entry(header::X_FRAME_OPTIONS).or_insert(HeaderValue::from_static("DENY"));
    if state.settings.secure_cookies {
        h.entry(header::STRICT_TRANSPORT_SECURITY).or_insert(HeaderValue::from_static("max-age=31536000"));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tile_hosts_are_allowed_images() {
        let tdt = app::tiles::Provider::Tianditu.tiles(Some("KEY")).expect("tianditu tiles");
        let origins = tile_origins(&tdt);
        assert_eq!(origins.len(), 8);
        assert!(origins.contains(&"https://t0.tianditu.gov.cn".to_string()));
        let amap = app::tiles::Provider::Amap.tiles(None).expect("amap tiles");
        assert_eq!(tile_origins(&amap)[0], "https://webrd01.is.autonavi.com");
        let osm = app::tiles::Provider::Osm.tiles(None).expect("osm tiles");
        let policy = page_policy("abc", Some(&osm));
        assert!(policy.contains("img-src 'self' data: https://tile.openstreetmap.org;"));
        assert!(policy.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(!policy.contains("'unsafe-eval'") && !policy.contains("script-src 'unsafe-inline'"));
    }
}
