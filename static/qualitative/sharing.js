// Research sharing: selecting words of the shared summary copies them into the passage box.
(function () {
  "use strict";

  var summary = document.getElementById("shared-summary");
  var passage = document.querySelector("textarea[name=passage]");
  if (!summary || !passage) return;

  function capture() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    var range = selection.getRangeAt(0);
    if (!summary.contains(range.startContainer) || !summary.contains(range.endContainer)) return;
    var selected = range.toString();
    if (selected.trim()) passage.value = selected.trim();
  }

  document.addEventListener("selectionchange", capture);
})();
