use leptos::prelude::*;

use crate::api;
use crate::i18n::tr;

/// At the foot of a unit's page: "report an error" about it (`page`, its path, fills in the form), and
/// for a commune the link to its printable poster.
#[component]
pub fn PageActions(page: String, #[prop(optional)] poster: Option<String>) -> impl IntoView {
    let report = format!("/bao-cao?trang={}", api::encode(&page));
    view! {
        <div class="actions page-actions">
            <a class="button secondary" href=report data-testid="report-link">{tr(|t| t.report_link)}</a>
            {poster.map(|href| view! {
                <a class="button secondary" href=href data-testid="poster-link">{tr(|t| t.poster_link)}</a>
            })}
        </div>
    }
}
