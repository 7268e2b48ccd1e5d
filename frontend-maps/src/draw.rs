//! The drawing as HTML text: a `<figure>` holding the SVG (the places filled, the neighbours in outline
//! with their names, the centre, the point) and its legend. Set with `set_inner_html`; the listeners are
//! attached after (`lib.rs`, `choose.rs`).

use std::fmt::Write;

use shared::answers::BoundaryFeature;

use crate::projection::{Projection, WIDTH};
use crate::texts::{Texts, fill};

/// A name's half width in SVG units per character, at the labels' size (`style.css`, 32 units).
const HALF_CHAR: i32 = 9;
/// The height of a name's tap target in SVG units: 44 px on a phone's 360 px wide drawing.
const TAP: i32 = 124;
/// A key class of the legend per colour; the drawn shape's class is the same without "key ".
const KEYS: [&str; 6] = ["key a0", "key a1", "key a2", "key a3", "key a4", "key a5"];

/// What to draw.
pub struct Drawing<'a> {
    /// Filled, each its own colour, and fitted in the view.
    pub areas: &'a [&'a BoundaryFeature],
    /// Drawn in outline, cut by the view, and named: as links to their pages unless taps pick points.
    pub neighbours: &'a [&'a BoundaryFeature],
    /// The service centre (lat, lon, approximate).
    pub centre: Option<(f64, f64, bool)>,
    /// A point to mark (lat, lon), and what the legend calls it.
    pub point: Option<(f64, f64)>,
    pub point_label: &'a str,
    /// What the drawing is of, in its accessible name; the areas' names when empty.
    pub name: &'a str,
    /// A tap picks a point: the point's marker and legend are there (hidden) even without a point, to be
    /// moved ([`crate::mark`]).
    pub pick: bool,
    pub test_id: &'a str,
}

impl Drawing<'_> {
    /// The figure's HTML and the projection a tap is read back with; `None` when there is nothing to draw.
    pub fn html(&self, t: &Texts) -> Option<(String, Projection)> {
        let projection =
            Projection::fit(self.areas.iter().flat_map(|f| f.geometry.coordinates.iter().flatten().flatten()))?;
        let mut name = self.name.to_owned();
        if name.is_empty() {
            name = self.areas.iter().map(|f| f.properties.name.as_str()).collect::<Vec<_>>().join(", ");
        }
        let mut label = fill(t.map_of, &[&name]);
        if self.pick {
            label = label + "; " + t.map_tap;
        }
        // With links inside, a group: an image's children are not reachable (axe: nested-interactive).
        let role = if self.neighbours.is_empty() || self.pick { "img" } else { "group" };
        let mut svg = String::new();
        let _ = write!(
            svg,
            "<figure class=\"map\"><svg viewBox=\"0 0 {} {}\"{} role=\"{role}\" aria-label=\"{}\" data-testid=\"{}\">",
            WIDTH as i32,
            projection.height as i32,
            if self.pick { " class=\"pick\"" } else { "" },
            escape(&label),
            escape(self.test_id),
        );
        let mut legend = String::from("<ul class=\"map-legend\">");
        for (i, f) in self.areas.iter().enumerate() {
            let key = KEYS[i % KEYS.len()];
            let _ = write!(
                svg,
                "<path class=\"{}\" d=\"{}\"/>",
                &key[4..],
                projection.path(f.geometry.coordinates.iter().flatten())
            );
            let _ = write!(legend, "<li><span class=\"{key}\"></span>{}</li>", escape(&f.properties.name));
        }
        if !self.neighbours.is_empty() {
            let outlines =
                projection.path(self.neighbours.iter().flat_map(|f| f.geometry.coordinates.iter().flatten()));
            let _ = write!(svg, "<path class=\"nb\" d=\"{outlines}\"/>");
            let _ = write!(legend, "<li><span class=\"key nb\"></span>{}</li>", t.map_neighbours);
        }
        // Names on top of every shape: the parts' own when there are several, the neighbours'.
        if self.areas.len() > 1 {
            for f in self.areas {
                let (x, y) = projection.label_point(&f.geometry.coordinates, half_width(&f.properties.name));
                let _ = write!(svg, "<text class=\"name\" x=\"{x}\" y=\"{y}\">{}</text>", escape(&f.properties.name));
            }
        }
        for f in self.neighbours {
            let half = half_width(&f.properties.name);
            let (x, y) = projection.label_point(&f.geometry.coordinates, half);
            let text = format!("<text x=\"{x}\" y=\"{y}\">{}</text>", escape(&f.properties.name));
            if self.pick {
                svg.push_str(&text);
            } else {
                // The clear rectangle is the link's tap target.
                let _ = write!(
                    svg,
                    "<a href=\"/xa/{}\"><rect class=\"hit\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{TAP}\"/>{text}</a>",
                    escape(f.properties.code.as_str()),
                    x - half - 20,
                    y - TAP / 2,
                    2 * half + 40,
                );
            }
        }
        if let Some((lat, lon, approximate)) = self.centre {
            let (x, y) = projection.to_svg(lon, lat);
            let (class, text) = if approximate { ("centroid", t.map_centroid) } else { ("centre", t.map_centre) };
            let _ = write!(svg, "<circle class=\"{class}\" cx=\"{x}\" cy=\"{y}\" r=\"14\"/>");
            let _ = write!(legend, "<li><span class=\"key {class}\"></span>{text}</li>");
        }
        if self.pick || self.point.is_some() {
            let ((x, y), hidden) = match self.point {
                Some((lat, lon)) => (projection.to_svg(lon, lat), ""),
                None => ((0, 0), " hidden"),
            };
            let shown = if hidden.is_empty() { "" } else { " display=\"none\"" };
            let _ = write!(svg, "<circle class=\"here\" cx=\"{x}\" cy=\"{y}\" r=\"16\"{shown}/>");
            let _ = write!(legend, "<li class=\"point\"{hidden}>{}</li>", point_key(self.point_label));
        }
        svg.push_str("</svg>");
        legend.push_str("</ul></figure>");
        Some((svg + &legend, projection))
    }
}

/// The legend's line of the point: its key, then what it is.
pub fn point_key(label: &str) -> String {
    format!("<span class=\"key here\"></span>{}", escape(label))
}

/// A name's half width in SVG units.
fn half_width(name: &str) -> i32 {
    name.chars().count() as i32 * HALF_CHAR
}

/// `text` for HTML text or a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// A sentence in place of the drawing (no boundary).
pub fn note(text: &str) -> String {
    format!("<p class=\"muted\">{}</p>", escape(text))
}

/// An error in place of the drawing or of an answer.
pub fn error(text: &str) -> String {
    format!("<p class=\"error\" data-testid=\"map-error\">{}</p>", escape(text))
}

/// Shown while the boundaries load, or the position is found.
pub fn loading(waiting: &str) -> String {
    format!("<p class=\"muted loading\" role=\"status\">{waiting}</p>")
}

#[cfg(test)]
pub(crate) mod tests {
    use shared::answers::{BoundaryProperties, BoundaryRole, FeatureType, MultiPolygonGeometry, MultiPolygonType};

    use super::*;
    use crate::projection::tests::{BA_DINH, BA_DINH_MIDDLE, NGOC_HA, polygons};
    use crate::texts::{Lang, texts};

    pub(crate) fn feature(code: &str, name: &str, role: BoundaryRole, ring: &[[f64; 2]]) -> BoundaryFeature {
        BoundaryFeature {
            kind: FeatureType::Feature,
            properties: BoundaryProperties { code: code.parse().unwrap(), name: name.into(), role },
            geometry: MultiPolygonGeometry { kind: MultiPolygonType::MultiPolygon, coordinates: polygons(ring) },
        }
    }

    pub(crate) fn ba_dinh() -> BoundaryFeature {
        feature("00004", "Phường Ba Đình", BoundaryRole::Commune, &BA_DINH)
    }

    pub(crate) fn ngoc_ha(role: BoundaryRole) -> BoundaryFeature {
        feature("00008", "Phường Ngọc Hà", role, &NGOC_HA)
    }

    fn drawing<'a>(areas: &'a [&'a BoundaryFeature], neighbours: &'a [&'a BoundaryFeature]) -> Drawing<'a> {
        Drawing {
            areas,
            neighbours,
            centre: None,
            point: None,
            point_label: "",
            name: "",
            pick: false,
            test_id: "commune-map",
        }
    }

    #[test]
    fn text_is_escaped_for_html() {
        assert_eq!(escape("<a href=\"x\">&</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
        assert_eq!(escape("Phường Ba Đình"), "Phường Ba Đình");
        assert_eq!(note("a < b"), "<p class=\"muted\">a &lt; b</p>");
        assert!(error("a & b").contains(">a &amp; b</p>"));
    }

    #[test]
    fn a_commune_is_drawn_with_its_neighbours_as_links_and_its_markers() {
        let (commune, neighbour) = (ba_dinh(), ngoc_ha(BoundaryRole::Neighbour));
        let t = texts(Lang::Vi);
        let (areas, neighbours) = ([&commune], [&neighbour]);
        let mut map = drawing(&areas, &neighbours);
        map.centre = Some((BA_DINH_MIDDLE.0, BA_DINH_MIDDLE.1, true));
        map.point = Some(BA_DINH_MIDDLE);
        map.point_label = t.map_here;
        let (html, projection) = map.html(t).unwrap();
        assert!(html.starts_with("<figure class=\"map\"><svg viewBox=\"0 0 1000 "), "{html}");
        assert!(
            html.contains(" role=\"group\" aria-label=\"Bản đồ ranh giới Phường Ba Đình\" data-testid=\"commune-map\"")
        );
        assert!(!html.contains("class=\"pick\""));
        assert_eq!(html.matches("<path class=\"a0\"").count(), 1);
        assert_eq!(html.matches("<path class=\"nb\"").count(), 1);
        // The neighbour's name is a link with a tap target 44 px high on a phone.
        assert!(html.contains("<a href=\"/xa/00008\"><rect class=\"hit\""), "{html}");
        assert!(html.contains(&format!("height=\"{TAP}\"/><text ")));
        assert!(html.contains(">Phường Ngọc Hà</text></a>"));
        // One name only: the commune's own is in the legend, not on the drawing.
        assert!(!html.contains("class=\"name\""));
        let (x, y) = projection.to_svg(BA_DINH_MIDDLE.1, BA_DINH_MIDDLE.0);
        assert!(html.contains(&format!("<circle class=\"centroid\" cx=\"{x}\" cy=\"{y}\" r=\"14\"/>")));
        assert!(html.contains(&format!("<circle class=\"here\" cx=\"{x}\" cy=\"{y}\" r=\"16\"/>")));
        assert!(html.contains(&format!("<li><span class=\"key centroid\"></span>{}</li>", t.map_centroid)));
        assert!(html.contains(&format!("<li class=\"point\"><span class=\"key here\"></span>{}</li>", t.map_here)));
        assert!(html.contains(&format!("<li><span class=\"key nb\"></span>{}</li>", t.map_neighbours)));
        assert!(html.ends_with("</ul></figure>"));
        // Nothing to draw: nothing.
        assert!(drawing(&[], &neighbours).html(t).is_none());
    }

    #[test]
    fn without_neighbours_or_point_the_drawing_is_an_image_with_no_marker() {
        let commune = ba_dinh();
        let areas = [&commune];
        let mut map = drawing(&areas, &[]);
        map.centre = Some((BA_DINH[3][1], BA_DINH[3][0], false));
        let (html, _) = map.html(texts(Lang::En)).unwrap();
        assert!(html.contains(" role=\"img\" aria-label=\"Map of the boundary of Phường Ba Đình\""));
        assert!(html.contains("<circle class=\"centre\""));
        assert!(!html.contains("class=\"here\"") && !html.contains("class=\"point\"") && !html.contains("<a "));
    }

    #[test]
    fn a_drawing_to_pick_on_has_no_links_and_a_hidden_marker_to_move() {
        let (commune, neighbour) = (ba_dinh(), ngoc_ha(BoundaryRole::Neighbour));
        let t = texts(Lang::En);
        let (areas, neighbours) = ([&commune], [&neighbour]);
        let mut map = drawing(&areas, &neighbours);
        map.pick = true;
        map.point_label = t.map_point;
        map.test_id = "location-map";
        let (html, _) = map.html(t).unwrap();
        assert!(html.contains(" class=\"pick\" role=\"img\" aria-label=\"Map of the boundary of Phường Ba Đình; tap the map to pick a point\" data-testid=\"location-map\""), "{html}");
        assert!(!html.contains("<a ") && html.contains(">Phường Ngọc Hà</text>"));
        assert!(html.contains("<circle class=\"here\" cx=\"0\" cy=\"0\" r=\"16\" display=\"none\"/>"));
        assert!(
            html.contains(&format!("<li class=\"point\" hidden><span class=\"key here\"></span>{}</li>", t.map_point))
        );
        // Named for what it is of.
        map.name = "Phường Ba Đình, Thành phố Hà Nội";
        assert!(
            map.html(t).unwrap().0.contains("aria-label=\"Map of the boundary of Phường Ba Đình, Thành phố Hà Nội;")
        );
    }

    #[test]
    fn several_parts_are_each_coloured_named_and_keyed() {
        let (first, second) = (ba_dinh(), ngoc_ha(BoundaryRole::Commune));
        let t = texts(Lang::Vi);
        let areas = [&first, &second];
        let mut map = drawing(&areas, &[]);
        map.pick = true;
        let (html, _) = map.html(t).unwrap();
        assert!(html.contains("aria-label=\"Bản đồ ranh giới Phường Ba Đình, Phường Ngọc Hà; chạm vào bản đồ"));
        assert!(html.contains("<path class=\"a0\"") && html.contains("<path class=\"a1\""));
        assert!(!html.contains("class=\"nb\""));
        assert!(html.contains(">Phường Ba Đình</text>") && html.contains(">Phường Ngọc Hà</text>"));
        assert_eq!(html.matches("<text class=\"name\"").count(), 2);
        assert!(html.contains("<li><span class=\"key a1\"></span>Phường Ngọc Hà</li>"));
    }
}
