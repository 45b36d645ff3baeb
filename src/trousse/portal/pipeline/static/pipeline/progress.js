// Live progress of pipeline runs in the workspace: poll the run's JSON status and update the page.
// Self-hosted (the CSP allows scripts from 'self' only, and no inline script); without JavaScript the
// page still shows the stage and percentage it was rendered with, and a Refresh link.
(function () {
  "use strict";
  if (window.troussePipelineProgress) { return; }  // one copy, even when several panels include it
  window.troussePipelineProgress = true;
  var EVERY_MS = 2000;

  function watch(box) {
    var url = box.getAttribute("data-pipeline-run");
    var labels = {};
    try { labels = JSON.parse(box.getAttribute("data-labels") || "{}"); } catch (e) { labels = {}; }
    var bar = box.querySelector("progress");
    var message = box.querySelector("[data-pipeline-message]");
    var lastText = message ? message.textContent : "";

    function say(text) {
      // Only when it changes: a polite live region read again every 2 seconds would be noise.
      if (message && text !== lastText) { message.textContent = text; lastText = text; }
    }

    function poll() {
      fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (run) {
          if (!run) { return; }
          if (bar) { bar.value = run.progress; bar.textContent = run.progress + " %"; }
          if (run.status === "queued" || run.status === "running") {
            say((labels[run.stage] || run.stage) + box.getAttribute("data-separator") + run.progress + " %");
            window.setTimeout(poll, EVERY_MS);
            return;
          }
          var outcome = run.error ? run.error.message
            : (run.valid ? box.getAttribute("data-valid-text")
              : box.getAttribute("data-errors-text").replace("{count}", String(run.error_count)));
          say(box.getAttribute("data-done-text") + " " + outcome + " " + box.getAttribute("data-reload-text"));
        })
        .catch(function () { window.setTimeout(poll, EVERY_MS * 3); });
    }
    window.setTimeout(poll, EVERY_MS);
  }

  function start() {
    var boxes = document.querySelectorAll("[data-pipeline-run]");
    for (var i = 0; i < boxes.length; i++) { watch(boxes[i]); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
}());
