/* Find a Practitioner: optional extras. Every page works without this file.
   1. "Use my location": fills the search form's hidden lat/lon from the browser.
   2. The results map: loads the vendored Leaflet only when someone asks for the map.
   3. An error summary takes focus when the page loads. */
(function () {
  "use strict";

  function setupGeolocation(form) {
    var box = form.querySelector("[data-geo]");
    if (!box || !("geolocation" in navigator)) return;
    var button = box.querySelector("[data-geo-button]");
    var status = box.querySelector("[data-geo-status]");
    var place = form.querySelector("input[name=location]");
    var lat = form.querySelector("[data-geo-lat]");
    var lon = form.querySelector("[data-geo-lon]");
    box.hidden = false;

    // A typed place always wins over a remembered position.
    place.addEventListener("input", function () {
      if (place.value.trim()) { lat.value = ""; lon.value = ""; status.textContent = ""; }
    });

    button.addEventListener("click", function () {
      status.textContent = "Finding your location…";
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (pos) {
        // Three decimals is about 100 metres: close enough to sort by distance.
        lat.value = pos.coords.latitude.toFixed(3);
        lon.value = pos.coords.longitude.toFixed(3);
        place.value = "";
        status.textContent = "Found you. Searching near your location…";
        form.submit();
      }, function (err) {
        button.disabled = false;
        status.textContent = (err.code === 1
          ? "Your browser did not share your location."
          : "We could not find your location.") + " Type a postcode or town instead.";
        place.focus();
      }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 });
    });
  }

  function loadOnce(tag, attrs) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
      el.onload = resolve;
      el.onerror = reject;
      document.head.appendChild(el);
    });
  }

  function setupMap(section) {
    var toggle = section.querySelector("[data-map-toggle]");
    var box = section.querySelector("[data-map-box]");
    var data = document.getElementById(section.getAttribute("data-points"));
    if (!toggle || !box || !data) return;
    var points = JSON.parse(data.textContent);
    if (!points.results.length) return;
    var map = null;
    toggle.hidden = false;

    toggle.addEventListener("click", function () {
      var show = box.hidden;
      box.hidden = !show;
      toggle.setAttribute("aria-expanded", String(show));
      toggle.textContent = show ? "Hide map" : "Show these results on a map";
      if (!show || map) { if (map) map.invalidateSize(); return; }
      var css = loadOnce("link", { rel: "stylesheet", href: section.getAttribute("data-leaflet-css") });
      var js = loadOnce("script", { src: section.getAttribute("data-leaflet-js") });
      Promise.all([css, js]).then(function () {
        map = draw(box, points);
      }).catch(function () {
        box.textContent = "Sorry, the map could not be loaded. The list of results has everything the map shows.";
      });
    });
  }

  function draw(box, points) {
    var L = window.L;
    // Leaflet treats a string as HTML: labels (a geocoder's place names) go in as text.
    function textElement(text) {
      var span = document.createElement("span");
      span.textContent = text;
      return span;
    }
    var map = L.map(box, { scrollWheelZoom: false });
    // Tiles come from OpenStreetMap; without them the markers still show on a plain background.
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    }).addTo(map);
    var bounds = [];
    if (points.origin) {
      L.circleMarker([points.origin.lat, points.origin.lon], {
        radius: 7, color: "#1b1f24", weight: 3, fillColor: "#ffdd00", fillOpacity: 1
      }).addTo(map).bindTooltip(textElement("Searched: " + points.origin.label));
      bounds.push([points.origin.lat, points.origin.lon]);
    }
    points.results.forEach(function (r) {
      var marker = L.circleMarker([r.lat, r.lon], {
        radius: 9, color: "#ffffff", weight: 2, fillColor: "#0a4f7a", fillOpacity: 1
      }).addTo(map);
      var popup = document.createElement("div");
      var link = document.createElement("a");
      link.href = r.url;
      link.textContent = r.name;
      popup.appendChild(link);
      if (r.distance) popup.appendChild(document.createTextNode(" · " + r.distance));
      popup.appendChild(document.createElement("br"));
      popup.appendChild(document.createTextNode(r.clinic));
      marker.bindPopup(popup);
      bounds.push([r.lat, r.lon]);
    });
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
    return map;
  }

  // Leave empty fields out of the address, so shared links stay short and readable.
  function tidyOnSubmit(form) {
    form.addEventListener("formdata", function (event) {
      var empty = [];
      event.formData.forEach(function (value, key) { if (value === "") empty.push(key); });
      empty.forEach(function (key) { event.formData.delete(key); });
    });
  }

  document.querySelectorAll("form[data-search-form]").forEach(function (form) {
    setupGeolocation(form);
    tidyOnSubmit(form);
  });
  document.querySelectorAll("[data-map]").forEach(setupMap);

  // An error summary takes focus, so screen readers announce it and keyboard users
  // start from its links to the fields at fault.
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) summary.focus();

  // Panels folded away on phones start open where there is room for them.
  if (window.matchMedia("(min-width: 56rem)").matches) {
    document.querySelectorAll("details[data-wide-open]").forEach(function (d) { d.open = true; });
  }
})();
