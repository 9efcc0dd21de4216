// Tables on phones: each cell learns its column's name (data-label), so CSS can show a row as
// "label: value" lines (table.stacked). A table marked "keep" stays a table; a table that still
// scrolls sideways inside its .table-wrap gets a focusable, named region (keyboard users can scroll it).
(function () {
  "use strict";
  function labels(table) {
    var rows = table.tHead ? table.tHead.rows : [];
    if (rows.length !== 1) { return null; }
    var names = [];
    Array.prototype.forEach.call(rows[0].cells, function (cell) {
      for (var i = 0; i < (cell.colSpan || 1); i += 1) { names.push(cell.textContent.trim()); }
    });
    return names;
  }
  function stack(table) {
    if (table.classList.contains("keep") || table.classList.contains("stacked")) { return; }
    var names = labels(table);
    if (!names || names.length < 3) { return; }
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (cell.tagName === "TD" && !cell.hasAttribute("data-label") && cell.colSpan === 1) {
            cell.setAttribute("data-label", names[column] || "");
          }
          column += cell.colSpan || 1;
        });
      });
    });
    table.classList.add("stacked");
  }
  function name(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption) { return caption.textContent.trim(); }
    var el = wrap;
    while (el && el !== document.body) {
      var prev = el.previousElementSibling;
      while (prev) {
        if (/^H[1-6]$/.test(prev.tagName)) { return prev.textContent.trim(); }
        prev = prev.previousElementSibling;
      }
      el = el.parentElement;
    }
    return document.title;
  }
  function regions() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), function (wrap) {
      if (wrap.hasAttribute("tabindex")) { return; }
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        if (!wrap.hasAttribute("aria-label") && !wrap.hasAttribute("aria-labelledby")) {
          wrap.setAttribute("aria-label", name(wrap));
        }
      }
    });
  }
  function run() {
    Array.prototype.forEach.call(document.querySelectorAll("main table"), stack);
    regions();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", run); } else { run(); }
  document.addEventListener("htmx:afterSettle", run);
  window.addEventListener("resize", regions);
})();
