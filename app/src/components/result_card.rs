//! One search result: what it is, how far (and how long a walk), free places, and buttons to call,
//! go there, or add it to the comparison.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::tf;

use crate::geodesy::walking_minutes;
use crate::i18n::Locale;
use crate::islands::live_capacity::LiveCapacity;
use crate::islands::shortlist::ShortlistButton;
use crate::model::NearestResult;
use crate::navigate::{amap_url, tel_url};
use crate::prefs::prefs;

/// The GB 50180-2018 living circle a straight-line distance falls in (5, 10 or 15 minutes).
pub fn living_circle(l: Locale, metres: u32) -> Option<&'static str> {
    match metres {
        0..=300 => Some(td_string!(l, circle_5)),
        301..=500 => Some(td_string!(l, circle_10)),
        501..=1000 => Some(td_string!(l, circle_15)),
        _ => None,
    }
}

#[component]
pub fn ResultCard(
    result: NearestResult,
    as_of: i64,
    /// In the search point's school catchment (划片) of the latest year.
    #[prop(optional)]
    assigned: bool,
    /// The services the search asked about: the card says each one's free places.
    #[prop(default = Vec::new())]
    focus: Vec<crate::model::ServiceKind>,
    /// The search point (`lat,lng`, rounded), kept with the shortlist for the comparison's distances.
    #[prop(optional)]
    from: String,
) -> impl IntoView {
    let l = prefs().locale;
    let f = result.facility;
    let href = format!("/facility/{}", f.id);
    let walk = tf!(l, walk_minutes, n = walking_minutes(f64::from(result.distance_m)));
    let ownership = f.ownership.map(|o| format!(" · {}", crate::text::ownership(l, o))).unwrap_or_default();
    let circle = living_circle(l, result.distance_m);
    view! {
        <li class="result" data-id=f.id.clone() data-distance=result.distance_m data-kind=f.kind.as_str()>
            <a class="result-main" href=href>
                <span class=format!("kind k-{}", f.kind.as_str())>{crate::text::kind_short(l, f.kind)}</span>
                <h2>{f.name.clone()}</h2>
                <p class="meta">
                    <strong class="dist">{crate::text::distance(l, result.distance_m)}</strong>
                    {format!(" · {walk}{ownership}")}
                </p>
                {assigned.then(|| view! { <p class="catchment-mark">{td_string!(l, catchment_mark)}</p> })}
                {circle.map(|c| view! { <p class="circle">{c}</p> })}
                {focus.iter().filter_map(|s| f.service(*s).map(|c| (*s, c.clone()))).map(|(s, c)| view! {
                    <p class="focus" data-service=s.as_str()>{tf!(l, free_in, service = crate::text::service(l, s), figure = crate::text::figure(l, &c))}</p>
                }).collect_view()}
                {crate::text::location_note(l, f.location_basis).map(|n| view! { <p class="approx-location">{n}</p> })}
            </a>
            <LiveCapacity locale=l facility_id=f.id.clone() services=f.services.clone() status=f.status stale_after_s=result.stale_after_s as_of/>
            <div class="actions">
                {(!f.phone.is_empty()).then(|| view! { <a class="btn" href=tel_url(&f.phone)>{td_string!(l, call)}</a> })}
                <a class="btn" href=amap_url(f.lat, f.lng, &f.name) rel="noopener" target="_blank">{td_string!(l, navigate)}</a>
                <ShortlistButton locale=l id=f.id.clone() from/>
            </div>
        </li>
    }
}
