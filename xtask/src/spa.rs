//! The browser apps' release build (the citizens' and the staff's, and the modules the citizens' app loads
//! only when a page needs them): cargo (wasm32) → wasm-bindgen → wasm-opt → `frontend/dist/` with
//! content-hashed asset names and precompressed `.br`/`.gz` siblings.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const PROFILE: &str = "wasm-release";
/// binaryen's version in `xtask/npm/package-lock.json`; the one ARCHITECTURE.md measured.
const BINARYEN_VERSION: &str = "132";

/// One browser app: its crate, the name of its files, its HTML template and where its page goes in `dist/`.
struct Bundle {
    package: &'static str,
    /// The `.wasm` cargo writes (its binary's name).
    wasm: &'static str,
    /// `<out>.js`, `<out>_bg.wasm`: the placeholders of its template, and the stem of its hashed files.
    out: &'static str,
    template: &'static str,
    /// Where its HTML goes, under `dist/`.
    page: &'static str,
    /// Files copied as they are (with a hashed name): (placeholder, path from the workspace's root).
    copied: &'static [(&'static str, &'static str)],
}

/// The citizens' app: what a first visit downloads, under the budget.
const CITIZEN: Bundle = Bundle {
    package: "frontend",
    wasm: "frontend",
    out: "frontend",
    template: "frontend/index.html",
    page: "index.html",
    copied: &[("style.css", "frontend/style.css"), ("favicon.svg", "frontend/favicon.svg")],
};

/// The staff pages at `/quan-tri`: their own files, which no citizen's page references.
const STAFF: Bundle = Bundle {
    package: "staff-frontend",
    wasm: "staff-frontend",
    out: "staff",
    template: "staff-frontend/index.html",
    page: "quan-tri/index.html",
    copied: &[
        ("style.css", "frontend/style.css"),
        ("staff.css", "staff-frontend/staff.css"),
        // The location picker is the maps module's drawing, linked into the staff app.
        ("maps.css", "frontend-maps/maps.css"),
        ("favicon.svg", "frontend/favicon.svg"),
    ],
};

/// A module the citizens' app imports when a page needs it (`frontend/src/lazy.rs`), never on the first
/// load: its page's template names its files (`{{<out>.js}}`, `{{<out>_bg.wasm}}`) for the loader, and
/// they are not counted in the first load.
struct Module {
    package: &'static str,
    wasm: &'static str,
    out: &'static str,
    /// Its style sheet (`{{<out>.css}}`), from the workspace's root, if it has one.
    css: Option<&'static str>,
}

/// The commune maps, the split-commune chooser and "use my location" (issue 15).
const MAPS: Module =
    Module { package: "frontend-maps", wasm: "frontend_maps", out: "maps", css: Some("frontend-maps/maps.css") };
/// The rarely visited pages: reporting an error, a report's ticket, a commune's poster.
const PAGES: Module =
    Module { package: "frontend-pages", wasm: "frontend_pages", out: "pages", css: Some("frontend-pages/pages.css") };
/// Many addresses at once (`/chuyen-doi-hang-loat`): its CSV and Excel readers and writer stay out of the
/// other pages.
const BATCH: Module =
    Module { package: "frontend-batch", wasm: "frontend_batch", out: "batch", css: Some("frontend-batch/batch.css") };
/// The offline engine, which the service worker imports (`frontend/sw.js` names its files, not the page).
const OFFLINE: Module = Module { package: "frontend-offline", wasm: "frontend_offline", out: "offline", css: None };

/// The service worker's template; it goes to `dist/sw.js`, unhashed (its URL must stay the same).
const SERVICE_WORKER: &str = "frontend/sw.js";
/// The web app manifest (`{{manifest.webmanifest}}` of the page), naming the icons below.
const MANIFEST: &str = "frontend/manifest.webmanifest";
/// The icons for "Add to home screen" (frontend/icons/README.md says how they were made).
const ICONS: &[(&str, &str)] = &[
    ("icon-192.png", "frontend/icons/icon-192.png"),
    ("icon-512.png", "frontend/icons/icon-512.png"),
    ("icon-maskable-512.png", "frontend/icons/icon-maskable-512.png"),
];

/// The gzipped bytes of a first load of each app (every file its page loads: HTML, JS, WASM, CSS, icon),
/// and of each lazily loaded module (its JS and WASM), with their brotli sizes.
#[derive(Debug, Clone)]
pub struct FirstLoads {
    pub citizen: usize,
    pub staff: usize,
    /// (module, gzip, brotli).
    pub modules: Vec<(&'static str, usize, usize)>,
    /// What a visit fetches after the app has started, in the background: the service worker with the
    /// offline engine's JS it imports, and the manifest (gzip).
    pub background: usize,
}

/// Builds both apps into `frontend/dist/`: the citizens' page at `index.html`, the staff's at
/// `quan-tri/index.html`, every asset in `assets/`. Writes the CSP hashes of their inline boot scripts,
/// comma-separated, to `inline-script-hash.txt` (a parameter of deploy/template.yaml).
pub fn build(root: &Path, target: &Path) -> Result<FirstLoads> {
    ensure_wasm_target()?;
    crate::cargo(&[
        "build",
        "-p",
        CITIZEN.package,
        "-p",
        STAFF.package,
        "-p",
        MAPS.package,
        "-p",
        PAGES.package,
        "-p",
        BATCH.package,
        "-p",
        OFFLINE.package,
        "--target",
        WASM_TARGET,
        "--profile",
        PROFILE,
    ])?;
    check_bindgen_version(root)?;
    let dist = root.join("frontend/dist");
    if dist.exists() {
        fs::remove_dir_all(&dist).with_context(|| format!("remove {}", dist.display()))?;
    }
    fs::create_dir_all(dist.join("assets"))?;
    let mut modules = Vec::new();
    // (placeholder, URL) of the files the citizens' page names without loading them.
    let mut named = Vec::new();
    for module in [MAPS, PAGES, BATCH] {
        let built = build_module(&module, root, target, &dist)?;
        modules.push((module.package, built.gzipped, built.brotli));
        named.extend(built.files);
    }
    let offline = build_module(&OFFLINE, root, target, &dist)?;
    modules.push((OFFLINE.package, offline.gzipped, offline.brotli));
    let mut icons = Vec::new();
    for (name, path) in ICONS {
        let bytes = fs::read(root.join(path)).with_context(|| format!("read {path}"))?;
        icons.push(((*name).to_owned(), write_asset(&dist, name, &bytes)?.0));
    }
    let manifest = fill(MANIFEST, &fs::read_to_string(root.join(MANIFEST))?, &icons)?;
    let (manifest_url, manifest_gzipped) = write_asset(&dist, "manifest.webmanifest", manifest.as_bytes())?;
    named.push(("manifest.webmanifest".to_owned(), manifest_url.clone()));

    let citizen = build_bundle(&CITIZEN, &named, root, target, &dist)?;
    let staff = build_bundle(&STAFF, &[], root, target, &dist)?;
    let release: Vec<String> = citizen
        .assets
        .iter()
        .cloned()
        .chain([&named, &offline.files, &icons].into_iter().flatten().map(|(_, url)| url.clone()))
        .collect();
    let worker = service_worker(root, &citizen.assets, &release, &offline.files)?;
    fs::write(dist.join("sw.js"), &worker)?;
    let engine_js = offline.files.iter().find(|(name, _)| name.ends_with(".js")).map(|(name, _)| name);
    let engine_js = fs::read(target.join("xtask/bindgen").join(OFFLINE.out).join(engine_js.context("offline.js")?))?;
    let background = gzip(worker.as_bytes())?.len() + gzip(&engine_js)?.len() + manifest_gzipped;
    // The CDN's Content-Security-Policy allows the inline boot scripts by their hashes (the local server
    // computes each page's itself); not uploaded, not served.
    fs::write(dist.join("inline-script-hash.txt"), format!("{},{}", citizen.script_hash, staff.script_hash))?;
    Ok(FirstLoads { citizen: citizen.first_load, staff: staff.first_load, modules, background })
}

/// `template` with each `{{name}}` of `files` replaced by its URL; every file must be named, and nothing
/// else may look like a placeholder.
fn fill(what: &str, template: &str, files: &[(String, String)]) -> Result<String> {
    let mut text = template.to_owned();
    for (name, url) in files {
        let placeholder = format!("{{{{{name}}}}}");
        if !text.contains(&placeholder) {
            bail!("{what} does not name {placeholder}");
        }
        text = text.replace(&placeholder, url);
    }
    if let Some(start) = text.find("{{") {
        bail!("{what} has an unknown placeholder at byte {start}");
    }
    Ok(text)
}

/// `bytes` as `dist/assets/<name with its hash>` with compressed siblings: its URL and gzipped size.
fn write_asset(dist: &Path, name: &str, bytes: &[u8]) -> Result<(String, usize)> {
    let hashed = hashed_name(name, bytes);
    let gzipped = write_with_compressed_siblings(&dist.join("assets").join(&hashed), bytes)?;
    Ok((format!("/assets/{hashed}"), gzipped))
}

/// The service worker: the first load's files to keep at install (`shell`), every file of this release
/// (`release`), and the offline engine's files.
fn service_worker(root: &Path, shell: &[String], release: &[String], engine: &[(String, String)]) -> Result<String> {
    let list = |urls: &[String]| serde_json::to_string(urls).expect("strings serialise");
    let mut files = engine.to_vec();
    files.push(("shell".to_owned(), list(shell)));
    files.push(("release".to_owned(), list(release)));
    fill(SERVICE_WORKER, &fs::read_to_string(root.join(SERVICE_WORKER))?, &files)
}

/// wasm-bindgen's JS and WASM of `wasm` (the `.wasm` cargo wrote), the WASM optimised, in `staging`;
/// returns their names there (`<out>.js`, `<out>_bg.wasm`).
fn bindgen(wasm: &str, out: &str, root: &Path, target: &Path, staging: &Path) -> Result<(String, String)> {
    if staging.exists() {
        fs::remove_dir_all(staging)?;
    }
    let wasm = target.join(WASM_TARGET).join(PROFILE).join(format!("{wasm}.wasm"));
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .out_name(out)
        .web(true)?
        .typescript(false)
        .generate(staging)
        .with_context(|| format!("wasm-bindgen on {}", wasm.display()))?;
    let (js, bg) = (format!("{out}.js"), format!("{out}_bg.wasm"));
    optimise_wasm(root, target, &staging.join(&bg))?;
    Ok((js, bg))
}

/// A module's files in `dist/assets/`: (placeholder name, URL) of each, and their gzipped and brotli sizes.
struct BuiltModule {
    files: Vec<(String, String)>,
    gzipped: usize,
    brotli: usize,
}

/// A lazily loaded module into `dist/assets/`.
fn build_module(module: &Module, root: &Path, target: &Path, dist: &Path) -> Result<BuiltModule> {
    let staging = target.join("xtask/bindgen").join(module.out);
    let (js, bg) = bindgen(module.wasm, module.out, root, target, &staging)?;
    let (mut files, mut gzipped, mut brotli) = (Vec::new(), 0, 0);
    println!("xtask: {} (loaded when a page needs it)", module.package);
    let css = module.css.map(|path| (format!("{}.css", module.out), root.join(path)));
    for (name, source) in [(js.clone(), staging.join(&js)), (bg.clone(), staging.join(&bg))].into_iter().chain(css) {
        let bytes = fs::read(&source).with_context(|| format!("read {}", source.display()))?;
        let (url, gz) = write_asset(dist, &name, &bytes)?;
        let hashed = &url["/assets/".len()..];
        let br = fs::metadata(with_suffix(&dist.join("assets").join(hashed), ".br"))?.len() as usize;
        println!("  {hashed:<40} {:>9} B  {gz:>8} B gzip  {br:>8} B brotli", bytes.len());
        (gzipped, brotli) = (gzipped + gz, brotli + br);
        files.push((name, url));
    }
    println!("  {:<40} {:>9}    {gzipped:>8} B gzip  {brotli:>8} B brotli", "total", "");
    Ok(BuiltModule { files, gzipped, brotli })
}

/// A built app.
struct Built {
    /// The gzipped bytes of its first load.
    first_load: usize,
    /// The CSP hash of its page's inline boot script.
    script_hash: String,
    /// The URLs of its first load's files (its page excluded).
    assets: Vec<String>,
}

/// One app: bindgen, wasm-opt, hashed assets, its page (naming the `named` files, built before).
fn build_bundle(bundle: &Bundle, named: &[(String, String)], root: &Path, target: &Path, dist: &Path) -> Result<Built> {
    let staging = target.join("xtask/bindgen").join(bundle.out);
    let (js, bg) = bindgen(bundle.wasm, bundle.out, root, target, &staging)?;

    let mut report = Vec::new();
    let mut files = named.to_vec();
    let mut assets = Vec::new();
    let generated = [(js.as_str(), staging.join(&js)), (bg.as_str(), staging.join(&bg))];
    let copied = bundle.copied.iter().map(|(name, path)| (*name, root.join(path)));
    for (name, source) in generated.into_iter().chain(copied) {
        let bytes = fs::read(&source).with_context(|| format!("read {}", source.display()))?;
        let (url, gzipped) = write_asset(dist, name, &bytes)?;
        report.push((url["/assets/".len()..].to_owned(), bytes.len(), gzipped));
        files.push((name.to_owned(), url.clone()));
        assets.push(url);
    }
    let index = fill(bundle.template, &fs::read_to_string(root.join(bundle.template))?, &files)?;
    let index_gzipped = gzip(index.as_bytes())?.len();
    let page = dist.join(bundle.page);
    fs::create_dir_all(page.parent().expect("a page is in dist/"))?;
    fs::write(&page, &index)?;
    let [script_hash] = shared::site::inline_script_hashes(&index).try_into().map_err(|hashes: Vec<String>| {
        anyhow::anyhow!(
            "{} must have one inline script (the CDN's policy allows one per page); it has {}",
            bundle.template,
            hashes.len()
        )
    })?;
    report.push((bundle.page.to_owned(), index.len(), index_gzipped));

    println!("xtask: {} in {}", bundle.package, page.display());
    for (name, raw, gzipped) in &report {
        println!("  {name:<40} {raw:>9} B  {gzipped:>8} B gzip");
    }
    let (raw, gzipped) = report.iter().fold((0, 0), |(r, g), (_, raw, gz)| (r + raw, g + gz));
    println!("  {:<40} {raw:>9} B  {gzipped:>8} B gzip", "total (first load)");
    println!("  inline script                            {script_hash}");
    Ok(Built { first_load: gzipped, script_hash, assets })
}

fn ensure_wasm_target() -> Result<()> {
    let installed = Command::new("rustup").args(["target", "list", "--installed"]).output();
    match installed {
        Ok(output) if String::from_utf8_lossy(&output.stdout).lines().any(|line| line.trim() == WASM_TARGET) => Ok(()),
        Ok(_) => {
            println!("xtask: installing the {WASM_TARGET} target with rustup");
            let status = Command::new("rustup").args(["target", "add", WASM_TARGET]).status()?;
            if !status.success() {
                bail!("`rustup target add {WASM_TARGET}` failed");
            }
            Ok(())
        }
        // Without rustup, assume the toolchain has the target; cargo says so clearly if not.
        Err(_) => Ok(()),
    }
}

/// The bindgen step must be exactly the version of the `wasm-bindgen` crate the app was built with.
fn check_bindgen_version(root: &Path) -> Result<()> {
    let library = locked_version(root, "wasm-bindgen")?;
    let cli = locked_version(root, "wasm-bindgen-cli-support")?;
    if library != cli {
        bail!(
            "wasm-bindgen {library} and wasm-bindgen-cli-support {cli} differ in Cargo.lock; pin both to the same version"
        );
    }
    Ok(())
}

/// The version of `package` in Cargo.lock.
pub fn locked_version(root: &Path, package: &str) -> Result<String> {
    let lock = fs::read_to_string(root.join("Cargo.lock")).context("read Cargo.lock")?;
    let header = format!("name = \"{package}\"\nversion = \"");
    let at = lock.find(&header).with_context(|| format!("{package} is not in Cargo.lock"))?;
    let rest = &lock[at + header.len()..];
    Ok(rest[..rest.find('"').unwrap_or(0)].to_owned())
}

/// `wasm-opt -Oz` shrinks the bundle by about a third. Without Node.js the build goes on unoptimised
/// (a working app, over the size budget, which `cargo xtask test` then reports).
fn optimise_wasm(root: &Path, target: &Path, wasm: &Path) -> Result<()> {
    let Some(wasm_opt) = wasm_opt(root, target)? else {
        println!("xtask: npm not found, so no wasm-opt: the bundle is not optimised (install Node.js and npm)");
        return Ok(());
    };
    let status = Command::new(&wasm_opt)
        .args(["-Oz", "--strip-debug", "--strip-producers"])
        // The WebAssembly features rustc's wasm32 target emits; wasm-opt refuses them unless enabled.
        .args([
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-reference-types",
            "--enable-multivalue",
        ])
        .arg(wasm)
        .arg("-o")
        .arg(wasm)
        .status()
        .with_context(|| format!("run {}", wasm_opt.display()))?;
    if !status.success() {
        bail!("wasm-opt failed ({status})");
    }
    Ok(())
}

/// binaryen's `wasm-opt` from npm (Debian's binaryen is years older); `None` when npm is missing.
fn wasm_opt(root: &Path, target: &Path) -> Result<Option<std::path::PathBuf>> {
    let program = |modules: &Path| modules.join(".bin/wasm-opt");
    let up_to_date = |modules: &Path| {
        Command::new(program(modules))
            .arg("--version")
            .output()
            .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains(&format!("version {BINARYEN_VERSION}")))
    };
    Ok(crate::npm_tools(root, target)?.filter(|modules| up_to_date(modules)).map(|modules| program(&modules)))
}

/// `frontend_bg.wasm` → `frontend_bg-<16 hex of sha256>.wasm`.
fn hashed_name(name: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hash: String = digest.iter().take(8).map(|byte| format!("{byte:02x}")).collect();
    match name.rsplit_once('.') {
        Some((stem, extension)) => format!("{stem}-{hash}.{extension}"),
        None => format!("{name}-{hash}"),
    }
}

/// Writes `path`, `path.br` and `path.gz`; returns the gzipped size.
fn write_with_compressed_siblings(path: &Path, bytes: &[u8]) -> Result<usize> {
    fs::write(path, bytes)?;
    let gzipped = gzip(bytes)?;
    fs::write(with_suffix(path, ".gz"), &gzipped)?;
    fs::write(with_suffix(path, ".br"), brotli(bytes)?)?;
    Ok(gzipped.len())
}

/// Brotli at its best quality.
pub fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(bytes)?;
    }
    Ok(out)
}

/// Zopfli: gzip that any client reads, about 5 % smaller than `gzip -9`; slow, so done once at build time.
fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    zopfli::compress(zopfli::Options::default(), zopfli::Format::Gzip, bytes, &mut out)?;
    Ok(out)
}

fn with_suffix(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_change_with_the_content() {
        let a = hashed_name("frontend.js", b"one");
        let b = hashed_name("frontend.js", b"two");
        assert!(a.starts_with("frontend-") && a.ends_with(".js"), "{a}");
        assert_eq!(a.len(), "frontend-.js".len() + 16);
        assert_ne!(a, b);
        assert_eq!(a, hashed_name("frontend.js", b"one"));
    }
}
