use std::cell::Cell;

use leptos::prelude::*;

use crate::api::FetchError;
use crate::i18n::{tr, use_texts};

thread_local! {
    /// The retryable errors on the page, newest last. Offline, every call fails at once: only the
    /// newest error is shown (the one the reader's last action caused), and its retry retries them all,
    /// so that one tap clears the page once the network is back.
    static SHOWN: ArcRwSignal<Vec<(usize, Callback<()>)>> = ArcRwSignal::new(Vec::new());
    static NEXT: Cell<usize> = const { Cell::new(0) };
}

/// An error from the API with a retry button (not for "no such code", which is a not-found page; none
/// for an address that is too long, which only a shorter one fixes). Several on a page are shown once.
#[component]
pub fn FetchErrorView(error: FetchError, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    let t = use_texts();
    let retryable = error != FetchError::TooLong;
    let shown = SHOWN.with(Clone::clone);
    let id = NEXT.with(|next| next.replace(next.get() + 1));
    if retryable {
        shown.update(|list| list.push((id, retry)));
        let shown = shown.clone();
        on_cleanup(move || shown.update(|list| list.retain(|(other, _)| *other != id)));
    }
    let newest = {
        let shown = shown.clone();
        Memo::new(move |_| !retryable || shown.with(|list| list.last().map(|(newest, _)| *newest) == Some(id)))
    };
    let retry_all = move |_| shown.get_untracked().into_iter().for_each(|(_, retry)| retry.run(()));
    move || {
        let error = error.clone();
        let retry_all = retry_all.clone();
        newest.get().then(|| {
            view! {
                <div class="card" role="alert" data-testid="fetch-error">
                    <p class="error">{move || t().fetch_error(&error)}</p>
                    {retryable.then(|| view! {
                        <button class="button" type="button" on:click=retry_all>{tr(|t| t.retry)}</button>
                    })}
                </div>
            }
        })
    }
}
