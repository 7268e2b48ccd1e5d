//! An equirectangular projection of some places into a drawing [`WIDTH`] units wide, the SVG paths of
//! their rings, and where to write their names.

use std::fmt::Write;

/// Width of the drawing in SVG units; its height follows the place's shape.
pub const WIDTH: f64 = 1000.0;
/// The drawing's height is kept between these fractions of its width: a long, thin place gets room on
/// its sides rather than a drawing out of proportion.
const MIN_RATIO: f64 = 0.5;
const MAX_RATIO: f64 = 1.25;
/// Room around the places drawn, a fraction of their longer side.
const MARGIN: f64 = 0.08;

/// An equirectangular projection around some places: north up, east–west shrunk by the cosine of the
/// middle latitude, so that a place keeps its shape.
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
    /// Fits the bounding box of `points` ([lon, lat]), with a margin, in a drawing [`WIDTH`] wide; `None`
    /// for no points.
    pub fn fit<'a>(points: impl Iterator<Item = &'a [f64; 2]>) -> Option<Self> {
        let (mut west, mut south, mut east, mut north) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for p in points {
            (west, east, south, north) = (west.min(p[0]), east.max(p[0]), south.min(p[1]), north.max(p[1]));
        }
        if !(west <= east && south <= north) {
            return None;
        }
        let cos = cos(((south + north) / 2.0).to_radians());
        // Both sides in degrees of latitude, so that they compare.
        let margin = ((east - west) * cos).max(north - south).max(1e-6) * MARGIN;
        let (width, height) = ((east - west) * cos + 2.0 * margin, north - south + 2.0 * margin);
        let (width, height) = (width.max(height / MAX_RATIO), height.max(width * MIN_RATIO));
        let y_scale = WIDTH / width;
        Some(Self {
            min_lon: (west + east) / 2.0 - width / 2.0 / cos,
            max_lat: (south + north) / 2.0 + height / 2.0,
            x_scale: y_scale * cos,
            y_scale,
            height: height * y_scale,
        })
    }

    /// The drawing's point of (lon, lat), in whole units: a thousandth of the width is fine enough, and
    /// integers need no float formatting in the bundle.
    pub fn to_svg(self, lon: f64, lat: f64) -> (i32, i32) {
        (((lon - self.min_lon) * self.x_scale).round() as i32, ((self.max_lat - lat) * self.y_scale).round() as i32)
    }

    /// The point at `x`, `y` of the drawing's own units, as (lat, lon) rounded to 6 decimals (about 10 cm).
    pub fn to_lat_lon(self, x: f64, y: f64) -> (f64, f64) {
        let round = |v: f64| (v * 1e6).round() / 1e6;
        (round(self.max_lat - y / self.y_scale), round(self.min_lon + x / self.x_scale))
    }

    /// The SVG path of `rings` (every ring of a multipolygon: the even-odd fill makes the holes), points
    /// that fall on the same unit dropped.
    pub fn path<'a>(self, rings: impl Iterator<Item = &'a Vec<[f64; 2]>>) -> String {
        let mut d = String::new();
        for ring in rings {
            let mut last = None;
            for p in ring {
                let point = self.to_svg(p[0], p[1]);
                if last != Some(point) {
                    let _ = write!(d, "{}{},{}", if last.is_none() { 'M' } else { 'L' }, point.0, point.1);
                    last = Some(point);
                }
            }
            if last.is_some() {
                d.push('Z');
            }
        }
        d
    }

    fn in_view(self, x: i32, y: i32) -> bool {
        (0..=WIDTH as i32).contains(&x) && (0..=self.height as i32).contains(&y)
    }

    /// Where to write a place's name `half` units wide each side: the middle of its outer rings' vertices
    /// that are in view (of all of them when none is), kept inside the view.
    pub fn label_point(self, polygons: &[Vec<Vec<[f64; 2]>>], half: i32) -> (i32, i32) {
        let height = self.height as i32;
        let (mut seen, mut all) = ([0_i64; 3], [0_i64; 3]);
        // A ring's last point is its first: counted once.
        let outer =
            polygons.iter().filter_map(|polygon| polygon.first()).map(|ring| &ring[..ring.len().saturating_sub(1)]);
        for p in outer.flatten() {
            let (x, y) = self.to_svg(p[0], p[1]);
            for sum in [&mut all, &mut seen].into_iter().take(if self.in_view(x, y) { 2 } else { 1 }) {
                *sum = [sum[0] + i64::from(x), sum[1] + i64::from(y), sum[2] + 1];
            }
        }
        let [x, y, n] = if seen[2] > 0 { seen } else { all };
        let keep = |v: i64, low: i32, high: i32| ((v / n.max(1)) as i32).min(high).max(low);
        (keep(x, half + 10, WIDTH as i32 - half - 10), keep(y, 30, height - 30))
    }
}

/// cos(x) by its series, exact to 1e-6 up to 60° (Rust's `cos` would add libm to the bundle).
fn cos(x: f64) -> f64 {
    let x2 = x * x;
    1.0 - x2 / 2.0 * (1.0 - x2 / 12.0 * (1.0 - x2 / 30.0 * (1.0 - x2 / 56.0)))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The boundaries of Phường Ba Đình (00004) and of its neighbour Phường Ngọc Hà (00008), from
    /// data/sources/boundaries/wards.geojson, and Ba Đình's middle (data/new_communes.csv).
    pub(crate) const BA_DINH: [[f64; 2]; 13] = [
        [105.82746, 21.03968],
        [105.82661, 21.03728],
        [105.82698, 21.03211],
        [105.83001, 21.03216],
        [105.83604, 21.03042],
        [105.84155, 21.02825],
        [105.84263, 21.02908],
        [105.84474, 21.03857],
        [105.85037, 21.04089],
        [105.84014, 21.05063],
        [105.83494, 21.04191],
        [105.8313, 21.04178],
        [105.82746, 21.03968],
    ];
    pub(crate) const NGOC_HA: [[f64; 2]; 13] = [
        [105.82746, 21.03968],
        [105.82173, 21.04181],
        [105.81515, 21.04271],
        [105.81135, 21.04591],
        [105.80524, 21.04775],
        [105.80664, 21.04015],
        [105.80627, 21.03694],
        [105.81403, 21.03389],
        [105.81323, 21.03134],
        [105.81727, 21.03062],
        [105.82698, 21.03211],
        [105.82661, 21.03728],
        [105.82746, 21.03968],
    ];
    pub(crate) const BA_DINH_MIDDLE: (f64, f64) = (21.0386, 105.838);
    /// The corners of the box around Xã Vị Xuyên (00913), the tallest commune for its width.
    const VI_XUYEN_BOX: [[f64; 2]; 2] = [[104.93732, 22.58458], [105.00971, 22.78948]];

    fn ba_dinh() -> Projection {
        Projection::fit(BA_DINH.iter()).unwrap()
    }

    pub(crate) fn polygons(ring: &[[f64; 2]]) -> Vec<Vec<Vec<[f64; 2]>>> {
        vec![vec![ring.to_vec()]]
    }

    #[test]
    fn a_point_drawn_reads_back_as_itself() {
        let projection = ba_dinh();
        let (lat, lon) = BA_DINH_MIDDLE;
        let (x, y) = projection.to_svg(lon, lat);
        assert!(projection.in_view(x, y));
        let (back_lat, back_lon) = projection.to_lat_lon(f64::from(x), f64::from(y));
        // A unit of this drawing is a few metres.
        assert!((back_lat - lat).abs() < 1e-4 && (back_lon - lon).abs() < 1e-4, "{back_lat},{back_lon}");
        // The middle of the drawing is the middle of the box around the commune.
        let (mid_lat, mid_lon) = projection.to_lat_lon(WIDTH / 2.0, projection.height / 2.0);
        assert!((mid_lat - 21.03944).abs() < 1e-6 && (mid_lon - 105.83849).abs() < 1e-6, "{mid_lat},{mid_lon}");
        // North is up, and the shape is kept: a degree of latitude is drawn 1/cos(21°) longer than one of
        // longitude.
        assert!(projection.to_svg(lon, 21.05).1 < projection.to_svg(lon, 21.03).1);
        let east = f64::from(projection.to_svg(105.848, lat).0 - projection.to_svg(105.828, lat).0);
        let north = f64::from(projection.to_svg(lon, 21.028).1 - projection.to_svg(lon, 21.048).1);
        assert!((north / east - 1.0 / 21.0386_f64.to_radians().cos()).abs() < 0.01, "{north} {east}");
        assert!(Projection::fit([].iter()).is_none());
    }

    #[test]
    fn the_commune_fills_the_view_with_a_margin_and_a_thin_one_gets_room_on_its_sides() {
        let projection = ba_dinh();
        let (west, north) = projection.to_svg(105.82661, 21.05063);
        let (east, south) = projection.to_svg(105.85037, 21.02825);
        assert!(projection.in_view(west, north) && projection.in_view(east, south));
        assert!(west > 0 && west < 100 && WIDTH as i32 - east < 100, "{west} {east}");
        // Three times taller than wide: drawn no taller than 5/4 of the width, in the middle.
        let projection = Projection::fit(VI_XUYEN_BOX.iter()).unwrap();
        assert!((projection.height - WIDTH * MAX_RATIO).abs() < 1e-6);
        assert_eq!(projection.to_svg((104.93732 + 105.00971) / 2.0, 22.7).0, 500);
    }

    #[test]
    fn cos_by_its_series_is_close_enough() {
        for degrees in [0.0_f64, 8.5, 16.0, 23.4, 45.0, 60.0] {
            assert!((cos(degrees.to_radians()) - degrees.to_radians().cos()).abs() < 1e-6, "{degrees}");
        }
    }

    #[test]
    fn paths_are_whole_units_with_repeated_points_dropped() {
        let projection = ba_dinh();
        let rings = [BA_DINH.to_vec(), vec![BA_DINH[0], BA_DINH[0], BA_DINH[2]]];
        let d = projection.path(rings.iter());
        assert_eq!((d.matches('M').count(), d.matches('Z').count()), (2, 2));
        assert!(!d.contains('.'), "{d}");
        let (x, y) = projection.to_svg(BA_DINH[0][0], BA_DINH[0][1]);
        assert!(d.starts_with(&format!("M{x},{y}L")), "{d}");
        // The second ring's first two points are the same: one is drawn.
        assert_eq!(d.split('M').nth(2).unwrap().matches('L').count(), 1, "{d}");
        assert_eq!(projection.path([].iter()), "");
    }

    #[test]
    fn a_name_is_written_in_the_visible_part_of_its_place() {
        let projection = ba_dinh();
        // Ngọc Hà, to the west, is mostly out of view: its name goes at the middle of its vertices in
        // view (those of the shared border), kept off the edge.
        let (x, y) = projection.label_point(&polygons(&NGOC_HA), 50);
        let (border, _) = projection.to_svg(105.82746, 21.03968);
        assert!((60..=border).contains(&x), "{x} {border}");
        assert!(projection.in_view(x, y));
        // None in view (Ngọc Hà seen from Vị Xuyên, far to the south-east): at the middle of all, inside the view.
        let far = Projection::fit(VI_XUYEN_BOX.iter()).unwrap();
        assert_eq!(far.label_point(&polygons(&NGOC_HA), 50), (WIDTH as i32 - 60, far.height as i32 - 30));
        // A name wider than the view stays put rather than panicking.
        assert!(far.label_point(&polygons(&NGOC_HA), 900).0 > 0);
    }
}
