/* Moderation queue keys: j/k move between comments, a approves, r rejects, b opens the
   ban form for the focused comment, x ticks it. Each key presses the row's own button
   or link, so the page does exactly what a click would; without this script the
   buttons work alone. */
(function () {
  "use strict";

  var list = document.querySelector(".queue-list");
  if (!list) return;
  var rows = Array.prototype.slice.call(list.querySelectorAll(".queue-item"));
  if (!rows.length) return;
  var current = null;

  function focus(row) {
    if (!row) return;
    if (current) current.classList.remove("queue-item--current");
    current = row;
    row.classList.add("queue-item--current");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }

  list.addEventListener("focusin", function (event) {
    var row = event.target.closest(".queue-item");
    if (row && row !== current) {
      if (current) current.classList.remove("queue-item--current");
      current = row;
      row.classList.add("queue-item--current");
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.metaKey || event.ctrlKey || event.altKey || event.shiftKey) return;
    var target = event.target;
    if (target.closest && target.closest("input[type=text], input[type=search], textarea, select, [contenteditable]")) return;
    var index = current ? rows.indexOf(current) : -1;
    var key = event.key;
    if (key === "j") focus(rows[Math.min(index + 1, rows.length - 1)]);
    else if (key === "k") focus(rows[Math.max(index - 1, 0)]);
    else if ((key === "a" || key === "r" || key === "b") && current) {
      var control = current.querySelector('[data-key="' + key + '"]');
      if (!control) return;
      control.click();
    } else if (key === "x" && current) {
      var box = current.querySelector("input[type=checkbox]");
      if (box) box.checked = !box.checked;
    } else return;
    event.preventDefault();
  });
})();
