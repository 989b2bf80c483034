// peerwork behaviour: progressive enhancement only; every page works without it.
(function () {
  "use strict";

  // htmx would inject a <style> for its indicators, which the strict CSP blocks; the same
  // rules live in peerwork.css. Runs before DOMContentLoaded, when htmx reads its config.
  if (window.htmx) window.htmx.config.includeIndicatorStyles = false;

  // Formsets: a button with data-formset-add="prefix" clones the empty form template.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add]");
    if (!button) return;
    event.preventDefault();
    var prefix = button.getAttribute("data-formset-add");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.getElementById(prefix + "-empty-form");
    var target = document.getElementById(prefix + "-forms");
    if (!total || !template || !target) return;
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    target.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    if (window.htmx) window.htmx.process(target.lastElementChild);
    var first = target.lastElementChild && target.lastElementChild.querySelector("input, select, textarea");
    if (first) first.focus();
  });

  // Confirm destructive actions marked with data-confirm. A form htmx sends has had its
  // submit event taken by htmx (default prevented): it asks before the request instead.
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return;
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
  document.addEventListener("htmx:confirm", function (event) {
    var message = event.detail.elt.getAttribute("data-confirm");
    if (!message) return;
    event.preventDefault();
    if (window.confirm(message)) event.detail.issueRequest(true);
  });
})();

// A page that comes back with form errors opens on their summary, which links to each field.
(function () {
  "use strict";
  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", focusSummary);
  else focusSummary();
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    field.scrollIntoView({ block: "center" });
    field.focus();
  });
})();
