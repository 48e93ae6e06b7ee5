//! Placing a register row that has no coordinates. In order: the row's own coordinates (surveyed);
//! the online geocoder when one is configured and it answers with a point inside the district
//! (geocoded); the community named by 社区代码, 所属社区 or the address (the community's point,
//! approximate); the subdistrict named by 街道代码, 所属街道 or the address (its centre, approximate).
//! The community and subdistrict found also fill in the facility's codes, which coverage counts by.

use super::rows::RowDraft;
use crate::message::Message;
use crate::model::LocationBasis;
use crate::msg;
use crate::ssr::gazetteer::Geocoder;
use crate::ssr::reference::{COMMUNITIES, Community, community_point, in_district};
use crate::ssr::register::synonyms::value_key;
use crate::subdistricts::{SUBDISTRICTS, Subdistrict};

#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// WGS-84; `None` when the row's own coordinates stand.
    pub point: Option<(f64, f64)>,
    pub basis: LocationBasis,
    pub subdistrict_code: Option<String>,
    pub community_code: Option<String>,
}

fn community_named(text: &str) -> Option<&'static Community> {
    let key = value_key(text);
    COMMUNITIES.iter().find(|c| value_key(c.name) == key || value_key(&c.short_name()) == key).or_else(|| {
        // `淮河社区居委会`, `二七区淮河社区3号楼`: the longest community name the text contains.
        COMMUNITIES
            .iter()
            .map(|c| (c, value_key(&c.short_name())))
            .filter(|(_, short)| key.contains(short.as_str()))
            .max_by_key(|(_, short)| short.chars().count())
            .map(|(c, _)| c)
    })
}

fn subdistrict_named(text: &str, short_names: bool) -> Option<&'static Subdistrict> {
    let key = value_key(text);
    let short = |s: &Subdistrict| s.name.trim_end_matches("街道").trim_end_matches('镇').to_string();
    SUBDISTRICTS.iter().find(|s| key.contains(&value_key(s.name))).or_else(|| {
        // A short name (`淮河路`) only in the 所属街道 cell: in an address it is as likely a road.
        short_names.then(|| SUBDISTRICTS.iter().find(|s| key == value_key(&short(s)))).flatten()
    })
}

/// The community and subdistrict a row names, checked against each other.
fn area(row: &RowDraft) -> Result<(Option<&'static Community>, Option<&'static Subdistrict>), Message> {
    let address = row.draft.address.as_deref().unwrap_or("");
    let community = match (&row.draft.community_code, &row.community) {
        (Some(code), _) => Some(
            COMMUNITIES
                .iter()
                .find(|c| c.code == code)
                .ok_or_else(|| msg!(err_reg_unknown_community_code, value = code))?,
        ),
        (None, Some(name)) => Some(community_named(name).ok_or_else(|| msg!(err_reg_not_a_community, value = name))?),
        (None, None) => community_named(address),
    };
    let subdistrict = match (&row.draft.subdistrict_code, &row.subdistrict) {
        (Some(code), _) => Some(
            SUBDISTRICTS
                .iter()
                .find(|s| s.code == code)
                .ok_or_else(|| msg!(err_reg_unknown_subdistrict_code, value = code))?,
        ),
        (None, Some(name)) => {
            Some(subdistrict_named(name, true).ok_or_else(|| msg!(err_reg_not_a_subdistrict, value = name))?)
        }
        (None, None) => subdistrict_named(address, false),
    };
    match (community, subdistrict) {
        (Some(c), Some(s)) if c.subdistrict_code != s.code => {
            Err(msg!(err_reg_community_not_in, community = c.short_name(), subdistrict = s.name))
        }
        (Some(c), None) => Ok((Some(c), SUBDISTRICTS.iter().find(|s| s.code == c.subdistrict_code))),
        other => Ok(other),
    }
}

/// Registers write addresses without the city more often than with it.
fn geocoder_query(address: &str) -> String {
    if address.contains("郑州") { address.to_string() } else { format!("郑州市二七区{address}") }
}

pub async fn locate(row: &RowDraft, geocoder: Option<&dyn Geocoder>) -> Result<Located, Message> {
    let (community, subdistrict) = area(row)?;
    let mut located = Located {
        point: None,
        basis: LocationBasis::Surveyed,
        subdistrict_code: subdistrict.map(|s| s.code.to_string()),
        community_code: community.map(|c| c.code.to_string()),
    };
    if row.has_point {
        return Ok(located);
    }
    if let (Some(g), Some(address)) = (geocoder, row.draft.address.as_deref()) {
        match g.geocode(&geocoder_query(address)).await {
            Ok(places) => {
                if let Some(p) = places.iter().find(|p| !p.approximate && in_district(p.lat, p.lng)) {
                    located.point = Some((p.lat, p.lng));
                    located.basis = LocationBasis::Geocoded;
                    return Ok(located);
                }
            }
            Err(e) => tracing::warn!(error = %e, "geocoder failed during a register import; using the gazetteer"),
        }
    }
    if let Some(c) = community {
        located.point = Some(community_point(c));
        located.basis = LocationBasis::Community;
    } else if let Some(s) = subdistrict {
        located.point = Some((s.lat, s.lng));
        located.basis = LocationBasis::Subdistrict;
    } else {
        return Err(msg!(err_reg_cannot_place));
    }
    Ok(located)
}
