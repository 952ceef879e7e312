// api.js: a single-page app's use of the JS API. It queues work with the
// documented snippet before widgets.js arrives.
window.roost = window.roost || { _e: [], ready: function (f) { this._e.push(f); } };
roost.ready(function (r) {
  var box = function (id) { return document.getElementById(id); };
  Promise.all([
    r.widgets.createPost(box("api-post").dataset.id, box("api-post"), { theme: "dark" }),
    r.widgets.createTimeline("@ada", box("api-timeline"), { limit: 1 }),
    r.widgets.createShareButton("https://gazette.example/a/2", box("api-share")),
    r.widgets.createFollowButton("@ada", box("api-follow")),
    r.widgets.createPost("../../evil", box("api-bad")),
  ]).then(function (res) {
    window.apiResult = res.map(function (x) { return x ? x.tagName + " " + x.src.split("#")[0] : null; });
  });
});
