//! How a facility's point was found: surveyed (or placed by hand), geocoded from its address, or
//! only the centre of its community or subdistrict. Families are told when a point is approximate.

use serde::{Deserialize, Serialize};

/// Ordered from least to most precise: a better basis may replace a worse one, never the reverse.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    Default,
    strum::EnumIter,
    strum::EnumCount,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum LocationBasis {
    /// The centre of the facility's subdistrict (街道): the register named only the subdistrict.
    Subdistrict,
    /// The centre of the facility's community (社区).
    Community,
    /// An online geocoder's answer for the address.
    Geocoded,
    /// Coordinates from the source, or a point an admin set on the map.
    #[default]
    Surveyed,
}

impl LocationBasis {
    pub const ALL: [LocationBasis; <LocationBasis as strum::EnumCount>::COUNT] =
        [LocationBasis::Subdistrict, LocationBasis::Community, LocationBasis::Geocoded, LocationBasis::Surveyed];

    /// Only the area's centre is known: families see "位置为大致位置" and admins find it in the placing queue.
    pub const fn is_approximate(self) -> bool {
        matches!(self, LocationBasis::Subdistrict | LocationBasis::Community)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_order_by_precision() {
        for b in LocationBasis::ALL {
            assert_eq!(LocationBasis::parse(b.as_str()), Some(b));
            assert_eq!(serde_json::to_string(&b).ok(), Some(format!("\"{}\"", b.as_str())));
        }
        assert!(LocationBasis::Community > LocationBasis::Subdistrict);
        assert!(LocationBasis::Surveyed > LocationBasis::Geocoded);
        assert!(LocationBasis::Community.is_approximate() && !LocationBasis::Geocoded.is_approximate());
        assert_eq!(LocationBasis::default(), LocationBasis::Surveyed);
        assert_eq!(LocationBasis::parse("gps"), None);
    }
}
