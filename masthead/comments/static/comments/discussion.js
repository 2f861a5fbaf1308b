/* Masthead discussion in place: reply under the comment, post, and delete without a
   reload; move through comments with the keyboard. Without this script every action
   works as a plain link or form, so nothing here is the only way to do anything. */
(function () {
  "use strict";

  var discussion = document.getElementById("comments");
  if (!discussion || !window.fetch || !window.FormData) return;
  var SEGMENT = 6; // digits per comment number in data-path (comments/threading.py)
  var formSection = document.getElementById("comment-form");
  var form = formSection && formSection.querySelector("form[data-comment-form]");
  var heading = formSection && formSection.querySelector("h3");
  var headingText = heading ? heading.textContent : "";
  var home = formSection ? { parent: formSection.parentNode, next: formSection.nextSibling } : null;

  function csrfToken() {
    var match = /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie);
    if (match) return Promise.resolve(decodeURIComponent(match[1]));
    return fetch("/csrf/", { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : { token: "" }; })
      .then(function (data) { return data.token || ""; });
  }

  function parse(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function thread() {
    var list = discussion.querySelector("ol.thread");
    if (list) return list;
    list = document.createElement("ol");
    list.className = "thread";
    var empty = discussion.querySelector(".empty");
    if (empty) empty.parentNode.replaceChild(list, empty);
    else discussion.insertBefore(list, formSection || null);
    return list;
  }

  // Where a comment goes: into its parent's replies (made if missing), else the page's
  // list; among its siblings by path, as the server orders them.
  function place(li, path) {
    var top = thread();
    var siblings = top;
    if (path.length > SEGMENT) {
      var parent = top.querySelector('li.comment[data-path="' + path.slice(0, -SEGMENT) + '"]');
      if (parent) {
        var fold = parent.querySelector(":scope > details") || parent;
        siblings = fold.querySelector(":scope > ol.replies");
        if (!siblings) {
          siblings = document.createElement("ol");
          siblings.className = "replies";
          fold.appendChild(siblings);
        }
      }
    }
    var before = null;
    if (siblings === top && path.length <= SEGMENT && top.getAttribute("data-sort") === "newest") {
      before = top.firstElementChild;
    } else {
      Array.from(siblings.children).some(function (other) {
        var otherPath = other.getAttribute("data-path");
        if (otherPath && otherPath > path) {
          before = other;
          return true;
        }
        return false;
      });
    }
    siblings.insertBefore(li, before);
  }

  function highlight(li) {
    li.classList.add("comment--live-new");
    window.setTimeout(function () { li.classList.remove("comment--live-new"); }, 4000);
  }

  // ---- Reply in place: the page's one comment form moves under the comment.
  function cancelButton() {
    var button = form.querySelector("[data-cancel-reply]");
    if (button) return button;
    button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    button.setAttribute("data-cancel-reply", "");
    button.textContent = "Cancel reply";
    button.addEventListener("click", function () {
      var li = formSection.closest("li.comment");
      resetForm();
      var link = li && li.querySelector(".comment__actions a");
      if (link) link.focus();
    });
    form.querySelector('button[type="submit"]').insertAdjacentElement("afterend", button);
    return button;
  }

  function replyTo(li, number) {
    var field = form.querySelector('input[name="reply_to"]');
    if (!field) return false;
    field.value = String(number);
    if (heading) heading.textContent = "Reply to #" + number;
    var fold = li.querySelector(":scope > details") || li;
    fold.insertBefore(formSection, fold.querySelector(":scope > ol.replies"));
    formSection.classList.add("comment-form--inline");
    cancelButton().hidden = false;
    var text = form.querySelector("textarea");
    if (text) text.focus();
    return true;
  }

  function resetForm() {
    var field = form.querySelector('input[name="reply_to"]');
    if (field) field.value = "";
    if (heading) heading.textContent = headingText;
    formSection.classList.remove("comment-form--inline");
    var cancel = form.querySelector("[data-cancel-reply]");
    if (cancel) cancel.hidden = true;
    if (home && formSection.parentNode !== home.parent) {
      home.parent.insertBefore(formSection, home.next);
    }
  }

  function showErrors(messages) {
    var box = form.querySelector(".form-errors[data-live]");
    if (!box) {
      box = document.createElement("div");
      box.className = "form-errors";
      box.setAttribute("role", "alert");
      box.setAttribute("data-live", "");
      form.insertBefore(box, form.firstChild);
    }
    box.innerHTML = "";
    messages.forEach(function (text) {
      var p = document.createElement("p");
      p.textContent = text;
      box.appendChild(p);
    });
    box.hidden = messages.length === 0;
  }

  function updateCount(count) {
    var label = discussion.querySelector("#comments-title .count");
    if (label && typeof count === "number") {
      label.textContent = count + (count === 1 ? " comment" : " comments");
    }
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      // site.js holds back a submit that still lacks a CSRF token and sends it itself.
      if (event.defaultPrevented) return;
      event.preventDefault();
      var button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.json().then(function (body) {
            return { status: response.status, body: body };
          });
        })
        .then(function (result) {
          if (result.status !== 201) {
            var errors = result.body.errors || {};
            var messages = [];
            Object.keys(errors).forEach(function (field) {
              messages = messages.concat(errors[field]);
            });
            showErrors(messages.length ? messages : ["Your comment was not posted. Please try again."]);
            return;
          }
          showErrors([]);
          var li = parse(result.body.html);
          if (!li) return;
          resetForm();
          form.querySelector("textarea").value = "";
          if (!document.getElementById(li.id)) place(li, result.body.path);
          updateCount(result.body.comment_count);
          highlight(li);
          var number = li.querySelector(".comment__number");
          if (number) number.focus({ preventScroll: true });
          li.scrollIntoView({ block: "nearest" });
        })
        .catch(function () {
          form.submit(); // the network or the answer failed: post the plain way
        })
        .then(function () {
          button.disabled = false;
        });
    });
  }

  // ---- Quote: the reply form (already moved under the comment) starts with the
  // comment's own Markdown quoted, which only the server has.
  function quoteInto(link) {
    fetch(link.href, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        var text = form.querySelector("textarea");
        if (!text || !data.body) return;
        text.value = data.body + text.value;
        text.focus();
        text.setSelectionRange(data.body.length, data.body.length);
      })
      .catch(function () {
        window.location.href = link.href; // the reply page quotes it too
      });
  }

  // ---- Delete (author) or remove (moderator) in place: the comment becomes its
  // placeholder; its replies stay.
  function deleteComment(li, link, question) {
    var number = li.id.replace("c-", "");
    if (!window.confirm(question.replace("#N", "#" + number))) return;
    csrfToken().then(function (token) {
      var body = new FormData();
      body.append("csrfmiddlewaretoken", token);
      return fetch(link.href, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
    }).then(function (response) {
      if (!response.ok) {
        window.location.href = link.href; // the page there says why
        return;
      }
      return response.json().then(function (data) {
        var placeholder = parse(data.html);
        var replies = li.querySelector(":scope > details > ol.replies");
        if (replies) (placeholder.querySelector(":scope > details") || placeholder).appendChild(replies);
        li.parentNode.replaceChild(placeholder, li);
        var focusable = placeholder.querySelector(".comment__number");
        if (focusable) focusable.focus();
      });
    }).catch(function () {
      window.location.href = link.href;
    });
  }

  discussion.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var li = link.closest("li.comment");
    if (!li) return;
    var number = parseInt(li.id.replace("c-", ""), 10);
    if (form && link.matches(".comment__actions a[data-action='reply']")) {
      if (replyTo(li, number)) event.preventDefault();
    } else if (form && link.matches(".comment__actions a[data-action='quote']")) {
      if (replyTo(li, number)) {
        event.preventDefault();
        quoteInto(link);
      }
    } else if (link.matches("a.comment__delete")) {
      event.preventDefault();
      deleteComment(li, link, "Delete your comment #N? Its number and replies stay.");
    } else if (link.matches("a.comment__remove")) {
      event.preventDefault();
      deleteComment(li, link, "Remove comment #N as a moderator? Its number and replies stay.");
    }
  });

  // ---- Keyboard: j / k next and previous comment, u the comment this one answers.
  function visibleComments() {
    return Array.from(discussion.querySelectorAll("li.comment")).filter(function (li) {
      return li.offsetParent !== null; // not inside a folded thread
    });
  }

  function current() {
    var active = document.activeElement;
    return active && active.closest ? active.closest("li.comment") : null;
  }

  function go(li) {
    if (!li) return;
    var number = li.querySelector(".comment__number");
    if (number) number.focus({ preventScroll: true });
    li.scrollIntoView({ block: "center" });
  }

  document.addEventListener("keydown", function (event) {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    if (event.key !== "j" && event.key !== "k" && event.key !== "u") return;
    var all = visibleComments();
    if (!all.length) return;
    var here = current();
    var index = here ? all.indexOf(here) : -1;
    if (event.key === "j") go(all[Math.min(index + 1, all.length - 1)]);
    else if (event.key === "k") go(all[Math.max(index - 1, 0)]);
    else if (here) go(here.parentNode.closest("li.comment"));
    event.preventDefault();
  });
})();

/* Flag in place (moderation's flag page, /story/<slug>/comments/<n>/flag/): its form
   opens under the comment and its thanks replace it. Without this script the Flag link
   opens that page, which works on its own. */
(function () {
  "use strict";

  var discussion = document.getElementById("comments");
  if (!discussion || !window.fetch || !window.FormData || !window.DOMParser) return;

  function note(form, text, role) {
    var p = form.querySelector("[data-flag-note]") || document.createElement("p");
    p.setAttribute("data-flag-note", "");
    p.setAttribute("role", role);
    p.className = role === "alert" ? "form-errors" : "flag-thanks";
    p.textContent = text;
    if (!p.parentNode) form.insertBefore(p, form.firstChild);
  }

  function send(form, link) {
    var button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        if (result.ok) {
          var thanks = document.createElement("p");
          thanks.className = "flag-thanks";
          thanks.setAttribute("role", "status");
          thanks.textContent = result.body.message;
          form.parentNode.replaceChild(thanks, form);
          link.remove();
          return;
        }
        var reason = (result.body.errors || {}).reason;
        note(form, result.body.error || (reason && reason[0].message) ||
          "Your flag was not sent. Please try again.", "alert");
      })
      .catch(function () {
        form.submit(); // the network or the answer failed: send it the plain way
      })
      .then(function () {
        button.disabled = false;
      });
  }

  function open(li, link) {
    var shown = li.querySelector("form[data-flag-form]");
    if (shown) {
      shown.querySelector("input[type=radio]").focus();
      return;
    }
    fetch(link.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var found = page.querySelector("form[data-flag-form]");
        if (!found) throw new Error("no form"); // flagged already, or refused: the page says
        var form = document.importNode(found, true);
        var suffix = "-" + li.id; // ids stay unique with several forms open
        form.querySelectorAll("[id]").forEach(function (el) { el.id += suffix; });
        form.querySelectorAll("label[for]").forEach(function (el) {
          el.htmlFor += suffix;
        });
        form.action = link.href;
        form.classList.add("flag-form--inline");
        link.closest(".comment__actions").insertAdjacentElement("afterend", form);
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          send(form, link);
        });
        var cancel = form.querySelector("[data-flag-cancel]");
        if (cancel) {
          cancel.addEventListener("click", function (event) {
            event.preventDefault();
            form.remove();
            link.focus();
          });
        }
        form.querySelector("input[type=radio]").focus();
      })
      .catch(function () {
        window.location.href = link.href;
      });
  }

  discussion.addEventListener("click", function (event) {
    var link = event.target.closest("a.comment__flag");
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var li = link.closest("li.comment");
    if (!li) return;
    event.preventDefault();
    open(li, link);
  });
})();
