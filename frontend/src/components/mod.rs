pub mod fetch_error;
pub mod layout;
