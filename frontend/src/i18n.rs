//! Every text the user sees, in Vietnamese (the default) and English, and the chosen language, which is
//! remembered in the browser.

use leptos::prelude::*;

use shared::model::{DefaultBasis, OnlineLevel, ProcedureLevel};

use crate::api::FetchError;

/// The reader's language: the one type `shared` defines, which the API's `lang=` takes too.
pub use shared::answers::Lang;

/// The language the toggle switches to.
pub fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Vi => Lang::En,
        Lang::En => Lang::Vi,
    }
}

pub struct Texts {
    pub tagline: &'static str,
    pub home_title: &'static str,
    pub home_intro: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub convert_button: &'static str,
    pub loading: &'static str,
    pub retry: &'static str,
    pub kind_old: &'static str,
    pub kind_new: &'static str,
    pub new_address: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub whole: &'static str,
    pub partial: &'static str,
    pub most_likely: &'static str,
    pub basis_review: &'static str,
    pub basis_population: &'static str,
    pub basis_open_data: &'static str,
    pub open_commune: &'static str,
    pub read_as: &'static str,
    pub data_title: &'static str,
    pub data_provinces: &'static str,
    pub data_new_communes: &'static str,
    pub data_old_communes: &'static str,
    pub data_built_from: &'static str,
    pub footer: &'static str,
    pub switch_language: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub home_link: &'static str,
    pub old_commune_heading: &'static str,
    pub went_to: &'static str,
    pub split_explanation: &'static str,
    pub resolution_text: &'static str,
    pub unit_type: &'static str,
    pub province: &'static str,
    pub area: &'static str,
    pub unknown: &'static str,
    pub legal_basis: &'static str,
    pub took_in: &'static str,
    pub history: &'static str,
    pub until: &'static str,
    pub map: &'static str,
    pub map_app: &'static str,
    pub district: &'static str,
    pub filter: &'static str,
    pub absorbed: &'static str,
    pub communes: &'static str,
    pub picker_link: &'static str,
    pub batch_link: &'static str,
    pub picker_title: &'static str,
    pub pick_province: &'static str,
    pub pick_district: &'static str,
    pub pick_commune: &'static str,
    pub start_over: &'static str,
    pub became: &'static str,
    pub share: &'static str,
    pub link_copied: &'static str,
    pub copy_link_by_hand: &'static str,
    pub skip_to_content: &'static str,
    pub api_docs: &'static str,
    pub error_network: &'static str,
    pub error_decode: &'static str,
    pub error_status: fn(u16) -> String,
    /// Too many requests (429): when to try again, in minutes, where the server said.
    pub error_rate_limited: fn(Option<u32>) -> String,
    /// Says the limit, [`shared::engine::MAX_INPUT_CHARS`] (a test checks that it does).
    pub error_too_long: &'static str,
    pub check_answer: &'static str,
    pub results_found: fn(usize) -> String,
    pub centre_title: &'static str,
    pub centre_unverified: &'static str,
    pub centre_unverified_text: &'static str,
    pub centre_verified: &'static str,
    pub centre_name: &'static str,
    pub address: &'static str,
    pub phone: &'static str,
    pub email: &'static str,
    pub opening_hours: &'static str,
    pub directions: &'static str,
    pub directions_approximate: &'static str,
    pub verified_source: &'static str,
    pub province_portal: &'static str,
    pub procedures_title: &'static str,
    pub procedures_intro: &'static str,
    pub procedures_search: &'static str,
    pub procedures_placeholder: &'static str,
    pub other_field: &'static str,
    pub online_full: &'static str,
    pub online_partial: &'static str,
    pub online_in_person: &'static str,
    pub online_unknown: &'static str,
    pub level_xa: &'static str,
    pub level_cong_an_xa: &'static str,
    pub level_tinh: &'static str,
    pub level_other: &'static str,
    pub procedure_code: &'static str,
    pub field: &'static str,
    pub level: &'static str,
    pub agency: &'static str,
    pub online_level: &'static str,
    pub where_to_file: &'static str,
    pub national_portal: &'static str,
    pub public_security_portal: &'static str,
    pub portal_note: &'static str,
    pub repealed: &'static str,
    pub replaced_by: &'static str,
    pub repealed_no_replacement: &'static str,
    pub source: &'static str,
    /// A verified centre: by the staff of `province` (its full name), on `date` (already written d/m/yyyy).
    pub centre_verified_by: fn(&str, &str) -> String,
    pub report_link: &'static str,
    pub report_title: &'static str,
    pub report_intro: &'static str,
    pub report_page: &'static str,
    pub report_message: &'static str,
    pub report_message_hint: &'static str,
    pub report_contact: &'static str,
    pub report_contact_hint: &'static str,
    pub report_send: &'static str,
    pub report_sending: &'static str,
    pub report_page_missing: &'static str,
    pub report_message_missing: &'static str,
    /// A field over its limit, the limit said.
    pub report_too_long: fn(usize) -> String,
    pub report_kept: &'static str,
    pub report_sent: &'static str,
    pub report_sent_text: &'static str,
    pub report_follow: &'static str,
    pub report_back: &'static str,
    pub ticket_title: &'static str,
    pub ticket_number: &'static str,
    pub ticket_received: &'static str,
    pub ticket_state: &'static str,
    pub state_open: &'static str,
    pub state_open_text: &'static str,
    pub state_linked: &'static str,
    pub state_linked_text: &'static str,
    pub state_fixed: fn(u64) -> String,
    pub state_closed: &'static str,
    pub state_closed_reason: &'static str,
    pub poster_link: &'static str,
    pub poster_print: &'static str,
    pub poster_scan: &'static str,
    pub poster_qr_alt: &'static str,
    pub poster_procedures: &'static str,
    pub poster_procedures_more: &'static str,
    // What a citizen tripped over (issue 15 §6): the home page's search, its explanations and its
    // procedures, the picker's new address, the way back from a procedure. A `{}` as in the block below.
    pub search_empty: &'static str,
    pub relation_title: &'static str,
    pub whole_explained: &'static str,
    pub partial_explained: &'static str,
    pub procedures_find: &'static str,
    pub pick_new_address: &'static str,
    pub street_label: &'static str,
    pub street_placeholder: &'static str,
    pub old_commune_page: &'static str,
    pub back_to: &'static str,
    // "Use my location" (the maps module does the locating and the maps, with its own texts). A `{}` in a
    // text is where a name goes (`format::fill`).
    pub use_location: &'static str,
    pub map_unavailable: &'static str,
    pub page_unavailable: &'static str,
}

pub static VI: Texts = Texts {
    tagline: "Tra cứu xã, phường mới sau sắp xếp năm 2025",
    home_title: "Tìm xã, phường mới của bạn",
    home_intro: "Từ ngày 1/7/2025, 63 tỉnh còn 34, cấp huyện không còn, và các xã, phường cũ được sắp xếp lại thành 3.321 xã, phường, đặc khu.",
    search_label: "Địa chỉ cũ hoặc tên xã/phường",
    search_placeholder: "Nhập địa chỉ cũ, hoặc tên xã/phường",
    convert_button: "Tìm địa chỉ mới",
    loading: "Đang tải…",
    retry: "Thử lại",
    kind_old: "Cũ",
    kind_new: "Mới",
    new_address: "Địa chỉ mới",
    copy: "Sao chép",
    copied: "Đã chép",
    whole: "Toàn bộ",
    partial: "Một phần",
    most_likely: "Khả năng cao nhất",
    basis_review: "Chọn khi rà soát đối chiếu với nghị quyết.",
    basis_population: "Theo Cục Thống kê, toàn bộ dân cư thuộc phần này.",
    basis_open_data: "Theo một bộ dữ liệu mở, không rõ căn cứ; hãy xem bản đồ.",
    open_commune: "Xem xã này",
    read_as: "Đọc là",
    data_title: "Dữ liệu",
    data_provinces: "Tỉnh, thành phố",
    data_new_communes: "Xã, phường mới",
    data_old_communes: "Xã, phường cũ",
    data_built_from: "Cập nhật theo",
    footer: "Dữ liệu: danh mục của Tổng cục Thống kê, các nghị quyết của Ủy ban Thường vụ Quốc hội và dữ liệu mở.",
    switch_language: "English",
    not_found_title: "Không tìm thấy trang",
    not_found_text: "Trang hoặc mã bạn mở không có.",
    home_link: "Về trang chủ",
    old_commune_heading: "Xã, phường cũ",
    went_to: "Từ 1/7/2025 thuộc",
    split_explanation: "Xã/phường này được chia cho nhiều xã mới; xã đầu tiên là phần mặc định. Để biết nhà bạn thuộc phần nào, dùng bản đồ, đọc nghị quyết bên dưới hoặc hỏi Trung tâm phục vụ hành chính công.",
    resolution_text: "Nội dung nghị quyết",
    unit_type: "Loại",
    province: "Tỉnh, thành phố",
    area: "Diện tích",
    unknown: "Chưa rõ",
    legal_basis: "Căn cứ pháp lý",
    took_in: "Gồm các xã, phường cũ",
    history: "Tên, loại trước đây",
    until: "đến",
    map: "Xem bản đồ",
    map_app: "Mở ứng dụng bản đồ",
    district: "Huyện",
    filter: "Lọc danh sách",
    absorbed: "Gồm các tỉnh cũ",
    communes: "Các xã, phường",
    picker_link: "Không muốn gõ? Chọn từng bước",
    batch_link: "Nhiều địa chỉ? Chuyển cả tệp CSV, Excel",
    picker_title: "Chọn xã, phường cũ",
    pick_province: "1. Tỉnh, thành phố cũ",
    pick_district: "2. Quận, huyện cũ",
    pick_commune: "3. Xã, phường cũ",
    start_over: "Chọn lại từ đầu",
    became: "thành",
    share: "Chia sẻ",
    link_copied: "Đã chép liên kết",
    copy_link_by_hand: "Chép liên kết này",
    skip_to_content: "Bỏ qua, đến nội dung chính",
    api_docs: "API công khai",
    error_network: "Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.",
    error_decode: "Không đọc được câu trả lời của máy chủ. Hãy tải lại trang.",
    error_too_long: "Địa chỉ quá dài: tối đa 500 ký tự. Hãy bỏ bớt phần không phải địa chỉ (ghi chú, số điện thoại) rồi thử lại.",
    check_answer: "Cần kiểm tra",
    error_status: |code| format!("Máy chủ đang gặp lỗi ({code}). Vui lòng thử lại sau ít phút."),
    error_rate_limited: |minutes| match minutes {
        Some(n) => format!("Có quá nhiều yêu cầu từ mạng của bạn. Vui lòng thử lại sau {n} phút."),
        None => "Có quá nhiều yêu cầu từ mạng của bạn. Vui lòng thử lại sau ít phút.".to_owned(),
    },
    results_found: |n| if n == 0 { "Không có kết quả".to_owned() } else { format!("{n} kết quả") },
    centre_title: "Trung tâm phục vụ hành chính công",
    centre_unverified: "Chưa xác minh",
    centre_unverified_text: "Chưa có nguồn nào xác minh địa chỉ, điện thoại và giờ làm việc của trung tâm này, nên các mục đó để trống. Điểm trên bản đồ là giữa xã, chỉ gần đúng. Nên gọi hoặc hỏi Ủy ban nhân dân xã trước khi đến.",
    centre_verified: "Đã xác minh",
    centre_name: "Tên",
    address: "Địa chỉ",
    phone: "Điện thoại",
    email: "Email",
    opening_hours: "Giờ làm việc",
    directions: "Chỉ đường",
    directions_approximate: "Chỉ đường (đến giữa xã)",
    verified_source: "Nguồn xác minh",
    province_portal: "Cổng dịch vụ công của tỉnh",
    procedures_title: "Thủ tục hành chính",
    procedures_intro: "Các thủ tục trong danh mục, theo lĩnh vực. Nhiều thủ tục nộp được trực tuyến trên Cổng Dịch vụ công quốc gia.",
    procedures_search: "Tìm thủ tục",
    procedures_placeholder: "Ví dụ: khai sinh, tạm trú, chứng thực",
    other_field: "Lĩnh vực khác",
    online_full: "Trực tuyến toàn trình",
    online_partial: "Trực tuyến một phần",
    online_in_person: "Chỉ nộp trực tiếp",
    online_unknown: "Chưa rõ mức trực tuyến",
    level_xa: "Ủy ban nhân dân cấp xã",
    level_cong_an_xa: "Công an cấp xã",
    level_tinh: "Cấp tỉnh",
    level_other: "Trung ương hoặc nhiều cấp",
    procedure_code: "Mã thủ tục",
    field: "Lĩnh vực",
    level: "Cấp thực hiện",
    agency: "Cơ quan thực hiện",
    online_level: "Mức trực tuyến",
    where_to_file: "Nộp hồ sơ ở đâu",
    national_portal: "Tìm trên Cổng Dịch vụ công quốc gia",
    public_security_portal: "Xem trên Cổng Dịch vụ công Bộ Công an",
    portal_note: "Cổng quốc gia không có đường dẫn cố định cho từng thủ tục, nên liên kết mở trang tìm kiếm theo mã.",
    repealed: "Đã bãi bỏ hoặc thay thế",
    replaced_by: "Thay bằng",
    repealed_no_replacement: "Thủ tục này không còn áp dụng; danh mục không có thủ tục thay thế.",
    source: "Nguồn",
    centre_verified_by: |province, date| {
        format!("Xác minh bởi cán bộ {} ngày {date}", crate::format::lower_first(province))
    },
    report_link: "Báo sai",
    report_title: "Báo thông tin sai",
    report_intro: "Thấy thông tin sai hoặc thiếu? Hãy báo cho cán bộ của tỉnh. Báo cáo không được công bố; bạn nhận một số phiếu để theo dõi.",
    report_page: "Trang có thông tin sai",
    report_message: "Điều gì sai?",
    report_message_hint: "Ví dụ: địa chỉ hoặc giờ làm việc của trung tâm không đúng. Nếu biết thông tin đúng, hãy ghi cả vào. Tối đa 2.000 ký tự.",
    report_contact: "Cách liên lạc với bạn (không bắt buộc)",
    report_contact_hint: "Số điện thoại hoặc email, nếu bạn muốn được trả lời. Chỉ cán bộ của tỉnh thấy.",
    report_send: "Gửi báo cáo",
    report_sending: "Đang gửi…",
    report_page_missing: "Hãy ghi trang có thông tin sai.",
    report_message_missing: "Hãy ghi điều gì sai.",
    report_too_long: |max| format!("Quá dài: tối đa {} ký tự.", crate::format::count(max)),
    report_kept: "Nội dung bạn đã viết vẫn được giữ.",
    report_sent: "Đã gửi báo cáo. Số phiếu của bạn:",
    report_sent_text: "Hãy ghi lại số phiếu hoặc lưu liên kết dưới đây để xem báo cáo được xử lý đến đâu.",
    report_follow: "Xem tình trạng báo cáo",
    report_back: "Quay lại trang trước",
    ticket_title: "Phiếu báo thông tin sai",
    ticket_number: "Số phiếu",
    ticket_received: "Ngày nhận",
    ticket_state: "Tình trạng",
    state_open: "Đang chờ xử lý",
    state_open_text: "Cán bộ của tỉnh chưa xem báo cáo này.",
    state_linked: "Đang được sửa",
    state_linked_text: "Cán bộ đã soạn một thay đổi để sửa; một người thứ hai duyệt thay đổi trước khi phát hành.",
    state_fixed: |release| format!("Đã sửa trong bản phát hành {release}"),
    state_closed: "Đã đóng",
    state_closed_reason: "Lý do",
    poster_link: "In tờ thông tin",
    poster_print: "In",
    poster_scan: "Quét mã để mở trang của xã trên điện thoại",
    poster_qr_alt: "Mã QR đến trang của xã trên Xã Mới",
    poster_procedures: "Một số thủ tục làm ở cấp xã",
    poster_procedures_more: "Danh sách đầy đủ ở trang của xã.",
    search_empty: "Hãy nhập địa chỉ cũ hoặc tên xã, phường, ví dụ: Xã Phước Dinh, Huyện Thuận Nam, Tỉnh Ninh Thuận.",
    relation_title: "“Toàn bộ” và “Một phần” nghĩa là gì?",
    whole_explained: "Cả xã, phường cũ nhập vào một xã, phường mới.",
    partial_explained: "Xã, phường cũ được chia cho nhiều xã, phường mới, mỗi nơi nhận một phần. Trang của xã cũ cho biết phần nào về đâu.",
    procedures_find: "Tìm thủ tục hành chính",
    pick_new_address: "4. Địa chỉ mới",
    street_label: "Số nhà, đường (không bắt buộc)",
    street_placeholder: "Ví dụ: 12 Lê Lợi",
    old_commune_page: "Xem trang của xã, phường cũ",
    back_to: "← Quay lại {}",
    use_location: "Dùng vị trí của tôi",
    map_unavailable: "Không tải được bản đồ và phần định vị. Hãy kiểm tra kết nối rồi thử lại.",
    page_unavailable: "Không tải được trang này. Hãy kiểm tra kết nối rồi thử lại.",
};

pub static EN: Texts = Texts {
    tagline: "Find your commune after Vietnam's 2025 reorganisation",
    home_title: "Find your new commune",
    home_intro: "Since 1 July 2025, 63 provinces became 34, districts were abolished, and the old communes were reorganised into 3,321 communes, wards and special zones.",
    search_label: "Old address or commune name",
    search_placeholder: "Type your old address, or a commune's name",
    convert_button: "Find the new address",
    loading: "Loading…",
    retry: "Retry",
    kind_old: "Old",
    kind_new: "New",
    new_address: "New address",
    copy: "Copy",
    copied: "Copied",
    whole: "Whole",
    partial: "Part",
    most_likely: "Most likely",
    basis_review: "Chosen on a review against the resolution.",
    basis_population: "The statistics office says all residents went to this part.",
    basis_open_data: "An open dataset says so, without saying why; check the map.",
    open_commune: "See this commune",
    read_as: "Read as",
    data_title: "Data",
    data_provinces: "Provinces",
    data_new_communes: "New communes",
    data_old_communes: "Old communes",
    data_built_from: "Up to date as of",
    footer: "Data: the National Statistics Office's register, the Standing Committee of the National Assembly's resolutions and open data.",
    switch_language: "Tiếng Việt",
    not_found_title: "Page not found",
    not_found_text: "The page or code you opened does not exist.",
    home_link: "Home",
    old_commune_heading: "Old commune",
    went_to: "Since 1 July 2025 part of",
    split_explanation: "This commune was split between several new ones; the first is the default part. To tell which part your home is in, use the map, read the resolution below or ask the public service centre.",
    resolution_text: "Text of the resolution",
    unit_type: "Type",
    province: "Province",
    area: "Area",
    unknown: "Unknown",
    legal_basis: "Legal basis",
    took_in: "Made of these old communes",
    history: "Earlier name and type",
    until: "until",
    map: "Open the map",
    map_app: "Open in the map app",
    district: "District",
    filter: "Filter the list",
    absorbed: "Made of these old provinces",
    communes: "Communes and wards",
    picker_link: "Rather not type? Choose step by step",
    batch_link: "Many addresses? Convert a CSV or Excel file",
    picker_title: "Choose your old commune",
    pick_province: "1. Old province",
    pick_district: "2. Old district",
    pick_commune: "3. Old commune",
    start_over: "Start over",
    became: "became",
    share: "Share",
    link_copied: "Link copied",
    copy_link_by_hand: "Copy this link",
    skip_to_content: "Skip to the main content",
    api_docs: "Public API",
    error_network: "Cannot reach the server. Check your connection and try again.",
    error_decode: "Could not read the server's answer. Please reload the page.",
    error_too_long: "The address is too long: at most 500 characters. Remove what is not the address (notes, phone numbers) and try again.",
    check_answer: "Check this answer",
    error_status: |code| format!("The server has a problem ({code}). Please try again in a few minutes."),
    error_rate_limited: |minutes| match minutes {
        Some(1) => "Too many requests from your network. Please try again in 1 minute.".to_owned(),
        Some(n) => format!("Too many requests from your network. Please try again in {n} minutes."),
        None => "Too many requests from your network. Please try again in a few minutes.".to_owned(),
    },
    results_found: |n| match n {
        0 => "No results".to_owned(),
        1 => "1 result".to_owned(),
        n => format!("{n} results"),
    },
    centre_title: "Public administrative service centre",
    centre_unverified: "Not verified",
    centre_unverified_text: "No source has verified this centre's address, phone and opening hours yet, so they are left blank. The map point is the middle of the commune, only approximate. Call or ask the commune's People's Committee before going.",
    centre_verified: "Verified",
    centre_name: "Name",
    address: "Address",
    phone: "Phone",
    email: "Email",
    opening_hours: "Opening hours",
    directions: "Directions",
    directions_approximate: "Directions (to the commune's middle)",
    verified_source: "Verified from",
    province_portal: "The province's public-service portal",
    procedures_title: "Administrative procedures",
    procedures_intro: "Procedures of the catalogue, by field. Many can be filed online on the National Public Service Portal.",
    procedures_search: "Find a procedure",
    procedures_placeholder: "For example: khai sinh, tạm trú, chứng thực",
    other_field: "Other fields",
    online_full: "Fully online",
    online_partial: "Partly online",
    online_in_person: "In person only",
    online_unknown: "Online level not known",
    level_xa: "Commune People's Committee",
    level_cong_an_xa: "Commune police",
    level_tinh: "Provincial level",
    level_other: "Central or several levels",
    procedure_code: "Procedure code",
    field: "Field",
    level: "Carried out by",
    agency: "Agency",
    online_level: "Online",
    where_to_file: "Where to file",
    national_portal: "Find it on the National Public Service Portal",
    public_security_portal: "See it on the Ministry of Public Security's portal",
    portal_note: "The national portal has no fixed address per procedure, so the link opens its search by code.",
    repealed: "Repealed or replaced",
    replaced_by: "Replaced by",
    repealed_no_replacement: "This procedure no longer applies; the catalogue has no replacement.",
    source: "Source",
    centre_verified_by: |province, date| format!("Verified by staff of {province} on {date}"),
    report_link: "Report an error",
    report_title: "Report an error",
    report_intro: "Is something wrong or missing? Tell the province's staff. Reports are not published; you get a ticket number to follow yours.",
    report_page: "Page with the error",
    report_message: "What is wrong?",
    report_message_hint: "For example: the centre's address or opening hours are wrong. If you know the right facts, add them. At most 2,000 characters.",
    report_contact: "How to reach you (optional)",
    report_contact_hint: "A phone number or e-mail, if you want an answer. Only the province's staff see it.",
    report_send: "Send the report",
    report_sending: "Sending…",
    report_page_missing: "Please name the page with the error.",
    report_message_missing: "Please say what is wrong.",
    report_too_long: |max| format!("Too long: at most {} characters.", crate::format::count(max).replace('.', ",")),
    report_kept: "What you wrote is kept.",
    report_sent: "Report sent. Your ticket number:",
    report_sent_text: "Write the number down or keep the link below to see how far your report has got.",
    report_follow: "See the report's status",
    report_back: "Back to the page",
    ticket_title: "Error report",
    ticket_number: "Ticket",
    ticket_received: "Received on",
    ticket_state: "Status",
    state_open: "Open",
    state_open_text: "The province's staff have not looked at this report yet.",
    state_linked: "Being fixed",
    state_linked_text: "Staff have written a change to fix it; a second person reviews the change before it is published.",
    state_fixed: |release| format!("Fixed in release {release}"),
    state_closed: "Closed",
    state_closed_reason: "Reason",
    poster_link: "Print a poster",
    poster_print: "Print",
    poster_scan: "Scan the code to open the commune's page on a phone",
    poster_qr_alt: "QR code of the commune's page on Xã Mới",
    poster_procedures: "Some procedures done at commune level",
    poster_procedures_more: "The full list is on the commune's page.",
    search_empty: "Type an old address or a commune's name, for example: Phước Dinh, Thuận Nam, Ninh Thuận.",
    relation_title: "What do “Whole” and “Part” mean?",
    whole_explained: "All of the old commune went into one new commune.",
    partial_explained: "The old commune was split between several new ones, each taking a part. The old commune's page tells which part went where.",
    procedures_find: "Find an administrative procedure",
    pick_new_address: "4. New address",
    street_label: "House number and street (optional)",
    street_placeholder: "For example: 12 Lê Lợi",
    old_commune_page: "See the old commune's page",
    back_to: "← Back to {}",
    use_location: "Use my location",
    map_unavailable: "The map and the location finder could not be loaded. Check your connection, then try again.",
    page_unavailable: "This page could not be loaded. Check your connection, then try again.",
};

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

const STORAGE_KEY: &str = "xamoi.lang";

/// The chosen language, shared by every component.
#[derive(Clone, Copy)]
pub struct Language(pub RwSignal<Lang>);

/// Reads the remembered language (Vietnamese by default) and remembers every change.
pub fn provide_language() {
    let storage = || web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    // Only this app writes the key, with `Lang::code`: an exact comparison is enough (`Lang::from_code`,
    // which also reads "en-GB" or "EN", costs about 700 B of the bundle).
    let saved = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    let lang = RwSignal::new(if saved.as_deref() == Some(Lang::En.code()) { Lang::En } else { Lang::Vi });
    Effect::new(move |_| {
        let lang = lang.get();
        if let Some(storage) = storage() {
            let _ = storage.set_item(STORAGE_KEY, lang.code());
        }
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.set_attribute("lang", lang.code());
        }
    });
    provide_context(Language(lang));
}

impl Texts {
    pub fn online(&self, online: OnlineLevel) -> &'static str {
        match online {
            OnlineLevel::Full => self.online_full,
            OnlineLevel::Partial => self.online_partial,
            OnlineLevel::InPerson => self.online_in_person,
            OnlineLevel::Unknown => self.online_unknown,
        }
    }

    /// Why a split's default part is the default.
    pub fn default_basis(&self, basis: DefaultBasis) -> &'static str {
        match basis {
            DefaultBasis::Review => self.basis_review,
            DefaultBasis::WholePopulation => self.basis_population,
            DefaultBasis::OpenData => self.basis_open_data,
        }
    }

    pub fn level(&self, level: ProcedureLevel) -> &'static str {
        match level {
            ProcedureLevel::Xa => self.level_xa,
            ProcedureLevel::CongAnXa => self.level_cong_an_xa,
            ProcedureLevel::Tinh => self.level_tinh,
            ProcedureLevel::Other => self.level_other,
            ProcedureLevel::Unknown => self.unknown,
        }
    }

    /// What to tell the reader when a call to the API failed ("no such code" is a not-found page instead).
    pub fn fetch_error(&self, error: &FetchError) -> String {
        match error {
            FetchError::Network => self.error_network.to_owned(),
            FetchError::Decode => self.error_decode.to_owned(),
            FetchError::Status(code) => (self.error_status)(*code),
            FetchError::TooLong => self.error_too_long.to_owned(),
            FetchError::NotFound => self.not_found_text.to_owned(),
            FetchError::RateLimited(seconds) => (self.error_rate_limited)(seconds.map(crate::format::minutes)),
        }
    }
}

/// One text of the chosen language, as a reactive view or attribute: `{tr(|t| t.retry)}`.
pub fn tr(select: fn(&Texts) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let Language(lang) = expect_context::<Language>();
    move || select(texts(lang.get()))
}

/// The texts of the chosen language, as a reactive getter.
pub fn use_texts() -> impl Fn() -> &'static Texts + Copy + Send + Sync + 'static {
    let Language(lang) = expect_context::<Language>();
    move || texts(lang.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_round_trip() {
        for lang in [Lang::Vi, Lang::En] {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(other(other(lang)), lang);
        }
        assert_eq!(Lang::from_code("fr"), None);
    }

    #[test]
    fn errors_are_told_in_the_reader_s_language() {
        assert!(texts(Lang::Vi).fetch_error(&FetchError::Network).starts_with("Không kết nối được"));
        assert!(texts(Lang::En).fetch_error(&FetchError::Network).starts_with("Cannot reach"));
        assert!(texts(Lang::Vi).fetch_error(&FetchError::Status(503)).contains("503"));
        assert!(texts(Lang::En).fetch_error(&FetchError::Status(500)).contains("500"));
        let limit = shared::engine::MAX_INPUT_CHARS.to_string();
        for lang in [Lang::Vi, Lang::En] {
            let too_long = texts(lang).fetch_error(&FetchError::TooLong);
            assert!(too_long.contains(&format!(" {limit} ")), "the limit is said: {too_long}");
        }
        assert!(texts(Lang::Vi).fetch_error(&FetchError::TooLong).starts_with("Địa chỉ quá dài"));
        assert!(texts(Lang::En).fetch_error(&FetchError::TooLong).starts_with("The address is too long"));
    }

    #[test]
    fn result_counts_read_naturally() {
        assert_eq!((texts(Lang::Vi).results_found)(0), "Không có kết quả");
        assert_eq!((texts(Lang::Vi).results_found)(8), "8 kết quả");
        assert_eq!((texts(Lang::En).results_found)(1), "1 result");
        assert_eq!((texts(Lang::En).results_found)(8), "8 results");
    }

    #[test]
    fn a_verified_centre_names_its_province_s_staff_and_the_day() {
        let vi = (texts(Lang::Vi).centre_verified_by)("Tỉnh Khánh Hòa", "30/11/2026");
        assert_eq!(vi, "Xác minh bởi cán bộ tỉnh Khánh Hòa ngày 30/11/2026");
        let en = (texts(Lang::En).centre_verified_by)("Thành phố Hà Nội", "30/11/2026");
        assert_eq!(en, "Verified by staff of Thành phố Hà Nội on 30/11/2026");
        assert_eq!(
            (texts(Lang::Vi).error_rate_limited)(Some(6)),
            "Có quá nhiều yêu cầu từ mạng của bạn. Vui lòng thử lại sau 6 phút."
        );
        assert_eq!(
            (texts(Lang::En).error_rate_limited)(Some(1)),
            "Too many requests from your network. Please try again in 1 minute."
        );
        assert!(texts(Lang::En).fetch_error(&FetchError::RateLimited(Some(361))).contains(" 7 minutes"));
        assert_eq!((texts(Lang::Vi).state_fixed)(4), "Đã sửa trong bản phát hành 4");
    }

    #[test]
    fn both_languages_fill_every_text() {
        assert!(!texts(Lang::Vi).home_title.is_empty() && !texts(Lang::En).home_title.is_empty());
        assert_ne!(texts(Lang::Vi).convert_button, texts(Lang::En).convert_button);
    }
}
