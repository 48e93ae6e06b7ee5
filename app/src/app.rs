//! The HTML shell and the route table. Pages render on the server; only islands hydrate.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::components::layout::{Footer, Header};
use crate::islands_loader::IslandsLoader;
use crate::pages::{
    admin::AdminPage, catchments::CatchmentsPage, compare::ComparePage, coverage::CoveragePage, facility::FacilityPage,
    home::HomePage, manage::ManagePage, not_found::NotFound, offline::OfflinePage, operations::OperationsPage,
    registers::RegistersPage, search::SearchPage,
};
use crate::prefs::Prefs;

/// Inlined: one small stylesheet costs less than a round trip on a phone.
const STYLE: &str = include_str!("../style/main.css");

/// Marks the page offline when it was served from the service worker's cache, and registers the worker.
const BOOT: &str = "document.documentElement.classList.toggle('offline',!navigator.onLine);\
addEventListener('online',()=>document.documentElement.classList.remove('offline'));\
addEventListener('offline',()=>document.documentElement.classList.add('offline'));\
if('serviceWorker' in navigator)addEventListener('load',()=>navigator.serviceWorker.register('/sw.js'));";

/// The visitor's language and elder mode, from the request being rendered.
fn request_prefs() -> Prefs {
    let parts = use_context::<http::request::Parts>();
    let header = |name: http::header::HeaderName| {
        parts.as_ref().and_then(|p| p.headers.get(name)?.to_str().ok().map(str::to_string))
    };
    Prefs::from_headers(header(http::header::COOKIE).as_deref(), header(http::header::ACCEPT_LANGUAGE).as_deref())
}

/// The page's own bundle (`bundles.rs`): the options the islands loader builds its URLs from.
fn bundle_for(options: LeptosOptions) -> LeptosOptions {
    let path = use_context::<http::request::Parts>().map(|p| p.uri.path().to_string()).unwrap_or_default();
    let bundle = crate::bundles::for_path(&path);
    let mut options = options;
    options.output_name = crate::bundles::OUTPUT_NAME.into();
    options.site_pkg_dir = bundle.dir.into();
    options
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let prefs = request_prefs();
    provide_context(prefs);
    let options = bundle_for(options);
    view! {
        <!DOCTYPE html>
        <html lang=prefs.html_lang() class=if prefs.elder { "elder" } else { "" }>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#b3261e"/>
                <meta name="description" content="二七区一老一小服务地图：附近的养老、托育、学校午餐与课后服务、假期托管，看距离、空位和更新时间。"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                // The nonce is the one this response's Content-Security-Policy names (server/src/headers.rs).
                <style nonce=leptos::nonce::use_nonce()>{STYLE}</style>
                <script nonce=leptos::nonce::use_nonce()>{BOOT}</script>
                <IslandsLoader options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let l = crate::prefs::prefs().locale;
    let app_name = leptos_i18n::td_string!(l, app_name);
    view! {
        <Title formatter=move |page: String| if page.is_empty() { app_name.to_string() } else { format!("{page} · {app_name}") }/>
        <Router>
            <Header/>
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/facility/:id") view=FacilityPage ssr=SsrMode::Async/>
                    <Route path=path!("/compare") view=ComparePage ssr=SsrMode::Async/>
                    <Route path=path!("/manage") view=ManagePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/coverage") view=CoveragePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/catchments") view=CatchmentsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/registers") view=RegistersPage ssr=SsrMode::Async/>
                    <Route path=path!("/operations") view=OperationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/offline") view=OfflinePage/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}
