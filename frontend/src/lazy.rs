//! The modules the app loads only when a page needs one, never on the first load: the commune maps,
//! the split-commune chooser and "use my location" (`frontend-maps/`), and the rarely visited pages
//! (`frontend-pages/`: reporting an error, a ticket, a poster), and the page for many addresses at once
//! (`frontend-batch/`). The page's boot script
//! (`index.html`) imports a module once, by name, through `window.xaMoiModule`; its exports are called
//! here by name with their options as JSON text, so that none of their code is in this app.

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `module`'s export `name` called with `args`, awaited; `Err` when the module cannot be loaded (offline,
/// an old browser) or the export fails.
async fn call(module: &str, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let load: Function = Reflect::get(&window, &"xaMoiModule".into())?.dyn_into()?;
    let loaded = JsFuture::from(Promise::from(load.call1(&JsValue::NULL, &module.into())?)).await?;
    let export: Function = Reflect::get(&loaded, &name.into())?.dyn_into()?;
    let answer = export.apply(&JsValue::NULL, &args.iter().collect::<Array>())?;
    JsFuture::from(Promise::resolve(&answer)).await
}

/// Draws a commune's map into `container` ([`options`] of `show_commune`); `false` when the maps
/// module could not be loaded (the module itself says in the container what else went wrong).
pub async fn show_commune(container: web_sys::Element, options: String) -> bool {
    call("maps", "show_commune", &[container.into(), options.into()]).await.is_ok()
}

/// Draws the split-commune chooser into `container`; `false` as for [`show_commune`].
pub async fn show_choice(container: web_sys::Element, options: String) -> bool {
    call("maps", "show_choice", &[container.into(), options.into()]).await.is_ok()
}

/// "Use my location" into `container`: the phone's position, `GET /api/v1/locate`, then the commune's
/// page opened (through the app's router) or what was found said there; `false` as for [`show_commune`].
pub async fn show_located(container: web_sys::Element, lang: &str) -> bool {
    call("maps", "show_located", &[container.into(), lang.into()]).await.is_ok()
}

/// A page of the pages module mounted in a box; [`unmount`] takes it out.
pub struct Mounted(JsValue);

/// Mounts page `name` of `module` (`pages`, `batch`) with its `argument` into `container`, in `lang`;
/// `None` when the module could not be loaded.
pub async fn mount_page(
    container: web_sys::Element,
    module: &str,
    name: &str,
    argument: &str,
    lang: &str,
) -> Option<Mounted> {
    let mounted = call(module, "mount", &[container.into(), name.into(), argument.into(), lang.into()]).await;
    mounted.ok().filter(|m| !m.is_undefined()).map(Mounted)
}

/// Tells a mounted page the reader's language (its own `set_lang`).
pub fn set_lang(mounted: &Mounted, lang: &str) {
    if let Ok(set) = Reflect::get(&mounted.0, &"set_lang".into()).and_then(|f| f.dyn_into::<Function>()) {
        let _ = set.call1(&mounted.0, &lang.into());
    }
}

/// Takes a mounted page out of its box (wasm-bindgen's `free` of the module's `Mounted`).
pub fn unmount(mounted: Mounted) {
    if let Ok(free) = Reflect::get(&mounted.0, &"free".into()).and_then(|f| f.dyn_into::<Function>()) {
        let _ = free.call0(&mounted.0);
    }
}
