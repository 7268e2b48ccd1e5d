//! Who is signed in, for every page: asked of the server once (`GET /api/v1/staff/me`), then kept; a
//! 401 from any call ends it, and the pages behind [`SignedIn`] go to sign-in, which brings the reader
//! back to where they were (their unsent input is kept by [`crate::drafts`]).

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use shared::staff::roles::{Account, Role};
use shared::staff::wire::SessionResponse;

use crate::api::{self, CallError};
use crate::i18n::{Lang, lang, tr};

/// Where the session stands.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionState {
    /// Asking the server.
    Checking,
    SignedIn(SessionResponse),
    SignedOut,
    /// The server could not be asked (offline): nothing is shown as signed out, so nothing is lost.
    Unreachable,
}

#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<SessionState>, RwSignal<Lang>);

pub const SIGN_IN_PATH: &str = "/quan-tri/dang-nhap";

impl Session {
    /// The signed-in account, if any (reactive).
    pub fn account(self) -> Option<Account> {
        match self.0.get() {
            SessionState::SignedIn(session) => Some(session.account),
            _ => None,
        }
    }

    pub fn role(self) -> Option<Role> {
        self.account().map(|account| account.role)
    }

    /// A call answered 401: the session is over.
    pub fn ended(self) {
        self.0.set(SessionState::SignedOut);
    }

    /// Asks the server who is signed in. (The language is the session's own copy of the signal: this
    /// may run in a task, where no context can be looked up.)
    pub fn check(self) {
        let lang = self.1.get_untracked();
        self.0.set(SessionState::Checking);
        leptos::task::spawn_local(async move {
            let state = match api::get::<SessionResponse>("/api/v1/staff/me", lang).await {
                Ok(session) => SessionState::SignedIn(session),
                Err(CallError::SignedOut) => SessionState::SignedOut,
                Err(_) => SessionState::Unreachable,
            };
            self.0.set(state);
        });
    }
}

pub fn provide_session() {
    let session = Session(RwSignal::new(SessionState::Checking), lang());
    provide_context(session);
    session.check();
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// The sign-in page's address that comes back to `here` (a path of these pages) afterwards.
pub fn sign_in_href(here: &str) -> String {
    if here.starts_with("/quan-tri") && !here.starts_with(SIGN_IN_PATH) {
        format!("{SIGN_IN_PATH}?tiep={}", api::encode(here))
    } else {
        SIGN_IN_PATH.to_owned()
    }
}

/// Where to go after signing in: the `tiep` path if it is one of these pages (never another site).
pub fn after_sign_in(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with("/quan-tri") && !path.starts_with("//") && !path.contains("://") => {
            path.to_owned()
        }
        _ => "/quan-tri".to_owned(),
    }
}

/// Its children once someone is signed in; sign-in otherwise.
#[component]
pub fn SignedIn(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if session.0.get() == SessionState::SignedOut {
            let here = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
            let replace = leptos_router::NavigateOptions { replace: true, ..Default::default() };
            navigate(&sign_in_href(&here), replace);
        }
    });
    view! {
        {move || match session.0.get() {
            SessionState::SignedIn(_) => children().into_any(),
            SessionState::Unreachable => view! {
                <div class="card" role="alert">
                    <p class="error">{tr(|t| t.error_network)}</p>
                    <button class="button" type="button" on:click=move |_| session.check()>{tr(|t| t.retry)}</button>
                </div>
            }
            .into_any(),
            _ => view! { <p class="muted loading" role="status">{tr(|t| t.loading)}</p> }.into_any(),
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_returns_only_to_these_pages() {
        assert_eq!(after_sign_in(Some("/quan-tri/xa/00097")), "/quan-tri/xa/00097");
        assert_eq!(
            after_sign_in(Some("/quan-tri/thay-doi?trang-thai=submitted")),
            "/quan-tri/thay-doi?trang-thai=submitted"
        );
        for elsewhere in
            [None, Some("https://example.org/"), Some("//example.org"), Some("/xa/00097"), Some("/quan-tri//x://")]
        {
            assert_eq!(after_sign_in(elsewhere), "/quan-tri", "{elsewhere:?}");
        }
    }
}
