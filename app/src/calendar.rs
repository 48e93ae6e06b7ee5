//! Dates and clock times in the district's time zone (Asia/Shanghai, UTC+8, no daylight saving).

/// `YYYY-MM-DD` naming a real day.
pub fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (s[0..4].parse::<u32>(), s[5..7].parse::<u32>(), s[8..10].parse::<u32>()) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d) && (1900..=2200).contains(&y)
}

/// Local time in Asia/Shanghai (UTC+8 all year, no daylight saving): (weekday 0 = Monday, minute of day).
pub fn shanghai_weekday_minute(unix: i64) -> (u8, u16) {
    let local = unix + 8 * 3600;
    let days = local.div_euclid(86_400);
    // 1970-01-01 was a Thursday (weekday 3 with Monday = 0).
    let weekday = (days + 3).rem_euclid(7) as u8;
    (weekday, (local.rem_euclid(86_400) / 60) as u16)
}

/// Today's date in Asia/Shanghai as `YYYY-MM-DD`.
pub fn shanghai_date(unix: i64) -> String {
    let (y, m, d) = civil_from_days((unix + 8 * 3600).div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD HH:MM` in Asia/Shanghai.
pub fn shanghai_datetime(unix: i64) -> String {
    let local = unix + 8 * 3600;
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", secs / 3600, secs % 3600 / 60)
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (Howard Hinnant's algorithm).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_and_times_in_shanghai() {
        assert!(
            super::valid_date("2028-02-29") && !super::valid_date("2027-02-29") && !super::valid_date("2027-13-01")
        );
        assert_eq!(super::civil_from_days(0), (1970, 1, 1));
        // 2026-11-26 13:32:32 UTC is a Thursday, 21:32 in Zhengzhou.
        assert_eq!(super::shanghai_weekday_minute(1_795_699_952), (3, 21 * 60 + 32));
        assert_eq!(super::shanghai_datetime(1_795_699_952), "2026-11-26 21:32");
        assert_eq!(super::shanghai_datetime(0), "1970-01-01 08:00");
        // 16:30 UTC on a Sunday is 00:30 Monday in Shanghai.
        assert_eq!(super::shanghai_weekday_minute(3 * 86_400 + 16 * 3600 + 30 * 60), (0, 30));
        assert_eq!(super::shanghai_date(3 * 86_400 + 16 * 3600 + 30 * 60), "1970-01-05");
    }
}
