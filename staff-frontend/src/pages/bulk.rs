//! `/quan-tri/tai-len?tinh={code}`: a CSV file of many service centres of one province, in the format of
//! `data/service_centres.csv` (`docs/staff-data.md`), read in the browser by the importer's own reader
//! (`shared::data::centre_file`: the header by name, each record with its line, each cell NFC with its
//! whitespace collapsed, the numbers and the commune code), every row checked by the same rules with its
//! line and column (`row_problems`, the commune one of this province, one row per commune, the location
//! inside the province, the date not in the future), bit by bit with a progress bar; then a preview of
//! what changes, commune by commune, against the published rows; then one change request for the lot
//! (`Edit::ServiceCentres`).

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde::{Deserialize, Serialize};
use shared::data::boundaries::{Boundaries, future_problem, location_and_date_problems};
use shared::data::centre::row_problems;
use shared::data::centre_file::{self, ReadProblem, Record};
use shared::model::{NewCommuneCode, ProvinceCode, ServiceCentreRow};
use shared::staff::diff::{FieldChange, diff_service_centre};
use shared::staff::edit::{Edit, MAX_CENTRES, Problem};
use shared::staff::province::ProvinceCentres;
use shared::staff::record::{ChangeInput, Citation};
use wasm_bindgen::JsCast;

use crate::api::{self, CallError};
use crate::components::answer::answer_view;
use crate::components::change_form::{CreatedNote, FormState};
use crate::components::field::Field;
use crate::components::problems::CallErrorNote;
use crate::drafts;
use crate::i18n::{Lang, lang, pick, tr};
use crate::session::{SignedIn, use_session};

struct Texts {
    title: fn(&str) -> String,
    intro: &'static str,
    columns: &'static str,
    file: &'static str,
    file_hint: &'static str,
    checking: fn(usize, usize) -> String,
    problems_title: fn(usize, &str) -> String,
    problems_hint: &'static str,
    line: fn(u64, &str) -> String,
    too_big: fn(u64) -> String,
    unreadable: &'static str,
    no_rows: &'static str,
    preview_title: &'static str,
    summary: fn(usize, usize, usize) -> String,
    commune: &'static str,
    at_line: fn(u64) -> String,
    field: &'static str,
    before: &'static str,
    after: &'static str,
    new_centre: &'static str,
    unchanged: &'static str,
    nothing_to_send: &'static str,
    citation: &'static str,
    citation_hint: &'static str,
    submit: fn(usize) -> String,
    save_draft: &'static str,
    other_province: fn(&str) -> String,
    boundary_missing: &'static str,
    back: &'static str,
}

const VI: Texts = Texts {
    title: |province| format!("Tải lên tệp CSV trung tâm — {province}"),
    intro: "Một tệp CSV (UTF-8) nhiều trung tâm phục vụ hành chính công của tỉnh, mỗi xã, phường một dòng, cùng định dạng với data/service_centres.csv. Mọi dòng được kiểm tra theo đúng quy tắc của máy chủ; bạn xem trước thay đổi, rồi gửi tất cả trong một đề xuất.",
    columns: "Dòng đầu của tệp, tên các cột:",
    file: "Tệp CSV",
    file_hint: "Tối đa 200 dòng và 1 MB. Để trống ô nào chưa rõ.",
    checking: |done, total| format!("Đang kiểm tra: {done} trên {total} dòng"),
    problems_title: |n, file| format!("Tệp {file} có {n} lỗi. Hãy sửa rồi tải lại tệp:"),
    problems_hint: "Mỗi lỗi ghi số dòng trong tệp và tên cột; lời giải thích là của bộ kiểm tra dữ liệu (tiếng Anh).",
    line: |line, column| match (line, column) {
        (0, _) => "Tệp".to_owned(),
        (line, "") => format!("Dòng {line}"),
        (line, column) => format!("Dòng {line}, cột {column}"),
    },
    too_big: |bytes| format!("Tệp lớn {} KB, quá giới hạn 1 MB.", bytes / 1024),
    unreadable: "Không đọc được tệp (cần văn bản UTF-8).",
    no_rows: "Tệp không có dòng nào sau dòng tiêu đề.",
    preview_title: "Xem trước thay đổi",
    summary: |new, changed, unchanged| {
        format!(
            "{new} trung tâm mới · {changed} trung tâm thay đổi · {unchanged} dòng giống dữ liệu đã phát hành (không gửi)"
        )
    },
    commune: "Xã, phường",
    at_line: |line| format!("dòng {line}"),
    field: "Cột",
    before: "Trước",
    after: "Sau",
    new_centre: "Mới",
    unchanged: "Không đổi",
    nothing_to_send: "Mọi dòng đều giống dữ liệu đã phát hành: không có gì để gửi.",
    citation: "Căn cứ của đề xuất",
    citation_hint: "Văn bản, trang hoặc quyết định làm căn cứ cho các trung tâm này (tối đa 500 ký tự).",
    submit: |n| format!("Gửi duyệt {n} trung tâm trong một đề xuất"),
    save_draft: "Lưu bản nháp",
    other_province: |province| format!("không phải xã, phường của {province}"),
    boundary_missing: "Chưa tải được ranh giới tỉnh: vị trí sẽ được máy chủ kiểm tra khi gửi.",
    back: "Về danh sách xã, phường của tỉnh",
};

const EN: Texts = Texts {
    title: |province| format!("Upload a CSV of centres — {province}"),
    intro: "A CSV file (UTF-8) of many of the province's public administrative service centres, one row per commune, in the format of data/service_centres.csv. Every row is checked by the server's own rules; you preview the changes, then send them all in one change request.",
    columns: "The file's first line, the names of the columns:",
    file: "CSV file",
    file_hint: "At most 200 rows and 1 MB. Leave a cell empty when it is not known.",
    checking: |done, total| format!("Checking: {done} of {total} rows"),
    problems_title: |n, file| format!("{file} has {n} problem(s). Fix them and upload the file again:"),
    problems_hint: "Each problem gives its line in the file and its column; the explanation is the data check's own.",
    line: |line, column| match (line, column) {
        (0, _) => "File".to_owned(),
        (line, "") => format!("Line {line}"),
        (line, column) => format!("Line {line}, column {column}"),
    },
    too_big: |bytes| format!("The file is {} KB, over the limit of 1 MB.", bytes / 1024),
    unreadable: "The file could not be read (it must be UTF-8 text).",
    no_rows: "The file has no rows after its header.",
    preview_title: "Preview of the changes",
    summary: |new, changed, unchanged| {
        format!("{new} new centres · {changed} changed centres · {unchanged} rows as published (not sent)")
    },
    commune: "Commune",
    at_line: |line| format!("line {line}"),
    field: "Column",
    before: "Before",
    after: "After",
    new_centre: "New",
    unchanged: "Unchanged",
    nothing_to_send: "Every row is as published: there is nothing to send.",
    citation: "Citation for this change",
    citation_hint: "The text, page or decision these centres rest on (at most 500 characters).",
    submit: |n| format!("Send {n} centres for review in one change"),
    save_draft: "Save as draft",
    other_province: |province| format!("is not a commune of {province}"),
    boundary_missing: "The province's boundary could not be loaded: the server checks the locations when you send.",
    back: "Back to the province's communes",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

/// The largest file read: 200 rows of long addresses stay well under it.
pub const MAX_FILE_BYTES: u64 = 1_000_000;

/// Rows checked between two yields to the browser, which then draws the progress.
const CHUNK: usize = 100;

/// A problem of the file: its line (0 for the file as a whole) and column (empty for the whole row),
/// with the check's own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    pub line: u64,
    pub column: String,
    pub message: String,
}

impl LineProblem {
    fn new(line: u64, column: &str, message: impl Into<String>) -> Self {
        Self { line, column: column.to_owned(), message: message.into() }
    }
}

/// A row that passed every check, with its line in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvRow {
    pub line: u64,
    pub row: ServiceCentreRow,
}

/// What the rows are checked against: the province's communes (code → full name), its boundary when
/// loaded, and today in Viet Nam.
pub struct Context<'a> {
    pub province: &'a ProvinceCode,
    pub province_name: &'a str,
    pub communes: &'a BTreeMap<NewCommuneCode, String>,
    pub boundaries: Option<&'a Boundaries>,
    pub today: &'a str,
    /// "is not a commune of Tỉnh Khánh Hòa", in the reader's language.
    pub other_province: fn(&str) -> String,
}

/// A file being checked: read at once (cheap), its rows checked a chunk at a time ([`Check::step`]) so
/// that the page can show its progress.
pub struct Check {
    records: Vec<Record>,
    next: usize,
    rows: Vec<CsvRow>,
    /// The line of each commune's first row.
    seen: BTreeMap<NewCommuneCode, u64>,
    problems: Vec<LineProblem>,
}

impl Check {
    /// Reads `text` as the importer does ([`centre_file::read`]: a header of [`ServiceCentreRow::COLUMNS`],
    /// in any order, then one row per line); a wrong header or too many rows is one problem of the file,
    /// and nothing is checked further.
    pub fn read(text: &str) -> Self {
        let mut check =
            Self { records: Vec::new(), next: 0, rows: Vec::new(), seen: BTreeMap::new(), problems: Vec::new() };
        let records = match centre_file::read(text) {
            Ok(records) => records,
            Err(ReadProblem { line, message }) => {
                check.problems.push(LineProblem::new(line, "", message));
                return check;
            }
        };
        for record in records {
            match record {
                Ok(record) => check.records.push(record),
                Err(ReadProblem { line, message }) => check.problems.push(LineProblem::new(line, "", message)),
            }
        }
        if check.records.len() > MAX_CENTRES {
            let message = format!(
                "{} rows: one upload holds at most {MAX_CENTRES} (one row per commune of one province)",
                check.records.len()
            );
            check.problems.push(LineProblem::new(0, "", message));
            check.records.clear();
        }
        check
    }

    /// Rows read, and rows checked so far.
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.records.len())
    }

    pub fn finished(&self) -> bool {
        self.next >= self.records.len()
    }

    /// Checks the next `count` rows.
    pub fn step(&mut self, count: usize, context: &Context) {
        let end = (self.next + count).min(self.records.len());
        for record in &self.records[self.next..end] {
            let line = record.line;
            let start = self.problems.len();
            let mut problem =
                |column: &str, message: String| self.problems.push(LineProblem::new(line, column, message));
            let (row, read) = record.row();
            for (column, message) in read {
                problem(column, message);
            }
            // As the importer: without a code there is no row to check further.
            let Some(row) = row else { continue };
            if !context.communes.contains_key(&row.commune_code) {
                problem(
                    "commune_code",
                    format!("{} {}", row.commune_code, (context.other_province)(context.province_name)),
                );
            }
            if let Some(first) = self.seen.get(&row.commune_code) {
                problem("commune_code", format!("{} already has a centre on line {first}", row.commune_code));
            }
            for (column, message) in row_problems(&row) {
                problem(column, message);
            }
            let located = match context.boundaries {
                Some(boundaries) => location_and_date_problems(&row, context.province, boundaries, context.today),
                None => future_problem(&row.verified_on, context.today).into_iter().collect(),
            };
            for (column, message) in located {
                problem(column, message);
            }
            let clean = self.problems.len() == start;
            self.seen.entry(row.commune_code.clone()).or_insert(line);
            if clean {
                self.rows.push(CsvRow { line, row });
            }
        }
        self.next = end;
    }

    /// Once every row is checked: the rows, or every problem in the order of the file.
    pub fn outcome(mut self) -> Result<Vec<CsvRow>, Vec<LineProblem>> {
        if !self.problems.is_empty() {
            self.problems.sort_by_key(|p| p.line);
            return Err(self.problems);
        }
        if self.rows.is_empty() {
            return Err(vec![LineProblem::new(0, "", String::new())]);
        }
        Ok(self.rows)
    }
}

/// What a row changes of the published data.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub line: u64,
    pub code: NewCommuneCode,
    pub name: String,
    /// No centre is published yet.
    pub new: bool,
    /// Field by field (the commune's code is the row's, not a change); empty when the row is as published.
    pub changes: Vec<FieldChange>,
}

/// Each row against the published centre of its commune, in the order of the file.
pub fn preview(rows: &[CsvRow], published: &ProvinceCentres) -> Vec<Preview> {
    let communes: BTreeMap<&NewCommuneCode, &shared::staff::province::CommuneCentre> =
        published.communes.iter().map(|c| (&c.code, c)).collect();
    rows.iter()
        .map(|CsvRow { line, row }| {
            let commune = communes.get(&row.commune_code);
            let before = commune.and_then(|c| c.centre.as_ref());
            Preview {
                line: *line,
                code: row.commune_code.clone(),
                name: commune.map(|c| c.full_name.clone()).unwrap_or_default(),
                new: before.is_none(),
                changes: diff_service_centre(before, row).into_iter().filter(|c| c.field != "commune_code").collect(),
            }
        })
        .collect()
}

/// The rows that change something, as the lot to send, with the line of each (for the server's problems,
/// named by their index in the lot).
pub fn lot(rows: &[CsvRow], previews: &[Preview]) -> (Vec<ServiceCentreRow>, Vec<u64>) {
    rows.iter()
        .zip(previews)
        .filter(|(_, preview)| !preview.changes.is_empty())
        .map(|(row, _)| (row.row.clone(), row.line))
        .unzip()
}

/// A problem of the server about a row of the lot (`centres[3].phone`) at its line of the file; any other
/// (the lot as a whole, the citation) as `None`.
pub fn line_of(problem: &Problem, lines: &[u64]) -> Option<LineProblem> {
    let rest = problem.field.strip_prefix("centres[")?;
    let (index, column) = rest.split_once("].")?;
    let line = *lines.get(index.parse::<usize>().ok()?)?;
    Some(LineProblem::new(line, column, problem.message.clone()))
}

/// What is kept while staff work: the file's text (to check it again after a reload) and the citation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Draft {
    file_name: String,
    text: String,
    citation: String,
}

/// Where the page stands with the file.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Empty,
    Checking { done: usize, total: usize },
    Refused(Vec<LineProblem>),
    Ready { rows: Vec<CsvRow>, previews: Vec<Preview> },
}

#[component]
pub fn BulkPage() -> impl IntoView {
    view! { <SignedIn><Bulk/></SignedIn> }
}

/// What the page loads first: the province's communes with their published centres, and its boundary.
#[derive(Clone)]
struct Loaded {
    province: ProvinceCentres,
    boundaries: Option<Arc<Boundaries>>,
}

#[component]
fn Bulk() -> impl IntoView {
    let query = use_query_map();
    let lang = lang();
    let code = move || query.get().get("tinh").unwrap_or_default();
    let loaded = LocalResource::new(move || {
        let code = code();
        async move {
            let lang = lang.get_untracked();
            let code: ProvinceCode =
                code.parse().map_err(|_| CallError::Status { status: 404, message: String::new() })?;
            let province: ProvinceCentres = api::get(&format!("/api/v1/staff/provinces/{code}/centres"), lang).await?;
            let boundaries = api::get_text(&format!("/api/v1/staff/provinces/{code}/boundary"), lang)
                .await
                .ok()
                .and_then(|text| Boundaries::parse(&text).ok())
                .map(Arc::new);
            Ok::<_, CallError>(Loaded { province, boundaries })
        }
    });
    view! {
        {answer_view(loaded, move |loaded| view! { <Upload loaded=loaded/> }.into_any())}
    }
}

/// The file's text, as the browser read it (each cell is made NFC when it is read, as the importer does);
/// `None` for a file that is not UTF-8 (an export in a Windows code page): the browser would have put
/// U+FFFD in place of every byte it could not read, and those would go out for review as the addresses.
async fn file_text(file: &web_sys::File) -> Option<String> {
    let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok()?.as_string()?;
    (!text.contains('\u{FFFD}')).then_some(text)
}

/// Lets the browser draw (the progress bar) before the next chunk.
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[component]
fn Upload(loaded: Loaded) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let lang = lang();
    let Loaded { province, boundaries } = loaded;
    let code = province.province.clone();
    let name = province.province_name.clone();
    crate::components::layout::set_title(&(texts(lang.get_untracked()).title)(&name));
    let draft_key = format!("bulk/{code}");
    let saved: Option<Draft> = drafts::load(&draft_key);
    let draft = RwSignal::new(saved.clone().unwrap_or_default());
    let restored = saved.is_some();
    let state = FormState::new(restored);
    let stage = RwSignal::new(Stage::Empty);
    let communes: Arc<BTreeMap<NewCommuneCode, String>> =
        Arc::new(province.communes.iter().map(|c| (c.code.clone(), c.full_name.clone())).collect());
    let province = Arc::new(province);
    let today = crate::pages::centre::viet_nam_today();
    // The lines of the rows sent, to put the server's problems (by index in the lot) at their line.
    let sent_lines = StoredValue::new(Vec::<u64>::new());

    let run = {
        let (code, name, communes, province, boundaries, today) =
            (code.clone(), name.clone(), communes.clone(), province.clone(), boundaries.clone(), today.clone());
        move |text: String| {
            let (code, name, communes, province, boundaries, today) =
                (code.clone(), name.clone(), communes.clone(), province.clone(), boundaries.clone(), today.clone());
            leptos::task::spawn_local(async move {
                let other_province = texts(lang.get_untracked()).other_province;
                let context = Context {
                    province: &code,
                    province_name: &name,
                    communes: &communes,
                    boundaries: boundaries.as_deref(),
                    today: &today,
                    other_province,
                };
                let mut check = Check::read(&text);
                while !check.finished() {
                    let (done, total) = check.progress();
                    stage.set(Stage::Checking { done, total });
                    yield_to_browser().await;
                    check.step(CHUNK, &context);
                }
                stage.set(match check.outcome() {
                    Ok(rows) => {
                        let previews = preview(&rows, &province);
                        Stage::Ready { rows, previews }
                    }
                    Err(problems) => Stage::Refused(problems),
                });
            });
        }
    };
    // A kept draft: its file is checked again.
    if let Some(saved) = saved.filter(|d| !d.text.is_empty()) {
        run(saved.text);
    }
    let keep = {
        let draft_key = draft_key.clone();
        move || draft.with_untracked(|d| drafts::save(&draft_key, d))
    };
    let on_file = {
        let (run, keep) = (run.clone(), keep.clone());
        move |event: leptos::ev::Event| {
            let Some(input) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
                return;
            };
            let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
            state.typed("file");
            let t = texts(lang.get_untracked());
            if file.size() > MAX_FILE_BYTES as f64 {
                stage.set(Stage::Refused(vec![LineProblem::new(0, "", (t.too_big)(file.size() as u64))]));
                return;
            }
            let (run, keep) = (run.clone(), keep.clone());
            leptos::task::spawn_local(async move {
                match file_text(&file).await {
                    Some(text) => {
                        draft.update(|d| (d.file_name, d.text) = (file.name(), text.clone()));
                        keep();
                        run(text);
                    }
                    None => stage.set(Stage::Refused(vec![LineProblem::new(0, "", t.unreadable)])),
                }
            });
        }
    };
    let citation_problem = Memo::new(move |_| {
        draft.with(|d| match Citation::parse(&d.citation) {
            Ok(_) => Vec::new(),
            Err(message) => vec![Problem { field: "citation".into(), message }],
        })
    });
    let citation_shown = state.shown(citation_problem, "citation");
    let on_citation = {
        let keep = keep.clone();
        Callback::new(move |value: String| {
            draft.update(|d| d.citation = value);
            state.typed("citation");
            keep();
        })
    };
    let to_send = move || {
        stage.with(|stage| match stage {
            Stage::Ready { rows, previews } => Some(lot(rows, previews)),
            _ => None,
        })
    };
    let send = {
        let (code, draft_key) = (code.clone(), draft_key.clone());
        move |for_review: bool| {
            state.touched.set(true);
            let Some((centres, lines)) = untrack(to_send) else { return };
            let Ok(citation) = draft.with_untracked(|d| Citation::parse(&d.citation)) else { return };
            if centres.is_empty() {
                return;
            }
            sent_lines.set_value(lines);
            let input = ChangeInput { edit: Edit::ServiceCentres { province_code: code.clone(), centres }, citation };
            state.send(input, for_review, draft_key.clone(), lang.get_untracked(), session, navigate.clone());
        }
    };
    let send_draft = send.clone();
    // The server's problems about rows, at their lines; the others as they are.
    let server_rows = move || {
        state.server_problems.with(|problems| {
            sent_lines.with_value(|lines| {
                let mut at_lines = Vec::new();
                let mut others = Vec::new();
                for problem in problems {
                    match line_of(problem, lines) {
                        Some(found) => at_lines.push(found),
                        None if problem.field == "citation" => {}
                        None => others.push(problem.message.clone()),
                    }
                }
                (at_lines, others)
            })
        })
    };
    let t = move || texts(lang.get());
    let count = move || to_send().map_or(0, |(centres, _)| centres.len());
    let citation_v = Signal::derive(move || draft.with(|d| d.citation.clone()));
    let file_name = move || draft.with(|d| d.file_name.clone());
    let header = ServiceCentreRow::COLUMNS.join(",");
    view! {
        <h1>{move || (t().title)(&name)}</h1>
        <p><a href=format!("/quan-tri/tinh/{code}")>{pick(texts, |t| t.back)}</a></p>
        <p class="muted">{pick(texts, |t| t.intro)}</p>
        <p class="muted">{pick(texts, |t| t.columns)}" "<code class="csv-header">{header}</code></p>
        {boundaries.is_none().then(|| view! { <p class="hint">{pick(texts, |t| t.boundary_missing)}</p> })}
        {restored.then(|| view! { <p class="hint" role="status" data-testid="draft-restored">{tr(|t| t.draft_restored)}</p> })}
        <form class="staff-form card wide bulk-form" data-testid="bulk-form" on:submit=move |e: leptos::ev::SubmitEvent| {
            e.prevent_default();
            send(true);
        }>
            <div class="field">
                <label for="csv-file">{pick(texts, |t| t.file)}</label>
                <p id="csv-file-hint" class="muted field-hint">{pick(texts, |t| t.file_hint)}</p>
                <input id="csv-file" type="file" accept=".csv,text/csv" aria-describedby="csv-file-hint"
                    data-testid="csv-file" on:change=on_file/>
            </div>
            <div role="status" class="bulk-progress" data-testid="csv-progress">
                {move || match stage.get() {
                    Stage::Checking { done, total } => Some(view! {
                        <label for="csv-progress-bar">{move || (t().checking)(done, total)}</label>
                        <progress id="csv-progress-bar" max=total.to_string() value=done.to_string()></progress>
                    }),
                    _ => None,
                }}
            </div>
            {move || match stage.get() {
                Stage::Refused(problems) => {
                    let count = problems.len();
                    view! {
                        <div class="csv-problems" role="alert" data-testid="csv-problems">
                            <p class="error-note">{move || (t().problems_title)(count, &file_name())}</p>
                            <p class="muted">{pick(texts, |t| t.problems_hint)}</p>
                            <ul>
                                {problems.into_iter().map(|p| {
                                    let LineProblem { line, column, message } = p;
                                    let label = column.clone();
                                    view! {
                                        <li data-line=line.to_string() data-column=column>
                                            <strong>{move || (t().line)(line, &label)}":"</strong>" "
                                            {move || if message.is_empty() { t().no_rows.to_owned() } else { message.clone() }}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </div>
                    }
                    .into_any()
                }
                Stage::Ready { previews, .. } => {
                    let new = previews.iter().filter(|p| p.new).count();
                    let changed = previews.iter().filter(|p| !p.new && !p.changes.is_empty()).count();
                    let unchanged = previews.iter().filter(|p| p.changes.is_empty()).count();
                    view! {
                        <section class="bulk-preview" aria-labelledby="preview-title" data-testid="preview">
                            <h2 id="preview-title">{pick(texts, |t| t.preview_title)}</h2>
                            <p class="count" role="status" data-testid="preview-summary">{move || (t().summary)(new, changed, unchanged)}</p>
                            <table class="staff-table">
                                <thead><tr>
                                    <th scope="col">{pick(texts, |t| t.commune)}</th>
                                    <th scope="col">{pick(texts, |t| t.field)}</th>
                                    <th scope="col">{pick(texts, |t| t.before)}</th>
                                    <th scope="col">{pick(texts, |t| t.after)}</th>
                                </tr></thead>
                                {previews.into_iter().map(|p| {
                                    let Preview { line, code, name, new, changes } = p;
                                    let rows = changes.len().max(1);
                                    let heading = view! {
                                        <th scope="rowgroup" rowspan=rows.to_string()>
                                            <a href=format!("/quan-tri/xa/{code}")>{name}</a>
                                            <span class="muted">" "{code.to_string()}" · "{move || (t().at_line)(line)}</span>
                                            {new.then(|| view! { " "<span class="badge new">{pick(texts, |t| t.new_centre)}</span> })}
                                        </th>
                                    };
                                    if changes.is_empty() {
                                        return view! {
                                            <tbody data-code=code.to_string()><tr>
                                                {heading}
                                                <td colspan="3" class="muted">{pick(texts, |t| t.unchanged)}</td>
                                            </tr></tbody>
                                        }
                                        .into_any();
                                    }
                                    let mut heading = Some(heading);
                                    view! {
                                        <tbody data-code=code.to_string()>
                                            {changes.into_iter().map(|change| view! {
                                                <tr>
                                                    {heading.take()}
                                                    <td><code>{change.field}</code></td>
                                                    <td class="before">{change.before.unwrap_or_default()}</td>
                                                    <td class="after">{change.after.unwrap_or_default()}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    }
                                    .into_any()
                                }).collect_view()}
                            </table>
                            {(new + changed == 0).then(|| view! { <p class="hint">{pick(texts, |t| t.nothing_to_send)}</p> })}
                        </section>
                    }
                    .into_any()
                }
                _ => ().into_any(),
            }}
            <Field id="citation" label=pick(texts, |t| t.citation) value=citation_v on_input=on_citation
                problem=citation_shown hint=pick(texts, |t| t.citation_hint) required=true multiline=true/>
            {move || {
                let (at_lines, others) = server_rows();
                (!at_lines.is_empty() || !others.is_empty()).then(|| view! {
                    <ul class="csv-problems" data-testid="server-problems">
                        {at_lines.into_iter().map(|p| {
                            let (line, column) = (p.line, p.column);
                            view! { <li><strong>{move || (t().line)(line, &column)}":"</strong>" "{p.message}</li> }
                        }).collect_view()}
                        {others.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                    </ul>
                })
            }}
            <CallErrorNote error=state.error/>
            <CreatedNote state=state/>
            <div class="actions">
                <button class="button" type="submit" data-testid="submit-bulk"
                    disabled=move || state.busy.get() || count() == 0 || citation_problem.with(|p| !p.is_empty())>
                    {move || (t().submit)(count())}
                </button>
                <button class="button secondary" type="button" data-testid="save-bulk-draft"
                    disabled=move || state.busy.get() || count() == 0 || citation_problem.with(|p| !p.is_empty())
                    on:click=move |_| send_draft(false)>
                    {pick(texts, |t| t.save_draft)}
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::staff::province::CommuneCentre;

    const HEADER: &str = "commune_code,name,address,phone,email,opening_hours,lat,lon,source,verified_on\n";

    fn province() -> ProvinceCode {
        "56".parse().unwrap()
    }

    /// Three communes of Khánh Hòa (data/new_communes.csv).
    fn communes() -> BTreeMap<NewCommuneCode, String> {
        [("22333", "Phường Bắc Nha Trang"), ("22366", "Phường Nha Trang"), ("22390", "Phường Tây Nha Trang")]
            .into_iter()
            .map(|(code, name)| (code.parse().unwrap(), name.to_owned()))
            .collect()
    }

    fn boundaries() -> &'static Boundaries {
        static BOUNDARIES: std::sync::OnceLock<Boundaries> = std::sync::OnceLock::new();
        BOUNDARIES.get_or_init(|| {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/sources/boundaries/provinces.geojson");
            Boundaries::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
        })
    }

    fn check(text: &str) -> Result<Vec<CsvRow>, Vec<LineProblem>> {
        let communes = communes();
        let context = Context {
            province: &province(),
            province_name: "Tỉnh Khánh Hòa",
            communes: &communes,
            boundaries: Some(boundaries()),
            today: "2026-12-01",
            other_province: texts(Lang::En).other_province,
        };
        let mut check = Check::read(text);
        let mut steps = 0;
        while !check.finished() {
            check.step(2, &context);
            steps += 1;
        }
        assert!(steps <= check.progress().1.div_ceil(2));
        check.outcome()
    }

    fn at(problems: &[LineProblem]) -> Vec<(u64, &str)> {
        problems.iter().map(|p| (p.line, p.column.as_str())).collect()
    }

    /// How a file is read (lines, columns in any order, a byte-order mark, each cell cleaned, numbers and
    /// codes) is `shared::data::centre_file`'s, tested there; here, that the rows keep their lines.
    #[test]
    fn good_rows_are_kept_with_their_lines() {
        let text = format!(
            "{HEADER}22366,,Test address 1,,centre@example.org,Mo-Fr 07:30-11:30,12.24579,109.19533,test,2026-11-30\n\
             22390,,\"Test   address\n2\",,,,,,test,2026-11-30\n\
             22333,,Test address 1,,,,,,test,2026-11-30\n"
        );
        let rows = check(&text).unwrap();
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3, 5]);
        assert_eq!(rows[0].row.lat, Some(12.24579));
        assert_eq!(rows[1].row.address.as_deref(), Some("Test address 2"));
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line_and_column() {
        let text = format!(
            "{HEADER}22366,,Test address 1,0263 38,,,,,test,2026-11-30\n\
             0004,,Test address 1,,,,,,test,2026-11-30\n\
             00004,,Test address 1,,,,,,test,2026-11-30\n\
             22366,,Test address 1,,,,,,test,2026-11-30\n\
             22390,,Test address 1,,,,21.0567,105.845,test,2026-11-30\n\
             22333,,Test address 1,,,,abc,,test,2026-12-02\n"
        );
        let problems = check(&text).unwrap_err();
        assert_eq!(
            at(&problems),
            [
                (2, "phone"),
                (3, "commune_code"),
                (4, "commune_code"),
                (5, "commune_code"),
                (6, "lat"),
                (7, "lat"),
                (7, "verified_on"),
            ],
            "{problems:#?}"
        );
        assert_eq!(problems[2].message, "00004 is not a commune of Tỉnh Khánh Hòa");
        assert_eq!(problems[3].message, "22366 already has a centre on line 2");
        assert!(problems[4].message.contains("outside province 56"), "{problems:#?}");
        assert!(problems[6].message.contains("in the future"), "{problems:#?}");
    }

    #[test]
    fn a_wrong_header_or_too_many_rows_is_one_problem_of_the_file() {
        let problems = check("commune,address\n22366,x\n").unwrap_err();
        assert_eq!(at(&problems), [(1, "")]);
        assert!(problems[0].message.contains("missing"), "{problems:?}");
        let many: String = std::iter::once(HEADER.to_owned())
            .chain((0..=MAX_CENTRES).map(|_| "22366,,Test address 1,,,,,,test,2026-11-30\n".to_owned()))
            .collect();
        let problems = check(&many).unwrap_err();
        assert_eq!(at(&problems), [(0, "")]);
        assert_eq!(check(HEADER).unwrap_err(), [LineProblem::new(0, "", "")], "no rows: said by the page");
        let ragged = format!("{HEADER}22366,,Test address 1\n");
        assert_eq!(at(&check(&ragged).unwrap_err()), [(2, "")]);
    }

    fn published(code: &str, row: Option<ServiceCentreRow>) -> CommuneCentre {
        let code: NewCommuneCode = code.parse().unwrap();
        CommuneCentre { full_name: communes()[&code].clone(), code, centre: row, open_change: None }
    }

    #[test]
    fn the_preview_shows_each_commune_s_changes_and_leaves_unchanged_rows_out_of_the_lot() {
        let text = format!(
            "{HEADER}22366,,Test address 2,,,,,,test,2026-11-30\n\
             22390,,Test address 1,,,,,,test,2026-11-30\n\
             22333,,Test address 1,,,,,,test,2026-11-30\n"
        );
        let rows = check(&text).unwrap();
        let same = rows[1].row.clone();
        let mut older = rows[0].row.clone();
        older.address = Some("Test address 1".into());
        let province = ProvinceCentres {
            province: province(),
            province_name: "Tỉnh Khánh Hòa".into(),
            today: "2026-12-01".into(),
            communes: vec![published("22333", None), published("22366", Some(older)), published("22390", Some(same))],
        };
        let previews = preview(&rows, &province);
        assert_eq!(previews[0].name, "Phường Nha Trang");
        assert!(!previews[0].new);
        let changed: Vec<(&str, Option<&str>, Option<&str>)> =
            previews[0].changes.iter().map(|c| (c.field.as_str(), c.before.as_deref(), c.after.as_deref())).collect();
        assert_eq!(changed, [("address", Some("Test address 1"), Some("Test address 2"))]);
        assert!(previews[1].changes.is_empty());
        assert!(previews[2].new && previews[2].changes.iter().all(|c| c.field != "commune_code"));
        let (centres, lines) = lot(&rows, &previews);
        assert_eq!(centres.iter().map(|c| c.commune_code.as_str()).collect::<Vec<_>>(), ["22366", "22333"]);
        assert_eq!(lines, [2, 4]);

        // The server's problems about the lot, back at their lines.
        let problem = |field: &str| Problem { field: field.into(), message: "m".into() };
        assert_eq!(line_of(&problem("centres[1].lat"), &lines), Some(LineProblem::new(4, "lat", "m")));
        assert_eq!(line_of(&problem("centres[5].lat"), &lines), None);
        assert_eq!(line_of(&problem("citation"), &lines), None);
    }

    #[test]
    fn messages_for_a_line_are_in_one_language() {
        assert_eq!((VI.line)(3, "phone"), "Dòng 3, cột phone");
        assert_eq!((EN.line)(3, "phone"), "Line 3, column phone");
        assert_eq!((EN.line)(0, ""), "File");
    }
}
