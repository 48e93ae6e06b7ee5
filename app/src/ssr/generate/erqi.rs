//! The Erqi sample: every kind in all 16 subdistricts, a day-care centre in most (not all) of the
//! 176 communities so that the coverage view has real gaps to show. Names, addresses, phones and
//! figures are invented; positions are plausible (near each subdistrict's centroid, inside the boundary).

use super::jitter;
use crate::model::{
    Facility, FacilityKind, FacilityStatus, HolidaySession, OpeningHours, Ownership, Range, ServiceCapacity,
    ServiceKind,
};
use crate::ssr::reference::{COMMUNITIES, in_district};
use crate::subdistricts::{SUBDISTRICTS, Subdistrict};

const ROADS: [&str; 16] = [
    "大学路",
    "长江路",
    "嵩山路",
    "京广路",
    "航海路",
    "陇海路",
    "淮河路",
    "兴华街",
    "政通路",
    "铭功路",
    "一马路",
    "德化街",
    "建中街",
    "福华街",
    "人和路",
    "侯寨路",
];
const GOOD_WORDS: [&str; 12] =
    ["福寿", "康乐", "颐和", "松鹤", "安康", "乐龄", "晚晴", "寿康", "和美", "慈航", "悦年", "馨园"];
const SCHOOL_WORDS: [&str; 12] =
    ["育才", "春晖", "启明", "朝阳", "阳光", "星河", "博雅", "明德", "新苗", "彩虹", "嵩岳", "文华"];

/// How far facilities spread from a subdistrict's centroid: the two rural ones are much larger.
fn spread_m(s: &Subdistrict) -> f64 {
    match s.code {
        "410103015" | "410103100" => 3000.0,
        "410103016" | "410103011" | "410103014" => 1600.0,
        _ => 900.0,
    }
}

fn short(s: &Subdistrict) -> &str {
    s.name.strip_suffix("街道").unwrap_or(s.name)
}

/// What differs between the facilities the sample makes; the rest follows from the kind.
struct New<'a> {
    id: String,
    name: String,
    kind: FacilityKind,
    subdistrict: &'a Subdistrict,
    at: (f64, f64),
    ownership: Ownership,
    hours: &'static str,
    services: Vec<ServiceCapacity>,
}

struct Maker {
    rng: fastrand::Rng,
    out: Vec<Facility>,
}

impl Maker {
    /// A point near (lat, lng) that is inside the district (falls back to the centre itself).
    fn place(&mut self, lat: f64, lng: f64, metres: f64) -> (f64, f64) {
        for _ in 0..200 {
            let (a, b) = jitter(&mut self.rng, lat, lng, metres);
            if in_district(a, b) {
                return (a, b);
            }
        }
        (lat, lng)
    }

    fn phone(&mut self) -> String {
        format!("0371-6{:07}", self.rng.u32(0..10_000_000))
    }

    fn address(&mut self, s: &Subdistrict) -> String {
        let road = ROADS[self.rng.usize(..ROADS.len())];
        format!("郑州市二七区{}{}{}号", s.name, road, self.rng.u32(1..300))
    }

    fn capacity(&mut self, service: ServiceKind, max: std::ops::Range<i32>) -> ServiceCapacity {
        let maximum = self.rng.i32(max);
        // About a quarter full, the rest with some places free.
        let available = if self.rng.u8(0..4) == 0 { 0 } else { self.rng.i32(1..=maximum.max(1)) };
        ServiceCapacity { service, available: available.min(maximum), maximum, updated_at: 0, version: 1 }
    }

    fn push(&mut self, n: New<'_>) -> usize {
        let New { id, name, kind, subdistrict: s, at: (lat, lng), ownership, hours, services } = n;
        let (ages, grades) = match kind {
            FacilityKind::ElderlyCenter | FacilityKind::ElderlyDaycare | FacilityKind::NursingHome => {
                (Some(Range { min: 60, max: 120 }), None)
            }
            FacilityKind::Nursery => (Some(Range { min: 0, max: 3 }), None),
            FacilityKind::Kindergarten => (Some(Range { min: 3, max: 6 }), None),
            FacilityKind::PrimarySchool => (Some(Range { min: 6, max: 12 }), Some(Range { min: 1, max: 6 })),
            FacilityKind::MiddleSchool => (Some(Range { min: 12, max: 15 }), Some(Range { min: 7, max: 9 })),
            FacilityKind::HolidayCare => (Some(Range { min: 6, max: 15 }), Some(Range { min: 1, max: 9 })),
        };
        let fees = match kind {
            FacilityKind::ElderlyCenter | FacilityKind::ElderlyDaycare => {
                Some("助餐每餐10–15元，80岁以上老人每餐补贴3元；日间照料按月收费".to_string())
            }
            FacilityKind::NursingHome => {
                Some(format!("床位费每月{}元起，护理费按评估等级另计", 1800 + 100 * self.rng.u32(0..15)))
            }
            FacilityKind::Nursery => Some(match ownership {
                Ownership::Public | Ownership::PublicPrivate => "托育费每月1200元（公办标准）".to_string(),
                Ownership::InclusivePrivate => "托育费每月不超过1800元（普惠托育收费标准）".to_string(),
                Ownership::Private => "托育费每月3500元".to_string(),
            }),
            FacilityKind::Kindergarten => Some(match ownership {
                Ownership::Public | Ownership::PublicPrivate => "保教费每月650元（公办标准）".to_string(),
                Ownership::InclusivePrivate => "保教费每月不超过1200元（普惠性收费标准）".to_string(),
                Ownership::Private => "保教费每月2800元".to_string(),
            }),
            FacilityKind::PrimarySchool | FacilityKind::MiddleSchool => {
                Some("课后服务每学期300元，困难家庭免费".to_string())
            }
            FacilityKind::HolidayCare => Some("公益性托管，每期收取少量伙食费".to_string()),
        };
        let accessibility = (self.rng.u8(0..5) != 0).then(|| "无障碍坡道、无障碍卫生间".to_string());
        let (address, phone) = (self.address(s), self.phone());
        self.out.push(Facility {
            id,
            name,
            kind,
            ownership: Some(ownership),
            status: FacilityStatus::Open,
            subdistrict_code: Some(s.code.to_string()),
            community_code: None,
            parent_id: None,
            address,
            phone,
            lat,
            lng,
            location_basis: crate::model::LocationBasis::Surveyed,
            hours: OpeningHours::parse(hours).unwrap_or_default(),
            ages,
            grades,
            sessions: Vec::new(),
            services,
            fees,
            accessibility,
            details: Default::default(),
            sample: true,
        });
        self.out.len() - 1
    }
}

/// The sample set, deterministic for a given seed.
pub fn erqi_sample(seed: u64) -> Vec<Facility> {
    let mut m = Maker { rng: fastrand::Rng::with_seed(seed), out: Vec::new() };
    for (si, s) in SUBDISTRICTS.iter().enumerate() {
        let spread = spread_m(s);
        let centre_id = format!("ec-{}", s.code);

        let at = m.place(s.lat, s.lng, 300.0);
        let services = vec![
            m.capacity(ServiceKind::DayCare, 30..60),
            m.capacity(ServiceKind::Meals, 60..150),
            m.capacity(ServiceKind::Bathing, 6..12),
            m.capacity(ServiceKind::Rehab, 8..20),
            m.capacity(ServiceKind::Respite, 4..10),
            m.capacity(ServiceKind::ResidentialBed, 20..60),
        ];
        let name = format!("{}街道综合养老服务中心", short(s)).replace("镇街道", "镇");
        m.push(New {
            id: centre_id.clone(),
            name,
            kind: FacilityKind::ElderlyCenter,
            subdistrict: s,
            at,
            ownership: Ownership::Public,
            hours: "Mo-Su 08:00-20:00",
            services,
        });

        // Community day care: most communities have one; about one in four does not yet.
        for c in COMMUNITIES.iter().filter(|c| c.subdistrict_code == s.code) {
            if m.rng.u8(0..4) == 0 {
                continue;
            }
            let at = m.place(s.lat, s.lng, spread);
            let services = vec![
                m.capacity(ServiceKind::DayCare, 10..40),
                m.capacity(ServiceKind::Meals, 20..80),
                m.capacity(ServiceKind::Bathing, 2..8),
            ];
            let name = format!("{}日间照料中心", c.short_name());
            let ownership = if m.rng.bool() { Ownership::Public } else { Ownership::InclusivePrivate };
            let i = m.push(New {
                id: format!("dc-{}", c.code),
                name,
                kind: FacilityKind::ElderlyDaycare,
                subdistrict: s,
                at,
                ownership,
                hours: "Mo-Fr 08:00-17:30; Sa 09:00-12:00",
                services,
            });
            m.out[i].community_code = Some(c.code.to_string());
            m.out[i].parent_id = Some(centre_id.clone());
        }

        let word = |i: usize| GOOD_WORDS[(si + i) % GOOD_WORDS.len()];
        let at = m.place(s.lat, s.lng, spread);
        let services = vec![
            m.capacity(ServiceKind::ResidentialBed, 40..200),
            m.capacity(ServiceKind::Respite, 2..8),
            m.capacity(ServiceKind::Rehab, 5..20),
        ];
        let ownership = if si % 3 == 0 { Ownership::Public } else { Ownership::Private };
        m.push(New {
            id: format!("nh-{}", s.code),
            name: format!("{}{}颐养院", short(s).trim_end_matches('镇'), word(0)),
            kind: FacilityKind::NursingHome,
            subdistrict: s,
            at,
            ownership,
            hours: "24/7",
            services,
        });

        for k in 0..3 {
            let at = m.place(s.lat, s.lng, spread);
            let services =
                vec![m.capacity(ServiceKind::PreschoolPlace, 90..360), m.capacity(ServiceKind::AfterSchool, 20..60)];
            let ownership = [Ownership::Public, Ownership::InclusivePrivate, Ownership::Private][(si + k) % 3];
            let name = format!(
                "二七区{}{}幼儿园",
                short(s).trim_end_matches('镇'),
                SCHOOL_WORDS[(si * 3 + k) % SCHOOL_WORDS.len()]
            );
            m.push(New {
                id: format!("kg-{}-{k}", s.code),
                name,
                kind: FacilityKind::Kindergarten,
                subdistrict: s,
                at,
                ownership,
                hours: "Mo-Fr 07:30-17:30",
                services,
            });
        }
        for k in 0..2 {
            let at = m.place(s.lat, s.lng, spread);
            let services =
                vec![m.capacity(ServiceKind::SchoolLunch, 300..1200), m.capacity(ServiceKind::AfterSchool, 200..900)];
            let name = format!(
                "郑州市二七区{}{}小学",
                short(s).trim_end_matches('镇'),
                SCHOOL_WORDS[(si * 2 + k + 5) % SCHOOL_WORDS.len()]
            );
            m.push(New {
                id: format!("ps-{}-{k}", s.code),
                name,
                kind: FacilityKind::PrimarySchool,
                subdistrict: s,
                at,
                ownership: Ownership::Public,
                hours: "Mo-Fr 07:30-18:00",
                services,
            });
        }
        let at = m.place(s.lat, s.lng, spread);
        let services =
            vec![m.capacity(ServiceKind::SchoolLunch, 500..1500), m.capacity(ServiceKind::AfterSchool, 300..1000)];
        m.push(New {
            id: format!("ms-{}", s.code),
            name: format!("郑州市二七区{}中学", short(s).trim_end_matches('镇')),
            kind: FacilityKind::MiddleSchool,
            subdistrict: s,
            at,
            ownership: Ownership::Public,
            hours: "Mo-Fr 07:00-18:30",
            services,
        });

        let at = m.place(s.lat, s.lng, spread);
        let services =
            vec![m.capacity(ServiceKind::HolidayCare, 40..120), m.capacity(ServiceKind::SchoolLunch, 40..120)];
        let i = m.push(New {
            id: format!("hc-{}", s.code),
            name: format!("{}假期托管服务点", short(s)),
            kind: FacilityKind::HolidayCare,
            subdistrict: s,
            at,
            ownership: Ownership::Public,
            hours: "Mo-Fr 08:00-18:00",
            services,
        });
        let (lo, hi) = if si % 2 == 0 { (1, 6) } else { (1, 9) };
        m.out[i].sessions = vec![
            HolidaySession {
                name: "寒假托管".into(),
                start: "2027-01-18".into(),
                end: "2027-02-05".into(),
                grades: Range { min: lo, max: hi },
            },
            HolidaySession {
                name: "暑假托管（第一期）".into(),
                start: "2027-07-12".into(),
                end: "2027-07-30".into(),
                grades: Range { min: lo, max: hi },
            },
            HolidaySession {
                name: "暑假托管（第二期）".into(),
                start: "2027-08-02".into(),
                end: "2027-08-20".into(),
                grades: Range { min: 1, max: 6 },
            },
        ];
    }
    // Infant care, one per subdistrict, from a generator of its own: appended after the rest, so that adding
    // the kind left every earlier sample facility as it was.
    m.rng = fastrand::Rng::with_seed(seed ^ 0x6e75_7273_6572_7900);
    for (si, s) in SUBDISTRICTS.iter().enumerate() {
        let at = m.place(s.lat, s.lng, spread_m(s));
        let services = vec![m.capacity(ServiceKind::NurseryPlace, 20..80)];
        let ownership = [Ownership::InclusivePrivate, Ownership::Public, Ownership::Private][si % 3];
        m.push(New {
            id: format!("nu-{}", s.code),
            name: format!("{}{}托育园", short(s).trim_end_matches('镇'), GOOD_WORDS[(si + 3) % GOOD_WORDS.len()]),
            kind: FacilityKind::Nursery,
            subdistrict: s,
            at,
            ownership,
            hours: "Mo-Fr 07:30-18:00",
            services,
        });
    }
    for f in &mut m.out {
        f.details = super::details::sample(f).into();
    }
    m.out
}
