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
//! - [`staff`]: the rules of the staff side: accounts and their provinces, a change request's life (two people),
//!   field-level diffs of staff-kept records.
//! - [`site`]: the browser app's pages and the headers its HTML is served with, for the server, the build
//!   and the CDN.

pub mod answers;
pub mod data;
pub mod engine;
pub mod model;
pub mod site;
pub mod staff;

/// Property tests' settings: `PROPTEST_CASES` cases when it is set (for a long run), else the given
/// number, kept small so that the suite stays fast in CI.
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(cases);
    proptest::test_runner::Config { cases, ..proptest::test_runner::Config::default() }
}
