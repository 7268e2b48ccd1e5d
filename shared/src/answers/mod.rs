//! What the API answers: the JSON bodies ([`wire`], defined once for the server and the browser) and the
//! functions that build them from the dataset.

pub mod procedures;
mod texts;
mod wire;

pub use texts::Lang;
pub use wire::*;
