//! Registers as districts keep them: title rows, merged cells, Chinese headers, bad rows.

use rust_xlsxwriter::{Format, Workbook};

use super::*;
use crate::model::{
    Facility, FacilityKind, FacilityStatus, LocationBasis, Ownership, Place, PlaceKind, ServiceCapacity, ServiceKind,
};

const NOW: i64 = 1_790_000_000;

/// A civil-affairs register: a merged title, a note row, the header in row 3, 所属街道 merged over
/// two rows, a phone number stored as a number, and four bad rows.
fn civil_affairs_xlsx() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let plain = Format::new();
    let w = |sheet: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, s: &str| {
        sheet.write_string(r, c, s).expect("write");
    };
    sheet.merge_range(0, 0, 0, 9, "二七区养老服务机构名录（2026年）", &plain).expect("title");
    w(sheet, 1, 0, "填报单位：二七区民政局");
    for (c, h) in
        ["序号", "机构名称", "类型", "详细地址", "联系电话", "性质", "所属街道", "所属社区", "床位数（张）", "备注"]
            .iter()
            .enumerate()
    {
        w(sheet, 2, c as u16, h);
    }
    let rows: [[&str; 10]; 6] = [
        [
            "1",
            "淮河社区日间照料中心",
            "社区日间照料中心",
            "二七区淮河路12号",
            "0371-6000001",
            "公建民营",
            "",
            "淮河社区",
            "30",
            "",
        ],
        ["2", "福寿养老院", "养老院", "二七区某路8号", "", "民办", "", "", "120", "新建"],
        ["3", "无名站", "日间照料站", "", "", "公办", "", "", "10", ""],
        ["4", "阳光医院", "医院", "二七区某路1号", "", "公办", "淮河路街道", "", "", ""],
        ["5", "星星幼儿园", "民办幼儿园", "建中街225号", "", "外资", "淮河路街道", "", "", ""],
        ["6", "", "养老院", "二七区某路9号", "", "民办", "淮河路街道", "", "50", ""],
    ];
    for (i, row) in rows.iter().enumerate() {
        // Row 9 of the sheet (index 8) is left blank, as registers do between blocks.
        let r = if i == 5 { 9 } else { 3 + i as u32 };
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                w(sheet, r, c as u16, v);
            }
        }
    }
    sheet.write_number(4, 4, 13_800_000_000f64).expect("phone as a number");
    sheet.merge_range(3, 6, 4, 6, "淮河路街道", &plain).expect("merged subdistrict");
    book.save_to_buffer().expect("xlsx")
}

async fn read_xlsx(bytes: &[u8], options: &Options, geocoder: Option<&dyn Geocoder>) -> Register {
    read(bytes, SheetFormat::Xlsx, options, geocoder, NOW, &|_, _| {}).await.expect("a readable register")
}

#[tokio::test]
async fn a_real_looking_register_is_read_row_by_row() {
    let reg = read_xlsx(&civil_affairs_xlsx(), &Options::default(), None).await;
    assert_eq!(reg.header_row, 3);
    let unused: Vec<&str> = reg.columns.iter().filter(|c| c.field.is_none()).map(|c| c.header.as_str()).collect();
    assert_eq!(unused, ["序号", "备注"]);

    let errors: Vec<(String, String)> = reg
        .errors
        .iter()
        .map(|e| (e.location.render(crate::i18n::Locale::en), e.reason.render(crate::i18n::Locale::en)))
        .collect();
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert!(errors[0].0 == "row 6" && errors[0].1.contains("cannot place"), "{errors:?}");
    assert!(errors[1].0 == "row 7" && errors[1].1.contains("`医院`"), "{errors:?}");
    assert!(errors[2].0 == "row 8" && errors[2].1.contains("`外资`"), "{errors:?}");
    assert!(errors[3].0 == "row 10" && errors[3].1.contains("missing name"), "{errors:?}");

    assert_eq!(reg.rows.len(), 2);
    let daycare = &reg.rows[0].facility;
    assert_eq!(reg.rows[0].line, 4);
    assert_eq!(daycare.kind, FacilityKind::ElderlyDaycare);
    assert_eq!(daycare.ownership, Some(Ownership::PublicPrivate));
    assert_eq!(daycare.location_basis, LocationBasis::Community);
    assert_eq!(daycare.community_code.as_deref(), Some("410103001001"));
    assert_eq!(daycare.subdistrict_code.as_deref(), Some("410103001"));
    assert!(crate::ssr::reference::in_district(daycare.lat, daycare.lng));
    let places = daycare.service(ServiceKind::DayCare).expect("床位数 is the day-care centre's places");
    assert_eq!((places.available, places.maximum, places.updated_at), (0, 30, 0), "free places never reported");

    let home = &reg.rows[1].facility;
    assert_eq!(home.kind, FacilityKind::NursingHome);
    assert_eq!(home.phone, "13800000000", "a phone stored as a number keeps its digits");
    assert_eq!(home.location_basis, LocationBasis::Subdistrict, "placed by the merged 所属街道 cell");
    assert_eq!(home.subdistrict_code.as_deref(), Some("410103001"));
    assert_eq!(home.service(ServiceKind::ResidentialBed).map(|c| c.maximum), Some(120));
}

fn applied(plan: &Plan) -> Vec<Facility> {
    plan.added.iter().map(|(_, f)| f.clone()).chain(plan.changed.iter().map(|(_, f, _)| f.clone())).collect()
}

#[tokio::test]
async fn importing_the_same_register_again_changes_nothing() {
    let bytes = civil_affairs_xlsx();
    let first = plan(read_xlsx(&bytes, &Options::default(), None).await.rows, &[]);
    assert_eq!(first.added.len(), 2);
    let ids: Vec<&str> = first.added.iter().map(|(_, f)| f.id.as_str()).collect();
    assert!(ids.iter().all(|id| id.starts_with("reg-") && crate::ssr::import::draft::valid_id(id)), "{ids:?}");
    let store = applied(&first);

    let again = plan(read_xlsx(&bytes, &Options::default(), None).await.rows, &store);
    assert_eq!((again.added.len(), again.changed.len(), again.unchanged), (0, 0, 2), "{:?}", again.changed);
    assert!(again.missing.is_empty());
}

#[tokio::test]
async fn a_changed_register_is_shown_field_by_field_and_merged_by_the_rules() {
    let reg = read_xlsx(&civil_affairs_xlsx(), &Options::default(), None).await;
    let mut store = applied(&plan(reg.rows.clone(), &[]));
    // Since the first import: the manager reported 25 free places, an admin placed the centre exactly.
    let daycare = &mut store[0];
    daycare.services[0] = ServiceCapacity { available: 25, updated_at: NOW - 60, ..daycare.services[0].clone() };
    (daycare.lat, daycare.lng, daycare.location_basis) = (34.7301, 113.6302, LocationBasis::Surveyed);
    // Another day-care centre CareMap knows, and a kindergarten (a kind this register does not cover).
    store.push(Facility { name: "老站".into(), ..Facility::for_test("old-1", FacilityKind::ElderlyDaycare) });
    store.push(Facility::for_test("kg-1", FacilityKind::Kindergarten));

    // The register now says 20 places and a new phone number for the centre.
    let mut rows = reg.rows.clone();
    rows[0].facility.phone = "0371-6000002".into();
    rows[0].facility.services[0].maximum = 20;
    let p = plan(rows, &store);
    assert_eq!(p.added.len(), 0);
    assert_eq!(p.unchanged, 1);
    let (_, merged, changes) = &p.changed[0];
    let fields: Vec<(&str, &str, &str)> =
        changes.iter().map(|c| (c.field.as_str(), c.old.as_str(), c.new.as_str())).collect();
    assert_eq!(
        fields,
        [
            ("phone", "0371-6000001", "0371-6000002"),
            ("day_care.maximum", "30", "20"),
            ("day_care.available", "25", "20")
        ],
        "the total replaces, free places stay the manager's but never above the total, the surveyed point stays"
    );
    assert_eq!(merged.location_basis, LocationBasis::Surveyed);
    assert_eq!(merged.service(ServiceKind::DayCare).map(|c| c.updated_at), Some(NOW - 60));
    let missing: Vec<&str> = p.missing.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(missing, ["old-1"], "only the register's kinds can be missing from it");
}

#[tokio::test]
async fn a_gb18030_csv_with_its_own_headers_and_a_map() {
    let text = "养老机构,地点,街道,空余床位,总床位,运营状态\n\
                金色年华养老院,二七区长江路1号,长江路,5,80,正常\n\
                安康敬老院,二七区马寨镇某村,马寨镇,,40,停业整顿\n";
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    let options = Options {
        map: columns::parse_map("name=养老机构,address=地点").expect("map"),
        kind: Some(FacilityKind::NursingHome),
        ..Options::default()
    };
    let reg = read(&bytes, SheetFormat::Csv, &options, None, NOW, &|_, _| {}).await.expect("readable");
    assert!(reg.errors.is_empty(), "{:?}", reg.errors);
    assert_eq!(reg.rows.len(), 2);
    let first = &reg.rows[0].facility;
    assert_eq!((first.name.as_str(), first.address.as_str()), ("金色年华养老院", "二七区长江路1号"));
    let beds = first.service(ServiceKind::ResidentialBed).expect("beds");
    assert_eq!((beds.available, beds.maximum, beds.updated_at), (5, 80, NOW), "free places given: reported now");
    assert_eq!(first.subdistrict_code.as_deref(), Some("410103013"), "长江路 read as 长江路街道 in the 街道 column");
    assert_eq!(reg.rows[1].facility.status, FacilityStatus::TemporarilyClosed);
    assert_eq!(reg.rows[1].facility.location_basis, LocationBasis::Subdistrict);

    let bad = columns::parse_map("nme=养老机构").expect_err("unknown field");
    assert!(bad.contains("nme"), "{bad}");
    let missing = Options { map: columns::parse_map("name=机构全称").expect("map"), ..Options::default() };
    let err = read(&bytes, SheetFormat::Csv, &missing, None, NOW, &|_, _| {}).await.expect_err("no such header");
    assert!(err.to_string().contains("机构全称"), "{err}");
}

/// Issue 9 item 6: a 卫健委 register of infant care: 托育 kinds, 普惠托育, ages in months or years, 托位.
#[tokio::test]
async fn a_nursery_register_with_ages_in_months() {
    let text = "机构名称,类型,地址,所属街道,性质,招收年龄,托位数\n\
                小星星托育园,普惠托育园,二七区长江路3号,长江路街道,普惠托育,6个月-3岁,60\n\
                阳光托育中心,托育机构,二七区大学路5号,大学路街道,民办,18个月至36个月,40\n\
                宝宝乐托儿所,托儿所,二七区某路7号,淮河路街道,公办,三岁以下,30\n";
    let reg = read(text.as_bytes(), SheetFormat::Csv, &Options::default(), None, NOW, &|_, _| {}).await.expect("read");
    assert_eq!(reg.rows.len(), 2, "{:?}", reg.errors);
    let first = &reg.rows[0].facility;
    assert_eq!(first.kind, FacilityKind::Nursery);
    assert_eq!(first.ownership, Some(Ownership::InclusivePrivate), "普惠托育");
    assert_eq!(first.ages.map(|r| (r.min, r.max)), Some((0, 3)), "6 months to 3 years");
    assert_eq!(first.service(ServiceKind::NurseryPlace).map(|c| c.maximum), Some(60), "托位数 fills 托位");
    assert_eq!(reg.rows[1].facility.ages.map(|r| (r.min, r.max)), Some((1, 3)));
    assert_eq!(reg.errors.len(), 1, "三岁以下 is not a range: {:?}", reg.errors);
    assert!(format!("{:?}", reg.errors[0]).contains("三岁以下"), "{:?}", reg.errors);
}

struct FixedGeocoder(f64, f64);

impl Geocoder for FixedGeocoder {
    fn geocode<'a>(&'a self, q: &'a str) -> futures::future::BoxFuture<'a, Result<Vec<Place>, String>> {
        let place = Place {
            name: q.to_string(),
            kind: PlaceKind::Address,
            lat: self.0,
            lng: self.1,
            approximate: false,
            context: String::new(),
        };
        Box::pin(async move { Ok(vec![place]) })
    }
}

#[tokio::test]
async fn the_geocoder_places_addresses_inside_the_district_only() {
    let bytes = civil_affairs_xlsx();
    let inside = FixedGeocoder(34.7200, 113.6300);
    let reg = read_xlsx(&bytes, &Options::default(), Some(&inside)).await;
    let daycare = &reg.rows[0].facility;
    assert_eq!(daycare.location_basis, LocationBasis::Geocoded);
    assert_eq!((daycare.lat, daycare.lng), (34.7200, 113.6300));
    assert_eq!(daycare.community_code.as_deref(), Some("410103001001"), "the named community still fills the code");

    // An answer in Beijing is not believed: the row falls back to its community.
    let beijing = FixedGeocoder(39.9042, 116.4074);
    let reg = read_xlsx(&bytes, &Options::default(), Some(&beijing)).await;
    assert_eq!(reg.rows[0].facility.location_basis, LocationBasis::Community);
}

#[tokio::test]
async fn coordinates_in_the_register_are_surveyed_and_converted_at_the_edge() {
    let (lng, lat) = crate::geodesy::wgs84_to_gcj02(113.6300, 34.7200);
    let text = format!("名称,类型,地址,经度,纬度,所属社区\n测试站,日间照料站,某路,{lng},{lat},淮河社区\n");
    let options = Options { crs: crate::geodesy::Crs::Gcj02, ..Options::default() };
    let reg = read(text.as_bytes(), SheetFormat::Csv, &options, None, NOW, &|_, _| {}).await.expect("readable");
    let f = &reg.rows[0].facility;
    assert_eq!(f.location_basis, LocationBasis::Surveyed);
    assert!((f.lat - 34.7200).abs() < 1e-5 && (f.lng - 113.6300).abs() < 1e-5, "{} {}", f.lat, f.lng);
    assert_eq!(f.community_code.as_deref(), Some("410103001001"));
}

#[tokio::test]
async fn files_that_are_not_registers_are_refused_whole() {
    let err = read(b"PK\x03\x04 not really", SheetFormat::Xlsx, &Options::default(), None, NOW, &|_, _| {})
        .await
        .expect_err("not a spreadsheet");
    assert!(err.to_string().contains("不是可读取的电子表格"), "{err}");
    let err = read("a,b,c\n1,2,3\n".as_bytes(), SheetFormat::Csv, &Options::default(), None, NOW, &|_, _| {})
        .await
        .expect_err("no header");
    assert!(err.to_string().contains("找不到表头行"), "{err}");
    let sheet = Options { sheet: Some("第二页".into()), ..Options::default() };
    let err =
        read(&civil_affairs_xlsx(), SheetFormat::Xlsx, &sheet, None, NOW, &|_, _| {}).await.expect_err("no sheet");
    assert!(err.to_string().contains("第二页") && err.to_string().contains("Sheet1"), "{err}");
}

#[test]
fn the_documentation_lists_every_word() {
    let doc = include_str!("../../../../docs/REGISTERS.md");
    let fields = synonyms::FIELDS.iter().flat_map(|(_, w)| w.iter());
    let kinds = synonyms::KINDS.iter().flat_map(|(_, w)| w.iter());
    let ownerships = synonyms::OWNERSHIPS.iter().flat_map(|(_, w)| w.iter());
    let statuses = synonyms::STATUSES.iter().flat_map(|(_, w)| w.iter());
    let words: Vec<&str> = fields.chain(kinds).chain(ownerships).chain(statuses).copied().collect();
    assert!(words.len() > 100, "{}", words.len());
    for w in words {
        assert!(doc.contains(&format!("`{w}`")), "docs/REGISTERS.md lacks `{w}`");
    }
}

#[tokio::test]
async fn the_record_fields_are_read_checked_and_compared() {
    let text = "名称,类型,所属街道,床位数,护理型床位数,全托床位,星级,医养结合,长护险定点,收费标准（元/月）,班型\n\
                颐和养老院,养老院,淮河路街道,80,50,80,三星级,内设医务室,是,1800-3200元,\n\
                星光幼儿园,幼儿园,淮河路街道,200,,,,,,,小班、中班、大班\n\
                错星养老院,养老院,淮河路街道,30,,,六星,,,,\n";
    let reg = read(text.as_bytes(), SheetFormat::Csv, &Options::default(), None, NOW, &|_, _| {}).await.expect("ok");
    assert_eq!(reg.errors.len(), 1, "{:?}", reg.errors);
    assert!(
        reg.errors[0].location == crate::msg!(err_at_row, n = 4usize)
            && reg.errors[0].reason.to_string().contains("六星"),
        "{:?}",
        reg.errors
    );
    let home = &reg.rows[0].facility.details;
    assert_eq!((home.beds_nursing, home.beds_full_care, home.rating), (Some(50), Some(80), Some(3)));
    assert_eq!((home.medical, home.ltc_insurance), (Some(crate::model::MedicalCare::Onsite), Some(true)));
    assert_eq!((home.fee_min, home.fee_max), (Some(1800), Some(3200)), "the range read from the fees text");
    assert_eq!(reg.rows[1].facility.details.classes.len(), 3);

    // Stored, then the register raises the rating: one record field changes, the others stay.
    let store = applied(&plan(reg.rows.clone(), &[]));
    let mut rows = reg.rows.clone();
    rows[0].facility.details = crate::model::Details { rating: Some(4), ..crate::model::Details::default() }.into();
    let p = plan(rows, &store);
    let (_, merged, changes) = &p.changed[0];
    let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["details.rating"]);
    assert_eq!((merged.details.rating, merged.details.beds_nursing), (Some(4), Some(50)));
}

#[test]
fn caremap_csv_is_told_from_a_register_csv() {
    assert_eq!(
        SheetFormat::of_register("a.csv", "\u{feff}id,name,kind,lng,lat,address,phone,services\n".as_bytes()),
        None
    );
    // A quoted header is still CareMap's (a hand split on commas read `"id"`).
    assert_eq!(SheetFormat::of_register("a.csv", b"\"id\",\"name\",\"lng\",\"lat\"\n"), None);
    assert_eq!(SheetFormat::of_register("names.csv", "机构名称,地址,床位数\n".as_bytes()), Some(SheetFormat::Csv));
    assert_eq!(SheetFormat::of_register("a.xlsx", b""), Some(SheetFormat::Xlsx));
    assert_eq!(SheetFormat::of_register("a.geojson", b"{}"), None);
}
