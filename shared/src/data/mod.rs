//! The dataset as it is stored and checked: the canonical CSV files of `data/`, the binary snapshot the
//! API embeds and browsers download, the dataset's invariants, and the rules for rows staff write.

#[cfg(feature = "canonical")]
pub mod canonical;
pub mod centre;
pub mod check;
pub mod snapshot;
