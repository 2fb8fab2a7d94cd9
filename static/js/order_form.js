// The quick order form's small helpers (no inline script: the Content-Security-Policy forbids it).
// The steppers change only their own number (no swap), so a quantity typed in another row is never
// lost; the input then asks the server for the total. Without JavaScript the buttons submit the form.
document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-step]");
  if (!button) return;
  event.preventDefault();
  var input = button.parentNode.querySelector("input.qty");
  var delta = parseInt(button.dataset.step, 10);
  input.value = Math.min(9999, Math.max(0, (parseInt(input.value, 10) || 0) + delta));
  input.dispatchEvent(new Event("input", {bubbles: true}));
});

// Enter in the customer search looks the customer up at once instead of submitting the whole order.
document.addEventListener("keydown", function (event) {
  var input = event.target.closest && event.target.closest("input[data-search-on-enter]");
  if (!input || event.key !== "Enter") return;
  event.preventDefault();
  htmx.trigger(input, "search");
});
