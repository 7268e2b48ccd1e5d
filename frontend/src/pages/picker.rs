//! `/chon`: choose the old commune step by step (province → district → commune), for people who would
//! rather not type. The step is in the URL (`?tinh=01&huyen=001`), so back and forward work.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::{self, PickerLevel};
use crate::components::fetch_error::FetchErrorView;
use crate::components::filter_list::{Entry, FilterList};
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;
use crate::i18n::use_texts;

/// Which list to show for the chosen province and district (plain function, tested natively).
pub fn level(province: Option<String>, district: Option<String>) -> PickerLevel {
    match (province, district) {
        (_, Some(district)) => PickerLevel::Communes(district),
        (Some(province), None) => PickerLevel::Districts(province),
        (None, None) => PickerLevel::Provinces,
    }
}

#[component]
pub fn PickerPage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map();
    let current = Memo::new(move |_| {
        let query = query.read();
        level(query.get("tinh").filter(|s| !s.is_empty()), query.get("huyen").filter(|s| !s.is_empty()))
    });
    let units = LocalResource::new(move || {
        let level = current.get();
        async move { api::old_units(&level).await.map(|units| (level, units)) }
    });
    view! {
        <PageHeading title=Signal::derive(move || t().picker_title.to_owned())/>
        <Transition fallback=Loading>
            {move || units.get().map(|result| match result {
                Ok((level, units)) => {
                    let province = query.read().get("tinh").unwrap_or_default();
                    let (step, entries): (fn(&crate::i18n::Texts) -> &'static str, Vec<Entry>) = match &level {
                        PickerLevel::Provinces => (
                            |t| t.pick_province,
                            units.units.into_iter().map(|u| Entry { label: u.name, detail: String::new(), href: format!("/chon?tinh={}", u.code) }).collect(),
                        ),
                        PickerLevel::Districts(_) => (
                            |t| t.pick_district,
                            units
                                .units
                                .into_iter()
                                .map(|u| match u.successors.first() {
                                    // An island district without communes: straight to the special zone.
                                    Some(zone) => Entry { label: u.name, detail: format!("→ {}", zone.name), href: format!("/xa/{}", zone.code) },
                                    None => Entry { label: u.name, detail: String::new(), href: format!("/chon?tinh={province}&huyen={}", u.code) },
                                })
                                .collect(),
                        ),
                        PickerLevel::Communes(_) => (
                            |t| t.pick_commune,
                            units.units.into_iter().map(|u| Entry { label: u.name, detail: String::new(), href: format!("/cu/{}", u.code) }).collect(),
                        ),
                    };
                    let parent = units.parent.map(|p| p.name);
                    view! {
                        {parent.map(|name| view! { <p class="muted">{name}</p> })}
                        {(level != PickerLevel::Provinces).then(|| view! { <p><A href="/chon">{move || t().start_over}</A></p> })}
                        <section class="card">
                            <h2>{move || step(t())}</h2>
                            <FilterList entries id="picker"/>
                        </section>
                    }
                    .into_any()
                }
                Err(error) => view! { <FetchErrorView error retry=move || units.refetch()/> }.into_any(),
            })}
        </Transition>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_decides_the_step() {
        assert_eq!(level(None, None), PickerLevel::Provinces);
        assert_eq!(level(Some("01".into()), None), PickerLevel::Districts("01".into()));
        assert_eq!(level(Some("01".into()), Some("001".into())), PickerLevel::Communes("001".into()));
    }
}
