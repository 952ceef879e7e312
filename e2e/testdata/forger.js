// forger.js: runs in a frame of the publisher's origin and sends the page
// forged Roost messages for the ids in its URL fragment.
(function () {
  var ids = location.hash.slice(1).split(",").map(Number);
  var bad = [1e9, -5, NaN, "12", 0.5, Infinity, null];
  ids.forEach(function (id) {
    bad.forEach(function (h) {
      parent.postMessage({ type: "roost:height", id: id, height: h, width: 10, status: 200 }, "*");
    });
    parent.postMessage({ type: "roost:height", id: String(id), height: 3000, status: 200 }, "*");
    parent.postMessage({ type: "roost:click", id: id, kind: "ac-l" }, "*");
  });
  parent.postMessage({ type: "roost:height", id: "__proto__", height: 3000 }, "*");
  parent.postMessage({ type: "roost:height", id: "constructor", height: 3000 }, "*");
  parent.postMessage("roost:height", "*");
  document.title = "forged";
})();
