//! The HTML shell and the route table.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::components::layout::{Footer, Header};
use crate::pages::{
    admin::AdminPage, facility::FacilityPage, home::HomePage, manage::ManagePage, not_found::NotFound,
    search::SearchPage,
};

/// Inlined: one small stylesheet costs less than a round trip on a phone.
const STYLE: &str = include_str!("../style/main.css");

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#b3261e"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <meta name="description" content="二七区一老一小服务地图：附近的养老、托育、学校午餐与课后服务、假期托管，看距离、空位和更新时间。"/>
                <style>{STYLE}</style>
                <HydrationScripts options defer=true/>
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
    Effect::new(|_| crate::browser::mark_hydrated());
    view! {
        <Title formatter=|page: String| if page.is_empty() { "二七关爱地图".to_string() } else { format!("{page} · 二七关爱地图") }/>
        <Router>
            <Header/>
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/facility/:id") view=FacilityPage ssr=SsrMode::Async/>
                    <Route path=path!("/manage") view=ManagePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}
