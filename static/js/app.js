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

  // Times: the server shows them in the decision's zone and names it (what the organizer
  // meant); the reader's own clock goes into the title, for those in another zone.
  var lang = document.documentElement.lang || undefined;
  each("time.js-localtime", function (el) {
    var d = new Date(el.getAttribute("datetime"));
    if (isNaN(d)) { return; }
    try {
      el.title = new Intl.DateTimeFormat(lang, {
        dateStyle: "medium", timeStyle: "short", timeZoneName: "short"
      }).format(d);
    } catch (e) { /* keep the server's text alone */ }
  });

  // The zone selector of a fresh form: the browser's zone (the server converts with it, so a
  // time in May entered in December gets May's offset). Without script the tenant's zone stays.
  each("select.js-time-zone[data-auto]", function (select) {
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
    if (zone && select.querySelector('option[value="' + zone.replace(/"/g, "") + '"]')) {
      select.value = zone;
    }
  });

  // Rows on the create page (options, grades): add and remove in place.
  function bindRows(list) {
    var box = list.closest(".js-rows-box") || list.closest("form");
    var template = box.querySelector(":scope > .js-row-template");
    var counter = list.children.length;
    var max = parseInt(list.getAttribute("data-max") || "200", 10);
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
    each(":scope > li .js-remove-row", bindRemove, list);
    var add = box.querySelector(":scope > p > .js-add-row");
    if (!add || !template) { return; }
    add.type = "button";
    add.addEventListener("click", function () {
      if (list.children.length >= max) { return; }
      var row = template.content.firstElementChild.cloneNode(true);
      var id = "f-" + (list.id || "row") + "-new-" + (counter++);
      row.querySelector("input").id = id;
      row.querySelector("label").setAttribute("for", id);
      bindRemove(row.querySelector(".js-remove-row"));
      list.appendChild(row);
      row.querySelector("input").focus();
    });
  }
  function enhanceRows(root) { each(".js-rows", bindRows, root); }
  enhanceRows(document);

  // The create page: switch the method's fields, and the time-slot buttons, in place. The
  // server does the work (the same request as without script); only its fields are swapped.
  each(".js-create-form", function (form) {
    var region = form.querySelector(".js-method-fields");
    var status = document.getElementById("method-status");
    var switchRow = form.querySelector(".js-switch-row");
    if (!region || !window.fetch || !window.DOMParser) { return; }
    if (switchRow) { switchRow.hidden = true; }
    var busy = false;
    function refresh(extraName, extraValue, announce) {
      if (busy) { return; }
      busy = true;
      var data = new FormData(form);
      data.append(extraName, extraValue);
      fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (resp) { return resp.text(); })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.querySelector(".js-method-fields");
          if (!fresh) { return; }
          region.innerHTML = fresh.innerHTML;
          enhanceRows(region);
          bindInplace(region);
          var focus = region.querySelector("[autofocus]");
          if (focus) { focus.focus(); }
          if (status && announce) {
            status.textContent = status.getAttribute("data-template").replace("{name}", announce);
          }
        })
        .catch(function () { form.submit(); })
        .then(function () { busy = false; });
    }
    each(".js-method", function (radio) {
      radio.addEventListener("change", function () {
        var label = form.querySelector("label[for='" + radio.id + "'] strong");
        refresh("switch_method", "1", label ? label.textContent : radio.value);
      });
    });
    function bindInplace(root) {
      each(".js-inplace", function (button) {
        button.addEventListener("click", function (event) {
          event.preventDefault();
          refresh(button.name, button.value, "");
        });
      }, root);
    }
    bindInplace(region);
  });

  // The ballot: live progress (the chosen value's name is shown by the style sheet).
  each(".js-ballot", function (form) {
    var progress = form.querySelector("#progress");
    var fieldsets = form.querySelectorAll("fieldset.proposal");
    function refresh() {
      var rated = 0;
      Array.prototype.forEach.call(fieldsets, function (fs) {
        var checked = fs.querySelector(".scale-input:checked");
        if (checked && checked.value !== "") { rated++; }
      });
      if (progress) {
        progress.textContent = progress.getAttribute("data-template")
          .replace("{rated}", rated).replace("{total}", fieldsets.length);
      }
    }
    form.addEventListener("change", refresh);
  });

  // Multiple choice: how many are ticked, against the limits.
  each(".js-choices", function (form) {
    var box = form.querySelector("[data-max]");
    var out = form.querySelector(".js-count");
    if (!box || !out) { return; }
    var max = parseInt(box.getAttribute("data-max"), 10);
    function refresh() {
      var n = box.querySelectorAll("input[type=checkbox]:checked").length;
      var template = n > max ? out.getAttribute("data-over") : out.getAttribute("data-template");
      out.textContent = template.replace("{num}", n);
      out.classList.toggle("over", n > max);
    }
    form.addEventListener("change", refresh);
  });

  // Dot voting: the points left, live.
  each(".js-dots", function (form) {
    var out = form.querySelector(".js-left");
    if (!out) { return; }
    var budget = parseInt(out.getAttribute("data-budget"), 10);
    function refresh() {
      var spent = 0;
      each(".js-dot", function (input) {
        var v = parseInt(input.value, 10);
        if (!isNaN(v) && v > 0) { spent += v; }
      }, form);
      var left = budget - spent;
      // data-over-one / data-over: the singular and the plural, as the page's language has them
      out.textContent = left >= 0 ? out.getAttribute("data-template").replace("{left}", left)
        : out.getAttribute(left === -1 ? "data-over-one" : "data-over").replace("{over}", -left);
      out.classList.toggle("over", left < 0);
    }
    form.addEventListener("input", refresh);
  });

  // Ranking: a list to reorder by dragging, by the arrow keys or by buttons. The rank
  // selectors stay the truth (they are what is sent): a move changes only what the selects
  // can say, and only for the moved option, so a participant can rank some options, tie
  // others and leave the rest unranked. One step up from below another rank ties with it;
  // the next step passes it; one step down from the last rank leaves an option unranked.
  each(".js-ranked", function (form) {
    var list = form.querySelector(".js-rank-list");
    var status = document.getElementById("rank-status");
    if (!list) { return; }
    each(".js-rank-help", function (p) { p.hidden = false; }, form);
    list.classList.add("enhanced");
    function items() { return Array.prototype.slice.call(list.children); }
    function select(li) { return li.querySelector("select"); }
    function rankOf(li) {
      var v = select(li).value;
      return v === "" ? Infinity : parseInt(v, 10);
    }
    function sortBySelects() {
      items().map(function (li, i) { return [rankOf(li), i, li]; })
        .sort(function (a, b) { return (a[0] - b[0]) || (a[1] - b[1]); })
        .forEach(function (t) { list.appendChild(t[2]); });
    }
    // The ranked options as groups of equal rank, best first (the unranked are left out);
    // ``without`` is left out too (the option being moved).
    function groups(without) {
      var byRank = {};
      items().forEach(function (li) {
        var r = rankOf(li);
        if (li === without || r === Infinity) { return; }
        (byRank[r] = byRank[r] || []).push(li);
      });
      return Object.keys(byRank).map(Number).sort(function (a, b) { return a - b; })
        .map(function (r) { return byRank[r]; });
    }
    function groupIndex(all, li) {
      for (var i = 0; i < all.length; i++) { if (all[i].indexOf(li) >= 0) { return i; } }
      return -1;
    }
    // Write the groups back as ranks 1, 2, ... (ties keep one rank); ``li`` unranked unless
    // it is in a group.
    function writeBack(all, li) {
      if (li && groupIndex(all, li) < 0) { select(li).value = ""; }
      all.forEach(function (group, i) {
        group.forEach(function (member) { select(member).value = String(i + 1); });
      });
      sortBySelects();
    }
    function announce(li) {
      if (!status) { return; }
      var r = rankOf(li);
      var tied = r !== Infinity && items().some(function (o) { return o !== li && rankOf(o) === r; });
      var template = status.getAttribute(r === Infinity ? "data-unranked" : tied ? "data-tied" : "data-rank");
      status.textContent = template.replace("{label}", li.getAttribute("data-label"))
        .replace("{rank}", r === Infinity ? "" : String(r));
    }
    function move(li, delta) {
      var all = groups(null);
      var gi = groupIndex(all, li);
      if (delta < 0) {
        if (gi < 0) {
          all.push([li]);  // unranked: becomes the last rank
        } else if (all[gi].length > 1) {
          all[gi].splice(all[gi].indexOf(li), 1);  // tied: goes ahead of its tie
          all.splice(gi, 0, [li]);
        } else if (gi > 0) {
          all.splice(gi, 1);  // alone: ties with the rank above
          all[gi - 1].push(li);
        } else {
          return;
        }
      } else {
        if (gi < 0) { return; }
        if (all[gi].length > 1) {
          all[gi].splice(all[gi].indexOf(li), 1);  // tied: goes behind its tie
          all.splice(gi + 1, 0, [li]);
        } else {
          all.splice(gi, 1);  // alone: ties with the rank below, or (last) becomes unranked
          if (gi < all.length) { all[gi].push(li); }
        }
      }
      writeBack(all, li);
      announce(li);
    }
    // After a drop: between two options of one rank it ties with them; after a ranked option
    // it takes its own rank right behind it; at the top the first; among the unranked none.
    function dropped(li) {
      var order = items();
      var i = order.indexOf(li);
      var prev = order[i - 1], next = order[i + 1];
      var all = groups(li);
      if (!prev) {
        if (next && rankOf(next) !== Infinity) { all.unshift([li]); }
      } else if (rankOf(prev) !== Infinity) {
        var pg = groupIndex(all, prev);
        if (next && pg >= 0 && all[pg].indexOf(next) >= 0) { all[pg].push(li); } else { all.splice(pg + 1, 0, [li]); }
      }
      writeBack(all, li);
      announce(li);
    }
    items().forEach(function (li) {
      li.tabIndex = 0;
      li.draggable = true;
      var bar = document.createElement("span");
      bar.className = "rank-buttons";
      [["up", -1], ["down", 1]].forEach(function (pair) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "button secondary small";
        b.textContent = list.getAttribute("data-" + pair[0]);
        b.setAttribute("aria-label", list.getAttribute("data-" + pair[0]) + ": " + li.getAttribute("data-label"));
        b.addEventListener("click", function () { move(li, pair[1]); b.focus(); });
        bar.appendChild(b);
      });
      li.appendChild(bar);
      li.addEventListener("keydown", function (event) {
        if (event.target !== li) { return; }
        if (event.key === "ArrowUp") { event.preventDefault(); move(li, -1); li.focus(); }
        if (event.key === "ArrowDown") { event.preventDefault(); move(li, 1); li.focus(); }
      });
      li.addEventListener("dragstart", function (event) {
        li.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", li.getAttribute("data-label"));
      });
      li.addEventListener("dragend", function () {
        li.classList.remove("dragging");
        dropped(li);
      });
    });
    list.addEventListener("dragover", function (event) {
      var dragging = list.querySelector(".dragging");
      if (!dragging) { return; }
      event.preventDefault();
      var after = items().filter(function (li) {
        if (li === dragging) { return false; }
        var box = li.getBoundingClientRect();
        return event.clientY < box.top + box.height / 2;
      })[0];
      if (after) { list.insertBefore(dragging, after); } else { list.appendChild(dragging); }
    });
    list.addEventListener("change", function (event) {
      if (event.target.tagName === "SELECT") { sortBySelects(); event.target.focus(); }
    });
    sortBySelects();
  });

  // Time left until closing, in the reader's zone and language, beside the closing time.
  each(".closes time.js-localtime", function (el) {
    var end = new Date(el.getAttribute("datetime"));
    if (isNaN(end) || !window.Intl || !Intl.RelativeTimeFormat) { return; }
    var out = document.createElement("span");
    out.className = "time-left";
    el.parentNode.insertBefore(out, el.nextSibling);
    function tick() {
      var s = (end - new Date()) / 1000;
      if (s <= 0) { out.textContent = ""; return; }
      var rtf = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
      var text = s >= 86400 ? rtf.format(Math.round(s / 86400), "day") :
        s >= 3600 ? rtf.format(Math.round(s / 3600), "hour") :
        rtf.format(Math.max(1, Math.round(s / 60)), "minute");
      out.textContent = " (" + text + ")";
    }
    tick();
    setInterval(tick, 30000);
  });

  // Live results: while the decision is open, fetch the results fragment now and then; the
  // server answers 304 while nothing changed (ETag), so most polls carry no body.
  each(".js-live[data-live-url]", function (region) {
    if (!window.fetch || !window.DOMParser) { return; }
    var url = region.getAttribute("data-live-url");
    var etag = null;
    var delay = parseInt(region.getAttribute("data-live-delay"), 10) || 10000;
    function poll() {
      if (document.hidden) { setTimeout(poll, delay); return; }
      var headers = etag ? { "If-None-Match": etag } : {};
      fetch(url, { credentials: "same-origin", headers: headers, cache: "no-store" })
        .then(function (resp) {
          if (resp.status === 200) {
            etag = resp.headers.get("ETag");
            return resp.text().then(function (html) {
              var doc = new DOMParser().parseFromString(html, "text/html");
              var fresh = doc.querySelector(".js-live");
              if (fresh) {
                region.innerHTML = fresh.innerHTML;
                if (!fresh.getAttribute("data-live-url")) { url = null; }
              }
            });
          }
          if (resp.status === 304 && !etag) { etag = resp.headers.get("ETag"); }
          if (resp.status >= 400) { url = null; }
        })
        .catch(function () { /* try again later */ })
        .then(function () { if (url) { setTimeout(poll, delay); } });
    }
    setTimeout(poll, delay);
  });

  // The decision record: a print button.
  each(".js-print", function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // "How to read this" is open on the first visit of a browser, closed once it was read.
  each("details.js-read-once", function (box) {
    var key = "groupdecide.read." + (box.getAttribute("data-read-key") || "how");
    try {
      if (window.localStorage.getItem(key)) { box.open = false; }
      window.localStorage.setItem(key, "1");
    } catch (e) { /* storage blocked: it stays open */ }
  });

  // Bring an error summary into view and focus.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
