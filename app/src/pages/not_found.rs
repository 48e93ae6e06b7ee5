use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    crate::http_status::set(404);
    view! {
        <Title text="页面不存在"/>
        <h1>"页面不存在"</h1>
        <p><a href="/">"返回首页"</a></p>
    }
}
