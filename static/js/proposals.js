// The compact consensing ballot: open the veto box once 10 is chosen (without script it is a
// closed <details>; the style sheet shows it only at 10 where :has() is known).
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("scale-input")) { return; }
    var fieldset = input.closest(".proposal");
    var veto = fieldset && fieldset.querySelector("details.veto");
    if (veto && input.value === "10") { veto.open = true; }
  });
})();
