//! Search as you type over old and new commune names: prefix of the name or of any of its words,
//! without tone marks; one typo tolerated when nothing starts with what was typed.

use super::Engine;
use super::normalize::read_tokens;
use super::read::allowed_typos;
use crate::answers::{SearchResult, UnitKind};
use crate::model::Index;

/// Most results one search returns.
pub const MAX_LIMIT: usize = 50;

#[derive(Debug, Clone)]
pub(super) struct SearchIndex {
    /// (kind, position in the dataset's list, name key).
    entries: Vec<(UnitKind, u32, String)>,
    /// (key from a word of the name to its end, entry, which word), sorted by key.
    suffixes: Vec<(String, u32, u8)>,
}

impl SearchIndex {
    pub(super) fn new(index: &Index) -> Self {
        let d = &index.dataset;
        let names = d
            .new_communes
            .iter()
            .enumerate()
            .map(|(i, c)| (UnitKind::New, i, c.name.as_str()))
            .chain(d.old_communes.iter().enumerate().map(|(i, c)| (UnitKind::Old, i, c.name.as_str())));
        let mut entries = Vec::new();
        let mut suffixes = Vec::new();
        for (kind, position, name) in names {
            let words: Vec<String> =
                name.split_whitespace().map(super::normalize::key).filter(|w| !w.is_empty()).collect();
            let entry = entries.len() as u32;
            entries.push((kind, position as u32, words.concat()));
            for word in 0..words.len().min(u8::MAX as usize) {
                suffixes.push((words[word..].concat(), entry, word as u8));
            }
        }
        suffixes.sort_unstable();
        Self { entries, suffixes }
    }
}

impl Engine {
    /// Old and new communes whose name (or a word of it) starts with `query`, best first.
    pub fn search(&self, index: &Index, query: &str, limit: usize) -> Vec<SearchResult> {
        let limit = limit.clamp(1, MAX_LIMIT);
        let tokens = read_tokens(query);
        // "xã an", "p. bến" search the name after the unit word.
        let name_start = tokens.first().and_then(|t| t.unit).map_or(0, |u| u.len);
        let key: String = tokens.iter().skip(name_start).map(|t| t.folded.as_str()).collect();
        if key.is_empty() {
            return vec![];
        }
        let s = &self.search;
        let mut scored: Vec<(f64, u32)> = Vec::new();
        let from = s.suffixes.partition_point(|(suffix, _, _)| suffix.as_str() < key.as_str());
        for (suffix, entry, word) in s.suffixes[from..].iter().take_while(|(suffix, _, _)| suffix.starts_with(&key)) {
            let full = &s.entries[*entry as usize].2;
            let mut score = if *word == 0 { 0.9 } else { 0.7 };
            if suffix.len() == key.len() && *word == 0 {
                score = 1.0;
            }
            // Shorter names first among equals: "An Phú" before "An Phú Tây" for "an phu".
            score -= (full.len().saturating_sub(key.len()) as f64) * 0.002;
            scored.push((score, *entry));
        }
        let allowed = allowed_typos(key.len()).min(1);
        if scored.is_empty() && allowed > 0 {
            for (entry, (_, _, name)) in s.entries.iter().enumerate() {
                if name.len() + 1 < key.len() {
                    continue;
                }
                // The name's start as long as the text, or one letter longer (a letter left out).
                let distance = [key.len(), key.len() + 1]
                    .into_iter()
                    .map(|len| len.min(name.len()))
                    .filter(|&len| name.is_char_boundary(len))
                    .map(|len| strsim::osa_distance(&name[..len], &key))
                    .min();
                if distance.is_some_and(|d| d <= allowed) {
                    scored.push((0.5 - 0.002 * name.len().saturating_sub(key.len()) as f64, entry as u32));
                }
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut seen = std::collections::HashSet::new();
        scored
            .into_iter()
            .filter(|(_, entry)| seen.insert(*entry))
            .take(limit)
            .map(|(score, entry)| result(index, &s.entries[entry as usize], score))
            .collect()
    }
}

fn result(index: &Index, (kind, position, _): &(UnitKind, u32, String), score: f64) -> SearchResult {
    let d = &index.dataset;
    let score = (score * 1000.0).round() / 1000.0;
    match kind {
        UnitKind::New => {
            let c = &d.new_communes[*position as usize];
            let province = index.new_province(&c.province_code).map(|p| p.full_name.clone()).unwrap_or_default();
            SearchResult { kind: *kind, code: c.code.clone(), name: c.full_name.clone(), path: province, score }
        }
        UnitKind::Old => {
            let c = &d.old_communes[*position as usize];
            let district = index.old_district(&c.district_code).map(|x| x.full_name.as_str()).unwrap_or_default();
            let province = index.old_province(&c.province_code).map(|p| p.full_name.as_str()).unwrap_or_default();
            SearchResult {
                kind: *kind,
                code: c.code.clone(),
                name: c.full_name.clone(),
                path: format!("{district}, {province}"),
                score,
            }
        }
    }
}
