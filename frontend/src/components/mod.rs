pub mod fetch_error;
pub mod filter_list;
pub mod layout;
pub mod loading;
pub mod page_heading;
pub mod procedures;
pub mod service_centre;
pub mod share;
