use leptos::prelude::*;

use crate::api::{self, Call, FetchError};
use crate::components::fetch_error::FetchErrorView;
use crate::components::loading::Loading;
use crate::pages::not_found::NotFoundPage;

/// What a page shows of an answer's JSON text (decoded there with [`api::decode`]).
pub type Show = Callback<String, Result<AnyView, FetchError>>;

/// The answer to `call`, shown by `show` once it is in (the previous answer stays until then); loading,
/// errors with a retry and, on unit pages, the not-found page, the same way on every page. Not
/// generic, so compiled once for every page (see `api`).
#[component]
pub fn Fetched(
    /// What to ask; `None`: nothing to ask now, nothing shown.
    #[prop(into)]
    call: Signal<Option<Call>>,
    show: Show,
    /// Whether "no such unit" is the not-found page (a unit's page) rather than an error.
    #[prop(optional)]
    not_found_page: bool,
    /// No "loading" line while the first answer is on its way (search as you type).
    #[prop(optional)]
    quiet: bool,
) -> impl IntoView {
    let answer = LocalResource::new(move || {
        let call = call.get();
        async move {
            match call {
                Some(call) => api::send(call).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <Transition fallback=move || (!quiet).then(Loading)>
            {move || answer.get().map(|result| match result.and_then(|text| text.map(|text| show.run(text)).transpose()) {
                Ok(view) => view.into_any(),
                Err(FetchError::NotFound) if not_found_page => view! { <NotFoundPage/> }.into_any(),
                Err(error) => view! { <FetchErrorView error retry=move || answer.refetch()/> }.into_any(),
            })}
        </Transition>
    }
}
