//! A route whose page is in the module of rarely visited pages (`frontend-pages/`, see [`crate::lazy`]):
//! a box the module mounts the page into once it is loaded, mounted again when the route's argument
//! changes; told the reader's language when it changes (what the page holds stays).

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::loading::Loading;
use crate::i18n::{Language, tr};
use crate::lazy::{self, Mounted};

/// Whether the page is on its way, shown, or could not be loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Loading,
    Shown,
    Failed,
}

#[component]
pub fn LazyPage(
    /// The module the page is in: `pages` (`frontend-pages/`) unless named (`batch`: `frontend-batch/`).
    #[prop(default = "pages")]
    module: &'static str,
    /// The page's name in the module (`report`, `ticket`, `poster`, `batch`).
    name: &'static str,
    /// What it shows, from the route (the report's page, the ticket, the commune's code).
    #[prop(into)]
    argument: Signal<String>,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    let lang = expect_context::<Language>().0;
    let state = RwSignal::new(State::Loading);
    let mounted = StoredValue::new_local(None::<Mounted>);
    let retry = RwSignal::new(0u32);
    // Which mount is the latest (`u32::MAX` once the page is left): a route that changes, or a page left,
    // while the module loads must not get the earlier mount's page as well.
    let latest = Arc::new(AtomicU32::new(0));
    let left = latest.clone();
    Effect::new(move || {
        let (Some(container), argument) = (node.get(), argument.get()) else { return };
        let code = lang.get_untracked().code();
        retry.track();
        let this = latest.fetch_add(1, Ordering::Relaxed) + 1;
        state.set(State::Loading);
        let latest = latest.clone();
        spawn_local(async move {
            if let Some(old) = mounted.try_update_value(Option::take).flatten() {
                lazy::unmount(old);
            }
            let page = lazy::mount_page(container.into(), module, name, &argument, code).await;
            if latest.load(Ordering::Relaxed) != this {
                page.into_iter().for_each(lazy::unmount);
                return;
            }
            // The reader may have switched while the module loaded.
            if let (Some(page), Some(now)) = (&page, lang.try_get_untracked()) {
                lazy::set_lang(page, now.code());
            }
            state.try_set(if page.is_some() { State::Shown } else { State::Failed });
            mounted.try_set_value(page);
        });
    });
    Effect::new(move || {
        let code = lang.get().code();
        mounted.with_value(|page| page.iter().for_each(|page| lazy::set_lang(page, code)));
    });
    on_cleanup(move || {
        left.store(u32::MAX, Ordering::Relaxed);
        if let Some(old) = mounted.try_update_value(Option::take).flatten() {
            lazy::unmount(old);
        }
    });
    view! {
        {move || (state.get() == State::Loading).then(Loading)}
        {move || (state.get() == State::Failed).then(|| view! {
            <div class="card" role="alert" data-testid="fetch-error">
                <p class="error">{tr(|t| t.page_unavailable)}</p>
                <button class="button" type="button" on:click=move |_| retry.update(|n| *n += 1)>{tr(|t| t.retry)}</button>
            </div>
        })}
        <div node_ref=node></div>
    }
}
