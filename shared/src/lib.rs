//! Types and domain logic used by both the API (native) and the browser app (wasm32).
//!
//! No I/O and no threads here, so that the same code answers in both hosts.

pub mod api;
#[cfg(feature = "canonical")]
pub mod canonical;
pub mod centre;
pub mod check;
pub mod dataset;
pub mod engine;
pub mod index;
pub mod procedures;
pub mod snapshot;
pub mod text;
