//! "依靠线上及时发现": the scanner looks at the live data for problems nobody reported — figures past
//! their freshness limit, services full for too long, subdistricts and communities without their
//! centre — opens an item for each new one, closes the items whose problem is gone, and escalates
//! overdue items. It runs at start-up and then periodically; several instances may run it at once
//! (opening is idempotent by the item's key, closing checks the state it saw).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::lifecycle::facility_item;
use super::{WorkRules, key};
use crate::model::{Facility, FacilityKind, FacilityStatus, Responsible, ServiceKind, StaleAfter, WorkKind};
use crate::ssr::reference::COMMUNITIES;
use crate::ssr::state::AppState;
use crate::ssr::store::{Actor, NewWorkItem, SYSTEM};
use crate::subdistricts::SUBDISTRICTS;

/// New problems handed to the store at once (it writes them a few hundred to a transaction).
const OPEN_AT_ONCE: usize = 4096;

/// The kinds the scanner owns (reports are opened by residents).
const SCANNED: [WorkKind; 3] = [WorkKind::StaleFigure, WorkKind::FullTooLong, WorkKind::CoverageGap];

/// Every problem the data shows now, one at a time (at national scale there can be over a million: a
/// day after an import nobody has confirmed, every figure with a one-day limit is stale).
/// `last_available`: when each figure's free places last changed.
pub fn find_problems<'a>(
    facilities: &'a [Arc<Facility>],
    managed: &'a HashSet<String>,
    last_available: &'a HashMap<(String, ServiceKind), i64>,
    stale_after: &'a StaleAfter,
    rules: &'a WorkRules,
    now: i64,
) -> impl Iterator<Item = NewWorkItem> + 'a {
    let open = facilities.iter().filter(|f| f.status == FacilityStatus::Open);
    let figures = open.flat_map(move |f| {
        let has_manager = managed.contains(&f.id);
        let limit = stale_after.for_kind(f.kind);
        f.services.iter().flat_map(move |c| {
            let stale = (!c.is_fresh(now, limit)).then(|| {
                let item = facility_item(rules, WorkKind::StaleFigure, f, Some(c.service), has_manager, now);
                NewWorkItem { detail: crate::calendar::shanghai_datetime(c.updated_at), ..item }
            });
            // Full since its free places last changed (to 0); with no recorded change, since the figure
            // was set.
            let full = (c.maximum > 0 && c.available == 0)
                .then(|| last_available.get(&(f.id.clone(), c.service)).copied().unwrap_or(c.updated_at))
                .filter(|since| now - since > rules.full_after_s)
                .map(|since| {
                    let item = facility_item(rules, WorkKind::FullTooLong, f, Some(c.service), has_manager, now);
                    NewWorkItem { detail: crate::calendar::shanghai_datetime(since), ..item }
                });
            stale.into_iter().chain(full)
        })
    });
    figures.chain(coverage_gaps(facilities, rules, now))
}

/// Subdistricts without an open big centre and communities without an open day-care centre.
fn coverage_gaps(facilities: &[Arc<Facility>], rules: &WorkRules, now: i64) -> Vec<NewWorkItem> {
    let open_of = |kind: FacilityKind| -> Vec<&Arc<Facility>> {
        facilities.iter().filter(|f| f.kind == kind && f.status == FacilityStatus::Open).collect()
    };
    let (centres, daycares) = (open_of(FacilityKind::ElderlyCenter), open_of(FacilityKind::ElderlyDaycare));
    let gap = |open_key: String, subject: String, sd: &str, community: Option<&str>| NewWorkItem {
        kind: WorkKind::CoverageGap,
        responsible: Responsible::District,
        facility_id: None,
        subject,
        subdistrict_code: Some(sd.to_string()),
        community_code: community.map(str::to_string),
        service: None,
        detail: String::new(),
        due_at: now + rules.due_for(WorkKind::CoverageGap),
        open_key,
    };
    let mut out = Vec::new();
    for s in SUBDISTRICTS.iter() {
        if !centres.iter().any(|f| f.subdistrict_code.as_deref() == Some(s.code)) {
            out.push(gap(key::gap_centre(s.code), s.name.to_string(), s.code, None));
        }
    }
    for c in COMMUNITIES.iter() {
        if !daycares.iter().any(|f| f.community_code.as_deref() == Some(c.code)) {
            out.push(gap(key::gap_daycare(c.code), c.short_name(), c.subdistrict_code, Some(c.code)));
        }
    }
    out
}

/// What one scan did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ScanOutcome {
    pub opened: u32,
    pub closed: u32,
    pub escalated: u64,
}

pub async fn scan(state: &AppState, now: i64) -> Result<ScanOutcome, sqlx::Error> {
    let facilities = state.index.all();
    let managed = state.store.managed_facility_ids().await?;
    let full: Vec<(&str, ServiceKind)> = facilities
        .iter()
        .flat_map(|f| {
            f.services.iter().filter(|c| c.available == 0 && c.maximum > 0).map(|c| (f.id.as_str(), c.service))
        })
        .collect();
    let last_available = state.store.last_available_change(&full).await?;
    drop(full);
    // Every active item's key; each problem found takes its key out, so what is left is gone. Only new
    // problems are kept, and opened a batch at a time: a scan holds the active keys, not every problem.
    let mut active = HashSet::new();
    for kind in SCANNED {
        active.extend(state.store.active_work_keys(kind).await?);
    }
    let mut outcome = ScanOutcome::default();
    let mut new = Vec::new();
    let (stale_after, rules) = (&state.settings.stale_after, &state.settings.work);
    for p in find_problems(&facilities, &managed, &last_available, stale_after, rules, now) {
        if active.remove(&p.open_key) {
            continue;
        }
        new.push(p);
        if new.len() == OPEN_AT_ONCE {
            outcome.opened += state.store.open_work_items(&new, now).await?;
            new.clear();
        }
    }
    outcome.opened += state.store.open_work_items(&new, now).await?;
    let gone: Vec<String> = active.into_iter().collect();
    let system = Actor { user_id: None, login: SYSTEM.to_string(), via: "system" };
    outcome.closed =
        state.store.resolve_work_items(&gone, crate::model::system_note::PROBLEM_GONE, &system, now).await?;
    state.store.refresh_responsible(&managed).await?;
    outcome.escalated = state.store.escalate_overdue(now).await?;
    crate::ssr::plan::record_snapshot(state, &facilities, now).await?;
    Ok(outcome)
}

/// Scan now and then every `rules.scan_every_s`, for as long as the server runs.
pub async fn scan_forever(state: AppState) {
    let every = std::time::Duration::from_secs(state.settings.work.scan_every_s.max(1));
    loop {
        let now = crate::clock::now();
        match scan(&state, now).await {
            Ok(o) => {
                state.work_scanned_at.store(now, std::sync::atomic::Ordering::Relaxed);
                if o.opened + o.closed > 0 || o.escalated > 0 {
                    tracing::info!(opened = o.opened, closed = o.closed, escalated = o.escalated, "work items scanned");
                }
            }
            // The server is stopping.
            Err(sqlx::Error::PoolClosed) => return,
            Err(e) => tracing::error!(error = %e, "work item scan failed"),
        }
        tokio::time::sleep(every).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ServiceCapacity, StaleAfter};

    fn facility(id: &str, kind: FacilityKind, community: &str, services: Vec<ServiceCapacity>) -> Arc<Facility> {
        Arc::new(Facility {
            subdistrict_code: Some(community[..9].to_string()),
            community_code: Some(community.into()),
            services,
            ..Facility::for_test(id, kind)
        })
    }

    fn cap(service: ServiceKind, available: i32, maximum: i32, updated_at: i64) -> ServiceCapacity {
        ServiceCapacity { service, available, maximum, updated_at, version: 1 }
    }

    #[test]
    fn finds_stale_full_and_gaps() {
        let day = 86_400;
        let now = 100 * day;
        let community = COMMUNITIES[0].code;
        let rules = WorkRules::default();
        let facilities = vec![
            // Fresh with places: no problem. Its community is covered.
            facility("ok", FacilityKind::ElderlyDaycare, community, vec![cap(ServiceKind::Meals, 3, 10, now - 60)]),
            // Stale (2 days, limit 1 day) and full since 10 days (by its last recorded change).
            facility(
                "bad",
                FacilityKind::NursingHome,
                community,
                vec![cap(ServiceKind::ResidentialBed, 0, 50, now - 2 * day)],
            ),
            // Full for 3 days only: not yet a problem; fresh.
            facility(
                "soon",
                FacilityKind::NursingHome,
                community,
                vec![cap(ServiceKind::Respite, 0, 5, now - 3 * day)],
            ),
        ];
        let mut closed = (*facilities[0]).clone();
        closed.id = "closed".into();
        closed.status = FacilityStatus::TemporarilyClosed;
        closed.services = vec![cap(ServiceKind::Meals, 0, 10, 0)];
        let mut all = facilities.clone();
        all.push(Arc::new(closed));
        let managed: HashSet<String> = ["bad".to_string()].into();
        let mut last = HashMap::new();
        last.insert(("bad".to_string(), ServiceKind::ResidentialBed), now - 10 * day);
        let mut stale_after = StaleAfter::default();
        stale_after.set(FacilityKind::NursingHome, day);
        stale_after.set(FacilityKind::ElderlyDaycare, day);
        let soon = &facilities[2];
        let soon_stale = !soon.services[0].is_fresh(now, day);
        let problems: Vec<NewWorkItem> = find_problems(&all, &managed, &last, &stale_after, &rules, now).collect();
        let keys: HashSet<&str> = problems.iter().map(|p| p.open_key.as_str()).collect();
        assert!(keys.contains(key::stale("bad", ServiceKind::ResidentialBed).as_str()));
        assert!(keys.contains(key::full("bad", ServiceKind::ResidentialBed).as_str()));
        assert!(!keys.contains(key::full("soon", ServiceKind::Respite).as_str()), "full for 3 days only");
        assert_eq!(keys.contains(key::stale("soon", ServiceKind::Respite).as_str()), soon_stale);
        assert!(!keys.iter().any(|k| k.contains(":ok:") || k.contains(":closed:")), "fresh or closed: nothing");
        assert!(!keys.contains(key::gap_daycare(community).as_str()), "its community has a day-care centre");
        // Every other community lacks one, and no subdistrict has a centre.
        assert_eq!(keys.iter().filter(|k| k.starts_with("coverage_gap:daycare:")).count(), COMMUNITIES.len() - 1);
        assert_eq!(keys.iter().filter(|k| k.starts_with("coverage_gap:centre:")).count(), SUBDISTRICTS.len());
        let bad = problems.iter().find(|p| p.open_key == key::stale("bad", ServiceKind::ResidentialBed));
        assert_eq!(bad.map(|p| (p.responsible, p.due_at)), Some((Responsible::Managers, now + 2 * day)));
        let gap = problems.iter().find(|p| p.kind == WorkKind::CoverageGap);
        assert_eq!(gap.map(|p| (p.responsible, p.facility_id.clone())), Some((Responsible::District, None)));
    }
}
