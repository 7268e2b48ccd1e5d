//! `cargo xtask data import | check`: the canonical dataset in `data/`.

mod centres;
pub mod export;
pub mod import;
mod later;
mod procedure_details;
mod procedures;
pub mod resolutions;
mod vietnamadminunits;

use std::path::Path;

use anyhow::{Context, Result, bail};

/// `cargo xtask data import`: rebuilds the canonical files from the sources, then checks them.
pub fn import(root: &Path) -> Result<()> {
    let data_dir = root.join("data");
    let (dataset, report) = import::build(&data_dir)?;
    for note in &report.notes {
        println!("note: {note}");
    }
    let problems = shared::data::check::check(&dataset);
    for (name, text) in shared::data::canonical::write(&dataset) {
        let path = data_dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("write {}", path.display()))?;
    }
    summary(&dataset);
    report_problems(&problems)
}

/// `cargo xtask data check`: reads the canonical files and fails on any broken invariant.
pub fn check(root: &Path) -> Result<()> {
    // Staff rows first, every problem with its line: reading them as records stops at the first.
    let data_dir = root.join("data");
    let communes_csv = data_dir.join("new_communes.csv");
    let text = std::fs::read_to_string(&communes_csv).with_context(|| format!("read {}", communes_csv.display()))?;
    let communes: Vec<shared::model::NewCommune> =
        shared::data::canonical::rows("new_communes.csv", &text).map_err(anyhow::Error::msg)?;
    let mut notes = Vec::new();
    centres::read(&data_dir, &communes, &mut notes)?;
    for note in &notes {
        println!("note: {note}");
    }
    let dataset = read(root)?;
    summary(&dataset);
    report_problems(&shared::data::check::check(&dataset))
}

/// The canonical files of `data/`.
pub fn read(root: &Path) -> Result<shared::model::Dataset> {
    let data_dir = root.join("data");
    shared::data::canonical::parse(|name| std::fs::read_to_string(data_dir.join(name)).map_err(|e| e.to_string()))
        .map_err(anyhow::Error::msg)
}

fn summary(d: &shared::model::Dataset) {
    use shared::model::DefaultBasis;
    let split = {
        let mut counts = std::collections::BTreeMap::<&str, usize>::new();
        for t in &d.transitions {
            *counts.entry(t.old_code.as_str()).or_default() += 1;
        }
        counts.values().filter(|n| **n > 1).count()
    };
    // Why each split's default is its default (the answers say it).
    let bases = [DefaultBasis::Review, DefaultBasis::WholePopulation, DefaultBasis::OpenData]
        .map(|basis| d.transitions.iter().filter(|t| t.default_basis == Some(basis)).count());
    let repealed = d.procedures.iter().filter(|p| p.status == shared::model::ProcedureStatus::Repealed).count();
    println!(
        "dataset: {} old provinces, {} old districts, {} old communes ({split} split; their defaults by review {}, whole population {}, open data {}); {} new provinces, {} new communes; \
         {} transitions, {} later changes, {} aliases, {} earlier names; {} procedures ({repealed} repealed, {} with details, {} with a portal page), {} verified service centres, \
         {} province portals, {} procedure facts; snapshot {} bytes",
        d.old_provinces.len(),
        d.old_districts.len(),
        d.old_communes.len(),
        bases[0],
        bases[1],
        bases[2],
        d.new_provinces.len(),
        d.new_communes.len(),
        d.transitions.len(),
        d.changes.len(),
        d.aliases.len(),
        d.earlier_names.len(),
        d.procedures.len(),
        d.procedure_details.len(),
        d.portal_pages.len(),
        d.service_centres.len(),
        d.province_portals.len(),
        d.procedure_facts.len(),
        shared::data::snapshot::encode(d).len()
    );
}

fn report_problems(problems: &[String]) -> Result<()> {
    if problems.is_empty() {
        println!("check: all invariants hold");
        return Ok(());
    }
    for problem in problems {
        eprintln!("problem: {problem}");
    }
    bail!("{} problem(s) in the dataset", problems.len())
}

#[cfg(test)]
mod tests {
    use shared::model::Dataset;

    use super::*;

    fn root() -> std::path::PathBuf {
        crate::workspace_root()
    }

    fn problems_after(change: impl FnOnce(&mut Dataset)) -> Vec<String> {
        let mut dataset = read(&root()).unwrap();
        change(&mut dataset);
        shared::data::check::check(&dataset)
    }

    #[test]
    fn import_is_deterministic_and_matches_the_committed_files() {
        let (first, _) = import::build(&root().join("data")).unwrap();
        let (second, _) = import::build(&root().join("data")).unwrap();
        let first = shared::data::canonical::write(&first);
        assert_eq!(first, shared::data::canonical::write(&second), "two imports of the same sources differ");
        for (name, text) in first {
            let committed = std::fs::read_to_string(root().join("data").join(name)).unwrap();
            assert!(
                committed == text,
                "data/{name} is not what `cargo xtask data import` makes of the sources; run it"
            );
        }
    }

    #[test]
    fn committed_dataset_passes_every_check() {
        assert_eq!(shared::data::check::check(&read(&root()).unwrap()), Vec::<String>::new());
    }

    #[test]
    fn check_finds_an_old_commune_without_successor() {
        let problems = problems_after(|d| d.transitions.retain(|t| t.old_code != "00007"));
        assert!(problems.iter().any(|p| p.contains("00007") && p.contains("no successor")), "{problems:?}");
    }

    #[test]
    fn check_finds_dangling_and_duplicate_codes() {
        let problems = problems_after(|d| {
            d.transitions[0].new_code = "99999".parse().unwrap();
            let copy = d.new_communes[5].clone();
            d.new_communes.insert(5, copy);
        });
        assert!(problems.iter().any(|p| p.contains("unknown new commune 99999")), "{problems:?}");
        assert!(problems.iter().any(|p| p.starts_with("duplicate new commune code")), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("3322 new communes, expected 3321")), "{problems:?}");
    }

    #[test]
    fn check_finds_wrong_counts() {
        let problems = problems_after(|d| {
            d.new_provinces.pop();
        });
        assert!(problems.iter().any(|p| p == "33 new provinces, expected 34"), "{problems:?}");
    }

    #[test]
    fn check_finds_a_successor_outside_its_province() {
        // 00001 Phúc Xá (Hà Nội) sent to a commune of Hồ Chí Minh City.
        let problems = problems_after(|d| {
            let t = d.transitions.iter_mut().find(|t| t.old_code == "00001").unwrap();
            t.new_code = "26740".parse().unwrap();
        });
        assert!(problems.iter().any(|p| p.contains("00001 → 26740") && p.contains("province")), "{problems:?}");
    }

    #[test]
    fn check_finds_a_commune_without_legal_basis_and_names_not_in_nfc() {
        let problems = problems_after(|d| {
            d.new_communes[0].resolution.clear();
            d.old_communes[0].name = "Phu\u{301}c Xá".into();
        });
        assert!(problems.iter().any(|p| p.contains("no legal basis")), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("not in Unicode NFC")), "{problems:?}");
    }

    #[test]
    fn check_finds_unsorted_lists_that_look_ups_rely_on() {
        let problems = problems_after(|d| d.transitions.swap(0, 1));
        assert!(problems.iter().any(|p| p.starts_with("transitions are not sorted")), "{problems:?}");
    }

    #[test]
    fn check_finds_later_changes_out_of_order_undated_or_changing_nothing() {
        let at = |d: &Dataset, level: &str, code: &str| {
            d.changes.iter().position(|c| c.level.as_str() == level && c.code == code).unwrap()
        };
        // 07294 Phường Bố Hạ (Xã until 2026-09-20) given its change twice: two on one day, the first a
        // change from Xã Bố Hạ to Xã Bố Hạ.
        let problems = problems_after(|d| {
            let i = at(d, "commune", "07294");
            let again = d.changes[i].clone();
            d.changes.insert(i + 1, again);
        });
        let expected = "change of commune 07294 on \"2026-09-20\": followed by a change of the same unit on \"2026-09-20\", not later";
        assert!(problems.iter().any(|p| p == expected), "{problems:?}");
        assert!(
            problems.iter().any(|p| p.starts_with("change of commune 07294") && p.contains("changes nothing")),
            "{problems:?}"
        );
        let problems = problems_after(|d| {
            let i = at(d, "province", "22");
            d.changes[i].effective = "2025-06-30".into();
            let i = at(d, "province", "24");
            d.changes[i].full_name_before = "Thành phố Bắc Ninh".into();
            d.changes[i].unit_type_before = "Thành phố".into();
            let i = at(d, "commune", "25270");
            d.changes[i].effective = "30/4/2026".into();
            d.changes[i].unit_type_before = "Thị trấn".into();
            d.changes.swap(0, 1);
        });
        for text in [
            "change of province 22 on \"2025-06-30\": not after the reorganisation of 2025-07-01",
            "change of province 24 on \"2026-09-20\": changes nothing (\"Thành phố Bắc Ninh\" before and after)",
            "change of commune 25270 on \"30/4/2026\": the date is not written YYYY-MM-DD",
            "changes are not sorted by (level, code, date)",
        ] {
            assert!(problems.iter().any(|p| p == text), "no {text:?} in {problems:?}");
        }
        assert!(
            problems.iter().any(|p| p.starts_with("change of commune 25270") && p.contains("is not a commune type"))
        );
    }

    fn earlier(d: &Dataset, name: &str, parent: &str) -> usize {
        d.earlier_names.iter().position(|e| e.name == name && e.parent_code == parent).unwrap()
    }

    #[test]
    fn earlier_names_are_the_reviewed_file_re_sorted() {
        use shared::model::EarlierNameLevel::*;
        let data_dir = root().join("data");
        let committed = import::read_earlier_names(&data_dir.join("earlier_names.csv")).unwrap();
        assert_eq!(committed, read(&root()).unwrap().earlier_names, "the committed file is not in canonical order");
        let count = |level| committed.iter().filter(|e| e.level == level).count();
        assert_eq!((committed.len(), count(OldProvince), count(OldDistrict), count(OldCommune)), (165, 2, 7, 156));

        // The same rows in reverse order, read as the importer reads them, come back in the committed order.
        let text = std::fs::read_to_string(data_dir.join("earlier_names.csv")).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        lines[1..].reverse();
        let shuffled = std::env::temp_dir().join(format!("xamoi-earlier-names-{}.csv", std::process::id()));
        std::fs::write(&shuffled, lines.join("\n") + "\n").unwrap();
        let reread = import::read_earlier_names(&shuffled);
        std::fs::remove_file(&shuffled).unwrap();
        assert_eq!(reread.unwrap(), committed);

        // A few rows as the research found them: a province, a district split in two, a ward of 2025.
        let row =
            |name: &str, parent: &str| committed.iter().find(|e| e.name == name && e.parent_code == parent).unwrap();
        let ha_tay = row("Tỉnh Hà Tây", "");
        assert_eq!((ha_tay.level, ha_tay.codes.as_str(), ha_tay.effective.as_str()), (OldProvince, "01", "2008-08-01"));
        let tu_liem = row("Huyện Từ Liêm", "01");
        assert_eq!(tu_liem.code_list().collect::<Vec<_>>(), ["019", "021"]);
        let p24 = row("Phường 24", "765");
        assert_eq!((p24.codes.as_str(), p24.effective.as_str()), ("26929", "2025-01-01"));
        assert!(p24.legal_basis.starts_with("Nghị quyết số 1278/NQ-UBTVQH15 (2024-11-14), Điều 1 khoản 8 điểm h"));
    }

    #[test]
    fn check_finds_broken_earlier_names() {
        // Each broken row is a real row with one fact changed to another real value.
        let problems = problems_after(|d| {
            // Quận 2 (769) given the code of an old commune, and a province as parent that is not its own.
            let i = earlier(d, "Quận 2", "79");
            d.earlier_names[i].codes = "27094".into();
            let i = earlier(d, "Quận 9", "79");
            d.earlier_names[i].parent_code = "01".into();
            // Phường 24 of Bình Thạnh (765) filed under Gò Vấp (764).
            let i = earlier(d, "Phường 24", "765");
            d.earlier_names[i].parent_code = "764".into();
            // Phường Sài Đồng (004) split into a ward of Đống Đa (006) as well.
            let i = earlier(d, "Phường Sài Đồng", "004");
            d.earlier_names[i].codes = "00136 00181".into();
            // Phường 21 of Bình Thạnh pointed at 26959, which earlier_mergers.csv retires (into 26953).
            let i = earlier(d, "Phường 21", "765");
            d.earlier_names[i].codes = "26959".into();
            // The old Phường An Khánh of Quận 2, left out because 27094 is Phường An Khánh in the old state.
            let i = earlier(d, "Phường Bình An", "769");
            d.earlier_names[i].name = "Phường An Khánh".into();
            // Dates: not YYYY-MM-DD, and on the reorganisation day.
            let i = earlier(d, "Tỉnh Hà Tây", "");
            d.earlier_names[i].effective = "1/8/2008".into();
            let i = earlier(d, "Tỉnh Thừa Thiên Huế", "");
            d.earlier_names[i].effective = "2025-07-01".into();
            // No legal basis; no source; a name without its type word; a name not in NFC.
            let i = earlier(d, "Huyện Nam Đông", "46");
            d.earlier_names[i].legal_basis.clear();
            let i = earlier(d, "Huyện Phong Điền", "46");
            d.earlier_names[i].source = " ".into();
            let i = earlier(d, "Phường Kim Giang", "009");
            d.earlier_names[i].name = "Kim Giang".into();
            let i = earlier(d, "Phường Văn Miếu", "006");
            d.earlier_names[i].name = "Phường Va\u{306}n Miếu".into();
        });
        for text in [
            "earlier name \"Quận 2\" (old_district under \"79\"): unknown old district 27094",
            "earlier name \"Quận 9\" (old_district under \"01\"): old district 769 is under \"79\", not under its parent code \"01\"",
            "earlier name \"Phường 24\" (old_commune under \"764\"): old commune 26929 is under \"765\", not under its parent code \"764\"",
            "earlier name \"Phường Sài Đồng\" (old_commune under \"004\"): old commune 00181 is under \"006\", not under its parent code \"004\"",
            "earlier name \"Phường 21\" (old_commune under \"765\"): old commune 26959 was itself retired before 2025-07-01",
            "earlier name \"Phường An Khánh\" (old_commune under \"769\"): old commune 27094 under the same parent still had this name",
            "earlier name \"Tỉnh Hà Tây\" (old_province under \"\"): effective date \"1/8/2008\" is not written YYYY-MM-DD",
            "earlier name \"Tỉnh Thừa Thiên Huế\" (old_province under \"\"): effective 2025-07-01 is not before the reorganisation of 2025-07-01",
            "earlier name \"Huyện Nam Đông\" (old_district under \"46\"): needs a legal basis and a source",
            "earlier name \"Huyện Phong Điền\" (old_district under \"46\"): needs a legal basis and a source",
            "earlier name \"Kim Giang\" (old_commune under \"009\"): does not start with a type word of its level [\"Xã\", \"Phường\", \"Thị trấn\"]",
        ] {
            assert!(problems.iter().any(|p| p == text), "no {text:?} in {problems:?}");
        }
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("earlier name \"Phường Va\\u{306}n Miếu\"")
                    && p.ends_with("is not in Unicode NFC")),
            "{problems:?}"
        );
        // Renamed rows leave their place in the order.
        assert!(problems.iter().any(|p| p.starts_with("earlier names are not sorted")), "{problems:?}");

        // Out of order, and a row twice.
        let problems = problems_after(|d| d.earlier_names.swap(0, 1));
        assert_eq!(problems, ["earlier names are not sorted by (level, parent code, name) without duplicates"]);
        let problems = problems_after(|d| {
            let i = earlier(d, "Phường 24", "765");
            let again = d.earlier_names[i].clone();
            d.earlier_names.insert(i, again);
        });
        assert_eq!(problems, ["earlier names are not sorted by (level, parent code, name) without duplicates"]);
    }

    #[test]
    fn check_finds_a_province_of_an_unknown_type() {
        let problems = problems_after(|d| {
            let p = d.new_provinces.iter_mut().find(|p| p.code == "24").unwrap();
            p.unit_type = "Huyện".into();
        });
        assert!(problems.iter().any(|p| p == "new province 24: unit type \"Huyện\" is not Tỉnh or Thành phố"));
        assert!(problems.iter().any(|p| p.starts_with("new province 24: full name \"Thành phố Bắc Ninh\" is not")));
    }

    #[test]
    fn check_finds_two_defaults_for_one_split_commune() {
        let problems = problems_after(|d| {
            for t in d.transitions.iter_mut().filter(|t| t.old_code == "00007") {
                t.default = true;
            }
        });
        assert!(problems.iter().any(|p| p.contains("00007: 2 default successors")), "{problems:?}");
    }

    #[test]
    fn check_finds_a_default_basis_missing_or_misplaced() {
        use shared::model::DefaultBasis;
        // Cống Vị's default part (00008, by vietnamadminunits) without its basis, the basis on the other part.
        let problems = problems_after(|d| {
            for t in d.transitions.iter_mut().filter(|t| t.old_code == "00007") {
                t.default_basis = (!t.default).then_some(DefaultBasis::OpenData);
            }
        });
        assert_eq!(
            problems,
            [
                "old commune 00007: default successor 00008 of a split has no default basis",
                "old commune 00007: successor 00025 has default basis open_data but is not the default part of a split",
            ]
        );
        // An only successor is the default without a basis: Phúc Xá went whole to 00097.
        let problems = problems_after(|d| {
            let t = d.transitions.iter_mut().find(|t| t.old_code == "00001").unwrap();
            t.default_basis = Some(DefaultBasis::Review);
        });
        assert_eq!(
            problems,
            ["old commune 00001: successor 00097 has default basis review but is not the default part of a split"]
        );
    }

    #[test]
    fn check_finds_broken_procedures() {
        let problems = problems_after(|d| {
            let at = |d: &Dataset, code: &str| d.procedures.iter().position(|p| p.code == code).unwrap();
            let repealed = at(d, "2.000986");
            d.procedures[repealed].replaced_by = Some("2.001009".into());
            let active = at(d, "1.001193");
            d.procedures[active].replaced_by = Some("3.000722".into());
            let copy = d.procedures[5].clone();
            d.procedures.insert(5, copy);
            d.procedures[0].code = "1.00037".into();
        });
        let expected = [
            "procedure 2.000986: replaced by 2.001009, which is not an active procedure",
            "procedure 1.001193: active but replaced by 3.000722",
            "procedure code \"1.00037\" is not a digit, a dot and six digits",
            "procedures are not sorted by code without duplicates",
        ];
        for text in expected {
            assert!(problems.iter().any(|p| p == text), "no {text:?} in {problems:?}");
        }
    }

    #[test]
    fn check_finds_centres_of_unknown_communes_and_bad_facts() {
        // Synthetic facts: the checks run on the records as the snapshot holds them, too.
        let problems = problems_after(|d| {
            d.service_centres.push(shared::model::ServiceCentreRow {
                commune_code: "99999".parse().unwrap(),
                name: None,
                address: None,
                phone: Some("123".into()),
                email: None,
                opening_hours: Some("Mo-Fr 8-17".into()),
                lat: None,
                lon: None,
                source: "synthetic".into(),
                verified_on: "2026-01-02".into(),
            });
            d.province_portals.push(shared::model::ProvincePortal {
                province_code: "01".parse().unwrap(),
                url: "http://example.invalid".into(),
                source: "synthetic".into(),
                verified_on: "2026-01-02".into(),
            });
        });
        assert!(problems.contains(&"service centre of 99999: unknown new commune".to_owned()), "{problems:?}");
        assert!(problems.iter().any(|p| p.starts_with("service centre of 99999: phone: ")), "{problems:?}");
        assert!(problems.iter().any(|p| p.starts_with("service centre of 99999: opening_hours: ")), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("is not an https:// address")), "{problems:?}");
    }
}
