//! The drawing on which a tap picks a centre's location: the citizen app's commune map
//! ([`frontend_maps::Picker`], inline SVG, no tile server) of the commune's boundary and its neighbours,
//! from the public `GET /api/v1/communes/{code}/boundary`, with the point chosen and the commune's
//! approximate centre marked. Where the commune has no boundary, the part of the province around it is
//! drawn instead. Typing the coordinates does the same as a tap, for keyboard users and for those who read
//! them off a map app.

use frontend_maps::Picker;
use leptos::prelude::*;
use shared::answers::{
    BoundaryCollection, BoundaryFeature, BoundaryProperties, BoundaryRole, FeatureType, MultiPolygonGeometry,
    MultiPolygonType,
};
use shared::model::NewCommuneCode;

use crate::api;
use crate::i18n::{lang, tr};

/// The features of a boundary answer, the commune's first; `None` when the answer does not start with
/// the commune.
pub fn commune_and_neighbours(collection: BoundaryCollection) -> Option<Vec<BoundaryFeature>> {
    let commune = collection.features.first()?;
    (commune.properties.role == BoundaryRole::Commune).then_some(collection.features)
}

/// Rings (an outer ring, then its holes: [`shared::data::boundaries::Boundaries::rings_around`]) drawn as
/// the commune's feature.
pub fn feature_of_rings(code: NewCommuneCode, name: String, rings: Vec<Vec<[f64; 2]>>) -> BoundaryFeature {
    BoundaryFeature {
        kind: FeatureType::Feature,
        properties: BoundaryProperties { code, name, role: BoundaryRole::Commune },
        geometry: MultiPolygonGeometry { kind: MultiPolygonType::MultiPolygon, coordinates: vec![rings] },
    }
}

#[component]
pub fn LocationMap(
    code: NewCommuneCode,
    /// The commune's full name.
    name: String,
    /// The province's rings around the commune, drawn when the commune's own boundary cannot be had
    /// (`None` while they load, or when they cannot be had either).
    #[prop(into)]
    province_rings: Signal<Option<Vec<Vec<[f64; 2]>>>>,
    /// The location chosen so far (lat, lon).
    #[prop(into)]
    point: Signal<Option<(f64, f64)>>,
    /// The commune's approximate centre (lat, lon), to start from.
    centroid: Option<(f64, f64)>,
    #[prop(into)] on_pick: Callback<(f64, f64)>,
    /// Said when there is nothing to draw.
    #[prop(into)]
    missing: Signal<&'static str>,
) -> impl IntoView {
    let lang = lang();
    let boundary = LocalResource::new({
        let code = code.clone();
        move || {
            let code = code.clone();
            async move {
                let text =
                    api::get_text(&format!("/api/v1/communes/{code}/boundary"), lang.get_untracked()).await.ok()?;
                commune_and_neighbours(serde_json::from_str(&text).ok()?)
            }
        }
    });
    // What to draw: `None` while the commune's boundary loads, then `Some` of the features (none at all
    // when neither the commune's boundary nor the province's can be had).
    let features = move || {
        boundary.get().map(|drawn| {
            drawn
                .or_else(|| province_rings.get().map(|rings| vec![feature_of_rings(code.clone(), name.clone(), rings)]))
                .unwrap_or_default()
        })
    };
    let holder = NodeRef::<leptos::html::Div>::new();
    // The drawing's click listener lives as long as the picker: a new drawing drops the old one.
    let picker = StoredValue::new_local(None::<Picker>);
    let features_now = features.clone();
    Effect::new(move |_| {
        let (Some(div), Some(features)) = (holder.get(), features_now()) else {
            return;
        };
        let on_pick = Box::new(move |lat, lon| on_pick.run((lat, lon)));
        // Named for the commune (the filled feature's name).
        let drawn = Picker::draw(&div, &features, centroid, point.get_untracked(), "", lang.get(), on_pick);
        picker.set_value(drawn);
    });
    Effect::new(move |_| {
        let point = point.get();
        picker.with_value(|picker| picker.as_ref().map(|picker| picker.set_point(point)));
    });
    view! {
        <div node_ref=holder></div>
        {move || match features() {
            None => Some(view! { <p class="muted loading">{tr(|t| t.loading)}</p> }.into_any()),
            Some(features) if features.is_empty() => Some(view! { <p class="muted">{missing}</p> }.into_any()),
            Some(_) => None,
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Phường Ba Đình (00004): three of its vertices in data/sources/boundaries/wards.geojson.
    fn ba_dinh(role: BoundaryRole) -> BoundaryFeature {
        let mut feature = feature_of_rings(
            "00004".parse().unwrap(),
            "Phường Ba Đình".into(),
            vec![vec![[105.82746, 21.03968], [105.82661, 21.03728], [105.82698, 21.03211], [105.82746, 21.03968]]],
        );
        feature.properties.role = role;
        feature
    }

    #[test]
    fn the_commune_comes_first_and_its_neighbours_after() {
        let collection = |features| BoundaryCollection { kind: Default::default(), features };
        let features =
            commune_and_neighbours(collection(vec![ba_dinh(BoundaryRole::Commune), ba_dinh(BoundaryRole::Neighbour)]))
                .unwrap();
        assert_eq!(features.len(), 2);
        assert_eq!(features[0].properties.role, BoundaryRole::Commune);
        assert!(commune_and_neighbours(collection(vec![ba_dinh(BoundaryRole::Neighbour)])).is_none());
        assert!(commune_and_neighbours(collection(Vec::new())).is_none());
    }

    #[test]
    fn a_province_s_rings_are_drawn_as_one_polygon_with_its_holes() {
        let feature = ba_dinh(BoundaryRole::Commune);
        assert_eq!(feature.geometry.coordinates.len(), 1);
        assert_eq!(feature.geometry.coordinates[0][0].len(), 4);
        assert_eq!(feature.properties.code.as_str(), "00004");
    }
}
