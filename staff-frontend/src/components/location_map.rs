//! A drawing of a province's boundary (inline SVG, no tile server) on which a tap picks a location;
//! the point chosen and the commune's approximate centre are marked. Typing the coordinates does the
//! same, for keyboard users and for those who read them off a map app.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Width of the drawing in SVG units; its height follows the province's shape.
const WIDTH: f64 = 1000.0;

/// An equirectangular projection of the rings' bounding box, shrunk east-west by the cosine of its
/// middle latitude, so that the province keeps its shape.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    min_lon: f64,
    max_lat: f64,
    /// SVG units per degree of longitude and of latitude.
    x_scale: f64,
    y_scale: f64,
    pub height: f64,
}

impl Projection {
    /// `None` for no points at all.
    pub fn new(rings: &[Vec<[f64; 2]>]) -> Option<Self> {
        let points = || rings.iter().flatten();
        let min_lon = points().map(|p| p[0]).reduce(f64::min)?;
        let max_lon = points().map(|p| p[0]).reduce(f64::max)?;
        let min_lat = points().map(|p| p[1]).reduce(f64::min)?;
        let max_lat = points().map(|p| p[1]).reduce(f64::max)?;
        let cos = ((min_lat + max_lat) / 2.0).to_radians().cos();
        let x_scale = WIDTH / ((max_lon - min_lon) * cos).max(1e-9) * cos;
        let y_scale = x_scale / cos;
        Some(Self { min_lon, max_lat, x_scale, y_scale, height: (max_lat - min_lat) * y_scale })
    }

    pub fn to_svg(self, lon: f64, lat: f64) -> (f64, f64) {
        ((lon - self.min_lon) * self.x_scale, (self.max_lat - lat) * self.y_scale)
    }

    /// The point at `x`, `y` of the drawing's own units, as (lat, lon) rounded to 6 decimals (about 10 cm).
    pub fn to_lat_lon(self, x: f64, y: f64) -> (f64, f64) {
        let round = |v: f64| (v * 1e6).round() / 1e6;
        (round(self.max_lat - y / self.y_scale), round(self.min_lon + x / self.x_scale))
    }

    /// The SVG path of the rings (even-odd fill makes the holes).
    pub fn path(&self, rings: &[Vec<[f64; 2]>]) -> String {
        let mut d = String::new();
        for ring in rings {
            for (i, point) in ring.iter().enumerate() {
                let (x, y) = self.to_svg(point[0], point[1]);
                d.push_str(&format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { "L" }));
            }
            d.push('Z');
        }
        d
    }
}

#[component]
pub fn LocationMap(
    rings: Vec<Vec<[f64; 2]>>,
    /// The location chosen so far (lat, lon).
    #[prop(into)]
    point: Signal<Option<(f64, f64)>>,
    /// The commune's approximate centre (lat, lon), to start from.
    centroid: Option<(f64, f64)>,
    #[prop(into)] label: Signal<&'static str>,
    #[prop(into)] on_pick: Callback<(f64, f64)>,
) -> impl IntoView {
    let Some(projection) = Projection::new(&rings) else {
        return ().into_any();
    };
    let d = projection.path(&rings);
    let view_box = format!("0 0 {WIDTH} {:.0}", projection.height);
    let marker = move || {
        point.get().map(|(lat, lon)| {
            let (x, y) = projection.to_svg(lon, lat);
            view! { <circle class="picked" cx=format!("{x:.1}") cy=format!("{y:.1}") r="12"/> }
        })
    };
    let centre = centroid.map(|(lat, lon)| {
        let (x, y) = projection.to_svg(lon, lat);
        view! { <circle class="centroid" cx=format!("{x:.1}") cy=format!("{y:.1}") r="8"/> }
    });
    let pick = move |event: leptos::ev::MouseEvent| {
        if let Some((x, y)) = drawing_point(&event) {
            on_pick.run(projection.to_lat_lon(x, y));
        }
    };
    view! {
        <svg class="location-map" viewBox=view_box role="img" aria-label=label data-testid="location-map" on:click=pick>
            <path class="province" d=d fill-rule="evenodd"/>
            {centre}
            {marker}
        </svg>
    }
    .into_any()
}

/// Where a tap fell, in the drawing's own units: through the inverse of the SVG's screen transform, which
/// accounts for the scaling and the centring of the drawing in its box.
fn drawing_point(event: &leptos::ev::MouseEvent) -> Option<(f64, f64)> {
    let svg = event.current_target()?.dyn_into::<web_sys::SvgsvgElement>().ok()?;
    let point = svg.create_svg_point();
    point.set_x(event.client_x() as f32);
    point.set_y(event.client_y() as f32);
    let inverse = svg.get_screen_ctm()?.inverse().ok()?;
    let point = point.matrix_transform(&inverse);
    Some((f64::from(point.x()), f64::from(point.y())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_drawn_reads_back_as_itself() {
        let rings = vec![vec![[108.9, 12.1], [109.4, 12.1], [109.4, 12.6], [108.9, 12.6], [108.9, 12.1]]];
        let projection = Projection::new(&rings).unwrap();
        let (x, y) = projection.to_svg(109.19, 12.24);
        assert!((0.0..=WIDTH).contains(&x) && (0.0..=projection.height).contains(&y));
        assert_eq!(projection.to_lat_lon(x, y), (12.24, 109.19));
        // North is up, and the shape is kept: half a degree of latitude is taller than half a degree
        // of longitude is wide at 12° N, by 1/cos(12.35°).
        assert!(projection.to_svg(109.0, 12.5).1 < projection.to_svg(109.0, 12.2).1);
        assert!((projection.height / WIDTH - 1.0 / 12.35_f64.to_radians().cos()).abs() < 1e-9);
        assert!(projection.path(&rings).starts_with("M0.0,"));
        assert!(Projection::new(&[]).is_none());
    }
}
