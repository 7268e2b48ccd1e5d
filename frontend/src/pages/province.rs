//! `/tinh/{code}`: a province's communes, searchable, and the old provinces it absorbed.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::answers::ProvinceCommunesResponse;

use crate::api;
use crate::components::fetched::Fetched;
use crate::components::filter_list::{Entry, FilterList};
use crate::components::page_actions::PageActions;
use crate::components::page_heading::PageHeading;
use crate::i18n::tr;

#[component]
pub fn ProvincePage() -> impl IntoView {
    let params = use_params_map();
    let call = move || Some(api::province_communes(&params.read().get("code").unwrap_or_default()));
    let show = Callback::new(|text: String| {
        api::decode::<ProvinceCommunesResponse>(&text).map(|province| view! { <ProvinceView province/> }.into_any())
    });
    view! { <Fetched call show not_found_page=true/> }
}

#[component]
fn ProvinceView(province: ProvinceCommunesResponse) -> impl IntoView {
    let page = format!("/tinh/{}", province.province.code);
    let absorbed = province.province.absorbed.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join(", ");
    let entries = province
        .communes
        .into_iter()
        .map(|c| Entry { label: c.name, detail: String::new(), href: format!("/xa/{}", c.code) })
        .collect();
    view! {
        <PageHeading title=province.province.name.clone() test_id="province-name"/>
        <p class="muted">{tr(|t| t.absorbed)} ": " {absorbed.clone()}</p>
        <section class="card">
            <h2>{tr(|t| t.communes)} " (" {province.province.communes} ")"</h2>
            <FilterList entries id="province-communes"/>
        </section>
        <PageActions page/>
    }
}
