//! The staff area: accounts, change requests, review, publishing. Only the store so far.

pub mod store;
