use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::StaffHeader;
use crate::i18n::provide_language;
use crate::pages::{
    accounts::AccountsPage, bulk::BulkPage, centre::CentrePage, change::ChangePage, changes::ChangesPage,
    home::HomePage, more::MorePage, not_found::NotFoundPage, portal::PortalPage, province::ProvincePage,
    releases::ReleasesPage, reports::ReportsPage, sign_in::SignInPage,
};
use crate::session::provide_session;

/// Every staff page, under `/quan-tri` (`docs/staff.md` lists them); any other path under it is not found.
#[component]
pub fn App() -> impl IntoView {
    provide_language();
    provide_session();
    view! {
        <Router>
            <StaffHeader/>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/quan-tri") view=HomePage/>
                    <Route path=path!("/quan-tri/dang-nhap") view=SignInPage/>
                    <Route path=path!("/quan-tri/tinh/:code") view=ProvincePage/>
                    <Route path=path!("/quan-tri/xa/:code") view=CentrePage/>
                    <Route path=path!("/quan-tri/tai-len") view=BulkPage/>
                    <Route path=path!("/quan-tri/don-vi") view=MorePage/>
                    <Route path=path!("/quan-tri/tinh/:code/cong") view=PortalPage/>
                    <Route path=path!("/quan-tri/thay-doi") view=ChangesPage/>
                    <Route path=path!("/quan-tri/thay-doi/:id") view=ChangePage/>
                    <Route path=path!("/quan-tri/bao-cao") view=ReportsPage/>
                    <Route path=path!("/quan-tri/phat-hanh") view=ReleasesPage/>
                    <Route path=path!("/quan-tri/tai-khoan") view=AccountsPage/>
                </Routes>
            </main>
        </Router>
    }
}
