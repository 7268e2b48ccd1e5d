use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::staff::roles::Role;

use crate::api;
use crate::drafts;
use crate::i18n::{Language, other, tr};
use crate::session::{SIGN_IN_PATH, use_session};

/// The header of every staff page: the sections the account may use, who is signed in, the language
/// toggle and sign-out.
#[component]
pub fn StaffHeader() -> impl IntoView {
    let Language(lang) = expect_context::<Language>();
    let session = use_session();
    let navigate = use_navigate();
    let sign_out = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            // Signed out either way: a network error must not leave drafts on a shared computer.
            let _ = api::post_empty("/api/v1/staff/sign-out", lang.get_untracked()).await;
            drafts::clear_all();
            session.ended();
            navigate(SIGN_IN_PATH, Default::default());
        });
    };
    view! {
        <a class="skip-link" href="#main" rel="external">{tr(|t| t.skip_to_content)}</a>
        <header class="site-header staff-header">
            <div class="brand">
                <a href="/quan-tri">{tr(|t| t.app_name)}</a>
                <p><a class="citizen-link" href="/" rel="external">{tr(|t| t.citizen_site)}</a></p>
            </div>
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
        {move || session.account().map(|account| {
            let admin = account.role == Role::Admin;
            let reviews = account.role != Role::Editor;
            let sign_out = sign_out.clone();
            view! {
                <nav class="staff-nav" aria-label=tr(|t| t.nav_label)>
                    <ul>
                        <li><a href="/quan-tri">{tr(|t| t.nav_province)}</a></li>
                        <li><a href="/quan-tri/thay-doi">{tr(|t| t.nav_changes)}</a></li>
                        <li><a href="/quan-tri/don-vi">{tr(|t| t.nav_more)}</a></li>
                        <li><a href="/quan-tri/bao-cao">{tr(|t| t.nav_reports)}</a></li>
                        {reviews.then(|| view! { <li><a href="/quan-tri/phat-hanh">{tr(|t| t.nav_releases)}</a></li> })}
                        {admin.then(|| view! { <li><a href="/quan-tri/tai-khoan">{tr(|t| t.nav_accounts)}</a></li> })}
                    </ul>
                    <p class="who">
                        <span class="muted">{tr(|t| t.signed_in_as)}" "</span>
                        <span data-testid="signed-in-as">{account.email.to_string()}</span>
                        <button class="button secondary small" type="button" data-testid="sign-out" on:click=sign_out>
                            {tr(|t| t.sign_out)}
                        </button>
                    </p>
                </nav>
            }
        })}
    }
}

/// Sets the tab's title, which screen readers announce.
pub fn set_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}
