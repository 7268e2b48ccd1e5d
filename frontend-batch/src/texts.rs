//! The page's texts, in Vietnamese (the default) and English, one language per text. A `{}` is where a
//! number or a name goes ([`frontend::format::fill`]).

pub use shared::answers::Lang;

pub struct Texts {
    pub title: &'static str,
    pub intro: &'static str,
    /// `{}`: the most rows, then the largest file in MB.
    pub limits: &'static str,
    pub file_label: &'static str,
    pub reading: &'static str,
    pub column_label: &'static str,
    /// `{}`: the first row's cell in the chosen column.
    pub column_example: &'static str,
    /// `{}`: how many rows the file has (its header not counted).
    pub rows_found: &'static str,
    pub preparing: &'static str,
    /// `{}`: the date of the data kept on the phone.
    pub where_local: &'static str,
    pub where_server: &'static str,
    pub convert_button: &'static str,
    /// `{}`: rows done, then rows in all.
    pub progress: &'static str,
    /// `{}`: rows with a new address, those of them to check, rows without an answer.
    pub done: &'static str,
    pub download_csv: &'static str,
    pub download_xlsx: &'static str,
    pub not_utf8: &'static str,
    /// `{}`: the largest file in MB.
    pub too_big: &'static str,
    /// `{}`: the most rows.
    pub too_many_rows: &'static str,
    pub empty_file: &'static str,
    pub no_header: &'static str,
    /// `{}`: the line.
    pub bad_csv: &'static str,
    pub bad_xlsx: &'static str,
    pub encrypted_xlsx: &'static str,
    pub no_worksheet: &'static str,
    pub not_a_table: &'static str,
    pub write_failed: &'static str,
    pub row_empty: &'static str,
    /// `{}`: the longest address, in characters.
    pub row_too_long: &'static str,
    pub row_unreadable: &'static str,
    pub phone_failed: &'static str,
    pub retry: &'static str,
}

const VI: Texts = Texts {
    title: "Chuyển đổi nhiều địa chỉ",
    intro: "Chọn một tệp CSV hoặc Excel (.xlsx) có một cột địa chỉ cũ. Bạn sẽ tải về chính tệp đó, thêm các cột: \
            địa chỉ mới, mã xã mới, mã tỉnh mới, toàn bộ hay một phần, độ tin cậy, lý do và lỗi.",
    limits: "Tối đa {} dòng, tệp đến {} MB.",
    file_label: "Tệp địa chỉ (CSV hoặc .xlsx)",
    reading: "Đang đọc tệp…",
    column_label: "Cột địa chỉ",
    column_example: "Dòng đầu tiên: {}",
    rows_found: "Tệp có {} dòng.",
    preparing: "Đang chuẩn bị dữ liệu để chuyển đổi ngay trên máy này…",
    where_local: "Chuyển đổi ngay trên máy này, với dữ liệu lưu trên máy (cập nhật theo ngày {}): các địa chỉ không \
                  được gửi đi đâu.",
    where_server: "Máy này chưa lưu được dữ liệu để chuyển đổi tại chỗ: các địa chỉ sẽ được gửi đến máy chủ Xã Mới để \
                   chuyển đổi. Máy chủ không lưu lại địa chỉ.",
    convert_button: "Chuyển đổi",
    progress: "Đã chuyển đổi {} / {} dòng",
    done: "Xong: {} dòng có địa chỉ mới (trong đó {} dòng cần kiểm tra lại: lý do ở cột “reason”), {} dòng không \
           chuyển đổi được (lý do ở cột “error”).",
    download_csv: "Tải tệp CSV",
    download_xlsx: "Tải tệp Excel (.xlsx)",
    not_utf8: "Tệp CSV phải được lưu với bảng mã UTF-8 (trong Excel: Lưu thành › CSV UTF-8).",
    too_big: "Tệp lớn hơn {} MB. Hãy chia thành nhiều tệp nhỏ hơn.",
    too_many_rows: "Tệp có hơn {} dòng. Hãy chia thành nhiều tệp nhỏ hơn.",
    empty_file: "Tệp không có dòng nào.",
    no_header: "Dòng đầu tiên của tệp phải là tên các cột.",
    bad_csv: "Không đọc được tệp CSV ở dòng {}.",
    bad_xlsx: "Không đọc được tệp Excel này: tệp có thể bị hỏng. Hãy mở và lưu lại bằng Excel rồi chọn lại.",
    encrypted_xlsx: "Tệp Excel này có mật khẩu. Hãy lưu một bản không có mật khẩu rồi chọn lại.",
    no_worksheet: "Tệp Excel không có trang tính nào.",
    not_a_table: "Đây không phải tệp CSV hay Excel (.xlsx).",
    write_failed: "Không tạo được tệp kết quả. Hãy thử lại.",
    row_empty: "Dòng này không có địa chỉ dạng chữ.",
    row_too_long: "Địa chỉ dài quá {} ký tự.",
    row_unreadable: "Không đọc được câu trả lời cho dòng này.",
    phone_failed: "Dữ liệu lưu trên máy này không dùng được nữa. Bấm Thử lại để xem có thể chuyển đổi ở đâu.",
    retry: "Thử lại",
};

const EN: Texts = Texts {
    title: "Convert many addresses",
    intro: "Pick a CSV or Excel (.xlsx) file with a column of old addresses. You get the same file back with these \
            columns added: new address, new commune code, new province code, whole or part, confidence, reason and \
            error.",
    limits: "At most {} rows, files up to {} MB.",
    file_label: "Address file (CSV or .xlsx)",
    reading: "Reading the file…",
    column_label: "Address column",
    column_example: "First row: {}",
    rows_found: "Rows in the file: {}.",
    preparing: "Getting the data ready to convert on this device…",
    where_local: "Converted on this device, with the data kept here (up to date as of {}): the addresses are not sent \
                  anywhere.",
    where_server: "This device could not keep the data to convert here: the addresses will be sent to the Xã Mới \
                   server to be converted. The server does not keep them.",
    convert_button: "Convert",
    progress: "Converted {} of {} rows",
    done: "Done: {} rows have a new address ({} of them to check: why is in the “reason” column), {} rows could not \
           be converted (why is in the “error” column).",
    download_csv: "Download CSV",
    download_xlsx: "Download Excel (.xlsx)",
    not_utf8: "The CSV file must be saved as UTF-8 (in Excel: Save As › CSV UTF-8).",
    too_big: "The file is over {} MB. Split it into smaller files.",
    too_many_rows: "The file has more than {} rows. Split it into smaller files.",
    empty_file: "The file has no rows.",
    no_header: "The file's first row must name its columns.",
    bad_csv: "The CSV file cannot be read at line {}.",
    bad_xlsx: "This Excel file cannot be read: it may be damaged. Open it and save it again in Excel, then pick it again.",
    encrypted_xlsx: "This Excel file has a password. Save a copy without one and pick it again.",
    no_worksheet: "The Excel file has no worksheet.",
    not_a_table: "This is not a CSV or Excel (.xlsx) file.",
    write_failed: "The answer's file could not be made. Try again.",
    row_empty: "This row has no address text.",
    row_too_long: "The address is longer than {} characters.",
    row_unreadable: "The answer for this row could not be read.",
    phone_failed: "The data kept on this device cannot be used any more. Tap Try again to see where the file can be converted.",
    retry: "Try again",
};

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}
