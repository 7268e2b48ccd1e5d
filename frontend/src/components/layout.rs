use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <header class="site-header">
            <A href="/">"Xã Mới"</A>
            <p>"Tra cứu xã, phường mới sau sắp xếp năm 2025"</p>
        </header>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>"Dữ liệu: Tổng cục Thống kê và các nguồn mở (xem NOTICE). / Data: National Statistics Office and open sources."</p>
        </footer>
    }
}
