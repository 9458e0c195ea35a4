/* The talk-track editor: CodeMirror (vendored) when present, a plain textarea otherwise;
   live preview against the chosen lead; validation errors as gutter markers at their line;
   save a draft. Every POST carries the page's CSRF token. Text is set with textContent only. */
(function () {
  "use strict";

  var textarea = document.getElementById("tt-body");
  if (!textarea) { return; }
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var leadSelect = document.getElementById("tt-lead");
  var problems = document.getElementById("tt-problems");
  var errorList = document.getElementById("tt-errors");
  var statusLine = document.getElementById("tt-preview-status");
  var opening = document.getElementById("tt-opening");
  var linesList = document.getElementById("tt-lines");
  var evidenceBox = document.getElementById("tt-evidence");
  var saveButton = document.getElementById("tt-save");
  var saveStatus = document.getElementById("tt-save-status");
  var noteInput = document.getElementById("tt-note");
  var BLOCK_LABELS = { opener: "Opener", bridge: "Bridge", questions: "Question", next_step: "Next step" };

  var editor = null;
  if (window.CodeMirror) {
    editor = window.CodeMirror.fromTextArea(textarea, {
      mode: "jinja2",
      lineNumbers: true,
      lineWrapping: true,
      indentUnit: 2,
      tabSize: 2,
      viewportMargin: Infinity,
      gutters: ["tt-gutter-errors", "CodeMirror-linenumbers"]
    });
    editor.getWrapperElement().setAttribute("aria-label", "Talk-track template");
  }
  window.callprepEditor = {
    getValue: function () { return editor ? editor.getValue() : textarea.value; },
    setValue: function (value) {
      if (editor) { editor.setValue(value); } else { textarea.value = value; edited(); }
    }
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function post(url, payload) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
      body: JSON.stringify(payload)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    });
  }

  var marked = [];
  function clearErrors() {
    errorList.textContent = "";
    problems.hidden = true;
    if (editor) {
      editor.clearGutter("tt-gutter-errors");
      marked.forEach(function (line) { editor.removeLineClass(line, "background", "tt-error-line"); });
    }
    marked = [];
  }

  function showErrors(errors, fallbackMessage) {
    clearErrors();
    if (!errors || !errors.length || !errors[0].message) {
      errors = [{ line: null, message: fallbackMessage || "The talk track cannot be rendered." }];
    }
    errors.forEach(function (error) {
      var item = el("li", "tt-error");
      if (error.line) {
        var jump = el("button", "tt-line-link", "Line " + error.line + (error.column ? ":" + error.column : ""));
        jump.type = "button";
        jump.addEventListener("click", function () { focusLine(error.line, error.column); });
        item.appendChild(jump);
      }
      item.appendChild(el("span", "tt-error-text", error.message));
      errorList.appendChild(item);
      if (editor && error.line) {
        var line = Math.min(error.line, editor.lineCount()) - 1;
        var marker = el("span", "tt-gutter-marker", "!");
        marker.title = error.message;
        marker.setAttribute("data-line", String(error.line));
        editor.setGutterMarker(line, "tt-gutter-errors", marker);
        editor.addLineClass(line, "background", "tt-error-line");
        marked.push(line);
      }
    });
    problems.hidden = false;
  }

  function focusLine(line, column) {
    if (editor) {
      editor.focus();
      editor.setCursor({ line: line - 1, ch: Math.max((column || 1) - 1, 0) });
      editor.scrollIntoView(null, 80);
    } else {
      textarea.focus();
    }
  }

  function evidenceLabel(item) {
    var kind = (item.asset_type || item.type || "").replace(/_/g, " ");
    return (item.title || item.type.replace(/_/g, " ")) + (kind ? " (" + kind + ")" : "");
  }

  function renderPreview(result) {
    statusLine.textContent = result.lead_id
      ? "As the rep would see it for this lead (" + result.situation.replace(/_/g, " ") + ")."
      : "For a sample " + result.situation.replace(/_/g, " ") + " lead.";
    opening.textContent = result.opening_line;
    linesList.textContent = "";
    var byId = {};
    (result.evidence || []).forEach(function (item) { byId[String(item.id)] = item; });
    result.lines.forEach(function (line) {
      var item = el("li", "tt-line tt-block-" + line.block);
      item.appendChild(el("span", "tt-line-kind", BLOCK_LABELS[line.block] || line.block));
      item.appendChild(el("span", "tt-line-text", line.text));
      var chips = el("span", "tt-line-evidence");
      if (line.evidence.length) {
        line.evidence.forEach(function (id) {
          var source = byId[String(id)];
          var chip = el("span", "tt-chip", source ? evidenceLabel(source) : "interaction " + id);
          chip.title = source && source.comment ? source.comment : "interaction " + id;
          chips.appendChild(chip);
        });
      } else {
        chips.appendChild(el("span", "tt-chip tt-chip-none", "fixed text"));
      }
      item.appendChild(chips);
      linesList.appendChild(item);
    });
    evidenceBox.textContent = "";
    if (result.evidence && result.evidence.length) {
      evidenceBox.appendChild(el("p", "section-label", "Where the lines come from"));
      var list = el("ul", "tt-evidence-list");
      result.evidence.forEach(function (item) {
        var row = el("li");
        row.appendChild(el("span", "tt-ev-title", evidenceLabel(item)));
        row.appendChild(el("span", "tt-ev-meta", item.type.replace(/_/g, " ") + " · " + (item.when || "")));
        if (item.comment) { row.appendChild(el("q", "tt-ev-comment", item.comment)); }
        list.appendChild(row);
      });
      evidenceBox.appendChild(list);
    }
  }

  var timer = null;
  var sequence = 0;
  function schedulePreview() {
    clearTimeout(timer);
    timer = setTimeout(runPreview, 350);
  }

  function runPreview() {
    var mine = ++sequence;
    statusLine.textContent = "Rendering…";
    post(textarea.getAttribute("data-preview-url"), {
      body: window.callprepEditor.getValue(),
      lead: leadSelect.value
    }).then(function (answer) {
      if (mine !== sequence) { return; }  // an older answer arriving late
      if (answer.status === 200) {
        clearErrors();
        if (saveStatus.classList.contains("is-error")) {
          saveStatus.textContent = "";
          saveStatus.className = "tt-save-status small";
        }
        document.getElementById("tt-preview").classList.remove("is-stale");
        renderPreview(answer.data);
      } else {
        document.getElementById("tt-preview").classList.add("is-stale");
        statusLine.textContent = answer.status === 422
          ? "Fix the problems on the left to see the preview."
          : "The preview failed (" + answer.status + "): " + (answer.data.message || "try again");
        showErrors(answer.data.errors, answer.data.message);
      }
    }).catch(function () {
      if (mine === sequence) { statusLine.textContent = "The preview could not reach the server."; }
    });
  }

  saveButton.addEventListener("click", function () {
    saveButton.disabled = true;
    saveStatus.textContent = "Saving…";
    saveStatus.className = "tt-save-status small";
    post(textarea.getAttribute("data-draft-url"), {
      body: window.callprepEditor.getValue(),
      note: noteInput.value,
      base_version: parseInt(textarea.getAttribute("data-base-version"), 10) || null
    }).then(function (answer) {
      if (answer.status === 200) {
        saveStatus.textContent = "Saved version " + answer.data.version + ".";
        window.location.assign(answer.data.url + "?version=" + answer.data.version);
        return;
      }
      saveButton.disabled = false;
      saveStatus.className = "tt-save-status small is-error";
      saveStatus.textContent = answer.status === 422
        ? "Not saved: fix the problems shown at their lines."
        : "Not saved (" + answer.status + "): " + (answer.data.message || "try again");
      if (answer.data.errors && Array.isArray(answer.data.errors)) { showErrors(answer.data.errors); }
      if (answer.status === 409 && answer.data.current) { showTheirChange(answer.data.current); }
    }).catch(function () {
      saveButton.disabled = false;
      saveStatus.textContent = "Not saved: the server could not be reached.";
    });
  });

  // Someone saved since this page was opened: show their version beside the save button,
  // so the editor can merge it by hand (nothing of theirs is overwritten).
  function showTheirChange(current) {
    var box = document.getElementById("tt-their-change") || el("div", "tt-their-change");
    box.id = "tt-their-change";
    box.textContent = "";
    box.appendChild(el("p", "small", "Version " + current.version + " by " + (current.author || "someone") +
      (current.note ? " (" + current.note + ")" : "") + " — their text:"));
    box.appendChild(el("pre", "tt-their-body", current.body));
    saveStatus.parentNode.appendChild(box);
    textarea.setAttribute("data-base-version", String(current.version));
  }

  var dirty = document.getElementById("tt-dirty");
  function edited() {
    if (dirty) { dirty.hidden = false; }
    schedulePreview();
  }
  if (editor) { editor.on("changes", edited); } else { textarea.addEventListener("input", edited); }
  // The chosen lead survives saving (the page reloads with the new version).
  var leadKey = "callprep.preview-lead:" + location.pathname;
  try {
    var remembered = sessionStorage.getItem(leadKey);
    if (remembered && leadSelect.querySelector('option[value="' + CSS.escape(remembered) + '"]')) {
      leadSelect.value = remembered;
    }
  } catch (ignored) { /* storage may be off; the first lead is fine */ }
  leadSelect.addEventListener("change", function () {
    try { sessionStorage.setItem(leadKey, leadSelect.value); } catch (ignored) { /* see above */ }
    runPreview();
  });
  // Which track the chosen lead's real brief uses (the preview renders this one either way).
  var trackNote = document.getElementById("tt-lead-track");
  function describeLead() {
    if (!trackNote) { return; }
    var option = leadSelect.options[leadSelect.selectedIndex];
    var used = option && option.getAttribute("data-track");
    trackNote.className = "tt-lead-track small";
    if (!used) {
      trackNote.textContent = "A made-up sample lead: no real brief.";
    } else if (used === trackNote.getAttribute("data-this-track")) {
      trackNote.textContent = "Their real brief uses this track (v" + option.getAttribute("data-version") +
        ", variant " + option.getAttribute("data-variant") + ").";
      trackNote.classList.add("is-this");
    } else {
      trackNote.textContent = "Their real brief uses " + used + ", not this track: the preview shows what this one would say.";
      trackNote.classList.add("is-other");
    }
  }
  leadSelect.addEventListener("change", describeLead);
  describeLead();

  // The palette: insert a variable, a snippet or a block at the cursor.
  document.querySelectorAll("[data-insert]").forEach(function (button) {
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-insert");
      if (editor) {
        editor.replaceSelection(text);
        editor.focus();
      } else {
        var start = textarea.selectionStart, end = textarea.selectionEnd;
        textarea.value = textarea.value.slice(0, start) + text + textarea.value.slice(end);
        textarea.selectionStart = textarea.selectionEnd = start + text.length;
        textarea.focus();
        edited();
      }
    });
  });

  // Publishing changes what reps read: confirm first, in words.
  var dialog = document.getElementById("tt-confirm");
  document.querySelectorAll("button[data-confirm]").forEach(function (button) {
    var form = button.form;
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-confirmed") === "1") { return; }
      event.preventDefault();
      if (!dialog || typeof dialog.showModal !== "function") {
        if (window.confirm(button.getAttribute("data-confirm"))) { form.setAttribute("data-confirmed", "1"); form.submit(); }
        return;
      }
      document.getElementById("tt-confirm-text").textContent = button.getAttribute("data-confirm");
      dialog.returnValue = "";
      dialog.onclose = function () {
        if (dialog.returnValue === "publish") { form.setAttribute("data-confirmed", "1"); form.submit(); }
      };
      dialog.showModal();
    });
  });

  runPreview();
})();
