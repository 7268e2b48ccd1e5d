// The citizen app's service worker (registered by index.html's boot script, scope "/"). It keeps
//  - the app shell (the first load's files, named below by `cargo xtask dist`) and every other /assets/
//    file once fetched: they are immutable, named by their hash;
//  - the answers of the last pages visited (API reads), answered from the network first, from here
//    when it fails;
//  - after the first answer, the compact dataset (`/api/v1/snapshot/{version}/compact`, checked against
//    `/api/v1/health` and replaced when a new release is published) and the offline engine
//    (frontend-offline/, the API's own lookup engine): offline, search and conversion are answered
//    here, with the header `X-Offline-Data` carrying the data's date, which the page is also told to show.
// Staff pages and their API are never touched: they need the network and must never be cached.
import init, { Offline, too_long } from "{{offline.js}}";

/// The first load's files, kept at install.
const SHELL = {{shell}};
/// Every file of this release (the modules loaded on demand too), kept once fetched.
const RELEASE = {{release}};
const ENGINE_WASM = "{{offline_bg.wasm}}";
const ASSETS = "xa-moi-assets";
const PAGES = "xa-moi-pages";
const DATA = "xa-moi-data";
/// How many API answers of visited pages are kept (oldest dropped first).
const PAGES_KEPT = 60;
/// How often, at most, the dataset's version is checked against the server.
const CHECK_EVERY_MS = 10 * 60 * 1000;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(ASSETS).then((cache) => cache.addAll([...SHELL, "/"])).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  // Earlier releases' files go; this release's stay, fetched or not yet.
  const release = new Set([...RELEASE, "/"].map((path) => new URL(path, self.location).href));
  event.waitUntil(
    caches
      .open(ASSETS)
      .then(async (cache) => {
        for (const request of await cache.keys()) if (!release.has(request.url)) await cache.delete(request);
      })
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || isStaff(url.pathname)) return;
  if (request.mode === "navigate") {
    // The API's own pages (its reference at /api/docs) are not the app.
    if (url.pathname.startsWith("/api/")) return;
    event.respondWith(page(request));
  } else if (url.pathname.startsWith("/assets/")) {
    event.respondWith(asset(request, event));
  } else if (url.pathname === "/api/v1/convert" && request.method === "POST") {
    event.respondWith(answer(event, request, (engine, body) => engine.convert(body.address ?? "", url.searchParams.get("lang") ?? "vi"), body => body.address));
  } else if (url.pathname === "/api/v1/search" && request.method === "GET") {
    event.respondWith(answer(event, request, (engine) => engine.search(url.searchParams.get("q") ?? "", limit(url)), () => url.searchParams.get("q")));
  } else if (url.pathname.startsWith("/api/v1/") && request.method === "GET" && !url.pathname.startsWith("/api/v1/snapshot")) {
    // The home page's health too: offline, its "data" card shows the last one seen (the worker's own
    // check of the version below never goes through here).
    event.respondWith(visited(request));
  }
});

function isStaff(path) {
  return path === "/quan-tri" || path.startsWith("/quan-tri/") || path.startsWith("/api/v1/staff");
}

function limit(url) {
  const limit = Number(url.searchParams.get("limit") ?? "10");
  return Number.isInteger(limit) && limit >= 1 && limit <= 50 ? limit : undefined;
}

/// Every page of the app is the same HTML: the network's, else the one kept.
async function page(request) {
  try {
    const response = await fetch(request);
    if (response.ok) (await caches.open(ASSETS)).put("/", response.clone());
    return response;
  } catch (error) {
    return (await caches.match("/")) ?? Response.error();
  }
}

/// An asset, kept once fetched. A page's fetch gets the response at once, the worker kept alive (`event`)
/// until it is stored; the worker's own (no `event`) waits until it is stored, to use it next.
async function asset(request, event) {
  const kept = await caches.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) {
    const stored = caches.open(ASSETS).then((cache) => cache.put(request, response.clone()));
    if (event) event.waitUntil(stored);
    else await stored;
  }
  return response;
}

/// An API read: the network's answer (kept), else the kept one.
async function visited(request) {
  const cache = await caches.open(PAGES);
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(request, response.clone());
      const keys = await cache.keys();
      for (const old of keys.slice(0, Math.max(0, keys.length - PAGES_KEPT))) await cache.delete(old);
    }
    return response;
  } catch (error) {
    return (await cache.match(request)) ?? Response.error();
  }
}

/// Search or conversion: the network's answer, after which the offline data is made ready; without a
/// network, the engine's answer over the kept data (or the network's error when there is none yet).
async function answer(event, request, ask, text) {
  const body = request.method === "POST" ? request.clone().json().catch(() => ({})) : Promise.resolve({});
  try {
    // Asked of the server, not of the browser's HTTP cache: a search typed online earlier and kept there
    // (max-age=60) would otherwise answer offline as "from the server" and take the offline note away.
    const response = await fetch(request, { cache: "no-cache" });
    if (response.ok) event.waitUntil(Promise.all([prepare(), tell({})]));
    return response;
  } catch (error) {
    const engine = await offlineEngine().catch(() => undefined);
    if (!engine) throw error;
    const read = await body;
    if (too_long(text(read) ?? "")) return new Response(null, { status: 422 });
    event.waitUntil(tell(offlineNote(engine.built_from)));
    return new Response(ask(engine, read), {
      headers: { "content-type": "application/json", "x-offline-data": engine.built_from },
    });
  }
}

/// Tells the pages whether the last answer came from the data kept here (the note to show, in each
/// language) or from the server (no note): index.html's boot script shows or clears it. Every page of
/// the app is told: being offline is the phone's state, not one page's.
async function tell(note) {
  for (const client of await self.clients.matchAll({ type: "window" })) client.postMessage(note);
}

/// "Offline, data of <date>" for data of `builtFrom` (YYYY-MM-DD), written d/m/yyyy as the app does.
function offlineNote(builtFrom) {
  const date = builtFrom.split("-").map(Number).reverse().join("/");
  return {
    vi: `Đang ngoại tuyến: trả lời từ dữ liệu lưu trên máy, cập nhật theo ngày ${date}`,
    en: `Offline: answered from the data kept on this device, up to date as of ${date}`,
  };
}

// The batch page (frontend-batch/src/convert.rs) converts a file's addresses here, on the phone:
// `{convert: [address…], lang}` on a MessageChannel, answered `{version, built_from, answers}` (each answer the
// JSON `POST /api/v1/convert` gives, or null for an address too long) or `{unavailable: true}` when no
// data is kept or the engine failed. The page's first message, with no address, asks whether it can:
// the data is then kept first when it can be (online), so that a file need not leave the phone; the
// messages with addresses never change the data mid-file.
self.addEventListener("message", (event) => {
  const { convert, lang } = event.data ?? {};
  const [port] = event.ports;
  if (!Array.isArray(convert) || !port) return;
  event.waitUntil(
    (async () => {
      if (convert.length === 0) await prepare();
      const offline = await offlineEngine().catch(() => undefined);
      if (!offline) return port.postMessage({ unavailable: true });
      const language = lang === "en" ? "en" : "vi";
      try {
        const answers = convert.map((address) =>
          typeof address === "string" && !too_long(address) ? offline.convert(address, language) : null,
        );
        port.postMessage({ version: offline.version, built_from: offline.built_from, answers });
      } catch (error) {
        // A trap in the engine: started again on the next use, not kept broken for offline answers.
        engine = undefined;
        port.postMessage({ unavailable: true });
      }
    })(),
  );
});

let lastCheck = 0;
let preparing;
/// Keeps the current release's dataset and the engine, at most once per CHECK_EVERY_MS.
function prepare() {
  if (Date.now() - lastCheck < CHECK_EVERY_MS) return preparing ?? Promise.resolve();
  lastCheck = Date.now();
  preparing = (async () => {
    const health = await fetch("/api/v1/health", { cache: "no-store" }).then((r) => r.json());
    const wanted = `/api/v1/snapshot/${health.dataset.version}/compact`;
    const data = await caches.open(DATA);
    const kept = await data.keys();
    if (!kept.some((request) => new URL(request.url).pathname === wanted)) {
      const response = await fetch(wanted);
      if (!response.ok) throw new Error(`${wanted}: ${response.status}`);
      await data.put(wanted, response);
      engine = undefined;
    }
    for (const request of kept) if (new URL(request.url).pathname !== wanted) await data.delete(request);
    await asset(new Request(ENGINE_WASM));
  })().catch(() => {
    lastCheck = 0;
  });
  return preparing;
}

let engine;
/// The engine over the kept dataset, started once per worker (and again after a new dataset).
function offlineEngine() {
  engine ??= (async () => {
    const [kept] = await (await caches.open(DATA)).matchAll();
    if (!kept) throw new Error("no offline data yet");
    const wasm = await caches.match(ENGINE_WASM);
    if (!wasm) throw new Error("no offline engine yet");
    await init({ module_or_path: wasm });
    return new Offline(new Uint8Array(await kept.arrayBuffer()));
  })().catch((error) => {
    engine = undefined;
    throw error;
  });
  return engine;
}
