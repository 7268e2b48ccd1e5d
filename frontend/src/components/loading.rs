use leptos::prelude::*;

use crate::i18n::tr;

/// Shown while an answer is on its way; announced politely to screen readers.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="muted loading" role="status">{tr(|t| t.loading)}</p> }
}
