//! The JSON bodies of the public API, defined once for the server and the browser.
//!
//! A field that holds one kind of code has its type ([`crate::model::ProvinceCode`], ...), written as
//! the plain string it is; one that holds several kinds (a [`UnitRef`], a search result) is text.
//!
//! Fields marked `cfg_attr(target_arch = "wasm32", serde(skip_deserializing))` are not decoded by the
//! browser app, which never shows them (the codes of hints and reasons, the parsed parts of an address,
//! short and English names, notes, types of listed units, ...): in the wasm32 build they are left at their
//! default, which keeps the app's first load within its size budget (`docs/benchmarks.md`). The API and
//! every native client decode and write them as usual. A page that comes to show one drops its mark.
//! Fields holding a closed set of words ([`Relation`], [`OnlineLevel`], ...) are read as their word in
//! the wasm32 build ([`crate::answers::words`]), for the same reason.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{
    DefaultBasis, DetailField, LegalDocument, NewCommuneCode, OldCommuneCode, OnlineLevel, ProcedureDocument,
    ProcedureLevel, ProcedureStatus, ProvinceCode, Relation,
};

/// Path prefix of every API route; the browser app calls the same origin.
pub const API_PREFIX: &str = "/api/v1";

/// `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthResponse {
    /// `"ok"` when the service can answer.
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub status: String,
    pub dataset: DatasetInfo,
}

/// Which dataset the service answers from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatasetInfo {
    /// Content hash of the dataset snapshot; changes whenever the data does.
    pub version: String,
    /// Date (YYYY-MM-DD) of the newest state of affairs any source describes.
    pub built_from: String,
    pub provinces: usize,
    pub new_communes: usize,
    pub old_communes: usize,
}

/// Body of every 4xx/5xx response: `{"error":{"code","message"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorResponse {
    pub error: ErrorBody,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// Stable, machine-readable code such as `not_found`.
    pub code: String,
    /// A sentence for people; never internals.
    pub message: String,
}

/// A unit referred to from another: its code and full name ("Quận Ba Đình").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitRef {
    pub code: String,
    pub name: String,
}

/// `GET /api/v1/old-communes/{code}`: where an old commune went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OldCommuneResponse {
    pub code: OldCommuneCode,
    /// Full name, e.g. "Phường Bến Nghé".
    pub name: String,
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub short_name: String,
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub unit_type: String,
    pub district: UnitRef,
    pub province: UnitRef,
    /// The default successor first.
    pub successors: Vec<Successor>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Successor {
    pub code: NewCommuneCode,
    pub name: String,
    pub province_code: ProvinceCode,
    pub province_name: String,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::answers::words::read"))]
    pub relation: Relation,
    /// The one answers name first: the only successor, or a split's default part (`default_basis` says why).
    pub default: bool,
    /// Why this part of a split old commune is its default (no source says how much of it went where);
    /// null on the other parts and on an only successor.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "read_basis"))]
    pub default_basis: Option<DefaultBasis>,
    /// The NSO table's note ("Nhập toàn bộ", "Nhập một phần diện tích", ...), verbatim.
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub note: String,
    pub legal_basis: LegalBasis,
}

impl crate::answers::words::Word for DefaultBasis {
    const ALL: &'static [(&'static str, Self)] = &[
        ("review", DefaultBasis::Review),
        ("whole_population", DefaultBasis::WholePopulation),
        ("open_data", DefaultBasis::OpenData),
    ];
}

/// [`Successor::default_basis`] as the browser app reads it: the word or null, looked up in
/// [`crate::answers::words`]' way (smaller than serde's derived reading of an enum).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn read_basis<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<DefaultBasis>, D::Error> {
    #[derive(Deserialize)]
    struct Word(#[serde(deserialize_with = "crate::answers::words::read")] DefaultBasis);
    Ok(Option::<Word>::deserialize(deserializer)?.map(|Word(basis)| basis))
}

/// The resolution that established a new commune.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LegalBasis {
    /// e.g. "1656/NQ-UBTVQH15".
    pub resolution: String,
    pub date: String,
    /// e.g. "Điều 1, khoản 3"; empty where the text gives none.
    pub article: String,
    /// The clause, verbatim; empty where not known.
    pub text: String,
}

/// `GET /api/v1/communes/{code}`: a new commune, ward or special zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommuneResponse {
    pub code: NewCommuneCode,
    pub name: String,
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub short_name: String,
    /// "Xã", "Phường" or "Đặc khu".
    #[serde(rename = "type")]
    pub unit_type: String,
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub name_en: String,
    pub province: UnitRef,
    pub predecessors: Vec<Predecessor>,
    pub legal_basis: LegalBasis,
    pub centroid: Option<Centroid>,
    pub area_km2: Option<f64>,
    /// Earlier names and types, oldest first (empty when unchanged since 1 July 2025).
    pub history: Vec<HistoryEntry>,
    /// Its public administrative service centre; always present, with unknown facts as null.
    pub service_centre: ServiceCentre,
    /// The active procedures of the national catalogue, by code (the same list for every commune).
    pub procedures: Vec<ProcedureSummary>,
    /// The province's public-service portal, where staff have verified one.
    pub province_portal: Option<String>,
    /// Where staff read that portal's address, and when.
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub province_portal_verified: Option<Verified>,
}

/// Where a staff-kept fact was read and when it was checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Verified {
    pub source: String,
    /// YYYY-MM-DD.
    pub verified_on: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Predecessor {
    /// Empty for units without a commune code (the island districts).
    pub code: String,
    pub name: String,
    pub district: UnitRef,
    pub province: UnitRef,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::answers::words::read"))]
    pub relation: Relation,
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub note: String,
}

/// A point, WGS 84.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Centroid {
    pub lat: f64,
    pub lon: f64,
}

/// The state of a unit before a later change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    /// The name and type it had until `until`.
    pub name: String,
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub unit_type: String,
    pub valid_from: String,
    /// The day the change took effect.
    pub until: String,
    pub legal_basis: String,
}

/// `GET /api/v1/provinces`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProvincesResponse {
    pub provinces: Vec<ProvinceSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProvinceSummary {
    pub code: ProvinceCode,
    pub name: String,
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub short_name: String,
    #[serde(rename = "type")]
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub unit_type: String,
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub name_en: String,
    pub communes: usize,
    /// The old provinces it absorbed.
    pub absorbed: Vec<UnitRef>,
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub history: Vec<HistoryEntry>,
    /// Its public-service portal, where staff have verified one.
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub public_service_portal: Option<String>,
    /// Where staff read that portal's address, and when.
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub public_service_portal_verified: Option<Verified>,
}

/// `GET /api/v1/provinces/{code}/communes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProvinceCommunesResponse {
    pub province: ProvinceSummary,
    pub communes: Vec<CommuneSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommuneSummary {
    pub code: NewCommuneCode,
    pub name: String,
    #[serde(rename = "type")]
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub unit_type: String,
}

/// `GET /api/v1/old/provinces`, `/old/provinces/{code}/districts`, `/old/districts/{code}/communes`:
/// the step-by-step picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OldUnitsResponse {
    /// The unit whose children these are (absent for the list of provinces).
    pub parent: Option<UnitRef>,
    pub units: Vec<OldUnit>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OldUnit {
    pub code: String,
    pub name: String,
    #[serde(rename = "type")]
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub unit_type: String,
    /// For districts without communes (the island districts): the new unit they became.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub successors: Vec<UnitRef>,
}

/// A commune's public administrative service centre (Trung tâm phục vụ hành chính công). Where staff
/// have verified nothing, every fact is null and the location is the commune's centroid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceCentre {
    pub commune_code: NewCommuneCode,
    pub name: Option<String>,
    pub address: Option<String>,
    /// As staff wrote it, e.g. "0263 3822 123"; see `phone_uri` for a link.
    pub phone: Option<String>,
    /// `tel:` link of the phone, in international form (`tel:+842633822123`).
    pub phone_uri: Option<String>,
    pub email: Option<String>,
    /// OpenStreetMap `opening_hours` syntax, e.g. "Mo-Fr 07:30-11:30,13:30-17:00; Sa 07:30-11:30".
    pub opening_hours: Option<String>,
    pub coordinates: Option<Centroid>,
    /// True when `coordinates` is the commune's centroid, not the centre's own location.
    pub location_approximate: bool,
    pub source: Option<String>,
    /// YYYY-MM-DD.
    pub verified_on: Option<String>,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::answers::words::read"))]
    pub status: CentreStatus,
}

/// Whether staff have verified a centre's facts against a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CentreStatus {
    Verified,
    /// Nothing verified yet: the facts are unknown and the location approximate.
    Unverified,
}

/// A procedure in lists: the commune page and `GET /api/v1/procedures`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcedureSummary {
    /// National code, e.g. "1.001193".
    pub code: String,
    pub name: String,
    /// Lĩnh vực as the source writes it; null where the source gives none.
    pub field: Option<String>,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::answers::words::read"))]
    pub level: ProcedureLevel,
    /// How far it can be done online: in a commune's list, its province's level where staff verified one
    /// (`staff_fact.online`), else the catalogue's.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::answers::words::read"))]
    pub online: OnlineLevel,
    /// In a commune's list: what staff of its province verified about the procedure there, with their
    /// source and date; null where they verified nothing, and in the national list.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub staff_fact: Option<ProcedureStaffFact>,
}

/// What staff of a province verified about a procedure there (a row of `data/procedure_facts.csv`); a
/// fact not given is null, and the catalogue's stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcedureStaffFact {
    pub province_code: ProvinceCode,
    /// The province's online level, where staff give one.
    pub online: Option<OnlineLevel>,
    /// The province's page for the procedure (an https address).
    pub portal_url: Option<String>,
    /// The body that carries it out in the province (cơ quan thực hiện).
    pub agency: Option<String>,
    /// Where staff read these facts (a decision, a web page).
    pub source: String,
    /// The day staff checked them, YYYY-MM-DD.
    pub verified_on: String,
}

/// `GET /api/v1/procedures/{code}`: one procedure with its portal links, what the national procedures
/// database publishes about it (steps, channels, documents, …) and where each was read. A field no source
/// gives is absent, never an empty text or list; most procedures have details, some have none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcedureResponse {
    pub code: String,
    pub name: String,
    pub field: Option<String>,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::answers::words::read"))]
    pub level: ProcedureLevel,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::answers::words::read"))]
    pub online: OnlineLevel,
    /// Cơ quan thực hiện: the national database's where it gives one, else the catalogue's; null where
    /// neither does.
    pub agency: Option<String>,
    /// Whether it is carried out at commune level (cấp xã), so filed at the commune's service centre.
    pub at_commune: bool,
    /// The national portal's own page of the procedure where its list gives one, else its search by code.
    pub portal_url: String,
    /// Where to do or read about it: the portal's page (or its search), and the Ministry of Public
    /// Security's page where the source names it.
    pub links: Vec<PortalLink>,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::answers::words::read"))]
    pub status: ProcedureStatus,
    /// For a repealed procedure: the code that replaced it, where known.
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub replaced_by: Option<String>,
    /// The replacing procedure, so that a client can follow it without another request.
    pub replacement: Option<ProcedureSummary>,
    /// Trình tự thực hiện, as the source lays it out (line breaks kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<Vec<String>>,
    /// How it can be filed (in person, online, by post), each with its time and fee as the source gives them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<FilingChannel>>,
    /// The time and fee the source gives without naming a channel: for every channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every_channel: Option<ChannelTerms>,
    /// Thành phần hồ sơ: what to bring.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents: Option<Vec<ProcedureDocument>>,
    /// Yêu cầu, điều kiện.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirements: Option<String>,
    /// Kết quả: what one receives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// Căn cứ pháp lý.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<Vec<LegalDocument>>,
    /// Số quyết định công bố: the decision that announced this version of the procedure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
    /// Fields whose text still names units or papers abolished by 1 July 2025: shown with a note.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outdated: Vec<OutdatedNote>,
    pub source: ProcedureSource,
}

/// A way to file a procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FilingChannel {
    pub kind: ChannelKind,
    /// The source's words ("Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính").
    pub name: String,
    #[serde(flatten)]
    pub terms: ChannelTerms,
}

/// Time and fee texts, verbatim; a source may give several (by case), or none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelTerms {
    /// Thời hạn giải quyết.
    pub processing_time: Vec<String>,
    /// Phí, lệ phí.
    pub fees: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    /// Trực tiếp: at the service centre.
    InPerson,
    /// Trực tuyến: on the public-service portal.
    Online,
    /// Dịch vụ bưu chính: by post.
    Post,
    /// Words the source uses that are none of these.
    Other,
}

/// A field whose text predates 1 July 2025 (it names a district office, "thị trấn", the CMND, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutdatedNote {
    pub field: DetailField,
    /// The words of the field's text that are out of date, as the text writes them.
    pub words: Vec<String>,
}

/// Where a procedure's facts were read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcedureSource {
    /// Where the catalogue read the code and name (repository, file and commit).
    pub catalogue: String,
    /// What the catalogue's source says beyond the row: survey date, cross-checks, repeal decisions.
    pub catalogue_note: String,
    /// Where the details were read; absent for a procedure without details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<DetailsSource>,
}

/// The public copy of the national database's text that a procedure's details come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DetailsSource {
    /// The portal that published the text, by name ("Cổng Dịch vụ công quốc gia").
    pub publisher: String,
    /// The newest date the copy's description gives (YYYY-MM-DD): the copy is of that day or earlier;
    /// null for an undated copy.
    pub copied_by: Option<String>,
    /// The copy the record was mainly read from (`owner/repo : path @ commit`).
    pub copy: String,
    /// Where each field was read, where it differs from `copy`.
    pub fields: BTreeMap<DetailField, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalLink {
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::answers::words::read"))]
    pub kind: PortalKind,
    /// In Vietnamese; clients may label by `kind` instead.
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub label: String,
    pub url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PortalKind {
    /// Cổng Dịch vụ công quốc gia, the procedure's own page.
    NationalPage,
    /// Cổng Dịch vụ công quốc gia, searched by the code.
    NationalSearch,
    /// Cổng Dịch vụ công Bộ Công an, the procedure's own page.
    PublicSecurity,
}

/// `GET /api/v1/procedures?q=&field=&online=`: matching active procedures, best first (by code without
/// `q`), and every field of the catalogue for a filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProceduresResponse {
    pub procedures: Vec<ProcedureSummary>,
    /// The distinct fields of the active procedures, in alphabetical order (without tone marks).
    pub fields: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_has_the_documented_shape() {
        let health = HealthResponse {
            status: "ok".into(),
            dataset: DatasetInfo {
                version: "abc123".into(),
                built_from: "2026-07-25".into(),
                provinces: 34,
                new_communes: 3321,
                old_communes: 10051,
            },
        };
        let json = serde_json::to_string(&health).unwrap();
        assert_eq!(
            json,
            r#"{"status":"ok","dataset":{"version":"abc123","built_from":"2026-07-25","provinces":34,"new_communes":3321,"old_communes":10051}}"#
        );
        assert_eq!(serde_json::from_str::<HealthResponse>(&json).unwrap(), health);
    }

    #[test]
    fn error_body_has_the_documented_shape() {
        let body = ErrorResponse { error: ErrorBody { code: "not_found".into(), message: "No such route".into() } };
        let value = serde_json::to_value(&body).unwrap();
        assert_eq!(value["error"]["code"], "not_found");
        assert_eq!(value["error"]["message"], "No such route");
    }

    #[test]
    fn relation_is_lowercase() {
        assert_eq!(serde_json::to_string(&Relation::Partial).unwrap(), r#""partial""#);
    }

    #[test]
    fn a_default_basis_is_its_word_read_the_same_by_the_app() {
        use crate::answers::words::Word;
        for &(word, basis) in DefaultBasis::ALL {
            let json = serde_json::to_string(&basis).unwrap();
            assert_eq!((json.as_str(), basis.as_str()), (format!("\"{word}\"").as_str(), word));
            assert_eq!(serde_json::from_str::<DefaultBasis>(&json).unwrap(), basis);
            let read = read_basis(&mut serde_json::Deserializer::from_str(&json)).unwrap();
            assert_eq!(read, Some(basis));
        }
        assert_eq!(read_basis(&mut serde_json::Deserializer::from_str("null")).unwrap(), None);
        assert!(read_basis(&mut serde_json::Deserializer::from_str(r#""largest""#)).is_err());
        // The split reason: its basis as a snake_case word beside `default`, absent on the other parts.
        let default = Reason::Split { default: true, basis: Some(DefaultBasis::WholePopulation) };
        let json = serde_json::to_string(&default).unwrap();
        assert_eq!(json, r#"{"code":"split","default":true,"basis":"whole_population"}"#);
        assert_eq!(serde_json::from_str::<Reason>(&json).unwrap(), default);
        let other = Reason::Split { default: false, basis: None };
        assert_eq!(serde_json::to_string(&other).unwrap(), r#"{"code":"split","default":false}"#);
        assert_eq!(serde_json::from_str::<Reason>(r#"{"code":"split","default":false}"#).unwrap(), other);
    }
}

/// `POST /api/v1/convert` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConvertRequest {
    /// The old address as typed: at most 500 characters, counted after NFC normalisation (JSON
    /// Schema's `maxLength` counts code points, so text written decomposed may be longer before it).
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub address: String,
}

/// `POST /api/v1/convert`: what was understood, and the new commune(s), best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConvertResponse {
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub input: String,
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub parsed: ParsedAddress,
    pub candidates: Vec<ConvertCandidate>,
    /// Why there is no answer, or what would make it certain: a code with its parameters. (The browser
    /// app shows `hint`, asked for in its language, and does not decode the codes: a smaller bundle.)
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub hint_code: Option<Hint>,
    /// `hint_code` in the reader's language (`Accept-Language` or `lang=`; Vietnamese by default).
    pub hint: Option<String>,
}

/// What to tell the reader about a conversion as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Hint {
    /// The input is longer than the engine reads.
    TooLong { max: usize },
    /// Nothing in the input looks like a name.
    NoName,
    /// No commune matches.
    NoMatch,
    /// A district or province was read (`read`, as typed), but no commune of it.
    CommuneMissing { read: String },
    /// Several old communes have the name; the district tells them apart.
    SameName { count: usize },
    /// The words can be read as `count` different places; the district and province tell them apart.
    SeveralReadings { count: usize },
    /// The old commune was split; the first candidate is its default part (see `Reason::Split`'s basis).
    Split,
    /// The answer rests on a guess; each candidate's `reasons` say which.
    Uncertain,
}

/// Why a candidate is less than certain, or what it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Reason {
    /// A name was read with its spelling corrected.
    SpellingCorrected { written: String, read: String },
    /// An old address without its district: the commune was found by name within the province.
    DistrictMissing,
    /// No province was written; it follows from the district or the commune.
    ProvinceMissing,
    /// Words that name no unit were left aside.
    WordsIgnored { words: String },
    /// A district or province was written that does not contain this commune.
    ParentNotMatched { written: String },
    /// Read through a name the unit no longer has (an earlier merger, a later renaming, a nickname).
    EarlierName {
        written: String,
        /// What the name stands for now.
        now: String,
        /// YYYY-MM-DD, where a source gives it.
        effective: Option<String>,
        legal_basis: Option<String>,
    },
    /// One of several old communes with this name.
    SameName { count: usize },
    /// A number written without its unit word was read as a ward's ("8, Tân Bình" as Phường 8).
    BareNumber { written: String },
    /// The name read as the commune follows a street or place word ("đường", "thôn", "đại học"), so it
    /// may be the name of that street or place.
    PlaceName { written: String },
    /// The name read as the commune, written without its unit word, is also an old district's
    /// (`district`, its full name): an old address may have named the district alone.
    AlsoDistrictName { district: String },
    /// Part of a split old commune: `default` for the part answers name first, with `basis`, why (no
    /// source says how much of it went where); `basis` is absent on the other parts.
    Split {
        default: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        basis: Option<DefaultBasis>,
    },
}

/// The parts of the input, verbatim as typed (absent where not found).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParsedAddress {
    pub street: Option<String>,
    pub commune: Option<String>,
    pub district: Option<String>,
    pub province: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConvertCandidate {
    /// The new commune's code.
    pub code: NewCommuneCode,
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub name: String,
    pub province_code: ProvinceCode,
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub province_name: String,
    /// Whether the whole old commune went here, or only part of it.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::answers::words::read"))]
    pub relation: Relation,
    /// For a split old commune: its default part, on the basis `Reason::Split` names.
    pub default: bool,
    /// 0–1: how sure the engine is that this is the address's new commune.
    pub confidence: f64,
    /// The address written the new way: street part, new commune, new province.
    pub new_address: String,
    /// The old commune the input was read as (absent when the input already named a new commune).
    pub old: Option<OldMatch>,
    /// Why the confidence is below 1 (a typo, a missing level, ignored words, an earlier name, ...);
    /// empty when the answer is certain.
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub reasons: Vec<Reason>,
    /// `reasons` in the reader's language, in the same order.
    pub reason_texts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OldMatch {
    /// The old commune's code: the result card's "read as" line links to its page (`/cu/{code}`).
    pub code: String,
    pub name: String,
    pub district: String,
    pub province: String,
}

/// `GET /api/v1/search?q=&limit=`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchResponse {
    pub results: Vec<SearchResult>,
}

/// Whether a search result is a unit before or after 1 July 2025.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    Old,
    New,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchResult {
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::answers::words::read"))]
    pub kind: UnitKind,
    pub code: String,
    pub name: String,
    /// Its parents, e.g. "Quận 1, Thành phố Hồ Chí Minh".
    pub path: String,
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub score: f64,
}

/// `POST /api/v1/convert/batch` with a JSON array of addresses: one result per address, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchResponse {
    pub results: Vec<BatchRow>,
}

/// One row of a batch: its conversion, or why it could not be converted (other rows go on).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchRow {
    /// 0-based position in the request.
    pub row: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<ConvertResponse>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorBody>,
}

/// `GET /api/v1/locate?lat=&lon=`: the commune whose boundary holds a point (WGS 84). Never a commune the
/// point is not in without saying so: a point just off the coast is `nearest`, one at sea or abroad
/// `no_commune`. (Flat rather than a tagged enum: the browser app reads it, within its size budget.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocateResponse {
    pub lat: f64,
    pub lon: f64,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::answers::words::read"))]
    pub status: LocateStatus,
    /// The commune holding the point (`inside`), or the nearest (`nearest`); null for `no_commune`.
    pub commune: Option<UnitRef>,
    pub province: Option<UnitRef>,
    /// `inside`: metres to the commune's nearest border; `nearest`: metres from the commune; rounded.
    /// The borders are simplified (tens of metres off, at worst a few hundred).
    pub distance_m: Option<u32>,
    /// `inside` within [`NEAR_BORDER_M`] of a border: the commune across it, where the point may be.
    pub across_border: Option<UnitRef>,
    /// `no_commune` inside the box around Viet Nam (lat 6–24, lon 102–118): at sea or across a land border.
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub in_viet_nam_box: bool,
}

/// Where a located point is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LocateStatus {
    /// Inside the commune's boundary (or on it).
    Inside,
    /// In no commune, but within [`NEAREST_M`] of this one (off the coast, on a river): approximate.
    Nearest,
    /// In no commune and far from all: at sea, or outside Viet Nam.
    NoCommune,
}

/// Under this distance to a border, a located point may be in the neighbouring commune.
pub const NEAR_BORDER_M: u32 = 150;
/// A point in no commune but this near one is answered with it, as approximate.
pub const NEAREST_M: u32 = 1_000;

/// `GET /api/v1/communes/{code}/boundary`: a GeoJSON `FeatureCollection` (RFC 7946, WGS 84 [lon, lat]) of
/// the commune's simplified boundary, first, then each neighbour's that shares a border with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoundaryCollection {
    #[serde(rename = "type")]
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub kind: FeatureCollectionType,
    pub features: Vec<BoundaryFeature>,
}

/// The `type` of a GeoJSON feature collection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FeatureCollectionType {
    #[default]
    FeatureCollection,
}

/// One commune's boundary as a GeoJSON `Feature`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoundaryFeature {
    #[serde(rename = "type")]
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub kind: FeatureType,
    pub properties: BoundaryProperties,
    pub geometry: MultiPolygonGeometry,
}

/// The `type` of a GeoJSON feature.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FeatureType {
    #[default]
    Feature,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoundaryProperties {
    pub code: NewCommuneCode,
    /// Full name ("Phường Ba Đình"), from the dataset.
    pub name: String,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::answers::words::read"))]
    pub role: BoundaryRole,
}

/// Whether a feature is the commune asked for or a neighbour of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BoundaryRole {
    Commune,
    Neighbour,
}

/// A GeoJSON `MultiPolygon`: polygons, each an outer ring then its holes, each ring of [lon, lat] points
/// whose last is its first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MultiPolygonGeometry {
    #[serde(rename = "type")]
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub kind: MultiPolygonType,
    pub coordinates: Vec<Vec<Vec<[f64; 2]>>>,
}

/// The `type` of a GeoJSON multipolygon.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MultiPolygonType {
    #[default]
    MultiPolygon,
}
