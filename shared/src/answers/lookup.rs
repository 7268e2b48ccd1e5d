//! [`Lookup`]: one dataset's index and lookup engine together, and the answers that need the engine
//! (conversion, search) or the dataset as a whole (its description).

use std::sync::OnceLock;

use super::{ConvertResponse, DatasetInfo, Lang, SearchResponse};
use crate::data::snapshot::Snapshot;
use crate::engine::Engine;
use crate::model::{Dataset, Index};

/// One dataset, its look-ups ([`Index`]) and its lookup engine, which is built from that index and
/// only ever asked about it. Every answer of the API is a method of it.
///
/// The engine is built on first use, or ahead of it by [`Lookup::warm_up`] (the API calls it on a
/// background thread after a cold start, so that health checks and reads need not wait for it).
#[derive(Debug)]
pub struct Lookup {
    version: String,
    index: Index,
    engine: OnceLock<Engine>,
}

impl Lookup {
    /// The answers of `dataset`, whose snapshot is named `version` (see [`crate::data::snapshot`]).
    pub fn new(version: impl Into<String>, dataset: Dataset) -> Self {
        Self { version: version.into(), index: Index::new(dataset), engine: OnceLock::new() }
    }

    pub fn from_snapshot(snapshot: Snapshot) -> Self {
        Self::new(snapshot.version, snapshot.dataset)
    }

    /// The content hash of the dataset's snapshot.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The dataset and its look-ups by code, for reading records directly.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Builds the engine now if nobody has yet (it takes a few tens of milliseconds).
    pub fn warm_up(&self) {
        self.engine();
    }

    pub(super) fn engine(&self) -> &Engine {
        self.engine.get_or_init(|| Engine::new(&self.index))
    }

    /// `GET /api/v1/health`'s description of the dataset.
    pub fn dataset_info(&self) -> DatasetInfo {
        let d = &self.index.dataset;
        DatasetInfo {
            version: self.version.clone(),
            built_from: d.meta.built_from.clone(),
            provinces: d.new_provinces.len(),
            new_communes: d.new_communes.len(),
            old_communes: d.old_communes.len(),
        }
    }

    /// `POST /api/v1/convert`: one free-text address, with the hint and reasons written in `lang`.
    /// Never panics; unusable input (longer than [`crate::engine::MAX_INPUT_CHARS`] too) gets no
    /// candidates and a hint.
    pub fn convert(&self, address: &str, lang: Lang) -> ConvertResponse {
        let mut response = self.engine().convert(&self.index, address);
        response.localize(lang);
        response
    }

    /// `GET /api/v1/search`: old and new communes whose name (or a word of it) starts with `query`, best
    /// first; `limit` is brought within 1–[`crate::engine::MAX_SEARCH_LIMIT`].
    pub fn search(&self, query: &str, limit: usize) -> SearchResponse {
        SearchResponse { results: self.engine().search(&self.index, query, limit) }
    }
}

#[cfg(all(test, feature = "canonical"))]
pub(crate) mod tests {
    use super::*;
    use crate::answers::{Hint, UnitKind};

    /// The dataset of `data/*.csv`, read once for the tests of every answer.
    pub(crate) fn lookup() -> &'static Lookup {
        static LOOKUP: OnceLock<Lookup> = OnceLock::new();
        LOOKUP.get_or_init(|| {
            let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
            let dataset = crate::data::canonical::parse(|name| {
                std::fs::read_to_string(data.join(name)).map_err(|e| e.to_string())
            })
            .expect("data/*.csv");
            Lookup::from_snapshot(crate::data::snapshot::decode(&crate::data::snapshot::encode(&dataset)).unwrap())
        })
    }

    #[test]
    fn the_engine_is_built_once_on_first_use() {
        let lookup = Lookup::new("v", lookup().index().dataset.clone());
        assert!(lookup.engine.get().is_none(), "not built before it is needed");
        lookup.warm_up();
        let engine: *const Engine = lookup.engine();
        lookup.warm_up();
        assert!(std::ptr::eq(engine, lookup.engine()));
    }

    #[test]
    fn describes_its_dataset() {
        let info = lookup().dataset_info();
        assert_eq!((info.provinces, info.new_communes), (34, 3321));
        assert_eq!(info.version, lookup().version());
        assert_eq!(info.version.len(), 16);
        assert_eq!(info.built_from, lookup().index().dataset.meta.built_from);
    }

    #[test]
    fn converts_with_texts_in_the_language_asked() {
        let response = lookup().convert("12 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM", Lang::Vi);
        assert_eq!(response.candidates[0].code, "26740");
        assert_eq!(response.candidates[0].province_code, "79");
        assert_eq!(response.candidates[0].new_address, "12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh");

        let vi = lookup().convert("   ", Lang::Vi);
        let en = lookup().convert("   ", Lang::En);
        assert_eq!(vi.hint_code, Some(Hint::NoName));
        assert_eq!(vi.hint, Some(Hint::NoName.text(Lang::Vi)));
        assert_eq!(en.hint, Some(Hint::NoName.text(Lang::En)));

        let split = lookup().convert("phuong cong vi quan ba dinh ha noi", Lang::En);
        for candidate in &split.candidates {
            let texts: Vec<String> = candidate.reasons.iter().map(|r| r.text(Lang::En)).collect();
            assert_eq!(candidate.reason_texts, texts);
        }
    }

    /// The first candidate's (code, new address).
    fn first_candidate(address: &str) -> (String, String) {
        let response = lookup().convert(address, Lang::Vi);
        let first = response.candidates.first().unwrap_or_else(|| panic!("{address}: no candidate in {response:?}"));
        (first.code.to_string(), first.new_address.clone())
    }

    // Changes after 2026-07-25 (sources/thanglequoc/changes-after-2026-07-25.csv, later_changes.csv): Quảng
    // Ninh became a centrally-run city on 2026-09-01 (36/2026/QH16); Bắc Ninh became one (39/2026/QH16) and
    // 12 of its xã became phường (388/NQ-UBTVQH16) on 2026-09-20.

    #[test]
    fn the_dataset_is_current_to_20_september_2026() {
        assert_eq!(lookup().dataset_info().built_from, "2026-09-20");
    }

    #[test]
    fn old_addresses_in_bac_ninh_convert_to_the_new_phuong_and_city() {
        // Old 07273 Xã Đông Sơn (Huyện Yên Thế, old Bắc Giang) went whole to 07294 (NSO table).
        let (code, new_address) = first_candidate("Xã Đông Sơn, Huyện Yên Thế, Tỉnh Bắc Giang");
        assert_eq!((code.as_str(), new_address.as_str()), ("07294", "Phường Bố Hạ, Thành phố Bắc Ninh"));
        // Old 09217 Xã Đông Tiến (Huyện Yên Phong, old Bắc Ninh) went whole to 09193 Phường Yên Phong.
        let (code, new_address) = first_candidate("Số 5, Xã Đông Tiến, Huyện Yên Phong, Tỉnh Bắc Ninh");
        assert_eq!((code.as_str(), new_address.as_str()), ("09193", "Số 5, Phường Yên Phong, Thành phố Bắc Ninh"));
        // Old 07294 Thị trấn Bố Hạ, written without tone marks.
        let (code, new_address) = first_candidate("thi tran bo ha, yen the, bac giang");
        assert_eq!((code.as_str(), new_address.as_str()), ("07294", "Phường Bố Hạ, Thành phố Bắc Ninh"));
    }

    #[test]
    fn earlier_names_written_by_users_still_resolve() {
        // "Tỉnh Bắc Ninh" and "Xã Bố Hạ": the names until 2026-09-20.
        let (code, new_address) = first_candidate("Xã Bố Hạ, Tỉnh Bắc Ninh");
        assert_eq!(code, "07294");
        assert_eq!(new_address, "Phường Bố Hạ, Thành phố Bắc Ninh");
        assert_eq!(first_candidate("Xã Lục Nam, Thành phố Bắc Ninh").0, "07444");
        let (code, new_address) = first_candidate("Phường Bố Hạ, Tỉnh Bắc Ninh");
        assert_eq!((code.as_str(), new_address.as_str()), ("07294", "Phường Bố Hạ, Thành phố Bắc Ninh"));
        // "Tỉnh Quảng Ninh": its name until 2026-09-01.
        let (code, new_address) = first_candidate("Xã Ba Chẽ, Tỉnh Quảng Ninh");
        assert_eq!((code.as_str(), new_address.as_str()), ("06970", "Xã Ba Chẽ, Thành phố Quảng Ninh"));
    }

    /// A unit's earlier type word is not left in the street part (issue 11, section 3: the new address is
    /// built from the dataset, not from leftover input; at 74b4b31 "Xã Bố Hạ, Tỉnh Bắc Ninh" answered
    /// "Xã, Phường Bố Hạ, Thành phố Bắc Ninh").
    #[test]
    fn an_earlier_type_word_is_not_left_in_the_new_address() {
        for (address, expected) in [
            ("Xã Bố Hạ, Tỉnh Bắc Ninh", "Phường Bố Hạ, Thành phố Bắc Ninh"),
            ("Xã Bố Hạ", "Phường Bố Hạ, Thành phố Bắc Ninh"),
            ("Xã Lộc Ninh, Tỉnh Đồng Nai", "Phường Lộc Ninh, Thành phố Đồng Nai"),
        ] {
            assert_eq!(first_candidate(address).1, expected, "{address}");
        }
    }

    #[test]
    fn searches_old_and_new_names() {
        let results = lookup().search("ben ngh", 5).results;
        assert!(results.len() <= 5);
        assert!(results.iter().any(|r| r.kind == UnitKind::Old && r.code == "26740"), "{results:?}");
        assert_eq!(lookup().search("an", 1000).results.len(), crate::engine::MAX_SEARCH_LIMIT);
        assert!(lookup().search("", 10).results.is_empty());
    }
}
