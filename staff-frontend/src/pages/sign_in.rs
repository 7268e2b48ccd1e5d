//! Sign-in, and the new password an invited account must choose with its one-time password.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::staff::wire::{ChangePasswordRequest, MIN_PASSWORD_CHARS, SessionResponse, SignInRequest};

use crate::api::{self, CallError};
use crate::components::problems::CallErrorNote;
use crate::i18n::{Lang, lang, pick};
use crate::session::{SessionState, after_sign_in, use_session};

struct Texts {
    title: &'static str,
    intro: &'static str,
    email: &'static str,
    password: &'static str,
    submit: &'static str,
    new_password_title: &'static str,
    new_password_intro: &'static str,
    new_password: &'static str,
    new_password_hint: &'static str,
    new_password_submit: &'static str,
    too_short: &'static str,
}

const VI: Texts = Texts {
    title: "Đăng nhập quản trị",
    intro: "Dành cho cán bộ các tỉnh cập nhật dữ liệu trung tâm phục vụ hành chính công và thủ tục.",
    email: "Thư điện tử",
    password: "Mật khẩu",
    submit: "Đăng nhập",
    new_password_title: "Đặt mật khẩu mới",
    new_password_intro: "Bạn đang dùng mật khẩu một lần của thư mời. Hãy đặt mật khẩu của riêng bạn.",
    new_password: "Mật khẩu mới",
    new_password_hint: "Ít nhất 12 ký tự.",
    new_password_submit: "Lưu mật khẩu mới",
    too_short: "Mật khẩu mới cần ít nhất 12 ký tự.",
};

const EN: Texts = Texts {
    title: "Staff sign-in",
    intro: "For provincial staff who keep the service centres and procedures up to date.",
    email: "E-mail",
    password: "Password",
    submit: "Sign in",
    new_password_title: "Choose a new password",
    new_password_intro: "You signed in with an invitation's one-time password. Choose your own.",
    new_password: "New password",
    new_password_hint: "At least 12 characters.",
    new_password_submit: "Save the new password",
    too_short: "The new password needs at least 12 characters.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let lang = lang();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let new_password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<CallError>);
    let busy = RwSignal::new(false);
    // Set after a sign-in with a one-time password: the new password is asked for before going on.
    let must_change = RwSignal::new(false);
    let next = move || after_sign_in(query.get_untracked().get("tiep").as_deref());

    let go_on = {
        let navigate = navigate.clone();
        move || navigate(&next(), Default::default())
    };
    let sign_in = {
        let go_on = go_on.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let go_on = go_on.clone();
            let request =
                SignInRequest { email: email.get_untracked().trim().to_owned(), password: password.get_untracked() };
            busy.set(true);
            leptos::task::spawn_local(async move {
                let answer =
                    api::post::<_, SessionResponse>("/api/v1/staff/sign-in", &request, lang.get_untracked()).await;
                busy.set(false);
                match answer {
                    Ok(answer) => {
                        error.set(None);
                        let must = answer.must_change_password;
                        session.0.set(SessionState::SignedIn(answer));
                        if must {
                            must_change.set(true);
                        } else {
                            go_on();
                        }
                    }
                    // A wrong password is a 401 here, with the server's sentence: show it.
                    Err(CallError::SignedOut) => error.set(Some(CallError::Status {
                        status: 401,
                        message: wrong_password(lang.get_untracked()).to_owned(),
                    })),
                    Err(e) => error.set(Some(e)),
                }
            });
        }
    };
    let change_password = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let go_on = go_on.clone();
        let chosen = new_password.get_untracked();
        if chosen.chars().count() < MIN_PASSWORD_CHARS {
            error.set(Some(CallError::Status {
                status: 422,
                message: texts(lang.get_untracked()).too_short.to_owned(),
            }));
            return;
        }
        let request = ChangePasswordRequest { current_password: password.get_untracked(), new_password: chosen };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = api::post_ignoring_answer("/api/v1/staff/me/password", &request, lang.get_untracked()).await;
            busy.set(false);
            match answer {
                Ok(()) => {
                    error.set(None);
                    session.check();
                    go_on();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    view! {
        <div class="card narrow">
            <Show
                when=move || must_change.get()
                fallback=move || view! {
                    <h1>{pick(texts, |t| t.title)}</h1>
                    <p class="muted">{pick(texts, |t| t.intro)}</p>
                    <form class="staff-form" on:submit=sign_in.clone() data-testid="sign-in-form">
                        <label for="email">{pick(texts, |t| t.email)}</label>
                        <input id="email" type="email" autocomplete="username" required
                            prop:value=email on:input=move |e| email.set(event_target_value(&e))/>
                        <label for="password">{pick(texts, |t| t.password)}</label>
                        <input id="password" type="password" autocomplete="current-password" required
                            prop:value=password on:input=move |e| password.set(event_target_value(&e))/>
                        <CallErrorNote error=error/>
                        <button class="button" type="submit" disabled=busy>{pick(texts, |t| t.submit)}</button>
                    </form>
                }
            >
                <h1>{pick(texts, |t| t.new_password_title)}</h1>
                <p>{pick(texts, |t| t.new_password_intro)}</p>
                <form class="staff-form" on:submit=change_password.clone() data-testid="new-password-form">
                    <label for="new-password">{pick(texts, |t| t.new_password)}</label>
                    <input id="new-password" type="password" autocomplete="new-password" required
                        aria-describedby="new-password-hint"
                        prop:value=new_password on:input=move |e| new_password.set(event_target_value(&e))/>
                    <p id="new-password-hint" class="muted">{pick(texts, |t| t.new_password_hint)}</p>
                    <CallErrorNote error=error/>
                    <button class="button" type="submit" disabled=busy>{pick(texts, |t| t.new_password_submit)}</button>
                </form>
            </Show>
        </div>
    }
}

/// The server answers a wrong e-mail or password with a 401 and no more: said plainly.
fn wrong_password(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Sai thư điện tử hoặc mật khẩu.",
        Lang::En => "Wrong e-mail or password.",
    }
}
