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

  function markReady() {
    if (M.ready) return;
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
    if (tips[key]) details.appendChild(tipElement(tips[key]));
  }
  network.on("click", function (params) {
    if (params.nodes.length) showDetails("n:" + params.nodes[0]);
    else if (params.edges.length) showDetails("e:" + params.edges[0]);
  });

  // Legend entries hide and show a kind of node or a type of relationship.
  M.hidden = {};
  function toggle(item, attr) {
    var value = item.getAttribute(attr);
    var key = attr + ":" + value;
    var hide = !M.hidden[key];
    M.hidden[key] = hide;
    item.classList.toggle("off", hide);
    if (attr === "data-key") {
      nodes.update(data.nodes.filter(function (n) { return n.mg === value; })
        .map(function (n) { return { id: n.id, hidden: hide }; }));
    } else {
      edges.update(data.edges.filter(function (e) { return e.label === value; })
        .map(function (e) { return { id: e.id, hidden: hide }; }));
    }
  }
  Array.prototype.forEach.call(document.querySelectorAll("#legend li[data-key], #legend li[data-edge]"), function (item) {
    var attr = item.hasAttribute("data-key") ? "data-key" : "data-edge";
    item.addEventListener("click", function () { toggle(item, attr); });
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
