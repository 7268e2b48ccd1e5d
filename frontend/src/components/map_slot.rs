//! Where a page shows a map: an empty box that the maps module (`frontend-maps/`, loaded only then, see
//! [`crate::lazy`]) draws into: a commune with its neighbours, or the parts of a split commune to choose
//! from. The drawing, "use my location" and their texts are the module's; this app only says where and what.

use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::answers::{Centroid, ServiceCentre};

use crate::format;
use crate::i18n::{Language, tr};
use crate::lazy;

/// `?vi-tri=LAT,LON` (set by the home page's "use my location") as (lat, lon); `None` for anything else.
pub fn parse_point(text: &str) -> Option<(f64, f64)> {
    // Read by the JSON reader the bundle already has (Rust's own float parser would add to it).
    let [lat, lon]: [f64; 2] = serde_json::from_str(&format!("[{text}]")).ok()?;
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lat, lon))
}

/// The service centre's location (lat, lon, approximate) where known, else the commune's middle, marked
/// approximate.
pub fn centre_mark(centre: &ServiceCentre, centroid: Option<&Centroid>) -> Option<(f64, f64, bool)> {
    let centre_at = centre.coordinates.as_ref().map(|c| (c.lat, c.lon, centre.location_approximate));
    centre_at.or_else(|| centroid.map(|c| (c.lat, c.lon, true)))
}

/// The distinct codes, in order, when there are several places to choose from (else `None`).
pub fn several<'a>(codes: impl Iterator<Item = &'a str>) -> Option<Vec<String>> {
    let mut distinct: Vec<String> = Vec::new();
    for code in codes {
        if !distinct.iter().any(|c| c == code) {
            distinct.push(code.to_owned());
        }
    }
    (distinct.len() > 1).then_some(distinct)
}

/// What a commune's map is to show, as the options of the maps module's `show_commune`.
pub fn commune_options(code: &str, lang: &str, here: Option<(f64, f64)>, centre: Option<(f64, f64, bool)>) -> String {
    let here = here.map_or_else(|| "null".to_owned(), |(lat, lon)| format!("[{}]", format::lat_lon(lat, lon)));
    let centre = centre.map_or_else(
        || "null".to_owned(),
        |(lat, lon, approximate)| {
            let point = format::lat_lon(lat, lon);
            let (lat, lon) = point.split_once(',').unwrap_or_default();
            format!("{{\"lat\":{lat},\"lon\":{lon},\"approximate\":{approximate}}}")
        },
    );
    format!("{{\"code\":\"{code}\",\"lang\":\"{lang}\",\"here\":{here},\"centre\":{centre}}}")
}

/// What the chooser is to show, as the options of the maps module's `show_choice`.
pub fn choice_options(codes: &[String], lang: &str) -> String {
    let codes: Vec<String> = codes.iter().map(|code| format!("\"{code}\"")).collect();
    format!("{{\"codes\":[{}],\"lang\":\"{lang}\"}}", codes.join(","))
}

/// A box the maps module draws into once it is on the page, with `options` in the reader's language
/// (drawn again when the language changes); if the module cannot be loaded, a line saying so.
#[component]
fn MapSlot(options: Callback<&'static str, String>, choice: bool) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    let failed = RwSignal::new(false);
    let lang = expect_context::<Language>().0;
    Effect::new(move || {
        let (Some(container), code) = (node.get(), lang.get().code()) else { return };
        let options = options.run(code);
        spawn_local(async move {
            let container: web_sys::Element = container.into();
            let drawn = if choice {
                lazy::show_choice(container, options).await
            } else {
                lazy::show_commune(container, options).await
            };
            failed.try_set(!drawn);
        });
    });
    view! {
        <div class="map-slot" node_ref=node></div>
        {move || failed.get().then(|| view! { <p class="muted">{tr(|t| t.map_unavailable)}</p> })}
    }
}

/// `/xa/{code}`'s map: the commune, its neighbours, its centre (or middle) and where the reader was located.
#[component]
pub fn CommuneMapSlot(code: String, centre: Option<(f64, f64, bool)>, here: Option<(f64, f64)>) -> impl IntoView {
    let options = Callback::new(move |lang: &'static str| commune_options(&code, lang, here, centre));
    view! { <MapSlot options choice=false/> }
}

/// For an old commune split in several new ones (or an address that may be in several): all of them on
/// one map, with "use my location" and a tap telling which holds the point.
#[component]
pub fn ChoiceSlot(codes: Vec<String>) -> impl IntoView {
    let options = Callback::new(move |lang: &'static str| choice_options(&codes, lang));
    view! { <MapSlot options choice=true/> }
}

#[cfg(test)]
mod tests {
    use shared::answers::CentreStatus;

    use super::*;

    /// Phường Ba Đình's middle (data/new_communes.csv).
    const BA_DINH_MIDDLE: (f64, f64) = (21.0386, 105.838);

    #[test]
    fn a_location_in_the_address_is_read_or_ignored() {
        assert_eq!(parse_point("21.0386,105.838"), Some(BA_DINH_MIDDLE));
        assert_eq!(parse_point(" 21.0386 , 105.838 "), Some(BA_DINH_MIDDLE));
        for wrong in ["", "21.0386", "21,105,3", "abc,def", "91,105", "21,181", "1,2],[3", "1e999,2", "null,1"] {
            assert_eq!(parse_point(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn the_centre_is_marked_where_known_else_the_middle_as_approximate() {
        let (lat, lon) = BA_DINH_MIDDLE;
        let middle = Centroid { lat, lon };
        let mut centre = ServiceCentre {
            commune_code: "00004".parse().unwrap(),
            name: None,
            address: None,
            phone: None,
            phone_uri: None,
            email: None,
            opening_hours: None,
            coordinates: None,
            location_approximate: true,
            source: None,
            verified_on: None,
            status: CentreStatus::Unverified,
        };
        assert_eq!(centre_mark(&centre, Some(&middle)), Some((lat, lon, true)));
        assert_eq!(centre_mark(&centre, None), None);
        centre.coordinates = Some(Centroid { lat: 21.04, lon: 105.83 });
        centre.location_approximate = false;
        assert_eq!(centre_mark(&centre, Some(&middle)), Some((21.04, 105.83, false)));
    }

    #[test]
    fn there_is_a_choice_only_between_several_places() {
        assert_eq!(several(["00004", "00008", "00004"].into_iter()), Some(vec!["00004".into(), "00008".into()]));
        assert_eq!(several(["00004", "00004"].into_iter()), None);
        assert_eq!(several([].into_iter()), None);
    }

    #[test]
    fn the_module_is_told_what_to_draw_as_json() {
        let options = commune_options("00004", "vi", Some(BA_DINH_MIDDLE), Some((21.04, 105.83, false)));
        let read: serde_json::Value = serde_json::from_str(&options).unwrap();
        assert_eq!(
            read,
            serde_json::json!({"code": "00004", "lang": "vi", "here": [21.0386, 105.838],
                "centre": {"lat": 21.04, "lon": 105.83, "approximate": false}})
        );
        let none: serde_json::Value = serde_json::from_str(&commune_options("00004", "en", None, None)).unwrap();
        assert_eq!((none["here"].is_null(), none["centre"].is_null(), &none["lang"]), (true, true, &"en".into()));
        let choice: serde_json::Value =
            serde_json::from_str(&choice_options(&["00004".into(), "00008".into()], "en")).unwrap();
        assert_eq!(choice, serde_json::json!({"codes": ["00004", "00008"], "lang": "en"}));
    }
}
