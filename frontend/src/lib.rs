//! Xã Mới's browser app. `main.rs` only mounts [`App`]; pages are in `pages/`, reusable pieces in
//! `components/`, calls to the API in `api.rs`.

pub mod api;
mod app;
/// Public, with `components`, for the modules of pages (`frontend-pages/`, `frontend-batch/`).
pub mod browser;
pub mod components;
pub mod format;
pub mod i18n;
mod lazy;
/// Public for the module of rarely visited pages (`frontend-pages/`), which mounts some of them.
pub mod pages;

pub use app::App;
