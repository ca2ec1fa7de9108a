(function () {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var W = 800, H = 520, PAD = 16;
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var themes = {};
  data.themes.forEach(function (t) { themes[t.id] = t; });

  function colourOf(id) { return id && themes[id] ? themes[id].colour : data.unassignedColour; }
  function titleOf(id) { return id && themes[id] ? id + ". " + themes[id].title : "unassigned"; }

  // ---- map: hand-drawn SVG, one circle per segment ---------------------------------------
  function drawMap() {
    var svg = document.getElementById("map-svg");
    var pts = data.points;
    if (!svg) { return; }
    if (!pts.length) {
      var empty = document.createElementNS(SVG_NS, "text");
      empty.setAttribute("x", W / 2); empty.setAttribute("y", H / 2);
      empty.setAttribute("text-anchor", "middle");
      empty.textContent = "No segment has map coordinates in this run.";
      svg.appendChild(empty);
      return;
    }
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    pts.forEach(function (p) {
      if (p[0] < minX) { minX = p[0]; } if (p[0] > maxX) { maxX = p[0]; }
      if (p[1] < minY) { minY = p[1]; } if (p[1] > maxY) { maxY = p[1]; }
    });
    var sx = (W - 2 * PAD) / ((maxX - minX) || 1), sy = (H - 2 * PAD) / ((maxY - minY) || 1);
    var s = Math.min(sx, sy);
    var ox = (W - (maxX - minX) * s) / 2, oy = (H - (maxY - minY) * s) / 2;
    var r = pts.length > 5000 ? 2 : pts.length > 1500 ? 3 : 4.5;
    // unassigned first, so themed points sit on top
    var order = pts.map(function (_, i) { return i; });
    order.sort(function (a, b) { return (pts[a][2] ? 1 : 0) - (pts[b][2] ? 1 : 0); });
    var frag = document.createDocumentFragment();
    order.forEach(function (i) {
      var p = pts[i];
      var c = document.createElementNS(SVG_NS, "circle");
      c.setAttribute("cx", (ox + (p[0] - minX) * s).toFixed(1));
      c.setAttribute("cy", (H - oy - (p[1] - minY) * s).toFixed(1));
      c.setAttribute("r", p[2] ? r : r * 0.8);
      c.setAttribute("fill", colourOf(p[2]));
      c.setAttribute("fill-opacity", p[2] ? "0.85" : "0.6");
      c.setAttribute("data-i", String(i));
      c.setAttribute("data-theme", String(p[2]));
      frag.appendChild(c);
    });
    svg.appendChild(frag);

    var tip = document.getElementById("map-tip");
    var wrap = svg.parentNode;
    function line(cls, text) {
      var d = document.createElement("div");
      d.className = cls; d.textContent = text; return d;
    }
    svg.addEventListener("mousemove", function (ev) {
      var i = ev.target.getAttribute && ev.target.getAttribute("data-i");
      if (i === null || i === undefined) { tip.hidden = true; return; }
      var p = pts[Number(i)];
      while (tip.firstChild) { tip.removeChild(tip.firstChild); }
      tip.appendChild(line("tip-theme", titleOf(p[2])));
      tip.appendChild(line("tip-quote", "\u201c" + p[3] + "\u201d"));
      tip.appendChild(line("tip-where", p[4] + " \u00b7 " + p[5]));
      tip.hidden = false;
      var box = wrap.getBoundingClientRect();
      var x = ev.clientX - box.left + 14, y = ev.clientY - box.top + 14;
      if (x + 370 > box.width) { x = Math.max(4, x - 390); }
      tip.style.left = x + "px"; tip.style.top = y + "px";
    });
    svg.addEventListener("mouseleave", function () { tip.hidden = true; });
    svg.addEventListener("click", function (ev) {
      var t = ev.target.getAttribute && ev.target.getAttribute("data-theme");
      if (t && t !== "0") { location.hash = "theme-" + t; }
    });

    // legend: click a theme to highlight it on the map, again to show all
    var active = null;
    var buttons = document.querySelectorAll("#map-legend button");
    Array.prototype.forEach.call(buttons, function (b) {
      b.addEventListener("click", function () {
        var id = b.getAttribute("data-theme");
        active = active === id ? null : id;
        Array.prototype.forEach.call(buttons, function (o) {
          o.classList.toggle("active", o.getAttribute("data-theme") === active);
        });
        Array.prototype.forEach.call(svg.querySelectorAll("circle"), function (c) {
          c.classList.toggle("dim", active !== null && c.getAttribute("data-theme") !== active);
        });
      });
    });
  }

  // ---- theme list: sort and filter ---------------------------------------------------------
  function setupThemeList() {
    var table = document.getElementById("theme-table");
    if (!table) { return; }
    var tbody = table.tBodies[0];
    var headers = table.querySelectorAll("th[data-sort]");
    Array.prototype.forEach.call(headers, function (th) {
      th.setAttribute("tabindex", "0");
      function sort() {
        var key = th.getAttribute("data-sort");
        var numeric = th.getAttribute("data-type") === "num";
        var dir = th.getAttribute("aria-sort") === "descending" ? 1 : -1;
        if (!th.getAttribute("aria-sort") && !numeric) { dir = 1; }
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(tbody.querySelectorAll("tr[data-theme]"));
        rows.sort(function (a, b) {
          var x = a.getAttribute("data-" + key), y = b.getAttribute("data-" + key);
          if (numeric) { return dir * (Number(x) - Number(y)); }
          return dir * x.localeCompare(y);
        });
        rows.forEach(function (row) { tbody.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { sort(); } });
    });

    var input = document.getElementById("theme-filter");
    var oneVoice = document.getElementById("hide-one-voice");
    var restates = document.getElementById("hide-prompt");
    var counter = document.getElementById("filter-count");
    var cards = document.querySelectorAll("article.card[data-theme]");
    var texts = {};
    Array.prototype.forEach.call(cards, function (c) {
      texts[c.getAttribute("data-theme")] = c.textContent.toLowerCase();
    });
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(cards, function (c) {
        var id = c.getAttribute("data-theme");
        var hide = (oneVoice.checked && c.getAttribute("data-one-voice") === "1") ||
          (restates.checked && c.getAttribute("data-restates") === "1") ||
          !words.every(function (w) { return texts[id].indexOf(w) >= 0; });
        c.classList.toggle("hidden-by-filter", hide);
        var row = tbody.querySelector('tr[data-theme="' + id + '"]');
        if (row) { row.classList.toggle("hidden-by-filter", hide); }
        if (!hide) { shown += 1; }
      });
      counter.textContent = shown === cards.length ? "" : shown + " of " + cards.length + " themes shown";
    }
    input.addEventListener("input", apply);
    oneVoice.addEventListener("change", apply);
    restates.addEventListener("change", apply);
  }

  drawMap();
  setupThemeList();
}());
