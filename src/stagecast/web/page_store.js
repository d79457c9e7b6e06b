"use strict";
// Each performer's choices and place, in this browser's local storage: the mode, where the
// track was, first letters/words, cue words, speed and the drill's boxes and weak lines. One
// entry per play and performer (two plays, or two performers sharing a phone, never mix);
// a missing or unreadable entry is ignored and the defaults are used.
(function () {
  const sc = window.stagecast, data = sc.data, state = sc.state, player = sc.player, $ = sc.$;
  const MODES = ["learn", "check", "perform", "drill"], SPEEDS = [0.75, 1, 1.25, 1.5];
  let saved = {}, owner = null, lastSave = 0;

  function key(who) {
    return "stagecast:" + JSON.stringify([data.title, data.subtitle || "", who]);
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
    state.mode = MODES.includes(saved.mode) ? saved.mode : "perform";
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
    // back where this performer was, in the same track
    const pos = saved.pos;
    if (who === state.key && pos && state.track && pos.audio === state.track.audio && Number.isFinite(pos.ms)) {
      sc.seekWhenReady(Math.max(0, pos.ms));
    }
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

  sc.hooks.choose.push(restore);
  sc.hooks.performer.push(place);
  sc.hooks.tick.push(() => {
    if (Date.now() - lastSave > 1000 && player.readyState >= 1) { lastSave = Date.now(); save(); }
  });
  player.addEventListener("pause", save);
  window.addEventListener("pagehide", save);
  sc.save = save;
})();
