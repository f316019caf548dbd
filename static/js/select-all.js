// "Chọn tất cả": a checkbox carrying data-select-all="<form id>" ticks or clears every
// checkbox tied to that form (form="<form id>"), shows when only some are ticked, and
// keeps the count in the element carrying data-selected-count="<form id>" up to date.
// Without JavaScript each checkbox still works on its own.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("input[data-select-all]"), function (master) {
    var formId = master.getAttribute("data-select-all");
    var count = document.querySelector('[data-selected-count="' + formId + '"]');
    function boxes() {
      return Array.prototype.slice.call(
        document.querySelectorAll('input[type="checkbox"][form="' + formId + '"]')
      );
    }
    function sync() {
      var all = boxes();
      var ticked = all.filter(function (box) { return box.checked; }).length;
      master.checked = all.length > 0 && ticked === all.length;
      master.indeterminate = ticked > 0 && ticked < all.length;
      if (count) { count.textContent = String(ticked); }
    }
    master.addEventListener("change", function () {
      var on = master.checked;
      boxes().forEach(function (box) { box.checked = on; });
      sync();
    });
    document.addEventListener("change", function (event) {
      var box = event.target;
      if (box !== master && box.getAttribute && box.getAttribute("form") === formId) { sync(); }
    });
    sync();
  });
})();
