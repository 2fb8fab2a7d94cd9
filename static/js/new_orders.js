// The new-order signal (team/_new_orders.html): put its count in front of the page title, so a
// helper with the tab in the background sees "(3)" in the tab. htmx swaps the badge every minute.
(function () {
  var base = document.title;
  function show() {
    var badge = document.getElementById("new-orders");
    var count = badge ? parseInt(badge.getAttribute("data-count") || "0", 10) : 0;
    document.title = count > 0 ? "(" + count + ") " + base : base;
  }
  document.addEventListener("htmx:afterSettle", show);
  document.addEventListener("DOMContentLoaded", show);
})();
