//! `/compare?ids=a,b,c[&origin=lat,lng]`: up to three facilities side by side (on a phone, one attribute at a
//! time with every facility's value stacked under it); `origin` (the search point the shortlist kept, WGS-84)
//! adds each one's distance. The printed copy carries the phone numbers, the print date and absolute update
//! times, since "3 分钟前" means nothing on paper.

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::loaded::Loaded;
use crate::error::AppError;
use crate::islands::live_capacity::LiveCapacity;
use crate::islands::shortlist::{PrintButton, ShortlistButton};
use crate::model::FacilityDetail;
use crate::navigate::tel_url;
use crate::prefs::prefs;
use crate::server_fns::get_facilities;
use crate::{msg, tf};

/// `origin=lat,lng`: a point in WGS-84, checked as a search's point is.
fn parse_origin(from: Option<String>) -> Result<Option<(f64, f64)>, AppError> {
    let Some(from) = from.filter(|f| !f.is_empty()) else { return Ok(None) };
    let number = |s: Option<&str>| s.and_then(|s| s.trim().parse::<f64>().ok()).filter(|v| v.is_finite());
    let mut parts = from.split(',');
    let (Some(lat), Some(lng), None) = (number(parts.next()), number(parts.next()), parts.next()) else {
        return Err(AppError::bad_param("origin", msg!(err_from_point, value = from.as_str())));
    };
    crate::model::check_point(("origin", "origin"), lat, lng)?;
    Ok(Some((lat, lng)))
}

#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct Compared {
    list: Vec<FacilityDetail>,
    from: Option<(f64, f64)>,
}

#[component]
pub fn ComparePage() -> impl IntoView {
    let query = use_query_map();
    let list = Resource::new(
        move || {
            let q = query.get();
            (q.get("ids").unwrap_or_default(), q.get("origin"))
        },
        |(ids, from)| async move {
            let from = parse_origin(from)?;
            Ok(Compared { list: get_facilities(ids).await?, from })
        },
    );
    let l = prefs().locale;
    view! {
        <Title text=td_string!(l, compare_title)/>
        <h1 class="page-title">{td_string!(l, compare_title)}</h1>
        <Loaded data=list view={move |c: Compared| if c.list.is_empty() {
            view! { <p class="notice">{td_string!(l, compare_empty)}</p> }.into_any()
        } else {
            let printed = c.list.first().map(|f| f.as_of).unwrap_or_default();
            view! {
                <PrintButton locale=l/>
                <p class="print-only">{tf!(l, compare_printed, time = crate::calendar::shanghai_datetime(printed))}</p>
                <Table list=c.list from=c.from/>
            }.into_any()
        }}/>
    }
}

#[component]
fn Table(list: Vec<FacilityDetail>, from: Option<(f64, f64)>) -> impl IntoView {
    let l = prefs().locale;
    let cell = move |f: &FacilityDetail, what: &str| -> String {
        let f2 = &f.facility;
        match what {
            "kind" => crate::text::kind(l, f2.kind).to_string(),
            "distance" => from
                .map(|(lat, lng)| {
                    let m = crate::geodesy::haversine_m(lat, lng, f2.lat, f2.lng);
                    crate::text::distance(l, m.round().clamp(0.0, f64::from(u32::MAX)) as u32)
                })
                .unwrap_or_default(),
            "phone" => f2.phone.clone(),
            "updated" => f2
                .services
                .iter()
                .map(|c| {
                    let when = if c.updated_at == 0 {
                        td_string!(l, free_not_reported).to_string()
                    } else {
                        crate::calendar::shanghai_datetime(c.updated_at)
                    };
                    format!("{} {when}", crate::text::service(l, c.service))
                })
                .collect::<Vec<_>>()
                .join("；"),
            "hours" => crate::text::hours(l, &f2.hours),
            "ownership" => f2.ownership.map(|o| crate::text::ownership(l, o).to_string()).unwrap_or_default(),
            "fees" => f2.fees.clone().unwrap_or_default(),
            "accessibility" => f2.accessibility.clone().unwrap_or_default(),
            "address" => f2.address.clone(),
            _ => String::new(),
        }
    };
    let rows = [
        ("distance", td_string!(l, compare_distance)),
        ("updated", td_string!(l, compare_updated)),
        ("kind", td_string!(l, compare_kind)),
        ("phone", td_string!(l, compare_phone)),
        ("hours", td_string!(l, hours)),
        ("ownership", td_string!(l, ownership)),
        ("fees", td_string!(l, fees)),
        ("accessibility", td_string!(l, accessibility)),
        ("address", td_string!(l, address)),
    ];
    let rows: Vec<_> = rows.into_iter().filter(|(what, _)| *what != "distance" || from.is_some()).collect();
    view! {
        <div class="compare-wrap">
            <table class="compare">
                <thead>
                    <tr>
                        <th scope="col"></th>
                        {list.iter().map(|f| view! {
                            <th scope="col"><a href=format!("/facility/{}", f.facility.id)>{f.facility.name.clone()}</a></th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    <tr>
                        <th scope="row">{td_string!(l, services_and_places)}</th>
                        {list.iter().map(|f| view! {
                            <td data-name=f.facility.name.clone()><LiveCapacity locale=l facility_id=f.facility.id.clone() services=f.facility.services.clone() status=f.facility.status stale_after_s=f.stale_after_s as_of=f.as_of/></td>
                        }).collect_view()}
                    </tr>
                    {rows.into_iter().map(|(what, label)| view! {
                        <tr>
                            <th scope="row">{label}</th>
                            {list.iter().map(|f| view! { <td data-name=f.facility.name.clone()>{cell(f, what)}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                    <tr class="no-print">
                        <th scope="row"></th>
                        {list.iter().map(|f| view! {
                            <td data-name=f.facility.name.clone()>
                                {(!f.facility.phone.is_empty()).then(|| view! { <a class="btn" href=tel_url(&f.facility.phone)>{td_string!(l, call)}</a> })}
                                <ShortlistButton locale=l id=f.facility.id.clone() from=String::new()/>
                            </td>
                        }).collect_view()}
                    </tr>
                </tbody>
            </table>
        </div>
    }
}
