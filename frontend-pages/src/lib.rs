//! The citizen app's rarely visited pages, compiled into a module of their own that the app loads only
//! when one of them is opened (`frontend/src/lazy.rs`): the report form (`/bao-cao`), a report's ticket
//! (`/bao-cao/{ticket}`), a commune's poster (`/xa/{code}/in`), a procedure with its details
//! (`/thu-tuc/{code}`), the catalogue of procedures the home
//! page opens and the picker's last step (`/chon?xa=`). The pages are the app's own
//! components (`frontend/src/pages/`); here they are mounted, with their own reactive runtime, into the
//! box the app's route gives them. Their links are plain `<a>`s, which the app's router follows.

use frontend::i18n::{Lang, Language};
use frontend::pages::home::ProceduresCatalogue;
use frontend::pages::picker::PickedCommune;
use frontend::pages::poster::PosterPage;
use frontend::pages::procedure::ProcedurePage;
use frontend::pages::report::{ReportPage, ReportStatusPage};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// What [`mount`] may show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Report,
    Ticket,
    Poster,
    /// A procedure, with the commune it was opened from.
    Procedure,
    /// The catalogue of procedures that the home page opens.
    Procedures,
    /// The picker's last step: an old commune's new address.
    Picked,
}

impl Page {
    /// The page's name as the app's routes give it (`frontend/src/app.rs`).
    pub fn named(name: &str) -> Option<Self> {
        match name {
            "report" => Some(Page::Report),
            "ticket" => Some(Page::Ticket),
            "poster" => Some(Page::Poster),
            "procedure" => Some(Page::Procedure),
            "procedures" => Some(Page::Procedures),
            "picked" => Some(Page::Picked),
            _ => None,
        }
    }
}

/// A mounted page: dropping it (`free()` from the app) takes the page out of its box.
#[wasm_bindgen]
pub struct Mounted {
    _handle: Box<dyn std::any::Any>,
    lang: ArcRwSignal<Lang>,
}

#[wasm_bindgen]
impl Mounted {
    /// Shows the page in `lang` ("vi" or "en") from now on, keeping what it holds (a form's error).
    pub fn set_lang(&self, lang: &str) {
        self.lang.set(lang_of(lang));
    }
}

fn lang_of(code: &str) -> Lang {
    if code == Lang::En.code() { Lang::En } else { Lang::Vi }
}

/// Mounts page `name` with its `argument` (the report's page, the ticket, the commune's code, as the
/// path wrote them) into `container`, in `lang` ("vi" or "en"); `None` for a name it does not know.
#[wasm_bindgen]
pub fn mount(container: web_sys::HtmlElement, name: &str, argument: String, lang: &str) -> Option<Mounted> {
    let page = Page::named(name)?;
    let lang = ArcRwSignal::new(lang_of(lang));
    let page_lang = lang.clone();
    let handle = leptos::mount::mount_to(container, move || {
        provide_context(Language(RwSignal::from(page_lang)));
        match page {
            Page::Report => view! { <ReportPage about=argument/> }.into_any(),
            Page::Ticket => view! { <ReportStatusPage ticket=argument/> }.into_any(),
            Page::Poster => view! { <PosterPage code=argument/> }.into_any(),
            Page::Procedure => view! { <ProcedurePage argument/> }.into_any(),
            Page::Procedures => view! { <ProceduresCatalogue/> }.into_any(),
            Page::Picked => view! { <PickedCommune code=argument/> }.into_any(),
        }
    });
    Some(Mounted { _handle: Box::new(handle), lang })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_apps_names_are_its_pages() {
        assert_eq!(Page::named("report"), Some(Page::Report));
        assert_eq!(Page::named("ticket"), Some(Page::Ticket));
        assert_eq!(Page::named("poster"), Some(Page::Poster));
        assert_eq!(Page::named("procedures"), Some(Page::Procedures));
        assert_eq!(Page::named("picked"), Some(Page::Picked));
        assert_eq!(Page::named("home"), None);
    }
}
