//! A commune on a map with no tile server and no script library: its boundary as inline SVG, filled, its
//! neighbours in outline with their names, the service centre (or the commune's middle, marked
//! approximate) and a point ("you are here", or one picked by a tap). Also the chooser for an old commune
//! split into several new ones, and "use my location".
//!
//! Built on its own (`cdylib`), this is the second WASM module of the citizen app, downloaded only when a
//! page shows a map or the reader asks for their location; its exports ([`show_commune`], [`show_choice`],
//! [`show_located`], [`locate_me`]) take JSON options or a language and never throw: a problem is a
//! sentence in the container (or the rejection of [`locate_me`]). The staff pages link it as a library
//! and pick a centre's location with [`Picker`].
//!
//! The drawings are HTML text (`draw`), set with `set_inner_html`; listeners are attached after. The
//! chooser's, and those of a commune map's links, are kept with their container until a later drawing is
//! made once that container has left the page ([`keep`]); the [`Picker`]'s are its own, removed when it
//! is dropped.

pub mod choose;
pub mod draw;
pub mod geolocation;
pub mod located;
pub mod projection;
pub mod texts;

use std::any::Any;
use std::cell::{Cell, RefCell};

use serde::Deserialize;
use shared::answers::{API_PREFIX, BoundaryCollection, BoundaryFeature, BoundaryRole, LocateResponse};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;

use crate::draw::{Drawing, error, loading, note, point_key};
use crate::projection::Projection;
use crate::texts::{Lang, Texts, fill, lang_of, texts};

/// `show_commune`'s options.
#[derive(Debug, Deserialize)]
struct CommuneOptions {
    code: String,
    #[serde(default)]
    lang: String,
    /// Where the reader is, [lat, lon].
    #[serde(default)]
    here: Option<[f64; 2]>,
    #[serde(default)]
    centre: Option<CentreOption>,
}

#[derive(Debug, Deserialize)]
struct CentreOption {
    lat: f64,
    lon: f64,
    #[serde(default)]
    approximate: bool,
}

/// `show_choice`'s options.
#[derive(Debug, Deserialize)]
struct ChoiceOptions {
    codes: Vec<String>,
    #[serde(default)]
    lang: String,
}

/// `/xa/{code}`'s map: fetches `GET /api/v1/communes/{code}/boundary` and draws the commune filled, its
/// neighbours in outline with their names as links to their pages, the centre and "you are here".
/// Options: `{"code":"00004","lang":"vi","here":[lat,lon] or null,"centre":{"lat":..,"lon":..,"approximate":bool} or null}`.
#[wasm_bindgen]
pub async fn show_commune(container: Element, options: String) {
    let Ok(options) = serde_json::from_str::<CommuneOptions>(&options) else {
        return bad_options(&container);
    };
    let t = texts(lang_of(&options.lang));
    let call = start(&container, t.loading);
    let answer = get(&format!("/communes/{}/boundary", encode(&options.code))).await;
    if latest(&container, &call) {
        container.set_inner_html(&commune_html(answer, &options, t));
        if let Some(figure) = container.query_selector("figure").ok().flatten() {
            route_links(&container, &figure);
        }
    }
}

/// The split-commune chooser: every code's commune (the first feature of its boundary answer; one without
/// a boundary is left out) on one map, "use my location" and a tap saying which one holds the point.
/// Options: `{"codes":["..",".."],"lang":"vi"}`.
#[wasm_bindgen]
pub async fn show_choice(container: Element, options: String) {
    let Ok(options) = serde_json::from_str::<ChoiceOptions>(&options) else {
        return bad_options(&container);
    };
    let t = texts(lang_of(&options.lang));
    let call = start(&container, t.loading);
    let mut parts: Vec<BoundaryFeature> = Vec::new();
    for code in &options.codes {
        if parts.iter().any(|f| f.properties.code.as_str() == code) {
            continue;
        }
        let answer = get(&format!("/communes/{}/boundary", encode(code))).await;
        match answer.and_then(|text| read_boundary(&text)) {
            Ok(features) => parts.extend(features.into_iter().next()),
            Err(Failure::Status(400 | 404)) => {}
            Err(failure) if latest(&container, &call) => return container.set_inner_html(&error(&failure.message(t))),
            Err(_) => return,
        }
    }
    if latest(&container, &call) {
        choose::show(&container, parts, t);
    }
}

/// The home page's "use my location": the browser's position (high accuracy, 15 s), checked precise
/// enough, then `GET /api/v1/locate`. Resolves to the `LocateResponse` JSON text as the API sent it;
/// rejects with the sentence to show (refused, timed out, unavailable, too rough, network), in `lang`.
#[wasm_bindgen]
pub async fn locate_me(lang: String) -> Result<String, JsValue> {
    locate_here(texts(lang_of(&lang))).await.map_err(|sentence| JsValue::from_str(&sentence))
}

/// The home page's "use my location" into `container` (its content replaced): the position and
/// `GET /api/v1/locate` as [`locate_me`], then the commune's page opened (through the app's router, as a
/// tap on a link to it) when the point is well inside one, else what was found said there
/// (`data-testid="located"`), with links to the communes it may be in; a problem is a sentence
/// (`data-testid="geo-problem"`).
#[wasm_bindgen]
pub async fn show_located(container: Element, lang: String) {
    let t = texts(lang_of(&lang));
    let call = start(&container, t.locating);
    let answer = locate_here(t)
        .await
        .and_then(|text| serde_json::from_str::<LocateResponse>(&text).map_err(|_| Failure::Decode.message(t)));
    if !latest(&container, &call) {
        return;
    }
    match answer {
        Err(sentence) => container.set_inner_html(&choose::problem_html(&sentence)),
        Ok(answer) => match located::go_straight(&answer) {
            Some(href) => {
                container.set_inner_html("");
                follow(&container, &href);
            }
            None => container.set_inner_html(&located::located_html(&answer, t)),
        },
    }
}

/// The position, checked precise enough, then `GET /locate`'s text; or the sentence telling why not.
async fn locate_here(t: &Texts) -> Result<String, String> {
    let (lat, lon) = geolocation::usable(geolocation::position().await).map_err(|text| text(t).to_owned())?;
    get(&locate_path(lat, lon)).await.map_err(|failure| failure.message(t))
}

/// Opens `href` as a tap on a link to it would: the app's router, which handles taps on HTML links, opens
/// it without loading the page again. The link is put in `container` (which must be in the page, for the
/// tap to reach the router) for the time of the tap.
fn follow(container: &Element, href: &str) {
    let Some(link) = container.owner_document().and_then(|document| document.create_element("a").ok()) else {
        return;
    };
    let _ = link.set_attribute("href", href);
    let _ = link.set_attribute("hidden", "");
    if container.append_child(&link).is_ok() {
        if let Some(link) = link.dyn_ref::<web_sys::HtmlElement>() {
            link.click();
        }
        link.remove();
    }
}

/// Makes the links of the drawing in `figure` (the neighbours' names) open through the app's router, as
/// [`follow`]: the router takes over taps on HTML links only, and an SVG link would load the whole app
/// again. Their `href` stays, so a middle click or a tap with a key held (a new tab) is the browser's.
/// The listener is kept with `container` ([`keep`]).
fn route_links(container: &Element, figure: &Element) {
    let listener = Closure::<dyn FnMut(web_sys::Event)>::new({
        let container = container.clone();
        move |event: web_sys::Event| {
            let read = |name: &str| js_sys::Reflect::get(&event, &JsValue::from_str(name)).unwrap_or_default();
            let modified = ["ctrlKey", "metaKey", "shiftKey", "altKey"].iter().any(|name| read(name).is_truthy());
            let (button, key) = (read("button").as_f64(), read("key").as_string());
            if event.default_prevented() || !opens_here(&event.type_(), button, key.as_deref(), modified) {
                return;
            }
            let target = event.target().and_then(|target| target.dyn_into::<Element>().ok());
            let Some(link) = target.and_then(|target| target.closest("svg a").ok().flatten()) else { return };
            if let Some(href) = link.get_attribute("href") {
                event.prevent_default();
                follow(&container, &href);
            }
        }
    });
    // Enter on a focused link: some browsers make it a click, others open the link without one.
    for kind in ["click", "keydown"] {
        let _ = figure.add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref());
    }
    keep(container, Box::new(listener));
}

/// Whether an event on a link opens it in this page, as the router would take it: a click of the main
/// button, or Enter, with no key held (those ask for a new tab or window).
fn opens_here(kind: &str, button: Option<f64>, key: Option<&str>, modified: bool) -> bool {
    !modified
        && match kind {
            "click" => button == Some(0.0),
            "keydown" => key == Some("Enter"),
            _ => false,
        }
}

/// The drawing on which a tap picks a point (the staff's centre location). Owns its click listener:
/// dropping it removes the listener.
pub struct Picker {
    figure: Element,
    svg: Element,
    projection: Projection,
    point_label: &'static str,
    listener: Closure<dyn FnMut(web_sys::MouseEvent)>,
}

impl Picker {
    /// Draws `areas` into `container` (its content replaced): those of role `commune` filled (the commune,
    /// or the province's rings around it as one feature) and fitted in the view, those of role
    /// `neighbour` in outline with their names; `centroid` marked as approximate, `point` marked if any.
    /// `label` names what is drawn in the drawing's accessible name (the filled areas' names when empty).
    /// A tap calls `on_pick(lat, lon)`. `None` when there is nothing to draw (the container is emptied).
    pub fn draw(
        container: &Element,
        areas: &[BoundaryFeature],
        centroid: Option<(f64, f64)>,
        point: Option<(f64, f64)>,
        label: &str,
        lang: Lang,
        on_pick: Box<dyn Fn(f64, f64)>,
    ) -> Option<Picker> {
        let t = texts(lang);
        let (filled, outlined): (Vec<&BoundaryFeature>, Vec<&BoundaryFeature>) =
            areas.iter().partition(|f| f.properties.role == BoundaryRole::Commune);
        let drawing = Drawing {
            areas: &filled,
            neighbours: &outlined,
            centre: centroid.map(|(lat, lon)| (lat, lon, true)),
            point,
            point_label: t.map_point,
            name: label,
            pick: true,
            test_id: "location-map",
        };
        let Some((html, projection)) = drawing.html(t) else {
            container.set_inner_html("");
            return None;
        };
        container.set_inner_html(&html);
        let figure = container.first_element_child()?;
        let svg = figure.first_element_child()?;
        let listener = Closure::<dyn FnMut(web_sys::MouseEvent)>::new(move |event: web_sys::MouseEvent| {
            if let Some((x, y)) = drawing_point(&event) {
                let (lat, lon) = projection.to_lat_lon(x, y);
                on_pick(lat, lon);
            }
        });
        svg.add_event_listener_with_callback("click", listener.as_ref().unchecked_ref()).ok()?;
        Some(Picker { figure, svg, projection, point_label: t.map_point, listener })
    }

    /// Moves the point's marker (or hides it) without drawing again.
    pub fn set_point(&self, point: Option<(f64, f64)>) {
        mark(&self.figure, self.projection, point, self.point_label);
    }
}

impl Drop for Picker {
    fn drop(&mut self) {
        let _ = self.svg.remove_event_listener_with_callback("click", self.listener.as_ref().unchecked_ref());
    }
}

/// Moves the point's marker of the drawing in `figure` to `point` and names it `label` in the legend;
/// hides both for no point.
pub(crate) fn mark(figure: &Element, projection: Projection, point: Option<(f64, f64)>, label: &str) {
    if let Ok(Some(circle)) = figure.query_selector("circle.here") {
        let _ = match point {
            Some((lat, lon)) => {
                let (x, y) = projection.to_svg(lon, lat);
                let _ = circle.set_attribute("cx", &x.to_string());
                let _ = circle.set_attribute("cy", &y.to_string());
                circle.remove_attribute("display")
            }
            None => circle.set_attribute("display", "none"),
        };
    }
    if let Ok(Some(key)) = figure.query_selector("li.point") {
        let _ = key.toggle_attribute_with_force("hidden", point.is_none());
        if point.is_some() {
            key.set_inner_html(&point_key(label));
        }
    }
}

/// Where a tap fell, in the drawing's own units: through the inverse of the SVG's screen transform, which
/// accounts for the scaling and the centring of the drawing in its box.
pub(crate) fn drawing_point(event: &web_sys::MouseEvent) -> Option<(f64, f64)> {
    let svg = event.current_target()?.dyn_into::<web_sys::SvgsvgElement>().ok()?;
    let point = svg.create_svg_point();
    point.set_x(event.client_x() as f32);
    point.set_y(event.client_y() as f32);
    let inverse = svg.get_screen_ctm()?.inverse().ok()?;
    let point = point.matrix_transform(&inverse);
    Some((f64::from(point.x()), f64::from(point.y())))
}

thread_local! {
    /// The listeners of the choosers on the page, with their containers.
    static KEPT: RefCell<Vec<(Element, Box<dyn Any>)>> = const { RefCell::new(Vec::new()) };
}

/// Keeps `listeners` alive with `container`; drops those of containers no longer in the page, and the
/// earlier ones of this container (whose elements its new content replaced).
pub(crate) fn keep(container: &Element, listeners: Box<dyn Any>) {
    let gone = KEPT.with_borrow_mut(|kept| {
        let (gone, live): (Vec<_>, Vec<_>) =
            std::mem::take(kept).into_iter().partition(|(c, _)| c == container || !c.is_connected());
        *kept = live;
        kept.push((container.clone(), listeners));
        gone
    });
    // Dropped outside the borrow.
    drop(gone);
}

thread_local! {
    static CALLS: Cell<u32> = const { Cell::new(0) };
}

/// Marks `container` with the number of this call and shows `waiting` ("loading") in it; returns the
/// number.
fn start(container: &Element, waiting: &str) -> String {
    let call = CALLS.with(|calls| calls.replace(calls.get() + 1)).to_string();
    let _ = container.set_attribute("data-call", &call);
    container.set_inner_html(&loading(waiting));
    call
}

/// Whether `call` is still the latest drawing asked of `container` (a later one, say in the other
/// language, may have finished first: this one's answer is then dropped).
fn latest(container: &Element, call: &str) -> bool {
    container.get_attribute("data-call").as_deref() == Some(call)
}

/// Options the loader sent that cannot be read: a programming error, marked for whoever looks.
fn bad_options(container: &Element) {
    container.set_inner_html("");
    let _ = container.set_attribute("data-error", "options");
}

/// Why a call to the API gave no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No answer at all: offline, or the server is unreachable.
    Network,
    /// An error status.
    Status(u16),
    /// An answer this version cannot read.
    Decode,
}

impl Failure {
    pub fn message(self, t: &Texts) -> String {
        match self {
            Failure::Network => t.error_network.to_owned(),
            Failure::Decode => t.error_decode.to_owned(),
            Failure::Status(429) => t.error_rate_limited.to_owned(),
            Failure::Status(status) => fill(t.error_status, &[&status.to_string()]),
        }
    }
}

/// `GET /api/v1{path}`: the answer's text.
pub async fn get(path: &str) -> Result<String, Failure> {
    let window = web_sys::window().ok_or(Failure::Network)?;
    let promise = window.fetch_with_str(&format!("{API_PREFIX}{path}"));
    let response: web_sys::Response = JsFuture::from(promise).await.map_err(|_| Failure::Network)?.unchecked_into();
    if !response.ok() {
        return Err(Failure::Status(response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|_| Failure::Network)?).await.map_err(|_| Failure::Network)?;
    text.as_string().ok_or(Failure::Decode)
}

fn read_boundary(text: &str) -> Result<Vec<BoundaryFeature>, Failure> {
    serde_json::from_str::<BoundaryCollection>(text).map(|c| c.features).map_err(|_| Failure::Decode)
}

/// What `show_commune` shows for the boundary answer.
fn commune_html(answer: Result<String, Failure>, options: &CommuneOptions, t: &Texts) -> String {
    let features = match answer.and_then(|text| read_boundary(&text)) {
        Ok(features) => features,
        Err(Failure::Status(400 | 404)) => return note(t.map_no_boundary),
        Err(failure) => return error(&failure.message(t)),
    };
    let Some((commune, neighbours)) =
        features.split_first().filter(|(commune, _)| commune.properties.role == BoundaryRole::Commune)
    else {
        return note(t.map_no_boundary);
    };
    let neighbours: Vec<&BoundaryFeature> = neighbours.iter().collect();
    let drawing = Drawing {
        areas: &[commune],
        neighbours: &neighbours,
        centre: options.centre.as_ref().map(|c| (c.lat, c.lon, c.approximate)),
        point: options.here.map(|[lat, lon]| (lat, lon)),
        point_label: t.map_here,
        name: "",
        pick: false,
        test_id: "commune-map",
    };
    drawing.html(t).map_or_else(|| note(t.map_no_boundary), |(html, _)| html)
}

/// `/locate?lat=&lon=` at 5 decimals (about 1 m).
pub fn locate_path(lat: f64, lon: f64) -> String {
    format!("/locate?lat={}&lon={}", degrees(lat), degrees(lon))
}

/// `value` with 5 decimals, by integer arithmetic: Rust's float formatting would add about 12 KB.
pub(crate) fn degrees(value: f64) -> String {
    let scaled = (value * 1e5).round() as i64;
    let sign = if scaled < 0 { "-" } else { "" };
    format!("{sign}{}.{:05}", scaled.abs() / 100_000, scaled.abs() % 100_000)
}

/// Text as a URL component (codes come from links, but a typed URL may hold anything).
fn encode(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

#[cfg(test)]
mod tests {
    use shared::answers::BoundaryRole;

    use super::*;
    use crate::draw::tests::{ba_dinh, ngoc_ha};

    fn options(json: &str) -> CommuneOptions {
        serde_json::from_str(json).unwrap()
    }

    fn collection(features: Vec<BoundaryFeature>) -> String {
        serde_json::to_string(&BoundaryCollection { kind: Default::default(), features }).unwrap()
    }

    #[test]
    fn a_point_is_asked_in_degrees_at_five_decimals() {
        // Phường Ba Đình's middle (data/new_communes.csv).
        assert_eq!(locate_path(21.0386, 105.838), "/locate?lat=21.03860&lon=105.83800");
        assert_eq!(degrees(-0.5), "-0.50000");
        assert_eq!(degrees(-179.123456), "-179.12346");
        assert_eq!(degrees(0.000004), "0.00000");
    }

    #[test]
    fn the_options_are_read_as_the_loader_writes_them() {
        let read = options(
            r#"{"code":"00004","lang":"en","here":[21.0386,105.838],"centre":{"lat":21.0386,"lon":105.838,"approximate":true}}"#,
        );
        assert_eq!((read.code.as_str(), lang_of(&read.lang)), ("00004", Lang::En));
        assert_eq!(read.here, Some([21.0386, 105.838]));
        assert!(read.centre.unwrap().approximate);
        let read = options(r#"{"code":"00004","lang":"vi","here":null,"centre":null}"#);
        assert!(read.here.is_none() && read.centre.is_none());
        let choice: ChoiceOptions = serde_json::from_str(r#"{"codes":["00004","00008"],"lang":"vi"}"#).unwrap();
        assert_eq!(choice.codes, ["00004", "00008"]);
        assert!(serde_json::from_str::<CommuneOptions>(r#"{"lang":"vi"}"#).is_err());
    }

    #[test]
    fn a_commune_s_map_or_why_there_is_none() {
        let t = texts(Lang::Vi);
        let read = options(r#"{"code":"00004","lang":"vi","here":[21.0386,105.838],"centre":null}"#);
        let answer = collection(vec![ba_dinh(), ngoc_ha(BoundaryRole::Neighbour)]);
        let html = commune_html(Ok(answer), &read, t);
        assert!(html.contains("data-testid=\"commune-map\"") && html.contains("<a href=\"/xa/00008\">"));
        assert!(html.contains("<circle class=\"here\"") && html.contains(t.map_here));
        assert!(!html.contains("class=\"centroid\"") && !html.contains("class=\"centre\""));
        // No boundary (404), or an answer not starting with the commune: said so.
        let none = note(t.map_no_boundary);
        assert_eq!(commune_html(Err(Failure::Status(404)), &read, t), none);
        assert_eq!(commune_html(Ok(collection(vec![ngoc_ha(BoundaryRole::Neighbour)])), &read, t), none);
        assert_eq!(commune_html(Ok(collection(Vec::new())), &read, t), none);
        // Other problems, in the reader's language.
        assert!(commune_html(Err(Failure::Network), &read, texts(Lang::En)).contains("Cannot reach the server"));
        assert!(commune_html(Ok("<html>".into()), &read, t).contains(t.error_decode));
    }

    #[test]
    fn a_link_on_the_map_opens_here_on_a_plain_click_or_enter_only() {
        assert!(opens_here("click", Some(0.0), None, false));
        assert!(opens_here("keydown", None, Some("Enter"), false));
        // The middle button, a key held, another key: the browser's (a new tab, a new window, nothing).
        assert!(!opens_here("click", Some(1.0), None, false));
        assert!(!opens_here("click", Some(0.0), None, true));
        assert!(!opens_here("keydown", None, Some("Enter"), true));
        assert!(!opens_here("keydown", None, Some(" "), false));
        assert!(!opens_here("auxclick", Some(1.0), None, false));
    }

    #[test]
    fn failures_are_told_in_the_reader_s_language() {
        let (vi, en) = (texts(Lang::Vi), texts(Lang::En));
        assert!(Failure::Network.message(vi).starts_with("Không kết nối được"));
        assert_eq!(Failure::Status(503).message(vi), "Máy chủ đang gặp lỗi (503). Vui lòng thử lại sau ít phút.");
        assert_eq!(Failure::Status(429).message(en), en.error_rate_limited);
        assert_ne!(Failure::Decode.message(vi), Failure::Decode.message(en));
    }

    #[test]
    fn a_boundary_answer_reads_back() {
        let features = vec![ba_dinh(), ngoc_ha(BoundaryRole::Neighbour)];
        assert_eq!(read_boundary(&collection(features.clone())), Ok(features));
        assert_eq!(read_boundary("{\"features\":1}"), Err(Failure::Decode));
    }
}
