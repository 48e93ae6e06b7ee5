//! Figures over time, rebuilt from the audit trail: start from each figure as it is now and undo its
//! recorded changes, newest first, to learn what it was at the end of each past day or week. No
//! separate history table: the audit trail is the one record of what changed.

use std::collections::HashMap;

use crate::model::{AreaTrend, FacilityTrend, Granularity, SeriesPoint, ServiceCapacity, ServiceKind, ServiceTrend};
use crate::ssr::state::AppState;
use crate::ssr::store::{ChangedField, FigureChange};
use crate::subdistricts::SUBDISTRICTS;

const DAY: i64 = 86_400;
const SHANGHAI: i64 = 8 * 3600;

/// The ends of the last `n` periods (exclusive; local midnights), oldest first; the last is the
/// coming midnight, so the newest period is today (or this week so far).
pub fn period_ends(now: i64, granularity: Granularity) -> Vec<i64> {
    let (n, step) = granularity.span();
    let next_midnight = ((now + SHANGHAI).div_euclid(DAY) + 1) * DAY - SHANGHAI;
    (0..n as i64).rev().map(|k| next_midnight - k * step).collect()
}

/// One figure at each period end. `changes`: this figure's recorded changes, oldest first.
/// Freshness at an end counts the figure only when its last update before then is known.
pub fn series(
    current: &ServiceCapacity,
    changes: &[&FigureChange],
    ends: &[i64],
    stale_after_s: i64,
) -> Vec<SeriesPoint> {
    let (mut available, mut maximum) = (i64::from(current.available), i64::from(current.maximum));
    let mut undone = changes.len();
    let mut out = Vec::with_capacity(ends.len());
    for &end in ends.iter().rev() {
        while undone > 0 && changes[undone - 1].at >= end {
            let c = changes[undone - 1];
            match c.field {
                ChangedField::Available => available = c.old.unwrap_or(available),
                ChangedField::Maximum => maximum = c.old.unwrap_or(maximum),
                ChangedField::Confirmed => {}
            }
            undone -= 1;
        }
        // The last update before `end`: a recorded change, else the figure's own time if that is
        // earlier, else what a later "still correct" says the time was before it.
        let updated = if undone > 0 {
            Some(changes[undone - 1].at)
        } else if current.updated_at < end {
            Some(current.updated_at)
        } else {
            changes.first().filter(|c| c.field == ChangedField::Confirmed).and_then(|c| c.old).filter(|t| *t < end)
        };
        let fresh = updated.is_some_and(|t| end - t <= stale_after_s);
        out.push(SeriesPoint {
            end,
            available,
            maximum,
            fresh: u32::from(fresh),
            figures: u32::from(updated.is_some()),
        });
    }
    out.reverse();
    out
}

fn by_figure(changes: &[FigureChange]) -> HashMap<(&str, ServiceKind), Vec<&FigureChange>> {
    let mut map: HashMap<(&str, ServiceKind), Vec<&FigureChange>> = HashMap::new();
    for c in changes {
        map.entry((c.facility_id.as_str(), c.service)).or_default().push(c);
    }
    map
}

/// A facility's services, day by day over the last 30 days.
pub async fn facility_trend(state: &AppState, id: &str) -> Result<Option<FacilityTrend>, sqlx::Error> {
    let Some(f) = state.index.get(id) else { return Ok(None) };
    let now = crate::clock::now();
    let ends = period_ends(now, Granularity::Day);
    let changes = state.store.figure_changes(Some(id), ends[0] - DAY).await?;
    let grouped = by_figure(&changes);
    let limit = state.settings.stale_after.for_kind(f.kind);
    let services = f
        .services
        .iter()
        .map(|c| {
            let mine = grouped.get(&(f.id.as_str(), c.service)).map(Vec::as_slice).unwrap_or(&[]);
            ServiceTrend { service: c.service, points: series(c, mine, &ends, limit) }
        })
        .collect();
    Ok(Some(FacilityTrend { facility_id: f.id.clone(), services }))
}

/// One service summed per subdistrict, by day or by week.
pub async fn area_trend(
    state: &AppState,
    service: ServiceKind,
    granularity: Granularity,
) -> Result<AreaTrend, sqlx::Error> {
    let now = crate::clock::now();
    let ends = period_ends(now, granularity);
    let (_, step) = granularity.span();
    let changes = state.store.figure_changes(None, ends[0] - step).await?;
    let grouped = by_figure(&changes);
    let mut sums: HashMap<&str, Vec<SeriesPoint>> = HashMap::new();
    let facilities = state.index.all();
    for f in &facilities {
        let (Some(sd), Some(c)) = (f.subdistrict_code.as_deref(), f.service(service)) else { continue };
        let mine = grouped.get(&(f.id.as_str(), service)).map(Vec::as_slice).unwrap_or(&[]);
        let points = series(c, mine, &ends, state.settings.stale_after.for_kind(f.kind));
        let total = sums.entry(sd).or_insert_with(|| {
            ends.iter().map(|&end| SeriesPoint { end, available: 0, maximum: 0, fresh: 0, figures: 0 }).collect()
        });
        for (t, p) in total.iter_mut().zip(points) {
            t.available += p.available;
            t.maximum += p.maximum;
            t.fresh += p.fresh;
            t.figures += p.figures;
        }
    }
    let subdistricts = SUBDISTRICTS
        .iter()
        .filter_map(|s| Some((s.code.to_string(), s.name.to_string(), sums.remove(s.code)?)))
        .collect();
    Ok(AreaTrend { service, granularity, subdistricts })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(at: i64, field: ChangedField, old: i64, new: i64) -> FigureChange {
        FigureChange { facility_id: "f".into(), service: ServiceKind::Meals, at, field, old: Some(old), new: Some(new) }
    }

    #[test]
    fn periods_end_at_local_midnight() {
        // 2026-11-26 10:00 in Shanghai = 02:00 UTC.
        let now = 1_795_658_400; // 2026-11-26T02:00:00Z
        let ends = period_ends(now, Granularity::Day);
        assert_eq!(ends.len(), 30);
        assert_eq!(crate::calendar::shanghai_datetime(*ends.last().expect("end")), "2026-11-27 00:00");
        assert_eq!(ends[29] - ends[28], DAY);
        let weeks = period_ends(now, Granularity::Week);
        assert_eq!((weeks.len(), weeks[1] - weeks[0]), (26, 7 * DAY));
    }

    #[test]
    fn undoes_changes_newest_first() {
        let ends = [100, 200, 300, 400];
        // Now: 2 of 12, last updated at 350. History: 5→4 at 150 (available), 10→12 at 250 (maximum),
        // 4→2 at 350 (available), a confirmation at 180 (old time 90).
        let current =
            ServiceCapacity { service: ServiceKind::Meals, available: 2, maximum: 12, updated_at: 350, version: 5 };
        let log = [
            change(150, ChangedField::Available, 5, 4),
            change(180, ChangedField::Confirmed, 90, 180),
            change(250, ChangedField::Maximum, 10, 12),
            change(350, ChangedField::Available, 4, 2),
        ];
        let refs: Vec<&FigureChange> = log.iter().collect();
        let s = series(&current, &refs, &ends, 60);
        let got: Vec<(i64, i64)> = s.iter().map(|p| (p.available, p.maximum)).collect();
        assert_eq!(got, vec![(5, 10), (4, 10), (4, 12), (2, 12)]);
        // Last update before each end: 100 → unknown (nothing recorded before it, the figure's own
        // time is later, and the first change is not a confirmation); 200 → 180; 300 → 250; 400 → 350.
        let fresh: Vec<(u32, u32)> = s.iter().map(|p| (p.fresh, p.figures)).collect();
        assert_eq!(fresh, vec![(0, 0), (1, 1), (1, 1), (1, 1)]);
        let s = series(&current, &refs, &ends, 30);
        assert_eq!(
            s.iter().map(|p| p.fresh).collect::<Vec<_>>(),
            vec![0, 1, 0, 0],
            "only 180 is within 30 s of its end"
        );
    }

    #[test]
    fn no_history_is_flat() {
        let current =
            ServiceCapacity { service: ServiceKind::Meals, available: 3, maximum: 9, updated_at: 50, version: 1 };
        let s = series(&current, &[], &[100, 200], 120);
        assert_eq!(
            s.iter().map(|p| (p.available, p.maximum, p.fresh, p.figures)).collect::<Vec<_>>(),
            vec![(3, 9, 1, 1), (3, 9, 0, 1)]
        );
    }
}
