use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser::{self, ShareOutcome};
use crate::i18n::{tr, use_texts};

/// Shares the page's permalink: the phone's share sheet, or the link copied, or shown to copy by hand.
#[component]
pub fn ShareButton() -> impl IntoView {
    let t = use_texts();
    let outcome = RwSignal::new(None::<ShareOutcome>);
    let share = move |_| spawn_local(async move { outcome.set(Some(browser::share_page().await)) });
    view! {
        <div class="share">
            <button class="button secondary" type="button" data-testid="share" on:click=share>
                {move || match outcome.get() {
                    Some(ShareOutcome::Copied) => t().link_copied,
                    _ => t().share,
                }}
            </button>
            <span class="sr-only" role="status">
                {move || (outcome.get() == Some(ShareOutcome::Copied)).then(|| t().link_copied)}
            </span>
            {move || match outcome.get() {
                Some(ShareOutcome::ShowLink(url)) => Some(view! {
                    <label class="share-link">
                        {tr(|t| t.copy_link_by_hand)}
                        <input type="url" readonly value=url/>
                    </label>
                }),
                _ => None,
            }}
        </div>
    }
}
