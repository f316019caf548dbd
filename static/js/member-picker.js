// Search-as-you-type for the members of a teacher group (form M2): a text box above the
// <select multiple data-member-picker>, results from the people-search URL, chips for
// the chosen members. Without JavaScript the plain multiple select still works.
(function () {
  "use strict";
  var script = document.getElementById("member-picker-script");
  var select = document.querySelector("select[data-member-picker]");
  if (!script || !select) { return; }
  var url = script.getAttribute("data-search-url");

  var box = document.createElement("div");
  box.className = "member-picker mb-2";
  var input = document.createElement("input");
  input.type = "search";
  input.className = "form-control";
  input.placeholder = "Gõ tên đồng nghiệp để thêm vào nhóm";
  input.setAttribute("aria-label", "Tìm đồng nghiệp");
  input.setAttribute("data-testid", "member-search");
  var results = document.createElement("ul");
  results.className = "list-group position-absolute shadow-sm";
  results.style.zIndex = 10;
  var chips = document.createElement("div");
  chips.className = "mt-2";
  chips.setAttribute("data-testid", "member-chips");
  box.appendChild(input);
  box.appendChild(results);
  box.appendChild(chips);
  select.parentNode.insertBefore(box, select);
  select.classList.add("d-none");

  function option(id) {
    return Array.prototype.find.call(select.options, function (o) { return o.value === String(id); });
  }

  function renderChips() {
    chips.innerHTML = "";
    Array.prototype.forEach.call(select.options, function (o) {
      if (!o.selected) { return; }
      var chip = document.createElement("span");
      chip.className = "badge text-bg-primary me-1 mb-1";
      chip.textContent = o.textContent + " ";
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn-close btn-close-white btn-sm";
      remove.setAttribute("aria-label", "Bỏ " + o.textContent);
      remove.addEventListener("click", function () {
        o.selected = false;
        select.dispatchEvent(new Event("change", { bubbles: true }));
        renderChips();
      });
      chip.appendChild(remove);
      chips.appendChild(chip);
    });
  }

  function choose(person) {
    var o = option(person.id);
    if (!o) {
      o = new Option(person.name, person.id);
      select.appendChild(o);
    }
    o.selected = true;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    input.value = "";
    results.innerHTML = "";
    renderChips();
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) { results.innerHTML = ""; return; }
    timer = setTimeout(function () {
      fetch(url + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) {
          results.innerHTML = "";
          data.results.forEach(function (person) {
            var item = document.createElement("li");
            item.className = "list-group-item list-group-item-action";
            item.setAttribute("role", "button");
            item.textContent = person.name + (person.team ? " – " + person.team : "");
            item.addEventListener("click", function () { choose(person); });
            results.appendChild(item);
          });
        });
    }, 200);
  });
  select.closest("form").addEventListener("autosave:restored", renderChips);
  renderChips();
})();
