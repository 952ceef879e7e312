// sharebar.js: the only script of the share bar (its CSP hash allows it
// and nothing else). It adds what plain links cannot do: Mastodon asks for
// the visitor's server once and remembers it in this browser only
// (localStorage, never sent anywhere), copy puts the URL on the clipboard,
// native opens the Web Share sheet where the browser has one. Without it
// the bar still works: Mastodon links to Roost's chooser page, copy and
// native stay hidden. It sends nothing and loads nothing.
(function () {
  var d = document, KEY = "roost:mastodon-server", store = null;
  try { store = window.localStorage; } catch (e) {}
  var HOST = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
  var bar = d.querySelector(".sb"), form = d.querySelector(".mi");
  var masto = d.querySelector(".s-mastodon"), copy = d.querySelector(".s-copy"), nat = d.querySelector(".s-native");

  function host(v) {
    v = String(v || "").trim().toLowerCase().replace(/^https?:\/\//, "").replace(/[\/?#].*$/, "").replace(/^@?[^@]*@/, "");
    return HOST.test(v) ? v : "";
  }
  function toot(h) {
    window.open("https://" + h + "/share?text=" + encodeURIComponent(masto.getAttribute("data-text")), "_blank", "noopener");
  }
  function ask(on) {
    bar.hidden = on;
    form.hidden = !on;
    (on ? form.elements.instance : masto).focus();
  }
  if (masto && form) {
    masto.addEventListener("click", function (e) {
      var h = host(store && store.getItem(KEY));
      e.preventDefault();
      if (h) toot(h); else ask(true);
    });
    form.addEventListener("submit", function (e) {
      var input = form.elements.instance, h = host(input.value);
      e.preventDefault();
      input.setAttribute("aria-invalid", h ? "false" : "true");
      if (!h) return;
      try { store && store.setItem(KEY, h); } catch (x) {}
      ask(false);
      toot(h);
    });
    form.addEventListener("reset", function () { ask(false); });
  }
  if (copy) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var url = copy.getAttribute("data-url"), label = copy.lastChild, was = label.textContent;
      function done() {
        label.textContent = copy.getAttribute("data-done");
        setTimeout(function () { label.textContent = was; }, 2000);
      }
      function fallback() {
        var t = d.createElement("textarea");
        t.value = url;
        t.setAttribute("readonly", "");
        d.body.appendChild(t);
        t.select();
        try { if (d.execCommand("copy")) done(); } catch (x) {}
        d.body.removeChild(t);
      }
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(url).then(done, fallback);
      else fallback();
    });
  }
  if (nat && navigator.share) {
    nat.hidden = false;
    nat.addEventListener("click", function () {
      navigator.share({ url: nat.getAttribute("data-url") }).catch(function () {});
    });
  }
})();
