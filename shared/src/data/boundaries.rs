//! Province boundaries (`data/sources/boundaries/provinces.geojson`), and the rules of a staff row that
//! need them or a date: a service centre's location lies inside its commune's province, and a row's
//! `verified_on` is not in the future. `cargo xtask data check` and the staff API both apply them through
//! [`location_and_date_problems`], so that both refuse the same rows with the same words.
//!
//! Behind the `boundaries` feature: the browser app never compiles it (nor `geo` and `geojson`).

use std::collections::BTreeMap;

use geo::{Closest, Distance, Haversine, HaversineClosestPoint, Intersects, MultiPolygon, Point};
use serde::Deserialize;

use crate::data::centre::{check_date, in_viet_nam};
use crate::model::{ProvinceCode, ProvincePortal, ServiceCentreRow};

/// How far outside its province polygon a centre may lie: the polygons are simplified (borders move by
/// tens of metres, up to several hundred), and a centre on the coast must not be refused for it.
pub const TOLERANCE_M: f64 = 500.0;

/// Province polygons, by code; coordinates are [lon, lat].
pub struct Boundaries {
    provinces: BTreeMap<String, MultiPolygon>,
}

impl Boundaries {
    /// Reads the GeoJSON text of a feature collection, one (multi)polygon per province with its code in
    /// the `code` property; the error says what is wrong (the caller names the file).
    pub fn parse(text: &str) -> Result<Self, String> {
        /// One feature of the file: its geometry and, from its properties, the province code.
        #[derive(Deserialize)]
        struct Province {
            #[serde(deserialize_with = "geojson::de::deserialize_geometry")]
            geometry: MultiPolygon,
            code: String,
        }
        let provinces: Vec<Province> = geojson::de::deserialize_feature_collection_str_to_vec(text)
            .map_err(|e| format!("not GeoJSON of province polygons: {e}"))?;
        for province in &provinces {
            // What `distance_outside` needs to always find a nearest border point.
            if province.geometry.0.is_empty() || province.geometry.iter().any(|p| p.exterior().0.len() < 4) {
                return Err(format!("province {} has no polygon, or a polygon of fewer than 3 points", province.code));
            }
        }
        Ok(Self { provinces: provinces.into_iter().map(|p| (p.code, p.geometry)).collect() })
    }

    /// One province's polygons as GeoJSON text of a feature collection that [`Boundaries::parse`] reads
    /// back (the staff pages draw it, and check a location against it by the same rule as the server).
    pub fn province_geojson(&self, province: &str) -> Option<String> {
        let polygons = self.provinces.get(province)?;
        let mut feature = geojson::Feature::from(geojson::Geometry::from(polygons));
        feature.set_property("code", province);
        Some(geojson::FeatureCollection::from_iter([feature]).to_string())
    }

    /// The rings (outer border and holes) of the province's polygon that holds the point, or of the one
    /// nearest it, as [lon, lat] points: what a drawing around a commune needs. A province with islands
    /// far out at sea (Khánh Hòa's Trường Sa) drawn whole would leave its mainland a few pixels wide.
    pub fn rings_around(&self, province: &str, lon: f64, lat: f64) -> Vec<Vec<[f64; 2]>> {
        let Some(polygons) = self.provinces.get(province) else { return Vec::new() };
        let point = Point::new(lon, lat);
        let distance = |polygon: &geo::Polygon| {
            if polygon.intersects(&point) { 0.0 } else { geo::Euclidean.distance(&point, polygon) }
        };
        let Some(polygon) = polygons.iter().min_by(|a, b| distance(a).total_cmp(&distance(b))) else {
            return Vec::new();
        };
        std::iter::once(polygon.exterior())
            .chain(polygon.interiors())
            .map(|ring| ring.coords().map(|c| [c.x, c.y]).collect())
            .collect()
    }

    /// The codes of the provinces it has.
    pub fn provinces(&self) -> impl Iterator<Item = &str> {
        self.provinces.keys().map(String::as_str)
    }

    /// 0 inside the province (or on its border), else the distance in metres to its border (haversine,
    /// on the mean Earth sphere); `None` for an unknown province.
    pub fn distance_outside(&self, province: &str, lon: f64, lat: f64) -> Option<f64> {
        let polygons = self.provinces.get(province)?;
        let point = Point::new(lon, lat);
        if polygons.intersects(&point) {
            return Some(0.0);
        }
        Some(match polygons.haversine_closest_point(&point) {
            Closest::SinglePoint(nearest) => Haversine.distance(point, nearest),
            // Only for a point on (or within rounding of) the border.
            Closest::Intersection(_) => 0.0,
            // Only for an empty or degenerate geometry, which `parse` refuses.
            Closest::Indeterminate => return None,
        })
    }
}

/// A staff row whose location and date [`location_and_date_problems`] checks.
#[derive(Debug, Clone, Copy)]
pub enum StaffRow<'a> {
    Centre(&'a ServiceCentreRow),
    Portal(&'a ProvincePortal),
}

impl<'a> From<&'a ServiceCentreRow> for StaffRow<'a> {
    fn from(row: &'a ServiceCentreRow) -> Self {
        Self::Centre(row)
    }
}

impl<'a> From<&'a ProvincePortal> for StaffRow<'a> {
    fn from(row: &'a ProvincePortal) -> Self {
        Self::Portal(row)
    }
}

/// The problems of a staff row that need more than the row, as (column, message): its `verified_on` is
/// not after `today` (YYYY-MM-DD), and a service centre's location lies inside `province` (its commune's),
/// within [`TOLERANCE_M`]. What the row alone breaks (a date that is no date, a point outside Viet Nam,
/// lat without lon) is [`crate::data::centre::row_problems`]'s to say, and not repeated here.
pub fn location_and_date_problems<'a>(
    row: impl Into<StaffRow<'a>>,
    province: &ProvinceCode,
    boundaries: &Boundaries,
    today: &str,
) -> Vec<(&'static str, String)> {
    let row = row.into();
    let verified_on = match row {
        StaffRow::Centre(centre) => &centre.verified_on,
        StaffRow::Portal(portal) => &portal.verified_on,
    };
    let mut problems: Vec<_> = future_problem(verified_on, today).into_iter().collect();
    if let StaffRow::Centre(centre) = row
        && let (Some(lat), Some(lon)) = (centre.lat, centre.lon)
        && in_viet_nam(lat, lon)
    {
        match boundaries.distance_outside(province.as_str(), lon, lat) {
            None => problems.push(("lat", format!("no boundary for province {province}"))),
            Some(metres) if metres > TOLERANCE_M => problems.push((
                "lat",
                format!(
                    "{lat},{lon} is {:.1} km outside province {province} of commune {}",
                    metres / 1000.0,
                    centre.commune_code
                ),
            )),
            Some(_) => {}
        }
    }
    problems
}

/// The problem of a `verified_on` after `today` (both YYYY-MM-DD), if it is one; a text that is no date
/// is not this rule's to report. For a check without boundaries.
pub fn future_problem(verified_on: &str, today: &str) -> Option<(&'static str, String)> {
    (check_date(verified_on).is_ok() && verified_on > today)
        .then(|| ("verified_on", format!("{verified_on} is in the future (today is {today})")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_province_written_out_reads_back_the_same() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../data/sources/boundaries/provinces.geojson"
        ))
        .unwrap();
        let all = Boundaries::parse(&text).unwrap();
        let one = Boundaries::parse(&all.province_geojson("56").unwrap()).unwrap();
        assert_eq!(one.provinces().collect::<Vec<_>>(), ["56"]);
        assert_eq!(one.provinces.get("56"), all.provinces.get("56"));
        assert!(all.province_geojson("99").is_none());
        // Nha Trang's centroid (data/new_communes.csv) is on the mainland, not on the Trường Sa islands.
        let rings = all.rings_around("56", 109.19533, 12.24579);
        let lons = || rings.iter().flatten().map(|p| p[0]);
        assert!(lons().fold(f64::MIN, f64::max) < 110.0, "the mainland only");
        assert!(lons().fold(f64::MAX, f64::min) < 109.19533);
    }

    fn boundaries() -> &'static Boundaries {
        static B: std::sync::OnceLock<Boundaries> = std::sync::OnceLock::new();
        B.get_or_init(|| Boundaries::parse(include_str!("../../../data/sources/boundaries/provinces.geojson")).unwrap())
    }

    /// Synthetic: no real centre's facts. 00004 is Phường Ba Đình (Hà Nội, province 01).
    fn row(lat: f64, lon: f64, verified_on: &str) -> ServiceCentreRow {
        ServiceCentreRow {
            commune_code: "00004".parse().unwrap(),
            name: None,
            address: None,
            phone: Some("0900 000 000".into()),
            email: None,
            opening_hours: None,
            lat: Some(lat),
            lon: Some(lon),
            source: "test".into(),
            verified_on: verified_on.into(),
        }
    }

    fn hanoi() -> ProvinceCode {
        "01".parse().unwrap()
    }

    #[test]
    fn points_are_inside_their_province_or_near_its_border() {
        let b = boundaries();
        // Centroids of real communes lie inside their province.
        assert_eq!(b.distance_outside("01", 105.838, 21.0386), Some(0.0)); // Ba Đình, Hà Nội
        assert_eq!(b.distance_outside("79", 106.7009, 10.7769), Some(0.0)); // Sài Gòn, Hồ Chí Minh City
        // Ba Đình is far from Hồ Chí Minh City.
        assert!(b.distance_outside("79", 105.838, 21.0386).unwrap() > 1_000_000.0);
        assert_eq!(b.distance_outside("00", 105.838, 21.0386), None);
    }

    #[test]
    fn a_centre_inside_near_the_border_or_far_away() {
        let (b, today) = (boundaries(), "2026-11-01");
        assert_eq!(location_and_date_problems(&row(21.0386, 105.838, today), &hanoi(), b, today), []);
        // Sài Gòn is over 1,000 km from Hà Nội.
        let far = location_and_date_problems(&row(10.7769, 106.7009, today), &hanoi(), b, today);
        assert_eq!(far.len(), 1, "{far:?}");
        assert_eq!(far[0].0, "lat");
        assert!(far[0].1.starts_with("10.7769,106.7009 is 1"), "{far:?}");
        assert!(far[0].1.ends_with(" km outside province 01 of commune 00004"), "{far:?}");
        // Ba Đình seen from Hồ Chí Minh City (79).
        let far = location_and_date_problems(&row(21.0386, 105.838, today), &"79".parse().unwrap(), b, today);
        assert!(far[0].1.contains("outside province 79"), "{far:?}");

        // A point just outside Hà Nội's polygon, within the tolerance, passes; one further out does not.
        // Walk west from Ba Đình until the point leaves the polygon, by steps of about 10 m.
        let lat = 21.0386;
        let mut lon = 105.838;
        while b.distance_outside("01", lon, lat) == Some(0.0) {
            lon -= 0.0001;
        }
        let just_outside = b.distance_outside("01", lon, lat).unwrap();
        assert!(just_outside > 0.0 && just_outside < TOLERANCE_M, "{just_outside}");
        assert_eq!(location_and_date_problems(&row(lat, lon, today), &hanoi(), b, today), []);
        while b.distance_outside("01", lon, lat).unwrap() <= TOLERANCE_M {
            lon -= 0.001;
        }
        let problems = location_and_date_problems(&row(lat, lon, today), &hanoi(), b, today);
        assert_eq!(problems.iter().map(|(column, _)| *column).collect::<Vec<_>>(), ["lat"], "{problems:?}");
        assert!(problems[0].1.contains(" is 0.5 km outside") || problems[0].1.contains(" is 0.6 km outside"));

        // Points that `row_problems` refuses (outside Viet Nam, or lat alone) are not reported twice.
        assert_eq!(location_and_date_problems(&row(48.85, 2.35, today), &hanoi(), b, today), []);
        let mut alone = row(21.0386, 105.838, today);
        alone.lon = None;
        assert_eq!(location_and_date_problems(&alone, &hanoi(), b, today), []);
    }

    #[test]
    fn verified_today_passes_tomorrow_does_not() {
        let b = boundaries();
        let today = "2026-11-01";
        assert_eq!(location_and_date_problems(&row(21.0386, 105.838, "2026-11-01"), &hanoi(), b, today), []);
        assert_eq!(
            location_and_date_problems(&row(21.0386, 105.838, "2026-11-02"), &hanoi(), b, today),
            [("verified_on", "2026-11-02 is in the future (today is 2026-11-01)".to_owned())]
        );
        // Not a date: `row_problems` says so.
        assert_eq!(location_and_date_problems(&row(21.0386, 105.838, "2026-13-01"), &hanoi(), b, today), []);

        let portal = |verified_on: &str| ProvincePortal {
            province_code: hanoi(),
            url: "https://example.org/portal".into(),
            source: "test".into(),
            verified_on: verified_on.into(),
        };
        assert_eq!(location_and_date_problems(&portal("2026-11-01"), &hanoi(), b, today), []);
        let problems = location_and_date_problems(&portal("2026-11-02"), &hanoi(), b, today);
        assert_eq!(problems.iter().map(|(column, _)| *column).collect::<Vec<_>>(), ["verified_on"]);
    }

    #[test]
    fn a_file_without_polygons_is_refused() {
        assert!(Boundaries::parse("{}").is_err());
        let empty = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"01"},
            "geometry":{"type":"MultiPolygon","coordinates":[]}}]}"#;
        assert_eq!(
            Boundaries::parse(empty).err().as_deref(),
            Some("province 01 has no polygon, or a polygon of fewer than 3 points")
        );
    }
}
