use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::{SiteFooter, SiteHeader};
use crate::i18n::provide_language;
use crate::pages::{
    commune::CommunePage,
    home::HomePage,
    not_found::NotFoundPage,
    old_commune::OldCommunePage,
    picker::PickerPage,
    poster::PosterPage,
    procedure::ProcedurePage,
    province::ProvincePage,
    report::{ReportPage, ReportStatusPage},
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
                    <Route path=path!("/thu-tuc/:code") view=ProcedurePage/>
                    <Route path=path!("/xa/:code/in") view=PosterPage/>
                    <Route path=path!("/bao-cao") view=ReportPage/>
                    <Route path=path!("/bao-cao/:ticket") view=ReportStatusPage/>
                </Routes>
            </main>
            <SiteFooter/>
        </Router>
    }
}
