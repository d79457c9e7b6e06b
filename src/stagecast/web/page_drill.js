"use strict";
// The drill, as `rehearse --shuffle` runs it (playback/drill.py, whose numbers page_data passes):
// the performer's lines in random order, each with its cue (and the cue's audio from the
// read-through); a line in a lower Leitner box comes first, a line you needed a prompt for drops
// to box 0 and comes back a few lines later, and the end lists the weakest lines by scene.
(function () {
  const sc = window.stagecast, data = sc.data, state = sc.state, player = sc.player, $ = sc.$, el = sc.el;
  const box = $("drill"), script = $("script");
  // lines: the cards, a prompted line again a few cards later; numbers: each line's number,
  // given when it is first asked (a line coming back keeps it, and "of N" counts lines, not cards)
  const run = { lines: [], index: 0, again: {}, counts: {}, asked: false, stopAt: null, numbers: {} };

  function lines() {
    // Each of the performer's lines with its cue: the speech before it in the scene, and the
    // directions and cues between (cueing.py's rule).
    const out = [];
    data.scenes.forEach((scene) => {
      let before = null, between = [];
      scene.items.forEach((item) => {
        if (item.kind !== "speech") { between.push(item); return; }
        if (sc.isMine(item)) out.push({ scene: scene, line: item, before: before, between: between });
        before = item;
        between = [];
      });
    });
    return out;
  }

  function boxOf(id) {
    return id in state.boxes ? state.boxes[id] : data.drill.new;
  }

  function start() {
    const order = lines();
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    // lowest boxes first; Array.prototype.sort is stable, so the shuffle stays within a box
    order.sort((x, y) => boxOf(x.line.id) - boxOf(y.line.id));
    Object.assign(run, { lines: order, index: 0, again: {}, counts: {}, asked: false, numbers: {} });
    state.weak = {};
    show();
  }

  function button(label, action, cls) {
    const b = el("button", cls || null, label);
    b.type = "button";
    b.addEventListener("click", action);
    return b;
  }

  function cueNode(entry) {
    const cue = el("div", "drillcue");
    cue.appendChild(el("span", "label", data.labels.cue + ": "));
    const before = entry.before;
    if (before && sc.isMine(before)) {
      // your own line, a monologue going on: its last words as first letters, as `rehearse`
      // shows such a cue, so the card neither gives that line away nor leaves you no cue
      const words = el("span", "text hidden letters", sc.lastWords(before, state.cueWords || data.cue_words, true));
      if (before.lang) words.lang = before.lang;
      cue.append(before.who + ": ", words);
    } else if (before) {
      const words = el("span", "text", sc.lastWords(before, state.cueWords || data.cue_words));
      if (before.lang) words.lang = before.lang;
      cue.append(before.who + ": ", words);
    } else {
      cue.append(entry.scene.interval ? data.labels.after_interval : data.labels.scene_opens);
    }
    entry.between.forEach((item) => cue.append(" ", el("span", "between", "[" + item.text + "]")));
    return cue;
  }

  function show() {
    box.textContent = "";
    if (run.index >= run.lines.length) { end(); return; }
    const entry = run.lines[run.index], line = entry.line;
    const back = line.id in run.numbers;
    if (!back) run.numbers[line.id] = Object.keys(run.numbers).length + 1;
    const total = new Set(run.lines.map((e) => e.line.id)).size;
    const count = data.labels[back ? "drill_count_again" : "drill_count"].split("{n}").join(run.numbers[line.id])
      .split("{total}").join(total);
    box.appendChild(el("p", "drillpos", count + " · " + entry.scene.title));
    box.appendChild(cueNode(entry));
    const heard = entry.before && state.track && state.track.items.find((i) => i.id === entry.before.id);
    const node = el("div", "speech mine");
    node.dataset.line = line.id;
    node.append(el("span", "who", line.who), ": ");
    if (line.delivery) node.append(el("span", "delivery", "(" + line.delivery + ")"), " ");
    node.appendChild(sc.lineText(line, true));
    sc.tapToReveal(node);
    box.appendChild(node);
    const buttons = el("div", "drillbuttons");
    if (heard && !sc.isMine(entry.before)) {
      buttons.appendChild(button(data.labels.drill_hear_cue, () => hear(heard, entry.before)));
    }
    buttons.append(button(data.labels.prompt_button, sc.prompt, "prompt"),
                   button(data.labels.drill_show, () => node.click()),
                   button(data.labels.drill_next, next, "next"));
    box.appendChild(buttons);
  }

  function hear(item, speech) {
    player.currentTime = cueStart(item, speech) / 1000 + 0.001;
    run.stopAt = item.end;
    sc.resume();
  }

  function cueStart(item, speech) {
    // With cue words set, only the cue's last N words, as the terminal says them: the timeline
    // times whole speeches (and, in a speech of several languages, each language's part), so
    // where those words begin is estimated by characters, counted back from the end.
    if (!state.cueWords) return item.start;
    const all = sc.words(speech);
    if (all.length <= state.cueWords) return item.start;
    const whole = all.join(" ").length, tail = all.slice(-state.cueWords).join(" ").length;
    const parts = item.parts && item.parts.length ? item.parts : [{ start: item.start, end: item.end, chars: whole }];
    let left = tail / whole * parts.reduce((n, p) => n + p.chars, 0);
    for (let i = parts.length - 1; i >= 0; i--) {
      const p = parts[i];
      if (left <= p.chars) return Math.max(item.start, p.end - (p.end - p.start) * left / (p.chars || 1));
      left -= p.chars;
    }
    return item.start;
  }

  function next() {
    const id = run.lines[run.index].line.id;
    // a line prompted earlier in this run stays weak, though said well when it came back
    const prompted = run.asked || id in run.counts;
    state.boxes[id] = prompted ? 0 : Math.min(data.drill.top, boxOf(id) + 1);
    if (run.asked && (run.again[id] || 0) < data.drill.max_again) {
      run.again[id] = (run.again[id] || 0) + 1;
      run.lines.splice(Math.min(run.lines.length, run.index + 1 + data.drill.again), 0, run.lines[run.index]);
    }
    run.index += 1;
    run.asked = false;
    sc.save();
    show();
  }

  function asked(id) {
    if (state.mode !== "drill") return;
    run.asked = true;
    run.counts[id] = (run.counts[id] || 0) + 1;
    state.weak = Object.assign({}, run.counts);
    sc.save();
  }

  function end() {
    // The weakest lines of this run under their scenes, in play order, the most prompted first.
    const weak = run.counts;
    box.appendChild(el("p", "drilldone", Object.keys(weak).length ? data.labels.weakest : data.labels.no_prompts));
    data.scenes.forEach((scene) => {
      const here = scene.items.filter((i) => i.kind === "speech" && weak[i.id]);
      if (!here.length) return;
      box.appendChild(el("h3", "scene", scene.title));
      const list = el("ul", "weakest");
      here.sort((x, y) => weak[y.id] - weak[x.id] || x.n - y.n).forEach((i) => {
        const text = i.parts.map((p) => (p.t !== undefined ? p.t : "(" + p.p + ")")).join(" ");
        const times = data.labels.prompts_needed.split("{n}").join(weak[i.id]);
        const item = el("li", null, "#" + i.n + " " + i.who + " (" + times + "): " + text);
        item.dataset.line = i.id;
        list.appendChild(item);
      });
      box.appendChild(list);
    });
    box.appendChild(el("div", "drillbuttons")).appendChild(button(data.labels.drill_again, start, "next"));
  }

  function mode() {
    const on = state.mode === "drill" && data.performers.some((p) => p.id === state.key);
    run.stopAt = null;  // a cue heard in the drill is not stopped in another mode's track
    box.hidden = !on;
    script.hidden = on;
    if (on) start();
  }

  sc.hooks.poll.push((ms) => {
    if (run.stopAt !== null && ms >= run.stopAt) {
      player.pause();
      player.currentTime = run.stopAt / 1000;  // where the cue ends, should the poll have come late
      run.stopAt = null;
    }
  });
  // Paused by hand before its end: the cue is over, and a later play is not cut short there.
  player.addEventListener("pause", () => { run.stopAt = null; });
  sc.hooks.key.push((e) => {
    if (state.mode !== "drill" || box.hidden || e.key !== "Enter" || e.target.closest(".speech")) return false;
    if (run.index < run.lines.length) next();
    return true;
  });
  sc.hooks.asked.push(asked);
  sc.hooks.mode.push(mode);
  sc.hooks.performer.push(mode);
  sc.hooks.redraw.push(() => { if (state.mode === "drill" && !box.hidden && run.index < run.lines.length) show(); });
  sc.drill = run;
})();
