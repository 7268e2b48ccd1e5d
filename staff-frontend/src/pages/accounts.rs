//! `/quan-tri/tai-khoan` (admins only; anyone else is told so): the staff accounts; an invitation (e-mail,
//! role, provinces chosen among the 34) answers a one-time password, shown this once, to hand over
//! securely; an account's role and provinces are changed, and it is disabled or enabled again (never
//! deleted: the audit log's names stay readable). The server decides; these pages hide what it refuses
//! (an admin's own account cannot be disabled or demoted).

use std::collections::BTreeSet;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::answers::ProvincesResponse;
use shared::model::ProvinceCode;
use shared::staff::roles::{Email, Role};
use shared::staff::wire::{
    AccountEntry, AccountResponse, AccountsResponse, InvitationResponse, InviteRequest, UpdateAccountRequest,
};

use crate::api::{self, CallError};
use crate::components::answer::end_session_on_401;
use crate::components::layout::set_title;
use crate::components::moment::moment_of_rfc3339;
use crate::components::problems::CallErrorNote;
use crate::drafts;
use crate::i18n::{Lang, common, lang, pick, tr};
use crate::session::{SignedIn, use_session};

struct Texts {
    title: &'static str,
    refused: &'static str,
    intro: &'static str,
    email: &'static str,
    role: &'static str,
    provinces: &'static str,
    state: &'static str,
    updated: &'static str,
    actions: &'static str,
    all_provinces: &'static str,
    active: &'static str,
    disabled: &'static str,
    must_change: &'static str,
    you: &'static str,
    change: &'static str,
    disable: &'static str,
    enable: &'static str,
    editing: fn(&str) -> String,
    save: &'static str,
    saved: fn(&str) -> String,
    invite_title: &'static str,
    invite: &'static str,
    provinces_hint: &'static str,
    provinces_admin: &'static str,
    bad_email: &'static str,
    no_provinces: &'static str,
    password_title: fn(&str) -> String,
    password_note: &'static str,
    password_done: &'static str,
}

const VI: Texts = Texts {
    title: "Tài khoản cán bộ",
    refused: "Chỉ quản trị viên mới quản lý tài khoản. Nếu cần thêm người hoặc đổi quyền, hãy liên hệ quản trị viên.",
    intro: "Mời cán bộ, đặt vai trò và tỉnh làm việc, khóa tài khoản không còn dùng. Tài khoản không bị xóa, để lịch sử thay đổi luôn ghi rõ người thực hiện.",
    email: "Thư điện tử",
    role: "Vai trò",
    provinces: "Tỉnh làm việc",
    state: "Tình trạng",
    updated: "Cập nhật",
    actions: "Thao tác",
    all_provinces: "Mọi tỉnh",
    active: "Đang hoạt động",
    disabled: "Đã khóa",
    must_change: "Chưa đặt mật khẩu riêng",
    you: "(bạn)",
    change: "Sửa vai trò, tỉnh",
    disable: "Khóa",
    enable: "Mở khóa",
    editing: |email| format!("Sửa tài khoản {email}"),
    save: "Lưu",
    saved: |email| format!("Đã lưu tài khoản {email}."),
    invite_title: "Mời cán bộ",
    invite: "Tạo tài khoản",
    provinces_hint: "Chọn một hoặc nhiều tỉnh.",
    provinces_admin: "Quản trị viên làm việc ở mọi tỉnh.",
    bad_email: "Thư điện tử chưa đúng dạng, ví dụ ten@example.org.",
    no_provinces: "Chọn ít nhất một tỉnh.",
    password_title: |email| format!("Mật khẩu một lần của {email}"),
    password_note: "Mật khẩu này chỉ hiện một lần. Hãy trao tận tay hoặc qua một kênh an toàn, không gửi qua thư điện tử hay nhóm trò chuyện; người nhận đặt mật khẩu riêng khi đăng nhập lần đầu.",
    password_done: "Tôi đã ghi lại, ẩn mật khẩu",
};

const EN: Texts = Texts {
    title: "Staff accounts",
    refused: "Only administrators manage accounts. Ask an administrator to add someone or change a role.",
    intro: "Invite staff, set their role and provinces, disable accounts no longer used. Accounts are never deleted, so that the history of changes always names who did what.",
    email: "E-mail",
    role: "Role",
    provinces: "Provinces",
    state: "State",
    updated: "Updated",
    actions: "Actions",
    all_provinces: "Every province",
    active: "Active",
    disabled: "Disabled",
    must_change: "Has not chosen a password yet",
    you: "(you)",
    change: "Change role, provinces",
    disable: "Disable",
    enable: "Enable",
    editing: |email| format!("Change the account {email}"),
    save: "Save",
    saved: |email| format!("The account {email} is saved."),
    invite_title: "Invite a staff member",
    invite: "Create the account",
    provinces_hint: "Choose one or more provinces.",
    provinces_admin: "Administrators work in every province.",
    bad_email: "Not an e-mail address, e.g. name@example.org.",
    no_provinces: "Choose at least one province.",
    password_title: |email| format!("One-time password of {email}"),
    password_note: "This password is shown only now. Hand it over in person or through a secure channel, not by e-mail or a group chat; its owner chooses their own password at their first sign-in.",
    password_done: "I have noted it: hide the password",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

pub fn role_value(role: Role) -> &'static str {
    match role {
        Role::Admin => "admin",
        Role::Editor => "editor",
        Role::Reviewer => "reviewer",
    }
}

pub fn role_from(value: &str) -> Role {
    match value {
        "admin" => Role::Admin,
        "reviewer" => Role::Reviewer,
        _ => Role::Editor,
    }
}

const ROLES: [Role; 3] = [Role::Editor, Role::Reviewer, Role::Admin];

/// The invitation as typed (kept as a draft in the browser: never the one-time password).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InviteForm {
    pub email: String,
    pub role: String,
    pub provinces: BTreeSet<String>,
}

impl Default for InviteForm {
    fn default() -> Self {
        Self { email: String::new(), role: "editor".to_owned(), provinces: BTreeSet::new() }
    }
}

/// What an invitation or an account change lacks, by field (`email`, `provinces`), in `lang`.
pub fn problems(
    email: Option<&str>,
    role: Role,
    provinces: &BTreeSet<String>,
    lang: Lang,
) -> Vec<(&'static str, &'static str)> {
    let t = texts(lang);
    let mut problems = Vec::new();
    if email.is_some_and(|email| Email::parse(email).is_err()) {
        problems.push(("email", t.bad_email));
    }
    if role != Role::Admin && provinces.is_empty() {
        problems.push(("provinces", t.no_provinces));
    }
    problems
}

fn province_codes(chosen: &BTreeSet<String>) -> BTreeSet<ProvinceCode> {
    chosen.iter().filter_map(|code| code.parse().ok()).collect()
}

impl InviteForm {
    pub fn request(&self) -> InviteRequest {
        let role = role_from(&self.role);
        let provinces = if role == Role::Admin { BTreeSet::new() } else { province_codes(&self.provinces) };
        InviteRequest { email: self.email.trim().to_owned(), role, provinces }
    }
}

/// An account's provinces as names ("Mọi tỉnh" for an admin).
pub fn provinces_text(entry: &AccountEntry, all: Option<&ProvincesResponse>, lang: Lang) -> String {
    if entry.account.role == Role::Admin {
        return texts(lang).all_provinces.to_owned();
    }
    entry
        .account
        .provinces
        .iter()
        .map(|code| crate::pages::changes::province_name(all, code))
        .collect::<Vec<_>>()
        .join(", ")
}

const DRAFT: &str = "invite";

#[component]
pub fn AccountsPage() -> impl IntoView {
    view! { <SignedIn><Accounts/></SignedIn> }
}

#[component]
fn Accounts() -> impl IntoView {
    let session = use_session();
    let lang = lang();
    Effect::new(move |_| set_title(texts(lang.get()).title));
    view! {
        <h1>{pick(texts, |t| t.title)}</h1>
        {move || match session.role() {
            Some(Role::Admin) => view! { <AccountsAdmin/> }.into_any(),
            _ => view! { <p class="error-note" role="alert" data-testid="refused">{pick(texts, |t| t.refused)}</p> }.into_any(),
        }}
    }
}

/// A set of checkboxes, one per province, in a fieldset with its legend, hint and problem.
#[component]
fn ProvincePicker(
    id: &'static str,
    provinces: Vec<(String, String)>,
    chosen: RwSignal<BTreeSet<String>>,
    #[prop(into)] problem: Signal<Option<&'static str>>,
    #[prop(into)] on_change: Callback<()>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let problem_id = format!("{id}-problem");
    let described = {
        let (hint_id, problem_id) = (hint_id.clone(), problem_id.clone());
        move || if problem.get().is_some() { format!("{hint_id} {problem_id}") } else { hint_id.clone() }
    };
    view! {
        <fieldset class="provinces" id=id aria-describedby=described data-testid=id>
            <legend>{pick(texts, |t| t.provinces)}<span class="muted">" *"</span></legend>
            <p id=hint_id class="muted field-hint">{pick(texts, |t| t.provinces_hint)}</p>
            {move || problem.get().map(|text| view! { <p id=problem_id.clone() class="field-problem">{text}</p> })}
            <div class="province-grid">
                {provinces.into_iter().map(|(code, name)| {
                    let input_id = format!("{id}-{code}");
                    let value = code.clone();
                    let checked = code.clone();
                    view! {
                        <label class="check-label" for=input_id>
                            <input type="checkbox" id=input_id.clone() value=code.clone()
                                prop:checked=move || chosen.with(|c| c.contains(&checked))
                                on:change=move |e| {
                                    let on = event_target_checked(&e);
                                    chosen.update(|c| {
                                        if on { c.insert(value.clone()); } else { c.remove(&value); }
                                    });
                                    on_change.run(());
                                }/>
                            {name}
                        </label>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}

#[component]
fn AccountsAdmin() -> impl IntoView {
    let session = use_session();
    let lang = lang();
    let t = move || texts(lang.get());
    let accounts = LocalResource::new(move || async move {
        api::get::<AccountsResponse>("/api/v1/staff/accounts", lang.get_untracked()).await
    });
    let provinces = LocalResource::new(move || async move {
        api::get::<ProvincesResponse>("/api/v1/provinces", lang.get_untracked()).await.ok()
    });
    end_session_on_401(accounts);
    let province_list = move || {
        provinces
            .get()
            .flatten()
            .map(|all| all.provinces.iter().map(|p| (p.code.to_string(), p.name.clone())).collect::<Vec<_>>())
            .unwrap_or_default()
    };

    // The invitation.
    let start = drafts::load::<InviteForm>(DRAFT).unwrap_or_default();
    let email = RwSignal::new(start.email.clone());
    let role = RwSignal::new(start.role.clone());
    let chosen = RwSignal::new(start.provinces.clone());
    let touched = RwSignal::new(false);
    let invite_error = RwSignal::new(None::<CallError>);
    let invitation = RwSignal::new(None::<InvitationResponse>);
    let busy = RwSignal::new(false);
    let form = move || InviteForm { email: email.get(), role: role.get(), provinces: chosen.get() };
    let keep = move || drafts::save(DRAFT, &form());
    let invite_problems = move || {
        let form = form();
        problems(Some(&form.email), role_from(&form.role), &form.provinces, lang.get())
    };
    let problem_of = move |field: &'static str| {
        Signal::derive(move || {
            touched.get().then(|| invite_problems().into_iter().find(|(f, _)| *f == field).map(|(_, m)| m)).flatten()
        })
    };
    let email_problem = problem_of("email");
    let provinces_problem = problem_of("provinces");
    let invite = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        touched.set(true);
        if !invite_problems().is_empty() {
            return;
        }
        let request = form().request();
        busy.set(true);
        invite_error.set(None);
        leptos::task::spawn_local(async move {
            let result =
                api::post::<_, InvitationResponse>("/api/v1/staff/accounts", &request, lang.get_untracked()).await;
            busy.set(false);
            match result {
                Ok(answer) => {
                    drafts::clear(DRAFT);
                    email.set(String::new());
                    chosen.set(BTreeSet::new());
                    touched.set(false);
                    invitation.set(Some(answer));
                    accounts.refetch();
                }
                Err(CallError::SignedOut) => session.ended(),
                Err(e) => invite_error.set(Some(e)),
            }
        });
    };

    // A change of one account.
    let editing = RwSignal::new(None::<AccountEntry>);
    let edit_role = RwSignal::new(String::new());
    let edit_chosen = RwSignal::new(BTreeSet::<String>::new());
    let edit_error = RwSignal::new(None::<CallError>);
    let saved = RwSignal::new(None::<String>);
    let send = move |address: String, request: UpdateAccountRequest| {
        busy.set(true);
        edit_error.set(None);
        saved.set(None);
        leptos::task::spawn_local(async move {
            let path = format!("/api/v1/staff/accounts/{}", api::encode(&address));
            let result = api::patch::<_, AccountResponse>(&path, &request, lang.get_untracked()).await;
            busy.set(false);
            match result {
                Ok(answer) => {
                    editing.set(None);
                    saved.set(Some(answer.account.email.to_string()));
                    accounts.refetch();
                }
                Err(CallError::SignedOut) => session.ended(),
                Err(e) => edit_error.set(Some(e)),
            }
        });
    };
    let edit_problem = Signal::derive(move || {
        let chosen = edit_chosen.get();
        problems(None, role_from(&edit_role.get()), &chosen, lang.get()).first().map(|(_, m)| *m)
    });
    let save_edit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(entry) = editing.get_untracked() else { return };
        if edit_problem.get_untracked().is_some() {
            return;
        }
        let role = role_from(&edit_role.get_untracked());
        let provinces = (role != Role::Admin).then(|| province_codes(&edit_chosen.get_untracked()));
        send(entry.account.email.to_string(), UpdateAccountRequest { role: Some(role), provinces, disabled: None });
    };
    // The one-time password is shown where the eye goes: the page scrolls to it.
    let password_box = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        if invitation.get().is_some()
            && let Some(section) = password_box.get()
        {
            let _ = section.focus();
        }
    });
    let first_field = NodeRef::<leptos::html::Select>::new();
    Effect::new(move |_| {
        if editing.get().is_some()
            && let Some(select) = first_field.get()
        {
            let _ = select.focus();
        }
    });

    let role_options = move |current: Signal<String>| {
        ROLES
            .into_iter()
            .map(|r| {
                view! {
                    <option value=role_value(r) selected=move || current.get() == role_value(r)>
                        {move || common(lang.get()).role(r)}
                    </option>
                }
            })
            .collect_view()
    };

    view! {
        <p class="muted">{pick(texts, |t| t.intro)}</p>
        {move || invitation.get().map(|answer| {
            let address = answer.account.email.to_string();
            view! {
                <section class="card one-time" role="alert" data-testid="invitation" aria-labelledby="one-time-title"
                    tabindex="-1" node_ref=password_box>
                    <h2 id="one-time-title">{move || (t().password_title)(&address)}</h2>
                    <p class="one-time-password"><code data-testid="one-time-password">{answer.one_time_password.clone()}</code></p>
                    <p>{pick(texts, |t| t.password_note)}</p>
                    <button class="button secondary small" type="button" on:click=move |_| invitation.set(None)>
                        {pick(texts, |t| t.password_done)}
                    </button>
                </section>
            }
        })}
        <p class="done-note" role="status" data-testid="account-saved">{move || saved.get().map(|address| (t().saved)(&address))}</p>
        <CallErrorNote error=edit_error/>
        {move || editing.get().map(|entry| {
            let address = entry.account.email.to_string();
            view! {
                <form novalidate class="card staff-form account-edit" data-testid="account-edit" on:submit=save_edit aria-labelledby="account-edit-title">
                    <h2 id="account-edit-title">{move || (t().editing)(&address)}</h2>
                    <div class="field">
                        <label for="edit-role">{pick(texts, |t| t.role)}</label>
                        <select id="edit-role" node_ref=first_field on:change=move |e| edit_role.set(event_target_value(&e))>
                            {role_options(edit_role.into())}
                        </select>
                    </div>
                    {move || if role_from(&edit_role.get()) == Role::Admin {
                        view! { <p class="muted">{pick(texts, |t| t.provinces_admin)}</p> }.into_any()
                    } else {
                        view! {
                            <ProvincePicker id="edit-provinces" provinces=province_list() chosen=edit_chosen
                                problem=edit_problem on_change=Callback::new(|()| ())/>
                        }
                        .into_any()
                    }}
                    <div class="actions">
                        <button class="button" type="submit" data-testid="save-account" disabled=busy>{pick(texts, |t| t.save)}</button>
                        <button class="button secondary" type="button" on:click=move |_| editing.set(None)>{tr(|t| t.cancel)}</button>
                    </div>
                </form>
            }
        })}
        {move || {
            let me = session.account()?.email;
            Some(match accounts.get() {
                None => view! { <p class="muted loading" role="status">{tr(|t| t.loading)}</p> }.into_any(),
                Some(Err(error)) => view! {
                    <CallErrorNote error=Signal::stored(Some(error))/>
                    <button class="button" type="button" on:click=move |_| accounts.refetch()>{tr(|t| t.retry)}</button>
                }
                .into_any(),
                Some(Ok(answer)) => {
                    let all = provinces.get().flatten();
                    view! {
                        <table class="staff-table accounts" data-testid="accounts">
                            <thead><tr>
                                <th scope="col">{pick(texts, |t| t.email)}</th>
                                <th scope="col">{pick(texts, |t| t.role)}</th>
                                <th scope="col">{pick(texts, |t| t.provinces)}</th>
                                <th scope="col">{pick(texts, |t| t.state)}</th>
                                <th scope="col">{pick(texts, |t| t.updated)}</th>
                                <th scope="col">{pick(texts, |t| t.actions)}</th>
                            </tr></thead>
                            <tbody>
                                {answer.accounts.into_iter().map(|entry| {
                                    let own = entry.account.email == me;
                                    let address = entry.account.email.to_string();
                                    let role = entry.account.role;
                                    let disabled = entry.account.disabled;
                                    let must_change = entry.must_change_password;
                                    let provinces = {
                                        let (entry, all) = (entry.clone(), all.clone());
                                        move || provinces_text(&entry, all.as_ref(), lang.get())
                                    };
                                    let open = {
                                        let entry = entry.clone();
                                        move |_| {
                                            edit_role.set(role_value(entry.account.role).to_owned());
                                            edit_chosen.set(entry.account.provinces.iter().map(ToString::to_string).collect());
                                            saved.set(None);
                                            editing.set(Some(entry.clone()));
                                        }
                                    };
                                    let label_address = address.clone();
                                    let toggle_address = address.clone();
                                    let toggle = {
                                        let address = address.clone();
                                        move |_| send(address.clone(), UpdateAccountRequest { disabled: Some(!disabled), ..Default::default() })
                                    };
                                    view! {
                                        <tr data-email=address.clone() data-disabled=disabled.to_string()>
                                            <th scope="row">{address.clone()}{own.then(|| view! { " "<span class="muted">{pick(texts, |t| t.you)}</span> })}</th>
                                            <td>{move || common(lang.get()).role(role)}</td>
                                            <td>{provinces}</td>
                                            <td>
                                                <span class=if disabled { "badge partial" } else { "badge new" } data-testid="account-state">
                                                    {move || if disabled { t().disabled } else { t().active }}
                                                </span>
                                                {must_change.then(|| view! { <br/><span class="muted">{pick(texts, |t| t.must_change)}</span> })}
                                            </td>
                                            <td>{moment_of_rfc3339(&entry.updated_at)}</td>
                                            <td class="row-actions">
                                                {(!own).then(|| view! {
                                                    <button class="button secondary small" type="button" data-testid="change-account"
                                                        aria-label=move || format!("{}: {}", t().change, label_address)
                                                        on:click=open.clone()>
                                                        {pick(texts, |t| t.change)}
                                                    </button>
                                                    <button class="button secondary small" type="button" data-testid="toggle-account"
                                                        aria-label=move || format!("{}: {}", if disabled { t().enable } else { t().disable }, toggle_address)
                                                        disabled=busy on:click=toggle.clone()>
                                                        {move || if disabled { t().enable } else { t().disable }}
                                                    </button>
                                                })}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any()
                }
            })
        }}
        <form novalidate class="card staff-form invite" data-testid="invite-form" on:submit=invite aria-labelledby="invite-title">
            <h2 id="invite-title">{pick(texts, |t| t.invite_title)}</h2>
            <div class="field" data-field="invite-email">
                <label for="invite-email">{pick(texts, |t| t.email)}<span class="muted">" *"</span></label>
                <input id="invite-email" type="email" autocomplete="off" required
                    aria-describedby=move || email_problem.get().map(|_| "invite-email-problem")
                    aria-invalid=move || email_problem.get().map(|_| "true")
                    prop:value=email on:input=move |e| { email.set(event_target_value(&e)); keep() }/>
                {move || email_problem.get().map(|text| view! {
                    <p id="invite-email-problem" class="field-problem" data-testid="field-problem">{text}</p>
                })}
            </div>
            <div class="field">
                <label for="invite-role">{pick(texts, |t| t.role)}</label>
                <select id="invite-role" on:change=move |e| { role.set(event_target_value(&e)); keep() }>
                    {role_options(role.into())}
                </select>
            </div>
            {move || if role_from(&role.get()) == Role::Admin {
                view! { <p class="muted">{pick(texts, |t| t.provinces_admin)}</p> }.into_any()
            } else {
                view! {
                    <ProvincePicker id="invite-provinces" provinces=province_list() chosen=chosen
                        problem=provinces_problem on_change=Callback::new(move |()| keep())/>
                }
                .into_any()
            }}
            <CallErrorNote error=invite_error/>
            <div class="actions">
                <button class="button" type="submit" data-testid="invite" disabled=busy>{pick(texts, |t| t.invite)}</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(codes: &[&str]) -> BTreeSet<String> {
        codes.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn an_invitation_needs_an_address_and_for_editors_and_reviewers_a_province() {
        assert_eq!(problems(Some("hoa@example.org"), Role::Editor, &set(&["56"]), Lang::Vi), []);
        assert_eq!(
            problems(Some("hoa"), Role::Reviewer, &set(&[]), Lang::En),
            [("email", EN.bad_email), ("provinces", EN.no_provinces)]
        );
        assert_eq!(problems(Some("admin@example.org"), Role::Admin, &set(&[]), Lang::Vi), []);
        assert_eq!(problems(None, Role::Editor, &set(&[]), Lang::Vi), [("provinces", VI.no_provinces)]);
    }

    #[test]
    fn the_request_is_what_the_server_reads() {
        let form =
            InviteForm { email: " hoa@example.org ".into(), role: "reviewer".into(), provinces: set(&["56", "01"]) };
        let request = form.request();
        assert_eq!(request.email, "hoa@example.org");
        assert_eq!(request.role, Role::Reviewer);
        assert_eq!(request.provinces.iter().map(ToString::to_string).collect::<Vec<_>>(), ["01", "56"]);
        let admin = InviteForm { role: "admin".into(), ..form }.request();
        assert!(admin.provinces.is_empty(), "an admin works everywhere");
        for role in ROLES {
            assert_eq!(role_from(role_value(role)), role);
        }
    }
}
