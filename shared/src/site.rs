//! The browser app as the server, the build and the CDN see it: which paths are its pages, and the
//! headers its HTML is served with. One list, so that the server's 404 for an unknown page, the
//! CloudFront function (`deploy/template.yaml`) and the app's router (`frontend/src/app.rs`) agree
//! (`tests/tests/http/headers.rs` checks both against this file).

use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::model::{Index, NewCommuneCode, OldCommuneCode, ProvinceCode};
use crate::staff::reports::Ticket;

/// Every page's path as the app's router writes it (`path!(...)` in `frontend/src/app.rs`).
pub const PATTERNS: [&str; 10] = [
    "/",
    "/chon",
    "/cu/:code",
    "/xa/:code",
    "/tinh/:code",
    "/thu-tuc/:code",
    "/xa/:code/in",
    "/bao-cao",
    "/bao-cao/:ticket",
    "/chuyen-doi-hang-loat",
];

/// A page of the app, with the code in its path read into its type. The query (`/?q=...`,
/// `/chon?tinh=...`) never makes a page unknown: the page shows what it can of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// `/`: search, and a conversion with `?q=`.
    Home,
    /// `/chon`: the step-by-step picker.
    Picker,
    /// `/cu/{code}`: an old commune.
    OldCommune(OldCommuneCode),
    /// `/xa/{code}`: a new commune.
    Commune(NewCommuneCode),
    /// `/tinh/{code}`: a province.
    Province(ProvinceCode),
    /// `/thu-tuc/{code}`: a procedure ([`crate::answers::procedures::is_code`]).
    Procedure(String),
    /// `/xa/{code}/in`: a commune's printable poster.
    Poster(NewCommuneCode),
    /// `/bao-cao`: the form to report an error (`?trang=` names the page it is about).
    Report,
    /// `/bao-cao/{ticket}`: where a report stands. Only a ticket as the API issues it (lower case), so
    /// that the CDN's function can tell it by a pattern.
    ReportStatus(Ticket),
    /// `/chuyen-doi-hang-loat`: many addresses at once, from a CSV or Excel file.
    Batch,
}

impl Page {
    /// The page at `path` (a URL's path as sent, percent-escapes included), or `None` where the app shows
    /// its not-found page. Read as the router reads it (checked in Chromium by `tests/tests/e2e.rs`):
    /// one trailing slash is ignored, the fixed part is compared as sent (so `/CHON` and `/ch%6Fn` are not
    /// pages), and the code is percent-decoded and must be well formed (a malformed code is not a page:
    /// the API answers 400 and the app shows not-found for it).
    pub fn parse(path: &str) -> Option<Page> {
        let rest = path.strip_prefix('/')?;
        // The trailing slash after a segment, not a second one, nor the root's.
        let rest = match rest.strip_suffix('/') {
            Some(stripped) if !stripped.is_empty() && !stripped.ends_with('/') => stripped,
            _ => rest,
        };
        let decode = |code| percent_encoding::percent_decode_str(code).decode_utf8().ok();
        let (section, code) = match rest.split('/').collect::<Vec<_>>()[..] {
            [""] => return Some(Page::Home),
            ["chon"] => return Some(Page::Picker),
            ["bao-cao"] => return Some(Page::Report),
            ["chuyen-doi-hang-loat"] => return Some(Page::Batch),
            ["xa", code, "in"] => return decode(code)?.parse().ok().map(Page::Poster),
            [section, code] => (section, decode(code)?),
            _ => return None,
        };
        match section {
            "cu" => code.parse().ok().map(Page::OldCommune),
            "xa" => code.parse().ok().map(Page::Commune),
            "tinh" => code.parse().ok().map(Page::Province),
            "thu-tuc" if crate::answers::procedures::is_code(&code) => Some(Page::Procedure(code.into_owned())),
            "bao-cao" => Ticket::parse(&code).ok().filter(|ticket| ticket.as_str() == code).map(Page::ReportStatus),
            _ => None,
        }
    }

    /// Its entry in [`PATTERNS`].
    pub fn pattern(&self) -> &'static str {
        match self {
            Page::Home => PATTERNS[0],
            Page::Picker => PATTERNS[1],
            Page::OldCommune(_) => PATTERNS[2],
            Page::Commune(_) => PATTERNS[3],
            Page::Province(_) => PATTERNS[4],
            Page::Procedure(_) => PATTERNS[5],
            Page::Poster(_) => PATTERNS[6],
            Page::Report => PATTERNS[7],
            Page::ReportStatus(_) => PATTERNS[8],
            Page::Batch => PATTERNS[9],
        }
    }

    /// Whether the unit or procedure it shows is in the dataset (the app shows not-found for an unknown
    /// code: the API answers 404). A repealed procedure has a page, which names its replacement. Every
    /// well-formed ticket has one: reports are in the store, which the server does not read to choose
    /// the status of the HTML (the page shows not-found for an unknown ticket).
    pub fn exists_in(&self, index: &Index) -> bool {
        match self {
            Page::Home | Page::Picker | Page::Report | Page::ReportStatus(_) | Page::Batch => true,
            Page::OldCommune(code) => index.old_commune(code).is_some(),
            Page::Commune(code) | Page::Poster(code) => index.new_commune(code).is_some(),
            Page::Province(code) => index.new_province(code).is_some(),
            Page::Procedure(code) => index.procedure(code).is_some(),
        }
    }
}

/// Where the staff pages are: a second app (`staff-frontend/`), served for this path and every path under
/// it; its router shows its own not-found page (its pages need a session, so the server cannot tell).
pub const STAFF_ROOT: &str = "/quan-tri";

/// Whether `path` is one of the staff app's (`/quan-tri`, `/quan-tri/...`).
pub fn is_staff_path(path: &str) -> bool {
    path.strip_prefix(STAFF_ROOT).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// `Permissions-Policy` of the app: its location (for the coming "find my commune" button) on its own
/// origin only, every other powerful feature off. Only features Chromium knows: it logs an error for
/// any other name.
pub const PERMISSIONS_POLICY: &str = "geolocation=(self), camera=(), microphone=(), payment=(), usb=(), serial=(), \
    hid=(), midi=(), accelerometer=(), gyroscope=(), magnetometer=(), display-capture=(), \
    screen-wake-lock=(), xr-spatial-tracking=(), browsing-topics=()";

/// Where the citizen app's service worker is (`frontend/dist/sw.js`): a fixed URL, not hashed, since a
/// browser finds a new release's worker by fetching the URL it registered again; its scope is the whole site.
pub const SERVICE_WORKER_PATH: &str = "/sw.js";

/// `Content-Security-Policy` of the service worker's script. A worker is governed by the policy sent with
/// its own script, not by the page's (CSP 3, "Initialize a global object's CSP list"); the page's
/// `script-src` governs the worker's URL and, in Chromium, its static imports. Its own files (`'self'`),
/// its WASM compiled (`'wasm-unsafe-eval'`). `default-src 'self'` rather than `'none'`: the spec checks a
/// worker's `fetch(event.request)` against the directive of the request's destination (`img-src` for an
/// image), though Chromium checks every `fetch()` against `connect-src`; the worker fetches its own origin
/// only, so `'self'` for all costs nothing.
pub const SERVICE_WORKER_POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; frame-ancestors 'none'";

/// `Content-Security-Policy` of the app's `index.html`: its own files only; the WASM may be compiled
/// (`'wasm-unsafe-eval'`, not `'unsafe-eval'`); the page's inline boot script and styles by their hashes,
/// computed from the page itself so that the policy can never drift from it; no plugins, no `<base>`,
/// no framing.
pub fn app_policy(index_html: &str) -> String {
    let hashes = |tag| inline_hashes(index_html, tag).iter().map(|hash| format!(" '{hash}'")).collect::<String>();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{}; style-src 'self'{}; img-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        hashes("script"),
        hashes("style"),
    )
}

/// The CSP hashes (`sha256-...`) of the inline `<script>` elements of `html`, in order (the CDN's policy
/// takes them as a parameter: `cargo xtask dist` writes them next to `index.html`).
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    inline_hashes(html, "script")
}

/// The hash of the text of each `<tag>` element without a `src` attribute. The text is hashed as the
/// browser sees it: HTML parsing turns CR LF and lone CR into LF before anything else.
fn inline_hashes(html: &str, tag: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let (open, close) = (format!("<{tag}"), format!("</{tag}"));
    let mut hashes = Vec::new();
    let mut from = 0;
    while let Some(start) = lower[from..].find(&open).map(|i| from + i) {
        let Some(text_start) = lower[start..].find('>').map(|i| start + i + 1) else { break };
        let Some(text_end) = lower[text_start..].find(&close).map(|i| text_start + i) else { break };
        from = text_end;
        let attributes = &lower[start + open.len()..text_start - 1];
        // `<scripts>` or `<style-x>` are other elements; a `src` one is a file, allowed by 'self'.
        if !attributes.is_empty() && !attributes.starts_with(|c: char| c.is_ascii_whitespace() || c == '/') {
            continue;
        }
        if attributes.split(|c: char| c.is_ascii_whitespace()).any(|a| a == "src" || a.starts_with("src=")) {
            continue;
        }
        let text = html[text_start..text_end].replace("\r\n", "\n").replace('\r', "\n");
        let digest = Sha256::digest(text.as_bytes());
        hashes.push(format!("sha256-{}", base64::engine::general_purpose::STANDARD.encode(digest)));
    }
    hashes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_pattern_is_the_pattern_of_its_page() {
        let examples = [
            "/",
            "/chon",
            "/cu/26740",
            "/xa/26740",
            "/tinh/79",
            "/thu-tuc/1.001193",
            "/xa/26740/in",
            "/bao-cao",
            "/bao-cao/abcdefghij23",
            "/chuyen-doi-hang-loat",
        ];
        let patterns: Vec<_> = examples.iter().map(|path| Page::parse(path).expect(path).pattern()).collect();
        assert_eq!(patterns, PATTERNS);
    }

    #[test]
    fn paths_are_read_as_the_router_reads_them() {
        let pages = [
            ("/chon/", Page::Picker),
            ("/xa/26740/", Page::Commune("26740".parse().unwrap())),
            ("/xa/2674%30", Page::Commune("26740".parse().unwrap())),
            ("/thu-tuc/1%2E001193", Page::Procedure("1.001193".to_owned())),
            ("/xa/26740/in", Page::Poster("26740".parse().unwrap())),
            ("/xa/26740/in/", Page::Poster("26740".parse().unwrap())),
            ("/xa/2674%30/in", Page::Poster("26740".parse().unwrap())),
            ("/bao-cao/", Page::Report),
            ("/bao-cao/abcdefghij23", Page::ReportStatus(Ticket::parse("abcdefghij23").unwrap())),
            ("/bao-cao/abcdefghij2%33", Page::ReportStatus(Ticket::parse("abcdefghij23").unwrap())),
        ];
        for (path, page) in pages {
            assert_eq!(Page::parse(path), Some(page), "{path}");
        }
        let not_pages = [
            "",
            "//",
            "/CHON",
            "/ch%6Fn",
            "/chon//",
            "/chon/x",
            "/xa",
            "/xa/",
            "/xa/abc",
            "/xa/2674",
            "/xa/267400",
            "/xa/26740//",
            "/xa/26740/x",
            "/xa//26740",
            "/xa/26740%2F",
            "/xa/%FF",
            "/tinh/7",
            "/cu/1.001193",
            "/thu-tuc/1001193",
            "/thu-tuc/1.00119",
            "/xa/26740/IN",
            "/xa/26740/%69n",
            "/xa/26740/in/x",
            "/xa/26740/in//",
            "/xa/26740%2Fin",
            "/xa/abc/in",
            "/cu/26740/in",
            "/tinh/79/in",
            "/bao-cao//",
            "/bao-cao/x",
            "/bao-cao/abcdefghij2",
            "/bao-cao/abcdefghij234",
            "/bao-cao/abcdefghij01",
            "/bao-cao/ABCDEFGHIJ23",
            "/bao-cao/%20abcdefghij23",
            "/bao-cao/abcdefghij23/x",
            "/BAO-CAO",
            "/index.html",
            "/assets/app.js",
            "/api",
            "/foo",
        ];
        for path in not_pages {
            assert_eq!(Page::parse(path), None, "{path}");
        }
    }

    #[test]
    fn inline_scripts_and_styles_are_hashed_as_the_browser_reads_them() {
        // printf 'let a = 1;\n' | openssl dgst -sha256 -binary | base64
        let expected = "sha256-3smTKsMnFX9i0OGCm4n/7GAEzudwCR3kiBveN8jVUAk=";
        let html = "<head><script src=\"/a.js\"></script><SCRIPT type=\"module\">let a = 1;\r\n</SCRIPT>\
                    <scripts>x</scripts><style>let a = 1;\n</style></head>";
        assert_eq!(inline_script_hashes(html), [expected]);
        let policy = app_policy(html);
        assert!(policy.contains(&format!("script-src 'self' 'wasm-unsafe-eval' '{expected}';")), "{policy}");
        assert!(policy.contains(&format!("style-src 'self' '{expected}';")), "{policy}");
        assert!(!policy.contains("unsafe-inline"), "{policy}");
    }

    #[test]
    fn a_page_without_inline_code_allows_none() {
        let policy = app_policy("<!doctype html><title>x</title><script src=/a.js></script><script");
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval'; style-src 'self';"), "{policy}");
    }
}
