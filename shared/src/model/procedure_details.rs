//! What the national procedures database publishes about a procedure of the catalogue: its steps, how
//! and where to file it, what to bring, how long it takes and what it costs
//! (`data/procedure_details.jsonl`), and the national portal's own page for it
//! (`data/procedure_portal_pages.csv`). Both are imported from `data/sources/procedures/details/`;
//! every text is the source's, verbatim, and a field no source gives is `None`, never an empty text.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One procedure's details (a line of `data/procedure_details.jsonl`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureDetail {
    /// A code of the catalogue ([`super::Procedure::code`]).
    pub code: String,
    /// The name as the source writes it: the catalogue's, up to case, spacing and a "Thủ tục " prefix (checked).
    pub name: String,
    /// Trình tự thực hiện: usually one text of several lines, as the source lays it out.
    pub steps: Option<Vec<String>>,
    /// Cách thức thực hiện: the channels by the source's words ("Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính").
    pub channels: Option<Vec<String>>,
    /// Thời hạn giải quyết, as the source joins it: "Kênh: giá trị | Kênh: giá trị", or one value.
    pub processing_time: Option<String>,
    /// Phí, lệ phí, joined the same way.
    pub fees: Option<String>,
    /// Thành phần hồ sơ.
    pub documents: Option<Vec<ProcedureDocument>>,
    /// Yêu cầu, điều kiện.
    pub requirements: Option<String>,
    /// Cơ quan thực hiện.
    pub agency: Option<String>,
    /// Kết quả thực hiện.
    pub result: Option<String>,
    /// Căn cứ pháp lý.
    pub legal_basis: Option<Vec<LegalDocument>>,
    /// Mức độ dịch vụ công, where a source states it.
    pub online_level: Option<String>,
    /// Số quyết định công bố: the decision that announced this version of the procedure.
    pub decision: Option<String>,
    /// Cấp thực hiện ("Cấp xã", "Cấp xã, Cấp tỉnh", …).
    pub execution_level: Option<String>,
    /// The copy the record was mainly read from (`owner/repo : path @ commit`).
    pub source: String,
    /// The date of that copy, as the source's README states it.
    pub source_date: String,
    /// Where each field given was read: the sources differ by field.
    pub field_sources: BTreeMap<DetailField, String>,
    /// Texts that still name units or papers abolished by 1 July 2025.
    pub outdated: Vec<OutdatedText>,
    /// What the person who collected the record noted about it, for reviewers.
    pub caveats: Vec<String>,
}

/// A field of [`ProcedureDetail`], as `field_sources` and `outdated` name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DetailField {
    Steps,
    Channels,
    ProcessingTime,
    Fees,
    Documents,
    Requirements,
    Agency,
    Result,
    LegalBasis,
    OnlineLevel,
    Decision,
    ExecutionLevel,
}

/// A paper to bring (thành phần hồ sơ): a flattened source gives only `name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcedureDocument {
    /// The case it belongs to, as the source heads it ("Trường hợp …", "* Giấy tờ phải nộp:").
    pub group: Option<String>,
    pub name: String,
    /// The form's file name (mẫu đơn, tờ khai), where the source names one.
    pub form: Option<String>,
    /// "Bản chính: 1 - Bản sao: 0", as the source writes it.
    pub quantity: Option<String>,
}

/// A legal text the procedure rests on; a source extracted from a PDF gives only `title`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LegalDocument {
    /// "123/2015/NĐ-CP".
    pub number: Option<String>,
    pub title: String,
    pub issued: Option<String>,
    pub issuer: Option<String>,
}

/// A field whose text still names what was abolished (a district office, "thị trấn", the CMND): a text
/// match, not a verdict, so the page says the text predates 1 July 2025 instead of hiding it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutdatedText {
    pub field: DetailField,
    /// What was matched, in the source's description ("\"cấp huyện\" (district level abolished 1/7/2025)").
    pub signal: String,
    /// The words matched in the field's text.
    pub matched: String,
}

/// The national portal's own page of a procedure, from its 2026 list (`data/procedure_portal_pages.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalPage {
    /// A code of the catalogue.
    pub code: String,
    /// The portal list's name of the procedure (agrees with the catalogue's; checked).
    pub name: String,
    /// `https://dichvucong.gov.vn/thu-tuc-hanh-chinh/<id>`.
    pub url: String,
    /// Cơ quan thực hiện, as the list gives it; `None` where it gives none.
    pub agency: Option<String>,
    /// Cấp thực hiện in the 2026 portal data, and in the December 2025 export.
    pub level_2026: Option<String>,
    pub level_2025: Option<String>,
}

impl PortalPage {
    /// The columns of `data/procedure_portal_pages.csv`.
    pub const COLUMNS: [&str; 6] = ["code", "name", "url", "agency", "level_2026", "level_2025"];
}
