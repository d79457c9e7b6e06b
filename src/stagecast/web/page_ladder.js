"use strict";
// The ladder (docs/rehearse.md) on the read-through track, with no other audio file: at each of
// the performer's lines, learn lets the line play and then pauses for about its length (your
// turn to say it); check pauses first (say it) and then plays the line (check yourself).
// perform is the performer's own track, their lines already gaps in it. As in the terminal, the
// line is shown while it is read (learn: before your gap; check: after it) and hidden for the gap.
(function () {
  const sc = window.stagecast, data = sc.data, state = sc.state, player = sc.player, $ = sc.$;
  // handled: the line whose gap was given (not again until the track leaves it); heard: the
  // line playing now in learn mode (its gap comes when it ends); ours: a pause or seek we made.
  const ladder = { timer: null, handled: null, heard: null, ours: false };

  function laddered() {
    return (state.mode === "learn" || state.mode === "check") && state.track && state.track.key === "read-through" &&
      data.performers.some((p) => p.id === state.key);
  }

  function speechOf(item) {
    const node = item && item.kind === "speech" ? document.getElementById(item.id) : null;
    return node && node.classList.contains("mine") ? node : null;
  }

  function setPhase(kind, node) {
    const box = $("phase");
    document.querySelectorAll(".saying").forEach((n) => n.classList.remove("saying"));
    box.hidden = !kind;
    box.className = "phase" + (kind ? " " + kind : "");
    box.textContent = kind ? data.labels["phase_" + kind] : "";
    if (kind === "say" && node) node.classList.add("saying");
  }

  function conceal(node) {
    // The line hidden again as it was first shown (a prompt's degrees start again), so each
    // time it comes round (a loop, a replay) it tests you again.
    const item = sc.speech(node.id), text = node.querySelector(":scope > .text");
    if (!item || !text) return;
    text.replaceWith(sc.lineText(item, true));
    delete node.dataset.degree;
    node.setAttribute("aria-label", data.labels.line_hidden);
  }

  function gap(item, node, after) {
    // Your turn: the track waits about as long as the line takes to say (at this speed).
    ladder.handled = item;
    conceal(node);
    player.pause();
    // check: back to where the line starts; learn: to where it ended, if a poll came late
    const at = after ? Math.min(player.currentTime * 1000, item.end) : item.start + 1;
    if (Math.abs(at - player.currentTime * 1000) > 1) { ladder.ours = true; player.currentTime = at / 1000; }
    setPhase("say", node);
    const wait = Math.max(1000, (item.end - item.start) / (player.playbackRate || 1));
    ladder.timer = setTimeout(() => {
      ladder.timer = null;
      setPhase(after ? null : "check");
      if (!after) sc.reveal(node);  // check: see it as you hear it
      sc.resume();
    }, wait);
  }

  function poll(ms) {
    if (!laddered()) return;
    if (ladder.handled && (ms < ladder.handled.start - 100 || ms > ladder.handled.end + 500)) ladder.handled = null;
    if (state.mode === "check") {
      const next = sc.itemAt(ms + 60), node = speechOf(next);
      if (node && next !== ladder.handled && ms < next.start + 250) { gap(next, node, false); return; }
      if (!node && !ladder.timer) setPhase(null);
      return;
    }
    const item = sc.itemAt(ms), node = speechOf(item);
    if (node && item !== ladder.handled && ladder.heard !== item) {
      ladder.heard = item;
      setPhase("listen");
      sc.reveal(node);  // learn: see it as you hear it
    }
    const heard = ladder.heard;
    if (heard && heard !== ladder.handled && ms >= heard.end - 50 && ms <= heard.end + 500) {
      gap(heard, document.getElementById(heard.id), true);
      ladder.heard = null;
    } else if (!node && !ladder.timer && !(heard && ms < heard.end)) {
      ladder.heard = null;
      setPhase(null);
    }
  }

  function cancel() {
    // You took over (play, or a jump elsewhere): no gap is waiting any more.
    if (ladder.timer) { clearTimeout(ladder.timer); ladder.timer = null; setPhase(state.mode === "check" ? "check" : null); }
  }

  function reset() {
    cancel();
    ladder.handled = ladder.heard = null;
    setPhase(null);
    const performer = data.performers.some((p) => p.id === state.key);
    $("modebox").hidden = $("prompt").hidden = !performer;
  }

  player.addEventListener("play", cancel);
  player.addEventListener("seeking", () => {
    if (ladder.ours) { ladder.ours = false; return; }
    if (ladder.timer) { cancel(); setPhase(null); }
    const shown = ladder.heard && document.getElementById(ladder.heard.id);
    if (shown) { conceal(shown); setPhase(null); }  // left while it was read to you: hidden till it comes round
    ladder.handled = ladder.heard = null;
  });
  $("mode").addEventListener("change", (e) => {
    state.mode = e.target.value;
    reset();
    sc.chooseTrack();
    sc.hooks.mode.forEach((f) => f());
    sc.save();
  });
  sc.hooks.poll.push(poll);
  sc.hooks.performer.push(reset);
  sc.ladder = { setPhase: setPhase };
})();
