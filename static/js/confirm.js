// Asks before an irreversible step: a form (or its submit button) or a link carrying
// data-confirm="question" goes ahead only if the user answers OK. Replaces inline
// onsubmit/onclick handlers, which the Content-Security-Policy forbids.
(function () {
  "use strict";
  function question(el) {
    return el && el.getAttribute ? el.getAttribute("data-confirm") : null;
  }
  document.addEventListener("submit", function (event) {
    var text = question(event.submitter) || question(event.target);
    if (text && !window.confirm(text)) { event.preventDefault(); event.stopImmediatePropagation(); }
  }, true);
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-confirm]") : null;
    if (link && !window.confirm(question(link))) { event.preventDefault(); }
  }, true);
})();
