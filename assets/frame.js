// frame.js: the only script in a card document (its CSP hash allows it and
// nothing else). It tells the embedding page how tall the card is, on load
// and whenever it resizes, as {type: "roost:height", id, height}. The id is
// the number the loader put in the frame URL's "#id=…"; the message holds
// numbers only, never user data. The card works fully without it.
(function () {
  var m = /[#&]id=(\d{1,15})(?:&|$)/.exec(location.hash);
  var id = m ? +m[1] : 0;
  var last = -1;
  function send() {
    var h = Math.ceil(document.body.getBoundingClientRect().height);
    if (h !== last) {
      last = h;
      parent.postMessage({ type: "roost:height", id: id, height: h }, "*");
    }
  }
  addEventListener("load", send);
  if (window.ResizeObserver) {
    new ResizeObserver(send).observe(document.body);
  }
  send();
})();
