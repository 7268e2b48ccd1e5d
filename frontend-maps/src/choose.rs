//! For an old commune split in several new ones (or an address that may be in several): all of them on
//! one map, and "use my location" or a tap on the map saying which one holds the point.

use std::cell::Cell;
use std::rc::Rc;

use shared::answers::{BoundaryFeature, LocateResponse, LocateStatus};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::Element;

use crate::draw::{Drawing, error, escape, note};
use crate::projection::Projection;
use crate::texts::{Texts, fill};
use crate::{Failure, geolocation};

/// Which of the places drawn (by code) holds a located point.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// In the place at this index; `near`: the commune across a border the point is close to.
    In { index: usize, near: Option<String> },
    /// In no commune, but `distance_m` from the place at this index (off the coast, on a river):
    /// approximate.
    Nearest { index: usize, distance_m: u32 },
    /// In another commune than those drawn (its name).
    Elsewhere(String),
    /// In no commune, and nearest to another than those drawn (its name): approximate.
    NearestElsewhere { name: String, distance_m: u32 },
    /// At sea, or outside Viet Nam.
    Nowhere,
}

pub fn verdict(answer: &LocateResponse, codes: &[&str]) -> Verdict {
    let Some(commune) = answer.commune.as_ref().filter(|_| answer.status != LocateStatus::NoCommune) else {
        return Verdict::Nowhere;
    };
    // As the home page says it (`located::located_text`).
    let distance_m = answer.distance_m.unwrap_or(0);
    match (codes.iter().position(|code| *code == commune.code), answer.status) {
        (Some(index), LocateStatus::Nearest) => Verdict::Nearest { index, distance_m },
        (Some(index), _) => Verdict::In { index, near: answer.across_border.as_ref().map(|c| c.name.clone()) },
        (None, LocateStatus::Nearest) => Verdict::NearestElsewhere { name: commune.name.clone(), distance_m },
        (None, _) => Verdict::Elsewhere(commune.name.clone()),
    }
}

/// What to tell the reader of a [`Verdict`], `names` being the places drawn.
pub fn verdict_text(verdict: &Verdict, names: &[&str], t: &Texts) -> String {
    let name = |index: &usize| names.get(*index).copied().unwrap_or_default();
    match verdict {
        Verdict::In { index, near: None } => fill(t.located_in, &[name(index)]),
        Verdict::In { index, near: Some(other) } => fill(t.located_near, &[name(index), other]),
        Verdict::Nearest { index, distance_m } => fill(t.located_approx, &[name(index), &distance_m.to_string()]),
        Verdict::Elsewhere(other) => fill(t.located_elsewhere, &[other]),
        Verdict::NearestElsewhere { name: other, distance_m } => {
            fill(t.located_approx_elsewhere, &[other, &distance_m.to_string()])
        }
        Verdict::Nowhere => t.located_nowhere.to_owned(),
    }
}

/// The chooser's HTML: its title, the drawing of `parts`, the button and the place of the answer; a
/// sentence instead of the drawing and the button when no part has a boundary.
pub fn html(parts: &[BoundaryFeature], t: &Texts) -> (String, Option<Projection>) {
    let mut out = format!(
        "<div class=\"choose\" data-testid=\"choose\"><h3>{}</h3><p class=\"muted\">{}</p>",
        t.choose_title, t.choose_intro
    );
    let areas: Vec<&BoundaryFeature> = parts.iter().collect();
    let drawing = Drawing {
        areas: &areas,
        neighbours: &[],
        centre: None,
        point: None,
        point_label: t.map_point,
        name: "",
        pick: true,
        test_id: "commune-map",
    };
    let projection = match drawing.html(t) {
        Some((figure, projection)) => {
            out.push_str(&figure);
            out.push_str("<div class=\"actions\"><button class=\"button secondary\" type=\"button\" data-testid=\"use-location\">");
            out.push_str(t.use_location);
            out.push_str("</button></div><div class=\"choose-answer\" aria-live=\"polite\"></div>");
            Some(projection)
        }
        None => {
            out.push_str(&note(t.map_no_boundary));
            None
        }
    };
    out.push_str("</div>");
    (out, projection)
}

/// The answer's HTML for what `GET /locate` gave.
pub fn answer_html(answer: Result<String, Failure>, parts: &[BoundaryFeature], t: &Texts) -> String {
    let answer = answer.and_then(|text| serde_json::from_str::<LocateResponse>(&text).map_err(|_| Failure::Decode));
    match answer {
        Ok(answer) => {
            let codes: Vec<&str> = parts.iter().map(|f| f.properties.code.as_str()).collect();
            let names: Vec<&str> = parts.iter().map(|f| f.properties.name.as_str()).collect();
            let text = verdict_text(&verdict(&answer, &codes), &names, t);
            format!("<p class=\"located\" data-testid=\"located\">{}</p>", escape(&text))
        }
        Err(failure) => error(&failure.message(t)),
    }
}

/// Why no point: the geolocation's problem.
pub fn problem_html(text: &str) -> String {
    format!("<p class=\"error\" data-testid=\"geo-problem\">{}</p>", escape(text))
}

/// A chooser on the page.
struct Chooser {
    parts: Vec<BoundaryFeature>,
    projection: Projection,
    t: &'static Texts,
    figure: Element,
    button: Element,
    answer: Element,
    /// The number of the reader's latest question (a tap, a "use my location"): an answer to an earlier
    /// one, come late, is dropped.
    asked: Cell<u32>,
}

impl Chooser {
    fn ask(&self) -> u32 {
        self.asked.set(self.asked.get() + 1);
        self.answer.set_inner_html("");
        self.asked.get()
    }

    fn busy(&self, busy: bool) {
        let _ = if busy { self.button.set_attribute("disabled", "") } else { self.button.remove_attribute("disabled") };
        self.button.set_text_content(Some(if busy { self.t.locating } else { self.t.use_location }));
    }

    async fn locate(self: Rc<Self>, (lat, lon): (f64, f64), asked: u32) {
        let answer = crate::get(&crate::locate_path(lat, lon)).await;
        if self.asked.get() == asked {
            self.answer.set_inner_html(&answer_html(answer, &self.parts, self.t));
        }
    }

    async fn locate_me(self: Rc<Self>) {
        let asked = self.ask();
        self.busy(true);
        let fix = geolocation::usable(geolocation::position().await);
        self.busy(false);
        if self.asked.get() != asked {
            return;
        }
        match fix {
            Ok(at) => {
                crate::mark(&self.figure, self.projection, Some(at), self.t.map_here);
                self.locate(at, asked).await;
            }
            // No point then, and no answer about an earlier one beside the message.
            Err(text) => {
                crate::mark(&self.figure, self.projection, None, "");
                self.answer.set_inner_html(&problem_html(text(self.t)));
            }
        }
    }
}

/// Draws the chooser of `parts` into `container` and makes it answer taps and "use my location"; its
/// listeners are kept with the container ([`crate::keep`]).
pub fn show(container: &Element, parts: Vec<BoundaryFeature>, t: &'static Texts) {
    let (html, projection) = html(&parts, t);
    container.set_inner_html(&html);
    let found = |selector| container.query_selector(selector).ok().flatten();
    let (Some(projection), Some(figure), Some(svg), Some(button), Some(answer)) =
        (projection, found("figure"), found("svg"), found("button"), found(".choose-answer"))
    else {
        return;
    };
    let chooser =
        Rc::new(Chooser { parts, projection, t, figure, button: button.clone(), answer, asked: Cell::new(0) });
    let tap = Closure::<dyn FnMut(web_sys::MouseEvent)>::new({
        let chooser = chooser.clone();
        move |event: web_sys::MouseEvent| {
            if let Some((x, y)) = crate::drawing_point(&event) {
                let at = chooser.projection.to_lat_lon(x, y);
                let asked = chooser.ask();
                crate::mark(&chooser.figure, chooser.projection, Some(at), chooser.t.map_point);
                wasm_bindgen_futures::spawn_local(chooser.clone().locate(at, asked));
            }
        }
    });
    let locate_me = Closure::<dyn FnMut()>::new(move || wasm_bindgen_futures::spawn_local(chooser.clone().locate_me()));
    let _ = svg.add_event_listener_with_callback("click", tap.as_ref().unchecked_ref());
    let _ = button.add_event_listener_with_callback("click", locate_me.as_ref().unchecked_ref());
    crate::keep(container, Box::new((tap, locate_me)));
}

#[cfg(test)]
mod tests {
    use shared::answers::BoundaryRole;

    use super::*;
    use crate::draw::tests::{ba_dinh, ngoc_ha};
    use crate::located::tests::located;
    use crate::texts::{Lang, texts};

    #[test]
    fn the_part_holding_a_point_is_named_with_its_doubts() {
        let (ba_dinh, ngoc_ha) = (("00004", "Phường Ba Đình"), ("00008", "Phường Ngọc Hà"));
        let codes = [ba_dinh.0, ngoc_ha.0];
        let names = [ba_dinh.1, ngoc_ha.1];
        let inside = located(LocateStatus::Inside, Some(ngoc_ha), None);
        assert_eq!(verdict(&inside, &codes), Verdict::In { index: 1, near: None });
        assert_eq!(
            verdict_text(&verdict(&inside, &codes), &names, texts(Lang::En)),
            "This point is in Phường Ngọc Hà."
        );
        let near = verdict(&located(LocateStatus::Inside, Some(ba_dinh), Some(ngoc_ha)), &codes);
        assert_eq!(near, Verdict::In { index: 0, near: Some(ngoc_ha.1.into()) });
        assert_eq!(
            verdict_text(&near, &names, texts(Lang::Vi)),
            "Điểm này thuộc Phường Ba Đình, nhưng rất gần ranh giới với Phường Ngọc Hà: hãy kiểm tra lại."
        );
        // Off the coast or on a river, 40 m from the nearest: said to be approximate, drawn or not.
        let nearest = verdict(&located(LocateStatus::Nearest, Some(ba_dinh), None), &codes);
        assert_eq!(nearest, Verdict::Nearest { index: 0, distance_m: 40 });
        assert_eq!(
            verdict_text(&nearest, &names, texts(Lang::En)),
            "Approximate: this point is outside every boundary; the nearest commune is Phường Ba Đình, 40 m away."
        );
        assert_eq!(
            verdict_text(&nearest, &names, texts(Lang::Vi)),
            "Gần đúng: vị trí này nằm ngoài mọi ranh giới; xã, phường gần nhất là Phường Ba Đình, cách 40 m."
        );
        let giang_vo = ("00025", "Phường Giảng Võ");
        let nearest_other = verdict(&located(LocateStatus::Nearest, Some(giang_vo), None), &codes);
        assert_eq!(nearest_other, Verdict::NearestElsewhere { name: giang_vo.1.into(), distance_m: 40 });
        assert_eq!(
            verdict_text(&nearest_other, &names, texts(Lang::En)),
            "Approximate: this point is outside every boundary; the nearest commune is Phường Giảng Võ, 40 m away, \
             none of the ones above."
        );
        assert_eq!(
            verdict_text(&nearest_other, &names, texts(Lang::Vi)),
            "Gần đúng: vị trí này nằm ngoài mọi ranh giới; xã, phường gần nhất là Phường Giảng Võ, cách 40 m, \
             không phải xã, phường nào ở trên."
        );
        let other = verdict(&located(LocateStatus::Inside, Some(giang_vo), None), &codes);
        assert_eq!(other, Verdict::Elsewhere("Phường Giảng Võ".into()));
        assert!(verdict_text(&other, &names, texts(Lang::Vi)).contains("Phường Giảng Võ"));
        assert_eq!(verdict(&located(LocateStatus::NoCommune, None, None), &codes), Verdict::Nowhere);
        assert_eq!(verdict_text(&Verdict::Nowhere, &names, texts(Lang::Vi)), texts(Lang::Vi).located_nowhere);
    }

    #[test]
    fn the_chooser_draws_every_part_with_its_button_and_a_polite_answer() {
        let t = texts(Lang::Vi);
        let (drawn, projection) = html(&[ba_dinh(), ngoc_ha(BoundaryRole::Commune)], t);
        assert!(projection.is_some());
        assert!(drawn.starts_with("<div class=\"choose\" data-testid=\"choose\"><h3>Bạn ở xã, phường nào?</h3>"));
        assert!(drawn.contains("<path class=\"a0\"") && drawn.contains("<path class=\"a1\""));
        assert!(drawn.contains("data-testid=\"use-location\">Dùng vị trí của tôi</button>"));
        assert!(drawn.contains("<div class=\"choose-answer\" aria-live=\"polite\"></div></div>"));
        assert!(drawn.contains("<li class=\"point\" hidden>"));
        // No boundary for any part: said, with nothing to tap.
        let (drawn, projection) = html(&[], texts(Lang::En));
        assert!(projection.is_none());
        assert!(drawn.contains("No boundary is known for this commune.") && !drawn.contains("<button"));
    }

    #[test]
    fn the_answer_names_the_part_or_says_what_went_wrong() {
        let parts = [ba_dinh(), ngoc_ha(BoundaryRole::Commune)];
        let t = texts(Lang::En);
        let text = serde_json::to_string(&located(LocateStatus::Inside, Some(("00008", "Phường Ngọc Hà")), None));
        assert_eq!(
            answer_html(Ok(text.unwrap()), &parts, t),
            "<p class=\"located\" data-testid=\"located\">This point is in Phường Ngọc Hà.</p>"
        );
        assert!(answer_html(Ok("{}".into()), &parts, t).contains(t.error_decode));
        assert!(answer_html(Err(Failure::Network), &parts, t).contains(t.error_network));
        assert!(answer_html(Err(Failure::Status(503)), &parts, texts(Lang::Vi)).contains("(503)"));
        assert_eq!(
            problem_html(texts(Lang::Vi).geo_timeout),
            format!("<p class=\"error\" data-testid=\"geo-problem\">{}</p>", texts(Lang::Vi).geo_timeout)
        );
    }
}
