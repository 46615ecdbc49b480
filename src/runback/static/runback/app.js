/* Runback on the phone: the service worker, check-ins kept offline and sent once the
   network is back, and the pages kept for one login only. Texts come from the page. */
(function () {
  "use strict";
  var script = document.getElementById("runback-app");
  var cfg = script.dataset;
  var user = cfg.user || "";
  var status = document.getElementById("offline-status");
  var texts = JSON.parse((status && status.dataset.texts) || "{}");
  var PAGES = "runback-pages";
  var TOKENS = "runback.used-tokens";

  function say(text) {
    if (!status) { return; }
    status.textContent = text || "";
    status.hidden = !text;
  }

  function count(n, key) {
    if (!texts[key]) { return ""; }
    return (n === 1 ? texts[key][0] : texts[key][1]).replace("%(n)s", String(n));
  }

  function cookie(name) {
    var found = document.cookie.split("; ").filter(function (c) { return c.indexOf(name + "=") === 0; })[0];
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }

  function forgetPages() {
    return self.caches ? caches.delete(PAGES) : Promise.resolve();
  }

  /* The pages kept on this phone belong to one login: another login, or none, drops them. */
  function checkUser() {
    if (!self.indexedDB || !self.RunbackQueue) { return Promise.resolve(); }
    return RunbackQueue.user().then(function (kept) {
      if ((kept || "") === user) { return; }
      return forgetPages().then(function () { return RunbackQueue.setUser(user); });
    }).catch(function () {});
  }

  function waiting() {
    if (!self.RunbackQueue || !user) { return Promise.resolve([]); }
    return RunbackQueue.all().then(function (items) {
      return items.filter(function (item) { return item.user === user; });
    }).catch(function () { return []; });
  }

  function showWaiting() {
    return waiting().then(function (items) {
      if (items.length) { say(count(items.length, "queued")); }
    });
  }

  function sendOne(item) {
    var body = new URLSearchParams(item.body);
    var csrf = cookie(cfg.csrfCookie || "csrftoken");
    // The form's own security token may be stale by now; the cookie's is current.
    if (csrf) { body.set("csrfmiddlewaretoken", csrf); }
    return fetch(item.url, { method: "POST", body: body, credentials: "same-origin" }).then(function (response) {
      var landed = new URL(response.url, location.href).pathname;
      if (response.redirected && landed.indexOf(cfg.done) === 0) { return "sent"; }
      if (response.ok && !response.redirected) { return "refused"; } // shown again with errors
      return "later"; // logged out, or the server is not answering
    });
  }

  /* Send what is kept, oldest first, each once: the form's one-time token makes the
     server refuse a second copy, and a lock keeps two tabs from sending at once. */
  function flush() {
    if (!navigator.onLine || !user || !self.RunbackQueue) { return Promise.resolve(); }
    var work = function () {
      return waiting().then(function (items) {
        var sent = 0;
        var refused = 0;
        var step = function (i) {
          if (i >= items.length) { return null; }
          return sendOne(items[i]).then(function (result) {
            if (result === "later") { return null; }
            if (result === "sent") { sent++; } else { refused++; }
            return RunbackQueue.remove(items[i].id).then(function () { return step(i + 1); });
          });
        };
        return Promise.resolve(step(0)).catch(function () { /* still offline */ }).then(function () {
          var parts = [];
          if (sent) { parts.push(count(sent, "sent")); }
          if (refused) { parts.push(count(refused, "refused")); }
          if (parts.length) { say(parts.join(" ")); document.documentElement.dataset.queueSent = String(sent); }
        });
      });
    };
    if (navigator.locks && navigator.locks.request) {
      return navigator.locks.request("runback-queue", work);
    }
    return work();
  }

  /* A check-in form opened from the phone's copy: a token already sent is replaced (a
     new entry needs a new one), a stale date becomes today, and the timer's minutes from
     the link are filled in (the server does that too when it answers). */
  function freshForm(form) {
    var token = form.querySelector("input[name=token]");
    var used = [];
    try { used = JSON.parse(localStorage.getItem(TOKENS) || "[]"); } catch (e) { used = []; }
    if (token && token.value && used.indexOf(token.value) !== -1) {
      var bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      token.value = Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
    }
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var today = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
    var date = form.querySelector("input[name=date]");
    if (date && cfg.today && date.value === cfg.today && cfg.today !== today) { date.value = today; }
    var query = new URLSearchParams(location.search);
    ["date", "run_min", "walk_min", "distance_km"].forEach(function (name) {
      var input = form.querySelector("input[name=" + name + "]");
      if (input && query.get(name) && !input.value) { input.value = query.get(name); }
    });
    var type = query.get("type");
    var radio = type && form.querySelector("input[name=type][value=\"" + type.replace(/\W/g, "") + "\"]");
    if (radio) { radio.checked = true; }
    form.addEventListener("submit", function (event) {
      if (!navigator.onLine && !form.checkValidity()) {
        // Kept on the phone only when complete: the server cannot ask back later.
        event.preventDefault();
        form.reportValidity();
        return;
      }
      if (token && token.value) {
        used = used.concat([token.value]).slice(-50);
        try { localStorage.setItem(TOKENS, JSON.stringify(used)); } catch (e) { /* full */ }
      }
    });
  }

  function warm(registration) {
    if (!user || location.pathname !== cfg.todayUrl) { return; }
    var urls = Array.prototype.map.call(document.querySelectorAll("a[href]"), function (a) { return a.href; });
    urls.push(location.href);
    var worker = registration.active;
    if (!worker) { return; }
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "warmed") { document.documentElement.dataset.offlineReady = "1"; }
    });
    worker.postMessage({ type: "warm", urls: urls });
  }

  function register() {
    if (!("serviceWorker" in navigator) || !cfg.sw) { return; }
    navigator.serviceWorker.register(cfg.sw).catch(function () {});
    navigator.serviceWorker.ready.then(warm);
  }

  checkUser().then(function () {
    register();
    Array.prototype.forEach.call(document.querySelectorAll("form[method=post]"), function (form) {
      if (form.querySelector("input[name=token]")) { freshForm(form); }
      if (form.getAttribute("action") === cfg.logout) {
        form.addEventListener("submit", function (event) {
          // Send what is kept first, then drop this login's pages from the phone.
          event.preventDefault();
          flush().catch(function () {}).then(forgetPages).then(function () { form.submit(); });
        });
      }
    });
    if (new URLSearchParams(location.search).get("queued")) { say(count(1, "queued")); }
    showWaiting().then(flush);
    self.addEventListener("online", function () { flush(); });
    self.addEventListener("offline", showWaiting);
  });
})();
