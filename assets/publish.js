// publish.js: the one script of Roost's configurator (/publish) and landing
// page (/), allowed by its CSP hash. Both pages work fully without it.
//
//   - It sizes Roost frames from their height messages (the frame protocol:
//     {type: "roost:height", id, height, width}), believed only from that
//     very frame's window on that frame's origin; sizes are clamped.
//   - On /publish it sends the form to the server as it changes and
//     re-applies the JSON answer (message, widget menu, option groups,
//     preview, snippets, deep link): the snippets are built only on the
//     server, so what the page shows and what it copies always agree.
//   - Copy buttons put a snippet on the clipboard.
// It never writes HTML: every value goes through textContent or .value.
// It runs in <head>, so it hears the first height message of every frame;
// the rest waits for the document.
(() => {
  let d = document, $ = (id) => d.getElementById(id), timer, seq = 0, last = "",
    el = (tag, cls) => Object.assign(d.createElement(tag), cls ? { className: cls } : {}),
    clamp = (v, hi) => Math.min(Math.max(Math.ceil(+v) || 0, 1), hi);

  addEventListener("message", (e) => {
    let m = e.data;
    if (!m || m.type != "roost:height") return;
    for (let f of d.querySelectorAll("iframe.frame")) {
      if (f.contentWindow === e.source && new URL(f.src).origin === e.origin && m.height > 0) {
        f.style.height = clamp(m.height, 1e4) + "px";
        if (/\/embed\/button\//.test(f.src) && m.width > 0) f.style.width = clamp(m.width, 1200) + "px";
      }
    }
  });

  d.addEventListener("DOMContentLoaded", () => page(d.getElementById("cfg")));
  let page = (form) => {
  // Copy: the Clipboard API where the page is a secure context, else the
  // text is selected for the reader to copy.
  d.addEventListener("click", (e) => {
    let b = e.target.closest("button.copy"), t = b && $(b.dataset.copy), say = (s) => {
      b.textContent = s;
      setTimeout(() => (b.textContent = "Copy"), 2000);
    };
    if (!t) return;
    t.select();
    (navigator.clipboard ? navigator.clipboard.writeText(t.value) : Promise.reject())
      .then(() => say("Copied"), () => say(d.execCommand("copy") ? "Copied" : "Press Ctrl+C"));
  });
  for (let b of d.querySelectorAll("button.copy")) b.hidden = false;
  if (!form) return;

  let status = $("pv-status"), f0 = $("preview");
  if (f0) f0.dataset.src = f0.getAttribute("src").split("#")[0];

  let snippet = (s) => {
    let box = el("div", "snip"), l = el("label"), n = el("p", "help"), t = el("textarea", "codebox"), b = el("button", "copy");
    box.dataset.snippet = s.id;
    l.htmlFor = t.id = "code-" + s.id;
    n.id = "note-" + s.id;
    t.readOnly = true;
    t.rows = 4;
    t.spellcheck = false;
    t.setAttribute("aria-describedby", n.id);
    b.type = "button";
    b.dataset.copy = t.id;
    b.textContent = "Copy";
    box.append(l, n, t, b);
    return box;
  };

  let preview = (j) => {
    let f = $("preview"), p = j.embed && j.embed.preview;
    if (!p) {
      if (f) f.remove();
      status.textContent = j.message || "Paste a URL to see a preview.";
      return;
    }
    if (!f) d.querySelector(".stage").append(f = Object.assign(el("iframe", "frame"), { id: "preview" }));
    if (f.dataset.src == p.src) return;
    f.dataset.src = p.src;
    f.style.height = f.style.width = "";
    Object.assign(f, { width: p.width, height: p.height, title: "Preview: " + p.title });
    f.src = p.src + "#id=1";
    status.textContent = "Updating the preview…";
    f.onload = () => (status.textContent = "Showing: " + p.title);
  };

  let snippets = (j) => {
    let sec = d.querySelector("section.code"), list = (j.embed && j.embed.snippets) || [],
      ids = list.map((s) => s.id).join(), have = [...sec.querySelectorAll(".snip")].map((s) => s.dataset.snippet).join();
    if (!list.length) {
      let p = el("p", "help");
      p.textContent = "The code appears here once a URL resolves.";
      return sec.replaceChildren(sec.firstElementChild, p);
    }
    if (ids != have) sec.replaceChildren(sec.firstElementChild, ...list.map(snippet));
    for (let s of list) {
      let box = sec.querySelector('[data-snippet="' + CSS.escape(s.id) + '"]');
      box.querySelector("label").textContent = s.label;
      box.querySelector("p").textContent = s.note;
      box.querySelector("textarea").value = s.code;
    }
  };

  let apply = (j) => {
    let msg = $("msg"), w = $("widget"), toggled = false;
    msg.className = "msg" + (j.state ? " msg-" + j.state : "");
    msg.dataset.state = j.state;
    msg.replaceChildren(...[[j.message, ""], [j.summary, "summary"]].filter((m) => m[0])
      .map(([t, c]) => Object.assign(el("p", c), { textContent: t })));
    for (let o of w.options) o.disabled = !j.available.includes(o.value);
    w.value = j.widget;
    for (let fs of form.querySelectorAll("fieldset[data-widgets]")) {
      let off = !fs.dataset.widgets.split(" ").includes(j.widget);
      if (fs.disabled != off) toggled = true;
      fs.hidden = fs.disabled = off;
    }
    preview(j);
    snippets(j);
    if (j.deepLink) {
      history.replaceState(null, "", j.deepLink);
      let a = $("deeplink");
      if (a) a.href = j.deepLink;
    }
    // Option groups that just appeared were not in the request: ask again.
    if (toggled) update();
  };

  let update = () => {
    let q = new URLSearchParams(new FormData(form)), n;
    q.set("format", "json");
    if ((q += "") == last) return;
    last = q;
    n = ++seq;
    fetch(form.action + "?" + q, { credentials: "omit", headers: { Accept: "application/json" } })
      .then((r) => r.json())
      .then((j) => n == seq && apply(j))
      .catch(() => (status.textContent = "Could not update the preview; press Update preview."));
  };

  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(update, 300);
  });
  form.addEventListener("change", update);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    last = "";
    update();
  });
  };
})();
