use leptos::prelude::*;

use crate::api::FetchError;
use crate::i18n::{tr, use_texts};

/// An error from the API with a retry button (not for "no such code", which is a not-found page; none
/// for an address that is too long, which only a shorter one fixes).
#[component]
pub fn FetchErrorView(error: FetchError, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    let t = use_texts();
    let retryable = error != FetchError::TooLong;
    view! {
        <div class="card" role="alert" data-testid="fetch-error">
            <p class="error">{move || t().fetch_error(&error)}</p>
            {retryable.then(|| view! {
                <button class="button" type="button" on:click=move |_| retry.run(())>{tr(|t| t.retry)}</button>
            })}
        </div>
    }
}
