//! Facility id → slot, keyed by a 64-bit hash of the id instead of a copy of it: the table holds only
//! the slots (4 bytes and a control byte each, ≈ 10 B per facility at 1e6 against ≈ 60 B for a
//! `HashMap<String, u32>`). Two ids with the same hash are told apart by comparing the id of the
//! facility in the slot, so a collision costs a comparison, never a wrong answer.

use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::{DefaultHashBuilder, HashTable};

use crate::model::Facility;

pub(super) type Slots = [Option<Arc<Facility>>];

/// Generic over the hasher only so that a test can make every id collide.
#[derive(Default)]
pub(super) struct Ids<S = DefaultHashBuilder> {
    table: HashTable<u32>,
    hasher: S,
}

fn id_of(slots: &Slots, slot: u32) -> Option<&str> {
    slots.get(slot as usize).and_then(|f| f.as_deref()).map(|f| f.id.as_str())
}

impl<S: BuildHasher + Default> Ids<S> {
    fn hash(&self, id: &str) -> u64 {
        self.hasher.hash_one(id)
    }

    /// An empty table whose hasher the caller uses to hash the ids it will [`build`](Self::build) from.
    pub fn new() -> Self {
        Ids { table: HashTable::new(), hasher: S::default() }
    }

    pub fn hash_id(&self, id: &str) -> u64 {
        self.hash(id)
    }

    /// Fill the table from the ids' hashes, in slot order (before the records are in their slots).
    /// Equal hashes are taken for the same id for now; the pairs (earlier slot, later slot) are
    /// returned for [`settle`](Self::settle) to tell a repeated id from a collision.
    pub fn build(&mut self, hashes: &[u64]) -> Vec<(u32, u32)> {
        self.table = HashTable::with_capacity(hashes.len());
        let mut same_hash = Vec::new();
        for (slot, &hash) in hashes.iter().enumerate() {
            match self.table.find_mut(hash, |&s| hashes[s as usize] == hash) {
                Some(existing) => same_hash.push((std::mem::replace(existing, slot as u32), slot as u32)),
                None => {
                    self.table.insert_unique(hash, slot as u32, |&s| hashes[s as usize]);
                }
            }
        }
        same_hash
    }

    /// With the records in their slots: of each pair `build` returned, the earlier slot is shadowed
    /// if a later slot holds the same id (returned, for the caller to empty: the last one counts, as a
    /// map insert would have it), or put back if only the hashes collided.
    pub fn settle(&mut self, same_hash: Vec<(u32, u32)>, slots: &Slots) -> Vec<u32> {
        let mut shadowed = Vec::new();
        // Latest first: by the time a slot is looked at, every later slot with its id is in the table.
        let mut earlier: Vec<u32> = same_hash.into_iter().map(|(earlier, _)| earlier).collect();
        earlier.sort_unstable_by(|a, b| b.cmp(a));
        for earlier in earlier {
            let Some(id) = id_of(slots, earlier) else { continue };
            match self.get(id, slots) {
                Some(slot) if slot != earlier => shadowed.push(earlier),
                Some(_) => {}
                None => {
                    let id = id.to_owned();
                    self.insert(&id, earlier, slots);
                }
            }
        }
        shadowed
    }

    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn get(&self, id: &str, slots: &Slots) -> Option<u32> {
        self.table.find(self.hash(id), |&s| id_of(slots, s) == Some(id)).copied()
    }

    /// Record `slot` for `id` (not yet present); `slots` must already hold every slot in the table.
    pub fn insert(&mut self, id: &str, slot: u32, slots: &Slots) {
        let hash = self.hash(id);
        let hasher = &self.hasher;
        self.table.insert_unique(hash, slot, |&s| id_of(slots, s).map_or(0, |id| hasher.hash_one(id)));
    }

    /// Forget `id` (call while its slot still holds the facility); returns its slot.
    pub fn remove(&mut self, id: &str, slots: &Slots) -> Option<u32> {
        let entry = self.table.find_entry(self.hash(id), |&s| id_of(slots, s) == Some(id)).ok()?;
        Some(entry.remove().0)
    }

    pub fn bytes(&self) -> usize {
        self.table.allocation_size()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FacilityKind;

    /// Every id hashes to 0: the table can only tell them apart by the ids in the slots.
    #[derive(Default, Clone)]
    struct Collide;

    impl BuildHasher for Collide {
        type Hasher = Zero;
        fn build_hasher(&self) -> Zero {
            Zero
        }
    }

    struct Zero;

    impl std::hash::Hasher for Zero {
        fn finish(&self) -> u64 {
            0
        }
        fn write(&mut self, _: &[u8]) {}
    }

    fn slots(ids: &[&str]) -> Vec<Option<Arc<Facility>>> {
        ids.iter().map(|id| Some(Arc::new(Facility::for_test(id, FacilityKind::Kindergarten)))).collect()
    }

    #[test]
    fn colliding_hashes_are_told_apart_by_the_ids() {
        let mut slots = slots(&["a", "b", "a", "c", "b"]);
        let mut ids = Ids::<Collide>::new();
        let hashes: Vec<u64> = slots.iter().flatten().map(|f| ids.hash_id(&f.id)).collect();
        let same = ids.build(&hashes);
        let mut shadowed = ids.settle(same, &slots);
        shadowed.sort_unstable();
        // The last "a" and the last "b" count; "c" is found though every hash is the same.
        assert_eq!(shadowed, [0, 1]);
        for s in shadowed {
            slots[s as usize] = None;
        }
        assert_eq!(ids.len(), 3);
        assert_eq!([ids.get("a", &slots), ids.get("b", &slots), ids.get("c", &slots)], [Some(2), Some(4), Some(3)]);
        assert_eq!(ids.get("d", &slots), None);
        slots.push(Some(Arc::new(Facility::for_test("d", FacilityKind::Nursery))));
        ids.insert("d", 5, &slots);
        assert_eq!(ids.remove("a", &slots), Some(2));
        slots[2] = None;
        assert_eq!([ids.get("a", &slots), ids.get("d", &slots), ids.get("b", &slots)], [None, Some(5), Some(4)]);
    }
}
