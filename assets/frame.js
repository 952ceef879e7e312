// frame.js: the only script in a widget document (its CSP hash allows it and
// nothing else). The widget works fully without it. It speaks two protocols
// to the embedding page, with numbers and our own class names only, never
// user data:
//
//   - Roost's loader (widgets.js), when the URL fragment carries "id=N", the
//     random number the loader chose for this iframe:
//     {type: "roost:height", id, height, width, status} on load and whenever
//     the document resizes (status is 404 for a tombstone, else the HTTP status, so the
//     loader can tell a card from a tombstone; width is the first element's,
//     so buttons can shrink to it), and {type: "roost:click", id, kind} when
//     a link is clicked (kind is the link's first class).
//   - WordPress's wp-embed.js, when the fragment carries "secret=S" (WordPress
//     appends "#?secret=S"): {message: "height", value, secret} likewise, a
//     fresh height when wp-embed.js says "ready", and {message: "link"} on a
//     plain click, because WordPress sandboxes the frame without popups and
//     opens the link in the top window itself. wp-embed.js follows it only
//     on the frame's own host, so a link to elsewhere is sent as Roost's
//     /embed/link/{post}?url=U, which redirects only to a link that post
//     holds (server/widget_link.go).
//
// Other sandboxes without pop-ups (a plain sandbox="allow-scripts") cannot
// open a new tab or leave the frame: there a link that cannot open a tab
// opens in the frame itself. A height is never posted while the frame is
// narrower than its content's minimum (an out-of-process frame starts 0 px
// wide): that height would be thousands of pixels, applied, then undone.
(() => {
  let doc = document, up = parent, last,
    on = (target, name, fn) => target.addEventListener(name, fn),
    arg = (name) => (new RegExp("[#&?]" + name + "=(\\w+)").exec(location.hash) || [])[1],
    post = (msg) => up != window && up.postMessage(msg, "*"),
    size = (el, side) => Math.ceil(el.getBoundingClientRect()[side]),
    // away: where a link goes from a sandboxed frame: Roost's redirect for
    // a link to another host, from the post (card or quoted/parent mini)
    // that holds it; the link itself otherwise.
    away = (a, art = a.closest("article"), m) =>
      a.host != location.host && art &&
      (m = /\/status\/(\d+)/.exec((art.querySelector(":scope>.hd>.mk,:scope>.mh>a.hn") || {}).href))
        ? location.href.replace(/\/embed\/.*/s, "/embed/link/" + m[1] + "?url=" + encodeURIComponent(a.getAttribute("href")))
        : a.href,
    send = (force) => {
      let body = doc.body, id = +arg("id"), secret = arg("secret"), root = doc.documentElement,
        nav = performance.getEntriesByType("navigation")[0],
        h = size(body, "height"), w = size(body.firstElementChild || body, "width");
      // Too narrow for the content (it overflows, up to a 200 px floor):
      // wait for the resize that gives the frame its width.
      if (root.clientWidth < Math.min(root.scrollWidth, 200)) return;
      if (force === 1 || last != h + " " + w) {
        last = h + " " + w;
        // 404 when the top-level card or timeline is a tombstone (a quoted
        // one is not the last child): frames get tombstones with status 200
        // (server/widget.go framedStatus); else the status the browser saw.
        id && post({ type: "roost:height", id, height: h, width: w,
          status: doc.querySelector("body>.card>.tomb:last-child,.tl>.tomb") ? 404 : (nav && nav.responseStatus) || 200 });
        secret && post({ message: "height", value: h, secret });
      }
    };
  on(window, "load", send);
  on(window, "message", (e) => {
    let m = e.data;
    e.source == up && m && m.message == "ready" && m.secret && m.secret == arg("secret") && send(1);
  });
  on(doc, "click", (e) => {
    let a = e.target.closest("a[href]"), id = +arg("id"), secret = arg("secret"), w;
    if (a && /^https?:/.test(a.href)) {
      id && post({ type: "roost:click", id, kind: a.className.split(" ")[0] || "link" });
      if (e.ctrlKey || e.metaKey || e.shiftKey || a.target == "_self") return;
      if (secret && !id) {
        e.preventDefault();
        post({ message: "link", value: away(a), secret });
      } else if (self.origin == "null") {
        // An opaque origin: sandboxed. A tab if the sandbox allows pop-ups,
        // else the frame itself.
        e.preventDefault();
        (w = open(a.href, "_blank")) ? (w.opener = null) : (location.href = a.href);
      }
    }
  });
  new ResizeObserver(send).observe(doc.body);
  send();
})();
