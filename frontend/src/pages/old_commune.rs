//! `/cu/{code}`: where an old commune went.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::answers::{OldCommuneResponse, Successor};
use shared::model::Relation;

use crate::api;
use crate::components::fetched::Fetched;
use crate::components::map_slot::{ChoiceSlot, several};
use crate::components::page_actions::PageActions;
use crate::components::page_heading::PageHeading;
use crate::i18n::{tr, use_texts};

#[component]
pub fn OldCommunePage() -> impl IntoView {
    let params = use_params_map();
    let call = move || Some(api::old_commune(&params.read().get("code").unwrap_or_default()));
    let show = Callback::new(|text: String| {
        api::decode::<OldCommuneResponse>(&text).map(|commune| view! { <OldCommuneView commune/> }.into_any())
    });
    view! { <Fetched call show not_found_page=true/> }
}

/// The resolution clause of each successor, once, as (heading, text): a split commune is named in several
/// clauses, and a clause may name several of its parts (plain function, tested natively).
pub fn clauses(successors: &[Successor]) -> Vec<(String, String)> {
    let mut clauses: Vec<(String, String)> = Vec::new();
    for s in successors {
        let heading = format!("{} {}, {}", s.legal_basis.resolution, s.legal_basis.article, s.name);
        if !s.legal_basis.text.is_empty() && !clauses.iter().any(|(h, _)| *h == heading) {
            clauses.push((heading, s.legal_basis.text.clone()));
        }
    }
    clauses
}

#[component]
fn OldCommuneView(commune: OldCommuneResponse) -> impl IntoView {
    let t = use_texts();
    let split = commune.successors.len() > 1;
    let choose = several(commune.successors.iter().map(|s| s.code.as_str()));
    let clauses = clauses(&commune.successors);
    let page = format!("/cu/{}", commune.code);
    view! {
        <p class="label">{tr(|t| t.old_commune_heading)}</p>
        <PageHeading title=commune.name.clone()/>
        <p class="muted">{format!("{}, {}", commune.district.name, commune.province.name)}</p>
        <section class="card">
            <h2>{tr(|t| t.went_to)}</h2>
            {split.then(|| view! { <p class="hint">{tr(|t| t.split_explanation)}</p> })}
            <ul class="successors" data-testid="successors">
                {commune
                    .successors
                    .into_iter()
                    .map(|s| {
                        let partial = s.relation == Relation::Partial;
                        let basis = s.default_basis.filter(|_| partial && s.default);
                        view! {
                            <li>
                                <a href=format!("/xa/{}", s.code)>{s.name.clone()}</a>
                                <span class="muted">{format!(", {}", s.province_name)}</span>
                                <p>
                                    <span class="badge">{move || if partial { t().partial } else { t().whole }}</span>
                                    {(partial && s.default).then(|| view! { <span class="badge">{tr(|t| t.most_likely)}</span> })}
                                </p>
                                {basis.map(|basis| view! { <p class="muted" data-testid="default-basis">{move || t().default_basis(basis)}</p> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {choose.map(|codes| view! { <ChoiceSlot codes/> })}
        </section>
        {(!clauses.is_empty()).then(|| view! {
            <section class="card">
                <h2>{tr(|t| t.resolution_text)}</h2>
                {clauses
                    .into_iter()
                    .map(|(heading, text)| view! { <details open><summary>{heading}</summary><p>{text}</p></details> })
                    .collect_view()}
            </section>
        })}
        <PageActions page/>
    }
}

#[cfg(test)]
mod tests {
    use shared::answers::LegalBasis;

    use super::*;

    fn successor(name: &str, article: &str, text: &str) -> Successor {
        Successor {
            code: "00008".parse().unwrap(),
            name: name.into(),
            province_code: "01".parse().unwrap(),
            province_name: String::new(),
            relation: Relation::Partial,
            default: false,
            default_basis: None,
            note: String::new(),
            legal_basis: LegalBasis {
                resolution: "1656/NQ-UBTVQH15".into(),
                date: "2025-06-16".into(),
                article: article.into(),
                text: text.into(),
            },
        }
    }

    #[test]
    fn each_clause_is_shown_once_and_unknown_texts_not_at_all() {
        let parts = [
            successor("Phường Ngọc Hà", "Điều 1, khoản 4", "Sắp xếp ..."),
            successor("Phường Ngọc Hà", "Điều 1, khoản 4", "Sắp xếp ..."),
            successor("Phường Giảng Võ", "Điều 1, khoản 5", "Sắp xếp khác ..."),
            successor("Phường Ba Đình", "Điều 1, khoản 3", ""),
        ];
        let shown = clauses(&parts);
        assert_eq!(shown.len(), 2);
        assert_eq!(shown[0].0, "1656/NQ-UBTVQH15 Điều 1, khoản 4, Phường Ngọc Hà");
        assert_eq!(shown[1].1, "Sắp xếp khác ...");
    }
}
