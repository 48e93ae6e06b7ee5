//! Every year's catchments in memory: an R*-tree over each polygon's bounding box finds the few
//! candidates, `geo` decides exactly. A point on a boundary counts as inside (a family living on the
//! boundary road is told about both schools). Replaced whole when any catchment changes.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, LazyLock};

use geo::{BoundingRect, Intersects, Point, Polygon};
use parking_lot::RwLock;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use super::YearData;
use crate::geodesy::haversine_m;
use crate::model::CatchmentBasis;
use crate::ssr::reference::{COMMUNITIES, Community, community_point};
use crate::ssr::store::Store;

/// A point further than this from every community's point is taken to be in none of them.
const COMMUNITY_REACH_M: f64 = 1500.0;

type Entry = GeomWithData<Rectangle<[f64; 2]>, (usize, usize)>;

/// One year, ready to answer.
#[derive(Debug)]
pub struct YearView {
    pub data: YearData,
    tree: RTree<Entry>,
    by_community: HashMap<String, Vec<String>>,
}

impl YearView {
    pub fn new(data: YearData) -> Self {
        let mut entries = Vec::new();
        for (s, shape) in data.shapes.iter().enumerate() {
            for (p, polygon) in shape.area.0.iter().enumerate() {
                if let Some(r) = polygon.bounding_rect() {
                    let rect = Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
                    entries.push(GeomWithData::new(rect, (s, p)));
                }
            }
        }
        let mut by_community: HashMap<String, Vec<String>> = HashMap::new();
        for l in &data.lists {
            let schools = by_community.entry(l.community_code.clone()).or_default();
            if !schools.contains(&l.school_id) {
                schools.push(l.school_id.clone());
            }
        }
        YearView { data, tree: RTree::bulk_load(entries), by_community }
    }

    /// The polygons whose area (boundary included) holds the WGS-84 point: `(shape index, polygon)`.
    pub fn polygons_at(&self, lat: f64, lng: f64) -> Vec<(usize, &Polygon<f64>)> {
        let point = Point::new(lng, lat);
        self.tree
            .locate_in_envelope_intersecting(&AABB::from_point([lng, lat]))
            .filter_map(|e| {
                let (s, p) = e.data;
                let polygon = self.data.shapes.get(s)?.area.0.get(p)?;
                polygon.intersects(&point).then_some((s, polygon))
            })
            .collect()
    }

    /// Every school assigned to the point, each once: by a shape, else by the point's community.
    pub fn schools_at(&self, lat: f64, lng: f64) -> Vec<(String, CatchmentBasis)> {
        let mut out: Vec<(String, CatchmentBasis)> = Vec::new();
        for (s, _) in self.polygons_at(lat, lng) {
            let id = &self.data.shapes[s].school_id;
            if !out.iter().any(|(o, _)| o == id) {
                out.push((id.clone(), CatchmentBasis::Polygon));
            }
        }
        if let Some(c) = community_at(lat, lng) {
            for id in self.by_community.get(c.code).into_iter().flatten() {
                if !out.iter().any(|(o, _)| o == id) {
                    out.push((id.clone(), CatchmentBasis::Community));
                }
            }
        }
        out
    }

    /// The communities a school's list names, in code order.
    pub fn communities_of(&self, school_id: &str) -> Vec<&'static Community> {
        let mut out: Vec<&Community> = COMMUNITIES
            .iter()
            .filter(|c| self.by_community.get(c.code).is_some_and(|s| s.iter().any(|id| id == school_id)))
            .collect();
        out.sort_by_key(|c| c.code);
        out
    }

    /// The schools a community is listed for.
    pub fn listed_schools(&self, community_code: &str) -> &[String] {
        self.by_community.get(community_code).map_or(&[], Vec::as_slice)
    }
}

/// Which community a WGS-84 point is in. The reference data gives communities points, not boundaries, so
/// this is the community whose point is nearest, if one is within [`COMMUNITY_REACH_M`]: approximate, and
/// said to be so wherever a community-based answer is shown.
pub fn community_at(lat: f64, lng: f64) -> Option<&'static Community> {
    static POINTS: LazyLock<Vec<(&'static Community, f64, f64)>> = LazyLock::new(|| {
        COMMUNITIES
            .iter()
            .map(|c| {
                let (lat, lng) = community_point(c);
                (c, lat, lng)
            })
            .collect()
    });
    POINTS
        .iter()
        .map(|&(c, clat, clng)| (c, haversine_m(lat, lng, clat, clng)))
        .filter(|&(_, d)| d <= COMMUNITY_REACH_M)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
}

/// Every year with catchments; readers take a snapshot (an `Arc`) and never wait for a reload.
#[derive(Debug, Default)]
pub struct Catchments {
    years: RwLock<Arc<BTreeMap<i32, Arc<YearView>>>>,
}

impl Catchments {
    pub fn new(years: Vec<YearData>) -> Self {
        let c = Catchments::default();
        c.replace(years);
        c
    }

    pub fn replace(&self, years: Vec<YearData>) {
        let map = years.into_iter().map(|y| (y.info.year, Arc::new(YearView::new(y)))).collect();
        *self.years.write() = Arc::new(map);
    }

    /// Read every year from the database again.
    pub async fn reload(&self, store: &Store) -> Result<(), sqlx::Error> {
        self.replace(store.load_catchments().await?);
        Ok(())
    }

    pub fn years(&self) -> Vec<i32> {
        self.years.read().keys().copied().collect()
    }

    pub fn latest_year(&self) -> Option<i32> {
        self.years.read().keys().next_back().copied()
    }

    pub fn year(&self, year: i32) -> Option<Arc<YearView>> {
        self.years.read().get(&year).cloned()
    }

    /// `year`, or the latest with data when `None`.
    pub fn year_or_latest(&self, year: Option<i32>) -> Option<Arc<YearView>> {
        match year {
            Some(y) => self.year(y),
            None => self.years.read().values().next_back().cloned(),
        }
    }
}
