use leptos::prelude::*;
use shared::api::HealthResponse;

use crate::{api, format};

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
    let data = health.dataset;
    view! {
        <dl class="facts">
            <dt>"Tỉnh, thành phố"</dt>
            <dd data-testid="dataset-provinces">{format::count(data.provinces)}</dd>
            <dt>"Xã, phường mới"</dt>
            <dd data-testid="dataset-new-communes">{format::count(data.new_communes)}</dd>
            <dt>"Xã, phường cũ"</dt>
            <dd data-testid="dataset-old-communes">{format::count(data.old_communes)}</dd>
            <dt>"Cập nhật theo"</dt>
            <dd data-testid="dataset-built-from">{format::date(&data.built_from)}</dd>
            <dt>"Phiên bản dữ liệu"</dt>
            <dd class="version" data-testid="dataset-version">{data.version}</dd>
        </dl>
    }
}
