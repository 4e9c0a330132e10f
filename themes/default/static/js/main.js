// Progressive enhancements of the default theme: menu toggle and colour theme.
(function () {
  "use strict";

  var navToggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  if (navToggle && nav) {
    navToggle.addEventListener("click", function () {
      var open = navToggle.getAttribute("aria-expanded") === "true";
      navToggle.setAttribute("aria-expanded", String(!open));
      nav.classList.toggle("is-open", !open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("is-open")) {
        navToggle.setAttribute("aria-expanded", "false");
        nav.classList.remove("is-open");
        navToggle.focus();
      }
    });
  }

  // The toggle cycles auto -> dark -> light -> auto; "auto" follows prefers-color-scheme.
  var root = document.documentElement;
  var toggle = document.querySelector("[data-theme-toggle]");
  var order = ["auto", "dark", "light"];
  function current() { return root.dataset.theme || "auto"; }
  function label(theme) {
    var text = toggle.dataset["label" + theme.charAt(0).toUpperCase() + theme.slice(1)];
    var span = toggle.querySelector("[data-theme-label]");
    if (span && text) span.textContent = text;
    toggle.setAttribute("title", text || "");
  }
  if (toggle) {
    label(current());
    toggle.addEventListener("click", function () {
      var next = order[(order.indexOf(current()) + 1) % order.length];
      try {
        if (next === "auto") localStorage.removeItem("jamhub-theme");
        else localStorage.setItem("jamhub-theme", next);
      } catch (e) { /* storage blocked: the choice lasts for this page only */ }
      if (next === "auto") delete root.dataset.theme;
      else root.dataset.theme = next;
      label(next);
    });
  }
})();
