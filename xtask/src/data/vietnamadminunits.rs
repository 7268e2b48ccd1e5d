//! What the importer takes from vietnamadminunits (MIT): centroids of old and new communes, official
//! areas of new communes, aliases (names of earlier reorganisations), and for split old communes the
//! successor it names as the default (without saying why).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use rusqlite::{Connection, OpenFlags};

#[derive(Debug, Default)]
pub struct VietnamAdminUnits {
    /// Old commune code → (lat, lon).
    pub old_centroids: BTreeMap<String, (f64, f64)>,
    /// New commune code → (lat, lon, area km²).
    pub new_units: BTreeMap<String, (f64, f64, Option<f64>)>,
    /// (level, code, folded key): `old_province`, `old_district` or `old_commune`.
    pub aliases: Vec<(String, String, String)>,
    /// Old commune code → new commune code marked `isDefaultNewWard` in `converter_2025.json`.
    pub default_successor: BTreeMap<String, String>,
}

pub fn read(dir: &Path) -> Result<VietnamAdminUnits> {
    let db_path = dir.join("dataset.db");
    let db = Connection::open_with_flags(&db_path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("open {}", db_path.display()))?;
    let mut units = VietnamAdminUnits::default();

    // Old communes, and the key path converter_2025.json uses for them.
    let mut old_code_by_key: BTreeMap<String, String> = BTreeMap::new();
    let mut statement = db.prepare(
        "SELECT wardCode, wardLat, wardLon, wardAlias, districtCode, districtAlias, provinceCode, provinceAlias, \
         provinceKey, districtKey, wardKey FROM admin_units_legacy ORDER BY rowid",
    )?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let ward_code: Option<String> = row.get(0)?;
        let district_code: String = row.get(4)?;
        let province_code: String = row.get(6)?;
        for (level, code, aliases) in [
            ("old_district", Some(district_code), row.get::<_, Option<String>>(5)?),
            ("old_province", Some(province_code), row.get::<_, Option<String>>(7)?),
            ("old_commune", ward_code.clone(), row.get::<_, Option<String>>(3)?),
        ] {
            if let (Some(code), Some(aliases)) = (code, aliases) {
                let keys: Vec<String> =
                    serde_json::from_str(&aliases).with_context(|| format!("alias list {aliases:?}"))?;
                units.aliases.extend(keys.into_iter().map(|key| (level.to_owned(), code.clone(), key)));
            }
        }
        let Some(ward_code) = ward_code else { continue };
        if let (Some(lat), Some(lon)) = (row.get::<_, Option<f64>>(1)?, row.get::<_, Option<f64>>(2)?) {
            units.old_centroids.entry(ward_code.clone()).or_insert((lat, lon));
        }
        let key = format!("{}_{}_{}", row.get::<_, String>(8)?, row.get::<_, String>(9)?, row.get::<_, String>(10)?);
        old_code_by_key.entry(key).or_insert(ward_code);
    }

    // New communes.
    let mut new_code_by_key: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut statement = db.prepare(
        "SELECT wardCode, wardLat, wardLon, wardAreaKm2, provinceKey, wardKey FROM admin_units ORDER BY rowid",
    )?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let code: String = row.get(0)?;
        units.new_units.insert(code.clone(), (row.get(1)?, row.get(2)?, row.get(3)?));
        new_code_by_key.insert((row.get(4)?, row.get(5)?), code);
    }

    // Default successors of split communes.
    let path = dir.join("converter_2025.json");
    let converter: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).with_context(|| format!("read {}", path.display()))?)
            .with_context(|| format!("parse {}", path.display()))?;
    let divided = converter["DICT_PROVINCE_WARD_DIVIDED"]
        .as_object()
        .context("converter_2025.json: no DICT_PROVINCE_WARD_DIVIDED")?;
    for (new_province_key, old_units) in divided {
        for (old_key, successors) in old_units.as_object().into_iter().flatten() {
            let Some(old_code) = old_code_by_key.get(old_key) else {
                continue;
            };
            for successor in successors.as_array().into_iter().flatten() {
                if successor["isDefaultNewWard"].as_bool() == Some(true)
                    && let Some(new_key) = successor["newWardKey"].as_str()
                    && let Some(new_code) = new_code_by_key.get(&(new_province_key.clone(), new_key.to_owned()))
                {
                    units.default_successor.insert(old_code.clone(), new_code.clone());
                }
            }
        }
    }
    units.aliases.sort();
    units.aliases.dedup();
    Ok(units)
}
