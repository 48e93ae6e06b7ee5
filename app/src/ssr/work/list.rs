//! The list the operations page and the manager page show: filtered, counted, ordered.

use crate::model::{WorkFilter, WorkItem, WorkList, WorkState};

/// At most this many items are sent (counts cover all).
pub const PAGE: usize = 200;

/// Closed items stay in the lists (and the median) this long.
pub const CLOSED_KEPT_S: i64 = 90 * 86_400;

/// Every item the district sees, filtered: for the operations page and its download.
pub async fn full_list(state: &crate::ssr::state::AppState, filter: &WorkFilter) -> Result<WorkList, sqlx::Error> {
    scoped_list(state, filter, |_| true).await
}

/// The items `in_scope` lets through, filtered.
pub async fn scoped_list(
    state: &crate::ssr::state::AppState,
    filter: &WorkFilter,
    in_scope: impl Fn(&WorkItem) -> bool,
) -> Result<WorkList, sqlx::Error> {
    let now = crate::clock::now();
    let items = state.store.work_items(now - CLOSED_KEPT_S).await?;
    Ok(summarise(items, filter, in_scope, now))
}

/// `items` narrowed to `in_scope` (whose they are) and `filter`; counts by state and overdue over the
/// scope and every filter but the state, so the page can show what each state holds; the median time
/// to resolve over resolved items; the page ordered overdue first, then by due time, closed last.
pub fn summarise(
    items: Vec<WorkItem>,
    filter: &WorkFilter,
    in_scope: impl Fn(&WorkItem) -> bool,
    now: i64,
) -> WorkList {
    let matching: Vec<WorkItem> = items
        .into_iter()
        .filter(|i| in_scope(i))
        .filter(|i| filter.subdistrict.as_ref().is_none_or(|s| i.subdistrict_code.as_ref() == Some(s)))
        .filter(|i| filter.kind.is_none_or(|k| i.kind == k))
        .collect();
    let mut counts = [0u32; WorkState::ALL.len()];
    for i in &matching {
        if let Some(n) = WorkState::ALL.iter().position(|s| *s == i.state) {
            counts[n] += 1;
        }
    }
    let overdue = matching.iter().filter(|i| i.is_overdue(now)).count() as u32;
    let mut times: Vec<i64> = matching
        .iter()
        .filter(|i| i.state == WorkState::Resolved)
        .filter_map(|i| Some(i.closed_at? - i.created_at))
        .collect();
    times.sort_unstable();
    let median_resolve_s = match times.len() {
        0 => None,
        n if n % 2 == 1 => Some(times[n / 2]),
        n => Some((times[n / 2 - 1] + times[n / 2]) / 2),
    };
    let mut items: Vec<WorkItem> = matching
        .into_iter()
        .filter(|i| filter.state.is_none_or(|s| i.state == s))
        .filter(|i| !filter.overdue || i.is_overdue(now))
        .collect();
    items.sort_by_key(|i| {
        (
            !i.is_overdue(now),
            !i.state.is_active(),
            if i.state.is_active() { i.due_at } else { -i.closed_at.unwrap_or(0) },
        )
    });
    items.truncate(PAGE);
    WorkList { items, counts, overdue, median_resolve_s, as_of: now }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Responsible, WorkKind};

    fn item(
        id: i64,
        kind: WorkKind,
        state: WorkState,
        sd: &str,
        created: i64,
        due: i64,
        closed: Option<i64>,
    ) -> WorkItem {
        WorkItem {
            id,
            kind,
            state,
            responsible: Responsible::District,
            facility_id: Some(format!("f{id}")),
            subject: format!("facility {id}"),
            subdistrict_code: Some(sd.into()),
            community_code: None,
            service: None,
            reports: 0,
            detail: String::new(),
            created_at: created,
            due_at: due,
            escalated_at: None,
            closed_at: closed,
            note: String::new(),
        }
    }

    #[test]
    fn counts_median_order_and_filters() {
        let now = 1_000;
        let items = vec![
            item(1, WorkKind::ReportFull, WorkState::Open, "a", 0, 2_000, None),
            item(2, WorkKind::StaleFigure, WorkState::Acknowledged, "a", 0, 500, None), // overdue
            item(3, WorkKind::ReportFull, WorkState::Resolved, "a", 100, 200, Some(400)), // took 300
            item(4, WorkKind::ReportFull, WorkState::Resolved, "b", 0, 200, Some(100)), // took 100
            item(5, WorkKind::ReportFull, WorkState::Resolved, "a", 0, 200, Some(1_000)), // took 1000
            item(6, WorkKind::CoverageGap, WorkState::Dismissed, "b", 0, 200, Some(50)),
        ];
        let all = summarise(items.clone(), &WorkFilter::default(), |_| true, now);
        assert_eq!(all.counts, [1, 1, 3, 1]);
        assert_eq!(all.overdue, 1);
        assert_eq!(all.median_resolve_s, Some(300), "median of 100, 300, 1000");
        let order: Vec<i64> = all.items.iter().map(|i| i.id).collect();
        assert_eq!(order, vec![2, 1, 5, 3, 4, 6], "overdue first, then active by due, then closed newest first");

        let f = WorkFilter { subdistrict: Some("a".into()), kind: Some(WorkKind::ReportFull), ..Default::default() };
        let a = summarise(items.clone(), &f, |_| true, now);
        assert_eq!(a.counts, [1, 0, 2, 0]);
        assert_eq!(a.median_resolve_s, Some(650), "median of 300 and 1000");

        let f = WorkFilter { overdue: true, ..Default::default() };
        let o = summarise(items.clone(), &f, |_| true, now);
        assert_eq!(o.items.iter().map(|i| i.id).collect::<Vec<_>>(), vec![2]);

        let f = WorkFilter { state: Some(WorkState::Resolved), ..Default::default() };
        let mine = summarise(items, &f, |i| i.subdistrict_code.as_deref() == Some("b"), now);
        assert_eq!(mine.items.iter().map(|i| i.id).collect::<Vec<_>>(), vec![4]);
        assert_eq!(mine.counts, [0, 0, 1, 1], "counts ignore the state filter, not the scope");
        assert_eq!(mine.median_resolve_s, Some(100));
    }
}
