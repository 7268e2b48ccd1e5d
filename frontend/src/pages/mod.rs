pub mod commune;
pub mod home;
pub mod not_found;
pub mod old_commune;
pub mod picker;
pub mod procedure;
pub mod province;
