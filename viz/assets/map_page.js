// milgraph map page: an equirectangular SVG map with pan and zoom. Everything that comes
// from the graph is put into the page with textContent or as numbers: no report text is
// ever parsed as markup.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var M = window.milgraph = {
    markers: data.counts.markers, lines: data.counts.lines, tracks: data.counts.tracks || 0,
    unplaced: data.counts.unplaced,
    ready: false, readyMs: null
  };
  var svg = document.getElementById("svg");
  var gLand = document.getElementById("land"), gGrid = document.getElementById("grid");
  var gLines = document.getElementById("lines"), gMarkers = document.getElementById("markers");
  var gTracks = document.getElementById("tracks");
  var defs = document.getElementById("defs");
  var view = { k: 3, tx: 0, ty: 0 };  // screen = (lon * k + tx, -lat * k + ty)

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    if (parent) parent.appendChild(node);
    return node;
  }
  function titled(node, text) { var t = el("title", {}, node); t.textContent = text; return node; }
  var tipElement = window.milgraphPage.tipElement;
  var popup = document.getElementById("popup"), popupBody = document.getElementById("popup-body");
  function showPopup(pairs) {
    while (popupBody.firstChild) popupBody.removeChild(popupBody.firstChild);
    popupBody.appendChild(tipElement(pairs));
    popup.hidden = false;
  }
  document.getElementById("popup-close").addEventListener("click", function () { popup.hidden = true; });

  // Basemap (country outlines in lon/-lat degrees) and a 30-degree graticule.
  var landLayer = el("g", {}, gLand);
  data.land.forEach(function (d) { el("path", { d: d }, landLayer); });
  var gridD = "";
  for (var lon = -180; lon <= 180; lon += 30) gridD += "M" + lon + ",-90L" + lon + ",90";
  for (var lat = -60; lat <= 60; lat += 30) gridD += "M-180," + (-lat) + "L180," + (-lat);
  var gridLayer = el("g", {}, gGrid);
  el("path", { d: gridD }, gridLayer);

  // Arrowheads, one per colour.
  var arrows = {};
  function arrowFor(color) {
    if (!arrows[color]) {
      var id = "arrow" + Object.keys(arrows).length;
      var marker = el("marker", { id: id, viewBox: "0 0 10 10", refX: "8", refY: "5", markerWidth: "7",
        markerHeight: "7", orient: "auto", markerUnits: "userSpaceOnUse" }, defs);
      el("path", { d: "M0,0L10,5L0,10z", fill: color }, marker);
      marker.setAttribute("markerWidth", "9"); marker.setAttribute("markerHeight", "9");
      arrows[color] = id;
    }
    return arrows[color];
  }

  // Movement lines.
  var lineEls = data.lines.map(function (line, i) {
    var group = el("g", { "data-id": line.id }, gLines);
    var path = el("path", { "class": "leg" + (line.dashed ? " dashed" : ""), stroke: line.color,
                            style: "stroke-width:" + line.width + "px",
      "marker-end": "url(#" + arrowFor(line.color) + ")" }, group);
    var hit = el("path", { "class": "hit" }, group);
    titled(hit, line.title);
    function open() {
      lineEls.forEach(function (l) { l.path.classList.remove("active"); });
      path.classList.add("active");
      showPopup(line.tip);
    }
    hit.addEventListener("click", open);
    path.addEventListener("click", open);
    return { line: line, path: path, hit: hit, open: open };
  });

  // Observed tracks: straight polylines per covered stretch, dotted gaps, hollow rings at the
  // ends the track did not observe.
  var trackEls = (data.tracks || []).map(function (t) {
    var group = el("g", { "data-id": t.id, "class": "track" }, gTracks);
    var parts = t.segments.map(function () { return el("path", { "class": "track-leg", stroke: t.color }, group); });
    var gaps = t.gaps.map(function () { return el("path", { "class": "track-gap", stroke: data.gapColor }, group); });
    var rings = t.open.map(function () { return el("circle", { "class": "track-open", stroke: t.color }, group); });
    var hit = el("path", { "class": "hit" }, group);
    titled(hit, t.title);
    function open() {
      trackEls.forEach(function (x) { x.group.classList.remove("active"); });
      lineEls.forEach(function (l) { l.path.classList.remove("active"); });
      group.classList.add("active");
      showPopup(t.tip);
    }
    hit.addEventListener("click", open);
    return { line: t, group: group, parts: parts, gaps: gaps, rings: rings, hit: hit, open: open, path: group };
  });

  // Markers and their names.
  var markerEls = data.markers.map(function (m) {
    var color = data.styles[m.label] || "#7f8c8d";
    var shape = m.label === "Base" ? el("rect", { "class": "marker", fill: color }, gMarkers)
                                   : el("circle", { "class": "marker", fill: color }, gMarkers);
    titled(shape, m.name);
    var label = el("text", {}, gMarkers);
    label.textContent = m.name.length > 40 ? m.name.slice(0, 39) + "\u2026" : m.name;
    shape.addEventListener("click", function () { showPopup(m.tip); });
    return { m: m, shape: shape, label: label, r: 4 + 4 * Math.sqrt(Math.max(0, Math.min(1, m.hub || 0))) };
  });

  // Side list of movements.
  var list = document.getElementById("movements");
  lineEls.concat(trackEls).forEach(function (l) {
    var item = document.createElement("li");
    item.textContent = l.line.title;
    item.addEventListener("click", l.open);
    list.appendChild(item);
    l.item = item;
  });

  // Time filter by month: a line shows when its dates (at their precision) overlap the window.
  function months(date) {
    if (!date) return null;
    return date.length === 4 ? [date + "-01", date + "-12"] : [date.slice(0, 7), date.slice(0, 7)];
  }
  var allEls = lineEls.concat(trackEls);
  allEls.forEach(function (l) {
    var start = months(l.line.date), end = months(l.line.end) || start;
    l.span = start ? [start[0], end[1]] : null;
  });
  var fromSel = document.getElementById("from"), untilSel = document.getElementById("until");
  var allMonths = {};
  allEls.forEach(function (l) { if (l.span) { allMonths[l.span[0]] = 1; allMonths[l.span[1]] = 1; } });
  [fromSel, untilSel].forEach(function (sel) {
    var any = document.createElement("option");
    any.value = ""; any.textContent = "any";
    sel.appendChild(any);
    Object.keys(allMonths).sort().forEach(function (m) {
      var option = document.createElement("option");
      option.value = m; option.textContent = m;
      sel.appendChild(option);
    });
  });
  // Report time: what no report had told by the slider's day is hidden (markers, lines, tracks).
  var reportedSlider = document.getElementById("reported");
  var reportDates = data.reportDates || [];
  function reportedBy(item, day) { return !day || !item.reported || item.reported <= day; }
  function applyWindow() {
    var lo = fromSel.value, hi = untilSel.value, shown = 0;
    var shownTracks = 0, shownMarkers = 0;
    var day = reportedSlider ? reportDates[+reportedSlider.value] : null;
    if (reportedSlider) document.getElementById("reported-label").textContent = day;
    markerEls.forEach(function (e) {
      e.hidden = !reportedBy(e.m, day);
      e.shape.style.display = e.hidden ? "none" : "";
      if (e.hidden) e.label.style.display = "none"; else shownMarkers += 1;
    });
    allEls.forEach(function (l) {
      var visible = ((!lo && !hi) || (l.span && (!lo || l.span[1] >= lo) && (!hi || l.span[0] <= hi)))
        && reportedBy(l.line, day);
      (l.group || l.path.parentNode).style.display = visible ? "" : "none";
      l.item.style.display = visible ? "" : "none";
      if (visible && l.group) shownTracks += 1;
      else if (visible) shown += 1;
    });
    M.visibleLines = shown;
    M.visibleTracks = shownTracks;
    M.visibleMarkers = shownMarkers;
    M.reportedUpTo = day;
    if (byImportance) declutter();
    document.getElementById("shown").textContent = shown + " of " + lineEls.length + " movements" +
      (trackEls.length ? ", " + shownTracks + " of " + trackEls.length + " observed tracks" : "");
  }
  fromSel.addEventListener("change", applyWindow);
  untilSel.addEventListener("change", applyWindow);
  if (reportedSlider) reportedSlider.addEventListener("input", applyWindow);
  applyWindow();

  function project(lat, lon) { return [lon * view.k + view.tx, -lat * view.k + view.ty]; }
  function curve(a, b, bend) {
    var dx = b[0] - a[0], dy = b[1] - a[1];
    var len = Math.sqrt(dx * dx + dy * dy) || 1;
    var off = len * (0.12 + 0.08 * bend);
    var cx = (a[0] + b[0]) / 2 - dy / len * off, cy = (a[1] + b[1]) / 2 + dx / len * off;
    return "Q" + cx.toFixed(1) + "," + cy.toFixed(1) + " " + b[0].toFixed(1) + "," + b[1].toFixed(1);
  }
  function draw() {
    var m = "matrix(" + view.k + ",0,0," + view.k + "," + view.tx + "," + view.ty + ")";
    landLayer.setAttribute("transform", m);
    gridLayer.setAttribute("transform", m);
    lineEls.forEach(function (l) {
      var pts = l.line.points.map(function (p) { return project(p[0], p[1]); });
      var d = "M" + pts[0][0].toFixed(1) + "," + pts[0][1].toFixed(1);
      for (var i = 1; i < pts.length; i++) d += curve(pts[i - 1], pts[i], l.line.bend);
      l.path.setAttribute("d", d);
      l.hit.setAttribute("d", d);
    });
    function polyline(points) {
      return points.map(function (q, i) {
        var p = project(q[0], q[1]);
        return (i ? "L" : "M") + p[0].toFixed(1) + "," + p[1].toFixed(1);
      }).join("");
    }
    trackEls.forEach(function (t) {
      var all = "";
      t.line.segments.forEach(function (seg, i) { var d = polyline(seg); t.parts[i].setAttribute("d", d); all += d; });
      t.line.gaps.forEach(function (gap, i) { var d = polyline(gap); t.gaps[i].setAttribute("d", d); all += d; });
      t.line.open.forEach(function (q, i) {
        var p = project(q[0], q[1]);
        t.rings[i].setAttribute("cx", p[0].toFixed(1)); t.rings[i].setAttribute("cy", p[1].toFixed(1));
        t.rings[i].setAttribute("r", "4");
      });
      t.hit.setAttribute("d", all);
    });
    markerEls.forEach(function (e) {
      var p = project(e.m.lat, e.m.lon), r = e.r;
      if (e.shape.tagName === "rect") {
        e.shape.setAttribute("x", (p[0] - r).toFixed(1)); e.shape.setAttribute("y", (p[1] - r).toFixed(1));
        e.shape.setAttribute("width", (2 * r).toFixed(1)); e.shape.setAttribute("height", (2 * r).toFixed(1));
      } else {
        e.shape.setAttribute("cx", p[0].toFixed(1)); e.shape.setAttribute("cy", p[1].toFixed(1));
        e.shape.setAttribute("r", r.toFixed(1));
      }
      e.label.setAttribute("x", (p[0] + r + 3).toFixed(1));
      e.label.setAttribute("y", (p[1] + 4).toFixed(1));
    });
    declutter();
  }

  // Names that would overlap one already drawn are hidden, the more important markers first
  // (bases before places, then by hub score); zooming in shows them again.
  var byImportance = markerEls.slice().sort(function (a, b) {
    return (b.m.label === "Base") - (a.m.label === "Base") || (b.m.hub || 0) - (a.m.hub || 0);
  });
  function declutter() {
    var kept = [];
    byImportance.forEach(function (e) {
      if (e.hidden) { e.label.style.display = "none"; return; }
      e.label.style.display = "";
      var b = e.label.getBBox();
      var clash = kept.some(function (k) {
        return b.x < k.x + k.width && k.x < b.x + b.width && b.y < k.y + k.height && k.y < b.y + b.height;
      });
      if (clash) e.label.style.display = "none"; else kept.push(b);
    });
  }

  function fit() {
    var lats = [], lons = [];
    data.markers.forEach(function (m) { lats.push(m.lat); lons.push(m.lon); });
    data.lines.forEach(function (l) { l.points.forEach(function (p) { lats.push(p[0]); lons.push(p[1]); }); });
    (data.tracks || []).forEach(function (t) {
      t.segments.forEach(function (seg) { seg.forEach(function (p) { lats.push(p[0]); lons.push(p[1]); }); });
    });
    var box = svg.getBoundingClientRect();
    var w = box.width || 800, h = box.height || 500;
    var minLat = -60, maxLat = 80, minLon = -180, maxLon = 180;
    if (lats.length) {
      minLat = Math.min.apply(null, lats); maxLat = Math.max.apply(null, lats);
      minLon = Math.min.apply(null, lons); maxLon = Math.max.apply(null, lons);
      var padLat = Math.max(4, (maxLat - minLat) * 0.2), padLon = Math.max(6, (maxLon - minLon) * 0.2);
      minLat -= padLat; maxLat += padLat; minLon -= padLon; maxLon += padLon;
    }
    view.k = Math.min(w / (maxLon - minLon), h / (maxLat - minLat));
    view.k = Math.max(0.5, Math.min(view.k, 200));
    view.tx = w / 2 - view.k * (minLon + maxLon) / 2;
    view.ty = h / 2 + view.k * (minLat + maxLat) / 2;
    draw();
  }
  function zoomAt(factor, x, y) {
    var k = Math.max(0.5, Math.min(view.k * factor, 400));
    factor = k / view.k;
    view.tx = x - (x - view.tx) * factor;
    view.ty = y - (y - view.ty) * factor;
    view.k = k;
    draw();
  }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var box = svg.getBoundingClientRect();
    zoomAt(ev.deltaY < 0 ? 1.25 : 0.8, ev.clientX - box.left, ev.clientY - box.top);
  }, { passive: false });
  var drag = null;
  svg.addEventListener("pointerdown", function (ev) {
    if (ev.target.classList && (ev.target.classList.contains("marker") || ev.target.classList.contains("hit"))) return;
    drag = { x: ev.clientX, y: ev.clientY, tx: view.tx, ty: view.ty };
    svg.classList.add("dragging");
  });
  window.addEventListener("pointermove", function (ev) {
    if (!drag) return;
    view.tx = drag.tx + ev.clientX - drag.x;
    view.ty = drag.ty + ev.clientY - drag.y;
    draw();
  });
  window.addEventListener("pointerup", function () { drag = null; svg.classList.remove("dragging"); });
  function centre() { var b = svg.getBoundingClientRect(); return [b.width / 2, b.height / 2]; }
  document.getElementById("zoom-in").addEventListener("click", function () { var c = centre(); zoomAt(1.5, c[0], c[1]); });
  document.getElementById("zoom-out").addEventListener("click", function () { var c = centre(); zoomAt(1 / 1.5, c[0], c[1]); });
  document.getElementById("zoom-fit").addEventListener("click", fit);
  window.addEventListener("resize", fit);
  M.view = view;
  M.project = project;

  fit();
  requestAnimationFrame(function () {
    M.ready = true;
    M.readyMs = performance.now();
    document.body.setAttribute("data-ready", "1");
  });
})();
