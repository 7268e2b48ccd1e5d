use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::{SiteFooter, SiteHeader};
use crate::pages::{home::HomePage, not_found::NotFoundPage};

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <SiteHeader/>
            <main id="main">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                </Routes>
            </main>
            <SiteFooter/>
        </Router>
    }
}
