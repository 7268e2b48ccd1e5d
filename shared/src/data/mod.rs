//! The dataset as it is stored and checked: the canonical CSV files of `data/`, the binary snapshot the
//! API embeds and browsers download, the dataset's invariants, the rules for rows staff write, and the
//! rules of a later change of a unit; with the `canonical` feature, the reader of a staff file of service
//! centres (`centre_file`); with the `boundaries` feature, the province polygons and the rules
//! of a staff row that need them or a date.

#[cfg(feature = "boundaries")]
pub mod boundaries;
#[cfg(feature = "canonical")]
pub mod canonical;
pub mod centre;
#[cfg(feature = "canonical")]
pub mod centre_file;
pub mod check;
#[cfg(feature = "boundaries")]
pub mod commune_boundaries;
pub mod details_check;
pub mod later;
pub mod offline;
pub mod snapshot;
