//! A line chart drawn on the server as SVG, with the data table behind it: readable without WASM,
//! by screen readers (the table) and on paper.

use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::prefs::prefs;

/// One line: its name in the legend and table, a CSS class for its colour, one value per label.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub name: String,
    pub class: &'static str,
    pub values: Vec<Option<f64>>,
}

const W: f64 = 320.0;
const H: f64 = 120.0;
const PAD_L: f64 = 36.0;
const PAD_R: f64 = 8.0;
const PAD_T: f64 = 8.0;
const PAD_B: f64 = 18.0;

/// A number as the table and axis show it: percentages for shares, whole numbers for counts.
pub fn show(v: f64, percent: bool) -> String {
    if percent {
        format!("{:.0}%", v * 100.0)
    } else if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// The SVG path of one line: moves over gaps (`None`), draws between known values.
fn path(values: &[Option<f64>], y_max: f64) -> String {
    let n = values.len().max(2) - 1;
    let mut d = String::new();
    let mut pen_down = false;
    for (i, v) in values.iter().enumerate() {
        let Some(v) = v else {
            pen_down = false;
            continue;
        };
        let x = PAD_L + (W - PAD_L - PAD_R) * i as f64 / n as f64;
        let y = PAD_T + (H - PAD_T - PAD_B) * (1.0 - v / y_max);
        d.push_str(&format!("{}{x:.1},{y:.1} ", if pen_down { "L" } else { "M" }));
        pen_down = true;
    }
    d
}

#[component]
pub fn LineChart(
    /// What the chart shows, for its caption and its accessible name.
    title: String,
    /// One label per point (dates), oldest first.
    labels: Vec<String>,
    lines: Vec<Line>,
    /// Values are shares (0–1) shown as percentages.
    #[prop(optional)]
    percent: bool,
) -> impl IntoView {
    let l = prefs().locale;
    let top = lines.iter().flat_map(|s| s.values.iter().flatten().copied()).fold(0.0_f64, f64::max);
    let y_max = if percent { 1.0_f64.max(top) } else { top.max(1.0) };
    let first = labels.first().cloned().unwrap_or_default();
    let last = labels.last().cloned().unwrap_or_default();
    let rows: Vec<(String, Vec<String>)> = labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let cells = lines
                .iter()
                .map(|s| s.values.get(i).copied().flatten().map_or_else(|| "–".to_string(), |v| show(v, percent)))
                .collect();
            (label.clone(), cells)
        })
        .collect();
    let names: Vec<String> = lines.iter().map(|s| s.name.clone()).collect();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=title.clone() preserveAspectRatio="none">
                <line class="axis" x1=PAD_L y1=H - PAD_B x2=W - PAD_R y2=H - PAD_B/>
                <line class="grid" x1=PAD_L y1=PAD_T x2=W - PAD_R y2=PAD_T/>
                <text class="tick" x=PAD_L - 4.0 y=PAD_T + 4.0 text-anchor="end">{show(y_max, percent)}</text>
                <text class="tick" x=PAD_L - 4.0 y=H - PAD_B text-anchor="end">"0"</text>
                <text class="tick" x=PAD_L y=H - 4.0>{first}</text>
                <text class="tick" x=W - PAD_R y=H - 4.0 text-anchor="end">{last}</text>
                {lines.iter().map(|s| view! { <path class=format!("line {}", s.class) d=path(&s.values, y_max)/> }).collect_view()}
            </svg>
            <figcaption>
                {title}
                <span class="legend">
                    {lines.iter().map(|s| view! { <span class=format!("key {}", s.class)>{s.name.clone()}</span> }).collect_view()}
                </span>
            </figcaption>
            <details class="data">
                <summary>{td_string!(l, chart_data_table)}</summary>
                <table>
                    <thead><tr><th scope="col">{td_string!(l, chart_date)}</th>{names.into_iter().map(|n| view! { <th scope="col">{n}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(label, cells)| view! {
                            <tr><th scope="row">{label}</th>{cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_skip_gaps_and_scale() {
        // Three points over the plot width; a gap lifts the pen.
        let d = path(&[Some(0.0), None, Some(10.0)], 10.0);
        assert_eq!(d, format!("M{PAD_L:.1},{:.1} M{:.1},{PAD_T:.1} ", H - PAD_B, W - PAD_R));
        assert_eq!(show(0.8, true), "80%");
        assert_eq!(show(12.0, false), "12");
        assert_eq!(show(4.26, false), "4.3");
    }
}
