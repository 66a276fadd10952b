// On the embedding site: size each groupdecide frame to the height its page reports.
(function () {
  "use strict";
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.groupdecide !== "height" || typeof data.height !== "number") return;
    var frames = document.querySelectorAll("iframe[data-groupdecide]");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.min(Math.max(data.height, 100), 20000) + "px";
      }
    }
  });
})();
