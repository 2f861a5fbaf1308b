/* Masthead: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // Cached pages are shared by all readers, so their forms carry no CSRF token.
  // Fetch one (it also sets the cookie) before the first submit.
  var tokenPromise = null;
  function fetchToken() {
    if (!tokenPromise) {
      tokenPromise = fetch("/csrf/", { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { return r.ok ? r.json() : { token: "" }; })
        .then(function (data) { return data.token || ""; })
        .catch(function () { return ""; });
    }
    return tokenPromise;
  }
  function fillTokens(form) {
    return fetchToken().then(function (token) {
      form.querySelectorAll("input[data-csrf]").forEach(function (input) { input.value = token; });
    });
  }
  document.querySelectorAll("form").forEach(function (form) {
    if (!form.querySelector("input[data-csrf]")) return;
    form.addEventListener("focusin", function () { fillTokens(form); }, { once: true });
    form.addEventListener("submit", function (event) {
      var empty = form.querySelector("input[data-csrf]").value === "";
      if (!empty) return;
      event.preventDefault();
      fillTokens(form).then(function () { form.submit(); });
    });
  });

  // A link to #c-N whose comment is on another page of the discussion: ask the
  // server which page holds it.
  var match = /^#c-(\d+)$/.exec(window.location.hash);
  if (match && !document.getElementById("c-" + match[1])) {
    var base = window.location.pathname.replace(/\/$/, "");
    if (/^\/story\/[^/]+$/.test(base)) {
      window.location.replace(base + "/comments/" + match[1] + "/");
    }
  }

  // ---- Edit in place (comments app) ---------------------------------------------
  // Without JavaScript the Edit link opens the edit page. With it, the comment's body
  // turns into a textarea with Save and Cancel; Save posts with fetch (the server
  // answers JSON) and swaps in the new, server-rendered body and "edited" marker.
  // Anything unexpected leaves the reader's text in place with a link to the edit page.
  function editParts(link) {
    var item = link.closest("li.comment");
    if (!item) return null;
    var details = item.querySelector(":scope > details");
    var body = details && details.querySelector(":scope > .comment__body");
    var when = details && details.querySelector(":scope > .comment__when");
    return body ? { item: item, body: body, when: when } : null;
  }
  function jsonFrom(response) {
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("application/json") !== 0) return Promise.reject(new Error("not JSON"));
    return response.json().then(function (data) { return { ok: response.ok, data: data }; });
  }
  function showEditError(form, message, url) {
    var error = form.querySelector(".field-error");
    error.textContent = message + " ";
    if (url) {
      var more = document.createElement("a");
      more.href = url;
      more.textContent = "Open the edit page";
      error.appendChild(more);
    }
    error.hidden = false;
  }
  function closeEditor(parts, form, link) {
    form.remove();
    parts.body.hidden = false;
    link.setAttribute("aria-expanded", "false");
  }
  function openEditor(link, parts, text) {
    var n = parts.item.id.replace("c-", "");
    var form = document.createElement("form");
    form.className = "form comment-edit-inline";
    form.method = "post";
    form.action = link.href;
    var label = document.createElement("label");
    label.className = "visually-hidden";
    label.htmlFor = "edit-body-" + n;
    label.textContent = "Edit your comment #" + n;
    var area = document.createElement("textarea");
    area.id = "edit-body-" + n;
    area.name = "body";
    area.rows = 5;
    area.value = text;
    var error = document.createElement("p");
    error.className = "field-error";
    error.setAttribute("role", "alert");
    error.hidden = true;
    var buttons = document.createElement("p");
    buttons.className = "comment-edit-inline__buttons";
    var save = document.createElement("button");
    save.type = "submit";
    save.className = "button";
    save.textContent = "Save";
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button button--secondary";
    cancel.textContent = "Cancel";
    buttons.append(save, " ", cancel);
    form.append(label, area, error, buttons);
    parts.body.hidden = true;
    parts.body.after(form);
    link.setAttribute("aria-expanded", "true");
    area.focus();

    cancel.addEventListener("click", function () { closeEditor(parts, form, link); link.focus(); });
    area.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); cancel.click(); }
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      save.disabled = true;
      fetchToken()
        .then(function (token) {
          return fetch(link.href, {
            method: "POST",
            credentials: "same-origin",
            headers: { Accept: "application/json", "X-CSRFToken": token },
            body: new FormData(form),
          });
        })
        .then(jsonFrom)
        .then(function (answer) {
          var data = answer.data;
          if (!answer.ok) {
            var fieldErrors = data.errors && (data.errors.body || data.errors.__all__);
            var message = data.error || (fieldErrors && fieldErrors[0].message) || "Not saved.";
            showEditError(form, message, data.error ? "" : link.href);
            if (data.error) link.remove();  // refused (the window has passed): for good
            return;
          }
          parts.body.innerHTML = data.body_html;  // sanitised by the server
          if (parts.when) {
            var old = parts.when.querySelector(".comment__edited");
            if (old) old.remove();
            var posted = parts.when.querySelector("time");
            if (posted && data.edited_html) posted.insertAdjacentHTML("afterend", data.edited_html);
          }
          closeEditor(parts, form, link);
          link.focus();
        })
        .catch(function () {
          showEditError(form, "Your change could not be saved here.", link.href);
        })
        .then(function () { save.disabled = false; });
    });
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-edit]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var parts = editParts(link);
    if (!parts) return;  // not in a thread (nothing to edit in place): follow the link
    event.preventDefault();
    var open = parts.item.querySelector(".comment-edit-inline");
    if (open) { open.querySelector("textarea").focus(); return; }
    fetch(link.href, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(jsonFrom)
      .then(function (answer) {
        if (!answer.ok) throw new Error("refused");  // the edit page says why
        openEditor(link, parts, answer.data.body);
      })
      .catch(function () { window.location.href = link.href; });
  });
  // ---- Votes (comments app) -----------------------------------------------------
  // Without JavaScript each arrow is a small form that posts and comes back to the
  // comment. With it, the vote goes by fetch (the server answers JSON) and the score
  // and the buttons' aria-pressed change in place. A refusal is shown beside the
  // arrows; anything unexpected falls back to the plain form post.
  function showVotes(box, data) {
    var score = box.querySelector("[data-score]");
    if (score) score.textContent = String(data.score);
    var unit = box.querySelector("[data-score-unit]");
    if (unit) unit.textContent = Math.abs(data.score) === 1 ? " point" : " points";
    var tally = box.querySelector(".votes__score");
    if (tally) tally.title = data.upvotes + " up, " + data.downvotes + " down";
    box.querySelectorAll("button[data-vote]").forEach(function (button) {
      var direction = button.getAttribute("data-vote");
      var pressed = data.mine === (direction === "up" ? 1 : -1);
      button.setAttribute("aria-pressed", pressed ? "true" : "false");
      button.value = pressed ? "clear" : direction;  // pressing it again clears the vote
    });
  }
  function showVoteNote(box, message) {
    var note = box.querySelector(".votes__note");
    if (!note && !message) return;
    if (!note) {
      note = document.createElement("span");
      note.className = "votes__note";
      note.setAttribute("role", "status");
      box.appendChild(note);
    }
    note.textContent = message;
  }
  function voteAnswer(response) {
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("application/json") !== 0) return Promise.reject(new Error("not JSON"));
    return response.json().then(function (data) { return { ok: response.ok, data: data }; });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-vote-form")) return;
    if (form.hasAttribute("data-plain") || !window.fetch) return;  // post it the plain way
    var box = form.closest("[data-votes]");
    var button = event.submitter || form.querySelector("button[data-vote]");
    if (!box || !button) return;
    event.preventDefault();
    var buttons = box.querySelectorAll("button[data-vote]");
    buttons.forEach(function (b) { b.disabled = true; });
    var body = new FormData(form);
    body.set(button.name, button.value);  // FormData(form) leaves out the clicked button
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    (field && field.value ? Promise.resolve(field.value) : fetchToken())
      .then(function (token) {
        body.set("csrfmiddlewaretoken", token);
        return fetch(form.action, {
          method: "POST",
          credentials: "same-origin",
          headers: { Accept: "application/json", "X-CSRFToken": token },
          body: body,
        });
      })
      .then(voteAnswer)
      .then(function (answer) {
        buttons.forEach(function (b) { b.disabled = false; });
        if (answer.ok) {
          showVotes(box, answer.data);
          showVoteNote(box, "");
        } else {
          showVoteNote(box, answer.data.error || "Your vote was not counted.");
        }
      })
      .catch(function () {
        buttons.forEach(function (b) { b.disabled = false; });
        form.setAttribute("data-plain", "");
        if (form.requestSubmit) form.requestSubmit(button); else form.submit();
      });
  });
})();
