// Shared by the graph page and the map page. Report text only ever goes in as text nodes.
window.milgraphPage = {
  // A tooltip box of "key: value" rows, built with textContent: nothing is parsed as HTML.
  // With withLinks (the details panel), a third element that is an http(s) address becomes a link.
  tipElement: function (pairs, withLinks) {
    var box = document.createElement("div");
    box.className = "tip";
    pairs.forEach(function (pair) {
      var row = document.createElement("div");
      var key = document.createElement("b");
      key.textContent = pair[0] + ": ";
      row.appendChild(key);
      row.appendChild(document.createTextNode(pair[1]));
      if (pair[2] && withLinks && /^https?:\/\//i.test(pair[2])) {  // a report's web address, nothing else
        var link = document.createElement("a");
        link.href = pair[2];
        link.rel = "noopener noreferrer";
        link.target = "_blank";
        link.textContent = " (open)";
        row.appendChild(link);
      }
      box.appendChild(row);
    });
    return box;
  }
};
