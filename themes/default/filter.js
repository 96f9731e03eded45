// Filters the engineering page's initiative table. The filter lives in the
// URL (?status=at-risk&team=data) so that a filtered view can be shared as
// a link; without JavaScript the form stays hidden and every row shows.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("initiative-table");
  if (!form || !table) return;
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var count = form.querySelector(".filter-count");

  function matches(row, name, value) {
    if (!value) return true;
    var field = row.getAttribute("data-" + name) || "";
    return name === "goal" ? field.split(" ").indexOf(value) !== -1 : field === value;
  }

  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var visible = selects.every(function (s) { return matches(row, s.name, s.value); });
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    count.textContent = shown + " of " + rows.length + " initiatives shown";
  }

  function writeUrl() {
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (s) {
      if (s.value) params.set(s.name, s.value); else params.delete(s.name);
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(null, "", url);
  }

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (s) {
      var wanted = params.get(s.name) || "";
      var known = Array.prototype.some.call(s.options, function (o) { return o.value === wanted; });
      s.value = known ? wanted : "";
    });
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  selects.forEach(function (s) {
    s.addEventListener("change", function () { writeUrl(); apply(); });
  });
  readUrl();
  apply();
})();
