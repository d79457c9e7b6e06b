"use strict";
// "Line?" — a prompt by degrees, as `rehearse`'s p gives it: the first word, then the next few,
// then the whole line. And how the performer's lines and cues are shown: first letters, the
// first N words only, and short cues (the last N words of each cue, by cueing.last_words' rule).
(function () {
  const sc = window.stagecast, data = sc.data, state = sc.state, $ = sc.$;

  function lineNow() {
    // The line a prompt is for: the drill's, the current one if it is yours, else your next.
    if (state.mode === "drill") return document.querySelector("#drill .mine");
    const current = document.querySelector("#script .current");
    if (current && current.classList.contains("mine")) return current;
    const mine = [...document.querySelectorAll("#script .mine")];
    const after = current && mine.find((n) => current.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING);
    return after || (current ? null : mine[0]) || null;
  }

  function prompt() {
    const node = lineNow();
    if (!node) return;
    const degree = Number(node.dataset.degree || 0) + 1;
    node.dataset.degree = degree;
    const count = degree < 3 ? data.prompt.first + data.prompt.next * (degree - 1) : Infinity;
    sc.give(node, count);
    sc.asked(node.dataset.line || node.id);
    if (state.mode !== "drill") node.scrollIntoView({ block: "center" });
  }

  function option(id, field, read) {
    $(id).addEventListener("change", (e) => {
      state[field] = read(e.target);
      sc.rerender();
      sc.save();
    });
  }

  option("letters", "letters", (t) => t.checked);
  option("firstwords", "firstWords", (t) => Number(t.value));
  option("cuewords", "cueWords", (t) => Number(t.value));
  $("prompt").addEventListener("click", prompt);
  sc.hooks.key.push((e) => {
    if (e.key !== "p" && e.key !== "P") return false;
    prompt();
    return true;
  });
  sc.prompt = prompt;
})();
