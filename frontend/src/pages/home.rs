//! `/`: search as you type, convert a whole old address (`/?q=...`), "use my location", and the
//! catalogue of procedures.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::answers::{
    API_PREFIX, ConvertResponse, HealthResponse, ProceduresResponse, SearchResponse, SearchResult, UnitKind,
};
use shared::model::Relation;

use crate::api::{Call, FetchError};
use crate::components::fetch_error::FetchErrorView;
use crate::components::fetched::Fetched;
use crate::components::lazy_page::LazyPage;
use crate::components::map_slot::{ChoiceSlot, several};
use crate::components::page_heading::PageHeading;
use crate::components::procedures::ProceduresSection;
use crate::i18n::{Language, tr, use_texts};
use crate::{api, browser, format, lazy};

/// The id of what holds the conversion's answer, which takes the focus when it comes.
const ANSWER: &str = "answer";

/// The address to convert from the box's text; `None` for an empty box (the page then says what to type).
pub fn to_convert(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|text| !text.is_empty())
}

/// Whether the search as you type reads out its count: from two letters on, and not while the
/// conversion of this very text is shown ("no results" would contradict its answer).
pub fn announce_count(typed: &str, converted: Option<&str>) -> bool {
    let typed = typed.trim();
    typed.chars().count() >= 2 && converted.map(str::trim) != Some(typed)
}

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
    // "Tìm" with an empty box: say what to type, until something is typed.
    let empty = RwSignal::new(false);
    // Results as they type, from two letters on (none past the API's limit: the page says why).
    let search = move || {
        query.with(|text| (text.trim().chars().count() >= 2 && !api::too_long(text)).then(|| api::search(text)))
    };
    let results = Callback::new(move |text: String| {
        let typed = query.get_untracked();
        api::decode::<SearchResponse>(&text)
            .map(|found| view! { <SearchResults list=found.results typed submitted/> }.into_any())
    });
    // Asked again in the other language when the reader switches: the hint and the reasons are the
    // API's sentences. (The answer stays shown until the new one comes.) Text over the API's limit is
    // not sent: the reader is told why as soon as it is typed, or opened from a link.
    let too_long = move || query.with(|text| api::too_long(text));
    let conversion =
        move || submitted.get().filter(|a| !api::too_long(a)).map(|address| api::convert(&address, lang.get()));
    // The answer to a new address scrolls into view and takes the focus (not when it comes again in the
    // other language).
    let focused = StoredValue::new(None::<String>);
    let converted = Callback::new(move |text: String| {
        let response = api::decode::<ConvertResponse>(&text)?;
        let address = submitted.get_untracked();
        if focused.get_value() != address {
            focused.set_value(address);
            request_animation_frame(show_answer);
        }
        Ok(view! { <ConversionView response/> }.into_any())
    });
    let invalid = move || (empty.get() || too_long()).then_some("true");
    view! {
        <PageHeading title=Signal::derive(move || t().home_title.to_owned())/>
        <p class="muted">{tr(|t| t.home_intro)}</p>
        <form
            class="search"
            role="search"
            on:submit=move |ev| {
                ev.prevent_default();
                let text = query.get_untracked();
                match to_convert(&text) {
                    None => {
                        empty.set(true);
                        browser::focus("address");
                    }
                    Some(address) if submitted.get_untracked().as_deref() == Some(address) => show_answer(),
                    Some(address) => navigate(&format!("/?q={}", api::encode(address)), Default::default()),
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
                aria-invalid=invalid
                aria-describedby=move || empty.get().then_some("address-empty")
                prop:value=move || query.get()
                on:input=move |ev| {
                    empty.set(false);
                    query.set(event_target_value(&ev));
                }
            />
            {move || empty.get().then(|| view! {
                <p class="error" id="address-empty" role="alert">{tr(|t| t.search_empty)}</p>
            })}
            <button class="button" type="submit">{tr(|t| t.convert_button)}</button>
        </form>
        <div class="actions">
            <a class="button secondary" href="/chon">{tr(|t| t.picker_link)}</a>
            <LocateButton/>
            <a class="button secondary" href="/chuyen-doi-hang-loat">{tr(|t| t.batch_link)}</a>
        </div>
        <div id=ANSWER tabindex="-1">
            {move || too_long().then(|| view! { <FetchErrorView error=FetchError::TooLong retry=|| ()/> })}
            <Fetched call=conversion show=converted/>
        </div>
        <Fetched call=search show=results quiet=true/>
        <details class="card">
            <summary>{tr(|t| t.relation_title)}</summary>
            <p><span class="badge">{tr(|t| t.whole)}</span>{tr(|t| t.whole_explained)}</p>
            <p><span class="badge partial">{tr(|t| t.partial)}</span>{tr(|t| t.partial_explained)}</p>
        </details>
        <ProceduresFinder/>
        <DatasetCard/>
    }
}

/// Brings the conversion's answer into view and gives it the focus: a screen reader reads it, and a split
/// commune's first part is not left below the screen.
fn show_answer() {
    browser::focus(ANSWER);
    if let Some(answer) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(ANSWER)) {
        answer.scroll_into_view();
    }
}

#[component]
fn SearchResults(list: Vec<SearchResult>, typed: String, submitted: Memo<Option<String>>) -> impl IntoView {
    let t = use_texts();
    let count = list.len();
    // Read out by screen readers as the list changes.
    let announcement =
        move || submitted.with(|s| announce_count(&typed, s.as_deref())).then(|| (t().results_found)(count));
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
    let choose = several(response.candidates.iter().map(|c| c.code.as_str()));
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
                    // Linked to the old commune's page, where its code came with the answer.
                    let read_as = candidate.old.as_ref().map(|old| {
                        let href = (!old.code.is_empty()).then(|| format!("/cu/{}", old.code));
                        (format!("{}, {}, {}", old.name, old.district, old.province), href)
                    });
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
                            {read_as.map(|(text, href)| view! { <p class="muted">{tr(|t| t.read_as)} ": " <a href=href>{text}</a></p> })}
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
            {choose.map(|codes| view! { <ChoiceSlot codes/> })}
        </section>
    }
}

/// "Use my location": the maps module, loaded on the tap, finds the phone's position and the commune
/// holding it, then opens its page, or says in the box below the button what it found and why not.
#[component]
fn LocateButton() -> impl IntoView {
    let lang = expect_context::<Language>().0;
    let node = NodeRef::<leptos::html::Div>::new();
    let failed = RwSignal::new(false);
    let locate = move |_| {
        let Some(container) = node.get_untracked() else { return };
        failed.set(false);
        let code = lang.get_untracked().code();
        spawn_local(async move {
            failed.try_set(!lazy::show_located(container.into(), code).await);
        });
    };
    view! {
        <button class="button secondary" type="button" on:click=locate data-testid="locate-me">{tr(|t| t.use_location)}</button>
        // The module writes here "looking for your position…" (a status), then what it found: announced.
        <div class="located" aria-live="polite" node_ref=node></div>
        {move || failed.get().then(|| view! { <p class="error" data-testid="locate-problem">{tr(|t| t.map_unavailable)}</p> })}
    }
}

/// The catalogue of procedures, searchable as on a commune's page: from the module of rarely visited
/// pages, loaded when opened.
#[component]
fn ProceduresFinder() -> impl IntoView {
    let opened = RwSignal::new(false);
    view! {
        <details class="card" on:toggle=move |_| if !opened.get_untracked() { opened.set(true) }>
            <summary>{tr(|t| t.procedures_find)}</summary>
            {move || opened.get().then(|| view! { <LazyPage name="procedures" argument=String::new()/> })}
        </details>
    }
}

/// The whole catalogue of procedures with its filter (what [`ProceduresFinder`] opens, mounted by the
/// module of rarely visited pages).
#[component]
pub fn ProceduresCatalogue() -> impl IntoView {
    let call = || Some(Call { url: format!("{API_PREFIX}/procedures"), body: None });
    let show = Callback::new(|text: String| {
        api::decode::<ProceduresResponse>(&text)
            .map(|all| view! { <ProceduresSection procedures=all.procedures/> }.into_any())
    });
    view! { <Fetched call show/> }
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

/// The dataset's figures (its version, a hash, only as an attribute: it tells a reader nothing).
#[component]
fn DatasetFacts(health: HealthResponse) -> impl IntoView {
    let data = health.dataset;
    view! {
        <dl class="facts" data-version=data.version>
            <dt>{tr(|t| t.data_provinces)}</dt>
            <dd data-testid="dataset-provinces">{format::count(data.provinces)}</dd>
            <dt>{tr(|t| t.data_new_communes)}</dt>
            <dd data-testid="dataset-new-communes">{format::count(data.new_communes)}</dd>
            <dt>{tr(|t| t.data_old_communes)}</dt>
            <dd data-testid="dataset-old-communes">{format::count(data.old_communes)}</dd>
            <dt>{tr(|t| t.data_built_from)}</dt>
            <dd data-testid="dataset-built-from">{format::date(&data.built_from)}</dd>
        </dl>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_box_is_not_converted_and_counts_are_not_said_over_an_answer() {
        assert_eq!(to_convert("  "), None);
        assert_eq!(to_convert(" phuoc dinh "), Some("phuoc dinh"));
        assert!(announce_count("phuoc dinh", None));
        assert!(announce_count("phuoc dinh", Some("phuoc dinh thuan nam")));
        assert!(!announce_count("phuoc dinh ", Some("phuoc dinh")), "the conversion of this text is shown");
        assert!(!announce_count("p", None));
    }
}
