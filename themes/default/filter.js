// The engineering view's initiatives, filtered by member, team, goal, status,
// category, kind, horizon and health (several values each, any of which
// may match) and by words of their id, title, summary and owner, all kept
// in the URL (?status=planned&status=blocked, or ?status=planned,blocked)
// so that a filtered view can be shared as a link. The filter drives the
// table, which shows a page of 100 at a time and sorts by any column, the
// risk register, and the timeline's bars. The data comes from the page, or
// on a large roadmap from the scripts it loads, so that the whole list is
// searched however long it is. Without JavaScript the form stays hidden and
// the page shows the rows its HTML holds.
// What the filters are and what they match, shared by the engineering
// view's form and the executive board, which reads them from its address.
self.waymarkFilter = (function () {
  "use strict";
  var FIELDS = {
    team: function (r) { return [r.tm]; },
    // A portfolio's member, which namespaces the ids of its work.
    member: function (r) { var at = r.id.indexOf("/"); return at < 0 ? [] : [r.id.slice(0, at)]; },
    goal: function (r) { return r.g; },
    status: function (r) { return [r.st]; },
    category: function (r) { return [r.c]; },
    kind: function (r) { return [r.k]; },
    horizon: function (r) { return [r.h]; },
    health: function (r) { return r.hl; }
  };

  // The words a record is searched by.
  function text(r) { return [r.id, r.t, r.s, r.o].join(" ").toLowerCase(); }

  // A test of a record (and, when known, its text) against the values
  // `wanted` of each filter and the `words` of the search.
  function matcher(wanted, words) {
    return function (r, haystack) {
      for (var name in wanted) {
        if (!FIELDS[name](r).some(function (value) { return wanted[name][value]; })) return false;
      }
      if (!words.length) return true;
      haystack = haystack || text(r);
      return words.every(function (word) { return haystack.indexOf(word) !== -1; });
    };
  }

  // The filters an address names (?status=planned&status=blocked, or
  // ?status=planned,blocked) and its words (?q=).
  function fromUrl(search) {
    var params = new URLSearchParams(search);
    var wanted = {}, active = false;
    Object.keys(FIELDS).forEach(function (name) {
      params.getAll(name).forEach(function (value) {
        value.split(",").forEach(function (one) {
          if (!one.trim()) return;
          (wanted[name] = wanted[name] || {})[one.trim()] = true;
          active = true;
        });
      });
    });
    var q = params.get("q") || "";
    var words = q.toLowerCase().split(/\s+/).filter(Boolean);
    return { wanted: wanted, q: q, words: words, active: active || words.length > 0 };
  }

  // The filters as an address's query: those of `filter` (as fromUrl
  // gives them), each value of `base` kept only where the filter allows it.
  function query(filter, base) {
    var params = new URLSearchParams(base || "");
    var out = new URLSearchParams();
    var names = {};
    params.forEach(function (value, name) { names[name] = true; });
    Object.keys(filter.wanted).forEach(function (name) { names[name] = true; });
    Object.keys(names).forEach(function (name) {
      var from = params.getAll(name);
      var chosen = filter.wanted[name] ? Object.keys(filter.wanted[name]) : [];
      var values = !from.length ? chosen : !chosen.length ? from
        : from.filter(function (value) { return filter.wanted[name][value]; });
      values.forEach(function (value) { out.append(name, value); });
    });
    if (filter.q) out.set("q", filter.q);
    return out.toString();
  }

  // An element with `attributes` and `children` (nodes, or strings as text).
  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  return { FIELDS: FIELDS, text: text, matcher: matcher, fromUrl: fromUrl, query: query, element: element };
})();

(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("initiative-table");
  var source = document.getElementById("table-data");
  if (!form || !table || !source) return;
  var data = JSON.parse(source.textContent);
  var records = data.records || [].concat.apply([], self.waymarkTable || []);
  // A portfolio member's view lists the member's work alone.
  if (data.member) records = records.filter(function (r) { return r.id.indexOf(data.member + "/") === 0; });
  // The overview's scripts hold the records team by team; it lists them
  // as the roadmap does, by id (ids are ASCII, so `<` orders them as the
  // build does).
  if (data.by_id) records.sort(function (a, b) { return a.id < b.id ? -1 : a.id > b.id ? 1 : 0; });
  var PAGE = 100;
  var FIELDS = self.waymarkFilter.FIELDS;
  var STATUS_ORDER = ["proposed", "planned", "in-progress", "at-risk", "blocked", "done", "dropped"];
  var LEVEL = { low: 1, medium: 2, high: 3 };
  // What each sortable column sorts by; the others do not sort.
  var SORT_KEYS = {
    id: function (r) { return r.id; },
    title: function (r) { return r.t.toLowerCase(); },
    category: function (r) { return r.c; },
    kind: function (r) { return r.k; },
    status: function (r) { return STATUS_ORDER.indexOf(r.st); },
    schedule: function (r) { return r.q ? r.q[0] * 10000 + r.q[1] : Infinity; },
    effort: function (r) { return r.e === null || r.e === undefined ? -Infinity : r.e; },
    owner: function (r) { return r.o.toLowerCase(); }
  };
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
  var search = form.elements.q;
  var count = form.querySelector(".filter-count");
  var pager = document.getElementById("table-pages");
  var risks = document.getElementById("risk-table");
  var riskCount = document.getElementById("risk-count");
  var idPattern = new RegExp("^" + data.initiative_path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace("{id}", "([^/]+)") + "$");
  var texts = records.map(self.waymarkFilter.text);
  var sort = { key: null, direction: 1 };
  var page = 0;
  var matching = records;

  function chosen() {
    var wanted = {};
    boxes.forEach(function (box) {
      if (box.checked) (wanted[box.name] = wanted[box.name] || {})[box.value] = true;
    });
    return wanted;
  }

  function filter() {
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var matches = self.waymarkFilter.matcher(chosen(), words);
    matching = records.filter(function (r, i) { return matches(r, texts[i]); });
    if (sort.key) {
      var key = SORT_KEYS[sort.key];
      matching = matching.slice().sort(function (a, b) {
        var x = key(a), y = key(b);
        return (x < y ? -1 : x > y ? 1 : 0) * sort.direction;
      });
    }
  }

  var element = self.waymarkFilter.element;
  function link(path, id, children) { return element("a", { href: path.replace("{id}", id) }, children); }
  function joined(nodes) {
    var out = [];
    nodes.forEach(function (node, i) { if (i) out.push(", "); out.push(node); });
    return out;
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function times(n) { return n === 1 ? "once" : n === 2 ? "twice" : n + " times"; }
  function number(n) { return n === null || n === undefined ? "" : String(Math.round(n * 10) / 10); }

  function badges(f) {
    var out = [];
    if (f.overdue_by) out.push(" ", element("span", { "class": "badge badge-overdue" }, ["Overdue by " + plural(f.overdue_by, "quarter")]));
    if (f.inherited_risk) out.push(" ", element("span", { "class": "badge badge-inherited-risk" }, ["At risk from prerequisites"]));
    if (f.slipped) out.push(" ", element("span", { "class": "badge badge-slipped", title: "Its end moved later since first planned for " + f.first_planned_end }, [f.slipped]));
    return out;
  }

  function row(r) {
    var title = [link(data.initiative_path, r.id, [r.t])];
    if (r.nr) title.push(" ", element("span", { "class": "badge badge-review" }, ["needs review"]));
    var tr = element("tr", { "data-status": r.st, "data-category": r.c, "data-team": r.tm, "data-goal": r.g.join(" ") }, [
      element("td", {}, [element("code", {}, [r.id])]),
      element("td", {}, title),
      element("td", {}, joined(r.g.map(function (g) { return link(data.goal_path, g, [data.goals[g] || g]); }))),
      element("td", {}, [r.c]),
      element("td", {}, [r.k]),
      element("td", {}, [element("span", { "class": "status status-" + r.st }, [r.sl])].concat(badges(r.f))),
      element("td", { "class": "nowrap" }, [r.sc]),
      element("td", {}, joined(r.d.map(function (d) { return link(data.initiative_path, d, [element("code", {}, [d])]); }))),
      element("td", { "class": "number" }, [number(r.e)]),
      element("td", {}, [r.o]),
      element("td", {}, [r.s])
    ]);
    return tr;
  }

  function level(value) {
    return value ? element("span", { "class": "level level-" + value }, [value]) : "—";
  }

  function showRisks() {
    if (!risks) return;
    var list = [];
    matching.forEach(function (r) {
      r.r.forEach(function (risk) { list.push({ r: r, risk: risk }); });
    });
    list.sort(function (a, b) {
      return (b.risk[4] - a.risk[4]) || ((LEVEL[b.risk[2]] || 0) - (LEVEL[a.risk[2]] || 0)) ||
        ((LEVEL[b.risk[1]] || 0) - (LEVEL[a.risk[1]] || 0));
    });
    var body = element("tbody");
    list.slice(0, PAGE).forEach(function (item) {
      var risk = item.risk;
      body.appendChild(element("tr", { "data-id": item.r.id }, [
        element("td", {}, [risk[0]]),
        element("td", {}, [link(data.initiative_path, item.r.id, [item.r.t])]),
        element("td", {}, [level(risk[1])]),
        element("td", {}, [level(risk[2])]),
        element("td", { "class": "number" }, [risk[4] ? String(risk[4]) : "—"]),
        element("td", {}, [risk[3]])
      ]));
    });
    risks.replaceChild(body, risks.tBodies[0]);
    if (riskCount) {
      riskCount.textContent = list.length > PAGE
        ? "The " + PAGE + " most severe of " + plural(list.length, "risk") + " shown."
        : plural(list.length, "risk") + " shown.";
    }
  }

  function showTable() {
    var pages = Math.max(1, Math.ceil(matching.length / PAGE));
    page = Math.min(page, pages - 1);
    var body = element("tbody");
    matching.slice(page * PAGE, (page + 1) * PAGE).forEach(function (r) { body.appendChild(row(r)); });
    table.replaceChild(body, table.tBodies[0]);
    count.textContent = matching.length + " of " + records.length + " initiatives shown";
    if (pager) {
      pager.hidden = pages < 2;
      pager.querySelector(".page-status").textContent = "Page " + (page + 1) + " of " + pages +
        ": rows " + (page * PAGE + 1) + "–" + Math.min(matching.length, (page + 1) * PAGE);
      pager.querySelector("[data-step='-1']").disabled = page === 0;
      pager.querySelector("[data-step='1']").disabled = page >= pages - 1;
    }
  }

  function unfiltered() { return !search.value && !boxes.some(function (box) { return box.checked; }); }

  // The timeline's bars and the matrix's points of initiatives the filter
  // leaves out are hidden, and so are the arrows to or from a hidden bar;
  // the timeline's own script calls this again when it redraws.
  function showBars() {
    var shown = {};
    matching.forEach(function (r) { shown[r.id] = true; });
    var all = unfiltered();
    document.querySelectorAll("svg.chart-timeline a, svg.chart-matrix a").forEach(function (mark) {
      var found = idPattern.exec(mark.getAttribute("href") || "");
      if (found) mark.classList.toggle("filtered-out", !all && !shown[found[1]]);
    });
    document.querySelectorAll("svg.chart-timeline").forEach(hideArrowsOfHiddenBars);
  }
  self.waymarkFilterBars = showBars;

  // An arrow starts on its prerequisite's bar, at the middle of its right
  // edge, and ends on its dependent's left edge (as the layout routes
  // them), so the bars at its two ends are found by where it starts and ends.
  function hideArrowsOfHiddenBars(chart) {
    var bars = Array.prototype.map.call(chart.querySelectorAll("a rect"), function (rect) {
      var x = Number(rect.getAttribute("x")), y = Number(rect.getAttribute("y"));
      return { left: x, right: x + Number(rect.getAttribute("width")), top: y,
               bottom: y + Number(rect.getAttribute("height")), hidden: rect.parentNode.classList.contains("filtered-out") };
    });
    var near = function (a, b) { return Math.abs(a - b) < 0.2; };
    var hiddenAt = function (point, edge) {
      return bars.some(function (bar) {
        return bar.hidden && near(bar[edge], point[0]) && bar.top <= point[1] && point[1] <= bar.bottom;
      });
    };
    chart.querySelectorAll(":scope > path.arrow").forEach(function (arrow) {
      var ends = arrowEnds(arrow.getAttribute("d") || "");
      if (ends) arrow.classList.toggle("filtered-out", hiddenAt(ends[0], "right") || hiddenAt(ends[1], "left"));
    });
  }

  // The first and last point of a path of M, H and V steps.
  function arrowEnds(d) {
    var step = /([MHV])\s*(-?[\d.]+)(?:,(-?[\d.]+))?/g, found, first = null, at = null;
    while ((found = step.exec(d))) {
      if (found[1] === "M") at = [Number(found[2]), Number(found[3])];
      else if (!at) return null;
      else if (found[1] === "H") at = [Number(found[2]), at[1]];
      else at = [at[0], Number(found[2])];
      if (!first) first = at;
    }
    return first && [first, at];
  }

  // The filtered work's part of each column of the capacity chart, its
  // effort spread evenly over its quarters as the chart's columns count it
  // (dropped work not at all).
  function showCapacity() {
    var plot = document.querySelector("svg.chart-capacity g.plot");
    var note = document.getElementById("capacity-filtered");
    if (!plot) return;
    var all = unfiltered();
    var zero = Number(plot.getAttribute("data-zero")), perWeek = Number(plot.getAttribute("data-per-week"));
    var effort = {}, total = 0;
    if (!all) {
      matching.forEach(function (r) {
        if (!r.q || r.e === null || r.e === undefined || r.st === "dropped") return;
        var share = r.e / (r.q[1] - r.q[0] + 1);
        for (var q = r.q[0]; q <= r.q[1]; q++) effort[q] = (effort[q] || 0) + share;
      });
    }
    plot.querySelectorAll("g.quarter").forEach(function (quarter) {
      var column = quarter.querySelector("g.column");
      var old = column.querySelector("rect.filtered-part");
      if (old) column.removeChild(old);
      if (all) return;
      var bar = column.querySelector("rect");
      var value = effort[Number(quarter.getAttribute("data-quarter"))] || 0;
      total += value;
      var part = document.createElementNS("http://www.w3.org/2000/svg", "rect");
      part.setAttribute("class", "filtered-part");
      part.setAttribute("x", bar.getAttribute("x"));
      part.setAttribute("width", bar.getAttribute("width"));
      part.setAttribute("y", num(zero - value * perWeek));
      part.setAttribute("height", num(value * perWeek));
      column.insertBefore(part, bar.nextSibling);
    });
    if (note) {
      note.hidden = all;
      note.textContent = all ? "" : "The darker part of each column is the work the filters below match: " +
        number(total) + " person-weeks in the quarters shown.";
    }
  }
  function num(n) { return String(Math.round(n * 100) / 100); }

  // The executive board filtered as this view is.
  function showBoardLink() {
    var link = document.getElementById("board-link");
    if (!link) return;
    var query = self.waymarkFilter.query(self.waymarkFilter.fromUrl(window.location.search));
    link.href = link.getAttribute("href").split("?")[0] + (query ? "?" + query : "");
  }

  function apply() {
    filter();
    showTable();
    showRisks();
    showBars();
    showCapacity();
    showBoardLink();
  }

  function writeUrl() {
    var params = new URLSearchParams(window.location.search);
    Object.keys(FIELDS).forEach(function (name) { params.delete(name); });
    boxes.forEach(function (box) { if (box.checked) params.append(box.name, box.value); });
    if (search.value) params.set("q", search.value); else params.delete("q");
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  function readUrl() {
    var filter = self.waymarkFilter.fromUrl(window.location.search);
    boxes.forEach(function (box) { box.checked = Boolean(filter.wanted[box.name] && filter.wanted[box.name][box.value]); });
    search.value = filter.q;
  }

  function sortable() {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      var key = th.getAttribute("data-sort");
      if (!SORT_KEYS[key]) return;
      var button = element("button", { type: "button", "class": "sort" }, [th.textContent]);
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        sort.direction = sort.key === key ? -sort.direction : 1;
        sort.key = key;
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", sort.direction === 1 ? "ascending" : "descending");
        page = 0;
        apply();
      });
    });
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  boxes.forEach(function (box) {
    box.addEventListener("change", function () { page = 0; writeUrl(); apply(); });
  });
  search.addEventListener("input", function () { page = 0; writeUrl(); apply(); });
  if (pager) {
    pager.querySelectorAll("button[data-step]").forEach(function (button) {
      button.addEventListener("click", function () { page += Number(button.getAttribute("data-step")); showTable(); });
    });
  }
  sortable();
  readUrl();
  apply();
})();

// The organisation's load per quarter, by team or by goal.
(function () {
  "use strict";
  var choice = document.getElementById("portfolio-choice");
  if (!choice) return;
  var views = { teams: document.getElementById("portfolio-teams-view"), goals: document.getElementById("portfolio-goals-view") };
  function show() {
    var by = choice.querySelector("input:checked").value;
    Object.keys(views).forEach(function (name) { views[name].hidden = name !== by; });
  }
  choice.hidden = false;
  choice.addEventListener("change", show);
  show();
})();

// The timeline's window: the quarters it shows, kept in the URL
// (?from=2026-Q1&to=2027-Q4) like the filters. The page shows its default
// window without JavaScript; another window is laid out here from the data
// the page carries, by the rules of src/render/charts/timeline (same sizes,
// labels inside, right or left of their bar, arrows along the gaps between
// rows and down channels no bar or label blocks).
(function () {
  "use strict";
  var form = document.querySelector("form.timeline-window");
  var scroll = document.querySelector(".timeline-scroll");
  if (!form || !scroll) return;
  var data = JSON.parse(form.querySelector("script.timeline-data").textContent);
  var chart = scroll.querySelector("svg.chart-timeline");
  var lanesSvg = scroll.querySelector("svg.timeline-lanes");
  var axisSvg = scroll.querySelector("svg.timeline-axis");
  var legend = chart.querySelector("g.legend");
  var from = form.elements.from;
  var to = form.elements.to;

  var WIDTH = 1100, LABEL_WIDTH = 180, GUTTER = 175, HEADER = 40, ROW = 28, BAR = 20;
  var GAP = 3, STUB = 8, CHAR = 7, PADDING = 16, NOTE = 18, CHANNELS_PER_QUARTER = 4, LANE_NAME_EVERY = 12;

  function ordinal(quarter) {
    var parts = /^(\d{4})-Q([1-4])$/.exec(quarter || "");
    return parts ? Number(parts[1]) * 4 + Number(parts[2]) - 1 : null;
  }
  function quarterName(n) { return Math.floor(n / 4) + "-Q" + (n % 4 + 1); }
  function esc(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function fitting(width) { return Math.max(0, Math.floor(width / CHAR)); }
  function cut(text, max) {
    var chars = Array.from(text);
    if (chars.length <= max) return text;
    return chars.slice(0, Math.max(0, max - 1)).join("").replace(/\s+$/, "") + "…";
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function num(n) { return String(Math.round(n * 10) / 10); }

  var extent = [ordinal(data.extent[0]), ordinal(data.extent[1])];
  var rows = data.rows.map(function (row, index) {
    return { index: index, row: row, start: ordinal(row.start), end: ordinal(row.end) };
  });

  // Inside the bar, else right of it, else left of it, else cut to the roomiest.
  function placeLabel(row, left, right) {
    var clear = STUB + 6;
    var places = [
      { x: left + 6, anchor: "start", room: fitting(right - left - 12) },
      { x: right + clear, anchor: "start", room: fitting(WIDTH - GAP - right - clear) },
      { x: left - clear, anchor: "end", room: fitting(left - clear - LABEL_WIDTH - GAP) }
    ];
    var title = Array.from(row.title).length, words = Array.from(row.words).length + 1;
    var i;
    for (i = 0; i < 3; i++) if (title + words <= places[i].room) return { place: places[i], text: row.title, tail: true };
    for (i = 0; i < 3; i++) if (title <= places[i].room) return { place: places[i], text: row.title, tail: false };
    var best = places.reduce(function (a, b) { return b.room > a.room ? b : a; });
    return { place: best, text: cut(row.title, best.room), tail: false };
  }

  function layout(start, end) {
    var quarters = end - start + 1;
    var qw = (WIDTH - LABEL_WIDTH - PADDING) / quarters;
    var x = function (q) { return LABEL_WIDTH + qw * (q - start); };
    var shown = rows.filter(function (r) { return r.start <= end && r.end >= start; });
    var before = data.rows.filter(function (row, i) { return rows[i].end < start; });
    var after = rows.filter(function (r) { return r.start > end; }).length;
    var bottom = HEADER + ROW * shown.length;
    var rowOf = {};
    var bars = shown.map(function (r, n) {
      var left = x(Math.max(r.start, start)) + GAP;
      var right = x(Math.min(r.end, end)) + qw - GAP;
      var middle = HEADER + ROW * (n + 0.5);
      var label = placeLabel(r.row, left, right);
      // The status words follow the title 5 px after it, as the tspan's dx says.
      var width = Array.from(label.text).length * CHAR + (label.tail ? 5 + Array.from(r.row.words).length * CHAR : 0);
      var labelLeft = label.place.anchor === "end" ? label.place.x - width : label.place.x;
      rowOf[r.index] = n;
      return { r: r, left: left, right: right, middle: middle, label: label,
               occupied: [Math.min(left, labelLeft), Math.max(right, labelLeft + width)] };
    });
    var steps = quarters * CHANNELS_PER_QUARTER;
    var channels = [GUTTER];
    for (var s = 0; s <= steps; s++) channels.push(LABEL_WIDTH + (qw / CHANNELS_PER_QUARTER) * s);
    var blocked = channels.map(function (c) {
      var counts = [0];
      bars.forEach(function (b, n) { counts.push(counts[n] + (b.occupied[0] - 2 < c && c < b.occupied[1] + 2 ? 1 : 0)); });
      return counts;
    });
    var links = data.links.filter(function (l) { return l[0] in rowOf && l[1] in rowOf; })
      .map(function (l) { return { from: rowOf[l[0]], to: rowOf[l[1]], cls: l[2], marker: l[3] }; });
    var arriving = {};
    links.forEach(function (l) { (arriving[l.to] = arriving[l.to] || []).push(l); });
    Object.keys(arriving).forEach(function (key) {
      var list = arriving[key].sort(function (a, b) { return a.from - b.from; });
      var spacing = Math.min(5, (BAR - 6) / Math.max(1, list.length - 1));
      list.forEach(function (l, i) { l.endY = bars[l.to].middle + (i - (list.length - 1) / 2) * spacing; });
    });
    var rowTop = function (n) { return HEADER + ROW * n; };
    var arrows = links.map(function (l) {
      var a = bars[l.from], b = bars[l.to];
      var outX = a.right + STUB, inX = b.left - STUB, down = l.to > l.from;
      var outGap = down ? rowTop(l.from + 1) : rowTop(l.from);
      var inGap = down ? rowTop(l.to) : rowTop(l.to + 1);
      var points = [[a.right, a.middle], [outX, a.middle], [outX, outGap]];
      var lo = Math.min(l.from, l.to) + 1, hi = Math.max(l.from, l.to);
      if (lo < hi) {
        var best = null;
        channels.forEach(function (c, i) {
          if (i > 0 && blocked[i][hi] !== blocked[i][lo]) return;
          var cost = Math.abs(outX - c) + Math.abs(c - inX);
          if (best === null || cost < best.cost) best = { c: c, cost: cost };
        });
        points.push([best.c, outGap], [best.c, inGap]);
      }
      points.push([inX, inGap], [inX, l.endY], [b.left, l.endY]);
      var d = "M" + num(points[0][0]) + "," + num(points[0][1]);
      for (var i = 1; i < points.length; i++) {
        d += points[i][1] === points[i - 1][1] ? " H" + num(points[i][0]) : " V" + num(points[i][1]);
      }
      return '<path class="' + l.cls + '" fill="none" marker-end="url(#' + l.marker + ')" d="' + d + '"/>';
    });
    return { start: start, end: end, qw: qw, x: x, shown: shown, bars: bars, arrows: arrows,
             bottom: bottom, before: before, after: after };
  }

  function notes(l) {
    var lines = [];
    if (l.before.length) {
      var count = function (s) { return l.before.filter(function (row) { return row.status === s; }).length; };
      var done = count("done"), dropped = count("dropped"), open = l.before.length - done - dropped;
      var first = quarterName(l.start);
      if (done === l.before.length) lines.push(plural(done, "initiative") + " finished before " + first + ".");
      else lines.push(plural(l.before.length, "initiative") + " ended before " + first + ": " +
        [[done, "finished"], [dropped, "dropped"], [open, "not done"]]
          .filter(function (p) { return p[0] > 0; }).map(function (p) { return p[0] + " " + p[1]; }).join(", ") + ".");
    }
    if (l.after) lines.push(plural(l.after, "initiative") + (l.after === 1 ? " starts" : " start") + " after " + quarterName(l.end) + ".");
    return lines;
  }

  function today(l) {
    var q = ordinal(data.today.slice(0, 4) + "-Q" + (Math.floor((Number(data.today.slice(5, 7)) - 1) / 3) + 1));
    var cls = "today outside", x, anchor, words;
    if (q < l.start) { x = LABEL_WIDTH; anchor = "start"; words = "today: " + data.today + ", before this window"; }
    else if (q > l.end) { x = l.x(l.end) + l.qw; anchor = "end"; words = "today: " + data.today + ", after this window"; }
    else {
      cls = "today"; words = "today";
      x = l.x(q) + l.qw * data.today_share;
      anchor = x - LABEL_WIDTH < 24 ? "start" : (l.x(l.end) + l.qw - x < 24 ? "end" : "middle");
    }
    return '<g class="' + cls + '"><title>Today, ' + data.today + '</title><line x1="' + num(x) + '" y1="' + (HEADER - 4) +
      '" x2="' + num(x) + '" y2="' + l.bottom + '"/><text x="' + num(x) + '" y="' + (HEADER - 26) +
      '" text-anchor="' + anchor + '">' + esc(words) + "</text></g>";
  }

  function lanes(l, width, repeat) {
    var out = "", n = 0;
    while (n < l.shown.length) {
      var lane = l.shown[n].row.lane, first = n;
      while (n < l.shown.length && l.shown[n].row.lane === lane) n++;
      var top = HEADER + ROW * first;
      out += '<rect class="lane" x="0" y="' + top + '" width="' + width + '" height="' + ROW * (n - first) + '"/>';
      // The copy kept in view repeats the name down a long lane.
      for (var row = first; row < n; row += repeat ? LANE_NAME_EVERY : n) {
        out += '<text class="lane-label" x="8" y="' + (HEADER + ROW * row + ROW / 2 + 4) + '">' +
          esc(cut(data.lanes[lane], fitting(GUTTER - 12))) + "</text>";
      }
    }
    return out;
  }

  function axis(l) {
    var out = "";
    for (var q = l.start; q <= l.end; q++) {
      out += '<text class="axis" x="' + num(l.x(q) + l.qw / 2) + '" y="' + (HEADER - 8) + '" text-anchor="middle">' + quarterName(q) + "</text>";
    }
    return out;
  }

  function draw(l) {
    var svg = "";
    svg += lanes(l, WIDTH);
    for (var q = l.start; q <= l.end + 1; q++) {
      svg += '<line class="grid" x1="' + num(l.x(q)) + '" y1="' + (HEADER - 20) + '" x2="' + num(l.x(q)) + '" y2="' + l.bottom + '"/>';
    }
    svg += axis(l) + today(l) + l.arrows.join("");
    l.bars.forEach(function (b) {
      var row = b.r.row, label = b.label;
      svg += '<a class="' + row["class"] + '" href="' + esc(row.href) + '"><title>' + esc(row.tooltip) + "</title>" +
        '<rect x="' + num(b.left) + '" y="' + num(b.middle - BAR / 2) + '" width="' + num(b.right - b.left) + '" height="' + BAR + '" rx="3"/>' +
        '<text x="' + num(label.place.x) + '" y="' + num(b.middle + 4) + '"' + (label.place.anchor === "end" ? ' text-anchor="end"' : "") + ">" +
        esc(label.text) + (label.tail ? '<tspan class="bar-status" dx="5">' + esc(row.words) + "</tspan>" : "") + "</text></a>";
    });
    var top = l.bottom + 8;
    notes(l).forEach(function (note, i) {
      svg += '<text class="window-note" x="8" y="' + num(top + NOTE * (i + 0.5) + 4) + '">' + esc(cut(note, fitting(WIDTH - PADDING - 8))) + "</text>";
    });
    var notesBottom = top + NOTE * notes(l).length;
    return { svg: svg, legendTop: notesBottom + 8 };
  }

  var original = { chart: chart.innerHTML, lanes: lanesSvg.innerHTML, axis: axisSvg.innerHTML,
                   height: chart.getAttribute("height"), lanesHeight: lanesSvg.getAttribute("height") };

  function show(start, end) {
    if (start === ordinal(data.window[0]) && end === ordinal(data.window[1])) {
      chart.innerHTML = original.chart;
      lanesSvg.innerHTML = original.lanes;
      axisSvg.innerHTML = original.axis;
      [chart, lanesSvg].forEach(function (svg, i) {
        var h = i ? original.lanesHeight : original.height;
        svg.setAttribute("height", h);
        svg.setAttribute("viewBox", "0 0 " + svg.getAttribute("width") + " " + h);
      });
      return;
    }
    var l = layout(start, end), drawn = draw(l);
    var keep = chart.querySelectorAll("title, desc, defs");
    var head = Array.prototype.map.call(keep, function (e) { return e.outerHTML; }).join("");
    chart.innerHTML = head + drawn.svg;
    var height = drawn.legendTop;
    if (legend) {
      // The key is the server's, moved to below the new rows.
      var moved = legend.cloneNode(true);
      var shift = drawn.legendTop - Number(legend.getAttribute("data-top"));
      moved.setAttribute("transform", "translate(0 " + num(shift) + ")");
      chart.appendChild(moved);
      height += Number(legend.getAttribute("data-height"));
    }
    height += PADDING / 2;
    chart.setAttribute("height", num(height));
    chart.setAttribute("viewBox", "0 0 " + WIDTH + " " + num(height));
    lanesSvg.setAttribute("height", num(l.bottom));
    lanesSvg.setAttribute("viewBox", "0 0 " + LABEL_WIDTH + " " + num(l.bottom));
    lanesSvg.innerHTML = '<rect class="backdrop" x="0" y="0" width="' + LABEL_WIDTH + '" height="' + num(l.bottom) + '"/>' + lanes(l, LABEL_WIDTH, true);
    axisSvg.innerHTML = '<rect class="backdrop" x="0" y="0" width="' + WIDTH + '" height="' + HEADER + '"/>' + axis(l) + today(l);
  }

  function chosen() {
    var params = new URLSearchParams(window.location.search);
    var start = ordinal(params.get("from")), end = ordinal(params.get("to"));
    var dflt = [ordinal(data.window[0]), ordinal(data.window[1])];
    if (start === null && end === null) return dflt;
    if (start === null) start = Math.max(extent[0], Math.min(dflt[0], end));
    if (end === null) end = Math.min(extent[1], start + 7);
    start = Math.max(extent[0], Math.min(start, extent[1]));
    end = Math.max(start, Math.min(end, extent[1]));
    return [start, end];
  }

  function writeUrl(start, end) {
    var params = new URLSearchParams(window.location.search);
    var dflt = start === ordinal(data.window[0]) && end === ordinal(data.window[1]);
    if (dflt) { params.delete("from"); params.delete("to"); }
    else { params.set("from", quarterName(start)); params.set("to", quarterName(end)); }
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  function apply(start, end) {
    from.value = quarterName(start);
    to.value = quarterName(end);
    show(start, end);
    // The bars drawn anew are filtered as the table is.
    if (self.waymarkFilterBars) self.waymarkFilterBars();
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  [from, to].forEach(function (select) {
    select.addEventListener("change", function () {
      var start = ordinal(from.value), end = ordinal(to.value);
      if (end < start) { if (select === from) end = start; else start = end; }
      writeUrl(start, end);
      apply(start, end);
    });
  });
  var initial = chosen();
  apply(initial[0], initial[1]);
})();

// The executive board filtered by its address, as the engineering view's
// filters write it (?team=data&status=at-risk&q=cache): each column shows
// the open work that matches, troubled work first, then by end quarter, as
// the page ranks it, at most a screenful; "and N more" leads to the
// engineering table filtered to the rest of the column. The data is the
// engineering table's, loaded only when the address filters; without
// JavaScript, or without filters, the board is the page's own.
(function () {
  "use strict";
  var source = document.getElementById("board-data");
  var board = document.querySelector(".board");
  if (!source || !board) return;
  var filter = self.waymarkFilter.fromUrl(window.location.search);
  if (!filter.active) return;
  var data = JSON.parse(source.textContent);
  var note = document.getElementById("board-filter");
  var OPEN = { proposed: true, planned: true, "in-progress": true, "at-risk": true, blocked: true };

  var element = self.waymarkFilter.element;
  function quarterName(n) { return Math.floor(n / 4) + "-Q" + (n % 4 + 1); }
  function troubled(r) { return r.hl.indexOf("at-risk") !== -1; }

  // As the page ranks a column: troubled work first, then by the quarter
  // it ends in, unscheduled last, then by id.
  function importance(a, b) {
    return (troubled(b) - troubled(a)) || (!a.q - !b.q) ||
      (a.q && b.q ? a.q[1] - b.q[1] : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  }

  // A card as the page draws one, for work its HTML does not hold.
  function card(r) {
    var link = function (path, id, text) { return element("a", { href: path.replace("{id}", id) }, [text]); };
    var meta = [element("span", { "class": "status status-" + r.st }, [r.sl])];
    if (r.f.slipped) meta.push(" ", element("span", { "class": "badge badge-slipped", title: "Its end moved later since first planned for " + r.f.first_planned_end }, [r.f.slipped]));
    if (r.q) meta.push(" ", element("span", { "class": "target" }, ["Target " + quarterName(r.q[1])]));
    var progress = element("span", { "class": "progress" }, [
      element("progress", { max: "100", value: String(r.p), "aria-label": "Progress of " + r.t }, [r.p + "%"]),
      " ", element("span", { "class": "progress-figure" }, [r.p + "%"])
    ]);
    var children = [element("h4", {}, [link(data.initiative_path, r.id, r.t)])];
    if (r.s) children.push(element("p", { "class": "card-summary" }, [r.s]));
    children.push(element("p", { "class": "card-meta" }, meta));
    children.push(element("p", { "class": "card-health" }, [element("span", { "class": "card-health-words" }, [r.hw]), " ", progress]));
    if (r.g.length) {
      var goals = [element("span", { "class": "label" }, ["Serves:"]), " "];
      r.g.forEach(function (g, i) { if (i) goals.push(", "); goals.push(link(data.goal_path, g, data.goals[g] || g)); });
      children.push(element("p", { "class": "card-goals" }, goals));
    }
    return element("article", { "class": "card" + (troubled(r) ? " troubled" : ""), "data-id": r.id }, children);
  }

  function showColumn(column, records, matches) {
    var horizon = column.getAttribute("data-horizon");
    var work = records.filter(function (r) { return r.h === horizon && OPEN[r.st] && matches(r); }).sort(importance);
    var shown = work.slice(0, data.cards);
    var own = {};
    column.querySelectorAll("article.card").forEach(function (node) {
      own[node.getAttribute("data-id")] = node;
      node.parentNode.removeChild(node);
    });
    column.querySelectorAll("p.empty, p.more").forEach(function (node) { node.parentNode.removeChild(node); });
    shown.forEach(function (r) { column.appendChild(own[r.id] || card(r)); });
    if (!shown.length) column.appendChild(element("p", { "class": "empty" }, ["Nothing here matches."]));
    column.querySelector("h3 .count").textContent = String(work.length);
    if (work.length > shown.length) {
      var query = self.waymarkFilter.query(filter, column.getAttribute("data-query"));
      column.appendChild(element("p", { "class": "more" }, [
        element("a", { href: data.engineering + "?" + query + "#initiatives" }, ["And " + (work.length - shown.length) + " more"]),
        " in the list of every initiative."
      ]));
    }
  }

  function show() {
    var records = [].concat.apply([], self.waymarkTable || []);
    var matches = self.waymarkFilter.matcher(filter.wanted, filter.words);
    board.querySelectorAll(".board-column").forEach(function (column) { showColumn(column, records, matches); });
    var named = Object.keys(filter.wanted).map(function (name) {
      return name + " " + Object.keys(filter.wanted[name]).join(" or ");
    });
    if (filter.q) named.push("the words “" + filter.q + "”");
    note.textContent = "Only the open work that matches " + named.join(", ") + ", as the address asks. ";
    note.appendChild(element("a", { href: window.location.pathname }, ["Show all work"]));
    note.appendChild(document.createTextNode("."));
    note.hidden = false;
  }

  // The table's data scripts, one after another, then the board.
  function load(parts, done) {
    if (!parts.length) return done();
    var script = document.createElement("script");
    script.src = parts[0];
    script.onload = function () { load(parts.slice(1), done); };
    script.onerror = function () {
      note.textContent = "The board could not be filtered: its data did not load. It shows all open work.";
      note.hidden = false;
    };
    document.body.appendChild(script);
  }

  load(data.parts, show);
})();
