// Coding page: a selection in the source text becomes the passage to code. Its position is
// sent in hidden fields as Unicode code points (as Python counts them on the server) and is
// never shown: the researcher sees and hears the selected words. The theme tree (nested
// <details>, usable without this script) can be filtered by typing part of a theme's name.
// A coding's stripe opens its panel (fetched by htmx) and marks its passage in the text;
// applying and removing codings update the text in place and are announced in the page's
// live regions (the server writes what they say).
(function () {
  "use strict";

  var container = document.getElementById("source-text");
  var form = document.getElementById("coding-form");
  if (!container || !form) return;
  var startInput = form.querySelector("[name=start]");
  var endInput = form.querySelector("[name=end]");
  var quoteInput = form.querySelector("[name=quote]");
  var status = document.getElementById("selection-status");
  var announced = "";
  var idle = status ? status.textContent : "";

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
    if (status && selected !== announced) {
      announced = selected;
      var words = selected.trim().split(/\s+/).length;
      status.textContent =
        "Selected " + words + (words === 1 ? " word: " : " words: ") + "“" +
        (selected.length > 80 ? selected.slice(0, 80) + "…" : selected) + "”. Tick themes, then Apply themes.";
    }
  }

  document.addEventListener("selectionchange", capture);
  container.addEventListener("mouseup", capture);
  container.addEventListener("keyup", capture);

  // Keyboard: the text is focusable; a caret lets Shift+arrows select within it.
  container.addEventListener("focus", function () {
    var selection = window.getSelection();
    if (selection && selection.rangeCount && container.contains(selection.anchorNode)) return;
    var walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    var first = walker.nextNode();
    if (first && selection) selection.collapse(first, 0);
  });

  // Arrow keys move a caret in the text; with Shift they extend the selection (Ctrl or Alt:
  // by word; Up/Down: by line), as in a word processor.
  var KEYS = { ArrowLeft: "backward", ArrowRight: "forward", ArrowUp: "backward", ArrowDown: "forward" };
  container.addEventListener("keydown", function (event) {
    if (event.target !== container) return; // a stripe has the focus
    var direction = KEYS[event.key];
    var selection = window.getSelection();
    if (!direction || !selection || !selection.modify) return;
    var granularity = event.key === "ArrowUp" || event.key === "ArrowDown" ? "line"
      : event.ctrlKey || event.altKey ? "word" : "character";
    selection.modify(event.shiftKey ? "extend" : "move", direction, granularity);
    event.preventDefault();
    capture();
  });

  // The theme tree: typing part of a theme's name (or of its parent's) shows the matching
  // themes with the branches that lead to them, opened; the branches' own boxes are hidden
  // so Tab goes from the filter straight to the first match. Clearing it shows the whole tree.
  var filter = form.querySelector("[data-theme-filter]");
  if (filter) {
    var openBefore = new Map();
    filter.addEventListener("input", function () {
      var term = filter.value.trim().toLowerCase();
      var nodes = Array.prototype.slice.call(form.querySelectorAll(".theme-node"));
      if (term && openBefore.size === 0) {
        form.querySelectorAll(".theme-children").forEach(function (details) {
          openBefore.set(details, details.open);
        });
      }
      // Deepest first, so a branch knows whether anything below it matches.
      nodes.reverse().forEach(function (node) {
        var row = node.querySelector(":scope > .form-check");
        var details = node.querySelector(":scope > .theme-children");
        var summary = details && details.querySelector(":scope > summary");
        if (!term) {
          node.classList.remove("d-none");
          if (row) row.classList.remove("d-none");
          if (summary) summary.classList.remove("d-none");
          if (details && openBefore.has(details)) details.open = openBefore.get(details);
          return;
        }
        var label = row && row.querySelector("label");
        var own = !!label && label.textContent.toLowerCase().indexOf(term) !== -1;
        var below = !!details && !!details.querySelector(".theme-node:not(.d-none)");
        node.classList.toggle("d-none", !own && !below);
        if (row) row.classList.toggle("d-none", !own);
        if (summary) summary.classList.toggle("d-none", !own);
        if (details && below) details.open = true;
      });
      if (!term) openBefore.clear();
    });
  }
  // --- Coding stripes and the coding panel ---------------------------------------------
  var panel = document.getElementById("coding-detail");
  var opener = null;

  function markPassage() {
    var shown = panel && panel.querySelector("[data-coding-detail]");
    var excerpt = shown ? shown.getAttribute("data-excerpt") : "";
    var first = null;
    container.querySelectorAll("mark[data-excerpts]").forEach(function (mark) {
      var marked = !!excerpt && mark.getAttribute("data-excerpts").split(" ").indexOf(excerpt) !== -1;
      mark.classList.toggle("qual-focus", marked);
      if (marked && !first) first = mark;
    });
    return first;
  }

  function closePanel() {
    if (!panel) return;
    panel.innerHTML = "";
    markPassage();
    if (opener && document.body.contains(opener)) opener.focus();
    else container.focus();
    opener = null;
  }

  // A stripe is a link: Space opens it too, as it would a button.
  container.addEventListener("keydown", function (event) {
    var stripe = event.target.closest && event.target.closest("[data-coding-stripe]");
    if (!stripe || (event.key !== " " && event.key !== "Spacebar")) return;
    event.preventDefault();
    stripe.click();
  });

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var stripe = event.detail.elt.closest && event.detail.elt.closest("[data-coding-stripe]");
    if (stripe) opener = stripe;
  });

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (!panel || event.detail.target !== panel) return;
    var first = markPassage();
    if (first) first.scrollIntoView({ block: "nearest" });
    var heading = panel.querySelector("#coding-detail-heading");
    if (heading) heading.focus();
  });

  // The text is rendered anew after each change: mark the open coding's passage again, and
  // bring what was said (or went wrong) into view for those who read rather than listen.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    markPassage();
    if (event.detail.target === panel) return; // a coding opened: its heading has the focus
    ["coding-alert", "coding-status"].some(function (id) {
      var region = document.getElementById(id);
      if (!region || !region.firstElementChild) return false;
      region.scrollIntoView({ block: "nearest" });
      return true;
    });
  });

  if (panel) {
    panel.addEventListener("click", function (event) {
      var close = event.target.closest("[data-coding-close]");
      if (!close) return;
      event.preventDefault();
      closePanel();
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && panel.querySelector("[data-coding-detail]")) closePanel();
    });
  }

  // After the themes are applied: a fresh selection and fresh boxes for the next passage.
  document.body.addEventListener("coding-applied", function () {
    startInput.value = "";
    endInput.value = "";
    if (quoteInput) quoteInput.value = "";
    announced = "";
    if (status) status.textContent = idle;
    form.querySelectorAll("input[name=themes]:checked").forEach(function (box) {
      box.checked = false;
    });
    var memo = form.querySelector("[name=memo]");
    if (memo) memo.value = "";
    var selection = window.getSelection();
    if (selection) selection.removeAllRanges();
  });

  // After a removal the button pressed is gone: the focus returns to the text.
  document.body.addEventListener("coding-removed", function () {
    opener = null;
    if (!document.activeElement || document.activeElement === document.body) container.focus();
  });
})();
