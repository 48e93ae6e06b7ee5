//! `/admin/registers?upload=ID`: the dry run of an uploaded register — how each column is read,
//! what would be added, changed (field by field) and what the file no longer lists — with "import"
//! (choosing to keep or close the missing) and "discard". After applying, the counts.

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::loaded::Loaded;
use crate::error::AppError;
use crate::model::{PreviewFacility, RegisterPreview};
use crate::prefs::prefs;
use crate::server_fns::registers::preview_register;
use crate::tf;

async fn load(upload: Option<String>) -> Result<Option<RegisterPreview>, AppError> {
    match upload {
        Some(id) => preview_register(id).await.map(Some),
        None => Ok(None),
    }
}

#[component]
pub fn RegistersPage() -> impl IntoView {
    let l = prefs().locale;
    let query = use_query_map();
    let upload = move || query.get().get("upload").filter(|u| !u.is_empty());
    let data = Resource::new(upload, load);
    let outcome = move || {
        let q = query.get();
        let n = |k: &str| q.get(k).and_then(|v| v.parse::<usize>().ok());
        match (q.get("error"), n("added"), n("changed"), n("closed")) {
            // The outcome of an earlier form post (redirected here): this GET itself succeeded.
            (Some(e), ..) => Some(view! { <p class="notice error outcome" role="alert">{e}</p> }.into_any()),
            (None, Some(added), Some(changed), Some(closed)) => Some(view! {
                <p class="done" role="status">{tf!(l, register_done, added = added, changed = changed, closed = closed)}</p>
                <p><a href="/admin#placing">{tf!(l, placing_queue, n = "…")}</a></p>
            }.into_any()),
            _ => None,
        }
    };
    view! {
        <Title text=td_string!(l, registers_title)/>
        <h1 class="page-title">{td_string!(l, registers_title)}</h1>
        <p><a href="/admin#register">{td_string!(l, admin_title)}</a></p>
        {outcome}
        <Loaded data view={|p| p.map(|p| view! { <Preview p/> })}/>
    }
}

fn facility_rows(list: Vec<PreviewFacility>, class: &'static str) -> impl IntoView {
    let l = prefs().locale;
    view! {
        <ul class=format!("register-list {class}")>
            {list.into_iter().map(|f| {
                let row = (f.line > 0).then(|| format!("{} · ", tf!(l, register_row, row = f.line)));
                let approx = f.location_basis.is_approximate().then(|| format!(" · {}", crate::text::location_basis(l, f.location_basis)));
                view! {
                    <li data-id=f.id.clone()>
                        {row}<strong>{f.name}</strong>{format!(" · {}", crate::text::kind(l, f.kind))}{approx}
                        {(!f.changes.is_empty()).then(|| view! {
                            <ul class="changes">
                                {f.changes.into_iter().map(|c| view! {
                                    <li data-field=c.field.clone()>{format!("{}: {} → {}", c.field,
                                        if c.old.is_empty() { "—" } else { c.old.as_str() }, if c.new.is_empty() { "—" } else { c.new.as_str() })}</li>
                                }).collect_view()}
                            </ul>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn Preview(p: RegisterPreview) -> impl IntoView {
    let l = prefs().locale;
    let unused: Vec<String> = p.unknown_columns().map(str::to_string).collect();
    let approx = p.approximate();
    let bad = !p.errors.is_empty();
    let upload = p.upload_id.clone();
    let missing_n = p.missing.len();
    view! {
        <section class="register-preview" data-upload=p.upload_id.clone()>
            <p>{tf!(l, register_summary, file = p.filename.as_str(), row = p.header_row)}</p>
            <details>
                <summary>{td_string!(l, register_columns)}</summary>
                <ul>
                    {p.columns.iter().filter(|c| !c.header.is_empty()).map(|c| view! {
                        <li>{format!("{} → {}", c.header, c.field.clone().unwrap_or_else(|| td_string!(l, register_field_unused).to_string()))}</li>
                    }).collect_view()}
                </ul>
            </details>
            {(!unused.is_empty()).then(|| view! { <p class="unused-columns">{tf!(l, register_unused, cols = unused.join("、"))}</p> })}
            {bad.then(|| view! {
                <h2 class="error">{tf!(l, register_errors, n = p.errors.len())}</h2>
                <ul class="register-errors">{p.errors.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}</ul>
            })}
            <h2>{tf!(l, register_added, n = p.added.len())}</h2>
            {facility_rows(p.added, "added")}
            <h2>{tf!(l, register_changed, n = p.changed.len())}</h2>
            {facility_rows(p.changed, "changed")}
            <p>{tf!(l, register_unchanged, n = p.unchanged)}</p>
            <h2>{tf!(l, register_missing, n = missing_n)}</h2>
            {facility_rows(p.missing, "missing")}
            {(!p.notes.is_empty()).then(|| view! {
                <h2>{td_string!(l, register_notes)}</h2>
                <ul class="register-notes">{p.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
            })}
            {(approx > 0).then(|| view! { <p class="notice">{tf!(l, register_approx, n = approx)}</p> })}
            {(!bad).then(|| view! {
                <form method="post" action="/admin/registers/apply" class="register-apply">
                    <input type="hidden" name="upload" value=upload.clone()/>
                    {(missing_n > 0).then(|| view! {
                        <label><input type="radio" name="missing" value="keep" checked/> {td_string!(l, register_missing_keep)}</label>
                        <label><input type="radio" name="missing" value="close"/> {td_string!(l, register_missing_close)}</label>
                    })}
                    <button class="btn primary" type="submit">{td_string!(l, register_apply)}</button>
                </form>
            })}
            <form method="post" action="/admin/registers/discard">
                <input type="hidden" name="upload" value=upload/>
                <button class="btn" type="submit">{td_string!(l, register_discard)}</button>
            </form>
        </section>
    }
}
