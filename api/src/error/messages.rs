//! What an error says, kept as data (a [`Message`] and its parameters) until the reader's language is
//! known, then written in that one language: every sentence is here in Vietnamese and in English, and
//! none mixes the two (a test renders each in both).

use shared::answers::Lang;
use shared::model::CodeKind;

/// Why a request, or one row of a batch, has no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    // 400
    /// A code in the path is not a code of the kind the route takes.
    MalformedCode {
        kind: CodeKind,
        text: String,
    },
    /// A procedure code is not a digit, a dot and six digits.
    MalformedProcedureCode {
        text: String,
    },
    /// `limit` out of range.
    BadLimit {
        max: usize,
    },
    /// `online` is not one of the levels.
    BadOnlineLevel {
        text: String,
    },
    /// `origin` is not a site's origin (`http(s)://host[:port]`, nothing more).
    BadOrigin {
        text: String,
    },
    /// `lat` and `lon` are numbers, but not a point of the Earth (WGS 84 degrees).
    BadPoint {
        lat: String,
        lon: String,
    },
    /// The body is not JSON (`details`: axum's English explanation, with the position).
    InvalidJson {
        details: String,
    },
    /// The query string does not parse (`details`: axum's English explanation).
    InvalidQuery {
        details: String,
    },
    /// The body could not be read.
    UnreadableBody {
        details: String,
    },
    /// A JSON batch that is not an array (`details`: serde's English explanation, with the position).
    NotJsonArray {
        details: String,
    },
    /// A CSV batch whose header row does not read.
    UnreadableCsv {
        details: String,
    },
    /// A CSV batch without an `address` column.
    NoAddressColumn,
    /// A 400 that no handler explained (e.g. a path that is not UTF-8).
    InvalidRequest,
    /// A batch's `column` that is not a header of the CSV or the worksheet.
    ColumnNotInHeader {
        column: String,
    },
    /// An Excel batch that is not a zip, or a zip that is not a workbook.
    NotXlsx,
    /// An Excel batch that is a password-protected workbook.
    XlsxEncrypted,
    /// An Excel batch that is a workbook but does not read (`details`: calamine's English explanation).
    UnreadableXlsx {
        details: String,
    },
    /// A workbook without a worksheet (only chart sheets, say).
    NoWorksheet,
    /// A workbook whose first worksheet has no cell.
    EmptyWorksheet,
    /// A worksheet whose header row has no `address` column.
    XlsxNoAddressColumn,
    // 404
    /// A well-formed code of no unit of that kind.
    UnknownCode {
        kind: CodeKind,
        code: String,
    },
    UnknownProcedure {
        code: String,
    },
    /// A commune of the dataset whose boundary no source gives (one created after the boundaries' date).
    NoBoundary {
        code: String,
    },
    UnknownSnapshot {
        current: String,
    },
    UnknownRoute {
        path: String,
    },
    /// A 404 that no handler explained.
    NotFound,
    // 405
    MethodNotAllowed {
        method: String,
        path: String,
    },
    // 408
    Timeout,
    // 413
    BodyTooLarge,
    TooManyRows {
        max: usize,
    },
    /// A workbook that would take more than `max` MB to read and write.
    XlsxTooLarge {
        max: usize,
    },
    /// A worksheet with a cell past column `max` (the answer's columns would not fit).
    TooManyColumns {
        max: usize,
    },
    // 415
    NotJson,
    NotJsonCsvOrXlsx,
    // 422
    /// JSON of the wrong shape (`details`: axum's English explanation, with the position).
    UnexpectedJson {
        details: String,
    },
    /// Free text over the limit; `field` is the parameter's name.
    TooLong {
        field: &'static str,
        max: usize,
    },
    // 500
    Internal,
    /// Any other status that no handler explained.
    OtherStatus {
        status: u16,
    },
    // One row of a batch (the batch goes on).
    NoAddressText,
    AddressTooLong {
        max: usize,
    },
    MalformedCsvRow {
        details: String,
    },
    TooManyFields,
    /// A quoted field that does not close on its own line (it would swallow the rows after it).
    UnbalancedQuote {
        line: u64,
    },
    /// The batch's time budget ran out before this row was converted.
    BatchBudgetExceeded {
        seconds: u64,
    },
    // 414, 431
    UriTooLong {
        max: usize,
    },
    HeadersTooLarge,
    // 429
    RateLimited {
        retry_after: u64,
    },
    // 503
    /// Too many requests in progress: shed before any work was done.
    Overloaded {
        retry_after: u64,
    },
    /// Too many batches in progress.
    BatchesBusy {
        retry_after: u64,
    },
    // Staff: sign-in and accounts
    /// 401: no session cookie, or one that does not verify.
    NoSession,
    /// 401: the session is past its end.
    SessionExpired,
    /// 401: the account of the session is disabled or gone, or its password changed since.
    SessionEnded,
    /// 401: wrong e-mail or password (never which).
    BadCredentials,
    /// 403: a staff write without the `X-Requested-With: xa-moi` header.
    CsrfHeaderMissing,
    /// 403: accounts are managed by admins only.
    AdminsOnly,
    /// 403: the current password given to change it is wrong.
    WrongPassword,
    /// 429: too many failed sign-ins for this account or from this address.
    SignInThrottled {
        retry_after: u64,
    },
    /// 422 (400 in a path): not an e-mail address.
    BadEmail {
        text: String,
    },
    /// 422: a new province code of no province.
    UnknownProvince {
        code: String,
    },
    /// 422: an editor or reviewer without a province.
    NoProvinces,
    /// 422: a new password shorter than `min` characters.
    PasswordTooShort {
        min: usize,
    },
    /// 409: an invitation for an e-mail that has an account.
    AccountExists {
        email: String,
    },
    /// 404: no account with this e-mail.
    UnknownAccount {
        email: String,
    },
    /// 409: an admin disabling themself or giving up their own admin role.
    OwnAdminAccount,
    // End of staff: sign-in and accounts
    /// Change requests, review, publishing and releases (`crate::staff::messages`).
    Staff(crate::staff::messages::StaffMessage),
}

impl Message {
    /// The sentence in `lang`. Details that come in English only (from serde, csv or axum) are in the
    /// English sentence; the Vietnamese one says the same in its own words, with the position if known.
    pub fn text(&self, lang: Lang) -> String {
        use Message::*;
        match (self, lang) {
            (Staff(message), lang) => message.text(lang),
            (MalformedCode { kind, text }, Lang::Vi) => {
                format!("Mã {} gồm {} chữ số: {text:?}", vi_kind(*kind), kind.digits())
            }
            (MalformedCode { kind, text }, Lang::En) => {
                format!("The {} code has {} digits: {text:?}", kind.name(), kind.digits())
            }
            (MalformedProcedureCode { text }, Lang::Vi) => {
                format!("Mã thủ tục gồm một chữ số, dấu chấm và sáu chữ số (vd. 1.001193): {text:?}")
            }
            (MalformedProcedureCode { text }, Lang::En) => {
                format!("A procedure code is a digit, a dot and six digits (e.g. 1.001193): {text:?}")
            }
            (BadLimit { max }, Lang::Vi) => format!("Giá trị của \"limit\" phải từ 1 đến {max}."),
            (BadLimit { max }, Lang::En) => format!("The value of \"limit\" must be between 1 and {max}."),
            (BadOnlineLevel { text }, Lang::Vi) => {
                format!("Giá trị của \"online\" phải là full, partial, in_person hoặc unknown: {text:?}")
            }
            (BadOnlineLevel { text }, Lang::En) => {
                format!("The value of \"online\" must be full, partial, in_person or unknown: {text:?}")
            }
            (BadOrigin { text }, Lang::Vi) => format!(
                "Giá trị của \"origin\" phải là địa chỉ gốc của trang, dạng http(s)://tên-máy[:cổng], không kèm \
                 đường dẫn hay tham số, tối đa 100 ký tự: {text:?}"
            ),
            (BadOrigin { text }, Lang::En) => format!(
                "The value of \"origin\" must be a site's origin, http(s)://host[:port], without a path, query or user \
                 name, at most 100 characters: {text:?}"
            ),
            (BadPoint { lat, lon }, Lang::Vi) => {
                format!("Vĩ độ phải từ -90 đến 90 và kinh độ từ -180 đến 180 (độ, WGS 84): {lat}, {lon}")
            }
            (BadPoint { lat, lon }, Lang::En) => {
                format!(
                    "The latitude must be between -90 and 90 and the longitude between -180 and 180 (degrees, WGS 84): {lat}, {lon}"
                )
            }
            (NoBoundary { code }, Lang::Vi) => format!("Chưa có nguồn nào cho ranh giới của xã mã {code}."),
            (NoBoundary { code }, Lang::En) => format!("No source gives the boundary of commune {code} yet."),
            (InvalidJson { details }, Lang::Vi) => {
                format!("Nội dung gửi lên không phải JSON hợp lệ{}.", vi_position(details))
            }
            (InvalidJson { details }, Lang::En) => details.clone(),
            (InvalidQuery { .. }, Lang::Vi) => "Tham số trên đường dẫn không hợp lệ.".into(),
            (InvalidQuery { details }, Lang::En) => details.clone(),
            (UnreadableBody { .. }, Lang::Vi) => "Không đọc được nội dung gửi lên.".into(),
            (UnreadableBody { details }, Lang::En) => details.clone(),
            (NotJsonArray { details }, Lang::Vi) => {
                format!("Cần một mảng JSON các địa chỉ{}.", vi_position(details))
            }
            (NotJsonArray { details }, Lang::En) => format!("Expected a JSON array of addresses: {details}"),
            (UnreadableCsv { .. }, Lang::Vi) => "Không đọc được dòng tiêu đề của CSV; hãy lưu tệp ở dạng UTF-8.".into(),
            (UnreadableCsv { details }, Lang::En) => format!("Unreadable CSV: {details}"),
            (NoAddressColumn, Lang::Vi) => "CSV cần một cột tên \"address\".".into(),
            (NoAddressColumn, Lang::En) => "The CSV needs a column named \"address\".".into(),
            (ColumnNotInHeader { column }, Lang::Vi) => format!("Dòng tiêu đề không có cột tên {column:?}."),
            (ColumnNotInHeader { column }, Lang::En) => format!("The header row has no column named {column:?}."),
            (NotXlsx, Lang::Vi) => "Tệp này không phải tệp Excel .xlsx; hãy lưu lại ở định dạng .xlsx.".into(),
            (NotXlsx, Lang::En) => "This file is not an Excel workbook (.xlsx); save it as .xlsx.".into(),
            (XlsxEncrypted, Lang::Vi) => "Tệp Excel có mật khẩu; hãy gỡ mật khẩu rồi gửi lại.".into(),
            (XlsxEncrypted, Lang::En) => {
                "The workbook is password-protected; remove the password and send it again.".into()
            }
            (UnreadableXlsx { .. }, Lang::Vi) => {
                "Tệp Excel bị hỏng, không đọc được; hãy mở và lưu lại bằng Excel.".into()
            }
            (UnreadableXlsx { details }, Lang::En) => format!("The workbook is damaged: {details}"),
            (NoWorksheet, Lang::Vi) => "Tệp Excel không có trang tính nào.".into(),
            (NoWorksheet, Lang::En) => "The workbook has no worksheet.".into(),
            (EmptyWorksheet, Lang::Vi) => "Trang tính đầu tiên của tệp Excel đang trống.".into(),
            (EmptyWorksheet, Lang::En) => "The first worksheet of the workbook is empty.".into(),
            (XlsxNoAddressColumn, Lang::Vi) => {
                "Dòng đầu của trang tính cần một cột tên \"address\", hoặc hãy chỉ rõ cột bằng tham số column=.".into()
            }
            (XlsxNoAddressColumn, Lang::En) => {
                "The first row of the worksheet needs a column named \"address\", or name the column with column=."
                    .into()
            }
            (InvalidRequest, Lang::Vi) => "Yêu cầu không hợp lệ.".into(),
            (InvalidRequest, Lang::En) => "Invalid request.".into(),
            (UnknownCode { kind, code }, Lang::Vi) => format!("Không có {} mã {code}.", vi_kind(*kind)),
            (UnknownCode { kind, code }, Lang::En) => format!("No {} with code {code}.", kind.name()),
            (UnknownProcedure { code }, Lang::Vi) => format!("Không có thủ tục mã {code} trong danh mục."),
            (UnknownProcedure { code }, Lang::En) => format!("No procedure with code {code} in the catalogue."),
            (UnknownSnapshot { current }, Lang::Vi) => {
                format!("Không có bản dữ liệu này; bản hiện tại là {current}.")
            }
            (UnknownSnapshot { current }, Lang::En) => format!("No such snapshot; the current one is {current}."),
            (UnknownRoute { path }, Lang::Vi) => format!("Không có đường dẫn API này: {path}"),
            (UnknownRoute { path }, Lang::En) => format!("No such API route: {path}"),
            (NotFound, Lang::Vi) => "Không tìm thấy.".into(),
            (NotFound, Lang::En) => "Not found.".into(),
            (MethodNotAllowed { method, path }, Lang::Vi) => format!("Không dùng được {method} ở {path}."),
            (MethodNotAllowed { method, path }, Lang::En) => format!("{method} is not allowed on {path}."),
            (Timeout, Lang::Vi) => "Máy chủ trả lời quá lâu; vui lòng thử lại.".into(),
            (Timeout, Lang::En) => "The server took too long; please try again.".into(),
            (BodyTooLarge, Lang::Vi) => "Nội dung gửi lên quá lớn.".into(),
            (BodyTooLarge, Lang::En) => "The request body is too large.".into(),
            (TooManyRows { max }, Lang::Vi) => format!("Tối đa {max} dòng mỗi lần."),
            (TooManyRows { max }, Lang::En) => format!("At most {max} rows per batch."),
            (XlsxTooLarge { max }, Lang::Vi) => {
                format!(
                    "Tệp Excel chứa quá nhiều dữ liệu để chuyển đổi một lần (tối đa {max} MB khi đọc); hãy chia nhỏ tệp."
                )
            }
            (XlsxTooLarge { max }, Lang::En) => {
                format!("The workbook holds too much data to convert at once (at most {max} MB once read); split it.")
            }
            (TooManyColumns { max }, Lang::Vi) => {
                format!("Trang tính có ô ở sau cột thứ {max}; kết quả cần thêm 6 cột sau cột cuối.")
            }
            (TooManyColumns { max }, Lang::En) => {
                format!("The worksheet has a cell past column {max}; the answer adds 6 columns after the last one.")
            }
            (NotJson, Lang::Vi) => "Hãy gửi JSON với Content-Type: application/json.".into(),
            (NotJson, Lang::En) => "Send JSON with Content-Type: application/json.".into(),
            (NotJsonCsvOrXlsx, Lang::Vi) => "Hãy gửi JSON (application/json), CSV (text/csv) hoặc tệp Excel .xlsx \
                (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)."
                .into(),
            (NotJsonCsvOrXlsx, Lang::En) => "Send JSON (application/json), CSV (text/csv) or an Excel workbook \
                (.xlsx, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)."
                .into(),
            (UnexpectedJson { details }, Lang::Vi) => {
                format!("JSON không đúng dạng yêu cầu{}.", vi_position(details))
            }
            (UnexpectedJson { details }, Lang::En) => details.clone(),
            (TooLong { field, max }, Lang::Vi) => format!("Giá trị của \"{field}\" dài quá {max} ký tự."),
            (TooLong { field, max }, Lang::En) => {
                format!("The value of \"{field}\" is longer than {max} characters.")
            }
            (Internal, Lang::Vi) => "Lỗi máy chủ; vui lòng thử lại sau.".into(),
            (Internal, Lang::En) => "Server error; please try again later.".into(),
            (OtherStatus { status }, Lang::Vi) => format!("Không trả lời được yêu cầu này (mã HTTP {status})."),
            (OtherStatus { status }, Lang::En) => format!("The request could not be answered (HTTP status {status})."),
            (NoAddressText, Lang::Vi) => "Dòng này không có địa chỉ dạng chữ.".into(),
            (NoAddressText, Lang::En) => "This row has no address text.".into(),
            (AddressTooLong { max }, Lang::Vi) => format!("Địa chỉ dài quá {max} ký tự."),
            (AddressTooLong { max }, Lang::En) => format!("The address is longer than {max} characters."),
            (MalformedCsvRow { .. }, Lang::Vi) => "Dòng CSV này không đọc được; hãy lưu tệp ở dạng UTF-8.".into(),
            (MalformedCsvRow { details }, Lang::En) => format!("Malformed CSV row: {details}"),
            (TooManyFields, Lang::Vi) => "Dòng có nhiều cột hơn tiêu đề; hãy đặt địa chỉ trong ngoặc kép.".into(),
            (TooManyFields, Lang::En) => "More fields than columns; quote the address.".into(),
            (UnbalancedQuote { line }, Lang::Vi) => {
                format!("Dòng {line} mở ngoặc kép mà không đóng trên cùng dòng; hãy sửa dấu ngoặc kép.")
            }
            (UnbalancedQuote { line }, Lang::En) => {
                format!("Line {line} opens a quote that does not close on that line; fix the quotes.")
            }
            (BatchBudgetExceeded { seconds }, Lang::Vi) => {
                format!("Chưa chuyển đổi: đã hết {seconds} giây dành cho một lần gửi; hãy gửi phần còn lại riêng.")
            }
            (BatchBudgetExceeded { seconds }, Lang::En) => {
                format!("Not converted: the batch used up its {seconds} seconds; send the remaining rows again.")
            }
            (UriTooLong { max }, Lang::Vi) => format!("Đường dẫn dài quá {max} byte."),
            (UriTooLong { max }, Lang::En) => format!("The URI is longer than {max} bytes."),
            (HeadersTooLarge, Lang::Vi) => "Phần đầu của yêu cầu quá lớn.".into(),
            (HeadersTooLarge, Lang::En) => "The request headers are too large.".into(),
            (RateLimited { retry_after }, Lang::Vi) => {
                format!("Bạn gửi quá nhiều yêu cầu; hãy thử lại sau {retry_after} giây.")
            }
            (RateLimited { retry_after }, Lang::En) => {
                format!("Too many requests from you; try again in {retry_after} seconds.")
            }
            (Overloaded { retry_after }, Lang::Vi) => {
                format!("Máy chủ đang quá tải; hãy thử lại sau {retry_after} giây.")
            }
            (Overloaded { retry_after }, Lang::En) => {
                format!("The server is busy; try again in {retry_after} seconds.")
            }
            (BatchesBusy { retry_after }, Lang::Vi) => {
                format!("Đang có quá nhiều lô địa chỉ được xử lý; hãy gửi lại sau {retry_after} giây.")
            }
            (BatchesBusy { retry_after }, Lang::En) => {
                format!("Too many batches are being converted; send it again in {retry_after} seconds.")
            }
            // Staff: sign-in and accounts
            (NoSession, Lang::Vi) => "Bạn cần đăng nhập.".into(),
            (NoSession, Lang::En) => "You need to sign in.".into(),
            (SessionExpired, Lang::Vi) => "Phiên đăng nhập đã hết hạn; hãy đăng nhập lại.".into(),
            (SessionExpired, Lang::En) => "Your session has expired; sign in again.".into(),
            (SessionEnded, Lang::Vi) => "Phiên đăng nhập đã kết thúc; hãy đăng nhập lại.".into(),
            (SessionEnded, Lang::En) => "Your session has ended; sign in again.".into(),
            (BadCredentials, Lang::Vi) => "Sai e-mail hoặc mật khẩu.".into(),
            (BadCredentials, Lang::En) => "Wrong e-mail or password.".into(),
            (CsrfHeaderMissing, Lang::Vi) => {
                "Yêu cầu ghi thiếu tiêu đề chống giả mạo của trang cán bộ (xa-moi).".into()
            }
            (CsrfHeaderMissing, Lang::En) => "A write needs the header X-Requested-With: xa-moi.".into(),
            (AdminsOnly, Lang::Vi) => "Chỉ quản trị viên mới quản lý được tài khoản.".into(),
            (AdminsOnly, Lang::En) => "Only an admin manages accounts.".into(),
            (WrongPassword, Lang::Vi) => "Mật khẩu hiện tại không đúng.".into(),
            (WrongPassword, Lang::En) => "The current password is wrong.".into(),
            (SignInThrottled { retry_after }, Lang::Vi) => {
                format!("Đăng nhập sai quá nhiều lần; hãy thử lại sau {retry_after} giây.")
            }
            (SignInThrottled { retry_after }, Lang::En) => {
                format!("Too many failed sign-ins; try again in {retry_after} seconds.")
            }
            (BadEmail { text }, Lang::Vi) => format!("Địa chỉ e-mail không hợp lệ: {text:?}"),
            (BadEmail { text }, Lang::En) => format!("Not an e-mail address: {text:?}"),
            (UnknownProvince { code }, Lang::Vi) => format!("Không có tỉnh mới mã {code}."),
            (UnknownProvince { code }, Lang::En) => format!("No new province with code {code}."),
            (NoProvinces, Lang::Vi) => "Biên tập viên và người duyệt cần ít nhất một tỉnh.".into(),
            (NoProvinces, Lang::En) => "An editor or reviewer needs at least one province.".into(),
            (PasswordTooShort { min }, Lang::Vi) => format!("Mật khẩu mới cần ít nhất {min} ký tự."),
            (PasswordTooShort { min }, Lang::En) => format!("The new password needs at least {min} characters."),
            (AccountExists { email }, Lang::Vi) => format!("Đã có tài khoản {email}."),
            (AccountExists { email }, Lang::En) => format!("An account {email} exists already."),
            (UnknownAccount { email }, Lang::Vi) => format!("Không có tài khoản {email}."),
            (UnknownAccount { email }, Lang::En) => format!("No account {email}."),
            (OwnAdminAccount, Lang::Vi) => "Quản trị viên không tự khóa hay tự bỏ quyền quản trị của mình được.".into(),
            (OwnAdminAccount, Lang::En) => {
                "An admin cannot disable their own account or give up their own admin role.".into()
            } // End of staff: sign-in and accounts
        }
    }
}

/// What a code names, in Vietnamese ("xã cũ"); [`CodeKind::name`] is the English.
fn vi_kind(kind: CodeKind) -> &'static str {
    match kind {
        CodeKind::OldCommune => "xã cũ",
        CodeKind::NewCommune => "xã mới",
        CodeKind::OldDistrict => "huyện cũ",
        CodeKind::OldProvince => "tỉnh cũ",
        CodeKind::Province => "tỉnh",
    }
}

/// " (dòng 1, cột 12)" from serde_json's English "… at line 1 column 12"; nothing when it has no position.
fn vi_position(details: &str) -> String {
    let position = details.rsplit_once(" at line ").and_then(|(_, rest)| {
        let (line, column) = rest.split_once(" column ")?;
        Some((line.parse::<u64>().ok()?, column.trim_end().parse::<u64>().ok()?))
    });
    match position {
        Some((line, column)) => format!(" (dòng {line}, cột {column})"),
        None => String::new(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// One of each message, with plain ASCII parameters, so that every other letter comes from the
    /// sentence itself.
    pub(crate) fn every_message() -> Vec<Message> {
        let word = || "X".to_owned();
        let details = || "Failed to parse X at line 1 column 2".to_owned();
        vec![
            Message::MalformedCode { kind: CodeKind::OldCommune, text: word() },
            Message::MalformedCode { kind: CodeKind::NewCommune, text: word() },
            Message::MalformedCode { kind: CodeKind::OldDistrict, text: word() },
            Message::MalformedCode { kind: CodeKind::OldProvince, text: word() },
            Message::MalformedCode { kind: CodeKind::Province, text: word() },
            Message::MalformedProcedureCode { text: word() },
            Message::BadLimit { max: 50 },
            Message::BadOnlineLevel { text: word() },
            Message::BadOrigin { text: word() },
            Message::BadPoint { lat: "91".into(), lon: "0".into() },
            Message::NoBoundary { code: "99999".into() },
            Message::InvalidJson { details: details() },
            Message::InvalidQuery { details: details() },
            Message::UnreadableBody { details: details() },
            Message::NotJsonArray { details: details() },
            Message::UnreadableCsv { details: details() },
            Message::NoAddressColumn,
            Message::InvalidRequest,
            Message::ColumnNotInHeader { column: word() },
            Message::NotXlsx,
            Message::XlsxEncrypted,
            Message::UnreadableXlsx { details: details() },
            Message::NoWorksheet,
            Message::EmptyWorksheet,
            Message::XlsxNoAddressColumn,
            Message::XlsxTooLarge { max: 128 },
            Message::TooManyColumns { max: 16_378 },
            Message::UnknownCode { kind: CodeKind::OldCommune, code: "99999".into() },
            Message::UnknownCode { kind: CodeKind::Province, code: "99".into() },
            Message::UnknownProcedure { code: "9.999999".into() },
            Message::UnknownSnapshot { current: word() },
            Message::UnknownRoute { path: "/api/x".into() },
            Message::NotFound,
            Message::MethodNotAllowed { method: "DELETE".into(), path: "/api/x".into() },
            Message::Timeout,
            Message::BodyTooLarge,
            Message::TooManyRows { max: 10_000 },
            Message::NotJson,
            Message::NotJsonCsvOrXlsx,
            Message::UnexpectedJson { details: details() },
            Message::TooLong { field: "address", max: 500 },
            Message::Internal,
            Message::OtherStatus { status: 418 },
            Message::NoAddressText,
            Message::AddressTooLong { max: 500 },
            Message::MalformedCsvRow { details: details() },
            Message::TooManyFields,
            Message::UnbalancedQuote { line: 3 },
            Message::BatchBudgetExceeded { seconds: 8 },
            Message::UriTooLong { max: 8192 },
            Message::HeadersTooLarge,
            Message::RateLimited { retry_after: 2 },
            Message::Overloaded { retry_after: 1 },
            Message::BatchesBusy { retry_after: 5 },
            // Staff: sign-in and accounts
            Message::NoSession,
            Message::SessionExpired,
            Message::SessionEnded,
            Message::BadCredentials,
            Message::CsrfHeaderMissing,
            Message::AdminsOnly,
            Message::WrongPassword,
            Message::SignInThrottled { retry_after: 60 },
            Message::BadEmail { text: word() },
            Message::UnknownProvince { code: "99".into() },
            Message::NoProvinces,
            Message::PasswordTooShort { min: 12 },
            Message::AccountExists { email: "a@example.org".into() },
            Message::UnknownAccount { email: "a@example.org".into() },
            Message::OwnAdminAccount,
        ]
        .into_iter()
        .chain(crate::staff::messages::tests::every_message().into_iter().map(Message::Staff))
        .collect()
    }

    /// Which variant a message is: a match without a wildcard, so that a new variant must be given a
    /// number here, and then [`every_message`] must hold one of it.
    fn variant(message: &Message) -> usize {
        use Message::*;
        match message {
            MalformedCode { .. } => 0,
            MalformedProcedureCode { .. } => 1,
            BadLimit { .. } => 2,
            BadOnlineLevel { .. } => 3,
            InvalidJson { .. } => 4,
            InvalidQuery { .. } => 5,
            UnreadableBody { .. } => 6,
            NotJsonArray { .. } => 7,
            UnreadableCsv { .. } => 8,
            NoAddressColumn => 9,
            InvalidRequest => 10,
            UnknownCode { .. } => 11,
            UnknownProcedure { .. } => 12,
            UnknownSnapshot { .. } => 13,
            UnknownRoute { .. } => 14,
            NotFound => 15,
            MethodNotAllowed { .. } => 16,
            Timeout => 17,
            BodyTooLarge => 18,
            TooManyRows { .. } => 19,
            NotJson => 20,
            NotJsonCsvOrXlsx => 21,
            UnexpectedJson { .. } => 22,
            TooLong { .. } => 23,
            Internal => 24,
            OtherStatus { .. } => 25,
            NoAddressText => 26,
            AddressTooLong { .. } => 27,
            MalformedCsvRow { .. } => 28,
            TooManyFields => 29,
            UnbalancedQuote { .. } => 30,
            BatchBudgetExceeded { .. } => 31,
            UriTooLong { .. } => 32,
            HeadersTooLarge => 33,
            RateLimited { .. } => 34,
            Overloaded { .. } => 35,
            BatchesBusy { .. } => 36,
            // Staff: sign-in and accounts (numbered from 100, apart from the others)
            NoSession => 100,
            SessionExpired => 101,
            SessionEnded => 102,
            BadCredentials => 103,
            CsrfHeaderMissing => 104,
            AdminsOnly => 105,
            WrongPassword => 106,
            SignInThrottled { .. } => 107,
            BadEmail { .. } => 108,
            UnknownProvince { .. } => 109,
            NoProvinces => 110,
            PasswordTooShort { .. } => 111,
            AccountExists { .. } => 112,
            UnknownAccount { .. } => 113,
            OwnAdminAccount => 114,
            Staff(_) => 37,
            BadOrigin { .. } => 38,
            BadPoint { .. } => 39,
            NoBoundary { .. } => 40,
            ColumnNotInHeader { .. } => 41,
            NotXlsx => 42,
            XlsxEncrypted => 43,
            UnreadableXlsx { .. } => 44,
            NoWorksheet => 45,
            EmptyWorksheet => 46,
            XlsxNoAddressColumn => 47,
            XlsxTooLarge { .. } => 48,
            TooManyColumns { .. } => 49,
        }
    }
    const VARIANTS: usize = 50;
    /// The variants of the block "Staff: sign-in and accounts", numbered from 100.
    const STAFF_AUTH_VARIANTS: usize = 15;

    /// A letter that only Vietnamese writes (as in `shared::answers::texts`).
    pub(crate) fn is_vietnamese(c: char) -> bool {
        "ãạảấầẩậắằẳặẹẻẽếềểễệỉịọỏốồổộớờởợụủứừửữựỳỵỷỹđơưôêâăáàéèíìóòúùý".contains(c.to_lowercase().next().unwrap_or(c))
    }

    /// Words of English sentences that no Vietnamese sentence here has (API names such as `full` or
    /// `application/json` are allowed in both).
    const ENGLISH_WORDS: [&str; 16] = [
        "the", "is", "not", "no", "please", "must", "with", "has", "than", "of", "send", "too", "row", "code",
        "failed", "expected",
    ];

    /// Asserts that `vi` is a Vietnamese sentence and `en` an English one, neither with a word of the other.
    pub(crate) fn assert_one_language(vi: &str, en: &str) {
        assert!(!vi.is_empty() && !en.is_empty(), "{vi:?} | {en:?}");
        assert!(vi.chars().any(is_vietnamese), "not Vietnamese: {vi}");
        assert!(!en.chars().any(is_vietnamese), "not English: {en}");
        let english_word =
            vi.split(|c: char| !c.is_alphanumeric()).find(|word| ENGLISH_WORDS.contains(&word.to_lowercase().as_str()));
        assert!(english_word.is_none(), "an English word in Vietnamese: {vi}");
        assert!(!vi.contains(" / ") && !en.contains(" / "), "{vi} | {en}");
    }

    #[test]
    fn every_message_is_in_one_language() {
        let messages = every_message();
        let covered: std::collections::BTreeSet<usize> = messages.iter().map(variant).collect();
        let expected = (0..VARIANTS).chain(100..100 + STAFF_AUTH_VARIANTS).collect();
        assert_eq!(covered, expected, "every_message lacks a variant");
        for message in &messages {
            assert_one_language(&message.text(Lang::Vi), &message.text(Lang::En));
        }
    }

    #[test]
    fn positions_are_read_from_serde_errors() {
        assert_eq!(vi_position("trailing characters at line 1 column 18"), " (dòng 1, cột 18)");
        assert_eq!(vi_position("Failed to buffer the request body"), "");
        let message = Message::InvalidJson { details: "key must be a string at line 3 column 2".into() };
        assert_eq!(message.text(Lang::Vi), "Nội dung gửi lên không phải JSON hợp lệ (dòng 3, cột 2).");
        assert_eq!(message.text(Lang::En), "key must be a string at line 3 column 2");
    }
}
