// A button carrying data-print opens the browser's print dialog (the page's print
// stylesheet leaves out the menu, the forms and the buttons). No inline handler: the
// Content-Security-Policy forbids them.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
  });
})();
