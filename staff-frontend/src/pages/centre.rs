//! `/quan-tri/xa/{code}` (and `?thay-doi={id}` to edit one's own draft or sent-back change): a commune's
//! service centre, checked as it is typed by the server's own rules (`shared::data::centre::row_problems`,
//! and the location against the province's boundary with `location_and_date_problems`), kept in the
//! browser as it is typed, then saved as a draft or sent for review.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use serde::{Deserialize, Serialize};
use shared::answers::{CommuneResponse, ServiceCentre};
use shared::data::boundaries::{Boundaries, location_and_date_problems};
use shared::data::centre::row_problems;
use shared::model::{NewCommuneCode, ProvinceCode, ServiceCentreRow};
use shared::staff::change::{ChangeId, ChangeState};
use shared::staff::edit::{Edit, Problem};
use shared::staff::record::{ChangeAnswer, ChangeInput, Citation};
use shared::staff::roles::Role;

use crate::api::{self, CallError};
use crate::components::answer::answer_view;
use crate::components::field::Field;
use crate::components::location_map::LocationMap;
use crate::components::problems::{CallErrorNote, messages_for};
use crate::drafts;
use crate::i18n::{Lang, lang, pick, tr};
use crate::session::{SignedIn, use_session};

struct Texts {
    title: fn(&str) -> String,
    intro: &'static str,
    name: &'static str,
    address: &'static str,
    phone: &'static str,
    phone_hint: &'static str,
    email: &'static str,
    opening_hours: &'static str,
    opening_hours_hint: &'static str,
    lat: &'static str,
    lon: &'static str,
    location_hint: &'static str,
    source: &'static str,
    source_hint: &'static str,
    verified_on: &'static str,
    citation: &'static str,
    citation_hint: &'static str,
    save_draft: &'static str,
    submit: &'static str,
    editing_change: fn(u64) -> String,
    not_editable: &'static str,
    boundary_missing: &'static str,
    problems_left: fn(usize) -> String,
    outside_provinces: &'static str,
}

const VI: Texts = Texts {
    title: |name| format!("Trung tâm phục vụ hành chính công — {name}"),
    intro: "Nhập những gì bạn đã xác minh; để trống những gì chưa rõ. Một người duyệt sẽ kiểm tra trước khi phát hành.",
    name: "Tên trung tâm",
    address: "Địa chỉ",
    phone: "Điện thoại",
    phone_hint: "Số Việt Nam, ví dụ 0258 3822 xxx hoặc +84 258 …",
    email: "Thư điện tử",
    opening_hours: "Giờ làm việc",
    opening_hours_hint: "Cú pháp opening_hours của OpenStreetMap, ví dụ: Mo-Fr 07:30-11:30,13:30-17:00; Sa 07:30-11:30",
    lat: "Vĩ độ",
    lon: "Kinh độ",
    location_hint: "Nhập tọa độ, hoặc chạm vào bản vẽ ranh giới xã bên dưới để chọn vị trí.",
    source: "Nguồn",
    source_hint: "Nơi bạn đọc được thông tin: quyết định, trang web, hoặc lần đến tận nơi.",
    verified_on: "Ngày xác minh",
    citation: "Căn cứ của đề xuất",
    citation_hint: "Văn bản, trang hoặc quyết định làm căn cứ (tối đa 500 ký tự).",
    save_draft: "Lưu bản nháp",
    submit: "Gửi duyệt",
    editing_change: |id| format!("Đang sửa đề xuất #{id}."),
    not_editable: "Đề xuất này không còn sửa được (đã gửi duyệt, đã duyệt hoặc đã phát hành).",
    boundary_missing: "Chưa tải được bản vẽ ranh giới: hãy nhập tọa độ; máy chủ sẽ kiểm tra vị trí khi gửi.",
    problems_left: |n| format!("Còn {n} trường chưa hợp lệ."),
    outside_provinces: "Xã, phường này thuộc tỉnh khác: bạn không cập nhật được dữ liệu của nó.",
};

const EN: Texts = Texts {
    title: |name| format!("Public administrative service centre — {name}"),
    intro: "Enter what you have verified; leave unknown facts empty. A reviewer checks them before they are published.",
    name: "Name of the centre",
    address: "Address",
    phone: "Phone",
    phone_hint: "A Vietnamese number, e.g. 0258 3822 xxx or +84 258 …",
    email: "E-mail",
    opening_hours: "Opening hours",
    opening_hours_hint: "OpenStreetMap opening_hours syntax, e.g. Mo-Fr 07:30-11:30,13:30-17:00; Sa 07:30-11:30",
    lat: "Latitude",
    lon: "Longitude",
    location_hint: "Type the coordinates, or tap the drawing of the commune's boundary below to pick the place.",
    source: "Source",
    source_hint: "Where you read the facts: a decision, a web page, or a visit.",
    verified_on: "Verified on",
    citation: "Citation for this change",
    citation_hint: "The text, page or decision it rests on (at most 500 characters).",
    save_draft: "Save as draft",
    submit: "Send for review",
    editing_change: |id| format!("Editing change #{id}."),
    not_editable: "This change can no longer be edited (it was sent, approved or published).",
    boundary_missing: "The drawing of the boundary could not be loaded: type the coordinates; the server checks the location when you send.",
    problems_left: |n| format!("{n} fields are not valid yet."),
    outside_provinces: "This commune is in another province: you cannot update its data.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

/// What the form holds, as typed (kept as a draft in the browser).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CentreForm {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub opening_hours: String,
    pub lat: String,
    pub lon: String,
    pub source: String,
    pub verified_on: String,
    pub citation: String,
}

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn given(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

impl CentreForm {
    /// The published facts, to start from; the commune's centroid is not the centre's location, so an
    /// approximate location is left empty.
    pub fn from_published(centre: &ServiceCentre) -> Self {
        let (lat, lon) = match (&centre.coordinates, centre.location_approximate) {
            (Some(c), false) => (c.lat.to_string(), c.lon.to_string()),
            _ => (String::new(), String::new()),
        };
        Self {
            name: text(&centre.name),
            address: text(&centre.address),
            phone: text(&centre.phone),
            email: text(&centre.email),
            opening_hours: text(&centre.opening_hours),
            lat,
            lon,
            source: text(&centre.source),
            verified_on: text(&centre.verified_on),
            citation: String::new(),
        }
    }

    /// A proposed row, as a change holds it.
    pub fn from_row(row: &ServiceCentreRow, citation: &Citation) -> Self {
        Self {
            name: text(&row.name),
            address: text(&row.address),
            phone: text(&row.phone),
            email: text(&row.email),
            opening_hours: text(&row.opening_hours),
            lat: row.lat.map(|v| v.to_string()).unwrap_or_default(),
            lon: row.lon.map(|v| v.to_string()).unwrap_or_default(),
            source: row.source.clone(),
            verified_on: row.verified_on.clone(),
            citation: citation.as_str().to_owned(),
        }
    }

    /// The row as the server would receive it, and the problems of reading it (a coordinate that is
    /// no number).
    pub fn row(&self, commune: &NewCommuneCode) -> (ServiceCentreRow, Vec<Problem>) {
        let mut problems = Vec::new();
        let mut number = |field: &str, text: &str| match given(text).map(|t| t.replace(',', ".").parse::<f64>()) {
            None => None,
            Some(Ok(value)) if value.is_finite() => Some(value),
            Some(_) => {
                problems.push(Problem { field: field.to_owned(), message: format!("{text:?} is not a number") });
                None
            }
        };
        let lat = number("lat", &self.lat);
        let lon = number("lon", &self.lon);
        let row = ServiceCentreRow {
            commune_code: commune.clone(),
            name: given(&self.name),
            address: given(&self.address),
            phone: given(&self.phone),
            email: given(&self.email),
            opening_hours: given(&self.opening_hours),
            lat,
            lon,
            source: self.source.trim().to_owned(),
            verified_on: self.verified_on.trim().to_owned(),
        };
        (row, problems)
    }

    /// Every problem the server would find, by field: the row's rules, its location inside `province`
    /// (when its boundary is at hand), its date not after `today`, and the citation.
    pub fn problems(
        &self,
        commune: &NewCommuneCode,
        province: &ProvinceCode,
        boundaries: Option<&Boundaries>,
        today: &str,
    ) -> Vec<Problem> {
        let (row, mut problems) = self.row(commune);
        let mut add = |list: Vec<(&'static str, String)>| {
            problems.extend(list.into_iter().map(|(field, message)| Problem { field: field.to_owned(), message }))
        };
        add(row_problems(&row));
        match boundaries {
            Some(boundaries) => add(location_and_date_problems(&row, province, boundaries, today)),
            None => add(shared::data::boundaries::future_problem(&row.verified_on, today).into_iter().collect()),
        }
        if let Err(message) = Citation::parse(&self.citation) {
            problems.push(Problem { field: "citation".to_owned(), message });
        }
        problems
    }

    /// The request, if the citation reads (the server checks the rest again).
    pub fn input(&self, commune: &NewCommuneCode) -> Option<ChangeInput> {
        let citation = Citation::parse(&self.citation).ok()?;
        Some(ChangeInput { edit: Edit::ServiceCentre { centre: self.row(commune).0 }, citation })
    }
}

/// Today in Viet Nam (UTC+7), YYYY-MM-DD, as the server judges `verified_on`.
pub fn viet_nam_today() -> String {
    let now = js_sys::Date::now() + 7.0 * 3_600_000.0;
    String::from(js_sys::Date::new(&now.into()).to_iso_string()).chars().take(10).collect()
}

/// The fields a problem may be about that this form shows; a problem about another field (the
/// commune, say) is shown above the form.
const FIELDS: [&str; 10] =
    ["name", "address", "phone", "email", "opening_hours", "lat", "lon", "source", "verified_on", "citation"];

#[component]
pub fn CentrePage() -> impl IntoView {
    view! { <SignedIn><Centre/></SignedIn> }
}

/// What the page loads before it shows the form.
#[derive(Clone)]
struct Loaded {
    commune: CommuneResponse,
    /// The change being edited, if `?thay-doi=` named one.
    change: Option<ChangeAnswer>,
}

#[component]
fn Centre() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let lang = lang();
    let code = move || params.get().get("code").unwrap_or_default();
    let change_id = move || query.get().get("thay-doi").and_then(|id| id.parse::<u64>().ok());
    let loaded = LocalResource::new(move || {
        let (code, change_id) = (code(), change_id());
        async move {
            let lang = lang.get_untracked();
            let commune: CommuneResponse = api::get(&format!("/api/v1/communes/{}", api::encode(&code)), lang).await?;
            let change = match change_id {
                Some(id) => Some(api::get::<ChangeAnswer>(&format!("/api/v1/staff/changes/{id}"), lang).await?),
                None => None,
            };
            Ok::<_, CallError>(Loaded { commune, change })
        }
    });
    view! {
        {answer_view(loaded, move |loaded| view! { <CentreFormView loaded=loaded/> }.into_any())}
    }
}

#[component]
fn CentreFormView(loaded: Loaded) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let lang = lang();
    let Loaded { commune, change } = loaded;
    let code = commune.code.clone();
    let province: ProvinceCode = match commune.province.code.parse() {
        Ok(code) => code,
        Err(_) => return view! { <p class="error">{tr(|t| t.error_decode)}</p> }.into_any(),
    };
    // Another province's commune is not this account's to edit: refused, and its form not shown (the
    // server refuses the change too).
    let works_here = session.account().is_some_and(|a| a.role == Role::Admin || a.provinces.contains(&province));
    if !works_here {
        return view! {
            <h1>{commune.name.clone()}</h1>
            <p class="error-note" role="alert" data-testid="refused">{pick(texts, |t| t.outside_provinces)}</p>
            <p><a href="/quan-tri">{tr(|t| t.nav_province)}</a></p>
        }
        .into_any();
    }
    // The change being edited, if it is still the author's to edit.
    let editable_change: Option<(ChangeId, Option<CentreForm>)> = change.as_ref().map(|answer| {
        let record = &answer.change;
        let mine = session.account().is_some_and(|a| a.email == record.request.author);
        let open = matches!(record.state, ChangeState::Draft | ChangeState::Rejected { .. });
        let form = match (&record.edit, mine && open) {
            (Edit::ServiceCentre { centre }, true) => Some(CentreForm::from_row(centre, &record.citation)),
            _ => None,
        };
        (record.request.id, form)
    });
    let not_editable = matches!(editable_change, Some((_, None)));
    let editing = editable_change.as_ref().and_then(|(id, form)| form.as_ref().map(|_| *id));
    let draft_key = match editing {
        Some(id) => format!("change/{}", id.0),
        None => format!("centre/{code}"),
    };
    let saved: Option<CentreForm> = drafts::load(&draft_key);
    let restored = saved.is_some();
    let start = saved
        .or_else(|| editable_change.and_then(|(_, form)| form))
        .unwrap_or_else(|| CentreForm::from_published(&commune.service_centre));
    let form = RwSignal::new(start);
    let touched = RwSignal::new(restored);
    let boundaries = LocalResource::new({
        let province = province.clone();
        move || {
            let province = province.clone();
            async move {
                let text = api::get_text(&format!("/api/v1/staff/provinces/{province}/boundary"), lang.get_untracked())
                    .await
                    .ok()?;
                Boundaries::parse(&text).ok().map(std::sync::Arc::new)
            }
        }
    });
    let today = viet_nam_today();
    let server_problems = RwSignal::new(Vec::<Problem>::new());
    // The change this form saves to: the one being edited, or the one its first send made.
    let created = RwSignal::new(editing);
    let error = RwSignal::new(None::<CallError>);
    let busy = RwSignal::new(false);
    let problems = Memo::new({
        let (code, province) = (code.clone(), province.clone());
        move |_| {
            let boundaries = boundaries.get().flatten();
            form.with(|f| f.problems(&code, &province, boundaries.as_deref(), &today))
        }
    });
    let shown_problem = move |field: &'static str| {
        Signal::derive(move || {
            let local = touched.get().then(|| problems.with(|p| messages_for(p, field))).flatten();
            local.or_else(|| server_problems.with(|p| messages_for(p, field)))
        })
    };
    let update = {
        let draft_key = draft_key.clone();
        move |change: fn(&mut CentreForm, String), value: String| {
            form.update(|f| change(f, value));
            touched.set(true);
            server_problems.set(Vec::new());
            form.with_untracked(|f| drafts::save(&draft_key, f));
        }
    };
    let field = {
        let update = update.clone();
        move |id: &'static str, get: fn(&CentreForm) -> String, set: fn(&mut CentreForm, String)| {
            let update = update.clone();
            (
                Signal::derive(move || form.with(get)),
                Callback::new(move |value: String| update(set, value)),
                shown_problem(id),
            )
        }
    };
    let send = {
        let (code, draft_key) = (code.clone(), draft_key.clone());
        move |for_review: bool| {
            touched.set(true);
            let Some(input) = form.with_untracked(|f| f.input(&code)) else {
                return;
            };
            let navigate = navigate.clone();
            let draft_key = draft_key.clone();
            busy.set(true);
            leptos::task::spawn_local(async move {
                let lang = lang.get_untracked();
                let saved = match created.get_untracked() {
                    Some(id) => {
                        api::put::<_, ChangeAnswer>(&format!("/api/v1/staff/changes/{}", id.0), &input, lang).await
                    }
                    None => api::post::<_, ChangeAnswer>("/api/v1/staff/changes", &input, lang).await,
                };
                // Made once: a send that fails after this (the submit refused, the network gone) is sent
                // again as new content of the same change, not as another draft.
                if let Ok(answer) = &saved {
                    created.set(Some(answer.change.request.id));
                }
                let result = match saved {
                    Ok(answer) if for_review => {
                        let id = answer.change.request.id.0;
                        api::post_empty(&format!("/api/v1/staff/changes/{id}/submit"), lang).await.map(|()| id)
                    }
                    Ok(answer) => Ok(answer.change.request.id.0),
                    Err(e) => Err(e),
                };
                busy.set(false);
                match result {
                    Ok(id) => {
                        drafts::clear(&draft_key);
                        navigate(&format!("/quan-tri/thay-doi/{id}"), Default::default());
                    }
                    Err(CallError::SignedOut) => session.ended(),
                    Err(CallError::Invalid { message, problems }) => {
                        server_problems.set(problems.clone());
                        error.set(Some(CallError::Invalid { message, problems }));
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        }
    };
    let on_pick = {
        let update = update.clone();
        Callback::new(move |(lat, lon): (f64, f64)| {
            update(|f, v| f.lat = v, lat.to_string());
            update(|f, v| f.lon = v, lon.to_string());
        })
    };
    let point = Signal::derive(move || {
        form.with(|f| Some((f.lat.trim().parse::<f64>().ok()?, f.lon.trim().parse::<f64>().ok()?)))
    });
    let centroid = commune.centroid.as_ref().map(|c| (c.lat, c.lon));
    // The drawing is the commune's own boundary; where it has none, the part of the province around the
    // commune (or the whole province when its centroid is unknown), once the province's boundary is in.
    let province_rings = Signal::derive({
        let province = province.clone();
        move || {
            let (lat, lon) = centroid.unwrap_or_default();
            boundaries.get().flatten().map(|boundaries| boundaries.rings_around(province.as_str(), lon, lat))
        }
    });
    let invalid_count = move || {
        problems.with(|p| {
            let mut fields: Vec<&str> = p.iter().map(|p| p.field.as_str()).collect();
            fields.sort_unstable();
            fields.dedup();
            fields.len()
        })
    };
    let other_problems = move || {
        server_problems.with(|p| {
            p.iter().filter(|p| !FIELDS.contains(&p.field.as_str())).map(|p| p.message.clone()).collect::<Vec<_>>()
        })
    };
    let t = move || texts(lang.get());
    let title = (texts(lang.get_untracked()).title)(&commune.name);
    crate::components::layout::set_title(&title);
    let name = commune.name.clone();
    let send_draft = send.clone();
    let (name_v, name_in, name_p) = field("name", |f| f.name.clone(), |f, v| f.name = v);
    let (address_v, address_in, address_p) = field("address", |f| f.address.clone(), |f, v| f.address = v);
    let (phone_v, phone_in, phone_p) = field("phone", |f| f.phone.clone(), |f, v| f.phone = v);
    let (email_v, email_in, email_p) = field("email", |f| f.email.clone(), |f, v| f.email = v);
    let (hours_v, hours_in, hours_p) = field("opening_hours", |f| f.opening_hours.clone(), |f, v| f.opening_hours = v);
    let (lat_v, lat_in, lat_p) = field("lat", |f| f.lat.clone(), |f, v| f.lat = v);
    let (lon_v, lon_in, lon_p) = field("lon", |f| f.lon.clone(), |f, v| f.lon = v);
    let (source_v, source_in, source_p) = field("source", |f| f.source.clone(), |f, v| f.source = v);
    let (date_v, date_in, date_p) = field("verified_on", |f| f.verified_on.clone(), |f, v| f.verified_on = v);
    let (citation_v, citation_in, citation_p) = field("citation", |f| f.citation.clone(), |f, v| f.citation = v);
    view! {
        <h1 data-testid="centre-title">{move || (t().title)(&name)}</h1>
        <p class="muted">{commune.province.name.clone()}" · "<a href=format!("/xa/{code}") rel="external">{format!("/xa/{code}")}</a></p>
        {editing.map(|id| view! { <p class="hint">{move || (t().editing_change)(id.0)}</p> })}
        {not_editable.then(|| view! { <p class="hint" role="status">{pick(texts, |t| t.not_editable)}</p> })}
        {restored.then(|| view! { <p class="hint" role="status" data-testid="draft-restored">{tr(|t| t.draft_restored)}</p> })}
        <p class="muted">{pick(texts, |t| t.intro)}</p>
        <form class="staff-form card wide" data-testid="centre-form" on:submit=move |e: leptos::ev::SubmitEvent| {
            e.prevent_default();
            send(true);
        }>
            <Field id="name" label=pick(texts, |t| t.name) value=name_v on_input=name_in problem=name_p/>
            <Field id="address" label=pick(texts, |t| t.address) value=address_v on_input=address_in problem=address_p multiline=true/>
            <div class="field-row">
                <Field id="phone" label=pick(texts, |t| t.phone) value=phone_v on_input=phone_in problem=phone_p
                    hint=pick(texts, |t| t.phone_hint) kind="tel" autocomplete="off"/>
                <Field id="email" label=pick(texts, |t| t.email) value=email_v on_input=email_in problem=email_p kind="email" autocomplete="off"/>
            </div>
            <Field id="opening_hours" label=pick(texts, |t| t.opening_hours) value=hours_v on_input=hours_in
                problem=hours_p hint=pick(texts, |t| t.opening_hours_hint)/>
            <fieldset class="location">
                <legend>{pick(texts, |t| t.location_hint)}</legend>
                <div class="field-row">
                    <Field id="lat" label=pick(texts, |t| t.lat) value=lat_v on_input=lat_in problem=lat_p inputmode="decimal"/>
                    <Field id="lon" label=pick(texts, |t| t.lon) value=lon_v on_input=lon_in problem=lon_p inputmode="decimal"/>
                </div>
                <LocationMap code=code.clone() name=commune.name.clone() province_rings point centroid on_pick
                    missing=pick(texts, |t| t.boundary_missing)/>
            </fieldset>
            <Field id="source" label=pick(texts, |t| t.source) value=source_v on_input=source_in problem=source_p
                hint=pick(texts, |t| t.source_hint) required=true/>
            <Field id="verified_on" label=pick(texts, |t| t.verified_on) value=date_v on_input=date_in problem=date_p
                kind="date" required=true/>
            <Field id="citation" label=pick(texts, |t| t.citation) value=citation_v on_input=citation_in
                problem=citation_p hint=pick(texts, |t| t.citation_hint) required=true multiline=true/>
            {move || other_problems().into_iter().map(|m| view! { <p class="field-problem">{m}</p> }).collect_view()}
            <p class="muted" role="status" data-testid="problems-left">
                {move || (touched.get() && invalid_count() > 0).then(|| (t().problems_left)(invalid_count()))}
            </p>
            <CallErrorNote error=error/>
            <div class="actions">
                <button class="button" type="submit" data-testid="submit-centre"
                    disabled=move || busy.get() || not_editable || (touched.get() && invalid_count() > 0)>
                    {pick(texts, |t| t.submit)}
                </button>
                <button class="button secondary" type="button" data-testid="save-draft"
                    disabled=move || busy.get() || not_editable
                    on:click=move |_| send_draft(false)>
                    {pick(texts, |t| t.save_draft)}
                </button>
            </div>
        </form>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commune() -> NewCommuneCode {
        "22366".parse().unwrap()
    }

    fn filled() -> CentreForm {
        CentreForm {
            address: "Test address 1".into(),
            opening_hours: "Mo-Fr 07:30-11:30,13:30-17:00".into(),
            source: "Cổng thông tin điện tử phường".into(),
            verified_on: "2026-11-30".into(),
            citation: "Quyết định thành lập trung tâm".into(),
            ..Default::default()
        }
    }

    fn fields(problems: &[Problem]) -> Vec<&str> {
        problems.iter().map(|p| p.field.as_str()).collect()
    }

    #[test]
    fn a_filled_form_has_no_problems_and_becomes_the_row() {
        let province: ProvinceCode = "56".parse().unwrap();
        let form = filled();
        assert_eq!(form.problems(&commune(), &province, None, "2026-12-01"), []);
        let input = form.input(&commune()).unwrap();
        let Edit::ServiceCentre { centre } = input.edit else { panic!("a centre") };
        assert_eq!(centre.address.as_deref(), Some("Test address 1"));
        assert_eq!(centre.phone, None, "an empty field is unknown, not an empty string");
        assert_eq!(centre.lat, None);
    }

    #[test]
    fn the_server_s_rules_are_applied_as_staff_type() {
        let province: ProvinceCode = "56".parse().unwrap();
        let form = CentreForm {
            phone: "12345".into(),
            email: "not an address".into(),
            opening_hours: "Monday 7:30".into(),
            lat: "twelve".into(),
            lon: "109.19".into(),
            verified_on: "2026-12-02".into(),
            citation: String::new(),
            ..filled()
        };
        let problems = form.problems(&commune(), &province, None, "2026-12-01");
        for field in ["phone", "email", "opening_hours", "lat", "verified_on", "citation"] {
            assert!(fields(&problems).contains(&field), "{field}: {problems:?}");
        }
        assert!(form.input(&commune()).is_none(), "no citation, no request");
    }

    #[test]
    fn a_location_outside_the_province_is_refused_by_its_boundary() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../data/sources/boundaries/provinces.geojson"
        ))
        .unwrap();
        let boundaries = Boundaries::parse(&text).unwrap();
        let province: ProvinceCode = "56".parse().unwrap();
        // Nha Trang's own centroid (data/new_communes.csv) lies inside Khánh Hòa; Hà Nội's does not.
        let commune_row = |lat: &str, lon: &str| CentreForm { lat: lat.into(), lon: lon.into(), ..filled() };
        let inside = commune_row("12.24579", "109.19533");
        assert_eq!(inside.problems(&commune(), &province, Some(&boundaries), "2026-12-01"), []);
        let hanoi = commune_row("21.0567", "105.845");
        assert_eq!(fields(&hanoi.problems(&commune(), &province, Some(&boundaries), "2026-12-01")), ["lat"]);
    }

    #[test]
    fn an_approximate_location_is_not_offered_as_the_centre_s() {
        let centre = ServiceCentre {
            commune_code: commune(),
            name: None,
            address: None,
            phone: None,
            phone_uri: None,
            email: None,
            opening_hours: None,
            coordinates: Some(shared::answers::Centroid { lat: 12.2, lon: 109.2 }),
            location_approximate: true,
            source: None,
            verified_on: None,
            status: shared::answers::CentreStatus::Unverified,
        };
        let form = CentreForm::from_published(&centre);
        assert_eq!((form.lat.as_str(), form.lon.as_str()), ("", ""));
        let exact = CentreForm::from_published(&ServiceCentre { location_approximate: false, ..centre });
        assert_eq!((exact.lat.as_str(), exact.lon.as_str()), ("12.2", "109.2"));
    }
}
