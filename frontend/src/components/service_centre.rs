use leptos::prelude::*;
use shared::answers::{CentreStatus, ServiceCentre};

use crate::format;
use crate::i18n::{Lang, Language, tr, use_texts};

/// A commune's public administrative service centre: what staff verified, who verified it and when, and
/// "unknown" for the rest. `province` is the commune's province (its full name): centres are verified
/// only through the staff workflow of the commune's province, so its staff are the ones who verified it.
#[component]
pub fn ServiceCentreCard(centre: ServiceCentre, province_portal: Option<String>, province: String) -> impl IntoView {
    let t = use_texts();
    let Language(lang) = expect_context::<Language>();
    let verified = centre.status == CentreStatus::Verified;
    let unknown = move |value: Option<String>| value.unwrap_or_else(|| t().unknown.to_owned());
    let phone = match (centre.phone, centre.phone_uri) {
        (Some(phone), Some(uri)) => view! { <a href=uri>{phone}</a> }.into_any(),
        (phone, _) => view! { <span>{unknown(phone)}</span> }.into_any(),
    };
    let hours = centre.opening_hours;
    let directions = centre.coordinates.map(|c| format::directions_link(c.lat, c.lon));
    let approximate = centre.location_approximate;
    let verified_by = centre.verified_on.filter(|_| verified).map(|date| format::date(&date));
    let source = centre.source;
    view! {
        <section class="card centre" data-testid="service-centre" aria-labelledby="centre-title">
            <h2 id="centre-title">{tr(|t| t.centre_title)}</h2>
            {if verified {
                view! {
                    <p><span class="badge new">{tr(|t| t.centre_verified)}</span></p>
                    {verified_by.map(|date| view! {
                        <p class="verified-by" data-testid="verified-by">{move || (t().centre_verified_by)(&province, &date)}</p>
                    })}
                }
                .into_any()
            } else {
                view! {
                    <p><span class="badge partial">{tr(|t| t.centre_unverified)}</span></p>
                    <p class="hint">{tr(|t| t.centre_unverified_text)}</p>
                }
                .into_any()
            }}
            <dl class="facts">
                <dt>{tr(|t| t.centre_name)}</dt>
                <dd>{unknown(centre.name)}</dd>
                <dt>{tr(|t| t.address)}</dt>
                <dd>{unknown(centre.address)}</dd>
                <dt>{tr(|t| t.phone)}</dt>
                <dd>{phone}</dd>
                <dt>{tr(|t| t.email)}</dt>
                <dd>{unknown(centre.email)}</dd>
                <dt>{tr(|t| t.opening_hours)}</dt>
                <dd>{move || hours.as_deref().map_or_else(|| t().unknown.to_owned(), |h| format::opening_hours(h, lang.get() == Lang::Vi))}</dd>
                {source.map(|text| view! { <dt>{tr(|t| t.verified_source)}</dt><dd>{text}</dd> })}
            </dl>
            <div class="actions">
                {directions.map(|href| view! {
                    <a class="button secondary" href=href target="_blank" rel="noopener">
                        {move || if approximate { t().directions_approximate } else { t().directions }}
                    </a>
                })}
                {province_portal.map(|href| view! {
                    <a class="button secondary" href=href target="_blank" rel="noopener">{tr(|t| t.province_portal)}</a>
                })}
            </div>
        </section>
    }
}
