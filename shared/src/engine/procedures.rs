//! Search in the catalogue of procedures, the way addresses are searched: without tone marks, every
//! word typed must start a word of the name (in any order), and a word of four letters or more may
//! have one typo ("khia sinh" finds "đăng ký khai sinh"). A query of digits and dots searches codes.

use super::Engine;
use super::normalize::{key, tokenize};
use super::read::allowed_typos;
use crate::answers::ProcedureSummary;
use crate::answers::procedures::summary;
use crate::model::Index;
use crate::model::{OnlineLevel, ProcedureStatus};

#[derive(Debug, Clone, Default)]
pub(super) struct ProcedureIndex {
    /// Per active procedure: its position in the dataset and the folded words of its name.
    entries: Vec<(u32, Vec<String>)>,
}

/// Words of a name that count for its length: some sources begin names with "Thủ tục", others do not.
fn length(name: &[String]) -> usize {
    if name.starts_with(&["thu".to_owned(), "tuc".to_owned()]) { name.len() - 2 } else { name.len() }
}

impl ProcedureIndex {
    pub(super) fn new(index: &Index) -> Self {
        let entries = index
            .dataset
            .procedures
            .iter()
            .enumerate()
            .filter(|(_, p)| p.status == ProcedureStatus::Active)
            .map(|(i, p)| (i as u32, tokenize(&p.name).into_iter().map(|t| t.folded().to_owned()).collect()))
            .collect();
        Self { entries }
    }
}

/// What to look for; `None` and an empty `q` mean "everything".
#[derive(Debug, Clone, Default)]
pub struct ProcedureQuery<'a> {
    pub q: &'a str,
    /// A field as listed, compared without tone marks or case.
    pub field: Option<&'a str>,
    pub online: Option<OnlineLevel>,
}

impl Engine {
    /// Active procedures matching the query: best first, or by code when nothing was typed.
    pub fn find_procedures(&self, index: &Index, query: &ProcedureQuery) -> Vec<ProcedureSummary> {
        let procedures = &index.dataset.procedures;
        let field = query.field.map(key);
        let wanted = |position: u32| {
            let p = &procedures[position as usize];
            query.online.is_none_or(|online| p.online == online)
                && field.as_ref().is_none_or(|field| p.field.as_deref().map(key).as_ref() == Some(field))
        };
        let entries = self.procedures.entries.iter().filter(|(position, _)| wanted(*position));
        let typed = query.q.trim();
        let words: Vec<String> = tokenize(typed).into_iter().map(|t| t.folded().to_owned()).collect();
        let mut scored: Vec<(f64, usize, u32)> = if is_code_prefix(typed) {
            let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
            entries
                .filter(|(position, _)| procedures[*position as usize].code.replace('.', "").starts_with(&digits))
                .map(|(position, name)| (1.0, length(name), *position))
                .collect()
        } else if words.is_empty() {
            entries.map(|(position, _)| (1.0, 0, *position)).collect()
        } else {
            entries.filter_map(|(position, name)| Some((score(&words, name)?, length(name), *position))).collect()
        };
        // Best first; among equals the shorter name ("đăng ký khai sinh" before "... khai sinh lưu động").
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        scored.into_iter().map(|(_, _, position)| summary(&procedures[position as usize])).collect()
    }
}

fn is_code_prefix(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit()) && text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// How well the typed words match a name's words, or `None` when one of them matches nothing.
fn score(words: &[String], name: &[String]) -> Option<f64> {
    let mut total = 0.0;
    let mut matched = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let last = i + 1 == words.len();
        let (best, at) = name
            .iter()
            .enumerate()
            .filter_map(|(at, name_word)| Some((word_score(word, name_word, last)?, at)))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))?;
        total += best;
        matched.push(at);
    }
    let mut score = total / words.len() as f64;
    // The words as a phrase, in the order typed.
    if matched.windows(2).all(|w| w[1] == w[0] + 1) {
        score += 0.1;
    }
    Some(score)
}

/// A whole word, a prefix (while typing), or one typo in a word of four letters or more.
fn word_score(typed: &str, word: &str, last: bool) -> Option<f64> {
    if word == typed {
        return Some(1.0);
    }
    if word.starts_with(typed) {
        return Some(if last { 0.8 } else { 0.7 });
    }
    if allowed_typos(typed.len()).min(1) == 0 {
        return None;
    }
    if strsim::osa_distance(word, typed) <= 1 {
        return Some(0.6);
    }
    // The start of a longer word, with one typo, while typing it.
    let len = typed.len();
    if last && word.len() > len && word.is_char_boundary(len) && strsim::osa_distance(&word[..len], typed) <= 1 {
        return Some(0.5);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.folded().to_owned()).collect()
    }

    #[test]
    fn whole_words_prefixes_and_one_typo() {
        let name = words("Thủ tục đăng ký khai sinh");
        let exact = score(&words("đăng ký khai sinh"), &name).unwrap();
        let plain = score(&words("DANG KY KHAI SINH"), &name).unwrap();
        let typo = score(&words("dang ky khia sinh"), &name).unwrap();
        let typing = score(&words("dang ky khai si"), &name).unwrap();
        assert_eq!(exact, plain);
        assert!(exact > typing && typing > typo, "{exact} {typing} {typo}");
        assert!(score(&words("khai tu luu"), &name).is_none(), "every word must match");
        // Short words are never typos of each other.
        assert!(score(&words("ky"), &words("Đăng kí")).is_none());
        assert!(score(&words("sinh khai"), &name).unwrap() < exact, "the order typed counts");
    }

    #[test]
    fn codes_are_searched_by_prefix() {
        assert!(is_code_prefix("1.0011"));
        assert!(is_code_prefix("1001193"));
        assert!(!is_code_prefix("..."));
        assert!(!is_code_prefix("khai sinh 2"));
    }
}
