// What a keyboard or screen-reader user needs after htmx swaps part of a page (no inline script:
// the Content-Security-Policy forbids it; without JavaScript the pages reload and say it themselves).
// - A one-tap button (Lunas, Siap, Selesai) replaces the row or item that held it: focus moves into
//   the replacement (its [data-focus] element, else its first button or link, else the element
//   itself) instead of falling back to <body>.
// - The replacement's [data-announce] text is read out through the page's live region (#announce).
// - A region polled for news ([data-announce-changes], the public stock) is not itself live: only
//   its [data-item] entries whose text changed are read out.
(function () {
  var hadFocus = false;
  var before = null;

  function words(el) {
    return el.textContent.replace(/\s+/g, " ").trim();
  }

  function items(container) {
    var found = {};
    container.querySelectorAll("[data-item]").forEach(function (el) { found[el.dataset.item] = words(el); });
    return found;
  }

  function announce(text) {
    var region = document.getElementById("announce");
    if (!region || !text) return;
    region.textContent = "";
    // Set a moment later, so the same words twice in a row are read twice.
    setTimeout(function () { region.textContent = text; }, 100);
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    hadFocus = !!target && target.contains(document.activeElement) && document.activeElement !== document.body;
    before = target && target.hasAttribute("data-announce-changes") ? items(target) : null;
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var swapped = event.target;
    if (!(swapped instanceof Element)) return;
    if (before && swapped.hasAttribute("data-announce-changes")) {
      var now = items(swapped);
      var changed = Object.keys(now).filter(function (key) { return before[key] !== now[key]; });
      before = null;
      announce(changed.map(function (key) { return now[key]; }).join(". "));
      return;
    }
    var said = Array.prototype.map.call(swapped.querySelectorAll("[data-announce]"), words).join(". ");
    announce(said);
    if (!hadFocus || (document.activeElement && document.activeElement !== document.body)) return;
    hadFocus = false;
    var next = swapped.querySelector("[data-focus]") || swapped.querySelector("button:not([disabled]):not([tabindex='-1']), a[href]");
    if (!next) {
      swapped.setAttribute("tabindex", "-1");
      next = swapped;
    }
    next.focus();
  });
})();
