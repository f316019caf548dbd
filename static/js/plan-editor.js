// The document editor: autosave (the same form, posted in the background a moment after
// the author stops typing), the live preview reloaded after each save, the list of what
// publishing still needs, and the outline of parts with up/down buttons that move a part
// together with its sub-parts inside the text.
(function () {
  "use strict";
  var form = document.getElementById("plan-editor");
  if (!form) { return; }
  var body = form.querySelector("textarea[name=body]");
  var status = document.querySelector("[data-autosave-status]");
  var labels = document.querySelector("[data-saved-label]");
  var preview = document.querySelector("[data-preview]");
  var problems = document.querySelector("[data-problems]");
  var problemList = document.querySelector("[data-problem-list]");
  var outline = document.querySelector("[data-outline]");
  var timer = null;
  var saving = false;
  var pending = false;

  // Same levels as emulation/pasted.py: I. 1. 1.1 a) - +
  var LEVELS = [
    [1, /^(?=[IVX])X{0,3}(IX|IV|V?I{0,3})[.)]\s+/],
    [3, /^\d{1,2}\.\d{1,2}\.?\s+/],
    [2, /^\d{1,2}[.)]\s+/],
    [3, /^[abcdđeghiklmnopqrstuvxy][).]\s+/],
    [4, /^[-–•]\s*/],
    [5, /^\+\s*/]
  ];

  function levelOf(line) {
    var text = line.replace(/^\[CẦN SỬA:[^\]]*\]\s*/, "");
    for (var i = 0; i < LEVELS.length; i++) {
      if (LEVELS[i][1].test(text)) { return LEVELS[i][0]; }
    }
    return 0;
  }

  function setStatus(text) { if (status) { status.textContent = text; } }

  function showProblems(list) {
    if (!problems || !problemList) { return; }
    problemList.textContent = "";
    list.forEach(function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      problemList.appendChild(li);
    });
    problems.classList.toggle("d-none", list.length === 0);
  }

  function clearErrors() {
    form.querySelectorAll(".autosave-error").forEach(function (el) { el.remove(); });
    form.querySelectorAll(".is-invalid").forEach(function (el) { el.classList.remove("is-invalid"); });
  }

  function showErrors(errors) {
    var messages = [];
    Object.keys(errors).forEach(function (name) {
      var field = form.elements[name];
      var text = errors[name].join(" ");
      if (field && field.classList) {
        field.classList.add("is-invalid");
        var note = document.createElement("div");
        note.className = "invalid-feedback d-block autosave-error";
        note.textContent = text;
        field.insertAdjacentElement("afterend", note);
      }
      messages.push(text);
    });
    setStatus(labels.dataset.errorLabel + " " + messages.join(" "));
  }

  function save() {
    if (saving) { pending = true; return; }
    saving = true;
    setStatus(labels.dataset.savingLabel);
    var data = new FormData(form);
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: {"X-Requested-With": "fetch"}
    }).then(function (response) {
      return response.json().then(function (json) { return {ok: response.ok, json: json}; });
    }).then(function (result) {
      clearErrors();
      if (result.ok && result.json.saved) {
        var now = new Date();
        setStatus(labels.dataset.savedLabel + " " + now.toLocaleTimeString("vi-VN"));
        showProblems(result.json.problems || []);
        if (preview) { preview.contentWindow.location.reload(); }
      } else {
        showErrors(result.json.errors || {});
      }
    }).catch(function () {
      setStatus(labels.dataset.errorLabel);
    }).then(function () {
      saving = false;
      if (pending) { pending = false; save(); }
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(save, 1200);
  }

  // --- outline -----------------------------------------------------------------------
  function parts(lines) {
    var list = [];
    lines.forEach(function (line, index) {
      var level = levelOf(line);
      if (level && level <= 3) { list.push({start: index, level: level, text: line}); }
    });
    list.forEach(function (part, i) {
      var end = lines.length;
      for (var j = i + 1; j < list.length; j++) {
        if (list[j].level <= part.level) { end = list[j].start; break; }
      }
      // A part's text ends before the closing ("Trên đây ...") when it is the last.
      for (var k = part.start + 1; k < end; k++) {
        if (/^Trên đây/.test(lines[k])) { end = k; break; }
      }
      part.end = end;
    });
    return list;
  }

  function move(index, direction) {
    var lines = body.value.split("\n");
    var list = parts(lines);
    var part = list[index];
    var sibling = null;
    if (direction < 0) {
      for (var i = index - 1; i >= 0; i--) {
        if (list[i].level < part.level) { break; }
        if (list[i].level === part.level) { sibling = list[i]; break; }
      }
    } else {
      for (var j = index + 1; j < list.length; j++) {
        if (list[j].level < part.level) { break; }
        if (list[j].level === part.level) { sibling = list[j]; break; }
      }
    }
    if (!sibling) { return; }
    var first = direction < 0 ? sibling : part;
    var second = direction < 0 ? part : sibling;
    var a = lines.slice(first.start, first.end);
    var b = lines.slice(second.start, second.end);
    var merged = lines.slice(0, first.start).concat(b, lines.slice(first.end, second.start), a,
      lines.slice(second.end));
    body.value = merged.join("\n");
    renderOutline();
    schedule();
  }

  function button(label, text, handler) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm btn-outline-secondary py-0 px-1";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.addEventListener("click", handler);
    return b;
  }

  function renderOutline() {
    if (!outline || !body) { return; }
    outline.textContent = "";
    parts(body.value.split("\n")).forEach(function (part, index) {
      var li = document.createElement("li");
      li.className = "editor-outline-item";
      li.style.paddingLeft = (part.level - 1) * 1.25 + "rem";
      var span = document.createElement("span");
      span.className = "text";
      span.textContent = part.text;
      li.appendChild(span);
      li.appendChild(button(outline.dataset.upLabel + ": " + part.text, "↑", function () { move(index, -1); }));
      li.appendChild(button(outline.dataset.downLabel + ": " + part.text, "↓", function () { move(index, 1); }));
      outline.appendChild(li);
    });
  }

  form.addEventListener("input", function (event) {
    if (event.target === body) { renderOutline(); }
    schedule();
  });
  form.addEventListener("change", schedule);
  renderOutline();
})();
