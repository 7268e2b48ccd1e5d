use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <h1>"Không tìm thấy trang"</h1>
        <p>"Trang bạn mở không có. / This page does not exist."</p>
        <p><A href="/" attr:class="button">"Về trang chủ / Home"</A></p>
    }
}
