// The sign-up form: check the wanted short name while it is typed (the server checks again).
(function () {
  "use strict";
  var box = document.querySelector(".js-slug-check");
  if (!box) { return; }
  var input = box.querySelector("input[name=slug]");
  var status = document.getElementById("slug-status");
  var timer = null;
  function check() {
    var slug = input.value.trim().toLowerCase();
    if (!slug) { status.textContent = ""; return; }
    fetch(box.dataset.checkUrl + "?slug=" + encodeURIComponent(slug), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        status.textContent = data.message;
        status.className = data.ok ? "hint ok" : "hint field-error";
      })
      .catch(function () { status.textContent = ""; });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  });
})();
