//! `/tinh/{code}`: a province's communes, searchable, and the old provinces it absorbed.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::answers::ProvinceCommunesResponse;

use crate::api::{self, FetchError};
use crate::components::fetch_error::FetchErrorView;
use crate::components::filter_list::{Entry, FilterList};
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;
use crate::i18n::tr;
use crate::pages::not_found::NotFoundPage;

#[component]
pub fn ProvincePage() -> impl IntoView {
    let params = use_params_map();
    let province = LocalResource::new(move || {
        let code = params.read().get("code").unwrap_or_default();
        async move { api::province_communes(&code).await }
    });
    view! {
        <Transition fallback=Loading>
            {move || province.get().map(|result| match result {
                Ok(province) => view! { <ProvinceView province/> }.into_any(),
                Err(FetchError::NotFound) => view! { <NotFoundPage/> }.into_any(),
                Err(error) => view! { <FetchErrorView error retry=move || province.refetch()/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn ProvinceView(province: ProvinceCommunesResponse) -> impl IntoView {
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
    }
}
