//! How much memory the index takes, from its structures' capacities, apart from the facility records.

use std::mem::size_of;
use std::sync::Arc;

use super::FacilityIndex;
use super::leaf::Leaf;
use crate::model::Facility;
use crate::ssr::fragment::Fragment;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexMemory {
    pub facilities: usize,
    /// Packed trees, delta, slot tables and id table (allocated capacity, without the allocator's
    /// own overhead).
    pub index_bytes: usize,
    /// The facility records the slots point to: each `Arc`'s block and the strings and vectors the
    /// record owns (capacities).
    pub record_bytes: usize,
    /// Each facility's kept JSON (`FacilityIndex::keep_json`; 0 when not kept): the per-slot table and
    /// each fragment's bytes.
    pub json_bytes: usize,
}

impl FacilityIndex {
    pub fn memory(&self) -> IndexMemory {
        let inner = self.shared.inner.read();
        // An rstar node holds up to 12 children of the size of its largest variant (a leaf here) and
        // is at least 5 / 12 full; count the leaves at that size, one node per 8 of them.
        let delta: usize = inner.delta.iter().map(|t| t.size()).sum();
        let delta_bytes = delta * size_of::<rstar::RTreeNode<Leaf>>() * 9 / 8;
        let index_bytes = inner.packed.bytes()
            + delta_bytes
            + inner.slots.capacity() * size_of::<Option<Arc<Facility>>>()
            + inner.at.capacity() * size_of::<u32>()
            + inner.free.capacity() * size_of::<u32>()
            + inner.ids.bytes();
        let record_bytes = inner.slots.iter().flatten().map(|f| record_bytes(f)).sum();
        let json_bytes = inner.json.as_ref().map_or(0, |json| {
            json.capacity() * size_of::<Option<Fragment>>()
                + json.iter().flatten().map(|f| f.json().len()).sum::<usize>()
        });
        IndexMemory { facilities: inner.ids.len(), index_bytes, record_bytes, json_bytes }
    }
}

/// An `Arc<Facility>`'s block (two counts and the record) and what the record owns on the heap.
fn record_bytes(f: &Facility) -> usize {
    let text = |s: &String| s.capacity();
    let opt = |s: &Option<String>| s.as_ref().map_or(0, String::capacity);
    2 * size_of::<usize>()
        + size_of::<Facility>()
        + text(&f.id)
        + text(&f.name)
        + text(&f.address)
        + text(&f.phone)
        + opt(&f.subdistrict_code)
        + opt(&f.community_code)
        + opt(&f.parent_id)
        + opt(&f.fees)
        + opt(&f.accessibility)
        + f.services.capacity() * size_of::<crate::model::ServiceCapacity>()
        + f.sessions.capacity() * size_of::<crate::model::HolidaySession>()
        + f.sessions.iter().map(|s| s.name.capacity() + s.start.capacity() + s.end.capacity()).sum::<usize>()
        + f.hours.rules.capacity() * size_of::<crate::model::OpeningRule>()
        + if f.details.is_empty() { 0 } else { size_of::<crate::model::Details>() }
        + f.details.classes.capacity() * size_of::<crate::model::ClassGroup>()
        + opt(&f.details.lunch_provider)
        + opt(&f.details.after_school_hours)
}
