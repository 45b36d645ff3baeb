// Copy buttons for the "Use this data" panel: progressive enhancement. Without JavaScript the buttons
// stay hidden and the code is ordinary selectable text. Loaded as a file (the CSP allows no inline script).
(function () {
  "use strict";

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copy(text, element) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Older browsers and plain-HTTP sites: copy the selection the old way.
    selectText(element);
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function setUp(panel) {
    var status = panel.querySelector(".copy-status");
    panel.querySelectorAll(".copy-button").forEach(function (button) {
      var code = document.getElementById(button.getAttribute("data-copy-target"));
      if (!code) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        copy(code.textContent, code).then(function () {
          status.textContent = panel.getAttribute("data-copied");
        }, function () {
          selectText(code);
          status.textContent = panel.getAttribute("data-copy-failed");
        });
      });
    });
  }

  function start() {
    document.querySelectorAll(".use-data").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
