(function () {
  "use strict";
  // Each quoted paragraph is stored once (a template); a card shows the quote's
  // surroundings, at most CONTEXT characters each side (a paragraph can be a megabyte).
  var CONTEXT = 1500;
  var store = document.getElementById("paragraphs");
  if (store) {
    var paragraphs = store.content.children;
    Array.prototype.forEach.call(document.querySelectorAll("blockquote.context[data-para]"), function (box) {
      var text = paragraphs[Number(box.dataset.para)].textContent;
      var at = Number(box.dataset.at), end = at + Number(box.dataset.len);
      var from = Math.max(0, at - CONTEXT), to = Math.min(text.length, end + CONTEXT);
      var before = (from > 0 ? "\u2026" : "") + text.slice(from, at);
      var after = text.slice(end, to) + (to < text.length ? "\u2026" : "");
      box.insertBefore(document.createTextNode(before), box.firstChild);
      box.appendChild(document.createTextNode(after));
    });
  }
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var list = document.getElementById("cards");
  var controls = ["f-severity", "f-rule", "f-section", "f-subject", "f-reviewed", "f-text", "f-sort"]
    .map(function (id) { return document.getElementById(id); });
  var rank = { error: 0, warning: 1, info: 2 };
  function value(id) { return document.getElementById(id).value; }
  function apply() {
    var sev = value("f-severity"), rule = value("f-rule"), section = value("f-section"),
        subject = value("f-subject"), reviewed = value("f-reviewed"),
        words = value("f-text").toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
    cards.forEach(function (card) {
      var d = card.dataset, text = card.textContent.toLowerCase();
      var ok = (!sev || d.severity === sev) && (!rule || d.rule === rule) &&
        (!section || d.sections.split("|").indexOf(section) >= 0) &&
        (!subject || d.subjects.split("|").indexOf(subject) >= 0) &&
        (!reviewed || d.reviewed === reviewed) &&
        words.every(function (w) { return text.indexOf(w) >= 0; });
      card.hidden = !ok;
      if (ok) { shown += 1; }
    });
    document.getElementById("shown-count").textContent = String(shown);
    var key = value("f-sort");
    cards.slice().sort(function (a, b) {
      var x = a.dataset, y = b.dataset;
      if (key === "rule") { return x.rule.localeCompare(y.rule) || rank[x.severity] - rank[y.severity]; }
      if (key === "section") { return x.sections.localeCompare(y.sections) || rank[x.severity] - rank[y.severity]; }
      return rank[x.severity] - rank[y.severity] || x.rule.localeCompare(y.rule) || x.fingerprint.localeCompare(y.fingerprint);
    }).forEach(function (card) { list.appendChild(card); });
  }
  controls.forEach(function (el) {
    if (el) { el.addEventListener("input", apply); el.addEventListener("change", apply); }
  });
  var search = document.getElementById("c-text");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#claims-index tbody tr"));
  function filterClaims() {
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
    rows.forEach(function (row) {
      var text = row.textContent.toLowerCase();
      var ok = words.every(function (w) { return text.indexOf(w) >= 0; });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    document.getElementById("claims-shown").textContent = String(shown);
  }
  if (search) { search.addEventListener("input", filterClaims); }
  Array.prototype.forEach.call(document.querySelectorAll("button.copy"), function (button) {
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-copy");
      if (navigator.clipboard) { navigator.clipboard.writeText(text).catch(function () {}); }
      button.textContent = "copied";
    });
  });
  apply();
})();
