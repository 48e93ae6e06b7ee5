//! The operations page's access section: a service picker, the access map with its legend, the
//! worst-served communities and the suggested sites, all rendered on the server. When no population
//! has been imported it says so instead of showing zeros.

use leptos::prelude::*;
use leptos_i18n::td_string;

use super::access_map::{
    AccessMap, CLASS_FILL, Classes, FACILITY_FILL, STAR_FILL, UNSERVED_STROKE, star_points, swatch_fill,
};
use crate::i18n::Locale;
use crate::model::{AccessReport, AgeGroup, ServiceKind, SuggestionReport};
use crate::prefs::prefs;
use crate::tf;

/// Communities listed in the worst-served table.
const WORST_ROWS: usize = 20;

fn age_group(l: Locale, g: AgeGroup) -> &'static str {
    match g {
        AgeGroup::Age0To2 => td_string!(l, access_age_0_2),
        AgeGroup::Age3To5 => td_string!(l, access_age_3_5),
        AgeGroup::Age6To11 => td_string!(l, access_age_6_11),
        AgeGroup::Age12To14 => td_string!(l, access_age_12_14),
        AgeGroup::Age60Plus => td_string!(l, access_age_60_plus),
        AgeGroup::Age80Plus => td_string!(l, access_age_80_plus),
    }
}

/// Places per resident, shown per 1,000 residents: per person the figures are tiny fractions.
pub fn per_thousand(score: f64) -> String {
    format!("{:.1}", score * 1000.0)
}

/// A small legend swatch: a circle like the map's, or a facility marker, or a star.
fn swatch(shape: &'static str, fill: String) -> impl IntoView {
    let shape = match shape {
        "square" => view! { <rect x="4" y="4" width="10" height="10" fill=fill stroke="#fff"/> }.into_any(),
        "star" => view! { <polygon points=star_points(9.0, 9.5, 8.5) fill=fill stroke="#5c3b00"/> }.into_any(),
        "none" => view! { <circle cx="9" cy="9" r="7" fill=fill stroke=UNSERVED_STROKE stroke-width="2"/> }.into_any(),
        _ => view! { <circle cx="9" cy="9" r="7" fill=fill stroke="#1c1b1f"/> }.into_any(),
    };
    view! { <svg class="swatch" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">{shape}</svg> }
}

/// `<form method="get">` without an action: submitting sets `service` on the current page.
#[component]
fn ServicePicker(current: ServiceKind) -> impl IntoView {
    let l = prefs().locale;
    view! {
        <form method="get" class="access-picker">
            <label for="access-service">{td_string!(l, access_service)}</label>
            <select id="access-service" name="service">
                {ServiceKind::ALL.into_iter().map(|s| view! {
                    <option value=s.as_str() selected={s == current}>{crate::text::service(l, s)}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="btn">{td_string!(l, access_show)}</button>
        </form>
    }
}

#[component]
pub fn AccessSection(access: AccessReport, suggestions: SuggestionReport) -> impl IntoView {
    let l = prefs().locale;
    let service = crate::text::service(l, access.service);
    let radius = access.radius_m;
    let groups: Vec<&str> = access.service.demand().0.iter().map(|&g| age_group(l, g)).collect();
    let intro = tf!(l, access_intro, service = service, radius = radius, groups = groups.join(" + "));
    let body = if access.population_loaded {
        view! { <Figures access=access.clone() suggestions=suggestions/> }.into_any()
    } else {
        view! { <p class="notice">{td_string!(l, access_no_population)}</p> }.into_any()
    };
    view! {
        <section class="access" aria-labelledby="access-title">
            <h2 id="access-title">{td_string!(l, access_title)}</h2>
            <ServicePicker current=access.service/>
            <p class="muted">{intro}</p>
            {access.population_sample.then(|| view! { <p class="sample-tag">{td_string!(l, access_sample_population)}</p> })}
            {body}
        </section>
    }
}

/// The map, its legend and the two tables (population is loaded).
#[component]
fn Figures(access: AccessReport, suggestions: SuggestionReport) -> impl IntoView {
    let l = prefs().locale;
    let radius = access.radius_m;
    let service = crate::text::service(l, access.service);
    let unserved = access.communities.iter().filter(|r| !r.served(radius)).count();
    let label =
        tf!(l, access_map_label, service = service, n = access.communities.len(), unserved = unserved, radius = radius);
    let classes = Classes::of(&access);
    let legend_classes = classes.map(|c| {
        c.ranges()
            .into_iter()
            .enumerate()
            .map(|(i, (from, to))| {
                view! {
                    <li>{swatch("circle", CLASS_FILL[i].to_string())}
                        {tf!(l, access_class_range, from = per_thousand(from), to = per_thousand(to))}</li>
                }
            })
            .collect_view()
    });
    view! {
        <figure class="access-figure">
            <AccessMap access=access.clone() suggestions=suggestions.clone() label=label/>
            <figcaption>
                <p class="access-legend-title">{td_string!(l, access_legend)}</p>
                <ul class="access-legend">
                    {legend_classes}
                    <li>{swatch("none", swatch_fill(None))} {tf!(l, access_no_facility, radius = radius)}</li>
                    <li>{swatch("square", FACILITY_FILL.to_string())} {td_string!(l, access_facility_marker)}</li>
                    <li>{swatch("star", STAR_FILL.to_string())} {td_string!(l, access_suggestion_marker)}</li>
                </ul>
            </figcaption>
        </figure>
        <WorstTable access=access.clone()/>
        <SuggestionTable access=access suggestions=suggestions/>
    }
}

#[component]
fn WorstTable(access: AccessReport) -> impl IntoView {
    let l = prefs().locale;
    let all = access.communities.len();
    let shown = all.min(WORST_ROWS);
    view! {
        <h3>{td_string!(l, access_worst_title)}</h3>
        <div class="table-wrap">
            <table class="audit access-worst">
                <caption class="muted">{tf!(l, access_worst_caption, n = shown, all = all)}</caption>
                <thead><tr>
                    <th scope="col">{td_string!(l, access_col_community)}</th>
                    <th scope="col">{td_string!(l, access_col_subdistrict)}</th>
                    <th scope="col">{td_string!(l, access_col_population)}</th>
                    <th scope="col">{td_string!(l, access_col_score)}</th>
                    <th scope="col">{td_string!(l, access_col_nearest)}</th>
                </tr></thead>
                <tbody>
                    {access.communities.into_iter().take(WORST_ROWS).map(|r| {
                        let served = r.served(access.radius_m);
                        let subdistrict = crate::subdistricts::subdistrict(&r.subdistrict_code).map_or("", |s| s.name);
                        let nearest = r.nearest_m.map_or_else(|| td_string!(l, access_none).to_string(), |m| crate::text::distance(l, m));
                        view! {
                            <tr>
                                <th scope="row">{r.name}</th>
                                <td>{subdistrict}</td>
                                <td>{r.population}</td>
                                <td>{per_thousand(r.score)}</td>
                                // Beyond the radius: the reason the score is 0, marked in words' colour and weight.
                                <td class:warn={!served}>{nearest}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn SuggestionTable(access: AccessReport, suggestions: SuggestionReport) -> impl IntoView {
    let l = prefs().locale;
    let name = |code: &str| {
        access.communities.iter().find(|r| r.code == code).map_or_else(|| code.to_string(), |r| r.name.clone())
    };
    let rows = suggestions
        .suggestions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let reached: Vec<String> = s.communities.iter().map(|c| name(c)).collect();
            let reached = reached.join(match l {
                Locale::zh => "、",
                Locale::en => ", ",
            });
            view! {
                <tr>
                    <th scope="row">{(i + 1).to_string()}</th>
                    <td>{format!("{:.5}, {:.5}", s.lat, s.lng)}</td>
                    <td>{s.added_population}</td>
                    <td>{reached}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h3>{td_string!(l, access_suggest_title)}</h3>
        <p class="muted">{tf!(l, access_suggest_intro, radius = suggestions.radius_m)}</p>
        {if suggestions.suggestions.is_empty() {
            view! { <p class="notice">{td_string!(l, access_no_suggestions)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="audit access-suggestions">
                        <thead><tr>
                            <th scope="col">{td_string!(l, access_col_rank)}</th>
                            <th scope="col">{td_string!(l, access_col_location)}</th>
                            <th scope="col">{td_string!(l, access_col_added)}</th>
                            <th scope="col">{td_string!(l, access_col_reached)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AccessFacility, AccessRow, Suggestion};

    fn row(code: &str, name: &str, score: f64, nearest_m: Option<u32>) -> AccessRow {
        AccessRow {
            code: code.into(),
            name: name.into(),
            subdistrict_code: "410103001".into(),
            lat: 34.72,
            lng: 113.63,
            population: 1200,
            score,
            nearest_m,
        }
    }

    fn reports(loaded: bool) -> (AccessReport, SuggestionReport) {
        let access = AccessReport {
            service: ServiceKind::Meals,
            radius_m: 300,
            population_loaded: loaded,
            population_sample: true,
            communities: if loaded {
                vec![
                    row("1", "甲社区", 0.0, Some(850)),
                    row("2", "乙社区", 0.004, Some(120)),
                    row("3", "丙社区", 0.02, Some(90)),
                ]
            } else {
                Vec::new()
            },
            facilities: vec![
                AccessFacility { id: "f1".into(), name: "F1".into(), lat: 34.72, lng: 113.631, places: 20 },
                AccessFacility { id: "f2".into(), name: "F2".into(), lat: 34.721, lng: 113.63, places: 40 },
            ],
        };
        let suggestions = SuggestionReport {
            service: ServiceKind::Meals,
            radius_m: 300,
            suggestions: vec![
                Suggestion { lat: 34.7, lng: 113.6, added_population: 1200, communities: vec!["1".into()] },
                Suggestion { lat: 34.71, lng: 113.61, added_population: 345, communities: vec!["x".into()] },
            ],
        };
        (access, suggestions)
    }

    fn render(loaded: bool) -> String {
        let (access, suggestions) = reports(loaded);
        Owner::new().with(|| view! { <AccessSection access=access suggestions=suggestions/> }.to_html())
    }

    #[test]
    fn draws_every_community_facility_and_suggestion_with_tables_behind() {
        let html = render(true);
        assert!(html.contains(r#"role="img""#) && html.contains(r#"aria-label="助餐可及性地图"#), "{html}");
        assert_eq!(html.matches(r#"class="acc-c""#).count(), 2, "two served circles");
        assert_eq!(html.matches(r#"class="acc-c acc-none""#).count(), 1, "甲 has nothing within 300 m");
        assert_eq!(html.matches(r#"class="acc-f""#).count(), 2);
        assert_eq!(html.matches(r#"class="acc-s""#).count(), 2);
        // The tables: every community with its score per 1,000 (0.004 → 4.0), the suggestions with
        // what each adds and the communities by name (unknown codes as themselves).
        for text in ["甲社区", "乙社区", "丙社区", "4.0", "20.0", "850 米", "1200", "345", "<td>x</td>"] {
            assert!(html.contains(text), "missing {text}");
        }
        // The picker names every service and keeps the current one selected.
        assert_eq!(html.matches("<option").count(), ServiceKind::ALL.len());
        assert!(html.contains(r#"<option value="meals" selected"#), "{html}");
        assert!(html.contains("示例人口"), "the sample is labelled");
    }

    #[test]
    fn says_so_when_no_population_is_loaded() {
        let html = render(false);
        assert!(html.contains("尚未导入人口数据"));
        assert!(!html.contains("<svg"), "no map of zeros");
        assert!(!html.contains("<table"));
        assert!(html.contains(r#"<form method="get""#), "the picker stays");
    }
}
