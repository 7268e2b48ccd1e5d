//! Accuracy of the engine on the development set (`../shared/eval/dev-addresses.jsonl`): top-1 is right
//! when the first candidate is one of the expected new communes. Prints the figure per style.
//! Targets: ≥ 99.5 % overall and ≥ 97 % in every style.

use std::collections::BTreeMap;

use shared::answers::Lang;
use tests::{dev_addresses, lookup};

#[test]
fn top1_accuracy_on_the_development_set() {
    let cases = dev_addresses();
    let mut per_style: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for case in &cases {
        let response = lookup().convert(&case.input, Lang::Vi);
        let top = response.candidates.first().map(|c| c.code.as_str());
        let right = top.is_some_and(|code| case.expected.iter().any(|e| e == code));
        let entry = per_style.entry(case.style.as_str()).or_default();
        entry.1 += 1;
        if right {
            entry.0 += 1;
        } else {
            misses.push(format!("{} {:?} → {:?} (expected {:?})", case.id, case.input, top, case.expected));
        }
    }
    let total_right: usize = per_style.values().map(|(right, _)| right).sum();
    println!("\ntop-1 accuracy on {} development addresses:", cases.len());
    for (style, (right, all)) in &per_style {
        println!("  {style:<16} {right:>4}/{all:<4} {:>6.2} %", 100.0 * *right as f64 / *all as f64);
    }
    let overall = 100.0 * total_right as f64 / cases.len() as f64;
    println!("  {:<16} {total_right:>4}/{:<4} {overall:>6.2} %", "overall", cases.len());
    for miss in misses.iter().take(40) {
        println!("  miss: {miss}");
    }
    assert!(overall >= 99.5, "overall top-1 accuracy {overall:.2} % is below 99.5 %");
    for (style, (right, all)) in &per_style {
        let accuracy = 100.0 * *right as f64 / *all as f64;
        assert!(accuracy >= 97.0, "style {style}: {accuracy:.2} % is below 97 %");
    }
}
