/* groupdecide: small enhancements; every page works without this file. */
(function () {
  "use strict";

  function each(selector, fn, root) {
    Array.prototype.forEach.call((root || document).querySelectorAll(selector), fn);
  }

  // Copy buttons beside read-only link fields.
  each(".js-copy", function (button) {
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input || !navigator.clipboard) { return; }
    button.hidden = false;
    var label = button.textContent;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        button.textContent = button.getAttribute("data-done");
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
  each(".js-select-all", function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });

  // Times: show <time> in the reader's zone and language.
  var lang = document.documentElement.lang || undefined;
  each("time.js-localtime", function (el) {
    var d = new Date(el.getAttribute("datetime"));
    if (isNaN(d)) { return; }
    try {
      el.textContent = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(d);
      el.title = el.getAttribute("datetime");
    } catch (e) { /* keep the UTC text */ }
  });

  // datetime-local inputs: the server works in UTC; tell it our offset, show local values.
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  each(".js-local-input", function (input) {
    var form = input.form;
    var offsetField = form && form.querySelector(".js-tz-offset");
    if (!offsetField) { return; }
    var utc = input.getAttribute("data-utc");
    if (utc) {
      var d = new Date(utc + ":00Z");
      if (!isNaN(d)) {
        input.value = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) +
          "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
      }
    }
    var hint = form.querySelector(".js-tz-hint");
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
    if (hint && input.getAttribute("data-tz-hint")) {
      hint.textContent = input.getAttribute("data-tz-hint").replace("{zone}", zone || "UTC");
    }
    function update() {
      var local = input.value ? new Date(input.value) : new Date();
      offsetField.value = isNaN(local) ? new Date().getTimezoneOffset() : local.getTimezoneOffset();
    }
    update();
    input.addEventListener("change", update);
    form.addEventListener("submit", update);
  });

  // Proposal rows on the create page: add and remove in place.
  each(".js-rows", function (list) {
    var form = list.closest("form");
    var template = form.querySelector(".js-row-template");
    var counter = list.children.length;
    function bindRemove(button) {
      button.type = "button";
      button.addEventListener("click", function () {
        var row = button.closest("li");
        var next = row.nextElementSibling || row.previousElementSibling;
        if (list.children.length > 1) { row.remove(); } else { row.querySelector("input").value = ""; }
        var focus = (next && next.querySelector("input")) || list.querySelector("input");
        if (focus) { focus.focus(); }
      });
    }
    each(".js-remove-row", bindRemove, list);
    var add = form.querySelector(".js-add-row");
    if (!add || !template) { return; }
    add.type = "button";
    add.addEventListener("click", function () {
      var row = template.content.firstElementChild.cloneNode(true);
      var id = "f-option-new-" + (counter++);
      row.querySelector("input").id = id;
      row.querySelector("label").setAttribute("for", id);
      bindRemove(row.querySelector(".js-remove-row"));
      list.appendChild(row);
      row.querySelector("input").focus();
    });
  });

  // The ballot: live progress and the name of the chosen value.
  each(".js-ballot", function (form) {
    var progress = form.querySelector("#progress");
    var fieldsets = form.querySelectorAll("fieldset.proposal");
    function refresh() {
      var rated = 0;
      Array.prototype.forEach.call(fieldsets, function (fs) {
        var checked = fs.querySelector(".scale-input:checked");
        if (checked && checked.value !== "") { rated++; }
        var name = fs.querySelector(".choice-name");
        if (name && checked) {
          var label = fs.querySelector("label[for='" + checked.id + "']");
          if (label) { name.textContent = label.getAttribute("data-name"); }
        }
      });
      if (progress) {
        progress.textContent = progress.getAttribute("data-template")
          .replace("{rated}", rated).replace("{total}", fieldsets.length);
      }
    }
    form.addEventListener("change", refresh);
  });

  // Bring an error summary into view and focus.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
