// milgraph graph page. Everything from the graph is set with textContent: no report text
// is ever parsed as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var M = window.milgraph = {
    nodes: data.counts.nodes, edges: data.counts.edges,
    omittedNodes: data.counts.omittedNodes, omittedEdges: data.counts.omittedEdges,
    ready: false, readyMs: null, network: null
  };

  var tipElement = window.milgraphPage.tipElement;

  M.timings = { parsed: performance.now() };
  var tips = {};
  data.nodes.forEach(function (n) { tips["n:" + n.id] = n.tip; n.title = tipElement(n.tip); delete n.tip; });
  data.edges.forEach(function (e) { tips["e:" + e.id] = e.tip; e.title = tipElement(e.tip); delete e.tip; });

  M.timings.tooltips = performance.now();
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("graph");
  var network = new vis.Network(container, {}, data.options);
  M.network = network;

  // The leading nodes' names stay legible whatever the zoom: their font is set to a fixed
  // on-screen size; other names are drawn once zoomed in enough to read them.
  var leading = data.nodes.filter(function (n) { return n.mgTop; }).map(function (n) { return n.id; });
  var LEADING_PX = 15;
  function keepLeadingLegible() {
    var scale = network.getScale() || 1;
    var size = Math.max(11, Math.min(60, LEADING_PX / scale));
    nodes.update(leading.map(function (id) {
      var color = nodes.get(id).shape === "box" ? "#ffffff" : "#1c2833";
      return { id: id, font: { size: size, color: color } };
    }));
  }
  network.on("zoom", keepLeadingLegible);
  M.leading = leading;

  function markReady() {
    if (M.ready) return;
    keepLeadingLegible();
    M.ready = true;
    M.readyMs = performance.now();
    M.timings.ready = M.readyMs;
    document.body.setAttribute("data-ready", "1");
  }
  if (data.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", markReady);
  }
  network.setData({ nodes: nodes, edges: edges });
  if (!data.physics) network.fit();
  M.timings.data = performance.now();
  if (data.nodes.length === 0) markReady();

  var details = document.getElementById("details-body");
  function showDetails(key) {
    while (details.firstChild) details.removeChild(details.firstChild);
    if (tips[key]) details.appendChild(tipElement(tips[key], true));
  }
  network.on("click", function (params) {
    if (params.nodes.length) showDetails("n:" + params.nodes[0]);
    else if (params.edges.length) showDetails("e:" + params.edges[0]);
  });

  // What is shown: legend entries (kinds of node, types of relationship), the time slider
  // (events up to a date), modalities and one report. Every change recomputes visibility.
  M.hidden = {};
  var dates = data.nodes.filter(function (n) { return n.mgDate; }).map(function (n) { return n.mgDate; })
    .filter(function (d, i, all) { return all.indexOf(d) === i; }).sort();
  var slider = document.getElementById("time");
  var undated = document.getElementById("undated");
  var sourcePick = document.getElementById("source");
  Object.keys(data.reports || {}).sort(function (a, b) {
    return data.reports[a] < data.reports[b] ? -1 : 1;
  }).forEach(function (id) {
    var option = document.createElement("option");
    option.value = id;
    option.textContent = data.reports[id];
    sourcePick.appendChild(option);
  });
  function filters() {
    var mods = {};
    Array.prototype.forEach.call(document.querySelectorAll("#modalities input"), function (box) {
      mods[box.value] = box.checked;
    });
    return { until: slider ? dates[+slider.value] : null, undated: undated ? undated.checked : true,
             mods: mods, source: sourcePick.value };
  }
  function passes(item, f) {
    if (item.mgMod && f.mods[item.mgMod] === false) return false;
    if (f.source && item.mgSrc && item.mgSrc.indexOf(f.source) < 0) return false;
    if (f.source && !item.mgSrc && item.mgEvent) return false;
    if (item.mgEvent) {
      if (!item.mgDate) return f.undated;
      if (f.until && item.mgDate > f.until) return false;
    }
    return true;
  }
  function applyFilters() {
    var f = filters();
    if (slider) document.getElementById("time-label").textContent = f.until;
    nodes.update(data.nodes.map(function (n) {
      return { id: n.id, hidden: !!M.hidden["data-key:" + n.mg] || !passes(n, f) };
    }));
    edges.update(data.edges.map(function (e) {
      return { id: e.id, hidden: !!M.hidden["data-edge:" + e.label] || !passes(e, f) };
    }));
    M.shown = nodes.get({ filter: function (n) { return !n.hidden; } }).length;
  }
  M.applyFilters = applyFilters;
  Array.prototype.forEach.call(document.querySelectorAll("#legend li[data-key], #legend li[data-edge]"), function (item) {
    var attr = item.hasAttribute("data-key") ? "data-key" : "data-edge";
    item.addEventListener("click", function () {
      var key = attr + ":" + item.getAttribute(attr);
      M.hidden[key] = !M.hidden[key];
      item.classList.toggle("off", M.hidden[key]);
      applyFilters();
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("#filters input, #filters select"), function (input) {
    input.addEventListener("input", applyFilters);
    input.addEventListener("change", applyFilters);
  });

  var list = document.getElementById("names");
  var byName = {};
  data.nodes.forEach(function (n) {
    var name = tips["n:" + n.id][0][1];
    if (byName[name] === undefined) {
      byName[name] = n.id;
      var option = document.createElement("option");
      option.value = name;
      list.appendChild(option);
    }
  });
  document.getElementById("find").addEventListener("change", function (ev) {
    var id = byName[ev.target.value];
    if (id === undefined) return;
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    showDetails("n:" + id);
  });
})();
