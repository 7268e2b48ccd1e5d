//! The dataset's records, their typed codes, and look-ups over them by code and by parent.

mod codes;
mod dataset;
mod index;
mod procedure_details;
mod unit_type;

pub use codes::{CodeError, CodeKind, NewCommuneCode, OldCommuneCode, OldDistrictCode, OldProvinceCode, ProvinceCode};
pub use dataset::*;
pub use index::Index;
pub use procedure_details::{DetailField, LegalDocument, OutdatedText, PortalPage, ProcedureDetail, ProcedureDocument};
pub use unit_type::{UnitType, UnitTypes};
