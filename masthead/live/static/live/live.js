/* Masthead live updates: new comments arrive over Server-Sent Events and wait in a
   buffer; the reader inserts them with one button. Nothing moves until they ask, focus
   never moves, and without this script the page works as before. */
(function () {
  "use strict";

  var region = document.getElementById("live-updates");
  if (!region || !window.EventSource) return;
  var button = region.querySelector(".live-updates__show");
  var discussion = document.getElementById("comments");
  if (!button || !discussion) return;

  var SEGMENT = 6; // digits per comment number in data-path (comments/threading.py)
  var HIGHLIGHT_MS = 4000;
  var streamUrl = region.getAttribute("data-stream");
  var newest = parseInt(region.getAttribute("data-after"), 10) || 0;
  var buffered = new Map(); // comment number -> {number, path, html}
  var overflow = false;
  var source = null;
  var retryDelay = 5000;
  var refusals = 0;
  var MAX_REFUSALS = 8; // about a quarter of an hour of backing off

  // Keep the button next to the thread in the reading and tab order. The region is
  // fixed-positioned (live.css), so moving it shifts no content.
  var anchor = discussion.querySelector("ol.thread") || discussion.querySelector(".empty");
  if (anchor) anchor.parentNode.insertBefore(region, anchor);

  function thread() {
    return discussion.querySelector("ol.thread");
  }

  function inThread(path) {
    var list = thread();
    return !!(list && list.querySelector('li.comment[data-path="' + path + '"]'));
  }

  // Page N of a long discussion shows whole top-level threads: a reply belongs here if
  // its thread is here; a new thread belongs on the last page.
  function sortOrder() {
    var list = thread();
    return (list && list.getAttribute("data-sort")) || "number";
  }

  function belongsHere(item) {
    if (item.path.length <= SEGMENT) {
      // A new thread is last in number order (and with no votes, in best order); first
      // when the newest threads come first.
      var edge = sortOrder() === "newest" ? "prev" : "next";
      return !discussion.querySelector('.thread-pages a[rel="' + edge + '"]');
    }
    var root = item.path.slice(0, SEGMENT);
    if (inThread(root)) return true;
    var found = false;
    buffered.forEach(function (other) {
      if (other.path === root) found = true;
    });
    return found;
  }

  function label(count) {
    return count === 1 ? "1 new comment \u2014 show" : count + " new comments \u2014 show";
  }

  function update() {
    if (overflow) {
      button.textContent = "Many new comments \u2014 reload the page";
      button.hidden = false;
    } else if (buffered.size > 0) {
      button.textContent = label(buffered.size);
      button.hidden = false;
    } else if (document.activeElement !== button) {
      // A focused button stays until the reader moves on: hiding it would drop focus.
      button.hidden = true;
    }
  }

  function onComment(event) {
    var item;
    try {
      item = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    if (typeof item.number !== "number" || typeof item.html !== "string") return;
    if (typeof item.path !== "string" || !/^\d+$/.test(item.path)) return;
    newest = Math.max(newest, item.number);
    if (overflow || buffered.has(item.number)) return;
    if (document.getElementById("c-" + item.number)) return;
    if (!belongsHere(item)) return;
    buffered.set(item.number, item);
    update();
  }

  function onRemove(event) {
    var item;
    try {
      item = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    if (buffered.delete(item.number)) update();
  }

  function parse(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  // The thread nests replies in their parent's <ol class="replies">, siblings in path
  // order: a new comment goes into its parent's list (made if it has none yet), or into
  // the page's list when its parent is not on this page, before the first sibling
  // whose path sorts after its own.
  function listFor(item, top) {
    if (item.path.length <= SEGMENT) return top;
    var parentPath = item.path.slice(0, item.path.length - SEGMENT);
    var parent = top.querySelector('li.comment[data-path="' + parentPath + '"]');
    if (!parent) return top;
    var fold = parent.querySelector(":scope > details") || parent;
    var replies = fold.querySelector(":scope > ol.replies");
    if (!replies) {
      replies = document.createElement("ol");
      replies.className = "replies";
      fold.appendChild(replies);
    }
    return replies;
  }

  function insertAll() {
    var items = Array.from(buffered.values()).sort(function (a, b) {
      return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
    });
    buffered.clear();
    if (!items.length) return [];
    var list = thread();
    if (!list) {
      list = document.createElement("ol");
      list.className = "thread";
      var empty = discussion.querySelector(".empty");
      if (empty) {
        empty.parentNode.replaceChild(list, empty);
      } else {
        region.parentNode.insertBefore(list, region.nextSibling);
      }
    }
    var added = [];
    items.forEach(function (item) {
      var li = parse(item.html);
      if (!li || document.getElementById(li.id)) return;
      var siblings = listFor(item, list);
      var shown = Array.from(siblings.querySelectorAll(":scope > li.comment[data-path]"));
      var lo = 0;
      var hi = shown.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (shown[mid].getAttribute("data-path") > item.path) hi = mid;
        else lo = mid + 1;
      }
      if (siblings === list && item.path.length <= SEGMENT && sortOrder() !== "number") {
        // Threads in another order than by number: a new one goes first (newest) or last.
        lo = sortOrder() === "newest" ? 0 : shown.length;
      }
      siblings.insertBefore(li, lo < shown.length ? shown[lo] : null);
      li.classList.add("comment--live-new");
      added.push(li);
    });
    window.setTimeout(function () {
      added.forEach(function (li) {
        li.classList.remove("comment--live-new");
      });
    }, HIGHLIGHT_MS);
    return added;
  }

  // A mouse or touch press must not take focus from where the reader is (say, half way
  // through writing a comment); keyboard users focus the button as usual.
  button.addEventListener("mousedown", function (event) {
    event.preventDefault();
  });
  button.addEventListener("click", function () {
    if (overflow) {
      window.location.reload();
      return;
    }
    if (!buffered.size) {
      update();
      return;
    }
    var added = insertAll();
    if (document.activeElement === button) {
      button.textContent =
        added.length === 1 ? "1 new comment shown" : added.length + " new comments shown";
    }
    update();
  });
  button.addEventListener("blur", update);

  function connect() {
    source = new EventSource(streamUrl + "?after=" + newest);
    source.addEventListener("comment", onComment);
    source.addEventListener("remove", onRemove);
    source.addEventListener("overflow", function () {
      overflow = true;
      update();
    });
    source.addEventListener("open", function () {
      retryDelay = 5000;
      refusals = 0;
    });
    source.addEventListener("error", function () {
      // The browser reconnects by itself (with Last-Event-ID) after a dropped stream;
      // after a refusal (503 when the server is full, 204 or 404) it gives up, so we
      // retry later ourselves, less often each time, and not forever.
      if (source.readyState !== EventSource.CLOSED) return;
      source.close();
      refusals += 1;
      if (refusals > MAX_REFUSALS) return;
      window.setTimeout(connect, retryDelay + Math.random() * 1000);
      retryDelay = Math.min(retryDelay * 2, 300000);
    });
  }

  connect();
})();
