//! The dataset's records and look-ups over them by code and by parent.

mod dataset;
mod index;
mod unit_type;

pub use dataset::*;
pub use index::Index;
pub use unit_type::{UnitType, UnitTypes};
