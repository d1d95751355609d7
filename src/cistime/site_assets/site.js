// cistime atlas: the only code (assets/data.js holds data alone). The pages are complete without it;
// it adds two things: the date control (who belonged on the chosen day, from the periods in
// assets/data.js) and the details shown when a bar is pointed at or focused. It writes no text from the data: it
// shows and hides what the page already holds, and fills in standing words.
(function () {
  "use strict";
  var BELONGING = ["member", "participant", "associate", "signatory"];
  var data = window.cistimeData || {};  // set by assets/data.js, which every page loads first

  // A partial ISO date ("1994", "1994-04") stands for its first day, as the engine reads it.
  function firstDay(iso) {
    return iso.length === 4 ? iso + "-01-01" : iso.length === 7 ? iso + "-01" : iso;
  }

  // Which body answers for `body` on `day`, and whose records answer then (its own first, then those of
  // the bodies it continues): spans computed by the engine, never re-derived here.
  function answering(body, day) {
    var spans = (data.answers || {})[body] || [];
    for (var i = 0; i < spans.length; i++) {
      var s = spans[i];
      if ((s.from === null || s.from <= day) && (s.until === null || day < s.until)) return s;
    }
    return {body: body, records: [body]};
  }

  function standing(iso3, records, day) {
    var history = (data.histories || {})[iso3];
    if (!history) return null;
    for (var r = 0; r < records.length; r++) {
      for (var i = 0; i < history.periods.length; i++) {
        var p = history.periods[i];
        if (p.body === records[r] && firstDay(p.start) <= day && (p.end === null || day < firstDay(p.end))) {
          return p.status;
        }
      }
    }
    return null;
  }

  function showDay(day) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
    var blocks = document.querySelectorAll(".on-day-body");
    for (var b = 0; b < blocks.length; b++) {
      var block = blocks[b];
      var body = block.getAttribute("data-body");
      var span = answering(body, day);
      var answered = span.body;
      var count = 0;
      var items = block.querySelectorAll("li[data-iso3]");
      for (var i = 0; i < items.length; i++) {
        var status = standing(items[i].getAttribute("data-iso3"), span.records, day);
        var belongs = BELONGING.indexOf(status) >= 0;
        items[i].hidden = !belongs;
        items[i].querySelector(".status").textContent = belongs ? status : "";
        if (belongs) count++;
      }
      block.querySelector(".count").textContent = String(count);
      var notes = block.querySelectorAll("[data-answered-by]");
      for (var n = 0; n < notes.length; n++) {
        notes[n].hidden = notes[n].getAttribute("data-answered-by") !== answered || answered === body;
      }
    }
  }

  // The chosen day travels in the address (#day=1999-06-01), so a link shows the same answer.
  // Move the day's line on every timeline to the chosen day.
  function placeLines(day) {
    var charts = document.querySelectorAll("svg.timeline[data-start]");
    for (var c = 0; c < charts.length; c++) {
      var svg = charts[c];
      var days = (Date.parse(day) - Date.parse(svg.getAttribute("data-start"))) / 86400000;
      var span = Number(svg.getAttribute("data-days"));
      var x = Number(svg.getAttribute("data-x0")) + Math.max(0, Math.min(span, days)) * Number(svg.getAttribute("data-plot")) / span;
      var line = svg.querySelector(".day-line");
      if (line) {
        line.setAttribute("x1", x.toFixed(1));
        line.setAttribute("x2", x.toFixed(1));
      }
    }
  }

  var input = document.getElementById("day");
  if (input) {
    var asked = /(?:^#|&)day=(\d{4}-\d{2}-\d{2})/.exec(location.hash);
    if (asked) input.value = asked[1];
    var chosen = function () {
      showDay(input.value);
      placeLines(input.value);
      if (/^\d{4}-\d{2}-\d{2}$/.test(input.value)) history.replaceState(null, "", "#day=" + input.value);
    };
    input.addEventListener("input", chosen);
    input.addEventListener("change", chosen);
    showDay(input.value);
    placeLines(input.value);
  }

  // Details of a bar: the page holds them (hidden); show the one for the bar in hand, beside it.
  var shown = null;
  function hide() {
    if (shown) shown.hidden = true;
    shown = null;
  }
  function show(bar) {
    var tip = document.getElementById(bar.getAttribute("data-tip"));
    if (!tip) return;
    if (shown !== tip) hide();
    tip.hidden = false;
    shown = tip;
    var box = bar.getBoundingClientRect();
    var width = tip.offsetWidth;
    var left = Math.max(4, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 4));
    tip.style.left = left + "px";
    tip.style.top = (box.bottom + window.scrollY + 4) + "px";
  }
  var bars = document.querySelectorAll(".bar[data-tip]");
  for (var i = 0; i < bars.length; i++) {
    bars[i].addEventListener("mouseenter", function (e) { show(e.currentTarget); });
    bars[i].addEventListener("focus", function (e) { show(e.currentTarget); });
    bars[i].addEventListener("click", function (e) { show(e.currentTarget); });
  }
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") hide();
  });
  document.addEventListener("click", function (e) {
    if (shown && !shown.contains(e.target) && !(e.target.closest && e.target.closest(".bar"))) hide();
  });
})();
