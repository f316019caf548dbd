// A character counter under every field with a limit (data-maxlength="5000", set by the
// form): "1.234/5.000 ký tự", in red with how much to cut once past the limit. Nothing
// is ever cut: the server refuses too long a text with a message at the field. The
// wording comes from the <script> tag (data-count, data-over), translated by the page.
(function () {
  "use strict";
  var script = document.getElementById("char-counter-script");
  var fields = document.querySelectorAll("[data-maxlength]");
  if (!script || !fields.length) { return; }
  var countText = script.getAttribute("data-count");
  var overText = script.getAttribute("data-over");

  function number(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? number(values[name]) : all;
    });
  }

  Array.prototype.forEach.call(fields, function (field, index) {
    var limit = parseInt(field.getAttribute("data-maxlength"), 10);
    if (!limit) { return; }
    var counter = document.createElement("div");
    counter.id = (field.id || "field-" + index) + "-counter";
    counter.className = "form-text char-counter";
    counter.setAttribute("aria-live", "polite");
    counter.setAttribute("data-testid", "char-counter");
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);

    function update() {
      // Count as the server does: surrounding spaces are not kept.
      var count = field.value.trim().length;
      var over = count - limit;
      counter.textContent = over > 0
        ? say(overText, { count: count, limit: limit, over: over })
        : say(countText, { count: count, limit: limit });
      counter.classList.toggle("text-danger", over > 0);
      counter.classList.toggle("fw-semibold", over > 0);
    }
    field.addEventListener("input", update);
    field.form && field.form.addEventListener("autosave:restored", update);
    update();
  });
})();
