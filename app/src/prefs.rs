//! A visitor's preferences: language and elder mode. Chosen by cookie (set by `/settings`), else
//! the language comes from `Accept-Language`; zh-CN by default.

use leptos::prelude::use_context;

use crate::i18n::Locale;

pub const LANG_COOKIE: &str = "caremap_lang";
pub const ELDER_COOKIE: &str = "caremap_elder";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Prefs {
    pub locale: Locale,
    /// Large type, high contrast, big tap targets.
    pub elder: bool,
}

fn cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').filter_map(|c| c.trim().split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v.trim())
}

fn locale_from_accept_language(header: &str) -> Option<Locale> {
    let mut langs: Vec<(f32, &str)> = header
        .split(',')
        .filter_map(|part| {
            let mut bits = part.trim().split(';');
            let tag = bits.next()?.trim();
            let q = bits.find_map(|b| b.trim().strip_prefix("q=")).and_then(|q| q.parse().ok()).unwrap_or(1.0);
            Some((q, tag))
        })
        .collect();
    langs.sort_by(|a, b| b.0.total_cmp(&a.0));
    langs.into_iter().find_map(|(_, tag)| {
        let tag = tag.to_ascii_lowercase();
        if tag.starts_with("zh") {
            Some(Locale::zh)
        } else if tag.starts_with("en") {
            Some(Locale::en)
        } else {
            None
        }
    })
}

impl Prefs {
    pub fn from_headers(cookie_header: Option<&str>, accept_language: Option<&str>) -> Prefs {
        let cookies = cookie_header.unwrap_or("");
        let locale = match cookie(cookies, LANG_COOKIE) {
            Some("en") => Locale::en,
            Some("zh") => Locale::zh,
            _ => accept_language.and_then(locale_from_accept_language).unwrap_or_default(),
        };
        Prefs { locale, elder: cookie(cookies, ELDER_COOKIE) == Some("1") }
    }

    pub fn html_lang(self) -> &'static str {
        match self.locale {
            Locale::zh => "zh-CN",
            Locale::en => "en",
        }
    }
}

/// The preferences of the page being rendered.
pub fn prefs() -> Prefs {
    use_context::<Prefs>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_beats_accept_language_which_beats_the_default() {
        assert_eq!(Prefs::from_headers(None, None), Prefs { locale: Locale::zh, elder: false });
        assert_eq!(Prefs::from_headers(None, Some("en-GB,en;q=0.9")).locale, Locale::en);
        assert_eq!(Prefs::from_headers(None, Some("fr-FR, en;q=0.5, zh-CN;q=0.8")).locale, Locale::zh);
        assert_eq!(Prefs::from_headers(None, Some("fr, de")).locale, Locale::zh);
        assert_eq!(Prefs::from_headers(Some("a=b; caremap_lang=zh"), Some("en")).locale, Locale::zh);
        let p = Prefs::from_headers(Some("caremap_elder=1; caremap_lang=en"), None);
        assert!(p.elder && p.locale == Locale::en);
        assert_eq!(p.html_lang(), "en");
    }
}
