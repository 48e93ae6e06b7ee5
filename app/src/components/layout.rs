//! Header and footer on every page; the footer says plainly that the facilities are made up.

use leptos::prelude::*;

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <a class="skip" href="#main">"跳到主要内容"</a>
        <header class="top">
            <a href="/" class="brand">
                <span class="logo" aria-hidden="true">"27"</span>
                <span>"二七关爱地图"</span>
            </a>
        </header>
        <p class="sample-banner" role="note">
            "示例数据：本应用中的机构、电话和空位均为虚构，仅用于演示，请勿据此前往或致电。"
        </p>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="bottom">
            <p>"二七区“一老一小”服务数字地图 · 示例数据"</p>
        </footer>
    }
}
