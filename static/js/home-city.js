// Home page: "Near me" beside the city choice of "Top rated in ...": the browser's position goes to the server,
// which picks the nearest listed city. Without JavaScript (or location) the city list works on its own.
// Words come translated from the page (data-failed).
(function () {
  "use strict";
  var button = document.getElementById("city-near-me");
  var form = document.getElementById("city-form");
  if (!button || !form || !("geolocation" in navigator)) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (position) {
      var url = new URL(form.action, window.location.href);
      url.search = "?lat=" + position.coords.latitude.toFixed(4) + "&lng=" + position.coords.longitude.toFixed(4);
      window.location.assign(url.toString());
    }, function () {
      button.disabled = false;
      var note = document.getElementById("city-near-me-note") || document.createElement("p");
      note.id = "city-near-me-note";
      note.className = "form-error";
      note.setAttribute("role", "alert");
      note.textContent = button.dataset.failed;
      form.insertAdjacentElement("afterend", note);
    }, { timeout: 10000, maximumAge: 300000 });
  });
})();
