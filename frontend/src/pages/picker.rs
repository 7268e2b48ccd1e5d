//! `/chon`: choose the old commune step by step (province → district → commune), for people who would
//! rather not type, then its new address to copy. The step is in the URL (`?tinh=01&huyen=001&xa=00007`),
//! so back and forward work. The lists come sorted by name from the API.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use shared::answers::{OldCommuneResponse, OldUnit, OldUnitsResponse};
use shared::model::Relation;

use crate::api::{self, PickerLevel};
use crate::components::fetched::Fetched;
use crate::components::filter_list::{Entry, FilterList};
use crate::components::lazy_page::LazyPage;
use crate::components::page_heading::PageHeading;
use crate::i18n::{Texts, tr, use_texts};
use crate::{browser, format};

/// Which list to show for the chosen province and district (plain function, tested natively).
pub fn level(province: Option<String>, district: Option<String>) -> PickerLevel {
    match (province, district) {
        (_, Some(district)) => PickerLevel::Communes(district),
        (Some(province), None) => PickerLevel::Districts(province),
        (None, None) => PickerLevel::Provinces,
    }
}

/// The links of the list at `level`; `province` is the chosen province's code (plain function, tested natively).
pub fn entries(level: &PickerLevel, units: Vec<OldUnit>, province: &str) -> Vec<Entry> {
    let plain = |u: OldUnit, href: String| Entry { label: u.name, detail: String::new(), href };
    units
        .into_iter()
        .map(|u| match level {
            PickerLevel::Provinces => {
                let href = format!("/chon?tinh={}", u.code);
                plain(u, href)
            }
            PickerLevel::Districts(_) => match u.successors.first() {
                // An island district without communes: straight to the special zone.
                Some(zone) => {
                    Entry { detail: format!("→ {}", zone.name), href: format!("/xa/{}", zone.code), label: u.name }
                }
                None => {
                    let href = format!("/chon?tinh={province}&huyen={}", u.code);
                    plain(u, href)
                }
            },
            PickerLevel::Communes(district) => {
                let href = format!("/chon?tinh={province}&huyen={district}&xa={}", u.code);
                plain(u, href)
            }
        })
        .collect()
}

#[component]
pub fn PickerPage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map();
    let current = Memo::new(move |_| {
        let query = query.read();
        level(query.get("tinh").filter(|s| !s.is_empty()), query.get("huyen").filter(|s| !s.is_empty()))
    });
    // The last step: an old commune chosen, its new address.
    let chosen = Memo::new(move |_| query.read().get("xa").filter(|s| !s.is_empty()));
    let call = move || chosen.get().is_none().then(|| api::old_units(&current.get()));
    // The step the answer is for: the URL's, read when the answer is in (the call was made from it).
    let show = Callback::new(move |text: String| {
        api::decode::<OldUnitsResponse>(&text).map(|units| {
            let level = current.get_untracked();
            let province = query.read_untracked().get("tinh").unwrap_or_default();
            let step: fn(&Texts) -> &'static str = match &level {
                PickerLevel::Provinces => |t| t.pick_province,
                PickerLevel::Districts(_) => |t| t.pick_district,
                PickerLevel::Communes(_) => |t| t.pick_commune,
            };
            let entries = entries(&level, units.units, &province);
            let parent = units.parent.map(|p| p.name);
            view! {
                {parent.map(|name| view! { <p class="muted">{name}</p> })}
                {(level != PickerLevel::Provinces).then(|| view! { <p><a href="/chon">{tr(|t| t.start_over)}</a></p> })}
                <section class="card">
                    <h2>{move || step(t())}</h2>
                    <FilterList entries id="picker"/>
                </section>
            }
            .into_any()
        })
    });
    view! {
        <PageHeading title=Signal::derive(move || t().picker_title.to_owned())/>
        // The last step is in the module of rarely visited pages, loaded then.
        {move || chosen.get().map(|code| view! { <LazyPage name="picked" argument=code/> })}
        <Fetched call show/>
    }
}

/// The picker's last step: the old commune `code`'s new address (mounted by the module of rarely
/// visited pages).
#[component]
pub fn PickedCommune(code: String) -> impl IntoView {
    let call = api::old_commune(&code);
    let show = Callback::new(|text: String| {
        api::decode::<OldCommuneResponse>(&text).map(|old| view! { <NewAddress old/> }.into_any())
    });
    view! { <Fetched call=move || Some(call.clone()) show/> }
}

/// The chosen old commune's new address, each part of a split one, with a house number and street put
/// in front if the reader gives one, to copy as on the search's answer.
#[component]
fn NewAddress(old: OldCommuneResponse) -> impl IntoView {
    let t = use_texts();
    let street = RwSignal::new(String::new());
    let old_href = format!("/cu/{}", old.code);
    view! {
        <p class="muted">{format!("{}, {}, {}", old.name, old.district.name, old.province.name)}</p>
        <p><a href="/chon">{tr(|t| t.start_over)}</a></p>
        <section class="card">
            <h2>{tr(|t| t.pick_new_address)}</h2>
            <div class="filter-list">
                <label for="street">{tr(|t| t.street_label)}</label>
                <input
                    id="street"
                    autocomplete="street-address"
                    placeholder=tr(|t| t.street_placeholder)
                    prop:value=move || street.get()
                    on:input=move |ev| street.set(event_target_value(&ev))
                />
            </div>
            {old
                .successors
                .into_iter()
                .map(|s| {
                    let address = move || street.with(|street| format::new_address(street, &s.name, &s.province_name));
                    let copied = RwSignal::new(false);
                    let partial = s.relation == Relation::Partial;
                    view! {
                        <article class="candidate">
                            <p class="label">{tr(|t| t.new_address)}</p>
                            <p class="new-address" data-testid="new-address">{address.clone()}</p>
                            {partial.then(|| view! {
                                <p>
                                    <span class="badge partial">{tr(|t| t.partial)}</span>
                                    {s.default.then(|| view! { <span class="badge">{tr(|t| t.most_likely)}</span> })}
                                </p>
                            })}
                            <div class="actions">
                                <button class="button" type="button" on:click=move |_| {
                                    let text = address();
                                    spawn_local(async move { copied.set(browser::copy_text(&text).await) });
                                }>
                                    {move || if copied.get() { t().copied } else { t().copy }}
                                </button>
                                <a href=format!("/xa/{}", s.code) class="button secondary">{tr(|t| t.open_commune)}</a>
                            </div>
                        </article>
                    }
                })
                .collect_view()}
            <p><a href=old_href>{tr(|t| t.old_commune_page)}</a></p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use shared::answers::UnitRef;

    use super::*;

    #[test]
    fn the_url_decides_the_step() {
        assert_eq!(level(None, None), PickerLevel::Provinces);
        assert_eq!(level(Some("01".into()), None), PickerLevel::Districts("01".into()));
        assert_eq!(level(Some("01".into()), Some("001".into())), PickerLevel::Communes("001".into()));
    }

    fn unit(code: &str, name: &str, successors: Vec<UnitRef>) -> OldUnit {
        OldUnit { code: code.into(), name: name.into(), unit_type: String::new(), successors }
    }

    #[test]
    fn each_step_links_to_the_next_and_island_districts_to_their_zone() {
        let provinces = entries(&PickerLevel::Provinces, vec![unit("58", "Tỉnh Ninh Thuận", vec![])], "");
        assert_eq!(provinces[0].href, "/chon?tinh=58");
        let zone = UnitRef { code: "22736".into(), name: "Đặc khu Trường Sa".into() };
        let districts = entries(
            &PickerLevel::Districts("56".into()),
            vec![unit("576", "Huyện Trường Sa", vec![zone]), unit("568", "Thành phố Nha Trang", vec![])],
            "56",
        );
        assert_eq!(districts[0].href, "/xa/22736");
        assert_eq!(districts[0].detail, "→ Đặc khu Trường Sa");
        assert_eq!(districts[1].href, "/chon?tinh=56&huyen=568");
        let communes =
            entries(&PickerLevel::Communes("589".into()), vec![unit("22903", "Xã Phước Dinh", vec![])], "58");
        assert_eq!(
            communes[0],
            Entry {
                label: "Xã Phước Dinh".into(),
                detail: String::new(),
                href: "/chon?tinh=58&huyen=589&xa=22903".into()
            }
        );
    }
}
