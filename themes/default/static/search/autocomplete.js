// Header search box: suggestions of artists, albums, tracks and tags as the
// visitor types. ARIA combobox with a listbox: arrows move, Enter opens (a track
// plays), Escape closes; without JavaScript the box is a plain form leading to the
// search page.
(function () {
  "use strict";
  if (window.jamhubSearchAutocomplete) return; // htmx may run this script again
  window.jamhubSearchAutocomplete = true;

  var MIN_LENGTH = 2;
  var DELAY_MS = 150;
  var timer = null;
  var controller = null;
  var active = -1;
  var shown = [];

  function isBox(element) {
    return element instanceof HTMLInputElement && element.id === "header-search";
  }

  function listFor(input) {
    return document.getElementById(input.getAttribute("aria-controls"));
  }

  function options(list) {
    return list.querySelectorAll("[role=option]");
  }

  function close(input) {
    var list = listFor(input);
    if (!list) return;
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function span(className, text) {
    var element = document.createElement("span");
    element.className = className;
    element.textContent = text;
    return element;
  }

  // Play one track without leaving the page: the player takes a "jamhub:play"
  // event (detail: {tracks, index}) and cancels it.
  function playTrack(entry) {
    document.dispatchEvent(new CustomEvent("jamhub:play", {
      detail: { tracks: [entry], index: 0 }, cancelable: true
    }));
  }

  // Open a page the way boosted links do (#page only), so the player plays on.
  function go(url) {
    if (!window.htmx || !document.getElementById("page")) {
      window.location.assign(url);
      return;
    }
    window.htmx.ajax("GET", url, {
      target: "#page", select: "#page", swap: "outerHTML show:window:top", push: url
    }).catch(function () { window.location.assign(url); });
  }

  function choose(input, item) {
    close(input);
    if (item.play) playTrack(item.play);
    else go(item.url);
  }

  function render(input, items) {
    var list = listFor(input);
    var form = input.form;
    list.replaceChildren();
    active = -1;
    shown = items;
    items.forEach(function (item, index) {
      var option = document.createElement("li");
      option.id = "header-search-option-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.className = "search-suggestions__item search-suggestions__item--" + item.kind;
      option.dataset.url = item.url;
      var kind = item.kind_label ||
        (item.kind === "artist" ? form.dataset.labelArtist : form.dataset.labelAlbum);
      option.append(span("search-suggestions__kind", kind), span("search-suggestions__label", item.label));
      if (item.detail) option.append(span("search-suggestions__detail", item.detail));
      // mousedown, not click: the box keeps its focus until we leave.
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(input, item);
      });
      list.append(option);
    });
    if (items.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    } else {
      close(input);
    }
  }

  function move(input, step) {
    var all = options(listFor(input));
    if (!all.length) return;
    active = (active + step + all.length) % all.length;
    all.forEach(function (option, index) {
      option.setAttribute("aria-selected", index === active ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", all[active].id);
    all[active].scrollIntoView({ block: "nearest" });
  }

  function fetchSuggestions(input, text) {
    if (controller) controller.abort();
    controller = new AbortController();
    var url = new URL(input.form.dataset.suggestUrl, window.location.href);
    url.searchParams.set("q", text);
    fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) {
        if (input.value.trim() === text) render(input, data.suggestions || []);
      })
      .catch(function () { /* aborted or offline: the form still works */ });
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!isBox(input)) return;
    clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < MIN_LENGTH) {
      close(input);
      return;
    }
    timer = setTimeout(function () { fetchSuggestions(input, text); }, DELAY_MS);
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!isBox(input)) return;
    var list = listFor(input);
    if (!list || (list.hidden && event.key !== "ArrowDown")) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      move(input, 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      move(input, -1);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close(input);
    } else if (event.key === "Enter" && active >= 0 && shown[active]) {
      event.preventDefault();
      choose(input, shown[active]);
    }
  });

  document.addEventListener("focusout", function (event) {
    if (isBox(event.target)) close(event.target);
  });
})();
