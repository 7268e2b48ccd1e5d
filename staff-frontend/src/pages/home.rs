//! `/quan-tri`: straight to the province of an account that has one; else the provinces to choose from
//! (all 34 for an admin).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::answers::ProvincesResponse;
use shared::staff::roles::{Account, Role};

use crate::api;
use crate::components::problems::CallErrorNote;
use crate::i18n::{Lang, lang, pick};
use crate::session::{SignedIn, use_session};

struct Texts {
    title: &'static str,
    intro: &'static str,
}

const VI: Texts = Texts { title: "Chọn tỉnh", intro: "Chọn tỉnh, thành phố bạn muốn cập nhật." };
const EN: Texts = Texts { title: "Choose a province", intro: "Choose the province you want to work on." };

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

/// The provinces `account` works in, of `all` (in the dataset's order).
pub fn provinces_of<'a>(account: &Account, all: &'a ProvincesResponse) -> Vec<&'a shared::answers::ProvinceSummary> {
    all.provinces.iter().filter(|p| account.role == Role::Admin || account.provinces.contains(&p.code)).collect()
}

#[component]
pub fn HomePage() -> impl IntoView {
    view! { <SignedIn><Provinces/></SignedIn> }
}

#[component]
fn Provinces() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let lang = lang();
    let all = LocalResource::new(move || async move {
        api::get::<ProvincesResponse>("/api/v1/provinces", lang.get_untracked()).await
    });
    Effect::new(move |_| {
        if let Some(account) = session.account()
            && account.role != Role::Admin
            && let [only] = account.provinces.iter().collect::<Vec<_>>()[..]
        {
            // In place of `/quan-tri` in the history, so that Back does not come here to be sent on again.
            let replace = leptos_router::NavigateOptions { replace: true, ..Default::default() };
            navigate(&format!("/quan-tri/tinh/{only}"), replace);
        }
    });
    view! {
        <h1>{pick(texts, |t| t.title)}</h1>
        <p class="muted">{pick(texts, |t| t.intro)}</p>
        {move || {
            let account = session.account()?;
            Some(match all.get() {
                None => view! { <p class="muted loading" role="status">{crate::i18n::tr(|t| t.loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <CallErrorNote error=Signal::stored(Some(e))/> }.into_any(),
                Some(Ok(all)) => view! {
                    <ul class="results" data-testid="provinces">
                        {provinces_of(&account, &all).into_iter().map(|p| view! {
                            <li><a href=format!("/quan-tri/tinh/{}", p.code)><span class="result-name">{p.name.clone()}</span></a></li>
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
            })
        }}
    }
}
