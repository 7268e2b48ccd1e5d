use leptos::prelude::*;

use crate::format::matches_filter;
use crate::i18n::tr;

/// One entry of a [`FilterList`]: what it shows and where it leads.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub label: String,
    pub detail: String,
    pub href: String,
}

/// A long list of links with a box that filters it as you type (no tone marks needed).
#[component]
pub fn FilterList(entries: Vec<Entry>, #[prop(into)] id: String) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let input_id = format!("{id}-filter");
    view! {
        <div class="filter-list">
            <label for=input_id.clone()>{tr(|t| t.filter)}</label>
            <input
                id=input_id
                type="search"
                autocomplete="off"
                prop:value=move || typed.get()
                on:input=move |ev| typed.set(event_target_value(&ev))
            />
            <ul class="results" data-testid=id>
                {move || {
                    let typed = typed.get();
                    entries
                        .iter()
                        .filter(|e| matches_filter(&e.label, &typed))
                        .cloned()
                        .map(|e| {
                            view! {
                                <li>
                                    <a href=e.href>
                                        <span class="result-name">{e.label}</span>
                                        <span class="result-path">{e.detail}</span>
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}
