// Progressive enhancements of the default theme: menu toggle, account menu and
// colour theme.
// Page content is swapped by htmx (boosted navigation), so handlers are delegated
// from the document instead of bound to elements that are replaced.
(function () {
  "use strict";

  var root = document.documentElement;
  var order = ["auto", "dark", "light"];

  function currentTheme() { return root.dataset.theme || "auto"; }

  function labelThemeToggle() {
    var toggle = document.querySelector("[data-theme-toggle]");
    if (!toggle) return;
    var theme = currentTheme();
    var text = toggle.dataset["label" + theme.charAt(0).toUpperCase() + theme.slice(1)];
    var span = toggle.querySelector("[data-theme-label]");
    if (span && text) span.textContent = text;
    toggle.setAttribute("title", text || "");
  }

  function closeMenu() {
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("site-nav");
    if (!toggle || !nav) return;
    toggle.setAttribute("aria-expanded", "false");
    nav.classList.remove("is-open");
  }

  // The account menu is a <details>: it opens without JS. Here it tells assistive
  // technology its state, closes on Escape and on a click elsewhere.
  function accountMenus() { return document.querySelectorAll("details[data-account-menu]"); }

  function labelAccountMenus() {
    accountMenus().forEach(function (menu) {
      var summary = menu.querySelector("summary");
      if (summary) summary.setAttribute("aria-expanded", String(menu.open));
    });
  }

  function closeAccountMenus(except) {
    var closed = null;
    accountMenus().forEach(function (menu) {
      if (menu.open && menu !== except) { menu.open = false; closed = menu; }
    });
    return closed;
  }

  // "toggle" does not bubble: listen in the capture phase.
  document.addEventListener("toggle", function (event) {
    if (event.target.matches && event.target.matches("details[data-account-menu]")) labelAccountMenus();
  }, true);

  // Tabbing out of an open menu closes it, as a click elsewhere does.
  document.addEventListener("focusin", function (event) {
    closeAccountMenus(event.target.closest && event.target.closest("details[data-account-menu]"));
  });

  document.addEventListener("click", function (event) {
    closeAccountMenus(event.target.closest("details[data-account-menu]"));
    var navToggle = event.target.closest(".nav-toggle");
    if (navToggle) {
      var nav = document.getElementById("site-nav");
      var open = navToggle.getAttribute("aria-expanded") === "true";
      navToggle.setAttribute("aria-expanded", String(!open));
      if (nav) nav.classList.toggle("is-open", !open);
      return;
    }
    var themeToggle = event.target.closest("[data-theme-toggle]");
    if (themeToggle) {
      // auto -> dark -> light -> auto; "auto" follows prefers-color-scheme.
      var next = order[(order.indexOf(currentTheme()) + 1) % order.length];
      try {
        if (next === "auto") localStorage.removeItem("jamhub-theme");
        else localStorage.setItem("jamhub-theme", next);
      } catch (e) { /* storage blocked: the choice lasts for this page only */ }
      if (next === "auto") delete root.dataset.theme;
      else root.dataset.theme = next;
      labelThemeToggle();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      var closedMenu = closeAccountMenus(null);
      if (closedMenu) {
        var summary = closedMenu.querySelector("summary");
        if (summary) summary.focus();
        return;
      }
    }
    var nav = document.getElementById("site-nav");
    if (event.key === "Escape" && nav && nav.classList.contains("is-open")) {
      closeMenu();
      var toggle = document.querySelector(".nav-toggle");
      if (toggle) toggle.focus();
    }
  });

  // After htmx swaps in a new page: label the toggle, close the menu, move focus to
  // the new content for screen readers and keyboard users.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.target || event.target.id !== "page") return;
    labelThemeToggle();
    labelAccountMenus();
    var main = document.getElementById("main");
    if (main) main.focus({ preventScroll: true });
  });

  labelThemeToggle();
  labelAccountMenus();
})();
