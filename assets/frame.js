// frame.js: the only script in a widget document (its CSP hash allows it and
// nothing else). The widget works fully without it. It speaks two protocols
// to the embedding page, with numbers and our own class names only, never
// user data:
//
//   - Roost's loader (widgets.js), when the URL fragment carries "id=N", the
//     random number the loader chose for this iframe:
//     {type: "roost:height", id, height, width, status} on load and whenever
//     the document resizes (status is this document's HTTP status, so the
//     loader can tell a card from a tombstone; width is the first element's,
//     so buttons can shrink to it), and {type: "roost:click", id, kind} when
//     a link is clicked (kind is the link's first class).
//   - WordPress's wp-embed.js, when the fragment carries "secret=S" (WordPress
//     appends "#?secret=S"): {message: "height", value, secret} likewise, a
//     fresh height when wp-embed.js says "ready", and {message: "link"} on a
//     plain click, because WordPress sandboxes the frame without popups and
//     opens the link in the top window itself.
(() => {
  let doc = document, up = parent, last,
    on = (target, name, fn) => target.addEventListener(name, fn),
    arg = (name) => (new RegExp("[#&?]" + name + "=(\\w+)").exec(location.hash) || [])[1],
    post = (msg) => up != window && up.postMessage(msg, "*"),
    size = (el, side) => Math.ceil(el.getBoundingClientRect()[side]),
    send = (force) => {
      let body = doc.body, id = +arg("id"), secret = arg("secret"),
        nav = performance.getEntriesByType("navigation")[0],
        h = size(body, "height"), w = size(body.firstElementChild || body, "width");
      if (force === 1 || last != h + " " + w) {
        last = h + " " + w;
        // The status where the browser exposes it; else 404 when the top-level
        // card is a tombstone (a quoted one is not the last child).
        id && post({ type: "roost:height", id, height: h, width: w,
          status: (nav && nav.responseStatus) || (doc.querySelector("body>.card>.tomb:last-child") ? 404 : 200) });
        secret && post({ message: "height", value: h, secret });
      }
    };
  on(window, "load", send);
  on(window, "message", (e) => {
    let m = e.data;
    e.source == up && m && m.message == "ready" && m.secret && m.secret == arg("secret") && send(1);
  });
  on(doc, "click", (e) => {
    let a = e.target.closest("a[href]"), id = +arg("id"), secret = arg("secret");
    if (a) {
      id && post({ type: "roost:click", id, kind: a.className.split(" ")[0] || "link" });
      if (secret && !id && !(e.ctrlKey || e.metaKey || e.shiftKey)) {
        e.preventDefault();
        post({ message: "link", value: a.href, secret });
      }
    }
  });
  new ResizeObserver(send).observe(doc.body);
  send();
})();
