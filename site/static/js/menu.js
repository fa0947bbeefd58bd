// The main menu and the sub-menus are <details> disclosures that work without JavaScript.
// This only keeps them open on wide screens in browsers without ::details-content, and
// closes an open menu with Escape, giving focus back to its button.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 48rem)");
  function menus() {
    return document.querySelectorAll("details[data-site-menu]");
  }
  function sync() {
    menus().forEach(function (menu) {
      if (wide.matches) {
        menu.open = true;
      } else if (menu.dataset.wasWide === "1") {
        menu.open = false;
      }
      menu.dataset.wasWide = wide.matches ? "1" : "0";
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || wide.matches) return;
    menus().forEach(function (menu) {
      if (menu.open && menu.contains(document.activeElement)) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  });
  if (wide.addEventListener) wide.addEventListener("change", sync);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", sync);
  } else {
    sync();
  }
})();
