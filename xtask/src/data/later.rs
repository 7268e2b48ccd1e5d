//! Changes after 2025-07-01. Two kinds of input:
//!
//! - `data/later_changes.csv` (reviewed): the legal basis and date of each batch of changes, one row per
//!   (level, province, effective date), in the dataset's citation style;
//! - `sources/thanglequoc/changes-after-<snapshot>.csv`: changes after the 2026 snapshot, one field of one
//!   unit a row, each with the state before and after, its effective date and legal basis. They are
//!   applied on top of the snapshot's state, oldest first, as [`LaterChange`]s (the rules staff's later
//!   changes follow too); every row's `before` must be the state it patches. A patch that does not
//!   apply fails the import and applies nothing.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, ensure};
use serde::Deserialize;
use shared::data::check::REORGANISATION_DATE;
use shared::data::later::{LaterChange, same_spelling, unit_names};
use shared::model::{ChangeLevel, Dataset};

use super::import::read_csv;

/// One row of `later_changes.csv`: the legal basis of the changes of one level in one province that
/// took effect on one day.
#[derive(Debug, Clone, Deserialize)]
pub struct Basis {
    pub level: String,
    pub province_code: String,
    pub effective: String,
    pub legal_basis: String,
    pub source: String,
}

/// The reviewed legal bases, each of which must explain at least one change.
#[derive(Debug, Clone)]
pub struct Bases {
    rows: Vec<Basis>,
    used: Vec<bool>,
    /// Changes up to this date are in the snapshot; later ones come from the patch file.
    snapshot: String,
}

impl Bases {
    pub fn read(path: &Path, snapshot: &str) -> Result<Self> {
        Self::new(read_csv(path)?, snapshot)
    }

    pub fn new(rows: Vec<Basis>, snapshot: &str) -> Result<Self> {
        let mut seen = BTreeMap::new();
        for row in &rows {
            ensure!(
                !row.source.trim().is_empty() && !row.legal_basis.trim().is_empty(),
                "later_changes.csv: every row needs a legal basis and a source"
            );
            ensure!(is_date(&row.effective), "later_changes.csv: {:?} is not a date (YYYY-MM-DD)", row.effective);
            ensure!(
                row.effective.as_str() > REORGANISATION_DATE,
                "later_changes.csv: {} {} on {} is not after the reorganisation of {REORGANISATION_DATE}",
                row.level,
                row.province_code,
                row.effective
            );
            // The snapshot does not say when its changes took effect: one per level and province there.
            let when = if row.effective.as_str() <= snapshot { "snapshot" } else { row.effective.as_str() };
            ensure!(
                seen.insert((row.level.clone(), row.province_code.clone(), when.to_owned()), ()).is_none(),
                "later_changes.csv: two rows for {} {} ({when})",
                row.level,
                row.province_code
            );
        }
        let used = vec![false; rows.len()];
        Ok(Self { rows, used, snapshot: snapshot.to_owned() })
    }

    /// The basis of a change the snapshot already shows (a difference from the 2025 names).
    pub fn in_snapshot(&mut self, level: &str, province_code: &str) -> Option<Basis> {
        let snapshot = self.snapshot.clone();
        self.find(|b| b.level == level && b.province_code == province_code && b.effective <= snapshot)
    }

    /// The basis of a patch row: the reviewed row of its level, province and date, which must cite the
    /// act the patch names ("Nghị quyết 36/2026/QH16 (issued …)" ↔ "Nghị quyết số 36/2026/QH16 (…)").
    fn for_patch(&mut self, level: &str, province_code: &str, effective: &str, cited: &str) -> Result<Basis> {
        let basis = self
            .find(|b| b.level == level && b.province_code == province_code && b.effective == effective)
            .with_context(|| {
                format!("later_changes.csv has no row for {level} changes of province {province_code} on {effective}")
            })?;
        let act = cited.split(" (").next().unwrap_or_default().trim();
        ensure!(
            !act.is_empty() && basis.legal_basis.replacen(" số ", " ", 1).starts_with(act),
            "later_changes.csv cites {:?} for {level} changes of province {province_code} on {effective}, \
             but the source cites {cited:?}",
            basis.legal_basis
        );
        Ok(basis)
    }

    fn find(&mut self, matches: impl Fn(&Basis) -> bool) -> Option<Basis> {
        let index = self.rows.iter().position(matches)?;
        self.used[index] = true;
        Some(self.rows[index].clone())
    }

    /// A reviewed row that explains no change is stale or mistyped.
    pub fn ensure_all_used(&self) -> Result<()> {
        for (row, used) in self.rows.iter().zip(&self.used) {
            ensure!(
                used,
                "later_changes.csv: {} changes of province {} on {} explain no change in the sources",
                row.level,
                row.province_code,
                row.effective
            );
        }
        Ok(())
    }
}

/// One row of the patch file.
#[derive(Debug, Clone, Deserialize)]
pub struct PatchRow {
    pub level: String,
    pub code: String,
    pub field: String,
    pub before: String,
    pub after: String,
    pub legal_basis: String,
    pub effective: String,
    pub source: String,
}

pub fn read_patches(path: &Path) -> Result<Vec<PatchRow>> {
    read_csv(path)
}

/// The fields a patch may change.
const FIELDS: [&str; 2] = ["full_name", "full_name_en"];

/// (effective date, level, code): the order patches are applied in.
type ChangeKey = (String, ChangeLevel, String);

/// Applies the patch rows on top of `dataset`, oldest first: the rows of one unit and date are one
/// [`LaterChange`] (one legal basis, each field once, each `before` the state it patches), applied by
/// [`LaterChange::apply`], which keeps in `changes` the state before each change of name or type.
/// Returns the changes applied, with the reviewed legal basis of each; on any error `dataset` is left
/// as it was.
pub fn apply(rows: &[PatchRow], snapshot: &str, bases: &mut Bases, dataset: &mut Dataset) -> Result<Vec<LaterChange>> {
    // One change per (date, level, unit): its rows, each field once, one legal basis.
    let mut groups: BTreeMap<ChangeKey, Vec<(usize, &PatchRow)>> = BTreeMap::new();
    for (index, row) in rows.iter().enumerate() {
        let line = index + 2;
        let level: ChangeLevel = row
            .level
            .parse()
            .map_err(|_| anyhow::anyhow!("patch line {line}: level {:?} is not province or commune", row.level))?;
        ensure!(FIELDS.contains(&row.field.as_str()), "patch line {line}: field {:?} cannot be patched", row.field);
        ensure!(is_date(&row.effective), "patch line {line}: effective {:?} is not a date (YYYY-MM-DD)", row.effective);
        ensure!(
            row.effective.as_str() > snapshot,
            "patch line {line}: effective {} is not after the snapshot of {snapshot}, which should show it",
            row.effective
        );
        ensure!(
            !row.legal_basis.trim().is_empty() && !row.source.trim().is_empty(),
            "patch line {line}: no legal basis or no source"
        );
        ensure!(!row.before.is_empty() && !row.after.is_empty(), "patch line {line}: empty before or after");
        groups.entry((row.effective.clone(), level, row.code.clone())).or_default().push((line, row));
    }

    let mut after = dataset.clone();
    let mut bases_after = bases.clone();
    let mut applied = Vec::new();
    for ((effective, level, code), rows) in &groups {
        let (first_line, first) = rows[0];
        for (line, row) in rows {
            ensure!(
                row.legal_basis == first.legal_basis,
                "patch lines {first_line} and {line}: one change of {level} {code} on {effective} with two legal bases"
            );
            ensure!(
                rows.iter().filter(|(_, other)| other.field == row.field).count() == 1,
                "patch line {line}: {level} {code} {} patched twice on {effective}",
                row.field
            );
        }
        let (province_code, before) = unit_names(&after, *level, code).with_context(|| {
            let what = if *level == ChangeLevel::Province { "province" } else { "new commune" };
            format!("patch line {first_line}: unknown {what} {code}")
        })?;
        let mut full_name = None;
        let mut full_name_en = None;
        for (line, row) in rows {
            if row.field == "full_name" {
                // Spelled as the dataset spells it ("Hiệp Hòa", the NSO's, for the source's "Hiệp Hoà").
                ensure!(
                    same_spelling(&row.before, &before.full_name),
                    "patch line {line}: {level} {code} is {:?}, not {:?} as the patch expects",
                    before.full_name,
                    row.before
                );
                full_name = Some(row.after.clone());
            } else {
                ensure!(
                    row.before == before.full_name_en,
                    "patch line {line}: {level} {code} is {:?} in English, not {:?} as the patch expects",
                    before.full_name_en,
                    row.before
                );
                full_name_en = Some(row.after.clone());
            }
        }
        let basis = bases_after
            .for_patch(level.as_str(), province_code.as_str(), effective, &first.legal_basis)
            .with_context(|| format!("patch line {first_line}"))?;
        let change = LaterChange {
            level: *level,
            code: code.clone(),
            effective: effective.clone(),
            full_name,
            full_name_en,
            legal_basis: basis.legal_basis,
        };
        change.apply(&mut after).map_err(|problems| {
            let problems: Vec<String> = problems
                .into_iter()
                .map(|(field, message)| if field.is_empty() { message } else { format!("{field}: {message}") })
                .collect();
            anyhow::anyhow!(
                "patch line {first_line}: the change of {level} {code} on {effective}: {}",
                problems.join("; ")
            )
        })?;
        applied.push(change);
    }
    *dataset = after;
    *bases = bases_after;
    Ok(applied)
}

/// A calendar date written YYYY-MM-DD (such strings sort in date order).
pub fn is_date(text: &str) -> bool {
    shared::data::centre::check_date(text).is_ok()
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use shared::model::{Change, Index, NewCommune, NewProvince};
    use shared::staff::edit::{Edit, apply_all};

    use super::super::import::{SNAPSHOT_DATE, build, build_with};
    use super::*;

    /// The dataset as the import makes it from the real files, built once.
    fn built() -> &'static Dataset {
        static DATASET: OnceLock<Dataset> = OnceLock::new();
        DATASET.get_or_init(|| build(&crate::workspace_root().join("data")).unwrap().0)
    }

    fn province<'a>(d: &'a Dataset, code: &str) -> &'a NewProvince {
        d.new_provinces.iter().find(|p| p.code == code).unwrap()
    }

    fn commune<'a>(d: &'a Dataset, code: &str) -> &'a NewCommune {
        d.new_communes.iter().find(|c| c.code == code).unwrap()
    }

    fn changes_of<'a>(d: &'a Dataset, level: &str, code: &str) -> Vec<&'a Change> {
        d.changes.iter().filter(|c| c.level.as_str() == level && c.code == code).collect()
    }

    /// The 12 xã of Bắc Ninh that became phường (388/NQ-UBTVQH16), as the patch file lists them.
    const BAC_NINH_WARDS: [&str; 12] =
        ["07294", "07375", "07399", "07444", "07840", "09193", "09292", "09313", "09319", "09454", "09475", "09496"];

    #[test]
    fn quang_ninh_became_a_city_on_1_september_2026() {
        let d = built();
        let p = province(d, "22");
        assert_eq!(
            (p.name.as_str(), p.full_name.as_str(), p.unit_type.as_str(), p.full_name_en.as_str()),
            ("Quảng Ninh", "Thành phố Quảng Ninh", "Thành phố", "Quang Ninh City")
        );
        let changes = changes_of(d, "province", "22");
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(
            (changes[0].effective.as_str(), changes[0].full_name_before.as_str(), changes[0].unit_type_before.as_str()),
            ("2026-09-01", "Tỉnh Quảng Ninh", "Tỉnh")
        );
        assert_eq!(
            changes[0].legal_basis,
            "Nghị quyết số 36/2026/QH16 (Quảng Ninh trở thành thành phố trực thuộc trung ương)"
        );
    }

    #[test]
    fn bac_ninh_became_a_city_and_twelve_xa_became_phuong_on_20_september_2026() {
        let d = built();
        let p = province(d, "24");
        assert_eq!(
            (p.full_name.as_str(), p.unit_type.as_str(), p.full_name_en.as_str()),
            ("Thành phố Bắc Ninh", "Thành phố", "Bac Ninh City")
        );
        let changes = changes_of(d, "province", "24");
        assert_eq!(changes.len(), 1);
        assert_eq!(
            (changes[0].effective.as_str(), changes[0].full_name_before.as_str()),
            ("2026-09-20", "Tỉnh Bắc Ninh")
        );
        assert!(changes[0].legal_basis.starts_with("Nghị quyết số 39/2026/QH16 "), "{:?}", changes[0].legal_basis);

        for code in BAC_NINH_WARDS {
            let c = commune(d, code);
            assert_eq!(c.unit_type, "Phường", "{code}");
            assert_eq!(c.full_name, format!("Phường {}", c.name), "{code}");
            assert_eq!(c.full_name_en, format!("{} Ward", c.name_en), "{code}");
            let changes = changes_of(d, "commune", code);
            assert_eq!(changes.len(), 1, "{code}");
            assert_eq!(changes[0].effective, "2026-09-20");
            assert_eq!(changes[0].full_name_before, format!("Xã {}", c.name));
            assert_eq!(changes[0].unit_type_before, "Xã");
            assert_eq!(changes[0].legal_basis, "Nghị quyết số 388/NQ-UBTVQH16 (12 xã của Bắc Ninh thành phường)");
        }
        let bo_ha = commune(d, "07294");
        assert_eq!((bo_ha.full_name.as_str(), bo_ha.full_name_en.as_str()), ("Phường Bố Hạ", "Bo Ha Ward"));
        // The source writes "Hiệp Hoà"; the dataset keeps the NSO's "Hiệp Hòa".
        assert_eq!(commune(d, "07840").full_name, "Phường Hiệp Hòa");
        assert_eq!(changes_of(d, "commune", "07840")[0].full_name_before, "Xã Hiệp Hòa");
        // No other commune of Bắc Ninh changed.
        let changed: Vec<&str> = d
            .changes
            .iter()
            .filter(|c| c.level == ChangeLevel::Commune && commune(d, &c.code).province_code == "24")
            .map(|c| c.code.as_str())
            .collect();
        assert_eq!(changed, BAC_NINH_WARDS);
    }

    #[test]
    fn every_later_change_is_counted_and_the_newest_source_dates_the_dataset() {
        let d = built();
        let mut by_date = BTreeMap::<&str, usize>::new();
        for change in &d.changes {
            *by_date.entry(change.effective.as_str()).or_default() += 1;
        }
        // Đồng Nai (1 + 10), Quảng Ninh (1), Bắc Ninh (1 + 12).
        assert_eq!(by_date, BTreeMap::from([("2026-04-30", 11), ("2026-09-01", 1), ("2026-09-20", 13)]));
        assert_eq!(d.meta.built_from, "2026-09-20");
        assert_eq!(shared::data::check::check(d), Vec::<String>::new());
    }

    fn row(level: &str, code: &str, field: &str, before: &str, after: &str, effective: &str) -> PatchRow {
        PatchRow {
            level: level.into(),
            code: code.into(),
            field: field.into(),
            before: before.into(),
            after: after.into(),
            legal_basis: "Nghị quyết 36/2026/QH16".into(),
            effective: effective.into(),
            source: "test".into(),
        }
    }

    fn bases(rows: &[(&str, &str, &str)]) -> Bases {
        let rows = rows
            .iter()
            .map(|(level, province, effective)| Basis {
                level: (*level).into(),
                province_code: (*province).into(),
                effective: (*effective).into(),
                legal_basis: "Nghị quyết số 36/2026/QH16 (test)".into(),
                source: "test".into(),
            })
            .collect();
        Bases::new(rows, SNAPSHOT_DATE).unwrap()
    }

    /// Applies `rows` on top of the imported dataset.
    fn apply_on_built(rows: &[PatchRow], bases: &mut Bases) -> (Result<Vec<LaterChange>>, Dataset) {
        let mut d = built().clone();
        let result = apply(rows, SNAPSHOT_DATE, bases, &mut d);
        (result, d)
    }

    #[test]
    fn a_second_change_of_a_unit_starts_from_the_state_the_first_left() {
        // Quảng Ninh back to a province (a test of the order only): its before is the city of 2026-09-01.
        let rows = [row("province", "22", "full_name", "Thành phố Quảng Ninh", "Tỉnh Quảng Ninh", "2026-11-01")];
        let (result, d) = apply_on_built(&rows, &mut bases(&[("province", "22", "2026-11-01")]));
        assert_eq!(result.unwrap().len(), 1);
        let changes = changes_of(&d, "province", "22");
        let states: Vec<(&str, &str)> =
            changes.iter().map(|c| (c.effective.as_str(), c.full_name_before.as_str())).collect();
        assert_eq!(states, [("2026-09-01", "Tỉnh Quảng Ninh"), ("2026-11-01", "Thành phố Quảng Ninh")]);
        let p = province(&d, "22");
        assert_eq!((p.full_name.as_str(), p.full_name_en.as_str()), ("Tỉnh Quảng Ninh", "Quang Ninh Province"));
        assert_eq!(shared::data::check::check(&d), Vec::<String>::new());

        // The same row written against the state before 2026-09-01 does not apply.
        let stale = [row("province", "22", "full_name", "Tỉnh Quảng Ninh", "Thành phố Quảng Ninh", "2026-11-01")];
        let (result, _) = apply_on_built(&stale, &mut bases(&[("province", "22", "2026-11-01")]));
        let error = format!("{:#}", result.unwrap_err());
        assert!(error.contains("is \"Thành phố Quảng Ninh\", not \"Tỉnh Quảng Ninh\""), "{error}");
    }

    #[test]
    fn a_new_english_name_alone_is_applied_without_a_history_entry() {
        let rows = [row("province", "22", "full_name_en", "Quang Ninh City", "Quang Ninh Province", "2026-11-01")];
        let (result, d) = apply_on_built(&rows, &mut bases(&[("province", "22", "2026-11-01")]));
        assert_eq!(result.unwrap().len(), 1);
        assert_eq!(province(&d, "22").full_name_en, "Quang Ninh Province");
        assert_eq!(d.changes, built().changes);
    }

    #[test]
    fn a_patch_that_does_not_apply_applies_nothing() {
        // The first change applies; the second expects the state before 2026-09-20.
        let rows = [
            row("province", "22", "full_name_en", "Quang Ninh City", "Quang Ninh Province", "2026-11-01"),
            row("commune", "07294", "full_name", "Xã Bố Hạ", "Phường Bố Hạ", "2026-11-15"),
        ];
        let mut bases = bases(&[("province", "22", "2026-11-01"), ("commune", "24", "2026-11-15")]);
        let (result, d) = apply_on_built(&rows, &mut bases);
        let error = format!("{:#}", result.unwrap_err());
        assert!(error.contains("line 3") && error.contains("07294"), "{error}");
        assert_eq!(d, *built(), "nothing of the patch is applied");

        // Applying the real patch file twice fails the same way: its rows describe the state before it.
        let path = crate::workspace_root().join(format!("data/sources/thanglequoc/changes-after-{SNAPSHOT_DATE}.csv"));
        let real = read_patches(&path).unwrap();
        let mut again = Bases::read(&crate::workspace_root().join("data/later_changes.csv"), SNAPSHOT_DATE).unwrap();
        let (result, d) = apply_on_built(&real, &mut again);
        assert!(format!("{:#}", result.unwrap_err()).contains("not \"Tỉnh Quảng Ninh\" as the patch expects"));
        assert_eq!(d, *built());
    }

    #[test]
    fn malformed_patches_are_refused() {
        let cases = [
            (row("province", "22", "name", "Quảng Ninh", "Hạ Long", "2026-11-01"), "cannot be patched"),
            (row("district", "193", "full_name", "a", "b", "2026-11-01"), "not province or commune"),
            (row("province", "22", "full_name_en", "a", "b", "2026-07-25"), "not after the snapshot"),
            (row("province", "22", "full_name_en", "a", "b", "2026-13-01"), "not a date"),
            (row("province", "99", "full_name_en", "a", "b", "2026-11-01"), "unknown province 99"),
            (
                row("province", "22", "full_name_en", "Quang Ninh City", "Quang Ninh City", "2026-11-01"),
                "changes nothing",
            ),
            // No reviewed legal basis for that date.
            (row("province", "22", "full_name_en", "Quang Ninh City", "Quang Ninh Province", "2026-11-02"), "no row"),
        ];
        for (patch, expected) in cases {
            let (result, d) = apply_on_built(&[patch], &mut bases(&[("province", "22", "2026-11-01")]));
            let error = format!("{:#}", result.unwrap_err());
            assert!(error.contains(expected), "{expected:?} not in {error:?}");
            assert_eq!(d, *built());
        }
        // One change, two legal bases.
        let mut other = row("province", "22", "full_name", "Thành phố Quảng Ninh", "Tỉnh Quảng Ninh", "2026-11-01");
        other.legal_basis = "Nghị quyết 39/2026/QH16".into();
        let rows =
            [row("province", "22", "full_name_en", "Quang Ninh City", "Quang Ninh Province", "2026-11-01"), other];
        let (result, _) = apply_on_built(&rows, &mut bases(&[("province", "22", "2026-11-01")]));
        assert!(format!("{:#}", result.unwrap_err()).contains("two legal bases"));
        // The reviewed basis must cite the act the source names.
        let mut cited = row("province", "22", "full_name_en", "Quang Ninh City", "Quang Ninh Province", "2026-11-01");
        cited.legal_basis = "Nghị quyết 39/2026/QH16".into();
        let (result, _) = apply_on_built(&[cited], &mut bases(&[("province", "22", "2026-11-01")]));
        assert!(format!("{:#}", result.unwrap_err()).contains("but the source cites"));
    }

    #[test]
    fn every_reviewed_basis_must_explain_a_change() {
        let mut bases = bases(&[("province", "22", "2026-11-01")]);
        assert!(bases.ensure_all_used().is_err());
        assert!(
            bases.in_snapshot("province", "22").is_none(),
            "a basis after the snapshot explains no snapshot change"
        );
        let twice = Bases::new(
            vec![
                Basis {
                    level: "commune".into(),
                    province_code: "75".into(),
                    effective: "2026-04-30".into(),
                    legal_basis: "x".into(),
                    source: "x".into(),
                },
                Basis {
                    level: "commune".into(),
                    province_code: "75".into(),
                    effective: "2026-05-30".into(),
                    legal_basis: "x".into(),
                    source: "x".into(),
                },
            ],
            SNAPSHOT_DATE,
        );
        assert!(format!("{:#}", twice.unwrap_err()).contains("two rows for commune 75 (snapshot)"));
    }

    /// The test: the dataset as of the snapshot, with the September 2026 changes of the patch file
    /// entered as staff edits, is the dataset the import makes with them.
    #[test]
    fn the_september_2026_changes_entered_as_staff_edits_give_the_imported_dataset() {
        let data = crate::workspace_root().join("data");
        let (without, _) = build_with(&data, false).unwrap();
        assert_eq!(province(&without, "22").full_name, "Tỉnh Quảng Ninh");
        assert!(without.changes.iter().all(|c| c.effective.as_str() <= SNAPSHOT_DATE));

        // The patch file's rows, one change per unit and date, with the reviewed legal basis of each.
        let rows = read_patches(&data.join(format!("sources/thanglequoc/changes-after-{SNAPSHOT_DATE}.csv"))).unwrap();
        let mut bases = Bases::read(&data.join("later_changes.csv"), SNAPSHOT_DATE).unwrap();
        let changes = apply(&rows, SNAPSHOT_DATE, &mut bases, &mut without.clone()).unwrap();
        assert_eq!(changes.len(), 2 + 12, "Quảng Ninh, Bắc Ninh and its 12 phường");
        assert!(changes.iter().all(|c| c.effective.starts_with("2026-09-")));

        // As staff submit them (JSON), each checked against the data without them, then applied together.
        let edits: Vec<Edit> = changes
            .into_iter()
            .map(|change| {
                let json = serde_json::to_string(&Edit::LaterChange { change }).unwrap();
                serde_json::from_str(&json).unwrap()
            })
            .collect();
        let index = Index::new(without.clone());
        for edit in &edits {
            let Edit::LaterChange { change } = edit else { unreachable!() };
            let province = if change.level == ChangeLevel::Province { change.code.as_str() } else { "24" };
            assert_eq!(edit.check(&index).unwrap().as_str(), province, "{}", edit.record());
            assert!(!edit.diff(&index).is_empty(), "{}", edit.record());
        }
        let mut staff = apply_all(&without, &edits.iter().collect::<Vec<_>>()).unwrap();

        let imported = built();
        assert_ne!(without, *imported);
        staff.meta.built_from.clone_from(&imported.meta.built_from);
        macro_rules! same_tables {
            ($($table:ident),+) => {
                $(assert!(staff.$table == imported.$table, "{} differ", stringify!($table));)+
            };
        }
        same_tables!(
            meta,
            old_provinces,
            old_districts,
            old_communes,
            new_provinces,
            new_communes,
            transitions,
            uncoded_predecessors,
            legal_texts,
            changes,
            aliases,
            earlier_names,
            procedures,
            service_centres,
            province_portals,
            procedure_facts
        );
        assert!(staff == *imported, "the whole dataset");
    }
}
