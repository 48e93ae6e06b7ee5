//! School catchments (划片) per school year: the import file, the datum shift of shapes, the in-memory
//! index that answers "which schools is this point assigned to", the district's review, and the sample.

mod answer;
mod convert;
mod file;
mod import;
mod index;
mod review;
mod sample;
pub mod views;

pub use answer::answer;
pub use convert::{MAX_EDGE_M, densify, to_wgs84};
pub use file::{CSV_HEADER, Parsed, parse};
pub use import::{ImportError, ImportRequest, Imported, import};
pub use index::{Catchments, YearView, community_at};
pub use review::{Gap, Overlap, Review, communities_in, review};
pub use sample::{
    SAMPLE_CATCHMENTS_CSV, SAMPLE_CATCHMENTS_GEOJSON, SAMPLE_SOURCE_TEXT, SAMPLE_YEAR, load_sample_catchments_if_empty,
    sample_files, sample_year,
};

use geo::MultiPolygon;

/// The change log's entry for "catchments changed": followers reload every year's catchments when they
/// see it. No facility id can be this: `#` is not allowed in one (`import::draft::valid_id`).
pub const CHANGE_MARKER: &str = "#catchments";

/// One shape of a school's catchment, in WGS-84 (x = lng, y = lat).
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub school_id: String,
    pub area: MultiPolygon<f64>,
    /// Published as 多校划片: overlapping other schools' shapes here is intended, not a mistake.
    pub multi_school: bool,
}

/// One community in a school's list-based catchment.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Listed {
    pub school_id: String,
    pub community_code: String,
}

/// A year's notice from the education bureau (authoritative; CareMap only repeats it) and whether the
/// year is made up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct YearInfo {
    pub year: i32,
    pub source_url: Option<String>,
    pub source_text: Option<String>,
    pub sample: bool,
}

/// One year's catchments, whole.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct YearData {
    pub info: YearInfo,
    pub shapes: Vec<Shape>,
    pub lists: Vec<Listed>,
}

#[cfg(test)]
mod tests;
