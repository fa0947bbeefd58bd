// Progressive enhancement for the public forms (they work without it):
// - after a failed submit, focus moves to the error summary (GOV.UK's behaviour), so a screen
//   reader reads it and a phone shows it, even when it lies below the first screen;
// - a link in the summary to a group of choices focuses the group's first choice and shows
//   its question too;
// - coming back from "Check your answers" with "Change", focus lands on the chosen group.
(function () {
  "use strict";

  function focusable(element) {
    if (element.matches("input, select, textarea, button, [tabindex]")) return element;
    return element.querySelector("input:not([type=hidden]), select, textarea");
  }

  function showQuestion(element) {
    var group = element.closest("fieldset, .field");
    (group || element).scrollIntoView({ block: "start" });
  }

  function onSummaryClick(event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    var input = focusable(target);
    if (!input) return;
    event.preventDefault();
    showQuestion(input);
    input.focus({ preventScroll: true });
  }

  function start() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.addEventListener("click", onSummaryClick);
      summary.focus();
      // A form that posts to a fragment (#apply): scrolling to it once the page has loaded
      // takes focus away again, so give it back then, unless the visitor already moved on.
      window.addEventListener("load", function () {
        var active = document.activeElement;
        if (!active || active === document.body) summary.focus();
      });
      return;
    }
    if (window.location.hash.length > 1) {
      var target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      if (target && target.hasAttribute("data-form-section")) target.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
