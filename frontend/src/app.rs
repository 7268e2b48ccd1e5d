use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::path;

use crate::components::layout::{SiteFooter, SiteHeader};
use crate::components::lazy_page::LazyPage;
use crate::i18n::provide_language;
use crate::pages::{
    commune::CommunePage, home::HomePage, not_found::NotFoundPage, old_commune::OldCommunePage, picker::PickerPage,
    procedure, province::ProvincePage,
};

#[component]
pub fn App() -> impl IntoView {
    provide_language();
    view! {
        <Router>
            <SiteHeader/>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/cu/:code") view=OldCommunePage/>
                    <Route path=path!("/xa/:code") view=CommunePage/>
                    <Route path=path!("/tinh/:code") view=ProvincePage/>
                    <Route path=path!("/chon") view=PickerPage/>
                    // In a module of their own, loaded when opened: rarely visited, or long (a procedure's details).
                    <Route path=path!("/thu-tuc/:code") view=|| view! { <LazyPage name="procedure" argument=procedure_part()/> }/>
                    <Route path=path!("/xa/:code/in") view=|| view! { <LazyPage name="poster" argument=path_part("code")/> }/>
                    <Route path=path!("/bao-cao") view=|| view! { <LazyPage name="report" argument=query_part("trang")/> }/>
                    <Route path=path!("/bao-cao/:ticket") view=|| view! { <LazyPage name="ticket" argument=path_part("ticket")/> }/>
                    <Route path=path!("/chuyen-doi-hang-loat") view=|| view! { <LazyPage module="batch" name="batch" argument=String::new()/> }/>
                </Routes>
            </main>
            <SiteFooter/>
        </Router>
    }
}

/// The route's parameter `name`, as the path wrote it.
fn path_part(name: &'static str) -> Signal<String> {
    let params = use_params_map();
    Signal::derive(move || params.read().get(name).unwrap_or_default())
}

/// A procedure's code and the commune it was opened from (`?xa=`), as its page reads them.
fn procedure_part() -> Signal<String> {
    let (params, query) = (use_params_map(), use_query_map());
    Signal::derive(move || {
        procedure::argument(&params.read().get("code").unwrap_or_default(), query.read().get("xa").as_deref())
    })
}

/// The query's parameter `name`.
fn query_part(name: &'static str) -> Signal<String> {
    let query = use_query_map();
    Signal::derive(move || query.read().get(name).unwrap_or_default())
}
