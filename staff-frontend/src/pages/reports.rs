//! `/quan-tri/bao-cao`: citizens' reports of an error about the pages of one's provinces, by province,
//! open first: what they wrote, the page (a link to it), when; each linked to the change request that
//! fixes it (it is then "fixed in release N" for the citizen once that change is published) or closed
//! with a reason. [`OpenReports`] shows the open ones at the top of the review queue too.

use leptos::prelude::*;
use shared::answers::ProvincesResponse;
use shared::model::ProvinceCode;
use shared::staff::change::{ChangeState, Reason};
use shared::staff::record::{ChangeRecord, RejectInput};
use shared::staff::reports::{LinkInput, Report, ReportState};

use crate::api::{self, CallError};
use crate::components::answer::end_session_on_401;
use crate::components::layout::set_title;
use crate::components::moment::moment;
use crate::components::problems::CallErrorNote;
use crate::drafts;
use crate::i18n::{Lang, common, lang, pick, tr};
use crate::pages::changes::{kind_label, province_name, record_key};
use crate::session::{SignedIn, use_session};

struct Texts {
    title: &'static str,
    intro: &'static str,
    counts: fn(usize, usize) -> String,
    no_province: &'static str,
    nothing: &'static str,
    received: &'static str,
    page: &'static str,
    contact: &'static str,
    ticket: &'static str,
    state_open: &'static str,
    state_linked: fn(u64) -> String,
    state_fixed: fn(u64) -> String,
    state_closed: &'static str,
    closed_reason: &'static str,
    link_label: &'static str,
    link_button: &'static str,
    nothing_to_link: &'static str,
    fixing: &'static str,
    close_open: &'static str,
    close_label: &'static str,
    close_hint: &'static str,
    close_button: &'static str,
    open_title: fn(usize) -> String,
    open_none: &'static str,
    open_all: &'static str,
    open_more: fn(usize) -> String,
}

const VI: Texts = Texts {
    title: "Phản ánh của người dân",
    intro: "Người dân báo sai trên các trang của tỉnh bạn. Gắn mỗi phản ánh với đề xuất sửa nó, hoặc đóng kèm lý do.",
    counts: |open, all| format!("{open} đang mở trên tổng số {all} phản ánh"),
    no_province: "Không thuộc tỉnh nào",
    nothing: "Chưa có phản ánh nào.",
    received: "Nhận lúc",
    page: "Trang",
    contact: "Liên hệ",
    ticket: "Mã phản ánh",
    state_open: "Đang mở",
    state_linked: |id| format!("Gắn với đề xuất #{id}"),
    state_fixed: |n| format!("Đã sửa trong bản phát hành số {n}"),
    state_closed: "Đã đóng",
    closed_reason: "Lý do đóng:",
    link_label: "Gắn với đề xuất sửa lỗi",
    link_button: "Gắn",
    nothing_to_link: "Tỉnh này chưa có đề xuất đang mở nào để gắn; hãy tạo đề xuất trước.",
    fixing: "Đề xuất sửa lỗi",
    close_open: "Đóng phản ánh này",
    close_label: "Lý do đóng",
    close_hint: "Ví dụ: không phải lỗi, trùng với phản ánh khác, đã được sửa.",
    close_button: "Đóng phản ánh",
    open_title: |n| format!("Phản ánh đang mở của người dân ({n})"),
    open_none: "Không có phản ánh nào của người dân đang mở.",
    open_all: "Xem và xử lý các phản ánh",
    open_more: |n| format!("và {n} phản ánh khác"),
};

const EN: Texts = Texts {
    title: "Citizen reports",
    intro: "Citizens report errors on the pages of your provinces. Link each report to the change that fixes it, or close it with a reason.",
    counts: |open, all| format!("{open} open of {all} reports"),
    no_province: "Of no province",
    nothing: "No report yet.",
    received: "Received",
    page: "Page",
    contact: "Contact",
    ticket: "Ticket",
    state_open: "Open",
    state_linked: |id| format!("Linked to change #{id}"),
    state_fixed: |n| format!("Fixed in release {n}"),
    state_closed: "Closed",
    closed_reason: "Reason for closing:",
    link_label: "Link to the change that fixes it",
    link_button: "Link",
    nothing_to_link: "This province has no open change to link yet; make one first.",
    fixing: "The change fixing it",
    close_open: "Close this report",
    close_label: "Reason for closing",
    close_hint: "For example: not an error, a duplicate of another report, fixed already.",
    close_button: "Close the report",
    open_title: |n| format!("Open citizen reports ({n})"),
    open_none: "No open citizen report.",
    open_all: "See and handle the reports",
    open_more: |n| format!("and {n} more"),
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

impl Texts {
    fn state(&self, state: &ReportState) -> String {
        match state {
            ReportState::Open => self.state_open.to_owned(),
            ReportState::Linked { change, .. } => (self.state_linked)(change.0),
            ReportState::Fixed { release, .. } => (self.state_fixed)(*release),
            ReportState::Closed { .. } => self.state_closed.to_owned(),
        }
    }
}

/// Open first, then linked, fixed, closed.
fn rank(state: &ReportState) -> u8 {
    match state {
        ReportState::Open => 0,
        ReportState::Linked { .. } => 1,
        ReportState::Fixed { .. } => 2,
        ReportState::Closed { .. } => 3,
    }
}

/// The reports by province (in code order; those of no province last), open first in each, newest first
/// within a state (the server's order).
pub fn grouped(reports: &[Report]) -> Vec<(Option<ProvinceCode>, Vec<&Report>)> {
    let mut groups: Vec<(Option<ProvinceCode>, Vec<&Report>)> = Vec::new();
    for report in reports {
        match groups.iter_mut().find(|(province, _)| *province == report.province) {
            Some((_, list)) => list.push(report),
            None => groups.push((report.province.clone(), vec![report])),
        }
    }
    for (_, list) in &mut groups {
        list.sort_by_key(|r| rank(&r.state));
    }
    groups.sort_by(|(a, _), (b, _)| match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    groups
}

/// The changes a report may be linked to: open ones (not published, not withdrawn) of its province.
pub fn linkable<'a>(changes: &'a [ChangeRecord], report: &Report) -> Vec<&'a ChangeRecord> {
    changes
        .iter()
        .filter(|c| !matches!(c.state, ChangeState::Published | ChangeState::Withdrawn))
        .filter(|c| report.province.as_ref().is_none_or(|p| *p == c.request.province))
        .collect()
}

/// The page as a link on this site, if it is one of the citizen app's pages (a citizen writes it: `/\\host`
/// or `//host` would lead to another site, which a browser reads as one).
pub fn page_href(page: &str) -> Option<&str> {
    shared::site::Page::parse(page.split(['?', '#']).next().unwrap_or_default()).map(|_| page)
}

/// The first `max` characters of a message, with "…" if it goes on.
pub fn shortened(message: &str, max: usize) -> String {
    let mut chars = message.chars();
    let short: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() { format!("{}…", short.trim_end()) } else { short }
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    view! { <SignedIn><Reports/></SignedIn> }
}

#[component]
fn Reports() -> impl IntoView {
    let lang = lang();
    let reports = LocalResource::new(move || async move {
        api::get::<Vec<Report>>("/api/v1/staff/reports", lang.get_untracked()).await
    });
    let changes = LocalResource::new(move || async move {
        api::get::<Vec<ChangeRecord>>("/api/v1/staff/changes", lang.get_untracked()).await.unwrap_or_default()
    });
    let provinces = LocalResource::new(move || async move {
        api::get::<ProvincesResponse>("/api/v1/provinces", lang.get_untracked()).await.ok()
    });
    end_session_on_401(reports);
    Effect::new(move |_| set_title(texts(lang.get()).title));
    let t = move || texts(lang.get());
    let refetch = Callback::new(move |()| reports.refetch());
    view! {
        <h1>{pick(texts, |t| t.title)}</h1>
        <p class="muted">{pick(texts, |t| t.intro)}</p>
        {move || match reports.get() {
            None => view! { <p class="muted loading" role="status">{tr(|t| t.loading)}</p> }.into_any(),
            Some(Err(error)) => view! {
                <CallErrorNote error=Signal::stored(Some(error))/>
                <button class="button" type="button" on:click=move |_| reports.refetch()>{tr(|t| t.retry)}</button>
            }
            .into_any(),
            Some(Ok(all)) if all.is_empty() => view! { <p class="card" data-testid="no-reports">{t().nothing}</p> }.into_any(),
            Some(Ok(all)) => {
                let open = all.iter().filter(|r| r.state == ReportState::Open).count();
                let total = all.len();
                let provinces = provinces.get().flatten();
                let changes = changes.get().unwrap_or_default();
                view! {
                    <p class="count" data-testid="reports-count">{move || (t().counts)(open, total)}</p>
                    {grouped(&all).into_iter().map(|(province, list)| {
                        let heading = province.as_ref().map(|code| province_name(provinces.as_ref(), code));
                        view! {
                            <section class="report-group" data-province=province.as_ref().map(ToString::to_string)>
                                <h2>{move || heading.clone().unwrap_or_else(|| t().no_province.to_owned())}</h2>
                                {list.into_iter().map(|report| {
                                    let options: Vec<ChangeRecord> = linkable(&changes, report).into_iter().cloned().collect();
                                    view! { <ReportItem report=report.clone() options=options refetch=refetch/> }
                                }).collect_view()}
                            </section>
                        }
                    }).collect_view()}
                }
                .into_any()
            }
        }}
    }
}

#[component]
fn ReportItem(report: Report, options: Vec<ChangeRecord>, refetch: Callback<()>) -> impl IntoView {
    let session = use_session();
    let lang = lang();
    let t = move || texts(lang.get());
    let ticket = report.ticket.as_str().to_owned();
    let open = matches!(report.state, ReportState::Open | ReportState::Linked { .. });
    let linked_to = match &report.state {
        ReportState::Linked { change, .. } => Some(change.0),
        _ => None,
    };
    let first = linked_to.or_else(|| options.first().map(|c| c.request.id.0));
    let chosen = RwSignal::new(first.map(|id| id.to_string()).unwrap_or_default());
    let reason_key = format!("report-close/{ticket}");
    let reason = RwSignal::new(drafts::load::<String>(&reason_key).unwrap_or_default());
    let reason_problem = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<CallError>);
    let busy = RwSignal::new(false);
    let done = move |result: Result<Report, CallError>| {
        busy.set(false);
        match result {
            Ok(_) => {
                error.set(None);
                refetch.run(());
            }
            Err(CallError::SignedOut) => session.ended(),
            Err(e) => error.set(Some(e)),
        }
    };
    let link = {
        let ticket = ticket.clone();
        move |_| {
            let Ok(change) = chosen.get_untracked().parse::<u64>() else { return };
            let path = format!("/api/v1/staff/reports/{}/link", api::encode(&ticket));
            busy.set(true);
            leptos::task::spawn_local(async move {
                done(api::post::<_, Report>(&path, &LinkInput { change }, lang.get_untracked()).await);
            });
        }
    };
    let close = {
        let (ticket, reason_key) = (ticket.clone(), reason_key.clone());
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let parsed = match Reason::parse(&reason.get_untracked()) {
                Ok(parsed) => parsed,
                Err(message) => {
                    reason_problem.set(Some(message));
                    return;
                }
            };
            let path = format!("/api/v1/staff/reports/{}/close", api::encode(&ticket));
            let reason_key = reason_key.clone();
            busy.set(true);
            leptos::task::spawn_local(async move {
                let result = api::post::<_, Report>(&path, &RejectInput { reason: parsed }, lang.get_untracked()).await;
                if result.is_ok() {
                    drafts::clear(&reason_key);
                }
                done(result);
            });
        }
    };
    let state = report.state.clone();
    let badge = match &report.state {
        ReportState::Open => "badge partial",
        ReportState::Fixed { .. } => "badge new",
        _ => "badge",
    };
    let closed_reason = match &report.state {
        ReportState::Closed { reason, .. } => Some(reason.as_str().to_owned()),
        _ => None,
    };
    let link_id = format!("link-{ticket}");
    let reason_id = format!("close-reason-{ticket}");
    let reason_hint_id = format!("close-reason-{ticket}-hint");
    let reason_problem_id = format!("close-reason-{ticket}-problem");
    let described = {
        let (hint, problem) = (reason_hint_id.clone(), reason_problem_id.clone());
        move || if reason_problem.get().is_some() { format!("{hint} {problem}") } else { hint.clone() }
    };
    let page = report.page.clone();
    let has_options = !options.is_empty();
    view! {
        <article class="card report" data-ticket=ticket.clone() data-state=match &report.state {
            ReportState::Open => "open",
            ReportState::Linked { .. } => "linked",
            ReportState::Fixed { .. } => "fixed",
            ReportState::Closed { .. } => "closed",
        }>
            <p class="report-head">
                <span class=badge data-testid="report-state">{move || t().state(&state)}</span>
                " "
                <span class="muted">{move || t().received}" "{moment(report.received_at)}</span>
            </p>
            <p class="report-message" data-testid="report-message">{report.message.clone()}</p>
            <dl class="facts">
                <dt>{pick(texts, |t| t.page)}</dt>
                <dd>{match page_href(&page) {
                    Some(href) => view! { <a href=href.to_owned() rel="external">{page.clone()}</a> }.into_any(),
                    None => view! { <span>{page.clone()}</span> }.into_any(),
                }}</dd>
                {report.contact.clone().map(|contact| view! {
                    <dt>{pick(texts, |t| t.contact)}</dt>
                    <dd>{contact}</dd>
                })}
                <dt>{pick(texts, |t| t.ticket)}</dt>
                <dd><code>{ticket.clone()}</code></dd>
                {linked_to.map(|id| view! {
                    <dt>{pick(texts, |t| t.fixing)}</dt>
                    <dd><a href=format!("/quan-tri/thay-doi/{id}")>{format!("#{id}")}</a></dd>
                })}
                {closed_reason.map(|reason| view! {
                    <dt>{pick(texts, |t| t.closed_reason)}</dt>
                    <dd>{reason}</dd>
                })}
            </dl>
            {open.then(|| view! {
                <div class="report-actions">
                    {if has_options {
                        view! {
                            <div class="link-form">
                                <label for=link_id.clone()>{pick(texts, |t| t.link_label)}</label>
                                <div class="inline">
                                    <select id=link_id.clone() data-testid="link-change"
                                        on:change=move |e| chosen.set(event_target_value(&e))>
                                        {options.iter().map(|change| {
                                            let id = change.request.id.0;
                                            let edit = change.edit.clone();
                                            let state = change.state.clone();
                                            let key = record_key(&change.record).to_owned();
                                            view! {
                                                <option value=id.to_string() selected=linked_to == Some(id)>
                                                    {move || format!("#{id} · {} · {key} · {}", kind_label(&edit, lang.get()), common(lang.get()).state(&state))}
                                                </option>
                                            }
                                        }).collect_view()}
                                    </select>
                                    <button class="button secondary" type="button" data-testid="link-report"
                                        disabled=busy on:click=link>
                                        {pick(texts, |t| t.link_button)}
                                    </button>
                                </div>
                            </div>
                        }
                        .into_any()
                    } else {
                        view! { <p class="muted">{pick(texts, |t| t.nothing_to_link)}</p> }.into_any()
                    }}
                    <details class="close-report">
                        <summary>{pick(texts, |t| t.close_open)}</summary>
                        <form novalidate class="staff-form" on:submit=close>
                            <div class="field">
                                <label for=reason_id.clone()>{pick(texts, |t| t.close_label)}<span class="muted">" *"</span></label>
                                <p id=reason_hint_id.clone() class="muted field-hint">{pick(texts, |t| t.close_hint)}</p>
                                <textarea id=reason_id.clone() rows="2" required aria-describedby=described
                                    aria-invalid=move || reason_problem.get().is_some().then_some("true")
                                    prop:value=reason on:input={
                                        let reason_key = reason_key.clone();
                                        move |e| {
                                            reason.set(event_target_value(&e));
                                            reason_problem.set(None);
                                            drafts::save(&reason_key, &reason.get_untracked());
                                        }
                                    }></textarea>
                                {move || reason_problem.get().map(|text| view! {
                                    <p id=reason_problem_id.clone() class="field-problem">{text}</p>
                                })}
                            </div>
                            <div class="actions">
                                <button class="button secondary" type="submit" data-testid="close-report" disabled=busy>
                                    {pick(texts, |t| t.close_button)}
                                </button>
                            </div>
                        </form>
                    </details>
                    <CallErrorNote error=error/>
                </div>
            })}
        </article>
    }
}

/// The open reports of the reader's provinces, briefly, for the top of the review queue.
#[component]
pub fn OpenReports() -> impl IntoView {
    /// How many are listed before "and N more".
    const SHOWN: usize = 5;
    let lang = lang();
    let t = move || texts(lang.get());
    let reports = LocalResource::new(move || async move {
        api::get::<Vec<Report>>("/api/v1/staff/reports", lang.get_untracked()).await
    });
    let provinces = LocalResource::new(move || async move {
        api::get::<ProvincesResponse>("/api/v1/provinces", lang.get_untracked()).await.ok()
    });
    view! {
        {move || {
            // A failed call leaves the queue as it is: the reports page says why.
            let all = reports.get()?.ok()?;
            let provinces = provinces.get().flatten();
            let open: Vec<Report> = grouped(&all)
                .into_iter()
                .flat_map(|(_, list)| list.into_iter().filter(|r| r.state == ReportState::Open).cloned())
                .collect();
            let count = open.len();
            let more = count.saturating_sub(SHOWN);
            Some(view! {
                <section class="card open-reports" data-testid="open-reports" aria-labelledby="open-reports-title">
                    <h2 id="open-reports-title">{move || (t().open_title)(count)}</h2>
                    {if open.is_empty() {
                        view! { <p class="muted">{pick(texts, |t| t.open_none)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="open-reports-list">
                                {open.into_iter().take(SHOWN).map(|report| {
                                    let province = report.province.as_ref().map(|code| province_name(provinces.as_ref(), code));
                                    let page = report.page.clone();
                                    view! {
                                        <li data-ticket=report.ticket.as_str().to_owned()>
                                            <span class="report-message">{shortened(&report.message, 160)}</span>
                                            <span class="muted">
                                                {province.map(|name| format!("{name} · "))}
                                                {match page_href(&page) {
                                                    Some(href) => view! { <a href=href.to_owned() rel="external">{page.clone()}</a> }.into_any(),
                                                    None => view! { <span>{page.clone()}</span> }.into_any(),
                                                }}
                                                {format!(" · {}", moment(report.received_at))}
                                            </span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            {(more > 0).then(|| view! { <p class="muted">{move || (t().open_more)(more)}</p> })}
                        }
                        .into_any()
                    }}
                    <p><a href="/quan-tri/bao-cao">{pick(texts, |t| t.open_all)}</a></p>
                </section>
            })
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::changes::tests::change;
    use shared::staff::change::ChangeId;
    use shared::staff::reports::Ticket;
    use shared::staff::roles::Email;

    fn report(ticket: &str, province: Option<&str>, received_at: u64, state: ReportState) -> Report {
        Report {
            ticket: Ticket::parse(ticket).unwrap(),
            province: province.map(|p| p.parse().unwrap()),
            page: "/xa/22366".into(),
            message: "test message".into(),
            contact: None,
            received_at,
            state,
        }
    }

    fn linked(change: u64) -> ReportState {
        ReportState::Linked { change: ChangeId(change), by: Email::parse("lan@example.org").unwrap(), at: 1 }
    }

    #[test]
    fn reports_come_by_province_open_first() {
        // Newest first, as the server answers.
        let reports = vec![
            report("aaaaaaaaaaa5", Some("56"), 5, linked(1)),
            report("aaaaaaaaaaa4", None, 4, ReportState::Open),
            report("aaaaaaaaaaa3", Some("01"), 3, ReportState::Open),
            report("aaaaaaaaaaa2", Some("56"), 2, ReportState::Open),
            report("aaaaaaaaaaaz", Some("56"), 1, ReportState::Fixed { change: ChangeId(1), release: 2 }),
        ];
        let groups = grouped(&reports);
        let shape: Vec<(Option<String>, Vec<u64>)> = groups
            .iter()
            .map(|(p, list)| (p.as_ref().map(ToString::to_string), list.iter().map(|r| r.received_at).collect()))
            .collect();
        assert_eq!(shape, [(Some("01".into()), vec![3]), (Some("56".into()), vec![2, 5, 1]), (None, vec![4])]);
    }

    #[test]
    fn a_report_links_to_open_changes_of_its_province() {
        let mut other = change(3, "hoa", ChangeState::Draft);
        other.request.province = "01".parse().unwrap();
        let changes = vec![
            change(5, "hoa", ChangeState::Published),
            change(4, "hoa", ChangeState::Submitted),
            other,
            change(2, "hoa", ChangeState::Withdrawn),
            change(1, "hoa", ChangeState::Draft),
        ];
        let ids = |r: &Report| linkable(&changes, r).iter().map(|c| c.request.id.0).collect::<Vec<_>>();
        assert_eq!(ids(&report("aaaaaaaaaaaa", Some("56"), 1, ReportState::Open)), [4, 1]);
        assert_eq!(ids(&report("aaaaaaaaaaaa", None, 1, ReportState::Open)), [4, 3, 1]);
    }

    #[test]
    fn pages_link_only_to_this_site_and_messages_are_shortened() {
        assert_eq!(page_href("/xa/22366"), Some("/xa/22366"));
        assert_eq!(page_href("/xa/22366/in?x=1"), Some("/xa/22366/in?x=1"));
        let elsewhere = ["https://example.org/", "//example.org", "/\\example.org", "/\\example.org/xa/22366"];
        for elsewhere in elsewhere.into_iter().chain(["xa/22366", "/x?u=https://example.org", "/quan-tri/tai-khoan"]) {
            assert_eq!(page_href(elsewhere), None, "{elsewhere}");
        }
        assert_eq!(shortened("sai giờ làm việc", 100), "sai giờ làm việc");
        assert_eq!(shortened("sai giờ làm việc", 7), "sai giờ…");
    }

    #[test]
    fn each_state_is_told_in_both_languages() {
        let fixed = ReportState::Fixed { change: ChangeId(1), release: 3 };
        assert_eq!(texts(Lang::Vi).state(&fixed), "Đã sửa trong bản phát hành số 3");
        assert_eq!(texts(Lang::En).state(&fixed), "Fixed in release 3");
        assert_eq!(texts(Lang::En).state(&linked(7)), "Linked to change #7");
    }
}
