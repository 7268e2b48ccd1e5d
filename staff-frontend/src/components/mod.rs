pub mod answer;
pub mod change_form;
pub mod diff;
pub mod field;
pub mod layout;
pub mod location_map;
pub mod moment;
pub mod problems;
