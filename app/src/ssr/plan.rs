//! The plan's targets computed from live data: open facilities only (a temporarily closed one does
//! not count), the reference lists of subdistricts and communities, and the imported population.

use std::sync::Arc;

use crate::model::{
    Facility, FacilityKind, FacilityStatus, Ownership, Plan, PlanTarget, ServiceKind, TargetId, TargetMember,
    TrendPoint,
};
use crate::ssr::reference::COMMUNITIES;
use crate::ssr::state::AppState;
use crate::subdistricts::SUBDISTRICTS;

/// How many days of trend the plan carries.
pub const TREND_DAYS: i64 = 90;

fn member(f: &Facility, places: Option<u32>) -> TargetMember {
    TargetMember { id: f.id.clone(), name: f.name.clone(), what: "facility".into(), places }
}

fn maximum(f: &Facility, service: ServiceKind) -> u64 {
    f.service(service).map_or(0, |c| u64::try_from(c.maximum).unwrap_or(0))
}

fn target(
    id: TargetId,
    numerator: u64,
    denominator: u64,
    members: Vec<TargetMember>,
    gap: Vec<TargetMember>,
) -> PlanTarget {
    let scale = if id.is_share() { 1.0 } else { 100.0 };
    let value = (denominator > 0).then(|| numerator as f64 / denominator as f64 * scale);
    PlanTarget { id, value, numerator, denominator, goal: id.goal(), members, gap, trend: Vec::new() }
}

/// Whether a computation lists each target's facilities (the plan page) or only counts them (the daily
/// trend snapshot: at 1e6 facilities the lists are ~1.5 members per facility, ~220 MB held for a scan).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lists {
    Facilities,
    CountsOnly,
}

impl Lists {
    /// The facility members `it` would give, or none (without building them) when only counting.
    fn of(self, it: impl Iterator<Item = TargetMember>) -> Vec<TargetMember> {
        match self {
            Lists::Facilities => it.collect(),
            Lists::CountsOnly => Vec::new(),
        }
    }
}

/// Every target (without trend). `pupils`: children aged 6–14 from the population file, if imported.
/// Subdistricts and communities (a few hundred) are listed either way; facilities only with
/// [`Lists::Facilities`]. Numerators, denominators and values are the same either way.
pub fn compute(facilities: &[Arc<Facility>], pupils: Option<u64>, lists: Lists) -> Vec<PlanTarget> {
    let open: Vec<&Facility> =
        facilities.iter().map(|f| f.as_ref()).filter(|f| f.status == FacilityStatus::Open).collect();
    let of_kind = |kinds: &[FacilityKind]| -> Vec<&Facility> {
        let mut v: Vec<&Facility> = open.iter().copied().filter(|f| kinds.contains(&f.kind)).collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    };
    let mut out = Vec::new();

    // One big centre per subdistrict.
    let centres = of_kind(&[FacilityKind::ElderlyCenter]);
    let (mut have, mut lack) = (Vec::new(), Vec::new());
    for s in SUBDISTRICTS.iter() {
        let m = TargetMember { id: s.code.into(), name: s.name.into(), what: "subdistrict".into(), places: None };
        if centres.iter().any(|f| f.subdistrict_code.as_deref() == Some(s.code)) { have.push(m) } else { lack.push(m) }
    }
    out.push(target(TargetId::SubdistrictCentres, have.len() as u64, SUBDISTRICTS.len() as u64, have, lack));

    // One small centre per community.
    let daycares = of_kind(&[FacilityKind::ElderlyDaycare]);
    let (mut have, mut lack) = (Vec::new(), Vec::new());
    for c in COMMUNITIES.iter() {
        let m = TargetMember { id: c.code.into(), name: c.short_name(), what: "community".into(), places: None };
        if daycares.iter().any(|f| f.community_code.as_deref() == Some(c.code)) { have.push(m) } else { lack.push(m) }
    }
    out.push(target(TargetId::CommunityDaycare, have.len() as u64, COMMUNITIES.len() as u64, have, lack));

    // Preschool places by ownership.
    let kindergartens = of_kind(&[FacilityKind::Kindergarten]);
    let all_places: u64 = kindergartens.iter().map(|f| maximum(f, ServiceKind::PreschoolPlace)).sum();
    for (id, counts) in [
        (
            TargetId::InclusivePreschoolShare,
            &[Ownership::Public, Ownership::InclusivePrivate, Ownership::PublicPrivate][..],
        ),
        (TargetId::PublicPreschoolShare, &[Ownership::Public][..]),
    ] {
        let (yes, no): (Vec<&Facility>, Vec<&Facility>) =
            kindergartens.iter().partition(|f| f.ownership.is_some_and(|o| counts.contains(&o)));
        let places = |f: &Facility| u32::try_from(maximum(f, ServiceKind::PreschoolPlace)).ok();
        let numerator = yes.iter().map(|f| maximum(f, ServiceKind::PreschoolPlace)).sum();
        out.push(target(
            id,
            numerator,
            all_places,
            lists.of(yes.iter().map(|f| member(f, places(f)))),
            lists.of(no.iter().map(|f| member(f, places(f)))),
        ));
    }

    // School lunch and after-school service in primary and middle schools.
    let schools = of_kind(&[FacilityKind::PrimarySchool, FacilityKind::MiddleSchool]);
    for (id, service) in
        [(TargetId::SchoolLunchShare, ServiceKind::SchoolLunch), (TargetId::AfterSchoolShare, ServiceKind::AfterSchool)]
    {
        let (yes, no): (Vec<&Facility>, Vec<&Facility>) = schools.iter().partition(|f| f.service(service).is_some());
        out.push(target(
            id,
            yes.len() as u64,
            schools.len() as u64,
            lists.of(yes.iter().map(|f| member(f, None))),
            lists.of(no.iter().map(|f| member(f, None))),
        ));
    }

    // Nursing-care beds among residents' beds, as the facilities' records give them (a home whose
    // record lacks either figure is left out of both sides, and listed as the gap).
    let homes = of_kind(&[FacilityKind::NursingHome, FacilityKind::ElderlyCenter]);
    let (known, unknown): (Vec<&Facility>, Vec<&Facility>) =
        homes.iter().partition(|f| f.details.beds_nursing.is_some() && f.details.beds_full_care.is_some());
    let beds = |f: &Facility| (f.details.beds_nursing.unwrap_or(0), f.details.beds_full_care.unwrap_or(0));
    out.push(target(
        TargetId::NursingBedShare,
        known.iter().map(|f| u64::from(beds(f).0)).sum(),
        known.iter().map(|f| u64::from(beds(f).1)).sum(),
        lists.of(known.iter().map(|f| member(f, Some(beds(f).0)))),
        lists.of(unknown.iter().map(|f| member(f, None))),
    ));

    // Holiday care places per 100 pupils.
    let holiday: Vec<&Facility> =
        open.iter().copied().filter(|f| f.service(ServiceKind::HolidayCare).is_some()).collect();
    let places: u64 = holiday.iter().map(|f| maximum(f, ServiceKind::HolidayCare)).sum();
    let members = lists.of(holiday.iter().map(|f| member(f, u32::try_from(maximum(f, ServiceKind::HolidayCare)).ok())));
    out.push(target(TargetId::HolidayCarePlacesPer100Pupils, places, pupils.unwrap_or(0), members, Vec::new()));
    out
}

/// Pupils aged 6–14 from the imported population; `None` when none is imported.
async fn pupils(state: &AppState) -> Result<Option<u64>, sqlx::Error> {
    let rows = state.store.population().await?;
    if rows.is_empty() {
        return Ok(None);
    }
    Ok(Some(rows.iter().map(|r| u64::from(r.age_6_11) + u64::from(r.age_12_14)).sum()))
}

/// The plan now, with each target's recorded trend.
pub async fn plan(state: &AppState) -> Result<Plan, sqlx::Error> {
    let now = crate::clock::now();
    let pupils = pupils(state).await?;
    let mut targets = compute(&state.index.all(), pupils, Lists::Facilities);
    let since = crate::calendar::shanghai_date(now - TREND_DAYS * 86_400);
    let snapshots = state.store.plan_snapshots(&since).await?;
    for t in &mut targets {
        t.trend = snapshots
            .iter()
            .filter(|(_, id, _)| id == t.id.as_str())
            .filter_map(|(day, _, value)| Some(TrendPoint { day: day.clone(), value: (*value)? }))
            .collect();
    }
    Ok(Plan { as_of: now, population_loaded: pupils.is_some(), targets })
}

/// Record today's values of `facilities` (every one; called by the scanner with the list it scanned, so
/// the trend grows while the server runs).
pub async fn record_snapshot(state: &AppState, facilities: &[Arc<Facility>], now: i64) -> Result<(), sqlx::Error> {
    let targets = compute(facilities, pupils(state).await?, Lists::CountsOnly);
    let rows: Vec<(&str, u64, u64, Option<f64>)> =
        targets.iter().map(|t| (t.id.as_str(), t.numerator, t.denominator, t.value)).collect();
    state.store.save_plan_snapshot(&crate::calendar::shanghai_date(now), &rows).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ServiceCapacity;

    fn f(
        id: &str,
        kind: FacilityKind,
        open: bool,
        place: (&str, &str),
        own: Option<Ownership>,
        svc: &[(ServiceKind, i32)],
    ) -> Arc<Facility> {
        Arc::new(Facility {
            ownership: own,
            status: if open { FacilityStatus::Open } else { FacilityStatus::TemporarilyClosed },
            subdistrict_code: Some(place.0.into()),
            community_code: Some(place.1.into()),
            services: svc
                .iter()
                .map(|(s, m)| ServiceCapacity { service: *s, available: 0, maximum: *m, updated_at: 0, version: 1 })
                .collect(),
            ..Facility::for_test(id, kind)
        })
    }

    #[test]
    fn targets_on_a_hand_worked_fixture() {
        use FacilityKind::*;
        use ServiceKind::*;
        let (s0, s1) = (SUBDISTRICTS[0].code, SUBDISTRICTS[1].code);
        let (c0, c1) = (COMMUNITIES[0].code, COMMUNITIES[1].code);
        let pub_ = Some(Ownership::Public);
        let facilities = vec![
            f("c1", ElderlyCenter, true, (s0, c0), None, &[(DayCare, 10)]),
            f("c2", ElderlyCenter, false, (s1, c1), None, &[(DayCare, 10)]), // closed: does not count
            f("d1", ElderlyDaycare, true, (s0, c0), None, &[(Meals, 10)]),
            f("d2", ElderlyDaycare, true, (s0, c0), None, &[(Meals, 10)]), // same community again
            f("d3", ElderlyDaycare, false, (s1, c1), None, &[(Meals, 10)]), // closed
            f("k1", Kindergarten, true, (s0, c0), pub_, &[(PreschoolPlace, 100)]),
            f("k2", Kindergarten, true, (s0, c0), Some(Ownership::InclusivePrivate), &[(PreschoolPlace, 60)]),
            f("k3", Kindergarten, true, (s0, c0), Some(Ownership::Private), &[(PreschoolPlace, 40)]),
            f("k4", Kindergarten, false, (s0, c0), pub_, &[(PreschoolPlace, 500)]), // closed
            f("p1", PrimarySchool, true, (s0, c0), pub_, &[(SchoolLunch, 300), (AfterSchool, 200)]),
            f("m1", MiddleSchool, true, (s0, c0), pub_, &[(SchoolLunch, 300)]),
            f("p2", PrimarySchool, true, (s0, c0), pub_, &[]),
            f("h1", FacilityKind::HolidayCare, true, (s0, c0), None, &[(ServiceKind::HolidayCare, 30)]),
            f("h2", FacilityKind::HolidayCare, true, (s0, c0), None, &[(ServiceKind::HolidayCare, 20)]),
            f("h3", FacilityKind::HolidayCare, false, (s0, c0), None, &[(ServiceKind::HolidayCare, 900)]), // closed
        ];
        let targets = compute(&facilities, Some(1000), Lists::Facilities);
        let get = |id: TargetId| targets.iter().find(|t| t.id == id).cloned().expect("target");
        let t = get(TargetId::SubdistrictCentres);
        assert_eq!((t.numerator, t.denominator), (1, 16));
        assert_eq!(t.members.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), vec![s0]);
        assert_eq!(t.gap.len(), 15);
        let t = get(TargetId::CommunityDaycare);
        assert_eq!((t.numerator, t.denominator), (1, 176));
        assert!(t.gap.iter().any(|m| m.id == c1), "the closed centre's community is a gap");
        let t = get(TargetId::InclusivePreschoolShare);
        assert_eq!((t.numerator, t.denominator, t.value), (160, 200, Some(0.8)));
        assert_eq!(t.gap.iter().map(|m| (m.id.as_str(), m.places)).collect::<Vec<_>>(), vec![("k3", Some(40))]);
        let t = get(TargetId::PublicPreschoolShare);
        assert_eq!((t.numerator, t.denominator, t.value), (100, 200, Some(0.5)));
        let t = get(TargetId::SchoolLunchShare);
        assert_eq!((t.numerator, t.denominator), (2, 3));
        let t = get(TargetId::AfterSchoolShare);
        assert_eq!((t.numerator, t.denominator), (1, 3));
        assert_eq!(t.gap.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), vec!["m1", "p2"]);
        let t = get(TargetId::HolidayCarePlacesPer100Pupils);
        assert_eq!((t.numerator, t.denominator, t.value), (50, 1000, Some(5.0)));

        let without = compute(&facilities, None, Lists::Facilities);
        let t = without.iter().find(|t| t.id == TargetId::HolidayCarePlacesPer100Pupils).expect("target");
        assert_eq!((t.numerator, t.denominator, t.value), (50, 0, None), "no population: no value, not zero");
        assert_eq!(targets.len(), TargetId::ALL.len());

        // Counting only: the same figures, the subdistricts and communities still listed, no facility.
        let counted = compute(&facilities, Some(1000), Lists::CountsOnly);
        let figures =
            |ts: &[PlanTarget]| -> Vec<_> { ts.iter().map(|t| (t.id, t.numerator, t.denominator, t.value)).collect() };
        assert_eq!(figures(&counted), figures(&targets));
        for t in &counted {
            let facility = |m: &TargetMember| m.what == "facility";
            assert!(!t.members.iter().chain(&t.gap).any(facility), "{:?} lists facilities", t.id);
        }
        let lists = |id: TargetId| counted.iter().find(|t| t.id == id).map(|t| (t.members.len(), t.gap.len()));
        assert_eq!(lists(TargetId::SubdistrictCentres), Some((1, 15)));
    }
}
