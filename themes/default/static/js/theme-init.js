// Applies the visitor's chosen colour theme before the first paint.
(function () {
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");
  try {
    var theme = localStorage.getItem("jamhub-theme");
    if (theme === "light" || theme === "dark") root.dataset.theme = theme;
  } catch (e) { /* storage blocked: follow the system */ }
})();
