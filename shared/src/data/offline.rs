//! The compact dataset a phone keeps to answer offline: only what search and conversion read. The
//! resolutions' texts, the procedures and their details, the service centres and the places' coordinates are for the
//! pages, which need the network anyway; leaving them out halves what the phone downloads. That the
//! answers stay the same is tested over the whole development set (`frontend-offline`'s tests), and in
//! the browser against the API (the e2e test).

use crate::model::Dataset;

/// `dataset` without what no search or conversion reads.
pub fn compact(dataset: &Dataset) -> Dataset {
    let mut d = dataset.clone();
    d.legal_texts.clear();
    d.procedures.clear();
    d.service_centres.clear();
    d.province_portals.clear();
    d.procedure_facts.clear();
    d.procedure_details.clear();
    d.portal_pages.clear();
    for commune in &mut d.old_communes {
        (commune.lat, commune.lon) = (None, None);
    }
    for commune in &mut d.new_communes {
        (commune.lat, commune.lon, commune.area_km2) = (None, None, None);
        commune.resolution.clear();
        commune.resolution_date.clear();
        commune.article.clear();
    }
    for transition in &mut d.transitions {
        transition.note.clear();
    }
    for name in &mut d.earlier_names {
        name.source.clear();
    }
    d
}
