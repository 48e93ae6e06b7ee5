//! A user-facing message: a key of the one catalogue (`app/locales/*.json`, the same keys the pages use)
//! with its `{name}` arguments, rendered in the visitor's language where it is shown or sent — the page's
//! [`Prefs`](crate::prefs::Prefs), or for an API answer the request's language ([`current_locale`]). An
//! answer read back in the browser carries its text already rendered (and its key as `code`).
//!
//! `msg!(err_lat_range, min = -90, max = 90)` checks the key at compile time (as `td_string!` does) and
//! keeps only a function pointer to its translations: code shared with the browser pulls in just the
//! messages it can produce.

use std::borrow::Cow;

use crate::i18n::Locale;

#[doc(hidden)]
pub use leptos_i18n as __i18n;

/// A message of the catalogue, or a text already rendered.
#[derive(Clone)]
pub struct Message {
    code: Cow<'static, str>,
    body: Body,
}

#[derive(Clone)]
enum Body {
    Key { template: fn(Locale) -> &'static str, args: Vec<(&'static str, Arg)> },
    Text(String),
}

/// One blank's value: plain text (a number, an id, a date as written), or a message of its own rendered
/// in the same language (a state's name).
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Text(String),
    Msg(Message),
}

impl From<Message> for Arg {
    fn from(m: Message) -> Self {
        Arg::Msg(m)
    }
}

macro_rules! arg_from_display {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(v: $t) -> Self {
                Arg::Text(v.to_string())
            }
        }
    )*};
}
arg_from_display!(String, &str, &String, char, i32, i64, u8, u16, u32, u64, usize, f64, f32);

impl From<&&str> for Arg {
    fn from(v: &&str) -> Self {
        Arg::Text((*v).to_string())
    }
}

/// A catalogue message with its blanks: `msg!(err_required)`, `msg!(err_lat_range, value = lat)`.
#[macro_export]
macro_rules! msg {
    ($key:ident $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::message::Message::key(
            stringify!($key),
            |l| $crate::message::__i18n::td_string!(l, $key),
            vec![$((stringify!($name), $crate::message::Arg::from($value))),*],
        )
    };
}

impl Message {
    #[doc(hidden)]
    pub fn key(code: &'static str, template: fn(Locale) -> &'static str, args: Vec<(&'static str, Arg)>) -> Self {
        Message { code: Cow::Borrowed(code), body: Body::Key { template, args } }
    }

    /// A text rendered elsewhere (an answer read back in the browser): shown as it is.
    pub fn rendered(code: impl Into<String>, text: impl Into<String>) -> Self {
        Message { code: Cow::Owned(code.into()), body: Body::Text(text.into()) }
    }

    /// The stable key (the catalogue's), sent as `code`.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The message in `l`.
    pub fn render(&self, l: Locale) -> String {
        match &self.body {
            Body::Text(t) => t.clone(),
            Body::Key { template, args } => {
                let values: Vec<(&str, Cow<str>)> = args
                    .iter()
                    .map(|(name, value)| match value {
                        Arg::Text(t) => (*name, Cow::Borrowed(t.as_str())),
                        Arg::Msg(m) => (*name, Cow::Owned(m.render(l))),
                    })
                    .collect();
                let blanks: Vec<(&str, &dyn std::fmt::Display)> =
                    values.iter().map(|(name, value)| (*name, value as &dyn std::fmt::Display)).collect();
                crate::text::fill(template(l), &blanks)
            }
        }
    }
}

impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.body {
            Body::Key { args, .. } => f.debug_struct("Message").field("code", &self.code).field("args", args).finish(),
            Body::Text(t) => f.debug_struct("Message").field("code", &self.code).field("text", t).finish(),
        }
    }
}

/// Two messages are the same when they say the same thing: same key and blanks, or same text.
impl PartialEq for Message {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
            && match (&self.body, &other.body) {
                (Body::Key { args: a, .. }, Body::Key { args: b, .. }) => a == b,
                (Body::Text(a), Body::Text(b)) => a == b,
                _ => self.render(Locale::zh) == other.render(Locale::zh),
            }
    }
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(current_locale()))
    }
}

#[cfg(feature = "ssr")]
tokio::task_local! {
    /// The language of the request being answered, set for each request by the server's outermost layer.
    pub static REQUEST_LOCALE: Locale;
}

/// The language to answer in: on the server, the request's (its `lang` cookie, else `Accept-Language`,
/// else zh — [`Prefs::from_headers`](crate::prefs::Prefs::from_headers)), from the layer that set it for
/// the request or from the rendering context; in the browser, the page's `<html lang>`.
pub fn current_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        if let Ok(l) = REQUEST_LOCALE.try_with(|l| *l) {
            return l;
        }
        if let Some(p) = use_context::<crate::prefs::Prefs>() {
            return p.locale;
        }
        if let Some(parts) = use_context::<http::request::Parts>() {
            return crate::prefs::Prefs::from_headers(
                parts.headers.get(http::header::COOKIE).and_then(|v| v.to_str().ok()),
                parts.headers.get(http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()),
            )
            .locale;
        }
        Locale::default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        crate::browser::page_locale().unwrap_or_default()
    }
}
impl std::error::Error for Message {}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue(lang: &str) -> serde_json::Map<String, serde_json::Value> {
        let path = format!("{}/locales/{lang}.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("a locale file");
        serde_json::from_str(&text).expect("a JSON object")
    }

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// Text outside `{blanks}`, quotes and backticks (values and code, quoted as they were given).
    fn prose(s: &str) -> String {
        let mut out = String::new();
        let mut closing: Option<char> = None;
        for c in s.chars() {
            match closing {
                Some(end) if c == end => closing = None,
                Some(_) => {}
                None => match c {
                    '{' => closing = Some('}'),
                    '“' => closing = Some('”'),
                    '`' => closing = Some('`'),
                    '"' => closing = Some('"'),
                    _ => out.push(c),
                },
            }
        }
        out
    }

    /// An English phrase: three words of Latin letters in a row.
    fn has_english_phrase(s: &str) -> bool {
        s.split(|c: char| !(c.is_ascii_alphabetic() || c == ' '))
            .any(|run| run.split(' ').filter(|w| w.len() >= 2).count() >= 3)
    }

    #[test]
    fn every_message_is_in_one_language() {
        let (zh, en) = (catalogue("zh"), catalogue("en"));
        let mut bad = Vec::new();
        for (key, value) in zh.iter().filter(|(k, _)| k.starts_with("err_")) {
            let (zh_text, en_text) = (value.as_str().unwrap_or(""), en[key].as_str().unwrap_or(""));
            if has_english_phrase(&prose(zh_text)) {
                bad.push(format!("zh {key}: {zh_text}"));
            }
            if has_cjk(&prose(en_text)) {
                bad.push(format!("en {key}: {en_text}"));
            }
        }
        assert!(bad.is_empty(), "messages in two languages:\n{}", bad.join("\n"));
    }

    /// No "中文 (english)" string left in the code: a Chinese literal never carries its English in brackets.
    #[test]
    fn no_bilingual_literals_in_the_code() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut bad = Vec::new();
        let mut dirs = vec![root.join("src"), root.join("../server/src")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("a source folder").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for (n, line) in text.lines().enumerate() {
                    let code = line.trim_start();
                    if code.starts_with("//") {
                        continue;
                    }
                    // A Chinese text followed by an English phrase in brackets, within one literal.
                    for literal in code.split('"').skip(1).step_by(2) {
                        if let Some(open) = literal.find(" (")
                            && has_cjk(&literal[..open])
                            && has_english_phrase(&literal[open..])
                        {
                            bad.push(format!("{}:{}: {literal}", path.display(), n + 1));
                        }
                    }
                }
            }
        }
        assert!(bad.is_empty(), "bilingual literals:\n{}", bad.join("\n"));
    }

    #[test]
    fn renders_in_each_language_with_its_blanks() {
        let m = msg!(err_dates_order, from = "2027-08-10", to = "2027-07-15");
        assert_eq!(m.code(), "err_dates_order");
        let (zh, en) = (m.render(Locale::zh), m.render(Locale::en));
        assert!(zh.contains("2027-07-15") && zh.contains("2027-08-10") && has_cjk(&zh), "{zh}");
        assert!(en.contains("is before") && !has_cjk(&en), "{en}");
        // A blank that is itself a message is rendered in the same language.
        let nested = msg!(err_item_state, state = msg!(state_resolved));
        assert!(has_cjk(&nested.render(Locale::zh)) && !has_cjk(&nested.render(Locale::en)));
        assert_eq!(Message::rendered("x", "as sent").render(Locale::en), "as sent");
    }

    #[test]
    fn the_request_language_wins_where_set() {
        let m = msg!(err_required);
        assert_eq!(m.to_string(), m.render(Locale::zh), "zh by default");
        let en = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime")
            .block_on(REQUEST_LOCALE.scope(Locale::en, async move { m.to_string() }));
        assert_eq!(en, msg!(err_required).render(Locale::en));
    }
}
