//! `cargo xtask data import`: rebuilds the canonical files of `data/` from `data/sources/` and the
//! small reviewed inputs beside them (`overrides.csv`, `earlier_mergers.csv`, `later_changes.csv`,
//! `province_nicknames.csv`), re-sorts `earlier_names.csv` (a reviewed input that is its own canonical
//! file), and checks and re-sorts the files staff edit (`service_centres.csv`, `province_portals.csv`,
//! `procedure_facts.csv`).
//! Same input, byte-identical output: every collection is ordered.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Context, Result, bail, ensure};
use serde::Deserialize;
use shared::data::later::{COMMUNE_TYPES, DISTRICT_TYPES, PROVINCE_TYPES, same_spelling};
use shared::engine::normalize::fold_key;
use shared::model::*;

use super::{later, resolutions};

/// The day vietnamese-provinces-database's snapshot (`thanglequoc/units-<date>.json`) describes; the
/// changes after it are in `thanglequoc/changes-after-<date>.csv`.
pub const SNAPSHOT_DATE: &str = "2026-07-25";

/// What the import noticed, for the person running it.
#[derive(Debug, Default)]
pub struct Report {
    pub notes: Vec<String>,
}

/// Reads every source and returns the dataset (not yet checked, not yet written).
pub fn build(data_dir: &Path) -> Result<(Dataset, Report)> {
    build_with(data_dir, true)
}

/// [`build`], or without `with_patches` the dataset as of the snapshot: without the changes after it
/// (`changes-after-<snapshot>.csv`), whose rows of `later_changes.csv` then need not explain a change.
pub(super) fn build_with(data_dir: &Path, with_patches: bool) -> Result<(Dataset, Report)> {
    let sources = data_dir.join("sources");
    let mut report = Report::default();

    // 1. Old units from the NSO list of 2025-01-04.
    let list = read_nso_list(&sources.join("nso/communes-before-2025-07-01.csv"))?;
    let mut old_provinces: BTreeMap<String, (String, String, String)> = BTreeMap::new(); // code → (full, name, type)
    let mut old_districts: BTreeMap<String, OldDistrict> = BTreeMap::new();
    let mut old_communes: BTreeMap<String, OldCommune> = BTreeMap::new();
    for row in &list {
        let (province_code, district_code): (OldProvinceCode, OldDistrictCode) =
            (code(&row.province_code)?, code(&row.district_code)?);
        let (unit_type, name) = split_type(&row.province, &PROVINCE_TYPES)?;
        old_provinces.insert(row.province_code.clone(), (row.province.clone(), name, unit_type));
        let (unit_type, name) = split_type(&row.district, &DISTRICT_TYPES)?;
        old_districts.entry(row.district_code.clone()).or_insert_with(|| OldDistrict {
            code: district_code.clone(),
            province_code: province_code.clone(),
            name,
            full_name: row.district.clone(),
            unit_type,
        });
        if let Some(commune_code) = &row.commune_code {
            let (unit_type, name) = split_type(&row.commune, &COMMUNE_TYPES)?;
            old_communes.insert(
                commune_code.clone(),
                OldCommune {
                    code: code(commune_code)?,
                    district_code,
                    province_code,
                    name,
                    full_name: row.commune.clone(),
                    unit_type,
                    lat: None,
                    lon: None,
                },
            );
        }
    }

    // 2. The NSO conversion table: the authority for old → new.
    let conversion = read_nso_conversion(&sources.join("nso/conversion-2025-07-01.csv"))?;
    let mut new_2025: BTreeMap<String, (String, String)> = BTreeMap::new(); // code → (full name 2025, province)
    let mut new_province_names: BTreeMap<String, String> = BTreeMap::new();
    let mut nso_pairs: BTreeMap<String, Vec<&ConversionRow>> = BTreeMap::new();
    let mut uncoded_predecessors = Vec::new();
    for row in &conversion {
        new_2025.insert(row.new_code.clone(), (row.new_full_name.clone(), row.province_code.clone()));
        new_province_names.insert(row.province_code.clone(), row.province.clone());
        match &row.old_code {
            Some(old_code) => {
                nso_pairs.entry(old_code.clone()).or_default().push(row);
                // Codes in the conversion table but not in the list of 2025-01-04 were created after it.
                if !old_communes.contains_key(old_code) {
                    let district = old_districts.get(&row.district_code).with_context(|| {
                        format!("conversion: old commune {old_code} in unknown district {}", row.district_code)
                    })?;
                    let (unit_type, name) = split_type(&row.old_full_name, &COMMUNE_TYPES)?;
                    report.notes.push(format!(
                        "old commune {old_code} {} is in the NSO conversion table but not in the list of 2025-01-04: taken from the table",
                        row.old_full_name
                    ));
                    old_communes.insert(
                        old_code.clone(),
                        OldCommune {
                            code: code(old_code)?,
                            district_code: self::code(&district.code)?,
                            province_code: district.province_code.clone(),
                            name,
                            full_name: row.old_full_name.clone(),
                            unit_type,
                            lat: None,
                            lon: None,
                        },
                    );
                }
            }
            None => {
                let description = if row.old_full_name.is_empty() {
                    old_districts.get(&row.district_code).map(|d| d.full_name.clone()).unwrap_or_default()
                } else {
                    row.old_full_name.clone()
                };
                uncoded_predecessors.push(UncodedPredecessor {
                    new_code: code(&row.new_code)?,
                    old_district_code: code(&row.district_code)?,
                    description,
                    relation: Relation::Whole,
                    note: row.note.clone(),
                });
            }
        }
    }

    // 3. vietnamadminunits: centroids, areas, aliases, default successor of split communes.
    let vau = super::vietnamadminunits::read(&sources.join("vietnamadminunits"))?;
    for commune in old_communes.values_mut() {
        if let Some(&(lat, lon)) = vau.old_centroids.get(commune.code.as_str()) {
            commune.lat = Some(lat);
            commune.lon = Some(lon);
        }
    }

    // 4. Transitions: NSO pairs, replaced where a reviewed override decides otherwise; codes retired
    // before 2025 take the successors of the commune that absorbed them (older papers still resolve).
    let overrides = read_overrides(&data_dir.join("overrides.csv"))?;
    let earlier = read_earlier_mergers(&data_dir.join("earlier_mergers.csv"))?;
    for (code, absorbed_into) in &earlier {
        ensure!(old_communes.contains_key(code), "earlier_mergers.csv: {code} is not in the NSO list");
        ensure!(
            !nso_pairs.contains_key(code) && !overrides.contains_key(code),
            "earlier_mergers.csv: {code} has successors of its own"
        );
        match absorbed_into {
            Some(into) => ensure!(
                nso_pairs.contains_key(into) || overrides.contains_key(into),
                "earlier_mergers.csv: {code} absorbed into {into}, which has no successor itself"
            ),
            None => {
                let commune = old_communes.remove(code).expect("checked above");
                report.notes.push(format!(
                    "old commune {code} {} left out: retired before 2025-07-01, destination unverified (REVIEW.md)",
                    commune.full_name
                ));
            }
        }
    }
    let successors_of = |old_code: &str| -> (Vec<String>, Option<String>, TransitionSource) {
        match overrides.get(old_code) {
            Some(o) => (o.successors.clone(), o.default_successor.clone(), TransitionSource::Review),
            None => (
                nso_pairs.get(old_code).into_iter().flatten().map(|r| r.new_code.clone()).collect(),
                None,
                TransitionSource::Nso,
            ),
        }
    };
    let mut transitions = Vec::new();
    for old_code in old_communes.keys() {
        let (successors, default, source, via) = match earlier.get(old_code) {
            Some(Some(into)) => {
                let (successors, default, _) = successors_of(into);
                (successors, default, TransitionSource::EarlierMerger, Some(into.as_str()))
            }
            _ => {
                let (successors, default, source) = successors_of(old_code);
                (successors, default, source, None)
            }
        };
        let nso: Vec<&ConversionRow> = nso_pairs.get(via.unwrap_or(old_code)).cloned().unwrap_or_default();
        let successors: BTreeSet<String> = successors.into_iter().collect();
        // Where the NSO note says one part took the whole population ("..., toàn bộ dân số"), people
        // living there went to it: that part is the default, whatever another source says.
        let whole_population = nso
            .iter()
            .filter(|r| successors.contains(&r.new_code) && r.note.to_lowercase().contains("toàn bộ dân số"))
            .map(|r| r.new_code.clone())
            .next();
        // The default and why (carried into the answers, which say it): no source says how much of a
        // split commune went where.
        let (default, basis) = match (successors.len(), default, whole_population) {
            (1, _, _) => (successors.iter().next().cloned(), None),
            (_, Some(code), _) => (Some(code), Some(DefaultBasis::Review)),
            (_, None, Some(code)) => (Some(code), Some(DefaultBasis::WholePopulation)),
            // A source's default applies only when it is one of the successors.
            (_, None, None) => {
                let code = vau
                    .default_successor
                    .get(via.unwrap_or(old_code))
                    .filter(|code| successors.contains(*code))
                    .cloned();
                let basis = code.as_ref().map(|_| DefaultBasis::OpenData);
                (code, basis)
            }
        };
        for new_code in &successors {
            let note = match via {
                Some(into) => format!("Đã nhập vào đơn vị mã {into} trước ngày 01/7/2025"),
                None => nso.iter().find(|r| &r.new_code == new_code).map(|r| r.note.clone()).unwrap_or_default(),
            };
            transitions.push(Transition {
                old_code: code(old_code)?,
                new_code: code(new_code)?,
                relation: if successors.len() > 1 { Relation::Partial } else { Relation::Whole },
                default: default.as_ref() == Some(new_code),
                note,
                source,
                default_basis: basis.filter(|_| default.as_ref() == Some(new_code)),
            });
        }
    }
    for old_code in overrides.keys() {
        if !old_communes.contains_key(old_code) {
            bail!("overrides.csv: {old_code} is not an old commune in the NSO list or table");
        }
    }

    // 5. New units: the NSO names of 2025-07-01, then later changes from the 2026-07-25 data, then (10, on
    // the whole dataset) the changes after it.
    let current = read_units_2026(&sources.join(format!("thanglequoc/units-{SNAPSHOT_DATE}.json")))?;
    let mut bases = later::Bases::read(&data_dir.join("later_changes.csv"), SNAPSHOT_DATE)?;
    let current_communes = pair_codes(&new_2025, &current.communes, &mut report)?;
    let mut changes = Vec::new();

    let mut new_provinces = Vec::new();
    for (code, full_2025) in &new_province_names {
        let now = current.provinces.get(code).with_context(|| format!("province {code} missing from the 2026 data"))?;
        let (type_2025, name_2025) = split_type(full_2025, &PROVINCE_TYPES)?;
        let changed = !same_spelling(&name_2025, &now.name) || type_2025 != now.unit_type;
        if changed {
            let basis = bases.in_snapshot("province", code).with_context(|| {
                format!(
                    "province {code}: {full_2025} → {} in the 2026 data, but later_changes.csv explains no such change",
                    now.full_name
                )
            })?;
            changes.push(Change {
                level: ChangeLevel::Province,
                code: code.clone(),
                effective: basis.effective.clone(),
                name_before: name_2025.clone(),
                full_name_before: full_2025.clone(),
                unit_type_before: type_2025.clone(),
                legal_basis: basis.legal_basis.clone(),
            });
        }
        // Same unit: keep the official (NSO) spelling, e.g. "Khánh Hòa" rather than "Khánh Hoà".
        let (name, full_name, unit_type) = if changed {
            (now.name.clone(), now.full_name.clone(), now.unit_type.clone())
        } else {
            (name_2025.clone(), full_2025.clone(), type_2025.clone())
        };
        new_provinces.push(NewProvince {
            code: self::code(code)?,
            name,
            full_name,
            unit_type,
            name_en: now.name_en.clone(),
            full_name_en: now.full_name_en.clone(),
            absorbed: String::new(),
        });
    }

    let legal = {
        let texts = resolution_texts(&sources.join("dvhcvn-20250701/resolutions"))?;
        let parsed: Vec<resolutions::Resolution> = texts
            .iter()
            .map(|(name, text)| resolutions::parse(text).map_err(|e| anyhow::anyhow!("{name}: {e}")))
            .collect::<Result<_>>()?;
        let communes: Vec<(String, String, String)> =
            new_2025.iter().map(|(code, (full, province))| (code.clone(), province.clone(), full.clone())).collect();
        let provinces: Vec<(String, String)> =
            new_province_names.iter().map(|(code, name)| (code.clone(), name.clone())).collect();
        let found = resolutions::legal_bases(&parsed, &provinces, &communes)
            .map_err(|e| anyhow::anyhow!("legal basis: {e}"))?;
        for code in &found.unmatched {
            report.notes.push(format!("new commune {code}: no clause of its resolution names it; article left empty"));
        }
        found.bases
    };

    let mut new_communes = Vec::new();
    let mut legal_texts: BTreeMap<(String, String), String> = BTreeMap::new();
    for (code, (full_2025, province_code)) in &new_2025 {
        let now = &current_communes[code];
        // NSO names with a malformed type word ("Xa Ea Kly") take the type from the 2026 data.
        let (type_2025, name_2025) = match split_type(full_2025, &COMMUNE_TYPES) {
            Ok(split) => split,
            Err(_) => {
                let name = full_2025.split_once(' ').map(|(_, rest)| rest.to_owned()).unwrap_or_default();
                report.notes.push(format!(
                    "new commune {code}: NSO name {full_2025:?} has no known type word; type {} from the 2026 data",
                    now.unit_type
                ));
                (now.unit_type.clone(), name)
            }
        };
        let full_2025 = format!("{type_2025} {name_2025}");
        let changed = !same_spelling(&name_2025, &now.name) || type_2025 != now.unit_type;
        let (name, unit_type) = if changed {
            let basis = bases.in_snapshot("commune", province_code).with_context(|| {
                format!("commune {code}: {full_2025} → {} {} in the 2026 data, but later_changes.csv explains no such change", now.unit_type, now.name)
            })?;
            changes.push(Change {
                level: ChangeLevel::Commune,
                code: code.clone(),
                effective: basis.effective.clone(),
                name_before: name_2025.clone(),
                full_name_before: full_2025.clone(),
                unit_type_before: type_2025.clone(),
                legal_basis: basis.legal_basis.clone(),
            });
            (now.name.clone(), now.unit_type.clone())
        } else {
            // Same unit: keep the official (NSO) spelling, e.g. "Hòa" rather than "Hoà".
            (name_2025.clone(), type_2025.clone())
        };
        let basis = legal.get(code).with_context(|| format!("new commune {code}: no legal basis"))?;
        if !basis.article.is_empty() {
            legal_texts.insert((basis.resolution.clone(), basis.article.clone()), basis.text.clone());
        }
        let (lat, lon, area_km2) = match vau.new_units.get(code) {
            Some(&(lat, lon, area)) => (Some(lat), Some(lon), area),
            None => (None, None, None),
        };
        new_communes.push(NewCommune {
            code: self::code(code)?,
            province_code: self::code(province_code)?,
            full_name: format!("{unit_type} {name}"),
            name,
            unit_type,
            name_en: now.name_en.clone(),
            full_name_en: now.full_name_en.clone(),
            lat,
            lon,
            area_km2,
            resolution: basis.resolution.clone(),
            resolution_date: basis.date.clone(),
            article: basis.article.clone(),
        });
    }

    // 6. Old provinces: the new province their communes went to (provinces merged whole).
    let new_province_of: BTreeMap<&str, &str> =
        new_communes.iter().map(|c| (c.code.as_str(), c.province_code.as_str())).collect();
    let old_province_of: BTreeMap<&str, &str> =
        old_communes.values().map(|c| (c.code.as_str(), c.province_code.as_str())).collect();
    let mut province_targets: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for t in &transitions {
        if let (Some(old), Some(new)) =
            (old_province_of.get(t.old_code.as_str()), new_province_of.get(t.new_code.as_str()))
        {
            province_targets.entry(old).or_default().insert(new);
        }
    }
    let mut old_province_records = Vec::new();
    for (code, (full_name, name, unit_type)) in &old_provinces {
        let targets = province_targets.get(code.as_str()).cloned().unwrap_or_default();
        ensure!(targets.len() == 1, "old province {code} {full_name}: its communes went to provinces {targets:?}");
        old_province_records.push(OldProvince {
            code: self::code(code)?,
            name: name.clone(),
            full_name: full_name.clone(),
            unit_type: unit_type.clone(),
            new_province_code: self::code(targets.into_iter().next().unwrap())?,
        });
    }
    for province in &mut new_provinces {
        province.absorbed = old_province_records
            .iter()
            .filter(|o| o.new_province_code == province.code)
            .map(|o| o.code.as_str())
            .collect::<Vec<_>>()
            .join(" ");
    }

    // 7. Aliases: earlier names (vietnamadminunits) and reviewed nicknames.
    // Ordered as the file is: the enums order as their words do.
    let mut aliases: BTreeSet<(AliasLevel, String, String, AliasSource)> = BTreeSet::new();
    for (level, code, key) in &vau.aliases {
        let level: AliasLevel = level.parse().map_err(anyhow::Error::msg)?;
        let known = match level {
            AliasLevel::OldProvince => old_provinces.contains_key(code),
            AliasLevel::OldDistrict => old_districts.contains_key(code),
            AliasLevel::OldCommune => old_communes.contains_key(code),
            AliasLevel::NewProvince => false,
        };
        if known {
            aliases.insert((level, code.clone(), key.clone(), AliasSource::Vietnamadminunits));
        }
    }
    for nickname in read_nicknames(&data_dir.join("province_nicknames.csv"))? {
        let level = nickname.level.parse().map_err(|e| anyhow::anyhow!("province_nicknames.csv: {e}"))?;
        aliases.insert((level, nickname.code, fold_key(&nickname.nickname), AliasSource::ProvinceNicknames));
    }

    // 8. Names retired before the NSO list of 2025-01-04 that people still write (reviewed; `check` tests
    // each row against the old units).
    let earlier_names = read_earlier_names(&data_dir.join("earlier_names.csv"))?;

    // 9. The national catalogue of procedures, and the files staff keep (checked row by row).
    let procedures = super::procedures::read(&sources.join("procedures/procedures.csv"), &mut report)?;
    let service_centres = super::centres::read(data_dir, &new_communes, &mut report.notes)?;
    let province_portals =
        sorted(read_csv::<ProvincePortal>(&data_dir.join("province_portals.csv"))?, |p| p.province_code.clone());
    let procedure_facts = sorted(read_csv::<ProcedureFact>(&data_dir.join("procedure_facts.csv"))?, |f| {
        (f.province_code.clone(), f.procedure_code.clone())
    });
    let details = sources.join("procedures/details");
    let procedure_details = super::procedure_details::read_details(&details.join("details.jsonl"))?;
    let portal_pages = super::procedure_details::read_portal_pages(
        &details.join("commune_level_evidence.csv"),
        &procedures,
        &mut report.notes,
    )?;

    let mut dataset = Dataset {
        meta: Meta { built_from: newest_source_date(&sources.join("SOURCES.csv"))? },
        old_provinces: old_province_records,
        old_districts: old_districts.into_values().collect(),
        old_communes: old_communes.into_values().collect(),
        new_provinces,
        new_communes,
        transitions,
        uncoded_predecessors: sorted(uncoded_predecessors, |u| {
            (u.new_code.clone(), u.old_district_code.clone(), u.description.clone())
        }),
        legal_texts: legal_texts
            .into_iter()
            .map(|((resolution, article), text)| LegalText { resolution, article, text })
            .collect(),
        changes: sorted(changes, |c| (c.level, c.code.clone(), c.effective.clone())),
        aliases: aliases.into_iter().map(|(level, code, key, source)| Alias { level, code, key, source }).collect(),
        earlier_names,
        procedures,
        service_centres,
        province_portals,
        procedure_facts,
        procedure_details,
        portal_pages,
    };

    // 10. Changes after the snapshot, applied on top of its state as later changes (by the rules of staff's
    // too): each row's `before` must be the state it patches, or the import stops with nothing applied.
    if with_patches {
        let patches = later::read_patches(&sources.join(format!("thanglequoc/changes-after-{SNAPSHOT_DATE}.csv")))?;
        let recorded = dataset.changes.len();
        let applied = later::apply(&patches, SNAPSHOT_DATE, &mut bases, &mut dataset)?;
        report.notes.push(format!(
            "{} later changes ({} of name or type) from {} patch rows after {SNAPSHOT_DATE} applied",
            applied.len(),
            dataset.changes.len() - recorded,
            patches.len()
        ));
        bases.ensure_all_used()?;
    }
    Ok((dataset, report))
}

/// A code read from a source, of the kind the record's field holds.
pub(super) fn code<C: std::str::FromStr<Err = CodeError>>(text: &str) -> Result<C> {
    text.parse().map_err(|e: CodeError| anyhow::anyhow!("{e}"))
}

fn sorted<T, K: Ord>(mut items: Vec<T>, key: impl Fn(&T) -> K) -> Vec<T> {
    items.sort_by_key(key);
    items
}

/// NFC, with runs of whitespace (including line breaks inside CSV cells) collapsed to one space: the
/// same cleaning as the staff files'.
pub use shared::data::centre_file::clean;

/// "Thành phố Hà Nội (01)" → ("Thành phố Hà Nội", "01").
fn name_and_code(text: &str) -> Option<(String, String)> {
    let text = clean(text);
    let open = text.rfind('(')?;
    let code = text[open + 1..].strip_suffix(')')?.trim().to_owned();
    (!code.is_empty() && code.bytes().all(|b| b.is_ascii_digit())).then(|| (text[..open].trim().to_owned(), code))
}

/// "Phường Phúc Xá" → ("Phường", "Phúc Xá"): [`shared::data::later::split_type`] with the import's errors.
fn split_type(full_name: &str, types: &[&str]) -> Result<(String, String)> {
    shared::data::later::split_type(full_name, types).map_err(anyhow::Error::msg)
}

struct NsoListRow {
    province: String,
    province_code: String,
    district: String,
    district_code: String,
    commune: String,
    commune_code: Option<String>,
}

fn read_nso_list(path: &Path) -> Result<Vec<NsoListRow>> {
    let mut reader = csv::Reader::from_path(path).with_context(|| format!("open {}", path.display()))?;
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{} line {}", path.display(), index + 2))?;
        let field = |i: usize| clean(record.get(i).unwrap_or_default());
        let commune_code = field(5);
        rows.push(NsoListRow {
            province: field(0),
            province_code: field(1),
            district: field(2),
            district_code: field(3),
            commune: field(4),
            commune_code: (!commune_code.is_empty()).then_some(commune_code),
        });
    }
    Ok(rows)
}

struct ConversionRow {
    province: String,
    province_code: String,
    new_full_name: String,
    new_code: String,
    old_full_name: String,
    old_code: Option<String>,
    note: String,
    district_code: String,
}

fn read_nso_conversion(path: &Path) -> Result<Vec<ConversionRow>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .with_context(|| format!("open {}", path.display()))?;
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{} record {}", path.display(), index + 1))?;
        let field = |i: usize| clean(record.get(i).unwrap_or_default());
        // Two header lines, then province banner rows without codes.
        if index < 2 || field(2).is_empty() {
            continue;
        }
        let (province, province_code) = name_and_code(&field(0))
            .with_context(|| format!("{} record {}: province {:?}", path.display(), index + 1, field(0)))?;
        let (_, district_code) = name_and_code(&field(6))
            .with_context(|| format!("{} record {}: district {:?}", path.display(), index + 1, field(6)))?;
        let old_code = field(4);
        rows.push(ConversionRow {
            province,
            province_code,
            new_full_name: field(1),
            new_code: field(2),
            old_full_name: field(3),
            old_code: (!old_code.is_empty()).then_some(old_code),
            note: field(5),
            district_code,
        });
    }
    Ok(rows)
}

#[derive(Debug, Clone)]
struct Override {
    successors: Vec<String>,
    default_successor: Option<String>,
}

fn read_overrides(path: &Path) -> Result<BTreeMap<String, Override>> {
    #[derive(Deserialize)]
    struct Row {
        old_code: String,
        successors: String,
        default_successor: String,
        citation: String,
    }
    let mut overrides = BTreeMap::new();
    for row in read_csv::<Row>(path)? {
        let successors: Vec<String> = row.successors.split_whitespace().map(str::to_owned).collect();
        ensure!(!successors.is_empty(), "overrides.csv {}: no successors", row.old_code);
        ensure!(!row.citation.trim().is_empty(), "overrides.csv {}: no citation", row.old_code);
        let default_successor = (!row.default_successor.is_empty()).then(|| row.default_successor.clone());
        if let Some(default) = &default_successor {
            ensure!(
                successors.contains(default),
                "overrides.csv {}: default {default} is not a successor",
                row.old_code
            );
        }
        ensure!(
            overrides.insert(row.old_code.clone(), Override { successors, default_successor }).is_none(),
            "overrides.csv: {} twice",
            row.old_code
        );
    }
    Ok(overrides)
}

/// Old code → the commune that absorbed it before 2025-07-01 (`None`: retired, destination unverified).
fn read_earlier_mergers(path: &Path) -> Result<BTreeMap<String, Option<String>>> {
    #[derive(Deserialize)]
    struct Row {
        old_code: String,
        absorbed_into: String,
        evidence: String,
    }
    let mut mergers = BTreeMap::new();
    for row in read_csv::<Row>(path)? {
        ensure!(!row.evidence.trim().is_empty(), "earlier_mergers.csv {}: no evidence", row.old_code);
        let into = (!row.absorbed_into.is_empty()).then_some(row.absorbed_into);
        ensure!(mergers.insert(row.old_code.clone(), into).is_none(), "earlier_mergers.csv: {} twice", row.old_code);
    }
    Ok(mergers)
}

/// `earlier_names.csv` in its canonical order: (level, parent code, name).
pub(super) fn read_earlier_names(path: &Path) -> Result<Vec<EarlierName>> {
    Ok(sorted(read_csv::<EarlierName>(path)?, |e| (e.level, e.parent_code.clone(), e.name.clone())))
}

#[derive(Deserialize)]
struct Nickname {
    level: String,
    code: String,
    nickname: String,
    #[allow(dead_code)]
    note: String,
}

fn read_nicknames(path: &Path) -> Result<Vec<Nickname>> {
    read_csv(path)
}

pub(super) fn read_csv<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("read {}", path.display()))?;
    shared::data::canonical::rows(&path.display().to_string(), &text).map_err(anyhow::Error::msg)
}

/// A unit as of 2026-07-25 (vietnamese-provinces-database).
#[derive(Debug, Clone)]
struct CurrentUnit {
    name: String,
    full_name: String,
    unit_type: String,
    name_en: String,
    full_name_en: String,
    province_code: String,
}

struct Units2026 {
    provinces: BTreeMap<String, CurrentUnit>,
    communes: BTreeMap<String, CurrentUnit>,
}

fn read_units_2026(path: &Path) -> Result<Units2026> {
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Unit {
        code: String,
        name: String,
        name_en: String,
        full_name_en: String,
        administrative_unit_short_name: String,
        #[serde(default)]
        province_code: String,
        #[serde(default)]
        wards: Vec<Unit>,
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("read {}", path.display()))?;
    let provinces: Vec<Unit> = serde_json::from_str(&text).with_context(|| format!("parse {}", path.display()))?;
    let current = |unit: &Unit, province_code: &str| -> Result<CurrentUnit> {
        ensure!(unit.name_en.is_ascii() && unit.full_name_en.is_ascii(), "{}: English name is not ASCII", unit.code);
        // Some names are typed in lower case ("xã Bắc Sơn"); the type word comes from its own field.
        let unit_type = clean(&unit.administrative_unit_short_name);
        Ok(CurrentUnit {
            name: clean(&unit.name),
            full_name: format!("{unit_type} {}", clean(&unit.name)),
            unit_type,
            name_en: clean(&unit.name_en),
            full_name_en: clean(&unit.full_name_en),
            province_code: province_code.to_owned(),
        })
    };
    let mut units = Units2026 { provinces: BTreeMap::new(), communes: BTreeMap::new() };
    for province in &provinces {
        units.provinces.insert(province.code.clone(), current(province, &province.code)?);
        for ward in &province.wards {
            ensure!(
                ward.province_code == province.code,
                "{}: listed under province {} but says {}",
                ward.code,
                province.code,
                ward.province_code
            );
            ensure!(
                units.communes.insert(ward.code.clone(), current(ward, &province.code)?).is_none(),
                "{} twice",
                ward.code
            );
        }
    }
    Ok(units)
}

/// The 2026 record of each NSO code. Where the 2026 data uses another code for the same unit (same
/// province, same name, and neither code known to the other source), the NSO code is kept.
fn pair_codes(
    nso: &BTreeMap<String, (String, String)>,
    current: &BTreeMap<String, CurrentUnit>,
    report: &mut Report,
) -> Result<BTreeMap<String, CurrentUnit>> {
    let mut paired = BTreeMap::new();
    let unmatched_current: Vec<(&String, &CurrentUnit)> =
        current.iter().filter(|(code, _)| !nso.contains_key(*code)).collect();
    for (code, (full_name, province)) in nso {
        if let Some(unit) = current.get(code) {
            ensure!(
                &unit.province_code == province,
                "commune {code}: province {province} (NSO) but {} (2026 data)",
                unit.province_code
            );
            paired.insert(code.clone(), unit.clone());
            continue;
        }
        let key = fold_key(full_name);
        let candidates: Vec<_> = unmatched_current
            .iter()
            .filter(|(_, unit)| &unit.province_code == province && fold_key(&unit.full_name) == key)
            .collect();
        let [(other_code, unit)] = candidates.as_slice() else {
            bail!(
                "commune {code} {full_name}: not in the 2026 data, and no single unit of the same name in province {province}"
            );
        };
        report
            .notes
            .push(format!("new commune {code} {full_name}: the 2026 data calls it {other_code}; NSO code {code} kept"));
        paired.insert(code.clone(), (*unit).clone());
    }
    ensure!(
        paired.len() == current.len(),
        "{} units in the 2026 data, {} paired with NSO codes",
        current.len(),
        paired.len()
    );
    Ok(paired)
}

/// Resolution files in name order.
fn resolution_texts(dir: &Path) -> Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("read {}", dir.display()))? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        if name.ends_with("_NQ-UBTVQH15.md") {
            files.push((name, std::fs::read_to_string(&path).with_context(|| format!("read {}", path.display()))?));
        }
    }
    files.sort();
    Ok(files)
}

fn newest_source_date(path: &Path) -> Result<String> {
    #[derive(Deserialize)]
    struct Row {
        describes_units_on: String,
    }
    // Sources that describe no units (procedures) leave the date empty.
    let dates: Vec<String> =
        read_csv::<Row>(path)?.into_iter().map(|row| row.describes_units_on).filter(|date| !date.is_empty()).collect();
    if let Some(bad) = dates.iter().find(|date| !later::is_date(date)) {
        bail!("{}: describes_units_on {bad:?} is not a date (YYYY-MM-DD)", path.display());
    }
    dates.into_iter().max().with_context(|| format!("{}: no sources", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_with_codes() {
        assert_eq!(name_and_code("Thành phố Hà Nội (01)"), Some(("Thành phố Hà Nội".into(), "01".into())));
        assert_eq!(name_and_code(" Quận  Ba Đình (001) "), Some(("Quận Ba Đình".into(), "001".into())));
        assert_eq!(name_and_code("Quận Ba Đình"), None);
    }

    #[test]
    fn cleaning_composes_and_collapses() {
        assert_eq!(clean("Xa\u{303} Tây\n Ninh  Hòa "), "Xã Tây Ninh Hòa");
    }
}
