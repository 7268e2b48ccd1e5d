use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Language, use_texts};

#[component]
pub fn SiteHeader() -> impl IntoView {
    let t = use_texts();
    let Language(lang) = expect_context::<Language>();
    view! {
        <header class="site-header">
            <div class="brand">
                <A href="/">"Xã Mới"</A>
                <p>{move || t().tagline}</p>
            </div>
            <button class="lang" data-testid="language-toggle" on:click=move |_| lang.update(|l| *l = l.other())>
                {move || t().switch_language}
            </button>
        </header>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    let t = use_texts();
    view! {
        <footer class="site-footer">
            <p>{move || t().footer}</p>
        </footer>
    }
}
