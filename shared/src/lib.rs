//! Types and domain logic used by both the API (native) and the browser app (wasm32).
//!
//! No I/O and no threads here, so that the same code answers in both hosts.
//!
//! - [`model`]: the dataset's records, their typed codes, and look-ups by code ([`model::Index`]).
//! - [`data`]: the dataset as stored: canonical CSV text, the binary snapshot, and every invariant
//!   (the checks and the rules for rows staff write).
//! - [`engine`]: reading what people type: normalisation, address conversion, search as you type.
//! - [`answers`]: [`answers::Lookup`], which owns one dataset's index and engine and builds every answer of
//!   the API from them, and the answers' wire types.

pub mod answers;
pub mod data;
pub mod engine;
pub mod model;
