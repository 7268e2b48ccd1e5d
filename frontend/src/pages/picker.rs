//! `/chon`: choose the old commune step by step (province → district → commune), for people who would
//! rather not type. The step is in the URL (`?tinh=01&huyen=001`), so back and forward work.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::answers::{OldUnit, OldUnitsResponse};

use crate::api::{self, PickerLevel};
use crate::components::fetched::Fetched;
use crate::components::filter_list::{Entry, FilterList};
use crate::components::page_heading::PageHeading;
use crate::i18n::{Texts, tr, use_texts};

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
            PickerLevel::Communes(_) => {
                let href = format!("/cu/{}", u.code);
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
    let call = move || Some(api::old_units(&current.get()));
    // The level the answer is for: the URL's, read when the answer is in (the call was made from it).
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
        <Fetched call show/>
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
            Entry { label: "Xã Phước Dinh".into(), detail: String::new(), href: "/cu/22903".into() }
        );
    }
}
