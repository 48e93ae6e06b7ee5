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
        let text = text.trim();
        if text.is_empty() {
            return Ok(OpeningHours::default());
        }
        if text == "24/7" {
            return Ok(OpeningHours::always_open());
        }
        let rules =
            text.split(';').map(str::trim).filter(|r| !r.is_empty()).map(parse_rule).collect::<Result<Vec<_>, _>>()?;
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

fn parse_rule(rule: &str) -> Result<OpeningRule, Message> {
    let (days, times) = rule.split_once(' ').ok_or_else(|| msg!(err_hours_rule, value = rule))?;
    let mut mask = 0u8;
    for part in days.split(',') {
        mask |= match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (day_index(a)?, day_index(b)?);
                if a > b {
                    return Err(msg!(err_hours_days_backwards, value = part));
                }
                (a..=b).fold(0u8, |m, d| m | (1 << d))
            }
            None => 1 << day_index(part)?,
        };
    }
    let (open, close) = times.trim().split_once('-').ok_or_else(|| msg!(err_hours_times, value = times))?;
    let (open_min, close_min) = (minutes(open)?, minutes(close)?);
    if close_min <= open_min {
        return Err(msg!(err_hours_close_before_open, open = open.trim(), close = close.trim()));
    }
    Ok(OpeningRule { days: mask, open_min, close_min })
}

fn day_index(d: &str) -> Result<u8, Message> {
    DAYS.iter().position(|x| *x == d.trim()).map(|i| i as u8).ok_or_else(|| msg!(err_hours_day, value = d))
}

fn minutes(t: &str) -> Result<u16, Message> {
    let bad = || msg!(err_hours_time, value = t.trim());
    let (h, m) = t.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

fn hhmm(min: u16) -> String {
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
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_rules() {
        let h = OpeningHours::parse("Mo-Fr 08:00-17:30; Sa,Su 09:00-12:00").expect("valid");
        assert_eq!(h.to_string(), "Mo-Fr 08:00-17:30; Sa-Su 09:00-12:00");
        assert!(h.is_open_at(0, 8 * 60));
        assert!(!h.is_open_at(0, 17 * 60 + 30), "closing minute is exclusive");
        assert!(h.is_open_at(6, 11 * 60 + 59));
        assert!(!h.is_open_at(5, 13 * 60));
        assert_eq!(h.describe_zh(), "周一至周五 08:00–17:30；周六至周日 09:00–12:00");
    }

    #[test]
    fn always_and_unknown() {
        assert!(OpeningHours::parse("24/7").expect("valid").is_open_at(3, 200));
        let unknown = OpeningHours::parse("").expect("valid");
        assert!(!unknown.is_known());
        assert!(!unknown.is_open_at(0, 600));
    }

    #[test]
    fn rejects_nonsense_with_a_reason() {
        for bad in ["Mo-Fr", "Xx 08:00-09:00", "Mo 25:00-26:00", "Mo 09:00-08:00", "Fr-Mo 08:00-09:00", "Mo 8-9"] {
            assert!(OpeningHours::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn serde_uses_the_text_form() {
        let h: OpeningHours = serde_json::from_str("\"Mo,We 10:00-11:00\"").expect("json");
        assert_eq!(serde_json::to_string(&h).expect("json"), "\"Mo,We 10:00-11:00\"");
        assert!(serde_json::from_str::<OpeningHours>("\"Mo 11:00-10:00\"").is_err());
    }
}
