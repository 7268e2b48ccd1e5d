//! `/thu-tuc/{code}`: one procedure, where to file it, and its source; opened from a commune's page
//! (`?xa={code}`), the way back to it.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use shared::answers::{CommuneResponse, PortalKind, ProcedureResponse};
use shared::model::{OnlineLevel, ProcedureStatus};

use crate::api;
use crate::components::fetched::Fetched;
use crate::components::page_actions::PageActions;
use crate::components::page_heading::PageHeading;
use crate::components::procedures::commune_code;
use crate::format;
use crate::format::fill;
use crate::i18n::{tr, use_texts};

#[component]
pub fn ProcedurePage() -> impl IntoView {
    let params = use_params_map();
    let call = move || Some(api::procedure(&params.read().get("code").unwrap_or_default()));
    let show = Callback::new(|text: String| {
        api::decode::<ProcedureResponse>(&text).map(|procedure| view! { <ProcedureView procedure/> }.into_any())
    });
    view! {
        <BackToCommune/>
        <Fetched call show not_found_page=true/>
    }
}

/// "← Back to <commune>" when the procedure was opened from a commune's page (`?xa=`); its name comes
/// from the commune's answer, which the browser has just fetched (cached for a minute).
#[component]
fn BackToCommune() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map();
    let call = move || query.read().get("xa").as_deref().and_then(commune_code).map(api::commune);
    let show = Callback::new(move |text: String| {
        api::decode::<CommuneResponse>(&text).map(|commune| {
            let href = format!("/xa/{}", commune.code);
            view! { <p><a href=href data-testid="back-to-commune">{move || fill(t().back_to, &[&commune.name])}</a></p> }
                .into_any()
        })
    });
    view! { <Fetched call show quiet=true/> }
}

#[component]
fn ProcedureView(procedure: ProcedureResponse) -> impl IntoView {
    let t = use_texts();
    let online = procedure.online;
    let level = procedure.level;
    let field = procedure.field.as_deref().map(format::field_heading);
    let repealed = procedure.status == ProcedureStatus::Repealed;
    let replacement = procedure.replacement;
    let page = format!("/thu-tuc/{}", procedure.code);
    view! {
        <PageHeading title=procedure.name.clone() test_id="procedure-name"/>
        {repealed.then(|| view! {
            <div class="hint" role="note">
                <p><strong>{tr(|t| t.repealed)}</strong></p>
                {match replacement {
                    Some(r) => view! {
                        <p>{tr(|t| t.replaced_by)} ": " <a href=format!("/thu-tuc/{}", r.code)>{format!("{} ({})", r.name, r.code)}</a></p>
                    }
                    .into_any(),
                    None => view! { <p>{tr(|t| t.repealed_no_replacement)}</p> }.into_any(),
                }}
            </div>
        })}
        <section class="card">
            <dl class="facts">
                <dt>{tr(|t| t.procedure_code)}</dt>
                <dd data-testid="procedure-code">{procedure.code.clone()}</dd>
                <dt>{tr(|t| t.field)}</dt>
                <dd>{move || field.clone().unwrap_or_else(|| t().unknown.to_owned())}</dd>
                <dt>{tr(|t| t.level)}</dt>
                <dd>{move || t().level(level)}</dd>
                <dt>{tr(|t| t.agency)}</dt>
                <dd>{move || procedure.agency.clone().unwrap_or_else(|| t().unknown.to_owned())}</dd>
                <dt>{tr(|t| t.online_level)}</dt>
                <dd>
                    <span class=if online == OnlineLevel::Full { "badge new" } else { "badge" }>{move || t().online(online)}</span>
                </dd>
            </dl>
        </section>
        {(!repealed).then(|| view! {
            <section class="card">
                <h2>{tr(|t| t.where_to_file)}</h2>
                <div class="actions stacked" data-testid="portal-links">
                    {procedure
                        .links
                        .into_iter()
                        .map(|link| {
                            let kind = link.kind;
                            view! {
                                <a class="button" href=link.url target="_blank" rel="noopener">
                                    {move || match kind {
                                        PortalKind::NationalSearch => t().national_portal,
                                        PortalKind::PublicSecurity => t().public_security_portal,
                                    }}
                                </a>
                            }
                        })
                        .collect_view()}
                </div>
                <p class="muted">{tr(|t| t.portal_note)}</p>
            </section>
        })}
        <section class="card">
            <details>
                <summary>{tr(|t| t.source)}</summary>
                <p class="source">{procedure.source}</p>
                <p class="source">{procedure.source_note}</p>
            </details>
        </section>
        <PageActions page/>
    }
}
