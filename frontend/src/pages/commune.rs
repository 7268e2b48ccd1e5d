//! `/xa/{code}`: a new commune, ward or special zone.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use shared::answers::{CommuneResponse, Predecessor};
use shared::model::Relation;

use crate::api;
use crate::components::fetched::Fetched;
use crate::components::map_slot::{CommuneMapSlot, centre_mark, parse_point};
use crate::components::page_actions::PageActions;
use crate::components::page_heading::PageHeading;
use crate::components::procedures::ProceduresSection;
use crate::components::service_centre::ServiceCentreCard;
use crate::format;
use crate::i18n::{tr, use_texts};

#[component]
pub fn CommunePage() -> impl IntoView {
    let params = use_params_map();
    let call = move || Some(api::commune(&params.read().get("code").unwrap_or_default()));
    let show = Callback::new(|text: String| {
        api::decode::<CommuneResponse>(&text).map(|commune| view! { <CommuneView commune/> }.into_any())
    });
    view! { <Fetched call show not_found_page=true/> }
}

#[component]
fn CommuneView(commune: CommuneResponse) -> impl IntoView {
    let t = use_texts();
    let basis = commune.legal_basis.clone();
    let area = commune.area_km2.map(format::area);
    let province_href = format!("/tinh/{}", commune.province.code);
    let province_name = commune.province.name.clone();
    let page = format!("/xa/{}", commune.code);
    let centre = commune.service_centre.clone();
    let portal = commune.province_portal.clone();
    let procedures = commune.procedures.clone();
    let maps = commune.centroid.map(|c| (format::osm_link(c.lat, c.lon), format::geo_link(c.lat, c.lon)));
    // The map's marks: the centre (or the middle, approximate), and where the home page located the reader.
    let mark = centre_mark(&commune.service_centre, commune.centroid.as_ref());
    let here = use_query_map().read_untracked().get("vi-tri").and_then(|p| parse_point(&p));
    view! {
        <PageHeading title=commune.name.clone() test_id="commune-name"/>
        <p class="muted"><a href=province_href>{province_name}</a></p>
        <section class="card">
            <dl class="facts">
                <dt>{tr(|t| t.unit_type)}</dt>
                <dd>{commune.unit_type.clone()}</dd>
                <dt>{tr(|t| t.province)}</dt>
                <dd>{commune.province.name.clone()}</dd>
                <dt>{tr(|t| t.area)}</dt>
                <dd>{move || area.clone().unwrap_or_else(|| t().unknown.to_owned())}</dd>
            </dl>
            <CommuneMapSlot code=commune.code.to_string() centre=mark here/>
            {maps.map(|(osm, geo)| view! {
                <div class="actions">
                    <a class="button secondary" href=osm target="_blank" rel="noopener">{tr(|t| t.map)}</a>
                    <a class="button secondary" href=geo>{tr(|t| t.map_app)}</a>
                </div>
            })}
        </section>
        <ServiceCentreCard centre province_portal=portal province=commune.province.name.clone()/>
        <ProceduresSection procedures/>
        <TookIn predecessors=commune.predecessors/>
        {(!commune.history.is_empty()).then(|| view! {
            <section class="card">
                <h2>{tr(|t| t.history)}</h2>
                <ul>
                    {commune
                        .history
                        .into_iter()
                        .map(|h| view! {
                            <li>{format!("{} ({} → {}): {}", h.name, format::date(&h.valid_from), format::date(&h.until), h.legal_basis)}</li>
                        })
                        .collect_view()}
                </ul>
            </section>
        })}
        <section class="card">
            <h2>{tr(|t| t.legal_basis)}</h2>
            <p>{format!("Nghị quyết {} ({}) {}", basis.resolution, format::date(&basis.date), basis.article)}</p>
            {(!basis.text.is_empty()).then(|| view! { <details><summary>{tr(|t| t.resolution_text)}</summary><p>{basis.text.clone()}</p></details> })}
        </section>
        <PageActions page=page.clone() poster=format!("{page}/in")/>
    }
}

/// The old communes a new one took in, each linked to its page, whole or in part (also on its poster).
#[component]
pub fn TookIn(predecessors: Vec<Predecessor>) -> impl IntoView {
    let t = use_texts();
    view! {
        <section class="card">
            <h2>{tr(|t| t.took_in)}</h2>
            <ul class="predecessors" data-testid="predecessors">
                {predecessors
                    .into_iter()
                    .map(|p| {
                        let partial = p.relation == Relation::Partial;
                        let place = format!(", {}, {}", p.district.name, p.province.name);
                        let name = if p.code.is_empty() {
                            view! { <span>{p.name.clone()}</span> }.into_any()
                        } else {
                            view! { <a href=format!("/cu/{}", p.code)>{p.name.clone()}</a> }.into_any()
                        };
                        view! {
                            <li>
                                {name}
                                <span class="muted">{place}</span>
                                " "
                                <span class="badge">{move || if partial { t().partial } else { t().whole }}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
