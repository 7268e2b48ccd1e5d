//! `/`: search as you type, and convert a whole old address (`/?q=...`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::answers::{ConvertResponse, HealthResponse, SearchResponse, SearchResult, UnitKind};
use shared::model::Relation;

use crate::api::FetchError;
use crate::components::fetch_error::FetchErrorView;
use crate::components::fetched::Fetched;
use crate::components::page_heading::PageHeading;
use crate::i18n::{Language, tr, use_texts};
use crate::{api, browser, format};

#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_texts();
    let Language(lang) = expect_context::<Language>();
    let navigate = use_navigate();
    // The converted address is in the URL (`/?q=...`): a permalink to share, and back/forward work.
    let url_query = use_query_map();
    let submitted = Memo::new(move |_| url_query.read().get("q").filter(|q| !q.trim().is_empty()));
    let query = RwSignal::new(submitted.get_untracked().unwrap_or_default());
    // Back or forward to another conversion puts its address back in the box.
    Effect::new(move |_| {
        if let Some(address) = submitted.get() {
            query.set(address);
        }
    });
    // Results as they type, from two letters on (none past the API's limit: converting says why).
    let search = move || {
        query.with(|text| (text.trim().chars().count() >= 2 && !api::too_long(text)).then(|| api::search(text)))
    };
    let results = Callback::new(move |text: String| {
        let typed = query.get_untracked();
        api::decode::<SearchResponse>(&text).map(|found| view! { <SearchResults list=found.results typed/> }.into_any())
    });
    // Asked again in the other language when the reader switches: the hint and the reasons are the
    // API's sentences. (The answer stays shown until the new one comes.) An address over the API's
    // limit is not sent: the reader is told why instead.
    let too_long = move || submitted.with(|address| address.as_deref().is_some_and(api::too_long));
    let conversion =
        move || submitted.get().filter(|a| !api::too_long(a)).map(|address| api::convert(&address, lang.get()));
    let converted = Callback::new(|text: String| {
        api::decode::<ConvertResponse>(&text).map(|response| view! { <ConversionView response/> }.into_any())
    });
    view! {
        <PageHeading title=Signal::derive(move || t().home_title.to_owned())/>
        <p class="muted">{tr(|t| t.home_intro)}</p>
        <form
            class="search"
            role="search"
            on:submit=move |ev| {
                ev.prevent_default();
                let text = query.get_untracked();
                if !text.trim().is_empty() {
                    navigate(&format!("/?q={}", api::encode(text.trim())), Default::default());
                }
            }
        >
            <label for="address">{tr(|t| t.search_label)}</label>
            <input
                id="address"
                type="search"
                autocomplete="off"
                enterkeyhint="search"
                placeholder=tr(|t| t.search_placeholder)
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
            <button class="button" type="submit">{tr(|t| t.convert_button)}</button>
        </form>
        <p><a href="/chon">{tr(|t| t.picker_link)}</a></p>
        {move || too_long().then(|| view! { <FetchErrorView error=FetchError::TooLong retry=|| ()/> })}
        <Fetched call=conversion show=converted/>
        <Fetched call=search show=results quiet=true/>
        <DatasetCard/>
    }
}

#[component]
fn SearchResults(list: Vec<SearchResult>, typed: String) -> impl IntoView {
    let t = use_texts();
    let count = list.len();
    // Read out by screen readers as the list changes; nothing to say before two letters are typed.
    let announcement = move || (typed.trim().chars().count() >= 2).then(|| (t().results_found)(count));
    view! {
        <p class="sr-only" role="status">{announcement}</p>
        {(!list.is_empty()).then(|| view! {
            <ul class="results" data-testid="search-results">
                {list
                    .into_iter()
                    .map(|result| {
                        let (href, old) = match result.kind {
                            UnitKind::Old => (format!("/cu/{}", result.code), true),
                            UnitKind::New => (format!("/xa/{}", result.code), false),
                        };
                        view! {
                            <li>
                                <a href=href>
                                    <span class=if old { "badge old" } else { "badge new" }>
                                        {move || if old { t().kind_old } else { t().kind_new }}
                                    </span>
                                    <span class="result-name">{result.name}</span>
                                    <span class="result-path">{result.path}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        })}
    }
}

/// The new commune(s), best first. An answer that rests on a guess (confidence below 1) says so beside
/// it, with the reasons, and its copy button steps back: the reader checks before copying.
#[component]
fn ConversionView(response: ConvertResponse) -> impl IntoView {
    let t = use_texts();
    let hint = response.hint.clone();
    view! {
        <section class="card conversion" aria-live="polite" data-testid="conversion">
            {hint.map(|hint| view! { <p class="hint">{hint}</p> })}
            {response
                .candidates
                .into_iter()
                .map(|candidate| {
                    let address = candidate.new_address.clone();
                    let copied = RwSignal::new(false);
                    let partial = candidate.relation == Relation::Partial;
                    let uncertain = candidate.confidence < 1.0;
                    let reasons = candidate.reason_texts;
                    let read_as = candidate.old.as_ref().map(|old| format!("{}, {}, {}", old.name, old.district, old.province));
                    view! {
                        <article class="candidate">
                            <p class="label">{tr(|t| t.new_address)}</p>
                            <p class="new-address" data-testid="new-address">{candidate.new_address}</p>
                            <p>
                                {partial.then(|| view! { <span class="badge partial">{tr(|t| t.partial)}</span> })}
                                {(partial && candidate.default).then(|| view! { <span class="badge">{tr(|t| t.most_likely)}</span> })}
                            </p>
                            {uncertain.then(|| view! {
                                <div class="check" data-testid="check">
                                    <p class="check-title">{tr(|t| t.check_answer)}</p>
                                    {(!reasons.is_empty()).then(|| view! {
                                        <ul data-testid="reasons">{reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                                    })}
                                </div>
                            })}
                            {read_as.map(|text| view! { <p class="muted">{tr(|t| t.read_as)} ": " {text.clone()}</p> })}
                            <div class="actions">
                                <button class=if uncertain { "button secondary" } else { "button" } type="button" on:click=move |_| {
                                    let address = address.clone();
                                    spawn_local(async move { copied.set(browser::copy_text(&address).await) });
                                }>
                                    {move || if copied.get() { t().copied } else { t().copy }}
                                </button>
                                <a href=format!("/xa/{}", candidate.code) class="button secondary">{tr(|t| t.open_commune)}</a>
                            </div>
                        </article>
                    }
                })
                .collect_view()}
        </section>
    }
}

#[component]
fn DatasetCard() -> impl IntoView {
    let show = Callback::new(|text: String| {
        api::decode::<HealthResponse>(&text).map(|health| view! { <DatasetFacts health/> }.into_any())
    });
    view! {
        <section class="card status" aria-live="polite">
            <h2>{tr(|t| t.data_title)}</h2>
            <Fetched call=|| Some(api::health()) show/>
        </section>
    }
}

#[component]
fn DatasetFacts(health: HealthResponse) -> impl IntoView {
    let data = health.dataset;
    view! {
        <dl class="facts">
            <dt>{tr(|t| t.data_provinces)}</dt>
            <dd data-testid="dataset-provinces">{format::count(data.provinces)}</dd>
            <dt>{tr(|t| t.data_new_communes)}</dt>
            <dd data-testid="dataset-new-communes">{format::count(data.new_communes)}</dd>
            <dt>{tr(|t| t.data_old_communes)}</dt>
            <dd data-testid="dataset-old-communes">{format::count(data.old_communes)}</dd>
            <dt>{tr(|t| t.data_built_from)}</dt>
            <dd data-testid="dataset-built-from">{format::date(&data.built_from)}</dd>
            <dt>{tr(|t| t.data_version)}</dt>
            <dd class="version" data-testid="dataset-version">{data.version}</dd>
        </dl>
    }
}
