/* Runback's service worker (served by runback.pwa.views.service_worker, from the site's
   root). Pages: network first, the phone's copy when there is no network. Static files
   and exercise pictures: the phone's copy, refreshed in the background. A check-in sent
   with no network is kept (queue.js) and sent by the next page that opens online.

   Pages that hold health data (Today, the timer, the session check-in) are kept only in
   one cache, for the login that fetched them; it is emptied at logout, at login, when
   the account is deleted or consent withdrawn, and when a page shows that another login
   (or none) is here (app.js). */
"use strict";
var VERSION = "{{ version }}";
var PRECACHE = {{ precache|safe }};
var OFFLINE_URL = {{ offline|safe }};
var STATIC_URL = {{ static_url|safe }};
var TODAY_URL = {{ today_url|safe }};
importScripts({{ queue_script|safe }});
{% verbatim %}
var STATIC_CACHE = "runback-static-" + VERSION;
var PAGES_CACHE = "runback-pages";
var KEPT_PAGES = [
  /^\/today\/$/,
  /^\/today\/timer\/$/,
  /^\/log\/session\/$/,
  /^\/library\/exercise\/[\w-]+\/$/
];
var PICTURE = /^\/library\/exercise\/[\w-]+\/[\w-]+\.svg$/;
var QUEUED_POSTS = /^\/log\//;
var FORGET_ON = [
  /^\/accounts\/logout\/$/,
  /^\/accounts\/login\/$/,
  /^\/accounts\/delete\/$/,
  /^\/accounts\/consent\/withdraw\/$/
];

function kept(path) {
  return KEPT_PAGES.some(function (pattern) { return pattern.test(path); });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE)
      .then(function (cache) { return cache.addAll(PRECACHE.concat([OFFLINE_URL])); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("runback-static-") === 0 && name !== STATIC_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function page(request, url) {
  return fetch(request).then(function (response) {
    if (!kept(url.pathname)) { return response; }
    return caches.open(PAGES_CACHE).then(function (cache) {
      if (response.ok && response.type === "basic" && !response.redirected) {
        return cache.put(url.pathname, response.clone());
      }
      if (response.type === "opaqueredirect" || response.status === 403 || response.status === 404) {
        return cache.delete(url.pathname); // logged out, or nothing to show any more
      }
    }).then(function () { return response; });
  }).catch(function () {
    var copy = kept(url.pathname) ? caches.match(url.pathname, { cacheName: PAGES_CACHE, ignoreVary: true }) : Promise.resolve();
    return copy.then(function (found) {
      return found || caches.match(OFFLINE_URL, { cacheName: STATIC_CACHE, ignoreVary: true });
    }).then(function (found) { return found || Response.error(); });
  });
}

function postOrKeep(request, url) {
  var copy = request.clone();
  return fetch(request).catch(function () {
    return copy.text().then(function (body) {
      return self.RunbackQueue.add({ url: url.pathname, body: body });
    }).then(function () {
      return Response.redirect(TODAY_URL + "?queued=1", 303);
    });
  });
}

function staticFile(event, request) {
  return caches.open(STATIC_CACHE).then(function (cache) {
    return cache.match(request, { ignoreVary: true }).then(function (found) {
      var fresh = fetch(request).then(function (response) {
        if (response.ok) { cache.put(request, response.clone()); }
        return response;
      });
      if (found) {
        event.waitUntil(fresh.catch(function () {}));
        return found;
      }
      return fresh;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method === "POST") {
    if (FORGET_ON.some(function (pattern) { return pattern.test(url.pathname); })) {
      event.waitUntil(caches.delete(PAGES_CACHE));
    } else if (request.mode === "navigate" && QUEUED_POSTS.test(url.pathname)) {
      event.respondWith(postOrKeep(request, url));
    }
    return;
  }
  if (request.method !== "GET") { return; }
  if (request.mode === "navigate") {
    event.respondWith(page(request, url));
  } else if (url.pathname.indexOf(STATIC_URL) === 0 || PICTURE.test(url.pathname)) {
    event.respondWith(staticFile(event, request));
  }
});

/* Today asks for the pages it links to (the timer, the check-in, the exercises) to be
   kept, so they open with no network; the exercise pages bring their pictures. */
function warm(urls) {
  var seen = {};
  var paths = urls.map(function (href) { return new URL(href, self.location.origin); })
    .filter(function (url) {
      var fresh = url.origin === self.location.origin && kept(url.pathname) && !seen[url.pathname];
      seen[url.pathname] = true;
      return fresh;
    }).map(function (url) { return url.pathname; });
  return caches.open(PAGES_CACHE).then(function (pages) {
    return paths.reduce(function (done, path) {
      return done.then(function () {
        var exercise = path.indexOf("/library/") === 0;
        return (exercise ? pages.match(path, { ignoreVary: true }) : Promise.resolve()).then(function (found) {
          if (found) { return null; } // exercise pages change with a new version only
          return fetch(path, { credentials: "same-origin", redirect: "manual" }).then(function (response) {
            if (!response.ok || response.type !== "basic") { return null; }
            return pages.put(path, response.clone()).then(function () {
              return exercise ? response.text().then(pictures) : null;
            });
          }).catch(function () { return null; });
        });
      });
    }, Promise.resolve());
  });
}

function pictures(html) {
  var found = [];
  html.replace(/src="(\/library\/exercise\/[\w-]+\/[\w-]+\.svg)"/g, function (match, src) {
    found.push(src);
    return match;
  });
  return caches.open(STATIC_CACHE).then(function (cache) { return cache.addAll(found); });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "warm" && Array.isArray(data.urls)) {
    var client = event.source;
    event.waitUntil(warm(data.urls.slice(0, 40)).then(function () {
      if (client) { client.postMessage({ type: "warmed" }); }
    }));
  }
});
{% endverbatim %}
