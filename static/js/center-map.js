// Center page map: a pin at the center. Without Leaflet or tiles, the address stays the source of truth.
(function () {
  "use strict";
  var el = document.getElementById("center-map");
  if (!el || typeof L === "undefined") { return; }
  var lat = parseFloat(el.dataset.lat), lng = parseFloat(el.dataset.lng);
  if (isNaN(lat) || isNaN(lng)) { return; }
  el.innerHTML = "";
  var map = L.map(el, { scrollWheelZoom: false }).setView([lat, lng], 15);
  window.sukoonTiles(map, el, el.dataset.offlineNote);  // translated by the page
  L.marker([lat, lng], { title: el.dataset.name, alt: el.dataset.name }).addTo(map).bindPopup(el.dataset.name);
}());
