// frametime.js: follows frame.js in card and timeline documents (not in
// buttons or the share bar, which show no time), in the same inline script.
(() => {
  // Times: the server wrote them in UTC (or the widget's tz) because the
  // document is cached for everyone; here they become the reader's own
  // zone, and in a timeline a post under a day old says how long ago, as
  // X does ("3h"), from the browser's CLDR data in the document's language.
  let doc = document;
  doc.querySelectorAll("time").forEach((t) => {
    let d = new Date(t.dateTime), s = (Date.now() - d) / 1e3, lang = doc.documentElement.lang,
      tl = doc.querySelector(".tl"), f = (o) => d.toLocaleString(lang, o),
      day = f({ year: "numeric", month: "short", day: "numeric" }),
      u = s < 60 ? ["second", 1] : s < 3600 ? ["minute", 60] : ["hour", 3600];
    t.textContent = tl && s >= 0 && s < 86400
      ? (s / u[1] | 0).toLocaleString(lang, { style: "unit", unit: u[0], unitDisplay: "narrow" })
      : tl || t.closest(".mh") ? day : f({ timeStyle: "short" }) + " · " + day;
  });
})();
