// Session form: ticking "Delete" on an action dims it; the date of the session becomes the
// earliest due date offered for new actions (the server checks it too).
(function () {
  "use strict";
  var form = document.querySelector("form.session-form");
  if (!form) return;

  form.addEventListener("change", function (event) {
    var box = event.target;
    if (box.name && /-DELETE$/.test(box.name)) {
      var row = box.closest("[data-action-row]");
      if (row) row.classList.toggle("opacity-50", box.checked);
    }
    if (box.id === "id_held_on") syncDueMin();
  });

  function syncDueMin() {
    var held = document.getElementById("id_held_on");
    if (!held || !held.value) return;
    form.querySelectorAll("input[name$='-due_on']").forEach(function (input) {
      input.min = held.value;
    });
  }

  // New action rows are added by peerwork.js; give them the same minimum.
  form.addEventListener("click", function (event) {
    if (event.target.closest("[data-formset-add]")) window.setTimeout(syncDueMin, 0);
  });
  syncDueMin();
})();
