// Community features: tag suggestions on tag fields, and the "slow down" page.
// Loaded by each community include; htmx may run it again after a swap, so it
// installs its handlers once and delegates them from the document.
(function () {
  "use strict";
  if (window.jamhubCommunity) return;
  window.jamhubCommunity = true;

  // htmx does not swap error responses; a 429 or 403 page says what happened, so
  // show it like any page.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 429 || status === 403) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      // A fragment's form (tags, helpful, playlist arrows) gets a whole page
      // back: show it as the page, not inside the fragment.
      var page = document.getElementById("page");
      if (page && event.detail.target !== page) {
        event.detail.target = page;
        event.detail.selectOverride = "#page";
        event.detail.swapOverride = "outerHTML show:window:top";
      }
    }
  });

  var timer = null;
  var lastQuery = null;

  function parts(input) {
    // In a multi-tag field the suggestion completes the text after the last comma.
    if (input.dataset.tagAutocomplete === "single") return { head: "", current: input.value };
    var index = input.value.lastIndexOf(",");
    return {
      head: index < 0 ? "" : input.value.slice(0, index + 1) + " ",
      current: input.value.slice(index + 1),
    };
  }

  function listFor(input) {
    return document.getElementById(input.getAttribute("aria-controls"));
  }

  function close(input) {
    var list = listFor(input);
    if (!list) return;
    list.hidden = true;
    list.textContent = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function choose(input, option) {
    var p = parts(input);
    input.value = p.head + option.dataset.name + (input.dataset.tagAutocomplete === "single" ? "" : ", ");
    close(input);
    input.focus();
  }

  function active(list) {
    return list.querySelector("[aria-selected='true']");
  }

  function move(input, step) {
    var list = listFor(input);
    if (!list || list.hidden) return;
    var options = Array.prototype.slice.call(list.querySelectorAll("[role='option']"));
    if (!options.length) return;
    var current = options.indexOf(active(list));
    var next = (current + step + options.length) % options.length;
    options.forEach(function (o) { o.setAttribute("aria-selected", "false"); });
    options[next].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", options[next].id);
  }

  function render(input, tags) {
    var list = listFor(input);
    if (!list) return;
    list.textContent = "";
    tags.forEach(function (tag, i) {
      var li = document.createElement("li");
      li.id = list.id + "-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.name = tag.name;
      li.textContent = tag.name;
      list.appendChild(li);
    });
    list.hidden = tags.length === 0;
    input.setAttribute("aria-expanded", String(tags.length > 0));
  }

  function suggest(input) {
    var query = parts(input).current.trim();
    if (query.length < 2) { close(input); return; }
    if (query === lastQuery) return;
    lastQuery = query;
    var box = input.closest("[data-autocomplete-url]");
    fetch(box.dataset.autocompleteUrl + "?q=" + encodeURIComponent(query), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) { return response.ok ? response.json() : { tags: [] }; })
      .then(function (data) { if (parts(input).current.trim() === query) render(input, data.tags || []); })
      .catch(function () { close(input); });
  }

  document.addEventListener("input", function (event) {
    var input = event.target.closest && event.target.closest("[data-tag-autocomplete]");
    if (!input) return;
    lastQuery = null;
    clearTimeout(timer);
    timer = setTimeout(function () { suggest(input); }, 150);
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target.closest && event.target.closest("[data-tag-autocomplete]");
    if (!input) return;
    var list = listFor(input);
    var open = list && !list.hidden;
    if (event.key === "ArrowDown") { event.preventDefault(); if (open) move(input, 1); else suggest(input); }
    else if (event.key === "ArrowUp" && open) { event.preventDefault(); move(input, -1); }
    else if (event.key === "Escape" && open) { event.preventDefault(); close(input); }
    else if ((event.key === "Enter" || event.key === "Tab") && open && active(list)) {
      event.preventDefault();
      choose(input, active(list));
    }
  });

  document.addEventListener("mousedown", function (event) {
    var option = event.target.closest && event.target.closest(".tag-suggestions [role='option']");
    if (!option) return;
    event.preventDefault(); // keep the focus in the field
    var input = document.querySelector("[aria-controls='" + option.parentNode.id + "']");
    if (input) choose(input, option);
  });

  document.addEventListener("focusout", function (event) {
    var input = event.target.closest && event.target.closest("[data-tag-autocomplete]");
    if (input) setTimeout(function () { close(input); }, 100);
  });

  // Playlists: drag a track to reorder (the arrow buttons do the same without JS
  // or a mouse); the new order is saved at once.
  var dragged = null;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var field = document.querySelector("input[name='csrfmiddlewaretoken']");
    return field ? field.value : "";
  }

  function saveOrder(list) {
    var items = Array.prototype.slice.call(list.querySelectorAll("[data-item-id]"));
    items.forEach(function (item, index) {
      var number = item.querySelector(".tracklist__number");
      if (number) number.textContent = String(index + 1);
    });
    fetch(list.dataset.reorderUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ items: items.map(function (item) { return item.dataset.itemId; }) })
    }).then(function (response) {
      if (!response.ok) { window.location.reload(); return; }
      var announce = document.querySelector("[data-reorder-announce]");
      if (announce && dragged) {
        announce.textContent = list.dataset.movedLabel + " " + (items.indexOf(dragged) + 1);
      }
    }).catch(function () { window.location.reload(); });
  }

  document.addEventListener("dragstart", function (event) {
    var item = event.target.closest && event.target.closest("[data-reorder-url] [data-item-id]");
    if (!item) return;
    dragged = item;
    item.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.itemId);
  });

  document.addEventListener("dragover", function (event) {
    if (!dragged) return;
    var over = event.target.closest && event.target.closest("[data-item-id]");
    if (!over || over === dragged || over.parentNode !== dragged.parentNode) return;
    event.preventDefault();
    var box = over.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    over.parentNode.insertBefore(dragged, after ? over.nextSibling : over);
  });

  document.addEventListener("drop", function (event) {
    if (dragged) event.preventDefault();
  });

  document.addEventListener("dragend", function () {
    if (!dragged) return;
    var list = dragged.parentNode;
    dragged.classList.remove("is-dragging");
    saveOrder(list);
    dragged = null;
  });

  // After htmx swapped a fragment, the button or field that was used is gone:
  // put the focus back where the listener was (keyboard users keep their place).
  document.addEventListener("htmx:afterSettle", function (event) {
    var fragment = event.target;
    if (!fragment || !fragment.id) return;
    if (fragment.id === "playlist-items") {
      var moved = fragment.querySelector("[data-moved]");
      if (!moved) return;
      if (moved.disabled) {
        moved = moved.closest("[data-item-id]").querySelector(".playlist-item__actions button:not([disabled])");
      }
      if (moved) moved.focus();
      var announce = document.querySelector("[data-reorder-announce]");
      var item = fragment.querySelector("[data-moved]").closest("[data-item-id]");
      if (announce && item) {
        var items = Array.prototype.slice.call(fragment.querySelectorAll("[data-item-id]"));
        announce.textContent = fragment.dataset.movedLabel + " " + (items.indexOf(item) + 1);
      }
    } else if (fragment.id.indexOf("review-") === 0) {
      var vote = fragment.querySelector("button[aria-pressed]");
      if (vote) vote.focus({ preventScroll: true });
    } else if (fragment.id.indexOf("community-tags-section-") === 0) {
      var field = fragment.querySelector("[data-tag-autocomplete]");
      if (field && fragment.contains(document.activeElement) === false) field.focus({ preventScroll: true });
    }
  });

  // Confirmations: a link [data-dialog-open="id"] opens that <dialog> (its page is
  // the fallback without JS); the dialog's "Keep it" closes it (method="dialog").
  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-dialog-open]");
    if (!opener) return;
    var dialog = document.getElementById(opener.dataset.dialogOpen);
    if (!dialog || typeof dialog.showModal !== "function") return;
    event.preventDefault();
    dialog.showModal();
  });
})();
