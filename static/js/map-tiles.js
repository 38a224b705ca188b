// OpenStreetMap tiles for every map on the site. Tiles need the internet: when they fail, one note under the map
// says what still works (`offlineNote`), and the markers and the page around them stay usable.
window.sukoonTiles = function (map, mapEl, offlineNote) {
  "use strict";
  var warned = false;
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19, attribution: "&copy; OpenStreetMap contributors"
  }).on("tileerror", function () {
    if (warned) { return; }
    warned = true;
    var note = document.createElement("p");
    note.className = "map-note";
    note.textContent = offlineNote;
    mapEl.insertAdjacentElement("afterend", note);
  }).addTo(map);
};
