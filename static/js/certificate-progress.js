// Progress of a certificate batch: poll the JSON status every 2 s until the batch is
// done or failed, and update the Bootstrap progress bar, counts and download button.
(function () {
  "use strict";
  var box = document.getElementById("certificate-batch");
  if (!box || box.dataset.finished === "1") return;
  var bar = box.querySelector(".progress-bar");
  var progress = box.querySelector(".progress");
  function field(name) { return box.querySelector('[data-field="' + name + '"]'); }

  function show(state) {
    field("label").textContent = state.label;
    field("done").textContent = state.done;
    field("total").textContent = state.total;
    bar.style.width = state.percent + "%";
    bar.textContent = state.percent + "%";
    progress.setAttribute("aria-valuenow", state.percent);
    if (state.error) {
      field("error").textContent = state.error;
      field("error").classList.remove("d-none");
    }
    if (state.finished) {
      bar.classList.remove("progress-bar-striped", "progress-bar-animated");
      bar.classList.add(state.status === "done" ? "bg-success" : "bg-danger");
      field("hint").classList.add("d-none");
      if (state.status === "failed") field("retry").classList.remove("d-none");
    }
    if (state.download_url) {
      field("download").href = state.download_url;
      field("download").classList.remove("d-none");
    }
  }

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { window.setTimeout(poll, 5000); return; }
        show(state);
        if (!state.finished) window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
