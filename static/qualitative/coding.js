// Coding page: turn a text selection in the source into character offsets for the form.
// Offsets count Unicode code points, as Python string indexes do on the server.
(function () {
  "use strict";

  var container = document.getElementById("source-text");
  var form = document.getElementById("coding-form");
  if (!container || !form) return;
  var startInput = form.querySelector("[name=start]");
  var endInput = form.querySelector("[name=end]");
  var quoteInput = form.querySelector("[name=quote]");

  function codePoints(text) {
    return Array.from(text).length;
  }

  function capture() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    var range = selection.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return;
    var before = document.createRange();
    before.selectNodeContents(container);
    before.setEnd(range.startContainer, range.startOffset);
    var selected = range.toString();
    if (!selected.trim()) return;
    var start = codePoints(before.toString());
    startInput.value = String(start);
    endInput.value = String(start + codePoints(selected));
    if (quoteInput) quoteInput.value = selected;
  }

  document.addEventListener("selectionchange", capture);
  container.addEventListener("mouseup", capture);
  container.addEventListener("keyup", capture);
})();
