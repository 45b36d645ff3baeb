/* The map preview's enhancements: feature details in place (click or Enter), zoom and drag to pan.
   Without this script each feature is a plain link to its row in the table view. */
(function () {
  "use strict";
  var figure = document.querySelector(".feature-map");
  if (!figure) { return; }
  var svg = figure.querySelector("svg");
  var body = document.getElementById("feature-details-body");
  var labels = document.getElementById("feature-details-labels").dataset;
  var titles = {};
  document.getElementById("feature-columns").content.querySelectorAll("span[data-name]").forEach(function (span) {
    titles[span.dataset.name] = span;
  });
  var features = null;

  function load() {
    if (!features) {
      features = fetch(figure.dataset.featuresUrl, {headers: {"Accept": "application/geo+json"}})
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (collection) {
          var byRow = {};
          collection.features.forEach(function (f) { byRow[f.properties.row] = f.properties; });
          return byRow;
        });
    }
    return features;
  }

  function text(tag, value, className) {
    var node = document.createElement(tag);
    node.textContent = value;
    if (className) { node.className = className; }
    return node;
  }

  function show(link, properties) {
    body.replaceChildren();
    body.appendChild(text("h3", link.getAttribute("aria-label")));
    var list = document.createElement("dl");
    list.className = "feature-attributes";
    list.appendChild(text("dt", labels.row));
    list.appendChild(text("dd", String(Number(link.dataset.row) + 1)));
    Object.keys(titles).forEach(function (name) {
      var term = document.createElement("dt");
      term.appendChild(titles[name].cloneNode(true));
      list.appendChild(term);
      var value = properties[name];
      list.appendChild(value === null || value === undefined ? text("dd", labels.empty, "muted") : text("dd", value));
    });
    body.appendChild(list);
    var open = text("a", labels.openRow);
    open.href = link.getAttribute("href");
    body.appendChild(text("p", "")).appendChild(open);
  }

  svg.addEventListener("click", function (event) {
    var link = event.target.closest(".map-feature");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    svg.querySelectorAll(".map-feature.selected").forEach(function (other) {
      other.classList.remove("selected");
      other.removeAttribute("aria-current");
    });
    link.classList.add("selected");
    link.setAttribute("aria-current", "true");
    load().then(function (byRow) { show(link, byRow[link.dataset.row] || {}); }, function () {
      body.replaceChildren(text("p", labels.failed));
      var open = text("a", labels.openRow);
      open.href = link.getAttribute("href");
      body.appendChild(text("p", "")).appendChild(open);
    });
  });

  // Zoom and pan by changing the picture's viewBox: features stay links, so the keyboard path is unchanged.
  var whole = svg.viewBox.baseVal;
  var full = {x: whole.x, y: whole.y, w: whole.width, h: whole.height};
  var view = {x: full.x, y: full.y, w: full.w, h: full.h};
  function apply() {
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
    svg.classList.toggle("zoomed", view.w < full.w);
  }
  function zoom(factor) {
    var cx = view.x + view.w / 2, cy = view.y + view.h / 2;
    view.w = Math.min(full.w, Math.max(full.w / 64, view.w * factor));
    view.h = view.w * full.h / full.w;
    view.x = cx - view.w / 2;
    view.y = cy - view.h / 2;
    apply();
  }
  var controls = document.createElement("div");
  controls.className = "map-controls";
  [["+", labels.zoomIn, function () { zoom(0.5); }], ["−", labels.zoomOut, function () { zoom(2); }],
   ["⤢", labels.reset, function () { view = {x: full.x, y: full.y, w: full.w, h: full.h}; apply(); }]]
    .forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.setAttribute("aria-label", spec[1]);
      button.title = spec[1];
      button.textContent = spec[0];
      button.addEventListener("click", spec[2]);
      controls.appendChild(button);
    });
  figure.insertBefore(controls, svg);

  var drag = null;
  svg.addEventListener("pointerdown", function (event) {
    if (view.w >= full.w) { return; }
    drag = {x: event.clientX, y: event.clientY, vx: view.x, vy: view.y, moved: false};
  });
  svg.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var ratio = view.w / svg.getBoundingClientRect().width;
    var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; }
    view.x = drag.vx - dx * ratio;
    view.y = drag.vy - dy * ratio;
    apply();
  });
  ["pointerup", "pointerleave"].forEach(function (name) {
    svg.addEventListener(name, function () {
      if (drag && drag.moved) {  // a drag is not a click on the feature under the pointer
        svg.addEventListener("click", function (event) { event.preventDefault(); event.stopImmediatePropagation(); },
                             {capture: true, once: true});
      }
      drag = null;
    });
  });
}());
