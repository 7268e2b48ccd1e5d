//! The few browser services the pages use (title, clipboard, share sheet, the tab's storage, focus,
//! printing), each failing softly.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Sets the tab's title, which screen readers announce and shares carry.
pub fn set_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}

/// Copies `text`; false when the browser refuses (no permission, or no clipboard outside HTTPS).
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    JsFuture::from(window.navigator().clipboard().write_text(text)).await.is_ok()
}

/// What happened when the reader asked to share the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareOutcome {
    /// The phone's share sheet opened (Web Share API).
    Sheet,
    /// No share sheet here: the link was copied instead.
    Copied,
    /// Neither works: the link, to copy by hand.
    ShowLink(String),
}

/// Opens the share sheet with this page's title and address where the browser has one, else copies the link.
pub async fn share_page() -> ShareOutcome {
    let Some(window) = web_sys::window() else {
        return ShareOutcome::ShowLink(String::new());
    };
    let url = window.location().href().unwrap_or_default();
    let title = window.document().map(|d| d.title()).unwrap_or_default();
    let navigator = window.navigator();
    // Looked up by name: desktop Chromium on Linux, among others, has no `navigator.share`.
    let share = js_sys::Reflect::get(&navigator, &JsValue::from_str("share"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(share) = share {
        let data = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&data, &JsValue::from_str("title"), &JsValue::from_str(&title));
        let _ = js_sys::Reflect::set(&data, &JsValue::from_str("url"), &JsValue::from_str(&url));
        if let Ok(promise) = share.call1(&navigator, &data) {
            // Rejected when the reader closes the sheet without sharing, which needs no message.
            let _ = JsFuture::from(js_sys::Promise::from(promise)).await;
            return ShareOutcome::Sheet;
        }
    }
    if copy_text(&url).await { ShareOutcome::Copied } else { ShareOutcome::ShowLink(url) }
}

/// The tab's `sessionStorage`: kept across reloads of the tab, gone when it closes.
fn session() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

/// The browser's `localStorage`: kept on this device until the reader clears it.
fn local() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn read(storage: Option<web_sys::Storage>, key: &str) -> Option<String> {
    storage.and_then(|s| s.get_item(key).ok().flatten())
}

/// Keeps `value` under `key`, or forgets the key when `value` is empty.
fn write(storage: Option<web_sys::Storage>, key: &str, value: &str) {
    if let Some(storage) = storage {
        let _ = if value.is_empty() { storage.remove_item(key) } else { storage.set_item(key, value) };
    }
}

pub fn session_get(key: &str) -> Option<String> {
    read(session(), key)
}

pub fn session_set(key: &str, value: &str) {
    write(session(), key, value)
}

pub fn local_get(key: &str) -> Option<String> {
    read(local(), key)
}

pub fn local_set(key: &str, value: &str) {
    write(local(), key, value)
}

/// Moves the focus to the element with this id (a field to correct).
pub fn focus(id: &str) {
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// The page's origin (`https://host[:port]`), for links to it made elsewhere (a printed QR code).
pub fn origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// The page's path, from the browser rather than the router: also for the pages the module of rarely
/// visited pages mounts, which have no router of their own.
pub fn path() -> String {
    web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default()
}

/// Opens the browser's print dialog.
pub fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}
