//! The lookup engine: free-text old addresses → new communes, and search as you type. It keeps only
//! name keys and positions into an [`Index`]'s lists, so the API and the browser run the same code.
//!
//! Conversion is split by job: [`normalize`] turns text into tokens, `read` finds every run of words
//! that names a unit, `score` weighs whole readings, `answer` builds the candidates and reasons.

mod answer;
mod convert;
pub mod normalize;
mod procedures;
mod read;
mod score;
mod search;
mod units;

pub use convert::{MAX_INPUT_CHARS, surely_too_long, too_long};
pub use procedures::ProcedureQuery;
pub use search::{MAX_LIMIT as MAX_SEARCH_LIMIT, typing_prefixes};

use crate::model::Index;

/// Look-up structures over one dataset. Build once with [`Engine::new`]; then every call is read-only.
#[derive(Debug, Clone)]
pub struct Engine {
    units: units::Units,
    search: search::SearchIndex,
    procedures: procedures::ProcedureIndex,
}

impl Engine {
    pub fn new(index: &Index) -> Self {
        Self {
            units: units::Units::new(index),
            search: search::SearchIndex::new(index),
            procedures: procedures::ProcedureIndex::new(index),
        }
    }
}

#[cfg(all(test, feature = "canonical"))]
mod tests;

#[cfg(all(test, feature = "canonical", not(target_arch = "wasm32")))]
mod properties;
