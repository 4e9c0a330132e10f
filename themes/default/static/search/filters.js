// The results page's filters: open beside the results on wide screens, folded
// behind their "Filters" button on phones (closed <details> without JavaScript);
// the tag filter's field suggests existing tags as the visitor types.
(function () {
  "use strict";
  if (window.jamhubSearchFilters) return; // htmx runs this again on each results page
  window.jamhubSearchFilters = true;

  var WIDE = window.matchMedia("(min-width: 48.01rem)");
  var DELAY_MS = 150;
  var timer = null;
  var controller = null;

  function openOnWideScreens() {
    document.querySelectorAll("[data-search-filters]").forEach(function (details) {
      if (WIDE.matches) details.open = true;
    });
  }

  function fillOptions(input, tags) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    list.replaceChildren.apply(list, tags.map(function (tag) {
      var option = document.createElement("option");
      option.value = tag.slug;
      option.textContent = tag.name + " (" + tag.count + ")";
      return option;
    }));
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.dataset.tagSuggestUrl) return;
    clearTimeout(timer);
    var text = input.value.trim();
    if (!text) return;
    timer = setTimeout(function () {
      if (controller) controller.abort();
      controller = new AbortController();
      var url = new URL(input.dataset.tagSuggestUrl, window.location.href);
      url.searchParams.set("q", text);
      fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { tags: [] }; })
        .then(function (data) {
          if (input.value.trim() === text) fillOptions(input, data.tags || []);
        })
        .catch(function () { /* aborted or offline: the field still filters */ });
    }, DELAY_MS);
  });

  WIDE.addEventListener("change", openOnWideScreens);
  document.addEventListener("htmx:afterSettle", openOnWideScreens);
  openOnWideScreens();
})();
