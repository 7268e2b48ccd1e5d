//! What the API answers: the JSON bodies ([`wire`], defined once for the server and the browser) and
//! [`Lookup`], which owns one dataset's index and lookup engine and builds every answer from them, so that
//! the API and (later, offline) the browser give the same answer to the same question.
//!
//! [`Lookup`]'s methods are grouped by answer beside it: `communes` (a new commune, an old commune),
//! `provinces`, `picker` (old units step by step), `procedures`; conversion, search and the dataset's
//! description are in `lookup` itself.

pub mod batch;
mod communes;
// pub(crate) for the tests of other modules, which read the real dataset through `lookup::tests`.
pub(crate) mod lookup;
mod picker;
pub mod procedures;
mod provinces;
mod texts;
mod wire;
pub mod words;

pub use lookup::Lookup;
pub use texts::Lang;
pub use wire::*;
