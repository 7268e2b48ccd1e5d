//! `/quan-tri/thay-doi`: the change requests of one's provinces, newest first, by view: a reviewer's
//! (or admin's) **review queue** by default (submitted changes of others: nobody reviews their own), an
//! editor's own open changes by default, every change, or those in one state (`?trang-thai=`). The
//! author's changes sent back are shown at the top with the reviewer's reason, and on the review queue
//! the open citizen reports of the province come first ("citizen reports appear here too").

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::answers::ProvincesResponse;
use shared::model::ProvinceCode;
use shared::staff::change::ChangeState;
use shared::staff::edit::Edit;
use shared::staff::record::ChangeRecord;
use shared::staff::roles::{Email, Role};

use crate::api::{self};
use crate::components::answer::end_session_on_401;
use crate::components::layout::set_title;
use crate::components::moment::moment;
use crate::components::problems::CallErrorNote;
use crate::i18n::{Lang, common, lang, pick, tr};
use crate::pages::reports::OpenReports;
use crate::session::{SignedIn, use_session};

struct Texts {
    title: &'static str,
    view: &'static str,
    view_queue: &'static str,
    view_mine: &'static str,
    view_all: &'static str,
    intro_queue: &'static str,
    intro_mine: &'static str,
    intro_all: &'static str,
    number: &'static str,
    kind: &'static str,
    record: &'static str,
    province: &'static str,
    author: &'static str,
    state: &'static str,
    updated: &'static str,
    you: &'static str,
    nothing: &'static str,
    shown: fn(usize) -> String,
    sent_back: fn(usize) -> String,
    sent_back_hint: &'static str,
    reason: &'static str,
    own_waiting: fn(usize) -> String,
    kind_service_centre: &'static str,
    kind_service_centres: &'static str,
    kind_province_portal: &'static str,
    kind_later_change: &'static str,
    kind_mapping_correction: &'static str,
    kind_alias: &'static str,
    kind_procedure_fact: &'static str,
}

const VI: Texts = Texts {
    title: "Đề xuất thay đổi",
    view: "Hiển thị",
    view_queue: "Chờ tôi duyệt",
    view_mine: "Đề xuất của tôi đang mở",
    view_all: "Tất cả",
    intro_queue: "Các đề xuất đã gửi duyệt của người khác trong tỉnh của bạn. Đề xuất của chính bạn do người khác duyệt.",
    intro_mine: "Bản nháp, đề xuất bị trả lại, đang chờ duyệt hoặc đã duyệt của bạn.",
    intro_all: "Mọi đề xuất của các tỉnh của bạn, mới nhất trước.",
    number: "Số",
    kind: "Loại",
    record: "Bản ghi",
    province: "Tỉnh",
    author: "Người đề xuất",
    state: "Trạng thái",
    updated: "Cập nhật",
    you: "bạn",
    nothing: "Không có đề xuất nào ở đây.",
    shown: |n| format!("{n} đề xuất được hiển thị"),
    sent_back: |n| format!("{n} đề xuất của bạn bị trả lại"),
    sent_back_hint: "Hãy sửa theo lý do của người duyệt rồi gửi duyệt lại.",
    reason: "Lý do:",
    own_waiting: |n| format!("{n} đề xuất của bạn đang chờ người khác duyệt (không hiện ở đây)."),
    kind_service_centre: "Trung tâm phục vụ hành chính công",
    kind_service_centres: "Nhiều trung tâm (tệp CSV)",
    kind_province_portal: "Cổng dịch vụ công của tỉnh",
    kind_later_change: "Thay đổi sau sắp xếp",
    kind_mapping_correction: "Sửa đơn vị kế thừa",
    kind_alias: "Tên gọi khác",
    kind_procedure_fact: "Thủ tục của tỉnh",
};

const EN: Texts = Texts {
    title: "Change requests",
    view: "Show",
    view_queue: "Awaiting my review",
    view_mine: "My open changes",
    view_all: "All",
    intro_queue: "Changes of others in your provinces sent for review. Your own changes are reviewed by someone else.",
    intro_mine: "Your drafts, and your changes sent back, awaiting review or approved.",
    intro_all: "Every change of your provinces, newest first.",
    number: "No.",
    kind: "Kind",
    record: "Record",
    province: "Province",
    author: "Author",
    state: "State",
    updated: "Updated",
    you: "you",
    nothing: "No change here.",
    shown: |n| format!("{n} changes shown"),
    sent_back: |n| format!("{n} of your changes sent back"),
    sent_back_hint: "Edit them as the reviewer's reason asks, then send them for review again.",
    reason: "Reason:",
    own_waiting: |n| format!("{n} of your changes await someone else's review (not shown here)."),
    kind_service_centre: "Public administrative service centre",
    kind_service_centres: "Many centres (a CSV upload)",
    kind_province_portal: "Province's public-service portal",
    kind_later_change: "Later change of a unit",
    kind_mapping_correction: "Mapping correction",
    kind_alias: "Other name",
    kind_procedure_fact: "Procedure of the province",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

/// What kind of edit a change holds, in `lang`.
pub fn kind_label(edit: &Edit, lang: Lang) -> &'static str {
    let t = texts(lang);
    match edit {
        Edit::ServiceCentre { .. } => t.kind_service_centre,
        Edit::ServiceCentres { .. } => t.kind_service_centres,
        Edit::ProvincePortal { .. } => t.kind_province_portal,
        Edit::LaterChange { .. } => t.kind_later_change,
        Edit::MappingCorrection { .. } => t.kind_mapping_correction,
        Edit::Alias { .. } => t.kind_alias,
        Edit::ProcedureFact { .. } => t.kind_procedure_fact,
    }
}

/// The record without its kind: `service_centre/22366` → `22366`.
pub fn record_key(record: &str) -> &str {
    record.split_once('/').map_or(record, |(_, key)| key)
}

/// A province's name out of the list of provinces, or its code while the list is not at hand.
pub fn province_name(all: Option<&ProvincesResponse>, code: &ProvinceCode) -> String {
    all.and_then(|all| all.provinces.iter().find(|p| p.code == *code))
        .map_or_else(|| code.to_string(), |p| p.name.clone())
}

/// The badge a state wears.
pub fn state_class(state: &ChangeState) -> &'static str {
    match state {
        ChangeState::Rejected { .. } => "badge partial",
        ChangeState::Approved | ChangeState::Published => "badge new",
        _ => "badge",
    }
}

/// The states a list may be narrowed to, as `?trang-thai=` and the API's `?state=` name them.
const STATES: [&str; 6] = ["draft", "submitted", "approved", "rejected", "published", "withdrawn"];

/// Which changes the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Submitted changes of others: what the reader may review.
    Queue,
    /// The reader's own changes not yet published or withdrawn, those sent back first.
    Mine,
    All,
    /// One state, by its name.
    State(&'static str),
}

impl View {
    /// The view a role starts with: reviewers and admins review, editors see their own.
    pub fn default_for(role: Role) -> Self {
        match role {
            Role::Editor => Self::Mine,
            Role::Reviewer | Role::Admin => Self::Queue,
        }
    }

    pub fn value(self) -> &'static str {
        match self {
            Self::Queue => "queue",
            Self::Mine => "mine",
            Self::All => "all",
            Self::State(state) => state,
        }
    }

    /// The view `?trang-thai=` names, else the role's.
    pub fn from_query(value: Option<&str>, role: Role) -> Self {
        match value {
            Some("queue") => Self::Queue,
            Some("mine") => Self::Mine,
            Some("all") => Self::All,
            Some(other) => STATES.iter().find(|s| **s == other).map_or(Self::default_for(role), |s| Self::State(s)),
            None => Self::default_for(role),
        }
    }

    /// The views offered to a role (an editor reviews nothing).
    pub fn offered(role: Role) -> Vec<Self> {
        let mut views = Vec::new();
        if role != Role::Editor {
            views.push(Self::Queue);
        }
        if role != Role::Reviewer {
            views.push(Self::Mine);
        }
        views.push(Self::All);
        views.extend(STATES.map(Self::State));
        views
    }

    fn includes(self, change: &ChangeRecord, me: &Email) -> bool {
        let mine = change.request.author == *me;
        match self {
            Self::Queue => change.state == ChangeState::Submitted && !mine,
            Self::Mine => mine && !matches!(change.state, ChangeState::Published | ChangeState::Withdrawn),
            Self::All => true,
            Self::State(state) => change.state.name() == state,
        }
    }
}

/// The changes of `view`, in the server's order (newest first); the reader's own sent back come first
/// among their own.
pub fn rows<'a>(changes: &'a [ChangeRecord], view: View, me: &Email) -> Vec<&'a ChangeRecord> {
    let mut rows: Vec<&ChangeRecord> = changes.iter().filter(|c| view.includes(c, me)).collect();
    if view == View::Mine {
        rows.sort_by_key(|c| !matches!(c.state, ChangeState::Rejected { .. }));
    }
    rows
}

/// The reader's changes sent back to them, with the reviewer's reason: what "the author is told" is.
pub fn sent_back<'a>(changes: &'a [ChangeRecord], me: &Email) -> Vec<&'a ChangeRecord> {
    changes.iter().filter(|c| c.request.author == *me && matches!(c.state, ChangeState::Rejected { .. })).collect()
}

/// How many of the reader's own changes await review (by someone else).
pub fn own_waiting(changes: &[ChangeRecord], me: &Email) -> usize {
    changes.iter().filter(|c| c.request.author == *me && c.state == ChangeState::Submitted).count()
}

#[component]
pub fn ChangesPage() -> impl IntoView {
    view! { <SignedIn><Changes/></SignedIn> }
}

#[component]
fn Changes() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let lang = lang();
    let changes = LocalResource::new(move || async move {
        api::get::<Vec<ChangeRecord>>("/api/v1/staff/changes", lang.get_untracked()).await
    });
    let provinces = LocalResource::new(move || async move {
        api::get::<ProvincesResponse>("/api/v1/provinces", lang.get_untracked()).await.ok()
    });
    end_session_on_401(changes);
    Effect::new(move |_| set_title(texts(lang.get()).title));
    let t = move || texts(lang.get());
    let view_of = move || {
        let role = session.role().unwrap_or(Role::Editor);
        View::from_query(query.get().get("trang-thai").as_deref(), role)
    };
    let view_name = move |view: View, lang: Lang| -> String {
        let t = texts(lang);
        match view {
            View::Queue => t.view_queue.to_owned(),
            View::Mine => t.view_mine.to_owned(),
            View::All => t.view_all.to_owned(),
            View::State(name) => {
                let state = match name {
                    "draft" => ChangeState::Draft,
                    "submitted" => ChangeState::Submitted,
                    "approved" => ChangeState::Approved,
                    "published" => ChangeState::Published,
                    "withdrawn" => ChangeState::Withdrawn,
                    _ => ChangeState::Rejected { reason: shared::staff::change::Reason::parse("-").expect("a reason") },
                };
                common(lang).state(&state).to_owned()
            }
        }
    };
    let choose = move |value: String| {
        navigate(
            &format!("/quan-tri/thay-doi?trang-thai={}", api::encode(&value)),
            NavigateOptions { replace: true, ..Default::default() },
        );
    };
    view! {
        <h1>{pick(texts, |t| t.title)}</h1>
        {move || {
            let account = session.account()?;
            let me = account.email.clone();
            let view = view_of();
            let intro = match view {
                View::Queue => t().intro_queue,
                View::Mine => t().intro_mine,
                _ => t().intro_all,
            };
            let all = match changes.get() {
                None => return Some(view! { <p class="muted loading" role="status">{tr(|t| t.loading)}</p> }.into_any()),
                Some(Err(error)) => {
                    return Some(view! {
                        <CallErrorNote error=Signal::stored(Some(error))/>
                        <button class="button" type="button" on:click=move |_| changes.refetch()>{tr(|t| t.retry)}</button>
                    }
                    .into_any());
                }
                Some(Ok(all)) => all,
            };
            let provinces = provinces.get().flatten();
            let back = sent_back(&all, &me);
            let waiting = if view == View::Queue { own_waiting(&all, &me) } else { 0 };
            let shown = rows(&all, view, &me);
            let count = shown.len();
            let choose = choose.clone();
            Some(view! {
                {(!back.is_empty()).then(|| view! {
                    <section class="sent-back" role="alert" data-testid="sent-back" aria-labelledby="sent-back-title">
                        <h2 id="sent-back-title">{(t().sent_back)(back.len())}</h2>
                        <p>{t().sent_back_hint}</p>
                        <ul>
                            {back.iter().map(|change| {
                                let id = change.request.id.0;
                                let reason = match &change.state {
                                    ChangeState::Rejected { reason } => reason.as_str().to_owned(),
                                    _ => String::new(),
                                };
                                view! {
                                    <li>
                                        <a href=format!("/quan-tri/thay-doi/{id}")>
                                            {format!("#{id} · {} · {}", kind_label(&change.edit, lang.get()), record_key(&change.record))}
                                        </a>
                                        <p class="reason"><strong>{t().reason}</strong>" "{reason}</p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                })}
                {(view == View::Queue).then(|| view! { <OpenReports/> })}
                <div class="list-controls view-choice">
                    <label>
                        <span>{pick(texts, |t| t.view)}</span>
                        <select data-testid="view" on:change=move |e| choose(event_target_value(&e))>
                            {View::offered(account.role).into_iter().map(|option| view! {
                                <option value=option.value() selected=option == view>{move || view_name(option, lang.get())}</option>
                            }).collect_view()}
                        </select>
                    </label>
                </div>
                <p class="muted">{intro}</p>
                {(waiting > 0).then(|| view! { <p class="muted">{(t().own_waiting)(waiting)}</p> })}
                <p class="muted" role="status" data-testid="changes-shown">{(t().shown)(count)}</p>
                {if shown.is_empty() {
                    view! { <p class="card" data-testid="no-changes">{t().nothing}</p> }.into_any()
                } else {
                    view! {
                        <table class="staff-table changes" data-testid="changes">
                            <thead><tr>
                                <th scope="col">{pick(texts, |t| t.number)}</th>
                                <th scope="col">{pick(texts, |t| t.kind)}</th>
                                <th scope="col">{pick(texts, |t| t.record)}</th>
                                <th scope="col">{pick(texts, |t| t.province)}</th>
                                <th scope="col">{pick(texts, |t| t.author)}</th>
                                <th scope="col">{pick(texts, |t| t.state)}</th>
                                <th scope="col">{pick(texts, |t| t.updated)}</th>
                            </tr></thead>
                            <tbody>
                                {shown.into_iter().map(|change| {
                                    let id = change.request.id.0;
                                    let mine = change.request.author == me;
                                    let author = change.request.author.to_string();
                                    let state = change.state.clone();
                                    let class = state_class(&state);
                                    let edit = change.edit.clone();
                                    view! {
                                        <tr data-id=id.to_string() data-state=change.state.name()>
                                            <th scope="row"><a href=format!("/quan-tri/thay-doi/{id}")>{format!("#{id}")}</a></th>
                                            <td>{move || kind_label(&edit, lang.get())}</td>
                                            <td><code>{record_key(&change.record).to_owned()}</code></td>
                                            <td>{province_name(provinces.as_ref(), &change.request.province)}</td>
                                            <td class="author">
                                                {author}
                                                {mine.then(|| view! { <span class="muted">{move || format!(" ({})", t().you)}</span> })}
                                            </td>
                                            <td><span class=class>{move || common(lang.get()).state(&state)}</span></td>
                                            <td>{moment(change.updated_at)}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any()
                }}
            }
            .into_any())
        }}
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use shared::model::ServiceCentreRow;
    use shared::staff::change::{ChangeId, ChangeRequest, Reason};
    use shared::staff::record::Citation;

    fn email(name: &str) -> Email {
        Email::parse(&format!("{name}@example.org")).unwrap()
    }

    /// A change of a real commune of Khánh Hòa (22366, Phường Nha Trang) with test facts.
    pub(crate) fn change(id: u64, author: &str, state: ChangeState) -> ChangeRecord {
        let centre = ServiceCentreRow {
            commune_code: "22366".parse().unwrap(),
            name: None,
            address: None,
            phone: None,
            email: None,
            opening_hours: Some("Mo-Fr 07:30-11:30".into()),
            lat: None,
            lon: None,
            source: "test".into(),
            verified_on: "2026-11-30".into(),
        };
        ChangeRecord {
            request: ChangeRequest { id: ChangeId(id), province: "56".parse().unwrap(), author: email(author) },
            record: "service_centre/22366".into(),
            state,
            edit: Edit::ServiceCentre { centre },
            citation: Citation::parse("test citation").unwrap(),
            created_at: 1_780_000_000 + id,
            updated_at: 1_780_000_000 + id,
            steps: 1,
            approved_by: None,
            release: None,
        }
    }

    fn rejected() -> ChangeState {
        ChangeState::Rejected { reason: Reason::parse("wrong opening hours").unwrap() }
    }

    fn ids(rows: Vec<&ChangeRecord>) -> Vec<u64> {
        rows.into_iter().map(|c| c.request.id.0).collect()
    }

    /// Newest first, as the server answers.
    fn changes() -> Vec<ChangeRecord> {
        vec![
            change(6, "hoa", ChangeState::Published),
            change(5, "lan", ChangeState::Submitted),
            change(4, "hoa", rejected()),
            change(3, "hoa", ChangeState::Submitted),
            change(2, "hoa", ChangeState::Draft),
            change(1, "minh", ChangeState::Submitted),
        ]
    }

    #[test]
    fn the_review_queue_leaves_out_one_s_own_changes() {
        let all = changes();
        assert_eq!(ids(rows(&all, View::Queue, &email("lan"))), [3, 1]);
        assert_eq!(ids(rows(&all, View::Queue, &email("hoa"))), [5, 1]);
        assert_eq!(own_waiting(&all, &email("hoa")), 1);
    }

    #[test]
    fn an_author_sees_their_open_changes_those_sent_back_first() {
        let all = changes();
        assert_eq!(ids(rows(&all, View::Mine, &email("hoa"))), [4, 3, 2]);
        assert_eq!(ids(sent_back(&all, &email("hoa"))), [4]);
        assert!(sent_back(&all, &email("lan")).is_empty());
        assert_eq!(ids(rows(&all, View::State("submitted"), &email("hoa"))), [5, 3, 1]);
        assert_eq!(ids(rows(&all, View::All, &email("hoa"))).len(), 6);
    }

    #[test]
    fn the_view_reads_from_the_address_and_defaults_by_role() {
        assert_eq!(View::from_query(None, Role::Reviewer), View::Queue);
        assert_eq!(View::from_query(None, Role::Admin), View::Queue);
        assert_eq!(View::from_query(None, Role::Editor), View::Mine);
        assert_eq!(View::from_query(Some("submitted"), Role::Editor), View::State("submitted"));
        assert_eq!(View::from_query(Some("nonsense"), Role::Editor), View::Mine);
        for view in View::offered(Role::Admin) {
            assert_eq!(View::from_query(Some(view.value()), Role::Editor), view);
        }
        assert!(!View::offered(Role::Editor).contains(&View::Queue));
        assert!(!View::offered(Role::Reviewer).contains(&View::Mine));
    }

    #[test]
    fn records_and_kinds_read_plainly() {
        assert_eq!(record_key("service_centre/22366"), "22366");
        assert_eq!(record_key("procedure_fact/56/1.000001"), "56/1.000001");
        let edit = change(1, "hoa", ChangeState::Draft).edit;
        assert_eq!(kind_label(&edit, Lang::Vi), "Trung tâm phục vụ hành chính công");
        assert_eq!(kind_label(&edit, Lang::En), "Public administrative service centre");
        assert_eq!(province_name(None, &"56".parse().unwrap()), "56");
    }
}
