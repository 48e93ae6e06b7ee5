//! HSDS date-times: CareMap keeps Unix seconds; HSDS wants RFC 3339, here in Beijing time (`+08:00`).

use crate::calendar::civil_from_days;

const OFFSET_S: i64 = 8 * 3600;

/// `2026-11-26T09:30:00+08:00`.
pub fn format(unix: i64) -> String {
    let local = unix + OFFSET_S;
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    let s = local.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+08:00", s / 3600, s % 3600 / 60, s % 60)
}

/// RFC 3339 (`…T09:30:00+08:00`, `…Z`, fractions ignored) or a date (`2026-11-26`, midnight Beijing
/// time) → Unix seconds.
pub fn parse(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, rest) = text.split_at_checked(10)?;
    let day = days(date)?;
    if rest.is_empty() {
        return Some(day * 86_400 - OFFSET_S);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (clock, offset) = match rest.find(['Z', 'z', '+', '-']) {
        Some(i) => rest.split_at(i),
        None => return None,
    };
    let clock = clock.split('.').next()?;
    let mut parts = clock.split(':');
    let h: i64 = number(parts.next()?, 2)?;
    let min: i64 = number(parts.next()?, 2)?;
    let sec: i64 = match parts.next() {
        Some(s) => number(s, 2)?,
        None => 0,
    };
    if parts.next().is_some() || h > 23 || min > 59 || sec > 60 {
        return None;
    }
    let offset_s = match offset {
        "Z" | "z" => 0,
        _ => {
            let sign = if offset.starts_with('-') { -1 } else { 1 };
            let (oh, om) = offset.get(1..)?.split_once(':')?;
            let (oh, om): (i64, i64) = (number(oh, 2)?, number(om, 2)?);
            if oh > 23 || om > 59 {
                return None;
            }
            sign * (oh * 3600 + om * 60)
        }
    };
    Some(day * 86_400 + h * 3600 + min * 60 + sec - offset_s)
}

fn number(s: &str, len: usize) -> Option<i64> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

/// `YYYY-MM-DD` → days since 1970-01-01, only for real dates.
fn days(date: &str) -> Option<i64> {
    if !date.is_ascii() || !crate::calendar::valid_date(date) {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (date[..4].parse().ok()?, date[5..7].parse().ok()?, date[8..].parse().ok()?);
    // Howard Hinnant's days_from_civil, the inverse of `civil_from_days`.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_beijing_time_and_parses_back() {
        // 2026-11-26T01:30:05Z
        let t = 1_795_656_605;
        assert_eq!(format(t), "2026-11-26T09:30:05+08:00");
        assert_eq!(parse(&format(t)), Some(t));
        assert_eq!(parse("2026-11-26T01:30:05Z"), Some(t));
        assert_eq!(parse("2026-11-26T01:30:05.250Z"), Some(t));
        assert_eq!(parse("2026-11-25T20:30:05-05:00"), Some(t));
        assert_eq!(parse("2026-11-26"), Some(t - (9 * 3600 + 30 * 60 + 5)));
        assert_eq!(parse("1970-01-01T00:00:00Z"), Some(0));
    }

    #[test]
    fn refuses_what_is_not_a_date_time() {
        for bad in [
            "",
            "yesterday",
            "2026-13-01",
            "2026-02-30",
            "2026-11-26T25:00:00Z",
            "2026-11-26T09:30",
            "2026-11-26T9:30Z",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
