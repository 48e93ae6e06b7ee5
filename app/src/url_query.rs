//! Query strings for the links CareMap builds (search pages, filters kept across links).

/// Percent-encode everything but RFC 3986 unreserved characters.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `?a=1&b=x%20y` from pairs, skipping empty values; empty string when nothing is left.
pub fn query_string<'a>(pairs: impl IntoIterator<Item = (&'a str, Option<&'a str>)>) -> String {
    let parts: Vec<String> = pairs
        .into_iter()
        .filter_map(|(k, v)| v.filter(|v| !v.is_empty()).map(|v| format!("{k}={}", url_encode(v))))
        .collect();
    if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_strings() {
        assert_eq!(
            super::query_string([("a", Some("1")), ("b", None), ("c", Some("")), ("d", Some("x,y z"))]),
            "?a=1&d=x%2Cy%20z"
        );
        assert_eq!(super::query_string([("a", None)]), "");
    }
}
