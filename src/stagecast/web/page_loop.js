"use strict";
// A–B: the track loops over a stretch until cleared — from the line A was set on to the end of
// the line B was set on, or a whole scene. And the speed of the track (0.75×–1.5×), its pitch kept.
(function () {
  const sc = window.stagecast, data = sc.data, state = sc.state, player = sc.player, $ = sc.$;
  const loop = { a: null, b: null };
  const numbers = {};
  data.scenes.forEach((s) => s.items.forEach((i) => { if (i.kind === "speech") numbers[i.id] = "#" + i.n + " " + i.who; }));

  function lineAt() {
    // The line playing, or (between lines) the next one.
    const items = state.track ? state.track.items.filter((i) => numbers[i.id]) : [];
    const ms = player.currentTime * 1000;
    return items.find((i) => i.end > ms) || items[items.length - 1] || null;
  }

  function show() {
    const on = loop.a && loop.b;
    const note = $("loopnote");
    note.hidden = !loop.a;
    note.textContent = loop.a ? data.labels.looping.split("{from}").join(numbers[loop.a.id])
      .split("{to}").join(loop.b ? numbers[loop.b.id] : "…") : "";
    $("loop-clear").hidden = !loop.a;
    document.body.classList.toggle("looping", Boolean(on));
  }

  function set(end) {
    const item = lineAt();
    if (!item) return;
    if (end) loop.b = item; else loop.a = item;
    if (!loop.a) loop.a = item;
    if (loop.b && loop.b.end <= loop.a.start) [loop.a, loop.b] = [loop.b, loop.a];
    show();
  }

  function scene() {
    const here = lineAt(), id = here ? here.scene : $("scene").value;
    const items = state.track ? state.track.items.filter((i) => i.scene === id && numbers[i.id]) : [];
    if (!items.length) return;
    loop.a = items[0];
    loop.b = items[items.length - 1];
    show();
    // outside the scene (before its first line, or past the track's last line): to its start
    const ms = player.currentTime * 1000;
    if (ms < loop.a.start || ms >= loop.b.end) player.currentTime = loop.a.start / 1000;
  }

  function clear() {
    loop.a = loop.b = null;
    show();
  }

  function poll(ms) {
    if (loop.a && loop.b && ms >= loop.b.end) {
      player.currentTime = loop.a.start / 1000 + 0.001;
      sc.tick();
    }
  }

  function speed() {
    // preservesPitch: a faster line is not a higher voice. Setting src resets playbackRate to
    // defaultPlaybackRate, so both are set (chooseTrack sets them too).
    player.preservesPitch = true;
    if ("webkitPreservesPitch" in player) player.webkitPreservesPitch = true;
    player.defaultPlaybackRate = player.playbackRate = state.speed;
  }

  $("loop-a").addEventListener("click", () => set(false));
  $("loop-b").addEventListener("click", () => set(true));
  $("loop-scene").addEventListener("click", scene);
  $("loop-clear").addEventListener("click", clear);
  $("speed").addEventListener("change", (e) => { state.speed = Number(e.target.value); speed(); sc.save(); });
  sc.hooks.poll.push(poll);
  sc.hooks.performer.push(() => { clear(); speed(); });
  sc.hooks.mode.push(clear);  // another track: other times
  sc.loop = loop;
})();
