//! The population sample: the district's real 2020 census totals per age group, split across its
//! 176 communities in made-up proportions (no community-level figures are public). Every column sums
//! exactly to the census total, and no community has more people over 80 than over 60.

use super::apportion::apportion;
use super::census::census_totals;
use crate::model::{AgeGroup, CommunityPopulation};
use crate::ssr::reference::COMMUNITIES;

/// The sample, deterministic for a given seed; points are left to the communities' approximate ones.
pub fn erqi_population(seed: u64) -> Result<Vec<CommunityPopulation>, String> {
    let totals = census_totals()?;
    let mut rng = fastrand::Rng::with_seed(seed);
    // A community's size (up to four times another's), and how old or young it is (±30 %): an
    // old inner-city estate and a new one of young families look different.
    let (mut young, mut old) = (Vec::new(), Vec::new());
    for _ in COMMUNITIES.iter() {
        let size = rng.u64(400..=1600);
        young.push(size * rng.u64(70..=130));
        old.push(size * rng.u64(70..=130));
    }
    // One column per group; 80+ shares the 60+ weights, so a community's 80+ stays a sixth or so of
    // its 60+ (checked below all the same).
    let columns: Vec<Vec<u64>> = AgeGroup::ALL
        .iter()
        .zip(totals)
        .map(|(&g, total)| {
            let weights = if matches!(g, AgeGroup::Age60Plus | AgeGroup::Age80Plus) { &old } else { &young };
            apportion(u64::from(total), weights)
        })
        .collect();
    let count = |group: usize, i: usize| u32::try_from(columns[group][i]).unwrap_or(u32::MAX);
    let rows: Vec<CommunityPopulation> = COMMUNITIES
        .iter()
        .enumerate()
        .map(|(i, c)| CommunityPopulation {
            code: c.code.to_string(),
            lat: None,
            lng: None,
            age_0_2: count(0, i),
            age_3_5: count(1, i),
            age_6_11: count(2, i),
            age_12_14: count(3, i),
            age_60_plus: count(4, i),
            age_80_plus: count(5, i),
            sample: true,
        })
        .collect();
    match rows.iter().find(|p| p.age_80_plus > p.age_60_plus) {
        Some(p) => Err(format!("{}: more people over 80 than over 60", p.code)),
        None => Ok(rows),
    }
}
