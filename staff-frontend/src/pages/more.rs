//! `/quan-tri/don-vi`, "Other changes": two forms, each a change request with its legal citation.
//! - **A later change of a unit** (`Edit::LaterChange`): a commune's or a province's new full name,
//!   new type or new English name, with its legal basis and effective date; the unit picked by its code,
//!   its current name shown.
//! - **A correction of an old commune's mapping** (`Edit::MappingCorrection`): its successors, replacing
//!   those the dataset has (shown, and the starting point).
//!
//! Each is checked as staff type by the rules the browser can apply without the dataset (the codes, the
//! dates, the type word, the citation: `shared`'s own functions), then by the server, whose problems are
//! shown at their fields. What is typed is kept as a draft until the server has it.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde::{Deserialize, Serialize};
use shared::answers::{CommuneResponse, OldCommuneResponse, ProvinceCommunesResponse, ProvincesResponse};
use shared::data::centre::check_date;
use shared::data::check::REORGANISATION_DATE;
use shared::data::later::{COMMUNE_TYPES, LaterChange, PROVINCE_TYPES, split_type};
use shared::model::{ChangeLevel, NewCommuneCode, OldCommuneCode, ProvinceCode, Relation};
use shared::staff::edit::{Edit, Problem};
use shared::staff::mapping::{MappingCorrection, Successor};
use shared::staff::record::{ChangeInput, Citation};

use crate::api::{self, CallError};
use crate::components::answer::end_session_on_401;
use crate::components::change_form::{CreatedNote, FormState, others};
use crate::components::field::Field;
use crate::components::problems::{CallErrorNote, messages_for};
use crate::drafts;
use crate::i18n::{Lang, lang, pick};
use crate::session::{SignedIn, use_session};

struct Texts {
    title: &'static str,
    intro: &'static str,
    later_title: &'static str,
    later_intro: &'static str,
    level: &'static str,
    level_commune: &'static str,
    level_province: &'static str,
    code: &'static str,
    code_hint_commune: &'static str,
    code_hint_province: &'static str,
    now: &'static str,
    looking_up: &'static str,
    effective: &'static str,
    effective_hint: &'static str,
    full_name: &'static str,
    full_name_hint_commune: &'static str,
    full_name_hint_province: &'static str,
    full_name_en: &'static str,
    full_name_en_hint: &'static str,
    legal_basis: &'static str,
    legal_basis_hint: &'static str,
    citation: &'static str,
    citation_hint: &'static str,
    submit: &'static str,
    save_draft: &'static str,
    draft_restored: &'static str,
    problems_left: fn(usize) -> String,
    mapping_title: &'static str,
    mapping_intro: &'static str,
    old_code: &'static str,
    old_code_hint: &'static str,
    current_successors: &'static str,
    no_successors: &'static str,
    successors: &'static str,
    successors_hint: &'static str,
    successor: fn(usize) -> String,
    new_code: &'static str,
    relation: &'static str,
    whole: &'static str,
    partial: &'static str,
    default: &'static str,
    note: &'static str,
    add_successor: &'static str,
    remove_successor: fn(usize) -> String,
    is_default: &'static str,
}

const VI: Texts = Texts {
    title: "Thay đổi khác",
    intro: "Ghi nhận thay đổi của một đơn vị sau ngày 1/7/2025, hoặc đề xuất sửa nơi một xã, phường cũ đã nhập vào. Mỗi đề xuất cần căn cứ pháp lý và được người thứ hai duyệt trước khi phát hành.",
    later_title: "Ghi nhận thay đổi sau sắp xếp",
    later_intro: "Đổi tên, đổi loại đơn vị (xã thành phường, tỉnh thành thành phố) hoặc tên tiếng Anh mới, theo nghị quyết có hiệu lực.",
    level: "Cấp đơn vị",
    level_commune: "Xã, phường, đặc khu",
    level_province: "Tỉnh, thành phố",
    code: "Mã đơn vị",
    code_hint_commune: "5 chữ số, mã xã, phường từ ngày 1/7/2025.",
    code_hint_province: "2 chữ số, mã tỉnh, thành phố.",
    now: "Hiện nay:",
    looking_up: "Đang tìm đơn vị…",
    effective: "Ngày có hiệu lực",
    effective_hint: "Sau ngày 1/7/2025 và sau thay đổi gần nhất của đơn vị.",
    full_name: "Tên đầy đủ mới",
    full_name_hint_commune: "Bắt đầu bằng loại đơn vị: Xã, Phường hoặc Đặc khu, ví dụ «Phường Bố Hạ». Để trống nếu tên và loại không đổi.",
    full_name_hint_province: "Bắt đầu bằng Tỉnh hoặc Thành phố. Để trống nếu tên và loại không đổi.",
    full_name_en: "Tên đầy đủ tiếng Anh mới",
    full_name_en_hint: "Bắt buộc khi đổi tên, ví dụ «Bo Ha Ward». Khi chỉ đổi loại, để trống: tên tiếng Anh theo loại mới.",
    legal_basis: "Căn cứ pháp lý",
    legal_basis_hint: "Văn bản quyết định thay đổi, ví dụ «Nghị quyết số …/NQ-UBTVQH16 (ngày …)».",
    citation: "Căn cứ của đề xuất",
    citation_hint: "Văn bản hoặc trang làm căn cứ (có thể giống căn cứ pháp lý; tối đa 500 ký tự).",
    submit: "Gửi duyệt",
    save_draft: "Lưu bản nháp",
    draft_restored: "Đã khôi phục nội dung bạn nhập lần trước (chưa được gửi).",
    problems_left: |n| format!("Còn {n} trường chưa hợp lệ."),
    mapping_title: "Đề xuất sửa ánh xạ xã cũ",
    mapping_intro: "Các xã, phường mới mà một xã, phường cũ đã nhập vào, thay cho dữ liệu hiện có, theo văn bản pháp lý.",
    old_code: "Mã xã, phường cũ",
    old_code_hint: "5 chữ số, mã trước ngày 1/7/2025.",
    current_successors: "Hiện nay nhập vào:",
    no_successors: "Chưa có",
    successors: "Các xã, phường mới kế thừa",
    successors_hint: "Một dòng cho mỗi xã, phường mới. Nếu xã cũ được chia, đánh dấu phần chính (nếu văn bản nói rõ).",
    successor: |n| format!("Xã, phường mới thứ {n}"),
    new_code: "Mã xã, phường mới",
    relation: "Nhập vào",
    whole: "Toàn bộ",
    partial: "Một phần",
    default: "Phần chính (mặc định)",
    note: "Ghi chú theo văn bản",
    add_successor: "Thêm xã, phường mới",
    remove_successor: |n| format!("Bỏ dòng {n}"),
    is_default: "mặc định",
};

const EN: Texts = Texts {
    title: "Other changes",
    intro: "Record a change of a unit after 1 July 2025, or propose a correction of where an old commune went. Each needs its legal citation and is reviewed by a second person before it is published.",
    later_title: "Record a later change",
    later_intro: "A new name, a new type (xã to phường, tỉnh to thành phố) or a new English name, by the resolution that made it.",
    level: "Level",
    level_commune: "Commune, ward or special zone",
    level_province: "Province or city",
    code: "Code of the unit",
    code_hint_commune: "5 digits: a commune's code from 1 July 2025.",
    code_hint_province: "2 digits: a province's code.",
    now: "Now:",
    looking_up: "Looking the unit up…",
    effective: "Effective on",
    effective_hint: "After 1 July 2025, and after the unit's last recorded change.",
    full_name: "New full name",
    full_name_hint_commune: "Starting with the type: Xã, Phường or Đặc khu, e.g. “Phường Bố Hạ”. Leave empty when the name and type stay.",
    full_name_hint_province: "Starting with Tỉnh or Thành phố. Leave empty when the name and type stay.",
    full_name_en: "New English full name",
    full_name_en_hint: "Required for a new name, e.g. “Bo Ha Ward”. For a new type alone, leave empty: the English name follows the type.",
    legal_basis: "Legal basis",
    legal_basis_hint: "The act that made the change, e.g. “Nghị quyết số …/NQ-UBTVQH16 (ngày …)”.",
    citation: "Citation for this change",
    citation_hint: "The text or page it rests on (it may repeat the legal basis; at most 500 characters).",
    submit: "Send for review",
    save_draft: "Save as draft",
    draft_restored: "What you typed last time (not yet sent) has been restored.",
    problems_left: |n| format!("{n} fields are not valid yet."),
    mapping_title: "Propose a mapping correction",
    mapping_intro: "The new communes an old commune went into, replacing what the dataset has, by the legal text.",
    old_code: "Code of the old commune",
    old_code_hint: "5 digits: its code before 1 July 2025.",
    current_successors: "It went into, now:",
    no_successors: "None",
    successors: "Its new successors",
    successors_hint: "One row per new commune. For a split commune, mark the main part (where the text says which).",
    successor: |n| format!("New commune {n}"),
    new_code: "Code of the new commune",
    relation: "Went in",
    whole: "Whole",
    partial: "In part",
    default: "Main part (default)",
    note: "Note, as the text says",
    add_successor: "Add a new commune",
    remove_successor: |n| format!("Remove row {n}"),
    is_default: "default",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

fn given(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn problem(field: &str, message: impl Into<String>) -> Problem {
    Problem { field: field.to_owned(), message: message.into() }
}

fn citation_problems(citation: &str, problems: &mut Vec<Problem>) {
    if let Err(message) = Citation::parse(citation) {
        problems.push(problem("citation", message));
    }
}

/// A unit as published now, looked up by its code; `None` while the answer is awaited.
#[derive(Debug, Clone, PartialEq)]
pub enum Found<T> {
    Known(T),
    /// The server has no unit of this code (a 404).
    Unknown,
    /// The code is not one of its level (nothing was asked).
    Unreadable,
}

/// The unit of a later change as published now.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitNow {
    /// "Phường Nha Trang".
    pub full_name: String,
    /// Its province's name, for a commune.
    pub province: Option<String>,
}

/// What the later-change form holds, as typed (kept as a draft).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LaterForm {
    /// "commune" or "province".
    pub level: String,
    pub code: String,
    pub effective: String,
    pub full_name: String,
    pub full_name_en: String,
    pub legal_basis: String,
    pub citation: String,
}

impl Default for LaterForm {
    fn default() -> Self {
        Self {
            level: "commune".into(),
            code: String::new(),
            effective: String::new(),
            full_name: String::new(),
            full_name_en: String::new(),
            legal_basis: String::new(),
            citation: String::new(),
        }
    }
}

/// The fields of the later-change form, as the server names them.
const LATER_FIELDS: [&str; 6] = ["code", "effective", "full_name", "full_name_en", "legal_basis", "citation"];

impl LaterForm {
    pub fn level(&self) -> ChangeLevel {
        if self.level == "province" { ChangeLevel::Province } else { ChangeLevel::Commune }
    }

    /// Whether the code reads as one of its level (then it is looked up).
    pub fn code_problem(&self) -> Option<String> {
        let code = self.code.trim();
        match self.level() {
            ChangeLevel::Commune => NewCommuneCode::parse(code).err().map(|e| e.to_string()),
            ChangeLevel::Province => ProvinceCode::parse(code).err().map(|e| e.to_string()),
        }
    }

    /// The change as the server receives it.
    pub fn change(&self) -> LaterChange {
        LaterChange {
            level: self.level(),
            code: self.code.trim().to_owned(),
            effective: self.effective.trim().to_owned(),
            full_name: given(&self.full_name),
            full_name_en: given(&self.full_name_en),
            legal_basis: self.legal_basis.trim().to_owned(),
        }
    }

    /// The problems the browser can find, in the server's words where the rule is the same
    /// (`shared::data::later`): the code, the date, the type word of the new name, the legal basis and
    /// the citation. The rest (the English name a rename needs, the unit's last change) is the server's.
    pub fn problems(&self, unit: Option<&Found<UnitNow>>) -> Vec<Problem> {
        let change = self.change();
        let mut problems = Vec::new();
        match (self.code_problem(), unit) {
            (Some(message), _) => problems.push(problem("code", message)),
            (None, Some(Found::Unknown)) => {
                let what = match change.level {
                    ChangeLevel::Province => "province",
                    ChangeLevel::Commune => "new commune",
                };
                problems.push(problem("code", format!("unknown {what} {}", change.code)));
            }
            _ => {}
        }
        if let Err(message) = check_date(&change.effective) {
            problems.push(problem("effective", message));
        } else if change.effective.as_str() <= REORGANISATION_DATE {
            problems.push(problem("effective", format!("not after the reorganisation of {REORGANISATION_DATE}")));
        }
        match &change.full_name {
            Some(full_name) => {
                let types: &[&str] = match change.level {
                    ChangeLevel::Province => &PROVINCE_TYPES,
                    ChangeLevel::Commune => &COMMUNE_TYPES,
                };
                match split_type(full_name, types) {
                    Ok((_, name)) if name.is_empty() => {
                        problems.push(problem("full_name", format!("{full_name:?} has no name after its type word")))
                    }
                    Ok(_) => {}
                    Err(message) => problems.push(problem("full_name", message)),
                }
            }
            None if change.full_name_en.is_none() => {
                problems.push(problem("full_name", "give a new full name, a new English name, or both"))
            }
            None => {}
        }
        if change.legal_basis.is_empty() {
            problems.push(problem("legal_basis", "required: the act that made the change"));
        }
        citation_problems(&self.citation, &mut problems);
        problems
    }

    pub fn input(&self) -> Option<ChangeInput> {
        let citation = Citation::parse(&self.citation).ok()?;
        Some(ChangeInput { edit: Edit::LaterChange { change: self.change() }, citation })
    }
}

/// One successor as typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuccessorForm {
    pub new_code: String,
    /// "whole" or "partial".
    pub relation: String,
    pub default: bool,
    pub note: String,
}

impl SuccessorForm {
    fn relation(&self) -> Relation {
        if self.relation == "partial" { Relation::Partial } else { Relation::Whole }
    }
}

/// An old commune as published now: its name, where it is, and where it went.
#[derive(Debug, Clone, PartialEq)]
pub struct OldNow {
    pub full_name: String,
    pub district: String,
    pub province: String,
    pub successors: Vec<shared::answers::Successor>,
}

impl OldNow {
    /// The new province its successors are in: a correction's successors are of it too.
    pub fn new_province(&self) -> Option<ProvinceCode> {
        self.successors.first().map(|s| s.province_code.clone())
    }
}

/// What the mapping form holds, as typed (kept as a draft).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MappingForm {
    pub old_code: String,
    pub successors: Vec<SuccessorForm>,
    pub citation: String,
}

/// The field of a problem of the successor at `index`.
pub fn successor_field(index: usize) -> String {
    format!("successors[{index}].new_code")
}

impl MappingForm {
    /// Its rows started from what the dataset has.
    pub fn start_from(old: &OldNow) -> Vec<SuccessorForm> {
        old.successors
            .iter()
            .map(|s| SuccessorForm {
                new_code: s.code.to_string(),
                relation: match s.relation {
                    Relation::Whole => "whole",
                    Relation::Partial => "partial",
                }
                .into(),
                default: s.default,
                note: String::new(),
            })
            .collect()
    }

    /// The correction as the server receives it, if every code reads.
    pub fn correction(&self) -> Option<MappingCorrection> {
        let successors = self
            .successors
            .iter()
            .map(|s| {
                Some(Successor {
                    new_code: NewCommuneCode::parse(s.new_code.trim()).ok()?,
                    relation: s.relation(),
                    default: s.default,
                    note: s.note.trim().to_owned(),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(MappingCorrection { old_code: OldCommuneCode::parse(self.old_code.trim()).ok()?, successors })
    }

    /// The problems the browser can find: the codes (each new one a commune of the province the old one
    /// went into, when that list is at hand), none twice, at least one row, the citation. The dataset's
    /// invariants (defaults, the province) are the server's, said at `successors`.
    pub fn problems(
        &self,
        old: Option<&Found<OldNow>>,
        communes: Option<&BTreeMap<NewCommuneCode, String>>,
    ) -> Vec<Problem> {
        let mut problems = Vec::new();
        match (OldCommuneCode::parse(self.old_code.trim()), old) {
            (Err(e), _) => problems.push(problem("old_code", e.to_string())),
            (Ok(code), Some(Found::Unknown)) => {
                problems.push(problem("old_code", format!("{code:?} is not an old commune")))
            }
            _ => {}
        }
        if self.successors.is_empty() {
            problems.push(problem("successors", "an old commune has at least one successor"));
        }
        let mut seen = Vec::new();
        for (at, successor) in self.successors.iter().enumerate() {
            let field = successor_field(at);
            match NewCommuneCode::parse(successor.new_code.trim()) {
                Err(e) => problems.push(problem(&field, e.to_string())),
                Ok(code) => {
                    if communes.is_some_and(|communes| !communes.contains_key(&code)) {
                        problems.push(problem(
                            &field,
                            format!("{code:?} is not a new commune of the old commune's new province"),
                        ));
                    }
                    if seen.contains(&code) {
                        problems.push(problem(&field, "a new commune is given twice"));
                    }
                    seen.push(code);
                }
            }
        }
        citation_problems(&self.citation, &mut problems);
        problems
    }

    pub fn input(&self) -> Option<ChangeInput> {
        let citation = Citation::parse(&self.citation).ok()?;
        Some(ChangeInput { edit: Edit::MappingCorrection { correction: self.correction()? }, citation })
    }
}

#[component]
pub fn MorePage() -> impl IntoView {
    view! { <SignedIn><More/></SignedIn> }
}

#[component]
fn More() -> impl IntoView {
    crate::components::layout::set_title(texts(lang().get_untracked()).title);
    view! {
        <h1>{pick(texts, |t| t.title)}</h1>
        <p class="muted">{pick(texts, |t| t.intro)}</p>
        <div class="more-forms">
            <LaterChangeForm/>
            <MappingCorrectionForm/>
        </div>
    }
}

const LATER_DRAFT: &str = "later-change";
const MAPPING_DRAFT: &str = "mapping-correction";

/// `GET` of `path`, a 404 as an unknown unit.
async fn find<T: serde::de::DeserializeOwned>(path: &str, lang: Lang) -> Result<Found<T>, CallError> {
    match api::get::<T>(path, lang).await {
        Ok(found) => Ok(Found::Known(found)),
        Err(CallError::Status { status: 404, .. }) => Ok(Found::Unknown),
        Err(e) => Err(e),
    }
}

#[component]
fn LaterChangeForm() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let lang = lang();
    let saved: Option<LaterForm> = drafts::load(LATER_DRAFT);
    let restored = saved.is_some();
    let form = RwSignal::new(saved.unwrap_or_default());
    let state = FormState::new(restored);
    // Looked up again only when the level or the code changes, not at every keystroke elsewhere.
    let unit_key = Memo::new(move |_| form.with(|f| (f.level(), f.code.trim().to_owned(), f.code_problem().is_some())));
    let unit = LocalResource::new(move || {
        let (level, code, unreadable) = unit_key.get();
        async move {
            if unreadable {
                return Ok(Found::Unreadable);
            }
            let lang = lang.get_untracked();
            match level {
                ChangeLevel::Commune => {
                    Ok(match find::<CommuneResponse>(&format!("/api/v1/communes/{code}"), lang).await? {
                        Found::Known(c) => Found::Known(UnitNow { full_name: c.name, province: Some(c.province.name) }),
                        other => other.map_never(),
                    })
                }
                ChangeLevel::Province => {
                    let all: ProvincesResponse = api::get("/api/v1/provinces", lang).await?;
                    Ok(match all.provinces.into_iter().find(|p| p.code.as_str() == code) {
                        Some(p) => Found::Known(UnitNow { full_name: p.name, province: None }),
                        None => Found::Unknown,
                    })
                }
            }
        }
    });
    end_session_on_401(unit);
    let found = move || unit.get().and_then(Result::ok);
    let problems = Memo::new(move |_| {
        let found = found();
        form.with(|f| f.problems(found.as_ref()))
    });
    let update = move |name: &'static str, change: fn(&mut LaterForm, String), value: String| {
        form.update(|f| change(f, value));
        state.typed(name);
        form.with_untracked(|f| drafts::save(LATER_DRAFT, f));
    };
    let field = move |id: &'static str, get: fn(&LaterForm) -> String, set: fn(&mut LaterForm, String)| {
        (
            Signal::derive(move || form.with(get)),
            Callback::new(move |value: String| update(id, set, value)),
            state.shown(problems, id),
        )
    };
    let send = move |for_review: bool| {
        state.touched.set(true);
        if problems.with_untracked(|p| !p.is_empty()) {
            return;
        }
        let Some(input) = form.with_untracked(LaterForm::input) else { return };
        state.send(input, for_review, LATER_DRAFT.to_owned(), lang.get_untracked(), session, navigate.clone());
    };
    let send_draft = send.clone();
    let t = move || texts(lang.get());
    let commune_level = move || form.with(|f| f.level() == ChangeLevel::Commune);
    let (code_v, code_in, code_p) = field("code", |f| f.code.clone(), |f, v| f.code = v);
    let (date_v, date_in, date_p) = field("effective", |f| f.effective.clone(), |f, v| f.effective = v);
    let (name_v, name_in, name_p) = field("full_name", |f| f.full_name.clone(), |f, v| f.full_name = v);
    let (en_v, en_in, en_p) = field("full_name_en", |f| f.full_name_en.clone(), |f, v| f.full_name_en = v);
    let (basis_v, basis_in, basis_p) = field("legal_basis", |f| f.legal_basis.clone(), |f, v| f.legal_basis = v);
    let (citation_v, citation_in, citation_p) = field("citation", |f| f.citation.clone(), |f, v| f.citation = v);
    let code_hint =
        Signal::derive(move || if commune_level() { t().code_hint_commune } else { t().code_hint_province });
    let name_hint =
        Signal::derive(move || if commune_level() { t().full_name_hint_commune } else { t().full_name_hint_province });
    let whole_problems = move || state.server_problems.with(|p| others(p, &LATER_FIELDS));
    view! {
        <section class="card wide staff-section" aria-labelledby="later-title">
            <h2 id="later-title">{pick(texts, |t| t.later_title)}</h2>
            <p class="muted">{pick(texts, |t| t.later_intro)}</p>
            {restored.then(|| view! { <p class="hint" role="status">{pick(texts, |t| t.draft_restored)}</p> })}
            <form class="staff-form" data-testid="later-form" on:submit=move |e: leptos::ev::SubmitEvent| {
                e.prevent_default();
                send(true);
            }>
                <div class="field-row">
                    <div class="field">
                        <label for="later-level">{pick(texts, |t| t.level)}</label>
                        <select id="later-level" data-testid="later-level"
                            on:change=move |e| update("level", |f, v| f.level = v, event_target_value(&e))>
                            <option value="commune" selected=commune_level>{pick(texts, |t| t.level_commune)}</option>
                            <option value="province" selected=move || !commune_level()>{pick(texts, |t| t.level_province)}</option>
                        </select>
                    </div>
                    <Field id="code" label=pick(texts, |t| t.code) value=code_v on_input=code_in problem=code_p
                        hint=code_hint inputmode="numeric" autocomplete="off" required=true/>
                </div>
                <p class="unit-now" role="status" data-testid="later-unit">
                    {move || match unit.get() {
                        Some(Ok(Found::Known(now))) => Some(view! {
                            <span class="muted">{move || t().now}" "</span>
                            <strong>{now.full_name.clone()}</strong>
                            {now.province.clone().map(|p| format!(" · {p}"))}
                        }.into_any()),
                        None => Some(view! { <span class="muted">{move || t().looking_up}</span> }.into_any()),
                        _ => None,
                    }}
                </p>
                <Field id="effective" label=pick(texts, |t| t.effective) value=date_v on_input=date_in problem=date_p
                    hint=pick(texts, |t| t.effective_hint) kind="date" required=true/>
                <div class="field-row">
                    <Field id="full_name" label=pick(texts, |t| t.full_name) value=name_v on_input=name_in problem=name_p
                        hint=name_hint autocomplete="off"/>
                    <Field id="full_name_en" label=pick(texts, |t| t.full_name_en) value=en_v on_input=en_in problem=en_p
                        hint=pick(texts, |t| t.full_name_en_hint) autocomplete="off"/>
                </div>
                <Field id="legal_basis" label=pick(texts, |t| t.legal_basis) value=basis_v on_input=basis_in
                    problem=basis_p hint=pick(texts, |t| t.legal_basis_hint) required=true multiline=true/>
                <Field id="citation" label=pick(texts, |t| t.citation) value=citation_v on_input=citation_in
                    problem=citation_p hint=pick(texts, |t| t.citation_hint) required=true multiline=true/>
                {move || whole_problems().into_iter().map(|m| view! { <p class="field-problem" data-testid="field-problem">{m}</p> }).collect_view()}
                <p class="muted" role="status" data-testid="later-problems-left">
                    {move || { let n = state.invalid_count(problems); (n > 0).then(|| (t().problems_left)(n)) }}
                </p>
                <CallErrorNote error=state.error/>
                <CreatedNote state=state/>
                <div class="actions">
                    <button class="button" type="submit" data-testid="submit-later"
                        disabled=move || state.blocked(problems)>
                        {pick(texts, |t| t.submit)}
                    </button>
                    <button class="button secondary" type="button" data-testid="save-later-draft"
                        disabled=move || state.blocked(problems)
                        on:click=move |_| send_draft(false)>
                        {pick(texts, |t| t.save_draft)}
                    </button>
                </div>
            </form>
        </section>
    }
}

impl<T> Found<T> {
    /// An answer without a unit, as one of another type.
    fn map_never<U>(self) -> Found<U> {
        match self {
            Found::Known(_) | Found::Unreadable => Found::Unreadable,
            Found::Unknown => Found::Unknown,
        }
    }
}

#[component]
fn MappingCorrectionForm() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let lang = lang();
    let saved: Option<MappingForm> = drafts::load(MAPPING_DRAFT);
    let restored = saved.is_some();
    let form = RwSignal::new(saved.unwrap_or_default());
    let state = FormState::new(restored);
    let old_code = Memo::new(move |_| form.with(|f| f.old_code.trim().to_owned()));
    let old = LocalResource::new(move || {
        let code = old_code.get();
        async move {
            if OldCommuneCode::parse(&code).is_err() {
                return Ok(Found::Unreadable);
            }
            let lang = lang.get_untracked();
            Ok::<_, CallError>(
                match find::<OldCommuneResponse>(&format!("/api/v1/old-communes/{code}"), lang).await? {
                    Found::Known(o) => Found::Known(OldNow {
                        full_name: o.name,
                        district: o.district.name,
                        province: o.province.name,
                        successors: o.successors,
                    }),
                    other => other.map_never(),
                },
            )
        }
    });
    let found = move || old.get().and_then(Result::ok);
    let new_province = Memo::new(move |_| match found() {
        Some(Found::Known(old)) => old.new_province(),
        _ => None,
    });
    // The new province's communes: the names beside the codes, and the choices offered.
    let communes = LocalResource::new(move || {
        let province = new_province.get();
        async move {
            let province = province?;
            let answer: ProvinceCommunesResponse =
                api::get(&format!("/api/v1/provinces/{province}/communes"), lang.get_untracked()).await.ok()?;
            Some(answer.communes.into_iter().map(|c| (c.code, c.name)).collect::<BTreeMap<_, _>>())
        }
    });
    end_session_on_401(old);
    // A commune looked up with no row yet: start from its successors as published.
    Effect::new(move |_| {
        if let Some(Found::Known(old)) = found()
            && form.with_untracked(|f| f.successors.is_empty())
        {
            form.update(|f| f.successors = MappingForm::start_from(&old));
        }
    });
    let problems = Memo::new(move |_| {
        let found = found();
        let communes = communes.get().flatten();
        form.with(|f| f.problems(found.as_ref(), communes.as_ref()))
    });
    let changed = move |field: &str| {
        state.typed(field);
        form.with_untracked(|f| drafts::save(MAPPING_DRAFT, f));
    };
    let on_old = Callback::new(move |value: String| {
        form.update(|f| {
            f.old_code = value;
            f.successors.clear();
        });
        changed("old_code");
    });
    let on_citation = Callback::new(move |value: String| {
        form.update(|f| f.citation = value);
        changed("citation");
    });
    let send = move |for_review: bool| {
        state.touched.set(true);
        if problems.with_untracked(|p| !p.is_empty()) {
            return;
        }
        let Some(input) = form.with_untracked(MappingForm::input) else { return };
        state.send(input, for_review, MAPPING_DRAFT.to_owned(), lang.get_untracked(), session, navigate.clone());
    };
    let send_draft = send.clone();
    let t = move || texts(lang.get());
    let rows = Memo::new(move |_| form.with(|f| f.successors.len()));
    let edit_row = move |at: usize, change: Box<dyn FnOnce(&mut SuccessorForm)>| {
        form.update(|f| {
            if let Some(row) = f.successors.get_mut(at) {
                change(row);
            }
        });
        changed(&successor_field(at));
    };
    let row_problem = move |at: usize| {
        let field = successor_field(at);
        move || state.showing(&field).then(|| problems.with(|p| messages_for(p, &field))).flatten()
    };
    let successors_problem = move || {
        let mine = state.showing("successors").then(|| problems.with(|p| messages_for(p, "successors"))).flatten();
        mine.or_else(|| state.server_problems.with(|p| messages_for(p, "successors")))
    };
    let old_shown = state.shown(problems, "old_code");
    let citation_shown = state.shown(problems, "citation");
    let old_v = Signal::derive(move || form.with(|f| f.old_code.clone()));
    let citation_v = Signal::derive(move || form.with(|f| f.citation.clone()));
    let name_of = move |code: &str| {
        let code = NewCommuneCode::parse(code.trim()).ok()?;
        communes.get().flatten()?.get(&code).cloned()
    };
    let whole_problems = move || state.server_problems.with(|p| others(p, &["old_code", "successors", "citation"]));
    view! {
        <section class="card wide staff-section" aria-labelledby="mapping-title">
            <h2 id="mapping-title">{pick(texts, |t| t.mapping_title)}</h2>
            <p class="muted">{pick(texts, |t| t.mapping_intro)}</p>
            {restored.then(|| view! { <p class="hint" role="status">{pick(texts, |t| t.draft_restored)}</p> })}
            <form class="staff-form" data-testid="mapping-form" on:submit=move |e: leptos::ev::SubmitEvent| {
                e.prevent_default();
                send(true);
            }>
                <Field id="old_code" label=pick(texts, |t| t.old_code) value=old_v on_input=on_old problem=old_shown
                    hint=pick(texts, |t| t.old_code_hint) inputmode="numeric" autocomplete="off" required=true/>
                <div class="unit-now" role="status" data-testid="mapping-old">
                    {move || match found() {
                        Some(Found::Known(old)) => Some(view! {
                            <p>
                                <strong>{old.full_name.clone()}</strong>
                                <span class="muted">{format!(" · {} · {}", old.district, old.province)}</span>
                            </p>
                            <p class="muted">{move || t().current_successors}</p>
                            <ul class="current-successors">
                                {if old.successors.is_empty() {
                                    view! { <li>{move || t().no_successors}</li> }.into_any()
                                } else {
                                    old.successors.iter().map(|s| {
                                        let relation = s.relation;
                                        let default = s.default;
                                        view! {
                                            <li>
                                                {format!("{} {} — ", s.name, s.code)}
                                                {move || match relation { Relation::Whole => t().whole, Relation::Partial => t().partial }}
                                                {move || default.then(|| format!(" ({})", t().is_default))}
                                            </li>
                                        }
                                    }).collect_view().into_any()
                                }}
                            </ul>
                        }.into_any()),
                        None if OldCommuneCode::parse(old_code.get().as_str()).is_ok() => {
                            Some(view! { <p class="muted">{move || t().looking_up}</p> }.into_any())
                        }
                        _ => None,
                    }}
                </div>
                <fieldset class="successors" aria-describedby="successors-hint">
                    <legend>{pick(texts, |t| t.successors)}</legend>
                    <p id="successors-hint" class="muted field-hint">{pick(texts, |t| t.successors_hint)}</p>
                    <datalist id="new-communes">
                        {move || communes.get().flatten().map(|communes| communes.into_iter().map(|(code, name)| view! {
                            <option value=code.to_string()>{name}</option>
                        }).collect_view())}
                    </datalist>
                    {move || (0..rows.get()).map(|at| {
                        let n = at + 1;
                        let code_id = format!("successor-{at}-code");
                        let relation_id = format!("successor-{at}-relation");
                        let default_id = format!("successor-{at}-default");
                        let note_id = format!("successor-{at}-note");
                        let problem_id = format!("successor-{at}-problem");
                        let problem = row_problem(at);
                        let problem_again = problem.clone();
                        let get = move |read: fn(&SuccessorForm) -> String| {
                            move || form.with(|f| f.successors.get(at).map(read).unwrap_or_default())
                        };
                        let code_now = get(|s| s.new_code.clone());
                        view! {
                            <div class="successor-row" data-testid="successor-row">
                                <p class="successor-title"><strong>{move || (t().successor)(n)}</strong>
                                    <span class="muted">{move || name_of(&code_now()).map(|name| format!(" · {name}"))}</span></p>
                                <div class="field-row">
                                    <div class="field">
                                        <label for=code_id.clone()>{move || t().new_code}</label>
                                        <input id=code_id.clone() type="text" inputmode="numeric" autocomplete="off" list="new-communes"
                                            aria-invalid=move || problem().is_some().then_some("true")
                                            aria-describedby=move || problem_again().is_some().then(|| problem_id.clone())
                                            prop:value=get(|s| s.new_code.clone())
                                            on:input=move |e| {
                                                let value = event_target_value(&e);
                                                edit_row(at, Box::new(move |s| s.new_code = value));
                                            }/>
                                        {let problem = row_problem(at); let id = format!("successor-{at}-problem");
                                         move || problem().map(|text| view! { <p id=id.clone() class="field-problem" data-testid="field-problem">{text}</p> })}
                                    </div>
                                    <div class="field">
                                        <label for=relation_id.clone()>{move || t().relation}</label>
                                        <select id=relation_id on:change=move |e| {
                                            let value = event_target_value(&e);
                                            edit_row(at, Box::new(move |s| s.relation = value));
                                        }>
                                            <option value="whole" selected=move || get(|s| s.relation.clone())() != "partial">{move || t().whole}</option>
                                            <option value="partial" selected=move || get(|s| s.relation.clone())() == "partial">{move || t().partial}</option>
                                        </select>
                                    </div>
                                    <div class="field checkbox">
                                        <input id=default_id.clone() type="checkbox"
                                            prop:checked=move || form.with(|f| f.successors.get(at).is_some_and(|s| s.default))
                                            on:change=move |e| {
                                                let checked = event_target_checked(&e);
                                                edit_row(at, Box::new(move |s| s.default = checked));
                                            }/>
                                        <label for=default_id>{move || t().default}</label>
                                    </div>
                                </div>
                                <div class="field">
                                    <label for=note_id.clone()>{move || t().note}</label>
                                    <input id=note_id type="text" autocomplete="off" prop:value=get(|s| s.note.clone())
                                        on:input=move |e| {
                                            let value = event_target_value(&e);
                                            edit_row(at, Box::new(move |s| s.note = value));
                                        }/>
                                </div>
                                <button class="button secondary small" type="button" on:click=move |_| {
                                    form.update(|f| { if at < f.successors.len() { f.successors.remove(at); } });
                                    changed("successors");
                                }>{move || (t().remove_successor)(n)}</button>
                            </div>
                        }
                    }).collect_view()}
                    {move || successors_problem().map(|text| view! { <p class="field-problem" data-testid="field-problem">{text}</p> })}
                    <button class="button secondary" type="button" data-testid="add-successor" on:click=move |_| {
                        form.update(|f| f.successors.push(SuccessorForm {
                            new_code: String::new(),
                            relation: "partial".into(),
                            default: false,
                            note: String::new(),
                        }));
                        changed("successors");
                    }>{pick(texts, |t| t.add_successor)}</button>
                </fieldset>
                <Field id="mapping_citation" label=pick(texts, |t| t.citation) value=citation_v on_input=on_citation
                    problem=citation_shown hint=pick(texts, |t| t.citation_hint) required=true multiline=true/>
                {move || whole_problems().into_iter().map(|m| view! { <p class="field-problem" data-testid="field-problem">{m}</p> }).collect_view()}
                <p class="muted" role="status">
                    {move || { let n = state.invalid_count(problems); (n > 0).then(|| (t().problems_left)(n)) }}
                </p>
                <CallErrorNote error=state.error/>
                <CreatedNote state=state/>
                <div class="actions">
                    <button class="button" type="submit" data-testid="submit-mapping"
                        disabled=move || state.blocked(problems)>
                        {pick(texts, |t| t.submit)}
                    </button>
                    <button class="button secondary" type="button"
                        disabled=move || state.blocked(problems)
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

    fn fields(problems: &[Problem]) -> Vec<&str> {
        problems.iter().map(|p| p.field.as_str()).collect()
    }

    /// Bố Hạ (07294), a commune of Bắc Ninh, as the dataset's later changes name it.
    fn later() -> LaterForm {
        LaterForm {
            level: "commune".into(),
            code: "07294".into(),
            effective: "2026-12-01".into(),
            full_name: "Phường Bố Hạ".into(),
            full_name_en: String::new(),
            legal_basis: "Nghị quyết số 1/2026/NQ-UBTVQH16 (test)".into(),
            citation: "Nghị quyết số 1/2026/NQ-UBTVQH16 (test)".into(),
        }
    }

    fn known() -> Found<UnitNow> {
        Found::Known(UnitNow { full_name: "Phường Bố Hạ".into(), province: Some("Tỉnh Bắc Ninh".into()) })
    }

    #[test]
    fn a_filled_later_change_has_no_problems_here_and_becomes_the_request() {
        let form = later();
        assert_eq!(form.problems(Some(&known())), []);
        let input = form.input().unwrap();
        let Edit::LaterChange { change } = input.edit else { panic!("a later change") };
        assert_eq!((change.level, change.code.as_str()), (ChangeLevel::Commune, "07294"));
        assert_eq!(change.full_name_en, None, "an empty field is left out, not an empty name");
        let json = serde_json::to_value(Edit::LaterChange { change }).unwrap();
        assert_eq!((json["kind"].as_str(), json["change"]["level"].as_str()), (Some("later_change"), Some("commune")));
    }

    #[test]
    fn the_rules_the_browser_knows_are_said_at_their_fields() {
        let bad = LaterForm {
            code: "7294".into(),
            effective: "20/09/2026".into(),
            full_name: "Bố Hạ".into(),
            legal_basis: " ".into(),
            citation: String::new(),
            ..later()
        };
        assert_eq!(fields(&bad.problems(None)), ["code", "effective", "full_name", "legal_basis", "citation"]);
        let early = LaterForm { effective: "2025-07-01".into(), ..later() };
        let problems = early.problems(Some(&known()));
        assert_eq!(problems, [problem("effective", "not after the reorganisation of 2025-07-01")]);
        let unknown = later().problems(Some(&Found::Unknown));
        assert_eq!(unknown, [problem("code", "unknown new commune 07294")]);
        let nothing = LaterForm { full_name: String::new(), ..later() };
        assert_eq!(fields(&nothing.problems(Some(&known()))), ["full_name"]);
        let province =
            LaterForm {
                level: "province".into(), code: "24".into(), full_name: "Phường Bắc Ninh".into(), ..later()
            };
        assert_eq!(fields(&province.problems(None)), ["full_name"], "a province's type word is Tỉnh or Thành phố");
        assert!(bad.input().is_none(), "no citation, no request");
    }

    fn old() -> OldNow {
        OldNow {
            full_name: "Phường Vạn Thạnh".into(),
            district: "Thành phố Nha Trang".into(),
            province: "Tỉnh Khánh Hòa".into(),
            successors: vec![shared::answers::Successor {
                code: "22366".parse().unwrap(),
                name: "Phường Nha Trang".into(),
                province_code: "56".parse().unwrap(),
                province_name: "Tỉnh Khánh Hòa".into(),
                relation: Relation::Whole,
                default: true,
                default_basis: None,
                note: String::new(),
                legal_basis: shared::answers::LegalBasis {
                    resolution: String::new(),
                    date: String::new(),
                    article: String::new(),
                    text: String::new(),
                },
            }],
        }
    }

    fn communes() -> BTreeMap<NewCommuneCode, String> {
        [("22333", "Phường Bắc Nha Trang"), ("22366", "Phường Nha Trang")]
            .into_iter()
            .map(|(code, name)| (code.parse().unwrap(), name.to_owned()))
            .collect()
    }

    #[test]
    fn a_correction_starts_from_the_published_successors_and_is_checked_row_by_row() {
        let old = old();
        assert_eq!(old.new_province().unwrap().as_str(), "56");
        let mut form = MappingForm {
            old_code: "22348".into(),
            successors: MappingForm::start_from(&old),
            citation: "test".into(),
        };
        assert_eq!(form.successors[0].relation, "whole");
        assert_eq!(form.problems(Some(&Found::Known(old.clone())), Some(&communes())), []);
        form.successors[0].relation = "partial".into();
        form.successors.push(SuccessorForm {
            new_code: "22333".into(),
            relation: "partial".into(),
            default: false,
            note: "Nhập một phần".into(),
        });
        let correction = form.correction().unwrap();
        assert_eq!(correction.successors[1].relation, Relation::Partial);
        assert_eq!(correction.successors[1].note, "Nhập một phần");
        assert!(form.input().is_some());

        form.successors.push(SuccessorForm {
            new_code: "22333".into(),
            relation: "whole".into(),
            default: false,
            note: String::new(),
        });
        form.successors.push(SuccessorForm {
            new_code: "00004".into(),
            relation: "whole".into(),
            default: false,
            note: String::new(),
        });
        form.successors.push(SuccessorForm {
            new_code: "123".into(),
            relation: "whole".into(),
            default: false,
            note: String::new(),
        });
        assert_eq!(
            fields(&form.problems(None, Some(&communes()))),
            ["successors[2].new_code", "successors[3].new_code", "successors[4].new_code"]
        );
        assert!(form.correction().is_none(), "a code that does not read, no request");

        let empty = MappingForm { old_code: "2236".into(), successors: Vec::new(), citation: String::new() };
        assert_eq!(fields(&empty.problems(None, None)), ["old_code", "successors", "citation"]);
        let unknown = MappingForm { old_code: "22348".into(), ..MappingForm::start_from_form(&old) };
        assert_eq!(fields(&unknown.problems(Some(&Found::Unknown), None)), ["old_code"]);
    }

    impl MappingForm {
        fn start_from_form(old: &OldNow) -> Self {
            Self { old_code: String::new(), successors: Self::start_from(old), citation: "test".into() }
        }
    }
}
