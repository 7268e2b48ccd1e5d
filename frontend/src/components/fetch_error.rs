use leptos::prelude::*;

use crate::api::FetchError;
use crate::i18n::use_texts;

/// An error from the API with a retry button (not for "no such code", which is a not-found page).
#[component]
pub fn FetchErrorView(error: FetchError, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    let t = use_texts();
    view! {
        <div class="card" role="alert">
            <p class="error">{error.to_string()}</p>
            <button class="button" on:click=move |_| retry.run(())>{move || t().retry}</button>
        </div>
    }
}
