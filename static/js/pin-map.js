// Manage > Location: a draggable pin that fills the latitude and longitude inputs (and follows them when typed).
// Without JavaScript, Leaflet or map tiles, the two inputs work on their own.
(function () {
  "use strict";
  var el = document.getElementById("pin-map");
  if (!el || typeof L === "undefined") { return; }
  var latInput = document.getElementById(el.dataset.latInput);
  var lngInput = document.getElementById(el.dataset.lngInput);
  if (!latInput || !lngInput) { return; }
  var DECIMALS = 7; // what the listing stores (about 1 cm)

  function typed() {
    var lat = parseFloat(latInput.value), lng = parseFloat(lngInput.value);
    if (!isFinite(lat) || !isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) { return null; }
    return L.latLng(lat, lng);
  }

  var start = typed() || L.latLng(24.8607, 67.0011); // Karachi when the boxes are empty or wrong
  el.innerHTML = "";
  var map = L.map(el, { scrollWheelZoom: false }).setView(start, typed() ? 17 : 11);
  window.sukoonTiles(map, el, "Map background unavailable; you can still drag the pin or type the numbers below.");

  var pin = L.marker(start, { draggable: true, autoPan: true, title: el.dataset.name, alt: "Pin for " + el.dataset.name })
    .addTo(map);

  function fill(point) {
    var wrapped = point.wrap();
    latInput.value = wrapped.lat.toFixed(DECIMALS);
    lngInput.value = wrapped.lng.toFixed(DECIMALS);
  }

  pin.on("dragend", function () { fill(pin.getLatLng()); });
  map.on("click", function (event) { pin.setLatLng(event.latlng); fill(event.latlng); });
  [latInput, lngInput].forEach(function (input) {
    input.addEventListener("change", function () {
      var point = typed();
      if (point) { pin.setLatLng(point); map.panTo(point); }
    });
  });

  var help = document.getElementById("pin-help");
  if (help) { help.hidden = false; }
}());
