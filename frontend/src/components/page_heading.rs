use leptos::prelude::*;

use crate::browser;
use crate::components::share::ShareButton;
use crate::format;

/// A page's `<h1>` with its share button; also names the browser tab after it.
#[component]
pub fn PageHeading(#[prop(into)] title: Signal<String>, #[prop(optional)] test_id: &'static str) -> impl IntoView {
    Effect::new(move |_| browser::set_title(&format::page_title(&title.get())));
    view! {
        <div class="page-heading">
            <h1 data-testid=(!test_id.is_empty()).then_some(test_id)>{move || title.get()}</h1>
            <ShareButton/>
        </div>
    }
}
