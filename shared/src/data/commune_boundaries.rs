//! Commune boundaries (`data/sources/boundaries/wards.geojson`): which commune holds a point, how far it
//! is from the commune's border, and one commune's boundary with its neighbours' for a drawing.
//!
//! Point lookup is an R-tree of the bounding boxes of every polygon (islands are polygons of their own),
//! then an exact containment test of the few candidates. Distances are measured in each commune's own
//! equirectangular frame (longitude shrunk by the cosine of its middle latitude), where one unit is one
//! degree of latitude: exact enough over a commune's few kilometres, and a plain Euclidean distance.
//!
//! Behind the `boundaries` feature, like the province polygons ([`super::boundaries`]).

use geo::{Coord, Distance, Euclidean, Intersects, LineString, MultiPolygon, Point, Polygon};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};
use serde::Deserialize;

use crate::answers::{NEAR_BORDER_M, NEAREST_M};
use crate::data::centre::in_viet_nam;
use crate::engine::normalize::fold;
use crate::model::NewCommune;

/// Metres in one degree of latitude on the mean Earth sphere (radius 6,371,008.8 m).
const METRES_PER_DEGREE: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0;

/// A commune of the file: its code as the dataset spells it, its province, its polygons.
struct Shape {
    code: String,
    province: String,
    /// [lon, lat], as in the file.
    polygons: MultiPolygon,
    /// The same in the commune's own frame ([`Shape::to_local`]), for distances.
    local: MultiPolygon,
    /// Cosine of the middle latitude of the commune's bounding box.
    cos: f64,
    bounds: geo::Rect,
}

impl Shape {
    fn to_local(&self, lon: f64, lat: f64) -> Point {
        Point::new(lon * self.cos, lat)
    }

    /// Metres from the point to the commune's nearest border (outer rings and holes), inside or out.
    fn border_metres(&self, lon: f64, lat: f64) -> f64 {
        let point = self.to_local(lon, lat);
        let rings = self.local.iter().flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()));
        rings.map(|ring| Euclidean.distance(&point, ring)).fold(f64::INFINITY, f64::min) * METRES_PER_DEGREE
    }

    fn holds(&self, lon: f64, lat: f64) -> bool {
        let point = Point::new(lon, lat);
        self.bounds.intersects(&point) && self.polygons.intersects(&point)
    }
}

/// The answer to "where is this point", before names are attached.
#[derive(Debug, Clone, PartialEq)]
pub enum Located<'a> {
    /// Inside the commune (or on its border), this many metres from its nearest border, with the
    /// commune across that border when it is under [`NEAR_BORDER_M`] away.
    Inside { code: &'a str, province: &'a str, border_m: f64, across_border: Option<&'a str> },
    /// In no commune, but this many metres from this one, under [`NEAREST_M`].
    Nearest { code: &'a str, province: &'a str, distance_m: f64 },
    /// In no commune and over [`NEAREST_M`] from all; whether inside the box around Viet Nam.
    NoCommune { in_viet_nam_box: bool },
}

/// A commune's boundary (and its neighbours') as [lon, lat] polygons, for a drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryOf<'a> {
    pub code: &'a str,
    pub polygons: &'a MultiPolygon,
}

pub struct CommuneBoundaries {
    /// Sorted by code.
    shapes: Vec<Shape>,
    /// One box per polygon, holding the index of its commune in `shapes`.
    tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
}

impl CommuneBoundaries {
    /// Reads the GeoJSON feature collection (properties `code`, `province_code`, `full_name`) and
    /// matches its codes to the dataset's: a feature whose code the dataset does not have takes the code
    /// of the one dataset commune of the same province and full name that the file has no feature for
    /// (Xã Ba Chẽ is 06978 in the file, 06970 in the NSO's list the dataset follows; `data/REVIEW.md`).
    /// A feature matching no commune is dropped; the error says what is wrong with the file.
    pub fn parse(text: &str, dataset: &[NewCommune]) -> Result<Self, String> {
        #[derive(Deserialize)]
        struct Feature {
            #[serde(deserialize_with = "geojson::de::deserialize_geometry")]
            geometry: MultiPolygon,
            code: String,
            province_code: String,
            full_name: String,
        }
        let features: Vec<Feature> = geojson::de::deserialize_feature_collection_str_to_vec(text)
            .map_err(|e| format!("not GeoJSON of commune polygons: {e}"))?;
        let in_dataset = |code: &str| dataset.iter().any(|c| c.code.as_str() == code);
        let in_file = |code: &str| features.iter().any(|f| f.code == code);
        let mut shapes = Vec::with_capacity(features.len());
        for feature in &features {
            let code = if in_dataset(&feature.code) {
                Some(feature.code.clone())
            } else {
                let same = dataset.iter().filter(|c| {
                    c.province_code.as_str() == feature.province_code
                        && fold(&c.full_name) == fold(&feature.full_name)
                        && !in_file(c.code.as_str())
                });
                let same: Vec<_> = same.collect();
                (same.len() == 1).then(|| same[0].code.to_string())
            };
            let Some(code) = code else { continue };
            if feature.geometry.0.is_empty() || feature.geometry.iter().any(|p| p.exterior().0.len() < 4) {
                return Err(format!("commune {} has no polygon, or a polygon of fewer than 3 points", feature.code));
            }
            shapes.extend(Shape::new(code, feature.province_code.clone(), feature.geometry.clone()));
        }
        shapes.sort_by(|a, b| a.code.cmp(&b.code));
        if let Some(pair) = shapes.windows(2).find(|pair| pair[0].code == pair[1].code) {
            return Err(format!("commune {} has two features", pair[0].code));
        }
        let boxes = shapes
            .iter()
            .enumerate()
            .flat_map(|(index, shape)| shape.polygons.iter().filter_map(move |polygon| Some((index, bounds(polygon)?))))
            .map(|(index, (min, max))| GeomWithData::new(Rectangle::from_corners(min, max), index))
            .collect();
        Ok(Self { shapes, tree: RTree::bulk_load(boxes) })
    }

    /// How many communes it has a boundary for.
    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }

    /// The codes it has, in order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.shapes.iter().map(|s| s.code.as_str())
    }

    fn shape(&self, code: &str) -> Option<&Shape> {
        self.shapes.binary_search_by(|s| s.code.as_str().cmp(code)).ok().map(|i| &self.shapes[i])
    }

    /// The communes whose polygons' boxes come within `degrees` of the point (of latitude; longitude
    /// widened for the latitude), each once, in code order.
    fn candidates(&self, lon: f64, lat: f64, degrees: f64) -> Vec<usize> {
        let widened = degrees / lat.to_radians().cos().max(0.1);
        let area = AABB::from_corners([lon - widened, lat - degrees], [lon + widened, lat + degrees]);
        let mut found: Vec<usize> = self.tree.locate_in_envelope_intersecting(&area).map(|b| b.data).collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Where the point (WGS 84) is. A point on the border of two communes (or in the few m² where two
    /// simplified boundaries overlap) is in the one with the lower code.
    pub fn locate(&self, lon: f64, lat: f64) -> Located<'_> {
        let no_commune = Located::NoCommune { in_viet_nam_box: in_viet_nam(lat, lon) };
        if !lon.is_finite() || !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
            return no_commune;
        }
        let near = NEAREST_M as f64 / METRES_PER_DEGREE;
        let candidates = self.candidates(lon, lat, near);
        let holder = candidates.iter().copied().find(|&i| self.shapes[i].holds(lon, lat));
        if let Some(index) = holder {
            let shape = &self.shapes[index];
            let border_m = shape.border_metres(lon, lat);
            let across_border = (border_m < NEAR_BORDER_M as f64)
                .then(|| {
                    candidates
                        .iter()
                        .filter(|&&i| i != index)
                        .map(|&i| (i, self.shapes[i].border_metres(lon, lat)))
                        .filter(|&(_, metres)| metres < NEAR_BORDER_M as f64)
                        .min_by(|a, b| a.1.total_cmp(&b.1))
                        .map(|(i, _)| self.shapes[i].code.as_str())
                })
                .flatten();
            return Located::Inside { code: &shape.code, province: &shape.province, border_m, across_border };
        }
        let nearest = candidates
            .iter()
            .map(|&i| (i, self.shapes[i].border_metres(lon, lat)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .filter(|&(_, metres)| metres <= NEAREST_M as f64);
        match nearest {
            Some((index, distance_m)) => {
                let shape = &self.shapes[index];
                Located::Nearest { code: &shape.code, province: &shape.province, distance_m }
            }
            None => no_commune,
        }
    }

    /// The commune with that code holding the point, by testing every commune in turn: what
    /// [`CommuneBoundaries::locate`] answers for a point inside one, without the index (for tests).
    pub fn holder_by_brute_force(&self, lon: f64, lat: f64) -> Option<&str> {
        self.shapes.iter().find(|s| s.holds(lon, lat)).map(|s| s.code.as_str())
    }

    /// The commune's boundary, then its neighbours' (those whose boundary touches it), in code order;
    /// `None` for a code it has no boundary for.
    pub fn with_neighbours(&self, code: &str) -> Option<Vec<BoundaryOf<'_>>> {
        let shape = self.shape(code)?;
        let mut found = vec![BoundaryOf { code: &shape.code, polygons: &shape.polygons }];
        let mut neighbours: Vec<usize> = shape
            .polygons
            .iter()
            .filter_map(bounds)
            .flat_map(|(min, max)| self.tree.locate_in_envelope_intersecting(&AABB::from_corners(min, max)))
            .map(|b| b.data)
            .collect();
        neighbours.sort_unstable();
        neighbours.dedup();
        found.extend(
            neighbours
                .into_iter()
                .map(|i| &self.shapes[i])
                .filter(|other| other.code != shape.code && other.polygons.intersects(&shape.polygons))
                .map(|other| BoundaryOf { code: &other.code, polygons: &other.polygons }),
        );
        Some(found)
    }

    /// A point inside the commune's largest polygon (not its centroid, which may fall outside a
    /// crescent or an archipelago).
    pub fn interior_point(&self, code: &str) -> Option<(f64, f64)> {
        use geo::{Area, InteriorPoint};
        let largest =
            self.shape(code)?.polygons.iter().max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))?;
        let point = largest.interior_point()?;
        Some((point.x(), point.y()))
    }
}

impl Shape {
    /// `None` for no polygon.
    fn new(code: String, province: String, polygons: MultiPolygon) -> Option<Self> {
        use geo::BoundingRect;
        let bounds = polygons.bounding_rect()?;
        let cos = bounds.center().y.to_radians().cos();
        let scale = |ring: &LineString| LineString::from_iter(ring.coords().map(|c| Coord { x: c.x * cos, y: c.y }));
        let local = polygons
            .iter()
            .map(|p| Polygon::new(scale(p.exterior()), p.interiors().iter().map(scale).collect()))
            .collect();
        Some(Self { code, province, polygons, local, cos, bounds })
    }
}

/// The corners of a polygon's bounding box; `None` for an empty one.
fn bounds(polygon: &Polygon) -> Option<([f64; 2], [f64; 2])> {
    use geo::BoundingRect;
    let rect = polygon.bounding_rect()?;
    Some(([rect.min().x, rect.min().y], [rect.max().x, rect.max().y]))
}

#[cfg(all(test, feature = "canonical"))]
mod tests;
