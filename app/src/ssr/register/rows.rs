//! One register row → what it says, in CareMap's terms: a [`Draft`] (validated later, once the row
//! has a point), the place names that may locate it, and which figures it really gave.

use super::columns::Columns;
use super::synonyms::{Field, kind_of, ownership_of, status_of};
use crate::message::Message;
use crate::model::{FacilityKind, ServiceKind};
use crate::msg;
use crate::ssr::import::Draft;
use crate::ssr::import::draft::DraftService;

#[derive(Debug, Clone)]
pub struct RowDraft {
    pub draft: Draft,
    pub kind: FacilityKind,
    /// 所属街道 / 所属社区 as written.
    pub subdistrict: Option<String>,
    pub community: Option<String>,
    /// Services whose free places the row gave (the others keep CareMap's figure).
    pub gave_free: Vec<ServiceKind>,
    /// Whether the row carried coordinates.
    pub has_point: bool,
}

/// True when the row has nothing in it (spacer rows, the rest of a merged block).
pub fn is_blank(row: &[String]) -> bool {
    row.iter().all(|c| c.is_empty())
}

/// A count cell as the draft's text (validated again with the figures).
fn count(what: &str, value: &str) -> Result<String, Message> {
    super::values::count(what, value).map(|n| n.to_string())
}

pub fn read(row: &[String], columns: &Columns, default_kind: Option<FacilityKind>) -> Result<RowDraft, Message> {
    let get = |field: Field| -> Option<String> {
        columns.index(field).and_then(|i| row.get(i)).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
    };
    let kind = match get(Field::Kind) {
        Some(k) => kind_of(&k).ok_or_else(|| msg!(err_reg_unknown_kind, value = &k))?,
        None => default_kind.ok_or_else(|| msg!(err_reg_missing_kind))?,
    };
    let ownership = get(Field::Ownership)
        .map(|o| {
            ownership_of(&o).map(|o| o.as_str().to_string()).ok_or_else(|| msg!(err_reg_unknown_ownership, value = &o))
        })
        .transpose()?;
    let status = get(Field::Status)
        .map(|s| status_of(&s).map(|s| s.as_str().to_string()).ok_or_else(|| msg!(err_imp_unknown_status, value = &s)))
        .transpose()?;
    let coordinate = |f: Field| -> Result<Option<f64>, Message> {
        get(f).map(|v| v.parse::<f64>().map_err(|_| msg!(err_imp_not_number, what = f.key(), value = &v))).transpose()
    };
    let (lng, lat) = (coordinate(Field::Lng)?, coordinate(Field::Lat)?);
    if lng.is_some() != lat.is_some() {
        return Err(msg!(err_reg_lng_lat_pair));
    }

    let mut services: Vec<DraftService> = Vec::new();
    let mut gave_free = Vec::new();
    match (get(Field::Places), get(Field::Free), kind.counted_places()) {
        (None, None, _) => {}
        (Some(_), _, None) | (None, Some(_), None) => {
            // Schools have no counted places in CareMap: a 学位 column is kept for the record only.
        }
        (places, free, Some(service)) => {
            let maximum = places.map(|p| count("places", &p)).transpose()?;
            let available = free.map(|f| count("free places", &f)).transpose()?;
            if available.is_some() {
                gave_free.push(service);
            }
            services.push(DraftService {
                service: service.as_str().into(),
                available: available.clone().unwrap_or_else(|| "0".into()),
                // Free places without a total: the total is at least what is free.
                maximum: maximum.or(available).unwrap_or_default(),
                updated_at: None,
            });
        }
    }
    let mut details = crate::model::Details::default();
    for (i, (header, field)) in columns.columns.iter().enumerate() {
        let Some(Field::Detail(name)) = field else { continue };
        if let Some(value) = row.get(i).map(|v| v.trim()).filter(|v| !v.is_empty()) {
            super::values::set(&mut details, name, value)
                .map_err(|e| msg!(err_reg_cell, header = header, reason = e))?;
        }
    }
    // A fees text with amounts (`1500-3000元/月`) also gives the range families filter on.
    if let Some((min, max)) = get(Field::Fees).as_deref().and_then(super::values::fee_range)
        && details.fee_min.is_none()
    {
        (details.fee_min, details.fee_max) = (Some(min), Some(max));
    }
    for (i, (header, field)) in columns.columns.iter().enumerate() {
        let Some(Field::Service(service)) = field else { continue };
        let Some(value) = row.get(i).map(|v| v.trim()).filter(|v| !v.is_empty()) else { continue };
        if services.iter().any(|s| s.service == service.as_str()) {
            return Err(msg!(err_reg_service_twice, header = header, service = service.as_str()));
        }
        let (available, maximum) = match value.split_once('/') {
            Some((a, m)) => (Some(count(header, a)?), count(header, m)?),
            None => (None, count(header, value)?),
        };
        if available.is_some() {
            gave_free.push(*service);
        }
        services.push(DraftService {
            service: service.as_str().into(),
            available: available.unwrap_or_else(|| "0".into()),
            maximum,
            updated_at: None,
        });
    }

    let ages = get(Field::Ages)
        .map(|v| super::values::age_range(&v).map(|(a, b)| (a.to_string(), b.to_string())))
        .transpose()?;
    let draft = Draft {
        id: get(Field::Id),
        name: get(Field::Name),
        kind: Some(kind.as_str().into()),
        lng,
        lat,
        address: get(Field::Address),
        phone: get(Field::Phone),
        services,
        ownership,
        status,
        subdistrict_code: get(Field::SubdistrictCode),
        community_code: get(Field::CommunityCode),
        hours: get(Field::Hours),
        fees: get(Field::Fees),
        accessibility: get(Field::Accessibility),
        ages,
        details,
        ..Draft::default()
    };
    if draft.name.is_none() {
        return Err(msg!(err_imp_missing_name));
    }
    Ok(RowDraft {
        has_point: lng.is_some(),
        draft,
        kind,
        subdistrict: get(Field::Subdistrict),
        community: get(Field::Community),
        gave_free,
    })
}
