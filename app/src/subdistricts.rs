//! The district's subdistricts (街道/镇) with approximate centroids, shared by server and browser
//! (the home page offers them as starting points that work without JavaScript or GPS).

use std::sync::LazyLock;

/// `code,name,approx_centroid_lng_wgs84,approx_centroid_lat_wgs84`; provenance in data/reference/README.md.
const SUBDISTRICTS_CSV: &str = include_str!("../../data/reference/erqi-subdistricts.csv");

#[derive(Debug, Clone, PartialEq)]
pub struct Subdistrict {
    pub code: &'static str,
    pub name: &'static str,
    /// WGS-84, approximate (within ~100 m).
    pub lng: f64,
    pub lat: f64,
}

pub static SUBDISTRICTS: LazyLock<Vec<Subdistrict>> = LazyLock::new(|| {
    SUBDISTRICTS_CSV
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut f = line.split(',');
            let (code, name, lng, lat) = (f.next()?, f.next()?, f.next()?, f.next()?);
            Some(Subdistrict { code, name, lng: lng.trim().parse().ok()?, lat: lat.trim().parse().ok()? })
        })
        .collect()
});

pub fn subdistrict(code: &str) -> Option<&'static Subdistrict> {
    SUBDISTRICTS.iter().find(|s| s.code == code)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sixteen_subdistricts_parse() {
        assert_eq!(super::SUBDISTRICTS.len(), 16);
        assert_eq!(super::subdistrict("410103100").map(|s| s.name), Some("马寨镇"));
    }
}
