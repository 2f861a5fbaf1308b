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
