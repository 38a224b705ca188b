// Search page enhancements: map of the listed centers, "near me", place suggestions, filters that apply at once.
// Everything here is optional: without JavaScript the form and the list work the same.
// Words come translated from the page: data-* attributes of the map and of the "near me" button.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) { return; }

  // Map: markers come from the server-rendered list, so list and map never disagree.
  var mapEl = document.getElementById("results-map");
  if (mapEl && typeof L !== "undefined") {
    var items = Array.prototype.slice.call(document.querySelectorAll("#result-list [data-lat]"));
    mapEl.innerHTML = "";
    var map = L.map(mapEl, { scrollWheelZoom: false });
    window.sukoonTiles(map, mapEl, mapEl.dataset.offlineNote);
    var bounds = [];
    items.forEach(function (item, index) {
      var point = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lng)];
      bounds.push(point);
      var link = document.createElement("a");
      link.href = item.dataset.url;
      link.textContent = (index + 1) + ". " + item.dataset.name;
      // The marker carries the card's number, so "3" on the map is the third card in the list.
      var icon = L.divIcon({ className: "map-number", html: String(index + 1), iconSize: [28, 28], iconAnchor: [14, 14] });
      L.marker(point, { title: (index + 1) + ". " + item.dataset.name, alt: item.dataset.name, icon: icon })
        .addTo(map).bindPopup(link);
    });
    var oLat = parseFloat(mapEl.dataset.originLat), oLng = parseFloat(mapEl.dataset.originLng);
    if (!isNaN(oLat) && !isNaN(oLng)) {
      L.circleMarker([oLat, oLng], { radius: 7, color: "#b4552f", fillOpacity: 0.9 }).addTo(map)
        .bindTooltip(mapEl.dataset.originLabel);
      bounds.push([oLat, oLng]);
    }
    if (bounds.length) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 }); }

    // On small screens the list comes first and the map is one tap away, so it never pushes the list down.
    var layout = mapEl.closest(".results-layout");
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "map-toggle secondary";
    toggle.setAttribute("aria-pressed", "false");
    toggle.textContent = mapEl.dataset.showMap;
    toggle.addEventListener("click", function () {
      var showing = layout.classList.toggle("show-map");
      toggle.setAttribute("aria-pressed", String(showing));
      toggle.textContent = showing ? mapEl.dataset.showList : mapEl.dataset.showMap;
      if (showing) { map.invalidateSize(); if (bounds.length) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 }); } }
    });
    layout.classList.add("has-map-toggle");
    layout.insertAdjacentElement("beforebegin", toggle);
  }

  // Near me: ask the browser for the position, then search there.
  var nearMe = document.getElementById("near-me");
  var nearInput = document.getElementById("near");
  function setPoint(lat, lng) {
    ["lat", "lng"].forEach(function (name, i) {
      var input = form.querySelector("input[name=" + name + "]");
      if (!input) {
        input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        form.appendChild(input);
      }
      input.value = (i === 0 ? lat : lng).toFixed(5);
    });
  }
  function clearPoint() {
    form.querySelectorAll("input[name=lat], input[name=lng]").forEach(function (el) { el.remove(); });
  }
  if (nearMe && "geolocation" in navigator) {
    var nearMeLabel = nearMe.textContent;
    nearMe.hidden = false;
    nearMe.addEventListener("click", function () {
      nearMe.disabled = true;
      nearMe.textContent = nearMe.dataset.busy;
      navigator.geolocation.getCurrentPosition(function (position) {
        setPoint(position.coords.latitude, position.coords.longitude);
        if (nearInput) { nearInput.value = ""; }
        var sort = document.getElementById("sort");
        if (sort) { sort.value = "distance"; }
        form.submit();
      }, function () {
        nearMe.disabled = false;
        nearMe.textContent = nearMeLabel;
        var note = document.getElementById("near-me-note") || document.createElement("p");
        note.id = "near-me-note";
        note.className = "form-error";
        note.setAttribute("role", "alert");
        note.textContent = nearMe.dataset.failed;
        form.insertAdjacentElement("afterend", note);
      }, { timeout: 10000, maximumAge: 300000 });
    });
  }

  // Typing a place replaces a "near me" point; suggestions come from the offline gazetteer, debounced.
  var list = document.getElementById("place-suggestions");
  var timer = null, lastAsked = "";
  if (nearInput && list && window.fetch) {
    nearInput.addEventListener("input", function () {
      clearPoint();
      var text = nearInput.value.trim();
      clearTimeout(timer);
      if (text.length < 2 || text === lastAsked) { return; }
      timer = setTimeout(function () {
        lastAsked = text;
        fetch(nearInput.dataset.suggestUrl + "?q=" + encodeURIComponent(text))
          .then(function (response) { return response.ok ? response.json() : { items: [] }; })
          .then(function (data) {
            list.innerHTML = "";
            data.items.forEach(function (place) {
              var option = document.createElement("option");
              option.value = place.label;
              list.appendChild(option);
            });
          })
          .catch(function () { /* suggestions are a nicety; typing still works */ });
      }, 200);
    });
  }

  // Filters apply as soon as they change; the URL stays shareable because the form is a GET.
  form.querySelectorAll(".filters input[type=checkbox], .filters select, #radius_km, #sort").forEach(function (el) {
    el.addEventListener("change", function () { form.submit(); });
  });
}());
