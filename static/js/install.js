// Registers the service worker (its address is on this script's data-worker), which keeps the app
// shell and shows "Tidak ada sinyal" when a page cannot be loaded (orders/views/app_shell.py).
(function () {
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script) return;
  navigator.serviceWorker.register(script.dataset.worker, { scope: "/" });
})();
