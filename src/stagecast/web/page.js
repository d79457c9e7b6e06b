"use strict";
(function () {
  const data = JSON.parse(document.getElementById("stagecast-data").textContent);
  const $ = (id) => document.getElementById(id);
  const player = $("player"), script = $("script"), now = $("now");
  // mode: learn/check/perform/drill (page_ladder.js, page_drill.js); firstWords, cueWords: 0 is off;
  // boxes, weak: the drill's (page_drill.js); each performer's own, kept by page_store.js.
  const state = { key: null, track: null, current: null, letters: false, firstWords: 0, cueWords: 0,
                  mode: "check", speed: 1, boxes: {}, weak: {} };
  // What the feature scripts after this one hook into (each is a list of functions).
  const hooks = { choose: [], performer: [], poll: [], key: [], tick: [], asked: [], redraw: [], mode: [] };
  // Recording takes (docs/takes.md): only through `stagecast serve`, with the token from the
  // address it printed (kept in the fragment, which the browser never sends to the server).
  const rec = { token: new URLSearchParams(location.hash.slice(1)).get("token"), on: false, limits: null,
                active: null };

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function option(select, value, label) {
    const o = el("option", null, label);
    o.value = value;
    select.appendChild(o);
  }

  function isMine(item) {
    return item.kind === "speech" && item.performers.includes(state.key);
  }

  function words(speech) {
    // The spoken words as cueing.last_words counts them: each text part split at its spaces.
    return speech.parts.filter((p) => p.t).flatMap((p) => p.t.split(" "));
  }

  function lastWords(speech, count, letters) {
    // letters: each word as its first letter (the text's word i is its first letters' word i)
    const all = letters ? speech.parts.filter((p) => p.t).flatMap((p) => p.f.split(" ")) : words(speech);
    return all.length <= count ? all.join(" ") : "…" + all.slice(-count).join(" ");
  }

  // cuesheets.sheet's word (Python's \w is a letter, a digit or _; a stress mark inside it is part
  // of it), for first words: each later word a line of its length, as `rehearse --first-words` prints it
  const WORD = /[\p{L}\p{N}_][\p{L}\p{M}\p{N}_]*(?:['’\-][\p{L}\p{N}_][\p{L}\p{M}\p{N}_]*)*/gu;
  function hideWords(text) {
    return text.replace(WORD, (m) => "_".repeat([...m.replace(/\p{M}/gu, "")].length));
  }

  function lineText(speech, hide) {
    const span = el("span", "text");
    let n = 0, counted = 0;
    speech.parts.forEach((part, i) => {
      if (i && !(part.t && /^[,.;:!?…)»]/.test(part.t))) span.appendChild(document.createTextNode(" "));
      if (part.p !== undefined) { span.appendChild(el("span", "paren", "(" + part.p + ")")); return; }
      if (!hide) { span.appendChild(el("span", "spoken", part.t)); return; }
      const box = el("span", "hidden" + (state.letters ? " letters" : state.firstWords ? " under" : ""));
      box.dataset.full = part.t;
      const letters = part.f.split(" "), under = part.t.split(" ").map(hideWords);
      part.t.split(" ").forEach((word, j) => {
        if (j) box.appendChild(document.createTextNode(" "));
        // first words counts words as the terminal does (a dash alone is not one); prompts count
        // every space-separated piece, as `rehearse`'s p does
        if ((under[j] || "").includes("_")) counted += 1;
        const given = counted && counted <= state.firstWords;
        const w = el("span", given ? "w given" : "w");
        w.textContent = given ? word : state.letters ? letters[j] || word : state.firstWords ? under[j] || word : word;
        w.dataset.full = word;
        w.dataset.n = n++;
        box.appendChild(w);
      });
      span.appendChild(box);
    });
    if (speech.lang) span.lang = speech.lang;
    // Its own direction isolates the text from the name before it: a Hebrew line beginning with
    // an English word keeps the name at the right, not inside the English run.
    if (speech.dir) span.dir = speech.dir;
    return span;
  }

  const speeches = {};
  data.scenes.forEach((s) => s.items.forEach((i) => { if (i.kind === "speech") speeches[i.id] = i; }));

  function resume() {
    // A play() that a pause, a seek or another track cuts short rejects with AbortError: expected here.
    return player.play().catch((e) => { if (e.name !== "AbortError") throw e; });
  }

  function reveal(node) {
    node.querySelectorAll(".hidden").forEach((w) => {
      w.textContent = w.dataset.full;
      w.className = "revealed";
    });
    node.setAttribute("aria-label", data.labels.line_shown);
  }

  function give(node, count) {
    // A prompt: the line's first ``count`` words shown (all of them: the line revealed).
    const hidden = node.querySelectorAll(".hidden .w");
    if (count >= hidden.length) { reveal(node); return true; }
    hidden.forEach((w) => {
      if (Number(w.dataset.n) < count) { w.textContent = w.dataset.full; w.classList.add("given"); }
    });
    return false;
  }

  function cueIds(scene) {
    // The speeches that cue the performer's lines (the speech just before, in the same scene),
    // other people's: a cue that is your own line stays hidden as your lines are.
    const out = new Set();
    let before = null;
    scene.items.filter((i) => i.kind === "speech").forEach((item) => {
      if (isMine(item) && before && !isMine(before)) out.add(before.id);
      before = item;
    });
    return out;
  }

  function speechNode(scene, item, cue) {
    const own = isMine(item);
    const node = el("div", "speech" + (own ? " mine" : "") + (cue ? " cueline" : ""));
    node.id = item.id;
    node.dataset.scene = scene.id;
    // Each line runs its own way (a Hebrew or Arabic speech right to left, its speaker's name
    // at the right); its text is marked with its language.
    if (item.dir) node.dir = item.dir;
    const who = el("span", "who", item.who);
    who.dir = "auto";
    node.appendChild(who);
    node.appendChild(document.createTextNode(": "));
    // The delivery note opens the speech, in italics, as a published script (and the cue sheets) print it.
    if (item.delivery) node.append(el("span", "delivery", "(" + item.delivery + ")"), " ");
    if (cue && state.cueWords) {
      const short = el("span", "text short", lastWords(item, state.cueWords));
      if (item.lang) short.lang = item.lang;
      if (item.dir) short.dir = item.dir;
      node.appendChild(short);
    } else {
      node.appendChild(lineText(item, own));
    }
    return node;
  }

  function renderScript() {
    script.textContent = "";
    let act = null;
    data.scenes.forEach((scene) => {
      if (scene.interval) script.appendChild(el("p", "interval", scene.interval));
      if (scene.act && scene.act !== act) {
        act = scene.act;
        const heading = el("h2", "act", act);
        heading.dir = "auto";
        script.appendChild(heading);
      }
      const heading = el("h3", "scene", scene.title);
      heading.id = "scene-" + scene.id;
      heading.dir = "auto";
      script.appendChild(heading);
      if (scene.setting) { const setting = el("p", "setting", scene.setting); setting.dir = "auto"; script.appendChild(setting); }
      const cues = data.performers.some((p) => p.id === state.key) ? cueIds(scene) : new Set();
      scene.items.forEach((item) => {
        if (item.kind !== "speech") {
          const line = el("p", item.kind, item.text);
          line.dir = item.dir || "auto";
          script.appendChild(line);
          return;
        }
        const own = isMine(item);
        const node = speechNode(scene, item, cues.has(item.id));
        if (own && rec.on) addRecorder(node, item);
        if (own) tapToReveal(node);
        script.appendChild(node);
      });
    });
  }

  function tapToReveal(node) {
    node.tabIndex = 0;
    node.setAttribute("role", "button");
    node.setAttribute("aria-label", data.labels.line_hidden);
    node.addEventListener("click", () => { if (node.querySelector(".hidden")) asked(node.dataset.line || node.id); reveal(node); });
    node.addEventListener("keydown", (e) => { if (e.key === "Enter") node.click(); });
  }

  function asked(id) {
    // A prompt or a reveal: the drill counts it as a line not yet known (page_drill.js).
    hooks.asked.forEach((f) => f(id));
  }

  function addRecorder(node, item) {
    const button = el("button", "take", "● " + data.labels.rec_record);
    button.type = "button";
    button.dataset.line = item.id;
    button.addEventListener("click", (e) => { e.stopPropagation(); toggleRecording(node, item, button); });
    button.addEventListener("keydown", (e) => e.stopPropagation());
    node.appendChild(button);
  }

  async function toggleRecording(node, item, button) {
    if (rec.active && rec.active.button === button) { rec.active.recorder.stop(); return; }
    if (rec.active) rec.active.recorder.stop();
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (err) {
      showTake(node, null, data.labels.rec_failed.split("{why}").join(err.message || err.name));
      return;
    }
    const chunks = [];
    const recorder = new MediaRecorder(stream);
    const limit = setTimeout(() => recorder.stop(), rec.limits.max_seconds * 1000);
    rec.active = { recorder: recorder, button: button };
    recorder.addEventListener("dataavailable", (e) => { if (e.data.size) chunks.push(e.data); });
    recorder.addEventListener("stop", () => {
      clearTimeout(limit);
      stream.getTracks().forEach((t) => t.stop());
      rec.active = null;
      button.classList.remove("on");
      button.textContent = "● " + data.labels.rec_record;
      showTake(node, new Blob(chunks, { type: recorder.mimeType || "audio/webm" }), null);
    });
    recorder.start(250);
    button.classList.add("on");
    button.textContent = "■ " + data.labels.rec_stop;
  }

  function showTake(node, blob, message) {
    let box = node.nextElementSibling;
    if (!box || !box.classList.contains("takebox")) {
      box = el("div", "takebox");
      node.after(box);
    }
    box.textContent = "";
    const status = el("span", "takestatus", message || "");
    status.setAttribute("role", "status");
    if (blob) {
      const preview = el("audio");
      preview.controls = true;
      preview.src = URL.createObjectURL(blob);
      const keep = el("button", "keep", data.labels.rec_keep);
      keep.type = "button";
      keep.addEventListener("click", () => { keep.disabled = true; upload(node.id, blob, status); });
      box.append(preview, keep);
    }
    box.appendChild(status);
  }

  async function upload(line, blob, status) {
    const query = "?line=" + encodeURIComponent(line) + "&performer=" + encodeURIComponent(state.key);
    try {
      const answer = await fetch("/_stagecast/take" + query, { method: "POST", body: blob,
        headers: { "X-Stagecast-Token": rec.token, "Content-Type": blob.type.split(";")[0] || "audio/webm" } });
      const said = await answer.json();
      status.textContent = answer.ok ? data.labels.rec_saved : data.labels.rec_failed.split("{why}").join(said.error);
    } catch (err) {
      status.textContent = data.labels.rec_failed.split("{why}").join(err.message);
    }
  }

  async function probeRecording() {
    // Offered only when the server says it takes recordings with this token; from file:// (or
    // without the token) the page says how to record instead.
    if (location.protocol.startsWith("http") && rec.token && window.MediaRecorder) {
      try {
        const answer = await fetch("/_stagecast/recording", { headers: { "X-Stagecast-Token": rec.token } });
        if (answer.ok) { rec.limits = await answer.json(); rec.on = true; }
      } catch (err) { /* not served by stagecast serve */ }
    }
    showRecordingNote();
    if (rec.on) { renderScript(); state.current = null; tick(); }
  }

  function showRecordingNote() {
    const note = $("recnote");
    note.textContent = data.labels.rec_needs_serve;
    note.hidden = rec.on || state.key === "read-through" || !data.performers.some((p) => p.id === state.key);
  }

  function chooseTrack() {
    // perform: the performer's own track (their lines as gaps); learn, check and the drill: the
    // read-through, paused at their lines (page_ladder.js).
    const own = data.tracks.find((t) => t.key === state.key);
    const whole = data.tracks.find((t) => t.key === "read-through");
    const track = (state.mode === "perform" ? own || whole : whole || own) || null;
    if (track && track === state.track) return;
    // where the old track is, or is about to be (a seek still waiting for it to load)
    const place = state.track && itemAt(pendingSeek ? pendingSeek.ms : player.currentTime * 1000);
    cancelSeek();  // meant for the old track: on the new one it would land on another line
    state.track = track;
    if (state.track) {
      player.hidden = false;
      now.textContent = "";
      player.src = state.track.audio;
      player.defaultPlaybackRate = player.playbackRate = state.speed;
      // the same line in the other track: changing mode keeps your place
      const same = place && track.items.find((i) => i.id === place.id);
      if (same) seekWhenReady(same.start);
    } else {
      player.hidden = true;
      player.removeAttribute("src");
      now.textContent = data.labels.no_audio;
    }
  }

  function itemAt(ms) {
    const items = state.track ? state.track.items : [];
    let lo = 0, hi = items.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (items[mid].end <= ms) lo = mid + 1;
      else if (items[mid].start > ms) hi = mid - 1;
      else return items[mid];
    }
    return null;
  }

  function highlight(item) {
    const id = item && ["speech", "gap", "tone"].includes(item.kind) ? item.id : null;
    const node = id ? document.getElementById(id) : null;
    if (!node && item && item.scene) followScene(item.scene);
    const key = node ? id + ":" + item.kind : null;
    if (key === state.current) return;
    state.current = key;
    document.querySelectorAll(".current").forEach((n) => n.classList.remove("current", "yourline"));
    if (!node) return;
    node.classList.add("current");
    if ($("scene").value !== node.dataset.scene) $("scene").value = node.dataset.scene;
    if (item.kind !== "speech") node.classList.add("yourline");
    node.scrollIntoView({ block: "center", behavior: "smooth" });
    const who = node.querySelector(".who").textContent;
    now.textContent = (item.kind === "speech" ? data.labels.now : data.labels.your_line).split("{who}").join(who);
  }

  function followScene(sceneId) {
    // A direction or cue opening a scene highlights nothing: the page still shows which scene
    // the track is in (and a performer whose first cue opens a scene sees that scene).
    if ($("scene").value === sceneId) return;
    $("scene").value = sceneId;
    const heading = $("scene-" + sceneId);
    if (heading) heading.scrollIntoView({ block: "start", behavior: "smooth" });
  }

  function tick() {
    highlight(itemAt(player.currentTime * 1000));
    hooks.tick.forEach((f) => f());
  }

  let pendingSeek = null;  // { ms, go }: a seek waiting for the track to load
  function seekWhenReady(ms) {
    cancelSeek();
    const go = () => { pendingSeek = null; player.currentTime = ms / 1000 + 0.001; tick(); };
    if (player.readyState >= 1) { go(); return; }
    pendingSeek = { ms: ms, go: go };
    player.addEventListener("loadedmetadata", go, { once: true });
  }

  function cancelSeek() {
    if (pendingSeek) player.removeEventListener("loadedmetadata", pendingSeek.go);
    pendingSeek = null;
  }

  let polling = null;
  function poll() {
    // timeupdate comes only every quarter second or so: the ladder's pauses and the loop need
    // to act within a few hundredths of one.
    const ms = player.currentTime * 1000;
    hooks.poll.forEach((f) => { if (!player.paused) f(ms); });
  }

  function spokenItems() {
    return state.track ? state.track.items.filter((i) => ["speech", "gap"].includes(i.kind)) : [];
  }

  function step(delta) {
    const items = spokenItems();
    if (!items.length) return;
    const ms = player.currentTime * 1000;
    let index = items.findIndex((i) => i.end > ms);
    if (index < 0) index = items.length - 1;
    if (delta < 0 && items[index].start < ms - 1500) delta = 0;  // back to the start of this line first
    const target = items[Math.max(0, Math.min(items.length - 1, index + delta))];
    player.currentTime = target.start / 1000 + 0.001;
    tick();
  }

  function jumpToScene(sceneId) {
    const heading = $("scene-" + sceneId);
    if (heading) heading.scrollIntoView({ block: "start" });
    const first = state.track && state.track.items.find((i) => i.scene === sceneId);
    if (first) player.currentTime = first.start / 1000 + 0.001;
    tick();
  }

  function setPerformer(key) {
    state.key = key;
    state.current = null;
    hooks.choose.forEach((f) => f(key));
    renderScript();
    chooseTrack();
    renderLinks();
    showRecordingNote();
    hooks.performer.forEach((f) => f(key));
  }

  function rerender() {
    renderScript();
    state.current = null;
    tick();
    hooks.redraw.forEach((f) => f());
  }

  function renderLinks() {
    const nav = $("links");
    nav.textContent = "";
    const p = data.performers.find((x) => x.id === state.key);
    const links = data.links.concat(p ? p.links : []);
    links.forEach((link) => {
      const a = el("a", null, link.label);
      a.href = link.href;
      nav.appendChild(a);
    });
  }

  function setup() {
    const who = $("performer"), scene = $("scene");
    option(who, "read-through", data.labels.everyone);
    data.performers.forEach((p) => option(who, p.id, p.name + " — " + p.roles.map((r) => data.roles[r]).join(", ")));
    data.scenes.forEach((s) => option(scene, s.id, s.title));
    const saved = window.stagecast.chosen();  // page_store.js
    const fromHash = new URLSearchParams(location.hash.slice(1)).get("performer");
    const start = [fromHash, saved].find((k) => k && (k === "read-through" || data.performers.some((p) => p.id === k)));
    who.value = start || "read-through";
    who.addEventListener("change", () => setPerformer(who.value));
    scene.addEventListener("change", () => jumpToScene(scene.value));
    player.addEventListener("timeupdate", tick);
    player.addEventListener("seeked", tick);
    player.addEventListener("play", () => { if (!polling) polling = setInterval(poll, 30); });
    const stopPolling = () => { clearInterval(polling); polling = null; };
    player.addEventListener("pause", stopPolling);
    // A new src (another track) stops the player without a "pause" event: "emptied" says so.
    player.addEventListener("emptied", stopPolling);
    document.addEventListener("keydown", (e) => {
      const tag = (e.target.tagName || "").toLowerCase();
      if (["select", "input", "audio"].includes(tag) || e.altKey || e.ctrlKey || e.metaKey) return;
      if (["button", "summary"].includes(tag) && (e.key === " " || e.key === "Enter")) return;  // the button's own
      if (hooks.key.some((f) => f(e))) { e.preventDefault(); return; }
      if (e.key === " ") { e.preventDefault(); if (player.paused) resume(); else player.pause(); }
      else if (e.key === "ArrowRight") { e.preventDefault(); step(1); }
      else if (e.key === "ArrowLeft") { e.preventDefault(); step(-1); }
      else if (e.key === "r" || e.key === "R") { const c = document.querySelector(".current.mine"); if (c) reveal(c); }
    });
    setPerformer(who.value);
  }

  window.stagecast = {
    data: data, state: state, hooks: hooks, player: player, $: $, el: el, itemAt: itemAt, tick: tick,
    isMine: isMine, words: words, lastWords: lastWords, lineText: lineText, reveal: reveal, give: give,
    resume: resume, speech: (id) => speeches[id], seeking: () => pendingSeek !== null,
    tapToReveal: tapToReveal, asked: asked, chooseTrack: chooseTrack, rerender: rerender, seekWhenReady: seekWhenReady,
    start: () => { setup(); probeRecording(); },
  };
})();
