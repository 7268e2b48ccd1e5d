pub mod fetch_error;
pub mod filter_list;
pub mod layout;
