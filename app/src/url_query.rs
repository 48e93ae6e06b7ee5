//! Query strings for the links CareMap builds (search pages, filters kept across links).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986's unreserved characters (`A–Z a–z 0–9 - _ . ~`) is percent-encoded.
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Percent-encode everything but RFC 3986 unreserved characters (a space is `%20`, never `+`).
pub fn url_encode(s: &str) -> String {
    utf8_percent_encode(s, NOT_UNRESERVED).to_string()
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

    #[test]
    fn unreserved_characters_stay_and_the_rest_is_encoded() {
        assert_eq!(super::url_encode("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(super::url_encode("a b+c&d=e/f?g#h%*!'()"), "a%20b%2Bc%26d%3De%2Ff%3Fg%23h%25%2A%21%27%28%29");
        assert_eq!(super::url_encode("二七"), "%E4%BA%8C%E4%B8%83");
    }
}
