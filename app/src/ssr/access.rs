//! Spatial access to a service by the two-step floating catchment area method (2SFCA; Luo & Wang
//! 2003). Step 1: each open facility j's places are shared among the residents within d0 of it,
//! `R_j = S_j / Σ P_k`. Step 2: a community's access is what it can reach, `A_i = Σ R_j` over the
//! facilities within d0 of it. Pure: the caller supplies the communities and the facilities.

use std::sync::Arc;

use crate::geodesy::haversine_m;
use crate::model::{AccessFacility, AccessRow, Facility, FacilityStatus, ServiceKind};

/// A community as demand: where it is (WGS-84) and how many residents the service is planned for.
#[derive(Debug, Clone, PartialEq)]
pub struct Demand {
    pub code: String,
    pub name: String,
    pub subdistrict_code: String,
    pub lat: f64,
    pub lng: f64,
    pub population: u32,
}

/// The open facilities offering `service`, with their places (the service's `maximum`). A
/// temporarily closed one serves nobody, so it is neither supply nor anyone's nearest. By id (the
/// index keeps no order).
pub fn supply(facilities: &[Arc<Facility>], service: ServiceKind) -> Vec<AccessFacility> {
    let mut out: Vec<AccessFacility> = facilities
        .iter()
        .filter(|f| f.status == FacilityStatus::Open)
        .filter_map(|f| {
            let c = f.service(service)?;
            Some(AccessFacility {
                id: f.id.clone(),
                name: f.name.clone(),
                lat: f.lat,
                lng: f.lng,
                places: u32::try_from(c.maximum).unwrap_or(0),
            })
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// Each community's access, worst served first (lowest score, then more residents, then code).
pub fn two_step(demand: &[Demand], supply: &[AccessFacility], radius_m: u32) -> Vec<AccessRow> {
    let d0 = f64::from(radius_m);
    // Every distance once: a district has a few hundred communities and facilities per service.
    let dist: Vec<Vec<f64>> =
        demand.iter().map(|c| supply.iter().map(|s| haversine_m(c.lat, c.lng, s.lat, s.lng)).collect()).collect();

    // Step 1: places per resident at each facility, over the residents within d0 of it.
    let ratio: Vec<Option<f64>> = (0..supply.len())
        .map(|j| {
            let reached: u64 =
                (0..demand.len()).filter(|&k| dist[k][j] <= d0).map(|k| u64::from(demand[k].population)).sum();
            // Nobody within reach: the ratio is undefined and the facility adds nothing anywhere.
            (reached > 0).then(|| f64::from(supply[j].places) / reached as f64)
        })
        .collect();

    // Step 2: what each community can reach.
    let mut rows: Vec<AccessRow> = demand
        .iter()
        .enumerate()
        .map(|(i, c)| {
            // A fold from +0.0: `sum()` of nothing is -0.0, which sorts before 0.0 and shows as "-0.0".
            let score =
                (0..supply.len()).filter(|&j| dist[i][j] <= d0).filter_map(|j| ratio[j]).fold(0.0, |a, r| a + r);
            let nearest = dist[i].iter().copied().min_by(f64::total_cmp);
            AccessRow {
                code: c.code.clone(),
                name: c.name.clone(),
                subdistrict_code: c.subdistrict_code.clone(),
                lat: c.lat,
                lng: c.lng,
                population: c.population,
                score,
                // Rounded up, so that `nearest_m <= radius_m` says exactly "within d0" (see AccessRow::served).
                nearest_m: nearest.map(|d| d.ceil().min(f64::from(u32::MAX)) as u32),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        a.score.total_cmp(&b.score).then(b.population.cmp(&a.population)).then_with(|| a.code.cmp(&b.code))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::EARTH_RADIUS_M;
    use crate::model::ServiceCapacity;

    /// Degrees of latitude per metre on the haversine sphere: points on one meridian are exactly
    /// this far apart, so the fixture's distances are known without trigonometry.
    const DEG_PER_M: f64 = 180.0 / (std::f64::consts::PI * EARTH_RADIUS_M);
    const LNG: f64 = 113.6;
    const LAT0: f64 = 34.70;

    fn at(metres_north: f64) -> f64 {
        LAT0 + metres_north * DEG_PER_M
    }

    fn community(code: &str, north_m: f64, population: u32) -> Demand {
        Demand {
            code: code.into(),
            name: format!("{code}社区"),
            subdistrict_code: "410103001".into(),
            lat: at(north_m),
            lng: LNG,
            population,
        }
    }

    fn facility(id: &str, north_m: f64, service: ServiceKind, maximum: i32, status: FacilityStatus) -> Arc<Facility> {
        Arc::new(Facility {
            id: id.into(),
            name: id.into(),
            kind: crate::model::FacilityKind::ElderlyDaycare,
            ownership: None,
            status,
            subdistrict_code: None,
            community_code: None,
            parent_id: None,
            address: String::new(),
            phone: String::new(),
            lat: at(north_m),
            lng: LNG,
            location_basis: Default::default(),
            hours: Default::default(),
            ages: None,
            grades: None,
            sessions: Vec::new(),
            services: vec![ServiceCapacity { service, available: 0, maximum, updated_at: 0, version: 1 }],
            fees: None,
            accessibility: None,
            details: Default::default(),
            sample: false,
        })
    }

    /// Along one meridian (metres north of the origin; facilities off whole metres so that no
    /// distance sits on a radius, where rounding noise would decide):
    ///   A 0 (100 people) · B 400 (300) · C 1010 (50) · D 2950 (80)
    ///   F1 199.6, 60 places: 199.6 m from A and 200.4 m from B — shared by two 300 m circles
    ///   F2 1100.3, 10 places: 90.3 m from C, 700.3 m from B
    ///   F3 0, 500 places, temporarily closed: must not count
    ///   F4 2000.3, 40 places: 990.3 m from C, 949.7 m from D — nobody within 300 m
    ///   F5 500, meals only: another service
    fn fixture() -> (Vec<Demand>, Vec<AccessFacility>) {
        let demand = vec![
            community("A", 0.0, 100),
            community("B", 400.0, 300),
            community("C", 1010.0, 50),
            community("D", 2950.0, 80),
        ];
        let facilities = vec![
            facility("F1", 199.6, ServiceKind::DayCare, 60, FacilityStatus::Open),
            facility("F2", 1100.3, ServiceKind::DayCare, 10, FacilityStatus::Open),
            facility("F3", 0.0, ServiceKind::DayCare, 500, FacilityStatus::TemporarilyClosed),
            facility("F4", 2000.3, ServiceKind::DayCare, 40, FacilityStatus::Open),
            facility("F5", 500.0, ServiceKind::Meals, 90, FacilityStatus::Open),
        ];
        (demand, supply(&facilities, ServiceKind::DayCare))
    }

    fn by_code<'a>(rows: &'a [AccessRow], code: &str) -> &'a AccessRow {
        rows.iter().find(|r| r.code == code).expect("row")
    }

    #[test]
    fn supply_is_open_facilities_offering_the_service() {
        let (_, supply) = fixture();
        let got: Vec<(&str, u32)> = supply.iter().map(|s| (s.id.as_str(), s.places)).collect();
        assert_eq!(got, vec![("F1", 60), ("F2", 10), ("F4", 40)], "F3 closed and F5 without day care are left out");
    }

    #[test]
    fn two_step_scores_worked_by_hand() {
        let (demand, supply) = fixture();
        let rows = two_step(&demand, &supply, 300);
        // R_F1 = 60 / (100 + 300) = 0.15; R_F2 = 10 / 50 = 0.2; F4 reaches nobody: skipped.
        // A_A = R_F1 = 0.15 (F3 at 0 m is closed); A_B = R_F1 = 0.15; A_C = R_F2 = 0.2; A_D = 0.
        let close = |code: &str, want: f64| {
            let got = by_code(&rows, code).score;
            assert!((got - want).abs() < 1e-12, "{code}: {got} ≠ {want}");
        };
        close("A", 0.15);
        close("B", 0.15);
        close("C", 0.2);
        close("D", 0.0);
        assert!(by_code(&rows, "D").score.is_sign_positive(), "0, not -0 (it would sort first and print as -0.0)");
        // Worst first; A and B tie at 0.15, so the larger population (B, 300) comes first.
        let order: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(order, ["D", "B", "A", "C"]);
    }

    #[test]
    fn nearest_is_the_closest_open_facility_rounded_up() {
        let (demand, supply) = fixture();
        let rows = two_step(&demand, &supply, 300);
        // A: F1 at 199.6 m (closed F3 at 0 m does not count); B: F1 200.4 m; C: F2 90.3 m; D: F4
        // 949.7 m — each rounded up.
        let nearest = |code: &str| by_code(&rows, code).nearest_m;
        assert_eq!(nearest("A"), Some(200));
        assert_eq!(nearest("B"), Some(201));
        assert_eq!(nearest("C"), Some(91));
        assert_eq!(nearest("D"), Some(950));
        assert!(!by_code(&rows, "D").served(300));
        assert!(by_code(&rows, "A").served(300));
        // No facility at all: no nearest.
        let none = two_step(&demand, &[], 300);
        assert!(none.iter().all(|r| r.nearest_m.is_none() && r.score == 0.0));
    }

    #[test]
    fn a_wider_radius_changes_who_shares_what() {
        let (demand, supply) = fixture();
        let rows = two_step(&demand, &supply, 1000);
        // Within 1000 m: F1 reaches A (199.6), B (200.4), C (810.4) → R = 60 / 450 = 2/15.
        // F2 reaches B (700.3), C (90.3), not A (1100.3) → R = 10 / 350 = 1/35.
        // F4 reaches C (990.3), D (949.7) → R = 40 / 130 = 4/13.
        // A_A = 2/15; A_B = 2/15 + 1/35; A_C = 2/15 + 1/35 + 4/13; A_D = 4/13.
        let want = [
            ("A", 2.0 / 15.0),
            ("B", 2.0 / 15.0 + 1.0 / 35.0),
            ("C", 2.0 / 15.0 + 1.0 / 35.0 + 4.0 / 13.0),
            ("D", 4.0 / 13.0),
        ];
        for (code, score) in want {
            let got = by_code(&rows, code).score;
            assert!((got - score).abs() < 1e-9, "{code}: {got} ≠ {score}");
        }
    }

    #[test]
    fn total_score_times_population_is_the_places_reached() {
        // 2SFCA conserves supply: Σ A_i P_i = Σ S_j over facilities that reach anyone.
        let (demand, supply) = fixture();
        let rows = two_step(&demand, &supply, 300);
        let weighted: f64 = rows.iter().map(|r| r.score * f64::from(r.population)).sum();
        assert!((weighted - 70.0).abs() < 1e-9, "F1 60 + F2 10; F4 reaches nobody: {weighted}");
    }
}
