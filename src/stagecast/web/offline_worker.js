"use strict";
// The rehearsal page's service worker, served by `stagecast serve` (web/installable.py writes
// SETTINGS in: the page's version, the files kept with it, and a stamp for each file the page
// refers to). It keeps the page, so that it opens with no server, and each track or document
// the first time the page fetches it; kept files answer byte ranges, as the player asks for.
/*{{settings}}*/
const PAGE_CACHE = "stagecast-page-" + SETTINGS.version;
const FILE_CACHE = "stagecast-files";
const at = (path) => new URL(path, self.registration.scope).href;
const PAGE = new Set(SETTINGS.page.map(at));
const KEEP = new Set(SETTINGS.keep.map(at));
const FILES = new Map(Object.keys(SETTINGS.files).map((path) => [at(path), path]));
const fetching = new Map();

function fileKey(path) {
  // A file's stamp (its size and time) is in its key: a rebuilt track is fetched again, one a
  // rebuild left alone is kept.
  const url = new URL(at(path));
  url.searchParams.set("stagecast-stamp", SETTINGS.files[path]);
  return url.href;
}

async function hexDigest(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("").slice(0, 16);
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const answer = await fetch(at("index.html"), { cache: "no-store" });
    if (!answer.ok) throw new Error("index.html: HTTP " + answer.status);
    const body = await answer.arrayBuffer();
    // A build ended between this worker and the page: keep nothing; the next visit brings the
    // worker made for the new page.
    if (await hexDigest(body) !== SETTINGS.version) throw new Error("the page changed while it was being kept");
    const cache = await caches.open(PAGE_CACHE);
    const type = answer.headers.get("Content-Type") || "text/html; charset=utf-8";
    await Promise.all(SETTINGS.page.map((path) => cache.put(at(path), new Response(body, { headers: { "Content-Type": type } }))));
    await cache.addAll(SETTINGS.keep.map((path) => new Request(at(path), { cache: "no-store" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("stagecast-page-") && name !== PAGE_CACHE) await caches.delete(name);
    }
    const files = await caches.open(FILE_CACHE);
    const current = new Set(Object.keys(SETTINGS.files).map(fileKey));
    for (const request of await files.keys()) {
      if (!current.has(request.url)) await files.delete(request);
    }
    // No clients.claim(): a page loaded without this worker keeps going without it. A player
    // fed by the server and then by this worker stops with an error (Chromium refuses a media
    // file whose parts come from different sources), so a page is ours from its next load.
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;  // takes posted to the server go to the server
  const url = new URL(request.url);
  url.hash = "";
  const bare = url.origin + url.pathname;
  if (PAGE.has(bare)) event.respondWith(kept(request, at("index.html")));
  else if (KEEP.has(url.href)) event.respondWith(kept(request, url.href));
  else if (FILES.has(url.href)) event.respondWith(file(event, FILES.get(url.href)));
});

async function kept(request, key) {
  const cache = await caches.open(PAGE_CACHE);
  return (await cache.match(key)) || fetch(request);
}

async function file(event, path) {
  const found = await (await caches.open(FILE_CACHE)).match(fileKey(path));
  if (found) return ranged(event.request, found);
  event.waitUntil(keepFile(path));
  // Made here like the kept file's answers, so that the player sees one source before the
  // file is kept and after (see "activate").
  const answer = await fetch(event.request);
  return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
}

function keepFile(path) {
  // The whole file, once, beside the player's own ranged requests.
  const key = fileKey(path);
  if (!fetching.has(key)) {
    const whole = caches.open(FILE_CACHE).then(async (cache) => {
      if (await cache.match(key)) return;
      const answer = await fetch(at(path), { cache: "no-store" });
      if (answer.status !== 200) throw new Error("HTTP " + answer.status);
      await cache.put(key, answer);
    }).catch((err) => console.warn("stagecast: " + path + " is not kept for offline use: " + err.message))
      .finally(() => fetching.delete(key));
    fetching.set(key, whole);
  }
  return fetching.get(key);
}

// The page asks for each track it loads (on its first visit, those go to the server, not here).
self.addEventListener("message", (event) => {
  const url = new URL(String((event.data && event.data.keep) || ""), self.registration.scope);
  url.hash = "";
  if (FILES.has(url.href)) event.waitUntil(keepFile(FILES.get(url.href)));
});

async function ranged(request, whole) {
  const asked = request.headers.get("Range");
  const range = asked && /^bytes=(\d*)-(\d*)$/.exec(asked.trim());
  // No range, or one this does not read (several at once): the whole file, as a server may answer.
  if (!range || (range[1] === "" && range[2] === "")) return whole;
  const blob = await whole.blob();
  const size = blob.size;
  let start, end;
  if (range[1] === "") {  // the last N bytes
    start = Math.max(0, size - Number(range[2]));
    end = size - 1;
  } else {
    start = Number(range[1]);
    end = range[2] === "" ? size - 1 : Math.min(Number(range[2]), size - 1);
  }
  if (start >= size || start > end) {
    return new Response(null, { status: 416, headers: { "Content-Range": "bytes */" + size } });
  }
  return new Response(blob.slice(start, end + 1), {
    status: 206,
    headers: {
      "Content-Type": whole.headers.get("Content-Type") || "application/octet-stream",
      "Content-Range": "bytes " + start + "-" + end + "/" + size,
      "Content-Length": String(end - start + 1),
      "Accept-Ranges": "bytes",
    },
  });
}
