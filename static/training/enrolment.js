// Enrolment form: show the peer worker field or the colleague fields, whichever is chosen.
// Progressive enhancement: without this script every field is shown and the form still works.
(function () {
  "use strict";
  var form = document.querySelector("[data-enrolment-form]");
  if (!form) return;
  var groups = {
    peer_worker: ["div_id_peer_worker"],
    colleague: ["div_id_team", "div_id_colleague_name"],
  };
  function update() {
    var chosen = form.querySelector('input[name="who"]:checked');
    if (!chosen) return;
    Object.keys(groups).forEach(function (who) {
      groups[who].forEach(function (id) {
        var element = document.getElementById(id);
        if (element) element.classList.toggle("d-none", who !== chosen.value);
      });
    });
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "who") update();
  });
  update();
})();
