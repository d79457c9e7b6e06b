"use strict";
// Which performer was chosen, and each one's choices and place, in this browser's local
// storage: the mode, where the track was, first letters/words, cue words, speed and the drill's
// boxes and weak lines. One entry per play and performer (two plays, or two performers sharing
// a phone, never mix); a missing or unreadable entry is ignored and the defaults are used.
(function () {
  const sc = window.stagecast, data = sc.data, state = sc.state, player = sc.player, $ = sc.$;
  const MODES = ["learn", "check", "perform", "drill"], SPEEDS = [0.75, 1, 1.25, 1.5];
  // As `rehearse` opens: check (you say each line, then hear it) asks something of a first-timer
  // without leaving them stuck on a line they never heard, as perform would (docs/rehearse.md).
  const DEFAULT_MODE = "check";
  let saved = {}, owner = null, lastSave = 0;

  function key(who) {
    return "stagecast:" + JSON.stringify([data.title, data.subtitle || "", who]);
  }

  // The chosen performer, by title and subtitle as the rest is, so two versions of a play with one
  // title keep their own; one chosen on an older page, kept under the title alone, is read once.
  const CHOICE = "stagecast:" + JSON.stringify([data.title, data.subtitle || ""]), OLD = "stagecast:" + data.title;

  function chosen() {
    try {
      const value = localStorage.getItem(CHOICE), old = localStorage.getItem(OLD);
      localStorage.removeItem(OLD);
      return value === null ? old : value;
    } catch (e) {
      return null;  // private mode
    }
  }

  function load(who) {
    try {
      const value = JSON.parse(localStorage.getItem(key(who)));
      return value && typeof value === "object" && !Array.isArray(value) ? value : {};
    } catch (e) {
      return {};  // private mode, or an entry that is not JSON
    }
  }

  function counts(value, low, high) {
    // line id → a whole number in low..high; anything else in it is dropped
    const out = {};
    if (value && typeof value === "object" && !Array.isArray(value)) {
      Object.keys(value).forEach((id) => {
        const n = value[id];
        if (Number.isInteger(n) && n >= low && n <= high) out[id] = n;
      });
    }
    return out;
  }

  function number(value, low, high, otherwise) {
    return Number.isInteger(value) && value >= low && value <= high ? value : otherwise;
  }

  function restore(who) {
    if (owner && owner !== who) save(owner);  // the one chosen before, as they left it
    owner = who;
    saved = load(who);
    state.mode = MODES.includes(saved.mode) ? saved.mode : DEFAULT_MODE;
    state.letters = saved.letters === true;
    state.firstWords = number(saved.firstWords, 0, 5, 0);
    state.cueWords = number(saved.cueWords, 0, 8, 0);
    state.speed = SPEEDS.includes(saved.speed) ? saved.speed : 1;
    state.boxes = counts(saved.boxes, 0, data.drill.top);
    state.weak = counts(saved.weak, 1, 1e6);
    $("mode").value = state.mode;
    $("letters").checked = state.letters;
    $("firstwords").value = String(state.firstWords);
    $("cuewords").value = String(state.cueWords);
    $("speed").value = String(state.speed);
  }

  function place(who) {
    // back where this performer was, in the same track; else, as `rehearse` starts, at their
    // first line's cue (not at 0:00 of a scene they are not in)
    const pos = saved.pos;
    if (who !== state.key || !state.track) return;
    if (pos && pos.audio === state.track.audio && Number.isFinite(pos.ms)) sc.seekWhenReady(Math.max(0, pos.ms));
    else if (data.performers.some((p) => p.id === who)) {
      const ms = firstCue();
      if (ms !== null) sc.seekWhenReady(ms);
    }
  }

  function firstCue() {
    // The start of the speech that cues the performer's first line (the one just before it in
    // its scene, over any direction between), or of the scene's first item if that line opens it.
    const items = state.track.items;
    const at = items.findIndex((i) => sc.speech(i.id) && sc.isMine(sc.speech(i.id)));
    if (at < 0) return null;
    let from = at;
    for (let i = at - 1; i >= 0 && items[i].scene === items[at].scene; i--) {
      from = i;
      if (items[i].kind === "speech") break;
    }
    return items[from].start;
  }

  function save(who) {
    who = typeof who === "string" ? who : owner;
    if (!who) return;
    const pos = state.track && player.readyState >= 1 ? { audio: state.track.audio, ms: Math.round(player.currentTime * 1000) }
      : saved.pos;
    saved = { version: 1, mode: state.mode, letters: state.letters, firstWords: state.firstWords,
              cueWords: state.cueWords, speed: state.speed, pos: pos, boxes: state.boxes, weak: state.weak };
    try { localStorage.setItem(key(who), JSON.stringify(saved)); } catch (e) { /* private mode, or full */ }
  }

  sc.hooks.choose.push((who) => {
    try { localStorage.setItem(CHOICE, who); } catch (e) { /* private mode */ }
  });
  sc.hooks.choose.push(restore);
  sc.hooks.performer.push(place);
  sc.hooks.tick.push(() => {
    if (Date.now() - lastSave > 1000 && player.readyState >= 1) { lastSave = Date.now(); save(); }
  });
  player.addEventListener("pause", save);
  window.addEventListener("pagehide", save);
  sc.save = save;
  sc.chosen = chosen;
})();
