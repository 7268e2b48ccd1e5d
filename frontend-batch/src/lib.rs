//! `/chuyen-doi-hang-loat`, many addresses at once: a module of its own (its CSV and Excel readers and
//! writer are large) that the citizen app loads only when the page is opened (`frontend/src/lazy.rs`),
//! mounted into the box the app's route gives it, the way `frontend-pages/` mounts its pages.
//!
//! [`table`] reads the picked file, [`convert`] converts its address column on the phone (the service
//! worker's offline engine) or through the batch API, [`write`] makes the answer's files; [`page`] is the
//! page itself.

pub mod convert;
pub mod page;
pub mod table;
pub mod texts;
pub mod write;

use frontend::i18n::{Lang, Language};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// The mounted page: dropping it (`free()` from the app) takes the page out of its box.
#[wasm_bindgen]
pub struct Mounted {
    _handle: Box<dyn std::any::Any>,
    lang: ArcRwSignal<Lang>,
}

#[wasm_bindgen]
impl Mounted {
    /// Shows the page in `lang` ("vi" or "en") from now on, keeping what it holds.
    pub fn set_lang(&self, lang: &str) {
        self.lang.set(Lang::from_code(lang).unwrap_or_default());
    }
}

/// Mounts the page (its name `batch`; it has no argument) into `container`, in `lang`; `None` for
/// another name.
#[wasm_bindgen]
pub fn mount(container: web_sys::HtmlElement, name: &str, _argument: String, lang: &str) -> Option<Mounted> {
    if name != "batch" {
        return None;
    }
    let lang = ArcRwSignal::new(Lang::from_code(lang).unwrap_or_default());
    let page_lang = lang.clone();
    let handle = leptos::mount::mount_to(container, move || {
        provide_context(Language(RwSignal::from(page_lang)));
        view! { <page::BatchPage/> }
    });
    Some(Mounted { _handle: Box::new(handle), lang })
}
