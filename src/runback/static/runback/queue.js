/* Check-ins kept on the phone while there is no network, in IndexedDB. Used by the
   service worker (which puts a form sent offline here) and by the pages (which send it
   when the network is back, see app.js). Each entry is tagged with the key of the person
   logged in when it was kept, and is only ever sent for that person. */
(function (root) {
  "use strict";
  var NAME = "runback";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore("queue", { keyPath: "id", autoIncrement: true });
        request.result.createObjectStore("meta");
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function use(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode);
        var request = work(tx.objectStore(store));
        tx.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  root.RunbackQueue = {
    add: function (item) {
      return use("meta", "readonly", function (s) { return s.get("user"); }).then(function (user) {
        var entry = Object.assign({}, item, { user: user || "", saved: Date.now() });
        return use("queue", "readwrite", function (s) { return s.add(entry); });
      });
    },
    all: function () { return use("queue", "readonly", function (s) { return s.getAll(); }); },
    remove: function (id) { return use("queue", "readwrite", function (s) { return s.delete(id); }); },
    user: function () { return use("meta", "readonly", function (s) { return s.get("user"); }); },
    setUser: function (key) { return use("meta", "readwrite", function (s) { return s.put(key, "user"); }); }
  };
})(self);
