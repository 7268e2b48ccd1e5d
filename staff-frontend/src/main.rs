fn main() {
    // index.html's "loading" placeholder gives way to the pages.
    if let Some(boot) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("boot")) {
        boot.remove();
    }
    leptos::mount::mount_to_body(staff_frontend::App);
}
