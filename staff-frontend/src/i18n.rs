//! The texts every staff page shares, in Vietnamese (the default) and English. A page's own texts sit in
//! its module, in the same shape. The chosen language is the citizen app's ([`frontend::i18n`]): one
//! choice, remembered in the browser, for both.

use leptos::prelude::*;

pub use frontend::i18n::{Lang, Language, other, provide_language};
use shared::staff::change::ChangeState;
use shared::staff::roles::Role;

use crate::api::CallError;

/// The chosen language, as a signal.
pub fn lang() -> RwSignal<Lang> {
    expect_context::<Language>().0
}

/// One text of the chosen language out of a page's pair of tables, as a reactive view or attribute.
pub fn pick<T: 'static + Send + Sync>(
    table: fn(Lang) -> &'static T,
    select: fn(&T) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = lang();
    move || select(table(lang.get()))
}

pub struct Common {
    pub app_name: &'static str,
    pub skip_to_content: &'static str,
    pub switch_language: &'static str,
    pub nav_label: &'static str,
    pub nav_province: &'static str,
    pub nav_changes: &'static str,
    pub nav_reports: &'static str,
    pub nav_releases: &'static str,
    pub nav_accounts: &'static str,
    pub nav_more: &'static str,
    pub sign_out: &'static str,
    pub signed_in_as: &'static str,
    pub loading: &'static str,
    pub retry: &'static str,
    pub save: &'static str,
    pub cancel: &'static str,
    pub required: &'static str,
    pub unknown: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub error_network: &'static str,
    pub error_decode: &'static str,
    pub error_status: fn(u16) -> String,
    pub error_signed_out: &'static str,
    pub error_too_many: fn(Option<u64>) -> String,
    pub error_invalid: &'static str,
    pub draft_restored: &'static str,
    pub role_admin: &'static str,
    pub role_editor: &'static str,
    pub role_reviewer: &'static str,
    pub state_draft: &'static str,
    pub state_submitted: &'static str,
    pub state_approved: &'static str,
    pub state_rejected: &'static str,
    pub state_published: &'static str,
    pub state_withdrawn: &'static str,
    pub citizen_site: &'static str,
}

const VI: Common = Common {
    app_name: "Xã Mới — Quản trị",
    skip_to_content: "Bỏ qua, đến nội dung chính",
    switch_language: "English",
    nav_label: "Mục quản trị",
    nav_province: "Tỉnh của tôi",
    nav_changes: "Đề xuất và duyệt",
    nav_reports: "Phản ánh",
    nav_releases: "Phát hành",
    nav_accounts: "Tài khoản",
    nav_more: "Thay đổi khác",
    sign_out: "Đăng xuất",
    signed_in_as: "Đang đăng nhập:",
    loading: "Đang tải…",
    retry: "Thử lại",
    save: "Lưu",
    cancel: "Hủy",
    required: "(bắt buộc)",
    unknown: "Chưa rõ",
    not_found_title: "Không tìm thấy trang",
    not_found_text: "Trang này không có, hoặc bạn không có quyền xem.",
    error_network: "Không kết nối được máy chủ. Nội dung bạn đã nhập vẫn còn; hãy thử lại.",
    error_decode: "Máy chủ trả lời không đọc được. Hãy tải lại trang.",
    error_status: |status| format!("Máy chủ báo lỗi ({status}). Hãy thử lại sau."),
    error_signed_out: "Phiên đăng nhập đã hết. Hãy đăng nhập lại; nội dung đang nhập được giữ lại.",
    error_too_many: |after| match after {
        Some(seconds) => format!("Quá nhiều lần thử. Hãy thử lại sau {seconds} giây."),
        None => "Quá nhiều lần thử. Hãy thử lại sau ít phút.".to_owned(),
    },
    error_invalid: "Có trường chưa hợp lệ; xem thông báo bên cạnh từng trường.",
    draft_restored: "Đã khôi phục nội dung bạn nhập lần trước (chưa được gửi).",
    role_admin: "Quản trị viên",
    role_editor: "Biên tập viên",
    role_reviewer: "Người duyệt",
    state_draft: "Bản nháp",
    state_submitted: "Chờ duyệt",
    state_approved: "Đã duyệt, chờ phát hành",
    state_rejected: "Bị trả lại",
    state_published: "Đã phát hành",
    state_withdrawn: "Đã rút",
    citizen_site: "Trang tra cứu cho người dân",
};

const EN: Common = Common {
    app_name: "Xã Mới — Staff",
    skip_to_content: "Skip to the main content",
    switch_language: "Tiếng Việt",
    nav_label: "Staff sections",
    nav_province: "My province",
    nav_changes: "Changes and review",
    nav_reports: "Citizen reports",
    nav_releases: "Releases",
    nav_accounts: "Accounts",
    nav_more: "Other changes",
    sign_out: "Sign out",
    signed_in_as: "Signed in as",
    loading: "Loading…",
    retry: "Try again",
    save: "Save",
    cancel: "Cancel",
    required: "(required)",
    unknown: "Unknown",
    not_found_title: "Page not found",
    not_found_text: "This page does not exist, or you may not see it.",
    error_network: "Cannot reach the server. What you typed is kept; try again.",
    error_decode: "The server's answer could not be read. Reload the page.",
    error_status: |status| format!("The server reported an error ({status}). Try again later."),
    error_signed_out: "Your session has ended. Sign in again; what you were typing is kept.",
    error_too_many: |after| match after {
        Some(seconds) => format!("Too many attempts. Try again in {seconds} seconds."),
        None => "Too many attempts. Try again in a few minutes.".to_owned(),
    },
    error_invalid: "Some fields are not valid; see the message beside each.",
    draft_restored: "What you typed last time (not yet sent) has been restored.",
    role_admin: "Administrator",
    role_editor: "Editor",
    role_reviewer: "Reviewer",
    state_draft: "Draft",
    state_submitted: "Awaiting review",
    state_approved: "Approved, awaiting publication",
    state_rejected: "Sent back",
    state_published: "Published",
    state_withdrawn: "Withdrawn",
    citizen_site: "The citizens' site",
};

pub fn common(lang: Lang) -> &'static Common {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

/// One shared text of the chosen language: `{tr(|t| t.retry)}`.
pub fn tr(select: fn(&Common) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    pick(common, select)
}

impl Common {
    /// What to say when a call failed: the server's own sentence where it gave one (it is written in
    /// the reader's language), else ours.
    pub fn call_error(&self, error: &CallError) -> String {
        match error {
            CallError::Network => self.error_network.to_owned(),
            CallError::Decode => self.error_decode.to_owned(),
            CallError::SignedOut => self.error_signed_out.to_owned(),
            CallError::TooMany { retry_after, .. } => (self.error_too_many)(*retry_after),
            CallError::Invalid { message, .. } if !message.is_empty() => message.clone(),
            CallError::Invalid { .. } => self.error_invalid.to_owned(),
            CallError::Status { message, .. } if !message.is_empty() => message.clone(),
            CallError::Status { status, .. } => (self.error_status)(*status),
        }
    }

    pub fn role(&self, role: Role) -> &'static str {
        match role {
            Role::Admin => self.role_admin,
            Role::Editor => self.role_editor,
            Role::Reviewer => self.role_reviewer,
        }
    }

    pub fn state(&self, state: &ChangeState) -> &'static str {
        match state {
            ChangeState::Draft => self.state_draft,
            ChangeState::Submitted => self.state_submitted,
            ChangeState::Approved => self.state_approved,
            ChangeState::Rejected { .. } => self.state_rejected,
            ChangeState::Published => self.state_published,
            ChangeState::Withdrawn => self.state_withdrawn,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_told_in_the_reader_s_language() {
        assert!(common(Lang::Vi).call_error(&CallError::Network).starts_with("Không kết nối được"));
        assert!(common(Lang::En).call_error(&CallError::Network).starts_with("Cannot reach"));
        let too_many = CallError::TooMany { message: String::new(), retry_after: Some(30) };
        assert!(common(Lang::Vi).call_error(&too_many).contains("30 giây"));
        assert!(common(Lang::En).call_error(&too_many).contains("30 seconds"));
        let server = CallError::Status { status: 409, message: "Đề xuất số 3 đang chờ duyệt.".into() };
        assert_eq!(common(Lang::Vi).call_error(&server), "Đề xuất số 3 đang chờ duyệt.");
        let bare = CallError::Status { status: 503, message: String::new() };
        assert!(common(Lang::En).call_error(&bare).contains("503"));
    }

    #[test]
    fn every_state_and_role_has_a_name_in_both_languages() {
        for lang in [Lang::Vi, Lang::En] {
            let t = common(lang);
            for role in [Role::Admin, Role::Editor, Role::Reviewer] {
                assert!(!t.role(role).is_empty());
            }
            assert_ne!(t.state(&ChangeState::Draft), t.state(&ChangeState::Submitted));
        }
        assert_ne!(common(Lang::Vi).sign_out, common(Lang::En).sign_out);
    }
}
