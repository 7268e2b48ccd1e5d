use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_texts;
use crate::{browser, format};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let t = use_texts();
    Effect::new(move |_| browser::set_title(&format::page_title(t().not_found_title)));
    view! {
        <h1>{move || t().not_found_title}</h1>
        <p>{move || t().not_found_text}</p>
        <p><A href="/" attr:class="button">{move || t().home_link}</A></p>
    }
}
