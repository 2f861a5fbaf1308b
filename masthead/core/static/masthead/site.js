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
})();
