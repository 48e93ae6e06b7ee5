//! Weekly opening hours in a small subset of OSM `opening_hours` syntax:
//! `24/7`, or `;`-separated rules such as `Mo-Fr 08:00-17:30; Sa,Su 09:00-12:00`.
//! Times are local (Asia/Shanghai); an empty string means "unknown".

use serde::{Deserialize, Serialize};

use crate::message::Message;
use crate::msg;

const DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
const DAYS_ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpeningRule {
    /// Bit 0 = Monday … bit 6 = Sunday.
    pub days: u8,
    pub open_min: u16,
    /// Exclusive; 1440 is midnight at the end of the day.
    pub close_min: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OpeningHours {
    pub rules: Vec<OpeningRule>,
    pub always: bool,
}

impl OpeningHours {
    pub fn always_open() -> Self {
        OpeningHours { rules: Vec::new(), always: true }
    }

    pub fn is_known(&self) -> bool {
        self.always || !self.rules.is_empty()
    }

    /// `weekday` 0 = Monday; `minute` of the local day.
    pub fn is_open_at(&self, weekday: u8, minute: u16) -> bool {
        self.always
            || self.rules.iter().any(|r| r.days & (1 << weekday) != 0 && r.open_min <= minute && minute < r.close_min)
    }

    pub fn parse(text: &str) -> Result<Self, Message> {
        let text = fold(text);
        let text = text.trim();
        if text.is_empty() {
            return Ok(OpeningHours::default());
        }
        if ALWAYS.contains(&text.split_whitespace().collect::<String>().as_str()) {
            return Ok(OpeningHours::always_open());
        }
        let mut rules = Vec::new();
        // A rule of times only (`8:00-12:00，14:00-17:30`) has the days of the rule before it.
        let mut last_days = None;
        for rule in text.split(';').map(str::trim).filter(|r| !r.is_empty()) {
            let (days, times) = split_rule(rule);
            if times.is_empty() {
                return Err(msg!(err_hours_rule, value = rule));
            }
            let days = match (days.is_empty(), last_days) {
                (false, _) => parse_days(days)?,
                (true, Some(d)) => d,
                (true, None) => return Err(msg!(err_hours_rule, value = rule)),
            };
            for range in times.split(',').map(str::trim).filter(|r| !r.is_empty()) {
                rules.push(parse_range(days, range)?);
            }
            last_days = Some(days);
        }
        Ok(OpeningHours { rules, always: false })
    }

    /// Human text in Chinese, e.g. `周一至周五 08:00–17:30`.
    pub fn describe_zh(&self) -> String {
        if self.always {
            return "全天24小时".into();
        }
        if self.rules.is_empty() {
            return "未提供".into();
        }
        self.rules
            .iter()
            .map(|r| format!("{} {}–{}", days_text(r.days, &DAYS_ZH, "至"), hhmm(r.open_min), hhmm(r.close_min)))
            .collect::<Vec<_>>()
            .join("；")
    }

    pub fn describe_en(&self) -> String {
        if self.always {
            return "Open 24 hours".into();
        }
        if self.rules.is_empty() {
            return "Not given".into();
        }
        let en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        self.rules
            .iter()
            .map(|r| format!("{} {}–{}", days_text(r.days, &en, "–"), hhmm(r.open_min), hhmm(r.close_min)))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Whole texts meaning "always open" (spaces removed).
const ALWAYS: [&str; 8] = ["24/7", "全天", "全天候", "24小时", "24小时营业", "全天24小时", "每天24小时", "全年无休"];

/// Characters read as a range's dash: a hyphen or dash of any width, a tilde, or 到 / 至.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '－' | '~' | '～' | '〜' | '到' | '至')
}

/// One spelling for what people type in many: full-width digits and colons, Chinese semicolons, commas
/// and line breaks between rules, the ideographic space; a comma after a time and before a day (`17:00, 周六`)
/// also separates rules (`Sa,Su` and `08:00-12:00,14:00-17:00` keep theirs).
fn fold(text: &str) -> String {
    let chars: Vec<char> = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '：' => ':',
            '；' | '，' | '\n' | '\r' => ';',
            '　' => ' ',
            c => c,
        })
        .collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let ends_time = |p: &char| p.is_ascii_digit() || matches!(p, '点' | '半' | '分' | '整' | '时');
        if c == ','
            && chars[..i].iter().rev().find(|c| !c.is_whitespace()).is_some_and(ends_time)
            && chars[i + 1..].iter().find(|c| !c.is_whitespace()).is_some_and(|n| !n.is_ascii_digit())
        {
            out.push(';');
        } else {
            out.push(c);
        }
    }
    out
}

/// A rule's days and its times: the times start at the first digit (or 全天).
fn split_rule(rule: &str) -> (&str, &str) {
    let digit = rule.find(|c: char| c.is_ascii_digit());
    let whole_day = rule.find("全天");
    let at = match (digit, whole_day) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b).unwrap_or(rule.len()),
    };
    (rule[..at].trim().trim_end_matches(':').trim_end(), rule[at..].trim())
}

/// The two sides of the first dash that is not the first character.
fn split_dash(text: &str) -> Option<(&str, &str)> {
    let (at, c) = text.char_indices().skip(1).find(|(_, c)| is_dash(*c))?;
    Some((&text[..at], &text[at + c.len_utf8()..]))
}

/// `Mo-Fr`, `Sa,Su`, `周一到周五`, `周一至五`, `周六、周日`, `工作日`, `周末`, `每天`.
fn parse_days(text: &str) -> Result<u8, Message> {
    let mut mask = 0u8;
    for item in text.split([',', '、', '/', '和']).map(str::trim).filter(|i| !i.is_empty()) {
        mask |= match item {
            "每天" | "每日" | "天天" | "全周" | "全年" => 0x7f,
            "工作日" => 0x1f,
            "周末" => 0x60,
            _ => match split_dash(item) {
                Some((a, b)) => {
                    let (a, b) = (day_index(a, false)?, day_index(b, true)?);
                    if a > b {
                        return Err(msg!(err_hours_days_backwards, value = item));
                    }
                    (a..=b).fold(0u8, |m, d| m | (1 << d))
                }
                None => 1 << day_index(item, false)?,
            },
        };
    }
    if mask == 0 {
        return Err(msg!(err_hours_day, value = text));
    }
    Ok(mask)
}

/// `Mo`, `周一`, `星期一`, `礼拜天`; after a dash also a bare `五` (`周一至五`).
fn day_index(d: &str, bare: bool) -> Result<u8, Message> {
    let d = d.trim();
    if let Some(i) = DAYS.iter().position(|x| *x == d) {
        return Ok(i as u8);
    }
    let name = ["周", "星期", "礼拜"].iter().find_map(|p| d.strip_prefix(p)).or(bare.then_some(d));
    match name {
        Some("一") => Ok(0),
        Some("二") => Ok(1),
        Some("三") => Ok(2),
        Some("四") => Ok(3),
        Some("五") => Ok(4),
        Some("六") => Ok(5),
        Some("日" | "天" | "七") => Ok(6),
        _ => Err(msg!(err_hours_day, value = d)),
    }
}

/// `08:00-17:30`, `8点-17点半`, `8:30—17:30`, `8:00至17:00`; `全天` / `24小时` is the whole day.
fn parse_range(days: u8, range: &str) -> Result<OpeningRule, Message> {
    if matches!(range, "全天" | "24小时") {
        return Ok(OpeningRule { days, open_min: 0, close_min: 24 * 60 });
    }
    let (open, close) = split_dash(range).ok_or_else(|| msg!(err_hours_times, value = range))?;
    let (open_min, close_min) = (minutes(open)?, minutes(close)?);
    if close_min <= open_min {
        return Err(msg!(err_hours_close_before_open, open = open.trim(), close = close.trim()));
    }
    Ok(OpeningRule { days, open_min, close_min })
}

/// `08:00`, `8:00`, `8点`, `8点半`, `8点30(分)`, `8时`.
fn minutes(t: &str) -> Result<u16, Message> {
    let t = t.trim();
    let bad = || msg!(err_hours_time, value = t);
    let (h, m) = match t.split_once(':') {
        Some((h, m)) => (h, m),
        None => {
            let (h, m) = t.split_once('点').or_else(|| t.split_once('时')).ok_or_else(bad)?;
            let m = m.strip_suffix('分').unwrap_or(m);
            (
                h,
                match m {
                    "" | "整" => "0",
                    "半" => "30",
                    m => m,
                },
            )
        }
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) {
        return Err(bad());
    }
    let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// One rule as the parser reads it (`Mo-Fr 08:00-17:30`), from a day mask and two `HH:MM` times; a
/// closing time of `00:00` is midnight at the end of the day. The manager's picker writes this.
pub fn rule_text(days: u8, open: &str, close: &str) -> String {
    let close = if close == "00:00" { "24:00" } else { close };
    format!("{} {open}-{close}", days_text(days, &DAYS, "-"))
}

/// `HH:MM` of a minute of the day (1440 is `24:00`).
pub fn hhmm(min: u16) -> String {
    format!("{:02}:{:02}", min / 60, min % 60)
}

/// Days as text: consecutive runs joined by `sep` (e.g. `Mo-Fr`), runs separated by commas.
fn days_text(mask: u8, names: &[&str; 7], sep: &str) -> String {
    let mut parts = Vec::new();
    let mut d = 0u8;
    while d < 7 {
        if mask & (1 << d) == 0 {
            d += 1;
            continue;
        }
        let start = d;
        while d + 1 < 7 && mask & (1 << (d + 1)) != 0 {
            d += 1;
        }
        parts.push(if start == d {
            names[start as usize].to_string()
        } else {
            format!("{}{sep}{}", names[start as usize], names[d as usize])
        });
        d += 1;
    }
    parts.join(",")
}

impl TryFrom<String> for OpeningHours {
    type Error = Message;
    fn try_from(s: String) -> Result<Self, Message> {
        OpeningHours::parse(&s)
    }
}

impl From<OpeningHours> for String {
    fn from(h: OpeningHours) -> String {
        h.to_string()
    }
}

impl std::fmt::Display for OpeningHours {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.always {
            return f.write_str("24/7");
        }
        let text = self
            .rules
            .iter()
            .map(|r| format!("{} {}-{}", days_text(r.days, &DAYS, "-"), hhmm(r.open_min), hhmm(r.close_min)))
            .collect::<Vec<_>>()
            .join("; ");
        f.write_str(&text)
    }
}

#[cfg(test)]
mod tests;
