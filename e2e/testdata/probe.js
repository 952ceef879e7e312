// probe.js: the test's eyes on the publisher page. It records every
// message the page receives and every Roost DOM event, without taking part.
window.probe = { messages: [], events: [], rendered: 0, lastRendered: 0 };
addEventListener("message", function (e) {
  var frames = document.querySelectorAll("iframe"), idx = -1;
  for (var i = 0; i < frames.length; i++) if (frames[i].contentWindow === e.source) idx = i;
  probe.messages.push({ data: e.data, origin: e.origin, frame: idx });
});
["loaded", "rendered", "click", "share", "follow"].forEach(function (name) {
  document.addEventListener("roost:" + name, function (e) {
    probe.events.push({ name: name, src: e.target.src || "" });
    if (name === "rendered") { probe.rendered++; probe.lastRendered = performance.now(); }
  });
});
