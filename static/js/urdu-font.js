// Urdu pages, first visit: fetch the Nastaliq web font (100 KB) once the page has loaded, then set a cookie so the
// server marks the next pages <html class="nastaliq"> and they use it from the browser's cache. The first page
// shows in the phone's own Arabic-script font and paints as fast as an English page (docs/I18N.md, "Font").
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.font;
  if (!url || !("FontFace" in window)) { return; }
  function fetchFont() {
    new FontFace("Noto Nastaliq Urdu", "url(\"" + url + "\")").load().then(function () {
      document.cookie = "nastaliq=1; max-age=31536000; path=/; samesite=lax" +
        (window.location.protocol === "https:" ? "; secure" : "");
    }, function () { /* offline or blocked: the system font stays, and the next page tries again */ });
  }
  // Well after the page has painted, so the font never competes with what this page shows.
  window.addEventListener("load", function () { window.setTimeout(fetchFont, 2000); });
})();
