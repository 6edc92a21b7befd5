// Reader keyboard shortcuts (progressive enhancement; the pages work without this script):
// j / k move to the next / previous event, "/" goes to search, "?" shows the list of shortcuts.
(() => {
  const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

  const events = () => Array.from(document.querySelectorAll("ol.events article.event"));

  const currentIndex = (list) => {
    const active = document.activeElement;
    const inside = list.findIndex((a) => a.contains(active));
    if (inside >= 0) return inside;
    // Otherwise the first event whose top is below the top of the viewport.
    const below = list.findIndex((a) => a.getBoundingClientRect().top >= 0);
    return below < 0 ? list.length : below - 0.5;
  };

  const focusEvent = (article) => {
    const link = article.querySelector(".event__title a") || article;
    link.focus({ preventScroll: true });
    const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    article.scrollIntoView({ block: "start", behavior: reduce ? "auto" : "smooth" });
  };

  document.addEventListener("keydown", (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    if (e.key === "j" || e.key === "k") {
      const list = events();
      if (list.length === 0) return;
      const at = currentIndex(list);
      const next = e.key === "j" ? Math.floor(at) + 1 : Math.ceil(at) - 1;
      const target = list[Math.max(0, Math.min(list.length - 1, Number.isInteger(at) ? next : (e.key === "j" ? Math.ceil(at) : Math.floor(at))))];
      if (target) { e.preventDefault(); focusEvent(target); }
    } else if (e.key === "/") {
      const search = document.querySelector("input[type=search], input[name=q]");
      if (search) { e.preventDefault(); search.focus(); }
    } else if (e.key === "?") {
      const help = document.getElementById("shortcuts");
      if (help) { e.preventDefault(); help.open = !help.open; if (help.open) help.querySelector("summary").focus(); }
    }
  });
})();
