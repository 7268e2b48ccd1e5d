use leptos::prelude::*;

use crate::i18n::{tr, use_texts};
use crate::{browser, format};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let t = use_texts();
    Effect::new(move |_| browser::set_title(&format::page_title(t().not_found_title)));
    view! {
        <h1>{tr(|t| t.not_found_title)}</h1>
        <p>{tr(|t| t.not_found_text)}</p>
        <p><a href="/" class="button">{tr(|t| t.home_link)}</a></p>
    }
}
