use leptos::prelude::*;

use crate::api::CallError;
use crate::components::problems::CallErrorNote;
use crate::i18n::tr;
use crate::session::use_session;

/// Ends the session when `resource` answers 401: the page's `SignedIn` then goes to sign-in, and back.
pub fn end_session_on_401<T: Clone + 'static>(resource: LocalResource<Result<T, CallError>>) {
    let session = use_session();
    Effect::new(move |_| {
        if let Some(Err(CallError::SignedOut)) = resource.get() {
            session.ended();
        }
    });
}

/// What a page fetched: "loading" until it comes, its error with a retry, else `ready` of it; a 401
/// ends the session ([`end_session_on_401`]).
pub fn answer_view<T: Clone + 'static>(
    resource: LocalResource<Result<T, CallError>>,
    ready: impl Fn(T) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    end_session_on_401(resource);
    move || match resource.get() {
        None => view! { <p class="muted loading" role="status">{tr(|t| t.loading)}</p> }.into_any(),
        Some(Err(error)) => view! {
            <CallErrorNote error=Signal::stored(Some(error))/>
            <button class="button" type="button" on:click=move |_| resource.refetch()>{tr(|t| t.retry)}</button>
        }
        .into_any(),
        Some(Ok(answer)) => ready(answer),
    }
}
