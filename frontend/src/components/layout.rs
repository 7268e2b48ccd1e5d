use leptos::prelude::*;

use crate::i18n::{Language, other, tr};

#[component]
pub fn SiteHeader() -> impl IntoView {
    let Language(lang) = expect_context::<Language>();
    view! {
        // The first stop for keyboard and screen-reader users: past the header, straight to the page
        // (rel=external: the browser, not the router, follows it, so focus moves too).
        <a class="skip-link" href="#main" rel="external">{tr(|t| t.skip_to_content)}</a>
        <header class="site-header">
            <div class="brand">
                <a href="/">"Xã Mới"</a>
                <p>{tr(|t| t.tagline)}</p>
            </div>
            // The button's label is in the other language, so it is marked as such for screen readers.
            <button
                class="lang"
                type="button"
                data-testid="language-toggle"
                lang=move || other(lang.get()).code()
                on:click=move |_| lang.update(|l| *l = other(*l))
            >
                {tr(|t| t.switch_language)}
            </button>
        </header>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>{tr(|t| t.footer)}</p>
            // A plain link: the API documentation is served by the server, outside the app's routes.
            <p><a href="/api/docs" rel="external">{tr(|t| t.api_docs)}</a></p>
        </footer>
    }
}
