//! The home page's "use my location": where a located point leads, or what to say about it.

use shared::answers::{LocateResponse, LocateStatus, UnitRef};

use crate::draw::escape;
use crate::texts::{Texts, fill};

/// A new commune's page marked with where the reader is: `/xa/{code}?vi-tri=LAT,LON` (5 decimals).
pub fn here_link(code: &str, lat: f64, lon: f64) -> String {
    format!("/xa/{code}?vi-tri={},{}", crate::degrees(lat), crate::degrees(lon))
}

/// Where "use my location" leads without asking: the commune's page, marked with the point, when the
/// point is inside it and not near its border.
pub fn go_straight(answer: &LocateResponse) -> Option<String> {
    let inside = answer.status == LocateStatus::Inside && answer.across_border.is_none();
    let commune = answer.commune.as_ref().filter(|_| inside)?;
    Some(here_link(&commune.code, answer.lat, answer.lon))
}

/// The communes a located point may be in, as (name, link to its page marked with the point).
pub fn located_links(answer: &LocateResponse) -> Vec<(String, String)> {
    let commune = answer.commune.as_ref().filter(|_| answer.status != LocateStatus::NoCommune);
    let link = |c: &UnitRef| (c.name.clone(), here_link(&c.code, answer.lat, answer.lon));
    commune.into_iter().chain(&answer.across_border).map(link).collect()
}

/// What to tell the reader about a located point.
pub fn located_text(answer: &LocateResponse, t: &Texts) -> String {
    let name = answer.commune.as_ref().map_or("", |c| c.name.as_str());
    match (answer.status, &answer.across_border) {
        (LocateStatus::NoCommune, _) => t.located_nowhere.to_owned(),
        (LocateStatus::Nearest, _) => fill(t.located_approx, &[name, &answer.distance_m.unwrap_or(0).to_string()]),
        (LocateStatus::Inside, Some(other)) => fill(t.located_near, &[name, &other.name]),
        (LocateStatus::Inside, None) => fill(t.located_in, &[name]),
    }
}

/// The sentence about a located point, and links to the communes it may be in.
pub fn located_html(answer: &LocateResponse, t: &Texts) -> String {
    let mut html = format!("<p data-testid=\"located\">{}</p>", escape(&located_text(answer, t)));
    let links = located_links(answer);
    if !links.is_empty() {
        html.push_str("<ul class=\"located-links\">");
        for (name, href) in links {
            html = html + "<li><a href=\"" + &escape(&href) + "\">" + &escape(&name) + "</a></li>";
        }
        html.push_str("</ul>");
    }
    html
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::projection::tests::BA_DINH_MIDDLE;
    use crate::texts::{Lang, texts};

    /// A locate answer at Ba Đình's middle, 40 m from the border (also for the chooser's tests).
    pub(crate) fn located(
        status: LocateStatus,
        commune: Option<(&str, &str)>,
        across: Option<(&str, &str)>,
    ) -> LocateResponse {
        let unit = |(code, name): (&str, &str)| UnitRef { code: code.into(), name: name.into() };
        LocateResponse {
            lat: BA_DINH_MIDDLE.0,
            lon: BA_DINH_MIDDLE.1,
            status,
            commune: commune.map(unit),
            province: None,
            distance_m: Some(40),
            across_border: across.map(unit),
            in_viet_nam_box: true,
        }
    }

    #[test]
    fn a_point_well_inside_a_commune_opens_its_page() {
        let (ba_dinh, ngoc_ha) = (("00004", "Phường Ba Đình"), ("00008", "Phường Ngọc Hà"));
        let inside = located(LocateStatus::Inside, Some(ba_dinh), None);
        assert_eq!(go_straight(&inside).as_deref(), Some("/xa/00004?vi-tri=21.03860,105.83800"));
        // Near a border, off the coast, at sea: said, with the pages it may be in.
        let near = located(LocateStatus::Inside, Some(ba_dinh), Some(ngoc_ha));
        assert_eq!(go_straight(&near), None);
        assert_eq!(
            located_links(&near),
            [
                ("Phường Ba Đình".to_owned(), "/xa/00004?vi-tri=21.03860,105.83800".to_owned()),
                ("Phường Ngọc Hà".to_owned(), "/xa/00008?vi-tri=21.03860,105.83800".to_owned()),
            ]
        );
        assert_eq!(
            located_text(&near, texts(Lang::Vi)),
            "Điểm này thuộc Phường Ba Đình, nhưng rất gần ranh giới với Phường Ngọc Hà: hãy kiểm tra lại."
        );
        let nearest = located(LocateStatus::Nearest, Some(ba_dinh), None);
        assert_eq!(go_straight(&nearest), None);
        assert_eq!(
            located_text(&nearest, texts(Lang::En)),
            "Approximate: this point is outside every boundary; the nearest commune is Phường Ba Đình, 40 m away."
        );
        let nowhere = located(LocateStatus::NoCommune, None, None);
        assert!(located_links(&nowhere).is_empty());
        assert_eq!(located_text(&nowhere, texts(Lang::Vi)), texts(Lang::Vi).located_nowhere);
        assert_eq!(located_text(&inside, texts(Lang::En)), "This point is in Phường Ba Đình.");
    }

    #[test]
    fn what_was_found_is_said_with_links() {
        let near = located(LocateStatus::Inside, Some(("00004", "Phường Ba Đình")), Some(("00008", "Phường Ngọc Hà")));
        let html = located_html(&near, texts(Lang::En));
        assert!(html.starts_with("<p data-testid=\"located\">This point is in Phường Ba Đình, but very near"));
        assert!(html.contains("<li><a href=\"/xa/00008?vi-tri=21.03860,105.83800\">Phường Ngọc Hà</a></li></ul>"));
        let nowhere = located_html(&located(LocateStatus::NoCommune, None, None), texts(Lang::En));
        assert!(!nowhere.contains("<ul"));
    }
}
