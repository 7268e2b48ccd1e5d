//! What the staff routes say when they refuse, in Vietnamese and in English.

use shared::answers::Lang;
use shared::staff::roles::Refusal;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffMessage {
    /// 503: the store is not configured (a test server) or cannot be reached.
    StoreUnavailable,
    /// 403: the account may not do this.
    Refused(Refusal),
    /// 404, also for a change the account may not see (it learns nothing of it).
    UnknownChange {
        id: String,
    },
    UnknownRelease {
        number: String,
    },
    /// 422: the edit breaks `count` rules, listed in `problems`.
    InvalidChange {
        count: usize,
    },
    /// 409: nobody may do `action` to a change that is `state`.
    WrongState {
        action: &'static str,
        state: &'static str,
    },
    /// 409: the change request moved on since it was read (another step came first): read it again.
    ChangedMeanwhile {
        id: u64,
    },
    /// 422: an approved change that no longer applies to the data of the latest release.
    ChangeDoesNotApply {
        id: u64,
        record: String,
    },
    /// 409: another open change request of the same record.
    RecordBusy {
        record: String,
        other: u64,
    },
    /// 409: publish with no approved change the account may publish.
    NothingToPublish,
    /// 409: another publish created this release first; nothing was written.
    PublishRaced {
        number: u64,
    },
    /// 422: the changes apply, but the dataset they give fails `count` checks (`first` in English, as
    /// the data check writes it).
    DatasetFailsChecks {
        count: usize,
        first: String,
    },
    /// 409: a rollback to the release served now.
    AlreadyServed {
        number: u64,
    },
    /// 422: a citizen's report with `field` empty or too long.
    BadReport {
        field: &'static str,
    },
    /// 404: no such ticket.
    UnknownReport,
    /// 422: a report linked to a change of another province.
    OtherProvince,
    /// 409: a rebase, though the latest release is built on this binary's dataset already.
    SameBase,
    /// 409: release `number` cannot be loaded by this binary (another dataset format): publish a new base.
    NeedsRebase {
        number: u64,
    },
    /// 409: `count` published changes do not apply on the new base (listed in `conflicts`).
    RebaseConflicts {
        count: usize,
    },
}

impl StaffMessage {
    pub fn text(&self, lang: Lang) -> String {
        use StaffMessage::*;
        match (self, lang) {
            (StoreUnavailable, Lang::Vi) => {
                "Kho dữ liệu của cán bộ đang không truy cập được; chưa ghi gì. Vui lòng thử lại sau.".to_owned()
            }
            (StoreUnavailable, Lang::En) => {
                "The staff store cannot be reached; nothing was written. Try again later.".to_owned()
            }
            (Refused(refusal), Lang::Vi) => format!("Không được phép: {}.", vi_refusal(*refusal)),
            (Refused(refusal), Lang::En) => format!("Not allowed: {refusal}."),
            (UnknownChange { id }, Lang::Vi) => format!("Không có yêu cầu thay đổi số {id}."),
            (UnknownChange { id }, Lang::En) => format!("No change request {id}."),
            (UnknownRelease { number }, Lang::Vi) => format!("Không có bản phát hành số {number}."),
            (UnknownRelease { number }, Lang::En) => format!("No release {number}."),
            (InvalidChange { count }, Lang::Vi) => format!("Thay đổi chưa hợp lệ: {count} lỗi, xem từng trường."),
            (InvalidChange { count }, Lang::En) => format!("The change is not valid: {count} problem(s), by field."),
            (WrongState { action, state }, Lang::Vi) => {
                format!("Yêu cầu đang ở trạng thái {} nên không thể {}.", vi_state(state), vi_action(action))
            }
            (WrongState { action, state }, Lang::En) => format!("A change that is {state} cannot be given {action}."),
            (ChangeDoesNotApply { id, record }, Lang::Vi) => format!(
                "Thay đổi số {id} ({record}) không còn áp dụng được trên dữ liệu hiện tại nên chưa phát hành gì; người duyệt có thể từ chối nó."
            ),
            (ChangeDoesNotApply { id, record }, Lang::En) => format!(
                "Change {id} ({record}) no longer applies to the current data, so nothing was published; a reviewer may reject it."
            ),
            (ChangedMeanwhile { id }, Lang::Vi) => {
                format!("Yêu cầu số {id} vừa thay đổi; hãy tải lại rồi thử lại.")
            }
            (ChangedMeanwhile { id }, Lang::En) => {
                format!("Change request {id} changed meanwhile; reload it and try again.")
            }
            (RecordBusy { record, other }, Lang::Vi) => {
                format!("Bản ghi {record} đang có yêu cầu số {other} chờ xử lý; hãy đợi hoặc rút yêu cầu đó.")
            }
            (RecordBusy { record, other }, Lang::En) => {
                format!("Change request {other} of {record} is still open; wait for it or withdraw it.")
            }
            (NothingToPublish, Lang::Vi) => "Chưa có thay đổi đã duyệt nào để phát hành.".to_owned(),
            (NothingToPublish, Lang::En) => "There is no approved change to publish.".to_owned(),
            (PublishRaced { number }, Lang::Vi) => {
                format!("Bản phát hành số {number} vừa được người khác tạo; chưa ghi gì, hãy phát hành lại.")
            }
            (PublishRaced { number }, Lang::En) => {
                format!("Release {number} was just created by another publish; nothing was written, publish again.")
            }
            (DatasetFailsChecks { count, .. }, Lang::Vi) => {
                format!("Dữ liệu sau khi áp dụng các thay đổi không đạt {count} điều kiện kiểm tra; chưa phát hành.")
            }
            (DatasetFailsChecks { count, first }, Lang::En) => {
                format!("The dataset with these changes fails {count} check(s), first: {first}. Nothing was published.")
            }
            (AlreadyServed { number }, Lang::Vi) => format!("Dữ liệu của bản phát hành số {number} đang được dùng."),
            (AlreadyServed { number }, Lang::En) => format!("The data of release {number} is already served."),
            (BadReport { field }, Lang::Vi) => format!(
                "Báo cáo cần trường {field} không trống và không quá dài (trang {} ký tự, nội dung {}, liên hệ {}).",
                shared::staff::reports::MAX_PAGE_CHARS,
                shared::staff::reports::MAX_MESSAGE_CHARS,
                shared::staff::reports::MAX_CONTACT_CHARS
            ),
            (BadReport { field }, Lang::En) => format!(
                "A report needs {field} to be given and short enough (page {} characters, message {}, contact {}).",
                shared::staff::reports::MAX_PAGE_CHARS,
                shared::staff::reports::MAX_MESSAGE_CHARS,
                shared::staff::reports::MAX_CONTACT_CHARS
            ),
            (NeedsRebase { number }, Lang::Vi) => format!(
                "Phiên bản này không đọc được dữ liệu của bản phát hành số {number}; quản trị viên cần phát hành dữ liệu gốc mới trước."
            ),
            (NeedsRebase { number }, Lang::En) => format!(
                "This version cannot load the data of release {number}; an admin must publish the new base first."
            ),
            (SameBase, Lang::Vi) => "Bản phát hành mới nhất đã dựa trên dữ liệu gốc của phiên bản này.".to_owned(),
            (SameBase, Lang::En) => "The latest release is built on this binary's dataset already.".to_owned(),
            (RebaseConflicts { count }, Lang::Vi) => {
                format!(
                    "{count} thay đổi đã phát hành không áp dụng được trên dữ liệu gốc mới; xem từng thay đổi, rồi bỏ qua hoặc sửa."
                )
            }
            (RebaseConflicts { count }, Lang::En) => {
                format!("{count} published change(s) do not apply on the new base; see each, then drop or fix them.")
            }
            (OtherProvince, Lang::Vi) => "Báo cáo và thay đổi thuộc hai tỉnh khác nhau.".to_owned(),
            (OtherProvince, Lang::En) => "The report and the change are of two different provinces.".to_owned(),
            (UnknownReport, Lang::Vi) => "Không có báo cáo với mã này.".to_owned(),
            (UnknownReport, Lang::En) => "No report with this ticket.".to_owned(),
        }
    }
}

fn vi_refusal(refusal: Refusal) -> &'static str {
    match refusal {
        Refusal::Disabled => "tài khoản đã bị khóa",
        Refusal::Role => "vai trò của tài khoản không làm việc này",
        Refusal::OutsideProvinces => "tỉnh này không thuộc phạm vi của tài khoản",
        Refusal::NotTheAuthor => "chỉ người đề xuất mới làm được việc này",
        Refusal::OwnChange => "người duyệt phải khác người đề xuất",
    }
}

fn vi_state(state: &str) -> &'static str {
    match state {
        "draft" => "nháp",
        "submitted" => "chờ duyệt",
        "approved" => "đã duyệt",
        "rejected" => "bị từ chối",
        "published" => "đã phát hành",
        _ => "đã rút",
    }
}

fn vi_action(action: &str) -> &'static str {
    match action {
        "edit" => "sửa",
        "submit" => "gửi duyệt",
        "approve" => "duyệt",
        "reject" => "từ chối",
        "publish" => "phát hành",
        _ => "rút",
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// One of each, for the check that every message is in one language (`crate::error::messages`).
    pub(crate) fn every_message() -> Vec<StaffMessage> {
        use StaffMessage::*;
        let mut all = vec![
            StoreUnavailable,
            UnknownChange { id: "7".into() },
            UnknownRelease { number: "3".into() },
            InvalidChange { count: 2 },
            RecordBusy { record: "service_centre/00001".into(), other: 4 },
            NothingToPublish,
            ChangedMeanwhile { id: 4 },
            ChangeDoesNotApply { id: 4, record: "service_centre/00001".into() },
            PublishRaced { number: 5 },
            DatasetFailsChecks { count: 1, first: "X".into() },
            AlreadyServed { number: 2 },
            BadReport { field: "message" },
            UnknownReport,
            OtherProvince,
            SameBase,
            NeedsRebase { number: 3 },
            RebaseConflicts { count: 1 },
        ];
        for refusal in
            [Refusal::Disabled, Refusal::Role, Refusal::OutsideProvinces, Refusal::NotTheAuthor, Refusal::OwnChange]
        {
            all.push(Refused(refusal));
        }
        for state in ["draft", "submitted", "approved", "rejected", "published", "withdrawn"] {
            for action in ["edit", "submit", "approve", "reject", "publish", "withdraw"] {
                all.push(WrongState { action, state });
            }
        }
        all
    }
}
