//! Which facilities a query wants, checked against the live in-memory figures.

use super::summary::{ANY_LIVE, ANY_OPEN, CLOSED, DEAD, EXACT, NodeSummary, OPEN, Summary, ownership_bit, service_bit};
use crate::model::{
    Audience, Facility, FacilityKind, FacilityStatus, NearestQuery, RecordFilter, ServiceKind, StaleAfter,
};

/// What a leaf's summary says about a facility: settled, or look at the facility itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    Yes,
    No,
    Maybe,
}

#[derive(Debug, Clone)]
pub struct Filter {
    /// Bit per kind index; 0 means every kind.
    kinds: u8,
    /// Bit per wanted service (each must be offered, and with `available` have free places); 0 means any.
    services: u16,
    /// Require free places; only figures fresher than `stale_after` count, unless `include_stale`.
    available: bool,
    include_stale: bool,
    stale_after: StaleAfter,
    now: i64,
    /// Open at this local (Asia/Shanghai) weekday and minute.
    open_at: Option<(u8, u16)>,
    age: Option<u8>,
    grade: Option<u8>,
    /// Bit per wanted ownership; 0 means any.
    ownership: u8,
    dates: Option<(String, String)>,
    record: RecordFilter,
}

impl Filter {
    pub fn any() -> Self {
        Filter {
            kinds: 0,
            services: 0,
            available: false,
            include_stale: false,
            stale_after: StaleAfter::default(),
            now: 0,
            open_at: None,
            age: None,
            grade: None,
            ownership: 0,
            dates: None,
            record: RecordFilter::default(),
        }
    }

    pub fn from_query(q: &NearestQuery, stale_after: StaleAfter, now: i64) -> Self {
        Filter {
            kinds: q.kinds.iter().fold(0u8, |m, k| m | (1 << k.index())),
            services: q.services.iter().fold(0u16, |m, s| m | service_bit(*s)),
            available: q.available,
            include_stale: q.include_stale,
            stale_after,
            now,
            open_at: q.open_now.then(|| crate::calendar::shanghai_weekday_minute(now)),
            age: q.age,
            grade: q.grade,
            ownership: q.ownership.iter().fold(0u8, |m, o| m | ownership_bit(*o)),
            dates: q.dates.clone(),
            record: q.record,
        }
    }

    pub fn kinds(mut self, kinds: &[FacilityKind]) -> Self {
        self.kinds = kinds.iter().fold(0u8, |m, k| m | (1 << k.index()));
        self
    }

    pub fn service(mut self, service: Option<ServiceKind>) -> Self {
        self.services = service.map_or(0, service_bit);
        self
    }

    fn wanted(&self) -> impl Iterator<Item = ServiceKind> + '_ {
        ServiceKind::ALL.into_iter().filter(|s| self.services & service_bit(*s) != 0)
    }

    pub fn available(mut self, available: bool, now: i64) -> Self {
        self.available = available;
        self.now = now;
        self
    }

    fn fits_child(&self, f: &Facility) -> bool {
        if let Some(age) = self.age
            && !f.ages.is_some_and(|r| r.contains(age))
        {
            return false;
        }
        if f.kind == FacilityKind::HolidayCare && (self.grade.is_some() || self.dates.is_some()) {
            // Holiday childcare is chosen by its sessions: one must fit both the dates and the grade.
            return f.sessions.iter().any(|s| {
                self.dates.as_ref().is_none_or(|(from, to)| s.overlaps(from, to))
                    && self.grade.is_none_or(|g| s.grades.contains(g))
            });
        }
        self.grade.is_none_or(|g| f.grades.is_some_and(|r| r.contains(g)))
    }

    /// Bit per wanted kind index; 0 means every kind.
    #[inline]
    pub(super) fn kind_mask(&self) -> u8 {
        self.kinds
    }

    pub fn wants_kind(&self, kind: FacilityKind) -> bool {
        self.kinds == 0 || self.kinds & (1 << kind.index()) != 0
    }

    pub fn matches(&self, f: &Facility) -> bool {
        if f.status == FacilityStatus::Closed || !self.record.accepts(f) {
            return false;
        }
        if (self.available || self.open_at.is_some()) && f.status != FacilityStatus::Open {
            return false;
        }
        if let Some((weekday, minute)) = self.open_at
            && !f.hours.is_open_at(weekday, minute)
        {
            return false;
        }
        if self.ownership != 0 && f.ownership.is_none_or(|o| self.ownership & ownership_bit(o) == 0) {
            return false;
        }
        // A child's age or grade narrows the children's services; it says nothing about elder care.
        if f.kind.audience() == Audience::Child && !self.fits_child(f) {
            return false;
        }
        let counts = |c: &&crate::model::ServiceCapacity| {
            c.has_free_places() && (self.include_stale || self.stale_after.is_fresh(f.kind, c, self.now))
        };
        if self.services == 0 {
            return !self.available || f.services.iter().any(|c| counts(&c));
        }
        self.wanted().all(|s| f.service(s).is_some_and(|c| !self.available || counts(&c)))
    }

    /// Whether a figure last vouched for at `t` still counts as fresh for `kind`.
    fn fresh(&self, kind: FacilityKind, t: u32) -> bool {
        self.include_stale || self.now.saturating_sub(i64::from(t)) <= self.stale_after.for_kind(kind)
    }

    /// [`matches`](Self::matches) from the summary alone where it can say; `Maybe` where only the
    /// facility knows (opening hours, a child's age or grade, holiday dates, the register record, a
    /// timestamp the summary does not keep).
    pub(super) fn quick(&self, s: &Summary) -> Verdict {
        if s.flags & (CLOSED | DEAD) != 0 || !self.wants_kind(s.kind) {
            return Verdict::No;
        }
        if (self.available || self.open_at.is_some()) && !s.is(OPEN) {
            return Verdict::No;
        }
        if self.ownership != 0 && self.ownership & s.ownership == 0 {
            return Verdict::No;
        }
        let wanted = self.services;
        let verdict = if wanted == 0 {
            match () {
                _ if !self.available => Verdict::Yes,
                _ if s.free == 0 => Verdict::No,
                _ if self.include_stale => Verdict::Yes,
                _ if !s.is(EXACT) => Verdict::Maybe,
                _ if self.fresh(s.kind, s.newest_free) => Verdict::Yes,
                _ => Verdict::No,
            }
        } else if s.offered & wanted != wanted {
            Verdict::No
        } else if !self.available {
            Verdict::Yes
        } else if s.free & wanted != wanted {
            Verdict::No
        } else if !s.is(EXACT) {
            // A service listed twice: only the first figure counts, which the bits cannot tell.
            Verdict::Maybe
        } else if self.include_stale {
            Verdict::Yes
        } else {
            let mut verdict = Verdict::Yes;
            for service in self.wanted() {
                match s.free_updated(service) {
                    Some(t) if self.fresh(s.kind, t) => {}
                    Some(_) => return Verdict::No,
                    None => verdict = Verdict::Maybe,
                }
            }
            verdict
        };
        let child_detail = self.age.is_some() || self.grade.is_some() || self.dates.is_some();
        // The register record and the opening hours are not in the summary: only the facility can say.
        if verdict == Verdict::Yes
            && (self.open_at.is_some()
                || self.record.is_any()
                || (s.kind.audience() == Audience::Child && child_detail))
        {
            return Verdict::Maybe;
        }
        verdict
    }

    /// False when no facility under a node with this summary can pass (a kind it wants, not closed,
    /// …): the search skips the whole subtree. A necessary condition only (the summary is a union).
    #[inline]
    pub(super) fn node_may_pass(&self, n: &NodeSummary) -> bool {
        let kinds = n.kinds & if self.kinds == 0 { u8::MAX } else { self.kinds };
        if kinds == 0 || n.flags & ANY_LIVE == 0 {
            return false;
        }
        if (self.available || self.open_at.is_some()) && n.flags & ANY_OPEN == 0 {
            return false;
        }
        if self.ownership != 0 && self.ownership & n.ownership == 0 {
            return false;
        }
        let wanted = self.services;
        if n.offered & wanted != wanted {
            return false;
        }
        if self.available {
            if n.free & wanted != wanted || n.free == 0 {
                return false;
            }
            if !self.include_stale {
                // Fresh for the most lenient of the wanted kinds below.
                let mut stale_after = i64::MIN;
                let mut bits = kinds;
                while bits != 0 {
                    let k = bits.trailing_zeros() as usize;
                    stale_after = stale_after.max(self.stale_after.0.get(k).copied().unwrap_or(i64::MAX));
                    bits &= bits - 1;
                }
                if self.now.saturating_sub(i64::from(n.newest_free)) > stale_after {
                    return false;
                }
            }
        }
        true
    }
}
