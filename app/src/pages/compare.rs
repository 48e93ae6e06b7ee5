//! `/compare?ids=a,b,c`: up to three facilities side by side; prints cleanly.

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::loaded::Loaded;
use crate::islands::live_capacity::LiveCapacity;
use crate::islands::shortlist::{PrintButton, ShortlistButton};
use crate::model::FacilityDetail;
use crate::navigate::tel_url;
use crate::prefs::prefs;
use crate::server_fns::get_facilities;

#[component]
pub fn ComparePage() -> impl IntoView {
    let query = use_query_map();
    let list = Resource::new(move || query.get().get("ids").unwrap_or_default(), get_facilities);
    let l = prefs().locale;
    view! {
        <Title text=td_string!(l, compare_title)/>
        <h1 class="page-title">{td_string!(l, compare_title)}</h1>
        <Loaded data=list view={move |list: Vec<_>| if list.is_empty() {
            view! { <p class="notice">{td_string!(l, compare_empty)}</p> }.into_any()
        } else {
            view! { <PrintButton locale=l/> <Table list/> }.into_any()
        }}/>
    }
}

#[component]
fn Table(list: Vec<FacilityDetail>) -> impl IntoView {
    let l = prefs().locale;
    let cell = |f: &FacilityDetail, what: &str| -> String {
        let f2 = &f.facility;
        match what {
            "kind" => crate::text::kind(l, f2.kind).to_string(),
            "hours" => crate::text::hours(l, &f2.hours),
            "ownership" => f2.ownership.map(|o| crate::text::ownership(l, o).to_string()).unwrap_or_default(),
            "fees" => f2.fees.clone().unwrap_or_default(),
            "accessibility" => f2.accessibility.clone().unwrap_or_default(),
            "address" => f2.address.clone(),
            _ => String::new(),
        }
    };
    let rows = [
        ("kind", td_string!(l, what_kind)),
        ("hours", td_string!(l, hours)),
        ("ownership", td_string!(l, ownership)),
        ("fees", td_string!(l, fees)),
        ("accessibility", td_string!(l, accessibility)),
        ("address", td_string!(l, address)),
    ];
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
                            <td><LiveCapacity locale=l facility_id=f.facility.id.clone() services=f.facility.services.clone() stale_after_s=f.stale_after_s as_of=f.as_of/></td>
                        }).collect_view()}
                    </tr>
                    {rows.into_iter().map(|(what, label)| view! {
                        <tr>
                            <th scope="row">{label}</th>
                            {list.iter().map(|f| view! { <td>{cell(f, what)}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                    <tr class="no-print">
                        <th scope="row"></th>
                        {list.iter().map(|f| view! {
                            <td>
                                {(!f.facility.phone.is_empty()).then(|| view! { <a class="btn" href=tel_url(&f.facility.phone)>{td_string!(l, call)}</a> })}
                                <ShortlistButton locale=l id=f.facility.id.clone()/>
                            </td>
                        }).collect_view()}
                    </tr>
                </tbody>
            </table>
        </div>
    }
}
