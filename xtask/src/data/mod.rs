//! `cargo xtask data import | check`: the canonical dataset in `data/`.

pub mod import;
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
    let problems = shared::check::check(&dataset);
    for (name, text) in shared::canonical::write(&dataset) {
        let path = data_dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("write {}", path.display()))?;
    }
    summary(&dataset);
    report_problems(&problems)
}

/// `cargo xtask data check`: reads the canonical files and fails on any broken invariant.
pub fn check(root: &Path) -> Result<()> {
    let dataset = read(root)?;
    summary(&dataset);
    report_problems(&shared::check::check(&dataset))
}

/// The canonical files of `data/`.
pub fn read(root: &Path) -> Result<shared::dataset::Dataset> {
    let data_dir = root.join("data");
    shared::canonical::parse(|name| std::fs::read_to_string(data_dir.join(name)).map_err(|e| e.to_string()))
        .map_err(anyhow::Error::msg)
}

fn summary(d: &shared::dataset::Dataset) {
    let split = {
        let mut counts = std::collections::BTreeMap::<&str, usize>::new();
        for t in &d.transitions {
            *counts.entry(t.old_code.as_str()).or_default() += 1;
        }
        counts.values().filter(|n| **n > 1).count()
    };
    println!(
        "dataset: {} old provinces, {} old districts, {} old communes ({split} split); {} new provinces, {} new communes; \
         {} transitions, {} later changes, {} aliases",
        d.old_provinces.len(),
        d.old_districts.len(),
        d.old_communes.len(),
        d.new_provinces.len(),
        d.new_communes.len(),
        d.transitions.len(),
        d.changes.len(),
        d.aliases.len()
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
    use shared::dataset::Dataset;

    use super::*;

    fn root() -> std::path::PathBuf {
        crate::workspace_root()
    }

    fn problems_after(change: impl FnOnce(&mut Dataset)) -> Vec<String> {
        let mut dataset = read(&root()).unwrap();
        change(&mut dataset);
        shared::check::check(&dataset)
    }

    #[test]
    fn import_is_deterministic_and_matches_the_committed_files() {
        let (first, _) = import::build(&root().join("data")).unwrap();
        let (second, _) = import::build(&root().join("data")).unwrap();
        let first = shared::canonical::write(&first);
        assert_eq!(first, shared::canonical::write(&second), "two imports of the same sources differ");
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
        assert_eq!(shared::check::check(&read(&root()).unwrap()), Vec::<String>::new());
    }

    #[test]
    fn check_finds_an_old_commune_without_successor() {
        let problems = problems_after(|d| d.transitions.retain(|t| t.old_code != "00007"));
        assert!(problems.iter().any(|p| p.contains("00007") && p.contains("no successor")), "{problems:?}");
    }

    #[test]
    fn check_finds_dangling_and_duplicate_codes() {
        let problems = problems_after(|d| {
            d.transitions[0].new_code = "99999".into();
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
            t.new_code = "26740".into();
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
    fn check_finds_two_defaults_for_one_split_commune() {
        let problems = problems_after(|d| {
            for t in d.transitions.iter_mut().filter(|t| t.old_code == "00007") {
                t.default = true;
            }
        });
        assert!(problems.iter().any(|p| p.contains("00007: 2 default successors")), "{problems:?}");
    }
}
