use leptos::prelude::*;

use crate::i18n::use_texts;

/// Shown while an answer is on its way; announced politely to screen readers.
#[component]
pub fn Loading() -> impl IntoView {
    let t = use_texts();
    view! { <p class="muted loading" role="status">{move || t().loading}</p> }
}
