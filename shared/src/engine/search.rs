//! Search as you type over old and new commune names: prefix of the name or of any of its words,
//! without tone marks; one typo tolerated when nothing starts with what was typed.

use super::Engine;
use super::normalize::{Token, read_tokens};
use super::read::{allowed_typos, may_be_near};
use super::units::letters;
use crate::answers::{SearchResult, UnitKind};
use crate::model::Index;

/// Most results one search returns.
pub const MAX_LIMIT: usize = 50;

#[derive(Debug, Clone)]
pub(super) struct SearchIndex {
    entries: Vec<Entry>,
    /// Every name from each of its words to its end, sorted by that text: a prefix of what is typed
    /// is a contiguous run of them.
    suffixes: Vec<Suffix>,
    /// The entries' keys, end to end.
    arena: String,
}

/// One old or new commune's name.
#[derive(Debug, Clone, Copy)]
struct Entry {
    kind: UnitKind,
    position: u32,
    /// Its key (folded words without spaces) in the arena.
    start: u32,
    len: u16,
}

/// A name from one of its words on: a range of its entry's key.
#[derive(Debug, Clone, Copy)]
struct Suffix {
    start: u32,
    len: u16,
    entry: u32,
    /// Which word of the name it starts at (0: the name's start).
    word: u8,
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
        let mut arena = String::new();
        let mut entries = Vec::with_capacity(d.new_communes.len() + d.old_communes.len());
        let mut suffixes = Vec::with_capacity(entries.capacity() * 3);
        for (kind, position, name) in names {
            let start = arena.len() as u32;
            let entry = entries.len() as u32;
            for (word, folded) in
                name.split_whitespace().map(super::normalize::key).filter(|w| !w.is_empty()).enumerate()
            {
                let at = arena.len() as u32;
                arena.push_str(&folded);
                if word < u8::MAX as usize {
                    suffixes.push(Suffix { start: at, len: 0, entry, word: word as u8 });
                }
            }
            let end = arena.len() as u32;
            entries.push(Entry { kind, position: position as u32, start, len: (end - start) as u16 });
            for suffix in suffixes.iter_mut().rev().take_while(|s| s.entry == entry) {
                suffix.len = (end - suffix.start) as u16;
            }
        }
        let text = |s: &Suffix| &arena[s.start as usize..s.start as usize + s.len as usize];
        suffixes.sort_unstable_by(|a, b| text(a).cmp(text(b)).then(a.entry.cmp(&b.entry)));
        arena.shrink_to_fit();
        Self { entries, suffixes, arena }
    }

    fn key(&self, entry: &Entry) -> &str {
        &self.arena[entry.start as usize..entry.start as usize + entry.len as usize]
    }

    fn suffix(&self, suffix: &Suffix) -> &str {
        &self.arena[suffix.start as usize..suffix.start as usize + suffix.len as usize]
    }
}

impl Engine {
    /// Old and new communes whose name (or a word of it) starts with what is being typed, best first.
    /// What is being typed is the last part of the query after a comma, without a unit word, house
    /// number or street word at its start ("12 Lê Lợi, P. Bến" searches "Bến").
    pub fn search(&self, index: &Index, query: &str, limit: usize) -> Vec<SearchResult> {
        let limit = limit.clamp(1, MAX_LIMIT);
        let key = typed_name(query);
        if key.is_empty() {
            return vec![];
        }
        let s = &self.search;
        let from = s.suffixes.partition_point(|x| s.suffix(x) < key.as_str());
        let to = from + s.suffixes[from..].partition_point(|x| s.suffix(x).starts_with(key.as_str()));
        let mut scored: Vec<(f64, u32)> = Vec::with_capacity((to - from).min(4096));
        for suffix in &s.suffixes[from..to] {
            let full = s.entries[suffix.entry as usize].len as usize;
            let mut score = if suffix.word == 0 { 0.9 } else { 0.7 };
            if suffix.len as usize == key.len() && suffix.word == 0 {
                score = 1.0;
            }
            // Shorter names first among equals: "An Phú" before "An Phú Tây" for "an phu".
            score -= full.saturating_sub(key.len()) as f64 * 0.002;
            scored.push((score, suffix.entry));
        }
        let allowed = allowed_typos(key.len()).min(1);
        if scored.is_empty() && allowed > 0 {
            // The name's start as long as the text, or one letter longer (a letter left out); the first
            // letter is taken as typed.
            let first = key.as_bytes()[0];
            let key_letters = letters(&key);
            for (entry, e) in s.entries.iter().enumerate() {
                let name = s.key(e);
                if name.as_bytes().first() != Some(&first) || name.len() + 1 < key.len() {
                    continue;
                }
                let distance = [key.len(), key.len() + 1]
                    .into_iter()
                    .map(|len| len.min(name.len()))
                    .filter(|&len| name.is_char_boundary(len))
                    // One edit adds or removes at most one kind of letter.
                    .filter(|&len| (letters(&name[..len]) ^ key_letters).count_ones() <= 2)
                    .filter(|&len| may_be_near(&name[..len], &key, 1))
                    .map(|len| strsim::osa_distance(&name[..len], &key))
                    .min();
                if distance.is_some_and(|d| d <= allowed) {
                    scored.push((0.5 - 0.002 * name.len().saturating_sub(key.len()) as f64, entry as u32));
                }
            }
        }
        // Best first; each name once (its best way of matching).
        scored.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut taken: Vec<u32> = Vec::with_capacity(limit);
        let mut results = Vec::with_capacity(limit);
        for (score, entry) in scored {
            if results.len() == limit {
                break;
            }
            if !taken.contains(&entry) {
                taken.push(entry);
                let e = &s.entries[entry as usize];
                results.push(result(index, e.kind, e.position, score));
            }
        }
        results
    }
}

/// What people typing `texts` send to search as they go: every third keystroke of each (its first 40
/// characters), `count` different prefixes with short ones ("Phư") and a street start ("266 Đường")
/// among them. For measuring search over varied real input, not one repeated query.
pub fn typing_prefixes<'a>(texts: impl IntoIterator<Item = &'a str>, count: usize) -> Vec<String> {
    let mut prefixes = vec!["Phư".to_owned(), "266 Đường".to_owned()];
    let mut seen: std::collections::HashSet<String> = prefixes.iter().cloned().collect();
    'texts: for text in texts {
        let chars: Vec<char> = text.chars().collect();
        for n in (1..=chars.len().min(40)).step_by(3) {
            if prefixes.len() >= count {
                break 'texts;
            }
            let prefix: String = chars[..n].iter().collect();
            if seen.insert(prefix.clone()) {
                prefixes.push(prefix);
            }
        }
    }
    prefixes.truncate(count);
    prefixes
}

/// The key of the name being typed: the last segment that has a word, from after its leading unit
/// word, numbers and street words.
fn typed_name(query: &str) -> String {
    let tokens = read_tokens(query);
    let Some(last) = tokens.iter().rev().find(|t| !t.is_number() && t.unit.is_none() && !t.street) else {
        return String::new();
    };
    let part: Vec<&Token> = tokens.iter().filter(|t| t.segment == last.segment).collect();
    let mut start = 0;
    while let Some(token) = part.get(start) {
        match token.unit {
            Some(unit) => start += unit.len,
            None if token.is_number() || token.street => start += 1,
            None => break,
        }
    }
    part.iter().skip(start).map(|t| t.folded()).collect()
}

fn result(index: &Index, kind: UnitKind, position: u32, score: f64) -> SearchResult {
    let d = &index.dataset;
    let score = (score * 1000.0).round() / 1000.0;
    match kind {
        UnitKind::New => {
            let c = &d.new_communes[position as usize];
            let province = index.new_province(&c.province_code).map(|p| p.full_name.clone()).unwrap_or_default();
            SearchResult { kind, code: c.code.to_string(), name: c.full_name.clone(), path: province, score }
        }
        UnitKind::Old => {
            let c = &d.old_communes[position as usize];
            let district = index.old_district(&c.district_code).map(|x| x.full_name.as_str()).unwrap_or_default();
            let province = index.old_province(&c.province_code).map(|p| p.full_name.as_str()).unwrap_or_default();
            SearchResult {
                kind,
                code: c.code.to_string(),
                name: c.full_name.clone(),
                path: format!("{district}, {province}"),
                score,
            }
        }
    }
}
