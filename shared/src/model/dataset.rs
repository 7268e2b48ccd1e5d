//! The national old→new dataset: the records of `data/*.csv`, in the order and shape they are stored.
//!
//! Old (before 1 July 2025) and new codes are different keys: old 26740 "Phường Bến Nghé" and new 26740
//! "Phường Sài Gòn" share a number, so every record says which kind of code it holds: a typed code
//! ([`super::codes`]) where the field holds one kind, text where it holds several (a change's, an
//! alias's). Closed sets of words are enums written as the same words.

use serde::{Deserialize, Serialize};

use super::codes::{NewCommuneCode, OldCommuneCode, OldDistrictCode, OldProvinceCode, ProvinceCode};

/// Everything the product answers from. Each list is sorted by its key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub meta: Meta,
    pub old_provinces: Vec<OldProvince>,
    pub old_districts: Vec<OldDistrict>,
    pub old_communes: Vec<OldCommune>,
    pub new_provinces: Vec<NewProvince>,
    pub new_communes: Vec<NewCommune>,
    pub transitions: Vec<Transition>,
    pub uncoded_predecessors: Vec<UncodedPredecessor>,
    pub legal_texts: Vec<LegalText>,
    pub changes: Vec<Change>,
    pub aliases: Vec<Alias>,
    /// Names renamed or merged away before the NSO list of 2025-01-04 that people still write, each
    /// with the old unit it became and its legal basis.
    pub earlier_names: Vec<EarlierName>,
    /// The national catalogue of procedures, stored once: every commune offers the active ones.
    pub procedures: Vec<Procedure>,
    /// Service centres as staff verified them, by commune code; most communes have none yet.
    pub service_centres: Vec<ServiceCentreRow>,
    /// Provinces' public-service portals, where staff have verified one.
    pub province_portals: Vec<ProvincePortal>,
    /// What staff of a province verified about a procedure of the catalogue there, by (province, code).
    pub procedure_facts: Vec<ProcedureFact>,
    /// What the national procedures database publishes about a procedure, by code (112 of the catalogue's).
    pub procedure_details: Vec<super::ProcedureDetail>,
    /// The national portal's own page of a procedure, by code.
    pub portal_pages: Vec<super::PortalPage>,
}

/// `data/meta.csv`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// Date (YYYY-MM-DD) of the newest state of affairs any source describes.
    pub built_from: String,
}

/// One of the 63 provinces before 1 July 2025 (`data/old_provinces.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OldProvince {
    pub code: OldProvinceCode,
    pub name: String,
    pub full_name: String,
    pub unit_type: String,
    /// The new province it became part of (provinces were merged whole).
    pub new_province_code: ProvinceCode,
}

/// A district before 1 July 2025 (`data/old_districts.csv`). Districts no longer exist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OldDistrict {
    pub code: OldDistrictCode,
    pub province_code: OldProvinceCode,
    pub name: String,
    pub full_name: String,
    pub unit_type: String,
}

/// A commune, ward or township before 1 July 2025 (`data/old_communes.csv`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OldCommune {
    pub code: OldCommuneCode,
    pub district_code: OldDistrictCode,
    pub province_code: OldProvinceCode,
    pub name: String,
    pub full_name: String,
    pub unit_type: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// One of the 34 provinces from 1 July 2025 (`data/new_provinces.csv`), in its current state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewProvince {
    pub code: ProvinceCode,
    pub name: String,
    pub full_name: String,
    pub unit_type: String,
    pub name_en: String,
    pub full_name_en: String,
    /// Codes of the old provinces it absorbed, space-separated; see [`NewProvince::absorbed_codes`].
    pub absorbed: String,
}

impl NewProvince {
    /// [`NewProvince::absorbed`] one by one (text that is not an old province's code is left out; the
    /// dataset's check reports it).
    pub fn absorbed_codes(&self) -> impl Iterator<Item = OldProvinceCode> + '_ {
        self.absorbed.split_whitespace().filter_map(|code| OldProvinceCode::parse(code).ok())
    }
}

/// One of the 3,321 communes, wards and special zones from 1 July 2025 (`data/new_communes.csv`),
/// in its current state; earlier names and types are in [`Dataset::changes`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewCommune {
    pub code: NewCommuneCode,
    pub province_code: ProvinceCode,
    pub name: String,
    pub full_name: String,
    /// "Xã", "Phường" or "Đặc khu".
    pub unit_type: String,
    pub name_en: String,
    pub full_name_en: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Official area figure in km².
    pub area_km2: Option<f64>,
    /// The resolution that established it, e.g. "1656/NQ-UBTVQH15".
    pub resolution: String,
    /// Its date, YYYY-MM-DD.
    pub resolution_date: String,
    /// Article and clause of the resolution, e.g. "Điều 1, khoản 3"; empty where the text gives none.
    pub article: String,
}

/// How much of an old commune went into a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    Whole,
    Partial,
}

/// Old commune → new commune (`data/transitions.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    pub old_code: OldCommuneCode,
    pub new_code: NewCommuneCode,
    pub relation: Relation,
    /// The successor answers name first: the only one, or for a split old commune the part a source
    /// names (see [`Transition::default_basis`] for which source; none says how much of it went where).
    pub default: bool,
    /// The NSO table's note, verbatim ("Nhập toàn bộ", "Nhập một phần", "Đổi tên", ...).
    pub note: String,
    pub source: TransitionSource,
    /// Why this part of a split old commune is its default; `None` on every other row (a commune's only
    /// successor is its default without a reason to give).
    pub default_basis: Option<DefaultBasis>,
}

/// Why one part of a split old commune is its default, in the order the importer takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DefaultBasis {
    /// Chosen by people checking the resolution's text: `data/overrides.csv` (`default_successor`, reasons
    /// in `data/REVIEW.md`), or a staff mapping correction, published with its legal citation.
    Review,
    /// The NSO table's note says this part took the whole population ("…, toàn bộ dân số").
    WholePopulation,
    /// vietnamadminunits' `converter_2025.json` marks it `isDefaultNewWard`, without saying why: the file
    /// gives no part's size (its areas are whole new communes', and its default is the largest of those in
    /// 196 of its 471 splits).
    OpenData,
}

impl DefaultBasis {
    /// As written in `data/transitions.csv` and in the API's answers.
    pub fn as_str(self) -> &'static str {
        match self {
            DefaultBasis::Review => "review",
            DefaultBasis::WholePopulation => "whole_population",
            DefaultBasis::OpenData => "open_data",
        }
    }
}

/// Where a [`Transition`] comes from.
///
/// Variants are in the order of their names, so that records sort as their text does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TransitionSource {
    /// `data/earlier_mergers.csv`: an old code of the NSO list that was itself merged before 2025-07-01.
    EarlierMerger,
    /// The NSO's conversion table.
    Nso,
    /// `data/overrides.csv`, decided in `data/REVIEW.md`, replaced the NSO's row.
    Review,
    /// A staff mapping correction, published with its legal citation (the change request keeps it).
    Staff,
}

impl TransitionSource {
    /// As written in `data/transitions.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            TransitionSource::EarlierMerger => "earlier_merger",
            TransitionSource::Nso => "nso",
            TransitionSource::Review => "review",
            TransitionSource::Staff => "staff",
        }
    }
}

/// A predecessor without a commune code: the island districts that had no communes, and areas such as
/// coastal alluvial land managed by a district (`data/uncoded_predecessors.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UncodedPredecessor {
    pub new_code: NewCommuneCode,
    pub old_district_code: OldDistrictCode,
    pub description: String,
    pub relation: Relation,
    pub note: String,
}

/// The text of one clause of a resolution (`data/legal_texts.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalText {
    pub resolution: String,
    pub article: String,
    pub text: String,
}

/// A later change to a unit, with its own date and legal basis (`data/changes.csv`). The record holds
/// the state *before* the change; the unit's current record holds the state after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub level: ChangeLevel,
    /// A [`ProvinceCode`] or a [`NewCommuneCode`], as `level` says.
    pub code: String,
    pub effective: String,
    pub name_before: String,
    pub full_name_before: String,
    pub unit_type_before: String,
    pub legal_basis: String,
}

/// Which kind of new unit a [`Change`] is of.
///
/// Variants are in the order of their names, so that records sort as their text does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChangeLevel {
    /// A new commune, ward or special zone (`data/new_communes.csv`).
    Commune,
    /// A new province (`data/new_provinces.csv`).
    Province,
}

impl ChangeLevel {
    /// As written in `data/changes.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeLevel::Commune => "commune",
            ChangeLevel::Province => "province",
        }
    }
}

impl std::fmt::Display for ChangeLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Another name a unit is known by (`data/aliases.csv`): names of earlier reorganisations printed on
/// older papers, and common nicknames. `key` is in the folded form of [`crate::engine::normalize::fold_key`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alias {
    pub level: AliasLevel,
    /// A code of the kind `level` says.
    pub code: String,
    pub key: String,
    pub source: AliasSource,
}

/// Which kind of unit an [`Alias`] names.
///
/// Variants are in the order of their names, so that records sort as their text does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AliasLevel {
    NewProvince,
    OldCommune,
    OldDistrict,
    OldProvince,
}

impl AliasLevel {
    /// As written in `data/aliases.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            AliasLevel::NewProvince => "new_province",
            AliasLevel::OldCommune => "old_commune",
            AliasLevel::OldDistrict => "old_district",
            AliasLevel::OldProvince => "old_province",
        }
    }
}

impl std::fmt::Display for AliasLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an [`Alias`] was read.
///
/// Variants are in the order of their names, so that records sort as their text does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AliasSource {
    /// `data/sources/province_nicknames.csv`: common nicknames ("HCM", "Sài Gòn").
    ProvinceNicknames,
    /// A staff edit, published with its citation (the change request keeps it).
    Staff,
    /// vietnamadminunits: names of earlier reorganisations (2020–2025).
    Vietnamadminunits,
}

impl AliasSource {
    /// As written in `data/aliases.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            AliasSource::ProvinceNicknames => "province_nicknames.csv",
            AliasSource::Staff => "staff",
            AliasSource::Vietnamadminunits => "vietnamadminunits",
        }
    }
}

/// `alias.source == "vietnamadminunits"`: compared with its text as written in the file.
impl PartialEq<&str> for AliasSource {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A closed set of words written as its words: in the CSV files, and in the snapshot too (where a derived
/// enum would be written as its position), so that both are what they were when these fields were text.
macro_rules! from_words {
    ($name:ident, $what:literal, [$($variant:ident),+]) => {
        impl std::str::FromStr for $name {
            type Err = String;

            fn from_str(text: &str) -> Result<Self, String> {
                [$($name::$variant),+]
                    .into_iter()
                    .find(|v| v.as_str() == text)
                    .ok_or_else(|| format!("{text:?} is not {}", $what))
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

from_words!(
    TransitionSource,
    "a transition's source (earlier_merger, nso, review, staff)",
    [EarlierMerger, Nso, Review, Staff]
);
from_words!(ChangeLevel, "a change's level (commune, province)", [Commune, Province]);
from_words!(
    AliasLevel,
    "an alias's level (new_province, old_commune, old_district, old_province)",
    [NewProvince, OldCommune, OldDistrict, OldProvince]
);
from_words!(
    AliasSource,
    "an alias's source (province_nicknames.csv, staff, vietnamadminunits)",
    [ProvinceNicknames, Staff, Vietnamadminunits]
);

/// Which kind of old unit an [`EarlierName`] stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EarlierNameLevel {
    /// Its codes are old provinces (`data/old_provinces.csv`).
    OldProvince,
    /// Its codes are old districts (`data/old_districts.csv`).
    OldDistrict,
    /// Its codes are old communes (`data/old_communes.csv`).
    OldCommune,
}

impl EarlierNameLevel {
    /// As written in `data/earlier_names.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            EarlierNameLevel::OldProvince => "old_province",
            EarlierNameLevel::OldDistrict => "old_district",
            EarlierNameLevel::OldCommune => "old_commune",
        }
    }
}

/// A name that was renamed or merged away *before* the NSO list of 2025-01-04 (the dataset's old state)
/// and that people still write on papers: "Tỉnh Hà Tây" (2008), "Quận 2" (2021), "Phường 24" of Bình
/// Thạnh (2025-01-01). `data/earlier_names.csv` is a reviewed file (each row's reasons in
/// `data/REVIEW.md`), kept sorted by (level, parent code, name); the importer re-sorts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierName {
    pub level: EarlierNameLevel,
    /// With its type word, as people write it and in the official spelling: "Huyện Từ Liêm", "Phường 6".
    pub name: String,
    /// The old unit(s) of `level` it became, space-separated like [`NewProvince::absorbed`]: one, or several
    /// where it was split (the part most of it went to first where a source says so, else ascending).
    /// See [`EarlierName::code_list`].
    pub codes: String,
    /// Where the name is unique: a commune's old district, a district's old province; empty for a province.
    pub parent_code: String,
    /// The day the name ceased (YYYY-MM-DD), before 2025-07-01.
    pub effective: String,
    /// The act that merged or renamed it, e.g. "Nghị quyết số 1278/NQ-UBTVQH15 (2024-11-14), Điều 1 khoản 8 điểm h".
    pub legal_basis: String,
    /// Where the fact was read (pages, repository files), and what in it is weak.
    pub source: String,
}

impl EarlierName {
    /// [`EarlierName::codes`] one by one.
    pub fn code_list(&self) -> impl Iterator<Item = &str> {
        self.codes.split_whitespace()
    }

    /// The old communes it became, for a name of that level (none for another level).
    pub fn old_commune_codes(&self) -> impl Iterator<Item = OldCommuneCode> + '_ {
        let communes = self.level == EarlierNameLevel::OldCommune;
        self.code_list().filter(move |_| communes).filter_map(|code| OldCommuneCode::parse(code).ok())
    }
}

/// The level that carries out a procedure, in the vocabulary of the procedures seed
/// (`data/sources/procedures/README.md` says how each source's wording was mapped).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProcedureLevel {
    /// The commune's People's Committee (UBND xã).
    Xa,
    /// The commune police (Công an xã).
    CongAnXa,
    /// A provincial authority (some are filed at the commune centre).
    Tinh,
    /// Central level, or several levels, or a source that does not say which.
    Other,
    /// The source gives no level.
    Unknown,
}

/// How far a procedure can be done on the public-service portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OnlineLevel {
    /// Online end to end (toàn trình).
    Full,
    /// Started online, finished in person (một phần).
    Partial,
    /// Only in person. No source says this of any procedure yet; kept for staff.
    InPerson,
    /// No source says.
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProcedureStatus {
    Active,
    /// Repealed or replaced: kept so that an old code still resolves, never offered.
    Repealed,
}

/// An administrative procedure (thủ tục hành chính) of the national catalogue (`data/procedures.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Procedure {
    /// National code, e.g. "1.001193".
    pub code: String,
    /// As the source writes it, including its own "Thủ tục ..." prefix.
    pub name: String,
    /// Lĩnh vực, as the source writes it; absent where the source gives none.
    pub field: Option<String>,
    pub level: ProcedureLevel,
    pub online: OnlineLevel,
    /// Cơ quan thực hiện; absent where the source gives none.
    pub agency: Option<String>,
    pub status: ProcedureStatus,
    /// For a repealed procedure: the code that replaced it, where the catalogue has it.
    pub replaced_by: Option<String>,
    /// The Ministry of Public Security portal's page id (`matt`), where the source gives one.
    pub bca_matt: Option<String>,
    /// Where the code and name were read (repository, file and commit).
    pub source: String,
    /// What the source says beyond the row: survey date, cross-checks, repeal decisions.
    pub source_note: String,
}

/// A commune's service centre (Trung tâm phục vụ hành chính công) as staff verified it
/// (`data/service_centres.csv`, edited by hand and checked by `cargo xtask data check`).
/// Every fact is optional: what staff did not verify stays unknown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceCentreRow {
    pub commune_code: NewCommuneCode,
    pub name: Option<String>,
    pub address: Option<String>,
    /// Vietnamese format, see [`crate::data::centre::check_phone`].
    pub phone: Option<String>,
    pub email: Option<String>,
    /// A subset of OpenStreetMap's `opening_hours`, see [`crate::data::centre::opening_hours`].
    pub opening_hours: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Where staff read it (a decision, a web page, a visit).
    pub source: String,
    /// YYYY-MM-DD.
    pub verified_on: String,
}

impl ServiceCentreRow {
    /// The columns of `data/service_centres.csv`, written even when it has no rows yet.
    pub const COLUMNS: [&str; 10] =
        ["commune_code", "name", "address", "phone", "email", "opening_hours", "lat", "lon", "source", "verified_on"];
}

/// A province's public-service portal (`data/province_portals.csv`, edited by hand). No source lists
/// them yet, so the file starts empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvincePortal {
    pub province_code: ProvinceCode,
    /// An https:// address.
    pub url: String,
    pub source: String,
    /// YYYY-MM-DD.
    pub verified_on: String,
}

impl ProvincePortal {
    /// The columns of `data/province_portals.csv`, written even when it has no rows yet.
    pub const COLUMNS: [&str; 4] = ["province_code", "url", "source", "verified_on"];
}

/// What staff of a province verified about one procedure of the national catalogue there
/// (`data/procedure_facts.csv`, edited by hand; rules in [`crate::data::check::procedure_fact_problems`]).
/// Every fact is optional, at least one is given; the catalogue's own facts stand where it gives none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureFact {
    pub province_code: ProvinceCode,
    /// A code of the catalogue ([`Procedure::code`]): never one that no source gives.
    pub procedure_code: String,
    /// How far it can be done online in this province (never `unknown`: leave it empty instead).
    pub online: Option<OnlineLevel>,
    /// The province's page for it, an https:// address.
    pub portal_url: Option<String>,
    /// The body that carries it out in this province (cơ quan thực hiện).
    pub agency: Option<String>,
    /// For a procedure the catalogue marks repealed: the active procedure of the catalogue that replaced
    /// it in this province.
    pub replaced_by: Option<String>,
    /// Where staff read it (a decision, a web page).
    pub source: String,
    /// YYYY-MM-DD.
    pub verified_on: String,
}

impl ProcedureFact {
    /// The columns of `data/procedure_facts.csv`, written even when it has no rows yet.
    pub const COLUMNS: [&str; 8] =
        ["province_code", "procedure_code", "online", "portal_url", "agency", "replaced_by", "source", "verified_on"];
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each word as the files write it, in the order of the variants.
    fn words<T: Serialize + for<'de> Deserialize<'de> + std::str::FromStr + Ord + Copy + std::fmt::Debug>(
        all: &[T],
        as_str: impl Fn(T) -> &'static str,
    ) {
        for &value in all {
            let word = as_str(value);
            assert_eq!(serde_json::to_string(&value).unwrap(), format!("{word:?}"));
            // The snapshot writes the word, as when the field was text.
            assert_eq!(postcard::to_allocvec(&value).unwrap(), postcard::to_allocvec(word).unwrap());
            assert_eq!(postcard::from_bytes::<T>(&postcard::to_allocvec(word).unwrap()).unwrap(), value);
            assert!(word.parse::<T>().is_ok_and(|parsed| parsed == value), "{word}");
        }
        assert!(all.windows(2).all(|w| w[0] < w[1] && as_str(w[0]) < as_str(w[1])), "sorted as their words: {all:?}");
        assert!("nothing".parse::<T>().is_err());
    }

    #[test]
    fn an_earlier_name_lists_its_old_communes_typed() {
        let name = |level, codes: &str| EarlierName {
            level,
            name: "Phường 6".into(),
            codes: codes.into(),
            parent_code: "769".into(),
            effective: "2025-01-01".into(),
            legal_basis: "b".into(),
            source: "s".into(),
        };
        let split = name(EarlierNameLevel::OldCommune, "27094 27097");
        let codes: Vec<OldCommuneCode> = split.old_commune_codes().collect();
        assert_eq!(codes, ["27094", "27097"]);
        assert_eq!(name(EarlierNameLevel::OldDistrict, "769").old_commune_codes().count(), 0);
    }

    #[test]
    fn closed_sets_are_written_as_their_words() {
        use TransitionSource::*;
        words(&[EarlierMerger, Nso, Review, TransitionSource::Staff], TransitionSource::as_str);
        words(&[ChangeLevel::Commune, ChangeLevel::Province], ChangeLevel::as_str);
        use AliasLevel::*;
        words(&[NewProvince, OldCommune, OldDistrict, OldProvince], AliasLevel::as_str);
        words(
            &[AliasSource::ProvinceNicknames, AliasSource::Staff, AliasSource::Vietnamadminunits],
            AliasSource::as_str,
        );
        assert!(AliasSource::Vietnamadminunits == "vietnamadminunits");
        assert_eq!(ChangeLevel::Province.to_string(), "province");
    }
}
