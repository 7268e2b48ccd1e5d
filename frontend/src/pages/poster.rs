//! `/xa/{code}/in`: a commune's poster, for its service centre's wall: one A4 page (the print styles are
//! in `style.css`) with the commune, the old communes it took in, its centre's facts (unknown ones said
//! so), some of its procedures, and a QR code of its page. The QR code is made by the API
//! (`/api/v1/communes/{code}/qr.svg`): an encoder in the app would not fit its size budget.

use leptos::prelude::*;
use shared::answers::{CommuneResponse, ProcedureSummary};
use shared::model::ProcedureLevel;

use crate::api;
use crate::browser;
use crate::components::fetched::Fetched;
use crate::components::page_heading::PageHeading;
use crate::components::procedures::ProcedureList;
use crate::components::service_centre::ServiceCentreCard;
use crate::i18n::tr;
use crate::pages::commune::TookIn;

/// How many procedures a poster lists: what fits one A4 page beside the rest.
pub const POSTER_PROCEDURES: usize = 8;

/// The procedures a poster lists: the first of the commune page's list that are done at commune level
/// (by the commune's People's Committee or police). The data has no measure of how often each is
/// used, so the poster says "some", not "the most used" (plain function, tested natively).
pub fn poster_procedures(procedures: Vec<ProcedureSummary>) -> Vec<ProcedureSummary> {
    procedures
        .into_iter()
        .filter(|p| matches!(p.level, ProcedureLevel::Xa | ProcedureLevel::CongAnXa))
        .take(POSTER_PROCEDURES)
        .collect()
}

/// The QR code's address on this site: the API makes it for `origin`, the page's own.
pub fn qr_src(code: &str, origin: &str) -> String {
    format!("/api/v1/communes/{code}/qr.svg?origin={}", api::encode(origin))
}

/// `code` as the path wrote it.
#[component]
pub fn PosterPage(code: String) -> impl IntoView {
    let call = move || Some(api::commune(&code));
    let show = Callback::new(|text: String| {
        api::decode::<CommuneResponse>(&text).map(|commune| view! { <PosterView commune/> }.into_any())
    });
    view! { <Fetched call show not_found_page=true/> }
}

#[component]
fn PosterView(commune: CommuneResponse) -> impl IntoView {
    let origin = browser::origin();
    let page = format!("/xa/{}", commune.code);
    let qr = qr_src(commune.code.as_str(), &origin);
    let address = format!("{origin}{page}");
    let province = commune.province.name.clone();
    let procedures = poster_procedures(commune.procedures);
    view! {
        <article class="poster" data-testid="poster">
            <header class="poster-head">
                <div>
                    <PageHeading title=commune.name.clone() test_id="poster-name"/>
                    <p class="poster-place">{format!("{} · {}", commune.unit_type, province)}</p>
                </div>
                <figure class="poster-qr">
                    <img src=qr alt=tr(|t| t.poster_qr_alt) width="150" height="150" data-testid="poster-qr"/>
                    <figcaption>{tr(|t| t.poster_scan)} <span class="poster-url">{address}</span></figcaption>
                </figure>
            </header>
            <div class="actions no-print">
                <button class="button" type="button" on:click=|_| browser::print()>{tr(|t| t.poster_print)}</button>
                <a class="button secondary" href=page>{commune.name.clone()}</a>
            </div>
            <ServiceCentreCard centre=commune.service_centre province_portal=commune.province_portal province/>
            <TookIn predecessors=commune.predecessors/>
            <section class="card">
                <h2>{tr(|t| t.poster_procedures)}</h2>
                <ProcedureList list=procedures test_id="poster-procedures"/>
                <p class="muted">{tr(|t| t.poster_procedures_more)}</p>
            </section>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use shared::model::OnlineLevel;

    use super::*;

    fn procedure(code: &str, level: ProcedureLevel) -> ProcedureSummary {
        ProcedureSummary {
            code: code.into(),
            name: String::new(),
            field: None,
            level,
            online: OnlineLevel::Unknown,
            staff_fact: None,
        }
    }

    /// The catalogue's first codes (data/procedures.csv), with their levels.
    #[test]
    fn a_poster_lists_the_first_procedures_done_at_commune_level() {
        let mut list = vec![procedure("1.000377", ProcedureLevel::Tinh), procedure("1.000419", ProcedureLevel::Other)];
        let commune_level = ["1.000656", "1.000689", "1.001193", "1.001266", "1.001570", "1.001612", "1.001699"];
        list.extend(commune_level.map(|code| procedure(code, ProcedureLevel::Xa)));
        list.push(procedure("1.002755", ProcedureLevel::CongAnXa));
        list.push(procedure("1.003197", ProcedureLevel::CongAnXa));
        list.insert(4, procedure("1.000894", ProcedureLevel::Other));
        let chosen: Vec<_> = poster_procedures(list).into_iter().map(|p| p.code).collect();
        assert_eq!(chosen.len(), POSTER_PROCEDURES);
        assert_eq!(chosen[..3], ["1.000656", "1.000689", "1.001193"]);
        assert_eq!(chosen[7], "1.002755", "the police's too; none of another level");
    }
}
