//! The dataset's records and look-ups over them by code and by parent.

mod dataset;
mod index;

pub use dataset::*;
pub use index::Index;
