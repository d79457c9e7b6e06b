"use strict";
// Last of the page's scripts: every feature has hooked in, so the page can start.
window.stagecast.start();
