//! The admin page's register parts: the upload form (a plain multipart form: works without
//! JavaScript; the route authorises as the server functions do) and the placing queue.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::geodesy::Crs;
use crate::islands::admin::PlaceOnMap;
use crate::model::{Facility, FacilityKind};
use crate::prefs::prefs;
use crate::tf;

#[component]
pub fn RegisterUpload() -> impl IntoView {
    let l = prefs().locale;
    view! {
        <section id="register">
            <h2>{td_string!(l, register_import)}</h2>
            <p class="muted">{td_string!(l, register_help)}</p>
            <form class="upload" method="post" action="/admin/registers/upload" enctype="multipart/form-data">
                <label>{td_string!(l, register_file)} <input type="file" name="file" accept=".xlsx,.xls,.ods,.csv" required/></label>
                <label>{td_string!(l, register_kind)}
                    <select name="kind">
                        <option value="">{td_string!(l, register_kind_any)}</option>
                        {FacilityKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{crate::text::kind(l, k)}</option> }).collect_view()}
                    </select>
                </label>
                <label>{td_string!(l, register_sheet)} <input type="text" name="sheet"/></label>
                <label>{td_string!(l, register_map)} <input type="text" name="map" autocapitalize="off"/></label>
                <label>{td_string!(l, catchment_admin_crs)}
                    <CrsSelect/>
                </label>
                <button class="btn primary" type="submit">{td_string!(l, register_preview_btn)}</button>
            </form>
        </section>
    }
}

/// The coordinate systems a district file may use (`crs`), one option per [`Crs`].
#[component]
pub fn CrsSelect() -> impl IntoView {
    use strum::IntoEnumIterator;
    view! {
        <select name="crs">
            {crate::geodesy::Crs::iter().map(|c| view! { <option value=c.as_str()>{c.label()}</option> }).collect_view()}
        </select>
    }
}

#[component]
pub fn PlacingQueue(facilities: Vec<Facility>) -> impl IntoView {
    let l = prefs().locale;
    let tiles = crate::tiles::configured();
    let crs = tiles.as_ref().map_or(Crs::Wgs84, |t| t.crs);
    let tiles_json = serde_json::to_string(&tiles).unwrap_or_else(|_| "null".into());
    let n = facilities.len();
    view! {
        <section id="placing" class="placing">
            <h2>{tf!(l, placing_queue, n = n)}</h2>
            {if facilities.is_empty() {
                view! { <p class="muted">{td_string!(l, placing_none)}</p> }.into_any()
            } else {
                view! {
                    <p class="muted">{td_string!(l, placing_help)}</p>
                    <ul class="place-list">
                        {facilities.into_iter().map(|f| {
                            let (lng, lat) = crs.from_wgs84(f.lng, f.lat);
                            let area = crate::subdistricts::subdistrict(f.subdistrict_code.as_deref().unwrap_or("")).map(|s| s.name).unwrap_or("");
                            view! {
                                <li data-id=f.id.clone()>
                                    <strong><a href=format!("/facility/{}", f.id)>{f.name.clone()}</a></strong>
                                    <span class="muted">{format!(" · {} · {} · {}", crate::text::kind(l, f.kind), area, crate::text::location_basis(l, f.location_basis))}</span>
                                    <p class="muted">{f.address.clone()}</p>
                                    <PlaceOnMap locale=l id=f.id.clone() lat lng display_crs=crs tiles=tiles_json.clone()/>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
