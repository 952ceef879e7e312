// buttonframe.js: the frame script of button documents, a cut-down
// frame.js. A button is never embedded by WordPress (oEmbed has no
// buttons), so it speaks only Roost's loader protocol, when the URL
// fragment carries "id=N": {type: "roost:height", id, height, width,
// status} on load and whenever the button resizes (width is the wrapper's,
// so the iframe shrinks to the button; status is this document's HTTP
// status, 404 for an unknown kind), and {type: "roost:click", id, kind}
// when a link is clicked. Numbers and our own class names only.
(() => {
  let doc = document, id = +(/[#&]id=(\d+)/.exec(location.hash) || [])[1], last,
    post = (msg) => id && parent != window && parent.postMessage(msg, "*"),
    send = () => {
      let nav = performance.getEntriesByType("navigation")[0], b = doc.body,
        h = Math.ceil(b.getBoundingClientRect().height),
        w = Math.ceil((b.firstElementChild || b).getBoundingClientRect().width);
      last != h + " " + w && post({ type: "roost:height", id, height: h, width: w, status: (nav && nav.responseStatus) || 200 });
      last = h + " " + w;
    };
  addEventListener("load", send);
  doc.addEventListener("click", (e) => {
    let a = e.target.closest("a[href]");
    a && post({ type: "roost:click", id, kind: a.className.split(" ")[0] || "link" });
  });
  new ResizeObserver(send).observe(doc.body);
  send();
})();
