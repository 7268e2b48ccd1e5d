use leptos::prelude::*;

use crate::i18n::tr;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <h1>{tr(|t| t.not_found_title)}</h1>
        <p data-testid="not-found">{tr(|t| t.not_found_text)}</p>
        <p><a href="/quan-tri">{tr(|t| t.nav_province)}</a></p>
    }
}
