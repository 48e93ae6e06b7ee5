//! A series of figures as chart lines: free places and places, and the share of up-to-date figures.

use leptos_i18n::td_string;

use crate::components::chart::Line;
use crate::model::SeriesPoint;

/// Labels for period ends: the last day each period covers.
pub fn period_labels(points: &[SeriesPoint]) -> Vec<String> {
    points.iter().map(|p| crate::calendar::shanghai_date(p.end - 1)).collect()
}

/// Free places and places as chart lines.
pub fn lines(l: crate::i18n::Locale, points: &[SeriesPoint]) -> Vec<Line> {
    vec![
        Line {
            name: td_string!(l, trend_free).to_string(),
            class: "l-free",
            values: points.iter().map(|p| Some(p.available as f64)).collect(),
        },
        Line {
            name: td_string!(l, trend_maximum).to_string(),
            class: "l-max",
            values: points.iter().map(|p| Some(p.maximum as f64)).collect(),
        },
    ]
}

/// The share of figures that were up to date (a gap where none was known).
pub fn fresh_line(l: crate::i18n::Locale, points: &[SeriesPoint]) -> Line {
    Line {
        name: td_string!(l, trend_fresh).to_string(),
        class: "l-fresh",
        values: points.iter().map(|p| (p.figures > 0).then(|| f64::from(p.fresh) / f64::from(p.figures))).collect(),
    }
}
