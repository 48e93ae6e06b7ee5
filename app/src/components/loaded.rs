//! A page's data as every page shows it: "loading…" while it comes (only without streaming), then the page's
//! own view of it, or in its place why not — with the error's status on the response (`ErrorNotice`).

use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::components::error_notice::ErrorNotice;
use crate::error::AppError;
use crate::prefs::prefs;

/// `data`'s value through `view`, or the refusal followed by `after_error` (e.g. the form to correct it).
#[component]
pub fn Loaded<T, V, F>(
    data: Resource<Result<T, AppError>>,
    view: F,
    #[prop(optional, into)] after_error: Option<ViewFn>,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    let l = prefs().locale;
    view! {
        <Suspense fallback=move || view! { <p class="muted">{td_string!(l, loading)}</p> }>
            {
                let (view, after_error) = (view.clone(), after_error.clone());
                move || {
                    let (view, after_error) = (view.clone(), after_error.clone());
                    Suspend::new(async move {
                        match data.await {
                            Ok(d) => view(d).into_any(),
                            Err(e) => view! { <Refused error=e/> {after_error.map(|f| f.run())} }.into_any(),
                        }
                    })
                }
            }
        </Suspense>
    }
}

/// Not signed in, or not allowed: a way to sign in; any other error as itself. Either way the status goes
/// on the page's response too.
#[component]
pub fn Refused(error: AppError) -> impl IntoView {
    let l = prefs().locale;
    match error {
        AppError::Unauthorized | AppError::Forbidden { .. } => {
            crate::http_status::set(error.status());
            view! {
                <p class="notice">{td_string!(l, admins_only)} " " <a href="/manage">{td_string!(l, sign_in_link)}</a></p>
            }
            .into_any()
        }
        e @ AppError::NotFound { .. } => {
            view! { <Title text=td_string!(l, page_not_found)/> <ErrorNotice error=e/> }.into_any()
        }
        e => view! { <ErrorNotice error=e/> }.into_any(),
    }
}
