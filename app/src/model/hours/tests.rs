//! Every form the hours parser reads, and what it refuses.

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

fn text(t: &str) -> String {
    OpeningHours::parse(t).unwrap_or_else(|m| panic!("{t}: {m:?}")).to_string()
}

#[test]
fn chinese_forms_read_as_the_same_hours() {
    for (typed, read) in [
        ("周一到周五 8点-17点", "Mo-Fr 08:00-17:00"),
        ("周一至周五 08:00-17:30，周六 9:00-12:00", "Mo-Fr 08:00-17:30; Sa 09:00-12:00"),
        ("周一至周五 08:00-17:30, 周六 9:00-12:00", "Mo-Fr 08:00-17:30; Sa 09:00-12:00"),
        ("每天 8:00-20:00", "Mo-Su 08:00-20:00"),
        ("每日8:00~20:00", "Mo-Su 08:00-20:00"),
        ("工作日 8:00-17:00", "Mo-Fr 08:00-17:00"),
        ("周末 9:00-12:00", "Sa-Su 09:00-12:00"),
        ("周一至周五 8:30—17:30", "Mo-Fr 08:30-17:30"),
        ("周一至周五 8:30–17:30", "Mo-Fr 08:30-17:30"),
        ("周一至周五 8:30－17:30", "Mo-Fr 08:30-17:30"),
        ("周一至周五 8：30-17：30", "Mo-Fr 08:30-17:30"),
        ("周一至周五：８：００至１７：００", "Mo-Fr 08:00-17:00"),
        ("周一到周五 8点半-17点", "Mo-Fr 08:30-17:00"),
        ("周一到周五 8点30分到17点", "Mo-Fr 08:30-17:00"),
        ("周一至五 8:00-17:00", "Mo-Fr 08:00-17:00"),
        ("星期一至星期六 8:00-17:00", "Mo-Sa 08:00-17:00"),
        ("周六、周日 9:00-12:00", "Sa-Su 09:00-12:00"),
        ("周一,周三 9:00-12:00", "Mo,We 09:00-12:00"),
        ("周日 9:00-12:00", "Su 09:00-12:00"),
        ("周一至周五 8:00-12:00，14:00-17:30", "Mo-Fr 08:00-12:00; Mo-Fr 14:00-17:30"),
        ("Mo-Fr 08:00-12:00,14:00-17:30", "Mo-Fr 08:00-12:00; Mo-Fr 14:00-17:30"),
        ("每天 全天", "Mo-Su 00:00-24:00"),
        ("周一至周五 8:00-17:00\n周六 9:00-12:00", "Mo-Fr 08:00-17:00; Sa 09:00-12:00"),
    ] {
        assert_eq!(text(typed), read, "{typed}");
        assert_eq!(text(read), read, "{read} reads back");
    }
    for always in ["全天", "24小时", " 24 小时 ", "全天24小时", "24/7"] {
        assert_eq!(OpeningHours::parse(always), Ok(OpeningHours::always_open()), "{always}");
    }
}

#[test]
fn refusals_name_what_could_not_be_read_in_both_languages() {
    use crate::i18n::Locale;
    for (typed, code, zh, en) in [
        ("周八 8:00-17:00", "err_hours_day", "“周八”", "`周八`"),
        ("周一到周五", "err_hours_rule", "“周一到周五”", "`周一到周五`"),
        ("8:00-17:00", "err_hours_rule", "“8:00-17:00”", "`8:00-17:00`"),
        ("周五到周一 8:00-17:00", "err_hours_days_backwards", "“周五到周一”", "`周五到周一`"),
        ("周一 8点到", "err_hours_time", "“”", "``"),
        ("周一 8-17", "err_hours_time", "“8”", "`8`"),
        ("周一 8点", "err_hours_times", "“8点”", "`8点`"),
        ("每天 25点-26点", "err_hours_time", "“25点”", "`25点`"),
        ("周一至周五 17点-8点", "err_hours_close_before_open", "17点", "17点"),
        ("上午八点到下午五点", "err_hours_rule", "上午八点到下午五点", "上午八点到下午五点"),
    ] {
        let m = OpeningHours::parse(typed).expect_err(typed);
        assert_eq!(m.code(), code, "{typed}");
        let (z, e) = (m.render(Locale::zh), m.render(Locale::en));
        assert!(z.contains(zh) && z.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{typed}: {z}");
        assert!(e.contains(en) && e.chars().any(|c| c.is_ascii_alphabetic()), "{typed}: {e}");
    }
}

#[test]
fn the_pickers_rule_text_reads_back() {
    assert_eq!(rule_text(0x1f, "08:00", "17:30"), "Mo-Fr 08:00-17:30");
    assert_eq!(text(&rule_text(0x7f, "00:00", "00:00")), "Mo-Su 00:00-24:00");
    assert_eq!(text(&rule_text(0b101, "09:00", "12:00")), "Mo,We 09:00-12:00");
}
