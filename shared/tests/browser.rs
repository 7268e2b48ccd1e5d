//! The same code in the browser: the real dataset, encoded as the API serves it, decodes, and its
//! `Lookup` answers inside headless Chromium (wasm32) as the API does. Run by `cargo xtask test`.
#![cfg(all(target_arch = "wasm32", feature = "canonical"))]

use shared::answers::{Lang, Lookup};
use shared::model::{NewCommuneCode, OldCommuneCode};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// `data/*.csv`, compiled into the test.
fn canonical_file(name: &str) -> Result<String, String> {
    macro_rules! files {
        ($($file:literal),*) => {
            match name {
                $($file => Ok(include_str!(concat!("../../data/", $file)).to_owned()),)*
                _ => Err(format!("no file {name}")),
            }
        };
    }
    files!(
        // The same list as shared::data::canonical::FILES (checked below); include_str! needs literals.
        "meta.csv",
        "old_provinces.csv",
        "old_districts.csv",
        "old_communes.csv",
        "new_provinces.csv",
        "new_communes.csv",
        "transitions.csv",
        "uncoded_predecessors.csv",
        "legal_texts.csv",
        "changes.csv",
        "aliases.csv",
        "earlier_names.csv",
        "procedures.csv",
        "service_centres.csv",
        "province_portals.csv",
        "procedure_facts.csv",
        "procedure_details.jsonl",
        "procedure_portal_pages.csv"
    )
}

#[wasm_bindgen_test]
fn the_test_reads_every_canonical_file() {
    for name in shared::data::canonical::FILES {
        assert!(canonical_file(name).is_ok(), "{name} is not compiled into this test");
    }
}

#[wasm_bindgen_test]
fn the_snapshot_decodes_and_answers_in_the_browser() {
    let dataset = shared::data::canonical::parse(canonical_file).unwrap();
    let bytes = shared::data::snapshot::encode(&dataset);
    let snapshot = shared::data::snapshot::decode(&bytes).unwrap();
    assert_eq!(snapshot.dataset, dataset);
    assert!(shared::data::check::check(&snapshot.dataset).is_empty());

    let lookup = Lookup::from_snapshot(snapshot);
    let index = lookup.index();
    assert_eq!(index.dataset.new_communes.len(), 3321);
    assert_eq!(index.new_commune(&code::<NewCommuneCode>("26740")).unwrap().full_name, "Phường Sài Gòn");
    assert_eq!(index.old_commune(&code::<OldCommuneCode>("26740")).unwrap().full_name, "Phường Bến Nghé");
    let cong_vi: Vec<&str> =
        index.successors(&code::<OldCommuneCode>("00007")).iter().map(|t| t.new_code.as_str()).collect();
    assert_eq!(cong_vi, ["00008", "00025"]);

    // The lookup engine answers in the browser as it does on the server.
    let response = lookup.convert("12 Le Loi, P. Ben Nghe, Q1, TP.HCM", Lang::Vi);
    assert_eq!(response.candidates[0].new_address, "12 Le Loi, Phường Sài Gòn, Thành phố Hồ Chí Minh");
    let response = lookup.convert("xa phuoc dinh huyen thuan nam tinh ninh thuan", Lang::Vi);
    assert_eq!(response.candidates[0].old.as_ref().unwrap().name, "Xã Phước Dinh");
    let results = lookup.search("phuoc din", 5).results;
    assert!(results.iter().any(|r| r.name == "Xã Phước Dinh"));
    let empty = lookup.convert("", Lang::En);
    assert!(empty.candidates.is_empty() && empty.hint.is_some());

    // Procedures and service centres, as the API answers them.
    let query = shared::engine::ProcedureQuery { q: "khia sinh", ..Default::default() };
    assert_eq!(lookup.procedures(&query).procedures[0].code, "1.001193");
    let replaced = lookup.procedure("2.000986").unwrap();
    assert_eq!(replaced.replacement.unwrap().code, "3.000722");
    let commune = lookup.commune(&code("26740")).unwrap();
    assert!(commune.service_centre.coordinates.is_some());
    assert_eq!(lookup.old_commune(&code("26740")).unwrap().name, "Phường Bến Nghé");
}

fn code<C: std::str::FromStr<Err = shared::model::CodeError>>(text: &str) -> C {
    text.parse().unwrap()
}
