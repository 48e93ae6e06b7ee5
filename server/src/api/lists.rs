//! `GET /api/nearest?service=a&service=b`: a repeated `service=`, `kind=` or `fields=` means all of them, as
//! `a,b` does (a plain HTML form's checkboxes send them repeated). The request is read with the server
//! function's codec, which takes each parameter as one string, so repeated ones are folded into one
//! comma-separated value first ([`fold`], called by the handler in `api/nearest.rs`).

use axum::extract::Request;
use axum::http::Uri;

const LISTS: [&str; 3] = ["kind", "service", "fields"];

fn folded(query: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    if !LISTS.iter().any(|list| pairs.iter().filter(|(k, _)| k == list).count() > 1) {
        return None;
    }
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs.iter().filter(|(k, _)| !LISTS.contains(&k.as_str())) {
        out.append_pair(k, v);
    }
    for list in LISTS {
        let values: Vec<&str> =
            pairs.iter().filter(|(k, v)| k == list && !v.is_empty()).map(|(_, v)| v.as_str()).collect();
        if !values.is_empty() {
            out.append_pair(list, &values.join(","));
        }
    }
    Some(out.finish())
}

/// Rewrite the request's query so that each repeated list parameter is one comma-separated value; a
/// query without repeated lists is left as it is (the common case costs a scan, no allocation).
pub fn fold(req: &mut Request) {
    let Some(query) = req.uri().query() else { return };
    if !might_repeat(query) {
        return;
    }
    if let Some(query) = folded(query)
        && let Ok(uri) = format!("{}?{query}", req.uri().path()).parse::<Uri>()
    {
        *req.uri_mut() = uri;
    }
}

/// False only when no list parameter is repeated: without percent-encoding (`%6Bind` is a `kind` too) the raw
/// names are the decoded ones, so counting them needs no allocation. True with a `%` may be a false alarm,
/// which [`folded`] settles.
fn might_repeat(query: &str) -> bool {
    if query.contains('%') {
        return true;
    }
    let mut seen = [0u8; LISTS.len()];
    for name in query.split('&').map(|pair| pair.split('=').next().unwrap_or("")) {
        if let Some(i) = LISTS.iter().position(|list| *list == name) {
            seen[i] += 1;
            if seen[i] > 1 {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{folded, might_repeat};

    #[test]
    fn repeated_lists_become_one_value() {
        assert_eq!(folded("lat=1&lng=2&service=meals"), None, "nothing to fold");
        let q = folded("lat=1&service=day_care&lng=2&service=meals&kind=a&kind=b").expect("folded");
        assert_eq!(q, "lat=1&lng=2&kind=a%2Cb&service=day_care%2Cmeals");
        let q = folded("lat=1&fields=id&fields=name,lat&fields=").expect("folded");
        assert_eq!(q, "lat=1&fields=id%2Cname%2Clat");
    }

    #[test]
    fn the_quick_check_never_misses_a_repeat() {
        for q in [
            "kind=a&kind=b",
            "service=a&x=1&service=b",
            "fields=id&fields=name",
            "%6Bind=a&kind=b",
            "kind&kind=a",
            "kind=&service=a&kind=",
            "lat=1&lng=2&kind=kindergarten&kind=nursery",
        ] {
            assert!(folded(q).is_some(), "{q} has a repeat");
            assert!(might_repeat(q), "{q}");
        }
        for q in
            ["lat=1&lng=2&kind=kindergarten&limit=10&available=true", "service=meals&kind=a&fields=id", "x=kind&kind=1"]
        {
            assert!(folded(q).is_none(), "{q} has none");
            assert!(!might_repeat(q), "{q}");
        }
    }
}
