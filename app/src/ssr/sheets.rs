//! The operations view's tables as files the district can open in Excel: each table is built once
//! (`Sheet`, with Chinese headers from the zh locale: the registers' own language) and written
//! either as `.xlsx` (rust_xlsxwriter) or as CSV (UTF-8 with a BOM, so Excel reads the Chinese).

use leptos_i18n::td_string;

use crate::i18n::Locale;
use crate::model::{AccessReport, Coverage, Plan, WorkList};
use crate::text;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Num(f64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Self {
        v.map_or(Cell::Empty, Into::into)
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Self {
        Cell::Int(i64::from(n))
    }
}

impl From<u64> for Cell {
    fn from(n: u64) -> Self {
        Cell::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<f64> for Cell {
    fn from(n: f64) -> Self {
        Cell::Num(n)
    }
}

/// One table: its sheet name, headers and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: &'static str,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    pub fn to_csv(&self) -> Result<Vec<u8>, csv::Error> {
        let mut out = Vec::from("\u{feff}".as_bytes());
        {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(&self.headers)?;
            for row in &self.rows {
                w.write_record(row.iter().map(|c| match c {
                    Cell::Text(s) => s.clone(),
                    Cell::Int(n) => n.to_string(),
                    Cell::Num(n) => format!("{n}"),
                    Cell::Empty => String::new(),
                }))?;
            }
            w.flush()?;
        }
        Ok(out)
    }

    pub fn to_xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        use rust_xlsxwriter::{Format, Workbook};
        let mut book = Workbook::new();
        let bold = Format::new().set_bold();
        let sheet = book.add_worksheet();
        sheet.set_name(self.name)?;
        for (c, h) in self.headers.iter().enumerate() {
            sheet.write_with_format(0, c as u16, *h, &bold)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(s) => sheet.write(r, c, s.as_str())?,
                    Cell::Int(n) => sheet.write(r, c, *n as f64)?,
                    Cell::Num(n) => sheet.write(r, c, *n)?,
                    Cell::Empty => sheet,
                };
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        book.save_to_buffer()
    }
}

const ZH: Locale = Locale::zh;

fn date_time(t: i64) -> Cell {
    Cell::Text(crate::calendar::shanghai_datetime(t))
}

pub fn plan_sheet(plan: &Plan) -> Sheet {
    Sheet {
        name: td_string!(ZH, export_plan),
        headers: vec![
            td_string!(ZH, col_target_id),
            td_string!(ZH, col_target),
            td_string!(ZH, col_value),
            td_string!(ZH, col_numerator),
            td_string!(ZH, col_denominator),
            td_string!(ZH, col_goal),
            td_string!(ZH, col_definition),
        ],
        rows: plan
            .targets
            .iter()
            .map(|t| {
                vec![
                    t.id.as_str().into(),
                    text::target(ZH, t.id).into(),
                    t.value.into(),
                    t.numerator.into(),
                    t.denominator.into(),
                    t.goal.into(),
                    text::target_definition(ZH, t.id).into(),
                ]
            })
            .collect(),
    }
}

pub fn coverage_sheet(coverage: &Coverage) -> Sheet {
    Sheet {
        name: td_string!(ZH, export_coverage),
        headers: vec![
            td_string!(ZH, col_subdistrict_code),
            td_string!(ZH, col_subdistrict),
            td_string!(ZH, coverage_centre),
            td_string!(ZH, col_communities),
            td_string!(ZH, col_lacking_count),
            td_string!(ZH, coverage_lacking),
            td_string!(ZH, col_full_services),
            td_string!(ZH, col_services),
            td_string!(ZH, col_full_reports),
        ],
        rows: coverage
            .subdistricts
            .iter()
            .map(|s| {
                vec![
                    s.code.as_str().into(),
                    s.name.as_str().into(),
                    s.centre.as_ref().map(|(_, name)| name.clone()).into(),
                    s.communities.into(),
                    (s.lacking.len() as u32).into(),
                    s.lacking.join("、").into(),
                    s.full_services.into(),
                    s.services.into(),
                    s.full_reports.into(),
                ]
            })
            .collect(),
    }
}

pub fn access_sheet(access: &AccessReport) -> Sheet {
    Sheet {
        name: td_string!(ZH, export_access),
        headers: vec![
            td_string!(ZH, col_community_code),
            td_string!(ZH, col_community),
            td_string!(ZH, col_subdistrict_code),
            td_string!(ZH, col_service),
            td_string!(ZH, col_radius_m),
            td_string!(ZH, col_population),
            td_string!(ZH, col_score),
            td_string!(ZH, col_nearest_m),
        ],
        rows: access
            .communities
            .iter()
            .map(|c| {
                vec![
                    c.code.as_str().into(),
                    c.name.as_str().into(),
                    c.subdistrict_code.as_str().into(),
                    text::service(ZH, access.service).into(),
                    access.radius_m.into(),
                    c.population.into(),
                    c.score.into(),
                    c.nearest_m.into(),
                ]
            })
            .collect(),
    }
}

pub fn work_sheet(list: &WorkList) -> Sheet {
    Sheet {
        name: td_string!(ZH, export_work),
        headers: vec![
            td_string!(ZH, col_id),
            td_string!(ZH, work_filter_kind),
            td_string!(ZH, work_filter_state),
            td_string!(ZH, col_responsible),
            td_string!(ZH, col_subject),
            td_string!(ZH, col_facility_id),
            td_string!(ZH, col_subdistrict),
            td_string!(ZH, col_service),
            td_string!(ZH, col_reports),
            td_string!(ZH, col_detail),
            td_string!(ZH, col_created),
            td_string!(ZH, col_due),
            td_string!(ZH, work_overdue),
            td_string!(ZH, col_escalated),
            td_string!(ZH, col_closed),
            td_string!(ZH, col_note),
        ],
        rows: list
            .items
            .iter()
            .map(|i| {
                let yes_no = |b: bool| Cell::from(if b { td_string!(ZH, yes) } else { td_string!(ZH, no) });
                vec![
                    Cell::Int(i.id),
                    text::work_kind(ZH, i.kind).into(),
                    text::work_state(ZH, i.state).into(),
                    text::responsible(ZH, i.responsible).into(),
                    i.subject.as_str().into(),
                    i.facility_id.clone().into(),
                    i.subdistrict_code.as_deref().and_then(crate::subdistricts::subdistrict).map(|s| s.name).into(),
                    i.service.map(|s| text::service(ZH, s)).into(),
                    i.reports.into(),
                    i.detail.as_str().into(),
                    date_time(i.created_at),
                    date_time(i.due_at),
                    yes_no(i.is_overdue(list.as_of)),
                    i.escalated_at.map(date_time).unwrap_or(Cell::Empty),
                    i.closed_at.map(date_time).unwrap_or(Cell::Empty),
                    text::work_note(ZH, &i.note).into(),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use calamine::{Data, Reader, Xlsx};

    use super::*;

    fn sample() -> Sheet {
        Sheet {
            name: "规划目标",
            headers: vec!["编号", "名称", "数值"],
            rows: vec![
                vec!["a".into(), "社区日间照料中心, \"覆盖\"".into(), Cell::Num(0.75)],
                vec!["b".into(), Cell::Empty, Cell::Int(42)],
            ],
        }
    }

    #[test]
    fn xlsx_reads_back_the_same_table() {
        let bytes = sample().to_xlsx().expect("xlsx");
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("open xlsx");
        assert_eq!(book.sheet_names(), vec!["规划目标".to_string()]);
        let range = book.worksheet_range("规划目标").expect("sheet");
        let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
        assert_eq!(
            rows[0],
            vec![Data::String("编号".into()), Data::String("名称".into()), Data::String("数值".into())]
        );
        assert_eq!(
            rows[1],
            vec![Data::String("a".into()), Data::String("社区日间照料中心, \"覆盖\"".into()), Data::Float(0.75)]
        );
        assert_eq!(rows[2], vec![Data::String("b".into()), Data::Empty, Data::Float(42.0)]);
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn csv_has_a_bom_and_quotes() {
        let bytes = sample().to_csv().expect("csv");
        let text = String::from_utf8(bytes).expect("utf-8");
        assert_eq!(text, "\u{feff}编号,名称,数值\na,\"社区日间照料中心, \"\"覆盖\"\"\",0.75\nb,,42\n");
    }
}
