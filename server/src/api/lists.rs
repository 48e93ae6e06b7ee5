//! `GET /api/nearest?service=a&service=b`: a repeated `service=` or `kind=` means all of them, as `a,b` does.
//! The server function reads each parameter as one string, so repeated ones are folded into one
//! comma-separated value here, before it (a plain HTML form's checkboxes send them repeated).

use axum::extract::Request;
use axum::http::Uri;
use axum::middleware::Next;
use axum::response::Response;

const LISTS: [&str; 2] = ["kind", "service"];

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

pub async fn fold_repeated(mut req: Request, next: Next) -> Response {
    if req.uri().path() == "/api/nearest"
        && let Some(query) = req.uri().query().and_then(folded)
        && let Ok(uri) = format!("{}?{query}", req.uri().path()).parse::<Uri>()
    {
        *req.uri_mut() = uri;
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::folded;

    #[test]
    fn repeated_lists_become_one_value() {
        assert_eq!(folded("lat=1&lng=2&service=meals"), None, "nothing to fold");
        let q = folded("lat=1&service=day_care&lng=2&service=meals&kind=a&kind=b").expect("folded");
        assert_eq!(q, "lat=1&lng=2&kind=a%2Cb&service=day_care%2Cmeals");
    }
}
