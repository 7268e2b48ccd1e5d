//! The staff side's rules, without I/O: who may do what in which province ([`roles`]), the life of a
//! change request and the audit entry each step leaves ([`change`]), and what a change to a service
//! centre changes, field by field ([`diff`]). The API keeps accounts, changes and the audit log in its
//! store and asks these functions before every write, so the browser's staff pages can ask the same.

pub mod change;
pub mod diff;
pub mod edit;
pub mod mapping;
pub mod procedure_facts;
pub mod province;
pub mod record;
pub mod reports;
pub mod roles;
pub mod wire;
