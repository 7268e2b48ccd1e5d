//! Xã Mới's staff pages at `/quan-tri`: a bundle of its own, so that citizens never download it. The
//! language choice and the look are the citizen app's (`frontend`); the rules a form checks as staff
//! type are the server's own (`shared`). `main.rs` only mounts [`App`]; pages are in `pages/`, pieces
//! in `components/`, calls in `api.rs`, the session in `session.rs`.

pub mod api;
mod app;
mod components;
pub mod drafts;
pub mod i18n;
mod pages;
pub mod session;

pub use app::App;
