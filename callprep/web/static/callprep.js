/* callprep pages: copy the opener, show evidence in place, detect the time zone. No dependencies. */
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain-http pages (the local demo on 127.0.0.1 is fine, others are not): old-style copy.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand && document.execCommand("copy");
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) { return; }
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!source) { return; }
    copyText(source.textContent.trim()).then(function () {
      if (status) { status.textContent = "Copied to the clipboard"; }
    }, function () {
      if (status) { status.textContent = "Select the line and copy it with Ctrl+C"; }
    });
  });

  var openPanel = null;
  function closeEvidence() {
    if (openPanel) { openPanel.classList.remove("is-open"); openPanel = null; }
    document.querySelectorAll("[data-evidence][aria-expanded]").forEach(function (el) {
      el.setAttribute("aria-expanded", "false");
    });
  }

  document.addEventListener("click", function (event) {
    var closer = event.target.closest("[data-evidence-close]");
    if (closer) {
      event.preventDefault();
      closeEvidence();
      return;
    }
    var trigger = event.target.closest("[data-evidence]");
    if (!trigger) { return; }
    var panel = document.getElementById(trigger.getAttribute("data-evidence"));
    if (!panel) { return; }
    event.preventDefault();
    var wasOpen = panel === openPanel;
    closeEvidence();
    if (wasOpen) { return; }
    panel.classList.add("is-open");
    openPanel = panel;
    trigger.setAttribute("aria-expanded", "true");
    panel.focus({ preventScroll: true });
    var box = panel.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) {
      panel.scrollIntoView({ block: "nearest" });
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closeEvidence(); }
  });

  document.querySelectorAll("[data-evidence]").forEach(function (el) {
    el.setAttribute("aria-expanded", "false");
  });

  // The queue's column sorts: this page's rows by priority, deadline or last touch; "#" is
  // the queue's own order (best call first).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.sort[data-sort]");
    if (!button) { return; }
    var table = button.closest("table");
    var body = table && table.tBodies[0];
    if (!body) { return; }
    var key = button.getAttribute("data-sort");
    var header = button.closest("th");
    var current = header.getAttribute("aria-sort");
    var descending = current ? current === "ascending" : button.hasAttribute("data-desc");
    if (key === "rank" && !current) { descending = false; }
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = Number(a.getAttribute("data-" + key)), y = Number(b.getAttribute("data-" + key));
      if (x === y) { return Number(a.getAttribute("data-rank")) - Number(b.getAttribute("data-rank")); }
      return descending ? y - x : x - y;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("th[aria-sort]").forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
  });

  // The login form tells the server the browser's time zone (kept at the first login).
  document.querySelectorAll("input[data-detect-time-zone]").forEach(function (el) {
    try { el.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* old browser */ }
  });
})();
