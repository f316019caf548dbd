// Keeps what a teacher types in the browser (localStorage) until the form is saved, so
// nothing is lost if the session expires: after logging in again the form comes back.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-key]");
  if (!form || !window.localStorage) { return; }
  var key = "thidua-draft:" + form.getAttribute("data-autosave-key");

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.name !== "version" &&
        el.type !== "submit" && el.type !== "hidden";
    });
  }

  function collect() {
    var data = {};
    fields().forEach(function (el) {
      if (el.type === "checkbox") {
        data[el.name] = data[el.name] || [];
        if (el.checked) { data[el.name].push(el.value); }
      } else if (el.multiple) {
        data[el.name] = Array.prototype.filter.call(el.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; });
      } else {
        data[el.name] = el.value;
      }
    });
    return data;
  }

  function restore(data) {
    var changed = false;
    fields().forEach(function (el) {
      if (!(el.name in data)) { return; }
      var value = data[el.name];
      if (el.type === "checkbox") {
        var on = value.indexOf(el.value) !== -1;
        if (el.checked !== on) { el.checked = on; changed = true; }
      } else if (el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) {
          var on = value.indexOf(o.value) !== -1;
          if (o.selected !== on) { o.selected = on; changed = true; }
        });
      } else if (el.value !== value) {
        el.value = value; changed = true;
      }
    });
    return changed;
  }

  var saved = window.localStorage.getItem(key);
  if (saved) {
    try {
      if (restore(JSON.parse(saved))) {
        var notice = document.querySelector("[data-autosave-notice]");
        if (notice) { notice.classList.remove("d-none"); }
        form.dispatchEvent(new Event("autosave:restored"));
      }
    } catch (e) { window.localStorage.removeItem(key); }
  }
  form.addEventListener("input", function () {
    window.localStorage.setItem(key, JSON.stringify(collect()));
  });
  form.addEventListener("change", function () {
    window.localStorage.setItem(key, JSON.stringify(collect()));
  });
  // A successful save re-renders the page without a form error: forget the copy then.
  if (!document.querySelector(".invalid-feedback, .alert-danger") && !saved) {
    window.localStorage.removeItem(key);
  }
  form.addEventListener("submit", function () {
    window.sessionStorage.setItem("thidua-submitted", key);
  });
  var submitted = window.sessionStorage.getItem("thidua-submitted");
  if (submitted && document.querySelector(".alert-success")) {
    window.localStorage.removeItem(submitted);
    window.sessionStorage.removeItem("thidua-submitted");
  }
})();
