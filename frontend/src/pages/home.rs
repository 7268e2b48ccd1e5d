use leptos::prelude::*;
use shared::api::HealthResponse;

use crate::api;

#[component]
pub fn HomePage() -> impl IntoView {
    let health = LocalResource::new(api::health);
    view! {
        <h1>"Tìm xã, phường mới của bạn"</h1>
        <p>"Từ ngày 1/7/2025, 63 tỉnh còn 34, cấp huyện không còn, và khoảng 10.035 xã thành 3.321 xã, phường, đặc khu."</p>
        <section class="card status" aria-live="polite">
            <h2 class="muted">"Dữ liệu / Data"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Đang tải… / Loading…"</p> }>
                {move || health.get().map(|result| match result {
                    Ok(answer) => view! { <DatasetFacts health=answer/> }.into_any(),
                    Err(error) => view! {
                        <p class="error" role="alert">{error.to_string()}</p>
                        <button class="button" on:click=move |_| health.refetch()>"Thử lại / Retry"</button>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn DatasetFacts(health: HealthResponse) -> impl IntoView {
    view! {
        <dl class="facts">
            <dt>"Phiên bản dữ liệu"</dt>
            <dd data-testid="dataset-version">{health.dataset.version}</dd>
            <dt>"Nguồn mới nhất"</dt>
            <dd data-testid="dataset-built-from">{health.dataset.built_from}</dd>
        </dl>
    }
}
