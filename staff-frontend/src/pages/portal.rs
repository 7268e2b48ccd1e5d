//! `/quan-tri/tinh/{code}/cong`: a province's public-service portal (`Edit::ProvincePortal`) and what it
//! verified about procedures of the national catalogue there (`Edit::ProcedureFact`: online level, its
//! page on the portal, the agency), each with its source and date, as published now
//! (`GET /api/v1/staff/provinces/{code}/portal` and `…/procedure-facts`) and as staff propose them.
//!
//! Both forms are checked as staff type by the data check's own rules (`Edit::check` of a portal,
//! `procedure_fact_problems`), run here on the province and the catalogue as the browser has them
//! ([`Catalogue`]); the server checks again.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use serde::{Deserialize, Serialize};
use shared::answers::{ProcedureSummary, ProceduresResponse, ProvincesResponse};
use shared::data::boundaries::future_problem;
use shared::data::check::procedure_fact_problems;
use shared::model::{
    Dataset, Index, NewProvince, OnlineLevel, Procedure, ProcedureFact, ProcedureStatus, ProvinceCode, ProvincePortal,
};
use shared::staff::edit::{Edit, Problem};
use shared::staff::record::{ChangeInput, Citation};

use crate::api::{self, CallError};
use crate::components::answer::answer_view;
use crate::components::change_form::{CreatedNote, FormState, others};
use crate::components::field::Field;
use crate::components::problems::CallErrorNote;
use crate::drafts;
use crate::i18n::{Lang, lang, pick};
use crate::pages::centre::viet_nam_today;
use crate::session::{SignedIn, use_session};

struct Texts {
    title: fn(&str) -> String,
    back: &'static str,
    portal_title: &'static str,
    portal_now: &'static str,
    portal_none: &'static str,
    read_on: fn(&str, &str) -> String,
    url: &'static str,
    url_hint: &'static str,
    source: &'static str,
    source_hint: &'static str,
    verified_on: &'static str,
    citation: &'static str,
    citation_hint: &'static str,
    submit: &'static str,
    save_draft: &'static str,
    draft_restored: &'static str,
    facts_title: &'static str,
    facts_intro: &'static str,
    facts_none: &'static str,
    procedure: &'static str,
    online: &'static str,
    portal_url: &'static str,
    agency: &'static str,
    verified: &'static str,
    edit: &'static str,
    fact_title: &'static str,
    search: &'static str,
    search_hint: &'static str,
    no_match: &'static str,
    picked: &'static str,
    none_picked: &'static str,
    catalogue_says: fn(&str) -> String,
    level_none: &'static str,
    level_full: &'static str,
    level_partial: &'static str,
    level_in_person: &'static str,
    level_unknown: &'static str,
    portal_url_hint: &'static str,
    agency_hint: &'static str,
    source_fact_hint: &'static str,
}

const VI: Texts = Texts {
    title: |province| format!("Cổng dịch vụ công và thủ tục — {province}"),
    back: "Về danh sách xã, phường của tỉnh",
    portal_title: "Cổng dịch vụ công của tỉnh",
    portal_now: "Đã phát hành:",
    portal_none: "Chưa có địa chỉ cổng đã xác minh.",
    read_on: |source, date| format!("Nguồn: {source}; xác minh ngày {date}"),
    url: "Địa chỉ cổng",
    url_hint: "Bắt đầu bằng https://",
    source: "Nguồn",
    source_hint: "Nơi bạn đọc được địa chỉ: trang web, văn bản.",
    verified_on: "Ngày xác minh",
    citation: "Căn cứ của đề xuất",
    citation_hint: "Văn bản, trang hoặc quyết định làm căn cứ (tối đa 500 ký tự).",
    submit: "Gửi duyệt",
    save_draft: "Lưu bản nháp",
    draft_restored: "Đã khôi phục nội dung bạn nhập lần trước (chưa được gửi).",
    facts_title: "Thủ tục hành chính tại tỉnh",
    facts_intro: "Điều tỉnh đã xác minh về một thủ tục của danh mục quốc gia: mức trực tuyến, trang thủ tục trên cổng, cơ quan thực hiện. Mọi xã, phường của tỉnh hiển thị theo đó.",
    facts_none: "Tỉnh chưa có thông tin thủ tục nào đã phát hành.",
    procedure: "Thủ tục",
    online: "Mức trực tuyến",
    portal_url: "Trang trên cổng",
    agency: "Cơ quan thực hiện",
    verified: "Nguồn, ngày xác minh",
    edit: "Sửa",
    fact_title: "Đề xuất thông tin một thủ tục",
    search: "Tìm thủ tục theo tên hoặc mã",
    search_hint: "Ví dụ «khai sinh» hoặc «1.001193».",
    no_match: "Không có thủ tục nào khớp.",
    picked: "Thủ tục đã chọn:",
    none_picked: "Chưa chọn thủ tục.",
    catalogue_says: |level| format!("Danh mục quốc gia: {level}"),
    level_none: "Chưa rõ (giữ theo danh mục)",
    level_full: "Toàn trình",
    level_partial: "Một phần",
    level_in_person: "Chỉ trực tiếp",
    level_unknown: "Chưa rõ",
    portal_url_hint: "Trang của thủ tục trên cổng dịch vụ công của tỉnh, https://…",
    agency_hint: "Như văn bản ghi (tối đa 200 ký tự). Để trống nếu chưa rõ.",
    source_fact_hint: "Quyết định công bố thủ tục hành chính của tỉnh, hoặc trang web.",
};

const EN: Texts = Texts {
    title: |province| format!("Portal and procedures — {province}"),
    back: "Back to the province's communes",
    portal_title: "The province's public-service portal",
    portal_now: "Published:",
    portal_none: "No verified portal address yet.",
    read_on: |source, date| format!("Source: {source}; verified on {date}"),
    url: "Portal address",
    url_hint: "Starting with https://",
    source: "Source",
    source_hint: "Where you read the address: a web page, a document.",
    verified_on: "Verified on",
    citation: "Citation for this change",
    citation_hint: "The text, page or decision it rests on (at most 500 characters).",
    submit: "Send for review",
    save_draft: "Save as draft",
    draft_restored: "What you typed last time (not yet sent) has been restored.",
    facts_title: "Procedures in the province",
    facts_intro: "What the province verified about a procedure of the national catalogue: how far it is online, its page on the portal, the agency. Every commune of the province answers with it.",
    facts_none: "The province has no published procedure facts yet.",
    procedure: "Procedure",
    online: "Online level",
    portal_url: "Page on the portal",
    agency: "Agency",
    verified: "Source, verified on",
    edit: "Edit",
    fact_title: "Propose the facts of one procedure",
    search: "Find a procedure by name or code",
    search_hint: "E.g. “khai sinh” or “1.001193”.",
    no_match: "No procedure matches.",
    picked: "Procedure chosen:",
    none_picked: "No procedure chosen yet.",
    catalogue_says: |level| format!("National catalogue: {level}"),
    level_none: "Not known (keep the catalogue's)",
    level_full: "Online end to end",
    level_partial: "Partly online",
    level_in_person: "In person only",
    level_unknown: "Unknown",
    portal_url_hint: "The procedure's page on the province's public-service portal, https://…",
    agency_hint: "As the text writes it (at most 200 characters). Leave empty when not known.",
    source_fact_hint: "The province's decision publishing its procedures, or a web page.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

impl Texts {
    fn level(&self, level: Option<OnlineLevel>) -> &'static str {
        match level {
            None => self.level_none,
            Some(OnlineLevel::Full) => self.level_full,
            Some(OnlineLevel::Partial) => self.level_partial,
            Some(OnlineLevel::InPerson) => self.level_in_person,
            Some(OnlineLevel::Unknown) => self.level_unknown,
        }
    }
}

fn given(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn problems_of(found: Vec<(&'static str, String)>) -> Vec<Problem> {
    found.into_iter().map(|(field, message)| Problem { field: field.to_owned(), message }).collect()
}

fn citation_problems(citation: &str, problems: &mut Vec<Problem>) {
    if let Err(message) = Citation::parse(citation) {
        problems.push(Problem { field: "citation".into(), message });
    }
}

/// The province and the national catalogue as the browser has them (its code and name; the active
/// procedures of `GET /api/v1/procedures`), as a dataset, so that the data check's own rules of a portal
/// and of a procedure fact run on what staff type.
pub struct Catalogue {
    index: Index,
}

impl Catalogue {
    pub fn new(province: &ProvinceCode, name: &str, procedures: &[ProcedureSummary]) -> Self {
        let mut procedures: Vec<Procedure> = procedures
            .iter()
            .map(|p| Procedure {
                code: p.code.clone(),
                name: p.name.clone(),
                field: p.field.clone(),
                level: p.level,
                online: p.online,
                agency: None,
                status: ProcedureStatus::Active,
                replaced_by: None,
                bca_matt: None,
                source: String::new(),
                source_note: String::new(),
            })
            .collect();
        procedures.sort_by(|a, b| a.code.cmp(&b.code));
        let province = NewProvince {
            code: province.clone(),
            name: name.to_owned(),
            full_name: name.to_owned(),
            unit_type: String::new(),
            name_en: String::new(),
            full_name_en: String::new(),
            absorbed: String::new(),
        };
        Self { index: Index::new(Dataset { new_provinces: vec![province], procedures, ..Dataset::default() }) }
    }

    pub fn procedure(&self, code: &str) -> Option<&Procedure> {
        self.index.procedure(code)
    }
}

/// What the portal form holds, as typed (kept as a draft).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PortalForm {
    pub url: String,
    pub source: String,
    pub verified_on: String,
    pub citation: String,
}

/// The portal form's fields, as the server names them (their inputs' ids on this page begin `portal-`).
const PORTAL_FIELDS: [&str; 4] = ["url", "source", "verified_on", "citation"];

impl PortalForm {
    pub fn from_published(portal: Option<&ProvincePortal>) -> Self {
        portal.map_or_else(Self::default, |p| Self {
            url: p.url.clone(),
            source: p.source.clone(),
            verified_on: p.verified_on.clone(),
            citation: String::new(),
        })
    }

    pub fn portal(&self, province: &ProvinceCode) -> ProvincePortal {
        ProvincePortal {
            province_code: province.clone(),
            url: self.url.trim().to_owned(),
            source: self.source.trim().to_owned(),
            verified_on: self.verified_on.trim().to_owned(),
        }
    }

    /// The server's rules: [`Edit::check`] of the portal, its date not after `today`, the citation.
    pub fn problems(&self, catalogue: &Catalogue, province: &ProvinceCode, today: &str) -> Vec<Problem> {
        let portal = self.portal(province);
        let mut problems =
            Edit::ProvincePortal { portal: portal.clone() }.check(&catalogue.index).err().unwrap_or_default();
        problems.extend(problems_of(future_problem(&portal.verified_on, today).into_iter().collect()));
        citation_problems(&self.citation, &mut problems);
        problems
    }

    pub fn input(&self, province: &ProvinceCode) -> Option<ChangeInput> {
        let citation = Citation::parse(&self.citation).ok()?;
        Some(ChangeInput { edit: Edit::ProvincePortal { portal: self.portal(province) }, citation })
    }
}

/// What the procedure form holds, as typed (kept as a draft).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FactForm {
    pub procedure_code: String,
    /// "", "full", "partial" or "in_person".
    pub online: String,
    pub portal_url: String,
    pub agency: String,
    pub source: String,
    pub verified_on: String,
    pub citation: String,
}

/// The procedure form's fields, as the server names them (their inputs' ids on this page begin `fact-`).
const FACT_FIELDS: [&str; 7] =
    ["procedure_code", "online", "portal_url", "agency", "source", "verified_on", "citation"];

fn online_value(level: Option<OnlineLevel>) -> &'static str {
    match level {
        Some(OnlineLevel::Full) => "full",
        Some(OnlineLevel::Partial) => "partial",
        Some(OnlineLevel::InPerson) => "in_person",
        Some(OnlineLevel::Unknown) | None => "",
    }
}

impl FactForm {
    /// The published fact of a procedure, to start from (or only its code).
    pub fn from_published(code: &str, fact: Option<&ProcedureFact>) -> Self {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        match fact {
            Some(f) => Self {
                procedure_code: code.to_owned(),
                online: online_value(f.online).to_owned(),
                portal_url: text(&f.portal_url),
                agency: text(&f.agency),
                source: f.source.clone(),
                verified_on: f.verified_on.clone(),
                citation: String::new(),
            },
            None => Self { procedure_code: code.to_owned(), ..Self::default() },
        }
    }

    pub fn fact(&self, province: &ProvinceCode) -> ProcedureFact {
        ProcedureFact {
            province_code: province.clone(),
            procedure_code: self.procedure_code.trim().to_owned(),
            online: match self.online.as_str() {
                "full" => Some(OnlineLevel::Full),
                "partial" => Some(OnlineLevel::Partial),
                "in_person" => Some(OnlineLevel::InPerson),
                _ => None,
            },
            portal_url: given(&self.portal_url),
            agency: given(&self.agency),
            replaced_by: None,
            source: self.source.trim().to_owned(),
            verified_on: self.verified_on.trim().to_owned(),
        }
    }

    /// The data check's rules ([`procedure_fact_problems`]), the date not after `today`, the citation.
    pub fn problems(&self, catalogue: &Catalogue, province: &ProvinceCode, today: &str) -> Vec<Problem> {
        let fact = self.fact(province);
        let mut problems = problems_of(procedure_fact_problems(&catalogue.index.dataset, &fact));
        problems.extend(problems_of(future_problem(&fact.verified_on, today).into_iter().collect()));
        citation_problems(&self.citation, &mut problems);
        problems
    }

    pub fn input(&self, province: &ProvinceCode) -> Option<ChangeInput> {
        let citation = Citation::parse(&self.citation).ok()?;
        Some(ChangeInput { edit: Edit::ProcedureFact { fact: self.fact(province) }, citation })
    }
}

/// The procedures whose name or code matches `typed` (none for nothing typed), at most `limit`.
pub fn matching<'a>(procedures: &'a [ProcedureSummary], typed: &str, limit: usize) -> Vec<&'a ProcedureSummary> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Vec::new();
    }
    procedures
        .iter()
        .filter(|p| p.code.starts_with(typed) || frontend::format::matches_filter(&p.name, typed))
        .take(limit)
        .collect()
}

#[component]
pub fn PortalPage() -> impl IntoView {
    view! { <SignedIn><Portal/></SignedIn> }
}

/// What the page loads before it shows its forms.
#[derive(Clone)]
struct Loaded {
    province: ProvinceCode,
    name: String,
    portal: Option<ProvincePortal>,
    facts: Vec<ProcedureFact>,
    procedures: Arc<Vec<ProcedureSummary>>,
}

#[component]
fn Portal() -> impl IntoView {
    let params = use_params_map();
    let lang = lang();
    let code = move || params.get().get("code").unwrap_or_default();
    let loaded = LocalResource::new(move || {
        let code = code();
        async move {
            let lang = lang.get_untracked();
            let province: ProvinceCode =
                code.parse().map_err(|_| CallError::Status { status: 404, message: String::new() })?;
            let portal: Option<ProvincePortal> =
                api::get(&format!("/api/v1/staff/provinces/{province}/portal"), lang).await?;
            let facts: Vec<ProcedureFact> =
                api::get(&format!("/api/v1/staff/provinces/{province}/procedure-facts"), lang).await?;
            let all: ProvincesResponse = api::get("/api/v1/provinces", lang).await?;
            let name = all.provinces.into_iter().find(|p| p.code == province).map(|p| p.name).unwrap_or_default();
            let procedures: ProceduresResponse = api::get("/api/v1/procedures", lang).await?;
            Ok::<_, CallError>(Loaded { province, name, portal, facts, procedures: Arc::new(procedures.procedures) })
        }
    });
    view! {
        {answer_view(loaded, move |loaded| {
                let t = move || texts(lang.get());
                crate::components::layout::set_title(&(texts(lang.get_untracked()).title)(&loaded.name));
                let catalogue = Arc::new(Catalogue::new(&loaded.province, &loaded.name, &loaded.procedures));
                let (name, province) = (loaded.name.clone(), loaded.province.clone());
                view! {
                    <h1>{move || (t().title)(&name)}</h1>
                    <p><a href=format!("/quan-tri/tinh/{province}")>{pick(texts, |t| t.back)}</a></p>
                    <PortalSection loaded=loaded.clone() catalogue=catalogue.clone()/>
                    <FactsSection loaded=loaded catalogue=catalogue/>
                }
                .into_any()
            })}
    }
}

#[component]
fn PortalSection(loaded: Loaded, catalogue: Arc<Catalogue>) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let lang = lang();
    let province = loaded.province.clone();
    let draft_key = format!("portal/{province}");
    let saved: Option<PortalForm> = drafts::load(&draft_key);
    let restored = saved.is_some();
    let form = RwSignal::new(saved.unwrap_or_else(|| PortalForm::from_published(loaded.portal.as_ref())));
    let state = FormState::new(restored);
    let today = viet_nam_today();
    let problems = Memo::new({
        let province = province.clone();
        move |_| form.with(|f| f.problems(&catalogue, &province, &today))
    });
    let update = {
        let draft_key = draft_key.clone();
        move |name: &'static str, change: fn(&mut PortalForm, String), value: String| {
            form.update(|f| change(f, value));
            state.typed(name);
            form.with_untracked(|f| drafts::save(&draft_key, f));
        }
    };
    let field = {
        let update = update.clone();
        move |name: &'static str, get: fn(&PortalForm) -> String, set: fn(&mut PortalForm, String)| {
            let update = update.clone();
            (
                Signal::derive(move || form.with(get)),
                Callback::new(move |value: String| update(name, set, value)),
                state.shown(problems, name),
            )
        }
    };
    let send = {
        let province = province.clone();
        move |for_review: bool| {
            state.touched.set(true);
            if problems.with_untracked(|p| !p.is_empty()) {
                return;
            }
            let Some(input) = form.with_untracked(|f| f.input(&province)) else { return };
            state.send(input, for_review, draft_key.clone(), lang.get_untracked(), session, navigate.clone());
        }
    };
    let send_draft = send.clone();
    let t = move || texts(lang.get());
    let (url_v, url_in, url_p) = field("url", |f| f.url.clone(), |f, v| f.url = v);
    let (source_v, source_in, source_p) = field("source", |f| f.source.clone(), |f, v| f.source = v);
    let (date_v, date_in, date_p) = field("verified_on", |f| f.verified_on.clone(), |f, v| f.verified_on = v);
    let (citation_v, citation_in, citation_p) = field("citation", |f| f.citation.clone(), |f, v| f.citation = v);
    let whole_problems = move || state.server_problems.with(|p| others(p, &PORTAL_FIELDS));
    view! {
        <section class="card wide staff-section" aria-labelledby="portal-title">
            <h2 id="portal-title">{pick(texts, |t| t.portal_title)}</h2>
            <div data-testid="portal-now">
                {match loaded.portal.clone() {
                    Some(portal) => view! {
                        <p>
                            <span class="muted">{move || t().portal_now}" "</span>
                            <a href=portal.url.clone() rel="external noopener" target="_blank">{portal.url.clone()}</a>
                        </p>
                        <p class="muted">{move || (t().read_on)(&portal.source, &frontend::format::date(&portal.verified_on))}</p>
                    }
                    .into_any(),
                    None => view! { <p class="muted">{move || t().portal_none}</p> }.into_any(),
                }}
            </div>
            {restored.then(|| view! { <p class="hint" role="status">{pick(texts, |t| t.draft_restored)}</p> })}
            <form class="staff-form" data-testid="portal-form" on:submit=move |e: leptos::ev::SubmitEvent| {
                e.prevent_default();
                send(true);
            }>
                <Field id="portal-url" label=pick(texts, |t| t.url) value=url_v on_input=url_in problem=url_p
                    hint=pick(texts, |t| t.url_hint) kind="url" autocomplete="off" required=true/>
                <div class="field-row">
                    <Field id="portal-source" label=pick(texts, |t| t.source) value=source_v on_input=source_in
                        problem=source_p hint=pick(texts, |t| t.source_hint) required=true/>
                    <Field id="portal-verified-on" label=pick(texts, |t| t.verified_on) value=date_v on_input=date_in
                        problem=date_p kind="date" required=true/>
                </div>
                <Field id="portal-citation" label=pick(texts, |t| t.citation) value=citation_v on_input=citation_in
                    problem=citation_p hint=pick(texts, |t| t.citation_hint) required=true multiline=true/>
                {move || whole_problems().into_iter().map(|m| view! { <p class="field-problem" data-testid="field-problem">{m}</p> }).collect_view()}
                <CallErrorNote error=state.error/>
                <CreatedNote state=state/>
                <div class="actions">
                    <button class="button" type="submit" data-testid="submit-portal" disabled=move || state.blocked(problems)>
                        {pick(texts, |t| t.submit)}
                    </button>
                    <button class="button secondary" type="button" disabled=move || state.blocked(problems)
                        on:click=move |_| send_draft(false)>
                        {pick(texts, |t| t.save_draft)}
                    </button>
                </div>
            </form>
        </section>
    }
}

#[component]
fn FactsSection(loaded: Loaded, catalogue: Arc<Catalogue>) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let lang = lang();
    let Loaded { province, facts, procedures, .. } = loaded;
    let facts = Arc::new(facts);
    let draft_key = format!("procedure-fact/{province}");
    let saved: Option<FactForm> = drafts::load(&draft_key);
    let restored = saved.is_some();
    let form = RwSignal::new(saved.unwrap_or_default());
    let state = FormState::new(restored);
    let typed = RwSignal::new(String::new());
    let today = viet_nam_today();
    let problems = Memo::new({
        let (province, catalogue) = (province.clone(), catalogue.clone());
        move |_| form.with(|f| f.problems(&catalogue, &province, &today))
    });
    let keep = {
        let draft_key = draft_key.clone();
        move || form.with_untracked(|f| drafts::save(&draft_key, f))
    };
    let update = {
        let keep = keep.clone();
        move |name: &'static str, change: fn(&mut FactForm, String), value: String| {
            form.update(|f| change(f, value));
            state.typed(name);
            keep();
        }
    };
    let field = {
        let update = update.clone();
        move |name: &'static str, get: fn(&FactForm) -> String, set: fn(&mut FactForm, String)| {
            let update = update.clone();
            (
                Signal::derive(move || form.with(get)),
                Callback::new(move |value: String| update(name, set, value)),
                state.shown(problems, name),
            )
        }
    };
    // Choosing a procedure starts from what is published of it.
    let choose = {
        let (facts, keep) = (facts.clone(), keep.clone());
        move |code: String| {
            let published = facts.iter().find(|f| f.procedure_code == code);
            form.set(FactForm::from_published(&code, published));
            typed.set(String::new());
            // A procedure of the list: its facts' own messages wait until they are typed or sent.
            state.forget_answer();
            keep();
            if let Some(input) =
                web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("fact-online"))
            {
                use wasm_bindgen::JsCast;
                if let Ok(input) = input.dyn_into::<web_sys::HtmlElement>() {
                    let _ = input.focus();
                }
            }
        }
    };
    let send = {
        let province = province.clone();
        move |for_review: bool| {
            state.touched.set(true);
            if problems.with_untracked(|p| !p.is_empty()) {
                return;
            }
            let Some(input) = form.with_untracked(|f| f.input(&province)) else { return };
            state.send(input, for_review, draft_key.clone(), lang.get_untracked(), session, navigate.clone());
        }
    };
    let send_draft = send.clone();
    let t = move || texts(lang.get());
    let name_of = {
        let catalogue = catalogue.clone();
        move |code: &str| catalogue.procedure(code).map(|p| p.name.clone())
    };
    let picked = {
        let catalogue = catalogue.clone();
        move || {
            let code = form.with(|f| f.procedure_code.clone());
            catalogue.procedure(&code).map(|p| (p.code.clone(), p.name.clone(), p.online))
        }
    };
    let (url_v, url_in, url_p) = field("portal_url", |f| f.portal_url.clone(), |f, v| f.portal_url = v);
    let (agency_v, agency_in, agency_p) = field("agency", |f| f.agency.clone(), |f, v| f.agency = v);
    let (source_v, source_in, source_p) = field("source", |f| f.source.clone(), |f, v| f.source = v);
    let (date_v, date_in, date_p) = field("verified_on", |f| f.verified_on.clone(), |f, v| f.verified_on = v);
    let (citation_v, citation_in, citation_p) = field("citation", |f| f.citation.clone(), |f, v| f.citation = v);
    let procedure_p = state.shown(problems, "procedure_code");
    let online_p = state.shown(problems, "online");
    let whole_problems = move || state.server_problems.with(|p| others(p, &FACT_FIELDS));
    let matches = move || {
        typed.with(|typed| {
            matching(&procedures, typed, 8).into_iter().map(|p| (p.code.clone(), p.name.clone())).collect::<Vec<_>>()
        })
    };
    let choose_listed = choose.clone();
    view! {
        <section class="card wide staff-section" aria-labelledby="facts-title">
            <h2 id="facts-title">{pick(texts, |t| t.facts_title)}</h2>
            <p class="muted">{pick(texts, |t| t.facts_intro)}</p>
            {if facts.is_empty() {
                view! { <p class="muted" data-testid="facts-none">{move || t().facts_none}</p> }.into_any()
            } else {
                view! {
                    <table class="staff-table" data-testid="facts">
                        <thead><tr>
                            <th scope="col">{pick(texts, |t| t.procedure)}</th>
                            <th scope="col">{pick(texts, |t| t.online)}</th>
                            <th scope="col">{pick(texts, |t| t.portal_url)}</th>
                            <th scope="col">{pick(texts, |t| t.agency)}</th>
                            <th scope="col">{pick(texts, |t| t.verified)}</th>
                            <th scope="col"><span class="sr-only">{pick(texts, |t| t.edit)}</span></th>
                        </tr></thead>
                        <tbody>
                            {facts.iter().map(|fact| {
                                let code = fact.procedure_code.clone();
                                let name = name_of(&code).unwrap_or_default();
                                let online = fact.online;
                                let choose = choose_listed.clone();
                                let chosen = code.clone();
                                let verified = format!("{} · {}", fact.source, frontend::format::date(&fact.verified_on));
                                view! {
                                    <tr data-code=code.clone()>
                                        <th scope="row">{format!("{code} — {name}")}</th>
                                        <td>{move || t().level(online)}</td>
                                        <td>{fact.portal_url.clone().map(|url| { let text = url.clone(); view! { <a href=url rel="external noopener" target="_blank">{text}</a> } })}</td>
                                        <td>{fact.agency.clone()}</td>
                                        <td>{verified}</td>
                                        <td><button class="button secondary small" type="button"
                                            on:click=move |_| choose(chosen.clone())>{move || t().edit}</button></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            }}
            <h3>{pick(texts, |t| t.fact_title)}</h3>
            {restored.then(|| view! { <p class="hint" role="status">{pick(texts, |t| t.draft_restored)}</p> })}
            <form class="staff-form" data-testid="fact-form" on:submit=move |e: leptos::ev::SubmitEvent| {
                e.prevent_default();
                send(true);
            }>
                <div class="field">
                    <label for="fact-search">{pick(texts, |t| t.search)}</label>
                    <p id="fact-search-hint" class="muted field-hint">{pick(texts, |t| t.search_hint)}</p>
                    <input id="fact-search" type="search" autocomplete="off" aria-describedby="fact-search-hint"
                        aria-controls="fact-matches" data-testid="fact-search"
                        prop:value=typed on:input=move |e| typed.set(event_target_value(&e))/>
                    <ul id="fact-matches" class="procedure-matches" data-testid="fact-matches">
                        {move || {
                            let found = matches();
                            if found.is_empty() {
                                return typed.with(|t| !t.trim().is_empty())
                                    .then(|| view! { <li class="muted">{move || t().no_match}</li> })
                                    .into_any();
                            }
                            found.into_iter().map(|(code, name)| {
                                let choose = choose.clone();
                                let chosen = code.clone();
                                view! {
                                    <li><button class="link-button" type="button" on:click=move |_| choose(chosen.clone())>
                                        <strong>{code}</strong>" — "{name}
                                    </button></li>
                                }
                            }).collect_view().into_any()
                        }}
                    </ul>
                </div>
                <div class="field picked-procedure" data-field="procedure_code" id="fact-procedure" tabindex="-1" data-testid="fact-picked">
                    {move || match picked() {
                        Some((code, name, online)) => view! {
                            <p><span class="muted">{move || t().picked}" "</span><strong>{code}</strong>" — "{name}</p>
                            <p class="muted">{move || (t().catalogue_says)(t().level(Some(online)))}</p>
                        }
                        .into_any(),
                        None => view! { <p class="muted">{move || t().none_picked}</p> }.into_any(),
                    }}
                    {move || procedure_p.get().map(|text| view! { <p class="field-problem" data-testid="field-problem">{text}</p> })}
                </div>
                <div class="field" data-field="online">
                    <label for="fact-online">{pick(texts, |t| t.online)}</label>
                    <select id="fact-online" aria-invalid=move || online_p.get().is_some().then_some("true")
                        aria-describedby=move || online_p.get().is_some().then_some("fact-online-problem")
                        on:change=move |e| update("online", |f, v| f.online = v, event_target_value(&e))>
                        {[None, Some(OnlineLevel::Full), Some(OnlineLevel::Partial), Some(OnlineLevel::InPerson)].map(|level| {
                            let value = online_value(level);
                            view! {
                                <option value=value selected=move || form.with(|f| f.online == value)>{move || t().level(level)}</option>
                            }
                        }).collect_view()}
                    </select>
                    {move || online_p.get().map(|text| view! { <p id="fact-online-problem" class="field-problem" data-testid="field-problem">{text}</p> })}
                </div>
                <Field id="fact-portal-url" label=pick(texts, |t| t.portal_url) value=url_v on_input=url_in problem=url_p
                    hint=pick(texts, |t| t.portal_url_hint) kind="url" autocomplete="off"/>
                <Field id="fact-agency" label=pick(texts, |t| t.agency) value=agency_v on_input=agency_in problem=agency_p
                    hint=pick(texts, |t| t.agency_hint) autocomplete="off"/>
                <div class="field-row">
                    <Field id="fact-source" label=pick(texts, |t| t.source) value=source_v on_input=source_in
                        problem=source_p hint=pick(texts, |t| t.source_fact_hint) required=true/>
                    <Field id="fact-verified-on" label=pick(texts, |t| t.verified_on) value=date_v on_input=date_in
                        problem=date_p kind="date" required=true/>
                </div>
                <Field id="fact-citation" label=pick(texts, |t| t.citation) value=citation_v on_input=citation_in
                    problem=citation_p hint=pick(texts, |t| t.citation_hint) required=true multiline=true/>
                {move || whole_problems().into_iter().map(|m| view! { <p class="field-problem" data-testid="field-problem">{m}</p> }).collect_view()}
                <CallErrorNote error=state.error/>
                <CreatedNote state=state/>
                <div class="actions">
                    <button class="button" type="submit" data-testid="submit-fact" disabled=move || state.blocked(problems)>
                        {pick(texts, |t| t.submit)}
                    </button>
                    <button class="button secondary" type="button" disabled=move || state.blocked(problems)
                        on:click=move |_| send_draft(false)>
                        {pick(texts, |t| t.save_draft)}
                    </button>
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::model::ProcedureLevel;

    fn province() -> ProvinceCode {
        "56".parse().unwrap()
    }

    /// Two procedures of the national catalogue (data/procedures.csv).
    fn catalogue() -> Catalogue {
        let procedure = |code: &str, name: &str| ProcedureSummary {
            code: code.into(),
            name: name.into(),
            field: None,
            level: ProcedureLevel::Xa,
            online: OnlineLevel::Unknown,
            staff_fact: None,
        };
        Catalogue::new(
            &province(),
            "Tỉnh Khánh Hòa",
            &[
                procedure("1.001193", "Thủ tục đăng ký khai sinh"),
                procedure("1.000419", "Thủ tục đăng ký khai tử lưu động"),
            ],
        )
    }

    fn fields(problems: &[Problem]) -> Vec<&str> {
        problems.iter().map(|p| p.field.as_str()).collect()
    }

    fn fact() -> FactForm {
        FactForm {
            procedure_code: "1.001193".into(),
            online: "full".into(),
            portal_url: "https://example.org/thu-tuc".into(),
            agency: String::new(),
            source: "test".into(),
            verified_on: "2026-11-30".into(),
            citation: "test".into(),
        }
    }

    #[test]
    fn a_procedure_fact_is_checked_by_the_data_check_s_rules_here() {
        let catalogue = catalogue();
        assert_eq!(fact().problems(&catalogue, &province(), "2026-12-01"), []);
        let input = fact().input(&province()).unwrap();
        let Edit::ProcedureFact { fact: row } = input.edit else { panic!("a fact") };
        assert_eq!((row.online, row.agency), (Some(OnlineLevel::Full), None));

        let bad = FactForm {
            procedure_code: "9.999999".into(),
            portal_url: "http://example.org".into(),
            agency: "UBND  xã".into(),
            verified_on: "2026-12-02".into(),
            citation: String::new(),
            ..fact()
        };
        assert_eq!(
            fields(&bad.problems(&catalogue, &province(), "2026-12-01")),
            ["procedure_code", "portal_url", "agency", "verified_on", "citation"]
        );
        let nothing = FactForm { online: String::new(), portal_url: String::new(), ..fact() };
        assert_eq!(fields(&nothing.problems(&catalogue, &province(), "2026-12-01")), ["procedure_code"]);
    }

    #[test]
    fn a_portal_is_checked_as_the_server_checks_it() {
        let catalogue = catalogue();
        let good = PortalForm {
            url: "https://example.org/portal".into(),
            source: "test".into(),
            verified_on: "2026-11-30".into(),
            citation: "test".into(),
        };
        assert_eq!(good.problems(&catalogue, &province(), "2026-12-01"), []);
        let bad = PortalForm {
            url: "example.org".into(),
            source: " ".into(),
            verified_on: "2026-12-31".into(),
            ..good.clone()
        };
        assert_eq!(fields(&bad.problems(&catalogue, &province(), "2026-12-01")), ["url", "source", "verified_on"]);
        let published = ProvincePortal {
            province_code: province(),
            url: "https://example.org/portal".into(),
            source: "test".into(),
            verified_on: "2026-11-30".into(),
        };
        assert_eq!(PortalForm::from_published(Some(&published)).portal(&province()), published);
    }

    #[test]
    fn procedures_are_found_by_name_without_tone_marks_or_by_code() {
        let procedures = [("1.001193", "Thủ tục đăng ký khai sinh"), ("1.000419", "Thủ tục đăng ký khai tử lưu động")]
            .map(|(code, name)| ProcedureSummary {
                code: code.into(),
                name: name.into(),
                field: None,
                level: ProcedureLevel::Xa,
                online: OnlineLevel::Unknown,
                staff_fact: None,
            });
        let codes =
            |typed: &str| matching(&procedures, typed, 8).into_iter().map(|p| p.code.as_str()).collect::<Vec<_>>();
        assert_eq!(codes("khai sinh"), ["1.001193"]);
        assert_eq!(codes("1.0004"), ["1.000419"]);
        assert_eq!(codes("dang ky"), ["1.001193", "1.000419"]);
        assert!(codes("  ").is_empty());
        let published = ProcedureFact { agency: Some("UBND xã".into()), ..fact().fact(&province()) };
        let form = FactForm::from_published("1.001193", Some(&published));
        assert_eq!((form.online.as_str(), form.agency.as_str()), ("full", "UBND xã"));
    }
}
