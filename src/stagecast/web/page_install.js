"use strict";
// Installing the page on a phone's home screen, and keeping it for use with no server
// (web/installable.py, docs/build.md): only when it is served over http(s), by `stagecast serve`
// which serves the worker and the manifest. Opened from a file, the page never tries (browsers
// run no service workers there). Whatever fails is said in the console; the page goes on.
(function () {
  if (!/^https?:$/.test(location.protocol)) return;
  if (!("serviceWorker" in navigator)) {
    console.info("stagecast: this page can be installed and kept for offline use only over HTTPS (stagecast serve --lan)");
    return;
  }
  const wasControlled = Boolean(navigator.serviceWorker.controller);
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    // A rebuilt page's worker took over: show the new page, whose tracks are the ones it serves now.
    if (wasControlled && !reloading) { reloading = true; location.reload(); }
  });
  // Each track the player loads is kept whole for offline use (on the first visit the page
  // fetches it past the worker, which takes over pages from their next load).
  const player = document.getElementById("player");
  const keep = () => navigator.serviceWorker.ready.then((registration) => {
    if (player.currentSrc) registration.active.postMessage({ keep: player.currentSrc });
  });
  if (player) { player.addEventListener("loadstart", keep); keep(); }
  navigator.serviceWorker.register("_stagecast/offline.js", { scope: "./" }).then(() => {
    const link = document.createElement("link");
    link.rel = "manifest";
    link.href = "_stagecast/app.webmanifest";
    document.head.appendChild(link);
  }, (err) => console.warn("stagecast: this page cannot be kept for offline use here: " + err.message));
})();
