// Sorts a table with data-sortable by the column whose header button is
// pressed: numbers largest first, text in alphabetical order (Vietnamese
// collation), pressed again the other way. Each cell sorts by its data-v.
(function () {
  "use strict";
  var collator = new Intl.Collator(document.documentElement.lang || "vi", { numeric: true, sensitivity: "base" });
  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), function (table) {
    var heads = table.querySelectorAll("thead th[data-sort]");
    var body = table.tBodies[0];
    Array.prototype.forEach.call(body.rows, function (row, i) { row.dataset.i = i; });
    Array.prototype.forEach.call(heads, function (th) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var col = Number(th.dataset.col);
        var numeric = th.dataset.sort === "number";
        var first = numeric ? "descending" : "ascending";
        var dir = th.getAttribute("aria-sort") === first ? (numeric ? "ascending" : "descending") : first;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir);
        var sign = dir === "ascending" ? 1 : -1;
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].dataset.v, y = b.cells[col].dataset.v;
          var c = numeric ? Number(x) - Number(y) : collator.compare(x, y);
          return c !== 0 ? sign * c : Number(a.dataset.i) - Number(b.dataset.i);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
