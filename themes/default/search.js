// The site-wide search box. Its index is two scripts written at build time
// (search/items.js and search/words.js), loaded the first time the box is
// used: script elements, not fetch, so that search works from disk too and
// nothing is asked of any other site. Every word of the query must match
// the start of a word of an item's title, id, summary or owner.
(function () {
  "use strict";
  var form = document.querySelector("form.site-search");
  if (!form) return;
  var input = form.querySelector("input[type=search]");
  var results = document.getElementById("search-results");
  var status = form.querySelector(".search-status");
  var root = form.getAttribute("data-root") || "";
  var MAX_RESULTS = 12;
  var loaded = {};
  var decoded = {};
  var requested = false;
  var active = -1;

  window.waymarkSearch = {
    receive: function (kind, data) {
      loaded[kind] = data;
      if (loaded.items && loaded.words) search();
    }
  };

  function load() {
    if (requested) return;
    requested = true;
    ["items", "words"].forEach(function (name) {
      var script = document.createElement("script");
      script.src = root + form.getAttribute("data-" + name);
      script.onerror = function () { say("The search index could not be loaded."); };
      document.head.appendChild(script);
    });
  }

  function say(text) { status.textContent = text; }

  function wordsOf(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // The items that have a word, as one flag per item.
  function itemsOf(word) {
    if (decoded[word]) return decoded[word];
    var count = loaded.items.items.length;
    var flags = new Uint8Array(count);
    var code = loaded.words[word];
    if (code.charAt(0) === "b") {
      var bytes = atob(code.slice(1));
      for (var n = 0; n < count; n++) {
        flags[n] = (bytes.charCodeAt(n >> 3) >> (n & 7)) & 1;
      }
    } else {
      var at = -1;
      code.slice(1).split(",").forEach(function (gap) {
        at += parseInt(gap, 36) + 1;
        flags[at] = 1;
      });
    }
    decoded[word] = flags;
    return flags;
  }

  // The items with a word that starts with `prefix`.
  function matching(prefix) {
    var flags = new Uint8Array(loaded.items.items.length);
    Object.keys(loaded.words).forEach(function (word) {
      if (word.lastIndexOf(prefix, 0) !== 0) return;
      var having = itemsOf(word);
      for (var n = 0; n < flags.length; n++) flags[n] |= having[n];
    });
    return flags;
  }

  function search() {
    var query = wordsOf(input.value);
    clear();
    if (!query.length) { say(""); return; }
    if (!loaded.items || !loaded.words) { say("Loading the search index…"); load(); return; }
    var flags = null;
    query.forEach(function (prefix) {
      var having = matching(prefix);
      if (!flags) { flags = having; return; }
      for (var n = 0; n < flags.length; n++) flags[n] &= having[n];
    });
    var found = [];
    for (var n = 0; n < flags.length; n++) if (flags[n]) found.push(n);
    var phrase = input.value.trim().toLowerCase();
    // Items whose title holds the query as typed first, then in roadmap order.
    found.sort(function (a, b) {
      var inA = loaded.items.items[a][2].toLowerCase().indexOf(phrase) !== -1 ? 0 : 1;
      var inB = loaded.items.items[b][2].toLowerCase().indexOf(phrase) !== -1 ? 0 : 1;
      return inA - inB || a - b;
    });
    found.slice(0, MAX_RESULTS).forEach(show);
    results.hidden = found.length === 0;
    var shown = Math.min(found.length, MAX_RESULTS);
    say(found.length === 0 ? "Nothing found." :
      found.length + (found.length === 1 ? " match" : " matches") +
      (found.length > shown ? ", the first " + shown + " shown." : "."));
  }

  function show(number, position) {
    var item = loaded.items.items[number];
    var kind = item[0] === "g" ? "Goal" : "Initiative";
    var option = document.createElement("li");
    option.id = "search-result-" + position;
    option.setAttribute("role", "option");
    option.setAttribute("aria-selected", "false");
    var link = document.createElement("a");
    link.href = root + loaded.items.paths[item[0]].replace("{id}", item[1]);
    link.tabIndex = -1;
    var title = document.createElement("span");
    title.className = "search-title";
    title.textContent = item[2];
    var what = document.createElement("span");
    what.className = "search-kind";
    what.textContent = kind + " · " + item[1];
    link.appendChild(title);
    link.appendChild(what);
    option.appendChild(link);
    results.appendChild(option);
  }

  function clear() {
    while (results.firstChild) results.removeChild(results.firstChild);
    results.hidden = true;
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(position) {
    var options = results.querySelectorAll("[role=option]");
    if (!options.length) return;
    active = (position + options.length) % options.length;
    Array.prototype.forEach.call(options, function (option, n) {
      option.setAttribute("aria-selected", n === active ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  }

  function open(position) {
    var options = results.querySelectorAll("[role=option] a");
    var link = options[position < 0 ? 0 : position];
    if (link) window.location.href = link.href;
  }

  input.addEventListener("focus", load);
  input.addEventListener("input", search);
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { highlight(active + 1); event.preventDefault(); }
    else if (event.key === "ArrowUp") { highlight(active - 1); event.preventDefault(); }
    else if (event.key === "Escape") { clear(); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    open(active);
  });
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) clear();
  });
})();
