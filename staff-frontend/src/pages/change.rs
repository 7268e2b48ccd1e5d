//! `/quan-tri/thay-doi/{id}`: one change request as a reviewer reads it: what it changes, field by
//! field, before and after; its citation, state and history (who, when, what, why); and the steps the
//! reader may take now, as the server's own rules ([`shared::staff::change::apply`]) say: the author
//! submits, withdraws or edits; a reviewer who is not the author approves, or sends it back with a
//! reason, which its author then sees here and on their list.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::answers::ProvincesResponse;
use shared::staff::change::{Action, ChangeState, Reason, apply};
use shared::staff::diff::FieldChange;
use shared::staff::edit::Edit;
use shared::staff::record::{ApproveInput, AuditRecord, ChangeAnswer, ChangeRecord, RejectInput};
use shared::staff::roles::Account;

use crate::api::{self, CallError};
use crate::components::answer::answer_view;
use crate::components::diff::DiffTable;
use crate::components::layout::set_title;
use crate::components::moment::moment;
use crate::components::problems::CallErrorNote;
use crate::drafts;
use crate::i18n::{Lang, common, lang, pick, tr};
use crate::pages::changes::{kind_label, province_name, record_key, state_class};
use crate::session::{SignedIn, use_session};

struct Texts {
    title: fn(u64) -> String,
    back: &'static str,
    record: &'static str,
    province: &'static str,
    author: &'static str,
    created: &'static str,
    updated: &'static str,
    approved_by: &'static str,
    release: &'static str,
    release_number: fn(u64) -> String,
    citation: &'static str,
    what: &'static str,
    diff_at_approval: &'static str,
    staff_page: &'static str,
    citizen_page: &'static str,
    history: &'static str,
    who: &'static str,
    when: &'static str,
    action: &'static str,
    why: &'static str,
    no_history: &'static str,
    actions: &'static str,
    no_actions: &'static str,
    own_change: &'static str,
    edit: &'static str,
    submit: &'static str,
    approve: &'static str,
    reject: &'static str,
    withdraw: &'static str,
    withdraw_question: fn(u64) -> String,
    withdraw_yes: &'static str,
    reject_reason: &'static str,
    reject_hint: &'static str,
    step_edit: &'static str,
    step_submit: &'static str,
    step_approve: &'static str,
    step_reject: &'static str,
    step_publish: &'static str,
    step_withdraw: &'static str,
    sent_back_title: &'static str,
    sent_back_by: fn(&str, &str) -> String,
    sent_back_mine: &'static str,
    done_submit: &'static str,
    done_approve: &'static str,
    done_reject: &'static str,
    done_withdraw: &'static str,
    go_publish: &'static str,
    open_other: fn(u64) -> String,
    reload: &'static str,
}

const VI: Texts = Texts {
    title: |id| format!("Đề xuất #{id}"),
    back: "Tất cả đề xuất",
    record: "Bản ghi",
    province: "Tỉnh",
    author: "Người đề xuất",
    created: "Tạo lúc",
    updated: "Cập nhật",
    approved_by: "Người duyệt",
    release: "Bản phát hành",
    release_number: |n| format!("Số {n}"),
    citation: "Căn cứ",
    what: "Nội dung thay đổi",
    diff_at_approval: "Thay đổi so với dữ liệu lúc được duyệt",
    staff_page: "Trang trung tâm của xã (quản trị)",
    citizen_page: "Trang của xã cho người dân",
    history: "Lịch sử",
    who: "Người thực hiện",
    when: "Lúc",
    action: "Việc",
    why: "Lý do",
    no_history: "Chưa có bước nào.",
    actions: "Việc bạn có thể làm",
    no_actions: "Bạn không có việc gì với đề xuất này ở trạng thái hiện tại.",
    own_change: "Đây là đề xuất của bạn: một người duyệt khác sẽ duyệt nó.",
    edit: "Sửa đề xuất",
    submit: "Gửi duyệt",
    approve: "Duyệt",
    reject: "Trả lại kèm lý do",
    withdraw: "Rút đề xuất",
    withdraw_question: |id| format!("Rút đề xuất #{id}? Đề xuất đã rút không thể gửi lại."),
    withdraw_yes: "Rút",
    reject_reason: "Lý do trả lại",
    reject_hint: "Người đề xuất sẽ thấy lý do này trên trang đề xuất và trong danh sách của họ.",
    step_edit: "Sửa nội dung",
    step_submit: "Gửi duyệt",
    step_approve: "Duyệt",
    step_reject: "Trả lại",
    step_publish: "Phát hành",
    step_withdraw: "Rút",
    sent_back_title: "Đề xuất bị trả lại",
    sent_back_by: |by, when| format!("{by} đã trả lại đề xuất lúc {when}."),
    sent_back_mine: "Hãy sửa theo lý do dưới đây rồi gửi duyệt lại.",
    done_submit: "Đã gửi duyệt.",
    done_approve: "Đã duyệt. Đề xuất sẽ có hiệu lực khi được phát hành.",
    done_reject: "Đã trả lại cho người đề xuất, kèm lý do.",
    done_withdraw: "Đã rút đề xuất.",
    go_publish: "Đến trang Phát hành",
    open_other: |id| format!("Mở đề xuất #{id}"),
    reload: "Tải lại đề xuất",
};

const EN: Texts = Texts {
    title: |id| format!("Change #{id}"),
    back: "All changes",
    record: "Record",
    province: "Province",
    author: "Author",
    created: "Created",
    updated: "Updated",
    approved_by: "Approved by",
    release: "Release",
    release_number: |n| format!("No. {n}"),
    citation: "Citation",
    what: "What it changes",
    diff_at_approval: "Changes against the data when it was approved",
    staff_page: "The commune's centre (staff page)",
    citizen_page: "The commune's page for citizens",
    history: "History",
    who: "Who",
    when: "When",
    action: "Step",
    why: "Reason",
    no_history: "No step yet.",
    actions: "What you can do",
    no_actions: "There is nothing for you to do with this change in its present state.",
    own_change: "This is your change: another reviewer reviews it.",
    edit: "Edit the change",
    submit: "Send for review",
    approve: "Approve",
    reject: "Send back with a reason",
    withdraw: "Withdraw the change",
    withdraw_question: |id| format!("Withdraw change #{id}? A withdrawn change cannot be sent again."),
    withdraw_yes: "Withdraw",
    reject_reason: "Reason for sending it back",
    reject_hint: "The author sees this reason on the change's page and in their list.",
    step_edit: "Edited",
    step_submit: "Sent for review",
    step_approve: "Approved",
    step_reject: "Sent back",
    step_publish: "Published",
    step_withdraw: "Withdrawn",
    sent_back_title: "Change sent back",
    sent_back_by: |by, when| format!("{by} sent the change back on {when}."),
    sent_back_mine: "Edit it as the reason below asks, then send it for review again.",
    done_submit: "Sent for review.",
    done_approve: "Approved. It takes effect once it is published.",
    done_reject: "Sent back to its author, with the reason.",
    done_withdraw: "The change is withdrawn.",
    go_publish: "Go to Releases",
    open_other: |id| format!("Open change #{id}"),
    reload: "Reload the change",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

impl Texts {
    fn step(&self, action: &Action) -> &'static str {
        match action {
            Action::Edit => self.step_edit,
            Action::Submit => self.step_submit,
            Action::Approve => self.step_approve,
            Action::Reject { .. } => self.step_reject,
            Action::Publish => self.step_publish,
            Action::Withdraw => self.step_withdraw,
        }
    }
}

/// A step the reader may take on a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Edit,
    Submit,
    Withdraw,
    Approve,
    Reject,
}

/// The steps `account` may take on `change` now, as the server decides them: its own state machine,
/// asked for each (an edit only where a page edits that kind).
pub fn steps(change: &ChangeRecord, account: &Account) -> Vec<Step> {
    let reason = Reason::parse("-").expect("a reason");
    [
        (Step::Edit, Action::Edit),
        (Step::Submit, Action::Submit),
        (Step::Approve, Action::Approve),
        (Step::Reject, Action::Reject { reason }),
        (Step::Withdraw, Action::Withdraw),
    ]
    .into_iter()
    .filter(|(step, _)| *step != Step::Edit || edit_href(change).is_some())
    .filter(|(_, action)| apply(&change.request, &change.state, action.clone(), account, 0).is_ok())
    .map(|(step, _)| step)
    .collect()
}

/// Where the author edits the change: a service centre on its commune's page.
pub fn edit_href(change: &ChangeRecord) -> Option<String> {
    match &change.edit {
        Edit::ServiceCentre { centre } => {
            Some(format!("/quan-tri/xa/{}?thay-doi={}", centre.commune_code, change.request.id.0))
        }
        _ => None,
    }
}

/// The other change a refusal names ("… yêu cầu số 3 …", "Change request 3 of …"), not this one.
pub fn named_change(message: &str, own: u64) -> Option<u64> {
    ["yêu cầu số ", "request "].into_iter().find_map(|marker| {
        message.match_indices(marker).find_map(|(at, _)| {
            let digits: String = message[at + marker.len()..].chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u64>().ok().filter(|id| *id != own)
        })
    })
}

/// The diff to show: against the data served now, or, once published (when it is that data), as it
/// was when it was last reviewed; and whether it is the latter.
pub fn shown_diff(answer: &ChangeAnswer) -> (Vec<FieldChange>, bool) {
    if !answer.diff.is_empty() || answer.change.state != ChangeState::Published {
        return (answer.diff.clone(), false);
    }
    let earlier = answer.history.iter().rev().find(|entry| !entry.diff.is_empty());
    (earlier.map(|entry| entry.diff.clone()).unwrap_or_default(), true)
}

/// The step that sent the change back, if it stands rejected.
pub fn rejection(answer: &ChangeAnswer) -> Option<(&AuditRecord, &Reason)> {
    let ChangeState::Rejected { reason } = &answer.change.state else { return None };
    let entry = answer.history.iter().rev().find(|entry| matches!(entry.entry.action, Action::Reject { .. }))?;
    Some((entry, reason))
}

#[component]
pub fn ChangePage() -> impl IntoView {
    view! { <SignedIn><Change/></SignedIn> }
}

#[component]
fn Change() -> impl IntoView {
    let params = use_params_map();
    let lang = lang();
    let id = move || params.get().get("id").unwrap_or_default();
    let loaded = LocalResource::new(move || {
        let id = id();
        async move {
            let id: u64 = id.parse().map_err(|_| CallError::Status { status: 404, message: String::new() })?;
            api::get::<ChangeAnswer>(&format!("/api/v1/staff/changes/{id}"), lang.get_untracked()).await
        }
    });
    let reload = Callback::new(move |()| loaded.refetch());
    view! {
        <p><a href="/quan-tri/thay-doi">{pick(texts, |t| t.back)}</a></p>
        {answer_view(loaded, move |answer| view! { <ChangeView answer=answer reload=reload/> }.into_any())}
    }
}

/// What a step just did, for the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Done {
    Submit,
    Approve,
    Reject,
    Withdraw,
}

#[component]
fn ChangeView(answer: ChangeAnswer, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let lang = lang();
    let t = move || texts(lang.get());
    let id = answer.change.request.id.0;
    let current = RwSignal::new(answer);
    let provinces = LocalResource::new(move || async move {
        api::get::<ProvincesResponse>("/api/v1/provinces", lang.get_untracked()).await.ok()
    });
    Effect::new(move |_| set_title(&(texts(lang.get()).title)(id)));
    let error = RwSignal::new(None::<CallError>);
    let done = RwSignal::new(None::<Done>);
    let busy = RwSignal::new(false);
    let confirm_withdraw = RwSignal::new(false);
    let reason_key = format!("reject/{id}");
    let reason = RwSignal::new(drafts::load::<String>(&reason_key).unwrap_or_default());
    let reason_problem = RwSignal::new(None::<String>);

    // Every step answers the change as it now stands.
    let take = move |path: &'static str, body: serde_json::Value, after: Done| {
        busy.set(true);
        error.set(None);
        done.set(None);
        leptos::task::spawn_local(async move {
            let url = format!("/api/v1/staff/changes/{id}/{path}");
            let result = api::post::<_, ChangeAnswer>(&url, &body, lang.get_untracked()).await;
            busy.set(false);
            match result {
                Ok(answer) => {
                    if after == Done::Reject {
                        drafts::clear(&format!("reject/{id}"));
                        reason.set(String::new());
                    }
                    confirm_withdraw.set(false);
                    current.set(answer);
                    done.set(Some(after));
                }
                Err(CallError::SignedOut) => session.ended(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let approve = move |_| {
        let seen = current.with_untracked(|a| a.change.steps);
        let body = serde_json::to_value(ApproveInput { seen_steps: Some(seen) }).unwrap_or_default();
        take("approve", body, Done::Approve);
    };
    let reject = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match Reason::parse(&reason.get_untracked()) {
            Ok(reason) => {
                let body = serde_json::to_value(RejectInput { reason }).unwrap_or_default();
                take("reject", body, Done::Reject);
            }
            Err(message) => reason_problem.set(Some(message)),
        }
    };
    let on_reason = {
        let reason_key = reason_key.clone();
        move |e: leptos::ev::Event| {
            reason.set(event_target_value(&e));
            reason_problem.set(None);
            drafts::save(&reason_key, &reason.get_untracked());
        }
    };
    let other = move || {
        error.with(|e| match e {
            Some(CallError::Status { status: 409, message }) => Some(named_change(message, id)),
            _ => None,
        })
    };

    let details = move || {
        let answer = current.get();
        let change = answer.change.clone();
        let provinces = provinces.get().flatten();
        let state = change.state.clone();
        let class = state_class(&state);
        let edit = change.edit.clone();
        let commune = match &change.edit {
            Edit::ServiceCentre { centre } => Some(centre.commune_code.to_string()),
            _ => None,
        };
        view! {
            <h1 data-testid="change-title">
                {move || format!("{} · {}", (t().title)(id), kind_label(&edit, lang.get()))}
            </h1>
            <p><span class=class data-testid="change-state">{move || common(lang.get()).state(&state)}</span></p>
            <dl class="facts change-facts">
                <dt>{pick(texts, |t| t.record)}</dt>
                <dd><code>{record_key(&change.record).to_owned()}</code></dd>
                <dt>{pick(texts, |t| t.province)}</dt>
                <dd>{province_name(provinces.as_ref(), &change.request.province)}</dd>
                <dt>{pick(texts, |t| t.author)}</dt>
                <dd data-testid="change-author">{change.request.author.to_string()}</dd>
                <dt>{pick(texts, |t| t.created)}</dt>
                <dd>{moment(change.created_at)}</dd>
                <dt>{pick(texts, |t| t.updated)}</dt>
                <dd>{moment(change.updated_at)}</dd>
                {change.approved_by.clone().map(|by| view! {
                    <dt>{pick(texts, |t| t.approved_by)}</dt>
                    <dd>{by.to_string()}</dd>
                })}
                {change.release.map(|n| view! {
                    <dt>{pick(texts, |t| t.release)}</dt>
                    <dd><a href="/quan-tri/phat-hanh">{move || (t().release_number)(n)}</a></dd>
                })}
            </dl>
            {commune.map(|code| view! {
                <p class="actions">
                    <a class="button secondary small" href=format!("/quan-tri/xa/{code}")>{pick(texts, |t| t.staff_page)}</a>
                    <a class="button secondary small" href=format!("/xa/{code}") rel="external">{pick(texts, |t| t.citizen_page)}</a>
                </p>
            })}
        }
    };

    let sent_back = move || {
        let answer = current.get();
        let account = session.account()?;
        let (entry, reason) = rejection(&answer)?;
        let mine = account.email == answer.change.request.author;
        let by = entry.entry.actor.to_string();
        let when = moment(entry.entry.at);
        let reason = reason.as_str().to_owned();
        let edit = if mine { edit_href(&answer.change) } else { None };
        Some(view! {
            <section class="sent-back" role=mine.then_some("alert") data-testid="rejection" aria-labelledby="rejection-title">
                <h2 id="rejection-title">{pick(texts, |t| t.sent_back_title)}</h2>
                <p>{move || (t().sent_back_by)(&by, &when)}</p>
                <p class="reason" data-testid="rejection-reason"><strong>{pick(texts, |t| t.why)}": "</strong>{reason}</p>
                {mine.then(|| view! { <p>{pick(texts, |t| t.sent_back_mine)}</p> })}
                {edit.map(|href| view! { <p><a class="button" href=href>{pick(texts, |t| t.edit)}</a></p> })}
            </section>
        })
    };

    let what = move || {
        let answer = current.get();
        let (diff, at_approval) = shown_diff(&answer);
        let citation = answer.change.citation.as_str().to_owned();
        let caption = at_approval.then(|| Signal::derive(move || texts(lang.get()).diff_at_approval.to_owned()));
        view! {
            <section class="card" aria-labelledby="what-title">
                <h2 id="what-title">{pick(texts, |t| t.what)}</h2>
                {match caption {
                    Some(caption) => view! { <DiffTable diff=diff caption=caption/> }.into_any(),
                    None => view! { <DiffTable diff=diff/> }.into_any(),
                }}
                <h3>{pick(texts, |t| t.citation)}</h3>
                <p class="citation" data-testid="citation">{citation}</p>
            </section>
        }
    };

    let actions = move || {
        let answer = current.get();
        let account = session.account()?;
        let allowed = steps(&answer.change, &account);
        let mine = account.email == answer.change.request.author;
        let submitted = answer.change.state == ChangeState::Submitted;
        let edit = edit_href(&answer.change);
        let on_reason = on_reason.clone();
        let reason_described = move || {
            if reason_problem.get().is_some() {
                "reject-reason-hint reject-reason-problem"
            } else {
                "reject-reason-hint"
            }
        };
        Some(view! {
            <section class="card change-actions" aria-labelledby="actions-title" data-testid="change-actions">
                <h2 id="actions-title">{pick(texts, |t| t.actions)}</h2>
                {(mine && submitted).then(|| view! { <p class="muted">{pick(texts, |t| t.own_change)}</p> })}
                {allowed.is_empty().then(|| view! { <p class="muted" data-testid="no-actions">{pick(texts, |t| t.no_actions)}</p> })}
                <div class="actions">
                    {allowed.contains(&Step::Approve).then(|| view! {
                        <button class="button" type="button" data-testid="approve" disabled=busy on:click=approve>
                            {pick(texts, |t| t.approve)}
                        </button>
                    })}
                    {allowed.contains(&Step::Submit).then(|| view! {
                        <button class="button" type="button" data-testid="submit" disabled=busy
                            on:click=move |_| take("submit", serde_json::json!({}), Done::Submit)>
                            {pick(texts, |t| t.submit)}
                        </button>
                    })}
                    {edit.filter(|_| allowed.contains(&Step::Edit)).map(|href| view! {
                        <a class="button secondary" href=href data-testid="edit">{pick(texts, |t| t.edit)}</a>
                    })}
                    {allowed.contains(&Step::Withdraw).then(|| view! {
                        <button class="button secondary" type="button" data-testid="withdraw" disabled=busy
                            aria-expanded=move || confirm_withdraw.get().to_string()
                            on:click=move |_| confirm_withdraw.set(true)>
                            {pick(texts, |t| t.withdraw)}
                        </button>
                    })}
                </div>
                {move || confirm_withdraw.get().then(|| view! {
                    <div class="confirm" role="group" aria-labelledby="withdraw-question" data-testid="withdraw-confirm">
                        <p id="withdraw-question">{move || (t().withdraw_question)(id)}</p>
                        <div class="actions">
                            <button class="button danger" type="button" data-testid="withdraw-yes" disabled=busy
                                on:click=move |_| take("withdraw", serde_json::json!({}), Done::Withdraw)>
                                {pick(texts, |t| t.withdraw_yes)}
                            </button>
                            <button class="button secondary" type="button" on:click=move |_| confirm_withdraw.set(false)>
                                {tr(|t| t.cancel)}
                            </button>
                        </div>
                    </div>
                })}
                {allowed.contains(&Step::Reject).then(|| view! {
                    <form novalidate class="staff-form reject-form" data-testid="reject-form" on:submit=reject>
                        <div class="field" data-field="reject-reason">
                            <label for="reject-reason">{pick(texts, |t| t.reject_reason)}<span class="muted">" *"</span></label>
                            <p id="reject-reason-hint" class="muted field-hint">{pick(texts, |t| t.reject_hint)}</p>
                            <textarea id="reject-reason" rows="3" required aria-describedby=reason_described
                                aria-invalid=move || reason_problem.get().is_some().then_some("true")
                                prop:value=reason on:input=on_reason></textarea>
                            {move || reason_problem.get().map(|text| view! {
                                <p id="reject-reason-problem" class="field-problem" data-testid="field-problem">{text}</p>
                            })}
                        </div>
                        <div class="actions">
                            <button class="button secondary" type="submit" data-testid="reject" disabled=busy>
                                {pick(texts, |t| t.reject)}
                            </button>
                        </div>
                    </form>
                })}
            </section>
        })
    };

    let status = move || {
        done.get().map(|done| {
            let text = match done {
                Done::Submit => t().done_submit,
                Done::Approve => t().done_approve,
                Done::Reject => t().done_reject,
                Done::Withdraw => t().done_withdraw,
            };
            view! {
                <p class="done-note">{text}</p>
                {(done == Done::Approve).then(|| view! {
                    <p><a href="/quan-tri/phat-hanh" data-testid="go-publish">{pick(texts, |t| t.go_publish)}</a></p>
                })}
            }
        })
    };

    let history = move || {
        let answer = current.get();
        view! {
            <section class="card" aria-labelledby="history-title">
                <h2 id="history-title">{pick(texts, |t| t.history)}</h2>
                {if answer.history.is_empty() {
                    view! { <p class="muted">{pick(texts, |t| t.no_history)}</p> }.into_any()
                } else {
                    view! {
                        <table class="staff-table history" data-testid="history">
                            <thead><tr>
                                <th scope="col">{pick(texts, |t| t.when)}</th>
                                <th scope="col">{pick(texts, |t| t.who)}</th>
                                <th scope="col">{pick(texts, |t| t.action)}</th>
                                <th scope="col">{pick(texts, |t| t.why)}</th>
                            </tr></thead>
                            <tbody>
                                {answer.history.iter().map(|entry| {
                                    let action = entry.entry.action.clone();
                                    let reason = match &entry.entry.action {
                                        Action::Reject { reason } => Some(reason.as_str().to_owned()),
                                        _ => None,
                                    };
                                    let release = entry.release;
                                    view! {
                                        <tr data-action=entry.entry.action.name()>
                                            <td>{moment(entry.entry.at)}</td>
                                            <td>{entry.entry.actor.to_string()}</td>
                                            <td>
                                                {move || t().step(&action)}
                                                {release.map(|n| view! { " · "<a href="/quan-tri/phat-hanh">{move || (t().release_number)(n)}</a> })}
                                            </td>
                                            <td>{reason}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any()
                }}
            </section>
        }
    };

    view! {
        {details}
        {sent_back}
        <div role="status" class="status-line" data-testid="step-done">{status}</div>
        <CallErrorNote error=error/>
        {move || other().map(|named| view! {
            <p class="actions">
                {named.map(|other| view! {
                    <a class="button secondary small" href=format!("/quan-tri/thay-doi/{other}") data-testid="other-change">
                        {move || (t().open_other)(other)}
                    </a>
                })}
                <button class="button secondary small" type="button" on:click=move |_| reload.run(())>{pick(texts, |t| t.reload)}</button>
            </p>
        })}
        {what}
        {actions}
        {history}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::changes::tests::change;
    use shared::staff::change::{AuditEntry, ChangeId};
    use shared::staff::roles::{Email, Role};

    fn account(name: &str, role: Role) -> Account {
        Account {
            email: Email::parse(&format!("{name}@example.org")).unwrap(),
            role,
            provinces: ["56".parse().unwrap()].into(),
            disabled: false,
        }
    }

    fn reason() -> Reason {
        Reason::parse("wrong opening hours").unwrap()
    }

    #[test]
    fn the_author_submits_edits_and_withdraws_a_reviewer_approves_or_sends_back() {
        let hoa = account("hoa", Role::Editor);
        let lan = account("lan", Role::Reviewer);
        let colleague = account("minh", Role::Editor);
        let draft = change(1, "hoa", ChangeState::Draft);
        assert_eq!(steps(&draft, &hoa), [Step::Edit, Step::Submit, Step::Withdraw]);
        assert_eq!(steps(&draft, &lan), []);
        let submitted = change(1, "hoa", ChangeState::Submitted);
        assert_eq!(steps(&submitted, &hoa), [Step::Withdraw]);
        assert_eq!(steps(&submitted, &lan), [Step::Approve, Step::Reject]);
        assert_eq!(steps(&submitted, &colleague), [], "an editor does not review");
        let rejected = change(1, "hoa", ChangeState::Rejected { reason: reason() });
        assert_eq!(steps(&rejected, &hoa), [Step::Edit, Step::Withdraw]);
        assert_eq!(steps(&change(1, "hoa", ChangeState::Approved), &lan), [Step::Reject]);
        assert_eq!(steps(&change(1, "hoa", ChangeState::Published), &hoa), []);
    }

    #[test]
    fn nobody_reviews_their_own_change_admins_included() {
        let admin = account("admin", Role::Admin);
        let own = change(1, "admin", ChangeState::Submitted);
        assert_eq!(steps(&own, &admin), [Step::Withdraw]);
        assert_eq!(steps(&own, &account("admin2", Role::Admin)), [Step::Approve, Step::Reject]);
    }

    #[test]
    fn only_a_service_centre_is_edited_here() {
        let draft = change(4, "hoa", ChangeState::Draft);
        assert_eq!(edit_href(&draft).as_deref(), Some("/quan-tri/xa/22366?thay-doi=4"));
    }

    #[test]
    fn a_refusal_naming_another_change_links_to_it() {
        let vi = "Bản ghi service_centre/22366 đang có yêu cầu số 3 chờ xử lý; hãy đợi hoặc rút yêu cầu đó.";
        assert_eq!(named_change(vi, 5), Some(3));
        let en = "Change request 3 of service_centre/22366 is still open; wait for it or withdraw it.";
        assert_eq!(named_change(en, 5), Some(3));
        assert_eq!(named_change("Yêu cầu số 5 vừa thay đổi; hãy tải lại rồi thử lại.", 5), None);
        assert_eq!(named_change("Change request 5 changed meanwhile; reload it and try again.", 5), None);
    }

    fn entry(step: u32, action: Action, diff: Vec<FieldChange>) -> AuditRecord {
        let after = change(1, "hoa", ChangeState::Draft);
        AuditRecord {
            entry: AuditEntry {
                change: ChangeId(1),
                actor: Email::parse("lan@example.org").unwrap(),
                at: 1_780_000_000 + u64::from(step),
                action,
            },
            record: after.record.clone(),
            diff,
            citation: after.citation.clone(),
            release: None,
            after,
        }
    }

    #[test]
    fn a_published_change_shows_what_it_changed_when_it_was_reviewed() {
        let hours =
            FieldChange { field: "opening_hours".into(), before: None, after: Some("Mo-Fr 07:30-11:30".into()) };
        let mut answer = ChangeAnswer {
            change: change(1, "hoa", ChangeState::Submitted),
            diff: vec![hours.clone()],
            history: vec![
                entry(1, Action::Submit, vec![hours.clone()]),
                entry(2, Action::Approve, vec![hours.clone()]),
            ],
        };
        assert_eq!(shown_diff(&answer), (vec![hours.clone()], false));
        answer.change.state = ChangeState::Published;
        answer.diff = Vec::new();
        answer.history.push(entry(3, Action::Publish, Vec::new()));
        assert_eq!(shown_diff(&answer), (vec![hours], true));
    }

    #[test]
    fn a_rejection_is_told_with_who_and_why() {
        let mut answer = ChangeAnswer {
            change: change(1, "hoa", ChangeState::Rejected { reason: reason() }),
            diff: Vec::new(),
            history: vec![
                entry(1, Action::Submit, Vec::new()),
                entry(2, Action::Reject { reason: reason() }, Vec::new()),
            ],
        };
        let (by, why) = rejection(&answer).unwrap();
        assert_eq!((by.entry.actor.as_str(), why.as_str()), ("lan@example.org", "wrong opening hours"));
        answer.change.state = ChangeState::Draft;
        assert!(rejection(&answer).is_none(), "edited since: no longer sent back");
    }
}
