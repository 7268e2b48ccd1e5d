//! The offline engine: the API's own [`Lookup`] over a snapshot the service worker kept
//! (`frontend/sw.js`), answering `POST /api/v1/convert` and `GET /api/v1/search` with the JSON the API
//! would send. It has no web APIs of its own: the worker fetches, caches and hands it the bytes, so the
//! same answers can be checked natively (below) and in the browser (the e2e test over the dev set).

use shared::answers::{Lang, Lookup};
use shared::data::snapshot;
use wasm_bindgen::prelude::*;

/// A loaded snapshot, ready to answer.
#[wasm_bindgen]
pub struct Offline {
    lookup: Lookup,
}

#[wasm_bindgen]
impl Offline {
    /// Decodes a snapshot (`/api/v1/snapshot/{version}`'s bytes), refusing one whose content does not
    /// match its version: a damaged cache must give no answer rather than wrong ones.
    #[wasm_bindgen(constructor)]
    pub fn open(bytes: &[u8]) -> Result<Offline, JsError> {
        let snapshot = snapshot::decode(bytes).map_err(|error| JsError::new(&error.to_string()))?;
        Ok(Offline { lookup: Lookup::from_snapshot(snapshot) })
    }

    /// The snapshot's version, as `/api/v1/health` names it.
    #[wasm_bindgen(getter)]
    pub fn version(&self) -> String {
        self.lookup.version().to_owned()
    }

    /// The date (YYYY-MM-DD) of the newest state of affairs the data describes: the "data of" date
    /// shown beside an offline answer.
    #[wasm_bindgen(getter)]
    pub fn built_from(&self) -> String {
        self.lookup.index().dataset.meta.built_from.clone()
    }

    /// `POST /api/v1/convert?lang=` with `{"address": …}`: its JSON answer. Any language but English is
    /// Vietnamese, as the API reads `lang`.
    pub fn convert(&self, address: &str, lang: &str) -> String {
        let lang = Lang::from_code(lang).unwrap_or_default();
        json(&self.lookup.convert(address, lang))
    }

    /// `GET /api/v1/search?q=&limit=`: its JSON answer (`limit` as the API defaults and bounds it).
    pub fn search(&self, query: &str, limit: Option<usize>) -> String {
        json(&self.lookup.search(query, limit.unwrap_or(10)))
    }
}

/// Whether the API would refuse `text` as too long (its 422), for the worker to answer the same.
#[wasm_bindgen]
pub fn too_long(text: &str) -> bool {
    shared::engine::too_long(text)
}

fn json(answer: &impl serde::Serialize) -> String {
    serde_json::to_string(answer).expect("an answer always serialises")
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::data::offline::compact;

    /// `data/*.csv` as the API embeds it.
    fn dataset() -> shared::model::Dataset {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        shared::data::canonical::parse(|name| std::fs::read_to_string(data.join(name)).map_err(|e| e.to_string()))
            .expect("data/*.csv")
    }

    /// The development set's old addresses (`../shared/eval/`, beside the checkout).
    fn dev_addresses() -> Vec<String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/eval/dev-addresses.jsonl");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        text.lines()
            .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["input"].as_str().unwrap().to_owned())
            .collect()
    }

    /// The compact snapshot answers every address of the development set, and a search for each, exactly
    /// as the API's full dataset does, in both languages.
    #[test]
    fn the_compact_data_answers_as_the_api_does() {
        let full = dataset();
        let api = Lookup::new("full", full.clone());
        let bytes = snapshot::encode(&compact(&full));
        assert!(bytes.len() * 2 < snapshot::encode(&full).len(), "compact: {} B", bytes.len());
        let offline = Offline::open(&bytes).unwrap();
        assert_eq!(offline.built_from(), api.dataset_info().built_from);
        let addresses = dev_addresses();
        assert_eq!(addresses.len(), 1500);
        for address in &addresses {
            assert_eq!(offline.convert(address, "vi"), json(&api.convert(address, Lang::Vi)), "{address}");
            assert_eq!(offline.search(address, Some(8)), json(&api.search(address, 8)), "{address}");
        }
        for address in addresses.iter().step_by(10) {
            assert_eq!(offline.convert(address, "en"), json(&api.convert(address, Lang::En)), "{address}");
        }
        // Any language but English is Vietnamese; no limit is the API's default.
        let address = &addresses[0];
        assert_eq!(offline.convert(address, "xx"), json(&api.convert(address, Lang::Vi)));
        assert_eq!(offline.search("ben nghe", None), json(&api.search("ben nghe", 10)));
    }

    #[test]
    fn damaged_bytes_are_refused() {
        let mut bytes = snapshot::encode(&compact(&dataset()));
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        assert!(snapshot::decode(&bytes).is_err());
        assert!(snapshot::decode(b"not a snapshot").is_err());
    }
}
