//! A named place a family can search from (offline gazetteer or an online geocoder).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    Subdistrict,
    Community,
    Landmark,
    Facility,
    /// A residential compound (小区) from the imported gazetteer (`caremap places import`).
    Compound,
    /// A road from the imported gazetteer.
    Road,
    /// From an online geocoder.
    Address,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    pub kind: PlaceKind,
    /// WGS-84.
    pub lat: f64,
    pub lng: f64,
    /// The point is only roughly where the place is (e.g. a community placed near its subdistrict's centre).
    pub approximate: bool,
    /// Where it is, for telling apart places with similar names (e.g. its subdistrict).
    pub context: String,
}
