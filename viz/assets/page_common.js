// Shared by the graph page and the map page. Report text only ever goes in as text nodes.
window.milgraphPage = {
  // A tooltip box of "key: value" rows, built with textContent: nothing is parsed as HTML.
  tipElement: function (pairs) {
    var box = document.createElement("div");
    box.className = "tip";
    pairs.forEach(function (pair) {
      var row = document.createElement("div");
      var key = document.createElement("b");
      key.textContent = pair[0] + ": ";
      row.appendChild(key);
      row.appendChild(document.createTextNode(pair[1]));
      box.appendChild(row);
    });
    return box;
  }
};
