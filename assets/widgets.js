// widgets.js: the loader publishers paste into their pages. It upgrades
// Roost markup (blockquote.roost-post, a.roost-timeline, the five buttons,
// div.roost-sharebar; with data-compat="x" on its script tag also X's
// blockquote.twitter-tweet, a.twitter-timeline and buttons) into iframes,
// and exposes window.roost. docs/EMBEDDING.md is the publisher's guide.
//
// Safety rules, each against a known embed attack:
//   - An iframe's src is always this script's own base URL, a fixed route
//     and an id or handle matched by a strict pattern; a URL found in the
//     page is only parsed for that id, never loaded. Options are
//     URI-encoded values of the known names only, and the server
//     normalises them again.
//   - A frame's message is believed only when it comes from that very
//     iframe's window, from Roost's origin, with the random id the loader
//     put in that iframe's URL fragment; sizes are clamped.
//   - The publisher's fallback stays until the frame has reported a size,
//     so a blocked or unreachable Roost leaves the page readable; X markup
//     (and a button) whose document answers 4xx keeps its fallback too.
// No eval, no inline handlers, no requests but the iframes themselves.
//
// Size matters more than style here (the budget is MaxLoaderBrotli in
// widgets/loader.go): the minifier renames locals but not properties, and
// every branch costs bytes on every publisher's page.
((w, d) => {
  let R = (w.roost ||= {}), me = d.currentScript;
  if (R.widgets) return; // loaded twice: the first copy serves

  // base is Roost's public URL with a trailing slash (the script is served
  // at {base}widgets.js and {base}assets/widgets.<hash>.js).
  let base = me.src.replace(/(assets\/)?[^/]*$/, ""),
    compat = me.dataset.compat == "x",
    // meta reads a page default: <meta name="roost:widgets:NAME"> (or
    // roost:dnt); the element's own attribute wins over it.
    meta = (n) => d.querySelector('meta[name^=roost][name$=":' + n + '"]')?.content,
    // px clamps a size to 10–10000 CSS pixels.
    px = (v) => (v < 10 ? 10 : v > 1e4 ? 1e4 : v | 0) + "px",
    fire = (t, n, detail) => t.dispatchEvent(new CustomEvent("roost:" + n, { bubbles: !0, detail })),
    // store reads (no value) or writes a remembered height; storage may be
    // missing or forbidden, and then nothing is remembered.
    store = (k, v) => {
      try {
        return v ? (localStorage[k] = v) : localStorage[k];
      } catch (e) {}
    },

    // path maps a link to a widget route: a post permalink, a profile
    // ("@handle" too), or a list, hashtag, collection or search (its q kept
    // through the option names below) timeline on Roost's own base;
    // with X-compat also an x.com / twitter.com permalink or profile.
    // Anything else gives nothing.
    path = (h = "", m, p = !h.indexOf(base) ? base : compat && /^https:\/\/(\w+\.)?(twitter|x)\.com\//.exec(h)?.[0]) =>
      p && (m = /^(@?(\w+)(\/status\/(\d+))?|embed\/(\w+\/\d+|search|hashtag\/(\w|%[89a-f]\w)+))\/?([?#]|$)/i.exec(h.slice(p.length))) &&
        (m[4] ? "embed/post/" + m[4] : m[2] ? "embed/timeline/" + m[2] : "embed/" + m[5]),

    // spec says what a page element becomes: [route, status from which the
    // fallback stays]. Posts and timelines take the element's last link
    // (a blockquote's permalink, a timeline anchor itself); X markup counts
    // only with data-compat="x".
    spec = (el, [, x, k, b] = /\b(roost|twitter)-(post|tweet|timeline|sharebar|(\w+)-button)\b/.exec(el.className) || []) => [
      k && (!(x = x > "s") || compat) && (b ? "embed/button/" + b : k == "sharebar" ? "embed/" + k :
        path([el, ...el.querySelectorAll("a")].pop().href)),
      (x || b) && 400],

    // mount builds the iframe of route r before el (once el nears the
    // viewport), or at the end of parent for the API, and resolves with it
    // once rendered, or with nothing when the fallback stays. The iframe
    // takes no room until its frame has reported its size; then the
    // fallback is swapped for it in one step.
    mount = ([r, x], parent, o, el) => new Promise((done) => {
      if (!r) return done();
      let id = 1 + Math.random() * 1e9 | 0, btn = /button/.test(r),
        i = d.createElement("iframe"), st = i.style, q = new URLSearchParams(),
        u = new URL(el?.href || base).searchParams, src, key, shown, cs;
      // The query holds the option names of SURFACE.md only: the element's
      // data-* attribute, else the API's option, else the link's own query
      // (X-style button markup), else the page's meta, else for share
      // widgets the page's address without its fragment.
      "q layout theme lang dnt width align cards conversation hide_media hide_thread limit height chrome show_replies link_color border_color aria_polite tz text url hashtags via related size screen_name show_count show_screen_name button_hashtag title networks"
        .split(" ").map((n, _, __, v, a = n.replace(/_/g, "-")) =>
          (v = el?.getAttribute("data-" + a) ?? o?.[n] ?? u.get(n) ?? meta(a) ??
            (n == "url" && /[nd]\/share/.test(r) ? d.URL.replace(/#.*/, "") : v)) != null && q.set(n, v));
      src = base + r + "?" + q;
      // The title names the frame for screen readers: the author, then an
      // excerpt of the fallback's text.
      i.title = (el?.textContent.replace(/\s+/g, " ").replace(/(.*) — (.*)/, "$2: $1") ?? "Roost").slice(0, 100);
      // Hidden and sized: buttons shrink to what their frame reports, the
      // rest fill the width up to the widget's own.
      i.style = "border:0;height:0;vertical-align:middle;width:" + (btn ? 0 :
        "100%;display:block;max-width:" + (q.get("align") || q.get("width") || /post/.test(r) && 550) + "px");
      i.loading = "lazy";
      i.referrerPolicy = "strict-origin";
      i.sandbox = "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox";
      i.onload = () => fire(i, "loaded");
      i.src = src + "#id=" + id;
      // Reserve the remembered height (per URL and width), else data-height.
      el && (key = !q.has("dnt") && "roost:" + src + "@" + el.offsetWidth, el.style.minHeight = key && store(key) || px(el.dataset.height));
      addEventListener("message", (e, m = e.data) => e.source && e.source == i.contentWindow && !base.indexOf(e.origin + "/") && m.id == id && (
        m.kind ? fire(i, "click", m) && (cs = /share|follow/.exec(r)) && fire(i, cs[0])
        : m.status >= (x || 500) ? done(i.remove())
        : (st.height = cs = px(m.height), btn && (st.width = px(m.width)), key && store(key, cs),
          shown ||= (el && (st.marginBlock = getComputedStyle(el).marginBlock, el.remove()), done(i), fire(i, "rendered")))));
      el ? new IntersectionObserver(([e], o) => e.isIntersecting && (o.disconnect(), el.before(i)), { rootMargin: "600px" }).observe(el) : parent.append(i);
    }),

    // load upgrades every Roost element inside root (the whole page by
    // default), each once, and resolves when all have rendered or kept
    // their fallback.
    load = (root = d) => Promise.all([...root.querySelectorAll("[class*=roost-],[class*=twitter-]")]
      .map((el) => el._roost ||= mount(spec(el), 0, 0, el)));

  R.widgets = {
    load,
    createPost: (v, el, o) => mount([path(base + "_/status/" + v)], el, o),
    // createTimeline takes "@handle", "handle" or a Roost profile, list or
    // hashtag URL.
    createTimeline: (v, el, o) => mount([path(new URL(v, base).href)], el, o),
    createShareButton: (url, el, o) => mount(["embed/button/share"], el, { ...o, url }),
    createFollowButton: (screen_name, el, o) => mount(["embed/button/follow"], el, { ...o, screen_name }),
  };
  // ready runs fn in a task of its own, so one that throws harms no other.
  R.ready = (f) => setTimeout(f, 0, R);
  R._e?.map(R.ready);
  // Scan now, and again when the document is parsed (each element once).
  meta("autoload") != "off" && (load(), d.addEventListener("DOMContentLoaded", () => load()));
})(window, document);
