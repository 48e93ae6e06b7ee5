//! Where a new facility would help most: greedy maximal covering. Candidate sites lie on a regular
//! grid inside the district; each round picks the site that brings the most still-unserved residents
//! within the service's radius, and counts them as served for the rounds after. (Greedy is within
//! 1 − 1/e of the best possible set of sites, and a planner can follow its reasoning.)

use geo::BoundingRect;

use super::access::Demand;
use super::reference::{BOUNDARY_GCJ02, in_district};
use crate::geodesy::{EARTH_RADIUS_M, gcj02_to_wgs84, haversine_m};
use crate::model::Suggestion;

/// Candidate sites this far apart: fine against the smallest planning radius (300 m), and a few
/// thousand sites for the whole district.
pub const GRID_SPACING_M: f64 = 250.0;

/// Grid points (WGS-84 `(lat, lng)`) `spacing_m` apart inside the district boundary, south-west first.
pub fn grid(spacing_m: f64) -> Vec<(f64, f64)> {
    let Some(rect) = BOUNDARY_GCJ02.bounding_rect() else { return Vec::new() };
    // The boundary is GCJ-02; its corners shifted to WGS-84, widened by one step because the shift
    // varies a little across the district. `in_district` then decides exactly.
    let (west, south) = gcj02_to_wgs84(rect.min().x, rect.min().y);
    let (east, north) = gcj02_to_wgs84(rect.max().x, rect.max().y);
    let d_lat = (spacing_m / EARTH_RADIUS_M).to_degrees();
    let d_lng = d_lat / ((south + north) / 2.0).to_radians().cos();
    if !(d_lat > 0.0 && d_lng.is_finite()) {
        return Vec::new();
    }
    let rows = ((north - south) / d_lat).ceil() as i64 + 2;
    let cols = ((east - west) / d_lng).ceil() as i64 + 2;
    let mut out = Vec::new();
    for r in 0..=rows {
        for c in 0..=cols {
            let (lat, lng) = (south - d_lat + r as f64 * d_lat, west - d_lng + c as f64 * d_lng);
            if in_district(lat, lng) {
                out.push((lat, lng));
            }
        }
    }
    out
}

/// Up to `n` sites among `candidates`, best first. `unserved` are the communities no open facility
/// reaches now; a site covers those within `radius_m` of it. Stops early when no site adds anyone.
/// Ties go to the earlier candidate, so the answer is the same every time.
pub fn greedy(candidates: &[(f64, f64)], unserved: &[Demand], radius_m: u32, n: usize) -> Vec<Suggestion> {
    let d0 = f64::from(radius_m);
    let wanted: Vec<usize> = (0..unserved.len()).filter(|&k| unserved[k].population > 0).collect();
    // Which wanted communities each candidate reaches, computed once.
    let reach: Vec<Vec<usize>> = candidates
        .iter()
        .map(|&(lat, lng)| {
            wanted.iter().copied().filter(|&k| haversine_m(lat, lng, unserved[k].lat, unserved[k].lng) <= d0).collect()
        })
        .collect();
    let mut covered = vec![false; unserved.len()];
    let mut out = Vec::new();
    while out.len() < n {
        let gain = |ks: &Vec<usize>| -> u64 {
            ks.iter().filter(|&&k| !covered[k]).map(|&k| u64::from(unserved[k].population)).sum()
        };
        let mut best: Option<(usize, u64)> = None;
        for (i, ks) in reach.iter().enumerate() {
            let g = gain(ks);
            if g > best.map_or(0, |(_, b)| b) {
                best = Some((i, g));
            }
        }
        let Some((i, added)) = best else { break };
        let newly: Vec<usize> = reach[i].iter().copied().filter(|&k| !covered[k]).collect();
        for &k in &newly {
            covered[k] = true;
        }
        let (lat, lng) = candidates[i];
        out.push(Suggestion {
            lat,
            lng,
            added_population: u32::try_from(added).unwrap_or(u32::MAX),
            communities: newly.into_iter().map(|k| unserved[k].code.clone()).collect(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEG_PER_M: f64 = 180.0 / (std::f64::consts::PI * EARTH_RADIUS_M);
    const LNG: f64 = 113.6;

    /// A point `m` metres north of 34.70° on one meridian (distances along it are exact).
    fn north(m: f64) -> (f64, f64) {
        (34.70 + m * DEG_PER_M, LNG)
    }

    fn community(code: &str, m: f64, population: u32) -> Demand {
        let (lat, lng) = north(m);
        Demand { code: code.into(), name: code.into(), subdistrict_code: String::new(), lat, lng, population }
    }

    #[test]
    fn greedy_picks_the_known_best_then_counts_only_uncovered_people() {
        // Unserved communities on a line (metres): P 0 (100), Q 500 (100), R 1000 (150), S 3000 (120), Z 3100 (0).
        // Candidates with a 300 m radius:
        //   c0 at 250.3: P (250.3) + Q (249.7) = 200
        //   c1 at 750.3: Q (249.7) + R (249.7) = 250  ← best first
        //   c2 at 1000.3: R = 150
        //   c3 at 3050.3: S = 120 (Z has nobody)
        // Round 1: c1 (250: Q, R). Round 2 counts only the uncovered: c0 → P = 100, c2 → 0, c3 → 120:
        // c3 (120: S), although c0 reached more people before round 1. Round 3: c0 (100: P). Then nothing
        // more is gained and the fourth round stops the search.
        let unserved = vec![
            community("P", 0.0, 100),
            community("Q", 500.0, 100),
            community("R", 1000.0, 150),
            community("S", 3000.0, 120),
            community("Z", 3100.0, 0),
        ];
        let candidates = [north(250.3), north(750.3), north(1000.3), north(3050.3)];
        let picks = greedy(&candidates, &unserved, 300, 5);
        let got: Vec<(u32, Vec<&str>)> =
            picks.iter().map(|s| (s.added_population, s.communities.iter().map(String::as_str).collect())).collect();
        assert_eq!(got, vec![(250, vec!["Q", "R"]), (120, vec!["S"]), (100, vec!["P"])]);
        assert_eq!((picks[0].lat, picks[0].lng), candidates[1]);
        // n limits the number of rounds.
        assert_eq!(greedy(&candidates, &unserved, 300, 1).len(), 1);
        // Nobody unserved: no suggestion.
        assert!(greedy(&candidates, &[], 300, 5).is_empty());
    }

    #[test]
    fn grid_lies_inside_the_district_at_the_given_spacing() {
        let points = grid(1000.0);
        // Erqi is about 156 km²: one point per km², give or take the edges.
        assert!((120..=200).contains(&points.len()), "{} points", points.len());
        assert!(points.iter().all(|&(lat, lng)| in_district(lat, lng)));
        // No two points closer than the spacing, and nearly every point has a neighbour at it (rows are
        // exactly 1000 m apart; along a row the spacing drifts by ~1 m with latitude).
        let nearest: Vec<f64> = points
            .iter()
            .map(|&(a, b)| {
                points.iter().filter(|&&p| p != (a, b)).map(|&(c, d)| haversine_m(a, b, c, d)).fold(f64::MAX, f64::min)
            })
            .collect();
        assert!(nearest.iter().all(|&d| d > 995.0), "{nearest:?}");
        let regular = nearest.iter().filter(|&&d| d < 1005.0).count();
        assert!(regular * 10 >= points.len() * 9, "{regular} of {} have a neighbour at 1 km", points.len());
        // A quarter of the spacing, about sixteen times the points.
        let finer = grid(GRID_SPACING_M);
        assert!(finer.len() > 12 * points.len(), "{} at 250 m vs {} at 1 km", finer.len(), points.len());
    }
}
