// widgets.js: the loader publishers paste into their pages. It upgrades
// Roost markup (blockquote.roost-post, a.roost-timeline, the buttons,
// div.roost-sharebar; with data-compat="x" on its script tag also
// blockquote.twitter-tweet and a.twitter-timeline) into iframes, and exposes
// window.roost. docs/EMBEDDING.md is the publisher's guide.
//
// Safety rules, each against a known embed attack:
//   - An iframe's src is always this script's own origin, a fixed route and
//     a validated id or handle; a URL found in the page is only parsed for
//     that id, never loaded. Options are URI-encoded values of known names
//     only, and the server normalises them again.
//   - A frame's message is believed only when it comes from that very
//     iframe's window, from Roost's origin, with the random id the loader put
//     in that iframe's URL fragment; sizes are clamped.
//   - The publisher's fallback stays until the frame has reported a size, so
//     a blocked or unreachable Roost leaves the page readable, and in X-compat
//     mode a post Roost does not hold keeps its original blockquote.
// No eval, no inline handlers, no requests but the iframes themselves.
((w, d) => {
  let R = (w.roost = w.roost || {}), me = d.currentScript;
  if (R.widgets || !me) return; // loaded twice: the first copy serves

  let base = new URL(".", me.src).href.replace(/assets\/$/, ""),
    { origin: O, pathname: P } = new URL(base),
    compat = me.dataset.compat == "x",
    frames = new Map(),
    // The option names of SURFACE.md: no other name reaches a frame's query.
    NAMES = ("theme lang dnt width maxwidth align cards conversation hide_media hide_thread limit height chrome " +
      "show_replies link_color border_color aria_polite text url hashtags via related size screen_name show_count " +
      "show_screen_name button_hashtag title networks").split(" "),
    meta = (name) => (d.querySelector('meta[name="roost:' + name + '"]') || {}).content,
    clamp = (v, hi) => Math.min(Math.max(Math.round(v) || 0, 10), hi),
    fire = (t, name, detail) => t.dispatchEvent(new CustomEvent("roost:" + name, { bubbles: true, detail })),
    // store reads (no value) or writes a remembered height; storage may be
    // missing or forbidden, and then nothing is remembered.
    store = (key, v) => {
      try {
        return v ? localStorage.setItem(key, v) : +localStorage.getItem(key);
      } catch (e) {}
    },
    // Frames start loading a little before they scroll into view.
    io = new IntersectionObserver((es) => es.map((e) => e.isIntersecting && (io.unobserve(e = e.target), e._go())),
      { rootMargin: "600px" }),

    // path maps a URL (an anchor) to a widget route: a post permalink, a
    // profile, or (Roost only) a list or hashtag timeline; on Roost's own
    // origin, or on X's for X-compat markup. Anything else gives nothing.
    path = (a, x, p = a.pathname, m) =>
      (x ? /^https:\/\/((www|mobile)\.)?(twitter|x)\.com$/.test(a.origin) : a.origin == O && !p.indexOf(P)) &&
      ((m = /^(\w{1,30})\/?$|^\w{1,30}\/status(es)?\/(\d{1,19})\/?$/.exec(p = p.slice(x || P.length))) ?
        m[1] ? "embed/timeline/" + m[1] : "embed/post/" + m[3]
        : !x && /^embed\/(list\/\d{1,19}|hashtag\/(\w|%[89a-f][\da-f]){1,300})$/i.test(p) && p),

    // spec says what a page element becomes: [kind, route, X-compat markup];
    // only the known classes count, and only anchors and blockquotes.
    spec = (el, m = /\b(roost|twitter)-(post|tweet|timeline|sharebar|(share|follow|mention|hashtag|message)-button)\b/
      .exec(el.className), x = m && m[1] > "s", k = m && (m[3] || m[2]), p) =>
      m && (!x || compat) && (
        /post|tweet/.test(k) ? el.tagName == "BLOCKQUOTE" &&
          [...el.querySelectorAll("a[href]")].map((a, q) => /post/.test(q = path(a, x)) && (p = q)) && p && ["post", p, x]
        : k == "timeline" ? /timeline|list|hashtag/.test(p = path(el, x)) && [k, p, x]
        : [k, k == "sharebar" ? "embed/sharebar" : "embed/button/" + k]),

    // mount builds the iframe for a spec before el (or at the end of parent)
    // and resolves with it once rendered, or with nothing when the fallback
    // stays. The iframe takes no room until its frame has reported its size;
    // then the fallback is swapped for it in one step.
    mount = ([kind, route, x] = [], el, parent, o = {}) => new Promise((done) => {
      if (!route || !(el || parent instanceof Element)) return done();
      let id = (1 + Math.random() * 1e9) | 0, btn = /button/.test(route),
        i = d.createElement("iframe"), q = new URLSearchParams(),
        href = el?.href && new URL(el.href), dflt = {
          theme: meta("widgets:theme"), link_color: meta("widgets:link-color"),
          dnt: /^(on|true)$/.test(meta("dnt")) && "true",
          url: /share/.test(kind) && location.href.split("#")[0],
        }, src, key, shown, reserved, dnt,
        // The title names the frame for screen readers: for a post the
        // author, then an excerpt; else the fallback's text.
        t = el ? el.textContent.replace(/\s+/g, " ").trim().split(/\s*[—–]\s*/) : [];
      // The query holds the known option names only: the element's data-*
      // attribute, else the API's option, else the anchor's own query value
      // (X-style button markup), else the kind's and the page's defaults.
      NAMES.map((n, v) => (v = el?.getAttribute("data-" + n.replace(/_/g, "-")) ?? o[n] ??
        href?.searchParams.get(n) ?? dflt[n]) != null && v !== "" && v !== false &&
        (n != "height" || kind != "post") && q.set(n, String(v).slice(0, 500)));
      dnt = q.get("dnt") == "true";
      src = base + route + (q.size ? "?" + q : "");
      i.title = (t[1] ? t.pop() + ": " + t.join(" — ") : t[0] || "Roost " + kind).slice(0, 100);
      i.style.cssText = "border:0;height:0;vertical-align:middle;" + (btn ? "position:absolute;width:300px" :
        "display:block;width:100%;max-width:" + (q.get("align") ? 1e4 : q.get("width") || (kind == "post" ? 550 : 1e4)) + "px");
      i.loading = "lazy";
      i.referrerPolicy = "strict-origin-when-cross-origin";
      i.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox");
      i.onload = () => fire(i, "loaded");
      i.src = src + "#id=" + id;
      if (!btn && el) {
        key = "roost:" + src + "@" + el.offsetWidth;
        reserved = (!dnt && store(key)) || +el.dataset.height;
        if (reserved > 0) el.style.minHeight = clamp(reserved, 1e4) + "px";
      }
      frames.set(id, (e, m, h = +m.height, st = +m.status || 200, cs) => {
        if (e.source != i.contentWindow) return;
        if (m.type == "roost:click") {
          fire(i, "click", { kind: String(m.kind).slice(0, 40) });
          /share/.test(kind) && fire(i, "share");
          kind == "follow" && fire(i, "follow");
        }
        if (m.type != "roost:height" || !(h >= 0)) return;
        if (!shown) {
          // A 5xx, or a post that X-compat markup names and Roost does not
          // hold, keeps the fallback; a deleted Roost post shows its tombstone.
          if (st > 499 || (st > 399 && x)) return i.remove(), frames.delete(id), done();
          if (el) {
            cs = getComputedStyle(el);
            i.style.margin = cs.marginTop + " 0 " + cs.marginBottom;
            el.remove();
          }
          i.style.position = "";
        }
        i.style.height = clamp(h, 1e4) + "px";
        if (btn) i.style.width = clamp(m.width, 1200) + "px";
        if (key && !dnt && st < 400) store(key, clamp(h, 1e4));
        shown || done(i, fire(i, "rendered"), shown = 1);
      });
      let go = () => el ? el.before(i) : parent.append(i);
      el ? (el._go = go, io.observe(el)) : go();
    }),

    // load upgrades every Roost element in root (the whole page by default),
    // each once, and resolves when all have rendered or kept their fallback.
    load = (root = d, sel = compat ? "[class*=roost-],[class*=twitter-]" : "[class*=roost-]") =>
      Promise.all([...(root.matches && root.matches(sel) ? [root] : []), ...root.querySelectorAll(sel)]
        .map((el) => el._roost || (el._roost = mount(spec(el), el))));

  // api makes a create* function: the first argument names the widget (an
  // id or source the route is built from) or fills the option key.
  let api = (kind, route, key) => (v, el, o) =>
    mount([kind, route(v = String(v).replace(/^@/, ""))], null, el, key ? { ...o, [key]: v } : o);
  addEventListener("message", (e, m = e.data, f = m && frames.get(m.id)) => f && e.source && e.origin == O && f(e, m));
  R.widgets = {
    load,
    createPost: api("post", (id) => /^\d{1,19}$/.test(id) && "embed/post/" + id),
    // createTimeline takes "@handle" or a Roost profile, list or hashtag URL.
    createTimeline: api("timeline", (src) => path(new URL(src.replace(/^@/, ""), base))),
    createShareButton: api("share", () => "embed/button/share", "url"),
    createFollowButton: api("follow", () => "embed/button/follow", "screen_name"),
  };
  // ready runs fn in a task of its own, so one that throws harms no other.
  R.ready = (fn) => setTimeout(fn, 0, R);
  (R._e || []).map(R.ready);
  R._e = [];
  if (meta("widgets:autoload") != "off") d.readyState == "loading" ? d.addEventListener("DOMContentLoaded", () => load()) : load();
})(window, document);
