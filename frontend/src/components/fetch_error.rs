use leptos::prelude::*;

use crate::api::FetchError;
use crate::i18n::{tr, use_texts};

/// An error from the API with a retry button (not for "no such code", which is a not-found page).
#[component]
pub fn FetchErrorView(error: FetchError, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    let t = use_texts();
    view! {
        <div class="card" role="alert" data-testid="fetch-error">
            <p class="error">{move || t().fetch_error(&error)}</p>
            <button class="button" type="button" on:click=move |_| retry.run(())>{tr(|t| t.retry)}</button>
        </div>
    }
}
